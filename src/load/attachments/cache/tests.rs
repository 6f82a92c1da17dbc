//! The attachment cache trusts only entries its key authenticates.

use super::*;

/// A PDF whose page 2 says 機密性2情報.
const MARKED: &[u8] =
    include_bytes!("../../../../tests/fixtures/attachments/chromium-marking-p2.pdf");
const CLEAN: &[u8] = include_bytes!("../../../../tests/fixtures/attachments/chromium-clean-2p.pdf");

fn store(dir: &Path, key: u8) -> Store {
    Store::with_key(dir.to_path_buf(), key::Key::from_bytes([key; 32]))
}

fn text(e: &Extracted) -> String {
    e.parts
        .iter()
        .chain(&e.strings)
        .map(|p| format!("{p:?}"))
        .collect()
}

fn entry_of(dir: &Path, bytes: &[u8]) -> PathBuf {
    dir.join(format!("{}.pdf.json", hex(&Sha256::digest(bytes))))
}

/// Reads `MARKED` afresh with a new store after `tamper` changed its entry: what is found.
fn after(tamper: impl FnOnce(&Path)) -> (Arc<Extracted>, AttachmentStats) {
    let dir = tempfile::tempdir().unwrap();
    let first = store(dir.path(), 1).get("a.pdf", MARKED);
    store(dir.path(), 1).get("b.pdf", CLEAN);
    assert!(text(&first).contains("機密性"), "{}", text(&first));
    tamper(dir.path());
    let again = store(dir.path(), 1);
    let found = again.get("a.pdf", MARKED);
    (found, again.take_stats())
}

#[test]
fn a_valid_entry_is_used() {
    let (found, stats) = after(|_| {});
    assert_eq!((stats.read, stats.cached, stats.rejected), (0, 1, 0));
    assert!(text(&found).contains("機密性"));
}

fn rewrite_json(file: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let bytes = crate::fs::read(file).unwrap();
    let (mac, json) = bytes.split_at(65);
    let mut value: serde_json::Value = serde_json::from_slice(json).unwrap();
    f(&mut value);
    let mut out = mac.to_vec();
    out.extend(serde_json::to_vec(&value).unwrap());
    crate::fs::write(file, &out).unwrap();
}

#[test]
fn tampered_cache_entry_emptied_is_read_again() {
    let (found, stats) = after(|dir| {
        rewrite_json(&entry_of(dir, MARKED), |v| {
            v["extracted"]["parts"] = serde_json::json!([]);
            v["extracted"]["strings"] = serde_json::json!([]);
        });
    });
    assert_eq!((stats.read, stats.cached, stats.rejected), (1, 0, 1));
    assert!(text(&found).contains("機密性"));
}

#[test]
fn tampered_cache_entry_with_edited_text_is_read_again() {
    let (found, stats) = after(|dir| {
        let file = entry_of(dir, MARKED);
        let bytes = String::from_utf8(crate::fs::read(&file).unwrap()).unwrap();
        crate::fs::write(&file, bytes.replace("機密性", "公開性").as_bytes()).unwrap();
    });
    assert_eq!((stats.read, stats.rejected), (1, 1));
    assert!(text(&found).contains("機密性"));
}

#[test]
fn cache_entries_swapped_between_two_files_are_read_again() {
    let (found, stats) = after(|dir| {
        let clean = crate::fs::read(&entry_of(dir, CLEAN)).unwrap();
        crate::fs::write(&entry_of(dir, MARKED), &clean).unwrap();
    });
    assert_eq!((stats.read, stats.rejected), (1, 1));
    assert!(text(&found).contains("機密性"));
    // Even with the hash inside rewritten to the marked file's: the MAC covers the bytes.
    let (found, stats) = after(|dir| {
        let clean = String::from_utf8(crate::fs::read(&entry_of(dir, CLEAN)).unwrap()).unwrap();
        let (c, m) = (hex(&Sha256::digest(CLEAN)), hex(&Sha256::digest(MARKED)));
        crate::fs::write(&entry_of(dir, MARKED), clean.replace(&c, &m).as_bytes()).unwrap();
    });
    assert_eq!((stats.read, stats.rejected), (1, 1));
    assert!(text(&found).contains("機密性"));
}

#[test]
fn a_cache_entry_made_with_another_key_is_read_again() {
    let (found, stats) = after(|dir| {
        let mut empty = Extracted::empty(crate::model::attachment::Format::Pdf);
        empty.pdf = None;
        let hash = hex(&Sha256::digest(MARKED));
        write_entry(
            &entry_of(dir, MARKED),
            &key::Key::from_bytes([2; 32]),
            &hash,
            "pdf",
            &empty,
        );
    });
    assert_eq!((stats.read, stats.rejected), (1, 1));
    assert!(text(&found).contains("機密性"));
}

#[test]
fn an_entry_of_the_old_unauthenticated_format_is_read_again() {
    let (found, stats) = after(|dir| {
        let file = entry_of(dir, MARKED);
        let bytes = crate::fs::read(&file).unwrap();
        crate::fs::write(&file, &bytes[65..]).unwrap();
    });
    assert_eq!((stats.read, stats.rejected), (1, 1));
    assert!(text(&found).contains("機密性"));
}

#[test]
fn a_memory_store_never_reads_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    store(dir.path(), 1).get("a.pdf", MARKED);
    let memory = Store::memory();
    memory.get("a.pdf", MARKED);
    let stats = memory.take_stats();
    assert_eq!((stats.read, stats.cached), (1, 0));
}
