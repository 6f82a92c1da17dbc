//! `office-site new SECTION/SLUG`: writes a page with front matter ready to fill.
//!
//! Outside the build pipeline. The new file names its title (empty, so that the build insists
//! on one), today's date as its 公開日, and, in a comment, the classification it will inherit,
//! so that the author sees before writing whether the page will be public. It never overwrites
//! a file and never writes outside content/.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::page::is_valid_segment;
use crate::wareki::Date;

/// Today's date in Japan (UTC+9), where the office publishes.
pub fn today_in_japan() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = ((secs + 9 * 3600) / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    Date::ymd(y, m, d).expect("a calendar date")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Writes `content/SPEC.md` (SPEC is `SECTION/SLUG`, or `SLUG` for a page of the home section)
/// and returns its path.
pub fn new_page(root: &Path, spec: &str, today: Date) -> Result<PathBuf, Diagnostic> {
    let spec = spec.trim().trim_end_matches(".md").trim_matches('/');
    let content = root.join("content");
    let bad = |why: &str| {
        Err(Diagnostic::error(
            &content,
            format!("cannot create `{spec}`: {why}"),
        ))
    };
    if spec.is_empty() {
        return bad("give SECTION/SLUG, e.g. `teams/new-team`");
    }
    let segments: Vec<&str> = spec.split('/').collect();
    if let Some(s) = segments.iter().find(|s| !is_valid_segment(s)) {
        return bad(&format!(
            "`{s}` cannot be a file or folder name (no `..`, spaces or ?#%:*\"<>|)"
        ));
    }
    let folder = content.join(segments[..segments.len() - 1].join("/"));
    if !folder.join("_index.md").is_file() {
        return bad(&format!(
            "{} is not a section (it has no _index.md); create the section first",
            folder.strip_prefix(root).unwrap_or(&folder).display()
        ));
    }
    let path = content.join(format!("{spec}.md"));
    if path.exists() {
        return Err(Diagnostic::error(
            &path,
            "this file already exists; new never overwrites",
        ));
    }
    let inherited = inherited_classification(root, &folder);
    let text = format!(
        "---\ntitle: \"\"\ndescription: \"\"\ndate: {}\n# classification: {inherited}\n---\n\n## 概要\n\n",
        today.iso()
    );
    crate::fs::write(&path, text.as_bytes())?;
    Ok(path)
}

/// What a new page in `folder` would inherit, for the comment in its front matter.
fn inherited_classification(root: &Path, folder: &Path) -> String {
    let content = root.join("content");
    let config = crate::config::load(root, None).ok();
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
    let text = crate::source::normalise_text(std::fs::read_to_string(index).ok()?);
    let split = crate::front_matter::split(index, &text).ok()?;
    let front = crate::front_matter::parse(index, &split, relation_keys).ok()?;
    front.classification
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(15_340), (2012, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
