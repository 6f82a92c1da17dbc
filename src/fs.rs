//! File-system helpers that name the path in every error: the only module that calls
//! `std::fs` (clippy's `disallowed-methods`, in clippy.toml, holds the rest of the crate to it).
//!
//! Every read and write of the pipeline goes through here, so an I/O failure always becomes a
//! [`Diagnostic`] naming the file. A few probes return the `io::Result` itself, for the write
//! step's callers that tell a missing path from an unreadable one (or need only to know). The
//! staged output and its swap live in [`crate::write`].
#![allow(clippy::disallowed_methods)] // the one place that may call std::fs

use std::fs::{File, Metadata, ReadDir};
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| io_error(Code::E0003, path, &e))
}

/// Reads the first `n` bytes of a file (fewer if it is shorter): enough to tell what it is.
pub(crate) fn read_head(path: &Path, n: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let read = || -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)?.take(n).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    read().map_err(|e| io_error(Code::E0003, path, &e))
}

/// Reads a whole file as bytes, with its modification time (`None` where the system does not
/// keep one), both from one open of the file.
pub(crate) fn read_with_modified(
    path: &Path,
) -> Result<(Vec<u8>, Option<std::time::SystemTime>), Diagnostic> {
    use std::io::Read;
    let read = || -> std::io::Result<_> {
        let mut file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        file.read_to_end(&mut bytes)?;
        Ok((bytes, meta.modified().ok()))
    };
    read().map_err(|e| io_error(Code::E0003, path, &e))
}

/// Reads a whole file as UTF-8 text, rejecting other encodings with the offending line.
pub(crate) fn read_to_string(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read(path)?;
    utf8(path, bytes)
}

/// Validates bytes as UTF-8, naming the line of the first invalid byte.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::new(Code::E0001, path).at(line, None)
    })
}

/// Validates bytes as plain UTF-8 text: [`utf8`], and no control character but tab, carriage
/// return and line feed (ISO-2022-JP is 7-bit and would pass as UTF-8: its escape sequences
/// start with ESC, and a reader that takes it for ISO-2022-JP shows what the gate did not
/// read), naming the line of the first one.
pub(crate) fn plain_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = utf8(path, bytes)?;
    let control =
        |c: char| c.is_ascii_control() && c != '\u{7f}' && !matches!(c, '\t' | '\n' | '\r');
    match text.find(control) {
        Some(at) => {
            let line = text[..at].matches('\n').count() + 1;
            let c = text[at..].chars().next().unwrap_or_default();
            Err(Diagnostic::new(Code::E0009, path)
                .at(line, None)
                .arg("char", format!("U+{:04X}", u32::from(c))))
        }
        None => Ok(text),
    }
}

/// Writes a file, creating nothing but the file itself.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    std::fs::write(path, bytes).map_err(|e| io_error(Code::E0004, path, &e))
}

/// Creates a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|e| io_error(Code::E0005, path, &e))
}

/// Removes a folder and everything in it, its subfolders in parallel: removing a large output
/// is thousands of unlinks, which the kernel serves faster from several threads.
pub(crate) fn remove_dir_all(path: &Path) -> Result<(), Diagnostic> {
    remove_tree(path).map_err(|e| io_error(Code::E0006, path, &e))
}

fn remove_tree(path: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            dirs.push(entry.path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    dirs.par_iter().try_for_each(|d| remove_tree(d))?;
    std::fs::remove_dir(path)
}

/// Renames a file or folder.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(from, to).map_err(|e| io_error(Code::E0007, from, &e).arg("to", to.display()))
}

/// Writes a file that must not exist yet, creating its folder first if needed. Nothing is ever
/// overwritten, not even through a symbolic link (`create_new` never follows one): staged files
/// may be hard links to the previous output's, and `new` must not replace an author's file or
/// write outside content/. Something already at `path` is an error saying so.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::Write;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(parent).and_then(|()| open())
        }
        other => other,
    };
    match file {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(Diagnostic::new(Code::E0002, path))
        }
        file => file
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| io_error(Code::E0004, path, &e)),
    }
}

/// Writes a new file only its owner may read or write (mode 0600 on Unix); never overwrites.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// Creates a folder (and its parents) that only its owner may enter (0700 on Unix), if missing.
pub(crate) fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// The absolute path of `path` with every link resolved; an error is `code`'s.
pub(crate) fn canonicalize(path: &Path, code: Code) -> Result<PathBuf, Diagnostic> {
    std::fs::canonicalize(path).map_err(|e| io_error(code, path, &e))
}

/// What is at `path` itself (a link is not followed).
pub(crate) fn symlink_metadata(path: &Path) -> io::Result<Metadata> {
    std::fs::symlink_metadata(path)
}

/// What is at `path`, links followed.
pub(crate) fn metadata(path: &Path) -> io::Result<Metadata> {
    std::fs::metadata(path)
}

/// The entries of a folder.
pub(crate) fn read_dir(path: &Path) -> io::Result<ReadDir> {
    std::fs::read_dir(path)
}

/// Whether `path` is a folder with nothing in it.
pub(crate) fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// A second name for the file `from` (a hard link) at `to`.
pub(crate) fn hard_link(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to)
}

/// Removes one file (not a folder).
pub(crate) fn remove_file(path: &Path) -> io::Result<()> {
    std::fs::remove_file(path)
}

/// Opens (creating it if needed, never truncating it) a file to read and write: a lock file.
pub(crate) fn open_lock_file(path: &Path) -> io::Result<File> {
    File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// An I/O error as a diagnostic of `code` on `path` (the system's words as its `error`).
pub(crate) fn io_error(code: Code, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(code, path).arg("error", e)
}

/// Removes a folder and everything in it, the file `last` (directly in it) last of all: a
/// removal that is interrupted leaves a folder that still carries `last`, or an empty one, so
/// that it can be recognised and removed later.
pub(crate) fn remove_dir_all_last(path: &Path, last: &str) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    let fail = |e: std::io::Error| io_error(Code::E0006, path, &e);
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(path).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        if entry.file_name() == last {
            continue;
        }
        if entry.file_type().map_err(fail)?.is_dir() {
            dirs.push(entry.path());
        } else {
            std::fs::remove_file(entry.path()).map_err(fail)?;
        }
    }
    dirs.par_iter().try_for_each(|d| remove_dir_all(d))?;
    match std::fs::remove_file(path.join(last)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
        _ => {}
    }
    std::fs::remove_dir(path).map_err(fail)
}

/// Exchanges two paths in one atomic step (Linux `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`
/// where the system or the file system cannot, and nothing was changed: the caller then falls
/// back to two renames.
pub(crate) fn exchange(a: &Path, b: &Path) -> Result<bool, Diagnostic> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // Older kernels (NOSYS) and file systems without exchange (INVAL, OPNOTSUPP).
            Err(Errno::NOSYS | Errno::INVAL | Errno::OPNOTSUPP) => Ok(false),
            Err(e) => Err(io_error(Code::E0008, a, &e.into()).arg("other", b.display())),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}
