//! What a web server and a feed reader expect beside the pages: the 新着情報 Atom feed,
//! sitemap.xml, robots.txt, and redirect pages for old URLs (`aliases:`).
//!
//! Part of the render step. These files are written by code, not templates, so that they are
//! always well-formed, and from the same data as the pages: the home page's 新着情報 list and
//! atom.xml both come from [`crate::link::site::Site::news`]. Nothing here depends on the time of the
//! build, so building the same commit twice gives the same bytes.

use crate::dates::wareki::Date;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::link::site::Site;
use crate::model::paths::is_valid_segment;
use crate::text::escape::xml_escape;

use crate::model::generated::{FEED, SITEMAP};

/// A date as an Atom timestamp: midnight in Japan (month precision: the 1st).
fn atom_time(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00+09:00",
        date.year(),
        date.month(),
        date.day().unwrap_or(1)
    )
}

/// The Atom 1.0 feed of the site's news, newest first.
pub(crate) fn feed_xml(site: &Site) -> String {
    let c = &site.config;
    let title = c
        .feed
        .title
        .clone()
        .unwrap_or_else(|| format!("新着情報 | {}", c.title));
    let updated = site
        .news
        .iter()
        .filter_map(|&i| site.pages[i].updated.or(site.pages[i].front.date))
        .max();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&c.language)
    ));
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&title)));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&c.base_url.root())));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&c.base_url.permalink(FEED))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&c.base_url.root())
    ));
    // A feed without entries still needs an `updated`; the epoch keeps it reproducible.
    let updated = updated.map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), atom_time);
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&c.title)
    ));
    for &i in &site.news {
        let page = &site.pages[i];
        let link = c.base_url.permalink(&page.url);
        let published = page.front.date.expect("news pages are dated");
        let updated = page.updated.unwrap_or(published).max(published);
        out.push_str("  <entry>\n");
        out.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&page.front.title)
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        out.push_str(&format!(
            "    <published>{}</published>\n",
            atom_time(published)
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", atom_time(updated)));
        if let Some(d) = &page.front.description {
            out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(d)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// sitemap.xml: every published page, with `lastmod`; drafts never appear.
pub(crate) fn sitemap_xml(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&crate::model::page::Page> =
        site.pages.iter().filter(|p| !p.draft).collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    for page in pages {
        out.push_str("  <url>\n");
        out.push_str(&format!(
            "    <loc>{}</loc>\n",
            xml_escape(&site.config.base_url.permalink(&page.url))
        ));
        if let Some(d) = page.updated {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", d.iso()));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// robots.txt pointing to the sitemap; a build with drafts asks robots to stay away.
pub(crate) fn robots_txt(site: &Site, has_drafts: bool) -> String {
    let rule = if has_drafts {
        "Disallow: /"
    } else {
        "Allow: /"
    };
    format!(
        "User-agent: *\n{rule}\n\nSitemap: {}\n",
        site.config.base_url.permalink(SITEMAP)
    )
}

/// A redirect page: meta refresh and a canonical link, no JavaScript needed.
pub(crate) fn redirect_html(site: &Site, target: usize) -> String {
    let page = &site.pages[target];
    let url = xml_escape(&site.config.base_url.url(&page.url));
    let permalink = xml_escape(&site.config.base_url.permalink(&page.url));
    let title = xml_escape(&page.front.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>移動しました: {title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<main>\n<h1>ページを移動しました</h1>\n<p>このページは「<a href=\"{url}\">{title}</a>」へ移動しました。</p>\n</main>\n</body>\n</html>\n",
        lang = xml_escape(&site.config.language),
    )
}

/// The output path an alias writes (`/old/path/` → `old/path/index.html`), or the error (on
/// `page`) that says why it cannot be.
fn alias_output(page: &Path, alias: &str) -> Result<String, Diagnostic> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() {
        return Err(Diagnostic::new(Code::E0527, page));
    }
    if trimmed.contains(['?', '#']) || trimmed.contains("//") {
        return Err(Diagnostic::new(Code::E0528, page).arg("alias", alias));
    }
    let path = trimmed.trim_end_matches('/');
    if let Some(bad) = path.split('/').find(|s| !is_valid_segment(s)) {
        return Err(Diagnostic::new(Code::E0529, page)
            .arg("alias", alias)
            .arg("segment", bad));
    }
    Ok(if path.ends_with(".html") || path.ends_with(".htm") {
        path.to_owned()
    } else {
        format!("{path}/index.html")
    })
}

/// One alias of a page, where it writes its redirect page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The output path (`old/path/index.html`).
    pub(crate) path: String,
    /// The page redirected to, by index.
    pub(crate) page: usize,
    /// The alias's place in the page's `aliases:`.
    pub(crate) alias: usize,
}

/// Every alias that can be written, with an error at its front-matter line for each that
/// cannot (the root, a query, a segment that cannot be one). Where they may be written beside
/// the other files is the render plan's to check.
pub(crate) fn aliases(site: &Site) -> (Vec<Alias>, Diagnostics) {
    let mut out = Vec::new();
    let mut errors = Diagnostics::new();
    for (i, page) in site.pages.iter().enumerate() {
        for (k, alias) in page.front.aliases.iter().enumerate() {
            match alias_output(&page.rel, alias) {
                Ok(path) => out.push(Alias {
                    path,
                    page: i,
                    alias: k,
                }),
                Err(d) => errors.push(d.at_opt(page.front.value_position("aliases", alias.trim()))),
            }
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_index_files() {
        let out = |alias: &str| alias_output(Path::new("content/p.md"), alias);
        assert_eq!(out("/old/path/").unwrap(), "old/path/index.html");
        assert_eq!(out("old/page.html").unwrap(), "old/page.html");
        assert_eq!(out("/").unwrap_err().code, Code::E0527);
        assert_eq!(out("/a/../b/").unwrap_err().code, Code::E0529);
        assert_eq!(out("/a?b").unwrap_err().code, Code::E0528);
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
