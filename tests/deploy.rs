//! `office-site deploy` against a real OpenSSH server and rsync on 127.0.0.1, with nginx
//! serving the deploy folder through deploy/nginx.conf: a first deploy, a second with one page
//! changed, a deploy killed during upload, a rollback, `keep`, two deploys at once, the refusal
//! of a `--drafts` build and of uncommitted sources, and a client that reads pages during a
//! deploy. The "server" folder's path holds a space and Japanese.
//!
//! Skipped with a message when sshd, rsync or nginx is missing, unless
//! OFFICE_SITE_REQUIRE_SSHD=1 / OFFICE_SITE_REQUIRE_NGINX=1 (set by .ci/run).
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;
mod deploy_servers;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Site;
use deploy_servers::{Sshd, get_bytes, git_commit, git_init, header};

/// A site in git, a deploy target on the throwaway sshd, and where the server keeps it.
struct World {
    site: Site,
    sshd: Sshd,
    deploy_path: PathBuf,
    base_yaml: String,
}

impl World {
    fn new() -> Option<World> {
        let site = Site::fixture("basic");
        let tmp = site.root.parent().unwrap().to_path_buf();
        let sshd = deploy_servers::sshd(&tmp.join("sshd"))?;
        let deploy_path = tmp.join("サーバー 公開/iryou-innovation");
        let base_yaml = site.read_source("site.yaml");
        let w = World {
            site,
            sshd,
            deploy_path,
            base_yaml,
        };
        w.target("keep: 3");
        git_init(&w.site.root);
        Some(w)
    }

    /// Rewrites the `production` target with `extra` keys (not committed).
    fn target(&self, extra: &str) {
        let mut yaml = format!(
            "{}deploy:\n  production:\n    host: 127.0.0.1\n    port: {}\n    user: {}\n    path: \"{}\"\n",
            self.base_yaml,
            self.sshd.port,
            self.sshd.user,
            self.deploy_path.display()
        );
        for line in extra.lines() {
            yaml.push_str(&format!("    {line}\n"));
        }
        self.site.write("site.yaml", &yaml);
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_office-site"));
        c.args(["--lang", "en"])
            .arg("deploy")
            .args(args)
            .current_dir(&self.site.root)
            .env("OFFICE_SITE_SSH", &self.sshd.ssh_command);
        c
    }

    fn deploy(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().unwrap()
    }

