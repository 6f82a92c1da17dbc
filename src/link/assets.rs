//! Which files under content/ (assets) are copied to the public site, and the gate's check of
//! the text ones.
//!
//! The rule: a file in a published section is copied beside its page (as the engine promises)
//! **unless a page left out of the build may be using it and no published page links it**: a
//! chart or a list of members that only a withheld (or draft) page shows stays out with that
//! page, unnamed (see `gate::suspect_assets` for "may be using"). Any other file that no page
//! links is copied, with a warning (a file nobody links is usually a mistake, and its author
//! should see it). Everything under a withheld section stays out. A link is a Markdown link or
//! image (relative or `@/`) or an HTML `href`/`src` attribute (relative, root-absolute or under
//! the base_url). Part of the link step, run once every published page's links are resolved.
//!
//! Published text files (.txt, .csv, .html, .json, .xml, .svg…) are held to the same rules as
//! pages: a marking above 機密性1, a handling word, a placeholder or the URL of a page left out
//! of the build in one is an error at its line. A copied file has no front matter, so nothing
//! in it can be `allow:`ed.

use std::collections::HashMap;

use rayon::prelude::*;

use super::links::target_path;
use super::root::{RootIndex, RootTarget};
use super::theme_links::ThemeLinks;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate;
use crate::link::markdown::classify;
use crate::link::site::Site;
use crate::load::config::BaseUrl;
use crate::model::page::{Asset, Page};
use crate::model::paths::normalise_site_path;
use crate::model::publication::Publication;
use crate::model::publication::Unpublished;
use crate::model::rendered::LinkTarget;

/// Extensions of text files that the gate reads (lowercase).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "csv", "tsv", "html", "htm", "xhtml", "json", "geojson", "xml", "svg", "rss",
    "atom", "yaml", "yml", "ics",
];

/// Whether the gate reads the published file of content/ at `path` as text here (by its name),
/// so that the last barrier need not report its encoding again.
pub(crate) fn checked_as_text(path: &str) -> bool {
    extension(path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()))
}

/// The attributes whose values name files.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "data", "srcset"];

fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Drops every asset that a page left out of the build may be using (`quiet`) and no published
/// page links (only counted, never named, so nothing beside a withheld page is named); warns about
/// the files no page links, which are copied; and checks the text of those kept. Returns how
/// many were left out and the diagnostics.
pub(crate) fn keep_linked(
    site: &mut Site,
    publication: &Publication,
    theme: &ThemeLinks,
) -> (usize, Diagnostics) {
    let quiet = &publication.suspect_assets;
    let mut out = Diagnostics::new();
    if site.assets.is_empty() {
        return (0, out);
    }
    let linked = linked_assets(site, theme);
    let before = site.assets.len();
    let mut linked = linked.into_iter();
    site.assets.retain(|a| {
        if linked.next().unwrap_or(false) {
            return true;
        }
        if quiet.contains(&a.content_path) {
            return false;
        }
        out.push(Diagnostic::new(Code::W0408, &a.rel).arg("out", &a.output_path));
        true
    });
    let base = &site.config.base_url;
    let left_out = &publication.left_out_urls;
    out.extend(
        site.assets
            .iter()
            .flat_map(|a| check_text(a, base, left_out)),
    );
    (before - site.assets.len(), out)
}

/// Which assets (by index) some published page links. Each page's Markdown links are looked
/// up first (root-relative ones as the link step resolves them); then the URL attributes of
/// the pages' HTML, each read once, for what Markdown links do not reach (raw HTML, a URL
/// under the base_url). Every lookup is in a map: the cost is the size of the pages.
fn linked_assets(site: &Site, theme: &ThemeLinks) -> Vec<bool> {
    let files = Files {
        by_content: index_by(&site.assets, |a| &a.content_path),
        by_output: index_by(&site.assets, |a| &a.output_path),
    };
    let root = RootIndex::new(&site.config.base_url, &site.pages, &site.assets, theme);
    let mut linked = vec![false; site.assets.len()];
    for page in &site.pages {
        for link in page.rendered.links.iter().filter(|l| l.resolved) {
            let found = match &link.target {
                LinkTarget::Root { path, .. } => match root.target(path) {
                    Some(RootTarget::File(out)) => files.by_output.get(out.as_str()),
                    _ => None,
                },
                target => {
                    target_path(&page.folder, target).and_then(|p| files.by_content.get(p.as_str()))
                }
            };
            if let Some(&i) = found {
                linked[i] = true;
            }
        }
        // A page's 資料一覧 (`materials:`) links its files too.
        for m in &page.front.materials {
            let target = LinkTarget::Relative {
                path: m.file.clone(),
                anchor: None,
            };
            if let Some(&i) =
                target_path(&page.folder, &target).and_then(|p| files.by_content.get(p.as_str()))
            {
                linked[i] = true;
            }
        }
    }
    if linked.iter().all(|&l| l) {
        return linked;
    }
    // Without raw HTML, what a page's HTML links beyond its Markdown links is written as an
    // absolute URL, under the base_url's origin.
    let base = &site.config.base_url;
    let raw_html = site.config.markdown.allow_html;
    let found: Vec<usize> = site
        .pages
        .par_iter()
        .filter(|p| raw_html || p.rendered.html.contains(base.origin()))
        .flat_map_iter(|page| {
            attribute_values(&page.rendered.html)
                .into_iter()
                .filter_map(|v| files.resolve(base, page, v))
                .collect::<Vec<_>>()
        })
        .collect();
    for i in found {
        linked[i] = true;
    }
    linked
}

