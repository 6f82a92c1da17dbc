//! The preview server's file watcher: events from the operating system, debounced (one save
//! from an editor that writes several events gives one rebuild) and sorted into kinds of
//! [`Change`] so that a change rebuilds only what it must.
//!
//! Watches the site folder recursively and ignores what is not a source: the output folder,
//! `.git`, staging folders, hidden files and editor leftovers.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::load::source::is_ignored;
use crate::pipeline::Change;

/// How long the folder must stay quiet before a rebuild starts. Editors write a file in a few
/// milliseconds (write, rename, chmod); this is short enough not to be felt.
pub(super) const QUIET: Duration = Duration::from_millis(25);
/// A rebuild starts at the latest this long after the first event, even if events keep coming.
pub(super) const MAX_WAIT: Duration = Duration::from_millis(400);

/// A running watcher and the raw events it reports.
pub(super) struct SiteWatcher {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    theme: String,
}

impl std::fmt::Debug for SiteWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteWatcher")
            .field("root", &self.root)
            .finish()
    }
}

impl SiteWatcher {
    /// Starts watching `root` (absolute) for a site whose theme is `theme`.
    pub(super) fn start(root: &Path, theme: &str) -> notify::Result<SiteWatcher> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        Ok(SiteWatcher {
            _watcher: watcher,
            events,
            root: root.to_path_buf(),
            theme: theme.to_owned(),
        })
    }

    /// Follows a change of the site's theme (site.yaml's `theme:`), so that edits to the new
    /// theme's templates and static files are seen.
    pub(super) fn set_theme(&mut self, theme: &str) {
        theme.clone_into(&mut self.theme);
    }

    /// Waits for the next batch of changes, debounced; `None` when `stop` says so or the
    /// watcher ends. Checks `stop` every `poll`.
    pub(super) fn next_batch(
        &self,
        poll: Duration,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<Change>> {
        loop {
            let mut paths = Vec::new();
            match self.events.recv_timeout(poll) {
                Ok(event) => collect(event, &mut paths),
                Err(RecvTimeoutError::Timeout) => {
                    if stop() {
                        return None;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            let first = Instant::now();
            while first.elapsed() < MAX_WAIT {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => collect(event, &mut paths),
                    Err(_) => break,
                }
            }
            let changes = classify(&self.root, &self.theme, &paths);
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }
}

fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    if let Ok(event) = event
        && !matches!(event.kind, notify::EventKind::Access(_))
    {
        paths.extend(event.paths);
    }
}

/// Sorts changed paths into kinds. Paths outside the sources are dropped.
pub(super) fn classify(root: &Path, theme: &str, paths: &[PathBuf]) -> Vec<Change> {
    let mut config = false;
    let mut templates = false;
    let mut statics = false;
    let mut content: Vec<PathBuf> = Vec::new();
    let theme_dir = Path::new("themes").join(theme);
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
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
            if !content.contains(path) {
                content.push(path.clone());
            }
        } else if rel.starts_with("templates") || rel.starts_with(theme_dir.join("templates")) {
            templates = true;
        } else if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
            statics = true;
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
        content.sort();
        out.push(Change::Content(content));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_into_kinds() {
        let root = Path::new("/site");
        let p = |s: &str| root.join(s);
        let changes = classify(
            root,
            "default",
            &[
                p("content/teams/a.md"),
                p("content/teams/.a.md.swp"),
                p("content/teams/a.md"),
                p("themes/default/templates/page.html"),
                p("static/x.css"),
                p("output/index.html"),
                p(".git/index"),
                p("themes/other/templates/page.html"),
            ],
        );
        assert_eq!(
            changes,
            vec![
                Change::Templates,
                Change::Static,
                Change::Content(vec![p("content/teams/a.md")])
            ]
        );
        assert_eq!(
            classify(root, "default", &[p("site.yaml"), p("content/a.md")]),
            vec![Change::Config]
        );
        assert!(classify(root, "default", &[p("output/a.html"), p("README.md")]).is_empty());
    }
}