    fn deploy_ok(&self, args: &[&str]) -> String {
        let out = self.deploy(args);
        assert!(
            out.status.success(),
            "deploy {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn current(&self) -> String {
        let link = std::fs::read_link(self.deploy_path.join("current")).unwrap();
        let link = link.to_str().unwrap();
        link.strip_prefix("releases/")
            .and_then(|l| l.strip_suffix("/site"))
            .unwrap_or_else(|| panic!("current → {link}"))
            .to_owned()
    }

    fn releases(&self) -> Vec<String> {
        let mut r: Vec<String> = std::fs::read_dir(self.deploy_path.join("releases"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        r.sort();
        r
    }

    fn manifest(&self, id: &str) -> serde_json::Value {
        let path = self
            .deploy_path
            .join("releases")
            .join(id)
            .join("manifest.json");
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    /// Every file of a release, by path → SHA-256, from its manifest; and checks that the
    /// release on disk holds exactly those bytes.
    fn files(&self, id: &str) -> BTreeMap<String, String> {
        let m = self.manifest(id);
        let files: BTreeMap<String, String> = m["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    f["sha256"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let site = self.deploy_path.join("releases").join(id).join("site");
        for (path, sha) in &files {
            let bytes = std::fs::read(site.join(path)).unwrap();
            assert_eq!(&sha256(&bytes), sha, "{id}/{path}");
        }
        files
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Waits until `child`'s stream (read by a thread into `buffer`) holds `needle`.
fn wait_for(buffer: &Arc<Mutex<String>>, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if buffer.lock().unwrap().contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "never saw {needle:?} in:\n{}",
            buffer.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads a child's stream into a shared buffer, byte by byte (a prompt has no newline).
fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let buffer = Arc::new(Mutex::new(String::new()));
    let sink = buffer.clone();
    std::thread::spawn(move || {
        let mut stream = stream;
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stream.read(&mut chunk) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
            *sink.lock().unwrap() = String::from_utf8_lossy(&bytes).into_owned();
        }
    });
    buffer
}

#[test]
fn first_deploy_then_a_second_with_one_page_changed_uploads_only_what_differs() {
    let Some(w) = World::new() else { return };
    let first = w.deploy_ok(&["--yes", "-v"]);
    assert!(
        first.contains("新規  ① 医薬品  /iryou-innovation/teams/pharma/"),
        "{first}"
    );
    let id1 = w.current();
    let files1 = w.files(&id1);
    assert!(files1.contains_key("teams/pharma/index.html"));
    assert!(
        !files1.contains_key(".office-site-build.json") && !files1.contains_key(".office-site")
    );
    let m1 = w.manifest(&id1);
    assert_eq!(m1["allow_dirty"], false);
    assert_eq!(m1["build"]["drafts"], false);
    assert_eq!(m1["build"]["git"]["uncommitted"], 0);
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&w.site.root)
        .output()
        .unwrap();
    assert_eq!(
        m1["build"]["git"]["commit"],
        String::from_utf8_lossy(&head.stdout).trim()
    );
    assert!(
        id1.ends_with(&String::from_utf8_lossy(&head.stdout).trim()[..7]),
        "{id1}"
    );

    w.site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\nweight: 1\ndate: 2011-02-01\nissues: [regulation, clinical]\n---\n## 目標 {#goals}\n\n新しい目標。[規制](@/issues/regulation.md#why)を見よ。\n",
    );
    git_commit(&w.site.root, "one page changed");
    let second = w.deploy_ok(&["--yes", "-v"]);
    let id2 = w.current();
    assert_ne!(id1, id2);
    assert!(
        second.contains("更新  ① 医薬品  /iryou-innovation/teams/pharma/"),
        "{second}"
    );
    assert!(!second.contains("  新規  "), "{second}");
    let files2 = w.files(&id2);
    let differing: BTreeSet<String> = files2
        .iter()
        .filter(|(p, sha)| files1.get(*p) != Some(sha))
        .map(|(p, _)| p.clone())
        .collect();
    let sent: BTreeSet<String> = second
        .lines()
        .filter_map(|l| l.strip_prefix("  sent "))
        .map(str::to_owned)
        .collect();
    assert_eq!(sent, differing, "{second}");
    assert!(sent.contains("teams/pharma/index.html"), "{second}");
    assert!(sent.len() * 2 < files2.len(), "{second}");
    assert!(
        second.contains(&format!(
            "uploaded {} of {} files",
            sent.len(),
            files2.len()
        )),
        "rsync's statistics: {second}"
    );
    // An unchanged file is the previous release's, hard-linked.
    use std::os::unix::fs::MetadataExt;
    let inode = |id: &str| {
        std::fs::metadata(
            w.deploy_path
                .join("releases")
                .join(id)
                .join("site/css/site.css"),
        )
        .unwrap()
        .ino()
    };
    assert_eq!(inode(&id1), inode(&id2));
    let m2 = w.manifest(&id2);
    assert_eq!(m2["previous"], id1.as_str());
    assert_eq!(
        m2["changes"]["changed"][0]["url"],
        "/iryou-innovation/teams/pharma/"
    );

    let list = w.deploy_ok(&["--list"]);
    assert!(list.contains(&format!("* {id2}")), "{list}");
    assert!(list.contains(&format!("  {id1}")), "{list}");
}

#[test]
fn a_deploy_killed_during_upload_leaves_the_site_as_it_was_and_the_next_one_cleans_up() {
    let Some(w) = World::new() else { return };
    let Some(nginx) = deploy_servers::nginx_binary() else {
        return;
    };
    w.deploy_ok(&["--yes"]);
    let id1 = w.current();
    let server = deploy_servers::nginx(
        &nginx,
        &w.deploy_path,
        &w.site.root.parent().unwrap().join("nginx"),
    );
    let snapshot = |files: &BTreeMap<String, String>| -> BTreeMap<String, Vec<u8>> {
        files
            .keys()
            .filter(|p| !p.ends_with("404.html"))
            .map(|p| {
                let url = format!("/iryou-innovation/{}", p.trim_end_matches("index.html"));
                let (status, _, body) = get_bytes(server.plain, &url);
                assert_eq!(status, 200, "{url}");
                (p.clone(), body)
            })
            .collect()
    };
    let files1 = w.files(&id1);
    let before = snapshot(&files1);

    // A slow upload (rsync's --bwlimit), so that the kill lands in it.
    let big: String = (0..400_000)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    w.site.write("static/big.txt", &big);
    w.target("keep: 3\nbwlimit: 20");
    git_commit(&w.site.root, "a big file, a slow line");
    let mut child = {
        use std::os::unix::process::CommandExt;
        w.command(&["--yes"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let stderr = collect(child.stderr.take().unwrap());
    wait_for(&stderr, "uploading into");
    std::thread::sleep(Duration::from_millis(300));
    // The whole process group, as Ctrl-C or a closed terminal would: office-site, rsync, ssh.
    let group = format!("-{}", child.id());
    let killed = Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = child.wait();
    assert_eq!(w.current(), id1, "{}", stderr.lock().unwrap());
    let partial: Vec<String> = w
        .releases()
        .into_iter()
        .filter(|r| r.ends_with(".partial"))
        .collect();
    assert_eq!(
        partial.len(),
        1,
        "killed during the upload: {:?}",
        w.releases()
    );
    assert_eq!(snapshot(&files1), before, "the public site changed");

    w.target("keep: 3");
    git_commit(&w.site.root, "no limit");
    let out = w.deploy(&["--yes"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!(
            "removed an unfinished upload of an earlier deploy: {}",
            partial[0]
        )),
        "{said}"
    );
    assert!(
        !w.releases().iter().any(|r| r.ends_with(".partial")),
        "{:?}",
        w.releases()
    );
    let id2 = w.current();
    assert_ne!(id2, id1);
    let (status, head, body) = get_bytes(server.plain, "/iryou-innovation/big.txt");
    assert_eq!(status, 200);
    assert_eq!(body, big.as_bytes());
    assert_eq!(
        header(&head, "x-office-site-release"),
        Some(id2.to_ascii_lowercase().as_str())
    );
}

#[test]
fn rollback_switches_back_and_keep_removes_the_oldest_releases() {
    let Some(w) = World::new() else { return };
    w.target("keep: 2");
    git_commit(&w.site.root, "keep two");
    let mut ids = Vec::new();
    for n in 1..=3 {
        w.site.write(
            "content/issues/regulation.md",
            &format!("---\ntitle: レギュレーションのあり方\n---\n## なぜ {{#why}}\n\n版{n}。\n"),
        );
        git_commit(&w.site.root, &format!("version {n}"));
        w.deploy_ok(&["--yes"]);
        ids.push(w.current());
    }
    assert_eq!(w.releases(), ids[1..].to_vec(), "keep: 2");
    let out = w.deploy_ok(&["--rollback", "--yes"]);
    assert!(out.contains(&format!("is now {}", ids[1])), "{out}");
    assert_eq!(w.current(), ids[1]);
    let served =
        std::fs::read_to_string(w.deploy_path.join("current/issues/regulation/index.html"))
            .unwrap();
    assert!(served.contains("版2"), "{served}");
    // Back to the newest by its id; an unknown id is refused and changes nothing.
    w.deploy_ok(&["--rollback", &ids[2], "--yes"]);
    assert_eq!(w.current(), ids[2]);
    let bad = w.deploy(&["--rollback", &ids[0], "--yes"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("no release"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert_eq!(w.current(), ids[2]);
    let history = std::fs::read_to_string(w.deploy_path.join("history.log")).unwrap();
    assert_eq!(
        history
            .lines()
            .filter(|l| l.contains("\trollback\t"))
            .count(),
        2,
        "{history}"
    );
}

#[test]
fn two_deploys_at_once_one_fails_clearly_and_one_waits() {
    let Some(w) = World::new() else { return };
    // A holds the server's lock while it asks whether to publish.
    let mut a = w
        .command(&[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let a_out = collect(a.stdout.take().unwrap());
    wait_for(&a_out, "[y/N]");
    // B will not wait: it fails at once, naming who holds the lock.
    let b = w.deploy(&["--yes", "--wait", "0"]);
    let b_err = String::from_utf8_lossy(&b.stderr);
    assert!(!b.status.success());
    assert!(b_err.contains("another deploy holds the lock"), "{b_err}");
    assert!(b_err.contains(&format!("(pid {})", a.id())), "{b_err}");
    // C waits for A.
    let mut c = w
        .command(&["--yes"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let c_err = collect(c.stderr.take().unwrap());
    let c_out = collect(c.stdout.take().unwrap());
    wait_for(&c_err, "waiting for another deploy");
    writeln!(a.stdin.as_mut().unwrap(), "y").unwrap();
    assert!(a.wait().unwrap().success());
    let a_release = w.current();
    assert!(c.wait().unwrap().success(), "{}", c_err.lock().unwrap());
    let c_release = w.current();
    assert_ne!(a_release, c_release);
    assert_eq!(
        w.releases(),
        vec![a_release.clone(), c_release],
        "{}",
        c_out.lock().unwrap()
    );
    assert_eq!(w.manifest(&w.current())["previous"], a_release.as_str());
}

#[test]
fn a_drafts_build_and_uncommitted_sources_are_refused() {
    let Some(w) = World::new() else { return };
    let drafts = w.site.root.parent().unwrap().join("drafts-output");
    let built = w
        .site
        .run(&["build", "--drafts", "--output", drafts.to_str().unwrap()]);
    assert!(built.status.success());
    let out = w.deploy(&["--yes", "--output", drafts.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("--drafts") && err.contains("never published"),
        "{err}"
    );
    assert!(!w.deploy_path.exists(), "nothing reached the server");
    // A finished build for another base_url, and a folder office-site did not write.
    let staging = w.site.root.parent().unwrap().join("staging-output");
    w.site.run(&[
        "build",
        "--base-url",
        "https://staging.example.go.jp/",
        "--output",
        staging.to_str().unwrap(),
    ]);
    let err = w
        .deploy(&["--yes", "--output", staging.to_str().unwrap()])
        .stderr;
    assert!(String::from_utf8_lossy(&err).contains("https://staging.example.go.jp/"));
    let foreign = w.site.root.parent().unwrap().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("index.html"), "<p>x</p>").unwrap();
    let err = w
        .deploy(&["--yes", "--output", foreign.to_str().unwrap()])
        .stderr;
    assert!(String::from_utf8_lossy(&err).contains("not written by `office-site build`"));

    // Uncommitted sources, in every form git knows: modified, untracked, deleted, staged.
    type Change = fn(&Site);
    let changes: [(&str, Change); 4] = [
        ("modified", |s| {
            s.write(
                "content/teams/pharma.md",
                "---\ntitle: ① 医薬品\n---\n未確定の文。\n",
            );
        }),
        ("untracked", |s| {
            s.write("content/teams/新チーム.md", "---\ntitle: 新\n---\n");
        }),
        ("deleted", |s| {
            s.remove("content/teams/devices.md");
        }),
        ("staged", |s| {
            s.write("content/issues/clinical.md", "---\ntitle: 臨床\n---\n");
            Command::new("git")
                .args(["add", "-A"])
                .current_dir(&s.root)
                .status()
                .unwrap();
        }),
    ];
    for (kind, change) in changes {
        change(&w.site);
        let out = w.deploy(&["--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{kind}");
        assert!(
            err.contains("uncommitted change") && err.contains("--allow-dirty"),
            "{kind}: {err}"
        );
        assert!(!w.deploy_path.join("current").exists(), "{kind}");
        Command::new("git")
            .args(["reset", "-q", "--hard"])
            .current_dir(&w.site.root)
            .status()
            .unwrap();
        Command::new("git")
            .args(["clean", "-qfd"])
            .current_dir(&w.site.root)
            .status()
            .unwrap();
    }
    // --allow-dirty publishes, and the release says so.
    w.site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\n---\n## 目標 {#goals}\n\n未確定の文。\n",
    );
    w.deploy_ok(&["--yes", "--allow-dirty"]);
    let id = w.current();
    assert!(id.ends_with("-dirty"), "{id}");
    let m = w.manifest(&id);
    assert_eq!(m["allow_dirty"], true);
    assert_eq!(m["build"]["git"]["uncommitted"], 1);
    let list = w.deploy_ok(&["--list"]);
    assert!(list.contains("(--allow-dirty)"), "{list}");
}

#[test]
fn a_client_reading_pages_during_a_deploy_never_gets_a_mix_of_two_releases() {
    let Some(w) = World::new() else { return };
    let Some(nginx) = deploy_servers::nginx_binary() else {
        return;
    };
    w.deploy_ok(&["--yes"]);
    let id1 = w.current();
    let server = deploy_servers::nginx(
        &nginx,
        &w.deploy_path,
        &w.site.root.parent().unwrap().join("nginx"),
    );
    // Every page and file changes in the next release (a new site title is on every page).
    w.site.write(
        "site.yaml",
        &w.site
            .read_source("site.yaml")
            .replace("テスト推進室", "新テスト推進室"),
    );
    git_commit(&w.site.root, "a new title everywhere");
    let files1 = w.files(&id1);
    let paths: Vec<String> = files1
        .keys()
        .filter(|p| !p.ends_with("404.html"))
        .cloned()
        .collect();
    let stop = Arc::new(Mutex::new(false));
    let seen = Arc::new(Mutex::new(Vec::<(String, String, String)>::new()));
    let reader = {
        let (stop, seen, paths, port) = (stop.clone(), seen.clone(), paths.clone(), server.plain);
        std::thread::spawn(move || {
            let mut passes_after_stop = 0;
            while passes_after_stop < 2 {
                if *stop.lock().unwrap() {
                    passes_after_stop += 1;
                }
                for p in &paths {
                    let url = format!("/iryou-innovation/{}", p.trim_end_matches("index.html"));
                    let (status, head, body) = get_bytes(port, &url);
                    assert_eq!(status, 200, "{url}: {head}");
                    let release = header(&head, "x-office-site-release")
                        .unwrap_or("")
                        .to_owned();
                    seen.lock()
                        .unwrap()
                        .push((release, p.clone(), sha256(&body)));
                }
            }
        })
    };
    while seen.lock().unwrap().len() < paths.len() {
        std::thread::sleep(Duration::from_millis(20));
    }
    w.deploy_ok(&["--yes"]);
    *stop.lock().unwrap() = true;
    reader.join().unwrap();
    let id2 = w.current();
    let files2 = w.files(&id2);
    let manifests: BTreeMap<String, &BTreeMap<String, String>> = [
        (id1.to_ascii_lowercase(), &files1),
        (id2.to_ascii_lowercase(), &files2),
    ]
    .into_iter()
    .collect();
    let seen = seen.lock().unwrap();
    let mut switched = false;
    for (release, path, sha) in seen.iter() {
        let files = manifests
            .get(release)
            .unwrap_or_else(|| panic!("{path}: unknown release {release:?}"));
        assert_eq!(
            files.get(path),
            Some(sha),
            "{path}: the body is not release {release}'s"
        );
        let new = *release == id2.to_ascii_lowercase();
        assert!(
            new || !switched,
            "{path}: release {release} again after {id2}"
        );
        switched |= new;
    }
    assert!(seen.first().unwrap().0 == id1.to_ascii_lowercase() && switched);
}
