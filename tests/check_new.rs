//! `office-site check` and `office-site new`.
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
        stderr.contains("content/issues/clinical.md:3:9: error[E0102]:"),
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
        "---\ntitle: ページA\n---\n# 二つ目のh1\n\n## 節\n\n#### 飛んだ見出し\n\n<img src=\"x.png\">\n\n[](@/_index.md)\n\n<table><tr><td>1</td></tr></table>\n\n<p id=\"main\">本文</p>\n",
    )
    .write("content/b.md", "---\ntitle: ページA\n---\n")
    .write_bytes("content/x.png", &common::png());
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    for needle in [
        "content/a.md:4:1: error[E0706]: the page has 2 h1 headings",
        "content/a.md:8:1: error[E0704]: heading 「飛んだ見出し」 is an h4 after an h2",
        "content/a.md:10:1: error[E0702]: an image has no alt attribute",
        "content/a.md:12:1: error[E0701]: a link to `/` has no text",
        "content/a.md:14:1: error[E0703]: a table has no header cells",
        "content/a.md:16:1: error[E0707]: the id `main` appears 2 times",
        "warning[W0702]: the title 「ページA」 is also the title of content/a.md",
    ] {
        assert!(stderr.contains(needle), "{needle} missing in:\n{stderr}");
    }
}

#[test]
fn check_prints_every_problem_it_counts_each_at_its_own_line() {
    let site = Site::minimal();
    site.write(
        "site.yaml",
        "title: 最小\nbase_url: https://example.go.jp/\nclassification: 機密性1\nmarkdown:\n  allow_html: true\n",
    )
    .write(
        "content/a.md",
        "---\ntitle: ページA\n---\n[](@/_index.md)\n\n[](@/_index.md)\n\n[](@/_index.md)\n\n<p>\n<img src=\"x.png\">\n</p>\n\n<table><tr><td>1</td></tr></table>\n\n<p id=\"d\">一</p>\n\n<p id=\"d\">二</p>\n",
    )
    .write_bytes("content/x.png", &common::png());
    let (ok, _, stderr) = run(&site, &["check"]);
    assert!(!ok);
    for at in [
        "content/a.md:4:1: error[E0701]: a link to `/` has no text",
        "content/a.md:6:1: error[E0701]: a link to `/` has no text",
        "content/a.md:8:1: error[E0701]: a link to `/` has no text",
        "content/a.md:11:1: error[E0702]: an image has no alt attribute",
        "content/a.md:14:1: error[E0703]: a table has no header cells",
        "content/a.md:18:1: error[E0707]: the id `d` appears 2 times",
    ] {
        assert!(stderr.contains(at), "{at} missing in:\n{stderr}");
    }
    let printed = stderr.lines().filter(|l| l.contains(": error[")).count();
    assert!(
        stderr.contains(&format!("check failed: {printed} errors")),
        "the count must match the {printed} lines printed:\n{stderr}"
    );
}

#[test]
fn warnings_fail_check_only_when_strict() {
    let site = Site::minimal();
    site.write("content/a.md", "---\ntitle: 同じ\n---\n![](x.png)\n")
        .write("content/b.md", "---\ntitle: 同じ\n---\n")
        .write_bytes("content/x.png", &common::png());
    let (ok, stdout, stderr) = run(&site, &["check"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("warning[W0701]: an image has empty alt text"),
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
        stderr.contains("content/teams/genome.md:2:1: error[E0204]: "),
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

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("basic");
    let outside = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // A dangling link where the new page would go.
    symlink(
        outside.join("dangle.md"),
        site.root.join("content/teams/dangle.md"),
    )
    .unwrap();
    let (ok, _, stderr) = run(&site, &["new", "teams/dangle"]);
    assert!(!ok, "a dangling link was written through");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(!outside.join("dangle.md").exists());
    // A section folder that is a link to a folder outside content/.
    std::fs::write(outside.join("_index.md"), "---\ntitle: 外\n---\n").unwrap();
    symlink(&outside, site.root.join("content/linked")).unwrap();
    let (ok, _, stderr) = run(&site, &["new", "linked/page"]);
    assert!(!ok, "a linked section outside content/ was written into");
    assert!(
        stderr.contains("cannot create") && stderr.contains("outside content/"),
        "{stderr}"
    );
    assert!(!outside.join("page.md").exists());
}

/// A git repository holding a copy of the basic fixture, with the pre-commit hook installed.
fn repository_with_hook() -> Site {
    let site = Site::fixture("basic");
    let hooks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("hooks");
    for args in [
        vec!["init", "-q"],
        vec!["config", "user.email", "test@example.go.jp"],
        vec!["config", "user.name", "test"],
        vec!["config", "core.hooksPath", hooks.to_str().unwrap()],
        vec!["add", "-A"],
    ] {
        git(&site, &args);
    }
    site
}

fn git(site: &Site, args: &[&str]) -> std::process::Output {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_office-site"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    std::process::Command::new("git")
        .args(args)
        .current_dir(&site.root)
        .env("PATH", path)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

#[test]
fn the_pre_commit_hook_checks_what_is_staged_not_the_working_tree() {
    let site = repository_with_hook();
    let commit = |site: &Site| {
        let out = git(site, &["commit", "-q", "-m", "x"]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A broken page is staged; the working copy is fixed but not staged: the commit must fail.
    site.write("content/teams/genome.md", "---\ntitle: \"\"\n---\n");
    git(&site, &["add", "content/teams/genome.md"]);
    site.write("content/teams/genome.md", "---\ntitle: ゲノム\n---\n");
    let (ok, stderr) = commit(&site);
    assert!(!ok, "the staged broken page was committed");
    assert!(
        stderr.contains("content/teams/genome.md:2:1: error[E0204]: "),
        "{stderr}"
    );
    // The fix staged, and a broken page that is saved but not staged: the commit goes through.
    git(&site, &["add", "content/teams/genome.md"]);
    site.write("content/teams/draft-notes.md", "---\ntitle: \"\"\n---\n");
    let (ok, stderr) = commit(&site);
    assert!(ok, "{stderr}");
    assert!(
        !stderr.contains("not a git repository"),
        "commit dates come from the real history: {stderr}"
    );
    // `git commit PATH` commits PATH alone, from an index of its own: a broken page staged
    // meanwhile is not part of it.
    site.write("content/teams/broken.md", "---\ntitle: \"\"\n---\n");
    git(&site, &["add", "content/teams/broken.md"]);
    site.write("content/teams/genome.md", "---\ntitle: ゲノム研究\n---\n");
    let out = git(
        &site,
        &["commit", "-q", "-m", "y", "content/teams/genome.md"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
