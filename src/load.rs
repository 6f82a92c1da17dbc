//! The load step, first in the pipeline: everything read from the site folder before
//! anything is parsed. [`config`] reads site.yaml (with its `deploy:` [`targets`]) through the
//! [`yaml`] reader, which keeps every key's position and refuses what it must not read (control
//! characters, nesting and aliases beyond [`yaml::limits`]); [`source`] is the only walk of
//! content/ (names checked, Markdown read and normalised); [`theme`] reads the templates and
//! static files (or the built-in default theme); [`git_dates`] asks git when each file was last
//! committed; [`languages`] reads site.yaml's `languages:`.
//!
//! Hands the parse step a `Config`, a `Theme`, `Vec<SourceFile>` and `GitDates`; uses only the
//! model and the helpers below the pipeline.

pub(crate) mod accessibility;
pub(crate) mod attachments;
pub(crate) mod config;
pub(crate) mod git_dates;
pub(crate) mod languages;
pub(crate) mod source;
pub(crate) mod targets;
pub(crate) mod theme;
pub(crate) mod yaml;
