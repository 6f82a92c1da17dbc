//! The publish decision: which parsed pages and files go on the public site.
//!
//! Part of the gate, between parse and link. Every page gets a classification: its own
//! `classification:`, else its nearest section's, else site.yaml's; a page with none is an
//! error, because nothing is published without one. Pages above 機密性1 are withheld, and drafts
//! are left out unless the build asks for them; a section that is left out takes its pages and
//! files with it.
//!
//! What is left out is dropped here, before anything is linked or rendered, so that nothing of
//! it (title, text, URL, file name) can reach any output; only its content path is kept, so
//! that a link to it gets an error saying why. Published pages are then held to the gate: the
//! gate's findings in their text are errors, unless the page `allow:`s the string ([`super::findings`]);
//! once they are rendered, what they show is read again (`check_rendered`).
//!
//! Files under content/ other than pages are copied beside their pages, except those that only
//! pages left out of the build may be using (beside such a page, or named by one,
//! [`super::suspect_assets`]): once the link step has resolved every link, `link::assets` drops
//! those that no published page links (a file that only a withheld page shows is withheld with
//! it, unnamed), warns about the other files no page links, and holds the text ones to the
//! gate.

use std::collections::HashMap;

use super::{findings, suspect_assets, withheld_urls as urls};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate;
use crate::load::config::Config;
use crate::load::source::SourceFile;
use crate::model::finding::Classification;
use crate::model::page::Page;
use crate::model::publication::Publication;
use crate::model::publication::Unpublished;
use crate::parse;

/// The decision for one page: published, with the draft flag it inherits (its own
/// `draft:` or an enclosing section's), or left out, and why (a page without a classification
/// is left out like a broken file: its error is reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    Publish { draft: bool },
    Leave(Unpublished),
}

impl Decision {
    /// Why a page is left out, or `None` if it is published.
    pub(crate) fn left_out(&self) -> Option<&Unpublished> {
        match self {
            Decision::Publish { .. } => None,
            Decision::Leave(why) => Some(why),
        }
    }
}

/// Splits the published pages and files from the rest; `broken` names Markdown files that
/// failed to parse.
pub(crate) fn select(
    config: &Config,
    pages: Vec<Page>,
    assets: Vec<SourceFile>,
    broken: &[String],
    drafts: bool,
) -> (Vec<Page>, Vec<SourceFile>, Publication, Diagnostics) {
    let mut errors = Diagnostics::new();
    let site_level = site_classification(config, &mut errors);
    check_site_text(config, &mut errors);
    let own: Vec<Option<Classification>> = pages
        .iter()
        .map(|p| own_classification(p, &mut errors))
        .collect();
    let sections = Sections::of(&pages);
    let decisions: Vec<Decision> = (0..pages.len())
        .map(|i| decide(i, &pages, &own, &sections, site_level, drafts, &mut errors))
        .collect();
    let sections = sections.original;
    let mut publication = Publication::default();
    for path in broken {
        publication
            .unpublished
            .insert(path.clone(), Unpublished::Broken);
    }
    let folder_decision = |folder: &str| section_decision(folder, &sections, &decisions);
    let assets: Vec<SourceFile> = assets
        .into_iter()
        .filter(|a| {
            let folder = a.content_path.rsplit_once('/').map_or("", |(d, _)| d);
            folder_decision(folder).left_out().is_none()
        })
        .collect();
    let urls = parse::urls::urls(&pages, &config.languages);
    publication.left_out_urls = urls::left_out_urls(&pages, &urls, &decisions);
    let left_out = pages
        .iter()
        .zip(&decisions)
        .filter(|(_, d)| d.left_out().is_some())
        .map(|(p, _)| (p.content_path.as_str(), [&*p.front_text, &*p.body]))
        .chain(broken.iter().map(|b| (b.as_str(), ["", ""])));
    let section_folders = sections.keys().copied().collect();
    publication.suspect_assets =
        suspect_assets::suspect_assets(&assets, left_out, &section_folders);
    for (page, decision) in pages.iter().zip(&decisions) {
        if decision.left_out().is_none() {
            findings::check_source(page, &mut errors);
            let left_out = &publication.left_out_urls;
            errors.extend(urls::check_page(page, &config.base_url, left_out));
        }
    }
    let published = split(pages, urls, decisions, &mut publication, &mut errors);
    (published, assets, publication, errors)
}

