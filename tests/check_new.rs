//! `office-site check` and `office-site new`.

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

#[test]
fn check_passes_on_a_clean_site_and_writes_nothing() {
    let site = Site::fixture("basic");
    let (ok, stdout, stderr) = run(&site, &["check"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("check passed"), "{stdout}");
    assert!(!site.output().exists());
}

#[test]
fn check_reports_what_build_reports() {
    let site = Site::fixture("basic");
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: x\nweight: abc\n---\n",
    );
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    assert!(
        stderr.contains("content/issues/clinical.md:3:9: error:"),
        "{stderr}"
    );
    assert!(stderr.contains("check failed: 1 error"), "{stderr}");
}

#[test]
fn check_reports_accessibility_problems_in_the_rendered_html() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n",
    )
    .write(
        "content/a.md",
        "---\ntitle: ページA\n---\n# 二つ目のh1\n\n## 節\n\n#### 飛んだ見出し\n\n<img src=\"x.png\">\n\n[](@/_index.md)\n\n<table><tr><td>1</td></tr></table>\n\n## main\n",
    )
    .write("content/b.md", "---\ntitle: ページA\n---\n")
    .write_bytes("content/x.png", b"png");
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    for needle in [
        "content/a.md: error: the page has 2 h1 headings",
        "content/a.md:8:6: error: heading 「飛んだ見出し」 is an h4 after an h2",
        "content/a.md:10:11: error: an image has no alt attribute",
        "error: a link to `/` has no text",
        "error: a table has no header cells",
        "error: the id `main` appears 2 times",
        "warning: the title 「ページA」 is also the title of content/a.md",
    ] {
        assert!(stderr.contains(needle), "{needle} missing in:\n{stderr}");
    }
}

#[test]
fn warnings_fail_check_only_when_strict() {
    let site = Site::minimal();
    site.write("content/a.md", "---\ntitle: 同じ\n---\n![](x.png)\n")
        .write("content/b.md", "---\ntitle: 同じ\n---\n")
        .write_bytes("content/x.png", b"png");
    let (ok, stdout, stderr) = run(&site, &["check"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("warning: an image has empty alt text"),
        "{stderr}"
    );
    assert!(stdout.contains("0 errors"), "{stdout}");
    let (ok, _, _) = run(&site, &["check", "--strict"]);
    assert!(!ok);
}

#[test]
fn new_writes_a_page_ready_to_fill() {
    let site = Site::fixture("basic");
    let (ok, stdout, stderr) = run(&site, &["new", "teams/genome"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "content/teams/genome.md");
    let text = std::fs::read_to_string(site.root.join("content/teams/genome.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"\"\n"), "{text}");
    assert!(text.contains("\ndate: 20"), "{text}");
    assert!(
        text.contains("# classification: 機密性1  (inherited from site.yaml"),
        "{text}"
    );
    // An empty title keeps the page from being published by accident.
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    assert!(
        stderr.contains("content/teams/genome.md:2:1: error: `title` is empty"),
        "{stderr}"
    );
}

#[test]
fn new_shows_the_classification_a_section_passes_down() {
    let site = Site::fixture("basic");
    site.write(
        "content/internal/_index.md",
        "---\ntitle: 内部\nclassification: 機密性2\n---\n",
    );
    let (ok, _, stderr) = run(&site, &["new", "internal/memo"]);
    assert!(ok, "{stderr}");
    let text = std::fs::read_to_string(site.root.join("content/internal/memo.md")).unwrap();
    assert!(
        text.contains("# classification: 機密性2  (inherited from content/internal/_index.md"),
        "{text}"
    );
}

#[test]
fn new_refuses_to_overwrite_or_leave_content() {
    let site = Site::fixture("basic");
    let before = std::fs::read(site.root.join("content/teams/pharma.md")).unwrap();
    let (ok, _, stderr) = run(&site, &["new", "teams/pharma"]);
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        before,
        std::fs::read(site.root.join("content/teams/pharma.md")).unwrap()
    );
    for bad in [
        "../escape",
        "teams/../../x",
        "/etc/passwd",
        "no-such-section/page",
    ] {
        let (ok, _, stderr) = run(&site, &["new", bad]);
        assert!(!ok, "{bad} was accepted");
        assert!(stderr.contains("cannot create"), "{bad}: {stderr}");
    }
    assert!(!site.root.parent().unwrap().join("escape.md").exists());
}
