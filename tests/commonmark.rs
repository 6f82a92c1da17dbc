//! The CommonMark spec's 652 examples, run through the build: each example is a page of one
//! site, and the HTML the build publishes for it must be the spec's, once the differences we
//! make on purpose are accounted for (see [`DEVIATIONS`] and [`expected_tokens`]).
//!
//! The examples are those of CommonMark 0.31.2, the version pulldown-cmark 0.13 follows, read
//! from `tests/fixtures/commonmark/spec.json` (written by `fetch.sh` beside it, from the npm
//! package `commonmark-spec`; CC-BY-SA 4.0, see the LICENSE there).
//!
//! The site allows raw HTML as written (`allow_html: true, unsafe_allow_scripts: true`): that
//! is what the spec describes, and the only setting under which raw HTML reaches the page
//! unchanged. With the default `allow_html: false` raw HTML is shown as text (and warned
//! about), and with `allow_html: true` alone it is cleaned by the sanitiser: both are
//! deliberate departures from the spec, tested in tests/input_raw_html.rs, and the second is
//! checked here too for what it must never change ([`sanitised_pages_keep_their_text`]).
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::Site;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// One example of the spec.
#[derive(Debug, serde::Deserialize)]
struct Example {
    markdown: String,
    html: String,
    example: usize,
    start_line: usize,
    section: String,
}

#[derive(Debug, serde::Deserialize)]
struct Spec {
    version: String,
    examples: Vec<Example>,
}

fn spec() -> Spec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/commonmark/spec.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The site's base URL: a sub-path, so that the rewriting of root-relative links shows.
const BASE: &str = "https://www.example.go.jp/sub/path/";
/// The base URL's path.
const BASE_PATH: &str = "/sub/path/";
/// The section the examples are pages of.
const SECTION: &str = "spec";

/// Examples whose build fails on purpose, with the diagnostic's code and why.
const FAILS_ON_PURPOSE: &[(usize, &str, &str)] = &[(
    501,
    "E0405",
    "`[link](#fragment)` names an anchor the page does not have: every anchor link is checked",
)];

/// Examples whose HTML differs from the spec's on purpose, and why. Empty: every difference
/// we make on purpose is a rule of [`expected_tokens`] instead, applied to all examples.
const DEVIATIONS: &[(usize, &str)] = &[];

/// The page's file for an example.
fn page_path(n: usize) -> String {
    format!("content/{SECTION}/{n:03}.md")
}

/// The options every page is parsed with (`link::markdown::parser_options`), to find the
/// link targets an example names.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a URL is left alone by the build (it has a scheme, or is `//host/…`, or is empty).
fn is_external(url: &str) -> bool {
    if url.is_empty() || url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
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

/// The files under content/ that the example's internal links and images name, so that they
/// resolve: a link to a missing file is an error, on purpose, and an error builds nothing.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let (Event::Start(Tag::Link {
            dest_url,
            link_type,
            ..
        })
        | Event::Start(Tag::Image {
            dest_url,
            link_type,
            ..
        })) = event
        else {
            continue;
        };
        if link_type == pulldown_cmark::LinkType::Email
            || is_external(&dest_url)
            || dest_url.starts_with('#')
        {
            continue;
        }
        let path = dest_url.split('#').next().unwrap_or("");
        let path = percent_decode(path.split('?').next().unwrap_or(""));
        let file = match path.strip_prefix('/') {
            Some(root) => root.to_owned(),
            None => format!("{SECTION}/{path}"),
        };
        if !file.is_empty() && !file.ends_with('/') {
            out.push(file);
        }
    }
    out
}

/// What a file an example links holds: a page, or a real file of its kind (the publish gate
/// opens every published image and document, and refuses bytes that are not one).
fn target_file(name: &str) -> Vec<u8> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".md") {
        b"---\ntitle: target\n---\n".to_vec()
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/attachments/exif-clean.jpg"),
        )
        .unwrap()
    } else if lower.ends_with(".png") {
        common::png()
    } else if lower.ends_with(".pdf") {
        common::pdf("target")
    } else {
        b"target\n".to_vec()
    }
}

