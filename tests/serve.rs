//! `office-site serve` on a fixture site: pages served under the sub-path, live reload after an
//! edit, the error overlay while the last good page is still served, path traversal refused,
//! 404s, and `output/` never touched. Hostile requests are in `serve/hostile.rs`,
//! non-ASCII names in `serve/names.rs`, the overlay of withheld pages in `serve/withheld.rs`,
//! what the watcher watches in `serve/watcher.rs`, git's dates after a commit in
//! `serve/git.rs`, the build state a page learns in `serve/state.rs`. Tests wait on the
//! server's events, never on a fixed sleep.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly
#![cfg(feature = "serve")]

mod common;
#[path = "serve/git.rs"]
mod git;
#[path = "serve/hostile.rs"]
mod hostile;
#[path = "serve/names.rs"]
mod names;
#[path = "serve/state.rs"]
mod state;
#[path = "serve/watcher.rs"]
mod watcher;
#[path = "serve/withheld.rs"]
mod withheld;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{Site, http_get, http_request};

struct Server {
    child: Child,
    port: u16,
    /// Every line serve prints on stdout after the `serving` line.
    lines: Receiver<String>,
    /// Every line serve prints on stderr (the terminal's view of errors).
    errors: Receiver<String>,
    /// The build state, from an event stream opened at the start: the state on connecting,
    /// then one after every build.
    states: Receiver<State>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One event of the stream: its name and the build state it carries.
#[derive(Debug, Clone)]
struct State {
    /// `state` (on connecting), `reload` (a new good build) or `failed`.
    name: String,
    /// The good build pages come from.
    generation: String,
    /// The last build.
    build: String,
    /// The overlay's markup if the last build failed.
    overlay: Option<String>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(site: &Site) -> Server {
    start_with(site, &["--port", &free_port().to_string()])
}

fn start_with(site: &Site, args: &[&str]) -> Server {
    start_in(&site.root, args)
}

fn start_in(root: &std::path::Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["--lang", "en"])
        .arg("serve")
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (error_tx, errors) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = error_tx.send(line);
        }
    });
    // The port actually used is in the `serving http://127.0.0.1:PORT/…` line (the asked one may
    // have been taken meanwhile), printed once the first build is done, the watcher runs and
    // the server answers.
    let stdout = child.stdout.take().unwrap();
    let (port_tx, port_rx) = channel();
    let (line_tx, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                let _ = port_tx.send(rest.split('/').next().unwrap().parse::<u16>().unwrap());
            } else {
                let _ = line_tx.send(line);
            }
        }
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("serve did not start");
    Server {
        child,
        port,
        lines,
        errors,
        states: states(port),
    }
}

/// Listens to the event stream; each event after the state told on connecting arrives on
/// the channel by name.
fn events(port: u16) -> Receiver<String> {
    let (names, _) = event_stream(port);
    names
}

/// Listens to the event stream, once it is registered: the name of each event after the
/// state told on connecting arrives on the first channel, and every line received (head,
/// comments and data included) on the second.
fn event_stream(port: u16) -> (Receiver<String>, Receiver<String>) {
    let (tx, names) = channel();
    let (line_tx, lines) = channel();
    let (state_tx, states) = channel();
    open_stream(port, move |line| {
        if let Some(name) = line.strip_prefix("event: ") {
            let _ = state_tx.send(());
            if name != "state" {
                let _ = tx.send(name.to_owned());
            }
        }
        // Either receiver may be gone; the stream is read until the server closes it.
        let _ = line_tx.send(line.to_owned());
    });
    states
        .recv_timeout(Duration::from_secs(20))
        .expect("no state on connecting");
    (names, lines)
}

/// Listens to the event stream: every event, the state told on connecting first, parsed.
fn states(port: u16) -> Receiver<State> {
    let (tx, states) = channel();
    let mut name = String::new();
    open_stream(port, move |line| {
        if let Some(n) = line.strip_prefix("event: ") {
            n.clone_into(&mut name);
        } else if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            let _ = tx.send(State {
                name: name.clone(),
                generation: v["generation"].as_str().unwrap().to_owned(),
                build: v["build"].as_str().unwrap().to_owned(),
                overlay: v["overlay"].as_str().map(str::to_owned),
            });
        }
    });
    states
}

