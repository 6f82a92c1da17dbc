//! What the publish gate's last barrier found, as errors that name the published file and the
//! source it came from: the page, its template, another template, site.yaml, a page whose
//! title or text a list shows, a static file or a file of content/, at the line where the
//! string can be read (decoded as the barrier decodes it), else the file that writes it.
//!
//! Part of [`super`]: runs only when the barrier found something, so it may read sources again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{Plan, Route, choose_template, folders};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate::barrier::origin::locate;
use crate::gate::barrier::{Found, Refusal, What};
use crate::link::site::Site;
use crate::load::theme::{StaticFile, Theme};

/// How many published files an error names before "and N more".
const SHOWN: usize = 3;

type Place = (PathBuf, Option<(usize, Option<usize>)>);

/// The barrier's findings (by output path) as errors, one per source place and string.
pub(super) fn errors(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    found: Vec<(String, Vec<Found>)>,
) -> Diagnostics {
    let mut grouped: BTreeMap<(Place, String), (Found, Vec<String>)> = BTreeMap::new();
    // Where each string is in the sources every page shares (looked up once per string).
    let mut shared: HashMap<String, Option<Place>> = HashMap::new();
    for (output, founds) in found {
        let route = plan.routes.get(&output);
        for f in founds {
            let place = place(site, theme, &output, route, &f, &mut shared);
            let key = (place, format!("{:?}{}", f.what, f.token));
            grouped
                .entry(key)
                .or_insert_with(|| (f, Vec::new()))
                .1
                .push(output.clone());
        }
    }
    grouped
        .into_iter()
        .map(|(((file, at), _), (found, outputs))| diagnostic(file, at, &found, &outputs))
        .collect()
}

fn diagnostic(
    file: PathBuf,
    at: Option<(usize, Option<usize>)>,
    found: &Found,
    outputs: &[String],
) -> Diagnostic {
    let files: Vec<String> = outputs
        .iter()
        .take(SHOWN)
        .map(|o| format!("`{o}`"))
        .collect();
    let more = outputs.len().saturating_sub(SHOWN);
    let in_path = found.at.is_none();
    let d = match &found.what {
        What::Rule(_, rule) => {
            let code = if in_path { Code::E0502 } else { Code::E0501 };
            rule.args(Diagnostic::new(code, file), &found.token)
        }
        What::Url(content_path, why) => {
            let code = if in_path { Code::E0504 } else { Code::E0503 };
            Diagnostic::new(code, file)
                .arg("url", &found.token)
                .arg("target", content_path)
                .arg("why", why.left_out_key())
        }
        What::Refused(why) => {
            let code = match why {
                Refusal::Bidi => Code::E0505,
                Refusal::Entities => Code::E0506,
                Refusal::Data => Code::E0507,
            };
            Diagnostic::new(code, file).arg("token", &found.token)
        }
    };
    let d = d
        .arg("files", files.join(", "))
        .arg("more", if more > 0 { "some" } else { "none" })
        .arg("count", more);
    match at {
        Some((line, col)) => d.at(line, col),
        None => d,
    }
}

/// The source a finding in `output` came from, and where in it.
fn place(
    site: &Site,
    theme: &Theme,
    output: &str,
    route: Option<&Route>,
    found: &Found,
    shared: &mut HashMap<String, Option<Place>>,
) -> Place {
    let root = site.config.path.parent().unwrap_or(Path::new(""));
    let writer = || match route {
        Some(route) => {
            let s = folders::source(site, output, route);
            (s.path, s.at.map(|(l, c)| (l, Some(c))))
        }
        None => (PathBuf::from(output), None),
    };
    let Some(at) = found.at else {
        return writer();
    };
    match route {
        Some(Route::Asset(i)) => {
            let a = &site.assets[*i];
            return (a.rel.clone(), line_of(&root.join(&a.rel), at));
        }
        Some(Route::Static(StaticFile::File(p))) => return (p.clone(), line_of(p, at)),
        _ => {}
    }
    let page = match route {
        Some(Route::Page(i) | Route::Alias { page: i, .. }) => Some(*i),
        _ => None,
    };
    let mut own: Vec<(PathBuf, String)> = Vec::new();
    if let Some(i) = page {
        let p = &site.pages[i];
        let text = crate::fs::read_to_string(&root.join(&p.rel)).unwrap_or_default();
        own.push((p.rel.clone(), text));
        if let Ok(name) = choose_template(site, theme, i)
            && let Some(t) = theme.templates.get(&name)
        {
            own.push((t.origin.display_path(), t.text.clone()));
        }
    }
    let in_own = own
        .into_iter()
        .find_map(|(path, text)| locate(&text, &found.token).map(|at| (path, at)));
    if let Some(place) = in_own {
        return place;
    }
    // The search index, the feeds and the sitemap hold the pages' text: the page it came from
    // before the templates and site.yaml (which may spell the same string).
    if generated_from_pages(route) {
        let key = format!("page\0{}", found.token);
        let in_page = shared
            .entry(key)
            .or_insert_with(|| page_place(site, root, &found.token));
        if let Some(place) = in_page {
            return place.clone();
        }
    }
    let in_shared = shared
        .entry(found.token.clone())
        .or_insert_with(|| shared_place(site, theme, &found.token));
    in_shared.clone().unwrap_or_else(writer)
}

/// Whether the file of `route` is generated from the text of many pages.
fn generated_from_pages(route: Option<&Route>) -> bool {
    match route {
        Some(Route::Feed(_) | Route::Sitemap) => true,
        #[cfg(feature = "search")]
        Some(Route::Search) => true,
        _ => false,
    }
}

/// The first page whose source (front matter and body) reads `token`, and where.
fn page_place(site: &Site, root: &Path, token: &str) -> Option<Place> {
    site.pages.iter().find_map(|p| {
        let text = crate::fs::read_to_string(&root.join(&p.rel)).ok()?;
        locate(&text, token).map(|at| (p.rel.clone(), at))
    })
}

/// Where `token` is in the templates, site.yaml or a page's front matter (which lists, the
/// feed and the search index show), if anywhere.
fn shared_place(site: &Site, theme: &Theme, token: &str) -> Option<Place> {
    let templates = theme
        .templates
        .values()
        .map(|t| (t.origin.display_path(), t.text.clone()));
    let config = crate::fs::read_to_string(&site.config.path).unwrap_or_default();
    let pages = site
        .pages
        .iter()
        .map(|p| (p.rel.clone(), p.front_text.to_string()));
    templates
        .chain([(site.config.path.clone(), config)])
        .chain(pages)
        .find_map(|(path, text)| locate(&text, token).map(|at| (path, at)))
}

/// The line of byte `at` in a file.
fn line_of(path: &Path, at: usize) -> Option<(usize, Option<usize>)> {
    let bytes = crate::fs::read(path).ok()?;
    let before = bytes.get(..at.min(bytes.len()))?;
    Some((before.iter().filter(|&&b| b == b'\n').count() + 1, None))
}
