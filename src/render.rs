//! The render step: a linked [`Site`] and a [`Theme`] become files, in memory, handed to a
//! [`Sink`] (the write step's staging folder, `check`'s memory) or to the preview server.
//!
//! [`plan`] lists every output file with what produces it ([`Route`]) and refuses two files at
//! one path ([`folders`] for a file where a folder must be). Templates are compiled once per
//! build; pages render in parallel, each with a context made of values shared across pages
//! ([`template_data`], [`template_fns`]); the feed, sitemap, robots.txt and redirects are
//! written by code ([`feeds`]); the [`search`] index is built alongside. Every file produced is
//! held to the gate's last barrier as it is handed on ([`gated`]), and what the barrier finds
//! is reported at the source it came from ([`gate_report`]). Every template error names the
//! template file and line and the page being rendered, and all of them are collected before the
//! build fails.
//!
//! Takes the link step's `Site`, the load step's `Theme` and the gate's `Publication`; hands
//! the write step files through a [`Sink`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate::ScanStats;
use crate::gate::barrier::{Barrier, Found};
use crate::link::site::Site;
use crate::load::theme::{StaticFile, Theme};
use crate::model::generated::{GeneratedFile, NOT_FOUND, generated};
use crate::model::page::Page;
use crate::model::publication::Publication;
use crate::model::publication::Unpublished;
use crate::timings::{Stage, Timings};

mod accessibility_report;
mod attachments;
pub(crate) mod feeds;
mod folders;
mod gate_report;
pub(crate) mod gated;
mod languages;
mod published;
#[cfg(feature = "search")]
pub(crate) mod search;
pub(crate) mod sink;
pub(crate) mod template_data;
pub(crate) mod template_fns;

use gated::Gated;
use sink::Sink;
use template_data::SiteValues;
use template_fns::Lookup;

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RenderCount {
    /// HTML pages written (pages and sections).
    pub(crate) pages: usize,
    /// Other files written (static files, assets, feed, sitemap, redirects, 404).
    pub(crate) files: usize,
    /// What the publish gate's last barrier read.
    pub(crate) gate: crate::gate::ScanStats,
}

/// What produces one output file.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    /// A page or section, by index.
    Page(usize),
    /// A file under content/, copied, by index in the site's assets.
    Asset(usize),
    /// A static file of the theme or site.
    Static(StaticFile),
    /// atom.xml of a language (by its place among the site's languages).
    Feed(usize),
    /// sitemap.xml.
    Sitemap,
    /// robots.txt (unless a static file provides one).
    Robots,
    /// A redirect page to a page: the page's index, and which of its `aliases:` it is.
    Alias {
        /// The page redirected to.
        page: usize,
        /// The alias's place in the page's `aliases:`.
        alias: usize,
    },
    /// 404.html from the theme, of a language (by its place).
    NotFound(usize),
    /// A file of the search index (built once, when the first of them is asked for).
    #[cfg(feature = "search")]
    Search,
}

/// Every file of the build, by output path.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Output path → what produces it.
    pub(crate) routes: BTreeMap<String, Route>,
}

/// Plans every output file and checks that no two share a path.
pub(crate) fn plan(site: &Site, theme: &Theme) -> (Plan, Diagnostics) {
    let mut errors = Diagnostics::new();
    let mut routes: BTreeMap<String, Route> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        routes.insert(p.output_path(), Route::Page(i));
    }
    for (i, a) in site.assets.iter().enumerate() {
        routes.insert(a.output_path.clone(), Route::Asset(i));
    }
    for (path, file) in &theme.statics {
        if routes.contains_key(path) {
            let origin = match file {
                StaticFile::File(p) => p.clone(),
                StaticFile::BuiltIn(_) => format!("(built-in theme default)/static/{path}").into(),
            };
            errors.push(Diagnostic::new(Code::E0520, origin).arg("path", path));
        } else {
            routes.insert(path.clone(), Route::Static(file.clone()));
        }
    }
    let folders: Vec<&str> = (site.config.languages.iter())
        .map(|l| l.path.as_str())
        .collect();
    let generated = generated(theme.has(NOT_FOUND), site.config.search, &folders);
    for (path, file) in generated.files {
        let route = match file {
            // A language without a published home page has no pages: nothing to list or find.
            GeneratedFile::Feed(k) | GeneratedFile::NotFound(k) if site.langs[k].home.is_none() => {
                continue;
            }
            GeneratedFile::Feed(k) => Route::Feed(k),
            GeneratedFile::Sitemap => Route::Sitemap,
            GeneratedFile::Robots => Route::Robots,
            GeneratedFile::NotFound(k) => Route::NotFound(k),
        };
        if matches!(route, Route::Robots) {
            // A static robots.txt of the site wins.
            routes.entry(path.to_owned()).or_insert(route);
        } else if routes.insert(path.to_owned(), route).is_some() {
            errors.push(Diagnostic::new(Code::E0521, &site.config.path).arg("path", path));
        }
    }
    #[cfg(feature = "search")]
    plan_search(site, &mut routes, &mut errors);
    plan_aliases(site, &mut routes, &mut errors);
    errors.extend(folders::check(site, &routes));
    (Plan { routes }, errors)
}

