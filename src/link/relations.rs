//! Relations declared in site.yaml, resolved both ways.
//!
//! Part of the link step. For each relation (e.g. `issues` from `teams` to `issues`), a page of
//! a `from` section lists target slugs; a slug that names no page of the `to` section is an
//! error at its line. Each target then sees the pages that list it (the inverse), and each page
//! sees its related pages: for a source, the other sources sharing a target with it; for a
//! target, the other targets sharing a source.
//!
//! Across languages, a relation is the same in every language and each language sees its own
//! pages: an English team page lists the English versions of its shared issues, and an issue
//! without an English version in Japanese (the theme says so, and links it with
//! `hreflang`); an English issue page lists the teams whose English (or, lacking one,
//! Japanese) page lists it. A translation lists targets by the same slugs as its original.

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::link::languages::Versions;
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
    versions: &Versions,
) -> (Relations, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut links = Vec::new();
    let langs: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    for relation in &config.relations {
        check_sections(config, relation, by_path, &mut errors);
        let own = own_targets(relation, pages, unpublished, &mut errors);
        links.push(resolve(pages, &own, rank, versions, &langs));
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

/// Every `note_link:` of every relation (its own, and each language's) names a published
/// page, and the heading its `#id` names: after the Markdown is rendered (its headings' ids).
pub(crate) fn check_note_links(
    config: &Config,
    pages: &[Page],
    by_path: &HashMap<String, usize>,
) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for relation in &config.relations {
        check_relation_note_links(config, relation, pages, by_path, &mut errors);
    }
    errors
}

fn check_relation_note_links(
    config: &Config,
    relation: &Relation,
    pages: &[Page],
    by_path: &HashMap<String, usize>,
    errors: &mut Diagnostics,
) {
    let name = relation.name.as_str();
    let own = relation
        .note_link
        .as_deref()
        .map(|l| (l, vec!["relations", name, "note_link"]));
    let by_language = config.languages.iter().filter_map(|lang| {
        let link = lang.relations.get(name)?.note_link.as_deref()?;
        Some((
            link,
            vec![
                "languages",
                lang.code.as_str(),
                "relations",
                name,
                "note_link",
            ],
        ))
    });
    for (link, keys) in own.into_iter().chain(by_language) {
        let at = config.value_position(&keys, link);
        let rest = link.strip_prefix("@/").unwrap_or("");
        let (path, anchor) = rest
            .split_once('#')
            .map_or((rest, None), |(p, a)| (p, Some(a)));
        let error = |code| {
            Diagnostic::new(code, &config.path)
                .arg("name", name)
                .arg("link", link)
                .arg("path", path)
                .at_opt(at)
        };
        let Some(&t) = by_path.get(path) else {
            errors.push(error(Code::E0451));
            continue;
        };
        if let Some(anchor) = anchor
            && !pages[t].rendered.ids.contains(anchor)
        {
            errors.push(error(Code::E0452).arg("anchor", anchor));
        }
    }
}

fn in_from(relation: &Relation, page: &Page) -> bool {
    !page.is_section && relation.from.iter().any(|f| in_section(&page.folder, f))
}

/// For each page: the targets its own list names (their pages in the default language), in
/// the order written; each slug that names nothing is an error at its line.
fn own_targets(
    relation: &Relation,
    pages: &[Page],
    unpublished: &HashMap<String, Unpublished>,
    errors: &mut Diagnostics,
) -> Vec<Vec<usize>> {
    let by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_section && p.original.is_none() && p.folder == relation.to)
        .map(|(i, p)| (p.slug(), i))
        .collect();
    let mut targets = vec![Vec::new(); pages.len()];
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
                Some(&t) if targets[i].contains(&t) => errors.push(
                    Diagnostic::new(Code::E0416, &page.rel)
                        .arg("key", key)
                        .arg("slug", slug)
                        .at_opt(at),
                ),
                Some(&t) => targets[i].push(t),
                None => {
                    if let Some(d) = missing_target(&page.rel, relation, slug, unpublished) {
                        let d = match d.code {
                            Code::E0419 => {
                                let mut slugs: Vec<&str> = by_slug.keys().copied().collect();
                                slugs.sort_unstable();
                                d.suggest(slug, slugs)
                            }
                            _ => d,
                        };
                        errors.push(d.at_opt(at));
                    }
                }
            }
        }
    }
    targets
}

