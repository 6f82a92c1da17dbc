//! Links and ids in Markdown: root-relative links under the base_url's sub-path, checked like
//! other internal links; URLs that run code refused; heading and footnote ids unique on the
//! rendered page, the theme's own ids included.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

fn with_body(body: &str) -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/council/meetings/01.md",
        &format!("---\ntitle: 第1回\ndate: 2010-11-30\n---\n{body}"),
    );
    site
}

/// Every `id="…"` of a page, with how many times it appears.
fn ids(html: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        *out.entry(id.to_owned()).or_insert(0) += 1;
    }
    out
}

/// Regression: `[abs](/teams/pharma/)` and `![i](/css/x.png)` were left as written, so under
/// the base_url's sub-path they pointed outside the site, and `[nope](/nope/)` was not checked.
#[test]
fn root_relative_links_are_resolved_under_the_sub_path_and_checked() {
    let site = with_body(
        "[abs](/teams/pharma/) [bare](/teams/pharma) [anchor](/teams/pharma/#goals) [css](/css/site.css) [feed](/atom.xml) [home](/) [full](/iryou-innovation/issues/)\n",
    );
    site.build_ok();
    let html = site.read("council/meetings/01/index.html");
    for (text, href) in [
        ("abs", "/iryou-innovation/teams/pharma/"),
        ("bare", "/iryou-innovation/teams/pharma/"),
        ("anchor", "/iryou-innovation/teams/pharma/#goals"),
        ("css", "/iryou-innovation/css/site.css"),
        ("feed", "/iryou-innovation/atom.xml"),
        ("home", "/iryou-innovation/"),
        ("full", "/iryou-innovation/issues/"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text} → {href}: {html}"
        );
    }
    // A root-relative link counts as a link for backlinks too.
    assert!(
        site.read("teams/pharma/index.html")
            .contains("/iryou-innovation/council/meetings/01/")
    );
    let site = with_body("本文\n\n[nope](/nope/) ![i](/css/x.png) [dead](/teams/pharma/#nope)\n");
    let errors = site.build_err();
    let path = "content/council/meetings/01.md";
    assert_error(
        &errors,
        &[
            &format!("{path}:7:1: error[E0406]:"),
            "`/nope/`",
            "site root",
        ],
    );
    assert_error(
        &errors,
        &[&format!("{path}:7:16: error[E0406]:"), "`/css/x.png`"],
    );
    assert_error(
        &errors,
        &[
            &format!("{path}:7:33: error[E0407]:"),
            "content/teams/pharma.md has no heading with the id `nope`",
        ],
    );
}

/// Regression: `[x](javascript:alert(1))` was written into the page as it was.
#[test]
fn script_and_data_urls_in_markdown_links_are_errors_at_their_line() {
    let site = with_body(
        "本文\n\n[x](javascript:alert(1)) [y](VBScript:msgbox) [z](data:text/html,hi)\n\n![ok](data:image/png;base64,iVBORw0KGgo=) ![no](data:image/svg+xml,x)\n",
    );
    let errors = site.build_err();
    let path = "content/council/meetings/01.md";
    assert_error(
        &errors,
        &[&format!("{path}:7:1: error[E0402]:"), "`javascript:`"],
    );
    assert_error(
        &errors,
        &[&format!("{path}:7:26: error[E0402]:"), "`vbscript:`"],
    );
    assert_error(
        &errors,
        &[&format!("{path}:7:47: error[E0402]:"), "`data:`"],
    );
    assert_error(
        &errors,
        &[&format!("{path}:9:43: error[E0402]:"), "`data:`", "image"],
    );
    assert!(
        !errors.iter().any(|e| e.contains(":9:1:")),
        "a raster data: image is fine: {errors:?}"
    );
}

/// Regression: `## 1` and a footnote `[^1]` both got `id="1"`, and `## main` or
/// `## toc-label` repeated an id of the theme's own elements.
#[test]
fn heading_ids_are_unique_on_the_rendered_page_footnotes_and_theme_ids_included() {
    let site = with_body(
        "## 1\n\n注記[^1]。[脚注へ](#fn-1)\n\n[^1]: 脚注。\n\n## main\n\n## toc-label\n\n## breadcrumbs-label\n",
    );
    site.build_ok();
    let html = site.read("council/meetings/01/index.html");
    for (id, n) in ids(&html) {
        assert_eq!(n, 1, "id `{id}` appears {n} times: {html}");
    }
    let found = ids(&html);
    for id in [
        "1",
        "fn-1",
        "main",
        "main-1",
        "toc-label-1",
        "breadcrumbs-label-1",
    ] {
        assert!(found.contains_key(id), "no id `{id}`: {found:?}");
    }
    assert!(html.contains("href=\"#fn-1\""), "{html}");
    assert!(
        html.contains("href=\"#main-1\""),
        "the table of contents follows: {html}"
    );
}

/// Regression: an explicit `{#goals}` after a heading whose automatic id is `goals` was an
/// error; the written id wins and the automatic one takes a suffix, as in Zola and Hugo.
#[test]
fn an_explicit_id_wins_over_an_earlier_automatic_one() {
    let site = with_body("## Goals\n\n## 目標 {#goals}\n\n[目標へ](#goals)\n");
    site.build_ok();
    let html = site.read("council/meetings/01/index.html");
    assert!(html.contains("<h2 id=\"goals-1\">Goals</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"goals\">目標</h2>"), "{html}");
    // Two explicit ids alike, or one the theme uses, stay errors.
    let site = with_body("## A {#x}\n\n## B {#x}\n\n## C {#main}\n");
    let errors = site.build_err();
    assert_error(&errors, &["01.md:7:1: error[E0404]:", "`x` is used twice"]);
    assert_error(&errors, &["01.md:9:1: error[E0403]:", "`main`", "theme"]);
}

/// A root-relative link to a page left out of the build (withheld here) gets one error, the
/// publish step's, which says why, whether it is written from the site root or with the
/// base_url's path.
#[test]
fn a_root_relative_link_to_a_withheld_page_is_reported_once() {
    let site = with_body("本文\n\n[a](/teams/wt/)\n\n[b](/iryou-innovation/teams/wt/)\n");
    site.write(
        "content/teams/wt.md",
        "---\ntitle: WT\nclassification: 機密性2\n---\n",
    );
    let errors = site.build_err();
    for line in [7, 9] {
        let at = format!("content/council/meetings/01.md:{line}:");
        let here: Vec<&String> = errors.iter().filter(|e| e.contains(&at)).collect();
        assert_eq!(here.len(), 1, "{errors:?}");
        assert!(here[0].contains("withheld"), "{errors:?}");
    }
}