/// Adds the redirect pages of every page's `aliases:` to the plan; one at a path that another
/// file (or alias) already takes is an error at its line. Aliases that would be files where
/// another file needs a folder, or the other way round, are left to [`folders::check`].
fn plan_aliases(site: &Site, routes: &mut BTreeMap<String, Route>, errors: &mut Diagnostics) {
    let (aliases, e) = feeds::aliases(site);
    errors.extend(e);
    for a in aliases {
        let page = &site.pages[a.page];
        let written = &page.front.aliases[a.alias];
        let d = match routes.get(&a.path) {
            None => {
                let route = Route::Alias {
                    page: a.page,
                    alias: a.alias,
                };
                routes.insert(a.path, route);
                continue;
            }
            Some(Route::Alias { page: other, .. }) => Diagnostic::new(Code::E0522, &page.rel)
                .arg("other", crate::diag::display_path(&site.pages[*other].rel)),
            Some(route) => Diagnostic::new(Code::E0523, &page.rel)
                .arg("path", &a.path)
                .arg("writer", folders::source(site, &a.path, route).what),
        };
        errors.push(
            d.arg("alias", written)
                .at_opt(folders::alias_position(page, a.alias)),
        );
    }
}

/// Adds the search index's files to the plan.
#[cfg(feature = "search")]
fn plan_search(site: &Site, routes: &mut BTreeMap<String, Route>, errors: &mut Diagnostics) {
    let Some(layout) = crate::render::search::Layout::of(site) else {
        return;
    };
    for path in layout.paths() {
        if routes.insert(path.clone(), Route::Search).is_some() {
            errors.push(Diagnostic::new(Code::E0524, &site.config.path).arg("path", path));
        }
    }
}

/// Renders the files of one linked site: templates compiled once, the values every page shares
/// built once. The batch build renders everything; the preview server renders a page when it
/// is asked for.
pub(crate) struct Renderer {
    site: Arc<Site>,
    theme: Arc<Theme>,
    values: SiteValues,
    tera: Tera,
    templates: Vec<String>,
    #[cfg(feature = "search")]
    search: std::sync::OnceLock<BTreeMap<String, Vec<u8>>>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("pages", &self.templates.len())
            .finish()
    }
}

