//! `office-site new`: `--date` in every form a page's `date:` takes, the note when a page of a
//! section of old pages is dated today, and `new SECTION/_index`, which creates a section.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::Site;

fn run(site: &Site, args: &[&str]) -> (bool, String, String) {
    let out = site.run(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file of the site (not of its output).
fn source(site: &Site, file: &str) -> String {
    std::fs::read_to_string(site.root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The `date:` line of a file.
fn date_line(site: &Site, file: &str) -> String {
    let text = source(site, file);
    text.lines()
        .find(|l| l.starts_with("date: "))
        .unwrap_or_else(|| panic!("no date in {text}"))
        .to_owned()
}

#[test]
fn new_dates_a_page_as_date_says_in_any_form_a_page_takes() {
    let site = Site::fixture("basic");
    for (i, (written, iso)) in [
        ("平成23年2月15日", "2011-02-15"),
        ("H23.2.15", "2011-02-15"),
        ("h23/2/15", "2011-02-15"),
        ("Ｈ２３．２．１５", "2011-02-15"),
        ("  平成２３年２月１５日 ", "2011-02-15"),
        ("2011-02-15", "2011-02-15"),
        ("2011/2/15", "2011-02-15"),
        ("2011年2月15日", "2011-02-15"),
        ("平成23年(2011年)2月15日", "2011-02-15"),
        ("平成23年2月", "2011-02"),
        ("平成元年1月8日", "1989-01-08"),
        ("令和元年5月1日", "2019-05-01"),
        ("R5.4.1", "2023-04-01"),
    ]
    .into_iter()
    .enumerate()
    {
        let (ok, stdout, stderr) = run(&site, &["new", &format!("teams/t{i}"), "--date", written]);
        assert!(ok, "{written}: {stderr}");
        assert_eq!(stdout.trim(), format!("content/teams/t{i}.md"));
        // A page dated as asked needs no note about its date.
        assert!(!stderr.contains("W0809"), "{written}: {stderr}");
        assert_eq!(
            date_line(&site, &format!("content/teams/t{i}.md")),
            format!("date: {iso}"),
            "{written}"
        );
    }
}

#[test]
fn a_date_that_is_not_one_is_refused_and_nothing_is_written() {
    let site = Site::fixture("basic");
    for written in [
        "平成31年5月1日",
        "令和元年4月30日",
        "2011-02-30",
        "H23.13.1",
        "明治5年1月1日",
        "来週",
        "",
        "2011-02-15T10:00",
    ] {
        let (ok, _, stderr) = run(&site, &["new", "teams/late", "--date", written]);
        assert!(!ok, "{written:?} was taken for a date");
        assert!(
            stderr.contains("error[E0809]")
                && stderr.contains(&format!("`--date {}` is not a date", written.trim())),
            "{written:?}: {stderr}"
        );
        assert!(!site.root.join("content/teams/late.md").exists());
    }
}

#[test]
fn a_page_dated_today_among_old_pages_gets_a_note_at_its_date() {
    let site = Site::fixture("basic");
    // The teams of the fixture are dated 2011.
    let (ok, stdout, stderr) = run(&site, &["new", "teams/genome"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/teams/genome.md");
    assert!(
        stderr.contains("content/teams/genome.md:4:7: warning[W0809]: this page is dated today (")
            && stderr.contains("the newest page of content/teams/ is dated 平成23年2月1日"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("W0809").count(), 1, "{stderr}");
    // Written all the same, dated today.
    assert!(date_line(&site, "content/teams/genome.md").starts_with("date: 20"));
}

#[test]
fn a_page_of_a_current_or_undated_section_gets_no_note() {
    let site = Site::fixture("basic");
    // Far in the future, so that the newest page is never months old, whatever today is.
    site.write(
        "content/teams/future.md",
        "---\ntitle: 先の予定\ndate: 2099-01-01\n---\n",
    );
    let (ok, _, stderr) = run(&site, &["new", "teams/current"]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("W0809"), "{stderr}");
    // A section without dated pages: nothing to compare with.
    site.write("content/undated/_index.md", "---\ntitle: 日付なし\n---\n");
    site.write("content/undated/a.md", "---\ntitle: 一\n---\n");
    let (ok, _, stderr) = run(&site, &["new", "undated/b"]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("W0809"), "{stderr}");
}

#[test]
fn new_section_index_creates_a_section_with_the_classification_it_inherits() {
    let site = Site::fixture("basic");
    let (ok, stdout, stderr) = run(&site, &["new", "news/_index", "--date", "H23.2.15"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/news/_index.md");
    let text = source(&site, "content/news/_index.md");
    assert!(text.starts_with("---\ntitle: \"\"\n"), "{text}");
    assert!(text.contains("\ndate: 2011-02-15\n"), "{text}");
    assert!(
        text.contains("# classification: 機密性1  (inherited from site.yaml; set it here to change it for this section and every page in it)"),
        "{text}"
    );
    // It is a section: a page can go in it, and the build insists on its title.
    let (ok, _, stderr) = run(&site, &["new", "news/first", "--date", "2011-02-16"]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    assert!(
        stderr.contains("content/news/_index.md:2:1: error[E0204]"),
        "{stderr}"
    );
    // A section inside a section that passes down 機密性2 says so.
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部\nclassification: 機密性2\n---\n",
    );
    for spec in ["internal/memos/_index", "internal/memos/2011/_index.md"] {
        let (ok, _, stderr) = run(&site, &["new", spec]);
        assert!(ok, "{spec}: {stderr}");
    }
    for file in [
        "content/internal/memos/_index.md",
        "content/internal/memos/2011/_index.md",
    ] {
        assert!(
            source(&site, file)
                .contains("# classification: 機密性2  (inherited from content/internal/_index.md"),
            "{file}"
        );
    }
}

#[test]
fn new_section_index_never_overwrites_or_skips_a_missing_parent() {
    let site = Site::fixture("basic");
    let before = source(&site, "content/teams/_index.md");
    for spec in [
        "teams/_index",
        "teams/_index.md",
        "/teams/_index/",
        "_index",
    ] {
        let (ok, _, stderr) = run(&site, &["new", spec]);
        assert!(!ok, "{spec} was accepted");
        assert!(stderr.contains("already exists"), "{spec}: {stderr}");
    }
    assert_eq!(source(&site, "content/teams/_index.md"), before);
    for spec in ["nosuch/sub/_index", "../x/_index", "teams/../../x/_index"] {
        let (ok, _, stderr) = run(&site, &["new", spec]);
        assert!(!ok, "{spec} was accepted");
        assert!(stderr.contains("cannot create"), "{spec}: {stderr}");
    }
    assert!(!site.root.join("content/nosuch").exists());
    assert!(!site.root.parent().unwrap().join("x").exists());
}

#[cfg(unix)]
#[test]
fn new_section_index_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("basic");
    let outside = site.root.parent().unwrap().join("outside-section");
    std::fs::create_dir_all(&outside).unwrap();
    symlink(&outside, site.root.join("content/teams/linked")).unwrap();
    let (ok, _, stderr) = run(&site, &["new", "teams/linked/_index"]);
    assert!(!ok, "a section was created through a link");
    assert!(stderr.contains("outside content/"), "{stderr}");
    assert!(!outside.join("_index.md").exists());
}
