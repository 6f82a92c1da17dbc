//! What the shortcodes may know of the site: its sections with their pages, and its relations,
//! as published.
//!
//! Part of [`super`], made by the link step once the published pages, their sections and the
//! relations are known and before any Markdown is rendered. Only published pages are here:
//! withheld pages never reach the link step, and drafts are left out even of a `--drafts`
//! build (as from the feed), so a count or a list never shows that a withheld or draft page
//! exists. What is not here is what a shortcode cannot name: a section left out of the site is
//! known only by why (for its error), never by its pages.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::link::relations::Relations;
use crate::link::site::SectionLists;
use crate::load::config::Config;
use crate::model::page::Page;
use crate::model::paths::in_section;
use crate::model::publication::Unpublished;

/// A page as a shortcode writes it: its title, linked by its path under content/.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Entry {
    /// The page's title.
    pub(crate) title: String,
    /// Its path under content/ (`teams/pharma.md`), for an `@/` link.
    pub(crate) path: String,
}

/// A published section: its title and its published pages (not drafts), in the section's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct SectionFacts {
    /// The section's title.
    pub(crate) title: String,
    /// Whether the section itself is a draft (only in a `--drafts` build).
    pub(crate) draft: bool,
    /// Its pages.
    pub(crate) pages: Vec<Entry>,
}

/// One row of a relation table: a page, and the pages it is related to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Row {
    /// The page of the row.
    pub(crate) page: Entry,
    /// The pages of its cell.
    pub(crate) related: Vec<Entry>,
}

/// A relation of site.yaml, both ways.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct RelationFacts {
    /// The title of the (first) `from` section: the column of the pages that list targets.
    pub(crate) sources_title: String,
    /// The title of the `to` section.
    pub(crate) targets_title: String,
    /// Each target (a page of `to`, in its order) with the pages that list it.
    pub(crate) by_target: Vec<Row>,
    /// Each page that may list targets (in site order) with the targets it lists.
    pub(crate) by_source: Vec<Row>,
}

/// What the shortcodes know of the site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// Published sections by folder (`teams`, `council/meetings`; `` for the home section).
    pub(crate) sections: HashMap<String, SectionFacts>,
    /// Relations by name.
    pub(crate) relations: HashMap<String, RelationFacts>,
    /// Why a section that exists is left out of the site, by folder (a `left_out` phrase key).
    pub(crate) left_out: HashMap<String, &'static str>,
    /// The site's language (`ja`): the words between the pages of a table's cell.
    pub(crate) language: String,
    /// A hash of all of the above: a rendering that used shortcodes is reused only while it
    /// is the same.
    pub(crate) key: u64,
}

fn entry(page: &Page) -> Entry {
    Entry {
        title: page.front.title.clone(),
        path: page.content_path.clone(),
    }
}

impl Facts {
    /// The facts of the published `pages` (`sections`: each section's ordered lists, by page
    /// index; `rank`: each page's place in the site order; `unpublished`: the pages left out,
    /// by content path), as the pages `in_language` (written in `language`) see them: a site
    /// in two languages makes one `Facts` for each, so that a page counts and lists the
    /// sections of its own language.
    #[allow(clippy::too_many_arguments)] // the link step's values, each read once
    pub(crate) fn new(
        config: &Config,
        pages: &[Page],
        sections: &HashMap<usize, SectionLists>,
        relations: &Relations,
        unpublished: &HashMap<String, Unpublished>,
        rank: &[usize],
        language: &str,
        in_language: &dyn Fn(&Page) -> bool,
    ) -> Facts {
        let listed = |i: &usize| !pages[*i].draft && in_language(&pages[*i]);
        let section_facts: HashMap<String, SectionFacts> = sections
            .iter()
            .filter(|(i, _)| in_language(&pages[**i]))
            .map(|(&i, lists)| {
                let facts = SectionFacts {
                    title: pages[i].front.title.clone(),
                    draft: pages[i].draft,
                    pages: lists
                        .pages
                        .iter()
                        .filter(|p| listed(p))
                        .map(|&p| entry(&pages[p]))
                        .collect(),
                };
                (pages[i].folder.clone(), facts)
            })
            .collect();
        let left_out = unpublished
            .iter()
            .filter_map(|(path, why)| {
                let folder = path.strip_suffix("_index.md")?.trim_end_matches('/');
                let why = match why {
                    Unpublished::Draft => "draft",
                    Unpublished::Withheld => "withheld",
                    Unpublished::Broken => "broken",
                };
                Some((folder.to_owned(), why))
            })
            .collect();
        let mut by_rank: Vec<usize> = (0..pages.len()).collect();
        by_rank.sort_unstable_by_key(|&i| rank[i]);
        let mut relation_facts = HashMap::new();
        for (relation, links) in config.relations.iter().zip(&relations.links) {
            let title = |folder: &str| {
                section_facts
                    .get(folder)
                    .map(|s| s.title.clone())
                    .unwrap_or_default()
            };
            let row = |i: usize, related: &[usize]| Row {
                page: entry(&pages[i]),
                related: related
                    .iter()
                    .filter(|p| listed(p))
                    .map(|&p| entry(&pages[p]))
                    .collect(),
            };
            let targets = sections
                .iter()
                .find(|(i, _)| pages[**i].folder == relation.to && in_language(&pages[**i]))
                .map(|(_, lists)| lists.pages.clone())
                .unwrap_or_default();
            let facts = RelationFacts {
                sources_title: relation.from.first().map(|f| title(f)).unwrap_or_default(),
                targets_title: title(&relation.to),
                by_target: targets
                    .into_iter()
                    .filter(listed)
                    .map(|t| row(t, &links.sources[t]))
                    .collect(),
                by_source: by_rank
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let p = &pages[i];
                        !p.is_section
                            && !p.draft
                            && in_language(p)
                            && relation.from.iter().any(|f| in_section(&p.folder, f))
                    })
                    .map(|i| row(i, &links.targets[i]))
                    .collect(),
            };
            relation_facts.insert(relation.name.clone(), facts);
        }
        let mut facts = Facts {
            sections: section_facts,
            relations: relation_facts,
            left_out,
            language: language.to_owned(),
            key: 0,
        };
        facts.key = facts.hash_key();
        facts
    }

    fn hash_key(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut sections: Vec<_> = self.sections.iter().collect();
        sections.sort_by(|a, b| a.0.cmp(b.0));
        sections.hash(&mut h);
        let mut relations: Vec<_> = self.relations.iter().collect();
        relations.sort_by(|a, b| a.0.cmp(b.0));
        relations.hash(&mut h);
        let mut left_out: Vec<_> = self.left_out.iter().collect();
        left_out.sort();
        left_out.hash(&mut h);
        self.language.hash(&mut h);
        h.finish()
    }
}
