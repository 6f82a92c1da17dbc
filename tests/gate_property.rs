//! The publish gate's promise, tested on generated sites: a marking (機密性2, 機密性３情報,
//! 取扱注意, ●●…) or a withheld page's URL, spelled in a random way (YAML escapes, invisible
//! characters, references, percent encoding, line breaks, full-width forms, NFD), put in a
//! random place (front matter, body, raw HTML, a file name, a static file, a template,
//! site.yaml): either the build fails, or no published byte holds it, read as a browser would.
//!
//! The reading here is the test's own (tags stripped naively, references, `%XX` and `\u`
//! escapes decoded, NFKC, invisible characters and spaces dropped), not the barrier's.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::Site;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Markings and placeholders, and what each reads as once folded.
const MARKINGS: &[(&str, &str)] = &[
    ("機密性2", "機密性2"),
    ("機密性３情報", "機密性3"),
    ("【機密性2情報】", "機密性2"),
    ("取扱注意", "取扱注意"),
    ("取り扱い注意", "取り扱い注意"),
    ("要機密情報", "要機密情報"),
    ("部外秘", "部外秘"),
    ("●●", "●●"),
    // Hostile test 2, item C: a connector before the level, kana readings, lookalike glyphs.
    ("機密性レベル2", "機密性レベル2"),
    ("機密性は２", "機密性は2"),
    ("機密性の3情報", "機密性の3"),
    ("機密性：2", "機密性:2"),
    ("ｷﾐﾂｾｲ2", "キミツセイ2"),
    ("きみつせい２", "きみつせい2"),
    ("キミツセイ２", "キミツセイ2"),
    ("取扱ちゅうい", "取扱ちゅうい"),
    ("ぶがいひ", "ぶがいひ"),
    ("⚫⚫", "⚫⚫"),
    ("⬤⬤", "⬤⬤"),
    ("⏺⏺", "⏺⏺"),
    ("●⬤", "●⬤"),
    ("■■", "■■"),
];

/// Where the generated text goes.
#[derive(Debug, Clone, Copy)]
enum Place {
    Title,
    Body,
    RawHtmlAttribute,
    RawHtmlComment,
    FileName,
    StaticText,
    StaticScript,
    Template,
    SiteTitle,
}

const PLACES: &[Place] = &[
    Place::Title,
    Place::Body,
    Place::RawHtmlAttribute,
    Place::RawHtmlComment,
    Place::FileName,
    Place::StaticText,
    Place::StaticScript,
    Place::Template,
    Place::SiteTitle,
];

/// How one character is written, in a given place.
fn spell(c: char, way: u8, place: Place) -> String {
    let html = matches!(
        place,
        Place::Body | Place::RawHtmlAttribute | Place::RawHtmlComment | Place::Template
    );
    let yaml = matches!(place, Place::Title | Place::SiteTitle);
    let percent_ok = matches!(
        place,
        Place::Body | Place::RawHtmlAttribute | Place::StaticText | Place::Template
    );
    match way % 7 {
        5 if percent_ok => {
            let mut utf8 = [0; 4];
            c.encode_utf8(&mut utf8)
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect()
        }
        1 if html => format!("&#x{:X};", c as u32),
        2 if html => format!("&#{};", c as u32),
        1 | 2 if yaml => format!("\\u{:04X}", c as u32),
        1 | 2 if matches!(place, Place::StaticScript) => format!("\\u{:04x}", c as u32),
        3 if c.is_ascii_digit() => char::from_u32(c as u32 + 0xFEE0).unwrap().to_string(),
        4 => c.to_string().nfd().collect(),
        _ => c.to_string(),
    }
}

/// What may go between two characters, in a given place.
fn between(way: u8, place: Place) -> &'static str {
    let breaks = !matches!(place, Place::FileName | Place::SiteTitle | Place::Title);
    match way % 7 {
        1 => "\u{200B}",
        2 => "\u{2060}",
        3 => "\u{00AD}",
        4 => "\u{FE00}",
        5 if breaks => "\n",
        6 if matches!(
            place,
            Place::Body | Place::RawHtmlAttribute | Place::Template
        ) =>
        {
            "<!-- -->"
        }
        _ => "",
    }
}

fn spelled(marking: &str, ways: &[(u8, u8)], place: Place) -> String {
    let mut out = String::new();
    for (i, c) in marking.chars().enumerate() {
        let (way, gap) = ways[i % ways.len()];
        if i > 0 {
            out.push_str(between(gap, place));
        }
        out.push_str(&spell(c, way, place));
    }
    out
}

