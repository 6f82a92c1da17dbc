use super::*;

fn stage(out: &Path) -> Staging {
    Staging::create(OutputLock::take(out).unwrap()).unwrap()
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The names beside `out` other than `out` itself.
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "output")
        .collect();
    names.sort();
    names
}

#[test]
fn refuses_root_content_and_foreign_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    assert!(check_output(root, root).is_err());
    assert!(check_output(root, &root.join("content")).is_err());
    assert!(check_output(root, &root.join("content/out")).is_err());
    assert!(check_output(&root.join("content"), root).is_err());
    let foreign = root.join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("a.txt"), "mine").unwrap();
    assert!(check_output(root, &foreign).is_err());
    assert!(check_output(root, &root.join("output")).is_ok());
}

/// Regression: `--output nx/../content` (a missing folder, then `..`) passed every check, and
/// the swap moved content/ aside and deleted it.
#[test]
fn output_nx_dotdot_content_is_refused_as_content() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let refused = check_output_in(Path::new("."), Path::new("nx/../content"), &root).unwrap_err();
    assert_eq!(refused.code, Code::E0604, "{refused}");
    assert_eq!(refused.arg_value("why"), Some("inside_source"), "{refused}");
    assert_eq!(refused.arg_value("source"), Some("content"), "{refused}");
    assert_eq!(refused.path, Path::new("nx/../content"), "named as written");
    let resolved = root.canonicalize().unwrap().join("content");
    assert!(
        refused
            .to_string()
            .contains(&resolved.display().to_string()),
        "and as resolved: {refused}"
    );
    for (spelled, why) in [
        ("nx/../../site", "root"),
        ("nx/../..", "contains_root"),
        ("./.git/out", "git"),
    ] {
        let refused = check_output_in(Path::new("."), Path::new(spelled), &root).unwrap_err();
        assert_eq!(refused.arg_value("why"), Some(why), "{spelled}: {refused}");
    }
}

#[test]
fn failed_staging_leaves_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let s = stage(&out);
    s.write("a/b/index.html", b"x").unwrap();
    assert_eq!(s.commit().unwrap(), []);
    assert_eq!(std::fs::read(out.join("a/b/index.html")).unwrap(), b"x");
    let s = stage(&out);
    s.write("new.html", b"y").unwrap();
    let staged = s.dir().to_path_buf();
    drop(s);
    assert!(!staged.exists());
    assert!(out.join("a/b/index.html").exists());
    assert!(!out.join("new.html").exists());
    assert_eq!(
        beside(&out),
        Vec::<String>::new(),
        "no lock, no staging left"
    );
}

/// Regression: when the previous output could not be removed after the swap, the build
/// failed and said "the output folder was not changed", although the new output was in.
#[test]
fn a_failed_removal_of_the_old_output_after_the_swap_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let s = stage(&out);
    s.write("old.html", b"old").unwrap();
    assert_eq!(s.commit().unwrap(), []);
    for exchange in [true, false] {
        let s = stage(&out);
        s.write("new.html", b"new").unwrap();
        let refuse = |p: &Path| Err(Diagnostic::new(Code::E0006, p).arg("error", "busy"));
        let warnings = s.commit_with(exchange, refuse).unwrap();
        let [warning] = warnings.as_slice() else {
            panic!("one warning: {warnings:?}")
        };
        assert!(!warning.is_error());
        assert_eq!(warning.code, Code::W0601, "{warning}");
        assert!(
            warning.arg_value("detail").unwrap().contains("busy"),
            "{warning}"
        );
        assert_eq!(std::fs::read(out.join("new.html")).unwrap(), b"new");
        assert!(!out.join("old.html").exists());
    }
    // The next build removes what could not be removed.
    drop(stage(&out));
    assert_eq!(beside(&out), Vec::<String>::new());
}

/// The two-rename swap used where the file system cannot exchange, and the exchange, give the
/// same output and leave nothing beside it.
#[test]
fn the_fallback_swap_and_the_exchange_give_the_same_output() {
    for exchange in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        for round in 0..3 {
            let s = stage(&out);
            s.write("index.html", format!("round {round}").as_bytes())
                .unwrap();
            s.write("same.css", b"kept").unwrap();
            assert_eq!(s.commit_with(exchange, swap::remove).unwrap(), []);
            assert_eq!(
                files(&out),
                [
                    (MARKER.to_owned(), MARKER_TEXT.as_bytes().to_vec()),
                    (
                        "index.html".to_owned(),
                        format!("round {round}").into_bytes()
                    ),
                    ("same.css".to_owned(), b"kept".to_vec()),
                ]
            );
            assert_eq!(beside(&out), Vec::<String>::new());
        }
    }
}

/// Unchanged files are hard links to the previous output's; a file that changed, even to the
/// same length, is written anew, and the previous output keeps its bytes until the swap.
#[cfg(unix)]
#[test]
fn unchanged_files_are_linked_and_changed_ones_written() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let s = stage(&out);
    s.write("same.html", b"same").unwrap();
    s.write("a/changed.html", b"aaaa").unwrap();
    s.commit().unwrap();
    let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let (same, changed) = (ino("same.html"), ino("a/changed.html"));
    let s = stage(&out);
    s.write("same.html", b"same").unwrap();
    s.write("a/changed.html", b"bbbb").unwrap();
    assert_eq!(std::fs::read(out.join("a/changed.html")).unwrap(), b"aaaa");
    s.commit().unwrap();
    assert_eq!(ino("same.html"), same, "linked, not copied");
    assert_ne!(ino("a/changed.html"), changed);
    assert_eq!(std::fs::read(out.join("a/changed.html")).unwrap(), b"bbbb");
}

/// A link in the previous output is never linked into the new one, even with the same bytes.
#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_previous_output_is_not_carried_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let s = stage(&out);
    s.write("page.html", b"text").unwrap();
    s.commit().unwrap();
    std::fs::write(tmp.path().join("elsewhere"), b"text").unwrap();
    std::fs::remove_file(out.join("page.html")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("elsewhere"), out.join("page.html")).unwrap();
    let s = stage(&out);
    s.write("page.html", b"text").unwrap();
    s.commit().unwrap();
    let meta = std::fs::symlink_metadata(out.join("page.html")).unwrap();
    assert!(meta.is_file(), "a regular file, not a link");
}
