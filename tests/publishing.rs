//! Publishing files and dates: the Atom feed (parsed as XML), sitemap.xml, robots.txt, 404,
//! aliases, 最終更新日 from git (and its fallbacks), and reproducible output.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, assert_error};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

#[test]
fn the_feed_is_valid_atom_newest_first_with_absolute_urls() {
    let site = Site::fixture("basic");
    site.write(
        "content/council/meetings/02.md",
        "---\ntitle: 第2回\ndate: 2011-06-16\ndescription: 基本的方針を決定\n---\n",
    );
    site.build_ok();
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    for required in ["title", "id", "updated", "author"] {
        assert!(
            feed.children().any(|c| c.has_tag_name((ATOM, required))),
            "feed lacks {required}"
        );
    }
    assert_eq!(
        child_text(feed, "updated"),
        Some("2011-06-16T00:00:00+09:00")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    let titles: Vec<_> = entries
        .iter()
        .map(|e| child_text(*e, "title").unwrap())
        .collect();
    assert_eq!(titles, ["第2回", "① 医薬品", "第1回"]);
    for e in &entries {
        let id = child_text(*e, "id").unwrap();
        assert!(
            id.starts_with("https://www.example.go.jp/iryou-innovation/"),
            "{id}"
        );
        assert!(child_text(*e, "updated").is_some());
        let link = e
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")))
            .unwrap();
        assert_eq!(link.attribute("href"), Some(id));
    }
    assert_eq!(child_text(entries[0], "summary"), Some("基本的方針を決定"));
    let home = site.read("index.html");
    assert!(home.contains(
        r#"<link rel="alternate" type="application/atom+xml" href="/iryou-innovation/atom.xml""#
    ));
    assert!(
        site.read("teams/index.html")
            .contains("application/atom+xml"),
        "every page links the feed"
    );
}

#[test]
fn feed_sections_in_site_yaml_choose_the_news() {
    let site = Site::fixture("basic");
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}feed:\n  sections: [council]\n"),
    );
    site.build_ok();
    let xml = site.read("atom.xml");
    assert!(xml.contains("第1回") && !xml.contains("医薬品"), "{xml}");
    let home = site.main("index.html");
    let news = &home[home.find("新着情報").unwrap()..];
    assert!(
        news.contains("第1回") && !news.contains("① 医薬品"),
        "{news}"
    );
}

#[test]
fn sitemap_lists_every_published_page_with_lastmod_and_robots_points_to_it() {
    let site = Site::fixture("basic");
    site.write(
        "content/secret.md",
        "---\ntitle: s\nclassification: 機密性2\n---\n",
    )
    .write("content/draft.md", "---\ntitle: d\ndraft: true\n---\n");
    site.build_ok();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ns, "url")))
        .collect();
    let html_pages = site
        .output_files()
        .iter()
        .filter(|f| f.ends_with("index.html"))
        .count();
    assert_eq!(urls.len(), html_pages);
    let pharma = urls
        .iter()
        .find(|u| {
            u.children().any(|c| {
                c.text() == Some("https://www.example.go.jp/iryou-innovation/teams/pharma/")
            })
        })
        .expect("pharma in the sitemap");
    let lastmod = pharma
        .children()
        .find(|c| c.has_tag_name((ns, "lastmod")))
        .unwrap();
    assert_eq!(lastmod.text(), Some("2011-02-01"));
    assert!(!xml.contains("secret") && !xml.contains("draft"));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://www.example.go.jp/iryou-innovation/sitemap.xml\n"
    );
}

#[test]
fn drafts_never_reach_the_sitemap_and_a_drafts_build_asks_robots_to_stay_away() {
    let site = Site::fixture("basic");
    site.write("content/draft.md", "---\ntitle: d\ndraft: true\n---\n");
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(!site.read("sitemap.xml").contains("draft"));
    assert!(site.read("robots.txt").contains("Disallow: /"));
}

/// Regression: a `--drafts` build put dated drafts in atom.xml (the sitemap left them out).
#[test]
fn drafts_stay_out_of_the_feed_of_a_drafts_build() {
    let site = Site::fixture("basic");
    site.write(
        "content/council/meetings/02.md",
        "---\ntitle: 第2回(案)\ndate: 2011-03-01\ndraft: true\n---\n",
    );
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(
        site.read("council/meetings/02/index.html")
            .contains("第2回(案)")
    );
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let titles: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .filter_map(|e| child_text(e, "title"))
        .collect();
    assert!(titles.contains(&"第1回"), "{titles:?}");
    assert!(!titles.contains(&"第2回(案)"), "{titles:?}");
}

