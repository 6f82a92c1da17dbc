//! Links by URL to pages that are not published: `[a](/iryou-innovation/internal/wt/)`, the
//! same from the site root (`/internal/wt/`) or under the base_url (`https://…`). An `@/` link
//! to such a page is an error of the link step; a URL written out is not resolved there, so
//! the gate looks for it, in the whole file (front matter too: a `description:` reaches
//! lists and the search index) and in every published text file: the URL of a withheld page
//! (or a draft this build leaves out) is an error at its line, since it would publish the URL
//! and link to nothing.
//!
//! A left-out page has no URL, but the gate works out every page's URL before it
//! leaves any out ([`crate::parse::urls`]), and keeps where the left-out ones would be.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics, line_col};
use crate::load::config::BaseUrl;
use crate::model::page::Page;
use crate::model::paths::{normalise_site_path, page_url};
use crate::model::publication::Unpublished;

/// The table of where the pages left out of the build (by their `decisions`) would be: page
/// URL → content path and reason, from the URLs worked out for every page
/// ([`crate::parse::urls`]) and every `aliases:` entry of theirs (an old URL of a withheld
/// page names it as well as its new one; a translation is left out with the page it
/// translates, so its URL and aliases are in too). An alias that is a published page's own URL
/// names that page, not the withheld one. Broken pages are in it too, so that a link to one is
/// not reported a second time (their own errors are).
pub(super) fn left_out_urls(
    pages: &[Page],
    urls: &[Result<String, Diagnostic>],
    decisions: &[super::decide::Decision],
) -> HashMap<String, (String, Unpublished)> {
    let published: HashSet<&str> = urls
        .iter()
        .zip(decisions)
        .filter(|(_, d)| d.left_out().is_none())
        .filter_map(|(url, _)| url.as_deref().ok())
        .collect();
    let mut out = HashMap::new();
    for ((page, url), decision) in pages.iter().zip(urls).zip(decisions) {
        let Some(why) = decision.left_out() else {
            continue;
        };
        let aliases = page.front.aliases.iter().filter_map(|a| alias_url(a));
        for url in url.iter().cloned().chain(aliases) {
            if !url.is_empty() && !published.contains(url.as_str()) {
                out.entry(url)
                    .or_insert_with(|| (page.content_path.clone(), why.clone()));
            }
        }
    }
    out
}

/// The page URL an `aliases:` entry names (`/old/wt/` → `old/wt/`), as a lookup key.
fn alias_url(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains(['?', '#']) || alias.starts_with("//") {
        return None;
    }
    Some(page_url(&normalise_site_path(alias)?))
}

/// Every URL of a left-out page written in a published page's file (front matter and body),
/// as an error at its line.
pub(crate) fn check_page(
    page: &Page,
    base: &BaseUrl,
    left_out: &HashMap<String, (String, Unpublished)>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for (text, first_line) in [(&*page.front_text, 1), (&*page.body, page.body_line)] {
        for found in find(text, base, left_out) {
            out.push(found.diagnostic(Code::E0311, &page.rel, first_line));
        }
    }
    out
}

/// Every URL of a left-out page in a published text file, as an error at its line.
pub(crate) fn check_file(
    rel: &Path,
    text: &str,
    base: &BaseUrl,
    left_out: &HashMap<String, (String, Unpublished)>,
) -> Diagnostics {
    find(text, base, left_out)
        .map(|f| f.diagnostic(Code::E0312, rel, 1))
        .collect()
}

/// Every URL of a left-out page in a text: (the URL as written, the page's content path, why
/// it is left out). For text that has no lines to point at (an attachment's page).
pub(crate) fn urls_in<'a>(
    text: &'a str,
    base: &BaseUrl,
    left_out: &'a HashMap<String, (String, Unpublished)>,
) -> Vec<(&'a str, &'a str, &'a Unpublished)> {
    find(text, base, left_out)
        .map(|f| (f.written, f.content_path, f.why))
        .collect()
}

/// A left-out page's URL found in a text.
struct Found<'a> {
    /// The URL as written, up to the end of the page's path.
    written: &'a str,
    content_path: &'a str,
    why: &'a Unpublished,
    /// The line and column of `at` in the text.
    line_col: (usize, usize),
}

impl Found<'_> {
    fn diagnostic(&self, code: Code, rel: &Path, first_line: usize) -> Diagnostic {
        let (line, col) = self.line_col;
        Diagnostic::new(code, rel)
            .arg("url", self.written)
            .arg("target", self.content_path)
            .arg("why", self.why.left_out_key())
            .at(line + first_line - 1, Some(col))
    }
}

