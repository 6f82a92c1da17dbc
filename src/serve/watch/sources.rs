//! What the preview's watcher watches, and what each changed path means.
//!
//! Part of [`super`]. Only the sources are watched: the site folder itself without its
//! subfolders (for `site.yaml`, and for a source folder created, deleted or moved after the
//! start), `content/`, `data/`, `templates/`, `static/` and the theme's folder with theirs, `themes/`
//! without them (a theme folder created later), and, in a git repository, the few places a
//! commit writes: the git folder without its subfolders (`HEAD` of a detached head,
//! `packed-refs`) and `refs/heads/` (the branch a commit moves). `output/`, `target/`, the
//! rest of `.git` and anything else in the site folder are never watched, so a large output
//! costs no watch at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use notify::RecursiveMode;

use crate::load::source::is_ignored;
use crate::pipeline::Change;

/// The folders of a repository that say which commit the site is at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct GitDirs {
    /// This checkout's git folder (`.git`, or `.git/worktrees/NAME` for a linked worktree):
    /// it holds `HEAD`.
    pub(super) git_dir: PathBuf,
    /// The folder shared by every worktree: it holds `refs/` and `packed-refs`.
    pub(super) common_dir: PathBuf,
}

impl GitDirs {
    /// The repository `root` is in, if any (and if git is installed): asked of git itself,
    /// so that a site in a subfolder of its repository, a linked worktree or a `.git` file
    /// are found as git finds them.
    pub(super) fn find(root: &Path) -> Option<GitDirs> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "rev-parse",
                "--path-format=absolute",
                "--git-dir",
                "--git-common-dir",
            ])
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8(out.stdout).ok()?;
        let mut lines = text.lines();
        let git_dir = PathBuf::from(lines.next()?);
        let common_dir = PathBuf::from(lines.next()?);
        Some(GitDirs {
            git_dir,
            common_dir,
        })
    }

    /// Whether a change of `path` may move HEAD to another commit: `HEAD` itself, the packed
    /// refs, or a branch (lock files aside: git renames them over the ref when done), or the
    /// repository itself.
    fn moves_head(&self, path: &Path) -> bool {
        // The folders themselves: the repository was deleted, moved or made again.
        if path == self.git_dir || path == self.common_dir {
            return true;
        }
        if path == self.git_dir.join("HEAD") || path == self.common_dir.join("packed-refs") {
            return true;
        }
        path.strip_prefix(self.common_dir.join("refs").join("heads"))
            .is_ok_and(|rest| {
                rest.file_name()
                    .is_some_and(|n| !n.to_string_lossy().ends_with(".lock"))
            })
    }
}

/// A site's source folders, as the watcher sees them.
#[derive(Debug, Clone)]
pub(super) struct Sources {
    /// The site folder (absolute).
    pub(super) root: PathBuf,
    /// site.yaml's `theme`.
    pub(super) theme: String,
    /// Where its repository keeps HEAD, if it is in one.
    pub(super) git: Option<GitDirs>,
}

/// The source folders directly in the site folder, watched with everything below them
/// (`themes/` is watched apart: only the theme site.yaml names).
const SOURCE_FOLDERS: [&str; 4] = ["content", "data", "templates", "static"];

impl Sources {
    /// The sources of the site at `root` whose theme is `theme`.
    pub(super) fn new(root: &Path, theme: &str) -> Sources {
        Sources {
            root: root.to_path_buf(),
            theme: theme.to_owned(),
            git: GitDirs::find(root),
        }
    }

    fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// Every folder to watch and how, whether or not it exists yet (the watcher watches those
    /// that do, and the site folder tells it when another appears).
    pub(super) fn folders(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out = vec![
            (self.root.clone(), RecursiveMode::NonRecursive),
            (self.root.join("themes"), RecursiveMode::NonRecursive),
            (self.theme_dir(), RecursiveMode::Recursive),
        ];
        for name in SOURCE_FOLDERS {
            out.push((self.root.join(name), RecursiveMode::Recursive));
        }
        if let Some(git) = &self.git {
            out.push((git.git_dir.clone(), RecursiveMode::NonRecursive));
            if git.common_dir != git.git_dir {
                out.push((git.common_dir.clone(), RecursiveMode::NonRecursive));
            }
            out.push((
                git.common_dir.join("refs").join("heads"),
                RecursiveMode::Recursive,
            ));
        }
        out
    }

    /// Whether `path` is where a repository would appear if the site folder became one
    /// (`git init` after the start).
    pub(super) fn is_new_repository(&self, path: &Path) -> bool {
        self.git.is_none() && path == self.root.join(".git")
    }

