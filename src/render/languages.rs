//! What templates see of the site's languages: the `site` variable of each language, each
//! page's versions (for `hreflang` alternates) and language switch, and the words of the
//! relations in the page's language.
//!
//! Part of the render step, beside [`super::template_data`]. A page in a language sees that
//! language's site: its title, home, menu, news, feed, search page, sitemap page and the
//! theme's strings in it (`site.strings`). The language switch (`page.languages`) names every
//! language with a published home page: where the page has a version in it, its URL; where it
//! has none, `url` is none and the theme links the language's home page with a notice.

use tera::{Map, Value};

use super::template_data::{SiteValues, map, search_library_url, search_url, url_of_template};
use crate::link::site::Site;
use crate::load::config::Relation;
use crate::load::theme::strings::Strings;
use crate::model::generated::FEED;

/// The place of language `code` among the site's languages (the default's, 0, for a code the
/// site does not have).
pub(crate) fn index_of(site: &Site, code: &str) -> usize {
    (site.config.languages.iter())
        .position(|l| l.code == code)
        .unwrap_or(0)
}

/// The `site` variable of language `k`.
pub(crate) fn site_value(site: &Site, values: &SiteValues, k: usize, strings: &Strings) -> Value {
    let c = &site.config;
    let language = &c.languages[k];
    let code = language.code.as_str();
    // A language without a published home has no pages; its 404 page (if any) shows the
    // default language's home.
    let home = site.langs[k].home.unwrap_or(site.home);
    let empty = || Value::from(Vec::<Value>::new());
    let menu = values.section_subsections.get(&home).cloned();
    let home_pages = values.section_pages.get(&home).cloned();
    let strings = strings
        .get(code)
        .map_or_else(|| Value::from(Map::default()), Value::from_serializable);
    map([
        ("title", Value::from(language.title.as_str())),
        (
            "description",
            language
                .description
                .as_deref()
                .map_or_else(Value::none, Value::from),
        ),
        ("base_url", Value::from(c.base_url.root())),
        ("base_path", Value::from(c.base_url.path())),
        ("language", Value::from(code)),
        ("language_name", Value::from(language.name.as_str())),
        ("default_language", Value::from(c.language.as_str())),
        ("extra", Value::from_serializable(&c.extra)),
        ("home", values.summaries[home].clone()),
        ("menu", menu.unwrap_or_else(empty)),
        ("home_pages", home_pages.unwrap_or_else(empty)),
        ("news", values.list(&site.langs[k].news)),
        (
            "feed_url",
            Value::from(c.base_url.url(&format!("{}{FEED}", language.path))),
        ),
        ("search_url", search_url(site, code)),
        ("search_library_url", search_library_url(site)),
        ("sitemap_url", url_of_template(site, "sitemap.html", code)),
        ("tree", values.tree_node(site, home)),
        ("strings", strings),
        ("languages", languages(site)),
        ("language_markers", markers(site, values)),
    ])
}

/// For each language: its `language_marker` and `language_home` strings (the first falls back
/// on the language's name in parentheses, the second on nothing).
pub(crate) fn language_words(site: &Site, strings: &Strings) -> Vec<(String, String)> {
    (site.config.languages.iter())
        .map(|l| {
            let table = strings.get(&l.code);
            let word = |key: &str| table.and_then(|t| t.get(key)).cloned();
            (
                word("language_marker").unwrap_or_else(|| format!(" ({})", l.name)),
                word("language_home").unwrap_or_default(),
            )
        })
        .collect()
}

/// Language code → what a page in it is marked with on a page in another language.
fn markers(site: &Site, values: &SiteValues) -> Value {
    let mut m = Map::default();
    for (l, (marker, _)) in site.config.languages.iter().zip(&values.language_words) {
        m.insert(l.code.clone().into(), Value::from(marker.as_str()));
    }
    Value::from(m)
}

/// Every language with a published home page: `{code, name, url, default}` (`url`: its home).
fn languages(site: &Site) -> Value {
    let list: Vec<Value> = (site.config.languages.iter())
        .zip(&site.langs)
        .filter_map(|(l, ls)| {
            let home = ls.home?;
            Some(map([
                ("code", Value::from(l.code.as_str())),
                ("name", Value::from(l.name.as_str())),
                (
                    "url",
                    Value::from(site.config.base_url.url(&site.pages[home].url)),
                ),
                ("default", Value::from(l.default)),
            ]))
        })
        .collect();
    Value::from(list)
}