/// Keeps the published pages, each with its URL and the draft flag it inherits, and records
/// the others (by content path only) with the reason. A published page without a URL (a bad
/// slug) is reported and left out like a broken file.
fn split(
    pages: Vec<Page>,
    urls: Vec<Result<String, Diagnostic>>,
    decisions: Vec<Decision>,
    publication: &mut Publication,
    errors: &mut Diagnostics,
) -> Vec<Page> {
    let mut published = Vec::with_capacity(pages.len());
    for ((mut page, url), decision) in pages.into_iter().zip(urls).zip(decisions) {
        let reason = match (decision, url) {
            (Decision::Leave(reason), _) => reason,
            (Decision::Publish { .. }, Err(d)) => {
                errors.push(d);
                Unpublished::Broken
            }
            (Decision::Publish { draft }, Ok(url)) => {
                page.url = url;
                // What the page inherits, for everything that treats drafts apart.
                page.draft = draft;
                publication.drafts_published += usize::from(draft);
                published.push(page);
                continue;
            }
        };
        match reason {
            Unpublished::Draft => publication.drafts += 1,
            Unpublished::Withheld => publication.withheld += 1,
            Unpublished::Broken => {}
        }
        publication.unpublished.insert(page.content_path, reason);
    }
    published
}

fn site_classification(config: &Config, errors: &mut Diagnostics) -> Option<Classification> {
    let Some((text, pos)) = config.classification.as_ref() else {
        if let Some(at) = config.position(&["classification"]) {
            errors.push(Diagnostic::new(Code::E0306, &config.path).at(at.0, Some(at.1)));
        }
        return None;
    };
    gate::parse_classification(text)
        .map_err(|code| {
            errors.push(
                Diagnostic::new(code, &config.path)
                    .arg("text", text)
                    .suggest_nearest(text, gate::CLASSIFICATIONS)
                    .at_opt(*pos),
            )
        })
        .ok()
}

/// site.yaml's text (the title, feed title, relation labels, `extra:`…) reaches every page:
/// the gate's findings in it are errors. Only the `classification` key and comment lines are
/// not read; nothing in site.yaml can be `allow:`ed.
fn check_site_text(config: &Config, errors: &mut Diagnostics) {
    let skip: Vec<(usize, usize)> = config
        .index
        .block(&["classification"])
        .into_iter()
        .collect();
    let text: Vec<String> = (1..)
        .map_while(|n| config.index.line(n))
        .map(|l| {
            if l.trim_start().starts_with('#') {
                String::new()
            } else {
                l
            }
        })
        .collect();
    let written = gate::scan(&text.join("\n"), &skip);
    let decoded = config_values(config)
        .into_iter()
        .flat_map(|(keys, value)| {
            let (line, col) = config.position(&keys).unwrap_or((1, 1));
            gate::scan_value(value, line, col)
        })
        .filter(|f| {
            let token = gate::normalise(&f.token);
            !written
                .iter()
                .any(|w| w.kind == f.kind && gate::normalise(&w.token) == token)
        });
    let mut reported: Vec<(usize, String)> = Vec::new();
    for f in written.iter().cloned().chain(decoded) {
        if reported.contains(&(f.line, f.token.clone())) {
            continue;
        }
        reported.push((f.line, f.token.clone()));
        errors.push(
            f.rule
                .args(Diagnostic::new(Code::E0303, &config.path), &f.token)
                .at(f.line, Some(f.col)),
        );
    }
}

/// site.yaml's values that reach pages, as YAML decoded them (escapes undone, lines joined),
/// with the keys that lead to them.
fn config_values(config: &Config) -> Vec<(Vec<&str>, &str)> {
    let mut out: Vec<(Vec<&str>, &str)> = vec![(vec!["title"], config.title.as_str())];
    if let Some(title) = &config.feed.title {
        out.push((vec!["feed", "title"], title));
    }
    for r in &config.relations {
        out.push((vec!["relations", &r.name, "label"], &r.label));
        out.push((
            vec!["relations", &r.name, "inverse_label"],
            &r.inverse_label,
        ));
    }
    out.extend(
        config
            .extra
            .strings()
            .into_iter()
            .map(|s| (vec!["extra"], s)),
    );
    out
}

