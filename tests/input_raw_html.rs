//! Raw HTML with `markdown.allow_html: true`: scripts in every spelling are removed, with a
//! warning at their line; what an office page needs is kept; `unsafe_allow_scripts` is loud.
//!
//! The output is read with html5ever's tokenizer (the HTML standard's), as a browser reads it.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::cell::RefCell;

use common::Site;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, StartTag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

const SITE_YAML: &str = "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n";

/// Every construct of `html` that can run a script or load a document, as a browser reads it.
fn script_capable(html: &str) -> Vec<String> {
    #[derive(Default)]
    struct Sink(RefCell<Vec<String>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else {
                return TokenSinkResult::Continue;
            };
            if tag.kind != StartTag {
                return TokenSinkResult::Continue;
            }
            let name = tag.name.to_string();
            let mut found = self.0.borrow_mut();
            if matches!(
                name.as_str(),
                "script"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "applet"
                    | "base"
                    | "meta"
                    | "form"
                    | "svg"
                    | "math"
                    | "style"
                    | "link"
                    | "portal"
                    | "template"
            ) {
                found.push(format!("<{name}>"));
            }
            for attr in &tag.attrs {
                let a = attr.name.local.to_string();
                let v = attr.value.to_string();
                let url_attr = matches!(
                    a.as_str(),
                    "href"
                        | "src"
                        | "action"
                        | "formaction"
                        | "data"
                        | "poster"
                        | "xlink:href"
                        | "background"
                        | "cite"
                        | "srcset"
                        | "ping"
                );
                let scheme_ok = || match ammonia::url::Url::parse(&v) {
                    Ok(u) => {
                        matches!(u.scheme(), "http" | "https" | "mailto" | "tel")
                            || (name == "img" && a == "src" && v.starts_with("data:image/png"))
                    }
                    Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
                };
                if a.starts_with("on")
                    || a == "style"
                    || a == "srcdoc"
                    || (url_attr && !scheme_ok())
                {
                    found.push(format!("<{name} {a}={v:?}>"));
                }
            }
            match name.as_str() {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                "style" | "iframe" | "noembed" | "noframes" | "xmp" | "noscript" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                _ => TokenSinkResult::Continue,
            }
        }
    }
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// `javascript:alert(1)` in the spellings a browser reads as that scheme (and some it reads
/// as a relative URL), generated.
fn javascript_spellings() -> Vec<String> {
    let word = "javascript";
    let mut out = Vec::new();
    // Case.
    for mask in [0u32, 0x3ff, 0x155, 0x2aa, 0x0f0, 0x30c] {
        let s: String = word
            .chars()
            .enumerate()
            .map(|(i, c)| match mask >> i & 1 {
                1 => c.to_ascii_uppercase(),
                _ => c,
            })
            .collect();
        out.push(format!("{s}:alert(1)"));
    }
    // Tabs, newlines and carriage returns inside the scheme, written raw or as references.
    for i in 0..=word.len() {
        for inside in [
            "\t",
            "\n",
            "&#x09;",
            "&#9;",
            "&#10;",
            "&#x0D;",
            "&Tab;",
            "&NewLine;",
        ] {
            out.push(format!("{}{inside}{}:alert(1)", &word[..i], &word[i..]));
        }
    }
    // Every character as a character reference, in each form.
    for form in 0..5 {
        let s: String = format!("{word}:")
            .chars()
            .map(|c| match form {
                0 => format!("&#{};", c as u32),
                1 => format!("&#x{:x};", c as u32),
                2 => format!("&#x{:X}", c as u32),
                3 => format!("&#0000{}", c as u32),
                _ => format!("&#X{:x};", c as u32),
            })
            .collect();
        out.push(format!("{s}alert(1)"));
    }
    out.push("&colon;".replace("&colon;", "javascript&colon;alert(1)"));
    // Leading spaces and control characters (written as references: a raw one is refused).
    for lead in [" ", "&#1;", "&#x20;&#x0B;", "&#0;", "\u{3000}"] {
        out.push(format!("{lead}javascript:alert(1)"));
    }
    // Percent-encoded: a browser reads these as relative paths, which is harmless.
    out.push("javascript%3Aalert(1)".to_owned());
    out.push("%6Aavascript:alert(1)".to_owned());
    out.push("vbscript:msgbox(1)".to_owned());
    out.push("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==".to_owned());
    out.push("data:image/svg+xml,<svg onload=alert(1)>".to_owned());
    out
}

