use super::*;
use crate::diag::{Code, Diagnostic, terminal};
use crate::serve::overlay::{BuildError, Entry, Excerpt};

/// Characters of every width class a source line may hold.
const PIECES: &[&str] = &[
    "title",
    " ",
    "医療",
    "イノベーション",
    "ｶﾞ",
    "：",
    "　",
    "\t",
    "\u{1b}",
    "①",
    "𠮷",
    "é",
    "é",
    "\"",
    "<b>",
    "&amp;",
    "…",
    "😀",
    "ｱ",
    "Ａ",
];

/// Source lines made of those pieces, short and long, with a seeded generator.
fn lines() -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(13);
    let mut out = vec![
        "weight: 日本語テキスト".to_owned(),
        "title: 医療イノベーション推進室".to_owned(),
        String::new(),
    ];
    for _ in 0..200 {
        let n = if rng.u8(0..4) == 0 {
            rng.usize(40..120)
        } else {
            rng.usize(1..12)
        };
        out.push((0..n).map(|_| PIECES[rng.usize(0..PIECES.len())]).collect());
    }
    out
}

/// Regression: the overlay put its caret after as many spaces as the terminal's columns, so on
/// a line with Japanese text (two columns in a terminal, not two spaces in a browser) it landed
/// past the character, or past the end of the line. The caret now follows an invisible copy of
/// the text before the column, so it sits under the character in any font; the terminal's
/// layout is unchanged.
#[test]
fn the_caret_landed_past_the_end_of_lines_with_japanese_text() {
    for line in lines() {
        let chars = line.chars().count();
        for col in [1, 2, chars / 2 + 1, chars.max(1), chars + 1, chars + 5] {
            let text = format!("---\n{line}\n---\n");
            let d = Diagnostic::new(Code::E0105, "content/a.md")
                .arg("detail", "bad")
                .at(2, Some(col));
            let x = Excerpt::of(&d, Some(&text)).expect("an excerpt");
            let before = x.before_caret.clone().expect("a caret");
            assert!(x.shown.starts_with(&before), "{line:?} {col}");
            // The terminal's layout, made from the same excerpt, is what it was.
            let entry = Entry::Shown {
                text: d.to_string(),
                source: Some(x.clone()),
            };
            assert_eq!(
                entry.text(),
                d.with_source_text(Some(&text)),
                "{line:?} {col}"
            );
            // In the browser, the caret follows exactly the shown text before the column.
            let (window, columns) = terminal::window(&line, Some(col));
            assert_eq!(window, x.shown);
            let width: usize = before.chars().map(terminal::char_width).sum();
            assert_eq!(Some(width), columns, "{line:?} {col}");
            // Unless the line was cut, that text is the line's own characters up to the column.
            if !x.shown.starts_with('…') && !line.contains(['\t', '\u{1b}']) {
                let expected: String = line.chars().take(col - 1).collect();
                assert_eq!(before, expected, "{line:?} {col}");
            }
            let markup = overlay(
                &BuildError {
                    terminal: String::new(),
                    entries: vec![entry],
                },
                Failure::Build,
                "run-1",
            );
            let pad = format!(
                "<span class=\"office-site-overlay-pad\">{}</span><span class=\"office-site-overlay-caret\">^</span>",
                xml_escape(&before)
            );
            assert!(markup.contains(&pad), "{markup}");
            assert!(
                markup.contains(&format!(" 2 | {}\n", xml_escape(&x.shown))),
                "{markup}"
            );
        }
    }
}

fn page_with(error_text: &str) -> PageState {
    let error = BuildError {
        terminal: String::new(),
        entries: vec![
            Entry::Shown {
                text: error_text.to_owned(),
                source: Excerpt::of(
                    &Diagnostic::new(Code::E0105, "a.md")
                        .arg("detail", "x")
                        .at(1, Some(3)),
                    Some(error_text),
                ),
            },
            Entry::Withheld("content/internal/plan.md".to_owned()),
        ],
    };
    PageState {
        generation: "run.3".to_owned(),
        overlay: Some(overlay(&error, Failure::Build, "run-7")),
    }
}

/// Error texts that try to break out of the overlay's markup.
const HOSTILE: &[&str] = &[
    "</pre></div><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "\" onmouseover=\"alert(1)",
    "' style='x",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt;",
    "</body></html>",
    "]]><!--",
];

#[test]
fn the_overlay_and_the_script_are_never_inline() {
    for text in HOSTILE {
        let page = page_with(text);
        let html = String::from_utf8(inject(
            b"<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>",
            &page,
        ))
        .unwrap();
        // Every `<` of the text is escaped, so each `<…>` is a tag of ours.
        for tag in html
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap())
        {
            let tag = tag.to_ascii_lowercase();
            assert!(
                !tag.starts_with("style") && !tag.contains(" style="),
                "{tag}: {html}"
            );
            assert!(!tag.contains(" on"), "an event handler attribute: {tag}");
        }
        assert_eq!(
            html.to_ascii_lowercase().matches("<script").count(),
            1,
            "{html}"
        );
        assert!(
            html.contains("<script src=\"/__office-site/live.js\" data-generation=\"run.3\" data-events=\"/__office-site/events\"></script></body>"),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"/__office-site/overlay.css\"></head>"),
            "{html}"
        );
        assert!(html.contains(&xml_escape(text)), "{html}");
        assert!(html.ends_with("</body></html>"), "{html}");
    }
}

#[test]
fn the_overlay_is_an_alertdialog_with_a_name_a_description_and_a_close_button() {
    let markup = page_with("x").overlay.unwrap();
    for part in [
        "role=\"alertdialog\"",
        "aria-labelledby=\"office-site-overlay-title\"",
        "id=\"office-site-overlay-title\"",
        "aria-describedby=\"office-site-overlay-help\"",
        "id=\"office-site-overlay-help\"",
        "tabindex=\"-1\"",
        "data-build=\"run-7\"",
        "<button type=\"button\" class=\"office-site-overlay-close\">閉じる</button>",
        "content/internal/plan.md: a withheld page has an error",
    ] {
        assert!(markup.contains(part), "{part}: {markup}");
    }
}

#[test]
fn a_page_without_head_or_body_still_gets_everything() {
    for html in ["<p>x</p>", "", "<body><p>x</p></body>", "<head></head><p>x"] {
        let out = String::from_utf8(inject(html.as_bytes(), &page_with("e"))).unwrap();
        assert!(out.contains("/__office-site/overlay.css"), "{out}");
        assert!(out.contains("id=\"office-site-error\""), "{out}");
        assert!(out.contains("/__office-site/live.js"), "{out}");
    }
    let quiet = PageState {
        generation: "run.1".to_owned(),
        overlay: None,
    };
    let out = String::from_utf8(inject(b"<body></body>", &quiet)).unwrap();
    assert!(!out.contains("office-site-error"), "{out}");
}
