//! `office-site serve`: the preview server. It builds the site in memory, serves it over HTTP
//! at the same URLs as the published site (under the base_url's sub-path), rebuilds on every
//! save and tells the browser to reload. It never deletes or rewrites `output/`.
//!
//! One [`Preview`] holds the state: the last good build (a [`Generation`]), the current build
//! error if any, and the browsers listening (server-sent events). A failed build keeps the
//! last good site and every page shows the error in an overlay ([`page`]) until the next good
//! build. No event is lost: a browser that connects is first told the current state (the good
//! build it should show, and the error if the last build failed), then every change, in order,
//! so a build that ends while a page is loading still reaches it. Pages are rendered when asked for and kept until the next change, so a rebuild costs
//! the parse of what changed and the whole-site link step, not the rendering of every page.
//!
//! A small synchronous server ([`server`]) serves it: enough for one person's preview, with no
//! async runtime. No request can make it fall over: requests are read within limits, checked
//! (`Host` against DNS rebinding, GET and HEAD only), and a bug that panics while answering
//! one costs that request a 500, nothing more; a bug that panics while building keeps the last
//! good site, like a failed build. The overlay never shows a withheld page's text
//! ([`overlay`]).

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diag::catalogue::notice;
use crate::diag::{Code, Diagnostic, Diagnostics, Lang};
use crate::pipeline::{Change, Pipeline};
use crate::render::Rendering;
use watch::SiteWatcher;

mod host;
mod http;
mod overlay;
mod page;
mod report;
mod server;
mod watch;
mod wire;

use overlay::BuildError;
use page::{Failure, PageState};
use report::{describe, print_report, report, report_text};

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
    /// The language of the messages (terminal and error overlay).
    pub lang: Lang,
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
    /// The build's warnings, relative to the site folder.
    warnings: Diagnostics,
    /// The files whose rendering failed and whose errors the terminal was given (once each).
    failed: Mutex<HashSet<String>>,
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

    /// Whether `path` failed to render for the first time (its errors are yet to be printed).
    fn first_failure(&self, path: &str) -> bool {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned())
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

/// What the browsers are told: the last good build, and the last build's error.
#[derive(Default)]
struct BuildState {
    /// The last good build.
    current: Option<Arc<Generation>>,
    /// The last build's error, if it failed.
    error: Option<BuildError>,
    /// Builds finished so far, good or not.
    builds: u64,
}

/// One server-sent event: its name, and the build state as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// `state` (sent on connecting), `reload` (a new good build) or `failed`.
    pub(crate) name: &'static str,
    /// `{"generation": …, "build": …, "overlay": markup or null}`.
    pub(crate) data: String,
}

