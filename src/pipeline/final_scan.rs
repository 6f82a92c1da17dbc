//! The publish gate over a finished output folder (`deploy --output DIR`): every file held to
//! the last barrier as a build holds what it writes, and every file that is an attachment (a
//! PDF, an Office file or an image, by its bytes whatever its name) opened and held to the
//! attachment gate as the build holds the files of content/ (`load::attachments`,
//! `gate::attachments`). What the gate cannot read (an unreadable or encrypted attachment, a
//! symbolic link, anything but a regular file) is refused, never passed.
//!
//! Part of [`super`]: it prepares the site as a build would, so that the URLs of the pages
//! left out of the build, the pages' `allow:` entries and site.yaml's `attachments:` are known.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Pipeline;
use crate::diag::{Diagnostic, Diagnostics};
use crate::gate::ScanStats;
use crate::render::Rendering;
use crate::timings::Timings;
use crate::write;

/// The publish gate's last barrier over files already written: a site prepared as a build of
/// it would be (so that the URLs of its pages left out of the build are known), then any set of
/// files held to its barrier as the build holds every file it writes.
///
/// `deploy --output DIR` runs it over a finished output folder before anything is hashed or
/// uploaded ([`FinalScan::scan_dir`]); `benches/gate_scan.rs` measures it ([`FinalScan::scan`]).
#[derive(Debug)]
pub struct FinalScan {
    root: PathBuf,
    rendering: Rendering,
}

impl FinalScan {
    /// Prepares the site at `root` as a build for `base_url` (site.yaml's when `None`) would,
    /// drafts left out, reading every attachment afresh (no cache entry is trusted).
    pub fn new(root: &Path, base_url: Option<&str>) -> Result<FinalScan, Diagnostics> {
        // Every attachment is read afresh: a deploy trusts no cache entry.
        let prepared = Pipeline::new(root, base_url, false)
            .without_disk_cache()
            .prepare_once(&Timings::off())?;
        let rendering = prepared.rendering().map_err(|e| e.relative_to(root))?;
        Ok(FinalScan {
            root: root.to_path_buf(),
            rendering,
        })
    }

    /// Holds `files` (path under the output root, bytes) to a fresh barrier, in parallel: what
    /// it read, and what it found, as errors naming the published file and its source.
    pub fn scan(&self, files: &[(String, Vec<u8>)]) -> (ScanStats, Diagnostics) {
        let (stats, found) = self.rendering.scan(files);
        (stats, found.relative_to(&self.root))
    }

    /// Holds every file of the output folder `dir` to the barrier, and every attachment in it
    /// to the attachment gate (its marker and build record aside: they are never published);
    /// the errors if anything is found or cannot be read.
    pub fn scan_dir(&self, dir: &Path) -> Result<ScanStats, Diagnostics> {
        let (files, unread) = write::published_files(dir);
        let (stats, mut found) = self.scan(&files);
        found.extend(unread.relative_to(&self.root));
        found.extend(self.attachments(dir, &files).relative_to(&self.root));
        if found.has_errors() {
            Err(found)
        } else {
            Ok(stats)
        }
    }

    /// Every file read by its bytes as the build reads what it writes
    /// ([`crate::gate::published`]): attachments opened, archives too, what is neither one nor
    /// text refused.
    fn attachments(&self, dir: &Path, files: &[(String, Vec<u8>)]) -> Diagnostics {
        files
            .par_iter()
            .flat_map_iter(|(path, bytes)| self.rendering.read_published(path, bytes, Some(dir)))
            .collect::<Vec<Diagnostic>>()
            .into_iter()
            .collect()
    }
}
