//! The default theme on this repository's site: the organisation chart drawn from the content,
//! relations on team and issue pages, breadcrumbs, dates, headings, and the sitemap.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::Site;

#[test]
fn the_org_chart_lists_every_team_and_a_seventh_appears_with_no_other_change() {
    let site = Site::repository();
    site.build_ok();
    let office = site.main("office/index.html");
    let chart = common::region(&office, "<figure class=\"orgchart\"", "</figure>");
    assert!(chart.contains("医療イノベーション会議") && chart.contains("医療イノベーション推進室"));
    let teams = common::section_slugs(&site.root, "teams");
    assert!(teams.len() >= 6, "{teams:?}");
    for team in &teams {
        assert!(
            chart.contains(&format!("/iryou-innovation/teams/{team}/")),
            "{team} missing from the chart"
        );
    }
    assert!(chart.contains(&format!("{}チーム", teams.len())), "{chart}");
    site.write(
        "content/teams/genome.md",
        "---\ntitle: ゲノム医療ワーキング・チーム\ndate: 2011-02\nweight: 7\nissues: [clinical-research, subject-protection]\n---\n## 担当する分野\n\n本文。\n",
    );
    site.build_ok();
    let office = site.main("office/index.html");
    let chart = common::region(&office, "<figure class=\"orgchart\"", "</figure>");
    assert!(
        chart.contains("/iryou-innovation/teams/genome/")
            && chart.contains("ゲノム医療ワーキング・チーム")
    );
    assert!(
        chart.contains(&format!("{}チーム", teams.len() + 1)),
        "{chart}"
    );
}

#[test]
fn team_and_issue_pages_show_their_relations_once_each_way() {
    let site = Site::repository();
    site.build_ok();
    let team = site.main("teams/medical-devices/index.html");
    assert_eq!(
        team.matches("<h2 id=\"summary-issues\"").count(),
        1,
        "{team}"
    );
    assert!(
        team.contains("関連するワーキング・チーム"),
        "related teams: {team}"
    );
    let issue = site.main("issues/regulation/index.html");
    assert!(issue.contains("この課題に取り組むチーム"));
    assert_eq!(
        issue
            .matches("href=\"/iryou-innovation/teams/medical-devices/\"")
            .count(),
        1,
        "{issue}"
    );
}

#[test]
fn related_pages_are_explained_in_plain_japanese_both_ways() {
    let site = Site::repository();
    site.build_ok();
    let team = site.main("teams/medical-devices/index.html");
    assert!(
        team.contains("このページと同じ共通の課題に関わるワーキング・チームです。"),
        "{team}"
    );
    let issue = site.main("issues/regulation/index.html");
    assert!(
        issue.contains("このページと同じワーキング・チームが関わる共通の課題です。"),
        "{issue}"
    );
    // Regression: the note quoted the relation's label (「「この課題に取り組むチーム」が重なる…」).
    for page in [&team, &issue] {
        assert!(!page.contains("が重なるページです"), "{page}");
    }
}

#[test]
fn the_sitemap_follows_weight_so_the_main_sections_come_before_the_utility_pages() {
    let site = Site::repository();
    site.build_ok();
    let page = site.main("sitemap/index.html");
    let sitemap = common::region(&page, "<nav class=\"sitemap\"", "</nav>");
    let at = |path: &str| {
        sitemap
            .find(&format!("href=\"/iryou-innovation/{path}\""))
            .unwrap_or_else(|| panic!("{path} is not in the sitemap"))
    };
    let last_section = ["office/", "council/", "teams/", "issues/", "news/"]
        .map(at)
        .into_iter()
        .max()
        .unwrap();
    for page in [
        "sitemap/",
        "contact/",
        "accessibility/",
        "privacy/",
        "terms/",
    ] {
        assert!(at(page) > last_section, "{page} before a main section");
    }
    // The order comes from front matter: a utility page weighted first is listed first.
    site.write(
        "content/terms.md",
        &std::fs::read_to_string(site.root.join("content/terms.md"))
            .unwrap()
            .replace("weight: 15", "weight: 0"),
    );
    site.build_ok();
    let page = site.main("sitemap/index.html");
    let sitemap = common::region(&page, "<nav class=\"sitemap\"", "</nav>");
    assert!(
        sitemap.find("/iryou-innovation/terms/").unwrap()
            < sitemap.find("/iryou-innovation/office/").unwrap(),
        "{sitemap}"
    );
}

