//! `office-site serve`: the preview server. It builds the site in memory, serves it over HTTP
//! at the same URLs as the published site (under the base_url's sub-path), rebuilds on every
//! save and tells the browser to reload. It never deletes or rewrites `output/`.
//!
//! One [`Preview`] holds the state: the last good build (a [`Generation`]), the current build
//! error if any, and the browsers listening for reloads (server-sent events). A failed build
//! keeps the last good site and every page shows the error in an overlay until the next good
//! build. Pages are rendered when asked for and kept until the next change, so a rebuild costs
//! the parse of what changed and the whole-site link step, not the rendering of every page.
//!
//! A small synchronous server ([`server`]) serves it: enough for one person's preview, with no
//! async runtime. No request can make it fall over: requests are read within limits, checked
//! (`Host` against DNS rebinding, GET and HEAD only), and a bug that panics while answering
//! one costs that request a 500, nothing more; a bug that panics while building keeps the last
//! good site, like a failed build. The overlay never shows a withheld page's text
//! ([`overlay`]).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::pipeline::{Change, Pipeline};
use crate::render::Rendering;
use watch::SiteWatcher;

mod host;
mod http;
mod overlay;
mod server;
mod watch;
mod wire;

use overlay::BuildError;

/// How `serve` is asked to run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (default 127.0.0.1).
    pub bind: IpAddr,
    /// The first port to try (default 1111).
    pub port: u16,
    /// Publish drafts too.
    pub drafts: bool,
    /// Open the browser.
    pub open: bool,
}

/// Where the browser's event stream is served (outside the site's own paths).
pub(crate) const EVENTS_PATH: &str = "/__office-site/events";

/// One successful build, rendered lazily: each file rendered when it is first asked for, held
/// to the publish gate's last barrier like every file of a build, and kept.
pub(crate) struct Generation {
    /// Increases with every build.
    pub(crate) id: u64,
    rendering: Rendering,
    cache: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl std::fmt::Debug for Generation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generation").field("id", &self.id).finish()
    }
}

impl Generation {
    /// The file at `path` (under the output root), rendered once and kept; the errors of a
    /// file that fails to render or that the barrier stops.
    pub(crate) fn file(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostics>> {
        if !self.has(path) {
            return None;
        }
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return Some(Ok(hit.clone()));
        }
        let bytes = match self.rendering.one(path)? {
            Ok(b) => Arc::new(b),
            Err(d) => return Some(Err(d)),
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(path.to_owned(), bytes.clone());
        Some(Ok(bytes))
    }

    /// Whether a file exists at `path`.
    pub(crate) fn has(&self, path: &str) -> bool {
        self.rendering.has(path)
    }

    /// Renders the given pages now (to find template errors at once), and returns errors.
    fn warm(&self, paths: &[String]) -> Diagnostics {
        use rayon::prelude::*;
        paths
            .par_iter()
            .filter_map(|p| self.file(p).and_then(Result::err))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The preview server's state.
pub(crate) struct Preview {
    /// The base_url's path, percent-decoded as request paths are.
    base_path: String,
    root: PathBuf,
    drafts: bool,
    current: RwLock<Option<Arc<Generation>>>,
    error: RwLock<Option<BuildError>>,
    listeners: Mutex<Vec<Sender<String>>>,
    next_id: AtomicU64,
}

impl std::fmt::Debug for Preview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Preview")
            .field("base_path", &self.base_path)
            .finish()
    }
}

/// Sites up to this many pages are rendered whole after every change (so any template error
/// shows at once); larger ones render the changed pages first and the rest on demand.
const EAGER_LIMIT: usize = 600;

impl Preview {
    fn new(root: &Path, base_path: &str, drafts: bool) -> Preview {
        Preview {
            base_path: http::percent_decode(base_path).unwrap_or_else(|| base_path.to_owned()),
            root: root.to_path_buf(),
            drafts,
            current: RwLock::new(None),
            error: RwLock::new(None),
            listeners: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
        }
    }

