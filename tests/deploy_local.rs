//! `office-site deploy` to a folder of this machine (a target without `host:`), which works as
//! a server does, without SSH: `--dry-run` says what would change and uploads nothing, and a
//! deploy killed at any moment leaves `current` on a complete release whose files are exactly
//! its manifest's, and the next deploy succeeds. Needs rsync (skipped without it, unless
//! OFFICE_SITE_REQUIRE_SSHD=1).
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;
mod deploy_servers;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;
use deploy_servers::{git_commit, git_init};

fn rsync_or_skip() -> Option<()> {
    let ok = Command::new("rsync")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("OFFICE_SITE_REQUIRE_SSHD").is_err(),
            "OFFICE_SITE_REQUIRE_SSHD is set but rsync is missing"
        );
        eprintln!("rsync is missing (apt-get install rsync): skipping this test");
        return None;
    }
    Some(())
}

fn site_with_local_target() -> (Site, PathBuf) {
    let site = Site::fixture("basic");
    let path = site.root.parent().unwrap().join("公開 先/iryou-innovation");
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!(
            "{yaml}deploy:\n  local:\n    path: \"{}\"\n    keep: 2\n",
            path.display()
        ),
    );
    git_init(&site.root);
    (site, path)
}

fn deploy(site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_office-site"))
        .args(["--lang", "en"])
        .arg("deploy")
        .args(args)
        .current_dir(&site.root)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `current`'s release, after checking that every file of it is its manifest's.
fn check_current(path: &Path) -> Option<String> {
    let link = std::fs::read_link(path.join("current")).ok()?;
    let id = link
        .to_str()?
        .strip_prefix("releases/")?
        .strip_suffix("/site")?
        .to_owned();
    let manifest = std::fs::read_to_string(path.join("releases").join(&id).join("manifest.json"))
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let site = path.join("current");
    for f in files {
        let bytes = std::fs::read(site.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(sha256(&bytes), f["sha256"].as_str().unwrap());
    }
    let on_disk = walkdir::WalkDir::new(&site)
        .follow_links(false)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(on_disk, files.len(), "{id}: files beyond the manifest");
    Some(id)
}

#[test]
fn a_dry_run_says_what_would_change_and_uploads_nothing() {
    let Some(()) = rsync_or_skip() else { return };
    let (site, path) = site_with_local_target();
    let out = deploy(&site, &["--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("新規  ① 医薬品  /iryou-innovation/teams/pharma/"),
        "{text}"
    );
    assert!(text.contains("dry run: nothing was uploaded"), "{text}");
    assert!(!path.join("releases").exists() && !path.join("current").exists());

    assert!(deploy(&site, &["--yes"]).status.success());
    site.remove("content/council/meetings/01.md");
    site.write(
        "content/teams/genome.md",
        "---\ntitle: ゲノム\n---\n本文。\n",
    );
    git_commit(&site.root, "one page added, one removed");
    let before = check_current(&path);
    let out = deploy(&site, &["--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("新規  ゲノム  /iryou-innovation/teams/genome/"),
        "{text}"
    );
    assert!(
        text.contains("削除  第1回  /iryou-innovation/council/meetings/01/"),
        "{text}"
    );
    assert_eq!(check_current(&path), before);
    // Without --yes and with no one to answer, nothing is published.
    let out = deploy(&site, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing was published"));
    assert_eq!(check_current(&path), before);
}

/// Kills a deploy at each of its steps (and a little after): the public folder is the old
/// release or the new one, whole, never anything else, and the next deploy succeeds.
#[test]
fn a_deploy_killed_at_any_step_leaves_a_whole_release_and_the_next_one_succeeds() {
    let Some(()) = rsync_or_skip() else { return };
    let (site, path) = site_with_local_target();
    assert!(deploy(&site, &["--yes"]).status.success());
    let steps = [
        "building the site",
        "connecting to",
        "uploading into",
        "checking every file",
        "published: current",
    ];
    for (n, step) in steps.iter().enumerate() {
        for delay_ms in [0, 5, 40] {
            site.write(
                "content/issues/regulation.md",
                &format!("---\ntitle: レギュレーションのあり方\n---\n## なぜ {{#why}}\n\n版 {n}-{delay_ms}。\n"),
            );
            git_commit(&site.root, "next");
            let before = check_current(&path).unwrap();
            let mut child = {
                use std::os::unix::process::CommandExt;
                Command::new(env!("CARGO_BIN_EXE_office-site"))
                    .args(["--lang", "en"])
                    .args(["deploy", "--yes"])
                    .current_dir(&site.root)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .process_group(0)
                    .spawn()
                    .unwrap()
            };
            let said = Arc::new(Mutex::new(String::new()));
            let mut stderr = child.stderr.take().unwrap();
            let sink = said.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 1024];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            let deadline = Instant::now() + Duration::from_secs(60);
            while !said.lock().unwrap().contains(step) && child.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "{step}");
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(delay_ms));
            Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status()
                .unwrap();
            let _ = child.wait();
            let after = check_current(&path).unwrap();
            let served =
                std::fs::read_to_string(path.join("current/issues/regulation/index.html")).unwrap();
            if after == before {
                assert!(!served.contains(&format!("版 {n}-{delay_ms}。")), "{step}");
            } else {
                assert!(served.contains(&format!("版 {n}-{delay_ms}。")), "{step}");
            }
            let next = deploy(&site, &["--yes"]);
            assert!(
                next.status.success(),
                "after a kill at {step}: {}",
                String::from_utf8_lossy(&next.stderr)
            );
            let current = check_current(&path).unwrap();
            let served =
                std::fs::read_to_string(path.join("current/issues/regulation/index.html")).unwrap();
            assert!(
                served.contains(&format!("版 {n}-{delay_ms}。")),
                "{current}"
            );
            let releases: Vec<String> = std::fs::read_dir(path.join("releases"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            assert!(
                !releases.iter().any(|r| r.ends_with(".partial")),
                "{releases:?}"
            );
            assert!(releases.len() <= 2, "keep: 2: {releases:?}");
        }
    }
}

/// SHA-256 in lowercase hex, computed here rather than by the code under test.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `deploy --output DIR` published a finished folder as it found it: a file edited (or added)
/// after the build went out unread by the gate. Now the folder is read again, as it will be
/// published, before anything is hashed or uploaded: every spelling below is refused, names
/// the file, and nothing reaches the target; the untouched build deploys.
#[test]
fn a_finished_output_edited_after_its_build_was_deployed_unread_by_the_gate() {
    let Some(()) = rsync_or_skip() else { return };
    let (site, path) = site_with_local_target();
    site.write(
        "content/teams/secret.md",
        "---\ntitle: 内部\nclassification: 機密性2\n---\n本文。\n",
    );
    git_commit(&site.root, "a withheld page");
    let built = site.root.parent().unwrap().join("finished");
    let out = site.run(&["build", "--output", built.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (file, contents added, the code expected): markings and the withheld page's URL, as
    // typed, as references, escapes, full-width digits, with invisible characters and line
    // breaks between the characters, in every kind of file a site publishes.
    let withheld = "/iryou-innovation/teams/secret/";
    let variants: Vec<(&str, String, &str)> = vec![
        ("index.html", "<p>機密性2</p>".into(), "E0501"),
        ("index.html", "<p>機密性２</p>".into(), "E0501"),
        (
            "index.html",
            "<p>&#x6A5F;&#23494;&#x6027;&#50;</p>".into(),
            "E0501",
        ),
        (
            "index.html",
            "<p>機\u{200B}密\u{00AD}性\n2</p>".into(),
            "E0501",
        ),
        ("index.html", "<!-- 機密性3 -->".into(), "E0501"),
        (
            "teams/pharma/index.html",
            "<img alt=\"取扱注意\" src=\"x.png\">".into(),
            "E0501",
        ),
        (
            "search.json",
            "{\"t\":\"\\u6a5f\\u5bc6\\u6027\\u0032\"}".into(),
            "E0501",
        ),
        (
            "css/extra.css",
            "/* %E6%A9%9F%E5%AF%86%E6%80%A72 */".into(),
            "E0501",
        ),
        ("notes.txt", "機密性2情報".into(), "E0501"),
        ("機密性2.txt", "x".into(), "E0502"),
        (
            "index.html",
            format!("<a href=\"{withheld}\">x</a>"),
            "E0503",
        ),
        (
            "index.html",
            format!("<a href=\"https://www.example.go.jp{withheld}\">x</a>"),
            "E0503",
        ),
        (
            "index.html",
            format!("<a href=\"{}\">x</a>", withheld.replace('/', "&#x2F;")),
            "E0503",
        ),
        ("teams/secret/index.html", "<p>x</p>".into(), "E0504"),
    ];
    for (i, (file, added, code)) in variants.iter().enumerate() {
        let copy = site.root.parent().unwrap().join(format!("tampered-{i}"));
        copy_dir(&built, &copy);
        let target = copy.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let mut bytes = std::fs::read(&target).unwrap_or_default();
        bytes.extend_from_slice(added.as_bytes());
        std::fs::write(&target, bytes).unwrap();
        let out = deploy(&site, &["--yes", "--output", copy.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file} + {added:?} was deployed");
        assert!(err.contains(code), "{file} + {added:?}: {err}");
        assert!(
            err.contains(file.rsplit('/').next().unwrap()),
            "{file}: {err}"
        );
        assert!(
            !path.exists(),
            "{file} + {added:?}: something reached the target"
        );
    }
    let out = deploy(&site, &["--yes", "--output", built.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(check_current(&path).is_some());
}

/// Regression (hostile test, item 5): a deploy whose target `path:` was the site's own
/// `content/` failed (E0917, the folder holds files office-site did not put there) but left
/// `content/.deploy.lock` behind in the sources. A refused deploy leaves nothing behind.
#[test]
fn a_refused_deploy_into_a_folder_not_its_own_leaves_no_lock_file() {
    let Some(()) = rsync_or_skip() else { return };
    let site = Site::fixture("basic");
    let content = site.root.join("content");
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!(
            "{yaml}deploy:\n  local:\n    path: \"{}\"\n",
            content.display()
        ),
    );
    git_init(&site.root);
    let listing = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(&content);
    let out = deploy(&site, &["--yes"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "deployed into content/");
    assert!(err.contains("E0917"), "{err}");
    assert_eq!(
        listing(&content),
        before,
        "the refused deploy changed content/"
    );
    // A dry run only reads the folder.
    deploy(&site, &["--yes", "--dry-run"]);
    assert_eq!(listing(&content), before, "a dry run changed content/");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