/// Page `i`'s versions (`{lang, name, title, url, permalink}`, every language it is published
/// in, itself included; empty when it is in one language only), and its language switch:
/// for every language with a published home page, `{lang, name, url, home_url, home_hint,
/// current}`, `url` being none where the page has no version in that language.
pub(crate) fn page_languages(site: &Site, values: &SiteValues, i: usize) -> (Value, Value) {
    let base = &site.config.base_url;
    let versions = site.versions.of(i);
    let name = |code: &str| {
        (site.config.languages.iter())
            .find(|l| l.code == code)
            .map_or(code, |l| l.name.as_str())
            .to_owned()
    };
    let listed: Vec<Value> = match versions.len() {
        1 => Vec::new(),
        _ => versions
            .iter()
            .map(|&v| {
                let p = &site.pages[v];
                map([
                    ("lang", Value::from(p.lang.as_str())),
                    ("name", Value::from(name(&p.lang))),
                    ("title", Value::from(p.front.title.as_str())),
                    ("url", Value::from(base.url(&p.url))),
                    ("permalink", Value::from(base.permalink(&p.url))),
                ])
            })
            .collect(),
    };
    let current = site.pages[i].lang.as_str();
    let switch: Vec<Value> = (site.config.languages.iter())
        .zip(&site.langs)
        .zip(&values.language_words)
        .filter_map(|((l, ls), (_, home_hint))| {
            let home = ls.home?;
            let version = site.versions.version_in(&site.pages, i, &l.code);
            let url =
                version.map_or_else(Value::none, |v| Value::from(base.url(&site.pages[v].url)));
            Some(map([
                ("lang", Value::from(l.code.as_str())),
                ("name", Value::from(l.name.as_str())),
                ("url", url),
                ("home_url", Value::from(base.url(&site.pages[home].url))),
                ("home_hint", Value::from(home_hint.as_str())),
                ("current", Value::from(l.code == current)),
            ]))
        })
        .collect();
    (Value::from(listed), Value::from(switch))
}

/// The language switch of the 404 page of language `k`: every language's home page.
pub(crate) fn not_found_languages(site: &Site, sites: &[Value], k: usize) -> Value {
    let list: Vec<Value> = (site.config.languages.iter())
        .zip(&site.langs)
        .enumerate()
        .filter(|(_, (_, ls))| ls.home.is_some())
        .map(|(n, (l, _))| {
            let home_url = sites[n]
                .get_from_path("home.url")
                .cloned()
                .unwrap_or_else(Value::none);
            map([
                ("lang", Value::from(l.code.as_str())),
                ("name", Value::from(l.name.as_str())),
                ("url", home_url.clone()),
                ("home_url", home_url),
                ("home_hint", Value::from("")),
                ("current", Value::from(n == k)),
            ])
        })
        .collect();
    Value::from(list)
}

/// A relation's words in one language.
pub(crate) struct Words {
    /// Heading for the targets.
    pub(crate) label: String,
    /// Heading for the pages that list a target.
    pub(crate) inverse_label: String,
    /// The note shown with the lists (none without one).
    pub(crate) note: Value,
    /// The URL the note links to (none without one).
    pub(crate) note_url: Value,
}

/// Relation `r`'s words for a page in `lang`: what the language sets (`languages.CODE.
/// relations`), else what the relation says.
pub(crate) fn relation_words(site: &Site, r: &Relation, lang: &str) -> Words {
    let set = (site.config.languages.iter())
        .find(|l| l.code == lang)
        .and_then(|l| l.relations.get(&r.name));
    let pick = |own: Option<&String>, base: &str| own.map_or(base, String::as_str).to_owned();
    let note = set.and_then(|w| w.note.as_ref()).or(r.note.as_ref());
    let link = set
        .and_then(|w| w.note_link.as_ref())
        .or(r.note_link.as_ref());
    let note_url = link
        .and_then(|l| link_url(site, l))
        .map_or_else(Value::none, Value::from);
    Words {
        label: pick(set.and_then(|w| w.label.as_ref()), &r.label),
        inverse_label: pick(set.and_then(|w| w.inverse_label.as_ref()), &r.inverse_label),
        note: note.map_or_else(Value::none, |n| Value::from(n.as_str())),
        note_url,
    }
}

/// The URL of an `@/path#anchor` (checked by the link step), if its page is published.
fn link_url(site: &Site, link: &str) -> Option<String> {
    let rest = link.strip_prefix("@/")?;
    let (path, anchor) = rest
        .split_once('#')
        .map_or((rest, None), |(p, a)| (p, Some(a)));
    let page = &site.pages[*site.by_path.get(path)?];
    let url = site.config.base_url.url(&page.url);
    Some(anchor.map_or_else(|| url.clone(), |a| format!("{url}#{a}")))
}
