//! Path segments and section keys: what a URL segment or folder name may be, and how a
//! section is named in the site's maps.

/// Whether `s` can be one URL path segment and one folder name: not empty, not `.` or `..`,
/// no slash, backslash, control or space characters, and none of `?#%:*"<>|`.
pub fn is_valid_segment(s: &str) -> bool {
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
/// page): the key of a section in [`Site::by_path`].
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