    /// The last good build.
    pub(crate) fn current(&self) -> Option<Arc<Generation>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The current build error, as the terminal shows it (in full).
    pub(crate) fn error(&self) -> Option<String> {
        self.build_error().map(|e| e.terminal)
    }

    /// The current build error, as the terminal and as the overlay show it.
    fn build_error(&self) -> Option<BuildError> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_error(&self, error: Option<BuildError>) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = error;
    }

    /// Rebuilds from `pipeline`; on success the new site replaces the old one, on failure the
    /// old one stays and the error is shown. `changed` names the files that changed, whose
    /// pages are rendered first. Then every browser is told to reload.
    pub(crate) fn rebuild(
        &self,
        pipeline: &mut Pipeline,
        changed: &[PathBuf],
    ) -> Result<u64, Diagnostics> {
        let result = self.build(pipeline, changed);
        self.set_error(match &result {
            Ok(_) => None,
            Err(d) => Some(overlay::describe(&self.root, d, self.drafts)),
        });
        self.broadcast("reload");
        result
    }

    /// [`Preview::rebuild`], surviving a bug: a panic while building is reported like a failed
    /// build (the last good site stays) and `pipeline` starts over from nothing, since what it
    /// kept may be half updated. Returns `None` after a panic.
    fn rebuild_or_survive(
        &self,
        pipeline: &mut Pipeline,
        changed: &[PathBuf],
        fresh: &dyn Fn() -> Pipeline,
    ) -> Option<Result<u64, Diagnostics>> {
        match catch_unwind(AssertUnwindSafe(|| self.rebuild(pipeline, changed))) {
            Ok(result) => Some(result),
            Err(payload) => {
                let message = server::panic_message(payload.as_ref());
                self.set_error(Some(overlay::internal_error(message)));
                *pipeline = fresh();
                self.broadcast("reload");
                None
            }
        }
    }

    fn build(&self, pipeline: &mut Pipeline, changed: &[PathBuf]) -> Result<u64, Diagnostics> {
        let prepared = pipeline.prepare()?;
        let rendering = prepared
            .rendering()
            .map_err(|e| e.relative_to(&self.root))?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let generation = Generation {
            id,
            rendering,
            cache: Mutex::new(HashMap::new()),
        };
        let first = self.first_to_render(&generation, changed);
        let errors = generation.warm(&first);
        if errors.has_errors() {
            return Err(errors.relative_to(&self.root));
        }
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(generation));
        Ok(id)
    }

    /// Every page of a small site; for a large one, the pages of the changed files and their
    /// sections, and the home page.
    fn first_to_render(&self, generation: &Generation, changed: &[PathBuf]) -> Vec<String> {
        let site = generation.rendering.site();
        if site.pages.len() <= EAGER_LIMIT {
            return site
                .pages
                .iter()
                .map(crate::model::page::Page::output_path)
                .collect();
        }
        let mut out = vec![site.pages[site.home].output_path()];
        for (i, page) in site.pages.iter().enumerate() {
            if changed.iter().any(|c| c.ends_with(&page.rel)) {
                out.push(page.output_path());
                if let Some(s) = site.parent[i] {
                    out.push(site.pages[s].output_path());
                }
            }
        }
        out
    }

    /// Sends an event to every listening browser, forgetting those that left.
    fn broadcast(&self, event: &str) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|tx| tx.send(event.to_owned()).is_ok());
    }

    /// A new listener for reload events.
    pub(crate) fn listen(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }
}

/// How many ports above the asked one are tried when it is taken.
const PORT_TRIES: u16 = 50;

/// Binds `bind:port`, or the next free port, saying so; port 0 asks the system for any free
/// one. Returns the listener and the port it really listens on. A failure other than a taken
/// port (an address this machine does not have, no permission) is reported as it is.
fn bind(root: &Path, bind: IpAddr, port: u16) -> Result<(TcpListener, u16), Diagnostic> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    for candidate in port..=last {
        let addr = SocketAddr::new(bind, candidate);
        match TcpListener::bind(addr) {
            Ok(listener) => {
                let actual = listener.local_addr().map_or(candidate, |a| a.port());
                if candidate != port {
                    println!("port {port} is taken; using {candidate} instead");
                }
                return Ok((listener, actual));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(Diagnostic::new(Code::E0802, root)
                    .arg("address", addr)
                    .arg("error", e));
            }
        }
    }
    Err(Diagnostic::new(Code::E0803, root)
        .arg("first", port)
        .arg("last", last))
}

