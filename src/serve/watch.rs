//! The preview server's file watcher: events from the operating system for the site's source
//! folders only ([`sources`]), grouped so that one editor's save gives one rebuild (the folder
//! must stay quiet a moment), and sorted into kinds of [`Change`] so that a change rebuilds
//! only what it must.
//!
//! Every path an event names is passed on, the old and the new name of a rename alike:
//! notify-debouncer-full, which merges a path's events, loses the old name of a file saved
//! and then renamed within its window (it takes the save for a creation), and the preview kept
//! the page that had gone (see `a_page_saved_then_renamed_at_once_is_named_at_both_paths`).
//!
//! Nothing is dropped silently. When the system's event queue overflows (a rescan) or the
//! watcher reports an error, events may have been lost: the batch becomes
//! [`Change::Unknown`] (everything is read again, as on a restart), every folder is watched
//! anew, and the terminal says so (W0820, W0821; a folder that cannot be watched, W0822). A
//! source folder created, deleted, moved or made again after the start is watched (or let go)
//! before the rebuild that its change causes reads it, so a file saved into it meanwhile is
//! read by that rebuild or reported by the watch.

mod sources;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, Watcher};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::pipeline::Change;
use sources::{GitDirs, Sources};

/// What the watcher reports: an event, or an error.
pub(super) type Report = notify::Result<notify::Event>;

/// How long the folder must stay quiet before a rebuild starts. Editors write a file in a few
/// milliseconds (write, rename, chmod); this is short enough not to be felt.
pub(super) const QUIET: Duration = Duration::from_millis(25);
/// A rebuild starts at the latest this long after the first event, even if events keep coming.
pub(super) const MAX_WAIT: Duration = Duration::from_millis(400);

/// A running watcher of a site's sources.
pub(super) struct SiteWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<Report>,
    sources: Sources,
    /// The folders being watched now.
    watched: Vec<PathBuf>,
    /// The language of its warnings.
    pub(super) lang: crate::diag::Lang,
}

impl std::fmt::Debug for SiteWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteWatcher")
            .field("sources", &self.sources)
            .field("watched", &self.watched)
            .finish()
    }
}

/// What the events of one batch say.
#[derive(Debug, Default)]
pub(super) struct Batch {
    /// Every path an event named.
    paths: Vec<PathBuf>,
    /// Why events may have been lost (a rescan, a watcher error), if they may have been.
    lost: Vec<Lost>,
}

/// Why the watcher may have lost events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Lost {
    /// The system's queue of file events overflowed (a rescan).
    Overflow,
    /// The watcher failed, with its words.
    Error(String),
}

impl Lost {
    /// The warning that says so, on the site folder `root`.
    fn diagnostic(&self, root: &Path) -> Diagnostic {
        match self {
            Lost::Overflow => Diagnostic::new(Code::W0820, root),
            Lost::Error(e) => Diagnostic::new(Code::W0821, root).arg("error", e),
        }
    }
}

impl Batch {
    /// Adds what the watcher reported. A file being read (our own build reads every source)
    /// is no change.
    pub(super) fn add(&mut self, report: Report) {
        match report {
            Ok(event) if event.need_rescan() => self.lost.push(Lost::Overflow),
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
            Ok(event) => self.paths.extend(event.paths),
            Err(e) => self.lost.push(Lost::Error(e.to_string())),
        }
    }

    /// Whether events may have been lost.
    pub(super) fn lost_track(&self) -> bool {
        !self.lost.is_empty()
    }
}

impl SiteWatcher {
    /// Starts watching the sources of the site at `root` (absolute) whose theme is `theme`.
    /// Fails if a source folder that exists cannot be watched (a limit of the system's), with
    /// the folders and why.
    pub(super) fn start(root: &Path, theme: &str) -> Result<SiteWatcher, String> {
        let (tx, rx) = channel();
        SiteWatcher::start_with(root, theme, tx, rx)
    }