#[test]
fn the_404_page_comes_from_the_theme() {
    let site = Site::fixture("basic");
    site.write(
        "content/sitemap.md",
        "---\ntitle: サイトマップ\ntemplate: sitemap.html\n---\n",
    )
    .write(
        "content/search.md",
        "---\ntitle: 検索\ntemplate: search.html\n---\n",
    );
    site.build_ok();
    let html = site.read("404.html");
    assert!(
        html.contains(r#"<meta name="robots" content="noindex">"#),
        "{html}"
    );
    assert!(html.contains("<title>ページが見つかりません | "), "{html}");
    // Its own links (not the header's), all under the sub-path.
    let main = common::main_region(&html);
    for link in [
        r#"<a href="/iryou-innovation/">ホームへ戻る</a>"#,
        r#"<a href="/iryou-innovation/sitemap/">サイトマップからページを探す</a>"#,
    ] {
        assert!(main.contains(link), "{link} missing: {main}");
    }
    // The search link only where the build has search.
    let search = r#"<a href="/iryou-innovation/search/">サイト内検索でページを探す</a>"#;
    assert_eq!(main.contains(search), cfg!(feature = "search"), "{main}");
    // It extends the base template: the feed in its head, the shared header and footer.
    assert!(html.contains("application/atom+xml") && html.contains("site-footer"));
}

#[test]
fn aliases_write_redirect_pages() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\nissues: [regulation]\naliases: [/wt/iyakuhin/, old-pharma.html]\n---\n## 目標 {#goals}\n",
    );
    site.build_ok();
    for path in ["wt/iyakuhin/index.html", "old-pharma.html"] {
        let html = site.read(path);
        assert!(
            html.contains(
                r#"<meta http-equiv="refresh" content="0; url=/iryou-innovation/teams/pharma/">"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"<link rel="canonical" href="https://www.example.go.jp/iryou-innovation/teams/pharma/">"#));
        assert!(
            html.contains(r#"<a href="/iryou-innovation/teams/pharma/">"#),
            "a link for browsers without refresh"
        );
        assert!(!html.contains("<script"));
    }
}

#[test]
fn an_alias_that_collides_with_a_page_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: 臨床\naliases:\n  - /teams/pharma/\n---\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &[
            "content/issues/clinical.md:4:5: error[E0523]:",
            "would overwrite `teams/pharma/index.html`",
        ],
    );
}

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let site = Site::fixture("basic");
    let first = site.root.parent().unwrap().join("first");
    let second = site.root.parent().unwrap().join("second");
    site.build_with(|o| o.output = Some(first.clone())).unwrap();
    site.build_with(|o| o.output = Some(second.clone()))
        .unwrap();
    let list = |d: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(d)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(d).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(list(&first), list(&second));
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.go.jp",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The basic fixture in a git repository: everything committed on 2011-01-07 (JST), then
/// pharma.md changed on 2012-01-04.
fn site_in_git() -> Site {
    let site = Site::fixture("basic");
    git(&site.root, &["init", "-q"], "2011-01-07T10:00:00+09:00");
    git(&site.root, &["add", "."], "2011-01-07T10:00:00+09:00");
    git(
        &site.root,
        &["commit", "-q", "-m", "first"],
        "2011-01-07T10:00:00+09:00",
    );
    let pharma = std::fs::read_to_string(site.root.join("content/teams/pharma.md")).unwrap();
    site.write("content/teams/pharma.md", &format!("{pharma}\n追記。\n"));
    // 2012-01-03 16:00 UTC is already 2012-01-04 in Japan.
    git(
        &site.root,
        &["commit", "-q", "-am", "update"],
        "2012-01-03T16:00:00+00:00",
    );
    site
}

