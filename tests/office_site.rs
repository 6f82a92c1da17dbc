//! This repository's own site (content/ and site.yaml): it builds, its cross-links are right,
//! the facts are corrected, and the classified briefing page leaves no trace.

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

/// The slugs of the `@/<section>/<slug>.md` links in a piece of Markdown, sorted.
fn linked_slugs(markdown: &str, section: &str) -> Vec<String> {
    let prefix = format!("(@/{section}/");
    let mut slugs: Vec<String> = markdown
        .match_indices(&prefix)
        .filter_map(|(i, _)| {
            let rest = &markdown[i + prefix.len()..];
            rest.find(".md)").map(|end| rest[..end].to_owned())
        })
        .collect();
    slugs.sort();
    slugs
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

/// The issues index explains the editorial choice of which team works on which issue in a
/// table typed by hand: it must say what the teams' `issues:` front matter says.
#[test]
fn the_issue_to_team_table_on_the_issues_index_matches_the_front_matter() {
    let index = std::fs::read_to_string(repo().join("content/issues/_index.md")).unwrap();
    let mut rows = std::collections::BTreeMap::new();
    for line in index.lines().filter(|l| l.starts_with("| [")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        assert!(cells.len() >= 2, "a row of the table: {line}");
        let issue = linked_slugs(cells[0], "issues");
        assert_eq!(issue.len(), 1, "one issue a row: {line}");
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
    let page = read("sitemap/index.html");
    let tree = common::region(&page, "<nav class=\"sitemap\"", "</nav>");
    for (f, t) in all_output_text() {
        if !f.ends_with("index.html") {
            continue;
        }
        assert!(
            t.contains("<dt>公開日</dt><dd><time datetime=\"")
                && t.contains("<dt>最終更新日</dt><dd><time datetime=\""),
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
