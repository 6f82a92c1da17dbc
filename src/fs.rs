//! File-system helpers that name the path in every error.
//!
//! Every read and write of the pipeline goes through here, so an I/O failure always becomes a
//! [`Diagnostic`] naming the file. The staged output and its swap live in [`crate::output`].

use std::path::Path;

use crate::error::Diagnostic;

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| io_error(path, "cannot read", &e))
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
    read().map_err(|e| io_error(path, "cannot read", &e))
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
        Diagnostic::error(
            path,
            "this file is not valid UTF-8 text; save it as UTF-8 (Shift_JIS and EUC-JP are not supported)",
        )
        .at(line, None)
    })
}

/// Writes a file, creating nothing but the file itself.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    std::fs::write(path, bytes).map_err(|e| io_error(path, "cannot write", &e))
}

/// Creates a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path).map_err(|e| io_error(path, "cannot create the folder", &e))
}

/// Removes a folder and everything in it, its subfolders in parallel: removing a large output
/// is thousands of unlinks, which the kernel serves faster from several threads.
pub(crate) fn remove_dir_all(path: &Path) -> Result<(), Diagnostic> {
    remove_tree(path).map_err(|e| io_error(path, "cannot remove the folder", &e))
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
    std::fs::rename(from, to)
        .map_err(|e| io_error(from, &format!("cannot rename to {}", to.display()), &e))
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
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Diagnostic::error(
            path,
            "this file already exists (or a link of that name does), and is never overwritten",
        )),
        file => file
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| io_error(path, "cannot write", &e)),
    }
}

/// An I/O error as a diagnostic on `path`.
pub(crate) fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}
