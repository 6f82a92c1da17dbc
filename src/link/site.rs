//! The linked [`Site`]: published pages, and how they connect. The link step's result.
//!
//! Renders every page's Markdown (in parallel, with `@/` and relative links resolved against
//! the site), checks links and anchors, and builds what templates show: the section tree with
//! pages ordered by weight then title, ancestors (breadcrumbs), siblings with previous and next,
//! relations both ways with related pages, and backlinks. Everything is computed once here and
//! shared by index, so no page's lists are rebuilt per page.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::links::{self, Resolver};
use super::root::RootIndex;
use super::theme_links::ThemeLinks;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::link::languages::{self, LangSite, Versions};
use crate::link::markdown;
use crate::link::markdown::shortcodes::Facts;
use crate::link::relations::{self, Relations};
use crate::load::config::Config;
use crate::model::page::{Asset, Page};
use crate::model::paths::{in_section, section_index};
use crate::model::publication::{Publication, Unpublished};

/// A section's own lists, by page index.
#[derive(Debug, Clone, Default)]
pub(crate) struct SectionLists {
    /// Its pages, ordered by weight then title.
    pub(crate) pages: Vec<usize>,
    /// Its subsections, ordered the same way.
    pub(crate) subsections: Vec<usize>,
}

/// The published site, linked.
#[derive(Debug)]
pub(crate) struct Site {
    /// The settings.
    pub(crate) config: Config,
    /// Every published page and section.
    pub(crate) pages: Vec<Page>,
    /// Files copied as they are.
    pub(crate) assets: Vec<Asset>,
    /// `@/` path → page index.
    pub(crate) by_path: HashMap<String, usize>,
    /// The home section's index.
    pub(crate) home: usize,
    /// For each page: the section it belongs to (`None` for home).
    pub(crate) parent: Vec<Option<usize>>,
    /// For each section (by page index): its ordered lists.
    pub(crate) sections: HashMap<usize, SectionLists>,
    /// For each page: its position in its section's list (pages or subsections).
    pub(crate) position: Vec<usize>,
    /// Relations, both ways, with related pages.
    pub(crate) relations: Relations,
    /// For each page: the pages whose Markdown links to it, ordered.
    pub(crate) backlinks: Vec<Vec<usize>>,
    /// Each language of site.yaml, in its order (the default first): its home and news.
    pub(crate) langs: Vec<LangSite>,
    /// Which pages are versions of one another.
    pub(crate) versions: Versions,
    /// The attachments: what they hold, who links them, the pages' 資料一覧 (filled once the
    /// files kept are known: `link::attachments`).
    pub(crate) attachments: crate::link::attachments::Attachments,
    /// data/accessibility.yaml, for the accessibility report page.
    pub(crate) accessibility: crate::load::accessibility::Record,
}