fn own_classification(page: &Page, errors: &mut Diagnostics) -> Option<Classification> {
    let Some(text) = page.front.classification.as_ref() else {
        if let Some(at) = page.front.position("classification") {
            // No value (YAML null): an error, like `""`, rather than "inherit".
            errors.push(Diagnostic::new(Code::E0306, &page.rel).at(at.0, Some(at.1)));
        }
        return None;
    };
    gate::parse_classification(text)
        .map_err(|code| {
            let at = page.front.value_position("classification", text.trim());
            errors.push(
                Diagnostic::new(code, &page.rel)
                    .arg("text", text)
                    .suggest_nearest(text, gate::CLASSIFICATIONS)
                    .at_opt(at),
            );
        })
        .ok()
}

/// The folder that holds `folder` (`None` above the home section's).
fn folder_above(folder: &str) -> Option<&str> {
    (!folder.is_empty()).then(|| folder.rsplit_once('/').map_or("", |(p, _)| p))
}

/// The sections enclosing a page, nearest first (a section's own `_index.md` not included).
fn enclosing<'a>(page: &'a Page, sections: &'a HashMap<&str, usize>) -> Vec<usize> {
    let parent = |f: &&'a str| (!f.is_empty()).then(|| f.rsplit_once('/').map_or("", |(p, _)| p));
    std::iter::successors(page.parent_folder(), parent)
        .filter_map(|f| sections.get(f).copied())
        .collect()
}

/// The sections of the site: those of the default language by folder, and their
/// translations by language and folder; the pages by content path.
struct Sections<'a> {
    original: HashMap<&'a str, usize>,
    translated: HashMap<(&'a str, &'a str), usize>,
    by_path: HashMap<&'a str, usize>,
}

impl<'a> Sections<'a> {
    fn of(pages: &'a [Page]) -> Self {
        let mut original = HashMap::new();
        let mut translated = HashMap::new();
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.is_section) {
            match p.original {
                None => original.insert(p.folder.as_str(), i),
                Some(_) => translated.insert((p.lang.as_str(), p.folder.as_str()), i),
            };
        }
        let by_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_path.as_str(), i))
            .collect();
        Sections {
            original,
            translated,
            by_path,
        }
    }
}

/// The classifications that decide a page's fate, its own first, then each level above it,
/// nearest first; and whether it or a level above is a draft. A translation's levels are its
/// own, its original's with every level above the original (which may live in another folder,
/// paired by `translation_key:`), then, folder by folder, its section's translation and the
/// section: whatever withholds the original (or makes it a draft) withholds the translation
/// too.
fn levels(
    i: usize,
    pages: &[Page],
    own: &[Option<Classification>],
    sections: &Sections<'_>,
) -> (Vec<Option<Classification>>, bool) {
    let page = &pages[i];
    let ancestors = enclosing(page, &sections.original);
    let Some(original) = page.original.as_deref() else {
        let chain = std::iter::once(own[i])
            .chain(ancestors.iter().map(|&s| own[s]))
            .collect();
        // A page is a draft if it says so or an enclosing section does.
        let draft = page.front.draft || ancestors.iter().any(|&s| pages[s].front.draft);
        return (chain, draft);
    };
    let o = sections.by_path[original];
    let (above, original_draft) = levels(o, pages, own, sections);
    let mut chain = vec![own[i]];
    chain.extend(above);
    let mut draft = page.front.draft || original_draft;
    for folder in std::iter::successors(page.parent_folder(), |f| folder_above(f)) {
        let here = [
            sections.translated.get(&(page.lang.as_str(), folder)),
            sections.original.get(folder),
        ];
        for &s in here.into_iter().flatten() {
            chain.push(own[s]);
            draft |= pages[s].front.draft;
        }
    }
    (chain, draft)
}

