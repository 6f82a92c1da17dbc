//! This repository's own site (content/ and site.yaml): it builds, its cross-links are right,
//! the facts are corrected, and the classified briefing page leaves no trace.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository's site, built once into a temporary folder.
fn output() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let summary = office_site::build(&office_site::BuildOptions {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            output: Some(out.clone()),
            ..Default::default()
        })
        .unwrap_or_else(|e| {
            panic!(
                "the site does not build:\n{}",
                e.sorted()
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(
            summary.withheld >= 1,
            "the classified briefing page is withheld"
        );
        (dir, out)
    });
    out
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(output().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn all_output_text() -> Vec<(String, String)> {
    walkdir::WalkDir::new(output())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(output())
                .unwrap()
                .display()
                .to_string();
            (
                rel,
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
            )
        })
        .collect()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every team page of the site, read from content/teams/ (a seventh is checked too).
fn teams() -> Vec<String> {
    let teams = common::section_slugs(repo(), "teams");
    assert!(teams.len() >= 6, "the six teams of the briefing: {teams:?}");
    teams
}

/// Every shared-issue page of the site, read from content/issues/.
fn shared_issues() -> Vec<String> {
    let issues = common::section_slugs(repo(), "issues");
    assert!(
        issues.len() >= 4,
        "the four issues of the briefing: {issues:?}"
    );
    issues
}

/// The `issues:` slugs a team page lists, read from its source.
fn issues_of(team: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(format!("content/teams/{team}.md"))).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("issues:"))
        .unwrap_or_else(|| panic!("{team} lists no issues"));
    line.trim_start_matches("issues:")
        .trim()
        .trim_matches(['[', ']'])
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The teams whose `issues:` list `issue`, sorted.
fn teams_on(issue: &str) -> Vec<String> {
    teams()
        .into_iter()
        .filter(|t| issues_of(t).iter().any(|i| i == issue))
        .collect()
}

#[test]
fn every_team_page_links_to_each_of_its_shared_issues_and_back() {
    for team in teams() {
        let issues = issues_of(&team);
        assert!(!issues.is_empty(), "{team}");
        // Only the relation's box counts: a link in a page's text must not hide a broken relation.
        let page = common::summary_boxes(&read(&format!("teams/{team}/index.html")));
        for issue in &issues {
            assert!(
                page.contains(&format!("href=\"/iryou-innovation/issues/{issue}/\"")),
                "{team} → {issue}: {page}"
            );
            let back = common::summary_boxes(&read(&format!("issues/{issue}/index.html")));
            assert!(
                back.contains(&format!("href=\"/iryou-innovation/teams/{team}/\"")),
                "{issue} → {team}: {back}"
            );
        }
    }
}

#[test]
fn an_issue_page_lists_no_team_that_does_not_work_on_it() {
    for issue in shared_issues() {
        let back = common::summary_boxes(&read(&format!("issues/{issue}/index.html")));
        for team in teams() {
            let listed = back.contains(&format!("href=\"/iryou-innovation/teams/{team}/\""));
            let works_on = issues_of(&team).contains(&issue);
            assert_eq!(listed, works_on, "{issue} ↔ {team}: {back}");
        }
    }
}

#[test]
fn every_shared_issue_is_worked_on_by_at_least_two_teams() {
    for issue in shared_issues() {
        let n = teams_on(&issue).len();
        assert!(n >= 2, "{issue}: {n} teams");
    }
}

/// The linked slugs of `section` in some HTML (`href=".../teams/pharma/"`), sorted.
fn linked_slugs(html: &str, section: &str) -> Vec<String> {
    let prefix = format!("/{section}/");
    let mut slugs: Vec<String> = html
        .match_indices("href=\"")
        .filter_map(|(i, m)| {
            let url = &html[i + m.len()..];
            let url = &url[..url.find('"')?];
            let rest = &url[url.find(&prefix)? + prefix.len()..];
            rest.strip_suffix('/').map(str::to_owned)
        })
        .collect();
    slugs.sort();
    slugs
}

