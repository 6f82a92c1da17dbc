//! What the preview answers: safe path resolution, content types, redirects, the pages (with
//! the preview's script and stylesheet, and the error overlay, added to HTML: [`super::page`]),
//! the preview's own files, and the server-sent event stream. The connection layer below it
//! is [`super::server`].

use std::io::Write;
use std::net::{IpAddr, TcpStream};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use super::page::{self, inject};
use super::server::Answer;
use super::wire::{Method, Request, Response};
use super::{EVENTS_PATH, Event, Preview};

/// `127.0.0.1`, or `[::1]` for IPv6.
pub(super) fn host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// The answer to a GET or HEAD that passed the server's checks.
pub(super) fn answer(preview: &Preview, request: &Request) -> Answer {
    if request.target == EVENTS_PATH {
        if request.method == Method::Head {
            return Answer::Reply(events_head());
        }
        let events = preview.listen();
        return Answer::Stream(
            vec![
                ("Content-Type", "text/event-stream".to_owned()),
                ("Cache-Control", "no-store".to_owned()),
            ],
            Box::new(move |out| stream_events(&events, out)),
        );
    }
    if let Some(asset) = own_file(&request.target) {
        return Answer::Reply(asset);
    }
    Answer::Reply(respond(preview, &request.target))
}

/// The preview's own script and stylesheet, outside the site's paths.
fn own_file(target: &str) -> Option<Response> {
    let name = target
        .split(['?', '#'])
        .next()?
        .strip_prefix(page::ASSETS_PATH)?;
    let (kind, body) = match name {
        "live.js" => ("text/javascript; charset=utf-8", page::LIVE_JS),
        "overlay.css" => ("text/css; charset=utf-8", page::OVERLAY_CSS),
        _ => return None,
    };
    Some(Response::new(200, kind, body.as_bytes().to_vec()))
}

