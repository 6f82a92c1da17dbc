use std::collections::{HashMap, HashSet};

use super::facts::{Entry, RelationFacts, Row, SectionFacts};
use super::*;
use crate::link::markdown::render_with;
use crate::load::config::MarkdownOptions;
use crate::model::rendered::{LinkTarget, Rendered};

fn entry(title: &str, path: &str) -> Entry {
    Entry {
        title: title.to_owned(),
        path: path.to_owned(),
    }
}

fn facts() -> Facts {
    let teams = vec![
        entry("医薬品WT", "teams/pharma.md"),
        entry("医療機器WT", "teams/devices.md"),
        entry("*強調*と[括弧]|縦線<b>&amp;", "teams/odd.md"),
    ];
    let issues = vec![
        entry("規制", "issues/regulation.md"),
        entry("連携", "issues/industry.md"),
    ];
    let relation = RelationFacts {
        sources_title: "ワーキング・チーム".into(),
        targets_title: "共通の課題".into(),
        by_target: vec![
            Row {
                page: issues[0].clone(),
                related: teams[..2].to_vec(),
            },
            Row {
                page: issues[1].clone(),
                related: vec![],
            },
        ],
        by_source: vec![Row {
            page: teams[0].clone(),
            related: vec![issues[0].clone()],
        }],
    };
    Facts {
        sections: HashMap::from([
            (
                "teams".to_owned(),
                SectionFacts {
                    title: "ワーキング・チーム".into(),
                    draft: false,
                    pages: teams,
                },
            ),
            (
                "issues".to_owned(),
                SectionFacts {
                    title: "共通の課題".into(),
                    draft: false,
                    pages: issues,
                },
            ),
            (
                "preview".to_owned(),
                SectionFacts {
                    title: "下書きの節".into(),
                    draft: true,
                    pages: vec![],
                },
            ),
        ]),
        relations: HashMap::from([("issues".to_owned(), relation)]),
        left_out: HashMap::from([
            ("internal".to_owned(), "withheld"),
            ("plans".to_owned(), "draft"),
            ("broken".to_owned(), "broken"),
        ]),
        language: "ja".into(),
        key: 1,
    }
}

fn md(body: &str) -> Rendered {
    render_with(
        body,
        MarkdownOptions::default(),
        &HashSet::new(),
        &facts(),
        &|t| match t {
            LinkTarget::Internal { path, .. } => Some(format!("/{path}")),
            _ => None,
        },
        &crate::link::markdown::Language::same(),
    )
}

/// The codes of the problems of `body`, each with its line and column in the body.
fn problems(body: &str) -> Vec<(Code, (usize, usize))> {
    md(body).problems.iter().map(|p| (p.code, p.pos)).collect()
}

fn arg<'a>(p: &'a Problem, name: &str) -> &'a str {
    p.args
        .iter()
        .find(|(k, _)| *k == name)
        .map_or("", |(_, v)| v.as_str())
}

