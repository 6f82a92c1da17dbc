//! The lock that makes one build at a time the owner of an output folder.
//!
//! Two builds into one output once corrupted each other: the second deleted the first one's
//! staging folder, and the first then swapped in half a site. A build now holds an operating
//! system lock on `.NAME.lock` beside the output from before it touches anything there until
//! its staging folder is gone. The lock dies with the process (a killed build never leaves a
//! stale lock); a second build does not wait: it fails at once, naming the holder's process
//! id, so that a script notices instead of queueing builds behind a stuck one.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};

/// A held lock on an output folder; released (and its file removed) on drop.
#[derive(Debug)]
pub(crate) struct Held {
    file: File,
    path: PathBuf,
}

/// The lock file of `output`: `.NAME.lock` in the same folder.
pub(crate) fn lock_path(output: &Path) -> PathBuf {
    super::sibling_named(output, "lock")
}

/// Takes the lock of `output` (an absolute, resolved path), creating its parent folder.
pub(crate) fn take(output: &Path) -> Result<Held, Diagnostic> {
    let path = lock_path(output);
    if let Some(parent) = path.parent() {
        crate::fs::create_dir_all(parent)?;
    }
    let io = |e: std::io::Error| crate::fs::io_error(Code::E0602, &path, &e);
    loop {
        let mut file = crate::fs::open_lock_file(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(busy(output, &path, &mut file)),
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        // The previous holder removes the file before it unlocks: a lock taken on a file that
        // is no longer at `path` guards nothing, so start again.
        if !still_at(&file, &path) {
            continue;
        }
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "{}", std::process::id()))
            .map_err(io)?;
        return Ok(Held { file, path });
    }
}

fn busy(output: &Path, lock: &Path, file: &mut File) -> Diagnostic {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let d = match text.trim().parse::<u32>() {
        Ok(pid) => Diagnostic::new(Code::E0606, output).arg("pid", pid),
        Err(_) => Diagnostic::new(Code::E0607, output),
    };
    d.arg("lock", lock.display())
}

#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), crate::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> bool {
    // The file is never removed where it cannot be removed while open.
    true
}

impl Drop for Held {
    fn drop(&mut self) {
        // Removed while still locked; a build that opened it meanwhile sees it gone and retries.
        #[cfg(unix)]
        let _ = crate::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a second build into the same output deleted the first one's staging
    /// folder. Now it cannot take the lock, and says who holds it.
    #[test]
    fn a_second_build_into_one_output_is_refused_naming_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let held = take(&out).unwrap();
        let refused = take(&out).unwrap_err();
        assert_eq!(refused.code, Code::E0606, "{refused}");
        assert_eq!(
            refused.arg_value("pid"),
            Some(std::process::id().to_string().as_str()),
            "{refused}"
        );
        drop(held);
        assert!(!lock_path(&out).exists(), "the lock file is removed");
        drop(take(&out).unwrap());
    }

    /// Threads racing for one lock (each a separate open file, as separate processes are):
    /// never two holders at once, even while holders remove the file on release.
    #[test]
    fn racing_takers_never_hold_the_lock_together() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let holders = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..200 {
                        if let Ok(held) = take(&out) {
                            let n = holders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            assert_eq!(n, 0, "two holders at once");
                            std::thread::yield_now();
                            holders.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                            drop(held);
                        }
                    }
                });
            }
        });
    }
}
