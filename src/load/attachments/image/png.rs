//! PNG, read for its metadata: the `eXIf` chunk, text chunks (`tEXt`, `zTXt`, `iTXt`:
//! ImageMagick's `exif:GPS…` and owner copies, `Author`, XMP), and any chunk that is not the
//! image's own (its data, palette, colour and timing facts), in every reading.

use super::{strings, tiff, xmp};
use crate::model::attachment::ImageFacts;

/// Inflates a compressed PNG text (at most 16 MB: a bomb is not read).
fn inflate(data: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(data)
        .take(16 << 20)
        .read_to_end(&mut out);
    out
}

/// PNG chunks that hold no text (the image, its palette, its colour and timing facts).
const PNG_BINARY: [&[u8; 4]; 16] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"pHYs", b"bKGD",
    b"hIST", b"sBIT", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

pub(super) fn read_png(
    bytes: &[u8],
    facts: &mut ImageFacts,
    text: &mut Vec<String>,
    all: &mut Vec<String>,
) -> Result<(), String> {
    for c in png_chunks(bytes)? {
        let data = &bytes[c.data.clone()];
        match &c.kind {
            b"eXIf" => {
                tiff(data, "PNG eXIf chunk", facts, None);
                strings::tiff(data, all);
            }
            b"tEXt" | b"iTXt" | b"zTXt" => {
                png_text(&c.kind, data, facts, text);
                strings::decodings(data, all);
                // The compressed text, inflated (zTXt: after the keyword and the method;
                // iTXt: after its flags, language and translated keyword).
                let rest = data.splitn(2, |&b| b == 0).nth(1).unwrap_or_default();
                let packed = match &c.kind {
                    b"zTXt" => rest.get(1..),
                    b"iTXt" if rest.first() == Some(&1) => {
                        rest.get(2..).and_then(|r| r.splitn(3, |&b| b == 0).nth(2))
                    }
                    _ => None,
                };
                if let Some(packed) = packed {
                    strings::decodings(&inflate(packed), all);
                }
            }
            kind if PNG_BINARY.contains(&kind) => {}
            _ => strings::decodings(data, all),
        }
    }
    Ok(())
}

pub(super) struct Chunk {
    pub(super) kind: [u8; 4],
    pub(super) data: std::ops::Range<usize>,
}

pub(super) fn png_chunks(bytes: &[u8]) -> Result<Vec<Chunk>, String> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("it is not a PNG image".to_owned());
    }
    let mut out = Vec::new();
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize;
        let kind = [bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]];
        let start = i + 8;
        let end = start.checked_add(len).filter(|&e| e + 4 <= bytes.len());
        let Some(end) = end else {
            return Err("it is cut short".to_owned());
        };
        out.push(Chunk {
            kind,
            data: start..end,
        });
        i = end + 4;
        if &kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

pub(super) fn is_metadata_key(data: &[u8]) -> bool {
    let key = data.split(|&b| b == 0).next().unwrap_or_default();
    let key = String::from_utf8_lossy(key);
    key.starts_with("exif:") || key.starts_with("Raw profile type") || key == "XML:com.adobe.xmp"
}

/// A PNG text chunk: ImageMagick's `exif:GPS…` and owner copies, `Author`, and XMP.
pub(super) fn png_text(
    kind: &[u8; 4],
    data: &[u8],
    facts: &mut ImageFacts,
    text: &mut Vec<String>,
) {
    let mut fields = data.splitn(2, |&b| b == 0);
    let key = String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
    let rest = fields.next().unwrap_or_default();
    let value = match kind {
        b"tEXt" => rest.iter().map(|&b| b as char).collect::<String>(),
        // iTXt: compression flag, method, language\0, translated keyword\0, text.
        b"iTXt" if rest.first() == Some(&0) => {
            let after: Vec<&[u8]> = rest
                .get(2..)
                .unwrap_or_default()
                .splitn(3, |&b| b == 0)
                .collect();
            String::from_utf8_lossy(after.get(2).copied().unwrap_or_default()).into_owned()
        }
        // iTXt, compressed.
        b"iTXt" => {
            let after: Vec<&[u8]> = rest
                .get(2..)
                .unwrap_or_default()
                .splitn(3, |&b| b == 0)
                .collect();
            String::from_utf8_lossy(&inflate(after.get(2).copied().unwrap_or_default()))
                .into_owned()
        }
        // zTXt: method, then the Latin-1 text compressed.
        _ => inflate(rest.get(1..).unwrap_or_default())
            .iter()
            .map(|&b| b as char)
            .collect(),
    };
    let place = format!("PNG {} chunk {key}", String::from_utf8_lossy(kind));
    if key.starts_with("exif:GPS") && key != "exif:GPSVersionID" && !value.trim().is_empty() {
        facts.gps.push("PNG text chunks exif:GPS*".to_owned());
    }
    let owner_key = [
        "exif:Artist",
        "exif:CameraOwnerName",
        "Author",
        "exif:XPAuthor",
    ];
    if owner_key.contains(&key.as_str()) && !value.trim().is_empty() {
        facts.owner.push((place, value.trim().to_owned()));
    }
    if key == "XML:com.adobe.xmp" {
        xmp(value.as_bytes(), facts, text);
    } else if !value.is_empty() {
        text.push(value);
    }
}