/// The preview server's state.
pub(crate) struct Preview {
    /// The base_url's path, percent-decoded as request paths are.
    base_path: String,
    root: PathBuf,
    drafts: bool,
    /// The language of the messages.
    lang: Lang,
    /// This run of the server: a page served by an earlier run reloads.
    run: String,
    state: RwLock<BuildState>,
    /// Held while the state changes and its event is sent, and while a browser is told the
    /// state and starts listening: so each listener gets every change after the state it was
    /// told, in order.
    listeners: Mutex<Vec<Sender<Event>>>,
    next_id: AtomicU64,
    /// The warnings the terminal was last given (each finding as printed), so that a rebuild
    /// prints only those that are new.
    warned: Mutex<HashSet<String>>,
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
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Preview {
            base_path: http::percent_decode(base_path).unwrap_or_else(|| base_path.to_owned()),
            root: root.to_path_buf(),
            drafts,
            lang: Lang::En,
            run: format!("{:x}{:x}", std::process::id(), started),
            state: RwLock::new(BuildState::default()),
            listeners: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
            warned: Mutex::new(HashSet::new()),
        }
    }

    fn read_state(&self) -> std::sync::RwLockReadGuard<'_, BuildState> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The last good build.
    #[cfg(test)]
    pub(crate) fn current(&self) -> Option<Arc<Generation>> {
        self.read_state().current.clone()
    }

    /// The current build error, as the terminal shows it (in full).
    pub(crate) fn error(&self) -> Option<String> {
        self.read_state().error.as_ref().map(|e| e.terminal.clone())
    }

    /// What a page served now is served with, and the good build it comes from.
    fn page_state(&self) -> (Option<Arc<Generation>>, PageState) {
        let state = self.read_state();
        (state.current.clone(), self.page_state_of(&state))
    }

    fn page_state_of(&self, state: &BuildState) -> PageState {
        let id = state.current.as_ref().map_or(0, |g| g.id);
        let failure = if state.current.is_some() {
            Failure::Build
        } else {
            Failure::FirstBuild
        };
        PageState {
            generation: format!("{}.{id}", self.run),
            overlay: state
                .error
                .as_ref()
                .map(|e| page::overlay(e, failure, &format!("{}-{}", self.run, state.builds))),
        }
    }

    /// The event that tells a browser `state`.
    fn event(&self, name: &'static str, state: &BuildState) -> Event {
        let page = self.page_state_of(state);
        let data = serde_json::json!({
            "generation": page.generation,
            "build": format!("{}-{}", self.run, state.builds),
            "overlay": page.overlay,
        });
        Event {
            name,
            data: data.to_string(),
        }
    }

    /// The overlay of an error of one file (it could not be rendered), for its error page;
    /// the terminal is given the errors the first time `generation` fails to render `path`.
    fn file_overlay(&self, generation: &Generation, path: &str, errors: &Diagnostics) -> PageState {
        let error = overlay::describe_in(&self.root, errors, self.drafts, self.lang);
        if generation.first_failure(path) {
            eprintln!("{}", error.terminal);
        }
        let (_, mut page) = self.page_state();
        // Named by the build and the file: closed on one page, the overlay still opens on
        // another page that fails, and on this one after the next build.
        let build = format!("file:{}.{}:{path}", self.run, generation.id);
        page.overlay = Some(page::overlay(&error, Failure::File, &build));
        page
    }

    /// The warnings of a good build that the terminal has not been given since they last
    /// appeared: a rebuild repeats none (a warning that goes away and comes back is new again).
    fn new_warnings(&self, warnings: &Diagnostics) -> Diagnostics {
        let mut warned = self.warned.lock().unwrap_or_else(|e| e.into_inner());
        let now: HashSet<String> = warnings.iter().map(ToString::to_string).collect();
        let new = warnings
            .iter()
            .filter(|d| !warned.contains(&d.to_string()))
            .cloned()
            .collect();
        *warned = now;
        new
    }

    /// Records the end of a build (a new good build, or the error of a failed one: the last
    /// good build stays), and tells every browser.
    fn publish(&self, result: Result<Arc<Generation>, BuildError>) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        let event = {
            let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
            state.builds += 1;
            let name = match result {
                Ok(generation) => {
                    state.current = Some(generation);
                    state.error = None;
                    "reload"
                }
                Err(error) => {
                    state.error = Some(error);
                    "failed"
                }
            };
            self.event(name, &state)
        };
        listeners.retain(|tx| tx.send(event.clone()).is_ok());
    }

    /// Rebuilds from `pipeline`; on success the new site replaces the old one, on failure the
    /// old one stays and the error is shown. `changed` names the files that changed, whose
    /// pages are rendered first. Then every browser is told.
    pub(crate) fn rebuild(
        &self,
        pipeline: &mut Pipeline,
        changed: &[PathBuf],
    ) -> Result<Arc<Generation>, Diagnostics> {
        match self.build(pipeline, changed) {
            Ok(generation) => {
                let generation = Arc::new(generation);
                self.publish(Ok(generation.clone()));
                Ok(generation)
            }
            Err(d) => {
                self.publish(Err(overlay::describe_in(
                    &self.root,
                    &d,
                    self.drafts,
                    self.lang,
                )));
                Err(d)
            }
        }
    }

    /// [`Preview::rebuild`], surviving a bug: a panic while building is reported like a failed
    /// build (the last good site stays) and `pipeline` starts over from nothing, since what it
    /// kept may be half updated. Returns `None` after a panic.
    fn rebuild_or_survive(
        &self,
        pipeline: &mut Pipeline,
        changed: &[PathBuf],
        fresh: &dyn Fn() -> Pipeline,
    ) -> Option<Result<Arc<Generation>, Diagnostics>> {
        match catch_unwind(AssertUnwindSafe(|| self.rebuild(pipeline, changed))) {
            Ok(result) => Some(result),
            Err(payload) => {
                let message = server::panic_message(payload.as_ref());
                self.publish(Err(overlay::internal_error(message)));
                *pipeline = fresh();
                None
            }
        }
    }

    fn build(
        &self,
        pipeline: &mut Pipeline,
        changed: &[PathBuf],
    ) -> Result<Generation, Diagnostics> {
        let prepared = pipeline.prepare()?;
        let rendering = prepared
            .rendering()
            .map_err(|e| e.relative_to(&self.root))?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let generation = Generation {
            id,
            rendering,
            cache: Mutex::new(HashMap::new()),
            warnings: prepared.warnings.relative_to(&self.root),
            failed: Mutex::new(HashSet::new()),
        };
        let first = self.first_to_render(&generation, changed);
        let errors = generation.warm(&first);
        if errors.has_errors() {
            return Err(errors.relative_to(&self.root));
        }
        Ok(generation)
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

    /// A new listener: its first event is the current state (`state`), then every change.
    pub(crate) fn listen(&self) -> Receiver<Event> {
        let (tx, rx) = channel();
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.event("state", &self.read_state());
        if tx.send(now).is_ok() {
            listeners.push(tx);
        }
        rx
    }
}

