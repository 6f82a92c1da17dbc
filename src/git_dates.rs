//! 最終更新日 from git: the date of the last commit that touched each file under content/.
//!
//! Part of the load step. The whole history is read once per build, with one `git log` walk
//! (never one process per page). Outside a git repository, or in a shallow clone whose history
//! is cut, there is nothing trustworthy to read: pages then fall back to their `date`, and the
//! build says so once, as a warning.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::clock;
use crate::error::Diagnostic;
use crate::wareki::Date;

/// Last-commit dates by path relative to the site root (`content/teams/pharma.md`).
#[derive(Debug, Clone, Default)]
pub struct GitDates {
    dates: HashMap<String, Date>,
}

impl GitDates {
    /// The date of the last commit that touched `rel`, if any.
    pub fn get(&self, rel: &str) -> Option<Date> {
        self.dates.get(rel).copied()
    }

    /// How many files have a date.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether no file has a date.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the dates, or explains (as a warning) why there are none.
pub fn load(root: &Path) -> (GitDates, Option<Diagnostic>) {
    let content = root.join("content");
    let warn = |why: &str| {
        Some(Diagnostic::warning(
            &content,
            format!("最終更新日: {why}; pages without `updated:` show their `date` as 最終更新日"),
        ))
    };
    if git(root, &["rev-parse", "--is-inside-work-tree"]).is_none_or(|s| s.trim() != "true") {
        return (
            GitDates::default(),
            warn("not a git repository, so no commit dates"),
        );
    }
    if git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true") {
        return (
            GitDates::default(),
            warn(
                "this is a shallow clone whose history is cut, so commit dates would be wrong (fetch with `git fetch --unshallow`)",
            ),
        );
    }
    let Some(log) = git(
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
    ) else {
        // A repository without commits yet: nothing to read, and nothing wrong either.
        return (GitDates::default(), None);
    };
    (parse_log(&log), None)
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
    GitDates { dates }
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
