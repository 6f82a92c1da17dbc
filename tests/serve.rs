//! `office-site serve` on a fixture site: pages served under the sub-path, live reload after an
//! edit, the error overlay while the last good page is still served, path traversal refused,
//! 404s, and `output/` never touched.
#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{Site, http_get, http_request};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(site: &Site) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["serve", "--port", &free_port().to_string()])
        .current_dir(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The port actually used is in the `serving http://127.0.0.1:PORT/…` line (the asked one may
    // have been taken meanwhile), printed once the first build is done and the watcher runs.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                let _ = tx.send(rest.split('/').next().unwrap().parse::<u16>().unwrap());
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("serve did not start");
    let server = Server { child, port };
    while http_get(port, "/").status == 0 {
        std::thread::sleep(Duration::from_millis(20));
    }
    server
}

/// Listens to the event stream; each received event name arrives on the channel.
fn events(port: u16) -> Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__office-site/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send(name.to_owned()).is_err()
            {
                break;
            }
        }
    });
    // Let the stream register before anything changes.
    std::thread::sleep(Duration::from_millis(300));
    rx
}

/// Polls `path` until its body satisfies `ok`.
#[track_caller]
fn wait_for(
    port: u16,
    path: &str,
    ok: impl Fn(&common::HttpResponse) -> bool,
) -> common::HttpResponse {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = http_get(port, path);
        if ok(&r) {
            return r;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never changed: {} {}",
            r.status,
            r.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const PHARMA: &str = "/iryou-innovation/teams/pharma/";

#[test]
fn serves_pages_under_the_sub_path_with_reload_script() {
    let site = Site::fixture("basic");
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
    wait_for(server.port, PHARMA, |r| r.body.contains("新しい段落です。"));
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
    wait_for(
        server.port,
        "/iryou-innovation/search-index/text/0.json",
        |r| r.body.contains("検索語ぬらりひょん"),
    );
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
    let page = wait_for(server.port, PHARMA, |r| {
        r.body.contains("office-site-error")
    });
    assert!(
        page.body.contains("① 医薬品"),
        "the last good page is still served"
    );
    assert!(
        page.body.contains("content/issues/clinical.md:3:9"),
        "{}",
        page.body
    );
    assert_eq!(
        reloads.recv_timeout(Duration::from_secs(10)).unwrap(),
        "reload"
    );
    site.write("content/issues/clinical.md", &good);
    wait_for(server.port, PHARMA, |r| {
        !r.body.contains("office-site-error")
    });
}

#[test]
fn pages_added_renamed_and_deleted_show_up_or_404() {
    let site = Site::fixture("basic");
    let server = start(&site);
    site.write("content/teams/genome.md", "---\ntitle: ゲノム\n---\n本文\n");
    wait_for(server.port, "/iryou-innovation/teams/genome/", |r| {
        r.status == 200
    });
    std::fs::rename(
        site.root.join("content/teams/genome.md"),
        site.root.join("content/teams/genomics.md"),
    )
    .unwrap();
    wait_for(server.port, "/iryou-innovation/teams/genomics/", |r| {
        r.status == 200
    });
    let gone = wait_for(server.port, "/iryou-innovation/teams/genome/", |r| {
        r.status == 404
    });
    assert!(
        gone.body.contains("ページが見つかりません"),
        "the theme's 404 page"
    );
    site.remove("content/teams/genomics.md");
    wait_for(server.port, "/iryou-innovation/teams/genomics/", |r| {
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
    wait_for(server.port, "/iryou-innovation/teams/devices/", |r| {
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

/// Runs serve with `args` and returns its first lines of output, up to the `serving` line.
fn first_lines(site: &Site, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .arg("serve")
        .args(args)
        .current_dir(&site.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut out = String::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        out.push_str(&line);
        out.push('\n');
        if line.starts_with("serving ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    out
}

#[test]
fn a_taken_port_is_reported_and_the_next_free_one_used() {
    let site = Site::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = first_lines(&site, &["--port", &port.to_string()]);
    assert!(
        out.contains(&format!("port {port} is taken; using")),
        "{out}"
    );
}

#[test]
fn binding_beyond_loopback_warns_that_the_preview_is_reachable() {
    let site = Site::fixture("basic");
    let out = first_lines(
        &site,
        &["--bind", "0.0.0.0", "--port", &free_port().to_string()],
    );
    assert!(out.contains("reachable from the network"), "{out}");
    let out = first_lines(&site, &["--port", &free_port().to_string()]);
    assert!(!out.contains("reachable from the network"), "{out}");
}