#[test]
fn updated_comes_from_the_last_git_commit_in_japan_time() {
    let site = site_in_git();
    let summary = site.build_ok();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let html = site.read("teams/pharma/index.html");
    assert!(html.contains(r#"<time datetime="2012-01-04">"#), "{html}");
    let html = site.read("issues/regulation/index.html");
    assert!(html.contains(r#"<time datetime="2011-01-07">"#), "{html}");
    assert!(
        site.read("sitemap.xml")
            .contains("<lastmod>2012-01-04</lastmod>")
    );
}

#[test]
fn updated_in_front_matter_wins_over_git() {
    let site = site_in_git();
    site.write(
        "content/issues/regulation.md",
        "---\ntitle: 規制\nupdated: 2013-02-22\n---\n## なぜ {#why}\n",
    );
    site.build_ok();
    assert!(
        site.read("issues/regulation/index.html")
            .contains(r#"<time datetime="2013-02-22">"#)
    );
}

#[test]
fn a_shallow_clone_falls_back_to_date_and_says_why_once() {
    let origin = site_in_git();
    let clone = origin.root.parent().unwrap().join("clone");
    let url = format!("file://{}", origin.root.display());
    let ok = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .status()
        .unwrap();
    assert!(ok.success());
    let summary = office_site::build(&office_site::BuildOptions {
        root: clone.clone(),
        ..Default::default()
    })
    .unwrap();
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("shallow clone"), "{warnings:?}");
    let html = std::fs::read_to_string(clone.join("output/teams/pharma/index.html")).unwrap();
    assert!(
        html.contains(r#"<time datetime="2011-02-01">"#),
        "falls back to date: {html}"
    );
}

#[test]
fn outside_git_updated_falls_back_to_date_with_a_warning() {
    let site = Site::fixture("basic");
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("content: warning[W0104]: 最終更新日: not a git repository"),
        "{warnings:?}"
    );
    let html = site.read("teams/pharma/index.html");
    assert_eq!(
        html.matches(r#"<time datetime="2011-02-01">"#).count(),
        2,
        "公開日 and 最終更新日"
    );
}

/// Regression: outside git, a page with no `date:` had no 最終更新日 and no `<lastmod>` in
/// sitemap.xml; its file's modification time is the only record of its last change.
#[test]
fn undated_pages_outside_git_get_lastmod_from_their_file_time() {
    let site = Site::fixture("basic");
    // 2012-03-03 15:30 UTC is already 2012-03-04 in Japan.
    common::set_file_time(&site.root.join("content/teams/_index.md"), 1_330_788_600);
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings[0].contains("the day their file was last modified"),
        "{warnings:?}"
    );
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let lastmod = |url: &roxmltree::Node<'_, '_>| {
        url.children()
            .find(|c| c.has_tag_name((ns, "lastmod")))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        assert!(lastmod(&url).is_some(), "no lastmod: {xml}");
    }
    let teams = doc
        .root_element()
        .children()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some("https://www.example.go.jp/iryou-innovation/teams/"))
        })
        .unwrap();
    assert_eq!(lastmod(&teams).as_deref(), Some("2012-03-04"));
    assert!(
        site.read("teams/index.html")
            .contains(r#"<dt>最終更新日</dt><dd><time datetime="2012-03-04">"#)
    );
    // A dated page still falls back to its date, not to its file's time.
    assert!(xml.contains("<lastmod>2011-02-01</lastmod>"), "{xml}");
}

/// Regression: without git installed, the warning said "not a git repository".
#[test]
fn without_git_installed_the_warning_says_git_is_missing() {
    let site = Site::fixture("basic");
    let empty = site.root.parent().unwrap().join("no-git-here");
    std::fs::create_dir_all(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_office-site"))
        .arg("build")
        .current_dir(&site.root)
        .env("PATH", &empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("git is not installed"), "{stderr}");
    assert!(!stderr.contains("not a git repository"), "{stderr}");
}

#[test]
fn front_matter_takes_japanese_era_dates() {
    let site = Site::fixture("basic");
    site.write(
        "content/council/meetings/01.md",
        "---\ntitle: 第1回\ndate: 平成22年11月30日\nupdated: H23.2\n---\n",
    );
    site.build_ok();
    let html = site.read("council/meetings/01/index.html");
    assert!(
        html.contains(r#"<time datetime="2010-11-30">平成22年11月30日(2010年11月30日)</time>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<time datetime="2011-02">平成23年2月(2011年2月)</time>"#),
        "{html}"
    );
}

#[test]
fn a_date_outside_its_era_is_an_error_at_its_line() {
    for (date, fragment) in [
        ("令和元年4月30日", "令和"),
        ("平成31年5月1日", "平成"),
        ("平成23年2月30日", "30"),
    ] {
        let site = Site::fixture("basic");
        site.write(
            "content/council/meetings/01.md",
            &format!("---\ntitle: 第1回\n\ndate: {date}\n---\n"),
        );
        let errors = site.build_err();
        assert_error(
            &errors,
            &[
                "content/council/meetings/01.md:4:7: error[E0206]:",
                "`date`",
                fragment,
            ],
        );
    }
}

/// Regression: an ISO date before 1873-01-01 was accepted in front matter, then failed in the
/// theme's `wareki` filter with the template's line instead of the page's.
#[test]
fn an_iso_date_before_1873_is_an_error_at_its_front_matter_line() {
    for (key, date) in [("date", "1872-12-31"), ("updated", "1872-12")] {
        let site = Site::fixture("basic");
        site.write(
            "content/council/meetings/01.md",
            &format!("---\ntitle: 第1回\n{key}: {date}\n---\n"),
        );
        let errors = site.build_err();
        assert_error(
            &errors,
            &[
                &format!(
                    "content/council/meetings/01.md:3:{}: error[E0206]:",
                    key.len() + 3
                ),
                &format!("`{key}`"),
                "1873",
            ],
        );
        assert!(
            errors.iter().all(|e| !e.contains("templates/")),
            "{errors:?}"
        );
    }
}

/// Regression: `feed: { sections: [nosuch] }` in site.yaml was accepted, and the feed was
/// silently empty.
#[test]
fn a_feed_section_that_does_not_exist_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    let yaml = site.read_source("site.yaml");
    let line = yaml.lines().count() + 1;
    site.write(
        "site.yaml",
        &format!("{yaml}feed: {{ sections: [council, nosuch] }}\n"),
    );
    assert_error(
        &site.build_err(),
        &[
            &format!("site.yaml:{line}:29: error[E0421]:"),
            "`nosuch`",
            "content/nosuch/_index.md",
        ],
    );
    site.write(
        "site.yaml",
        &format!("{yaml}feed:\n  sections:\n    - council\n    - nosuch\n"),
    );
    assert_error(
        &site.build_err(),
        &[
            &format!("site.yaml:{}:7: error[E0421]:", line + 3),
            "`nosuch`",
        ],
    );
}
