//! The preview agrees with the build after a commit: 最終更新日, and every value made from it
//! (the sitemap's `lastmod`), is read again whenever HEAD moves to another commit (a commit, an
//! amend, a reset, a new branch, a detached HEAD, packed refs, a checkout), with the repository
//! in the site folder or in a folder above it, and without a restart.

use std::path::Path;
use std::process::Command;

use super::common::{Site, http_get};
use super::{PHARMA, Server, start_in, wait_for};

/// Runs git in `dir` with a fixed identity and none of the machine's settings; `date` (ISO
/// 8601) is the commit's date.
#[track_caller]
fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut command = Command::new("git");
    command
        .args([
            "-c",
            "user.name=推進室",
            "-c",
            "user.email=editor@example.go.jp",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The 最終更新日 a page shows (its `datetime`), if it shows one.
fn last_updated(html: &str) -> Option<String> {
    let marker = "<dt>最終更新日</dt><dd><time datetime=\"";
    let at = html.find(marker)? + marker.len();
    html.get(at..at + 10).map(str::to_owned)
}

/// The sitemap's `lastmod` of the pharma page.
fn lastmod(server: &Server) -> Option<String> {
    let sitemap = http_get(server.port, "/iryou-innovation/sitemap.xml").body;
    let at = sitemap.find("/iryou-innovation/teams/pharma/</loc>")?;
    let rest = &sitemap[at..];
    let from = rest.find("<lastmod>")? + "<lastmod>".len();
    rest.get(from..from + 10).map(str::to_owned)
}

#[track_caller]
fn expect_date(server: &Server, date: &str, step: &str) {
    let page = wait_for(server, PHARMA, |r| {
        last_updated(&r.body).as_deref() == Some(date)
    });
    assert_eq!(last_updated(&page.body).as_deref(), Some(date), "{step}");
    assert_eq!(
        lastmod(server).as_deref(),
        Some(date),
        "{step}: the sitemap"
    );
}

fn edit(site: &Site, line: &str) {
    let text = site.read_source("content/teams/pharma.md");
    site.write("content/teams/pharma.md", &format!("{text}\n{line}\n"));
}

/// Regression: after a commit the preview kept the old 最終更新日 until it was restarted, so
/// the preview and the build disagreed: git's dates were read once, and `.git` was not
/// watched. HEAD moving, in every way git moves it, now reads them again.
#[test]
fn the_preview_kept_the_old_last_updated_date_after_a_commit() {
    for repository_above_the_site in [false, true] {
        let site = Site::fixture("basic");
        let repo = if repository_above_the_site {
            site.root.parent().unwrap().to_path_buf()
        } else {
            site.root.clone()
        };
        git(&repo, &["init", "-q", "-b", "main"], None);
        git(&repo, &["add", "-A"], None);
        git(
            &repo,
            &["commit", "-q", "-m", "first"],
            Some("2011-06-01T12:00:00+09:00"),
        );
        // A change saved but not committed before the preview starts: only the commit that
        // follows can change the date.
        edit(&site, "保存したがまだコミットしていない段落。");
        let server = start_in(&site.root, &["--port", &super::free_port().to_string()]);
        expect_date(&server, "2011-06-01", "the first commit");

        let commit = |message: &str, date: &str| {
            git(&repo, &["commit", "-q", "-a", "-m", message], Some(date));
        };
        commit("second", "2012-01-04T12:00:00+09:00");
        expect_date(&server, "2012-01-04", "a commit");
        git(
            &repo,
            &["commit", "-q", "--amend", "-m", "second, amended"],
            Some("2013-03-05T12:00:00+09:00"),
        );
        expect_date(&server, "2013-03-05", "an amended commit");
        git(&repo, &["reset", "-q", "--soft", "HEAD~1"], None);
        expect_date(&server, "2011-06-01", "a reset");
        git(&repo, &["checkout", "-q", "-b", "feature/新しい課題"], None);
        commit("on a branch", "2014-04-01T12:00:00+09:00");
        expect_date(&server, "2014-04-01", "a commit on a new branch");
        git(&repo, &["checkout", "-q", "--detach"], None);
        git(&repo, &["pack-refs", "--all"], None);
        edit(&site, "切り離された HEAD での段落。");
        commit("detached", "2015-05-01T12:00:00+09:00");
        expect_date(&server, "2015-05-01", "a commit on a detached HEAD");
        git(&repo, &["checkout", "-q", "feature/新しい課題"], None);
        expect_date(&server, "2014-04-01", "a checkout of a packed branch");

        // And the build says the same.
        let out = site.run(&["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            last_updated(&site.read("teams/pharma/index.html")).as_deref(),
            Some("2014-04-01")
        );
    }
}