#[test]
fn pages_have_breadcrumbs_dates_in_time_elements_and_one_h1() {
    let site = Site::repository();
    site.build_ok();
    for f in site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
    {
        let html = site.read(&f);
        // Each language's pages in its own words.
        let (lang, published, updated, here, home) = if f.starts_with("en/") {
            (
                "en",
                "Published",
                "Last updated",
                "You are here",
                "en/index.html",
            )
        } else {
            ("ja", "公開日", "最終更新日", "現在位置", "index.html")
        };
        assert_eq!(html.matches("<h1").count(), 1, "{f}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{f}");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{f}"
        );
        assert!(
            html.contains(&format!("<dt>{published}</dt><dd><time datetime=\"")),
            "{f}"
        );
        assert!(
            html.contains(&format!("<dt>{updated}</dt><dd><time datetime=\"")),
            "{f}"
        );
        if f != home {
            assert!(
                html.contains("<nav class=\"breadcrumbs\" aria-labelledby=\"breadcrumbs-label\">"),
                "{f}"
            );
            assert!(
                html.contains(&format!(
                    "<p id=\"breadcrumbs-label\" class=\"visually-hidden\">{here}</p>"
                )),
                "{f}"
            );
        }
    }
}

#[test]
fn the_sitemap_is_generated_to_any_depth() {
    let site = Site::repository();
    site.write(
        "content/council/meetings/extra/_index.md",
        "---\ntitle: 深い節\ndate: 2011-02\n---\n",
    )
    .write(
        "content/council/meetings/extra/deeper/_index.md",
        "---\ntitle: さらに深い節\ndate: 2011-02\n---\n",
    )
    .write(
        "content/council/meetings/extra/deeper/leaf.md",
        "---\ntitle: 最も深いページ\ndate: 2011-02\n---\n",
    );
    site.build_ok();
    let sitemap = site.main("sitemap/index.html");
    assert!(
        sitemap.contains("/iryou-innovation/council/meetings/extra/deeper/leaf/"),
        "{sitemap}"
    );
}

#[test]
fn the_theme_uses_the_digital_agency_tokens_and_keeps_their_licence() {
    let site = Site::repository();
    site.build_ok();
    let tokens = site.read("css/tokens.css");
    assert!(
        tokens.contains("@digital-go-jp/design-tokens")
            && tokens.contains("--color-primitive-blue-1000: #00118f;")
    );
    assert!(
        site.read("css/design-tokens.LICENSE.txt")
            .contains("MIT License")
    );
    let css = site.read("css/site.css");
    for rule in [
        "line-break: strict",
        "overflow-wrap: anywhere",
        "line-height: var(--line-height-170)",
        "font-style: normal",
        "--site-link: var(--color-primitive-blue-1000);",
        "--site-link-visited: #8b008b;",
        "a:visited {\n  color: var(--site-link-visited);",
        ":focus-visible {\n  outline: 3px solid",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(css.contains(r#""Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", Meiryo, sans-serif"#));
    // Print drops the navigation: .global-nav is in the rule that hides.
    let print = site.read("css/print.css");
    let hidden = common::region(&print, ".skip-link,", "}");
    assert!(
        hidden.contains(".global-nav,") && hidden.contains("display: none"),
        "{hidden}"
    );
}

/// The related-pages box of a page, or "" if it has none.
fn related_box(html: &str) -> String {
    let Some(start) = html.find("<section class=\"connections connections--related\"") else {
        return String::new();
    };
    let end = start + html[start..].find("</section>").unwrap();
    html[start..end].to_owned()
}

/// Regression: the related-pages heading was built from the page's own section, so a team in
/// teams/sub/ read 「関連するsub」 and a council page whose related pages are teams read
/// 「関連する開催状況」. It names the sections the related pages are in, from the relation.
#[test]
fn the_related_pages_heading_names_the_related_pages_section_for_any_relation() {
    let site = Site::fixture("basic");
    site.write("content/teams/sub/_index.md", "---\ntitle: sub\n---\n")
        .write(
            "content/teams/sub/genome.md",
            "---\ntitle: ゲノム\nissues: [regulation]\n---\n",
        );
    site.build_ok();
    let genome = related_box(&site.read("teams/sub/genome/index.html"));
    assert!(
        genome.contains("<h2 id=\"related-issues\">関連するワーキングチーム</h2>"),
        "{genome}"
    );
    assert!(
        genome.contains("このページと同じ共通の課題に関わるワーキングチームです。"),
        "{genome}"
    );
    assert!(!genome.contains("関連するsub"), "{genome}");

    // A relation from two sections: a council meeting's related pages are teams.
    let site = Site::fixture("basic");
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &yaml.replace("from: teams", "from: [teams, council]"),
    )
    .write(
        "content/council/meetings/01.md",
        "---\ntitle: 第1回\ndate: 2010-11-30\nissues: [clinical]\n---\n推進室の設置に合意。\n",
    );
    site.build_ok();
    let meeting = related_box(&site.read("council/meetings/01/index.html"));
    assert!(
        meeting.contains("関連するワーキングチーム</h2>"),
        "{meeting}"
    );
    assert!(!meeting.contains("関連する開催状況"), "{meeting}");
    let issue = related_box(&site.read("issues/clinical/index.html"));
    assert!(
        issue.contains(
            "このページと同じワーキングチーム・医療イノベーション会議が関わる共通の課題です。"
        ),
        "{issue}"
    );
}
