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

const TEAMS: [&str; 6] = [
    "pharma",
    "medical-devices",
    "regenerative-medicine",
    "personalized-medicine",
    "intellectual-property",
    "regulatory-science",
];

/// The `issues:` slugs a team page lists, read from its source.
fn issues_of(team: &str) -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/teams/{team}.md")),
    )
    .unwrap();
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

#[test]
fn every_team_page_links_to_each_of_its_shared_issues_and_back() {
    for team in TEAMS {
        let issues = issues_of(team);
        assert!(!issues.is_empty(), "{team}");
        let page = common::main_region(&read(&format!("teams/{team}/index.html")));
        for issue in &issues {
            assert!(
                page.contains(&format!("href=\"/iryou-innovation/issues/{issue}/\"")),
                "{team} → {issue}"
            );
            let back = common::main_region(&read(&format!("issues/{issue}/index.html")));
            assert!(
                back.contains(&format!("href=\"/iryou-innovation/teams/{team}/\"")),
                "{issue} → {team}"
            );
        }
    }
}

#[test]
fn every_shared_issue_is_worked_on_by_at_least_two_teams() {
    for issue in [
        "regulation",
        "clinical-research",
        "industry-collaboration",
        "subject-protection",
    ] {
        let n = TEAMS
            .iter()
            .filter(|t| issues_of(t).iter().any(|i| i == issue))
            .count();
        assert!(n >= 2, "{issue}: {n} teams");
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

#[test]
fn the_classified_briefing_page_leaves_no_trace() {
    for (f, t) in all_output_text() {
        assert!(
            !f.contains("internal") && !f.contains("wt-structure"),
            "{f}"
        );
        for name in [
            "●●",
            "野田所長",
            "岩坪教授",
            "妙中次長",
            "澤次長",
            "門脇次長",
            "宮野教授",
            "山本社長",
            "藤原次長",
            "東大TLO",
            "機密性 2",
            "機密性2",
            "内部資料",
        ] {
            assert!(!t.contains(name), "{name} is in {f}");
        }
    }
}

#[test]
fn the_home_page_lists_news_and_every_part_of_the_site() {
    let home = read("index.html");
    assert!(home.contains("国の司令塔"));
    assert!(home.contains("新着情報"));
    let news = &home[home.find("新着情報").unwrap()..];
    assert!(
        news.contains("datetime=\"2013-02-22\""),
        "the newest item first: {news}"
    );
    for part in ["office/", "council/", "teams/", "issues/", "news/"] {
        assert!(
            home.contains(&format!("href=\"/iryou-innovation/{part}\"")),
            "{part}"
        );
    }
}

#[test]
fn every_page_shows_its_dates_and_the_sitemap_lists_every_page() {
    let sitemap = read("sitemap/index.html");
    for (f, t) in all_output_text() {
        if !f.ends_with("index.html") {
            continue;
        }
        assert!(
            t.contains("公開日") && t.contains("最終更新日"),
            "{f} lacks its dates"
        );
        let url = format!("/iryou-innovation/{}", f.trim_end_matches("index.html"));
        assert!(
            sitemap.contains(&format!("href=\"{url}\"")),
            "the sitemap lacks {url}"
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
