//! The preview's terminal: what it prints of a build's diagnostics, as `build` prints them,
//! and of each rebuild. Part of [`super`].

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Generation, Preview};
use crate::diag::catalogue::notice;
use crate::diag::{Diagnostics, Lang};
use crate::pipeline::Change;

/// Prints `diagnostics` (paths relative to `root`, or absolute) on the terminal as `build`
/// does: sorted, each finding once, with its source line, a bounded number per file.
pub(super) fn print_report(root: &Path, lang: Lang, diagnostics: Diagnostics) {
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", report_text(root, lang, diagnostics));
}

/// What [`print_report`] prints.
pub(super) fn report_text(root: &Path, lang: Lang, diagnostics: Diagnostics) -> String {
    let mut out = Vec::new();
    let read = |path: &Path| crate::fs::read_to_string(&root.join(path)).ok();
    let _ = crate::diag::write_report_in(lang, diagnostics, &read, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// What a rebuild was for, in `lang`: the files changed, or the kind of change.
pub(super) fn describe(lang: Lang, root: &Path, changes: &[Change]) -> String {
    let kind =
        |key: &'static str| crate::diag::catalogue::phrase_in(lang, "changed", key).unwrap_or(key);
    changes
        .iter()
        .map(|c| match c {
            Change::Config => kind("config").to_owned(),
            Change::Templates => kind("templates").to_owned(),
            Change::Static => kind("static").to_owned(),
            Change::Git => kind("git").to_owned(),
            Change::Data => kind("data").to_owned(),
            Change::Unknown => kind("unknown").to_owned(),
            Change::Content(paths) => paths
                .iter()
                .map(|p| crate::diag::display_path(p.strip_prefix(root).unwrap_or(p)))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Says how a build went; `None` is a build that stopped on a bug. Errors go to the terminal
/// in full (it is the editor's own), as `build` prints them; so do a good build's warnings,
/// each once until it goes away.
pub(super) fn report(
    preview: &Preview,
    result: Option<Result<Arc<Generation>, Diagnostics>>,
    started: Instant,
    what: &str,
) {
    let ms = started.elapsed().as_millis();
    match result {
        Some(Ok(generation)) => {
            print_report(
                &preview.root,
                preview.lang,
                preview.new_warnings(&generation.warnings),
            );
            let args = [("ms", ms.to_string()), ("what", what.to_owned())];
            println!("{}", notice(preview.lang, "rebuilt", &args));
        }
        Some(Err(_)) | None => {
            eprintln!("{}", preview.error().unwrap_or_default());
            eprintln!(
                "{}",
                notice(preview.lang, "failed", &[("what", what.to_owned())])
            );
        }
    }
}
