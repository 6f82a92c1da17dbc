//! Image metadata that tells where a photograph was taken and whose camera took it: the EXIF
//! GPS directory and the owner tags (Artist, CameraOwnerName, XPAuthor) of a JPEG (APP1), a
//! PNG (its `eXIf` chunk, wherever it is, and ImageMagick's `tEXt` copies `exif:GPS…`) and a
//! TIFF (its own directories); and XMP packets naming the same.
//!
//! [`strip`] removes them in place: the GPS directory is emptied and its values zeroed, the
//! owner strings zeroed, the copies in PNG text chunks and XMP packets dropped. Offsets in the
//! TIFF structure are left as they are, so nothing else in the file moves.

mod containers;
mod png;
mod strings;

use png::{is_metadata_key, png_chunks, png_text, read_png};

use crate::model::attachment::{Extracted, Format, ImageFacts, Part, Place, Unreadable};

/// TIFF tags read.
const GPS_IFD: u16 = 0x8825;
const EXIF_IFD: u16 = 0x8769;
const ARTIST: u16 = 0x013B;
const OWNER: u16 = 0xA430;
const XP_AUTHOR: u16 = 0x9C9D;
const XMP: u16 = 700;

/// The owner tags and their names.
const OWNER_TAGS: [(u16, &str); 3] = [
    (ARTIST, "Artist"),
    (OWNER, "CameraOwnerName"),
    (XP_AUTHOR, "XPAuthor"),
];

/// Tags whose text a viewer shows as the image's description or comment (read for the
/// gate's rules): ImageDescription, DocumentName, Copyright, UserComment, and Windows' XPTitle,
/// XPComment, XPKeywords, XPSubject (UTF-16).
const TEXT_TAGS: [u16; 8] = [
    0x010E, 0x010D, 0x8298, 0x9286, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F,
];

/// The text of a descriptive tag's value.
fn tag_text(tag: u16, raw: &[u8], little: bool) -> String {
    let utf16 = strings::utf16;
    let text = if (0x9C9B..=0x9C9F).contains(&tag) {
        utf16(raw, true)
    } else if tag == 0x9286 && raw.len() >= 8 {
        // UserComment: an 8-byte character code, then the text.
        match &raw[..8] {
            b"UNICODE\0" => utf16(&raw[8..], little),
            _ => bytes_text(&raw[8..]),
        }
    } else {
        bytes_text(raw)
    };
    text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .to_owned()
}

/// Bytes that say they are ASCII: UTF-8 as most software writes, else Shift_JIS as Japanese
/// cameras do.
fn bytes_text(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(raw).0.into_owned(),
    }
}

/// Reads an image's metadata: GPS and owners into its facts, the descriptive tags' text into
/// its parts, and every text it holds in every reading ([`strings`]) into its strings.
pub(super) fn read(bytes: &[u8], format: Format) -> Extracted {
    let mut facts = ImageFacts::default();
    let mut text = Vec::new();
    let mut all = Vec::new();
    let ok = match format {
        Format::Jpeg => read_jpeg(bytes, &mut facts, &mut text, &mut all),
        Format::Png => read_png(bytes, &mut facts, &mut text, &mut all),
        Format::Gif => containers::gif(bytes, &mut facts, &mut all),
        Format::Webp => containers::webp(bytes, &mut facts, &mut all),
        _ => {
            if tiff_header(bytes).is_none() {
                Err("it is not a TIFF image".to_owned())
            } else {
                tiff(bytes, "TIFF", &mut facts, None);
                strings::tiff(bytes, &mut all);
                Ok(())
            }
        }
    };
    if let Err(e) = ok {
        return Extracted::unreadable(format, Unreadable::Corrupt(e));
    }
    facts.gps.dedup();
    text.append(&mut facts.text);
    let mut out = Extracted::empty(format);
    if !text.is_empty() {
        out.parts.push(Part {
            place: Place::Metadata,
            text: text.join("\n"),
        });
    }
    if !all.is_empty() {
        out.strings.push(Part {
            place: Place::Metadata,
            text: all.join(super::xml::SEPARATOR),
        });
    }
    out.image = Some(facts);
    out
}

