//! Root-relative links (`[a](/teams/pharma/)`, `![i](/css/x.png)`): resolved against the site
//! root, the base_url's path, so they work under a sub-path, and checked like every other
//! internal link.
//!
//! Part of the link step. A root-relative path names an output URL, not a file under content/: a
//! page's URL (`/teams/pharma/`, also without the trailing slash or with `index.html`), a
//! file copied from content/, a static file of the theme or site, or a file the build writes
//! (atom.xml, sitemap.xml, robots.txt, 404.html, the search index).

use std::collections::{HashMap, HashSet};

use super::theme_links::ThemeLinks;
use crate::load::config::BaseUrl;
use crate::model::page::{Asset, Page};
use crate::model::paths::{normalise_site_path as normalise, page_url};

/// What a root-relative link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RootTarget {
    /// A page, by index.
    Page(usize),
    /// A file, by output path.
    File(String),
}

/// The pages and files a root-relative link may name.
#[derive(Debug)]
pub(crate) struct RootIndex<'a> {
    base: &'a BaseUrl,
    /// Page URL under the site root (`teams/pharma/`, `` for home) → page index.
    by_url: HashMap<String, usize>,
    /// Output paths of the assets.
    assets: HashSet<&'a str>,
    theme: &'a ThemeLinks,
}

impl<'a> RootIndex<'a> {
    /// Indexes the pages (with their URLs assigned) and assets.
    pub(crate) fn new(
        base: &'a BaseUrl,
        pages: &[Page],
        assets: &'a [Asset],
        theme: &'a ThemeLinks,
    ) -> Self {
        RootIndex {
            base,
            by_url: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.clone(), i))
                .collect(),
            assets: assets.iter().map(|a| a.output_path.as_str()).collect(),
            theme,
        }
    }

    /// What the theme and the build write.
    pub(crate) fn theme(&self) -> &ThemeLinks {
        self.theme
    }

    /// What `path` (as written after the leading `/`, without the fragment) names. A path
    /// written with the base_url's path in front (`/iryou-innovation/teams/`, a URL from the
    /// host's root) names what the rest names, when nothing is at the path itself.
    pub(crate) fn target(&self, path: &str) -> Option<RootTarget> {
        self.target_here(path)
            .or_else(|| self.target_here(&self.under_base(path)?))
    }

    /// `path` (written after the leading `/`) without the base_url's path in front, if it has
    /// it.
    fn under_base(&self, path: &str) -> Option<String> {
        let written = format!("/{path}");
        let under = self.base.site_path(&written)?;
        (under.len() < path.len()).then(|| under.to_owned())
    }

    /// Whether `path`, from the site root or with the base_url's path in front, is where a
    /// page left out of this build would be (`left_out`: the gate's table, page URL →
    /// content path and why). The gate reports such links, naming why the page is
    /// left out, so the link step does not report them a second time.
    pub(crate) fn is_left_out_page<V>(&self, path: &str, left_out: &HashMap<String, V>) -> bool {
        [Some(path.to_owned()), self.under_base(path)]
            .into_iter()
            .flatten()
            .filter_map(|p| normalise(p.split('?').next().unwrap_or("")))
            .any(|p| left_out.contains_key(&page_url(&p)))
    }

    fn target_here(&self, path: &str) -> Option<RootTarget> {
        let path = normalise(path.split('?').next().unwrap_or(""))?;
        if let Some(&i) = self.by_url.get(&page_url(&path)) {
            return Some(RootTarget::Page(i));
        }
        let is_file = self.assets.contains(path.as_str())
            || self
                .theme
                .folders
                .iter()
                .any(|f| path.starts_with(f.as_str()));
        match &self.theme.files {
            _ if is_file => Some(RootTarget::File(path)),
            Some(files) => files.contains(&path).then_some(RootTarget::File(path)),
            None => Some(RootTarget::File(path)),
        }
    }

    /// The URL a root-relative link is written with: the target's URL under the base path,
    /// with the query and fragment written.
    pub(crate) fn url(
        &self,
        path: &str,
        anchor: Option<&str>,
        page_urls: &[String],
    ) -> Option<String> {
        let mut url = match self.target(path)? {
            RootTarget::Page(i) => page_urls[i].clone(),
            RootTarget::File(file) => self.base.url(&file),
        };
        if let Some((_, query)) = path.split_once('?') {
            url.push('?');
            url.push_str(query);
        }
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Some(url)
    }
}
