//! The readers against the fixtures made by real producers (tests/fixtures/attachments/, see
//! its MANIFEST.md): the text each place holds, compared without white space.
#![allow(clippy::disallowed_methods)] // reading the committed fixtures

use super::*;
use crate::model::attachment::{NoText, Place};

fn fixture(name: &str) -> Extracted {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/attachments")
        .join(name);
    extract(name, &std::fs::read(path).unwrap())
}

/// Without white space, NFKC (Noto's ToUnicode maps give Kangxi radicals such as ⽉, which
/// NFKC folds to 月, as the gate's rules do).
fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn text_at(e: &Extracted, place: &Place) -> String {
    e.parts
        .iter()
        .filter(|p| &p.place == place)
        .map(|p| squash(&p.text))
        .collect()
}

#[test]
fn every_fixture_pdf_page_gives_the_manifests_text() {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/attachments/manifest.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for f in manifest["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let Some(text) = f["text"].as_object() else {
            continue;
        };
        if f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["rule"] == "encrypted")
        {
            continue;
        }
        let e = fixture(name);
        for (place, expected) in text {
            let place = match place.strip_prefix("page ") {
                Some(n) => Place::Page(n.parse().unwrap()),
                None => continue,
            };
            let got = text_at(&e, &place);
            for want in expected.as_array().unwrap() {
                let want = squash(want.as_str().unwrap());
                assert!(got.contains(&want), "{name} {place:?}: {want} not in {got}");
            }
        }
    }
}

#[test]
fn pages_without_text_say_why() {
    let e = fixture("no-tounicode.pdf");
    assert!(matches!(
        &e.pdf.unwrap().no_text[..],
        [(1, NoText::NoToUnicode(_))]
    ));
    for name in ["scanned-image.pdf", "gs-outlined-text.pdf"] {
        let e = fixture(name);
        assert_eq!(e.pdf.unwrap().no_text, vec![(1, NoText::NoLayer)], "{name}");
    }
    assert!(
        fixture("chromium-noto-type3.pdf")
            .pdf
            .unwrap()
            .no_text
            .is_empty()
    );
}

#[test]
fn unreadable_files_say_why() {
    for (name, why) in [
        ("encrypted-userpw.pdf", "Encrypted"),
        ("encrypted-owner-only.pdf", "Encrypted"),
        ("truncated.pdf", "Corrupt"),
        ("truncated.docx", "Corrupt"),
        ("legacy-word97.doc", "OldFormat"),
        ("legacy-excel97.xls", "OldFormat"),
        ("legacy-powerpoint97.ppt", "OldFormat"),
    ] {
        let e = fixture(name);
        let got = format!("{:?}", e.unreadable);
        assert!(got.contains(why), "{name}: {got}");
    }
}

#[test]
fn pdf_facts_are_read() {
    let clean = fixture("chromium-clean-2p.pdf").pdf.unwrap();
    assert_eq!(
        clean.title.as_deref(),
        Some("医療イノベーション推進室の業務")
    );
    assert_eq!(clean.lang.as_deref(), Some("ja"));
    assert!(clean.tagged);
    let gs = fixture("gs-outlined-text.pdf").pdf.unwrap();
    assert_eq!(gs.title, None, "Ghostscript's XMP 'Untitled' is no title");
    let lo = fixture("lo-untagged-notitle.pdf").pdf.unwrap();
    assert_eq!(
        (lo.title, lo.lang.as_deref(), lo.tagged),
        (None, Some("zxx"), false)
    );
    let author = fixture("lo-author-props.pdf");
    assert_eq!(author.properties[0].value, "山田 太郎");
    let annots = fixture("lo-comment-annots.pdf");
    assert_eq!(annots.comments[0].place, Place::Annotation(1));
    assert_eq!(
        annots.comments[0].text,
        "バイオバンクの記述は厚労省に確認中。"
    );
}

#[test]
fn word_parts_comments_changes_and_properties_are_read() {
    let e = fixture("lo-review.docx");
    assert!(text_at(&e, &Place::Body).contains(&squash("主査：●●次長")));
    assert!(
        text_at(&e, &Place::Body).contains("室長は中村雄介教授とする。"),
        "deleted text is in the file"
    );
    assert_eq!(text_at(&e, &Place::Header), "取扱注意");
    assert_eq!(e.comments.len(), 2);
    assert_eq!(e.changes.iter().filter(|c| c.inserted).count(), 1);
    assert_eq!(e.changes.iter().filter(|c| !c.inserted).count(), 1);
    let names: Vec<&str> = e.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["creator", "lastModifiedBy", "Manager", "Company"]);
    let clean = fixture("lo-clean.docx");
    assert!(clean.properties.is_empty() && clean.comments.is_empty() && clean.changes.is_empty());
}

