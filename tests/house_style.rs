//! The house style's size limits (STYLE.md, habit 8), checked where a module outgrew them.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

use std::path::Path;

/// Every `.rs` file of `src/dates/wareki.rs` and `src/dates/wareki/`, with its line count.
fn wareki_files() -> Vec<(String, usize)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("dates/wareki.rs")];
    for entry in walkdir::WalkDir::new(src.join("dates/wareki")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            files.push(entry.into_path());
        }
    }
    files
        .into_iter()
        .map(|p| {
            let lines = std::fs::read_to_string(&p).unwrap().lines().count();
            (p.display().to_string(), lines)
        })
        .collect()
}

/// Regression: src/wareki.rs had grown to 652 lines and src/wareki/tests.rs to 1097.
#[test]
fn wareki_module_and_its_tests_are_under_600_lines() {
    for (path, lines) in wareki_files() {
        assert!(lines < 600, "{path} has {lines} lines");
    }
}
