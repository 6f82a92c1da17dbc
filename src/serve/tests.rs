use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use super::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small site in a temporary folder (its path made canonical, as `serve` does).
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("site");
    write(
        &root,
        "site.yaml",
        "title: t\nbase_url: https://example.go.jp/\nclassification: 機密性1\n",
    );
    write(&root, "content/_index.md", "---\ntitle: ホーム\n---\n");
    write(
        &root,
        "content/teams/_index.md",
        "---\ntitle: チーム\n---\n",
    );
    write(
        &root,
        "content/teams/a.md",
        "---\ntitle: a\n---\n最初の本文\n",
    );
    (dir, root)
}

/// The preview of `root`, built once, its pipeline, and a watcher of it with a sender to
/// report what the system would.
fn preview(root: &Path) -> (Preview, Pipeline, SiteWatcher, Sender<watch::Report>) {
    let preview = Preview::new(root, "/", false);
    let mut pipeline = Pipeline::new(root, Some("http://127.0.0.1:1/"), false);
    let (tx, rx) = channel();
    let watcher = SiteWatcher::start_with(root, "default", tx.clone(), rx).unwrap();
    preview.rebuild(&mut pipeline, &[]).unwrap();
    (preview, pipeline, watcher, tx)
}

fn fresh(root: &Path) -> impl Fn() -> Pipeline {
    let root = root.to_path_buf();
    move || Pipeline::new(&root, Some("http://127.0.0.1:1/"), false)
}

/// The next batch of changes, applied to the preview as `serve` does.
#[track_caller]
fn apply_next(
    preview: &Preview,
    pipeline: &mut Pipeline,
    watcher: &mut SiteWatcher,
) -> Vec<Change> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let changes = watcher
        .next_batch(Duration::from_millis(50), &|| Instant::now() > deadline)
        .expect("no change was seen");
    let root = pipeline.root().to_path_buf();
    apply(preview, pipeline, &fresh(&root), &changes);
    changes
}

fn served(preview: &Preview, path: &str) -> String {
    let generation = preview.current().expect("a good build");
    let bytes = generation.file(path).expect("the file exists").unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Regression for lost events: a change that no event reports (here a page written through a
/// hard link from outside the site, which the kernel reports to the other folder only) is read
/// on the rescan that the system asks for when its queue overflows. Before, a rescan was
/// dropped and the preview stayed stale until that page was saved again.
#[cfg(unix)]
#[test]
fn a_rescan_reads_the_changes_that_no_event_reported() {
    let (dir, root) = site();
    let outside = dir.path().join("outside.md");
    std::fs::write(&outside, "---\ntitle: a\n---\n最初の本文\n").unwrap();
    std::fs::remove_file(root.join("content/teams/a.md")).unwrap();
    std::fs::hard_link(&outside, root.join("content/teams/a.md")).unwrap();
    let (preview, mut pipeline, mut watcher, tx) = preview(&root);
    let page = "teams/a/index.html";
    assert!(served(&preview, page).contains("最初の本文"));
    std::fs::write(&outside, "---\ntitle: a\n---\n書き換えた本文\n").unwrap();
    // Another save is seen and rebuilt; the page written through the link is not.
    write(&root, "content/teams/b.md", "---\ntitle: b\n---\n");
    let changes = apply_next(&preview, &mut pipeline, &mut watcher);
    assert!(matches!(&changes[..], [Change::Content(_)]), "{changes:?}");
    assert!(served(&preview, page).contains("最初の本文"));
    tx.send(Ok(
        notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan)
    ))
    .unwrap();
    let changes = apply_next(&preview, &mut pipeline, &mut watcher);
    assert_eq!(changes, vec![Change::Unknown]);
    assert!(served(&preview, page).contains("書き換えた本文"));
    // A watcher error too.
    std::fs::write(&outside, "---\ntitle: a\n---\nもう一度\n").unwrap();
    tx.send(Err(notify::Error::generic("no space left on device")))
        .unwrap();
    assert_eq!(
        apply_next(&preview, &mut pipeline, &mut watcher),
        vec![Change::Unknown]
    );
    assert!(served(&preview, page).contains("もう一度"));
}

/// What a prepared site is, for comparing two: each page's source path, URL, front matter and
/// body, or the errors.
fn summary(prepared: Result<crate::pipeline::Prepared, Diagnostics>) -> Vec<String> {
    match prepared {
        Ok(p) => {
            let mut pages: Vec<String> = p
                .site
                .pages
                .iter()
                .map(|page| {
                    format!(
                        "{} {} {:?} {:?}",
                        page.content_path, page.url, page.front_text, page.body
                    )
                })
                .collect();
            pages.sort();
            pages
        }
        Err(d) => d.sorted().iter().map(ToString::to_string).collect(),
    }
}

/// Changes `content` at random (saves through a temporary file, renames of pages into other
/// sections, and with `folders` renames of whole sections and new ones), as fast as the system
/// takes them, and returns every page there is at the end, relative to `content`. Without
/// `folders`, pages move only between `teams` and the sections `s0`…`s2`, which must exist.
pub(super) fn storm(content: &Path, seed: u64, folders: bool) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut files: Vec<String> = vec!["teams/a.md".to_owned()];
    for step in 0..150 {
        match rng.u8(0..if folders { 4 } else { 3 }) {
            // A save as editors make it: a temporary file renamed over the page.
            0 | 1 => {
                let f = files[rng.usize(0..files.len())].clone();
                let tmp = content.join(format!("{f}.tmp{step}"));
                std::fs::write(&tmp, format!("---\ntitle: t{step}\n---\n{step}\n")).unwrap();
                std::fs::rename(&tmp, content.join(&f)).unwrap();
            }
            // A page renamed (into a new section now and then).
            2 => {
                let i = rng.usize(0..files.len());
                let to = match rng.u8(0..3) {
                    0 => format!("s{}/p{step}.md", rng.u8(0..3)),
                    1 if folders => format!("p{step}.md"),
                    _ => format!("teams/p{step}.md"),
                };
                std::fs::create_dir_all(content.join(&to).parent().unwrap()).unwrap();
                std::fs::rename(content.join(&files[i]), content.join(&to)).unwrap();
                files[i] = to;
            }
            // A section renamed with everything in it.
            _ => {
                let from = format!("s{}", rng.u8(0..3));
                let to = format!("s{}", rng.u8(3..6));
                if content.join(&from).is_dir() && !content.join(&to).exists() {
                    std::fs::rename(content.join(&from), content.join(&to)).unwrap();
                    for f in &mut files {
                        if let Some(rest) = f.strip_prefix(&format!("{from}/")) {
                            *f = format!("{to}/{rest}");
                        }
                    }
                }
            }
        }
    }
    files
}

