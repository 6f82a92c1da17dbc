//! `office-site new SECTION/SLUG`: writes a page with front matter ready to fill, and
//! `office-site new SECTION/_index`: a section (its folder and `_index.md`).
//!
//! Outside the build pipeline. The new file names its title (empty, so that the build insists
//! on one), its 公開日 (`--date`, in any form a page's `date:` takes, 和暦 included; else today)
//! and, in a comment, the classification it will inherit, so that the author sees before
//! writing whether the page will be public. Dated today in a section whose newest page is
//! months old, it says so (W0809): an editor back-filling a 2011 item would otherwise put it at
//! the top of 新着情報 with today's date. It never overwrites a file and never writes outside
//! content/.

use std::path::{Path, PathBuf};

use crate::dates::clock::days_from_civil;
use crate::dates::wareki::{self, Date, Style};
use crate::diag::{Code, Diagnostic};
use crate::model::paths::is_valid_segment;

/// A section whose newest page is at least this many days older than today is taken to be
/// back-filled, not kept current: a page dated today there gets a note. (A section updated
/// within a season is kept current, and a note on every item would be noise.)
const STALE_DAYS: i64 = 90;

/// What `new` wrote: the file, and notes for the author (W0809).
#[derive(Debug)]
pub(crate) struct Created {
    /// The file written, under `root`.
    pub(crate) path: PathBuf,
    /// Warnings about what was written.
    pub(crate) notes: Vec<Diagnostic>,
}

/// Writes `content/SPEC.md` (SPEC is `SECTION/SLUG`, `SLUG` for a page of the home section, or
/// `SECTION/_index` for a new section), dated `date` (as `--date` gave it) or `today`.
pub(crate) fn new_page(
    root: &Path,
    spec: &str,
    date: Option<&str>,
    today: Date,
) -> Result<Created, Diagnostic> {
    let spec = spec.trim().trim_end_matches(".md").trim_matches('/');
    let content = root.join("content");
    let bad = |code: Code| Diagnostic::new(code, &content).arg("spec", spec);
    if spec.is_empty() {
        return Err(bad(Code::E0805));
    }
    let segments: Vec<&str> = spec.split('/').collect();
    if let Some(s) = segments.iter().find(|s| !is_valid_segment(s)) {
        return Err(bad(Code::E0806).arg("name", s));
    }
    let dated = match date {
        Some(written) => Some(parse_date(written).map_err(|e| {
            Diagnostic::new(Code::E0809, &content)
                .arg("date", written.trim())
                .arg("detail", e)
        })?),
        None => None,
    };
    // A section's `_index.md` goes in a folder of its own, which its parent section holds.
    let section = segments.len() > 1 && segments[segments.len() - 1] == "_index";
    let holder = match section {
        true => &segments[..segments.len() - 2],
        false => &segments[..segments.len() - 1],
    };
    let folder = content.join(holder.join("/"));
    if !folder.join("_index.md").is_file() {
        let shown = folder.strip_prefix(root).unwrap_or(&folder).display();
        return Err(bad(Code::E0807).arg("folder", shown));
    }
    // A symbolic link (a linked section folder) must not lead the new file out of content/.
    let inside = match (content.canonicalize(), folder.canonicalize()) {
        (Ok(c), Ok(f)) if f.starts_with(&c) => f,
        _ => return Err(bad(Code::E0808)),
    };
    let rest = &segments[holder.len()..];
    let target = inside.join(format!("{}.md", rest.join("/")));
    if section {
        // The new section's folder may exist already (holding images): it must not be a link.
        let new_folder = inside.join(rest[0]);
        if crate::fs::symlink_metadata(&new_folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(bad(Code::E0808));
        }
    }
    let path = content.join(format!("{spec}.md"));
    let mut inherited = inherited_classification(root, &folder);
    if section {
        // What a section sets, its pages and subsections inherit.
        inherited = inherited.replace(
            "set it here to change it)",
            "set it here to change it for this section and every page in it)",
        );
    }
    let text = front_matter(dated.unwrap_or(today), &inherited, section);
    // Errors name the path as asked for, not the section folder's real one.
    crate::fs::write_new(&target, text.as_bytes()).map_err(|d| Diagnostic {
        path: path.clone(),
        ..d
    })?;
    let mut notes = Vec::new();
    if dated.is_none() && !section {
        notes.extend(dated_today_note(root, &folder, &path, today));
    }
    Ok(Created { path, notes })
}

/// `--date` as a page's `date:` takes it (ISO, Western or 和暦, `平成23年2月15日`, `H23.2.15`),
/// refusing, like the front matter, a date that has no 和暦 (before 1873).
fn parse_date(written: &str) -> Result<Date, wareki::DateError> {
    let date = wareki::parse(written)?;
    date.wareki(Style::Plain)?;
    Ok(date)
}

/// The new file's text: an empty title, the date, the inherited classification in a comment.
fn front_matter(date: Date, inherited: &str, section: bool) -> String {
    let body = match section {
        // A section's text introduces its pages, which the theme lists below it.
        true => "",
        false => "## 概要\n\n",
    };
    format!(
        "---\ntitle: \"\"\ndescription: \"\"\ndate: {}\n# classification: {inherited}\n---\n\n{body}",
        date.iso()
    )
}

