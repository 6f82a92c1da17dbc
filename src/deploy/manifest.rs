//! The release manifest: every file of an output with its size and SHA-256, the build record,
//! who deployed what and when, and which pages the release adds, changes and removes.
//!
//! Part of deploying (after the write step). The manifest is computed here from the output
//! folder, uploaded beside the release's public tree (`releases/ID/manifest.json`, never under
//! `site/`), and its file list becomes the `SHA256SUMS` that the server checks with `sha256sum`
//! before the release can go live. The previous release's manifest is what a deploy compares
//! with to say, before uploading, what will change on the public site.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::write::MARKER;

use crate::write::record::{BUILD_RECORD, BuildRecord};

/// One file of a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileEntry {
    /// Its path under the release's `site/` (`teams/pharma/index.html`).
    pub(crate) path: String,
    /// Its size in bytes.
    pub(crate) size: u64,
    /// Its SHA-256, lower-case hex.
    pub(crate) sha256: String,
}

/// A page named in a list of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageRef {
    /// Its URL from the host's root.
    pub(crate) url: String,
    /// Its title.
    pub(crate) title: String,
}

/// What a release changes on the public site, page by page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// 新規: pages that were not published before.
    pub(crate) added: Vec<PageRef>,
    /// 更新: pages whose HTML differs.
    pub(crate) changed: Vec<PageRef>,
    /// 削除: pages that are no longer published.
    pub(crate) removed: Vec<PageRef>,
    /// Files (pages included) that are new or differ.
    pub(crate) files_differing: usize,
    /// Files that are no longer published.
    pub(crate) files_removed: usize,
    /// Files in all.
    pub files_total: usize,
}

/// The record of one release, stored as `releases/ID/manifest.json` on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The manifest's format (1).
    pub(crate) format: u32,
    /// The release id (`20261202T101500.123Z-0123abc`).
    pub(crate) release: String,
    /// When the release was made (UTC, by the server's clock).
    pub(crate) time: String,
    /// The site.yaml target it was published to.
    pub(crate) target: String,
    /// Who deployed it (`login@machine`).
    pub(crate) user: String,
    /// The office-site that deployed it.
    pub(crate) deployed_by: String,
    /// Published with `--allow-dirty` (uncommitted sources or no git).
    pub(crate) allow_dirty: bool,
    /// How the output was built (drafts, base_url, commit, pages).
    pub(crate) build: BuildRecord,
    /// What changed against the release that was current.
    pub(crate) changes: Changes,
    /// The release it replaced, if any.
    pub(crate) previous: Option<String>,
    /// Every file of `site/`.
    pub(crate) files: Vec<FileEntry>,
}

impl Manifest {
    /// The manifest as one line of JSON (the server's script passes it on line by line).
    pub(crate) fn to_line(&self) -> String {
        serde_json::to_string(self).expect("a manifest is plain data")
    }

    /// The `SHA256SUMS` text the server checks the upload with (`sha256sum -c`).
    pub(crate) fn sha256sums(&self) -> String {
        self.files
            .iter()
            .map(|f| format!("{}  {}\n", f.sha256, f.path))
            .collect()
    }
}

