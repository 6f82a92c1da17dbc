//! Regression tests for the hostile test's finding that files under `static/` (and the
//! theme's `static/`) were never opened by the attachment gate, and that compressed files the
//! gate cannot read (xz, zstd, bzip2, lzma) were published from content/: every published
//! file is now read by its bytes. Each case is generated in several names and places.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::io::Write;

use common::Site;

const MARK: &str = "機密性2情報";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file(*name, o).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Every hostile variant, by file name.
fn variants() -> Vec<(String, Vec<u8>)> {
    let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{MARK}</text></svg>");
    let inner = zip_of(&[("memo.txt", MARK.as_bytes())]);
    vec![
        ("f.svgz".into(), gzip(svg.as_bytes())),
        ("g.txt.gz".into(), gzip(MARK.as_bytes())),
        ("renamed.css".into(), gzip(MARK.as_bytes())),
        ("y.zip".into(), inner.clone()),
        ("nested.zip".into(), zip_of(&[("in.zip", &inner)])),
        ("zip-in-gz.dat".into(), gzip(&inner)),
        (
            "gz-in-zip.zip".into(),
            zip_of(&[("m.txt.gz", &gzip(MARK.as_bytes()))]),
        ),
        ("j.txt".into(), encoding_sjis()),
        ("h.txt.xz".into(), b"\xFD7zXZ\0\0\0rest".to_vec()),
        ("h.txt.zst".into(), b"\x28\xB5\x2F\xFDrest".to_vec()),
        ("h.txt.bz2".into(), b"BZh91AY&SYrest".to_vec()),
        ("noext".into(), b"\x28\xB5\x2F\xFDrest".to_vec()),
        ("blob.bin".into(), vec![0, 1, 2, 3, 0xFF, 0xFE, 0]),
        ("w.woff2".into(), b"wOF2\0\x01\0\0rest".to_vec()),
    ]
}

/// Shift_JIS bytes of the marking (written out, so the test needs no encoder).
fn encoding_sjis() -> Vec<u8> {
    vec![
        0x8B, 0x40, 0x96, 0xA7, 0x90, 0xAB, 0x32, 0x8F, 0xEE, 0x95, 0xF1,
    ]
}

#[test]
fn hostile_files_under_static_are_refused_with_their_static_path() {
    let site = Site::fixture("basic");
    for (name, bytes) in variants() {
        site.write_bytes(&format!("static/files/{name}"), &bytes);
    }
    let errors = site.build_err();
    for (name, _) in variants() {
        let path = format!("static/files/{name}");
        assert!(
            errors.iter().any(|e| e.contains(&path)),
            "{path} was published: {errors:#?}"
        );
    }
}

#[test]
fn compressed_files_the_gate_cannot_open_are_refused_under_content() {
    let site = Site::fixture("basic");
    let names = [
        "memo.txt.xz",
        "memo.txt.zst",
        "memo.txt.bz2",
        "memo.txt.lzma",
    ];
    let magic: [&[u8]; 4] = [
        b"\xFD7zXZ\0",
        b"\x28\xB5\x2F\xFD",
        b"BZh9",
        b"\x5D\0\0\x80\0",
    ];
    let mut body = String::from("---\ntitle: 資料\n---\n\n");
    for (name, m) in names.iter().zip(magic) {
        site.write_bytes(&format!("content/files/{name}"), &[m, b"rest"].concat());
        body.push_str(&format!("[{name}](../files/{name})\n\n"));
    }
    site.write("content/teams/links.md", &body);
    let errors = site.build_err();
    for name in names {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(name) && e.contains("E0322")),
            "{name} was published: {errors:#?}"
        );
    }
}

#[test]
fn a_zip_bomb_under_static_is_refused_quickly() {
    let site = Site::fixture("basic");
    let zeros = vec![b'a'; 200 << 20];
    site.write_bytes("static/bomb.zip", &zip_of(&[("a.txt", &zeros)]));
    site.write_bytes("static/bomb.gz", &gzip(&zeros));
    drop(zeros);
    let start = std::time::Instant::now();
    let errors = site.build_err();
    assert!(start.elapsed().as_secs() < 20, "too slow");
    for name in ["static/bomb.zip", "static/bomb.gz"] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(name) && e.contains("zip bomb")),
            "{name}: {errors:#?}"
        );
    }
}

#[test]
fn a_clean_zip_and_gzip_and_text_under_static_are_published() {
    let site = Site::fixture("basic");
    site.write_bytes(
        "static/ok.zip",
        &zip_of(&[("a.txt", "公開資料".as_bytes())]),
    )
    .write_bytes("static/ok.txt.gz", &gzip("公開資料".as_bytes()))
    .write_bytes(
        "static/ok.svgz",
        &gzip(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    )
    .write("static/notes", "plain UTF-8 text, no extension\n");
    site.build_ok();
    for f in ["ok.zip", "ok.txt.gz", "ok.svgz", "notes"] {
        assert!(site.output().join(f).exists(), "{f} missing");
    }
}