/// How many ports above the asked one are tried when it is taken.
const PORT_TRIES: u16 = 50;

/// Binds `bind:port`, or the next free port, saying so; port 0 asks the system for any free
/// one. Returns the listener and the port it really listens on. A failure other than a taken
/// port (an address this machine does not have, no permission) is reported as it is.
fn bind(
    root: &Path,
    lang: Lang,
    bind: IpAddr,
    port: u16,
) -> Result<(TcpListener, u16), Diagnostic> {
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
                    let args = [
                        ("port", port.to_string()),
                        ("candidate", candidate.to_string()),
                    ];
                    println!("{}", notice(lang, "port_taken", &args));
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
    let lang = options.lang;
    let (listener, port) = bind(&root, lang, options.bind, options.port)?;
    if !options.bind.is_loopback() {
        let key = if options.drafts {
            "network_drafts"
        } else {
            "network"
        };
        eprintln!(
            "{}",
            notice(lang, key, &[("address", options.bind.to_string())])
        );
    }
    let host = if options.bind.is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        http::host(options.bind)
    };
    let base_path = config.base_url.path().to_owned();
    let base_url = format!("http://{host}:{port}{base_path}");
    let mut preview = Preview::new(&root, &base_path, options.drafts);
    preview.lang = options.lang;
    let preview = Arc::new(preview);
    let fresh = || Pipeline::new(&root, Some(&base_url), options.drafts);
    let mut pipeline = fresh();
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher = SiteWatcher::start(&root, &config.theme)
        .map_err(|e| Diagnostic::new(Code::E0804, &root).arg("error", e))?;
    watcher.lang = options.lang;
    let started = Instant::now();
    let first = preview.rebuild_or_survive(&mut pipeline, &[], &fresh);
    let what = crate::diag::catalogue::phrase_in(lang, "changed", "initial").unwrap_or("initial");
    report(&preview, first, started, what);

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
    println!("{}", notice(lang, "serving", &[("url", base_url.clone())]));
    if options.open {
        let path = wire::encode_path(&preview.base_path);
        http::open_browser(lang, &format!("http://{host}:{port}{path}"));
    }
    rebuild_on_changes(&preview, &mut pipeline, &fresh, &mut watcher, &stop);
    server.stop();
    println!("{}", notice(lang, "stopped", &[]));
    Ok(())
}

/// Rebuilds after every batch of changes until `stop` is set.
fn rebuild_on_changes(
    preview: &Preview,
    pipeline: &mut Pipeline,
    fresh: &dyn Fn() -> Pipeline,
    watcher: &mut SiteWatcher,
    stop: &AtomicBool,
) {
    while let Some(changes) =
        watcher.next_batch(Duration::from_millis(200), &|| stop.load(Ordering::SeqCst))
    {
        apply(preview, pipeline, fresh, &changes);
    }
}

/// Tells `pipeline` what changed, rebuilds and says how it went.
fn apply(
    preview: &Preview,
    pipeline: &mut Pipeline,
    fresh: &dyn Fn() -> Pipeline,
    changes: &[Change],
) {
    let started = Instant::now();
    let mut changed = Vec::new();
    for change in changes {
        pipeline.invalidate(change);
        if let Change::Content(paths) = change {
            changed.extend(paths.iter().cloned());
        }
    }
    let what = describe(preview.lang, pipeline.root(), changes);
    let result = preview.rebuild_or_survive(pipeline, &changed, fresh);
    report(preview, result, started, &what);
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the tests make and change their sites on disk directly
mod tests;