/// W0809 when the newest dated page of `folder` (other than the one just written) is at least
/// [`STALE_DAYS`] older than `today`.
fn dated_today_note(root: &Path, folder: &Path, written: &Path, today: Date) -> Option<Diagnostic> {
    let newest = section_dates(root, folder, written).into_iter().max()?;
    let days = |d: Date| {
        days_from_civil(
            d.year().into(),
            d.month().into(),
            d.day().unwrap_or(1).into(),
        )
    };
    if days(today) - days(newest) < STALE_DAYS {
        return None;
    }
    let shown = |d: Date| d.wareki(Style::Plain).unwrap_or_else(|_| d.iso());
    let section = folder.strip_prefix(root).unwrap_or(folder);
    Some(
        Diagnostic::new(Code::W0809, written)
            .at(4, Some(7))
            .arg("today", shown(today))
            .arg("section", section.to_string_lossy().replace('\\', "/"))
            .arg("newest", shown(newest)),
    )
}

/// The `date:` of each page of `folder` (its `.md` files, not its sections), other than
/// `written`; pages whose front matter cannot be read are left out.
fn section_dates(root: &Path, folder: &Path, written: &Path) -> Vec<Date> {
    let keys = relation_keys(root);
    let Ok(entries) = crate::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
                && p.file_name() != written.file_name()
        })
        .filter_map(|p| front_of(&p, &keys)?.date)
        .collect()
}

fn relation_keys(root: &Path) -> Vec<String> {
    crate::load::config::load(root, None)
        .ok()
        .iter()
        .flat_map(|c| c.relation_keys().map(str::to_owned))
        .collect()
}

/// What a new page in `folder` would inherit, for the comment in its front matter.
fn inherited_classification(root: &Path, folder: &Path) -> String {
    let content = root.join("content");
    let config = crate::load::config::load(root, None).ok();
    let keys: Vec<String> = config
        .iter()
        .flat_map(|c| c.relation_keys().map(str::to_owned))
        .collect();
    let mut dir = Some(folder);
    while let Some(d) = dir {
        if let Some(c) = classification_in(&d.join("_index.md"), &keys) {
            let from = d.join("_index.md");
            let from = from.strip_prefix(root).unwrap_or(&from);
            return format!(
                "{c}  (inherited from {}; set it here to change it)",
                from.display()
            );
        }
        if d == content {
            break;
        }
        dir = d.parent();
    }
    match config.and_then(|c| c.classification) {
        Some((c, _)) => format!("{c}  (inherited from site.yaml; set it here to change it)"),
        None => "none inherited: set 機密性1 (public), 機密性2 or 機密性3 here".to_owned(),
    }
}

fn classification_in(index: &Path, relation_keys: &[String]) -> Option<String> {
    front_of(index, relation_keys)?.classification
}

/// The front matter of the page at `path`, if it can be read without errors.
fn front_of(
    path: &Path,
    relation_keys: &[String],
) -> Option<crate::model::front_matter::FrontMatter> {
    let text = crate::load::source::normalise_text(crate::fs::read_to_string(path).ok()?);
    let split = crate::parse::front_matter::split(path, &text).ok()?;
    crate::parse::front_matter::parse(path, &split, relation_keys).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::disallowed_methods)] // the test makes its site on disk directly
    use super::*;

    /// A site whose teams section has one page dated `newest`.
    fn site(newest: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let teams = dir.path().join("content/teams");
        std::fs::create_dir_all(&teams).unwrap();
        std::fs::write(
            dir.path().join("content/_index.md"),
            "---\ntitle: ホーム\n---\n",
        )
        .unwrap();
        std::fs::write(teams.join("_index.md"), "---\ntitle: チーム\n---\n").unwrap();
        std::fs::write(
            teams.join("old.md"),
            format!("---\ntitle: 古いページ\ndate: {newest}\n---\n"),
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_section_is_old_from_ninety_days_on() {
        let today = Date::ymd(2011, 4, 1).unwrap();
        // 2011-01-01 is 90 days before 2011-04-01; 2011-01-02, 89.
        for (newest, noted) in [
            ("2011-01-02", false),
            ("2011-01-01", true),
            ("2010-12", true),
            ("2011-01", true),
            ("2011-02", false),
            ("2011-04-02", false),
            ("平成22年11月30日", true),
        ] {
            let dir = site(newest);
            let created = new_page(dir.path(), "teams/new", None, today).unwrap();
            assert_eq!(created.notes.len(), usize::from(noted), "{newest}");
            if let Some(note) = created.notes.first() {
                assert_eq!(note.code, Code::W0809);
                assert_eq!(note.arg_value("today"), Some("平成23年4月1日"));
                assert_eq!(note.arg_value("section"), Some("content/teams"));
            }
            // Dated by `--date`, the page is as the author meant it.
            let dated = new_page(dir.path(), "teams/dated", Some("H23.1.7"), today).unwrap();
            assert!(dated.notes.is_empty(), "{newest}");
        }
    }
}