fn read_jpeg(
    bytes: &[u8],
    facts: &mut ImageFacts,
    text: &mut Vec<String>,
    all: &mut Vec<String>,
) -> Result<(), String> {
    for (kind, start, end) in jpeg_segments(bytes)? {
        let data = &bytes[start..end];
        match kind {
            Segment::Exif => {
                tiff(&data[6..], "EXIF", facts, None);
                strings::tiff(&data[6..], all);
            }
            Segment::Xmp => {
                xmp(data, facts, text);
                strings::decodings(data, all);
            }
            Segment::Comment => {
                text.push(bytes_text(data));
                strings::decodings(data, all);
            }
            Segment::App if data.starts_with(b"Photoshop 3.0\0") => strings::photoshop(data, all),
            Segment::App => strings::decodings(data, all),
            Segment::Other => {}
        }
    }
    Ok(())
}

/// The metadata removed: the same image without GPS and owner data, or `None` if it had none.
pub(crate) fn strip(bytes: &[u8], format: Format) -> Option<Vec<u8>> {
    let mut out = bytes.to_vec();
    match format {
        Format::Jpeg => {
            let segments = jpeg_segments(bytes).ok()?;
            let mut drop = Vec::new();
            for (kind, start, end) in segments {
                match kind {
                    Segment::Exif => {
                        let mut facts = ImageFacts::default();
                        tiff(
                            &bytes[start + 6..end],
                            "",
                            &mut facts,
                            Some(&mut out[start + 6..end]),
                        );
                    }
                    Segment::Xmp if xmp_names(&bytes[start..end]) => drop.push((start - 4, end)),
                    _ => {}
                }
            }
            for (start, end) in drop.into_iter().rev() {
                out.drain(start..end);
            }
        }
        Format::Png => {
            let chunks = png_chunks(bytes).ok()?;
            let mut rebuilt = bytes[..8].to_vec();
            for c in chunks {
                let mut data = bytes[c.data.clone()].to_vec();
                let mut facts = ImageFacts::default();
                match &c.kind {
                    b"eXIf" => tiff(&bytes[c.data.clone()], "", &mut facts, Some(&mut data)),
                    b"tEXt" | b"iTXt" | b"zTXt" => {
                        let mut ignored = Vec::new();
                        png_text(&c.kind, &bytes[c.data.clone()], &mut facts, &mut ignored);
                        if !facts.gps.is_empty()
                            || !facts.owner.is_empty()
                            || is_metadata_key(&bytes[c.data.clone()])
                        {
                            continue;
                        }
                    }
                    _ => {}
                }
                rebuilt.extend_from_slice(&(data.len() as u32).to_be_bytes());
                rebuilt.extend_from_slice(&c.kind);
                rebuilt.extend_from_slice(&data);
                let mut crc = crc32fast::Hasher::new();
                crc.update(&c.kind);
                crc.update(&data);
                rebuilt.extend_from_slice(&crc.finalize().to_be_bytes());
            }
            out = rebuilt;
        }
        Format::Webp => {
            for (kind, range) in containers::webp_chunks(bytes).ok()? {
                let data = &bytes[range.clone()];
                if &kind == b"EXIF" {
                    let skip = data.len() - containers::webp_exif(data).len();
                    let at = range.start + skip..range.end;
                    let mut facts = ImageFacts::default();
                    tiff(&bytes[at.clone()], "", &mut facts, Some(&mut out[at]));
                } else if &kind == b"XMP " && xmp_names(data) {
                    out[range].fill(b' ');
                }
            }
        }
        // A GIF holds no EXIF; its XMP is not stripped (the gate reports it instead).
        Format::Gif => {}
        _ => {
            let mut facts = ImageFacts::default();
            tiff(bytes, "", &mut facts, Some(&mut out));
        }
    }
    (out != bytes).then_some(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Exif,
    Xmp,
    /// A COM segment: a comment, shown by image viewers.
    Comment,
    /// Another application segment (APP0-APP15): IPTC in Photoshop's APP13, and others.
    App,
    Other,
}

/// The APP1 segments of a JPEG: (kind, start of data, end of data).
fn jpeg_segments(bytes: &[u8]) -> Result<Vec<(Segment, usize, usize)>, String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("it is not a JPEG image".to_owned());
    }
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return Err(format!("its segments are damaged at byte {i}"));
        }
        let marker = bytes[i + 1];
        if marker == 0xD9 || marker == 0xDA {
            break;
        }
        if marker == 0xFF || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += if marker == 0xFF { 1 } else { 2 };
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let (start, end) = (i + 4, i + 2 + len);
        if len < 2 || end > bytes.len() {
            return Err("it is cut short".to_owned());
        }
        let data = &bytes[start..end];
        let kind = if marker == 0xE1 && data.starts_with(b"Exif\0") && data.len() > 6 {
            Segment::Exif
        } else if marker == 0xE1 && data.starts_with(b"http://ns.adobe.com/xap/1.0/") {
            Segment::Xmp
        } else if marker == 0xFE {
            Segment::Comment
        } else if (0xE0..=0xEF).contains(&marker) {
            Segment::App
        } else {
            Segment::Other
        };
        out.push((kind, start, end));
        i = end;
    }
    Ok(out)
}