/// Decodes `%XX` once; `None` for invalid escapes or text that is not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: `from_str_radix` alone would take `%+1` as 1.
            let hex = s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
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
/// is decoded once and normalised; an encoded slash or backslash (`%2F`, `%5C`), any `.` or
/// `..` segment, backslash, NUL or absolute Windows path is refused, so nothing outside the
/// built site can be named and a path has one spelling of its folders.
pub(super) fn resolve(raw: &str, base: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Target::Bad;
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Bad;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Target::Bad;
    }
    if decoded
        .split('/')
        .any(|seg| seg == ".." || seg == "." || is_drive(seg))
    {
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

/// `C:`: a Windows drive, refused though files are looked up in memory only, never on disk.
fn is_drive(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() == 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
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

/// A page with nothing but the overlay, for when there is no page to show it over.
const BARE: &[u8] = b"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>error</title></head><body></body></html>";

const HTML: &str = "text/html; charset=utf-8";

/// The answer to a GET or HEAD of `url`.
pub(super) fn respond(preview: &Preview, url: &str) -> Response {
    let target = resolve(url, &preview.base_path);
    let (current, state) = preview.page_state();
    let Some(generation) = current else {
        // Not one good build yet: every page is the error.
        return Response::new(500, HTML, inject(BARE, &state));
    };
    let path = match target {
        Target::Bad => return Response::text(400, "bad request"),
        Target::Redirect(to) => return Response::redirect(302, &to),
        Target::Missing => String::new(),
        Target::File(path) => path,
    };
    if !path.is_empty() && !generation.has(&path) && generation.has(&format!("{path}/index.html")) {
        return Response::redirect(301, &format!("{}{path}/", preview.base_path));
    }
    let (status, path) = if generation.has(&path) {
        (200, path)
    } else {
        (404, not_found_page(&path, |p| generation.has(p)))
    };
    let body = match generation.file(&path) {
        Some(Ok(bytes)) => bytes,
        Some(Err(d)) => {
            return Response::new(
                500,
                HTML,
                inject(BARE, &preview.file_overlay(&generation, &path, &d)),
            );
        }
        None => return Response::text(404, "not found"),
    };
    let kind = content_type(&path);
    if kind.starts_with("text/html") {
        Response::new(status, kind, inject(&body, &state))
    } else {
        Response::new(status, kind, body)
    }
}

/// The 404 page for a missing `path`: the one in the nearest folder above it that has one (a
/// language's own, `en/404.html`, as deploy/nginx.conf serves it), else the site's.
fn not_found_page(path: &str, has: impl Fn(&str) -> bool) -> String {
    let mut folder = path;
    while let Some((up, _)) = folder.rsplit_once('/') {
        let page = format!("{up}/404.html");
        if has(&page) {
            return page;
        }
        folder = up;
    }
    "404.html".to_owned()
}

/// The answer to a HEAD of the event stream: its headers, no body (a GET streams).
pub(super) fn events_head() -> Response {
    Response::new(200, "text/event-stream", Vec::new())
}

/// Streams events to one browser (on a thread of the server's, after the head), each flushed
/// the moment it is sent, until the browser leaves or the preview stops. An event carries the
/// build state, whose overlay is the one pages show (a withheld page only named).
fn stream_events(events: &Receiver<Event>, mut out: TcpStream) {
    if out
        .write_all(b": connected\n\n")
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match events.recv_timeout(Duration::from_secs(5)) {
            Ok(event) => format!("event: {}\ndata: {}\n\n", event.name, event.data),
            // A comment keeps the connection open and finds, within seconds, the tabs that
            // left, so that their places are free for new ones.
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(chunk.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Opens the URL in the default browser, if the platform says how.
pub(super) fn open_browser(lang: crate::diag::Lang, url: &str) {
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
        let args = [("url", url.to_owned())];
        eprintln!(
            "{}",
            crate::diag::catalogue::notice(lang, "no_browser", &args)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_page_gets_the_404_page_of_its_language_s_folder() {
        let has = |p: &str| ["404.html", "en/404.html"].contains(&p);
        for (missing, page) in [
            ("en/no/such/page/index.html", "en/404.html"),
            ("en/x.css", "en/404.html"),
            ("no/such/page/index.html", "404.html"),
            ("english/index.html", "404.html"),
            ("", "404.html"),
        ] {
            assert_eq!(not_found_page(missing, has), page, "{missing}");
        }
    }

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

    /// Regression: `/iryou-innovation/teams%2f` answered 200 (the teams index), although
    /// encoded slashes are refused.
    #[test]
    fn an_encoded_slash_answered_200() {
        let b = "/iryou-innovation/";
        for raw in [
            "/iryou-innovation/teams%2f",
            "/iryou-innovation/teams%2F",
            "/iryou-innovation%2fteams/",
            "/iryou-innovation/teams%2Fpharma/",
            "/iryou-innovation/teams%5cpharma",
            "/iryou-innovation/teams%5C",
            "%2firyou-innovation/",
        ] {
            assert_eq!(resolve(raw, b), Target::Bad, "{raw}");
        }
        assert_eq!(
            resolve("/iryou-innovation/teams/?q=a%2Fb", b),
            Target::File("teams/index.html".into())
        );
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
    fn the_preview_s_own_files_are_served_outside_the_site() {
        let js = own_file("/__office-site/live.js?v=1").unwrap();
        assert_eq!(js.status(), 200);
        assert!(own_file("/__office-site/overlay.css").is_some());
        for other in [
            "/__office-site/",
            "/__office-site/../live.js",
            "/live.js",
            "/x/__office-site/live.js",
        ] {
            assert!(own_file(other).is_none(), "{other}");
        }
    }

    #[test]
    fn an_escape_with_a_sign_was_decoded_as_a_number() {
        for raw in ["/%+1", "/%-1", "/%+F/", "/% 1", "/%1", "/%"] {
            assert_eq!(resolve(raw, "/"), Target::Bad, "{raw}");
        }
        assert_eq!(
            percent_decode("/%e6%a4%9c%E7%B4%A2").as_deref(),
            Some("/検索")
        );
    }

    #[test]
    fn a_page_named_with_a_colon_is_not_a_drive() {
        assert_eq!(
            resolve("/news/2011:06/", "/"),
            Target::File("news/2011:06/index.html".into())
        );
        assert_eq!(resolve("/c:/x", "/"), Target::Bad);
    }

    #[test]
    fn text_types_carry_utf8() {
        for p in ["a.html", "a.css", "a.js", "a.svg", "a.xml"] {
            assert!(content_type(p).ends_with("charset=utf-8"), "{p}");
        }
    }
}
