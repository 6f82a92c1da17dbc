//! Relations declared in site.yaml, resolved both ways.
//!
//! Part of the link step. For each relation (e.g. `issues` from `teams` to `issues`), a page of
//! a `from` section lists target slugs; a slug that names no page of the `to` section is an
//! error at its line. Each target then sees the pages that list it (the inverse), and each page
//! sees its related pages: for a source, the other sources sharing a target with it; for a
//! target, the other targets sharing a source.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::{Config, Relation};
use crate::model::page::Page;
use crate::model::paths::{in_section, section_index};
use crate::model::publication::Unpublished;

/// How many related pages a page lists at most (most shared targets first): on a site where
/// thousands of pages share a target, listing all of them on every page would be quadratic.
pub(crate) const RELATED_LIMIT: usize = 24;

/// One relation, resolved: lists by page index.
#[derive(Debug, Clone, Default)]
pub(crate) struct RelationLinks {
    /// For each page: the targets it lists, in the order written.
    pub(crate) targets: Vec<Vec<usize>>,
    /// For each page: the pages that list it, ordered by weight then title.
    pub(crate) sources: Vec<Vec<usize>>,
    /// For each page: related pages, most shared first, at most [`RELATED_LIMIT`].
    pub(crate) related: Vec<Vec<usize>>,
}

/// Every relation of site.yaml, in its order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Relations {
    /// Aligned with `Config::relations`.
    pub(crate) links: Vec<RelationLinks>,
}

/// Resolves every relation.
pub(crate) fn build(
    config: &Config,
    pages: &[Page],
    by_path: &HashMap<String, usize>,
    unpublished: &HashMap<String, Unpublished>,
    rank: &[usize],
) -> (Relations, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut links = Vec::new();
    for relation in &config.relations {
        check_sections(config, relation, by_path, &mut errors);
        links.push(resolve(relation, pages, unpublished, rank, &mut errors));
    }
    (Relations { links }, errors)
}

/// Whether content/SECTION/_index.md is among the published pages.
fn section_exists(by_path: &HashMap<String, usize>, section: &str) -> bool {
    by_path.contains_key(&section_index(section))
}

fn check_sections(
    config: &Config,
    relation: &Relation,
    by_path: &HashMap<String, usize>,
    errors: &mut Diagnostics,
) {
    let name = relation.name.as_str();
    let sections = relation
        .from
        .iter()
        .map(|s| ("from", s))
        .chain(std::iter::once(("to", &relation.to)));
    for (key, section) in sections {
        if !section_exists(by_path, section) {
            errors.push(
                Diagnostic::new(Code::E0414, &config.path)
                    .arg("name", name)
                    .arg("key", key)
                    .arg("section", section)
                    .at_opt(config.value_position(&["relations", name, key], section)),
            );
        }
    }
}

fn in_from(relation: &Relation, page: &Page) -> bool {
    !page.is_section && relation.from.iter().any(|f| in_section(&page.folder, f))
}

fn resolve(
    relation: &Relation,
    pages: &[Page],
    unpublished: &HashMap<String, Unpublished>,
    rank: &[usize],
    errors: &mut Diagnostics,
) -> RelationLinks {
    let n = pages.len();
    let by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_section && p.folder == relation.to)
        .map(|(i, p)| (p.slug(), i))
        .collect();
    let mut out = RelationLinks {
        targets: vec![Vec::new(); n],
        sources: vec![Vec::new(); n],
        related: vec![Vec::new(); n],
    };
    for (i, page) in pages.iter().enumerate() {
        let Some((_, slugs)) = page
            .front
            .relations
            .iter()
            .find(|(k, _)| *k == relation.name)
        else {
            continue;
        };
        let key = relation.name.as_str();
        if !in_from(relation, page) {
            errors.push(
                Diagnostic::new(Code::E0415, &page.rel)
                    .arg("key", key)
                    .arg("from", describe(&relation.from))
                    .at_opt(page.front.position(key)),
            );
            continue;
        }
        for slug in slugs {
            let at = page.front.value_position(key, slug);
            match by_slug.get(slug.as_str()) {
                Some(&t) if out.targets[i].contains(&t) => errors.push(
                    Diagnostic::new(Code::E0416, &page.rel)
                        .arg("key", key)
                        .arg("slug", slug)
                        .at_opt(at),
                ),
                Some(&t) => {
                    out.targets[i].push(t);
                    out.sources[t].push(i);
                }
                None => {
                    if let Some(d) = missing_target(&page.rel, relation, slug, unpublished) {
                        errors.push(d.at_opt(at));
                    }
                }
            }
        }
    }
    for list in &mut out.sources {
        list.sort_unstable_by_key(|&p| rank[p]);
    }
    out.related = related(rank, &out.targets, &out.sources);
    out
}

fn describe(sections: &[String]) -> String {
    sections
        .iter()
        .map(|s| format!("content/{s}/"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a slug names nothing; `None` when its page failed to parse (already reported).
fn missing_target(
    rel: &Path,
    relation: &Relation,
    slug: &str,
    unpublished: &HashMap<String, Unpublished>,
) -> Option<Diagnostic> {
    let (key, to) = (&relation.name, &relation.to);
    let code = match unpublished.get(&format!("{to}/{slug}.md")) {
        Some(Unpublished::Broken) => return None,
        Some(Unpublished::Draft) => Code::E0417,
        Some(Unpublished::Withheld) => Code::E0418,
        None => Code::E0419,
    };
    Some(
        Diagnostic::new(code, rel)
            .arg("key", key)
            .arg("slug", slug)
            .arg("to", to)
            .arg(
                "why",
                if code == Code::E0417 {
                    "draft"
                } else {
                    "withheld"
                },
            ),
    )
}

/// For sources, the other sources sharing a target; for targets, the other targets sharing a
/// source. Most shared first, then in site order; at most [`RELATED_LIMIT`]. Counting goes
/// through one reused array, not a map per page: a target listed by thousands of pages makes
/// this the hottest loop of the link step.
fn related(rank: &[usize], targets: &[Vec<usize>], sources: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = rank.len();
    let mut out = vec![Vec::new(); n];
    let mut count = vec![0u32; n];
    let mut touched: Vec<usize> = Vec::new();
    for (i, slot) in out.iter_mut().enumerate() {
        let (via, back) = if !targets[i].is_empty() {
            (&targets[i], sources)
        } else if !sources[i].is_empty() {
            (&sources[i], targets)
        } else {
            continue;
        };
        for &mid in via {
            for &other in &back[mid] {
                if other != i {
                    if count[other] == 0 {
                        touched.push(other);
                    }
                    count[other] += 1;
                }
            }
        }
        let key = |p: &usize| (std::cmp::Reverse(count[*p]), rank[*p]);
        let mut best = touched.clone();
        if best.len() > RELATED_LIMIT {
            best.select_nth_unstable_by_key(RELATED_LIMIT, key);
            best.truncate(RELATED_LIMIT);
        }
        best.sort_unstable_by_key(key);
        *slot = best;
        for &p in &touched {
            count[p] = 0;
        }
        touched.clear();
    }
    out
}
