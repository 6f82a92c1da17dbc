//! Regression tests for what a PDF's bytes hold beside its current version: earlier revisions
//! kept by incremental updates (the changed object at the top level, or in an object stream
//! with a cross-reference stream, as a hostile tester's file did), objects outside every
//! cross-reference table, bytes after `%%EOF`; and, the other way, the binary parts of a clean
//! file that must not be read as text (font programs, images, colour profiles, producer
//! strings, font names in Shift_JIS).

use lopdf::{Object, Stream, dictionary};

use super::Code;
use super::pdf_hidden::found;
use super::pdf_streams::deflate;

const MARKING: &str = "機密性２情報";

/// A PDF written by hand: `objects` (number, body) with a classic cross-reference table
/// listing those `listed` says, `tail` after `%%EOF`.
fn written(objects: &[(u32, Vec<u8>)], listed: impl Fn(u32) -> bool, tail: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects {
        offsets.push((*n, out.len()));
        out.extend(format!("{n} 0 obj\n").bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let size = objects.iter().map(|(n, _)| n + 1).max().unwrap_or(1);
    let xref = out.len();
    out.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
    for n in 1..size {
        match offsets.iter().find(|(m, _)| *m == n) {
            Some((_, off)) if listed(n) => out.extend(format!("{off:010} 00000 n \n").bytes()),
            _ => out.extend(b"0000000000 00000 f \n"),
        }
    }
    out.extend(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
    );
    out.extend(tail);
    out
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}

fn page(content: u32) -> Vec<u8> {
    format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
    )
    .into_bytes()
}

/// The first revision: its page shows `text` (as UTF-8 bytes in a Helvetica string).
fn first_revision(
    text: &str,
    extra: &[(u32, Vec<u8>)],
    listed: impl Fn(u32) -> bool,
    tail: &[u8],
) -> Vec<u8> {
    let mut objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (3, page(4)),
        (
            4,
            stream(format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET").as_bytes()),
        ),
        (
            5,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ),
    ];
    objects.extend_from_slice(extra);
    written(&objects, listed, tail)
}

fn startxref(pdf: &[u8]) -> usize {
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    let rest = String::from_utf8_lossy(&pdf[at + 9..]);
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

/// The update: page 3 points at a new content stream 6 without the marking, written at the
/// top level with a classic table.
fn classic_update(mut pdf: Vec<u8>) -> Vec<u8> {
    let prev = startxref(&pdf);
    let p3 = pdf.len();
    pdf.extend(b"3 0 obj\n");
    pdf.extend(page(6));
    pdf.extend(b"\nendobj\n");
    let p6 = pdf.len();
    pdf.extend(b"6 0 obj\n");
    pdf.extend(stream(b"BT /F1 12 Tf 72 700 Td (Public text) Tj ET"));
    pdf.extend(b"\nendobj\n");
    let x = pdf.len();
    pdf.extend(
        format!(
            "xref\n0 1\n0000000000 65535 f \n3 1\n{p3:010} 00000 n \n6 1\n{p6:010} 00000 n \n\
             trailer\n<< /Size 7 /Root 1 0 R /Prev {prev} >>\nstartxref\n{x}\n%%EOF\n"
        )
        .bytes(),
    );
    pdf
}

/// The same update with page 3 in an object stream (7) and a cross-reference stream (8).
fn object_stream_update(mut pdf: Vec<u8>) -> Vec<u8> {
    let prev = startxref(&pdf);
    let p6 = pdf.len();
    pdf.extend(b"6 0 obj\n");
    pdf.extend(stream(b"BT /F1 12 Tf 72 700 Td (Public text) Tj ET"));
    pdf.extend(b"\nendobj\n");
    let member = page(6);
    let objstm = deflate(&[b"3 0 ".as_slice(), &member].concat());
    let p7 = pdf.len();
    pdf.extend(b"7 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode ");
    pdf.extend(format!("/Length {} >>\nstream\n", objstm.len()).bytes());
    pdf.extend(&objstm);
    pdf.extend(b"\nendstream\nendobj\n");
    let p8 = pdf.len();
    let row = |t: u8, a: usize, b: u16| -> Vec<u8> {
        let mut r = vec![t];
        r.extend((a as u32).to_be_bytes());
        r.extend(b.to_be_bytes());
        r
    };
    let rows: Vec<u8> = [row(2, 7, 0), row(1, p6, 0), row(1, p7, 0), row(1, p8, 0)].concat();
    pdf.extend(
        format!(
            "8 0 obj\n<< /Type /XRef /Size 9 /Index [3 1 6 1 7 1 8 1] /W [1 4 2] /Root 1 0 R \
             /Prev {prev} /Length {} >>\nstream\n",
            rows.len()
        )
        .bytes(),
    );
    pdf.extend(&rows);
    pdf.extend(format!("\nendstream\nendobj\nstartxref\n{p8}\n%%EOF\n").bytes());
    pdf
}

fn refused_as_updated(pdf: &[u8]) {
    let (_, codes) = found(pdf);
    assert_eq!(codes, vec![Code::E0322], "{}", String::from_utf8_lossy(pdf));
}

#[test]
fn an_incremental_update_at_the_top_level_is_refused() {
    refused_as_updated(&classic_update(first_revision(MARKING, &[], |_| true, b"")));
}

#[test]
fn an_incremental_update_in_an_object_stream_is_refused() {
    refused_as_updated(&object_stream_update(first_revision(
        MARKING,
        &[],
        |_| true,
        b"",
    )));
}

#[test]
fn the_first_revision_itself_is_read() {
    let (places, _) = found(&first_revision(MARKING, &[], |_| true, b""));
    assert!(places.contains(&"page 1".to_owned()), "{places:?}");
}

#[test]
fn an_object_outside_every_cross_reference_table_is_read() {
    let hidden = [
        (6, format!("({MARKING})").into_bytes()),
        (7, stream(MARKING.as_bytes())),
    ];
    for which in [6, 7] {
        let extra = [hidden[which as usize - 6].clone()];
        let pdf = first_revision("Public", &extra, |n| n != which, b"");
        let (places, _) = found(&pdf);
        assert!(
            places.iter().any(|p| p.contains(&format!(
                "object {which}, not in the file's current version"
            ))),
            "{places:?}"
        );
    }
}

#[test]
fn bytes_after_the_end_of_the_file_are_read() {
    for tail in [format!("% {MARKING}\n"), format!("({MARKING})")] {
        let (places, _) = found(&first_revision("Public", &[], |_| true, tail.as_bytes()));
        assert!(
            places.iter().any(|p| p == "bytes outside any object"),
            "{places:?}"
        );
    }
}

#[test]
fn font_programs_images_colour_profiles_and_producer_strings_are_not_read_as_text() {
    let secret = MARKING.as_bytes();
    let pdf = super::pdf_hidden::pdf(
        |doc, page| {
            let program = doc.add_object(Stream::new(
                dictionary! { "Length1" => 10 },
                [&[0, 1, 0, 0][..], secret].concat(),
            ));
            let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("ＭＳ ゴシック");
            let font = doc.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => Object::Name(sjis.to_vec()),
                "FontDescriptor" => dictionary! { "Type" => "FontDescriptor", "FontFile2" => program },
            });
            let image = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => 6, "Height" => 3,
                    "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray",
                },
                secret.to_vec(),
            ));
            let mut icc = Stream::new(dictionary! { "N" => 3 }, [&[0u8; 40][..], secret].concat());
            icc.compress().unwrap();
            let icc = doc.add_object(icc);
            let mut thumb = Stream::new(dictionary! {}, secret.to_vec());
            thumb.compress().unwrap();
            page.set("Thumb", doc.add_object(thumb));
            let Ok(Object::Dictionary(resources)) = page.get_mut(b"Resources") else {
                panic!("the page has resources");
            };
            if let Ok(Object::Dictionary(fonts)) = resources.get_mut(b"Font") {
                fonts.set("F2", font);
            }
            resources.set("XObject", dictionary! { "Im1" => image });
            resources.set(
                "ColorSpace",
                dictionary! { "CS0" => vec!["ICCBased".into(), icc.into()] },
            );
            // Code and binary data are no placeholders: XX and TBD count in what a page shows.
            doc.add_object(Stream::new(dictionary! {}, b"var XX = 1; // TBD".to_vec()));
        },
        |doc, _| {
            let info = doc.add_object(dictionary! {
                "Producer" => Object::String(b"Microsoft\xAE Word for Microsoft 365".to_vec(), lopdf::StringFormat::Literal),
                "Creator" => Object::string_literal("Writer"),
            });
            doc.trailer.set("Info", info);
        },
    );
    assert_eq!(found(&pdf), (vec![], vec![]));
}