/// Runs the preview server until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), Diagnostics> {
    let root = crate::fs::canonicalize(&options.root, Code::E0801)?;
    let config = crate::load::config::load(&root, None).map_err(|e| e.relative_to(&root))?;
    let (listener, port) = bind(&root, options.bind, options.port)?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: the preview is reachable from the network{}",
            options.bind,
            if options.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let host = if options.bind.is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        http::host(options.bind)
    };
    let base_path = config.base_url.path().to_owned();
    let base_url = format!("http://{host}:{port}{base_path}");
    let preview = Arc::new(Preview::new(&root, &base_path, options.drafts));
    let fresh = || Pipeline::new(&root, Some(&base_url), options.drafts);
    let mut pipeline = fresh();
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher = SiteWatcher::start(&root, &config.theme)
        .map_err(|e| Diagnostic::new(Code::E0804, &root).arg("error", e))?;
    let started = Instant::now();
    let first = preview.rebuild_or_survive(&mut pipeline, &[], &fresh);
    report(&preview, first, started, "initial build");

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    server::log_panics_once();
    let app = {
        let preview = preview.clone();
        Arc::new(move |request: &wire::Request| http::answer(&preview, request))
    };
    let server = server::Server::start(listener, app, server::MAX_CONNECTIONS);
    println!("serving {base_url} (Ctrl-C to stop; output/ is never touched)");
    if options.open {
        let path = wire::encode_path(&preview.base_path);
        http::open_browser(&format!("http://{host}:{port}{path}"));
    }
    rebuild_on_changes(&preview, &mut pipeline, &fresh, &mut watcher, &stop);
    server.stop();
    println!("stopped");
    Ok(())
}

/// Rebuilds after every batch of changes until `stop` is set. After a change of site.yaml the
/// watcher follows the theme it names.
fn rebuild_on_changes(
    preview: &Preview,
    pipeline: &mut Pipeline,
    fresh: &dyn Fn() -> Pipeline,
    watcher: &mut SiteWatcher,
    stop: &AtomicBool,
) {
    let root = pipeline.root().to_path_buf();
    while let Some(changes) =
        watcher.next_batch(Duration::from_millis(200), &|| stop.load(Ordering::SeqCst))
    {
        let started = Instant::now();
        let mut changed = Vec::new();
        for change in &changes {
            pipeline.invalidate(change);
            if let Change::Content(paths) = change {
                changed.extend(paths.iter().cloned());
            }
        }
        let what = describe(&root, &changes);
        let result = preview.rebuild_or_survive(pipeline, &changed, fresh);
        report(preview, result, started, &what);
        // The rebuild read site.yaml again: follow the theme it names.
        if changes.contains(&Change::Config)
            && let Some(config) = pipeline.config()
        {
            watcher.set_theme(&config.theme);
        }
    }
}

fn describe(root: &Path, changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| match c {
            Change::Config => "site.yaml".to_owned(),
            Change::Templates => "templates".to_owned(),
            Change::Static => "static files".to_owned(),
            Change::Content(paths) => paths
                .iter()
                .map(|p| crate::diag::display_path(p.strip_prefix(root).unwrap_or(p)))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Says how a build went; `None` is a build that stopped on a bug. Errors go to the terminal
/// in full: it is the editor's own.
fn report(
    preview: &Preview,
    result: Option<Result<u64, Diagnostics>>,
    started: Instant,
    what: &str,
) {
    let ms = started.elapsed().as_millis();
    match result {
        Some(Ok(_)) => println!("rebuilt in {ms} ms ({what})"),
        Some(Err(_)) | None => {
            eprintln!("{}", preview.error().unwrap_or_default());
            eprintln!(
                "build failed ({what}); still serving the last good site, with the error shown in every page"
            );
        }
    }
}
