//! Files that would be folders: `teams/pharma` written as a file while a page writes
//! `teams/pharma/index.html`, or an alias `/atom.xml/` under the feed (aliases are routes of
//! the plan like every other file). The file system cannot
//! hold both, so the plan refuses them, naming both sources, instead of failing when the
//! second is written with an OS error on the staging folder.
//!
//! Part of [`super`]: the plan's last check before any file is written.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::PathBuf;

use super::Route;
use crate::diag::{Code, Diagnostic, Diagnostics, catalogue, display_path};
use crate::link::site::Site;
use crate::load::theme::StaticFile;
use crate::model::page::Page;

/// Where an output file comes from, as a diagnostic names it.
pub(crate) struct Source {
    /// The file to report on.
    pub(crate) path: PathBuf,
    /// Where in it, if known.
    pub(crate) at: Option<(usize, usize)>,
    /// What writes the output file, in words (`content/teams/pharma.md`, `the Atom feed`).
    pub(crate) what: String,
}

/// What produces each output path, in words and as a place to report.
pub(crate) fn source(site: &Site, path: &str, route: &Route) -> Source {
    let config = || site.config.path.clone();
    let words =
        |key: &str, args: &[(&'static str, String)]| catalogue::phrase_words("writer", key, args);
    let (file, at, what): (PathBuf, _, String) = match route {
        Route::Page(i) => {
            let p = &site.pages[*i];
            (
                p.rel.clone(),
                p.front.value_start("slug"),
                display_path(&p.rel),
            )
        }
        Route::Asset(i) => {
            let rel = site.assets[*i].rel.clone();
            let what = display_path(&rel);
            (rel, None, what)
        }
        Route::Static(StaticFile::File(p)) => {
            let root = site.config.path.parent().unwrap_or(p);
            let rel = p.strip_prefix(root).unwrap_or(p).to_path_buf();
            let what = words("static", &[("file", display_path(&rel))]);
            (p.clone(), None, what)
        }
        Route::Static(StaticFile::BuiltIn(_)) => {
            let origin = PathBuf::from(format!("(built-in theme default)/static/{path}"));
            let what = words("static", &[("file", display_path(&origin))]);
            (origin, None, what)
        }
        Route::Feed => (config(), None, words("feed", &[])),
        Route::Sitemap => (config(), None, words("sitemap", &[])),
        Route::Robots => (config(), None, words("robots", &[])),
        Route::NotFound => (config(), None, words("not_found", &[])),
        #[cfg(feature = "search")]
        Route::Search => (config(), None, words("search", &[])),
        Route::Alias { page, alias } => {
            let p = &site.pages[*page];
            (
                p.rel.clone(),
                alias_position(p, *alias),
                words(
                    "alias",
                    &[
                        ("alias", p.front.aliases[*alias].clone()),
                        ("file", display_path(&p.rel)),
                    ],
                ),
            )
        }
    };
    Source {
        path: file,
        at,
        what,
    }
}

/// Where the `alias`-th of a page's `aliases:` is written in its file.
pub(crate) fn alias_position(page: &Page, alias: usize) -> Option<(usize, usize)> {
    page.front
        .value_position("aliases", page.front.aliases[alias].trim())
}

/// The output paths that are also the folder of another, each reported once: at the alias
/// when one of the two is an alias, else on the file when it is one of the site's own (a
/// content file, a static file), else on the page whose folder it would be.
pub(crate) fn check(site: &Site, routes: &BTreeMap<String, Route>) -> Diagnostics {
    let mut errors = Diagnostics::new();
    let mut prefix = String::new();
    for (file, route) in routes {
        prefix.clear();
        prefix.push_str(file);
        prefix.push('/');
        let Some((under, inner_route)) = routes
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .next()
            .filter(|(k, _)| k.starts_with(prefix.as_str()))
        else {
            continue;
        };
        let outer = source(site, file, route);
        let inner = source(site, under, inner_route);
        let d = Diagnostic::new(Code::E0530, PathBuf::new())
            .arg("outer", &outer.what)
            .arg("file", file)
            .arg("inner", &inner.what)
            .arg("under", under);
        let is_alias = |r: &Route| matches!(r, Route::Alias { .. });
        let site_file = matches!(route, Route::Asset(_) | Route::Static(StaticFile::File(_)));
        let blamed = if is_alias(route) || (site_file && !is_alias(inner_route)) {
            outer
        } else {
            inner
        };
        errors.push(
            Diagnostic {
                path: blamed.path,
                ..d
            }
            .at_opt(blamed.at),
        );
    }
    errors
}