/// Opens the event stream and hands each line to `each` on a thread of its own, from the
/// moment the server has registered the listener (it says `: connected` after that).
fn open_stream(port: u16, mut each: impl FnMut(&str) + Send + 'static) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__office-site/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (ready_tx, ready) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if line == ": connected" {
                let _ = ready_tx.send(());
            }
            each(&line);
        }
    });
    ready
        .recv_timeout(Duration::from_secs(20))
        .expect("the event stream did not open");
}

/// Gets `path` until its answer satisfies `ok`, waiting for the next build between tries
/// (a build that ends between a try and the wait is in the channel already: none is missed).
#[track_caller]
fn wait_for(
    server: &Server,
    path: &str,
    ok: impl Fn(&common::HttpResponse) -> bool,
) -> common::HttpResponse {
    loop {
        let r = http_get(server.port, path);
        if ok(&r) {
            return r;
        }
        if server.states.recv_timeout(Duration::from_secs(20)).is_err() {
            panic!("{path} never changed: {} {}", r.status, r.body);
        }
    }
}

/// The next state whose name is `name`, the others on the way skipped.
#[track_caller]
fn next_state(server: &Server, name: &str) -> State {
    loop {
        let state = server
            .states
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no {name} event"));
        if state.name == name {
            return state;
        }
    }
}

const PHARMA: &str = "/iryou-innovation/teams/pharma/";

#[test]
fn serves_pages_under_the_sub_path_with_reload_script() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let server = start(&site);
    let root = http_get(server.port, "/");
    assert_eq!(root.status, 302);
    assert!(root.headers.contains("location: /iryou-innovation/"));
    let page = http_get(server.port, PHARMA);
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(page.body.contains("① 医薬品"));
    assert!(
        page.body.contains("/__office-site/events"),
        "the live-reload script"
    );
    assert!(
        page.body.contains("http://127.0.0.1:"),
        "permalinks point at the preview"
    );
    for (path, kind) in [
        ("js/search-page.js", "text/javascript; charset=utf-8"),
        ("teams/chart.svg", "image/svg+xml; charset=utf-8"),
    ] {
        let r = http_get(server.port, &format!("/iryou-innovation/{path}"));
        assert_eq!(r.status, 200, "{path}");
        assert!(r.headers.contains(kind), "{path}: {}", r.headers);
    }
    // No directory listings: a folder without index.html is not found.
    let listing = http_get(server.port, "/iryou-innovation/css/");
    assert_eq!(listing.status, 404, "{}", listing.body);
    assert!(!listing.body.contains("design-tokens.LICENSE.txt"));
    let css = http_get(server.port, "/iryou-innovation/css/site.css");
    assert!(
        css.headers
            .contains("content-type: text/css; charset=utf-8")
    );
    for (path, kind) in [
        ("atom.xml", "application/xml; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        let r = http_get(server.port, &format!("/iryou-innovation/{path}"));
        assert_eq!(r.status, 200, "{path}");
        assert!(r.headers.contains(kind), "{path}: {}", r.headers);
    }
    assert_eq!(http_get(server.port, "/iryou-innovation/teams").status, 301);
    let head = http_request(server.port, "HEAD", PHARMA);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(
            http_request(server.port, method, PHARMA).status,
            405,
            "{method}"
        );
    }
    assert!(!site.output().exists(), "serve never writes output/");
}

#[test]
fn an_edit_is_served_and_the_browser_told_to_reload() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let reloads = events(server.port);
    let text = std::fs::read_to_string(site.root.join("content/teams/pharma.md")).unwrap();
    site.write(
        "content/teams/pharma.md",
        &format!("{text}\n新しい段落です。\n"),
    );
    wait_for(&server, PHARMA, |r| r.body.contains("新しい段落です。"));
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "reload"
    );
}

#[cfg(feature = "search")]
#[test]
fn the_search_index_is_served_and_follows_an_edit() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let meta = http_get(server.port, "/iryou-innovation/search-index/meta.json");
    assert_eq!(meta.status, 200);
    assert!(meta.headers.contains("application/json; charset=utf-8"));
    assert!(meta.body.contains("/iryou-innovation/teams/pharma/"));
    let library = http_get(server.port, "/iryou-innovation/search-index/search.js");
    assert!(library.body.contains("export async function search"));
    assert!(
        !library.body.contains("/__office-site/events"),
        "only HTML gets the reload script"
    );
    let text = std::fs::read_to_string(site.root.join("content/teams/pharma.md")).unwrap();
    site.write(
        "content/teams/pharma.md",
        &format!("{text}\n検索語ぬらりひょん\n"),
    );
    wait_for(&server, "/iryou-innovation/search-index/text/0.json", |r| {
        r.body.contains("検索語ぬらりひょん")
    });
}