/// Every file of the output folder `output` that is published (all but office-site's own
/// marker and build record), with its size and SHA-256, sorted by path. Hashes are computed in
/// parallel. Symbolic links, special files and names that `sha256sum` would have to escape (a
/// backslash, a control character) are errors, all of them reported.
pub(crate) fn hash_output(output: &Path) -> Result<Vec<FileEntry>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(output).to_path_buf();
                errors.push(Diagnostic::new(Code::E0003, path).arg("error", e));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(output).expect("under the output");
        // `/`-separated whatever the system's separator (a backslash in a Unix name stays, and
        // is refused below).
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == MARKER || rel == BUILD_RECORD {
            continue;
        }
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            errors.push(Diagnostic::new(Code::E0924, entry.path()));
        } else if rel.contains(|c: char| c == '\\' || c.is_control())
            || entry.path().to_str().is_none()
        {
            errors.push(Diagnostic::new(Code::E0925, entry.path()));
        } else {
            paths.push((rel, entry.into_path()));
        }
    }
    let hashed: Vec<Result<FileEntry, Diagnostic>> = paths
        .into_par_iter()
        .map(|(rel, abs)| {
            let bytes = crate::fs::read(&abs)?;
            Ok(FileEntry {
                path: rel,
                size: bytes.len() as u64,
                sha256: hex(&Sha256::digest(&bytes)),
            })
        })
        .collect();
    let mut files = Vec::with_capacity(hashed.len());
    for h in hashed {
        match h {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes`, hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What publishing `record` with `files` changes against the `previous` release (`None`: the
/// first release, or one whose manifest cannot be read: everything is new).
pub(crate) fn changes(
    record: &BuildRecord,
    files: &[FileEntry],
    previous: Option<&Manifest>,
) -> Changes {
    let old_files: BTreeMap<&str, &str> = previous
        .map(|m| {
            m.files
                .iter()
                .map(|f| (f.path.as_str(), f.sha256.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let new_files: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let old_pages: BTreeMap<&str, &crate::write::record::PageRecord> = previous
        .map(|m| m.build.pages.iter().map(|p| (p.url.as_str(), p)).collect())
        .unwrap_or_default();
    let page_ref = |p: &crate::write::record::PageRecord| PageRef {
        url: p.url.clone(),
        title: p.title.clone(),
    };
    let mut c = Changes::default();
    for page in &record.pages {
        match old_pages.get(page.url.as_str()) {
            None => c.added.push(page_ref(page)),
            Some(old) => {
                let before = old_files.get(old.file.as_str());
                if before != new_files.get(page.file.as_str()) {
                    c.changed.push(page_ref(page));
                }
            }
        }
    }
    let new_urls: std::collections::BTreeSet<&str> =
        record.pages.iter().map(|p| p.url.as_str()).collect();
    for (url, page) in &old_pages {
        if !new_urls.contains(url) {
            c.removed.push(page_ref(page));
        }
    }
    for list in [&mut c.added, &mut c.changed, &mut c.removed] {
        list.sort_by(|a, b| a.url.cmp(&b.url));
    }
    c.files_differing = files
        .iter()
        .filter(|f| old_files.get(f.path.as_str()) != Some(&f.sha256.as_str()))
        .count();
    c.files_removed = old_files
        .keys()
        .filter(|p| !new_files.contains_key(*p))
        .count();
    c.files_total = files.len();
    c
}

impl Changes {
    /// The changes as the editor reads them: 新規, 更新 and 削除 pages by title and URL, then
    /// the count of files.
    pub(crate) fn describe(&self) -> String {
        let mut out = String::new();
        for (word, pages) in [
            ("新規", &self.added),
            ("更新", &self.changed),
            ("削除", &self.removed),
        ] {
            for p in pages {
                out.push_str(&format!("  {word}  {}  {}\n", p.title, p.url));
            }
        }
        out.push_str(&format!(
            "{} pages: {} 新規 (added), {} 更新 (changed), {} 削除 (removed); {} of {} files new or changed, {} removed\n",
            self.added.len() + self.changed.len() + self.removed.len(),
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.files_differing,
            self.files_total,
            self.files_removed,
        ));
        out
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the test sets up and reads its files on disk directly
mod tests {
    use super::*;
    use crate::write::record::PageRecord;

    fn record(pages: &[(&str, &str)]) -> BuildRecord {
        BuildRecord {
            format: 1,
            generator: "office-site test".into(),
            drafts: false,
            base_url: "https://x/".into(),
            git: None,
            pages: pages
                .iter()
                .map(|(url, title)| PageRecord {
                    url: format!("/{url}"),
                    title: (*title).into(),
                    file: format!("{url}index.html"),
                })
                .collect(),
        }
    }

    fn file(path: &str, content: &str) -> FileEntry {
        FileEntry {
            path: path.into(),
            size: content.len() as u64,
            sha256: sha256_hex(content.as_bytes()),
        }
    }

    #[test]
    fn pages_are_added_changed_and_removed_by_url() {
        let old_record = record(&[("", "ホーム"), ("a/", "旧A"), ("gone/", "消える")]);
        let old_files = vec![
            file("index.html", "home"),
            file("a/index.html", "a1"),
            file("gone/index.html", "g"),
            file("css/site.css", "css"),
        ];
        let previous = Manifest {
            format: 1,
            release: "r1".into(),
            time: String::new(),
            target: "t".into(),
            user: "u".into(),
            deployed_by: "office-site".into(),
            allow_dirty: false,
            build: old_record,
            changes: Changes::default(),
            previous: None,
            files: old_files,
        };
        let new_record = record(&[("", "ホーム"), ("a/", "新A"), ("new/", "新しい")]);
        let new_files = vec![
            file("index.html", "home"),
            file("a/index.html", "a2"),
            file("new/index.html", "n"),
            file("css/site.css", "css"),
        ];
        let c = changes(&new_record, &new_files, Some(&previous));
        let urls = |v: &[PageRef]| v.iter().map(|p| p.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(&c.added), ["/new/"]);
        assert_eq!(urls(&c.changed), ["/a/"]);
        assert_eq!(c.changed[0].title, "新A");
        assert_eq!(urls(&c.removed), ["/gone/"]);
        assert_eq!(c.removed[0].title, "消える");
        assert_eq!(
            (c.files_differing, c.files_removed, c.files_total),
            (2, 1, 4)
        );
        let text = c.describe();
        assert!(text.contains("新規  新しい  /new/"), "{text}");
        assert!(text.contains("削除  消える  /gone/"), "{text}");

        let first = changes(&new_record, &new_files, None);
        assert_eq!(first.added.len(), 3);
        assert_eq!(first.files_differing, 4);
    }

    #[test]
    fn the_output_is_hashed_without_office_sites_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("チーム/a b")).unwrap();
        std::fs::write(out.join("チーム/a b/index.html"), "abc").unwrap();
        std::fs::write(out.join(MARKER), "m").unwrap();
        std::fs::write(out.join(BUILD_RECORD), "{}").unwrap();
        let files = hash_output(out).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "チーム/a b/index.html");
        assert_eq!(files[0].size, 3);
        assert_eq!(
            files[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_sha256sum_would_escape_are_refused() {
        for name in [
            "a\\b.txt",
            "line\nbreak.txt",
            "tab\there.txt",
            "bell\u{7}.txt",
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(name), "x").unwrap();
            std::fs::write(dir.path().join("ok.txt"), "x").unwrap();
            let e = hash_output(dir.path()).unwrap_err().sorted();
            assert_eq!(e.len(), 1, "{name:?}");
            assert_eq!(e[0].code, Code::E0925, "{name:?}: {}", e[0]);
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_output_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("b.txt")).unwrap();
        let e = hash_output(dir.path()).unwrap_err().sorted();
        assert_eq!(e[0].code, Code::E0924, "{}", e[0]);
    }
}
