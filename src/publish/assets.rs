//! Which files under content/ (assets) are copied to the public site, and the gate's check of
//! the text ones.
//!
//! The rule: a file in a published section is copied beside its page (as the engine promises)
//! **unless a page left out of the build may be using it and no published page links it**: a
//! chart or a list of members that only a withheld (or draft) page shows stays out with that
//! page, unnamed (see [`super::quiet`] for "may be using"). Any other file that no page links is
//! copied, with a warning (a file nobody links is usually a mistake, and its author should see
//! it). Everything under a withheld section stays out. A link is a Markdown link or image (relative or `@/`) or an HTML `href`/`src`
//! attribute (relative, root-absolute or under the base_url). This runs after the link step,
//! which has already resolved every published page's links.
//!
//! Published text files (.txt, .csv, .html, .json, .xml, .svg…) are held to the same rules as
//! pages: a marking above 機密性1, a handling word, a placeholder or the URL of a page left out
//! of the build in one is an error at its line. A copied file has no front matter, so nothing
//! in it can be `allow:`ed.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Publication;
use crate::config::BaseUrl;
use crate::error::{Diagnostic, Diagnostics};
use crate::gate;
use crate::links::{normalise_site_path, target_path};
use crate::markdown::classify;
use crate::page::{Asset, Page};
use crate::site::{Site, Unpublished};

/// Extensions of text files that the gate reads (lowercase).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "csv", "tsv", "html", "htm", "xhtml", "json", "geojson", "xml", "svg", "rss",
    "atom", "yaml", "yml", "ics",
];

/// Extensions that say "Markdown" but are not `.md` (lowercase): such a file would otherwise be
/// copied raw, front matter and all.
const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt"];

/// The attributes whose values name files.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "data", "srcset"];

/// Whether a file under content/ that is not a page (its name does not end in `.md`) is named
/// like Markdown: `upper.MD`, `long.markdown`. Such a file is refused, never copied.
pub(crate) fn is_misnamed_markdown(content_path: &str) -> bool {
    extension(content_path).is_some_and(|e| MARKDOWN_EXTENSIONS.contains(&e.as_str()))
}

/// The error for a misnamed Markdown file.
pub(crate) fn misnamed_markdown(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        rel,
        "this file is named like Markdown but only files ending in `.md` (lowercase) are pages: rename it to end in `.md`; it is not copied as it is",
    )
    .at(1, Some(1))
}

fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Drops every asset that a page left out of the build may be using (`quiet`) and no published
/// page links (only counted, never named, so nothing beside a withheld page is named); warns about
/// the files no page links, which are copied; and checks the text of those kept. Returns how
/// many were left out and the diagnostics.
pub fn keep_linked(site: &mut Site, publication: &Publication) -> (usize, Diagnostics) {
    let quiet = &publication.quiet_assets;
    let mut out = Diagnostics::new();
    if site.assets.is_empty() {
        return (0, out);
    }
    let linked = linked_assets(site);
    let before = site.assets.len();
    let mut index = 0;
    site.assets.retain(|a| {
        index += 1;
        if linked.contains(&(index - 1)) {
            return true;
        }
        if quiet.contains(&a.content_path) {
            return false;
        }
        out.push(
            Diagnostic::warning(
                &a.rel,
                format!(
                    "no page links this file; it is copied as it is to `{}` (link it from a page, or move a file that only templates use to static/)",
                    a.output_path
                ),
            )
            .at(1, Some(1)),
        );
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

/// The indices of the assets that some published page links.
fn linked_assets(site: &Site) -> HashSet<usize> {
    let by_content: HashMap<&str, usize> = site
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.content_path.as_str(), i))
        .collect();
    let mut linked = HashSet::new();
    for page in &site.pages {
        for link in page.rendered.links.iter().filter(|l| l.resolved) {
            if let Some(&i) = target_path(&page.folder, &link.target)
                .as_deref()
                .and_then(|p| by_content.get(p))
            {
                linked.insert(i);
            }
        }
    }
    if linked.len() == site.assets.len() {
        return linked;
    }
    // What Markdown links do not reach, an HTML attribute may (raw HTML, a root-absolute URL).
    // Only pages whose HTML names a remaining file are read attribute by attribute.
    let by_output: HashMap<&str, usize> = site
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.output_path.as_str(), i))
        .collect();
    let names: Vec<(String, String)> = (0..site.assets.len())
        .filter(|i| !linked.contains(i))
        .map(|i| file_names(&site.assets[i].content_path))
        .collect();
    for page in &site.pages {
        let html = &page.rendered.html;
        if !names
            .iter()
            .any(|(raw, encoded)| html.contains(raw.as_str()) || html.contains(encoded.as_str()))
        {
            continue;
        }
        for value in attribute_values(html) {
            if let Some(i) = resolve(site, page, value, &by_content, &by_output) {
                linked.insert(i);
            }
        }
    }
    linked
}