#[test]
fn a_broken_build_shows_the_overlay_over_the_last_good_page_until_fixed() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let reloads = events(server.port);
    let good = std::fs::read_to_string(site.root.join("content/issues/clinical.md")).unwrap();
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: x\nweight: abc\n---\n",
    );
    let page = wait_for(&server, PHARMA, |r| r.body.contains("office-site-error"));
    assert!(
        page.body.contains("① 医薬品"),
        "the last good page is still served"
    );
    assert!(
        page.body.contains("content/issues/clinical.md:3:9"),
        "{}",
        page.body
    );
    // The page is not reloaded (it is still the last good one): the error is shown in it.
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "failed"
    );
    site.write("content/issues/clinical.md", &good);
    wait_for(&server, PHARMA, |r| !r.body.contains("office-site-error"));
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "reload"
    );
}

/// Regression: the preview rendered through a renderer of its own, without the publish gate's
/// last barrier, so what only the barrier sees (a marking in a static file or a template, the
/// URL of a withheld page in a script) was served. Such a file is now an error page with the
/// overlay, never its bytes; a page is never served from a generation whose pages fail it.
#[test]
fn serve_did_not_run_the_final_barrier() {
    let site = Site::fixture("basic");
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部資料\nclassification: 機密性2\n---\n",
    )
    .write("static/notes.txt", "連絡先の一覧（取扱注意）\n")
    .write(
        "static/app.js",
        "var next = \"/iryou-innovation/internal/\";\n",
    );
    let server = start(&site);
    for (path, shown) in [
        ("/iryou-innovation/notes.txt", "取扱注意"),
        ("/iryou-innovation/app.js", "content/internal/_index.md"),
    ] {
        let r = http_get(server.port, path);
        assert_eq!(r.status, 500, "{path}: {}", r.body);
        assert!(r.headers.contains("text/html"), "{path}: {}", r.headers);
        assert!(
            r.body.contains("office-site-error") && r.body.contains("publish gate"),
            "{path}: {}",
            r.body
        );
        assert!(r.body.contains(shown), "{path}: {}", r.body);
        assert!(
            r.body.contains("<title>error</title>"),
            "{path}: not the error page: {}",
            r.body
        );
    }
    assert_eq!(http_get(server.port, PHARMA).status, 200);
    // A template that puts a marking on every page: no page of that build is served.
    site.write(
        "templates/page.html",
        "<!DOCTYPE html><html><body><main>{{ page.title }}: 機密性2情報</main></body></html>",
    );
    let page = wait_for(&server, PHARMA, |r| r.body.contains("office-site-error"));
    assert!(
        page.body.contains("templates/page.html:1:"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("<main>① 医薬品: 機密性2情報"),
        "the failing page was served: {}",
        page.body
    );
}

#[test]
fn pages_added_renamed_and_deleted_show_up_or_404() {
    let site = Site::fixture("basic");
    let server = start(&site);
    site.write("content/teams/genome.md", "---\ntitle: ゲノム\n---\n本文\n");
    wait_for(&server, "/iryou-innovation/teams/genome/", |r| {
        r.status == 200
    });
    std::fs::rename(
        site.root.join("content/teams/genome.md"),
        site.root.join("content/teams/genomics.md"),
    )
    .unwrap();
    wait_for(&server, "/iryou-innovation/teams/genomics/", |r| {
        r.status == 200
    });
    let gone = wait_for(&server, "/iryou-innovation/teams/genome/", |r| {
        r.status == 404
    });
    assert!(
        gone.body.contains("ページが見つかりません"),
        "the theme's 404 page"
    );
    site.remove("content/teams/genomics.md");
    wait_for(&server, "/iryou-innovation/teams/genomics/", |r| {
        r.status == 404
    });
}

