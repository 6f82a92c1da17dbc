//! GIF and WebP, read for their metadata: a GIF's comment, plain-text and application
//! extensions (XMP among them); a WebP's `EXIF` and `XMP ` chunks and any chunk the format does
//! not define. A file cut short or damaged is an error: what the gate cannot read through is
//! not published.

use std::ops::Range;

use super::strings::{decodings, tiff as tiff_strings};
use super::{tiff, xmp};
use crate::model::attachment::ImageFacts;

/// Reads a GIF's extensions into `facts` and `text`.
pub(super) fn gif(
    bytes: &[u8],
    facts: &mut ImageFacts,
    text: &mut Vec<String>,
) -> Result<(), String> {
    let cut = || "it is cut short".to_owned();
    let packed = *bytes.get(10).ok_or_else(cut)?;
    let mut i = 13 + color_table(packed);
    loop {
        match bytes.get(i).copied().ok_or_else(cut)? {
            0x3B => return Ok(()),
            0x21 => {
                let label = *bytes.get(i + 1).ok_or_else(cut)?;
                let (data, raw, end) = sub_blocks(bytes, i + 2).ok_or_else(cut)?;
                match label {
                    // Comment; plain text (after its 12-byte header); an application's data.
                    0xFE => decodings(&data, text),
                    0x01 => decodings(data.get(12..).unwrap_or_default(), text),
                    0xFF => {
                        decodings(&data, text);
                        // After the application's identifier (a byte-order mark starts there).
                        decodings(data.get(11..).unwrap_or_default(), text);
                        // XMP is written raw, its bytes read as sub-block lengths: read it whole.
                        let raw = &bytes[raw];
                        if let Some(packet) = raw.strip_prefix(b"\x0BXMP DataXMP") {
                            xmp(packet, facts, text);
                        }
                    }
                    _ => {}
                }
                i = end;
            }
            0x2C => {
                let packed = *bytes.get(i + 9).ok_or_else(cut)?;
                // The descriptor, its color table, the LZW code size, then the data.
                let start = i + 10 + color_table(packed) + 1;
                i = sub_blocks(bytes, start).ok_or_else(cut)?.2;
            }
            b => return Err(format!("its blocks are damaged at byte {i} ({b:#04x})")),
        }
    }
}

/// The size of the color table a packed field announces.
fn color_table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 7) + 1)
    }
}

/// The sub-blocks from `at`: their data joined, the range of their bytes as written (lengths
/// included), and where the next block starts.
fn sub_blocks(bytes: &[u8], at: usize) -> Option<(Vec<u8>, Range<usize>, usize)> {
    let mut data = Vec::new();
    let mut i = at;
    loop {
        let len = usize::from(*bytes.get(i)?);
        if len == 0 {
            return Some((data, at..i, i + 1));
        }
        data.extend_from_slice(bytes.get(i + 1..i + 1 + len)?);
        i += 1 + len;
    }
}

/// A RIFF chunk: its FourCC and where its data is.
pub(super) type RiffChunk = ([u8; 4], Range<usize>);

/// The chunks of a WebP file.
pub(super) fn webp_chunks(bytes: &[u8]) -> Result<Vec<RiffChunk>, String> {
    if !bytes.starts_with(b"RIFF") || bytes.get(8..12) != Some(b"WEBP") {
        return Err("it is not a WebP image".to_owned());
    }
    let mut out = Vec::new();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let kind = [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]];
        let len = u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]);
        let start = i + 8;
        let end = start
            .checked_add(len as usize)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| "it is cut short".to_owned())?;
        out.push((kind, start..end));
        i = end + (end & 1);
    }
    Ok(out)
}

/// The TIFF structure of a WebP `EXIF` chunk (some writers keep JPEG's `Exif\0\0` before it).
pub(super) fn webp_exif(data: &[u8]) -> &[u8] {
    data.strip_prefix(b"Exif\0\0").unwrap_or(data)
}

/// Reads a WebP's metadata chunks into `facts` and `text`.
pub(super) fn webp(
    bytes: &[u8],
    facts: &mut ImageFacts,
    text: &mut Vec<String>,
) -> Result<(), String> {
    for (kind, range) in webp_chunks(bytes)? {
        let data = &bytes[range];
        match &kind {
            b"EXIF" => {
                tiff(webp_exif(data), "WebP EXIF", facts, None);
                tiff_strings(webp_exif(data), text);
            }
            b"XMP " => {
                xmp(data, facts, text);
                decodings(data, text);
            }
            b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP" => {}
            _ => decodings(data, text),
        }
    }
    Ok(())
}
