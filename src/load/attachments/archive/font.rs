//! Fonts read for the gate: the strings of the OpenType `name` table (family, copyright,
//! designer, description, license, sample text…), which anyone who downloads the font can
//! read, from a TrueType or OpenType file, a collection, or a WOFF file (its tables
//! decompressed). A WOFF2 file compresses its tables with Brotli, which the gate does not read:
//! it is refused. Glyph outlines are shapes, like an image's pixels.

use std::io::Read;

use crate::model::attachment::{Extracted, Format, Part, Place};

/// Whether the bytes are a font.
pub(super) fn is_font(bytes: &[u8]) -> bool {
    [
        &b"\0\x01\0\0"[..],
        b"OTTO",
        b"true",
        b"ttcf",
        b"wOFF",
        b"wOF2",
    ]
    .iter()
    .any(|m| bytes.starts_with(m))
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at + 4)?;
    usize::try_from(u32::from_be_bytes([s[0], s[1], s[2], s[3]])).ok()
}

/// Reads the font's `name` tables.
pub(super) fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let cut = || "it is a font cut short or damaged".to_owned();
    let tables: Vec<Vec<u8>> = if bytes.starts_with(b"wOF2") {
        return Err(
            "it is a WOFF2 font, whose tables are compressed with Brotli, which the gate \
                    does not read: publish the font as WOFF, TTF or OTF"
                .to_owned(),
        );
    } else if bytes.starts_with(b"wOFF") {
        vec![woff_name(bytes).ok_or_else(cut)??]
    } else if bytes.starts_with(b"ttcf") {
        let count = u32_at(bytes, 8).ok_or_else(cut)?.min(1024);
        (0..count)
            .map(|i| {
                let at = u32_at(bytes, 12 + 4 * i).ok_or_else(cut)?;
                sfnt_name(bytes, at).ok_or_else(cut)
            })
            .collect::<Result<_, _>>()?
    } else {
        vec![sfnt_name(bytes, 0).ok_or_else(cut)?]
    };
    let mut out = Extracted::empty(Format::Font);
    for table in tables {
        let strings = name_strings(&table).ok_or_else(cut)?;
        out.parts.extend(strings.into_iter().map(|(id, text)| Part {
            place: Place::Part(format!("name table, name {id}")),
            text,
        }));
    }
    Ok(out)
}

/// The `name` table of the font whose table directory is at `at` (empty if it has none).
fn sfnt_name(bytes: &[u8], at: usize) -> Option<Vec<u8>> {
    let count = u16_at(bytes, at + 4)?;
    for i in 0..count {
        let rec = at + 12 + 16 * i;
        if bytes.get(rec..rec + 4)? == b"name" {
            let (offset, length) = (u32_at(bytes, rec + 8)?, u32_at(bytes, rec + 12)?);
            return bytes
                .get(offset..offset.checked_add(length)?)
                .map(<[u8]>::to_vec);
        }
    }
    Some(Vec::new())
}

/// The `name` table of a WOFF font, decompressed (empty if it has none).
fn woff_name(bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    let count = u16_at(bytes, 12)?;
    for i in 0..count {
        let rec = 44 + 20 * i;
        if bytes.get(rec..rec + 4)? != b"name" {
            continue;
        }
        let (offset, comp, orig) = (
            u32_at(bytes, rec + 4)?,
            u32_at(bytes, rec + 8)?,
            u32_at(bytes, rec + 12)?,
        );
        let data = bytes.get(offset..offset.checked_add(comp)?)?;
        if comp >= orig {
            return Some(Ok(data.to_vec()));
        }
        let mut out = Vec::new();
        let read = flate2::read::ZlibDecoder::new(data)
            .take(orig.min(16 << 20) as u64)
            .read_to_end(&mut out);
        return Some(
            read.map(|_| out)
                .map_err(|e| format!("its name table cannot be decompressed ({e})")),
        );
    }
    Some(Ok(Vec::new()))
}

/// Every string of a `name` table, with its name ID, decoded as its platform writes it.
fn name_strings(table: &[u8]) -> Option<Vec<(usize, String)>> {
    if table.is_empty() {
        return Some(Vec::new());
    }
    let count = u16_at(table, 2)?;
    let storage = u16_at(table, 4)?;
    let mut out = Vec::new();
    for i in 0..count {
        let rec = 6 + 12 * i;
        let (platform, encoding) = (u16_at(table, rec)?, u16_at(table, rec + 2)?);
        let (id, length, offset) = (
            u16_at(table, rec + 6)?,
            u16_at(table, rec + 8)?,
            u16_at(table, rec + 10)?,
        );
        let start = storage + offset;
        let raw = table.get(start..start + length)?;
        let text = match (platform, encoding) {
            (0 | 3, _) => encoding_rs::UTF_16BE.decode_without_bom_handling(raw).0,
            (1, 1) => encoding_rs::SHIFT_JIS.decode_without_bom_handling(raw).0,
            _ => encoding_rs::MACINTOSH.decode_without_bom_handling(raw).0,
        };
        out.push((id, text.into_owned()));
    }
    Some(out)
}
