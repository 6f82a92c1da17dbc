//! The render step's side of the publish gate's last barrier: a [`Sink`] that holds every
//! file to the barrier ([`crate::gate::barrier`]) and to the reading of its bytes
//! ([`crate::gate::published`]) before handing it on, and keeps what they found.

use std::path::Path;
use std::sync::Mutex;

use super::sink::Sink;
use crate::diag::Diagnostic;
use crate::gate::barrier::{Barrier, Found};
use crate::timings::{Stage, Timings};

/// How a published file is read by its bytes: what keeps it from being published.
pub(crate) type ReadFile<'a> = dyn Fn(&str, &[u8]) -> Vec<Diagnostic> + Sync + 'a;

/// A sink that holds every file to the barrier before handing it on (the barrier timed as
/// the final scan, the rest as writing).
pub(crate) struct Gated<'a> {
    inner: &'a dyn Sink,
    barrier: &'a Barrier,
    read: &'a ReadFile<'a>,
    timings: &'a Timings,
    found: Mutex<Vec<(String, Vec<Found>)>>,
    unread: Mutex<Vec<Diagnostic>>,
}

impl<'a> Gated<'a> {
    /// Wraps `inner`.
    pub(crate) fn new(
        inner: &'a dyn Sink,
        barrier: &'a Barrier,
        read: &'a ReadFile<'a>,
        timings: &'a Timings,
    ) -> Gated<'a> {
        Gated {
            inner,
            barrier,
            read,
            timings,
            found: Mutex::new(Vec::new()),
            unread: Mutex::new(Vec::new()),
        }
    }

    /// What the barrier found, by output path, and what reading the files' bytes found.
    pub(crate) fn into_found(self) -> (Vec<(String, Vec<Found>)>, Vec<Diagnostic>) {
        let mut found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let unread = self.unread.into_inner().unwrap_or_else(|e| e.into_inner());
        (found, unread)
    }

    fn check(&self, path: &str, bytes: &[u8]) {
        let (found, unread) = self.timings.thread(Stage::FinalScan, || {
            (self.barrier.scan(path, bytes), (self.read)(path, bytes))
        });
        if !unread.is_empty() {
            let mut all = self.unread.lock().unwrap_or_else(|e| e.into_inner());
            all.extend(unread);
        }
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