fn xmp_names(data: &[u8]) -> bool {
    let mut facts = ImageFacts::default();
    xmp(data, &mut facts, &mut Vec::new());
    !facts.gps.is_empty() || !facts.owner.is_empty()
}

/// An XMP packet: GPS properties and creators.
fn xmp(data: &[u8], facts: &mut ImageFacts, text: &mut Vec<String>) {
    let s = String::from_utf8_lossy(data);
    if s.contains("exif:GPSLatitude") || s.contains("exif:GPSLongitude") {
        facts.gps.push("XMP".to_owned());
    }
    for tag in [
        "dc:creator",
        "Iptc4xmpCore:CreatorContactInfo",
        "aux:OwnerName",
        "exifEX:CameraOwnerName",
    ] {
        if let Some(start) = s.find(&format!("<{tag}")) {
            let end = s[start..]
                .find(&format!("</{tag}>"))
                .map_or(s.len(), |e| e + start);
            let inner: String = strip_tags(&s[start..end]);
            if !inner.trim().is_empty() {
                facts
                    .owner
                    .push((format!("XMP {tag}"), inner.trim().to_owned()));
            }
        }
    }
    text.push(strip_tags(&s));
    // Its text as XML reads it (character references resolved), not only as written.
    let xml = s.find('<').map_or("", |at| &s[at..]);
    if let Ok(ev) = super::xml::events(xml.as_bytes()) {
        text.push(super::xml::all_text(&ev));
    }
}

fn strip_tags(xml: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                tag = true;
                out.push(' ');
            }
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The byte order and first directory offset of a TIFF structure.
fn tiff_header(t: &[u8]) -> Option<(bool, usize)> {
    let little = match t.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let magic = u16_at(t, 2, little)?;
    (magic == 42).then(|| u32_at(t, 4, little).map(|o| (little, o as usize)))?
}

fn u16_at(t: &[u8], at: usize, little: bool) -> Option<u16> {
    let b = t.get(at..at + 2)?;
    Some(if little {
        u16::from_le_bytes([b[0], b[1]])
    } else {
        u16::from_be_bytes([b[0], b[1]])
    })
}

fn u32_at(t: &[u8], at: usize, little: bool) -> Option<u32> {
    let b = t.get(at..at + 4)?;
    let a = [b[0], b[1], b[2], b[3]];
    Some(if little {
        u32::from_le_bytes(a)
    } else {
        u32::from_be_bytes(a)
    })
}

/// One directory entry: tag, type, count, and where its value is (inline or at an offset).
struct Entry {
    tag: u16,
    kind: u16,
    count: usize,
    size: usize,
    value_at: usize,
    /// Where the entry itself starts.
    at: usize,
}

