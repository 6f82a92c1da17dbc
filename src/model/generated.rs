//! The files and folders the build writes besides pages, files of content/ and static files:
//! the render step plans them, and the link step lets root-relative links name them.

/// The feed's path under the output root.
pub(crate) const FEED: &str = "atom.xml";
/// The sitemap's path.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// robots.txt.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The theme's "not found" page, written when the theme has one.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The search index's folder under the output root.
pub(crate) const SEARCH_DIR: &str = "search-index/";
/// The browser library of the search, inside the index's folder.
#[cfg(feature = "search")]
pub(crate) const SEARCH_LIBRARY: &str = "search-index/search.js";

/// A file the build generates, by what writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GeneratedFile {
    /// atom.xml of a language (by its place among the site's languages): each language has
    /// its own, in its folder.
    Feed(usize),
    /// sitemap.xml.
    Sitemap,
    /// robots.txt (unless a static file provides one).
    Robots,
    /// 404.html from the theme, for a language (by its place), in its folder.
    NotFound(usize),
}

/// What the build writes besides pages, files of content/ and static files.
#[derive(Debug)]
pub(crate) struct Generated {
    /// Files, with what writes them: the feed of each language, the sitemap, robots.txt
    /// (unless a static file is one) and the theme's 404 page of each language, if it has one.
    pub(crate) files: Vec<(String, GeneratedFile)>,
    /// Folders whose every file the build writes: the search index's, when it writes one.
    pub(crate) folders: Vec<&'static str>,
}

/// The files and folders the build generates for a theme that has (or has not) a 404 page, and
/// a site with (or without) a search index (`search` is false in a build without the feature),
/// in languages whose folders are `language_folders` (`` for the default, `en/`).
pub(crate) fn generated(
    theme_has_not_found: bool,
    search: bool,
    language_folders: &[&str],
) -> Generated {
    let mut files = Vec::new();
    for (k, folder) in language_folders.iter().enumerate() {
        files.push((format!("{folder}{FEED}"), GeneratedFile::Feed(k)));
    }
    files.push((SITEMAP.to_owned(), GeneratedFile::Sitemap));
    files.push((ROBOTS.to_owned(), GeneratedFile::Robots));
    if theme_has_not_found {
        for (k, folder) in language_folders.iter().enumerate() {
            files.push((format!("{folder}{NOT_FOUND}"), GeneratedFile::NotFound(k)));
        }
    }
    let folders = if search { vec![SEARCH_DIR] } else { Vec::new() };
    Generated { files, folders }
}