/// Raw HTML that tries to run a script: every spelling in a link, some spellings in every
/// place a URL goes, and the tricks that hide a tag from a naive reader.
fn attacks() -> Vec<String> {
    let mut out = Vec::new();
    for (n, js) in javascript_spellings().into_iter().enumerate() {
        out.push(format!("<a href=\"{js}\">x</a>"));
        if n % 9 != 0 {
            continue;
        }
        for template in [
            "<a href='{}'>x</a>",
            "<img src=\"{}\" alt=\"x\">",
            "<iframe src=\"{}\"></iframe>",
            "<form action=\"{}\"><button formaction=\"{}\">x</button></form>",
            "<object data=\"{}\"></object>",
            "<embed src=\"{}\">",
            "<svg><a xlink:href=\"{}\"><text>x</text></a></svg>",
            "<base href=\"{}\">",
            "<meta http-equiv=\"refresh\" content=\"0;url={}\">",
            "<video poster=\"{}\"></video>",
            "<math href=\"{}\">x</math>",
        ] {
            out.push(template.replace("{}", &js));
        }
        if !js.contains([' ', '\t', '\n']) {
            out.push(format!("<a href={js}>x</a>"));
        }
    }
    for fixed in [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil/x.js></SCRIPT>",
        "<script/xss>alert(1)</script>",
        "<scr<script>ipt>alert(1)</script>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<img src=x onerror=alert(1)>",
        "<img src=x OnErRoR=alert(1)>",
        "<img src=x onerror=alert(1)",
        "<img/src=x/onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>",
        "<p style=\"width:expression(alert(1))\">x</p>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<th style=\"text-align:center;background:url(javascript:alert(1))\">x</th>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<object data=\"x.swf\"></object>",
        "<form><input type=\"image\" src=\"x\" onfocus=alert(1) autofocus></form>",
        "<!-- --><script>alert(1)</script>",
        "<!--><script>alert(1)</script>-->",
        "<!---><script>alert(1)</script>-->",
        "<!-- <!-- --><script>alert(1)</script>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<textarea><script>alert(1)</script></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<style><img src=x onerror=alert(1)></style>",
        "<template><script>alert(1)</script></template>",
        "<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<div class=\"a\" onclick=\"alert(1)\">x</div>",
        "<a href=\"https://example.go.jp/\" onmouseover=\"alert(1)\">x</a>",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<input type=\"checkbox\" onclick=\"alert(1)\">",
        "<span lang=\"ja\" style=\"display:none\">隠す</span>",
        "<div id=\"x\" class=\"y\"><a href=\"javascript:alert(1)\" title=\"t\">x</a>",
        "<x onclick=alert(1)>x</x>",
        "<!-- never closed <script>alert(1)</script>",
    ] {
        out.push(fixed.to_owned());
    }
    out
}

/// Regression: with `allow_html: true`, scripts, handlers and `javascript:` URLs in every
/// encoding were published as written. The generated attacks are spread over pages, each in
/// its own paragraph (an HTML block or inline HTML, as it starts); no published page holds
/// anything that can run, and each attack that could run is a warning at its own line.
#[test]
fn raw_html_scripts_in_every_spelling_are_not_published() {
    let site = Site::minimal();
    site.write("site.yaml", SITE_YAML);
    // (page, line of the attack, the attack)
    let mut placed: Vec<(usize, usize, String)> = Vec::new();
    for (n, chunk) in attacks().chunks(12).enumerate() {
        let mut text = format!("---\ntitle: 攻撃{n}\n---\n");
        for attack in chunk {
            placed.push((n, text.matches('\n').count() + 1, attack.clone()));
            text.push_str(&format!("{attack}\n\n"));
        }
        site.write(&format!("content/a{n}.md"), &text);
    }
    let summary = site.build_ok();
    let pages = placed.last().map_or(0, |p| p.0 + 1);
    for n in 0..pages {
        let html = site.read(&format!("a{n}/index.html"));
        let main = &html[html.find("<main").unwrap()..];
        let found = script_capable(main);
        assert!(found.is_empty(), "page {n} published {found:?}\n{main}");
    }
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    for (n, line, attack) in &placed {
        // Only what Markdown reads as HTML is HTML (`<a href=x==>` is text, escaped).
        let raw: String = pulldown_cmark::Parser::new(attack)
            .filter_map(|e| match e {
                pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                    Some(h.into_string())
                }
                _ => None,
            })
            .collect();
        if script_capable(&raw).is_empty() {
            continue;
        }
        let at = format!("content/a{n}.md:{line}:");
        assert!(
            warnings.iter().any(|w| w.starts_with(&at)),
            "no warning at {at} for {attack}"
        );
    }
}

