//! The site's languages, linked: which pages are versions of one another, each language's home
//! page and news, and what `check` says of translations.
//!
//! Part of the link step. The parse step has given every page its language and every
//! translation its original (`parse::translations`); here they become the groups that the
//! language switch, `hreflang` alternates, the sitemap and the relations across languages read.
//! A language of site.yaml without a home page (`content/_index.CODE.md`) is an error: its pages
//! would have nowhere to be. Pages without a version in a language that site.yaml declares
//! complete, and translations older than their original, are warnings.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::model::page::Page;
use crate::model::publication::Unpublished;

/// One language of the site, linked.
#[derive(Debug, Clone)]
pub(crate) struct LangSite {
    /// Its code.
    pub(crate) code: String,
    /// Its home page, if published.
    pub(crate) home: Option<usize>,
    /// Its news, newest first (the dated pages of the feed's sections in this language).
    pub(crate) news: Vec<usize>,
}

/// Which pages are versions of one another.
#[derive(Debug, Clone, Default)]
pub(crate) struct Versions {
    /// For each page: the page it translates (itself, for a page in the default language).
    pub(crate) original_of: Vec<usize>,
    /// For each page that has published translations (by index): every version, in the
    /// order of the site's languages.
    pub(crate) of: HashMap<usize, Vec<usize>>,
}

impl Versions {
    /// Links every published translation to its original (both are published: the publish
    /// decision withholds a translation with its original).
    pub(crate) fn new(config: &Config, pages: &[Page], by_path: &HashMap<String, usize>) -> Self {
        let original_of: Vec<usize> = (0..pages.len())
            .map(|i| {
                pages[i]
                    .original
                    .as_ref()
                    .and_then(|o| by_path.get(o).copied())
                    .unwrap_or(i)
            })
            .collect();
        let rank = |i: &usize| {
            let lang = &pages[*i].lang;
            config.languages.iter().position(|l| l.code == *lang)
        };
        let mut of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &o) in original_of.iter().enumerate() {
            if o != i {
                of.entry(o).or_insert_with(|| vec![o]).push(i);
            }
        }
        for list in of.values_mut() {
            list.sort_by_key(rank);
        }
        Versions { original_of, of }
    }

    /// Every version of page `i` (itself included), in the order of the site's languages.
    pub(crate) fn of(&self, i: usize) -> &[usize] {
        let o = &self.original_of[i];
        self.of
            .get(o)
            .map_or(std::slice::from_ref(o), Vec::as_slice)
    }

    /// The version of page `i` in `lang`, if there is one.
    pub(crate) fn version_in(&self, pages: &[Page], i: usize, lang: &str) -> Option<usize> {
        self.of(i).iter().copied().find(|&v| pages[v].lang == lang)
    }
}

/// The `@/` path of the section of `folder` in `lang` (`teams/_index.en.md`), or in the default
/// language when `lang` is it.
pub(crate) fn section_path(config: &Config, folder: &str, lang: &str) -> String {
    let index = crate::model::paths::section_index(folder);
    match lang == config.language {
        true => index,
        false => index.replace("_index.md", &format!("_index.{lang}.md")),
    }
}

/// Each language's home page; a language of site.yaml whose home page does not exist is an
/// error (one that is withheld or a draft has no pages in this build: its pages are left out
/// with it).
pub(crate) fn homes(
    config: &Config,
    by_path: &HashMap<String, usize>,
    unpublished: &HashMap<String, Unpublished>,
) -> (Vec<LangSite>, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut out = Vec::new();
    for language in &config.languages {
        let home_path = section_path(config, "", &language.code);
        let home = by_path.get(&home_path).copied();
        if home.is_none() && !unpublished.contains_key(&home_path) {
            errors.push(
                Diagnostic::new(Code::E0450, &config.path)
                    .arg("code", &language.code)
                    .arg("home", &home_path)
                    .at_opt(config.position(&["languages", &language.code])),
            );
        }
        out.push(LangSite {
            code: language.code.clone(),
            home,
            news: Vec::new(),
        });
    }
    (out, errors)
}

/// What `check` (and every build) says of translations: a page without a version in a
/// language that site.yaml declares `complete: true`, and a translation whose original was
/// updated after it (by `updated:`, else the last commit of each file).
pub(crate) fn warnings(config: &Config, pages: &[Page], versions: &Versions) -> Diagnostics {
    let mut out = Diagnostics::new();
    let complete: Vec<&str> = config
        .languages
        .iter()
        .filter(|l| l.complete && !l.default)
        .map(|l| l.code.as_str())
        .collect();
    for (i, page) in pages.iter().enumerate() {
        if page.original.is_none() && !page.draft {
            for &code in &complete {
                if versions.version_in(pages, i, code).is_none() {
                    let name = page.content_path.strip_suffix(".md").unwrap_or("");
                    out.push(
                        Diagnostic::new(Code::W0450, &page.rel)
                            .arg("code", code)
                            .arg("translation", format!("{name}.{code}.md"))
                            .at(1, Some(1)),
                    );
                }
            }
        }
        let original = versions.original_of[i];
        if original == i {
            continue;
        }
        let (Some(theirs), Some(ours)) = (pages[original].updated, page.updated) else {
            continue;
        };
        // A month (`2011-02`) is not older than a day of it: only a later date is.
        let same_month = (theirs.year(), theirs.month()) == (ours.year(), ours.month());
        let vague = theirs.day().is_none() || ours.day().is_none();
        if theirs > ours && !(same_month && vague) {
            out.push(
                Diagnostic::new(Code::W0451, &page.rel)
                    .arg("original", crate::diag::display_path(&pages[original].rel))
                    .arg("original_date", theirs.iso())
                    .arg("date", ours.iso())
                    .at_opt(page.front.position("updated").or(Some((1, 1)))),
            );
        }
    }
    out
}
