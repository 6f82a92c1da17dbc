//! The build record: how an output folder was built, written by `build` into the output as
//! `.office-site-build.json` and read back by `deploy` before anything is published.
//!
//! Part of the write step (the record goes through the same [`Sink`] and atomic swap as the
//! pages); `deploy` is its reader. It says whether the build
//! published drafts, for which base_url, from which commit and whether the site's sources had
//! uncommitted changes, and lists the published pages (URL, title, file) so that a deploy can
//! name what it adds, changes and removes. Nothing in it depends on the time of the build: the
//! same commit builds to the same bytes. It is a dot-file, which the server configs never serve
//! and which deploy does not upload (the release's manifest carries it instead).

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic};
use crate::link::site::Site;
use crate::render::sink::Sink;

/// The record's file name in the output folder.
pub(crate) const BUILD_RECORD: &str = ".office-site-build.json";

/// How an output folder was built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BuildRecord {
    /// The record's format (1).
    pub(crate) format: u32,
    /// `office-site VERSION`.
    pub(crate) generator: String,
    /// Built with `--drafts` (never for publishing).
    pub(crate) drafts: bool,
    /// The base_url the pages were written for.
    pub(crate) base_url: String,
    /// The sources' git state; `None` outside a git repository.
    pub(crate) git: Option<GitState>,
    /// Every published page.
    pub(crate) pages: Vec<PageRecord>,
}

/// One published page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageRecord {
    /// Its URL from the host's root (`/iryou-innovation/teams/pharma/`).
    pub(crate) url: String,
    /// Its title.
    pub(crate) title: String,
    /// Its file under the output root (`teams/pharma/index.html`).
    pub(crate) file: String,
}

/// The commit a site was built from, and what was not committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GitState {
    /// The commit checked out (`None` in a repository with no commit yet).
    pub(crate) commit: Option<String>,
    /// How many source files have uncommitted changes (modified, added, deleted or
    /// untracked). They are not named: a withheld page's file name must not reach the output.
    pub(crate) uncommitted: usize,
}

impl GitState {
    /// Whether anything the build read was not committed.
    pub(crate) fn is_dirty(&self) -> bool {
        self.uncommitted > 0 || self.commit.is_none()
    }

    /// The first 7 characters of the commit (`uncommitted` before the first commit).
    pub(crate) fn short_commit(&self) -> &str {
        self.commit
            .as_deref()
            .map_or("uncommitted", |c| &c[..c.len().min(7)])
    }
}

impl BuildRecord {
    /// The record of a build of `site` (with `--drafts` or not) from the sources at `root`.
    pub(crate) fn of(site: &Site, drafts: bool, root: &Path) -> BuildRecord {
        let base = &site.config.base_url;
        BuildRecord {
            format: 1,
            generator: format!("office-site {}", env!("CARGO_PKG_VERSION")),
            drafts,
            base_url: base.root(),
            git: git_state(root),
            pages: site
                .pages
                .iter()
                .map(|p| PageRecord {
                    url: base.url(&p.url),
                    title: p.front.title.clone(),
                    file: p.output_path(),
                })
                .collect(),
        }
    }

    /// Reads the record of the output folder `output`.
    pub(crate) fn read(output: &Path) -> Result<BuildRecord, Diagnostic> {
        let path = output.join(BUILD_RECORD);
        if !path.is_file() {
            return Err(Diagnostic::new(Code::E0608, &path));
        }
        let text = crate::fs::read_to_string(&path)?;
        serde_json::from_str(&text).map_err(|e| Diagnostic::new(Code::E0609, &path).arg("error", e))
    }
}

/// Writes the record of this build into `sink`.
pub(crate) fn write(
    site: &Site,
    drafts: bool,
    root: &Path,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let record = BuildRecord::of(site, drafts, root);
    let mut json = serde_json::to_string_pretty(&record).expect("a record is plain data");
    json.push('\n');
    sink.write(BUILD_RECORD, json.as_bytes())
}