#[test]
fn a_count_is_written_where_the_shortcode_stands() {
    let r = md(
        "次の{{ count(section=\"teams\") }}つのチーム。\n\n## {{count(section=\"issues\", format=\"kanji\")}}つの課題\n\n| 数 |\n|---|\n| {{ count(section=\"teams\", format=\"fullwidth\") }} |\n\n- [{{ count(section=\"teams\", format=\"words\") }} teams](@/teams/pharma.md)\n",
    );
    assert!(r.html.contains("<p>次の3つのチーム。</p>"), "{}", r.html);
    assert!(r.html.contains(">二つの課題</h2>"), "{}", r.html);
    assert_eq!(r.headings[0].title, "二つの課題");
    assert!(r.html.contains("<td>３</td>"), "{}", r.html);
    assert!(r.html.contains(">three teams</a>"), "{}", r.html);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

#[test]
fn a_list_of_pages_is_linked_and_its_titles_shown_as_written() {
    let r = md("前文\n\n{{ pages(section=\"teams\") }}\n\n後文\n");
    assert!(
        r.html.contains("<ol>\n<li><a href=\"/teams/pharma.md\">医薬品WT</a></li>\n<li><a href=\"/teams/devices.md\">医療機器WT</a></li>\n<li><a href=\"/teams/odd.md\">*強調*と[括弧]|縦線&lt;b&gt;&amp;amp;</a></li>\n</ol>"),
        "{}",
        r.html
    );
    assert_eq!(r.links.len(), 3);
    // Generated links are located at the shortcode.
    assert!(r.links.iter().all(|l| l.pos == (3, 1)), "{:?}", r.links);
    let bullets = md("{{ pages(section=\"issues\", style=\"bullets\") }}\n");
    assert!(bullets.html.starts_with("<ul>\n<li>"), "{}", bullets.html);
}

#[test]
fn a_relation_table_has_a_row_per_target_with_the_pages_that_list_it() {
    let r = md("{{ relation_table(relation=\"issues\") }}\n");
    assert!(
        r.html.contains("<thead><tr><th>共通の課題</th><th>ワーキング・チーム</th></tr></thead><tbody>\n<tr><td><a href=\"/issues/regulation.md\">規制</a></td><td><a href=\"/teams/pharma.md\">医薬品WT</a>、<a href=\"/teams/devices.md\">医療機器WT</a></td></tr>\n<tr><td><a href=\"/issues/industry.md\">連携</a></td><td></td></tr>"),
        "{}",
        r.html
    );
    let r = md(
        "{{ relation_table(relation=\"issues\", rows=\"sources\", headers=[\"Team\", \"Issues\"], separator=\", \") }}\n",
    );
    assert!(
        r.html.contains("<th>Team</th><th>Issues</th>") && r.html.contains("<td><a href=\"/teams/pharma.md\">医薬品WT</a></td><td><a href=\"/issues/regulation.md\">規制</a></td>"),
        "{}",
        r.html
    );
}

#[test]
fn the_next_list_is_counted() {
    let r = md("次の{{ count(list=\"next\") }}つ。\n\n1. 一\n2. 二\n   - 入れ子\n3. 三\n\n- 後\n");
    assert!(r.html.contains("次の3つ。"), "{}", r.html);
    assert_eq!(
        problems("{{ count(list=\"next\") }}\n\n- 前ではなく後\n\n- x\n").len(),
        0
    );
    assert_eq!(
        problems("- 前\n\n{{ count(list=\"next\") }}\n"),
        [(Code::E0432, (3, 1))]
    );
}

/// A shortcode in code, in raw HTML or escaped is shown as written, in every spelling of code.
#[test]
fn a_shortcode_in_code_or_escaped_is_shown_as_written() {
    let shortcode = "{{ count(section=\"teams\") }}";
    for body in [
        format!("`{shortcode}`\n"),
        format!("``{shortcode}``\n"),
        format!("```\n{shortcode}\n```\n"),
        format!("~~~md\n{shortcode}\n~~~\n"),
        format!("    {shortcode}\n"),
        format!("- 項目\n\n      {shortcode}\n"),
        format!("> ```\n> {shortcode}\n> ```\n"),
    ] {
        let r = md(&body);
        assert!(r.problems.is_empty(), "{body:?}: {:?}", r.problems);
        assert!(
            r.html.contains("{{ count(section=&quot;teams&quot;) }}")
                || r.html.contains("{{ count(section=\"teams\") }}"),
            "{body:?}: {}",
            r.html
        );
        assert!(!r.html.contains(">3<"), "{body:?}: {}", r.html);
    }
    let r = md(&format!("\\{shortcode} と \\{{{{ 中括弧 }}}}\n"));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html
            .contains("<p>{{ count(section=\"teams\") }} と {{ 中括弧 }}</p>"),
        "{}",
        r.html
    );
    let allowed = MarkdownOptions {
        allow_html: true,
        unsafe_allow_scripts: true,
        ..Default::default()
    };
    let r = render_with(
        &format!("<div title='{shortcode}'>\n{shortcode}\n</div>\n"),
        allowed,
        &HashSet::new(),
        &facts(),
        &|_| None,
        &crate::link::markdown::Language::same(),
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.html.matches(shortcode).count(), 2, "{}", r.html);
}