/// A site with every example as a page, built with raw HTML allowed as written.
fn spec_site(examples: &[&Example], html: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!(
            "title: CommonMark\nbase_url: {BASE}\nclassification: 機密性1\nmarkdown:\n{html}"
        ),
    )
    .write(
        &format!("content/{SECTION}/_index.md"),
        "---\ntitle: 例\npage_template: example.html\n---\n",
    )
    // Only the page's Markdown, between two markers.
    .write(
        "templates/example.html",
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body><main>\n<!--example-->{{ page.content }}<!--/example-->\n</main></body></html>\n",
    );
    let mut files = BTreeSet::new();
    for e in examples {
        site.write(
            &page_path(e.example),
            &format!("---\ntitle: example {}\n---\n{}", e.example, e.markdown),
        );
        files.extend(link_targets(&e.markdown));
    }
    for file in files {
        if !site.root.join("content").join(&file).exists() {
            site.write_bytes(&format!("content/{file}"), &target_file(&file));
        }
    }
    site
}

/// The HTML the build published for an example's page: what is between the markers.
fn published(site: &Site, n: usize) -> String {
    let html = site.read(&format!("{SECTION}/{n:03}/index.html"));
    let start = html.find("<!--example-->").expect("the start marker") + "<!--example-->".len();
    let end = html.rfind("<!--/example-->").expect("the end marker");
    html[start..end].to_owned()
}

/// HTML as a browser's tokenizer reads it: tags with their attributes (sorted, references
/// decoded), text with references decoded and adjacent runs joined, comments; then normalised
/// as the spec's own test runner normalises both sides (its `normalize.py`): whitespace runs
/// outside `<pre>` are one space, and whitespace next to a block-level tag is dropped. So what
/// this does not distinguish (`&quot;` and `"` in text, the order of attributes, `<br>` and
/// `<br />`, a line break after `<li>`) is what the spec does not either.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
    Comment(String),
    Doctype(String),
}

fn raw_tokens(html: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for token in html5gum::Tokenizer::new(html).flatten() {
        let s = |h: &html5gum::HtmlString| String::from_utf8_lossy(h).into_owned();
        let tok = match token {
            html5gum::Token::StartTag(t) => Tok::Start(
                s(&t.name),
                t.attributes.iter().map(|(k, v)| (s(k), s(v))).collect(),
            ),
            html5gum::Token::EndTag(t) => Tok::End(s(&t.name)),
            html5gum::Token::String(t) => Tok::Text(s(&t)),
            html5gum::Token::Comment(t) => Tok::Comment(s(&t)),
            html5gum::Token::Doctype(t) => Tok::Doctype(s(&t.name)),
            html5gum::Token::Error(_) => continue,
        };
        match (out.last_mut(), tok) {
            (Some(Tok::Text(a)), Tok::Text(b)) => a.push_str(&b),
            (_, tok) => out.push(tok),
        }
    }
    out
}

/// The block-level tags of the spec's `normalize.py`.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "article"
            | "header"
            | "aside"
            | "hgroup"
            | "blockquote"
            | "hr"
            | "iframe"
            | "body"
            | "li"
            | "map"
            | "button"
            | "object"
            | "canvas"
            | "ol"
            | "caption"
            | "output"
            | "col"
            | "p"
            | "colgroup"
            | "pre"
            | "dd"
            | "progress"
            | "div"
            | "section"
            | "dl"
            | "table"
            | "td"
            | "dt"
            | "tbody"
            | "embed"
            | "textarea"
            | "fieldset"
            | "tfoot"
            | "figcaption"
            | "th"
            | "figure"
            | "thead"
            | "footer"
            | "tr"
            | "form"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "video"
            | "script"
            | "style"
    )
}

fn tokens(html: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut in_pre = false;
    // The tag just before, if the last token was a tag: (name, whether a start tag).
    let mut after: Option<(String, bool)> = None;
    for tok in raw_tokens(html) {
        match tok {
            Tok::Text(mut text) => {
                if !in_pre {
                    if after.as_ref().is_some_and(|(n, _)| n == "br") {
                        text = text.trim_start_matches('\n').to_owned();
                    }
                    text = collapse(&text);
                    if let Some((tag, start)) = &after
                        && is_block(tag)
                    {
                        text = match start {
                            true => text.trim_start().to_owned(),
                            false => text.trim().to_owned(),
                        };
                    }
                }
                after = None;
                if !text.is_empty() {
                    out.push(Tok::Text(text));
                }
            }
            Tok::Start(name, attrs) => {
                if is_block(&name) && !in_pre {
                    trim_end(&mut out);
                }
                in_pre |= name == "pre";
                after = Some((name.clone(), true));
                out.push(Tok::Start(name, attrs));
            }
            Tok::End(name) => {
                if name == "pre" {
                    in_pre = false;
                } else if is_block(&name) {
                    trim_end(&mut out);
                }
                after = Some((name.clone(), false));
                out.push(Tok::End(name));
            }
            other => {
                after = None;
                out.push(other);
            }
        }
    }
    out
}

