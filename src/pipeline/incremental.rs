//! The pipeline with memory, from load to link: what was read, parsed and rendered is kept
//! between builds, so that a change re-reads only what changed.
//!
//! A batch build runs it once from nothing ([`Pipeline::prepare_once`]). The preview server keeps one and tells it what
//! changed (a content file, the templates, the static files, site.yaml): a content edit
//! re-reads and re-parses that one file, reuses every other page's parsed front matter and
//! rendered Markdown (unless a URL that links resolve against changed), then runs the cheap
//! whole-site steps (publish, URLs, link, relations) again, so the result is always the same as
//! a clean build's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Prepared;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::gate;
use crate::link::site::{MarkdownCache, Site};
use crate::load::attachments::Store;
use crate::load::config::{self, Config};
use crate::load::git_dates::{self, GitDates};
use crate::load::source::{self, SourceFile, SourceKind};
use crate::load::theme::{self, Theme};
use crate::model::page::Page;
use crate::parse::{page, urls};
use crate::timings::{Stage, Timings};

/// What changed on disk, sorted by what it invalidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// site.yaml: everything is read again.
    Config,
    /// A template: the theme is read again, the content is kept.
    Templates,
    /// A static file of the theme or the site.
    Static,
    /// Files (or folders) under content/, by absolute path.
    Content(Vec<PathBuf>),
    /// The repository's history moved (a commit, an amend, a reset, a checkout): every
    /// git-derived value (最終更新日) is read again, the content is kept.
    Git,
    /// A file under data/ (the office's records, such as data/accessibility.yaml): read at
    /// every build, so nothing is forgotten, but the site is built again.
    Data,
    /// Something changed that the watcher could not name (its event queue overflowed, or it
    /// failed): everything is read again, as on a restart.
    Unknown,
}

/// One file under content/, as last read.
#[derive(Debug, Clone)]
enum Loaded {
    Page(Box<Page>),
    Asset(SourceFile),
    /// A Markdown file with errors of its own.
    Broken(Diagnostics),
}

/// The kept state of a site folder.
#[derive(Debug)]
pub(crate) struct Pipeline {
    root: PathBuf,
    base_url: Option<String>,
    drafts: bool,
    config: Option<Config>,
    theme: Option<Arc<Theme>>,
    files: Option<BTreeMap<String, Loaded>>,
    git: Option<(GitDates, Option<Diagnostic>)>,
    markdown: MarkdownCache,
    /// What was read from the attachments, by content hash (kept on disk too).
    store: Arc<Store>,
}

