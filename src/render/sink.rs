//! Where rendered files go: a [`Sink`] is handed every file the render step produces (the
//! write step's staging folder is one; [`MemorySink`] keeps them in memory for `check`).

use std::path::Path;

use crate::diag::Diagnostic;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes one file at `path` (relative to the output root, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file from disk to `path`.
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
}

/// Keeps rendered files in memory: for `check` (HTML only) and the preview server.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
    html_only: bool,
}

impl MemorySink {
    /// A sink that keeps every file.
    pub fn new() -> Self {
        Self::default()
    }

    /// A sink that keeps only HTML pages (copies and other files are dropped).
    pub fn html_only() -> Self {
        MemorySink {
            html_only: true,
            ..Self::default()
        }
    }

    /// Everything written, by output path.
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, path: &str, bytes: Vec<u8>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_owned(), bytes);
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if !self.html_only || path.ends_with(".html") {
            self.put(path, bytes.to_vec());
        }
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        if !self.html_only {
            self.put(path, crate::fs::read(from)?);
        }
        Ok(())
    }
}
