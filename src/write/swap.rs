//! The swap of a finished staging folder with the output, and the recovery of a swap that a
//! kill interrupted.
//!
//! Where the system allows it (Linux `renameat2` with `RENAME_EXCHANGE`) the swap is one atomic
//! step: at every moment the output path holds either the previous site or the new one. Where
//! it does not, the swap is two renames (output → `.NAME.old-PID`, staging → output), and a kill
//! between them leaves no output but a complete previous one aside; the next build, under the
//! lock, puts it back before doing anything else. Leftovers (`.NAME.staging-*`, `.NAME.old-*`)
//! are removed only when the output is present and complete (it carries the marker), and only
//! ours: a folder with the marker, or an empty one (a removal always deletes the marker last).

use std::path::{Path, PathBuf};

use super::MARKER;
use crate::diag::{Code, Diagnostic, catalogue};

/// What a leftover folder beside the output was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Staging,
    Old,
}

#[derive(Debug)]
struct Leftover {
    path: PathBuf,
    kind: Kind,
}

fn exists(path: &Path) -> bool {
    crate::fs::symlink_metadata(path).is_ok()
}

/// A folder (not a link) that carries the marker: an output office-site finished.
pub(crate) fn is_complete(dir: &Path) -> bool {
    crate::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && crate::fs::symlink_metadata(&dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// `.NAME.KIND-` followed by the process id (and `-N` when that name was taken).
fn kind_of(file_name: &str, name: &str) -> Option<Kind> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, suffix) = if let Some(s) = rest.strip_prefix(".staging-") {
        (Kind::Staging, s)
    } else {
        (Kind::Old, rest.strip_prefix(".old-")?)
    };
    let well_formed = suffix.starts_with(|c: char| c.is_ascii_digit())
        && suffix.chars().all(|c| c.is_ascii_digit() || c == '-');
    well_formed.then_some(kind)
}

/// Folders an interrupted build of ours left beside `output`.
fn leftovers(output: &Path) -> Vec<Leftover> {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy();
    let Ok(entries) = crate::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = kind_of(&file_name, &name) else {
            continue;
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let empty = || crate::fs::is_empty_dir(&path);
        if is_dir && (is_complete(&path) || empty()) {
            found.push(Leftover { path, kind });
        }
    }
    found
}

/// The marker's time: the moment that output was staged, so the newest is the last published.
fn staged_at(dir: &Path) -> Option<std::time::SystemTime> {
    crate::fs::metadata(&dir.join(MARKER)).ok()?.modified().ok()
}

/// Puts back an output that an interrupted swap left aside, then removes leftovers once the
/// output is complete. Runs under the lock. Returns warnings for what it put back.
pub(crate) fn recover(output: &Path) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut found = leftovers(output);
    let mut warnings = Vec::new();
    if !exists(output) {
        let newest = found
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == Kind::Old && is_complete(&l.path))
            .max_by_key(|(_, l)| staged_at(&l.path))
            .map(|(i, _)| i);
        if let Some(i) = newest {
            let aside = found.remove(i).path;
            crate::fs::rename(&aside, output)?;
            warnings.push(Diagnostic::new(Code::W0602, output).arg("aside", aside.display()));
        }
    }
    if is_complete(output) {
        for leftover in found {
            // A leftover that cannot be removed now is tried again by the next build.
            let _ = remove(&leftover.path);
        }
    }
    Ok(warnings)
}

/// Removes a folder of ours, its marker last: an interrupted removal stays recognisable.
pub(crate) fn remove(dir: &Path) -> Result<(), Diagnostic> {
    crate::fs::remove_dir_all_last(dir, MARKER)
}

/// A name beside `output` for `kind` that nothing uses yet.
pub(crate) fn free_sibling(output: &Path, kind: &str) -> PathBuf {
    let first = super::sibling(output, kind);
    let mut candidate = first.clone();
    let mut n = 1;
    while exists(&candidate) {
        n += 1;
        let mut name = first.clone().into_os_string();
        name.push(format!("-{n}"));
        candidate = PathBuf::from(name);
    }
    candidate
}

/// Moves the finished `staging` folder in as `output`. Returns where the previous output is
/// now (to be removed), if there was one. `exchange` is false only in tests of the fallback.
pub(crate) fn swap(
    staging: &Path,
    output: &Path,
    exchange: bool,
) -> Result<Option<PathBuf>, Diagnostic> {
    pause("before the swap");
    if !exists(output) {
        crate::fs::rename(staging, output)?;
        return Ok(None);
    }
    if exchange && crate::fs::exchange(staging, output)? {
        // The staging folder's name now holds the previous output.
        pause("after the exchange");
        return Ok(Some(staging.to_path_buf()));
    }
    let aside = free_sibling(output, "old");
    crate::fs::rename(output, &aside)?;
    pause("between the two renames");
    if let Err(e) = crate::fs::rename(staging, output) {
        return Err(match crate::fs::rename(&aside, output) {
            Ok(()) => e,
            Err(_) => e.note(catalogue::phrase_words(
                "note",
                "put_back",
                &[("aside", aside.display().to_string())],
            )),
        });
    }
    pause("after the two renames");
    Ok(Some(aside))
}

/// A test hook compiled into debug builds only: `OFFICE_SITE_TEST_SWAP_PAUSE_MS` makes the swap
/// say where it is (on stderr) and sleep before and between its steps, so that tests which
/// kill a build land inside the swap. It only delays: no step is skipped, reordered or replaced.
fn pause(step: &str) {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("OFFICE_SITE_TEST_SWAP_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("[test hook] swap pause {ms} ms: {step}");
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    #[cfg(not(debug_assertions))]
    let _ = step;
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the test sets up and reads its files on disk directly
mod tests;
