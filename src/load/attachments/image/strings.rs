//! Every text an image's metadata holds, for the gate's rules, however it is encoded: a value
//! is read as UTF-8, as UTF-16 (by its byte-order mark, or because its tag says so: Windows'
//! XP* tags, a `UNICODE` UserComment) and in the Japanese legacy encodings (Shift_JIS, EUC-JP,
//! ISO-2022-JP), and the rules are applied to every reading. A viewer picks one reading; the
//! gate cannot know which, so it reads them all.
//!
//! Binary values are read as the runs of bytes between control bytes (as `strings` does), so
//! that the bytes of a table or a profile before a text do not change how the text decodes.

use encoding_rs::{EUC_JP, ISO_2022_JP, SHIFT_JIS};

use super::{entries, tiff_header, u32_at};

/// The most bytes of one value read (a larger value is a thumbnail or a profile).
const MAX_VALUE: usize = 1 << 20;

/// The readings of `raw` into `out` (each once).
pub(super) fn decodings(raw: &[u8], out: &mut Vec<String>) {
    let mut push = |s: String| {
        let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    };
    match raw {
        [0xFF, 0xFE, rest @ ..] => push(utf16(rest, true)),
        [0xFE, 0xFF, rest @ ..] => push(utf16(rest, false)),
        _ => {}
    }
    for run in runs(raw) {
        push(String::from_utf8_lossy(run).into_owned());
        push(SHIFT_JIS.decode_without_bom_handling(run).0.into_owned());
        push(EUC_JP.decode_without_bom_handling(run).0.into_owned());
        if run.contains(&0x1B) {
            push(ISO_2022_JP.decode_without_bom_handling(run).0.into_owned());
        }
    }
}

/// UTF-16 code units, little or big endian.
pub(super) fn utf16(raw: &[u8], little: bool) -> String {
    let units: Vec<u16> = raw
        .chunks_exact(2)
        .map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// The runs of `raw` between control bytes (tab, line breaks and ESC, which ISO-2022-JP
/// needs, are kept), at least two bytes long.
fn runs(raw: &[u8]) -> impl Iterator<Item = &[u8]> {
    raw.split(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x1B))
        .filter(|r| r.len() >= 2)
}

/// Every text value of a TIFF structure (EXIF in a JPEG, PNG or WebP, or a TIFF file): every
/// entry of type BYTE, ASCII or UNDEFINED of every directory (IFD0 and the next ones, EXIF, GPS,
/// interoperability), IPTC and Photoshop's resources in it too.
pub(super) fn tiff(t: &[u8], out: &mut Vec<String>) {
    let Some((little, ifd0)) = tiff_header(t) else {
        return;
    };
    let mut dirs = vec![ifd0];
    let mut seen = Vec::new();
    while let Some(ifd) = dirs.pop() {
        if ifd == 0 || seen.contains(&ifd) || seen.len() > 16 {
            continue;
        }
        seen.push(ifd);
        let list = entries(t, ifd, little);
        // The next directory (a thumbnail's, a page's) follows the entries.
        dirs.extend(u32_at(t, ifd + 2 + list.len() * 12, little).map(|o| o as usize));
        for e in list {
            if matches!(e.tag, 0x8769 | 0x8825 | 0xA005) {
                dirs.extend(u32_at(t, e.value_at, little).map(|o| o as usize));
                continue;
            }
            if e.size > MAX_VALUE {
                continue;
            }
            let raw = t.get(e.value_at..e.value_at + e.size).unwrap_or_default();
            value(e.tag, e.kind, raw, little, out);
        }
    }
}

/// The readings of one entry's value.
fn value(tag: u16, kind: u16, raw: &[u8], little: bool, out: &mut Vec<String>) {
    match tag {
        // IPTC, Photoshop's resources.
        0x83BB => iptc(raw, out),
        0x8649 => photoshop(raw, out),
        // Windows' XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject: UTF-16LE.
        0x9C9B..=0x9C9F => {
            out.push(utf16(raw, true));
            decodings(raw, out);
        }
        // UserComment: an 8-byte character code, then the text.
        0x9286 if raw.len() >= 8 => {
            let text = &raw[8..];
            if raw.starts_with(b"UNICODE\0") {
                out.push(utf16(text, little));
                out.push(utf16(text, !little));
            }
            decodings(text, out);
        }
        _ if matches!(kind, 1 | 2 | 7) => decodings(raw, out),
        _ => {}
    }
}

/// IPTC-IIM datasets (`0x1C`, record, dataset, length, value): every value's readings.
pub(super) fn iptc(data: &[u8], out: &mut Vec<String>) {
    let mut i = 0;
    while i + 5 <= data.len() {
        if data[i] != 0x1C {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 3], data[i + 4]]));
        let (start, len) = if len & 0x8000 != 0 {
            // An extended dataset: the length's own length, then the length.
            let n = len & 0x7FFF;
            let bytes = data.get(i + 5..i + 5 + n).unwrap_or_default();
            let len = bytes
                .iter()
                .fold(0usize, |a, &b| a.saturating_mul(256) + usize::from(b));
            (i + 5 + n, len)
        } else {
            (i + 5, len)
        };
        let end = start.saturating_add(len).min(data.len());
        decodings(data.get(start..end).unwrap_or_default(), out);
        i = end.max(i + 1);
    }
}

/// Photoshop's image resources (`8BIM`, id, name, size, data): IPTC (0x0404), EXIF (0x0422),
/// XMP (0x0424) and every resource's name.
pub(super) fn photoshop(data: &[u8], out: &mut Vec<String>) {
    let data = data.strip_prefix(b"Photoshop 3.0\0").unwrap_or(data);
    let mut i = 0;
    while i + 12 <= data.len() && &data[i..i + 4] == b"8BIM" {
        let id = u16::from_be_bytes([data[i + 4], data[i + 5]]);
        let name_len = usize::from(data[i + 6]);
        let name_end = i + 7 + name_len;
        decodings(data.get(i + 7..name_end).unwrap_or_default(), out);
        // The name (with its length byte) is padded to an even length.
        let at = i + 6 + (name_len + 1).next_multiple_of(2);
        let Some(size) = u32_at(data, at, false).map(|s| s as usize) else {
            return;
        };
        let start = at + 4;
        let end = start.saturating_add(size).min(data.len());
        let value = data.get(start..end).unwrap_or_default();
        match id {
            0x0404 => iptc(value, out),
            0x0422 => tiff(value, out),
            0x0424 => decodings(value, out),
            _ => {}
        }
        i = start.saturating_add(size.next_multiple_of(2));
    }
}