/// After a storm of saves and renames of pages and sections, batch after batch as they come,
/// the preview's site is what a clean build reads.
#[test]
fn after_a_storm_of_renames_the_preview_is_a_clean_build() {
    for (seed, folders) in [(0, true), (1, true), (2, false), (3, false), (4, false)] {
        let (_dir, root) = site();
        for s in ["s0", "s1", "s2"] {
            write(
                &root,
                &format!("content/{s}/_index.md"),
                "---\ntitle: s\n---\n",
            );
        }
        let (preview, mut pipeline, mut watcher, _tx) = preview(&root);
        let content = root.join("content");
        storm(&content, seed, folders);
        let sentinel = content.join("sentinel.md");
        std::fs::write(&sentinel, "---\ntitle: end\n---\n").unwrap();
        // Batches until the one that names the last save: every earlier event came before it.
        loop {
            let changes = apply_next(&preview, &mut pipeline, &mut watcher);
            if changes.iter().any(|c| match c {
                Change::Content(paths) => paths.contains(&sentinel),
                Change::Unknown => true,
                _ => false,
            }) {
                break;
            }
        }
        assert_eq!(
            summary(pipeline.prepare()),
            summary(fresh(&root)().prepare()),
            "seed {seed}, folders {folders}"
        );
    }
}

