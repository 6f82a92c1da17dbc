//! The parse step: what the load step read becomes pages. [`front_matter`] splits the `---`
//! block off each Markdown file and reads it key by key into a raw form, then validates it into
//! the model's `FrontMatter`; [`page`] makes a `Page` of each source; [`urls`] gives every page
//! its URL and every file of content/ its output path.
//!
//! Hands the gate `Vec<Page>` (with URLs still to assign) and the `SourceFile`s of content/
//! that are not Markdown; uses the load step, the model and the helpers below the pipeline.

pub(crate) mod front_matter;
pub(crate) mod page;
pub(crate) mod translations;
pub(crate) mod urls;
