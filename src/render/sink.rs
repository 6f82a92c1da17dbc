//! Where rendered files go: a [`Sink`] is handed every file the render step produces (the
//! write step's staging folder is one; [`MemorySink`] keeps them in memory for `check`).

use std::path::Path;

use crate::diag::Diagnostic;

/// Where rendered files go.
pub(crate) trait Sink: Sync {
    /// Writes one file at `path` (relative to the output root, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file from disk to `path`.
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// Keeps the rendered HTML pages in memory (copies and other files are dropped): what `check`
/// reads for its accessibility checks.
#[derive(Debug, Default)]
pub(crate) struct MemorySink {
    files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// Every page written, by output path.
    pub(crate) fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if path.ends_with(".html") {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            files.insert(path.to_owned(), bytes.to_vec());
        }
        Ok(())
    }

    fn copy(&self, _path: &str, _from: &Path) -> Result<(), Diagnostic> {
        Ok(())
    }
}
