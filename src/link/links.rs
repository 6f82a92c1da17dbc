//! Internal links: resolving `@/`, relative and root-relative targets to URLs, and checking
//! every link and anchor once all pages are rendered.
//!
//! Part of the link step. A link to a missing file, to a draft or withheld page, or to an
//! anchor that the target does not have is an error at the link's PATH:LINE:COL; so is what
//! the Markdown renderer found wrong in the Markdown itself (a heading id written twice, a
//! `javascript:` link).

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::BaseUrl;
use crate::model::page::{Asset, Page};
use crate::model::paths::percent_decode;
use crate::model::publication::Unpublished;
use crate::model::rendered::LinkTarget;

use super::root::{RootIndex, RootTarget};

/// Resolves link targets against the site's pages and assets.
pub(crate) struct Resolver<'a> {
    /// The site's base URL.
    pub(crate) base: &'a BaseUrl,
    /// `@/` path → page index.
    pub(crate) by_path: &'a HashMap<String, usize>,
    /// Root-relative URL of each page.
    pub(crate) page_urls: &'a [String],
    /// Asset content path → output path.
    pub(crate) asset_urls: &'a HashMap<&'a str, &'a str>,
    /// What root-relative links name.
    pub(crate) root: &'a RootIndex<'a>,
}

impl Resolver<'_> {
    /// The URL of `target`, linked from a page in content folder `folder`.
    pub(crate) fn resolve(&self, folder: &str, target: &LinkTarget) -> Option<String> {
        if let LinkTarget::Root { path, anchor } = target {
            return self.root.url(path, anchor.as_deref(), self.page_urls);
        }
        let path = target_path(folder, target)?;
        let anchor = match target {
            LinkTarget::Internal { anchor, .. } | LinkTarget::Relative { anchor, .. } => anchor,
            LinkTarget::Fragment(_) | LinkTarget::Root { .. } => return None,
        };
        let url = match self.by_path.get(&path) {
            Some(&i) => self.page_urls[i].clone(),
            None => self.base.url(self.asset_urls.get(path.as_str())?),
        };
        Some(match anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        })
    }
}