impl Pipeline {
    /// A pipeline that has read nothing yet.
    pub(crate) fn new(root: &Path, base_url: Option<&str>, drafts: bool) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            base_url: base_url.map(str::to_owned),
            drafts,
            config: None,
            theme: None,
            files: None,
            git: None,
            markdown: MarkdownCache::default(),
            store: Arc::new(Store::for_site(root)),
        }
    }

    /// The same pipeline reading every attachment afresh: no cache entry is read or written.
    pub(crate) fn without_disk_cache(mut self) -> Pipeline {
        self.store = Arc::new(Store::memory());
        self
    }

    /// The site folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Forgets what `change` makes stale.
    pub(crate) fn invalidate(&mut self, change: &Change) {
        match change {
            Change::Config | Change::Unknown => {
                self.config = None;
                self.theme = None;
                self.files = None;
                self.git = None;
                self.markdown = MarkdownCache::default();
            }
            Change::Templates | Change::Static => self.theme = None,
            Change::Git => self.git = None,
            Change::Data => {}
            Change::Content(paths) => self.reload_content(paths),
        }
    }

    fn reload_content(&mut self, paths: &[PathBuf]) {
        let Some(config) = &self.config else { return };
        let Some(files) = &mut self.files else { return };
        let content = self.root.join("content");
        let keys: Vec<String> = config.relation_keys().map(str::to_owned).collect();
        for abs in paths {
            if abs.is_dir()
                || (!abs.exists()
                    && files
                        .keys()
                        .any(|k| content.join(k).starts_with(abs) && content.join(k) != *abs))
            {
                // A folder appeared, vanished or moved: read the whole tree again.
                self.files = None;
                return;
            }
            let Ok(rel) = abs.strip_prefix(&content) else {
                continue;
            };
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !abs.is_file() {
                files.remove(&key);
                continue;
            }
            if source::is_ignored_path(rel) {
                continue;
            }
            match source::load_file(&self.root, &content, abs.clone()) {
                Ok(file) => {
                    files.insert(key, load(file, &keys, &Timings::off()));
                }
                Err(d) => {
                    files.insert(key, Loaded::Broken(d.into()));
                }
            }
        }
    }

    /// Runs the pipeline up to the linked site, reusing what is still valid.
    pub(crate) fn prepare(&mut self) -> Result<Prepared, Diagnostics> {
        self.run(true, &Timings::off())
    }

    /// Runs the pipeline once, for a build that ends with it: parsed pages are moved into the
    /// site instead of copied, and each page's Markdown source is dropped once it is rendered
    /// (the rendering is what the rest of the build needs), which keeps a large build's memory
    /// low.
    pub(crate) fn prepare_once(mut self, timings: &Timings) -> Result<Prepared, Diagnostics> {
        self.markdown = MarkdownCache::one_off();
        self.run(false, timings)
    }

    fn run(&mut self, keep: bool, timings: &Timings) -> Result<Prepared, Diagnostics> {
        let root = self.root.clone();
        if self.config.is_none() {
            self.config = Some(
                timings
                    .time(Stage::Load, || {
                        config::load(&root, self.base_url.as_deref())
                    })
                    .map_err(|e| e.relative_to(&root))?,
            );
        }
        let config = self.config.clone().expect("loaded above");
        let mut errors = config.warnings();
        if self.theme.is_none() {
            self.theme = timings
                .time(Stage::Load, || theme::load(&root, &config))
                .map_err(|e| errors.extend(e))
                .ok()
                .map(Arc::new);
        }
        let files = self
            .files
            .get_or_insert_with(|| load_all(&root, &config, &mut errors, timings));
        let (pages, assets, broken) = timings.time(Stage::Parse, || {
            if keep {
                collect(files, &mut errors)
            } else {
                take(std::mem::take(files), &mut errors)
            }
        });
        let mut errors = crate::link::relations::explain_inverse_keys(errors, &config.relations);
        // Each page's language, and each translation's original.
        let (pages, untranslated, e) = timings.time(Stage::Parse, || {
            crate::parse::translations::pair(&config, pages, &broken)
        });
        errors.extend(e);
        let broken = [broken, untranslated].concat();
        let (pages, assets, mut publication, e) = timings.time(Stage::Gate, || {
            gate::decide::select(&config, pages, assets, &broken, self.drafts)
        });
        errors.extend(e);
        let mut pages = pages;
        let (assets, e) = timings.time(Stage::Parse, || urls::place_assets(&pages, assets));
        errors.extend(e);
        let (git, warning) = timings.time(Stage::Load, || {
            self.git.get_or_insert_with(|| git_dates::load(&root))
        });
        errors.extend(warning.clone());
        timings.time(Stage::Parse, || page::set_updated(&mut pages, git));
        let theme_links = crate::link::theme_links::ThemeLinks::new(self.theme.as_deref(), &config);
        let (site, e) = timings.time(Stage::Link, || {
            Site::assemble(
                config,
                pages,
                assets,
                &publication,
                &theme_links,
                &mut self.markdown,
            )
        });
        errors.extend(e);
        // Only files that a published page links are published (see link::assets).
        let site = site.map(|mut site| {
            let (left_out, e) = timings.time(Stage::Link, || {
                crate::link::assets::keep_linked(&mut site, &publication, &theme_links)
            });
            publication.assets_left_out = left_out;
            errors.extend(e);
            // The attachments kept are read and gated, and links to them get their notation.
            errors.extend(crate::link::attachments::link(
                &mut site,
                &publication,
                &self.store,
            ));
            match crate::load::accessibility::load(&root) {
                Ok(record) => site.accessibility = record,
                Err(e) => errors.extend(e),
            }
            // What the pages show, now that they are rendered, is held to the gate too.
            let rendered = timings.time(Stage::Gate, || {
                gate::findings::check_rendered(&site.pages, &root)
            });
            errors.extend(not_used_by_attachments(rendered, &site));
            site
        });
        let warnings: Diagnostics = errors.iter().filter(|d| !d.is_error()).cloned().collect();
        match (site, self.theme.clone()) {
            (Some(site), Some(theme)) if !errors.has_errors() => Ok(Prepared {
                site: Arc::new(site),
                theme,
                publication,
                store: self.store.clone(),
                warnings: warnings.relative_to(&root),
            }),
            _ => Err(errors.relative_to(&root)),
        }
    }
}

