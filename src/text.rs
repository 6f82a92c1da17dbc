//! Text helpers that every step may use, below the pipeline: the one HTML tag scanner
//! ([`html`]), the text a reader sees in a page's rendered body ([`body`]), the character
//! classes of Japanese text ([`chars`]), escaping ([`escape`]), the name nearest a mistyped one
//! ([`nearest`]), and the line index of YAML text
//! that puts errors found after deserialising at their line ([`yaml_index`]).
//!
//! Pure functions on strings: no file access, no knowledge of pages or of the site.

pub(crate) mod body;
pub(crate) mod chars;
pub(crate) mod escape;
pub(crate) mod html;
pub(crate) mod nearest;
pub(crate) mod yaml_index;
