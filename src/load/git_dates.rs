//! 最終更新日 from git: the date of the last commit that touched each file under content/.
//!
//! Part of the load step. The whole history is read once per build, with one `git log` walk
//! (never one process per page). Outside a git repository (or without git), or in a shallow
//! clone whose history is cut, there is nothing trustworthy to read: pages then fall back to
//! their `date`, and the build says so once, as a warning.
//!
//! A page with neither a commit nor a `date` takes its file's modification time where that is
//! the honest record of its last change: outside git (or without it), where nothing else
//! records it, and in a full repository for a file not committed yet (it changed after every
//! commit). Not in a shallow clone, whose checkout gave every file the day of the clone.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::dates::clock;
use crate::dates::wareki::Date;
use crate::diag::{Code, Diagnostic};

/// Last-commit dates by path relative to the site root (`content/teams/pharma.md`).
#[derive(Debug, Clone, Default)]
pub(crate) struct GitDates {
    dates: HashMap<String, Date>,
    /// Whether a file without a commit may be dated by its modification time.
    file_times: bool,
}

impl GitDates {
    /// The date of the last commit that touched `rel`, if any.
    pub(crate) fn get(&self, rel: &str) -> Option<Date> {
        self.dates.get(rel).copied()
    }

    /// The day (in Japan) of `modified`, a file's modification time as read with it (see
    /// [`crate::load::source::SourceFile::modified`]), where that may stand in for a commit date
    /// (see the module documentation); `None` elsewhere.
    pub(crate) fn file_time(&self, modified: Option<SystemTime>) -> Option<Date> {
        if !self.file_times {
            return None;
        }
        let secs = modified?.duration_since(UNIX_EPOCH).ok()?.as_secs();
        Some(clock::date_in_japan(i64::try_from(secs).ok()?))
    }
}

fn git(root: &Path, args: &[&str]) -> Result<Option<String>, std::io::Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Reads the dates, or explains (as a warning) why there are none.
pub(crate) fn load(root: &Path) -> (GitDates, Option<Diagnostic>) {
    let content = root.join("content");
    let warn = |code: Code| Some(Diagnostic::new(code, &content));
    // No commit dates at all: every undated page is dated by its file.
    let by_file_time = GitDates {
        dates: HashMap::new(),
        file_times: true,
    };
    let inside = match git(root, &["rev-parse", "--is-inside-work-tree"]) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (by_file_time, warn(Code::W0102));
        }
        Err(e) => {
            return (by_file_time, warn(Code::W0103).map(|d| d.arg("error", e)));
        }
        Ok(out) => out.is_some_and(|s| s.trim() == "true"),
    };
    if !inside {
        return (by_file_time, warn(Code::W0104));
    }
    if git(root, &["rev-parse", "--is-shallow-repository"])
        .ok()
        .flatten()
        .is_some_and(|s| s.trim() == "true")
    {
        return (GitDates::default(), warn(Code::W0105));
    }
    let log = git(
        root,
        &[
            "log",
            "--relative",
            "--no-renames",
            "--format=%x01%cI",
            "--name-only",
            "--",
            "content",
        ],
    );
    // A repository without commits yet: nothing to read, and nothing wrong either.
    let mut dates = log
        .ok()
        .flatten()
        .map(|l| parse_log(&l))
        .unwrap_or_default();
    // A file not committed yet changed after every commit: its time is its last change.
    dates.file_times = true;
    (dates, None)
}

/// Parses `git log --format=%x01%cI --name-only` output: newest commit first, so the first
/// date seen for a file is its last change.
fn parse_log(log: &str) -> GitDates {
    let mut dates = HashMap::new();
    let mut current: Option<Date> = None;
    for line in log.lines() {
        if let Some(stamp) = line.strip_prefix('\u{1}') {
            current = clock::parse_timestamp(stamp).map(clock::date_in_japan);
        } else if !line.is_empty()
            && let Some(date) = current
        {
            dates.entry(line.to_owned()).or_insert(date);
        }
    }
    GitDates {
        dates,
        file_times: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_wins() {
        let log = "\u{1}2012-01-04T10:00:00+09:00\n\ncontent/a.md\n\n\u{1}2011-01-07T10:00:00+09:00\n\ncontent/a.md\ncontent/b.md\n";
        let d = parse_log(log);
        assert_eq!(d.get("content/a.md").unwrap().iso(), "2012-01-04");
        assert_eq!(d.get("content/b.md").unwrap().iso(), "2011-01-07");
        assert!(d.get("content/c.md").is_none());
    }
}
