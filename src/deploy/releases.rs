//! The releases on a server as `deploy --list` shows them, and the choice of a release to roll
//! back to.
//!
//! Part of deploying. Reads the server script's `list` reply (the current release, each
//! release's manifest, unfinished uploads) into [`Listing`], and formats it as a table with
//! times in Japan.

use super::manifest::Manifest;
use crate::diag::Code;

/// Why a rollback cannot be done: the catalogue's code and the values its words are made with.
pub(crate) type Refused = (Code, Vec<(&'static str, String)>);

/// One release on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Release {
    /// Its id.
    pub(crate) id: String,
    /// Its manifest (`None` when it is missing or cannot be read).
    pub(crate) manifest: Option<Manifest>,
}

/// What the server holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The release `current` points to.
    pub(crate) current: Option<String>,
    /// Every complete release, oldest first (ids sort in the order of deploys).
    pub(crate) releases: Vec<Release>,
    /// Unfinished uploads (`ID.partial`), which the next deploy removes.
    pub(crate) partial: Vec<String>,
}

impl Listing {
    /// Reads the data lines of the server's `list`.
    pub(crate) fn parse(lines: &[String]) -> Listing {
        let mut l = Listing::default();
        for line in lines {
            let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
            match word {
                "current" if !rest.is_empty() => l.current = Some(rest.to_owned()),
                "partial" => l.partial.push(rest.to_owned()),
                "release" => {
                    let (id, json) = rest.split_once(' ').unwrap_or((rest, ""));
                    l.releases.push(Release {
                        id: id.to_owned(),
                        manifest: serde_json::from_str(json).ok(),
                    });
                }
                _ => {}
            }
        }
        l.releases.sort_by(|a, b| a.id.cmp(&b.id));
        l
    }

    /// The release to roll back to: `asked`, or the newest one older than the current one.
    pub(crate) fn rollback_target(&self, asked: Option<&str>) -> Result<&Release, Refused> {
        if let Some(id) = asked {
            return self
                .releases
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| (Code::E0913, vec![("id", id.to_owned())]));
        }
        let current = self.current.as_deref().ok_or((Code::E0914, Vec::new()))?;
        self.releases
            .iter()
            .rev()
            .find(|r| r.id.as_str() < current)
            .ok_or_else(|| (Code::E0915, vec![("current", current.to_owned())]))
    }

    /// The table `deploy --list` prints, newest first; `*` marks the current release.
    pub fn table(&self) -> String {
        // 新規, 更新 and 削除 are two characters four columns wide: padded by hand.
        let mut out = format!(
            "  {:<30} {:<11} {:<19} {:<24}  新規  更新  削除\n",
            "release", "commit", "deployed (JST)", "by"
        );
        for r in self.releases.iter().rev() {
            let mark = if self.current.as_deref() == Some(r.id.as_str()) {
                '*'
            } else {
                ' '
            };
            let time = id_time_in_japan(&r.id).unwrap_or_default();
            match &r.manifest {
                Some(m) => {
                    let commit = m
                        .build
                        .git
                        .as_ref()
                        .map_or("(no git)", |g| g.short_commit());
                    let dirty = if m.allow_dirty {
                        " (--allow-dirty)"
                    } else {
                        ""
                    };
                    out.push_str(&format!(
                        "{mark} {:<30} {:<11} {:<19} {:<24} {:>5} {:>5} {:>5}{dirty}\n",
                        r.id,
                        commit,
                        time,
                        m.user,
                        m.changes.added.len(),
                        m.changes.changed.len(),
                        m.changes.removed.len(),
                    ));
                }
                None => out.push_str(&format!(
                    "{mark} {:<30} {:<11} {:<19} (its manifest.json is missing or unreadable)\n",
                    r.id, "?", time
                )),
            }
        }
        if self.releases.is_empty() {
            out.push_str("  (no release yet)\n");
        }
        for p in &self.partial {
            out.push_str(&format!(
                "  {p}: an unfinished upload, never published; the next deploy removes it\n"
            ));
        }
        out
    }
}

/// The time in a release id (`20261202T101500.123Z-…`, UTC) as `2026-12-02 19:15:00` in Japan.
pub(crate) fn id_time_in_japan(id: &str) -> Option<String> {
    let unix = id_unix_time(id)?;
    let jst = unix + 9 * 3600;
    let (y, m, d) = crate::dates::clock::civil_from_days(jst.div_euclid(86_400));
    let s = jst.rem_euclid(86_400);
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    ))
}

/// The time in a release id as RFC 3339 UTC (`2026-12-02T10:15:00.123Z`).
pub(crate) fn id_time_utc(id: &str) -> Option<String> {
    let d = id.get(..8)?;
    let t = id.get(9..15)?;
    let ms = id
        .get(16..19)
        .filter(|_| id.get(15..16) == Some("."))
        .unwrap_or("000");
    id_unix_time(id)?;
    Some(format!(
        "{}-{}-{}T{}:{}:{}.{ms}Z",
        &d[..4],
        &d[4..6],
        &d[6..],
        &t[..2],
        &t[2..4],
        &t[4..]
    ))
}

fn id_unix_time(id: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| id.get(r)?.parse::<i64>().ok();
    if id.get(8..9) != Some("T") {
        return None;
    }
    let days = crate::dates::clock::days_from_civil(num(0..4)?, num(4..6)?, num(6..8)?);
    Some(days * 86_400 + num(9..11)? * 3600 + num(11..13)? * 60 + num(13..15)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_ids_carry_their_time() {
        let id = "20261202T151500.042Z-0123abc";
        assert_eq!(id_time_utc(id).unwrap(), "2026-12-02T15:15:00.042Z");
        assert_eq!(id_time_in_japan(id).unwrap(), "2026-12-03 00:15:00");
        assert_eq!(id_time_in_japan("nonsense"), None);
    }

    #[test]
    fn the_listing_is_read_and_rollback_picks_the_previous_release() {
        let lines: Vec<String> = [
            "current 20261202T000003.000Z-c",
            "release 20261202T000003.000Z-c {broken",
            "release 20261202T000001.000Z-a ",
            "partial 20261202T000004.000Z-d.partial",
            "release 20261202T000002.000Z-b ",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let l = Listing::parse(&lines);
        assert_eq!(l.current.as_deref(), Some("20261202T000003.000Z-c"));
        let ids: Vec<&str> = l.releases.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "20261202T000001.000Z-a",
                "20261202T000002.000Z-b",
                "20261202T000003.000Z-c"
            ]
        );
        assert_eq!(
            l.rollback_target(None).unwrap().id,
            "20261202T000002.000Z-b"
        );
        assert_eq!(
            l.rollback_target(Some("20261202T000001.000Z-a"))
                .unwrap()
                .id,
            "20261202T000001.000Z-a"
        );
        assert!(l.rollback_target(Some("x")).is_err());
        let table = l.table();
        assert!(table.contains("* 20261202T000003.000Z-c"), "{table}");
        assert!(table.contains("unfinished upload"), "{table}");
        let oldest = Listing {
            current: Some("20261202T000001.000Z-a".into()),
            ..l.clone()
        };
        assert!(oldest.rollback_target(None).is_err());
    }
}