/// A file's name as written and percent-encoded (non-ASCII bytes as `%XX`).
fn file_names(content_path: &str) -> (String, String) {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii() && b != b' ' {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    (name.to_owned(), encoded)
}

/// The asset a URL in a page's HTML names, if any.
fn resolve(
    site: &Site,
    page: &Page,
    value: &str,
    by_content: &HashMap<&str, usize>,
    by_output: &HashMap<&str, usize>,
) -> Option<usize> {
    let value = value.split(['?', '#']).next().unwrap_or("");
    if let Some(path) = site.config.base_url.site_path(value) {
        return by_output.get(normalise_site_path(path)?.as_str()).copied();
    }
    let target = classify(value)?;
    by_content
        .get(target_path(&page.folder, &target)?.as_str())
        .copied()
}

/// The values of URL attributes in HTML (each `srcset` candidate separately).
fn attribute_values(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for token in crate::html::tokens(html) {
        let crate::html::Token::Tag(tag) = token else {
            continue;
        };
        if tag.closing {
            continue;
        }
        for name in URL_ATTRIBUTES {
            let Some(value) = tag.attr(name).filter(|v| !v.is_empty()) else {
                continue;
            };
            if *name == "srcset" {
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
    let is_text =
        extension(&asset.content_path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()));
    if !is_text {
        return Diagnostics::new();
    }
    let text = match crate::fs::read(&asset.abs).and_then(|b| crate::fs::utf8(&asset.rel, b)) {
        Ok(t) => crate::source::normalise_text(t),
        Err(d) => {
            return Diagnostic {
                path: asset.rel.clone(),
                ..d
            }
            .note("the publish gate reads every published text file, and cannot read this one")
            .into();
        }
    };
    let mut out: Diagnostics = gate::scan(&text, &[])
        .into_iter()
        .map(|f| {
            Diagnostic::error(&asset.rel, format!("{} (publish gate)", f.message))
                .at(f.line, Some(f.col))
                .note("this file is copied as it is, so nothing in it can be `allow:`ed: change the text, or stop linking the file")
        })
        .collect();
    out.extend(super::urls::check_file(&asset.rel, &text, base, left_out));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_by_another_name_is_recognised() {
        for p in ["teams/upper.MD", "long.markdown", "a/b.Mkd"] {
            assert!(is_misnamed_markdown(p), "{p}");
        }
        for p in ["chart.png", "notes.txt", "md", ".md"] {
            assert!(!is_misnamed_markdown(p), "{p}");
        }
    }

    #[test]
    fn url_attributes_are_read_in_every_quoting() {
        let html = r#"<img src="a.png" alt="x"><a href='b.pdf'>b</a><img srcset="c.png 1x, d.png 2x" data-src="no.png"><object data=e.svg></object>"#;
        let mut v = attribute_values(html);
        v.sort_unstable();
        assert_eq!(v, vec!["a.png", "b.pdf", "c.png", "d.png", "e.svg"]);
    }

    #[test]
    fn file_names_are_also_matched_percent_encoded() {
        assert_eq!(
            file_names("teams/図.png"),
            ("図.png".to_owned(), "%E5%9B%B3.png".to_owned())
        );
    }
}