/// Each run of whitespace as one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// Drops the whitespace at the end of the text before a block-level tag.
fn trim_end(out: &mut Vec<Tok>) {
    if let Some(Tok::Text(t)) = out.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
        if t.is_empty() {
            out.pop();
        }
    }
}

/// Where each `<a>` and `<img>` tag of an example's HTML comes from, in order: a Markdown
/// link or image (its URL as written) or raw HTML (`None`), which the build leaves alone.
fn url_sources(markdown: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut block = String::new();
    let raw = |html: &str, out: &mut Vec<Option<String>>| {
        for t in raw_tokens(html) {
            if let Tok::Start(name, _) = t
                && (name == "a" || name == "img")
            {
                out.push(None);
            }
        }
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => out.push(Some(dest_url.into_string())),
            Event::Html(html) => block.push_str(&html),
            Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                raw(&std::mem::take(&mut block), &mut out)
            }
            Event::InlineHtml(html) => raw(&html, &mut out),
            _ => {}
        }
    }
    out
}

/// A link or image URL as the build writes it, from the spec's: a root-relative URL is under
/// the base_url's path, a relative one is written from the site root (a page's URL is not the
/// folder of its file), and a link to a page's `.md` file is the page's URL. README: "Markdown
/// and links".
fn rewritten(url: &str) -> String {
    if is_external(url) || url.starts_with('#') {
        return url.to_owned();
    }
    if let Some(root) = url.strip_prefix('/') {
        return format!("{BASE_PATH}{root}");
    }
    let (path, anchor) = url
        .split_once('#')
        .map_or((url, None), |(p, a)| (p, Some(a)));
    let path = path.trim_start_matches("./");
    let mut out = match path.strip_suffix(".md") {
        Some(page) => format!("{BASE_PATH}{SECTION}/{page}/"),
        None => format!("{BASE_PATH}{SECTION}/{path}"),
    };
    if let Some(a) = anchor {
        out.push('#');
        out.push_str(a);
    }
    out
}

/// The spec's HTML for an example as the build writes it on purpose: the URLs of Markdown
/// links and images are rewritten ([`rewritten`]); raw HTML's are left as written.
fn expected_tokens(markdown: &str, html: &str) -> Vec<Tok> {
    let mut sources = url_sources(markdown).into_iter();
    tokens(html)
        .into_iter()
        .map(|t| match t {
            Tok::Start(name, attrs) if name == "a" || name == "img" => {
                let from_markdown = sources.next().flatten().is_some();
                let attrs = attrs
                    .into_iter()
                    .map(|(k, v)| match (from_markdown, name.as_str(), k.as_str()) {
                        (true, "a", "href") | (true, "img", "src") => (k, rewritten(&v)),
                        _ => (k, v),
                    })
                    .collect();
                Tok::Start(name, attrs)
            }
            other => other,
        })
        .collect()
}

