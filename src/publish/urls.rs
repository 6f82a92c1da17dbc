//! Links by URL to pages that are not published: `[a](/iryou-innovation/internal/wt/)`, the
//! same from the site root (`/internal/wt/`) or under the base_url (`https://…`). An `@/` link to such a page is an error of the link step; a
//! URL written out is not resolved there, so the publish step looks for it: the URL of a
//! withheld page (or a draft this build leaves out) in a published page's text is an error at
//! its line, since it would publish the URL and link to nothing.
//!
//! A left-out page has no URL, but the publish step works out every page's URL before it
//! leaves any out ([`crate::page::urls`]), and keeps where the left-out ones would be.

use std::collections::HashMap;

use crate::config::BaseUrl;
use crate::error::{Diagnostic, Diagnostics, line_col};
use crate::links::{normalise_site_path, page_url};
use crate::page::Page;
use crate::site::Unpublished;

/// The table of where the pages left out of the build (`left_out[i]` is `Some(reason)` for
/// them) would be: page URL → content path and reason, from the URLs worked out for every
/// page ([`crate::page::urls`]). Broken pages are in it too, so that a link to one is not
/// reported a second time (their own errors are).
pub(crate) fn left_out_urls(
    pages: &[Page],
    urls: &[Result<String, Diagnostic>],
    left_out: &[Option<Unpublished>],
) -> HashMap<String, (String, Unpublished)> {
    pages
        .iter()
        .zip(urls)
        .zip(left_out)
        .filter_map(|((page, url), why)| match (url, why) {
            (Ok(url), Some(why)) if !url.is_empty() => {
                Some((url.clone(), (page.content_path.clone(), why.clone())))
            }
            _ => None,
        })
        .collect()
}

/// Every URL of a left-out page written in a published page's body, as an error at its line.
pub(crate) fn check_page(
    page: &Page,
    base: &BaseUrl,
    left_out: &HashMap<String, (String, Unpublished)>,
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
            Unpublished::Withheld => "classified above 機密性1 and withheld from the public site",
            // Its own errors are reported.
            Unpublished::Broken => continue,
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
    left_out: &'a HashMap<String, (String, Unpublished)>,
) -> Option<&'a (String, Unpublished)> {
    left_out.get(&page_url(&normalise_site_path(written)?))
}
