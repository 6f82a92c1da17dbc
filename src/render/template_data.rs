//! What templates see: each page as a Tera value, built once and shared.
//!
//! Part of the render step. Every page's summary (title, URL, dates…) is built once; each
//! section's page list is built once from those summaries; Tera values share their contents
//! by reference counting, so putting a section's list of 10,000 pages into each of its pages'
//! contexts costs a pointer, not a copy. This is what keeps rendering linear.

use std::collections::HashMap;

use tera::{Map, Value};

use crate::link::site::Site;
use crate::load::config::{Config, Relation};
use crate::load::theme::strings::Strings;
use crate::model::page::Page;
use crate::model::paths::{in_section, section_index};
use crate::model::rendered::Heading;

/// Values shared by every page's context.
#[derive(Debug)]
pub(crate) struct SiteValues {
    /// For each page: its summary.
    pub(crate) summaries: Vec<Value>,
    /// For each section: its ordered pages, as one list.
    pub(crate) section_pages: HashMap<usize, Value>,
    /// For each section: its ordered subsections, as one list.
    pub(crate) section_subsections: HashMap<usize, Value>,
    /// The `site` variable of each language, aligned with the site's languages
    /// ([`super::languages`]).
    pub(crate) sites: Vec<Value>,
    /// For each language of the site: what it says of a page in it shown on a page in another
    /// language (`（日本語）`), and of its home page where the language switch goes instead of a
    /// missing version (the theme's strings `language_marker` and `language_home`).
    pub(crate) language_words: Vec<(String, String)>,
    /// For each relation of site.yaml, for each language: its `to` section's summary in that
    /// language, as a list (what every page of the relation names as the targets' section).
    to_sections: Vec<Vec<Value>>,
}

/// Builds a map value from pairs.
pub(crate) fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut m = Map::default();
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    Value::from(m)
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

/// A page's summary: what lists, links and breadcrumbs show.
fn summary(config: &Config, page: &Page) -> Value {
    let f = &page.front;
    map([
        ("title", Value::from(f.title.as_str())),
        ("description", opt_str(f.description.as_deref())),
        ("url", Value::from(config.base_url.url(&page.url))),
        (
            "permalink",
            Value::from(config.base_url.permalink(&page.url)),
        ),
        ("path", Value::from(page.content_path.as_str())),
        ("lang", Value::from(page.lang.as_str())),
        ("slug", Value::from(page.slug())),
        (
            "kind",
            Value::from(if page.is_section { "section" } else { "page" }),
        ),
        ("date", opt_str(f.date.map(|d| d.iso()).as_deref())),
        ("updated", opt_str(page.updated.map(|d| d.iso()).as_deref())),
        ("weight", f.weight.map_or_else(Value::none, Value::from)),
        ("draft", Value::from(page.draft)),
        ("extra", Value::from_serializable(&f.extra)),
    ])
}

impl SiteValues {
    /// Builds the shared values of a linked site, whose theme has `strings`.
    pub(crate) fn new(site: &Site, strings: &Strings) -> SiteValues {
        let summaries: Vec<Value> = site
            .pages
            .iter()
            .map(|p| summary(&site.config, p))
            .collect();
        let list = |ids: &[usize]| {
            Value::from(
                ids.iter()
                    .map(|&i| summaries[i].clone())
                    .collect::<Vec<_>>(),
            )
        };
        let mut section_pages = HashMap::new();
        let mut section_subsections = HashMap::new();
        for (&s, lists) in &site.sections {
            section_pages.insert(s, list(&lists.pages));
            section_subsections.insert(s, list(&lists.subsections));
        }
        let c = &site.config;
        let mut values = SiteValues {
            summaries,
            section_pages,
            section_subsections,
            sites: Vec::new(),
            language_words: super::languages::language_words(site, strings),
            to_sections: Vec::new(),
        };
        values.to_sections = (c.relations.iter())
            .map(|r| {
                (c.languages.iter())
                    .map(|l| values.sections_named(site, std::slice::from_ref(&r.to), &l.code))
                    .collect()
            })
            .collect();
        values.sites = (0..site.langs.len())
            .map(|k| super::languages::site_value(site, &values, k, strings))
            .collect();
        values
    }

    /// The `site` variable of page `i`'s language.
    pub(crate) fn site_of(&self, site: &Site, i: usize) -> Value {
        self.sites[super::languages::index_of(site, &site.pages[i].lang)].clone()
    }

    /// A section with its pages and subsections, recursively (`site.tree`, for the sitemap
    /// page).
    pub(crate) fn tree_node(&self, site: &Site, section: usize) -> Value {
        let lists = &site.sections[&section];
        let subsections: Vec<Value> = lists
            .subsections
            .iter()
            .map(|&s| self.tree_node(site, s))
            .collect();
        map([
            ("section", self.summaries[section].clone()),
            ("pages", self.section_pages[&section].clone()),
            ("subsections", Value::from(subsections)),
        ])
    }