/// The build's HTML for an example, without what it adds on purpose: every heading has an id
/// (README: "Markdown and links").
fn actual_tokens(html: &str) -> Vec<Tok> {
    tokens(html)
        .into_iter()
        .map(|t| match t {
            Tok::Start(name, attrs) if is_heading(&name) => {
                Tok::Start(name, attrs.into_iter().filter(|(k, _)| k != "id").collect())
            }
            other => other,
        })
        .collect()
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[test]
fn every_commonmark_example_renders_as_the_spec_says() {
    let spec = spec();
    assert_eq!(spec.version, "0.31.2");
    assert_eq!(spec.examples.len(), 652);
    let failing: BTreeMap<usize, &str> = FAILS_ON_PURPOSE
        .iter()
        .map(|(n, code, _)| (*n, *code))
        .collect();
    let built: Vec<&Example> = spec
        .examples
        .iter()
        .filter(|e| !failing.contains_key(&e.example))
        .collect();
    let site = spec_site(&built, "  allow_html: true\n  unsafe_allow_scripts: true\n");
    site.build_ok();
    let deviations: BTreeMap<usize, &str> = DEVIATIONS.iter().copied().collect();
    let mut wrong = Vec::new();
    for e in &built {
        let ours = published(&site, e.example);
        let same = actual_tokens(&ours) == expected_tokens(&e.markdown, &e.html);
        if same == deviations.contains_key(&e.example) {
            wrong.push(format!(
                "example {} (spec.txt line {}, {}){}:\n--- markdown\n{}--- spec\n{}--- published\n{}",
                e.example,
                e.start_line,
                e.section,
                if same { ": listed as a deviation but renders as the spec says" } else { "" },
                e.markdown,
                e.html,
                ours
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} examples:\n\n{}",
        wrong.len(),
        built.len(),
        wrong.join("\n")
    );
}

/// The examples left out of the site above fail their build, each with the diagnostic it was
/// left out for, and nothing else.
#[test]
fn the_examples_that_fail_on_purpose_fail_with_their_reason() {
    let spec = spec();
    for (n, code, why) in FAILS_ON_PURPOSE {
        let example = &spec.examples[n - 1];
        let site = spec_site(
            &[example],
            "  allow_html: true\n  unsafe_allow_scripts: true\n",
        );
        let errors: Vec<String> = site
            .build_err()
            .into_iter()
            .filter(|e| e.contains(": error["))
            .collect();
        assert!(
            errors.len() == 1 && errors[0].contains(&format!("error[{code}]")),
            "example {n} ({why}): {errors:?}"
        );
    }
}

/// Under the site's other settings every example still builds, and only a page whose
/// Markdown holds raw HTML is published differently: with `allow_html: true` the sanitiser
/// cleans it (never leaving a script, a handler or a `javascript:` URL), with the default
/// `allow_html: false` it is shown as text, with a warning at its line (W0409).
#[test]
fn under_the_other_html_settings_only_pages_with_raw_html_change() {
    let spec = spec();
    let built: Vec<&Example> = spec
        .examples
        .iter()
        .filter(|e| !FAILS_ON_PURPOSE.iter().any(|(n, _, _)| *n == e.example))
        .collect();
    let has_raw_html = |e: &Example| {
        Parser::new_ext(&e.markdown, options())
            .any(|ev| matches!(ev, Event::Html(_) | Event::InlineHtml(_)))
    };
    let raw = spec_site(&built, "  allow_html: true\n  unsafe_allow_scripts: true\n");
    raw.build_ok();
    for (setting, sanitised) in [
        ("  allow_html: true\n", true),
        ("  allow_html: false\n", false),
    ] {
        let site = spec_site(&built, setting);
        let summary = site.build_ok();
        let warned: BTreeSet<String> = summary
            .warnings
            .iter()
            .filter(|d| d.code.as_str() == "W0409")
            .map(|d| office_site::show_path(&d.path))
            .collect();
        for e in &built {
            let ours = published(&site, e.example);
            let page = page_path(e.example);
            if !has_raw_html(e) {
                assert_eq!(
                    ours,
                    published(&raw, e.example),
                    "{setting}: example {}",
                    e.example
                );
                assert!(!warned.contains(&page), "{setting}: example {}", e.example);
                continue;
            }
            let lower = ours.to_ascii_lowercase();
            if sanitised {
                for never in ["<script", " onclick=", " onerror=", "javascript:"] {
                    assert!(!lower.contains(never), "example {}: {ours}", e.example);
                }
            } else {
                assert!(
                    warned.contains(&page),
                    "example {} is not warned about",
                    e.example
                );
                assert!(
                    raw_tokens(&ours)
                        .iter()
                        .all(|t| !matches!(t, Tok::Comment(_))),
                    "example {}: {ours}",
                    e.example
                );
            }
        }
    }
}

/// GFM tables are no part of the spec: an aligned column's cells carry a class that the
/// theme's CSS aligns (the site's CSP blocks inline styles, so `style="text-align: …"` would
/// be lost), and no style attribute is published.
#[test]
fn aligned_table_columns_are_aligned_by_the_themes_classes() {
    let site = Site::minimal();
    site.write(
        "content/t.md",
        "---\ntitle: 表\n---\n| 左 | 中 | 右 | 既定 |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n",
    );
    site.build_ok();
    let main = site.main("t/index.html");
    assert!(!main.contains("style="), "{main}");
    for class in ["align-left", "align-center", "align-right"] {
        assert!(main.contains(&format!("<th class=\"{class}\">")), "{main}");
        assert!(main.contains(&format!("<td class=\"{class}\">")), "{main}");
    }
    let css = site.read("css/site.css");
    for (class, align) in [
        ("align-left", "left"),
        ("align-center", "center"),
        ("align-right", "right"),
    ] {
        let rule = format!("th.{class}, td.{class} {{\n  text-align: {align};\n}}");
        assert!(
            css.contains(&rule),
            "no rule `{rule}` in the theme's site.css"
        );
    }
}
