//! The preview's terminal: what it prints of a build's diagnostics, as `build` prints them.
//! Part of [`super`].

use std::path::Path;

use crate::diag::{Diagnostics, Lang};

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
