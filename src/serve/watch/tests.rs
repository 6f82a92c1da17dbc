use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use notify::event::{CreateKind, Event, EventKind, Flag};

use super::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site with its sources, and beside them what is no source: an output folder of many
/// folders, a `target/`, hidden folders.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    write(
        &root,
        "site.yaml",
        "title: t\nbase_url: https://example.go.jp/\n",
    );
    write(&root, "content/_index.md", "---\ntitle: ホーム\n---\n");
    write(&root, "content/teams/a.md", "---\ntitle: a\n---\n");
    for i in 0..40 {
        write(&root, &format!("output/p{i}/index.html"), "x");
        write(&root, &format!("target/debug/d{i}/x"), "x");
    }
    write(&root, ".cache/x/y", "x");
    (dir, root)
}

fn start(root: &Path) -> (SiteWatcher, Sender<Report>) {
    let (tx, rx) = channel();
    let watcher = SiteWatcher::start_with(root, "default", tx.clone(), rx).unwrap();
    (watcher, tx)
}

/// The next batch of changes; fails the test if none comes.
#[track_caller]
fn next(watcher: &mut SiteWatcher) -> Vec<Change> {
    let deadline = Instant::now() + Duration::from_secs(20);
    watcher
        .next_batch(Duration::from_millis(50), &|| Instant::now() > deadline)
        .expect("no change was seen")
}

/// Batches until one names `path`, a folder above it or a path below it: the changes seen on
/// the way are other events of the same steps.
#[track_caller]
fn wait_for_content(watcher: &mut SiteWatcher, path: &Path) {
    loop {
        let changes = next(watcher);
        let seen = changes.iter().any(|c| match c {
            Change::Content(paths) => paths
                .iter()
                .any(|p| path.starts_with(p) || p.starts_with(path)),
            Change::Unknown => true,
            _ => false,
        });
        if seen {
            return;
        }
    }
}

fn rescan() -> Report {
    Ok(Event::new(EventKind::Other).set_flag(Flag::Rescan))
}

#[test]
fn a_rescan_or_a_watcher_error_reads_everything_again() {
    let (_dir, root) = site();
    let (mut watcher, tx) = start(&root);
    tx.send(rescan()).unwrap();
    assert_eq!(next(&mut watcher), vec![Change::Unknown]);
    tx.send(Err(notify::Error::generic("inotify watch limit reached")))
        .unwrap();
    assert_eq!(next(&mut watcher), vec![Change::Unknown]);
    // Mixed with named changes, a lost track still reads everything.
    let created =
        Event::new(EventKind::Create(CreateKind::File)).add_path(root.join("content/b.md"));
    tx.send(Ok(created)).unwrap();
    tx.send(rescan()).unwrap();
    let changes = next(&mut watcher);
    assert!(
        changes == vec![Change::Unknown]
            || changes == vec![Change::Content(vec![root.join("content/b.md")])],
        "{changes:?}"
    );
    if changes != vec![Change::Unknown] {
        assert_eq!(next(&mut watcher), vec![Change::Unknown]);
    }
    // Every folder is still watched afterwards.
    write(&root, "content/teams/after.md", "x");
    wait_for_content(&mut watcher, &root.join("content/teams/after.md"));
}

#[test]
fn a_batch_of_reads_is_no_change() {
    let mut batch = Batch::default();
    let read = Event::new(EventKind::Access(notify::event::AccessKind::Any))
        .add_path(PathBuf::from("/site/content/a.md"));
    batch.add(Ok(read));
    assert!(batch.paths.is_empty() && !batch.lost_track());
    batch.add(rescan());
    assert!(batch.lost_track());
}

/// What the terminal is told when events may have been lost, or a folder cannot be watched:
/// a warning with its code, on the site folder or the folder, like every other diagnostic.
#[test]
fn lost_events_and_unwatchable_folders_are_warnings_with_codes() {
    let root = Path::new("/site");
    let mut batch = Batch::default();
    batch.add(rescan());
    batch.add(Err(notify::Error::generic("inotify watch limit reached")));
    let said: Vec<Diagnostic> = batch.lost.iter().map(|l| l.diagnostic(root)).collect();
    assert_eq!(said.len(), 2);
    assert_eq!(said[0].code, Code::W0820);
    assert_eq!(said[1].code, Code::W0821);
    assert_eq!(said[1].path, root);
    assert!(
        said[1].to_string().contains(
            "warning[W0821]: the preview's file watcher failed (inotify watch limit reached)"
        ),
        "{}",
        said[1]
    );
    // A folder that cannot be watched is named from the site folder.
    let (_dir, root) = site();
    let (watcher, _tx) = start(&root);
    let folder = root.join("content/teams");
    let said = watcher.unwatchable(vec![(folder, "no space left on device".to_owned())]);
    let said: Vec<&Diagnostic> = said.iter().collect();
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].code, Code::W0822);
    assert_eq!(said[0].path, Path::new("content/teams"));
}

