//! Every page's URL, and where each file of content/ goes: worked out top-down ([`urls`]),
//! because a page's URL is its section's URL plus its own slug (so a section's `slug:` moves
//! everything under it). Two pages (or a page and an asset) at one URL is an error naming both
//! files.
//!
//! Part of the parse step; the gate calls [`urls`] for every page, published or not, so that
//! where a page left out of the build would be is known too.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::languages::Language;
use crate::load::source::SourceFile;
use crate::model::page::{Asset, Page};
use crate::model::paths::is_valid_segment;

/// Every page's URL, or the error that stops it from having one (a bad slug, a folder without
/// `_index.md`): its section's URL, then its `slug:` or file name. Run once over every page,
/// published or not, so that where a page left out of the build would be is known too.
///
/// A page of another language than the default (a translation) is under its section's
/// translation, and the home page's translation at the language's folder (`en/`): the
/// languages' trees are alike but each has its own slugs.
pub(crate) fn urls(pages: &[Page], languages: &[Language]) -> Vec<Result<String, Diagnostic>> {
    // Sections first, parents before children.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| (!pages[i].is_section, depth(&pages[i].folder), i));
    let folder_of = |lang: &str| {
        languages
            .iter()
            .find(|l| l.code == lang)
            .map_or("", |l| l.path.as_str())
    };
    let default = languages.first().map_or("", |l| l.code.as_str());
    let mut section_urls: HashMap<(&str, &str), String> = HashMap::new();
    let mut urls: Vec<Option<Result<String, Diagnostic>>> = vec![None; pages.len()];
    for i in order {
        let page = &pages[i];
        let lang = page.lang.as_str();
        let parent_url = match page.parent_folder() {
            None => Some(folder_of(lang)),
            Some(parent) => section_urls.get(&(lang, parent)).map(String::as_str),
        };
        let Some(parent_url) = parent_url else {
            let parent = page.parent_folder().unwrap_or("");
            let error = match section_urls.contains_key(&(default, parent)) {
                true if lang != default => untranslated_section(page, parent),
                _ => orphan_error(page),
            };
            urls[i] = Some(Err(error));
            continue;
        };
        let default = if page.is_section {
            page.folder.rsplit('/').next().unwrap_or("")
        } else {
            let name = page.content_path.rsplit('/').next().unwrap_or("");
            let name = name.strip_suffix(".md").unwrap_or("");
            match page.original {
                // `pharma.en.md` is at `en/…/pharma/`.
                Some(_) => name
                    .strip_suffix(lang)
                    .and_then(|n| n.strip_suffix('.'))
                    .unwrap_or(name),
                None => name,
            }
        };
        let url = segment(page, default).map(|seg| match seg {
            "" => parent_url.to_owned(),
            seg => format!("{parent_url}{seg}/"),
        });
        if page.is_section
            && let Ok(url) = &url
        {
            section_urls.insert((lang, &page.folder), url.clone());
        }
        urls[i] = Some(url);
    }
    urls.into_iter()
        .map(|u| u.expect("every page is visited"))
        .collect()
}

/// Gives every asset its output path (beside the page of its nearest section, which a
/// section's `slug:` moves) and reports two files at one output path. `pages` are the
/// published pages, each with its URL.
pub(crate) fn place_assets(pages: &[Page], assets: Vec<SourceFile>) -> (Vec<Asset>, Diagnostics) {
    let mut errors = Diagnostics::new();
    let section_urls: HashMap<&str, &str> = pages
        .iter()
        .filter(|p| p.is_section && p.original.is_none())
        .map(|p| (p.folder.as_str(), p.url.as_str()))
        .collect();
    let assets = assets
        .into_iter()
        .map(|f| Asset {
            output_path: asset_output(&f.content_path, &section_urls),
            abs: f.abs,
            rel: f.rel,
            content_path: f.content_path,
        })
        .collect::<Vec<_>>();
    check_collisions(pages, &assets, &mut errors);
    (assets, errors)
}

fn depth(folder: &str) -> usize {
    if folder.is_empty() {
        0
    } else {
        folder.matches('/').count() + 1
    }
}

/// The error of a translation whose section has no translation in its language.
fn untranslated_section(page: &Page, parent: &str) -> Diagnostic {
    let section = crate::model::paths::section_index(parent);
    let translation = section.replace("_index.md", &format!("_index.{}.md", page.lang));
    Diagnostic::new(Code::E0215, &page.rel)
        .arg("lang", &page.lang)
        .arg("section", section)
        .arg("translation", translation)
        .at(1, Some(1))
}

fn orphan_error(page: &Page) -> Diagnostic {
    match page.parent_folder().unwrap_or("") {
        "" => Diagnostic::new(Code::E0211, &page.rel),
        folder => Diagnostic::new(Code::E0212, &page.rel).arg("folder", folder),
    }
}