/// The issues index explains the editorial choice of which team works on which issue in a
/// table: generated from the relation (`relation_table`), never typed by hand, it says what the
/// teams' `issues:` front matter says.
#[test]
fn the_issue_to_team_table_on_the_issues_index_matches_the_front_matter() {
    let index = std::fs::read_to_string(repo().join("content/issues/_index.md")).unwrap();
    assert!(
        !index.lines().any(|l| l.trim_start().starts_with('|')),
        "a table typed by hand in content/issues/_index.md"
    );
    assert!(
        index.contains("{{ relation_table(relation=\"issues\""),
        "{index}"
    );
    let html = read("issues/index.html");
    let table = &html[html.find("<table>").expect("a table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let mut rows = std::collections::BTreeMap::new();
    for row in table.split("<tr>").skip(2) {
        let cells: Vec<&str> = row.split("<td>").skip(1).collect();
        assert_eq!(cells.len(), 2, "a row of the table: {row}");
        let issue = linked_slugs(cells[0], "issues");
        assert_eq!(issue.len(), 1, "one issue a row: {row}");
        let previous = rows.insert(issue[0].clone(), linked_slugs(cells[1], "teams"));
        assert!(previous.is_none(), "{} has two rows", issue[0]);
    }
    let issues = shared_issues();
    assert_eq!(
        rows.keys().cloned().collect::<Vec<_>>(),
        issues,
        "one row for each shared issue"
    );
    for issue in issues {
        assert_eq!(
            rows[&issue],
            teams_on(&issue),
            "the table's teams for {issue} against the teams' `issues:`"
        );
    }
}

#[test]
fn the_office_head_is_nakamura_yusuke_with_the_right_characters() {
    let pages = all_output_text();
    assert!(
        pages.iter().any(|(_, t)| t.contains("中村祐輔")),
        "中村祐輔 appears"
    );
    for (f, t) in &pages {
        assert!(
            !t.contains("中村雄介"),
            "the briefing's typo 中村雄介 is in {f}"
        );
    }
}

/// The names only the classified briefing page holds: its 主査 and the internal section.
const CLASSIFIED_NAMES: &[&str] = &[
    "野田所長",
    "岩坪教授",
    "妙中次長",
    "澤次長",
    "門脇次長",
    "宮野教授",
    "山本社長",
    "藤原次長",
    "東大TLO",
    "主査",
    "内部資料",
];

#[test]
fn the_classified_briefing_page_leaves_no_trace() {
    for (f, t) in all_output_text() {
        assert!(
            !f.contains("internal") && !f.contains("wt-structure"),
            "{f}"
        );
        for name in CLASSIFIED_NAMES
            .iter()
            .chain(&["●●", "機密性 2", "機密性2"])
        {
            assert!(!t.contains(name), "{name} is in {f}");
        }
    }
    // The index's shards hold tokens, not whole names: ask them token by token.
    #[cfg(feature = "search")]
    {
        let index = common::index_in(output());
        for name in CLASSIFIED_NAMES {
            assert!(
                common::pages_with(&index, name).is_empty(),
                "{name} is in the search index"
            );
        }
    }
}

#[test]
fn the_home_page_lists_news_and_every_part_of_the_site() {
    let home = read("index.html");
    assert!(home.contains("国の司令塔"));
    let news = common::region(&home, "<section class=\"news\"", "</section>");
    let dates: Vec<&str> = news
        .split("datetime=\"")
        .skip(1)
        .map(|d| &d[..d.find('"').unwrap()])
        .collect();
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first, "新着情報 newest first");
    // The newest news page (its file name starts with its date) heads the list.
    let newest = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .max()
        .unwrap();
    assert_eq!(dates.first().copied(), Some(&newest[..10]), "{news}");
    // A way into each part of the site from the home page's own content, not the header.
    let parts = common::region(&home, "<section class=\"home-sections\"", "</section>");
    for part in ["office/", "council/", "teams/", "issues/", "news/"] {
        assert!(
            parts.contains(&format!("href=\"/iryou-innovation/{part}\"")),
            "{part}: {parts}"
        );
    }
}

#[test]
fn every_page_shows_its_dates_and_the_sitemap_lists_every_page() {
    let ja = read("sitemap/index.html");
    let en = read("en/sitemap/index.html");
    for (f, t) in all_output_text() {
        if !f.ends_with("index.html") {
            continue;
        }
        // Each language's pages, with their dates in its words, in its own sitemap.
        let (page, published, updated) = if f.starts_with("en/") {
            (&en, "Published", "Last updated")
        } else {
            (&ja, "公開日", "最終更新日")
        };
        let tree = common::region(page, "<nav class=\"sitemap\"", "</nav>");
        assert!(
            t.contains(&format!("<dt>{published}</dt><dd><time datetime=\""))
                && t.contains(&format!("<dt>{updated}</dt><dd><time datetime=\"")),
            "{f} lacks its dates"
        );
        let url = format!("/iryou-innovation/{}", f.trim_end_matches("index.html"));
        assert!(
            tree.contains(&format!("href=\"{url}\"")),
            "the sitemap's tree lacks {url}"
        );
    }
}

#[test]
fn the_site_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match office_site::check(root, false) {
        Ok(_) => {}
        Err(e) => panic!(
            "{}",
            e.sorted()
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The text of a page's `<main>`, tags dropped (enough for the phrases checked here, which hold
/// no markup).
fn main_text(rel: &str) -> String {
    strip_tags(&common::main_region(&read(rel)))
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every published Japanese HTML page and the text of its `<main>` (English pages, planned
/// under `en/`, are checked in their own words).
fn every_page_text() -> Vec<(String, String)> {
    all_output_text()
        .into_iter()
        .filter(|(f, t)| f.ends_with(".html") && !f.starts_with("en/") && t.contains("<main"))
        .map(|(f, t)| {
            let text = strip_tags(&common::main_region(&t));
            (f, text)
        })
        .collect()
}

/// The office and the council did not move into 健康・医療戦略室: it replaced them (FACTS.md).
#[test]
fn the_office_and_the_council_were_replaced_not_moved_into_the_strategy_office() {
    for (f, t) in every_page_text() {
        for sentence in t
            .split(['。', '\n'])
            .filter(|s| s.contains("健康・医療戦略室"))
        {
            assert!(
                !sentence.contains("移行"),
                "{f} says the office moved: {sentence}"
            );
        }
    }
    for rel in [
        "news/2013-02-22-transition/index.html",
        "contact/index.html",
        "index.html",
    ] {
        assert!(
            main_text(rel).contains("に代わり、健康・医療戦略室が置かれました"),
            "{rel} does not say what replaced the office and the council"
        );
    }
}

/// The briefing's 国立がんセンター and 国立循環器病センター were renamed on 1 April 2010: the
/// site uses the 2011 names and quotes the briefing's only to say it differs.
#[test]
fn the_national_centres_have_their_2011_names_and_the_old_ones_appear_only_quoted() {
    for rel in ["office/index.html", "office/organization/index.html"] {
        let t = main_text(rel);
        for name in ["国立がん研究センター", "国立循環器病研究センター"] {
            assert!(t.contains(name), "{rel} lacks {name}");
        }
        assert!(
            t.contains("平成22年4月1日"),
            "{rel} does not say when they were renamed"
        );
    }
    for (f, t) in every_page_text() {
        for old in ["国立がんセンター", "国立循環器病センター"] {
            for (i, _) in t.match_indices(old) {
                assert!(
                    t[..i].ends_with('「'),
                    "{f}: {old} used as a name, not quoted from the briefing"
                );
            }
        }
    }
}

#[test]
fn organisation_pages_say_february_2011_and_give_the_head_his_titles() {
    for rel in [
        "office/index.html",
        "office/organization/index.html",
        "council/index.html",
    ] {
        assert!(main_text(rel).contains("平成23年2月時点"), "{rel}");
    }
    for rel in ["office/index.html", "office/organization/index.html"] {
        let t = main_text(rel);
        for title in ["中村祐輔", "内閣官房参与", "ヒトゲノム解析センター長"]
        {
            assert!(t.contains(title), "{rel} lacks {title}");
        }
    }
}

/// The `date:` of a content file, from its front matter.
fn date_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let front = text.split("\n---").next().unwrap();
    front
        .lines()
        .find_map(|l| l.strip_prefix("date:"))
        .unwrap_or_else(|| panic!("{} has no date", path.display()))
        .trim()
        .to_owned()
}

/// Is `a` earlier than `b`? Dates of different precision (`2011-02`, `2011-02-15`) compare on
/// what both say, so a month is not earlier than a day in it.
fn earlier(a: &str, b: &str) -> bool {
    let n = a.len().min(b.len());
    a[..n] < b[..n]
}

/// A section's 公開日 was before some of the pages it lists (新着情報 of 2011 listing news of
/// 2013): every section is dated no earlier than its pages and subsections.
#[test]
fn a_section_is_not_dated_before_the_pages_it_lists() {
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if entry.file_name() != "_index.md" {
            continue;
        }
        let dir = entry.path().parent().unwrap();
        let section = date_of(entry.path());
        for child in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
            let listed = if child.is_dir() {
                child.join("_index.md")
            } else if child.extension().is_some_and(|x| x == "md") && child != entry.path() {
                child
            } else {
                continue;
            };
            if !listed.exists() {
                continue;
            }
            let date = date_of(&listed);
            assert!(
                !earlier(&section, &date),
                "{} ({section}) lists {} ({date})",
                entry.path().display(),
                listed.display()
            );
        }
    }
}

/// Pages about the site itself were written long after the office was replaced: each says when
/// and by whom, and the day it says is its 公開日.
#[test]
fn pages_about_the_site_say_when_and_by_whom_they_were_written() {
    for slug in ["accessibility", "contact", "privacy", "terms"] {
        let rel = format!("{slug}/index.html");
        let html = read(&rel);
        let dates = common::region(&html, "<dt>公開日</dt>", "</dd>");
        let shown = strip_tags(dates);
        let wareki = shown
            .trim_start_matches("公開日")
            .split('(')
            .next()
            .unwrap()
            .to_owned();
        let text = main_text(&rel);
        assert!(
            text.contains(&format!(
                "このページは、{wareki}に、このサイトの管理者が作成しました。"
            )),
            "{rel} does not say it was written on its 公開日 {wareki}, and by whom"
        );
    }
    let home = main_text("index.html");
    assert!(home.contains("このサイトの管理者が令和8年（2026年）に作成したもの"));
}

/// The team ↔ shared-issue assignment is this site's, not the briefing's: it is labelled so,
/// and no page argues for it as if the office had made it.
#[test]
fn the_team_to_issue_assignment_is_labelled_as_this_sites_own() {
    let index = read("issues/index.html");
    let heading = common::region(&index, "<h2 id=\"taio\">", "</h2>");
    assert!(heading.contains("このサイトによる整理"), "{heading}");
    let table = common::region(&index, "<thead>", "</thead>");
    assert!(table.contains("このサイトによる整理"), "{table}");
    for (f, t) in every_page_text() {
        for invented in [
            "推進室として検討する理由",
            "共通の課題との関わり",
            "対応づけの理由",
        ] {
            assert!(!t.contains(invented), "{f}: {invented}");
        }
        assert!(
            !t.contains("対応づけています"),
            "{f}: the aside on every team page"
        );
    }
}

/// Developer jargon on public pages (CI, package names, tool versions) was rewritten for visitors.
#[test]
fn public_pages_speak_to_visitors_not_developers() {
    for (f, t) in every_page_text() {
        for jargon in [
            "CI",
            "継続的インテグレーション",
            "Debian",
            "npm",
            "vnu-jar",
            "wcag2",
        ] {
            assert!(!t.contains(jargon), "{f}: {jargon}");
        }
        // A version number (26.9.27, 4.14.1): digits, dot, digits, dot, digits. The
        // accessibility test report is the exception: JIS X 8341-3 reports number the success
        // criteria so (1.1.1) and must name the checking tools with their versions (issue 15).
        if f.starts_with("accessibility-report/") {
            continue;
        }
        let parts: Vec<&str> = t
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .collect();
        for p in parts {
            let fields: Vec<&str> = p.split('.').collect();
            assert!(
                !(fields.len() >= 3 && fields.iter().all(|x| !x.is_empty())),
                "{f}: a version number {p}"
            );
        }
    }
}
