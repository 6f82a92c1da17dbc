//! The write step's promises, tried as an attacker (and a tired editor) would: no spelling of
//! `--output` or `--root` reaches a folder it must not, two builds into one output never
//! corrupt each other, and a build killed at any moment leaves the published output whole.
//!
//! Every case runs the real binary. Spellings and kill moments come from a seeded generator:
//! the seed is printed, and `OFFICE_SITE_TEST_SEED=N` replays a run.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Entry, Site, files, tree};

const BIN: &str = env!("CARGO_BIN_EXE_office-site");
const REFUSED: &str = "refusing to use this output folder";
const BUSY: &str = "another office-site build";

fn rng(test: &str) -> fastrand::Rng {
    let seed = std::env::var("OFFICE_SITE_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2011_u64);
    println!("{test}: seed {seed} (replay with OFFICE_SITE_TEST_SEED={seed})");
    fastrand::Rng::with_seed(seed)
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_same_tree(before: &BTreeMap<String, Entry>, after: &BTreeMap<String, Entry>, what: &str) {
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{what}: changed {changed:?}");
}

/// Folders of the output's name beside it (staging, old, lock): none once a build is over.
fn leftovers(output: &Path) -> Vec<String> {
    let name = format!(".{}.", output.file_name().unwrap().to_string_lossy());
    let mut found: Vec<String> = std::fs::read_dir(output.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&name))
        .collect();
    found.sort();
    found
}

/// A site with every protected folder, and around it a foreign folder, a `.git`, links at
/// several levels and folders a build may write to:
///
/// ```text
/// TOP/site/{site.yaml, content/teams, themes/unused, templates, static, sub, link-content -> content, link-self -> .}
/// TOP/{victim/keep.txt, other/.git/HEAD, empty/, real-out/, link-site -> site, link-out -> real-out}
/// ```
struct Layout {
    _tmp: tempfile::TempDir,
    top: PathBuf,
}

fn layout() -> Layout {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().canonicalize().unwrap();
    let files = [
        (
            "site/site.yaml",
            "title: 安全\nbase_url: https://example.go.jp/\nclassification: 機密性1\n",
        ),
        (
            "site/content/_index.md",
            "---\ntitle: ホーム\n---\nようこそ。\n",
        ),
        ("site/content/teams/_index.md", "---\ntitle: チーム\n---\n"),
        ("site/content/teams/a.md", "---\ntitle: 一\n---\n本文。\n"),
        ("site/themes/unused/templates/page.html", "{{ page.title }}"),
        ("site/templates/extra.html", "<p>extra</p>\n"),
        ("site/static/hello.txt", "hello\n"),
        ("site/sub/keep.txt", "keep\n"),
        ("victim/keep.txt", "someone else's file\n"),
        ("other/.git/HEAD", "ref: refs/heads/main\n"),
    ];
    for (rel, text) in files {
        let path = top.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir(top.join("empty")).unwrap();
    std::fs::create_dir(top.join("real-out")).unwrap();
    symlink("site", top.join("link-site")).unwrap();
    symlink("real-out", top.join("link-out")).unwrap();
    symlink("content", top.join("site/link-content")).unwrap();
    symlink(".", top.join("site/link-self")).unwrap();
    Layout { _tmp: tmp, top }
}

/// One random spelling of the folder `target` (names from `top`) as seen from `cwd`: absolute
/// or relative, `.` and detours (`nx/..` through folders that do not exist when `missing`,
/// `d/..` through ones that do) anywhere, links for `site` and `content`, doubled and trailing
/// slashes. A `link_last` target is the link itself: nothing after it leaves it.
fn spell(
    rng: &mut fastrand::Rng,
    top: &Path,
    cwd: &Path,
    target: &[&str],
    missing: bool,
    link_last: bool,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let absolute = rng.bool();
    let mut at = if absolute {
        top.to_path_buf()
    } else {
        cwd.to_path_buf()
    };
    if !absolute {
        while at != top {
            detour(rng, &at, missing, &mut parts);
            parts.push("..".into());
            at.pop();
        }
    }
    for name in target {
        detour(rng, &at, missing, &mut parts);
        let in_site = at == top.join("site");
        if at == top && *name == "site" && rng.bool() {
            parts.push("link-site".into());
        } else if in_site && *name == "content" && rng.bool() {
            parts.push("link-content".into());
        } else {
            if in_site && rng.u8(..4) == 0 {
                parts.push("link-self".into());
            }
            parts.push((*name).into());
        }
        at.push(name);
    }
    if link_last {
        match rng.u8(..3) {
            0 => parts.push(".".into()),
            1 if missing => parts.extend(["nx".into(), "..".into()]),
            _ => {}
        }
    } else {
        detour(rng, &at, missing, &mut parts);
    }
    let mut spelled = String::new();
    if absolute {
        spelled.push_str(&top.display().to_string());
    }
    for (i, part) in parts.iter().enumerate() {
        if absolute || i > 0 {
            spelled.push_str(if rng.u8(..4) == 0 { "//" } else { "/" });
        }
        spelled.push_str(part);
    }
    if spelled.is_empty() {
        spelled.push('.');
    }
    spelled.push_str(["", "", "/", "/.", "//"][rng.usize(..5)]);
    spelled
}

/// Components that lead back to `at`.
fn detour(rng: &mut fastrand::Rng, at: &Path, missing: bool, parts: &mut Vec<String>) {
    match rng.u8(..6) {
        0 => parts.push(".".into()),
        1 if missing => parts.extend(["nx".into(), "..".into()]),
        2 if missing => parts.extend(["nx".into(), "ny".into(), "..".into(), "..".into()]),
        3 => {
            let dirs: Vec<String> = std::fs::read_dir(at)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            if !dirs.is_empty() {
                parts.push(dirs[rng.usize(..dirs.len())].clone());
                parts.push("..".into());
            }
        }
        _ => {}
    }
}

fn working_folders(top: &Path) -> [PathBuf; 5] {
    [
        top.to_path_buf(),
        top.join("site"),
        top.join("site/sub"),
        top.join("site/content/teams"),
        top.join("victim"),
    ]
}

/// Runs a build that must be refused for `why`, and checks that nothing under `top` changed.
#[track_caller]
fn assert_refused(top: &Path, cwd: &Path, root: &str, output: &str, resolved: &Path, why: &str) {
    let before = tree(top);
    let out = run(cwd, &["build", "--root", root, "--output", output]);
    let stderr = text(&out.stderr);
    let context = format!("--root {root} --output {output} in {}", cwd.display());
    assert!(!out.status.success(), "{context}: built\n{stderr}");
    assert!(
        stderr.contains(&format!("{output}: error[E0604]: {REFUSED}: ")) && stderr.contains(why),
        "{context}: not refused for {why:?}\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("resolved: {}", resolved.display())),
        "{context}: the resolved path is not named\n{stderr}"
    );
    assert_same_tree(&before, &tree(top), &context);
}

/// Regression: `build --output nx/../content` (a folder that does not exist, then `..`) moved
/// content/ aside and deleted it; `nx/../victim` wiped a foreign non-empty folder;
/// `nx/../../SITE` moved the whole site root aside.
#[test]
fn output_spelled_through_a_missing_folder_deleted_content_a_foreign_folder_and_the_root() {
    let l = layout();
    let site = l.top.join("site");
    for (output, resolved, why) in [
        ("nx/../content", site.join("content"), "inside content/"),
        ("nx/../../victim", l.top.join("victim"), "did not create it"),
        ("nx/../../site", site.clone(), "it is the site root"),
        ("nx/../..", l.top.clone(), "contains the site root"),
    ] {
        assert_refused(&l.top, &site, ".", output, &resolved, why);
    }
}

/// Every protected folder, spelled many ways (and the root with it): refused, and not one
/// byte under the test's folder changes.
#[test]
fn every_spelling_of_a_protected_folder_is_refused_and_changes_nothing() {
    let l = layout();
    let mut rng = rng("protected spellings");
    let targets: [(&[&str], &str); 13] = [
        (&["site"], "it is the site root"),
        (&["site", "content"], "inside content/"),
        (&["site", "content", "teams"], "inside content/"),
        (&["site", "content", "new"], "inside content/"),
        (&["site", "themes"], "inside themes/"),
        (&["site", "templates"], "inside templates/"),
        (&["site", "static"], "inside static/"),
        (&["site", "static", "new", "deeper"], "inside static/"),
        (&[], "contains the site root"),
        (&["victim"], "did not create it"),
        (&["other", ".git"], ".git folder"),
        (&["other", ".git", "new"], ".git folder"),
        (&["link-out"], "symbolic link"),
    ];
    let cwds = working_folders(&l.top);
    for (target, why) in targets {
        let link = target == ["link-out"];
        let resolved = if link {
            l.top.join("real-out")
        } else {
            target.iter().fold(l.top.clone(), |p, n| p.join(n))
        };
        for _ in 0..16 {
            let cwd = &cwds[rng.usize(..cwds.len())];
            let output = spell(&mut rng, &l.top, cwd, target, true, link);
            let root = spell(&mut rng, &l.top, cwd, &["site"], true, false);
            assert_refused(&l.top, cwd, &root, &output, &resolved, why);
        }
    }
}

/// Fresh output folders spelled many ways (through links, `..` beyond the root, missing
/// folders): built into the folder the spelling resolves to, and nothing else is touched.
#[test]
fn legitimate_spellings_of_a_fresh_output_folder_are_accepted() {
    let l = layout();
    let mut rng = rng("fresh spellings");
    // Each target, and the first folder of it the build creates (everything else stays).
    let targets: [(&[&str], &str); 5] = [
        (&["out"], "out"),
        (&["site", "output"], "site/output"),
        (&["site", "sub", "new", "deeper"], "site/sub/new"),
        (&["empty"], "empty"),
        (&["real-out"], "real-out"),
    ];
    let cwds = working_folders(&l.top);
    for (target, created) in targets {
        let resolved = target.iter().fold(l.top.clone(), |p, n| p.join(n));
        for _ in 0..5 {
            let before = tree(&l.top);
            let cwd = &cwds[rng.usize(..cwds.len())];
            let output = spell(&mut rng, &l.top, cwd, target, true, false);
            // The build reads through the root's spelling, so no missing folders in it.
            let root = spell(&mut rng, &l.top, cwd, &["site"], false, false);
            let context = format!("--root {root} --output {output} in {}", cwd.display());
            let out = run(cwd, &["build", "--root", &root, "--output", &output]);
            assert!(out.status.success(), "{context}\n{}", text(&out.stderr));
            let stdout = text(&out.stdout);
            assert!(
                stdout.contains(&format!("into {} in", resolved.display())),
                "{context}: {stdout}"
            );
            assert!(resolved.join("index.html").is_file(), "{context}");
            assert!(resolved.join(".office-site").is_file(), "{context}");
            assert_eq!(leftovers(&resolved), Vec::<String>::new(), "{context}");
            let after = tree(&l.top);
            let outside = |t: BTreeMap<String, Entry>| -> BTreeMap<String, Entry> {
                t.into_iter()
                    .filter(|(k, _)| !(k == created || k.starts_with(&format!("{created}/"))))
                    .collect()
            };
            assert_same_tree(&outside(before), &outside(after), &context);
            // Fresh again for the next spelling.
            std::fs::remove_dir_all(l.top.join(created)).unwrap();
            if ["empty", "real-out"].contains(&created) {
                std::fs::create_dir(l.top.join(created)).unwrap();
            }
        }
    }
}

/// A site of `pages` news pages: a debug build of a thousand takes some hundreds of ms.
fn generated(pages: usize, version: &str) -> Site {
    let site = Site::minimal();
    site.write("content/news/_index.md", "---\ntitle: お知らせ\n---\n");
    for i in 0..pages {
        site.write(&format!("content/news/p{i}.md"), &news(i, version));
    }
    site
}

fn news(i: usize, version: &str) -> String {
    format!(
        "---\ntitle: お知らせ {i}\ndate: 2011-05-01\n---\n本文 {i}（{version}）。医療イノベーションの推進について。\n\n## 見出し\n\n段落 {i}。\n"
    )
}

/// Builds `site` into `output` (outside the site) and returns the files: the manifest every
/// build of these sources must match byte for byte.
fn manifest(site: &Site, output: &str) -> (BTreeMap<String, Vec<u8>>, Duration) {
    let start = Instant::now();
    let out = site.run(&["build", "--output", &format!("../{output}")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let elapsed = start.elapsed();
    let files = files(&site.root.parent().unwrap().join(output));
    for must in [
        ".office-site",
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(files.contains_key(must), "{must} missing from the manifest");
    }
    (files, elapsed)
}

/// Regression: a second build started while the first was running deleted the first one's
/// staging folder; the first then reported success with an incomplete site (no 404.html,
/// atom.xml, some pages, no marker), and every later build refused the folder.
#[test]
fn a_second_build_deleted_the_first_builds_staging_and_published_half_a_site() {
    let site = generated(500, "A");
    let (want, _) = manifest(&site, "reference");
    let mut rng = rng("concurrent builds");
    for round in 0..3 {
        let mut children = Vec::new();
        for _ in 0..4 {
            children.push(
                Command::new(BIN)
                    .arg("build")
                    .current_dir(&site.root)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap(),
            );
            std::thread::sleep(Duration::from_millis(rng.u64(..60)));
        }
        let mut built = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = text(&out.stderr);
            if out.status.success() {
                built += 1;
            } else {
                assert!(stderr.contains(BUSY), "round {round}: {stderr}");
            }
        }
        assert!(built >= 1, "round {round}: no build succeeded");
        assert!(
            files(&site.output()) == want,
            "round {round}: the output is not the complete site"
        );
        assert_eq!(leftovers(&site.output()), Vec::<String>::new());
    }
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(files(&site.output()) == want);
}

/// The message of a build refused for the lock says whom it waits for and what to do.
#[test]
fn a_build_refused_for_the_lock_names_the_holder_and_changes_nothing() {
    let site = generated(400, "A");
    site.run(&["build"]);
    let before = tree(&site.output());
    let mut first = Command::new(BIN)
        .arg("build")
        .current_dir(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = site.root.join(".output.lock");
    // The lock file appears once the first build holds the lock (or it has already finished).
    while !lock.exists() && first.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let second = site.run(&["build"]);
    let running = first.try_wait().unwrap().is_none();
    first.wait().unwrap();
    // While the first build runs it holds the lock: the second must have been refused.
    if running {
        let stderr = text(&second.stderr);
        assert!(!second.status.success(), "both built at once");
        assert!(
            stderr.contains(&format!("{BUSY} (process {})", first.id())),
            "{stderr}"
        );
        assert!(stderr.contains("then build again"), "{stderr}");
    }
    assert_same_tree(&before, &tree(&site.output()), "the output");
}

/// Reads the child's stderr until a line contains `text`.
fn wait_for_line(child: &mut std::process::Child, text: &str) {
    use std::io::BufRead;
    let stderr = child.stderr.as_mut().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains(text) => return,
            Some(Ok(_)) => {}
            _ => panic!("the build ended before printing {text:?}"),
        }
    }
}

/// Version A or B of the generated site: B changes every ninth page, adds twenty and removes
/// every thirty-first; the rest stay the same (and are linked from the previous output).
fn set_version(site: &Site, pages: usize, version: &str) {
    let b = version == "B";
    for i in (0..pages).step_by(9) {
        site.write(&format!("content/news/p{i}.md"), &news(i, version));
    }
    for i in pages..pages + 20 {
        let rel = format!("content/news/p{i}.md");
        if b {
            site.write(&rel, &news(i, version));
        } else if site.root.join(&rel).exists() {
            site.remove(&rel);
        }
    }
    for i in (5..pages).step_by(31) {
        let rel = format!("content/news/p{i}.md");
        if b {
            site.remove(&rel);
        } else {
            site.write(&rel, &news(i, "A"));
        }
    }
}

/// Regression: the swap was two renames, and a kill between them left no output/; the next
/// build then deleted `.output.old-*`, so the published site was gone. Builds from one version
/// of a site to the other are killed (SIGKILL) at random moments across their whole run; every
/// other one runs with the debug build's swap pause, so that kills land inside the swap. After
/// each kill the output is byte for byte the old site or the new one, and the next build
/// succeeds and leaves nothing beside the output.
#[test]
fn a_kill_between_the_two_renames_of_the_swap_lost_the_published_site() {
    const PAGES: usize = 300;
    let site = generated(PAGES, "A");
    let (a, _) = manifest(&site, "reference-a");
    set_version(&site, PAGES, "B");
    let (b, mut took) = manifest(&site, "reference-b");
    assert!(a != b);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut rng = rng("kills");
    let (mut saw_old, mut saw_new) = (0, 0);
    // OFFICE_SITE_TEST_KILLS=N for a longer soak.
    let kills = std::env::var("OFFICE_SITE_TEST_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    for i in 0..kills {
        let (version, old, new) = if i % 2 == 0 {
            ("A", &b, &a)
        } else {
            ("B", &a, &b)
        };
        set_version(&site, PAGES, version);
        // Every other pair of builds is killed inside the swap (the hook says when it starts),
        // the others anywhere in the whole run.
        let in_swap = i % 4 >= 2;
        let pause = Duration::from_millis(250);
        let mut child = Command::new(BIN)
            .arg("build")
            .current_dir(&site.root)
            .env(
                "OFFICE_SITE_TEST_SWAP_PAUSE_MS",
                pause.as_millis().to_string(),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let span = if in_swap {
            wait_for_line(&mut child, "swap pause");
            2 * pause + Duration::from_millis(50)
        } else {
            took + 2 * pause
        };
        let delay = Duration::from_micros(rng.u64(..span.as_micros() as u64 + 1));
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = files(&site.output());
        let context = format!(
            "iteration {i}, killed {delay:?} into the {}",
            if in_swap { "swap" } else { "build" }
        );
        if now == *old {
            saw_old += 1;
            println!("{context}: the old site");
        } else if now == *new {
            saw_new += 1;
            println!("{context}: the new site");
        } else {
            panic!(
                "{context}: the output is neither the old nor the new site ({} files)",
                now.len()
            );
        }
        let start = Instant::now();
        let out = site.run(&["build"]);
        took = start.elapsed();
        assert!(out.status.success(), "{context}: {}", text(&out.stderr));
        assert!(files(&site.output()) == *new, "{context}: the next build");
        assert_eq!(leftovers(&site.output()), Vec::<String>::new(), "{context}");
    }
    println!("after a kill: {saw_old} times the old site, {saw_new} times the new one");
}