/// The page's own URL segment: `slug:` if given, else the file (or folder) name.
fn segment<'a>(page: &'a Page, default: &'a str) -> Result<&'a str, Diagnostic> {
    let (seg, from_slug) = match &page.front.slug {
        Some(s) => (s.as_str(), true),
        None => (default, false),
    };
    if page.is_section && page.folder.is_empty() {
        return Ok("");
    }
    if is_valid_segment(seg) {
        return Ok(seg);
    }
    let d = if from_slug {
        Diagnostic::new(Code::E0213, &page.rel)
            .arg("slug", seg)
            .at_opt(page.front.value_start("slug"))
    } else {
        Diagnostic::new(Code::E0214, &page.rel).arg("name", seg)
    };
    Err(d)
}

/// An asset follows the nearest enclosing section, should that section's slug move it.
fn asset_output(content_path: &str, section_urls: &HashMap<&str, &str>) -> String {
    fn parent(p: &str) -> &str {
        p.rsplit_once('/').map_or("", |(d, _)| d)
    }
    let mut folder = parent(content_path);
    loop {
        if let Some(url) = section_urls.get(folder) {
            return format!(
                "{url}{}",
                content_path[folder.len()..].trim_start_matches('/')
            );
        }
        if folder.is_empty() {
            return content_path.to_owned();
        }
        folder = parent(folder);
    }
}

/// The page, if it is one with a `slug:`, and its slug.
fn slug_of(p: Option<&Page>) -> Option<(&Page, String)> {
    let p = p?;
    Some((p, p.front.slug.clone()?))
}

/// Two files with one output path is an error naming both; it is put on the `slug:` line that
/// moved a page there, when one did. So are two output paths that a case-insensitive or
/// normalising server takes for one (`Foo/`, `foo/`; NFC and NFD), unless their sources' own
/// names already collide (the load step reports those).
fn check_collisions(pages: &[Page], assets: &[Asset], errors: &mut Diagnostics) {
    type Seen<'a> = (&'a str, &'a PathBuf, &'a str, Option<&'a Page>);
    let mut seen: BTreeMap<String, Seen<'_>> = BTreeMap::new();
    let mut folded: BTreeMap<Vec<String>, Seen<'_>> = BTreeMap::new();
    let outputs = pages
        .iter()
        .filter(|p| !p.url.is_empty() || p.is_section && p.folder.is_empty())
        .map(|p| (p.output_path(), &p.rel, p.content_path.as_str(), Some(p)))
        .chain(
            assets
                .iter()
                .map(|a| (a.output_path.clone(), &a.rel, a.content_path.as_str(), None)),
        );
    let outputs: Vec<_> = outputs.collect();
    for (out, rel, content_path, page) in &outputs {
        let this = (out.as_str(), *rel, *content_path, *page);
        if let Some(&first) = seen.get(out.as_str()) {
            errors.push(collision(first, this, None));
            continue;
        }
        seen.insert(out.clone(), this);
        match folded.get(&crate::load::source::fold_path(out)) {
            Some(&first)
                if crate::load::source::fold_path(first.2)
                    != crate::load::source::fold_path(content_path) =>
            {
                errors.push(collision(
                    first,
                    this,
                    Some(crate::load::source::how_they_differ(first.0, out)),
                ));
            }
            Some(_) => {}
            None => {
                folded.insert(crate::load::source::fold_path(out), this);
            }
        }
    }
}

/// The error for two files written to one output path (`alike`: to two paths that differ only
/// as said).
fn collision(
    (first_out, first_rel, _, first_page): (&str, &PathBuf, &str, Option<&Page>),
    (out, rel, _, page): (&str, &PathBuf, &str, Option<&Page>),
    alike: Option<&str>,
) -> Diagnostic {
    let first_rel = crate::diag::display_path(first_rel);
    let shown = crate::diag::display_path(rel);
    let slugged = slug_of(page).or_else(|| slug_of(first_page));
    let code = match (alike, &slugged) {
        (None, Some(_)) => Code::E0207,
        (None, None) => Code::E0208,
        (Some(_), Some(_)) => Code::E0209,
        (Some(_), None) => Code::E0210,
    };
    let d = match &slugged {
        Some((p, slug)) => Diagnostic::new(code, &p.rel)
            .at_opt(p.front.value_start("slug"))
            .arg("slug", slug)
            .arg("page", crate::diag::display_path(&p.rel)),
        None => Diagnostic::new(code, rel),
    };
    let d = d
        .arg("first", first_rel)
        .arg("second", shown)
        .arg("out", out);
    match alike {
        Some(how) => d.arg("first_out", first_out).arg("how", how),
        None => d,
    }
}

#[cfg(test)]
mod tests;
