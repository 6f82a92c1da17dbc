//! The error overlay over the preview's pages never shows a withheld page's text: when the
//! failing file is withheld (機密性2/3, under a withheld section, a draft without `--drafts`,
//! or a page whose classification cannot be read), every page and the event stream say only
//! that a withheld page has an error, and its file name; the terminal shows it all.

use std::time::Duration;

use super::common::{Site, raw_request};
use super::{PHARMA, event_stream, start, wait_for};

/// The fixture site with withheld pages: a 機密性2 section with a page, a 機密性3 page and
/// a draft among the public teams.
fn site_with_withheld_pages() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部資料\nclassification: 機密性2\n---\n",
    )
    .write("content/internal/plan.md", "---\ntitle: 計画\n---\n本文\n")
    .write(
        "content/teams/wt.md",
        "---\ntitle: 非公開WT\nclassification: 機密性3\n---\n",
    )
    .write(
        "content/teams/draft.md",
        "---\ntitle: 下書き\ndraft: true\n---\n",
    );
    site
}

/// A file of the site and a broken text for it that holds a secret.
struct Variant {
    file: &'static str,
    text: String,
}

fn variants(secret: impl Fn(usize) -> String) -> Vec<Variant> {
    let texts: Vec<(&'static str, String)> = vec![
        (
            "content/internal/plan.md",
            format!("---\ntitle: \"{}\n---\n", secret(0)),
        ),
        (
            "content/internal/plan.md",
            format!("---\ntitle: 計画\nweight: {}\n---\n", secret(1)),
        ),
        (
            "content/internal/_index.md",
            format!(
                "---\ntitle: 内部資料\nclassification: 機密性2\nweight: {}\n---\n",
                secret(2)
            ),
        ),
        ("content/internal/new.md", format!("{}\n", secret(3))),
        (
            "content/internal/deep/er.md",
            format!("---\ntitle: {}\nslug: \"\"\nx: [\n---\n", secret(4)),
        ),
        (
            "content/teams/wt.md",
            format!(
                "---\ntitle: {}\nclassification: 機密性3\nunknown: 1\n---\n",
                secret(5)
            ),
        ),
        (
            "content/teams/wt.md",
            format!(
                "---\ntitle: {}\nclassification: 機密性３情報\nweight: [\n---\n",
                secret(6)
            ),
        ),
        (
            "content/teams/wt.md",
            format!(
                "---\n\"cl\\x61ssification\": 機密性2\ntitle: {}\nweight: x\n---\n",
                secret(7)
            ),
        ),
        (
            "content/teams/wt.md",
            format!("---\ntitle: {}\nclassification: 機密性4\n---\n", secret(8)),
        ),
        (
            "content/teams/draft.md",
            format!("---\ntitle: {}\ndraft: true\nweight: x\n---\n", secret(9)),
        ),
        (
            "content/teams/pharma.md",
            format!(
                "---\ntitle: {}\nclassification: 機密性2\nissues: [regulation\n---\n",
                secret(10)
            ),
        ),
        (
            "content/internal/plan.md",
            format!("---\ntitle: {}\nclassification: 機密性1\n---\n", secret(11)),
        ),
    ];
    texts
        .into_iter()
        .map(|(file, text)| Variant { file, text })
        .collect()
}

/// A secret no page holds, in a form that shows if any part of the page's text leaks.
fn secret(i: usize) -> String {
    format!("極秘の数字{i}ぬらりひょん")
}

/// Every form of `secret` that could carry it in an answer.
fn forms(secret: &str) -> Vec<String> {
    let percent: String = secret.bytes().map(|b| format!("%{b:02X}")).collect();
    let entities: String = secret.chars().map(|c| format!("&#{};", c as u32)).collect();
    vec![
        secret.to_owned(),
        percent,
        entities,
        "ぬらりひょん".to_owned(),
    ]
}

