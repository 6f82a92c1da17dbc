//! Path segments and section keys: what a URL segment or folder name may be, how a section is
//! named in the site's maps, and how a path under the site root is normalised into a lookup key.

/// Whether `s` can be one URL path segment and one folder name: not empty, not `.` or `..`,
/// no slash, backslash, control or space characters, and none of `?#%:*"<>|`.
pub(crate) fn is_valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && !s.starts_with('.')
        && !s.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(
                    c,
                    '/' | '\\' | '?' | '#' | '%' | ':' | '*' | '"' | '<' | '>' | '|'
                )
        })
}

/// The `@/` path of the `_index.md` of `section` (a path under content/, `""` for the home
/// page): the key of a section in `link::site::Site::by_path`.
pub(crate) fn section_index(section: &str) -> String {
    if section.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{section}/_index.md")
    }
}

/// Whether the folder `folder` (a path under content/) is `section` or inside it.
pub(crate) fn in_section(folder: &str, section: &str) -> bool {
    section.is_empty()
        || folder
            .strip_prefix(section)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Decodes `%XX` escapes (links to files with spaces or Japanese names may carry them); the
/// text as written when the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    String::from_utf8(crate::text::escape::percent_decode_bytes(s)).unwrap_or_else(|_| s.to_owned())
}

/// The page URL a (normalised) root-relative path names: `teams/pharma`, `teams/pharma/` and
/// `teams/pharma/index.html` are all `teams/pharma/`.
pub(crate) fn page_url(path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    }
}

/// A path under the site root as a lookup key: `a/./b/../c` → `a/c`, `%XX` decoded, a
/// trailing slash kept; `None` if it climbs above the root.
pub(crate) fn normalise_site_path(path: &str) -> Option<String> {
    let decoded = percent_decode(path);
    let mut parts: Vec<&str> = Vec::new();
    for part in decoded.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    // Keep a trailing slash (an empty last part), drop empty inner parts.
    let last_empty = parts.last() == Some(&"");
    let mut out: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if last_empty && !out.is_empty() {
        out.push("");
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths_are_normalised() {
        assert_eq!(
            normalise_site_path("teams/pharma/").as_deref(),
            Some("teams/pharma/")
        );
        assert_eq!(normalise_site_path("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalise_site_path("").as_deref(), Some(""));
        assert_eq!(normalise_site_path("../x"), None);
        assert_eq!(
            normalise_site_path("css/%E5%9B%B3.png").as_deref(),
            Some("css/図.png")
        );
    }
}