    /// Sorts changed paths into kinds; paths that are no source are dropped. A change of
    /// site.yaml reads everything again, so it is the only kind then.
    pub(super) fn classify(&self, paths: &[PathBuf]) -> Vec<Change> {
        let mut config = false;
        let mut templates = false;
        let mut statics = false;
        let mut git = false;
        let mut data = false;
        let mut content: BTreeSet<PathBuf> = BTreeSet::new();
        let theme_dir = Path::new("themes").join(&self.theme);
        for path in paths {
            if self.git.as_ref().is_some_and(|g| g.moves_head(path)) || self.is_new_repository(path)
            {
                git = true;
                continue;
            }
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            let hidden = rel
                .components()
                .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
            if rel == Path::new("site.yaml") {
                config = true;
            } else if hidden {
                continue;
            } else if rel.starts_with("content") {
                content.insert(path.clone());
            } else if rel.starts_with("templates")
                || rel.starts_with(theme_dir.join("templates"))
                // The theme folder itself, or `themes/`, appeared or went: the theme is read
                // again (from the folder, or from the built-in copy).
                || rel == theme_dir
                || rel == Path::new("themes")
            {
                templates = true;
            } else if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
                statics = true;
            } else if rel.starts_with("data") {
                data = true;
            }
        }
        if config {
            return vec![Change::Config];
        }
        let mut out = Vec::new();
        if templates {
            out.push(Change::Templates);
        }
        if statics {
            out.push(Change::Static);
        }
        if !content.is_empty() {
            out.push(Change::Content(content.into_iter().collect()));
        }
        if git {
            out.push(Change::Git);
        }
        if data {
            out.push(Change::Data);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(git: Option<GitDirs>) -> Sources {
        Sources {
            root: PathBuf::from("/site"),
            theme: "default".to_owned(),
            git,
        }
    }

    #[test]
    fn changes_are_sorted_into_kinds() {
        let sources = sources(None);
        let p = |s: &str| sources.root.join(s);
        let changes = sources.classify(&[
            p("content/teams/a.md"),
            p("content/teams/.a.md.swp"),
            p("content/teams/a.md"),
            p("themes/default/templates/page.html"),
            p("static/x.css"),
            p("output/index.html"),
            p(".git/index"),
            p("themes/other/templates/page.html"),
        ]);
        assert_eq!(
            changes,
            vec![
                Change::Templates,
                Change::Static,
                Change::Content(vec![p("content/teams/a.md")])
            ]
        );
        assert_eq!(
            sources.classify(&[p("site.yaml"), p("content/a.md")]),
            vec![Change::Config]
        );
        assert!(
            sources
                .classify(&[p("output/a.html"), p("README.md"), p("target/x")])
                .is_empty()
        );
        // Regression: data/accessibility.yaml was not watched, so the preview's
        // accessibility report went stale.
        assert_eq!(
            sources.classify(&[p("data/accessibility.yaml")]),
            vec![Change::Data]
        );
        assert!(
            sources
                .folders()
                .contains(&(p("data"), RecursiveMode::Recursive))
        );
        // A theme folder that appears replaces the built-in theme.
        assert_eq!(
            sources.classify(&[p("themes/default")]),
            vec![Change::Templates]
        );
    }

    #[test]
    fn only_what_moves_head_is_a_change_of_the_history() {
        let git = GitDirs {
            git_dir: PathBuf::from("/repo/.git/worktrees/site"),
            common_dir: PathBuf::from("/repo/.git"),
        };
        let sources = sources(Some(git));
        for moved in [
            "/repo/.git/worktrees/site/HEAD",
            "/repo/.git/packed-refs",
            "/repo/.git/refs/heads/main",
            "/repo/.git/refs/heads/feature/二〇一一年",
        ] {
            assert_eq!(
                sources.classify(&[PathBuf::from(moved)]),
                vec![Change::Git],
                "{moved}"
            );
        }
        for not in [
            "/repo/.git/HEAD.lock",
            "/repo/.git/refs/heads/main.lock",
            "/repo/.git/index",
            "/repo/.git/index.lock",
            "/repo/.git/worktrees/site/index",
            "/repo/.git/COMMIT_EDITMSG",
            "/repo/.git/refs/remotes/origin/main",
            "/repo/.git/refs/tags/v1",
            "/repo/.git/objects/ab/cdef",
            "/repo/.git/logs/HEAD",
        ] {
            assert!(sources.classify(&[PathBuf::from(not)]).is_empty(), "{not}");
        }
    }

    #[test]
    fn only_source_folders_and_the_places_a_commit_writes_are_watched() {
        let git = GitDirs {
            git_dir: PathBuf::from("/site/.git"),
            common_dir: PathBuf::from("/site/.git"),
        };
        let folders = sources(Some(git)).folders();
        let shown: Vec<(String, bool)> = folders
            .iter()
            .map(|(p, m)| {
                (
                    p.to_string_lossy().into_owned(),
                    *m == RecursiveMode::Recursive,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("/site", false),
                ("/site/themes", false),
                ("/site/themes/default", true),
                ("/site/content", true),
                ("/site/data", true),
                ("/site/templates", true),
                ("/site/static", true),
                ("/site/.git", false),
                ("/site/.git/refs/heads", true),
            ]
            .map(|(p, r)| (p.to_owned(), r))
        );
    }

    #[test]
    fn git_init_after_the_start_is_a_change_of_the_history() {
        let sources = sources(None);
        assert_eq!(
            sources.classify(&[sources.root.join(".git")]),
            vec![Change::Git]
        );
    }
}
