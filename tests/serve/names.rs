//! Pages and base_urls with non-ASCII names, whose redirects once panicked the preview (a
//! `Location` header above ASCII): every redirect is percent-encoded and leads to the page.

use super::common::{RawResponse, Site, http_get, raw_request};
use super::start;

fn get(port: u16, path: &str) -> RawResponse {
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    raw_request(port, request.as_bytes())
}

/// base_urls whose path is not ASCII, written raw or percent-encoded, and the page names
/// under them.
const BASES: &[(&str, &str)] = &[
    (
        "https://www.example.go.jp/医療イノベーション/",
        "/医療イノベーション/",
    ),
    ("https://www.example.go.jp/%E5%8C%BB%E7%99%82/", "/医療/"),
    ("https://www.example.go.jp/café/推進室/", "/café/推進室/"),
    ("https://www.example.go.jp/한국어/", "/한국어/"),
    ("https://www.example.go.jp/emoji-😀/", "/emoji-😀/"),
    ("https://www.example.go.jp/", "/"),
];

const SECTIONS: &[&str] = &["チーム", "ü-é", "中文", "😀", "Ελληνικά"];

/// Percent-encodes every byte outside unreserved characters and `/`.
fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&path[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The `Location` of a redirect, checked to be ASCII.
#[track_caller]
fn location(answer: &RawResponse, asked: &str) -> String {
    assert!(
        matches!(answer.status, 301 | 302),
        "{asked}: {:?}",
        answer.head
    );
    let value = answer
        .head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .unwrap_or_else(|| panic!("{asked}: no Location: {:?}", answer.head));
    assert!(
        value.bytes().all(|b| (0x21..0x7f).contains(&b)),
        "{asked}: {value:?}"
    );
    value.to_owned()
}

#[test]
fn pages_and_base_urls_with_non_ascii_names_redirect_and_serve() {
    for (base_url, base) in BASES {
        let site = Site::fixture("basic");
        let yaml = site.read_source("site.yaml");
        site.write(
            "site.yaml",
            &yaml.replace("https://www.example.go.jp/iryou-innovation/", base_url),
        );
        for (i, section) in SECTIONS.iter().enumerate() {
            site.write(
                &format!("content/{section}/_index.md"),
                &format!("---\ntitle: 節{i}\n---\n"),
            );
            site.write(
                &format!("content/{section}/ページ{i}.md"),
                &format!("---\ntitle: 頁{i}\n---\n本文{i}\n"),
            );
        }
        let server = start(&site);
        for _ in 0..3 {
            if *base != "/" {
                let to = location(&get(server.port, "/"), "/");
                assert_eq!(decode(&to), *base, "{base_url}");
                assert_eq!(get(server.port, &to).status, 200, "{base_url}: {to}");
                let bare = encode(base.trim_end_matches('/'));
                assert_eq!(decode(&location(&get(server.port, &bare), &bare)), *base);
            }
            for (i, section) in SECTIONS.iter().enumerate() {
                let folder = encode(&format!("{base}{section}"));
                let to = location(&get(server.port, &folder), &folder);
                assert_eq!(decode(&to), format!("{base}{section}/"), "{base_url}");
                let index = get(server.port, &to);
                assert_eq!(index.status, 200, "{base_url}: {to}");
                let page = encode(&format!("{base}{section}/ページ{i}"));
                let to = location(&get(server.port, &page), &page);
                let answer = get(server.port, &to);
                assert_eq!(answer.status, 200, "{base_url}: {to}");
                assert!(String::from_utf8_lossy(&answer.body).contains(&format!("本文{i}")));
                // Sent raw, not percent-encoded, as some clients do.
                let raw = get(server.port, &format!("{base}{section}/ページ{i}/"));
                assert_eq!(raw.status, 200, "{base_url}: raw UTF-8");
            }
        }
        let home = get(server.port, &encode(base));
        assert_eq!(home.status, 200, "{base_url}");
        // Nothing went wrong on the server's side: no panic, no bug reported.
        let said: Vec<String> = server.errors.try_iter().collect();
        assert!(
            !said
                .iter()
                .any(|l| l.contains("bug") || l.contains("panicked")),
            "{said:?}"
        );
    }
}

#[test]
fn the_event_stream_and_a_head_request_read_non_ascii_names_too() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let (names, _) = super::event_stream(server.port);
    site.write("content/チーム/_index.md", "---\ntitle: チーム\n---\n");
    assert_eq!(
        names
            .recv_timeout(std::time::Duration::from_secs(15))
            .unwrap(),
        "reload"
    );
    let head = raw_request(
        server.port,
        format!(
            "HEAD {} HTTP/1.1\r\nHost: localhost\r\n\r\n",
            encode("/iryou-innovation/チーム")
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 301, "{}", head.head);
    assert!(head.body.is_empty());
    assert!(
        head.head
            .contains("Location: /iryou-innovation/%E3%83%81%E3%83%BC%E3%83%A0/\r\n"),
        "{}",
        head.head
    );
}

#[test]
fn a_non_ascii_redirect_location_panicked_and_after_four_the_server_stopped_answering() {
    let site = Site::fixture("basic");
    site.write(
        "site.yaml",
        &site
            .read_source("site.yaml")
            .replace("/iryou-innovation/", "/医療イノベーション/"),
    );
    site.write("content/チーム/_index.md", "---\ntitle: チーム\n---\n");
    site.write(
        "content/チーム/再生医療.md",
        "---\ntitle: 再生医療\n---\n本文\n",
    );
    let server = start(&site);
    let base =
        "/%E5%8C%BB%E7%99%82%E3%82%A4%E3%83%8E%E3%83%99%E3%83%BC%E3%82%B7%E3%83%A7%E3%83%B3/";
    let team = "%E3%83%81%E3%83%BC%E3%83%A0";
    for i in 0..20 {
        let (path, to) = if i % 2 == 0 {
            ("/".to_owned(), base.to_owned())
        } else {
            (format!("{base}{team}"), format!("{base}{team}/"))
        };
        let r = http_get(server.port, &path);
        assert!(
            matches!(r.status, 301 | 302),
            "request {i} {path}: {}",
            r.status
        );
        let location = r
            .headers
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .unwrap_or_default();
        assert_eq!(
            location,
            to.to_ascii_lowercase(),
            "request {i}: percent-encoded"
        );
        assert_eq!(http_get(server.port, &to).status, 200, "request {i}: {to}");
    }
}