impl Site {
    /// Links the published pages. `publication` names pages that exist but are not published
    /// (and where they would be), so that links to them get a precise error; `theme` says
    /// which other files the build writes (root-relative links may name them) and which ids
    /// headings must leave alone.
    pub(crate) fn assemble(
        config: Config,
        mut pages: Vec<Page>,
        assets: Vec<Asset>,
        publication: &Publication,
        theme: &ThemeLinks,
        cache: &mut MarkdownCache,
    ) -> (Option<Site>, Diagnostics) {
        let mut errors = Diagnostics::new();
        let unpublished = &publication.unpublished;
        let by_path: HashMap<String, usize> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.content_path.clone(), i))
            .collect();
        let Some(&home) = by_path.get("_index.md") else {
            errors.push(Diagnostic::new(Code::E0420, "content/_index.md"));
            return (None, errors);
        };
        // Sections and relations come from the front matter alone, and the shortcodes of the
        // Markdown read them: they are built first.
        let parent = parents(&config, &pages, &by_path);
        let rank = ranks(&pages);
        let sections = section_lists(&pages, &parent, &rank);
        let position = positions(pages.len(), &sections);
        let versions = Versions::new(&config, &pages, &by_path);
        let (relations, rel_errors) =
            relations::build(&config, &pages, &by_path, unpublished, &rank, &versions);
        errors.extend(rel_errors);
        errors.extend(shortcodes_in_front_matter(&pages));
        // Each language's pages count and list the pages of their own language.
        let facts: Vec<(String, Facts)> = match pages.iter().any(|p| p.body.contains("{{")) {
            true => config
                .languages
                .iter()
                .map(|l| {
                    let code = l.code.as_str();
                    let facts = Facts::new(
                        &config,
                        &pages,
                        &sections,
                        &relations,
                        unpublished,
                        &rank,
                        code,
                        &|p| p.lang == code,
                    );
                    (l.code.clone(), facts)
                })
                .collect(),
            false => Vec::new(),
        };
        let root = RootIndex::new(&config.base_url, &pages, &assets, theme);
        render_markdown(&config, &mut pages, &assets, &by_path, &root, &facts, cache);
        errors.extend(relations::check_note_links(&config, &pages, &by_path));
        errors.extend(links::check(
            &pages,
            &by_path,
            &assets,
            &root,
            unpublished,
            &publication.left_out_urls,
        ));
        let backlinks = backlinks(&pages, &by_path, &root, &rank);
        drop(root);
        errors.extend(check_feed_sections(&config, &by_path, unpublished));
        let (mut langs, e) = languages::homes(&config, &by_path, unpublished);
        errors.extend(e);
        for lang in &mut langs {
            lang.news = news(&config, &pages, &lang.code);
        }
        errors.extend(languages::warnings(&config, &pages, &versions));
        let site = Site {
            config,
            pages,
            assets,
            by_path,
            home,
            parent,
            sections,
            position,
            relations,
            backlinks,
            langs,
            versions,
            attachments: Default::default(),
            accessibility: Default::default(),
        };
        (Some(site), errors)
    }

    /// The ancestors of a page, from the home page down to its section.
    pub(crate) fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.parent[page];
        while let Some(p) = cur {
            out.push(p);
            cur = self.parent[p];
        }
        out.reverse();
        out
    }

    /// The ordered list a page belongs to (its section's pages, or its parent's subsections),
    /// and its position there.
    pub(crate) fn siblings(&self, page: usize) -> Option<(&[usize], usize)> {
        let parent = self.parent[page]?;
        let lists = self.sections.get(&parent)?;
        let list = if self.pages[page].is_section {
            &lists.subsections
        } else {
            &lists.pages
        };
        Some((list, self.position[page]))
    }
}

/// Renderings kept between builds by the preview server: a page's rendering is reused when its
/// body is the very same text (pointer-equal: the file was not re-read) in the same folder, and
/// no page URL or asset path that links resolve against has changed.
#[derive(Debug, Default)]
pub(crate) struct MarkdownCache {
    links_key: u64,
    /// What the shortcodes of the kept renderings read ([`Facts::key`]).
    facts_key: u64,
    entries: HashMap<String, (Arc<str>, String, Arc<crate::model::rendered::Rendered>)>,
    /// A one-off build keeps nothing and drops each page's Markdown once it is rendered.
    one_off: bool,
}

impl MarkdownCache {
    /// For a build that ends after this run: nothing is kept, and each page's Markdown source is
    /// dropped as soon as it is rendered, so a large site never holds both in memory.
    pub(crate) fn one_off() -> Self {
        MarkdownCache {
            one_off: true,
            ..Self::default()
        }
    }
}

/// What link resolution and heading ids depend on, hashed.
fn links_key(config: &Config, pages: &[Page], assets: &[Asset], theme: &ThemeLinks) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut sorted = |set: Option<&std::collections::HashSet<String>>| {
        let mut v: Vec<&String> = set.into_iter().flatten().collect();
        v.sort();
        v.hash(&mut h);
    };
    sorted(theme.files.as_ref());
    sorted(Some(&theme.reserved_ids));
    (theme.files.is_some(), &theme.folders).hash(&mut h);
    config.base_url.root().hash(&mut h);
    (
        config.markdown.allow_html,
        config.markdown.smart_punctuation,
    )
        .hash(&mut h);
    for p in pages {
        (&p.content_path, &p.url).hash(&mut h);
    }
    for a in assets {
        (&a.content_path, &a.output_path).hash(&mut h);
    }
    h.finish()
}

/// A shortcode written in a title or a description, which are shown as written: an error at
/// the key.
fn shortcodes_in_front_matter(pages: &[Page]) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for page in pages {
        let description = page.front.description.as_deref();
        for key in markdown::shortcodes::in_front_matter(&page.front.title, description) {
            errors.push(
                Diagnostic::new(Code::E0433, &page.rel)
                    .arg("key", key)
                    .at_opt(page.front.position(key)),
            );
        }
    }
    errors
}