/// A site with the text put in its place (and a withheld page to link to).
fn site_with(text: &str, place: Place) -> Site {
    let site = Site::fixture("basic");
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  allow_html: true\n"),
    )
    .write(
        "content/internal/_index.md",
        "---\ntitle: 内部\nclassification: 機密性2\n---\n",
    )
    .write("content/internal/plan.md", "---\ntitle: 計画\n---\n");
    let page = |front: &str, body: &str| {
        site.write(
            "content/teams/devices.md",
            &format!("---\n{front}\n---\n{body}\n"),
        );
    };
    let yaml_text = text.replace('"', "\\\"").replace('\n', " ");
    match place {
        Place::Title => page(&format!("title: \"機器 {yaml_text}\""), "本文"),
        Place::Body => page("title: 機器", &format!("本文 {text} です")),
        Place::RawHtmlAttribute => page(
            "title: 機器",
            &format!(
                "<p><a href=\"/teams/pharma/\" title=\"{}\">医薬品</a></p>",
                text.replace('"', "&quot;")
            ),
        ),
        Place::RawHtmlComment => page("title: 機器", &format!("<p>本文<!-- {text} --></p>")),
        Place::FileName => {
            let name: String = text
                .chars()
                .filter(|c| !"/\\\n\"<>|:*?#%".contains(*c) && !c.is_whitespace())
                .collect();
            site.write(
                &format!("content/teams/{name}.md"),
                "---\ntitle: 資料\n---\n本文\n",
            );
        }
        Place::StaticText => {
            site.write("static/README", &format!("メモ {text}\n"));
        }
        Place::StaticScript => {
            site.write(
                "static/js/app.js",
                &format!("const s = \"{}\";\n", text.replace('"', "\\\"")),
            );
        }
        Place::Template => {
            site.write(
                "templates/page.html",
                &format!(
                    "<html><body><footer>{text}</footer>{{{{ page.content | safe }}}}</body></html>"
                ),
            );
        }
        Place::SiteTitle => {
            site.write(
                "site.yaml",
                &yaml.replace(
                    "title: テスト推進室",
                    &format!("title: \"推進室 {yaml_text}\""),
                ),
            );
        }
    }
    site
}

/// A published text as the test reads it: tags stripped, references, `%XX` and `\u` escapes
/// decoded, NFKC, invisible characters and whitespace dropped.
fn read_as_a_browser(bytes: &[u8]) -> Vec<String> {
    let raw = String::from_utf8_lossy(bytes).into_owned();
    let mut stripped = String::new();
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => stripped.push(c),
            _ => {}
        }
    }
    [raw, stripped]
        .into_iter()
        .map(|t| fold(&unescape(&percent(&references(&t)))))
        .collect()
}

fn references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (radix, digits) = match tail.strip_prefix(['x', 'X']) {
            Some(h) => (16, h),
            None => (10, tail),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        let decoded = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        match decoded {
            Some(c) if len > 0 => {
                out.push(c);
                rest = digits[len..].strip_prefix(';').unwrap_or(&digits[len..]);
            }
            _ => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out.replace("&quot;", "\"").replace("&amp;", "&")
}

fn percent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("\\u") {
        out.push_str(&rest[..i]);
        let hex = rest
            .get(i + 2..i + 6)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
        match hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            Some(c) => {
                out.push(c);
                rest = &rest[i + 6..];
            }
            None => {
                out.push_str("\\u");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn fold(text: &str) -> String {
    text.nfkc()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(*c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0x00AD | 0xFE00..=0xFE0F | 0xFEFF)
        })
        .collect()
}

/// Every published file (and its path) as the test reads it.
fn published(site: &Site) -> Vec<(String, Vec<String>)> {
    site.output_files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.output().join(&f)).unwrap();
            let mut read = read_as_a_browser(&bytes);
            read.push(fold(&percent(&f)));
            (f, read)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_marking_in_any_spelling_and_place_is_never_published(
        marking in prop::sample::select(MARKINGS),
        place in prop::sample::select(PLACES),
        ways in prop::collection::vec((any::<u8>(), any::<u8>()), 1..8),
    ) {
        let (written, folded) = marking;
        let text = spelled(written, &ways, place);
        let site = site_with(&text, place);
        if site.build().is_ok() {
            for (file, readings) in published(&site) {
                prop_assert!(
                    !readings.iter().any(|r| r.contains(folded)),
                    "{text:?} in {place:?} was published in {file}"
                );
            }
        }
    }

    #[test]
    fn a_withheld_url_in_any_spelling_is_never_published(
        scheme in prop::sample::select(&["", "https:", "http:", "HTTPS:", "../.."][..]),
        host in prop::sample::select(&["", "//www.example.go.jp", "//WWW.Example.GO.JP", "//www.example.go.jp:443", "//user@www.example.go.jp"][..]),
        base in prop::sample::select(&["", "/iryou-innovation"][..]),
        entity in any::<bool>(),
        percent_letter in any::<bool>(),
        in_text in any::<bool>(),
    ) {
        let path = if percent_letter { "/internal/pl%61n/" } else { "/internal/plan/" };
        let mut url = match scheme {
            // Relative to teams/devices/: only in an attribute.
            "../.." => format!("../..{path}"),
            "" => format!("{host}{base}{path}"),
            _ if host.is_empty() => format!("{scheme}//www.example.go.jp{base}{path}"),
            _ => format!("{scheme}{host}{base}{path}"),
        };
        let in_text = in_text && scheme != "../..";
        if entity {
            url = url.replace('/', "&#x2F;");
        }
        let body = if in_text {
            format!("<p>参照：{url}</p>")
        } else {
            format!("<p><a href=\"{url}\">計画</a></p>")
        };
        let site = site_with(&body, Place::Body);
        if site.build().is_ok() {
            for (file, readings) in published(&site) {
                prop_assert!(
                    !readings.iter().any(|r| r.to_lowercase().contains("/internal/plan")),
                    "{url} was published in {file}"
                );
            }
        }
    }
}