#[test]
fn a_mistake_in_a_shortcode_is_located_at_its_line_and_column() {
    let at = |body: &str| problems(body);
    assert_eq!(
        at("前文\n\n文 {{ count(sectoin=\"teams\") }}\n"),
        [(Code::E0424, (3, 12))]
    );
    assert_eq!(
        at("{{ cuont(section=\"teams\") }}\n"),
        [(Code::E0423, (1, 1))]
    );
    assert_eq!(at("{{ count() }}\n"), [(Code::E0425, (1, 1))]);
    assert_eq!(
        at("{{ count(section=\"teams\", list=\"next\") }}\n\n- a\n"),
        [(Code::E0425, (1, 1))]
    );
    assert_eq!(at("{{ count(section=3) }}\n"), [(Code::E0426, (1, 10))]);
    assert_eq!(
        at("{{ count(section=\"teams\", format=\"roman\") }}\n"),
        [(Code::E0427, (1, 27))]
    );
    assert_eq!(
        at("{{ count(section=\"team\") }}\n"),
        [(Code::E0428, (1, 10))]
    );
    assert_eq!(
        at("{{ count(section=\"teams\", section=\"issues\") }}\n"),
        [(Code::E0434, (1, 27))]
    );
    assert_eq!(
        at("{{ relation_table(relation=\"isues\") }}\n"),
        [(Code::E0430, (1, 19))]
    );
    assert_eq!(
        at("{{ relation_table(relation=\"issues\", headers=[\"a\"]) }}\n"),
        [(Code::E0435, (1, 38))]
    );
    assert_eq!(
        at("文 {{ pages(section=\"teams\") }}\n"),
        [(Code::E0431, (1, 3))]
    );
    assert_eq!(
        at("- {{ pages(section=\"teams\") }}\n"),
        [(Code::E0431, (1, 3))]
    );
    assert_eq!(
        at("> {{ relation_table(relation=\"issues\") }}\n"),
        [(Code::E0431, (1, 3))]
    );
    assert_eq!(at("「{{ page.title }}」\n"), [(Code::E0422, (1, 9))]);
    assert_eq!(
        at("{{ count(section=“teams”) }}\n"),
        [(Code::E0422, (1, 18))]
    );
    assert_eq!(
        at("{{ count(section=\"teams\")\n}}\n"),
        [(Code::E0422, (1, 26))]
    );
    // Two mistakes, each at its own line; what follows a broken shortcode is still read.
    assert_eq!(
        at("{{ x() }} と {{ count(section=\"teams\") }}\n\n{{ y() }}\n"),
        [(Code::E0423, (1, 1)), (Code::E0423, (3, 1))]
    );
    let r = md("{{ count(section=“teams”) }}\n");
    assert_eq!(arg(&r.problems[0], "expected"), "straight_quote");
}

/// Sections left out of the site are never counted: a withheld or draft section is an error
/// at the shortcode (the page cannot show it), a section with errors of its own (reported
/// there) writes nothing.
#[test]
fn a_section_left_out_of_the_site_is_neither_counted_nor_listed() {
    for (section, why) in [
        ("internal", "withheld"),
        ("plans", "draft"),
        ("preview", "draft"),
    ] {
        for body in [
            format!("{{{{ count(section=\"{section}\") }}}}\n"),
            format!("{{{{ pages(section=\"{section}\") }}}}\n"),
        ] {
            let r = md(&body);
            assert_eq!(r.problems.len(), 1, "{body}: {:?}", r.problems);
            assert_eq!(r.problems[0].code, Code::E0429, "{body}");
            assert_eq!(arg(&r.problems[0], "why"), why, "{body}");
            assert!(r.links.is_empty());
        }
    }
    let r = md("文{{ count(section=\"broken\") }}文\n");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.html.contains("<p>文文</p>"), "{}", r.html);
}

/// The spellings of a section's name that mean it.
#[test]
fn a_section_is_named_by_its_folder_in_any_usual_spelling() {
    for section in ["teams", "teams/", "/teams", "@/teams/_index.md", " teams "] {
        let r = md(&format!("{{{{ count(section=\"{section}\") }}}}\n"));
        assert!(
            r.problems.is_empty() && r.html.contains(">3<"),
            "{section}: {:?} {}",
            r.problems,
            r.html
        );
    }
}

/// Everything found after the shortcodes are expanded is located in the page as written.
#[test]
fn what_follows_a_shortcode_is_located_at_its_own_line() {
    let body = "{{ pages(section=\"teams\") }}\n\n{{ relation_table(relation=\"issues\") }}\n\n[無い](@/nope.md) {{ count(section=\"teams\") }} [無い](#no)\n\n## 見出し {#x}\n\n## 見出し {#x}\n";
    let r = md(body);
    let nope = r
        .links
        .iter()
        .find(|l| matches!(&l.target, LinkTarget::Internal { path, .. } if path == "nope.md"))
        .unwrap();
    assert_eq!(nope.pos, (5, 1));
    let fragment = r
        .links
        .iter()
        .find(|l| matches!(&l.target, LinkTarget::Fragment(_)))
        .unwrap();
    assert_eq!(fragment.pos, (5, 46));
    assert_eq!(problems(body), [(Code::E0404, (9, 1))]);
}

#[test]
fn a_shortcode_in_a_title_or_description_is_found() {
    assert_eq!(
        in_front_matter("次の{{ count(section=\"teams\") }}つ", None),
        ["title"]
    );
    assert_eq!(
        in_front_matter("題", Some("{{count(section=\"a\")}}")),
        ["description"]
    );
    assert!(
        in_front_matter("{{ 中括弧 }} と \\{{ count(section=\"a\") }}", Some("説明")).is_empty()
    );
}

#[test]
fn a_body_without_shortcodes_is_rendered_as_it_is() {
    let e = expand("本文 { と } と {x}\n", Options::empty(), &facts());
    assert!(matches!(e.text, Cow::Borrowed(_)));
    assert_eq!(e.map.to_source(5), 5);
}