#[allow(clippy::too_many_arguments)] // the link step's inputs, each used once
fn render_markdown(
    config: &Config,
    pages: &mut [Page],
    assets: &[Asset],
    by_path: &HashMap<String, usize>,
    root: &RootIndex<'_>,
    facts: &[(String, Facts)],
    cache: &mut MarkdownCache,
) {
    let empty = Facts::default();
    let facts_of = |lang: &str| {
        facts
            .iter()
            .find(|(code, _)| code == lang)
            .map_or(&empty, |(_, f)| f)
    };
    // What every language's shortcodes read, as one key.
    let facts_key = facts
        .iter()
        .fold(0u64, |key, (_, f)| key.rotate_left(7) ^ f.key);
    let key = links_key(config, pages, assets, root.theme());
    if key != cache.links_key {
        cache.entries.clear();
        cache.links_key = key;
    }
    let asset_urls: HashMap<&str, &str> = assets
        .iter()
        .map(|a| (a.content_path.as_str(), a.output_path.as_str()))
        .collect();
    let urls: Vec<String> = pages.iter().map(|p| config.base_url.url(&p.url)).collect();
    let langs: Vec<String> = pages.iter().map(|p| p.lang.clone()).collect();
    // On a page in another language, Japanese text is marked as such (when Japanese is one of
    // the site's languages).
    let has_japanese = config.languages.iter().any(|l| l.code == "ja");
    let resolver = Resolver {
        base: &config.base_url,
        by_path,
        page_urls: &urls,
        asset_urls: &asset_urls,
        root,
    };
    let reserved = &root.theme().reserved_ids;
    let cached = &cache.entries;
    let cache_facts = cache.facts_key;
    let one_off = cache.one_off;
    pages.par_iter_mut().for_each(|page| {
        // A rendering with shortcodes is reused only while what they read is the same.
        if let Some((body, folder, rendered)) = cached.get(&page.content_path)
            && Arc::ptr_eq(body, &page.body)
            && *folder == page.folder
            && (!body.contains("{{") || cache_facts == facts_key)
        {
            page.rendered = rendered.clone();
            return;
        }
        let folder = page.folder.clone();
        let lang = page.lang.as_str();
        let hreflang = |target: &crate::model::rendered::LinkTarget| {
            let t = links::linked_page(&folder, target, by_path, root)?;
            (langs[t] != lang).then(|| langs[t].clone())
        };
        let language = markdown::Language {
            hreflang: &hreflang,
            mark_japanese: has_japanese && lang != "ja",
        };
        page.rendered = Arc::new(markdown::render_with(
            &page.body,
            config.markdown,
            reserved,
            facts_of(lang),
            &|target| resolver.resolve(&folder, target),
            &language,
        ));
        if one_off {
            page.body = Arc::from("");
        }
    });
    if one_off {
        return;
    }
    cache.facts_key = facts_key;
    cache.entries = pages
        .iter()
        .map(|p| {
            (
                p.content_path.clone(),
                (p.body.clone(), p.folder.clone(), p.rendered.clone()),
            )
        })
        .collect();
}

/// Each page's section: the section of its folder in its own language.
fn parents(
    config: &Config,
    pages: &[Page],
    by_path: &HashMap<String, usize>,
) -> Vec<Option<usize>> {
    pages
        .iter()
        .map(|p| {
            let folder = p.parent_folder()?;
            match p.original {
                None => by_path.get(&section_index(folder)).copied(),
                Some(_) => by_path
                    .get(&languages::section_path(config, folder, &p.lang))
                    .copied(),
            }
        })
        .collect()
}

/// Orders pages by weight (unweighted last), then title, then path.
pub(crate) fn order(a: &Page, b: &Page) -> Ordering {
    let w = |p: &Page| p.front.weight.map_or((1, 0), |w| (0, w));
    w(a).cmp(&w(b))
        .then_with(|| a.front.title.cmp(&b.front.title))
        .then_with(|| a.content_path.cmp(&b.content_path))
}

