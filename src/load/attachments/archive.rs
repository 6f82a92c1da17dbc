//! Containers read for the gate: a zip archive's every entry and a gzip file's member (a
//! `.svgz`, a `.txt.gz`) are opened and read in turn, as attachments or as text, nested ones
//! too; a font's `name` table ([`font`]) and an icon's PNG images are read; compressed data
//! the gate cannot open (xz, zstd, bzip2, lzma, 7z, rar, tar) is refused, never passed.
//!
//! Decompression is bounded against zip bombs: each member at most [`MAX_MEMBER`] bytes and
//! [`MAX_RATIO`] times its compressed size (beyond a first [`FREE_BYTES`]), at most
//! [`MAX_ENTRIES`] entries, nested at most [`MAX_DEPTH`] deep. What goes past a bound is
//! refused as soon as it does, without decompressing the rest.

use std::io::{Cursor, Read};

mod font;

use crate::model::attachment::{Extracted, Format, Part, Place, Unreadable};

/// The most bytes a member may decompress to.
const MAX_MEMBER: u64 = 64 << 20;
/// The most a member may grow over its compressed size (beyond [`FREE_BYTES`]).
const MAX_RATIO: u64 = 100;
/// What any member may decompress to whatever its ratio.
const FREE_BYTES: u64 = 1 << 20;
/// The most entries a zip archive may hold.
const MAX_ENTRIES: usize = 10_000;
/// How deep archives (and embedded files) may be nested.
pub(super) const MAX_DEPTH: usize = 4;

/// The format of bytes that are a container or compressed data (`None`: neither).
pub(super) fn sniff(bytes: &[u8]) -> Option<Format> {
    if compressed_kind(bytes).is_some() {
        return Some(Format::Compressed);
    }
    if font::is_font(bytes) {
        return Some(Format::Font);
    }
    if bytes.starts_with(&[0, 0, 1, 0]) && bytes.len() >= 6 && bytes[4..6] != [0, 0] {
        return Some(Format::Icon);
    }
    None
}

/// Which compressed format the gate does not open these bytes are in.
fn compressed_kind(bytes: &[u8]) -> Option<&'static str> {
    let magic: [(&[u8], &str); 7] = [
        (b"\xFD7zXZ\0", "xz"),
        (b"\x28\xB5\x2F\xFD", "zstd"),
        (b"BZh", "bzip2"),
        (b"\x5D\0\0", "lzma"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
        (b"Rar!\x1A\x07", "rar"),
        (b"\x04\x22\x4D\x18", "lz4"),
    ];
    if let Some((_, name)) = magic.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(name);
    }
    (bytes.get(257..262) == Some(b"ustar")).then_some("tar")
}

/// Reads a container or compressed file (`format` from [`sniff`] or a zip or gzip).
pub(super) fn read(name: &str, bytes: &[u8], format: Format, depth: usize) -> Extracted {
    let read = match format {
        Format::Compressed => Err(compressed_why(bytes)),
        Format::Font => font::read(bytes),
        Format::Icon => icon(bytes, depth),
        _ if bytes.starts_with(&[0x1F, 0x8B]) => gzip(name, bytes, depth),
        _ => zip(bytes, depth),
    };
    read.unwrap_or_else(|why| Extracted::unreadable(format, Unreadable::Corrupt(why)))
}

fn compressed_why(bytes: &[u8]) -> String {
    let kind = compressed_kind(bytes).unwrap_or("an unknown format");
    format!(
        "it is compressed with {kind}, which the gate does not open: publish the files \
         themselves, or a zip of them"
    )
}

/// Up to `limit` bytes of `reader`; an error if there are more.
fn bounded(mut reader: impl Read, name: &str, compressed: u64) -> Result<Vec<u8>, String> {
    let limit = MAX_MEMBER.min(FREE_BYTES.max(compressed.saturating_mul(MAX_RATIO)));
    let mut out = Vec::new();
    (&mut reader)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name} cannot be decompressed ({e})"))?;
    if out.len() as u64 > limit {
        return Err(format!(
            "{name} decompresses to more than {limit} bytes ({compressed} compressed): a \
             possible zip bomb, refused"
        ));
    }
    Ok(out)
}