    /// The `section` value of a section page: its summary, pages and subsections.
    pub(crate) fn section(&self, section: usize) -> Value {
        let mut m = self.summaries[section]
            .as_map()
            .cloned()
            .unwrap_or_default();
        m.insert("pages".into(), self.section_pages[&section].clone());
        m.insert(
            "subsections".into(),
            self.section_subsections[&section].clone(),
        );
        Value::from(m)
    }

    /// The list a page belongs to, shared with every other page of that list.
    fn shared_siblings(&self, site: &Site, i: usize) -> Value {
        let parent = site.parent[i].expect("a page with siblings has a parent");
        let lists = if site.pages[i].is_section {
            &self.section_subsections
        } else {
            &self.section_pages
        };
        lists[&parent].clone()
    }

    pub(crate) fn list(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.summaries[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    /// The `page` value of the 404 page of language `k`, which has no source: a page-shaped
    /// value with no ancestors, dates or lists, so the theme's 404.html can extend its base
    /// template.
    pub(crate) fn not_found_page(&self, site: &Site, k: usize) -> Value {
        let base = &site.config.base_url;
        let none = Value::none;
        let empty = || Value::from(Vec::<Value>::new());
        let language = &site.config.languages[k];
        let path = format!("{}{}", language.path, crate::model::generated::NOT_FOUND);
        map([
            ("title", Value::from("ページが見つかりません")),
            ("description", none()),
            ("url", Value::from(base.url(&path))),
            ("permalink", Value::from(base.permalink(&path))),
            ("path", none()),
            ("lang", Value::from(language.code.as_str())),
            ("versions", empty()),
            (
                "languages",
                super::languages::not_found_languages(site, &self.sites, k),
            ),
            ("slug", Value::from("404")),
            ("kind", Value::from("not_found")),
            ("date", none()),
            ("updated", none()),
            ("weight", none()),
            ("draft", Value::from(false)),
            ("extra", Value::from(Map::default())),
            ("content", Value::safe_string("")),
            ("toc", empty()),
            ("ancestors", empty()),
            ("section", none()),
            ("siblings", empty()),
            ("previous", none()),
            ("next", none()),
            ("backlinks", empty()),
            ("relations", empty()),
            ("inverse_relations", empty()),
            ("related", empty()),
            ("rel", Value::from(Map::default())),
            ("materials", empty()),
            ("has_pdf", Value::from(false)),
        ])
    }

    /// The `page` value of page `i`: its summary, content, table of contents and every
    /// connection.
    pub(crate) fn page(&self, site: &Site, i: usize) -> Value {
        let page = &site.pages[i];
        let mut m = self.summaries[i].as_map().cloned().unwrap_or_default();
        let mut put = |k: &'static str, v: Value| {
            m.insert(k.into(), v);
        };
        put("content", Value::safe_string(&page.rendered.html));
        let (versions, languages) = super::languages::page_languages(site, self, i);
        put("versions", versions);
        put("languages", languages);
        put("toc", toc(&page.rendered.headings));
        put("ancestors", self.list(&site.ancestors(i)));
        put(
            "section",
            site.parent[i].map_or_else(Value::none, |s| self.summaries[s].clone()),
        );
        let (siblings, prev, next) = match site.siblings(i) {
            Some((list, pos)) => (
                self.shared_siblings(site, i),
                pos.checked_sub(1).map(|p| self.summaries[list[p]].clone()),
                list.get(pos + 1).map(|&n| self.summaries[n].clone()),
            ),
            None => (Value::from(Vec::<Value>::new()), None, None),
        };
        put("siblings", siblings);
        put("previous", prev.unwrap_or_else(Value::none));
        put("next", next.unwrap_or_else(Value::none));
        put("backlinks", self.list(&site.backlinks[i]));
        let (relations, inverse, related, by_name) = self.relations(site, i);
        put("relations", relations);
        put("inverse_relations", inverse);
        put("related", related);
        put("rel", by_name);
        let (materials, has_pdf) = super::attachments::values(site, i);
        put("materials", materials);
        put("has_pdf", has_pdf);
        if page.front.template.as_deref() == Some("accessibility-report.html") {
            put("report", super::accessibility_report::values(site));
        }
        if page.is_section {
            put("pages", self.section_pages[&i].clone());
            put("subsections", self.section_subsections[&i].clone());
        }
        Value::from(m)
    }

    fn relations(&self, site: &Site, i: usize) -> (Value, Value, Value, Value) {
        let mut forward = Vec::new();
        let mut inverse = Vec::new();
        let mut related = Vec::new();
        let mut by_name = Map::default();
        let relations = site.config.relations.iter().zip(&site.relations.links);
        let lang = site.pages[i].lang.as_str();
        let k = super::languages::index_of(site, lang);
        for ((r, links), to_sections) in relations.zip(&self.to_sections) {
            let to_sections = &to_sections[k];
            let words = super::languages::relation_words(site, r, lang);
            let entry = |name: &str, label: &str, ids: &[usize]| {
                map([
                    ("name", Value::from(name)),
                    ("label", Value::from(label)),
                    ("pages", self.list(ids)),
                    ("note", words.note.clone()),
                    ("note_url", words.note_url.clone()),
                ])
            };
            // Related pages say which sections they are from (`listed_sections`) and which
            // sections' pages they share with this one (`shared_sections`), so that a theme
            // can name them whatever the relation and wherever this page sits.
            let related_entry = |name: &str, label: &str, direction: &str, listed, shared| {
                map([
                    ("name", Value::from(name)),
                    ("label", Value::from(label)),
                    ("pages", self.list(&links.related[i])),
                    ("direction", Value::from(direction)),
                    ("listed_sections", listed),
                    ("shared_sections", shared),
                ])
            };
            let has_related = !links.related[i].is_empty();
            if !links.targets[i].is_empty() {
                let e = entry(&r.name, &words.label, &links.targets[i]);
                by_name.insert(r.name.clone().into(), e.clone());
                forward.push(e);
                if has_related {
                    related.push(related_entry(
                        &r.name,
                        &words.label,
                        "forward",
                        self.source_sections(site, r, &links.related[i], lang),
                        to_sections.clone(),
                    ));
                }
            }
            if !links.sources[i].is_empty() {
                let e = entry(&r.inverse, &words.inverse_label, &links.sources[i]);
                by_name.insert(r.inverse.clone().into(), e.clone());
                inverse.push(e);
                if has_related {
                    related.push(related_entry(
                        &r.inverse,
                        &words.inverse_label,
                        "inverse",
                        to_sections.clone(),
                        self.source_sections(site, r, &links.sources[i], lang),
                    ));
                }
            }
        }
        (
            Value::from(forward),
            Value::from(inverse),
            Value::from(related),
            Value::from(by_name),
        )
    }
}

impl SiteValues {
    /// The summaries of the sections (paths under content/) that are published, in order, in
    /// `lang` (a section without a version in it, in the default language).
    fn sections_named(&self, site: &Site, sections: &[String], lang: &str) -> Value {
        let found: Vec<Value> = sections
            .iter()
            .filter_map(|s| {
                let i = *site.by_path.get(&section_index(s))?;
                let i = site.versions.version_in(&site.pages, i, lang).unwrap_or(i);
                Some(self.summaries[i].clone())
            })
            .collect();
        Value::from(found)
    }

