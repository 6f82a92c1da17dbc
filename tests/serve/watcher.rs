//! The watcher watches the source folders only, and follows them when they are deleted, made
//! again, moved away and back, or made after the start.

use std::path::Path;

use super::common::{Site, copy_dir};
use super::{PHARMA, start, wait_for};

/// Folders under `dir`, itself included.
fn folders(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .count()
}

/// The inotify watches a process holds, from `/proc/PID/fdinfo`: one `inotify wd:` line each.
#[cfg(target_os = "linux")]
fn inotify_watches(pid: u32) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(format!("/proc/{pid}/fdinfo")).unwrap() {
        let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
            continue;
        };
        count += text
            .lines()
            .filter(|l| l.starts_with("inotify wd:"))
            .count();
    }
    count
}

/// Regression: the watcher watched the whole site folder, `output/`, `.git` and `target/`
/// included, so every folder of a large output cost a watch of the system's limited number
/// (a 100,000-page output, 100,000 watches). Now it watches the site folder itself, the
/// source folders and the two places of `.git` a commit writes, whatever else is there.
#[cfg(target_os = "linux")]
#[test]
fn the_watcher_watched_output_git_and_target_too() {
    let site = Site::fixture("basic");
    site.write("static/css/site-extra.css", "p{}");
    for i in 0..300 {
        site.write(&format!("output/p{i}/index.html"), "x");
    }
    for i in 0..100 {
        site.write(&format!("target/debug/build/b{i}/x"), "x");
        site.write(&format!("node_modules/m{i}/x"), "x");
    }
    let repo = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&site.root)
        .status()
        .is_ok_and(|s| s.success());
    let server = start(&site);
    let expected = 1
        + folders(&site.root.join("content"))
        + folders(&site.root.join("static"))
        + if repo { 2 } else { 0 };
    assert_eq!(inotify_watches(server.child.id()), expected);
}

/// A section deleted and made again, `content/` too, and moved away and back: each time the
/// site is served as it is, and a save inside it afterwards is seen (its folders are watched
/// again).
#[test]
fn a_folder_deleted_and_made_again_is_watched_again() {
    let site = Site::fixture("basic");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content");
    let server = start(&site);
    let content = site.root.join("content");
    let steps: [(&str, &dyn Fn()); 4] = [
        ("a section deleted and made again", &|| {
            std::fs::remove_dir_all(content.join("teams")).unwrap();
            copy_dir(&fixture.join("teams"), &content.join("teams"));
        }),
        ("content/ deleted and made again", &|| {
            std::fs::remove_dir_all(&content).unwrap();
            copy_dir(&fixture, &content);
        }),
        ("content/ moved away and back", &|| {
            let away = site.root.join("content.away");
            std::fs::rename(&content, &away).unwrap();
            std::fs::rename(&away, &content).unwrap();
        }),
        ("a section moved out of the site and back", &|| {
            let away = site.root.parent().unwrap().join("teams.away");
            std::fs::rename(content.join("teams"), &away).unwrap();
            std::fs::rename(&away, content.join("teams")).unwrap();
        }),
    ];
    for (i, (what, step)) in steps.iter().enumerate() {
        step();
        let marker = format!("保存{i}の段落。");
        let text = site.read_source("content/teams/pharma.md");
        site.write("content/teams/pharma.md", &format!("{text}\n{marker}\n"));
        let page = wait_for(&server, PHARMA, |r| r.body.contains(&marker));
        assert_eq!(page.status, 200, "{what}");
    }
    // Deleted for good: the home page's link to it is broken now.
    std::fs::remove_dir_all(content.join("teams")).unwrap();
    wait_for(&server, PHARMA, |r| {
        r.body.contains("office-site-error") && r.body.contains("content/_index.md")
    });
}

/// `templates/` and `static/` made after the start are watched from then on.
#[test]
fn source_folders_made_after_the_start_are_watched() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let template = |marker: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block before_content %}}{marker}{{% endblock before_content %}}"
        )
    };
    site.write("templates/team.html", &template("FIRST"));
    wait_for(&server, PHARMA, |r| r.body.contains("FIRST"));
    site.write("templates/team.html", &template("SECOND"));
    wait_for(&server, PHARMA, |r| r.body.contains("SECOND"));
    site.write("static/later/x.txt", "一つ目");
    wait_for(&server, "/iryou-innovation/later/x.txt", |r| {
        r.body.contains("一つ目")
    });
    site.write("static/later/x.txt", "二つ目");
    wait_for(&server, "/iryou-innovation/later/x.txt", |r| {
        r.body.contains("二つ目")
    });
}

/// Regression: data/ was not watched, so the preview's accessibility report kept the findings
/// it had at the start while the office recorded new ones in data/accessibility.yaml.
#[test]
fn the_accessibility_report_did_not_follow_data_accessibility_yaml() {
    const REPORT: &str = "/iryou-innovation/accessibility-report/";
    let site = Site::fixture("basic");
    site.write(
        "content/accessibility-report.md",
        "---\ntitle: 試験結果\ndescription: 試験の結果です。\ndate: 2011-02-01\n\
         template: accessibility-report.html\n---\n\n試験の結果です。\n",
    );
    let server = start(&site);
    let before = wait_for(&server, REPORT, |r| r.status == 200);
    assert!(!before.body.contains("代替テキストを確認済み"));
    site.write(
        "data/accessibility.yaml",
        "date: 2011-02-01\ntarget: AA\nfindings:\n  - {criterion: 1.1.1, result: 適合, \
         note: 代替テキストを確認済み, date: 2011-02-01, by: 推進室}\n",
    );
    wait_for(&server, REPORT, |r| {
        r.body.contains("代替テキストを確認済み")
    });
}
