//! The render step's side of the publish gate's last barrier: a [`Sink`] that holds every
//! file to the barrier ([`crate::gate::barrier`]) before handing it on, and keeps what it found.

use std::path::Path;
use std::sync::Mutex;

use super::sink::Sink;
use crate::diag::Diagnostic;
use crate::gate::barrier::{Barrier, Found};
use crate::timings::{Stage, Timings};

/// A sink that holds every file to the barrier before handing it on (the barrier timed as
/// the final scan, the rest as writing).
pub(crate) struct Gated<'a> {
    inner: &'a dyn Sink,
    barrier: &'a Barrier,
    timings: &'a Timings,
    found: Mutex<Vec<(String, Vec<Found>)>>,
}

impl<'a> Gated<'a> {
    /// Wraps `inner`.
    pub(crate) fn new(
        inner: &'a dyn Sink,
        barrier: &'a Barrier,
        timings: &'a Timings,
    ) -> Gated<'a> {
        Gated {
            inner,
            barrier,
            timings,
            found: Mutex::new(Vec::new()),
        }
    }

    /// What the barrier found, by output path.
    pub(crate) fn into_found(self) -> Vec<(String, Vec<Found>)> {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    fn check(&self, path: &str, bytes: &[u8]) {
        let found = self
            .timings
            .thread(Stage::FinalScan, || self.barrier.scan(path, bytes));
        if !found.is_empty() {
            let mut all = self.found.lock().unwrap_or_else(|e| e.into_inner());
            all.push((path.to_owned(), found));
        }
    }
}

impl Sink for Gated<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.check(path, bytes);
        self.timings
            .thread(Stage::Write, || self.inner.write(path, bytes))
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = self
            .timings
            .thread(Stage::Write, || crate::fs::read(from))?;
        self.check(path, &bytes);
        self.timings
            .thread(Stage::Write, || self.inner.write(path, &bytes))
    }
}