fn decide(
    i: usize,
    pages: &[Page],
    own: &[Option<Classification>],
    sections: &Sections<'_>,
    site_level: Option<Classification>,
    drafts: bool,
    errors: &mut Diagnostics,
) -> Decision {
    let page = &pages[i];
    let (chain, draft) = levels(i, pages, own, sections);
    match fate(&chain, draft, site_level, drafts) {
        Fate::Unclassified => {
            errors.push(Diagnostic::new(Code::E0307, &page.rel).at(1, Some(1)));
            Decision::Leave(Unpublished::Broken)
        }
        Fate::Withheld { says_public } => {
            if says_public {
                errors.push(withheld_above(page, pages, own, sections, site_level));
            }
            Decision::Leave(Unpublished::Withheld)
        }
        Fate::Draft => Decision::Leave(Unpublished::Draft),
        Fate::Publish { draft } => Decision::Publish { draft },
    }
}

/// The error of a page that says 機密性1 where something above it withholds it: an enclosing
/// section, or, for a translation, the page it translates.
fn withheld_above(
    page: &Page,
    pages: &[Page],
    own: &[Option<Classification>],
    sections: &Sections<'_>,
    site_level: Option<Classification>,
) -> Diagnostic {
    let at = page.front.position("classification");
    let original = page.original.as_deref().map(|o| sections.by_path[o]);
    let original_withheld = original.is_some_and(|o| {
        let (chain, draft) = levels(o, pages, own, sections);
        matches!(fate(&chain, draft, site_level, true), Fate::Withheld { .. })
    });
    match original {
        Some(o) if original_withheld => Diagnostic::new(Code::E0350, &page.rel)
            .arg("original", crate::diag::display_path(&pages[o].rel))
            .at_opt(at),
        _ => Diagnostic::new(Code::E0308, &page.rel).at_opt(at),
    }
}

/// What becomes of one page or file, by [`fate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Published (a draft only in a build that shows drafts).
    Publish {
        /// Whether it is a draft, by its own `draft:` or an enclosing section's.
        draft: bool,
    },
    /// Classified above 機密性1, or inside a section that is.
    Withheld {
        /// It says 機密性1 itself (an error: it cannot be public there).
        says_public: bool,
    },
    /// A draft, in a build that leaves drafts out.
    Draft,
    /// Neither it, nor a section above it, nor site.yaml gives a classification (an error).
    Unclassified,
}

/// The one rule of what is published. `chain` holds the classification each level sets itself:
/// the page's own first, then each enclosing section's, nearest first; each level takes its
/// own, else the nearest one above it, else `site`'s. The page is published only if its level
/// is 機密性1 and no section above it is withheld; then it is left out as a draft if it or a
/// section above it is one (`draft`) and the build does not show drafts. The preview's overlay
/// asks the same rule of the files a failed build names.
pub(crate) fn fate(
    chain: &[Option<Classification>],
    draft: bool,
    site: Option<Classification>,
    drafts_shown: bool,
) -> Fate {
    let effective = |k: usize| chain[k..].iter().find_map(|l| *l).or(site);
    let Some(level) = effective(0) else {
        return Fate::Unclassified;
    };
    let withheld_above = (1..chain.len()).any(|k| effective(k).is_some_and(|c| !c.is_public()));
    if !level.is_public() || withheld_above {
        return Fate::Withheld {
            says_public: level.is_public(),
        };
    }
    if draft && !drafts_shown {
        return Fate::Draft;
    }
    Fate::Publish { draft }
}

/// The decision of the section that owns a content folder (the nearest enclosing one).
fn section_decision<'a>(
    folder: &str,
    sections: &HashMap<&str, usize>,
    decisions: &'a [Decision],
) -> &'a Decision {
    const PUBLISH: Decision = Decision::Publish { draft: false };
    let mut f = folder;
    loop {
        if let Some(&s) = sections.get(f) {
            return &decisions[s];
        }
        if f.is_empty() {
            return &PUBLISH;
        }
        f = f.rsplit_once('/').map_or("", |(p, _)| p);
    }
}
