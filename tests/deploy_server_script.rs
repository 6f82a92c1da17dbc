//! The server half of deploying (src/deploy/server.sh), run directly with `sh` on a folder:
//! the lock (flock, and the lock folder where there is no flock), the check of an upload
//! against its manifest, the switch, `keep` never removing the current release, and the
//! refusal of a folder that holds someone else's files.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const SCRIPT: &str = include_str!("../src/deploy/server.sh");

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn script(path: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(SCRIPT)
        .arg("office-site")
        .args(args[..1].iter());
    c.arg(path).args(&args[1..]);
    c
}

/// Runs one session: `commands` on its input, its whole output back.
fn session(path: &Path, owner: &str, commands: &str) -> String {
    session_with(script(path, &["session", owner, "0"]), commands)
}

fn session_with(mut c: Command, commands: &str) -> String {
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(commands.as_bytes())
        .unwrap();
    let out: Output = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A deploy folder with complete releases `ids` (each a page saying its id) and `current`.
fn folder(ids: &[&str], current: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("公開 フォルダ");
    for id in ids {
        let site = path.join("releases").join(id).join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join("index.html"), id).unwrap();
        std::fs::write(path.join("releases").join(id).join("manifest.json"), "{}\n").unwrap();
    }
    std::os::unix::fs::symlink(format!("releases/{current}/site"), path.join("current")).unwrap();
    (tmp, path)
}

const A: &str = "20261201T000000.000Z-aaaaaaa";
const B: &str = "20261202T000000.000Z-bbbbbbb";
const C: &str = "20261203T000000.000Z-ccccccc";

#[test]
fn keep_never_removes_the_current_release() {
    for keep in 1..=3 {
        // After a rollback the current release is the oldest.
        let (_tmp, path) = folder(&[A, B, C], A);
        let out = session(&path, "test", &format!("prune {keep}\nend\n"));
        assert!(out.ends_with("ok\n"), "{out}");
        assert!(path.join("releases").join(A).is_dir(), "keep {keep}: {out}");
        assert!(
            path.join("releases").join(C).is_dir(),
            "keep {keep}: the newest"
        );
        assert_eq!(
            path.join("releases").join(B).is_dir(),
            keep >= 2,
            "keep {keep}"
        );
        assert_eq!(
            std::fs::read_to_string(path.join("current/index.html")).unwrap(),
            A
        );
    }
}

/// An upload whose files, count or record differ from its manifest never becomes a release.
#[test]
fn an_upload_that_does_not_match_its_manifest_is_refused() {
    type Spoil = fn(&Path);
    let spoils: [(&str, Option<Spoil>); 6] = [
        ("nothing", None),
        (
            "a changed byte",
            Some(|site| std::fs::write(site.join("a.html"), "A").unwrap()),
        ),
        (
            "a missing file",
            Some(|site| std::fs::remove_file(site.join("sub dir/b.txt")).unwrap()),
        ),
        (
            "an extra file",
            Some(|site| std::fs::write(site.join("extra.html"), "x").unwrap()),
        ),
        (
            "a link",
            Some(|site| std::os::unix::fs::symlink("/etc/passwd", site.join("l")).unwrap()),
        ),
        (
            "a truncated file",
            Some(|site| std::fs::write(site.join("sub dir/b.txt"), "").unwrap()),
        ),
    ];
    for (what, spoil) in spoils {
        let (_tmp, path) = folder(&[A], A);
        let out = session(&path, "test", "begin\ncreate 0123abc\nend\n");
        let id = out
            .lines()
            .find_map(|l| l.strip_prefix("release "))
            .unwrap()
            .to_owned();
        let dir = path.join("releases").join(format!("{id}.partial"));
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("sub dir")).unwrap();
        std::fs::write(site.join("a.html"), "a").unwrap();
        std::fs::write(site.join("sub dir/b.txt"), "b").unwrap();
        let sums = format!(
            "{}  a.html\n{}  sub dir/b.txt\n",
            sha256(b"a"),
            sha256(b"b")
        );
        std::fs::write(dir.join("SHA256SUMS"), &sums).unwrap();
        std::fs::write(dir.join("manifest.json"), "{}\n").unwrap();
        if let Some(spoil) = spoil {
            spoil(&site);
        }
        let verify = format!(
            "verify {id} {} {}\n",
            sha256(sums.as_bytes()),
            sha256(b"{}\n")
        );
        let out = session(&path, "test", &format!("{verify}switch {id} deploy\nend\n"));
        if spoil.is_none() {
            assert!(out.contains(&format!("switched {A} {id}")), "{out}");
            continue;
        }
        assert!(out.starts_with("ok\nerror "), "{what}: {out}");
        assert!(
            out.contains(&format!("error there is no complete release {id}")),
            "{what}: {out}"
        );
        assert_eq!(
            std::fs::read_to_string(path.join("current/index.html")).unwrap(),
            A,
            "{what}"
        );
        // The record itself must arrive unaltered.
        let altered = format!("verify {id} {} {}\n", sha256(b"other"), sha256(b"{}\n"));
        assert!(session(&path, "t", &altered).contains("error the release record arrived altered"));
    }
}

#[test]
fn a_folder_holding_someone_elses_files_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("www");
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join("index.html"), "the old site").unwrap();
    let out = session(&path, "test", "begin\nend\n");
    assert!(
        out.contains("error the folder") && out.contains("index.html"),
        "{out}"
    );
    assert!(!path.join("releases").exists());
    let dir_current = tmp.path().join("www2");
    std::fs::create_dir_all(dir_current.join("current")).unwrap();
    let out = session(&dir_current, "test", "begin\nend\n");
    assert!(out.contains("is a folder, not the link"), "{out}");
}

fn hold(path: &Path, owner: &str, env_path: Option<&Path>) -> Child {
    let mut c = script(path, &["session", owner, "0"]);
    if let Some(p) = env_path {
        c.env("PATH", p);
    }
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 3];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    assert_eq!(&first, b"ok\n");
    child
}

/// A folder of links to the tools the script uses, without flock.
fn path_without_flock(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in [
        "sh",
        "readlink",
        "tr",
        "mkdir",
        "chmod",
        "mv",
        "rm",
        "date",
        "cut",
        "ln",
        "sha256sum",
        "find",
        "wc",
        "head",
        "sort",
        "sync",
        "cat",
    ] {
        let found = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .unwrap();
        let found = String::from_utf8(found.stdout).unwrap();
        std::os::unix::fs::symlink(found.trim(), bin.join(tool)).unwrap();
    }
    bin
}

#[test]
fn the_lock_holds_off_a_second_deploy_and_goes_with_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let no_flock = path_without_flock(tmp.path());
    for env_path in [None, Some(no_flock.as_path())] {
        let (_tmp, path) = folder(&[A], A);
        let run = |owner: &str| {
            let mut c = script(&path, &["session", owner, "0"]);
            if let Some(p) = env_path {
                c.env("PATH", p);
            }
            session_with(c, "end\n")
        };
        let mut first = hold(&path, "花子@pc1 (pid 1)", env_path);
        let second = run("太郎@pc2 (pid 2)");
        assert!(
            second.starts_with("error another deploy holds the lock"),
            "{env_path:?}: {second}"
        );
        assert!(second.contains("花子@pc1 (pid 1)"), "{second}");
        // The first deploy goes (its input closes, as when it is killed or its connection
        // drops): the lock goes with it.
        drop(first.stdin.take());
        first.wait().unwrap();
        assert_eq!(run("太郎@pc2 (pid 2)"), "ok\n", "{env_path:?}");
    }
}