/// The git state of the site's sources at `root`, from one `git status`; `None` outside a
/// repository or without git.
pub(crate) fn git_state(root: &Path) -> Option<GitState> {
    // --no-optional-locks: never take the index lock a user's own git command may need.
    let out = Command::new("git")
        .args([
            "--no-optional-locks",
            "status",
            "--porcelain=v2",
            "--branch",
        ])
        .args(["--untracked-files=normal", "-z", "--"])
        // The sources, whose changes reach the output: a change elsewhere in the repository
        // (the output, the README, the code) does not make a build dirty.
        .arg("site.yaml")
        .args(crate::load::source::SOURCE_FOLDERS)
        .current_dir(root)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(parse_status(&String::from_utf8_lossy(&out.stdout)))
}

/// Reads `git status --porcelain=v2 --branch -z`.
fn parse_status(text: &str) -> GitState {
    let mut commit = None;
    let mut uncommitted = 0;
    let mut items = text.split('\0').filter(|s| !s.is_empty());
    while let Some(item) = items.next() {
        if let Some(oid) = item.strip_prefix("# branch.oid ") {
            commit = (oid != "(initial)").then(|| oid.to_owned());
        } else if item.starts_with('2') {
            // A rename: its old path follows as an item of its own.
            items.next();
            uncommitted += 1;
        } else if !item.starts_with(['#', '!']) {
            uncommitted += 1;
        }
    }
    GitState {
        commit,
        uncommitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_status_entries_of_every_kind_are_read() {
        let text = "# branch.oid 0123456789abcdef\0# branch.head main\0\
            1 .M N... 100644 100644 100644 aaa bbb content/a b.md\0\
            2 R. N... 100644 100644 100644 aaa bbb R100 content/new.md\0content/old.md\0\
            u UU N... 100644 100644 100644 100644 aaa bbb ccc site.yaml\0\
            ? content/下書き.md\0";
        let s = parse_status(text);
        assert_eq!(s.commit.as_deref(), Some("0123456789abcdef"));
        assert_eq!(s.uncommitted, 4);
        assert!(s.is_dirty());
        assert_eq!(s.short_commit(), "0123456");
    }

    #[test]
    fn a_clean_tree_and_a_repository_without_commits() {
        let clean = parse_status("# branch.oid abc\0# branch.head main\0");
        assert!(!clean.is_dirty());
        let initial = parse_status("# branch.oid (initial)\0# branch.head main\0");
        assert_eq!(initial.commit, None);
        assert!(
            initial.is_dirty(),
            "nothing committed yet: nothing to record"
        );
    }

    /// Regression: data/accessibility.yaml (published as the accessibility report) was no
    /// source: `deploy` published a report of uncommitted findings as a clean release.
    #[test]
    fn uncommitted_data_was_not_a_source() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.go.jp"])
                .args(args)
                .current_dir(dir.path())
                .env_remove("GIT_DIR")
                .env_remove("GIT_WORK_TREE")
                .env_remove("GIT_INDEX_FILE")
                .output()
                .unwrap();
            assert!(ok.status.success(), "{ok:?}");
        };
        git(&["init", "-q"]);
        crate::fs::write(&dir.path().join("site.yaml"), b"title: t\n").unwrap();
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "site"]);
        assert!(!git_state(dir.path()).unwrap().is_dirty());
        for source in crate::load::source::SOURCE_FOLDERS {
            let file = dir.path().join(source).join("x.yaml");
            crate::fs::create_dir_all(file.parent().unwrap()).unwrap();
            crate::fs::write(&file, b"findings: []\n").unwrap();
            assert!(git_state(dir.path()).unwrap().is_dirty(), "{source}");
            crate::fs::remove_file(&file).unwrap();
        }
        // Elsewhere in the site folder is not a source.
        crate::fs::write(&dir.path().join("notes.txt"), b"x").unwrap();
        assert!(!git_state(dir.path()).unwrap().is_dirty());
    }

    #[test]
    fn outside_git_there_is_no_state() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(git_state(dir.path()), None);
    }
}