impl Renderer {
    /// Compiles the templates and chooses each page's template.
    pub(crate) fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        unpublished: &HashMap<String, Unpublished>,
    ) -> Result<Renderer, Diagnostics> {
        let values = SiteValues::new(&site, &theme.strings);
        let lookup = Arc::new(lookup(&site, &theme, &values, unpublished));
        let tera = theme.compile(&|t| template_fns::register(t, lookup.clone()))?;
        let mut errors = Diagnostics::new();
        let templates: Vec<String> = (0..site.pages.len())
            .filter_map(|i| {
                choose_template(&site, &theme, i)
                    .map_err(|d| errors.push(d))
                    .ok()
            })
            .collect();
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(Renderer {
            site,
            theme,
            values,
            tera,
            templates,
            #[cfg(feature = "search")]
            search: std::sync::OnceLock::new(),
        })
    }

    /// Produces one file in memory.
    pub(crate) fn produce(&self, path: &str, route: &Route) -> Result<Vec<u8>, Diagnostic> {
        let site = &self.site;
        #[cfg(not(feature = "search"))]
        let _ = path;
        Ok(match route {
            Route::Page(i) => self.page(*i)?.into_bytes(),
            Route::Asset(i) => self.asset(*i)?,
            Route::Static(StaticFile::File(path)) => crate::fs::read(path)?,
            Route::Static(StaticFile::BuiltIn(bytes)) => bytes.to_vec(),
            Route::Feed(k) => feeds::feed_xml(site, *k).into_bytes(),
            Route::Sitemap => feeds::sitemap_xml(site).into_bytes(),
            Route::Robots => {
                let has_drafts = site.pages.iter().any(|p| p.draft);
                feeds::robots_txt(site, has_drafts).into_bytes()
            }
            Route::Alias { page, .. } => {
                let strings = self.theme.strings.get(&site.pages[*page].lang);
                feeds::redirect_html(site, *page, strings).into_bytes()
            }
            Route::NotFound(k) => {
                let mut ctx = Context::new();
                ctx.insert_value("site", self.values.sites[*k].clone());
                ctx.insert_value("page", self.values.not_found_page(site, *k));
                ctx.insert_value("section", Value::none());
                let html = self
                    .tera
                    .render("404.html", &ctx)
                    .map_err(|e| self.theme.diagnostic(&e, None))?;
                html.into_bytes()
            }
            #[cfg(feature = "search")]
            Route::Search => self
                .search
                .get_or_init(|| crate::render::search::build(site))
                .get(path)
                .cloned()
                .ok_or_else(|| Diagnostic::new(Code::E0525, path))?,
        })
    }

    /// The bytes of asset `i` as published: as they are, or with the GPS position and owner
    /// of an image stripped (`attachments.exif: strip`).
    fn asset(&self, i: usize) -> Result<Vec<u8>, Diagnostic> {
        let bytes = crate::fs::read(&self.site.assets[i].abs)?;
        if !self.site.attachments.strip.contains(&i) {
            return Ok(bytes);
        }
        let format = crate::model::attachment::Format::of_name(&self.site.assets[i].content_path);
        Ok(format
            .and_then(|f| crate::load::attachments::image::strip(&bytes, f))
            .unwrap_or(bytes))
    }

    /// Renders page `i` with its template.
    pub(crate) fn page(&self, i: usize) -> Result<String, Diagnostic> {
        let site = &self.site;
        let page = &site.pages[i];
        let mut ctx = Context::new();
        ctx.insert_value("site", self.values.site_of(site, i));
        ctx.insert_value("page", self.values.page(site, i));
        let section = match (page.is_section, site.parent[i]) {
            (true, _) => self.values.section(i),
            (false, Some(s)) => self.values.section(s),
            (false, None) => Value::none(),
        };
        ctx.insert_value("section", section);
        self.tera
            .render(&self.templates[i], &ctx)
            .map_err(|e| self.theme.diagnostic(&e, Some(&page.rel)))
    }

    /// Writes every file of `plan` into `sink`, in parallel (files on disk are copied). The
    /// search index is built alongside the pages and written as it is made.
    pub(crate) fn render_all(
        &self,
        plan: &Plan,
        sink: &dyn Sink,
        timings: &Timings,
    ) -> (RenderCount, Diagnostics) {
        let write_one = |(path, route): (&String, &Route)| -> Result<bool, Diagnostic> {
            match route {
                Route::Asset(i) if self.site.attachments.strip.contains(i) => {
                    sink.write(path, &self.asset(*i)?)?
                }
                Route::Asset(i) => sink.copy(path, &self.site.assets[*i].abs)?,
                Route::Static(StaticFile::File(from)) => sink.copy(path, from)?,
                other => {
                    let bytes = timings.thread(Stage::Render, || self.produce(path, other))?;
                    sink.write(path, &bytes)?
                }
            }
            Ok(matches!(route, Route::Page(_)))
        };
        let routes = plan.routes.par_iter();
        #[cfg(feature = "search")]
        let (mut results, search) = rayon::join(
            || {
                routes
                    .filter(|(_, r)| !matches!(r, Route::Search))
                    .map(write_one)
                    .collect::<Vec<_>>()
            },
            || self.write_search(plan, sink, timings),
        );
        #[cfg(feature = "search")]
        results.extend(search);
        #[cfg(not(feature = "search"))]
        let results: Vec<Result<bool, Diagnostic>> = routes.map(write_one).collect();
        let mut count = RenderCount::default();
        let mut errors = Diagnostics::new();
        for r in results {
            match r {
                Ok(true) => count.pages += 1,
                Ok(false) => count.files += 1,
                Err(d) => errors.push(d),
            }
        }
        (count, errors)
    }

    /// Builds the search index and writes each of its files as it is made.
    #[cfg(feature = "search")]
    fn write_search(
        &self,
        plan: &Plan,
        sink: &dyn Sink,
        timings: &Timings,
    ) -> Vec<Result<bool, Diagnostic>> {
        if !plan.routes.values().any(|r| matches!(r, Route::Search)) {
            return Vec::new();
        }
        let results = std::sync::Mutex::new(Vec::new());
        crate::render::search::build_into(&self.site, timings, &|path, bytes| {
            let r = sink.write(&path, &bytes).map(|()| false);
            results.lock().unwrap_or_else(|e| e.into_inner()).push(r);
        });
        results.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// One linked site, planned and ready to render, every file it produces held to the publish
/// gate's last barrier ([`crate::gate::barrier`]): what the barrier finds is an error at the
/// source it came from, so a build fails before anything is swapped in, and the preview never
/// serves such a file. Built once per build (or per preview generation).
pub(crate) struct Rendering {
    renderer: Renderer,
    plan: Plan,
    publication: Publication,
    barrier: Barrier,
    published: crate::gate::published::PublishedFiles,
}

impl std::fmt::Debug for Rendering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendering")
            .field("files", &self.plan.routes.len())
            .finish()
    }
}

