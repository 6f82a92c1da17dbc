//! A PDF font's map from the codes a text-showing operator writes to Unicode text: its
//! ToUnicode CMap (what Chromium, LibreOffice, cairo and Ghostscript all write for Japanese),
//! else, for a simple font, its encoding (WinAnsi and glyph names). A CID font without a
//! ToUnicode map has no defined text: its codes are glyph numbers, and nothing is decoded.

use std::collections::HashMap;

/// How one font's codes become text.
#[derive(Debug, Default)]
pub(super) struct Decoder {
    /// Code → text, from the ToUnicode map or the encoding.
    map: HashMap<u32, String>,
    /// The byte lengths of codes, from the CMap's code space (shortest first).
    lengths: Vec<usize>,
}

impl Decoder {
    /// A decoder from a ToUnicode CMap's text; `two_byte` for a composite (Type0) font whose
    /// CMap gives no code space.
    pub(super) fn from_cmap(text: &[u8], two_byte: bool) -> Decoder {
        let tokens = tokenize(text);
        let mut d = Decoder::default();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Word(w) if w == "begincodespacerange" => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(_))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        d.lengths.push(lo.len().max(1));
                        i += 2;
                    }
                }
                Token::Word(w) if w == "beginbfchar" => {
                    i += 1;
                    while let (Some(Token::Hex(src)), Some(Token::Hex(dst))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        d.map.insert(number(src), utf16(dst));
                        i += 2;
                    }
                }
                Token::Word(w) if w == "beginbfrange" => {
                    i += 1;
                    i = d.bfrange(&tokens, i);
                }
                _ => i += 1,
            }
        }
        d.lengths.sort_unstable();
        d.lengths.dedup();
        if d.lengths.is_empty() {
            d.lengths.push(if two_byte { 2 } else { 1 });
        }
        d
    }

    /// Reads `<lo> <hi> <dst>` and `<lo> <hi> [<dst>…]` entries from `i`; returns where it
    /// stopped.
    fn bfrange(&mut self, tokens: &[Token], mut i: usize) -> usize {
        loop {
            let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (tokens.get(i), tokens.get(i + 1))
            else {
                return i;
            };
            let (lo, hi) = (number(lo), number(hi));
            // A range of more than 65,536 codes is not a font's: bound the work.
            let hi = hi.min(lo.saturating_add(0xFFFF));
            match tokens.get(i + 2) {
                Some(Token::Hex(dst)) => {
                    let base = utf16_units(dst);
                    for (k, code) in (lo..=hi).enumerate() {
                        let mut units = base.clone();
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add(k as u16);
                        }
                        self.map.insert(code, decode_units(&units));
                    }
                    i += 3;
                }
                Some(Token::Open) => {
                    let mut j = i + 3;
                    let mut code = lo;
                    while let Some(Token::Hex(dst)) = tokens.get(j) {
                        if code <= hi {
                            self.map.insert(code, utf16(dst));
                        }
                        code = code.saturating_add(1);
                        j += 1;
                    }
                    i = j + 1;
                }
                _ => return i + 2,
            }
        }
    }

    /// A simple font's decoder from its encoding: WinAnsi for the base, then `/Differences`
    /// by glyph name.
    pub(super) fn from_encoding(base_win_ansi: bool, differences: &[(u32, String)]) -> Decoder {
        let mut d = Decoder {
            lengths: vec![1],
            ..Decoder::default()
        };
        if base_win_ansi {
            for code in 0x20u32..=0xFF {
                if let Some(c) = win_ansi(code as u8) {
                    d.map.insert(code, c.to_string());
                }
            }
        }
        for (code, name) in differences {
            match glyph_name(name) {
                Some(text) => d.map.insert(*code, text),
                None => d.map.remove(code),
            };
        }
        d
    }

    /// A composite font without a ToUnicode map: its codes (two bytes) have no text.
    pub(super) fn unknown(two_byte: bool) -> Decoder {
        Decoder {
            lengths: vec![if two_byte { 2 } else { 1 }],
            ..Decoder::default()
        }
    }

    /// The text of a string operand, and how many of its codes had none.
    pub(super) fn decode(&self, bytes: &[u8]) -> (String, usize) {
        let mut out = String::new();
        let mut unknown = 0;
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_length(&bytes[i..]);
            let code = bytes[i..i + len]
                .iter()
                .fold(0u32, |n, &b| (n << 8) | u32::from(b));
            match self.map.get(&code) {
                Some(text) => out.push_str(text),
                None => unknown += 1,
            }
            i += len;
        }
        (out, unknown)
    }

    fn code_length(&self, rest: &[u8]) -> usize {
        // The shortest code length that fits; codes of a CMap with mixed lengths are told
        // apart by their first byte in practice (Shift-JIS-like), which a map lookup settles.
        for &len in &self.lengths {
            if len <= rest.len() {
                let code = rest[..len]
                    .iter()
                    .fold(0u32, |n, &b| (n << 8) | u32::from(b));
                if self.lengths.len() == 1 || self.map.contains_key(&code) {
                    return len;
                }
            }
        }
        self.lengths[0].min(rest.len()).max(1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

fn tokenize(text: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'<' if text.get(i + 1) != Some(&b'<') => {
                let end = text[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(text.len(), |p| i + p);
                let digits: Vec<u8> = text[i + 1..end]
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .copied()
                    .collect();
                out.push(Token::Hex(hex_bytes(&digits)));
                i = end + 1;
            }
            b'[' => {
                out.push(Token::Open);
                i += 1;
            }
            b']' => {
                out.push(Token::Close);
                i += 1;
            }
            b'%' => {
                while i < text.len() && text[i] != b'\n' && text[i] != b'\r' {
                    i += 1;
                }
            }
            b if b.is_ascii_alphabetic() => {
                let start = i;
                while i < text.len() && text[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                out.push(Token::Word(
                    String::from_utf8_lossy(&text[start..i]).into_owned(),
                ));
            }
            _ => i += 1,
        }
    }
    out
}

fn hex_bytes(digits: &[u8]) -> Vec<u8> {
    let value = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
    digits
        .chunks(2)
        .map(|p| (value(p[0]) << 4) | p.get(1).map_or(0, |&b| value(b)))
        .collect()
}

fn number(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |n, &b| (n << 8) | u32::from(b))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
        .collect()
}

fn decode_units(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    decode_units(&utf16_units(bytes))
}

/// A byte of WinAnsiEncoding (Windows-1252) as a character.
fn win_ansi(b: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match b {
        0x20..=0x7E | 0xA0..=0xFF => Some(b as char),
        0x80..=0x9F => char::from_u32(u32::from(HIGH[(b - 0x80) as usize])).filter(|&c| c != '\0'),
        _ => None,
    }
}

/// The text of a glyph name: `uni6A5F`, `u1F600`, single letters and digits, and the common
/// punctuation names. Other names (`g123`, `glyph45`) have none.
pub(super) fn glyph_name(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() % 4 == 0
        && !hex.is_empty()
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|k| u16::from_str_radix(&hex[k * 4..k * 4 + 4], 16).ok())
            .collect();
        return Some(decode_units(&units));
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    if base.len() == 1 && base.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(base.to_owned());
    }
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = DIGITS.iter().position(|&n| n == base) {
        return Some(d.to_string());
    }
    let c = match base {
        "space" => ' ',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semicolon" => ';',
        "hyphen" | "minus" => '-',
        "parenleft" => '(',
        "parenright" => ')',
        "bracketleft" => '[',
        "bracketright" => ']',
        "slash" => '/',
        "question" => '?',
        "exclam" => '!',
        "asterisk" => '*',
        "numbersign" => '#',
        "percent" => '%',
        "ampersand" => '&',
        "at" => '@',
        "underscore" => '_',
        "quotesingle" | "quoteright" => '\'',
        "quotedbl" => '"',
        _ => return None,
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_and_both_forms_of_bfrange_are_read() {
        let cmap = b"/CIDInit /ProcSet findresource begin\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n2 beginbfchar\n<0003> <6A5F>\n<0004> <D83DDE00>\nendbfchar\n2 beginbfrange\n<0010> <0012> <5BC6>\n<0020> <0021> [<0032> <60C5 5831>]\nendbfrange\n";
        let d = Decoder::from_cmap(cmap, true);
        let (text, unknown) = d.decode(&[0, 3, 0, 0x10, 0, 0x21, 0, 4, 0, 9, 0, 0x20]);
        assert_eq!(text, "機密情報😀2");
        assert_eq!(unknown, 1);
    }

    #[test]
    fn glyph_names_give_text_or_nothing() {
        assert_eq!(glyph_name("uni6A5F").as_deref(), Some("機"));
        assert_eq!(glyph_name("two").as_deref(), Some("2"));
        assert_eq!(glyph_name("A.sc").as_deref(), Some("A"));
        assert_eq!(glyph_name("g123"), None);
    }
}