/// Each page's targets and sources in its own language: the version in that language of
/// every page it shows, else the page in the default language. `own` are the targets each
/// page lists (in the default language).
fn resolve(
    pages: &[Page],
    own: &[Vec<usize>],
    rank: &[usize],
    versions: &Versions,
    langs: &[&str],
) -> RelationLinks {
    let n = pages.len();
    let single = versions.of.is_empty();
    // The page that shows group `o` (by its original) to a reader of `lang`.
    let view = |o: usize, lang: &str| match single {
        true => o,
        false => versions.version_in(pages, o, lang).unwrap_or(o),
    };
    let mut out = RelationLinks {
        targets: vec![Vec::new(); n],
        sources: vec![Vec::new(); n],
        related: vec![Vec::new(); n],
    };
    for (i, list) in own.iter().enumerate() {
        let lang = pages[i].lang.as_str();
        out.targets[i] = list.iter().map(|&t| view(t, lang)).collect();
    }
    // Each language's readers see, on a target, the pages of every group whose page in their
    // language (or, lacking one, in the default language) lists it.
    for (k, &lang) in langs.iter().enumerate() {
        for o in (0..n).filter(|&o| versions.original_of[o] == o) {
            let source = view(o, lang);
            for &t in &own[source] {
                let target = view(t, lang);
                // The default language's pages see only their own; another language's pages
                // are seen where the target has a version in it.
                if (k == 0 && source == o) || (k > 0 && pages[target].lang == lang) {
                    out.sources[target].push(source);
                }
            }
        }
        if single {
            break;
        }
    }
    for list in &mut out.sources {
        list.sort_unstable_by_key(|&p| rank[p]);
        list.dedup();
    }
    let view_of = |i: usize, other: usize| view(versions.original_of[other], &pages[i].lang);
    out.related = related(rank, &out.targets, &out.sources, &view_of, versions);
    out
}

/// Each unknown front-matter key that is the inverse name of a relation (`teams:` on an issue
/// page) explained as such (E0238): the link is written on the other side, which lists this
/// page by its slug; other diagnostics as they are.
pub(crate) fn explain_inverse_keys(errors: Diagnostics, relations: &[Relation]) -> Diagnostics {
    errors
        .into_iter()
        .map(|d| {
            let inverse = (d.code == Code::E0203)
                .then(|| d.arg_value("key"))
                .flatten()
                .and_then(|key| relations.iter().find(|r| r.inverse == key));
            let Some(relation) = inverse else {
                return d;
            };
            let slug = d.path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let mut out = Diagnostic::new(Code::E0238, &d.path)
                .arg("key", &relation.inverse)
                .arg("relation", &relation.name)
                .arg("from", describe(&relation.from))
                .arg("to", &relation.to)
                .arg("slug", slug.unwrap_or_default());
            (out.line, out.col) = (d.line, d.col);
            out
        })
        .collect()
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
/// A related page is shown to page `i` as `view(i, other)` (its version in `i`'s language, or
/// the page itself); never a version of `i`.
fn related(
    rank: &[usize],
    targets: &[Vec<usize>],
    sources: &[Vec<usize>],
    view: &dyn Fn(usize, usize) -> usize,
    versions: &Versions,
) -> Vec<Vec<usize>> {
    let single = versions.of.is_empty();
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
                let other = if single { other } else { view(i, other) };
                if versions.original_of[other] != versions.original_of[i] {
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