#[test]
fn only_the_source_folders_are_watched() {
    let (_dir, root) = site();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&root)
        .status();
    let (watcher, _tx) = start(&root);
    let mut watched: Vec<String> = watcher
        .watched()
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    watched.sort();
    let mut expected = vec!["", "content"];
    if git.is_ok_and(|s| s.success()) {
        expected.extend([".git", ".git/refs/heads"]);
    }
    expected.sort_unstable();
    assert_eq!(watched, expected);
}

/// A change made to a site's folders.
type Step = dyn Fn(&Path);

#[test]
fn a_source_folder_made_after_the_start_or_made_again_is_watched() {
    let (_dir, root) = site();
    let (mut watcher, _tx) = start(&root);
    // Folders that did not exist at the start: the site folder's watch sees them appear.
    for (folder, file) in [
        ("templates", "templates/page.html"),
        ("static", "static/css/x.css"),
        ("themes/default", "themes/default/templates/page.html"),
        ("data", "data/accessibility.yaml"),
    ] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        // The folder's appearance is a change of its own kind.
        next(&mut watcher);
        write(&root, file, "x");
        let changes = next(&mut watcher);
        assert!(
            changes.contains(&Change::Templates)
                || changes.contains(&Change::Static)
                || changes.contains(&Change::Data),
            "{file}: {changes:?}"
        );
    }
    // A section deleted and made again, content/ itself too, and a folder moved away and
    // back: each watched again, so a save inside it afterwards is seen.
    let steps: [(&str, &Step); 4] = [
        ("content/teams", &|root| {
            std::fs::remove_dir_all(root.join("content/teams")).unwrap();
            std::fs::create_dir(root.join("content/teams")).unwrap();
        }),
        ("content", &|root| {
            std::fs::remove_dir_all(root.join("content")).unwrap();
            std::fs::create_dir_all(root.join("content/teams")).unwrap();
        }),
        ("content moved", &|root| {
            std::fs::rename(root.join("content"), root.join("content.old")).unwrap();
            std::fs::rename(root.join("content.old"), root.join("content")).unwrap();
        }),
        ("content/teams moved out", &|root| {
            std::fs::rename(root.join("content/teams"), root.join("teams.tmp")).unwrap();
            std::fs::rename(root.join("teams.tmp"), root.join("content/teams")).unwrap();
        }),
    ];
    for (i, (what, step)) in steps.iter().enumerate() {
        step(&root);
        wait_for_content(&mut watcher, &root.join("content"));
        let saved = root.join(format!("content/teams/saved{i}.md"));
        std::fs::write(&saved, "x").unwrap();
        wait_for_content(&mut watcher, &saved);
        assert!(
            watcher.watched().contains(&root.join("content")),
            "{what}: {:?}",
            watcher.watched()
        );
    }
}

/// Random renames, moves of folders, writes and deletions, as fast as the system takes them
/// (an editor's save of many files, a `git checkout`): when they are over, every path whose
/// state differs from the start has been named to the pipeline, itself or by a folder above
/// it, or the whole site is read again. (Paths that came and went within the storm may be
/// merged away by the debouncer; that the pipeline then agrees with a clean build is
/// `serve::tests::after_a_storm_of_renames_the_preview_is_a_clean_build`.)
#[test]
fn a_storm_of_renames_names_every_path_that_changed() {
    for seed in 0..6 {
        let (_dir, root) = site();
        let (mut watcher, _tx) = start(&root);
        let content = root.join("content");
        let files = crate::serve::tests::storm(&content, seed, seed % 2 == 0);
        // A last save marks the end: its event comes after every other.
        let sentinel = content.join("sentinel.md");
        std::fs::write(&sentinel, "end").unwrap();
        let mut named: Vec<PathBuf> = Vec::new();
        let mut everything = false;
        while !named.contains(&sentinel) && !everything {
            for change in next(&mut watcher) {
                match change {
                    Change::Content(paths) => named.extend(paths),
                    Change::Unknown => everything = true,
                    _ => {}
                }
            }
        }
        if everything {
            continue;
        }
        let mut must: Vec<PathBuf> = files.iter().map(|f| content.join(f)).collect();
        if !files.iter().any(|f| f == "teams/a.md") {
            must.push(content.join("teams/a.md"));
        }
        for path in &must {
            assert!(
                named.iter().any(|n| path.starts_with(n)),
                "seed {seed}: {} changed and was never named; named: {named:?}",
                path.display()
            );
        }
    }
}