/// What was removed is a warning at its line and column, saying what and why.
#[test]
fn removed_raw_html_is_a_warning_at_its_line_saying_what_and_why() {
    let site = Site::minimal();
    site.write("site.yaml", SITE_YAML).write(
        "content/p.md",
        "---\ntitle: p\n---\n前文\n\n文 <img src=\"a.png\" alt=\"図\" onerror=\"alert(1)\"> 文\n\n<div>\n<p>段落</p>\n<iframe src=\"https://x/\"></iframe>\n<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n</div>\n\n<script>\nalert(1)\n</script>\n\n[リンク](ftp://example.go.jp/a)\n\n<!-- 閉じない\n",
    );
    site.write_bytes("content/a.png", &common::png());
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    for (at, code, what) in [
        ("content/p.md:6:", "W0403", "`onerror` of `<img>`"),
        ("content/p.md:10:1:", "W0402", "`<iframe>`"),
        ("content/p.md:11:", "W0403", "`href` of `<a>`"),
        (
            "content/p.md:14:1:",
            "W0401",
            "`<script>` and everything in it",
        ),
        ("content/p.md:18:1:", "W0406", "`ftp:`"),
        ("content/p.md:20:1:", "W0404", "never closed"),
    ] {
        let kind = format!(": warning[{code}]: ");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(at) && w.contains(what) && w.contains(&kind)),
            "no warning {at} {what} in\n{}",
            warnings.join("\n")
        );
    }
    assert!(
        warnings.iter().any(|w| w.contains("javascript")),
        "{warnings:?}"
    );
    // The build still fails on it under `check --strict`, and `check` passes.
    assert!(office_site::check(&site.root, false).is_ok());
}

/// What an office page needs passes as written, with no warning, and the page's own ids,
/// links and footnotes keep working beside it.
#[test]
fn the_raw_html_an_office_page_needs_is_kept_without_a_warning() {
    let site = Site::minimal();
    let body = concat!(
        "## 概要\n\n",
        "<table>\n<caption>予算</caption>\n<thead><tr><th scope=\"col\">区分</th><th scope=\"col\" colspan=\"2\">額</th></tr></thead>\n",
        "<tbody><tr><th scope=\"row\" rowspan=\"2\">国</th><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></tbody>\n</table>\n\n",
        "<details>\n<summary>詳細</summary>\n\n**強調** と [概要](#概要)\n\n</details>\n\n",
        "<abbr title=\"再生医療\">RM</abbr>と<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>、H<sub>2</sub>O、m<sup>2</sup><br>改行\n\n",
        "<dl><dt>用語</dt><dd>説明</dd></dl>\n\n",
        "<figure><img src=\"a.png\" alt=\"図\" width=\"100\" height=\"50\"><figcaption>図1</figcaption></figure>\n\n",
        "<div class=\"note\" lang=\"en\"><span class=\"x\" lang=\"en\">English</span> <a href=\"https://www.example.go.jp/\" title=\"外部\" hreflang=\"ja\">外部</a> <a href=\"mailto:a@example.go.jp\">メール</a> <a href=\"tel:03-0000-0000\">電話</a></div>\n\n",
        "<p id=\"goals\">目標</p>\n\n## Goals\n\n[目標へ](#goals) 注[^1]\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] 済\n\n[^1]: 注記\n",
    );
    site.write("site.yaml", SITE_YAML)
        .write("content/p.md", &format!("---\ntitle: p\n---\n{body}"))
        .write_bytes("content/a.png", &common::png());
    let summary = site.build_ok();
    let on_page: Vec<_> = summary
        .warnings
        .iter()
        .filter(|d| d.path.starts_with("content/p.md"))
        .collect();
    assert!(on_page.is_empty(), "{on_page:?}");
    let main = site.main("p/index.html");
    for kept in [
        "<caption>予算</caption>",
        "<th scope=\"col\" colspan=\"2\">",
        "rowspan=\"2\"",
        "<summary>詳細</summary>",
        "<strong>強調</strong>",
        "<abbr title=\"再生医療\">",
        "<rt>かんじ</rt>",
        "<sub>2</sub>",
        "<dd>説明</dd>",
        "<figcaption>図1</figcaption>",
        "width=\"100\"",
        "lang=\"en\"",
        "hreflang=\"ja\"",
        "href=\"mailto:a@example.go.jp\"",
        "<p id=\"goals\">",
        // The heading avoids the raw HTML's id; the footnote and task list are the renderer's.
        "<h2 id=\"goals-1\">",
        "href=\"#fn-1\"",
        "id=\"fn-1\"",
        "type=\"checkbox\"",
        // Aligned by the theme's classes: the CSP blocks inline styles.
        "<th class=\"align-center\">a</th>",
        "<td class=\"align-right\">2</td>",
    ] {
        assert!(main.contains(kept), "{kept} missing in\n{main}");
    }
    assert!(!main.contains("style="), "{main}");
}

/// A site that truly needs scripts in content says so, and every build says it back.
#[test]
fn unsafe_allow_scripts_publishes_raw_html_as_written_and_warns_on_every_build() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n  unsafe_allow_scripts: true\n",
    )
    .write("content/p.md", "---\ntitle: p\n---\n<script>window.x = 1</script>\n");
    for _ in 0..2 {
        let summary = site.build_ok();
        assert!(
            site.read("p/index.html")
                .contains("<script>window.x = 1</script>")
        );
        let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("site.yaml:6:") && w.contains("unsafe_allow_scripts")),
            "{warnings:?}"
        );
    }
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  unsafe_allow_scripts: true\n",
    );
    common::assert_error(
        &site.build_err(),
        &["site.yaml:5:", "needs `markdown.allow_html: true`"],
    );
}
