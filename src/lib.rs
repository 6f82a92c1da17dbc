//! office-site: a strict static site generator for the public pages of a Japanese government
//! office.
//!
//! This is the library's whole public face: [`build`], [`check`], [`new_page()`], [`serve()`] and
//! the [`deploy`] commands, their options and [`summary`], and the [`Diagnostics`] they report
//! ([`Diagnostic`]: a file, a place, a [`Severity`], a stable [`Code`] and the message). Everything
//! else is the crate's own.
//!
//! The pipeline runs in one direction, each step a folder handing a plain value to the next,
//! driven by one driver (`pipeline`, used by build, check and serve alike):
//!
//! ```text
//! load → parse → gate → link → render → write
//! ```
//!
//! `load` reads site.yaml, the theme and content/; `parse` validates front matter and works out
//! URLs; `gate` decides what may be published (classification, drafts, the text rules) and
//! holds every published byte to its last barrier; `link` renders Markdown and checks links,
//! relations and sections into a `Site`; `render` runs the templates, feeds and search index;
//! `write` stages the files and swaps them in atomically. `model` holds the values passed
//! between steps; `diag`, `fs`, `text` and `dates` are helpers every step may use; `a11y`,
//! `serve`, `deploy` and `new_page` sit on top. `docs/ARCHITECTURE.md` tells it in full, and
//! `tests/module_graph.rs` keeps the imports going one way.
//!
//! Every step collects diagnostics instead of stopping at the first; [`build`] fails once, with
//! all of them, and leaves the previous output as it was.

mod a11y;
mod dates;
pub mod deploy;
mod diag;
mod fs;
mod gate;
mod link;
mod load;
mod model;
mod new_page;
mod parse;
mod pipeline;
mod render;
#[cfg(feature = "serve")]
mod serve;
mod text;
mod timings;
mod write;

use std::path::{Path, PathBuf};

pub use diag::{Code, Diagnostic, Diagnostics, Lang, Severity};
pub use pipeline::{BuildOptions, FinalScan, build, check};
#[cfg(feature = "serve")]
pub use serve::{ServeOptions, serve};

/// What a successful [`build`] or [`check`] reports: pages and files written, the last
/// barrier's scan, the attachments opened, and each stage's time (`build --timings`).
pub mod summary {
    pub use crate::gate::ScanStats;
    pub use crate::load::attachments::AttachmentStats;
    pub use crate::pipeline::{BuildSummary, StageTiming};
}

/// Writes `content/SECTION/SLUG.md` under `root` (`spec` is `SECTION/SLUG`; `SECTION/_index`
/// creates a section) with front matter ready to fill, dated `date` when it is given (as a
/// page's `date:` is written: ISO, Western or 和暦), else today in Japan. Returns the file
/// written and notes for the author (a page dated today in a section of old pages).
pub fn new_page(
    root: &Path,
    spec: &str,
    date: Option<&str>,
) -> Result<(PathBuf, Diagnostics), Diagnostics> {
    let today = dates::clock::today_in_japan();
    match new_page::new_page(root, spec, date, today) {
        Ok(created) => {
            let notes: Diagnostics = created.notes.into_iter().collect();
            Ok((created.path, notes.relative_to(root)))
        }
        Err(d) => Err(Diagnostics::from(d).relative_to(root)),
    }
}

impl Diagnostics {
    /// Writes every diagnostic for a person, in English, as the command line prints them:
    /// sorted, each finding once, with the source line it points at (files read relative to `root`), a
    /// bounded number per file.
    pub fn report(self, root: &Path, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        diag::write_report(self, &|path| fs::read_to_string(&root.join(path)).ok(), out)
    }

    /// [`Diagnostics::report`] in `lang` (the command line's: Japanese unless asked otherwise).
    pub fn report_in(
        self,
        root: &Path,
        lang: Lang,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let read = |path: &Path| fs::read_to_string(&root.join(path)).ok();
        diag::write_report_in(lang, self, &read, out)
    }
}

/// A path as the terminal shows it: `/`-separated, control characters escaped, bytes that are
/// not UTF-8 as `\xFF`.
pub fn show_path(path: &Path) -> String {
    diag::terminal::show_path(path)
}

/// What the integration tests read of the search index (not part of the API).
#[doc(hidden)]
#[cfg(feature = "search")]
pub mod testing {
    pub use crate::render::search::{read_shard, tokens};
}
