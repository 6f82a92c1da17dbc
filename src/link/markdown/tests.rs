use super::ids::heading_id;
use super::*;

fn md(body: &str) -> Rendered {
    render(body, MarkdownOptions::default(), &|t| match t {
        LinkTarget::Internal { path, anchor } if path == "teams/pharma.md" => Some(format!(
            "/teams/pharma/{}",
            anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
        )),
        _ => None,
    })
}

#[test]
fn japanese_heading_ids_are_kept() {
    let r = md("## 基本的な考え方\n\n### 被験者保護・風評被害・PL対応\n");
    assert_eq!(r.headings[0].id, "基本的な考え方");
    assert_eq!(r.headings[1].id, "被験者保護風評被害pl対応");
    assert!(
        r.html
            .contains(r#"<h2 id="基本的な考え方">基本的な考え方</h2>"#),
        "{}",
        r.html
    );
}

#[test]
fn heading_ids_are_unique_within_a_page() {
    let r = md("## 概要\n\n## 概要\n\n## 概要\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["概要", "概要-1", "概要-2"]);
}

#[test]
fn explicit_heading_ids_win_and_duplicates_are_recorded() {
    let r = md("## 基本的な考え方 {#kihon}\n\n## 別 {#kihon}\n");
    assert_eq!(r.headings[0].id, "kihon");
    assert_eq!(r.headings[0].title, "基本的な考え方");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(
        r.problems[0].code,
        crate::diag::Code::E0404,
        "{:?}",
        r.problems
    );
}

#[test]
fn spaces_become_dashes_and_ascii_is_lowercased() {
    assert_eq!(heading_id("  Open Data  API "), "open-data-api");
    assert_eq!(
        heading_id("「医療イノベーション」の実現"),
        "医療イノベーションの実現"
    );
    assert_eq!(heading_id("???"), "section");
}

#[test]
fn raw_html_is_escaped_by_default() {
    let r = md("<script>alert(1)</script>\n\ntext <b>bold</b>\n");
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
}

#[test]
fn raw_html_passes_when_allowed() {
    let opts = MarkdownOptions {
        allow_html: true,
        ..Default::default()
    };
    let r = render("text <b>bold</b>\n", opts, &|_| None);
    assert!(r.html.contains("<b>bold</b>"));
}

#[test]
fn internal_links_are_resolved_and_recorded_with_offsets() {
    let body = "前文\n\n[医薬品](@/teams/pharma.md#goals) と [無い](@/nope.md)\n";
    let r = md(body);
    assert!(
        r.html.contains(r#"href="/teams/pharma/#goals""#),
        "{}",
        r.html
    );
    assert_eq!(r.links.len(), 2);
    assert!(r.links[0].resolved);
    assert!(!r.links[1].resolved);
    assert_eq!(&body[r.links[1].offset..r.links[1].offset + 1], "[");
}

#[test]
fn external_links_are_left_alone_and_root_relative_ones_recorded() {
    let r = md(
        "[a](https://example.com) [b](mailto:x@example.com) [d](//cdn.example.com/x) [c](/abs/#x)\n",
    );
    assert!(r.html.contains("https://example.com"));
    assert_eq!(r.links.len(), 1);
    assert_eq!(
        r.links[0].target,
        LinkTarget::Root {
            path: "abs/".into(),
            anchor: Some("x".into())
        }
    );
}

#[test]
fn classify_sorts_links() {
    assert_eq!(classify("#x"), Some(LinkTarget::Fragment("x".into())));
    assert_eq!(
        classify("chart.png"),
        Some(LinkTarget::Relative {
            path: "chart.png".into(),
            anchor: None
        })
    );
    assert_eq!(classify("tel:0312345678"), None);
}

#[test]
fn gfm_extensions_render() {
    let r =
        md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nnote[^1]\n\n[^1]: foot\n");
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>x</del>"));
    assert!(r.html.contains("checkbox"));
    assert!(r.html.contains("footnote"));
    assert!(r.ids.contains("fn-1"));
}

/// Regression: a footnote reference in a heading kept pulldown-cmark's own `href="#a"` (the
/// definition's id is `fn-a`) and was not counted, so the body's `[^b]` was numbered 1 too and
/// the definition of `a` 2.
#[test]
fn a_footnote_reference_inside_a_heading_links_to_its_definition_and_is_numbered() {
    let r = md("## 見出し[^a]\n\n本文[^b]。\n\n[^a]: 見出しの注。\n\n[^b]: 本文の注。\n");
    let reference = |id: &str, n: usize| {
        format!("<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>")
    };
    let definition = |id: &str, n: usize| {
        format!(
            "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{n}</sup>"
        )
    };
    assert!(
        r.html.contains(&format!(
            "<h2 id=\"見出し\">見出し{}</h2>",
            reference("fn-a", 1)
        )),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(&format!("本文{}。", reference("fn-b", 2))),
        "{}",
        r.html
    );
    assert!(r.html.contains(&definition("fn-a", 1)), "{}", r.html);
    assert!(r.html.contains(&definition("fn-b", 2)), "{}", r.html);
    assert!(!r.html.contains("href=\"#a\""), "{}", r.html);
    assert_eq!(r.headings[0].title, "見出し");
}