impl Rendering {
    /// Plans every output file (two files at one path are errors) and compiles the templates.
    pub(crate) fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        publication: &Publication,
        store: Arc<crate::load::attachments::Store>,
    ) -> Result<Rendering, Diagnostics> {
        let (plan, errors) = plan(&site, &theme);
        if errors.has_errors() {
            return Err(errors);
        }
        let renderer = Renderer::new(site, theme, &publication.unpublished)?;
        let barrier = barrier_of(&renderer.site, publication);
        let published = crate::gate::published::PublishedFiles::new(
            store,
            &renderer.site.config.attachments,
            &renderer.site.config.base_url,
            &publication.left_out_urls,
        );
        Ok(Rendering {
            renderer,
            plan,
            publication: publication.clone(),
            barrier,
            published,
        })
    }

    /// The linked site.
    pub(crate) fn site(&self) -> &Site {
        &self.renderer.site
    }

    /// Whether a file is planned at `path` (under the output root).
    pub(crate) fn has(&self, path: &str) -> bool {
        self.plan.routes.contains_key(path)
    }

    /// Renders every file into `sink`, each held to the barrier as it is written.
    pub(crate) fn all(&self, sink: &dyn Sink) -> (RenderCount, Diagnostics) {
        self.all_timed(sink, &Timings::off())
    }

    /// [`Rendering::all`], each file's rendering, scan and writing timed in `timings`' phase.
    pub(crate) fn all_timed(
        &self,
        sink: &dyn Sink,
        timings: &Timings,
    ) -> (RenderCount, Diagnostics) {
        let read = |path: &str, bytes: &[u8]| self.read_published(path, bytes, None);
        let gated = Gated::new(sink, &self.barrier, &read, timings);
        let (mut count, mut errors) = timings.phase(Stage::Render, || {
            self.renderer.render_all(&self.plan, &gated, timings)
        });
        count.gate = self.barrier.stats();
        let (found, unread) = gated.into_found();
        errors.extend(self.report(found));
        errors.extend(unread);
        (count, errors)
    }

    /// The file at `path`, rendered and held to the barrier (`None`: no such file).
    pub(crate) fn one(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostics>> {
        let route = self.plan.routes.get(path)?;
        let bytes = match self.renderer.produce(path, route) {
            Ok(bytes) => bytes,
            Err(d) => return Some(Err(d.into())),
        };
        let found = self.barrier.scan(path, &bytes);
        let unread = self.read_published(path, &bytes, None);
        if found.is_empty() && unread.is_empty() {
            Some(Ok(bytes))
        } else {
            let mut errors = self.report(vec![(path.to_owned(), found)]);
            errors.extend(unread);
            Some(Err(errors))
        }
    }

    /// Holds `files` (output path, bytes: a finished output, read again) to a fresh barrier of
    /// this build, in parallel: what it read, and what it found, as errors.
    pub(crate) fn scan(&self, files: &[(String, Vec<u8>)]) -> (ScanStats, Diagnostics) {
        let barrier = barrier_of(self.site(), &self.publication);
        let found: Vec<(String, Vec<Found>)> = files
            .par_iter()
            .map(|(path, bytes)| (path.clone(), barrier.scan(path, bytes)))
            .filter(|(_, found)| !found.is_empty())
            .collect();
        (barrier.stats(), self.report(found))
    }

    fn report(&self, found: Vec<(String, Vec<Found>)>) -> Diagnostics {
        gate_report::errors(self.site(), &self.renderer.theme, &self.plan, found)
    }
}

