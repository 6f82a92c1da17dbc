//! The load step: the only walk of `content/`. Each file becomes a [`SourceFile`]: a section
//! (`_index.md`), a page (any other `.md`) or an asset (anything else, copied beside its page).
//! A file named like Markdown but not `.md` (`upper.MD`, `notes.markdown`) is an error: it
//! would otherwise be copied raw, front matter and all.
//!
//! Markdown files are read here, in parallel, and normalised (BOM removed, CRLF → LF) so that
//! later steps see one kind of text. Hidden files and editor leftovers are skipped.
//!
//! Names are checked here, for files, folders and the files copied as they are alike (see
//! [`names`]): a name that is not UTF-8 or holds a control character is an error of its own,
//! and two names that a case-insensitive or normalising file system or server takes for one
//! (`Foo.md` and `foo.md`, NFC and NFD, full-width and half-width) are an error naming both.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Diagnostics};

mod names;

pub(crate) use names::{fold_path, how_they_differ};

/// What a file under content/ is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SourceKind {
    /// An `_index.md`: the section of its folder.
    Section,
    /// Any other Markdown file.
    Page,
    /// Any other file: copied to the output as is.
    Asset,
}

/// One file under content/.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Absolute path.
    pub(crate) abs: PathBuf,
    /// Path relative to the site root (`content/teams/pharma.md`), as errors show it.
    pub(crate) rel: PathBuf,
    /// Path relative to content/, with `/` (`teams/pharma.md`), as `@/` links name it.
    pub(crate) content_path: String,
    /// Section, page or asset.
    pub(crate) kind: SourceKind,
    /// The text of a Markdown file; `None` for assets.
    pub(crate) text: Option<String>,
    /// When a Markdown file was last modified, as read with its text (`None` for assets, or
    /// where the system does not say): 最終更新日 may fall back on it (see
    /// [`crate::load::git_dates::GitDates::file_time`]).
    pub(crate) modified: Option<SystemTime>,
}

/// Walks `ROOT/content`, reading every Markdown file.
pub(crate) fn load(root: &Path) -> (Vec<SourceFile>, Diagnostics) {
    let content = root.join("content");
    let mut errors = Diagnostics::new();
    if !content.is_dir() {
        errors.push(Diagnostic::new(Code::E0155, root.join("content")));
        return (Vec::new(), errors);
    }
    let mut found = Vec::new();
    let mut walk = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    while let Some(entry) = walk.next() {
        match entry {
            Ok(e) if e.depth() > 0 && names::bad_name(e.file_name()).is_some() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                errors.extend(names::bad_name_error(rel, e.file_type().is_dir()));
                if e.file_type().is_dir() {
                    // One error for the folder, none for each file in it.
                    walk.skip_current_dir();
                }
            }
            Ok(e) if e.file_type().is_file() => found.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.clone());
                errors.push(Diagnostic::new(Code::E0003, path).arg("error", e));
            }
        }
    }
    errors.extend(names::collisions(root, &content, &found));
    let results: Vec<Result<SourceFile, Diagnostic>> = found
        .into_par_iter()
        .map(|abs| load_file(root, &content, abs))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    (files, errors)
}

/// Reads one file under content/ (absolute path) into a [`SourceFile`].
pub(crate) fn load_file(
    root: &Path,
    content: &Path,
    abs: PathBuf,
) -> Result<SourceFile, Diagnostic> {
    let rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
    let under = abs.strip_prefix(content).unwrap_or(&abs);
    // The walk of the whole folder has checked every name already; a file read alone (by the
    // preview, after a change) is checked here.
    if under.iter().any(|c| names::bad_name(c).is_some()) {
        return Err(names::bad_name_error(&rel, false).expect("a bad name"));
    }
    let content_path = under
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let is_md = abs.extension().is_some_and(|e| e == "md");
    let kind = match (is_md, abs.file_name().and_then(|n| n.to_str())) {
        (true, Some("_index.md")) => SourceKind::Section,
        (true, _) => SourceKind::Page,
        (false, _) => SourceKind::Asset,
    };
    if kind == SourceKind::Asset && is_misnamed_markdown(&content_path) {
        return Err(misnamed_markdown(&rel));
    }
    let (text, modified) = if is_md {
        let (bytes, modified) = crate::fs::read_with_modified(&abs).map_err(|d| Diagnostic {
            path: rel.clone(),
            ..d
        })?;
        let text = crate::fs::utf8(&rel, bytes)?;
        (Some(normalise_text(text)), modified)
    } else {
        (None, None)
    };
    Ok(SourceFile {
        abs,
        rel,
        content_path,
        kind,
        text,
        modified,
    })
}

/// Extensions that say "Markdown" but are not `.md` (lowercase): such a file would otherwise be
/// copied raw, front matter and all.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt"];

/// Whether a file that is not a page (its name does not end in `.md`) is named like Markdown:
/// `upper.MD`, `long.markdown`. Such a file is refused, never copied.
fn is_misnamed_markdown(content_path: &str) -> bool {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && MARKDOWN_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// The error for a misnamed Markdown file.
fn misnamed_markdown(rel: &Path) -> Diagnostic {
    Diagnostic::new(Code::E0156, rel).at(1, Some(1))
}

/// Removes a UTF-8 BOM and turns CRLF (and lone CR) line endings into LF.
pub(crate) fn normalise_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The folders of a site that a build reads, beside site.yaml: the pages and their files, the
/// office's records (`data/accessibility.yaml`), the site's templates and static files, and
/// its themes. The output may not be inside one or hold one, `deploy` refuses uncommitted
/// changes in them, the pre-commit hook checks them, and the preview watches them.
pub(crate) const SOURCE_FOLDERS: [&str; 5] = ["content", "data", "templates", "static", "themes"];

/// Whether any component of a path under content/ is ignored.
pub(crate) fn is_ignored_path(rel: &Path) -> bool {
    rel.components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
}

/// Hidden files, editor swap and backup files.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_bom_and_crlf() {
        assert_eq!(normalise_text("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
    }

    #[test]
    fn markdown_by_another_name_is_recognised() {
        for p in ["teams/upper.MD", "long.markdown", "a/b.Mkd"] {
            assert!(is_misnamed_markdown(p), "{p}");
        }
        for p in ["chart.png", "notes.txt", "md", ".md"] {
            assert!(!is_misnamed_markdown(p), "{p}");
        }
    }

    #[test]
    fn ignores_editor_files() {
        for n in [".git", ".x.md.swp", "a.md~", "#a.md#", ".DS_Store"] {
            assert!(is_ignored(n), "{n}");
        }
        assert!(!is_ignored("a.md"));
    }
}