fn index_by<'a>(
    assets: &'a [Asset],
    key: impl Fn(&'a Asset) -> &'a String,
) -> HashMap<&'a str, usize> {
    assets
        .iter()
        .enumerate()
        .map(|(i, a)| (key(a).as_str(), i))
        .collect()
}

/// The assets by content path and by output path.
struct Files<'a> {
    by_content: HashMap<&'a str, usize>,
    by_output: HashMap<&'a str, usize>,
}

impl Files<'_> {
    /// The asset a URL in a page's HTML names, if any.
    fn resolve(&self, base: &BaseUrl, page: &Page, value: &str) -> Option<usize> {
        let value = value.split(['?', '#']).next().unwrap_or("");
        if let Some(path) = base.site_path(value) {
            return self
                .by_output
                .get(normalise_site_path(path)?.as_str())
                .copied();
        }
        let target = classify(value)?;
        self.by_content
            .get(target_path(&page.folder, &target)?.as_str())
            .copied()
    }
}

/// The values of URL attributes in HTML (each `srcset` candidate separately).
fn attribute_values(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for token in crate::text::html::tokens(html) {
        let crate::text::html::Token::Tag(tag) = token else {
            continue;
        };
        if tag.closing {
            continue;
        }
        for (name, value) in tag.attributes() {
            let Some(&name) = URL_ATTRIBUTES.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            if name == "srcset" {
                out.extend(value.split(',').filter_map(|c| c.split_whitespace().next()));
            } else {
                out.push(value);
            }
        }
    }
    out
}

/// The gate's findings in a published text file, and the URLs of left-out pages in it, as
/// errors.
fn check_text(
    asset: &Asset,
    base: &BaseUrl,
    left_out: &HashMap<String, (String, Unpublished)>,
) -> Diagnostics {
    if !checked_as_text(&asset.content_path) {
        return Diagnostics::new();
    }
    let text = match crate::fs::read(&asset.abs).and_then(|b| crate::fs::plain_text(&asset.rel, b))
    {
        Ok(t) => crate::load::source::normalise_text(t),
        Err(d) => {
            return Diagnostic {
                path: asset.rel.clone(),
                ..d
            }
            .note(crate::diag::catalogue::phrase_words(
                "note",
                "unreadable",
                &[],
            ))
            .into();
        }
    };
    let mut out: Diagnostics = gate::scan(&text, &[])
        .into_iter()
        .map(|f| {
            f.rule
                .args(Diagnostic::new(Code::E0401, &asset.rel), &f.token)
                .at(f.line, Some(f.col))
        })
        .collect();
    out.extend(crate::gate::withheld_urls::check_file(
        &asset.rel, &text, base, left_out,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_2022_jp_text_attachment_passed_as_utf8() {
        let path = std::path::Path::new("content/a.txt");
        for text in ["\u{1b}$B5!L)@-\u{1b}(B\n", "a\nb\u{c}", "\u{0}x"] {
            let d = crate::fs::plain_text(path, text.as_bytes().to_vec()).unwrap_err();
            assert_eq!(d.code, Code::E0009, "{text:?}");
        }
        assert!(crate::fs::plain_text(path, b"a\tb\r\nc\n".to_vec()).is_ok());
        let d = crate::fs::plain_text(path, b"ok\n\x1b$B".to_vec()).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert_eq!(d.arg_value("char"), Some("U+001B"));
        let d = crate::fs::plain_text(path, vec![0x82, 0xa0]).unwrap_err();
        assert_eq!(d.code, Code::E0001, "Shift_JIS is no UTF-8");
    }

    #[test]
    fn url_attributes_are_read_in_every_quoting() {
        let html = r#"<img src="a.png" alt="x"><a href='b.pdf'>b</a><img srcset="c.png 1x, d.png 2x" data-src="no.png"><object data=e.svg></object>"#;
        let mut v = attribute_values(html);
        v.sort_unstable();
        assert_eq!(v, vec!["a.png", "b.pdf", "c.png", "d.png", "e.svg"]);
    }
}
