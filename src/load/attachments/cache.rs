//! What was read from each attachment, kept by the SHA-256 of its bytes: in memory (the
//! preview's rebuilds, and the barrier of the build that just read them), and on disk in the
//! site's `.office-site-cache/attachments/` folder, one JSON file per content hash, so the
//! next build does not read an unchanged file again.
//!
//! The folder is beside `content/`, never inside an output, and git-ignored, so nobody reviews
//! it: an entry is trusted only if its HMAC-SHA256, keyed by the user's secret kept outside the
//! site ([`key`]), matches the reader's version, this binary, the hash and extension it is
//! filed under and its bytes, and it then parses, names that hash and was written by this
//! version of the reader. Anything else (a corrupt, truncated, stale, edited, swapped or foreign
//! entry) is read again from the attachment and the entry rewritten. Without a key nothing is
//! kept on disk. `deploy` never reads the disk cache ([`Store::memory`]). Entries are written to
//! a temporary file and renamed, so two builds at once never see half an entry. A cache that
//! cannot be written is no error: the build reads the files itself.

mod key;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::attachment::Extracted;

/// Bumped whenever the readers change what they extract: older entries are read again.
const READER_VERSION: u32 = 6;

/// The cache folder of a site.
pub(crate) const FOLDER: &str = ".office-site-cache/attachments";

#[derive(Serialize, Deserialize)]
struct Entry {
    version: u32,
    sha256: String,
    extracted: Extracted,
}

/// What the attachment reader did in one build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentStats {
    /// Attachments read from their bytes (not in the cache, or the entry was unusable).
    pub read: usize,
    /// Attachments whose reading came from the cache (memory or disk).
    pub cached: usize,
    /// Cache entries that were found but could not be used (corrupt or stale), and read again.
    pub rejected: usize,
    /// Time spent reading, hashing and looking up, added up over threads.
    pub cpu: std::time::Duration,
}

/// The attachment reader with its cache.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// The folder of entries and the key that authenticates them (`None`: memory only).
    disk: Option<(PathBuf, key::Key)>,
    memory: Mutex<HashMap<String, Arc<Extracted>>>,
    read: AtomicUsize,
    cached: AtomicUsize,
    rejected: AtomicUsize,
    nanos: AtomicU64,
}

impl Store {
    /// A store that keeps its readings in memory only: every attachment is read afresh
    /// (`deploy`, which trusts nothing on disk).
    pub(crate) fn memory() -> Store {
        Store::default()
    }

    /// A store whose entries under `dir` are authenticated with `key`.
    fn with_key(dir: PathBuf, key: key::Key) -> Store {
        Store {
            disk: Some((dir, key)),
            ..Store::default()
        }
    }

    /// The store of the site at `root` (its cache in `ROOT/.office-site-cache/attachments/`,
    /// keyed by the user's secret; in memory only if there is none).
    pub(crate) fn for_site(root: &Path) -> Store {
        match key::Key::user(root) {
            Some(key) => Store::with_key(root.join(FOLDER), key),
            None => Store::memory(),
        }
    }

    /// What was done so far (and starts counting again).
    pub(crate) fn take_stats(&self) -> AttachmentStats {
        AttachmentStats {
            read: self.read.swap(0, Ordering::Relaxed),
            cached: self.cached.swap(0, Ordering::Relaxed),
            rejected: self.rejected.swap(0, Ordering::Relaxed),
            cpu: std::time::Duration::from_nanos(self.nanos.swap(0, Ordering::Relaxed)),
        }
    }

    /// What a file named `name` with these bytes holds: from the cache if its hash is there,
    /// else read (and kept).
    pub(crate) fn get(&self, name: &str, bytes: &[u8]) -> Arc<Extracted> {
        let start = Instant::now();
        let hash = hex(&Sha256::digest(bytes));
        let out = self.lookup(name, bytes, &hash);
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        out
    }

    fn lookup(&self, name: &str, bytes: &[u8], hash: &str) -> Arc<Extracted> {
        // The format depends on the name's extension too (a zip is a .docx or a .xlsx).
        let ext = extension(name);
        let key = format!("{hash}.{ext}");
        if let Some(found) = self
            .memory
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return found.clone();
        }
        let disk = self
            .disk
            .as_ref()
            .map(|(d, k)| (d.join(format!("{key}.json")), k));
        if let Some(found) = disk
            .as_ref()
            .and_then(|(f, k)| self.read_disk(f, k, hash, &ext))
        {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return self.remember(key, found);
        }
        self.read.fetch_add(1, Ordering::Relaxed);
        let extracted = super::extract(name, bytes);
        if let Some((f, k)) = &disk {
            write_entry(f, k, hash, &ext, &extracted);
        }
        self.remember(key, extracted)
    }

    fn remember(&self, key: String, extracted: Extracted) -> Arc<Extracted> {
        let extracted = Arc::new(extracted);
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.insert(key, extracted.clone());
        extracted
    }

    /// The entry in `file` if it is authentic and this reader's reading of `hash`.
    fn read_disk(&self, file: &Path, key: &key::Key, hash: &str, ext: &str) -> Option<Extracted> {
        let text = crate::fs::read(file).ok()?;
        let entry = text
            .split_first_chunk::<65>()
            .filter(|(mac, json)| {
                mac[64] == b'\n'
                    && key::same(
                        &mac[..64],
                        hex(&key.mac(READER_VERSION, hash, ext, json)).as_bytes(),
                    )
            })
            .and_then(|(_, json)| serde_json::from_slice::<Entry>(json).ok());
        match entry {
            Some(e) if e.version == READER_VERSION && e.sha256 == hash => Some(e.extracted),
            _ => {
                self.rejected.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes an entry (its MAC, a newline, its JSON) through a temporary file and a rename; any
/// failure leaves no entry.
fn write_entry(file: &Path, key: &key::Key, hash: &str, ext: &str, extracted: &Extracted) {
    let Some(dir) = file.parent() else { return };
    let entry = Entry {
        version: READER_VERSION,
        sha256: hash.to_owned(),
        extracted: extracted.clone(),
    };
    let Ok(json) = serde_json::to_vec(&entry) else {
        return;
    };
    let mut bytes = hex(&key.mac(READER_VERSION, hash, ext, &json)).into_bytes();
    bytes.push(b'\n');
    bytes.extend_from_slice(&json);
    if crate::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".tmp-{}-{}", std::process::id(), fastish_id(hash)));
    if crate::fs::write(&tmp, &bytes).is_ok() && crate::fs::rename(&tmp, file).is_err() {
        let _ = crate::fs::remove_file(&tmp);
    }
}

/// A name part that differs between threads writing the same entry.
fn fastish_id(hash: &str) -> String {
    use std::hash::{BuildHasher, RandomState};
    format!(
        "{}-{:x}",
        &hash[..8],
        RandomState::new().hash_one(std::thread::current().id())
    )
}

#[cfg(test)]
mod tests;
