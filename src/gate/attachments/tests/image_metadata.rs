//! Regression tests for image metadata the gate once did not read: IPTC, EXIF in WebP, GIF
//! extensions, each in UTF-8, UTF-16, Shift_JIS, EUC-JP and ISO-2022-JP; images whose
//! metadata the gate cannot read. Each test is named after the bug it covers.

use encoding_rs::{EUC_JP, ISO_2022_JP, SHIFT_JIS};

use super::codes;
use crate::diag::Code;

/// A text in every encoding the gate reads image metadata in.
fn encodings(s: &str) -> Vec<Vec<u8>> {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
    vec![
        s.as_bytes().to_vec(),
        SHIFT_JIS.encode(s).0.into_owned(),
        EUC_JP.encode(s).0.into_owned(),
        ISO_2022_JP.encode(s).0.into_owned(),
        utf16,
    ]
}

/// A little-endian TIFF structure with one entry in IFD0.
fn tiff_one(tag: u16, kind: u16, value: &[u8]) -> Vec<u8> {
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    t.extend(1u16.to_le_bytes());
    t.extend(tag.to_le_bytes());
    t.extend(kind.to_le_bytes());
    t.extend(u32::try_from(value.len()).unwrap().to_le_bytes());
    t.extend(26u32.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(value);
    t
}

fn jpeg_with(marker: u8, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, marker];
    out.extend(u16::try_from(data.len() + 2).unwrap().to_be_bytes());
    out.extend(data);
    out.extend([0xFF, 0xD9]);
    out
}

fn iptc_caption(text: &[u8]) -> Vec<u8> {
    let mut iptc = vec![0x1C, 2, 120];
    iptc.extend(u16::try_from(text.len()).unwrap().to_be_bytes());
    iptc.extend(text);
    let mut data = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    data.extend(u32::try_from(iptc.len()).unwrap().to_be_bytes());
    data.extend(&iptc);
    data
}

fn webp_with(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut body = b"WEBPVP8L\x05\0\0\0\x2f\0\0\0\0\0".to_vec();
    body.extend(kind);
    body.extend(u32::try_from(data.len()).unwrap().to_le_bytes());
    body.extend(data);
    if data.len() % 2 == 1 {
        body.push(0);
    }
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(body.len()).unwrap().to_le_bytes());
    out.extend(body);
    out
}

fn gif_with(label: u8, data: &[u8]) -> Vec<u8> {
    let mut out = b"GIF89a\x01\0\x01\0\0\0\0".to_vec();
    out.extend([0x21, label]);
    for chunk in data.chunks(255) {
        out.push(u8::try_from(chunk.len()).unwrap());
        out.extend(chunk);
    }
    out.extend([
        0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B,
    ]);
    out
}

#[test]
fn image_metadata_in_legacy_encodings_and_other_containers_was_published() {
    for s in ["機密性２情報", "取扱注意"] {
        for (n, text) in encodings(s).into_iter().enumerate() {
            let mut xp: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            xp.extend([0, 0]);
            let mut app = b"Exif\0\0".to_vec();
            app.extend(tiff_one(0x010E, 2, &text));
            let mut gif_app = b"OFFICE  1.0".to_vec();
            gif_app.extend(&text);
            let files = [
                ("iptc.jpg", jpeg_with(0xED, &iptc_caption(&text))),
                ("desc.jpg", jpeg_with(0xE1, &app)),
                ("com.jpg", jpeg_with(0xFE, &text)),
                ("xp.webp", webp_with(b"EXIF", &tiff_one(0x9C9C, 1, &xp))),
                ("desc.webp", webp_with(b"EXIF", &tiff_one(0x010E, 2, &text))),
                ("comment.gif", gif_with(0xFE, &text)),
                ("app.gif", gif_with(0xFF, &gif_app)),
                ("desc.tif", tiff_one(0x010E, 2, &text)),
            ];
            for (name, bytes) in files {
                let found = codes(name, &bytes);
                assert!(
                    found.contains(&Code::E0314) || found.contains(&Code::E0313),
                    "{name}, {s}, encoding {n}: {found:?}"
                );
            }
        }
    }
}

#[test]
fn images_whose_metadata_the_gate_cannot_read_were_published_unread() {
    let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec();
    assert_eq!(codes("a.avif", &avif), vec![Code::E0322]);
    assert_eq!(
        codes("a.heic", b"\0\0\0\x18ftypheic\0\0\0\0"),
        vec![Code::E0322]
    );
    // A GIF or WebP cut short is not read through.
    let gif = gif_with(0xFE, b"abc");
    assert_eq!(codes("a.gif", &gif[..gif.len() - 8]), vec![Code::E0322]);
    let webp = webp_with(b"EXIF", b"abcd");
    assert_eq!(codes("a.webp", &webp[..webp.len() - 2]), vec![Code::E0322]);
    // Clean ones pass.
    assert_eq!(
        codes("a.gif", &gif_with(0xFE, b"photo")),
        Vec::<Code>::new()
    );
    assert_eq!(
        codes("a.webp", &webp_with(b"XMP ", b"<x/>")),
        Vec::<Code>::new()
    );
}
