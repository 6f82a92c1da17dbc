//! The text a PDF's bytes may hold, read every way a reader or a tool may read it: a text
//! string as a PDF reader shows it (UTF-16 or UTF-8 after its byte-order mark, else
//! PDFDocEncoding), and for the search of the whole file ([`super::everything`]) also as UTF-8,
//! Shift_JIS and UTF-16 without a mark, whichever is valid; a name with its `#xx` escapes
//! undone; the bytes of a stream.

/// A PDF text string: UTF-16BE or UTF-16LE after its byte-order mark, UTF-8 after its (PDF
/// 2.0), else PDFDocEncoding (read as Latin-1, which it matches for text).
pub(super) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes, false).unwrap_or_default();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes, false).unwrap_or_default();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// UTF-16 in the byte order `unit` reads; `strict`: `None` on an unpaired surrogate (else it
/// becomes U+FFFD).
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, strict: bool) -> Option<String> {
    let units = bytes
        .chunks(2)
        .map(|p| unit([p[0], p.get(1).copied().unwrap_or(0)]));
    let mut out = String::with_capacity(bytes.len());
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => out.push(c),
            Err(_) if strict => return None,
            Err(_) => out.push('\u{FFFD}'),
        }
    }
    Some(out)
}

/// Every reading of a string's bytes: as a reader shows it when it has a byte-order mark or is
/// ASCII; else as UTF-8 (valid, or its valid runs), as Shift_JIS when valid, and as UTF-16 in
/// either order when that gives text (no control characters, something past Latin).
pub(super) fn readings(bytes: &[u8], out: &mut Vec<String>) {
    if bytes.is_empty() {
        return;
    }
    if bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.is_ascii()
    {
        out.push(text_string(bytes));
        return;
    }
    out.push(String::from_utf8_lossy(bytes).into_owned());
    if let Some(s) = shift_jis(bytes) {
        out.push(s);
    }
    if bytes.len().is_multiple_of(2) && bytes.len() >= 4 {
        for unit in [u16::from_be_bytes as fn([u8; 2]) -> u16, u16::from_le_bytes] {
            if let Some(s) = utf16(bytes, unit, true)
                && s.chars().any(|c| c >= '\u{2000}')
                && !s.chars().any(|c| c.is_control() && !c.is_whitespace())
            {
                out.push(s);
            }
        }
    }
}

/// Bytes that are valid UTF-8 or Shift_JIS, read so (what a simple font's string holds, to a
/// tool that does not ask the font).
pub(super) fn raw_text(bytes: &[u8], out: &mut Vec<String>) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        out.push(s.to_owned());
    } else if let Some(s) = shift_jis(bytes) {
        out.push(s);
    }
}

/// The bytes as Shift_JIS (Windows-31J), if they are valid as such.
fn shift_jis(bytes: &[u8]) -> Option<String> {
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
}

/// A name's readings (lopdf has undone its `#xx` escapes): only a name that is not ASCII can
/// hold text the rules look for, or one that could be an address.
pub(super) fn name_readings(name: &[u8], out: &mut Vec<String>) {
    if !name.is_ascii() {
        readings(name, out);
    } else if name.contains(&b'/') || name.contains(&b':') {
        out.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// A decoded stream's readings: after a byte-order mark, or as UTF-8 when valid, else as
/// Shift_JIS when valid, else the valid UTF-8 runs of its bytes (a marking written into
/// binary data is still found).
pub(super) fn stream_readings(bytes: &[u8], out: &mut Vec<String>) {
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        out.push(text_string(bytes));
        return;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => out.push(s.to_owned()),
        Err(_) => match shift_jis(bytes) {
            Some(s) => out.push(s),
            None => out.push(String::from_utf8_lossy(bytes).into_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        readings(bytes, &mut out);
        out
    }

    #[test]
    fn a_string_is_read_after_its_byte_order_mark_in_either_order() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("機密性２".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text_string(&le), "機密性２");
        let mut be = vec![0xFE, 0xFF];
        be.extend("機密性２".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(all(&be), vec!["機密性２"]);
    }

    #[test]
    fn a_string_without_a_mark_is_read_as_utf8_shift_jis_and_utf16() {
        assert!(all("機密性２".as_bytes()).contains(&"機密性２".to_owned()));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("機密性２");
        assert!(all(&sjis).contains(&"機密性２".to_owned()));
        let be: Vec<u8> = "機密性２"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(all(&be).contains(&"機密性２".to_owned()));
        let le: Vec<u8> = "機密性２"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(all(&le).contains(&"機密性２".to_owned()));
    }
}
