//! The names of files and folders under content/: each must be text, and no two may be taken
//! for one.
//!
//! Part of the load step ([`super`]). A name becomes a URL, a path in sitemap.xml and a file on
//! the server. One that is not UTF-8 could only be published by guessing (it used to be
//! replaced by U+FFFD, so two such names silently became one), and one with a control
//! character drives the terminal that shows it: both are errors, the name shown with its bytes
//! escaped. Two names that differ only in case (`Foo.md`, `foo.md`), in Unicode normalisation
//! (NFC `が`, NFD `か`+`゙`) or in width and compatibility forms (`ｶﾞ`, `ガ`; `Ａ`, `A`) are
//! two URLs that look the same, and one file on a case-insensitive or normalising file system
//! or server (macOS, Windows, IIS): an error naming both. Folders are compared too, and so are
//! the files copied as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Code, Diagnostic, Diagnostics, display_path};

/// What is wrong with a name on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadName {
    /// Not valid UTF-8.
    NotUtf8,
    /// Holds a control character (or a line separator or a bidirectional control).
    Control(char),
}

/// What is wrong with one file or folder name, if anything.
pub(super) fn bad_name(name: &OsStr) -> Option<BadName> {
    let Some(name) = name.to_str() else {
        return Some(BadName::NotUtf8);
    };
    name.chars()
        .find(|&c| crate::diag::terminal::is_unsafe_for_terminal(c))
        .map(BadName::Control)
}

/// The error for the first bad name along `rel` (a path from the site root), if any.
pub(super) fn bad_name_error(rel: &Path, is_dir: bool) -> Option<Diagnostic> {
    let (n, bad) = rel
        .components()
        .enumerate()
        .find_map(|(n, c)| Some((n, bad_name(c.as_os_str())?)))?;
    let last = n + 1 == rel.components().count();
    let what = if last && !is_dir { "file" } else { "folder" };
    let path: PathBuf = rel.components().take(n + 1).collect();
    Some(match bad {
        BadName::NotUtf8 => Diagnostic::new(Code::E0157, &path).arg("what", what),
        BadName::Control(c) => Diagnostic::new(Code::E0158, &path)
            .arg("what", what)
            .arg("char", crate::load::yaml::control::describe(c)),
    })
}

/// Each `/`-separated name of `path`, folded with [`fold`].
pub(crate) fn fold_path(path: &str) -> Vec<String> {
    path.split('/').map(fold).collect()
}

/// A name as a case-insensitive, normalising file system or server may take it: NFKC
/// (compatibility and width forms folded, NFC and NFD made one) and lower case.
pub(crate) fn fold(name: &str) -> String {
    let lower = name.nfkc().collect::<String>().to_lowercase();
    lower.nfkc().collect()
}

/// How two different names that fold alike differ: a key of the catalogue's `differ` phrases.
pub(crate) fn how_they_differ(a: &str, b: &str) -> &'static str {
    if a.nfc().eq(b.nfc()) {
        "normalisation"
    } else if a.to_lowercase() == b.to_lowercase() {
        "case"
    } else {
        "forms"
    }
}

/// An error for every two files or folders under `content` (among `files`, absolute paths)
/// whose names fold alike in one folder, naming both, on the second.
pub(super) fn collisions(root: &Path, content: &Path, files: &[PathBuf]) -> Diagnostics {
    // Folded path under content/ → the path as written, for every file and every folder.
    let mut seen: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut pairs: BTreeSet<(Vec<String>, Vec<String>)> = BTreeSet::new();
    for file in files {
        let Ok(under) = file.strip_prefix(content) else {
            continue;
        };
        let parts: Vec<String> = under
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => n.to_str().map(str::to_owned),
                _ => None,
            })
            .collect();
        for n in 1..=parts.len() {
            let written = parts[..n].to_vec();
            let folded: Vec<String> = written.iter().map(|p| fold(p)).collect();
            match seen.get(&folded) {
                Some(first) if *first != written => {
                    pairs.insert((first.clone(), written));
                    // Below two colliding folders, every file would collide too: one error.
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert(folded, written);
                }
            }
        }
    }
    let content_rel = content.strip_prefix(root).unwrap_or(content);
    pairs
        .into_iter()
        .map(|(first, second)| {
            let path = |parts: &[String]| content_rel.join(parts.join("/"));
            let is_folder = files.iter().all(|f| {
                f.strip_prefix(content)
                    .map_or(true, |u| u != Path::new(&second.join("/")))
            });
            let what = if is_folder { "folders" } else { "files" };
            let (a, b) = (
                first.last().expect("a name"),
                second.last().expect("a name"),
            );
            Diagnostic::new(Code::E0159, path(&second))
                .arg("what", what)
                .arg("first", display_path(&path(&first)))
                .arg("second", display_path(&path(&second)))
                .arg("how", how_they_differ(a, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_across_case_normalisation_and_width() {
        let nfd = "か\u{3099}";
        assert_eq!(fold(nfd), fold("が"));
        assert_eq!(fold("ｶﾞ"), fold("ガ"));
        assert_eq!(fold("Foo.md"), fold("foo.md"));
        assert_eq!(fold("Ａ.md"), fold("a.md"));
        assert_ne!(fold("か"), fold("が"));
        assert_eq!(how_they_differ(nfd, "が"), "normalisation");
        assert_eq!(how_they_differ("Foo", "foo"), "case");
        assert_eq!(how_they_differ("ｶﾞ", "ガ"), "forms");
    }

    #[test]
    fn colliding_files_and_folders_are_each_one_error() {
        let root = Path::new("/s");
        let content = root.join("content");
        let files: Vec<PathBuf> = [
            "Teams/a.md",
            "teams/b.md",
            "teams/c.md",
            "x/Foo.md",
            "x/foo.md",
            "y.md",
        ]
        .iter()
        .map(|p| content.join(p))
        .collect();
        let errors: Vec<String> = collisions(root, &content, &files)
            .into_iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0].contains("folders content/Teams and content/teams"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("files content/x/Foo.md and content/x/foo.md"),
            "{}",
            errors[1]
        );
    }
}