/// Everything the preview serves that could show an error, as raw bytes.
fn served(port: u16) -> Vec<(String, Vec<u8>)> {
    [
        PHARMA,
        "/iryou-innovation/",
        "/iryou-innovation/teams/",
        "/iryou-innovation/teams",
        "/iryou-innovation/nowhere/",
        "/iryou-innovation/internal/plan/",
        "/iryou-innovation/teams/wt/",
        "/",
        "/iryou-innovation/sitemap.xml",
        "/iryou-innovation/atom.xml",
        "/iryou-innovation/search-index/meta.json",
    ]
    .iter()
    .flat_map(|path| {
        ["GET", "HEAD"].map(|method| {
            let request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
            let answer = raw_request(port, request.as_bytes());
            let mut bytes = answer.head.into_bytes();
            bytes.extend(answer.body);
            (format!("{method} {path}"), bytes)
        })
    })
    .collect()
}

#[track_caller]
fn assert_hidden(secret: &str, what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for form in forms(secret) {
        assert!(!text.contains(&form), "{what} shows {form}:\n{text}");
    }
}

#[test]
fn a_withheld_page_s_error_never_shows_its_text_in_the_overlay_or_the_events() {
    let site = site_with_withheld_pages();
    let server = start(&site);
    let (_, stream) = event_stream(server.port);
    for (i, variant) in variants(secret).iter().enumerate() {
        let original = std::fs::read_to_string(site.root.join(variant.file)).ok();
        while server.errors.try_recv().is_ok() {}
        site.write(variant.file, &variant.text);
        let page = wait_for(&server, PHARMA, |r| {
            r.body.contains("office-site-error") && r.body.contains(variant.file)
        });
        assert!(
            page.body.contains("a withheld page has an error"),
            "{}: {}",
            variant.file,
            page.body
        );
        for (what, bytes) in served(server.port) {
            assert_hidden(&secret(i), &format!("{}: {what}", variant.file), &bytes);
        }
        // The terminal, the editor's own, names the file with the error itself.
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = server
                .errors
                .recv_timeout(left)
                .expect("the terminal shows the error");
            if line.contains(variant.file) && line.contains("error") {
                break;
            }
        }
        match original {
            Some(text) => site.write(variant.file, &text),
            None => site.remove(variant.file),
        };
        wait_for(&server, PHARMA, |r| !r.body.contains("office-site-error"));
    }
    let events: Vec<String> = stream.try_iter().collect();
    assert!(events.iter().any(|l| l == "event: reload"), "{events:?}");
    for (i, _) in variants(secret).iter().enumerate() {
        assert_hidden(&secret(i), "the event stream", events.join("\n").as_bytes());
    }
}

#[test]
fn a_withheld_page_broken_from_the_start_is_only_named_on_the_error_page() {
    let site = site_with_withheld_pages();
    let secret = secret(99);
    site.write(
        "content/teams/wt.md",
        &format!("---\ntitle: {secret}\nclassification: 機密性2\nweight: {secret}\n---\n"),
    );
    let server = start(&site);
    for (what, bytes) in served(server.port) {
        assert_hidden(&secret, &what, &bytes);
        let text = String::from_utf8_lossy(&bytes);
        if what.starts_with("GET") {
            assert!(text.contains("content/teams/wt.md"), "{what}: {text}");
        }
    }
}

#[test]
fn a_draft_s_error_is_shown_in_full_when_the_preview_shows_drafts() {
    let site = site_with_withheld_pages();
    let server = super::start_with(
        &site,
        &["--drafts", "--port", &super::free_port().to_string()],
    );
    let shown = "公開される下書きの値".to_owned();
    site.write(
        "content/teams/draft.md",
        &format!("---\ntitle: 下書き\ndraft: true\nweight: {shown}\n---\n"),
    );
    let page = wait_for(&server, PHARMA, |r| r.body.contains("office-site-error"));
    assert!(
        page.body.contains(&shown),
        "a published draft is public: {}",
        page.body
    );
    // A withheld page stays hidden in a preview with drafts too.
    let hidden = secret(8);
    site.write(
        "content/teams/wt.md",
        &format!("---\ntitle: {hidden}\nclassification: 機密性3\nweight: {hidden}\n---\n"),
    );
    let page = wait_for(&server, PHARMA, |r| r.body.contains("content/teams/wt.md"));
    assert_hidden(&hidden, PHARMA, page.body.as_bytes());
}