#[test]
fn sheets_cells_and_comments_are_placed() {
    for (name, state) in [
        ("lo-hidden.xlsx", "hidden"),
        ("xlsxwriter-veryhidden.xlsx", "veryHidden"),
    ] {
        let e = fixture(name);
        let place = Place::Sheet {
            name: "内部".into(),
            state: state.into(),
            cell: Some("A1".into()),
        };
        assert_eq!(text_at(&e, &place), squash("【機密性２情報】"), "{name}");
        let c = &e.comments[0];
        assert_eq!(
            c.place,
            Place::Sheet {
                name: "公開".into(),
                state: "visible".into(),
                cell: Some("B2".into())
            }
        );
        assert_eq!(c.text, "施策数は暫定値。");
        assert_eq!(c.author.as_deref(), Some("山田 太郎"));
    }
}

#[test]
fn slides_notes_and_comments_are_placed() {
    let e = fixture("lo-notes.pptx");
    assert!(text_at(&e, &Place::Slide(2)).contains("●●次長"));
    assert_eq!(
        text_at(&e, &Place::SlideNotes(3)),
        "主査の氏名は機密性2につき口頭のみ。"
    );
    assert_eq!(e.comments[0].place, Place::Slide(1));
    assert_eq!(e.comments[0].author.as_deref(), Some("山田 太郎"));
    let clean = fixture("lo-clean.pptx");
    // The masters' prompts are read (a marking in a master's footer shows on every slide),
    // but as their parts, not as the slides' text.
    let slides = clean
        .parts
        .iter()
        .filter(|p| matches!(p.place, Place::Slide(_) | Place::SlideNotes(_)));
    assert!(!slides.clone().any(|p| p.text.contains("Click to edit")));
    assert!(clean.parts.iter().any(|p| p.text.contains("Click to edit")
        && matches!(&p.place, Place::Part(n) if n.contains("slideMaster") || n.contains("slideLayout"))));
}

#[test]
fn exif_gps_and_owner_are_found_and_stripped() {
    for (name, format, owner) in [
        ("exif-gps-owner.jpg", Format::Jpeg, true),
        ("exif-gps.png", Format::Png, true),
        ("exif-gps.tif", Format::Tiff, false),
    ] {
        let e = fixture(name);
        let facts = e.image.unwrap();
        assert!(!facts.gps.is_empty(), "{name}");
        assert_eq!(!facts.owner.is_empty(), owner, "{name}: {:?}", facts.owner);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/attachments")
            .join(name);
        let stripped = image::strip(&std::fs::read(path).unwrap(), format).unwrap();
        let again = extract(name, &stripped).image.unwrap();
        assert!(
            again.gps.is_empty() && again.owner.is_empty(),
            "{name}: {again:?}"
        );
    }
    assert_eq!(fixture("exif-clean.jpg").image.unwrap(), Default::default());
}

/// A one-page PDF showing `text`, then an incremental update that shows `update` instead:
/// (the original, the updated file).
fn incrementally_updated(text: &str, update: &str) -> (Vec<u8>, Vec<u8>) {
    let content = |t: &str| {
        let c = format!("BT /F1 12 Tf 72 720 Td ({t}) Tj ET");
        format!("<< /Length {} >>\nstream\n{c}\nendstream", c.len())
    };
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        content(text),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes());
    let original = out.clone();
    let at = out.len();
    out.extend(format!("4 0 obj\n{}\nendobj\n", content(update)).bytes());
    let xref2 = out.len();
    out.extend(
        format!(
            "xref\n0 1\n0000000000 65535 f \n4 1\n{at:010} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev {xref} >>\nstartxref\n{xref2}\n%%EOF\n"
        )
        .bytes(),
    );
    (original, out)
}

/// What an incremental update replaced is still in the file: the gate, which reads the last
/// version, refuses such a file rather than pass text it did not read.
#[test]
fn a_pdf_saved_with_incremental_updates_is_refused() {
    let (original, updated) = incrementally_updated("Draft: XX", "Final text");
    let e = extract("a.pdf", &original);
    assert!(e.unreadable.is_none(), "{:?}", e.unreadable);
    assert!(text_at(&e, &Place::Page(1)).contains("Draft:XX"));
    let e = extract("a.pdf", &updated);
    let why = format!("{:?}", e.unreadable);
    assert!(why.contains("incremental updates"), "{why}");
}