fn entries(t: &[u8], ifd: usize, little: bool) -> Vec<Entry> {
    let Some(n) = u16_at(t, ifd, little) else {
        return Vec::new();
    };
    (0..usize::from(n).min(512))
        .filter_map(|k| {
            let at = ifd + 2 + k * 12;
            let tag = u16_at(t, at, little)?;
            let kind = u16_at(t, at + 2, little)?;
            let count = u32_at(t, at + 4, little)? as usize;
            let unit = match kind {
                1 | 2 | 6 | 7 => 1,
                3 | 8 => 2,
                4 | 9 | 11 | 13 => 4,
                5 | 10 | 12 => 8,
                _ => 1,
            };
            let size = unit * count;
            let value_at = if size <= 4 {
                at + 8
            } else {
                u32_at(t, at + 8, little)? as usize
            };
            Some(Entry {
                tag,
                kind,
                count,
                size,
                value_at,
                at,
            })
        })
        .collect()
}

/// Reads (and, with `out`, strips in place) a TIFF structure: the GPS directory and the owner
/// tags of IFD0 and the EXIF directory. `label` says where it is (`EXIF`, `TIFF`…).
fn tiff(t: &[u8], label: &str, facts: &mut ImageFacts, mut out: Option<&mut [u8]>) {
    let Some((little, ifd0)) = tiff_header(t) else {
        return;
    };
    let mut dirs = vec![ifd0];
    let mut seen = Vec::new();
    while let Some(ifd) = dirs.pop() {
        if seen.contains(&ifd) || seen.len() > 8 {
            continue;
        }
        seen.push(ifd);
        for e in entries(t, ifd, little) {
            let pointer = || u32_at(t, e.value_at, little).map(|o| o as usize);
            match e.tag {
                EXIF_IFD => dirs.extend(pointer()),
                GPS_IFD => {
                    let Some(gps) = pointer() else { continue };
                    let gps_entries = entries(t, gps, little);
                    if gps_entries.iter().any(|g| g.tag != 0) {
                        facts.gps.push(format!("{label} GPS IFD"));
                    }
                    if let Some(out) = out.as_deref_mut() {
                        for g in &gps_entries {
                            zero(out, g.value_at, g.size);
                            zero(out, g.at, 12);
                        }
                        // An empty directory: no entries, no next one.
                        zero(out, gps, 2);
                    }
                }
                XMP => {
                    let value = t.get(e.value_at..e.value_at + e.size).unwrap_or_default();
                    xmp(value, facts, &mut Vec::new());
                    if let Some(out) = out.as_deref_mut()
                        && xmp_names(value)
                    {
                        zero(out, e.value_at, e.size);
                    }
                }
                tag if TEXT_TAGS.contains(&tag) => {
                    let raw = t.get(e.value_at..e.value_at + e.size).unwrap_or_default();
                    let text = tag_text(tag, raw, little);
                    if !text.is_empty() {
                        facts.text.push(text);
                    }
                }
                tag => {
                    let Some(&(_, name)) = OWNER_TAGS.iter().find(|(t, _)| *t == tag) else {
                        continue;
                    };
                    let raw = t.get(e.value_at..e.value_at + e.size).unwrap_or_default();
                    let value = if tag == XP_AUTHOR {
                        let units: Vec<u16> = raw
                            .chunks(2)
                            .map(|p| u16::from_le_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
                            .collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        String::from_utf8_lossy(raw).into_owned()
                    };
                    let value = value.trim_matches(|c: char| c == '\0' || c.is_whitespace());
                    if !value.is_empty() && e.count > 0 {
                        facts
                            .owner
                            .push((format!("{label} {name}"), value.to_owned()));
                        if let Some(out) = out.as_deref_mut() {
                            zero(out, e.value_at, e.size);
                        }
                    }
                }
            }
        }
    }
}

fn zero(out: &mut [u8], at: usize, len: usize) {
    if let Some(slice) = out.get_mut(at..at.saturating_add(len)) {
        slice.fill(0);
    }
}
