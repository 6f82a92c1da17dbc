//! Embeds the default theme (themes/default/) in the binary, so that a site folder without a
//! themes/ folder builds with it, and names the build: `OFFICE_SITE_BUILD_ID` is a hash of the
//! sources and Cargo.lock, so a new binary never trusts an attachment cache entry an older
//! reader wrote (src/load/attachments/cache/key.rs).
#![allow(clippy::disallowed_methods)] // a build script runs before the crate (and its fs.rs) exists

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Files of the built-in default theme: (path under the theme, contents).\n",
    );
    out.push_str("pub(crate) static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("default_theme.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
    build_id(&root);
}

/// A hash (FNV-1a, 64 bits: an identity, not a secret) of every file under src/ and Cargo.lock.
fn build_id(root: &Path) {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    collect(&root.join("src"), &root.join("src"), &mut files);
    files.sort();
    files.push(("Cargo.lock".to_owned(), root.join("Cargo.lock")));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (rel, abs) in &files {
        let bytes = std::fs::read(abs).unwrap_or_default();
        for b in rel.bytes().chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=OFFICE_SITE_BUILD_ID={hash:016x}");
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}