#[test]
fn traversal_never_reaches_a_file_outside_the_site() {
    let site = Site::fixture("basic");
    site.write("../secret.txt", "TOP-SECRET-FILE");
    site.write("secret-in-root.txt", "TOP-SECRET-FILE");
    let server = start(&site);
    for raw in [
        "/iryou-innovation/../secret.txt",
        "/iryou-innovation/../../secret.txt",
        "/iryou-innovation/%2e%2e/secret-in-root.txt",
        "/iryou-innovation/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/iryou-innovation/..%2fsecret-in-root.txt",
        "/iryou-innovation/..%5csecret-in-root.txt",
        "/iryou-innovation/..\\secret-in-root.txt",
        "/iryou-innovation/%252e%252e/secret-in-root.txt",
        "/iryou-innovation//etc/passwd",
        "/etc/passwd",
        "/iryou-innovation/C:/Windows/win.ini",
        "/iryou-innovation/site.yaml",
        "/iryou-innovation/content/teams/pharma.md",
        "/iryou-innovation/.office-site",
    ] {
        let r = http_get(server.port, raw);
        assert!(
            !r.body.contains("TOP-SECRET-FILE") && !r.body.contains("root:x:0"),
            "{raw} leaked"
        );
        assert!(
            !r.body.contains("title: ① 医薬品") && !r.body.contains("base_url"),
            "{raw} served a source"
        );
        assert!(r.status == 400 || r.status == 404, "{raw}: {}", r.status);
    }
}

#[test]
fn output_is_never_touched() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = std::fs::read(site.output().join("teams/pharma/index.html")).unwrap();
    let server = start(&site);
    site.write(
        "content/teams/devices.md",
        "---\ntitle: 変更後\nissues: [regulation]\n---\n",
    );
    wait_for(&server, "/iryou-innovation/teams/devices/", |r| {
        r.body.contains("変更後")
    });
    assert_eq!(
        before,
        std::fs::read(site.output().join("teams/pharma/index.html")).unwrap()
    );
    assert!(
        !std::fs::read_to_string(site.output().join("teams/devices/index.html"))
            .unwrap()
            .contains("変更後")
    );
}

/// Runs serve with `args` and returns what it printed on stdout up to the `serving` line, and
/// on stderr until then.
fn first_lines(site: &Site, args: &[&str]) -> (String, String) {
    first_lines_in("en", site, args)
}

/// [`first_lines`] in the language `lang`.
fn first_lines_in(lang: &str, site: &Site, args: &[&str]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["--lang", lang])
        .arg("serve")
        .args(args)
        .current_dir(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
        text
    });
    let mut out = String::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        out.push_str(&line);
        out.push('\n');
        if line.starts_with("serving ") || line.starts_with("プレビューを ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    (out, errors.join().unwrap())
}

/// Regression: the preview spoke English to a Japanese editor (`serving …`, `port … is taken`,
/// `warning: listening on …`) whatever `--lang` said.
#[test]
fn the_preview_s_terminal_spoke_english_only() {
    let site = Site::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (out, err) = first_lines_in(
        "ja",
        &site,
        &["--bind", "0.0.0.0", "--drafts", "--port", &port.to_string()],
    );
    assert!(
        out.contains(&format!("ポート {port} は使用中のため、")),
        "{out}"
    );
    assert!(out.contains("プレビューを http://127.0.0.1:"), "{out}");
    assert!(
        out.contains("で表示しています（Ctrl-C で終了します。"),
        "{out}"
    );
    assert!(err.contains("警告: 0.0.0.0 で待ち受けています。"), "{err}");
    assert!(err.contains("下書きも含めて"), "{err}");
    assert!(
        out.contains("ミリ秒で組み立て直しました（最初のビルド）"),
        "{out}"
    );
    // (`warning[W0104]:` keeps its English label, as `build` prints it, for editors to read.)
    for english in [
        "serving",
        "taken",
        "warning:",
        "listening",
        "reachable",
        "build)",
    ] {
        assert!(
            !out.contains(english) && !err.contains(english),
            "{english}: {out}{err}"
        );
    }
}

#[test]
fn a_taken_port_is_reported_and_the_next_free_one_used() {
    let site = Site::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (out, _) = first_lines(&site, &["--port", &port.to_string()]);
    assert!(
        out.contains(&format!("port {port} is taken; using")),
        "{out}"
    );
}

#[test]
fn binding_beyond_loopback_warns_that_the_preview_is_reachable() {
    let site = Site::fixture("basic");
    let (out, err) = first_lines(
        &site,
        &["--bind", "0.0.0.0", "--port", &free_port().to_string()],
    );
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
    assert!(err.contains("reachable from the network"), "{err}");
    assert!(!out.contains("reachable"), "warnings go to stderr: {out}");
    let (out, err) = first_lines(&site, &["--port", &free_port().to_string()]);
    assert!(!format!("{out}{err}").contains("reachable from the network"));
}