/// Each page's position in the site-wide order ([`order`]): lists are then sorted by comparing
/// two integers instead of two titles.
fn ranks(pages: &[Page]) -> Vec<usize> {
    let mut by_order: Vec<usize> = (0..pages.len()).collect();
    by_order.par_sort_by(|&a, &b| order(&pages[a], &pages[b]));
    let mut rank = vec![0; pages.len()];
    for (r, &i) in by_order.iter().enumerate() {
        rank[i] = r;
    }
    rank
}

fn section_lists(
    pages: &[Page],
    parent: &[Option<usize>],
    rank: &[usize],
) -> HashMap<usize, SectionLists> {
    let mut sections: HashMap<usize, SectionLists> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, _)| (i, SectionLists::default()))
        .collect();
    for (i, p) in pages.iter().enumerate() {
        let Some(s) = parent[i] else { continue };
        let lists = sections.get_mut(&s).expect("parents are sections");
        if p.is_section {
            lists.subsections.push(i);
        } else {
            lists.pages.push(i);
        }
    }
    for lists in sections.values_mut() {
        lists.pages.sort_unstable_by_key(|&p| rank[p]);
        lists.subsections.sort_unstable_by_key(|&p| rank[p]);
    }
    sections
}

/// Every section that site.yaml's `feed: sections:` names must exist (a draft or withheld
/// one is fine: it only contributes nothing to this build).
fn check_feed_sections(
    config: &Config,
    by_path: &HashMap<String, usize>,
    unpublished: &HashMap<String, Unpublished>,
) -> Diagnostics {
    let Some(sections) = &config.feed.sections else {
        return Diagnostics::new();
    };
    sections
        .iter()
        .filter(|s| {
            let index = section_index(s);
            !by_path.contains_key(&index) && !unpublished.contains_key(&index)
        })
        .map(|s| {
            Diagnostic::new(Code::E0421, &config.path)
                .arg("section", s)
                .at_opt(config.value_position(&["feed", "sections"], s))
        })
        .collect()
}

/// Dated pages (not sections: a section lists news, it is not news) of the feed's sections in
/// `lang`, newest first, then by title. Drafts never are news, not even in a `--drafts` build:
/// the feed is read by machines that cannot tell a preview from the site, like the sitemap.
fn news(config: &Config, pages: &[Page], lang: &str) -> Vec<usize> {
    let in_feed = |p: &Page| match &config.feed.sections {
        None => true,
        Some(sections) => sections.iter().any(|s| in_section(&p.folder, s)),
    };
    let mut news: Vec<usize> = (0..pages.len())
        .filter(|&i| {
            let p = &pages[i];
            !p.is_section && !p.draft && p.front.date.is_some() && p.lang == lang && in_feed(p)
        })
        .collect();
    news.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.front.title.cmp(&pb.front.title))
            .then_with(|| pa.content_path.cmp(&pb.content_path))
    });
    news
}

fn positions(n: usize, sections: &HashMap<usize, SectionLists>) -> Vec<usize> {
    let mut position = vec![0; n];
    for lists in sections.values() {
        for list in [&lists.pages, &lists.subsections] {
            for (pos, &i) in list.iter().enumerate() {
                position[i] = pos;
            }
        }
    }
    position
}

fn backlinks(
    pages: &[Page],
    by_path: &HashMap<String, usize>,
    root: &RootIndex<'_>,
    rank: &[usize],
) -> Vec<Vec<usize>> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); pages.len()];
    for (i, p) in pages.iter().enumerate() {
        for link in &p.rendered.links {
            // Pages are visited in order, so a repeated link is the last entry.
            // A page lists the pages of its own language that link to it: a page in another
            // language is not on its site.
            if let Some(t) = links::linked_page(&p.folder, &link.target, by_path, root)
                && t != i
                && pages[t].lang == p.lang
                && back[t].last() != Some(&i)
            {
                back[t].push(i);
            }
        }
    }
    for list in &mut back {
        list.sort_unstable_by_key(|&p| rank[p]);
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_holds_its_subfolders_but_not_a_folder_that_starts_like_it() {
        assert!(in_section("teams", "teams"));
        assert!(in_section("teams/pharma", "teams"));
        assert!(in_section("teams", ""));
        assert!(!in_section("teams-old", "teams"));
        assert!(!in_section("", "teams"));
        assert_eq!(section_index(""), "_index.md");
        assert_eq!(section_index("teams/pharma"), "teams/pharma/_index.md");
    }
}