/// Every listener is told the state when it starts listening, then every build after it, in
/// order, whenever it starts: listeners that join while builds end, from several threads, each
/// see builds numbered without a gap up to the last.
#[test]
fn a_listener_misses_no_build_whenever_it_connects() {
    let (_dir, root) = site();
    let preview = Preview::new(&root, "/", false);
    let failed = || overlay::internal_error("bug");
    let builds = 200;
    let listeners = std::thread::scope(|scope| {
        let joining: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    (0..25)
                        .map(|_| {
                            std::thread::yield_now();
                            preview.listen()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for _ in 0..builds {
            preview.publish(Err(failed()));
        }
        joining
            .into_iter()
            .flat_map(|j| j.join().unwrap())
            .collect::<Vec<_>>()
    });
    let number = |event: &Event| -> u64 {
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        let build = data["build"].as_str().unwrap();
        build.rsplit_once('-').unwrap().1.parse().unwrap()
    };
    for rx in listeners {
        let events: Vec<Event> = rx.try_iter().collect();
        assert_eq!(events[0].name, "state");
        let first = number(&events[0]);
        let seen: Vec<u64> = events.iter().map(number).collect();
        let expected: Vec<u64> = (first..=builds).collect();
        assert_eq!(seen, expected);
        assert!(events[1..].iter().all(|e| e.name == "failed"));
    }
}

/// Regression: a save that failed right after a reload, before the reloaded page's event
/// stream connected, left the page without its error until the next change: the failure was
/// sent to the listeners there were, and a page learnt nothing on connecting. Now the first
/// event of every connection is the state: the good build the page should show, and the
/// failed build's overlay.
#[test]
fn a_failure_right_after_a_reload_was_lost() {
    let (_dir, root) = site();
    let (preview, mut pipeline, _watcher, _tx) = preview(&root);
    let page = preview.page_state().1;
    assert!(page.overlay.is_none());
    write(
        &root,
        "content/teams/a.md",
        "---\ntitle: a\nweight: 日本語の値\n---\n",
    );
    pipeline.invalidate(&Change::Content(vec![root.join("content/teams/a.md")]));
    assert!(preview.rebuild(&mut pipeline, &[]).is_err());
    // The page's stream connects only now.
    let first = preview.listen().try_recv().unwrap();
    assert_eq!(first.name, "state");
    let data: serde_json::Value = serde_json::from_str(&first.data).unwrap();
    assert_eq!(data["generation"], page.generation.as_str(), "{data}");
    let overlay = data["overlay"].as_str().expect("the error");
    assert!(overlay.contains("content/teams/a.md:3:"), "{overlay}");
    assert!(overlay.contains("日本語の値"), "{overlay}");
}

/// The preview prints a good build's warnings as `build` does, but a rebuild does not repeat
/// them: each is printed when it appears, and again only after it went away and came back.
#[test]
fn a_rebuild_repeated_every_warning_on_the_terminal() {
    let (_dir, root) = site();
    let preview = Preview::new(&root, "/", false);
    let w = |detail: &str| Diagnostic::new(Code::W0301, "content/teams/a.md").arg("text", detail);
    let all = |ds: &[Diagnostic]| ds.iter().cloned().collect::<Diagnostics>();
    let codes = |ds: Diagnostics| ds.iter().map(ToString::to_string).collect::<Vec<_>>();
    let first = all(&[w("一"), w("二")]);
    assert_eq!(codes(preview.new_warnings(&first)).len(), 2);
    assert!(preview.new_warnings(&first).is_empty(), "repeated");
    let third = all(&[w("一"), w("二"), w("三")]);
    let new = codes(preview.new_warnings(&third));
    assert_eq!(new.len(), 1);
    assert!(new[0].contains("`三`"), "{new:?}");
    // 一 goes away, then comes back: it is new again.
    preview.new_warnings(&all(&[w("二"), w("三")]));
    let back = codes(preview.new_warnings(&third));
    assert_eq!(back.len(), 1);
    assert!(back[0].contains("`一`"), "{back:?}");
    // Printed as build prints them: the same finding twice is printed once.
    let text = report_text(&root, Lang::En, all(&[w("四"), w("四")]));
    assert_eq!(text.matches("warning[W0301]").count(), 1, "{text}");
}

/// The preview's good builds keep their warnings for the terminal (here: no git repository,
/// so no commit dates).
#[test]
fn a_good_build_keeps_its_warnings() {
    let (_dir, root) = site();
    let (preview, _pipeline, _watcher, _tx) = preview(&root);
    let generation = preview.current().unwrap();
    let codes: Vec<Code> = generation.warnings.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&Code::W0104) || codes.contains(&Code::W0102),
        "{codes:?}"
    );
    let text = report_text(&root, Lang::En, preview.new_warnings(&generation.warnings));
    assert!(text.contains("content: warning[W010"), "{text}");
}

/// The data-build of an overlay's markup.
fn build_of(page: &PageState) -> String {
    let markup = page.overlay.as_deref().expect("an overlay");
    let at = markup.find("data-build=\"").unwrap() + "data-build=\"".len();
    markup[at..].split('"').next().unwrap().to_owned()
}

/// Regression: every file's own error overlay (a page that could not be rendered) was named
/// `file`, so closing it on one page kept it closed on every other page that failed, in that
/// tab, for good. It is now named by the build and the file, and the terminal is given a
/// file's errors once per build, not at every request.
#[test]
fn a_file_overlay_closed_once_stayed_closed_on_every_page() {
    let (_dir, root) = site();
    let (preview, mut pipeline, _watcher, _tx) = preview(&root);
    let errors: Diagnostics = Diagnostic::new(Code::E0105, "content/teams/a.md")
        .arg("detail", "x")
        .into();
    let generation = preview.current().unwrap();
    let a = preview.file_overlay(&generation, "teams/a/index.html", &errors);
    let home = preview.file_overlay(&generation, "index.html", &errors);
    assert_ne!(build_of(&a), build_of(&home));
    assert!(build_of(&a).starts_with("file:"), "{}", build_of(&a));
    assert!(
        !generation.first_failure("teams/a/index.html"),
        "printed once"
    );
    assert_eq!(
        build_of(&a),
        build_of(&preview.file_overlay(&generation, "teams/a/index.html", &errors))
    );
    let next = preview.rebuild(&mut pipeline, &[]).unwrap();
    let again = preview.file_overlay(&next, "teams/a/index.html", &errors);
    assert_ne!(build_of(&a), build_of(&again), "a new build opens it again");
    assert!(!next.first_failure("teams/a/index.html"));
}