/// The warnings that an `allow:` entry matches nothing, but for entries that let something
/// through inside an attachment the page links.
fn not_used_by_attachments(found: Diagnostics, site: &Site) -> Diagnostics {
    let used = &site.attachments.used_allows;
    found
        .into_iter()
        .filter(|d| {
            d.code != crate::diag::Code::W0301
                || !used
                    .iter()
                    .any(|(rel, text)| d.path == *rel && d.arg_value("text") == Some(text))
        })
        .collect()
}

fn load(file: SourceFile, relation_keys: &[String], timings: &Timings) -> Loaded {
    if file.kind == SourceKind::Asset {
        return Loaded::Asset(file);
    }
    match timings.thread(Stage::Parse, || page::parse_file(file, relation_keys)) {
        Ok(mut p) => {
            // What the gate finds in the file's text, kept with the page.
            p.findings = timings.thread(Stage::Gate, || gate::page_findings(&p));
            Loaded::Page(Box::new(p))
        }
        Err(e) => Loaded::Broken(e),
    }
}

/// Walks and parses all of content/.
fn load_all(
    root: &Path,
    config: &Config,
    errors: &mut Diagnostics,
    timings: &Timings,
) -> BTreeMap<String, Loaded> {
    let (files, e) = timings.time(Stage::Load, || source::load(root));
    // A page that cannot be read (not UTF-8) is a broken page, as the preview has it: its
    // error is reported once, and links to it are not also "no such file".
    let mut unreadable: BTreeMap<String, Diagnostics> = BTreeMap::new();
    for d in e {
        let page = (matches!(d.code, Code::E0001 | Code::E0003))
            .then(|| d.path.strip_prefix("content").ok())
            .flatten()
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| {
                p.iter()
                    .map(|c| c.to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            });
        match page {
            Some(key) => unreadable.entry(key).or_default().push(d),
            None => errors.push(d),
        }
    }
    let keys: Vec<String> = config.relation_keys().map(str::to_owned).collect();
    use rayon::prelude::*;
    let mut loaded: BTreeMap<String, Loaded> = timings.phase(Stage::Parse, || {
        files
            .into_par_iter()
            .map(|f| (f.content_path.clone(), load(f, &keys, timings)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect()
    });
    loaded.extend(unreadable.into_iter().map(|(k, e)| (k, Loaded::Broken(e))));
    loaded
}

/// The kept files as the parse step's output: pages (cloned: their bodies and renderings are
/// shared), assets, and the paths of broken files with their errors.
/// Like [`collect`], moving instead of cloning.
fn take(
    files: BTreeMap<String, Loaded>,
    errors: &mut Diagnostics,
) -> (Vec<Page>, Vec<SourceFile>, Vec<String>) {
    let mut pages = Vec::with_capacity(files.len());
    let mut assets = Vec::new();
    let mut broken = Vec::new();
    for (path, loaded) in files {
        match loaded {
            Loaded::Page(p) => pages.push(*p),
            Loaded::Asset(a) => assets.push(a),
            Loaded::Broken(e) => {
                errors.extend(e);
                broken.push(path);
            }
        }
    }
    (pages, assets, broken)
}

fn collect(
    files: &BTreeMap<String, Loaded>,
    errors: &mut Diagnostics,
) -> (Vec<Page>, Vec<SourceFile>, Vec<String>) {
    let mut pages = Vec::with_capacity(files.len());
    let mut assets = Vec::new();
    let mut broken = Vec::new();
    for (path, loaded) in files {
        match loaded {
            Loaded::Page(p) => pages.push((**p).clone()),
            Loaded::Asset(a) => assets.push(a.clone()),
            Loaded::Broken(e) => {
                errors.extend(e.clone());
                broken.push(path.clone());
            }
        }
    }
    (pages, assets, broken)
}
