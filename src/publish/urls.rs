//! Links by URL to pages that are not published: `[a](/iryou-innovation/internal/wt/)`, the
//! same from the site root (`/internal/wt/`) or under the base_url (`https://…`). An `@/` link to such a page is an error of the link step; a
//! URL written out is not resolved there, so the publish step looks for it: the URL of a
//! withheld page (or a draft this build leaves out) in a published page's text is an error at
//! its line, since it would publish the URL and link to nothing.
//!
//! A left-out page has no URL (the parse step's URLs are given to published pages only), so
//! the URL it would have is worked out here the same way: its section's URL, then its `slug:`
//! or file name.

use std::collections::HashMap;

use crate::config::BaseUrl;
use crate::error::{Diagnostic, Diagnostics, line_col};
use crate::links::normalise_site_path;
use crate::page::Page;
use crate::site::Unpublished;

/// The URL (under the site root, without a trailing `/`) each page would have, where it can
/// be worked out.
fn would_be_urls(pages: &[Page]) -> Vec<Option<String>> {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    let depth = |f: &str| {
        if f.is_empty() {
            0
        } else {
            f.matches('/').count() + 1
        }
    };
    order.sort_by_key(|&i| (!pages[i].is_section, depth(&pages[i].folder)));
    let mut sections: HashMap<&str, String> = HashMap::new();
    let mut urls = vec![None; pages.len()];
    for i in order {
        let page = &pages[i];
        if page.is_section && page.folder.is_empty() {
            sections.insert("", String::new());
            urls[i] = Some(String::new());
            continue;
        }
        let Some(parent) = page.parent_folder().and_then(|f| sections.get(f)).cloned() else {
            continue;
        };
        let default = if page.is_section {
            page.folder.rsplit('/').next().unwrap_or("")
        } else {
            let name = page.content_path.rsplit('/').next().unwrap_or("");
            name.strip_suffix(".md").unwrap_or(name)
        };
        let segment = page.front.slug.as_deref().unwrap_or(default);
        let url = match (parent.is_empty(), segment.is_empty()) {
            (_, true) => parent,
            (true, false) => segment.to_owned(),
            (false, false) => format!("{parent}/{segment}"),
        };
        if page.is_section {
            sections.insert(&page.folder, url.clone());
        }
        urls[i] = Some(url);
    }
    urls
}

/// The URLs of the pages left out (`left_out[i]` is `Some(reason)` for them), with their
/// content paths. Broken pages are not named: their own errors are reported already.
pub(crate) fn left_out_urls<'a>(
    pages: &'a [Page],
    left_out: &[Option<Unpublished>],
) -> HashMap<String, (&'a str, Unpublished)> {
    if left_out
        .iter()
        .all(|r| matches!(r, None | Some(Unpublished::Broken)))
    {
        return HashMap::new();
    }
    would_be_urls(pages)
        .into_iter()
        .zip(left_out)
        .enumerate()
        .filter_map(|(i, (url, why))| match (url, why) {
            (Some(url), Some(why)) if *why != Unpublished::Broken && !url.is_empty() => {
                Some((url, (pages[i].content_path.as_str(), why.clone())))
            }
            _ => None,
        })
        .collect()
}

/// Every URL of a left-out page written in a published page's body, as an error at its line.
pub(crate) fn check_page(
    page: &Page,
    base: &BaseUrl,
    left_out: &HashMap<String, (&str, Unpublished)>,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    if left_out.is_empty() {
        return out;
    }
    let body = &*page.body;
    let origin = base.origin();
    let is_boundary = |at: usize| {
        body[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([<\"'=:".contains(c))
    };
    for (i, _) in body.match_indices('/') {
        // `https://host/sub/…`, `/sub/…` and `/…` (from the site root) name the same page.
        let start = if body[..i].ends_with(origin) && is_boundary(i - origin.len()) {
            i - origin.len()
        } else if is_boundary(i) {
            i
        } else {
            continue;
        };
        let end = body[i..]
            .find(|c: char| c.is_whitespace() || ")]>\"'#?".contains(c))
            .map_or(body.len(), |e| i + e);
        let written = &body[start..end];
        let Some((path, why)) = base.site_path(written).and_then(|p| lookup(p, left_out)) else {
            continue;
        };
        let what = match why {
            Unpublished::Draft => "a draft, not published in this build",
            _ => "classified above 機密性1 and withheld from the public site",
        };
        let (line, col) = line_col(body, start);
        out.push(
            Diagnostic::error(
                &page.rel,
                format!(
                    "`{written}` is the URL of content/{path}, which is {what}: remove the link"
                ),
            )
            .at(line + page.body_line - 1, Some(col)),
        );
    }
    out
}

/// The left-out page a path under the site root (as written) names.
fn lookup<'a>(
    written: &str,
    left_out: &'a HashMap<String, (&'a str, Unpublished)>,
) -> Option<&'a (&'a str, Unpublished)> {
    let path = written.strip_suffix("index.html").unwrap_or(written);
    let decoded = normalise_site_path(path)?;
    left_out.get(decoded.trim_end_matches('/'))
}
