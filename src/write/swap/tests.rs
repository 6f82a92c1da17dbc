//! Every state a kill can leave beside the output, and what the next build makes of it.

use super::*;

/// A complete output (marker and one page saying `text`) at `dir`.
fn site(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join(MARKER), "m").unwrap();
    std::fs::write(dir.join("sub/index.html"), text).unwrap();
}

fn page(out: &Path) -> Option<String> {
    std::fs::read_to_string(out.join("sub/index.html")).ok()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Regression: a kill between the two renames of the swap left no output, and the next
/// build deleted `.output.old-*`: the published site was gone. It is put back.
#[test]
fn a_kill_between_the_two_renames_keeps_the_published_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    site(&tmp.path().join(".output.old-41"), "published");
    site(
        &tmp.path().join(".output.staging-41"),
        "new, never swapped in",
    );
    let warnings = recover(&out).unwrap();
    assert_eq!(page(&out).as_deref(), Some("published"));
    assert_eq!(warnings[0].code, Code::W0602, "{warnings:?}");
    assert_eq!(names(tmp.path()), ["output"], "the dead staging is removed");
}

/// Several outputs aside (two interrupted swaps): the one staged last is put back.
#[test]
fn the_newest_output_aside_is_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    site(&tmp.path().join(".output.old-7"), "older");
    let older = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(tmp.path().join(".output.old-7").join(MARKER))
        .unwrap()
        .set_modified(older)
        .unwrap();
    site(&tmp.path().join(".output.old-8"), "newer");
    recover(&out).unwrap();
    assert_eq!(page(&out).as_deref(), Some("newer"));
    assert_eq!(names(tmp.path()), ["output"]);
}

/// After the second rename, or after an exchange, the previous output aside is removed only
/// because the output is complete; a half-removed one (marker kept to the last) or an empty
/// one is recognised as ours.
#[test]
fn leftovers_are_removed_once_the_output_is_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    site(&out, "new");
    site(&tmp.path().join(".output.old-3"), "old");
    site(&tmp.path().join(".output.staging-9-2"), "old, exchanged");
    std::fs::create_dir(tmp.path().join(".output.old-4")).unwrap();
    let half = tmp.path().join(".output.staging-5");
    std::fs::create_dir_all(half.join("deep")).unwrap();
    std::fs::write(half.join(MARKER), "m").unwrap();
    assert_eq!(recover(&out).unwrap(), []);
    assert_eq!(page(&out).as_deref(), Some("new"));
    assert_eq!(names(tmp.path()), ["output"]);
}

/// An output aside is never removed while the output is missing or not ours, and folders that
/// only look like leftovers (no marker, not empty, or a name that is not ours) are never
/// touched.
#[test]
fn nothing_is_removed_unless_the_output_is_complete_and_the_folder_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("someone.txt"), "not ours").unwrap();
    site(&tmp.path().join(".output.old-3"), "old");
    recover(&out).unwrap();
    assert!(page(&tmp.path().join(".output.old-3")).is_some());
    std::fs::remove_dir_all(&out).unwrap();
    site(&out, "new");
    for foreign in [
        ".output.old-5",
        ".output.old-x1",
        ".outputx.old-1",
        ".output.lock-1",
    ] {
        std::fs::create_dir_all(tmp.path().join(foreign)).unwrap();
        std::fs::write(tmp.path().join(foreign).join("keep"), "mine").unwrap();
    }
    std::fs::write(tmp.path().join(".output.staging-6"), "a file").unwrap();
    recover(&out).unwrap();
    assert_eq!(
        names(tmp.path()),
        [
            ".output.lock-1",
            ".output.old-5",
            ".output.old-x1",
            ".output.staging-6",
            ".outputx.old-1",
            "output"
        ]
    );
}

/// Every step of the two-rename swap, interrupted after it: recovery gives the old or the new
/// output, complete.
#[test]
fn a_swap_interrupted_after_any_step_recovers_to_a_complete_output() {
    // The states after 0, 1 and 2 of the fallback's renames (and after the exchange).
    for step in 0..3 {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let staging = tmp.path().join(".output.staging-12");
        site(&out, "old");
        site(&staging, "new");
        let aside = free_sibling(&out, "old");
        if step >= 1 {
            std::fs::rename(&out, &aside).unwrap();
        }
        if step >= 2 {
            std::fs::rename(&staging, &out).unwrap();
        }
        recover(&out).unwrap();
        let want = if step == 2 { "new" } else { "old" };
        assert_eq!(page(&out).as_deref(), Some(want), "step {step}");
        assert_eq!(names(tmp.path()), ["output"], "step {step}");
    }
}

/// On Linux the swap is the one-step exchange: the previous output ends up under the staging
/// folder's name, and there is no moment without an output.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn the_swap_is_one_atomic_exchange_on_linux() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let staging = tmp.path().join(".output.staging-12");
    site(&out, "old");
    site(&staging, "new");
    let previous = swap(&staging, &out, true).unwrap();
    assert_eq!(previous.as_deref(), Some(staging.as_path()));
    assert_eq!(page(&out).as_deref(), Some("new"));
    assert_eq!(page(&staging).as_deref(), Some("old"));
}

/// A failed second rename puts the previous output back at once.
#[test]
fn a_failed_second_rename_puts_the_previous_output_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    site(&out, "old");
    let missing = tmp.path().join(".output.staging-1");
    assert!(swap(&missing, &out, false).is_err());
    assert_eq!(page(&out).as_deref(), Some("old"));
    assert_eq!(names(tmp.path()), ["output"]);
}

#[test]
fn leftover_names_are_ours_only_with_a_process_id() {
    assert_eq!(kind_of(".output.staging-12", "output"), Some(Kind::Staging));
    assert_eq!(
        kind_of(".output.staging-12-3", "output"),
        Some(Kind::Staging)
    );
    assert_eq!(kind_of(".output.old-9", "output"), Some(Kind::Old));
    for other in [
        ".output.old-",
        ".output.old--1",
        ".output.old-1a",
        ".output.lock",
        "output.old-1",
        ".out.old-1",
        ".output.staging-1/..",
    ] {
        assert_eq!(kind_of(other, "output"), None, "{other}");
    }
}