/// The content path a link points to, `..` and `.` resolved; `None` if it leaves content/.
pub(crate) fn target_path(folder: &str, target: &LinkTarget) -> Option<String> {
    let joined = match target {
        LinkTarget::Internal { path, .. } => percent_decode(path),
        LinkTarget::Relative { path, .. } if folder.is_empty() => percent_decode(path),
        LinkTarget::Relative { path, .. } => format!("{folder}/{}", percent_decode(path)),
        // A root-relative path names an output URL, not a file under content/.
        LinkTarget::Fragment(_) | LinkTarget::Root { .. } => return None,
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The page a link points to, if it points to one.
pub(crate) fn linked_page(
    folder: &str,
    target: &LinkTarget,
    by_path: &HashMap<String, usize>,
    root: &RootIndex<'_>,
) -> Option<usize> {
    match target {
        LinkTarget::Root { path, .. } => match root.target(path)? {
            RootTarget::Page(i) => Some(i),
            RootTarget::File(_) => None,
        },
        _ => by_path.get(&target_path(folder, target)?).copied(),
    }
}

fn written(target: &LinkTarget) -> String {
    match target {
        LinkTarget::Internal { path, anchor } => {
            format!(
                "@/{path}{}",
                anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            )
        }
        LinkTarget::Relative { path, anchor } => {
            format!(
                "{path}{}",
                anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            )
        }
        LinkTarget::Root { path, anchor } => {
            format!(
                "/{path}{}",
                anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
            )
        }
        LinkTarget::Fragment(a) => format!("#{a}"),
    }
}

/// Checks every page's links and anchors, and reports what the renderer found wrong in the
/// Markdown.
pub(crate) fn check(
    pages: &[Page],
    by_path: &HashMap<String, usize>,
    assets: &[Asset],
    root: &RootIndex<'_>,
    unpublished: &HashMap<String, Unpublished>,
    left_out: &HashMap<String, (String, Unpublished)>,
) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for page in pages {
        let at = |(line, col): (usize, usize)| (line + page.body_line - 1, col);
        for problem in &page.rendered.problems {
            let mut d = Diagnostic::new(problem.code, &page.rel);
            d.args.clone_from(&problem.args);
            errors.push(d.at(at(problem.pos).0, Some(at(problem.pos).1)));
        }
        for link in &page.rendered.links {
            let located = |(code, args): Found| {
                let mut d = Diagnostic::new(code, &page.rel).arg("link", written(&link.target));
                d.args.extend(args);
                d.at_opt(Some(at(link.pos)))
            };
            let problem = match &link.target {
                LinkTarget::Root { path, .. }
                    if !link.resolved && root.is_left_out_page(path, left_out) =>
                {
                    None
                }
                LinkTarget::Root { path, anchor } => {
                    root_link_problem(path, anchor.as_deref(), root, pages)
                }
                LinkTarget::Fragment(a) => (!page.rendered.ids.contains(a))
                    .then(|| (Code::E0405, vec![("anchor", a.clone())])),
                LinkTarget::Internal { anchor, .. } | LinkTarget::Relative { anchor, .. } => {
                    let anchor = anchor.as_deref();
                    link_problem(page, link, anchor, by_path, assets, pages, unpublished)
                }
            };
            if let Some(found) = problem {
                errors.push(located(found));
            }
        }
    }
    errors
}

/// What is wrong with a link: the catalogue's code, and the values its words are made with
/// (the link as written is added by the caller).
type Found = (Code, Vec<(&'static str, String)>);

/// What is wrong with a root-relative link, if anything.
fn root_link_problem(
    path: &str,
    anchor: Option<&str>,
    root: &RootIndex<'_>,
    pages: &[Page],
) -> Option<Found> {
    match root.target(path) {
        None => Some((Code::E0406, Vec::new())),
        Some(RootTarget::Page(i)) => {
            let anchor = anchor?;
            let target = &pages[i];
            missing_anchor(anchor, &target.rendered)
                .map(|ids| anchor_problem(&target.content_path, anchor, ids))
        }
        Some(RootTarget::File(_)) => None,
    }
}

/// A link's anchor that its target page lacks (`ids`: what the page has).
fn anchor_problem(target: &str, anchor: &str, ids: String) -> Found {
    let args = vec![
        ("target", target.to_owned()),
        ("anchor", anchor.to_owned()),
        ("ids", ids),
    ];
    (Code::E0407, args)
}

/// What is wrong with an `@/` or relative link (its anchor, if any, is `anchor`), if anything.
fn link_problem(
    page: &Page,
    link: &crate::model::rendered::Link,
    anchor: Option<&str>,
    by_path: &HashMap<String, usize>,
    assets: &[Asset],
    pages: &[Page],
    unpublished: &HashMap<String, Unpublished>,
) -> Option<Found> {
    let Some(path) = target_path(&page.folder, &link.target) else {
        return Some((Code::E0408, Vec::new()));
    };
    if !link.resolved {
        let target = ("target", path.clone());
        return Some(match unpublished.get(&path) {
            Some(Unpublished::Broken) => return None,
            Some(why @ Unpublished::Draft) => (
                Code::E0409,
                vec![target, ("why", why.left_out_key().to_owned())],
            ),
            Some(why @ Unpublished::Withheld) => (
                Code::E0410,
                vec![target, ("why", why.left_out_key().to_owned())],
            ),
            None if path.ends_with('/') || !path.contains('.') => {
                let section = path.trim_end_matches('/').to_owned();
                (Code::E0411, vec![("section", section)])
            }
            None => (Code::E0412, vec![target]),
        });
    }
    let anchor = anchor?;
    let Some(&target) = by_path.get(&path) else {
        let is_asset = assets.iter().any(|a| a.content_path == path);
        return (!is_asset).then(|| (Code::E0413, Vec::new()));
    };
    missing_anchor(anchor, &pages[target].rendered).map(|ids| anchor_problem(&path, anchor, ids))
}

/// `None` if `anchor` is an id of a page rendered as `rendered`; else the ids it has (its first
/// headings' ids, or `none`), for the message that says so. Template functions that take
/// `@/page.md#anchor` say the same as Markdown links.
pub(crate) fn missing_anchor(
    anchor: &str,
    rendered: &crate::model::rendered::Rendered,
) -> Option<String> {
    if rendered.ids.contains(anchor) {
        return None;
    }
    let mut known: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    known.truncate(8);
    Some(if known.is_empty() {
        "none".to_owned()
    } else {
        known.join(", ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_paths_resolve_dots() {
        let rel = |p: &str| LinkTarget::Relative {
            path: p.into(),
            anchor: None,
        };
        assert_eq!(
            target_path("teams", &rel("../issues/a.md")).as_deref(),
            Some("issues/a.md")
        );
        assert_eq!(
            target_path("teams", &rel("./chart.png")).as_deref(),
            Some("teams/chart.png")
        );
        assert_eq!(target_path("", &rel("../../x")), None);
        assert_eq!(
            target_path("teams", &rel("%E5%9B%B3.png")).as_deref(),
            Some("teams/図.png")
        );
    }
}