    /// [`SiteWatcher::start`], with the channel the watcher reports on given (a test keeps
    /// a sender to report what the system would).
    pub(super) fn start_with(
        root: &Path,
        theme: &str,
        tx: Sender<Report>,
        events: Receiver<Report>,
    ) -> Result<SiteWatcher, String> {
        let watcher = notify::recommended_watcher(move |report| {
            let _ = tx.send(report);
        })
        .map_err(|e| e.to_string())?;
        let mut watcher = SiteWatcher {
            watcher,
            events,
            sources: Sources::new(root, theme),
            watched: Vec::new(),
            lang: crate::diag::Lang::En,
        };
        let failures = watcher.sync(&[]);
        if failures.is_empty() {
            Ok(watcher)
        } else {
            Err(failures
                .iter()
                .map(|(path, e)| format!("{}: {e}", crate::diag::display_path(path)))
                .collect::<Vec<_>>()
                .join("; "))
        }
    }

    /// The folders being watched now.
    #[cfg(test)]
    pub(super) fn watched(&self) -> &[PathBuf] {
        &self.watched
    }

    /// Waits for the next batch of changes, debounced; `None` when `stop` says so or the
    /// watcher ends. Checks `stop` every `poll`.
    pub(super) fn next_batch(
        &mut self,
        poll: Duration,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<Change>> {
        loop {
            let mut batch = Batch::default();
            match self.events.recv_timeout(poll) {
                Ok(report) => batch.add(report),
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
                    Ok(report) => batch.add(report),
                    Err(_) => break,
                }
            }
            let changes = self.take(batch);
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    /// What `batch` means, with the watches brought up to date first: a rebuild that reads a
    /// folder made again after the start must find it watched.
    fn take(&mut self, batch: Batch) -> Vec<Change> {
        if batch.lost_track() {
            let root = self.sources.root.clone();
            let mut said: Diagnostics = batch.lost.iter().map(|l| l.diagnostic(&root)).collect();
            self.sources.git = GitDirs::find(&root);
            // Every folder watched anew: a watch lost with the events is made again.
            let all = self.watched.clone();
            let failures = self.sync(&all);
            said.extend(self.unwatchable(failures));
            super::print_report(&root, self.lang, said);
            return vec![Change::Unknown];
        }
        let changes = self.sources.classify(&batch.paths);
        if changes.contains(&Change::Config) {
            // Follow the theme site.yaml names now, before the rebuild reads it.
            if let Ok(config) = crate::load::config::load(&self.sources.root, None) {
                self.sources.theme = config.theme;
            }
        }
        if changes.contains(&Change::Git) || changes.contains(&Change::Config) {
            self.sources.git = GitDirs::find(&self.sources.root);
        }
        let failures = self.sync(&batch.paths);
        super::print_report(&self.sources.root, self.lang, self.unwatchable(failures));
        changes
    }

    /// The warnings for folders that could not be watched, each named from the site folder.
    fn unwatchable(&self, failures: Vec<(PathBuf, String)>) -> Diagnostics {
        failures
            .into_iter()
            .map(|(path, e)| {
                let path = path
                    .strip_prefix(&self.sources.root)
                    .map_or(path.clone(), Path::to_path_buf);
                Diagnostic::new(Code::W0822, path).arg("error", e)
            })
            .collect()
    }

    /// Brings the watches up to date with the folders to watch: lets go of those no longer
    /// wanted or gone, and of those that `touched` names (created, deleted or moved: a watch
    /// follows the folder it was made on, not its name); then watches each wanted folder that
    /// exists and is not watched. Returns the folders that could not be watched, and why.
    fn sync(&mut self, touched: &[PathBuf]) -> Vec<(PathBuf, String)> {
        let wanted = self.sources.folders();
        let mut kept = Vec::with_capacity(self.watched.len());
        for path in std::mem::take(&mut self.watched) {
            let still = wanted.iter().any(|(p, _)| *p == path);
            if still && path.is_dir() && !touched.contains(&path) {
                kept.push(path);
            } else {
                // The system may have dropped it already (a deleted folder): nothing to undo.
                let _ = self.watcher.unwatch(&path);
            }
        }
        self.watched = kept;
        let mut failures = Vec::new();
        for (path, mode) in wanted {
            if self.watched.contains(&path) || !path.is_dir() {
                continue;
            }
            match self.watcher.watch(&path, mode) {
                Ok(()) => self.watched.push(path),
                Err(e) => failures.push((path, e.to_string())),
            }
        }
        failures
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the tests make and change their folders directly
mod tests;
