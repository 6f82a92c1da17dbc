//! HTTP for the preview server: safe path resolution, content types, the live-reload script and
//! error overlay injected into HTML, and the server-sent event stream.

use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use super::{EVENTS_PATH, Preview, handle};

type Reply = Response<std::io::Cursor<Vec<u8>>>;

/// `127.0.0.1`, or `[::1]` for IPv6.
pub(super) fn host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Starts `n` threads answering requests until the server is unblocked.
pub(super) fn spawn_workers(
    server: Arc<Server>,
    preview: Arc<Preview>,
    n: usize,
) -> Vec<JoinHandle<()>> {
    (0..n)
        .map(|_| {
            let (server, preview) = (server.clone(), preview.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(&preview, request);
                }
            })
        })
        .collect()
}

/// Decodes `%XX` once; `None` for invalid escapes or text that is not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path means.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A file of the site, by output path.
    File(String),
    /// Redirect to this URL path.
    Redirect(String),
    /// Malformed or unsafe: refused.
    Bad,
    /// Outside the site.
    Missing,
}

/// Resolves a raw request URL against the site under `base` (`/iryou-innovation/`). The path
/// is decoded once and normalised; any `.` or `..` segment, backslash, NUL or absolute Windows
/// path is refused, so nothing outside the built site can be named.
pub(super) fn resolve(raw: &str, base: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Target::Bad;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) || decoded.contains(':') {
        return Target::Bad;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Target::Bad;
    }
    if decoded == "/" && base != "/" {
        return Target::Redirect(base.to_owned());
    }
    if decoded.contains("//") {
        return Target::Bad;
    }
    if format!("{decoded}/") == base {
        return Target::Redirect(base.to_owned());
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        return Target::Missing;
    };
    if rel.is_empty() || rel.ends_with('/') {
        Target::File(format!("{rel}index.html"))
    } else {
        Target::File(rel.to_owned())
    }
}

/// The Content-Type of an output path.
pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("valid header")
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

/// The answer to a GET or HEAD of `url`.
pub(super) fn respond(preview: &Preview, url: &str) -> Reply {
    let target = resolve(url, &preview.base_path);
    let Some(generation) = preview.current() else {
        // Not one good build yet: every page is the error.
        return reply(500, "text/html; charset=utf-8", inject(b"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>build failed</title></head><body></body></html>", preview.error().as_deref()));
    };
    let path = match target {
        Target::Bad => {
            return reply(
                400,
                "text/plain; charset=utf-8",
                b"400 bad request".to_vec(),
            );
        }
        Target::Redirect(to) => {
            return Response::from_data(Vec::new())
                .with_status_code(StatusCode(302))
                .with_header(header("Location", &to));
        }
        Target::Missing => String::new(),
        Target::File(path) => path,
    };
    if !path.is_empty() && !generation.has(&path) && generation.has(&format!("{path}/index.html")) {
        let to = format!("{}{path}/", preview.base_path);
        return Response::from_data(Vec::new())
            .with_status_code(StatusCode(301))
            .with_header(header("Location", &to));
    }
    let (status, path) = if generation.has(&path) {
        (200, path)
    } else {
        (404, "404.html".to_owned())
    };
    let body = match generation.file(&path) {
        Some(Ok(bytes)) => bytes,
        Some(Err(d)) => {
            let text = d.with_source(&preview.root);
            return reply(500, "text/html; charset=utf-8", inject(b"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>error</title></head><body></body></html>", Some(&text)));
        }
        None => return reply(404, "text/plain; charset=utf-8", b"404 not found".to_vec()),
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        reply(status, kind, inject(&body, preview.error().as_deref()))
    } else {
        reply(status, kind, body.to_vec())
    }
}

/// Adds the live-reload script, and the error overlay when the last build failed, before
/// `</body>`.
pub(super) fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(error) = error {
        extra.push_str(&format!(
            "<div id=\"office-site-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;border:6px solid #c00;padding:1.5rem;font:16px/1.6 sans-serif\"><p style=\"margin:0 0 1rem;font-weight:bold;color:#c00\">ビルドに失敗しました（build failed）。修正して保存すると自動で再読み込みします。最後に成功したビルドを表示しています。</p><pre style=\"white-space:pre-wrap;font:14px/1.5 monospace\">{}</pre></div>",
            crate::publishing::xml_escape(error)
        ));
    }
    extra.push_str(&format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    ));
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + extra.len());
    out.push_str(&text[..at]);
    out.push_str(&extra);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// The answer to a HEAD of the event stream: its headers, no body (a GET streams).
pub(super) fn events_head() -> Reply {
    reply(200, "text/event-stream", Vec::new())
}

/// Streams reload events to one browser, on a thread of its own. The response is written by
/// hand on the raw connection so that each event is flushed the moment it is sent.
pub(super) fn stream_events(preview: &Preview, request: Request) {
    let events = preview.listen();
    std::thread::spawn(move || {
        let mut out = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        loop {
            let chunk = match events.recv_timeout(Duration::from_secs(15)) {
                Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
                // A comment keeps the connection open and finds browsers that left.
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if out
                .write_all(chunk.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return;
            }
        }
    });
}

/// Opens the URL in the default browser, if the platform says how.
pub(super) fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(command.0)
        .args(command.1)
        .spawn()
        .is_err()
    {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_under_the_base() {
        let b = "/iryou-innovation/";
        assert_eq!(
            resolve("/iryou-innovation/", b),
            Target::File("index.html".into())
        );
        assert_eq!(
            resolve("/iryou-innovation/teams/pharma/?x=1", b),
            Target::File("teams/pharma/index.html".into())
        );
        assert_eq!(
            resolve("/iryou-innovation/css/site.css", b),
            Target::File("css/site.css".into())
        );
        assert_eq!(
            resolve("/iryou-innovation/%E6%A4%9C%E7%B4%A2/", b),
            Target::File("検索/index.html".into())
        );
        assert_eq!(resolve("/", b), Target::Redirect(b.into()));
        assert_eq!(resolve("/iryou-innovation", b), Target::Redirect(b.into()));
        assert_eq!(resolve("/elsewhere/", b), Target::Missing);
    }

    #[test]
    fn traversal_in_every_form_is_refused() {
        let b = "/";
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/..%2f..%2fetc/passwd",
            "/..\\etc\\passwd",
            "/%5c..%5cetc%5cpasswd",
            "/C:/Windows/win.ini",
            "/a/./b",
            "//etc/passwd",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert!(
                matches!(resolve(raw, b), Target::Bad | Target::Missing),
                "{raw}: {:?}",
                resolve(raw, b)
            );
        }
    }

    #[test]
    fn html_gets_the_script_and_the_overlay() {
        let html = inject(b"<html><body><p>x</p></body></html>", Some("a <b> error"));
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("EventSource"));
        assert!(text.contains("a &lt;b&gt; error"));
        assert!(text.ends_with("</script></body></html>"));
    }

    #[test]
    fn text_types_carry_utf8() {
        for p in ["a.html", "a.css", "a.js", "a.svg", "a.xml"] {
            assert!(content_type(p).ends_with("charset=utf-8"), "{p}");
        }
    }
}
