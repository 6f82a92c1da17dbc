//! The secret that authenticates the attachment cache's entries, and the HMAC-SHA256 over them.
//!
//! An entry of `.office-site-cache/` says what the gate read in a file; a build that trusted a
//! tampered entry (its text emptied, another file's reading, an entry from another machine's
//! cache) would publish what the gate never saw. So each entry carries an HMAC-SHA256 keyed by
//! a random secret kept outside every site folder, in the user's cache folder
//! (`$XDG_CACHE_HOME/office-site/key`, else `~/.cache/office-site/key`), created readable by
//! its owner only on first use. The MAC covers the reader's version, this binary's version and
//! build id (a hash of its sources, `build.rs`), the file's hash and extension, and the entry's
//! bytes. Without a usable secret nothing is cached on disk.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The length of the secret, in bytes.
const LEN: usize = 32;

/// Identifies this binary: its version and a hash of the sources it was built from.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("OFFICE_SITE_BUILD_ID"));

/// The secret that keys the cache's MACs.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Key([u8; LEN]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(..)")
    }
}

impl Key {
    /// A key of these bytes (tests).
    #[cfg(test)]
    pub(crate) fn from_bytes(bytes: [u8; LEN]) -> Key {
        Key(bytes)
    }

    /// The user's key, created on first use; `None` if it cannot be read or made, is not the
    /// owner's alone, or would lie inside the site folder `root`.
    pub(crate) fn user(root: &Path) -> Option<Key> {
        let path = key_path()?;
        let site = crate::fs::canonicalize(root, crate::diag::Code::E0004).ok()?;
        let folder = path.parent()?;
        let _ = crate::fs::create_private_dir(folder);
        let real = crate::fs::canonicalize(folder, crate::diag::Code::E0004).ok()?;
        if real.starts_with(&site) {
            return None;
        }
        Key::load(&path).or_else(|| Key::create(&path))
    }

    fn load(path: &Path) -> Option<Key> {
        let meta = crate::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || !private(&meta) {
            return None;
        }
        let text = crate::fs::read(path).ok()?;
        let bytes = unhex(text.trim_ascii())?;
        Some(Key(bytes))
    }

    fn create(path: &Path) -> Option<Key> {
        let mut bytes = [0u8; LEN];
        getrandom::fill(&mut bytes).ok()?;
        // Named after the new key's hash: two threads or builds never share a temporary file.
        let tmp = path.with_file_name(format!(
            ".key-{}",
            &super::hex(&Sha256::digest(bytes))[..16]
        ));
        crate::fs::write_private(&tmp, super::hex(&bytes).as_bytes()).ok()?;
        // A hard link never replaces a key another build made meanwhile: that one is used.
        let linked = crate::fs::hard_link(&tmp, path);
        let _ = crate::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Some(Key(bytes)),
            Err(_) => Key::load(path),
        }
    }

    /// The MAC of an entry: over the reader's version, this binary, the file's hash and
    /// extension, and the entry's bytes, each prefixed by its length.
    pub(crate) fn mac(&self, reader: u32, hash: &str, ext: &str, entry: &[u8]) -> [u8; 32] {
        let reader = reader.to_le_bytes();
        let parts: [&[u8]; 5] = [
            &reader,
            BUILD.as_bytes(),
            hash.as_bytes(),
            ext.as_bytes(),
            entry,
        ];
        let lengths = parts.map(|p| (p.len() as u64).to_le_bytes());
        let mut message: Vec<&[u8]> = Vec::with_capacity(10);
        for (part, len) in parts.iter().zip(&lengths) {
            message.push(len);
            message.push(part);
        }
        hmac(&self.0, &message)
    }
}

/// HMAC-SHA256 (RFC 2104) of the concatenated `parts`.
fn hmac(key: &[u8; LEN], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..LEN].copy_from_slice(key);
    let pad = |b: u8| block.map(|k| k ^ b);
    let mut inner = Sha256::new();
    inner.update(pad(0x36));
    for part in parts {
        inner.update(part);
    }
    let mut outer = Sha256::new();
    outer.update(pad(0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Where the user's key is kept.
fn key_path() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let base = std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(absolute)
                .map(|h| h.join(".cache"))
        })?;
    Some(base.join("office-site").join("key"))
}

#[cfg(unix)]
fn private(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o077 == 0
}

#[cfg(not(unix))]
fn private(_: &std::fs::Metadata) -> bool {
    true
}

fn unhex(text: &[u8]) -> Option<[u8; LEN]> {
    if text.len() != 2 * LEN {
        return None;
    }
    let mut out = [0u8; LEN];
    for (o, pair) in out.iter_mut().zip(text.chunks(2)) {
        *o = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

/// Two MACs compared in time that does not depend on where they differ.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_is_rfc_4231_test_case_2() {
        // A short key is zero-padded to the block: "Jefe" and "Jefe" + 28 zeros are one key.
        let mut key = [0u8; LEN];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac(&key, &[b"what do ya ", b"want for nothing?"]);
        assert_eq!(
            super::super::hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_mac_covers_every_part_and_their_bounds() {
        let key = Key([7; LEN]);
        let base = key.mac(4, "ab", "png", b"{}");
        assert_ne!(base, key.mac(5, "ab", "png", b"{}"));
        assert_ne!(base, key.mac(4, "ac", "png", b"{}"));
        assert_ne!(base, key.mac(4, "ab", "jpg", b"{}"));
        assert_ne!(base, key.mac(4, "ab", "png", b"{ }"));
        assert_ne!(base, key.mac(4, "abp", "ng", b"{}"));
        assert_ne!(base, Key([8; LEN]).mac(4, "ab", "png", b"{}"));
    }

    #[test]
    fn a_key_is_hex_of_the_right_length() {
        assert!(unhex(b"00").is_none());
        assert_eq!(unhex(&[b'a'; 64]), Some([0xaa; LEN]));
        assert!(unhex(&[b'g'; 64]).is_none());
    }
}