/// The URLs of left-out pages in `text`: `https://host/sub/…` under the base_url, `/sub/…` or
/// `/…` (from the site root), wherever they start (after any character but an ASCII letter
/// or digit: `参照：/teams/wt/`, `（/teams/wt/）`) and wherever they end: each `/`-separated
/// prefix of what follows is looked up, so `/teams/wt/を参照` names `teams/wt/`.
fn find<'a>(
    text: &'a str,
    base: &BaseUrl,
    left_out: &'a HashMap<String, (String, Unpublished)>,
) -> impl Iterator<Item = Found<'a>> {
    let origin = base.origin();
    let is_start = move |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    text.match_indices('/')
        .filter(move |_| !left_out.is_empty())
        .filter_map(move |(i, _)| {
            let start = if text[..i].ends_with(origin) && is_start(i - origin.len()) {
                i - origin.len()
            } else if is_start(i) {
                i
            } else {
                return None;
            };
            // The destination of a Markdown `@/` link is the link step's: it reports a link
            // to a left-out page itself, by the path the editor wrote. Read here too, its
            // folder (`@/internal/wt.md` holds `/internal/`) would be a second error naming
            // a URL the editor never wrote. (Published text is still read by the barrier.)
            if ["](@", "]: @", "](<@"]
                .iter()
                .any(|p| text[..start].ends_with(p))
            {
                return None;
            }
            let end = text[i..].find(ends_url).map_or(text.len(), |e| i + e);
            let candidate = &text[start..end];
            let under = base.site_path(candidate)?;
            let (len, (content_path, why)) = longest_left_out(under, left_out)?;
            let mut written_end = start + candidate.len() - under.len() + len;
            if text[written_end..].starts_with('/') {
                written_end += 1;
            }
            Some(Found {
                written: &text[start..written_end],
                content_path,
                why,
                // Each one found is an error: counting lines from the top is cheap enough.
                line_col: line_col(text, start),
            })
        })
}

/// Whether a character ends a URL as written: whitespace, or one that no page URL holds.
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ')' | ']' | '>' | '<' | '"' | '\'' | '`' | '#' | '?' | '|' | '*' | '\\'
        )
}

/// The longest prefix of `under` (a path under the site root, as written) that is the URL of
/// a left-out page: every prefix ending before a `/`, before the first character that is not
/// URL-safe ASCII (`wt）`, `wt、`), and the whole. Returns its length and the page.
fn longest_left_out<'a>(
    under: &str,
    left_out: &'a HashMap<String, (String, Unpublished)>,
) -> Option<(usize, (&'a str, &'a Unpublished))> {
    let plain = under
        .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~%/".contains(c)))
        .unwrap_or(under.len());
    let cuts = under
        .match_indices('/')
        .map(|(j, _)| j)
        .chain([plain, under.len()]);
    let mut best: Option<(usize, (&str, &Unpublished))> = None;
    for cut in cuts {
        if cut == 0 || best.is_some_and(|(len, _)| len >= cut) {
            continue;
        }
        if let Some((path, why)) = lookup(&under[..cut], left_out) {
            best = Some((cut, (path.as_str(), why)));
        }
    }
    best
}

/// The left-out page a path under the site root (as written) names.
fn lookup<'a>(
    written: &str,
    left_out: &'a HashMap<String, (String, Unpublished)>,
) -> Option<&'a (String, Unpublished)> {
    let key = page_url(&normalise_site_path(written)?);
    left_out
        .get(&key)
        .filter(|(_, why)| *why != Unpublished::Broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_found_whatever_stands_around_them() {
        let base = BaseUrl::parse("https://example.go.jp/sub/").unwrap();
        let left_out = HashMap::from([(
            "teams/wt/".to_owned(),
            ("teams/wt.md".to_owned(), Unpublished::Withheld),
        )]);
        let found = |text: &str| -> Vec<String> {
            find(text, &base, &left_out)
                .map(|f| f.written.to_owned())
                .collect()
        };
        assert_eq!(found("参照：/teams/wt/を参照"), vec!["/teams/wt/"]);
        assert_eq!(found("（/sub/teams/wt）"), vec!["/sub/teams/wt"]);
        assert_eq!(
            found("はhttps://example.go.jp/sub/teams/wt/index.html。"),
            vec!["https://example.go.jp/sub/teams/wt/index.html"]
        );
        assert_eq!(found("/teams/%77t/"), vec!["/teams/%77t/"]);
        // Regression: a link to a withheld page was reported twice, the second time by the URL
        // of its folder, which the editor never wrote.
        for text in [
            "[a](@/teams/wt/x.md)",
            "[a]: @/teams/wt/x.md",
            "[a](<@/teams/wt/x.md>)",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
        assert_eq!(
            found("@/teams/wt/"),
            vec!["/teams/wt/"],
            "not a link: published"
        );
        for text in [
            "a/teams/wt/",
            "/teams/wtx/",
            "https://other.example/teams/wt/",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}