#[test]
fn the_network_warning_says_drafts_included_only_with_drafts() {
    let site = Site::fixture("basic");
    let port = free_port().to_string();
    let (_, err) = first_lines(&site, &["--bind", "0.0.0.0", "--port", &port]);
    assert!(!err.contains("drafts"), "{err}");
    let (_, err) = first_lines(&site, &["--bind", "0.0.0.0", "--drafts", "--port", &port]);
    assert!(
        err.contains("reachable from the network, drafts included"),
        "{err}"
    );
}

#[test]
fn port_zero_serves_on_the_port_the_system_chose_and_says_which() {
    let site = Site::fixture("basic");
    let server = start_with(&site, &["--port", "0"]);
    assert_ne!(server.port, 0);
    let page = http_get(server.port, PHARMA);
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(&format!("http://127.0.0.1:{}/", server.port)),
        "permalinks carry the real port"
    );
    assert!(!page.body.contains("127.0.0.1:0/"));
}

#[test]
fn a_bind_failure_other_than_a_taken_port_is_reported_as_it_is() {
    let site = Site::fixture("basic");
    // 192.0.2.1 (TEST-NET-1) is an address this machine does not have.
    let out = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["--lang", "en"])
        .args(["serve", "--bind", "192.0.2.1", "--port", "8080"])
        .current_dir(&site.root)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on 192.0.2.1:8080"), "{err}");
    assert!(!err.contains("no free port"), "{err}");
}

#[test]
fn head_on_the_event_stream_answers_headers_only() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let started = Instant::now();
    let head = http_request(server.port, "HEAD", "/__office-site/events");
    assert!(started.elapsed() < Duration::from_secs(5), "HEAD streamed");
    assert_eq!(head.status, 200);
    assert!(head.headers.contains("content-type: text/event-stream"));
    assert!(head.body.is_empty(), "{}", head.body);
}

#[cfg(unix)]
#[test]
fn sigint_stops_serve_cleanly() {
    let site = Site::fixture("basic");
    let mut server = start(&site);
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    // The reader thread forwards the last lines after the exit: read until it hangs up.
    let mut said = Vec::new();
    while let Ok(line) = server.lines.recv_timeout(Duration::from_secs(5)) {
        said.push(line);
    }
    assert!(said.iter().any(|l| l == "stopped"), "{said:?}");
}

#[test]
fn one_editor_save_gives_one_rebuild() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let reloads = events(server.port);
    let page = site.root.join("content/teams/pharma.md");
    let text = std::fs::read_to_string(&page).unwrap();
    // What editors do: write a temporary file, rename it over the page, set its mode.
    let temp = site.root.join("content/teams/.pharma.md.tmp");
    std::fs::write(&temp, format!("{text}\n保存した段落。\n")).unwrap();
    std::fs::rename(&temp, &page).unwrap();
    let mode = std::fs::metadata(&page).unwrap().permissions();
    std::fs::set_permissions(&page, mode).unwrap();
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "reload"
    );
    assert!(
        reloads.recv_timeout(Duration::from_secs(2)).is_err(),
        "one save rebuilt more than once"
    );
    let served = http_get(server.port, PHARMA);
    assert!(served.body.contains("保存した段落。"));
}

/// Copies a folder recursively.
#[test]
fn the_watcher_follows_a_theme_change_in_site_yaml() {
    let site = Site::fixture("basic");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(
        &repo.join("themes/default"),
        &site.root.join("themes/other"),
    );
    let team = |marker: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block before_content %}}{marker}{{% endblock before_content %}}"
        )
    };
    site.write("themes/other/templates/team.html", &team("OTHER-A"));
    let server = start(&site);
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{config}theme: other\n"));
    wait_for(&server, PHARMA, |r| r.body.contains("OTHER-A"));
    // The watcher started with the theme `default`: an edit of the new theme must be seen too.
    site.write("themes/other/templates/team.html", &team("OTHER-B"));
    wait_for(&server, PHARMA, |r| r.body.contains("OTHER-B"));
}

/// Regression: the preview printed none of a good build's warnings (`build` prints them all),
/// so an editor who only ran the preview never saw them. They are printed as `build` prints
/// them, with their code; here the site is no git repository, so 最終更新日 has no commit
/// dates.
#[test]
fn the_preview_printed_none_of_a_good_build_s_warnings() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let said = loop {
        let line = server
            .errors
            .recv_timeout(Duration::from_secs(20))
            .expect("a warning on stderr");
        if line.contains("[W0104]") {
            break line;
        }
    };
    assert!(said.starts_with("content: warning[W0104]: "), "{said}");
}