/// The name a gzip member has: `x.txt.gz` → `x.txt`, `x.svgz` → `x.svg`, `x.tgz` → `x.tar`.
fn member_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", &name[..name.len() - n]);
    if lower.ends_with(".gz") {
        cut(3, "")
    } else if lower.ends_with(".svgz") {
        cut(1, "")
    } else if lower.ends_with(".tgz") {
        cut(3, "tar")
    } else {
        format!("{name} (uncompressed)")
    }
}

fn gzip(name: &str, bytes: &[u8], depth: usize) -> Result<Extracted, String> {
    let inner = member_name(name.rsplit('/').next().unwrap_or(name));
    let data = bounded(
        flate2::read::MultiGzDecoder::new(bytes),
        &inner,
        bytes.len() as u64,
    )?;
    let mut out = Extracted::empty(Format::Archive);
    member(&mut out, &inner, &data, depth)?;
    Ok(out)
}

fn zip(bytes: &[u8], depth: usize) -> Result<Extracted, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("it is not a complete zip archive ({e}); is it cut short?"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "it holds {} entries, more than the {MAX_ENTRIES} the gate opens",
            zip.len()
        ));
    }
    let mut out = Extracted::empty(Format::Archive);
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| format!("its entry {i} cannot be read ({e})"))?;
        let entry_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.encrypted() {
            return Err(format!("its entry {entry_name} is encrypted"));
        }
        if entry.is_dir() {
            continue;
        }
        let compressed = entry.compressed_size();
        let data = bounded(entry, &entry_name, compressed)?;
        // The name is published too (an archive's listing shows it).
        out.parts.push(Part {
            place: Place::Part(entry_name.clone()),
            text: entry_name.clone(),
        });
        member(&mut out, &entry_name, &data, depth)?;
    }
    Ok(out)
}

/// A file found in a container, read into `out`: as an attachment if its bytes are one, else
/// as UTF-8 text (anything else is refused).
fn member(out: &mut Extracted, name: &str, bytes: &[u8], depth: usize) -> Result<(), String> {
    if depth + 1 > MAX_DEPTH {
        return Err(format!("{name} is nested too deeply for the gate to read"));
    }
    if super::sniff(name, bytes).is_some() {
        let inner = super::extract_nested(name, bytes, depth + 1);
        return super::merge(out, name, inner);
    }
    let text = plain_text(bytes).map_err(|why| format!("{name} inside it {why}"))?;
    out.parts.push(Part {
        place: Place::Part(name.to_owned()),
        text: text.to_owned(),
    });
    Ok(())
}

/// The bytes as plain UTF-8 text (no control character but tab and line breaks), or why not.
pub(crate) fn plain_text(bytes: &[u8]) -> Result<&str, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "is neither UTF-8 text nor a format the gate reads (PDF, Office, image, zip, gzip, font)"
            .to_owned()
    })?;
    let control =
        |c: char| c.is_ascii_control() && c != '\u{7f}' && !matches!(c, '\t' | '\n' | '\r');
    match text.chars().find(|&c| control(c)) {
        Some(c) => Err(format!(
            "holds the control character U+{:04X}: it is not plain UTF-8 text",
            u32::from(c)
        )),
        None => Ok(text),
    }
}

/// A Windows icon: its PNG images read (its bitmaps are pixels only).
fn icon(bytes: &[u8], depth: usize) -> Result<Extracted, String> {
    let count = usize::from(u16::from_le_bytes([bytes[4], bytes[5]]));
    let mut out = Extracted::empty(Format::Icon);
    for i in 0..count {
        let at = 6 + 16 * i;
        let entry = bytes
            .get(at..at + 16)
            .ok_or_else(|| "its directory is cut short".to_owned())?;
        let le =
            |o: usize| u32::from_le_bytes([entry[o], entry[o + 1], entry[o + 2], entry[o + 3]]);
        let (size, offset) = (le(8) as usize, le(12) as usize);
        let image = offset
            .checked_add(size)
            .and_then(|end| bytes.get(offset..end))
            .ok_or_else(|| format!("its image {} lies outside the file", i + 1))?;
        if image.starts_with(b"\x89PNG") {
            member(&mut out, &format!("image {}.png", i + 1), image, depth)?;
        }
    }
    Ok(out)
}
