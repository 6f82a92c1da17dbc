//! Files that would be folders: `teams/pharma` written as a file while a page writes
//! `teams/pharma/index.html`, or an alias `/atom.xml/` under the feed. The file system cannot
//! hold both, so the plan refuses them, naming both sources, instead of failing when the
//! second is written with an OS error on the staging folder.
//!
//! Part of [`super`]: the plan's last check before any file is written.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Route;
use crate::error::{Diagnostic, Diagnostics, display_path};
use crate::site::Site;
use crate::theme::StaticFile;

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
    let (file, at, what): (PathBuf, _, String) = match route {
        Route::Page(i) => {
            let p = &site.pages[*i];
            (
                p.rel.clone(),
                p.front.value_start("slug"),
                display_path(&p.rel),
            )
        }
        Route::Asset(abs) => {
            let rel = site
                .assets
                .iter()
                .find(|a| &a.abs == abs)
                .map_or_else(|| abs.clone(), |a| a.rel.clone());
            let what = display_path(&rel);
            (rel, None, what)
        }
        Route::Static(StaticFile::File(p)) => {
            let root = site.config.path.parent().unwrap_or(p);
            let rel = p.strip_prefix(root).unwrap_or(p).to_path_buf();
            (
                p.clone(),
                None,
                format!("the static file {}", display_path(&rel)),
            )
        }
        Route::Static(StaticFile::BuiltIn(_)) => {
            let origin = PathBuf::from(format!("(built-in theme default)/static/{path}"));
            let what = format!("the static file {}", display_path(&origin));
            (origin, None, what)
        }
        Route::Feed => (config(), None, "the Atom feed".to_owned()),
        Route::Sitemap => (config(), None, "the sitemap".to_owned()),
        Route::Robots => (config(), None, "robots.txt".to_owned()),
        Route::NotFound => (config(), None, "the theme's 404 page".to_owned()),
        #[cfg(feature = "search")]
        Route::Search => (config(), None, "the search index".to_owned()),
        Route::Alias(i) => {
            let p = &site.pages[*i];
            (
                p.rel.clone(),
                None,
                format!("an alias of {}", display_path(&p.rel)),
            )
        }
    };
    Source {
        path: file,
        at,
        what,
    }
}

/// The output paths that are also the folder of another, each reported once: on the file
/// when it is one of the site's own (a content file, a static file), else on the page whose
/// folder it would be.
pub(crate) fn check(site: &Site, routes: &BTreeMap<String, Route>) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for (file, route) in routes {
        let Some(under) = crate::publishing::first_key_under(routes, file) else {
            continue;
        };
        let outer = source(site, file, route);
        let inner = source(site, under, &routes[under]);
        let message = format!(
            "{} would be written to `{file}`, but {} is written to `{under}`, which needs `{file}` to be a folder",
            outer.what, inner.what
        );
        let site_file = matches!(route, Route::Asset(_) | Route::Static(StaticFile::File(_)));
        let blamed = if site_file { outer } else { inner };
        errors.push(
            Diagnostic::error(blamed.path, message)
                .at_opt(blamed.at)
                .note("rename one of them (or give the page another `slug:`)"),
        );
    }
    errors
}
