//! office-site: a strict static site generator for the public pages of a Japanese government
//! office.
//!
//! The pipeline runs in one direction, each step handing a plain value to the next:
//!
//! 1. **load**: [`config::load`] reads site.yaml, [`theme::load`] the templates and static
//!    files, [`source::load`] every file under content/;
//! 2. **parse**: [`page::parse_file`] splits and validates front matter;
//! 3. **publish**: [`publish::select`] works out every page's URL ([`page::urls`]) and decides
//!    which pages are published: classification (only 機密性1), drafts, and the gate's checks
//!    of the text; [`page::place_assets`] puts the files of content/ beside their pages;
//! 4. **link**: [`site::Site::assemble`] renders Markdown with links resolved, checks links and
//!    anchors, and builds sections, relations and backlinks;
//! 5. **render**: [`render::render`] runs the templates, in memory, into a [`write::Sink`];
//! 6. **write**: [`write::Staging`] is swapped in as the output only if nothing failed.
//!
//! Every step collects [`diag::Diagnostic`]s instead of stopping at the first; [`build`] fails
//! once, with all of them.

pub mod a11y;
pub mod dates;
pub mod deploy;
pub mod diag;
pub(crate) mod fs;
pub mod gate;
pub mod link;
pub mod load;
pub mod model;
pub mod new_page;
pub mod parse;
pub mod pipeline;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub(crate) mod text;
pub mod write;

pub use pipeline::{BuildOptions, BuildSummary, FinalScan, build, check};