/// The barrier of a build of `site`, whose pages left out are in `publication`: what its
/// published pages `allow:` is allowed in every published file.
fn barrier_of(site: &Site, publication: &Publication) -> Barrier {
    let allowed = site.pages.iter().flat_map(|p| &p.front.allow);
    Barrier::new(
        &site.config.base_url,
        publication,
        allowed.map(|a| a.text.as_str()),
    )
}

fn lookup(
    site: &Site,
    theme: &Theme,
    values: &SiteValues,
    unpublished: &HashMap<String, Unpublished>,
) -> Lookup {
    let mut l = Lookup {
        base: Some(site.config.base_url.clone()),
        unpublished: unpublished.clone(),
        ..Lookup::default()
    };
    for (i, p) in site.pages.iter().enumerate() {
        l.pages
            .insert(p.content_path.clone(), values.summaries[i].clone());
        l.rendered
            .insert(p.content_path.clone(), p.rendered.clone());
        if p.is_section {
            l.sections.insert(p.content_path.clone(), values.section(i));
        }
    }
    for a in &site.assets {
        l.assets
            .insert(a.content_path.clone(), a.output_path.clone());
        l.files.insert(a.output_path.clone());
    }
    l.files.extend(theme.statics.keys().cloned());
    l
}

/// The template of page `i`: its `template:`, else its section's `page_template:` (nearest
/// ancestor), else `home.html`, `section.html` or `page.html`.
fn choose_template(site: &Site, theme: &Theme, i: usize) -> Result<String, Diagnostic> {
    let page = &site.pages[i];
    if let Some(t) = &page.front.template {
        return exists(theme, t, page, "template");
    }
    if page.is_section {
        // The home page of every language.
        if page.folder.is_empty() && site.parent[i].is_none() && theme.has("home.html") {
            return Ok("home.html".to_owned());
        }
        return exists(theme, "section.html", page, "template");
    }
    let mut cur = site.parent[i];
    while let Some(s) = cur {
        let section = &site.pages[s];
        if let Some(t) = &section.front.page_template {
            return exists(theme, t, section, "page_template");
        }
        cur = site.parent[s];
    }
    exists(theme, "page.html", page, "template")
}

fn exists(theme: &Theme, name: &str, page: &Page, key: &str) -> Result<String, Diagnostic> {
    if theme.has(name) {
        return Ok(name.to_owned());
    }
    let known: Vec<&str> = theme
        .templates
        .keys()
        .map(String::as_str)
        .filter(|n| !n.contains('/'))
        .collect();
    Err(Diagnostic::new(Code::E0526, &page.rel)
        .arg("name", name)
        .arg("theme", &theme.name)
        .arg("known", known.join(", "))
        .suggest_nearest(name, known.iter().copied())
        .at_opt(page.front.position(key)))
}