    /// The `from` sections of relation `r` that `pages` belong to (directly or through a
    /// subsection), in the order site.yaml lists them, in `lang`.
    fn source_sections(&self, site: &Site, r: &Relation, pages: &[usize], lang: &str) -> Value {
        let used: Vec<String> = r
            .from
            .iter()
            .filter(|s| pages.iter().any(|&p| in_section(&site.pages[p].folder, s)))
            .cloned()
            .collect();
        self.sections_named(site, &used, lang)
    }
}

/// The URL of the site's search page in `lang` (the page rendered with `search.html`), if the
/// site has one and a search index.
pub(crate) fn search_url(site: &Site, lang: &str) -> Value {
    if !site.config.search {
        return Value::none();
    }
    url_of_template(site, "search.html", lang)
}

/// The URL of the search library the index comes with (`search-index/search.js`), if any.
pub(crate) fn search_library_url(site: &Site) -> Value {
    #[cfg(feature = "search")]
    if site.config.search {
        return Value::from(
            site.config
                .base_url
                .url(crate::model::generated::SEARCH_LIBRARY),
        );
    }
    let _ = site;
    Value::none()
}

/// The URL of the first page in `lang` rendered with `template`, if any.
pub(crate) fn url_of_template(site: &Site, template: &str, lang: &str) -> Value {
    site.pages
        .iter()
        .find(|p| p.lang == lang && p.front.template.as_deref() == Some(template))
        .map_or_else(Value::none, |p| {
            Value::from(site.config.base_url.url(&p.url))
        })
}

/// The table of contents: headings below h1, nested by level.
fn toc(headings: &[Heading]) -> Value {
    fn build(headings: &[Heading], pos: &mut usize, level: u8) -> Vec<Value> {
        let mut out = Vec::new();
        while *pos < headings.len() && headings[*pos].level >= level {
            let h = &headings[*pos];
            *pos += 1;
            let children = build(headings, pos, h.level + 1);
            out.push(map([
                ("id", Value::from(h.id.as_str())),
                ("title", Value::from(h.title.as_str())),
                ("level", Value::from(h.level)),
                ("children", Value::from(children)),
            ]));
        }
        out
    }
    let below_h1: Vec<Heading> = headings.iter().filter(|h| h.level >= 2).cloned().collect();
    let mut pos = 0;
    let mut out = Vec::new();
    while pos < below_h1.len() {
        let level = below_h1[pos].level;
        out.extend(build(&below_h1, &mut pos, level));
    }
    Value::from(out)
}
