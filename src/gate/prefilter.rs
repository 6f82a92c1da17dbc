//! A fast test that a text can hold nothing the gate's rules match, so that the full scan (a
//! tokenizer, decoders, folding) runs only where it may find something.
//!
//! Part of [`super`]. It reads the bytes once and is conservative by construction: every rule
//! match, folded, holds a single trigger character (秘) or one of a few *pairs* of characters
//! next to each other (機密, 密性 and ツセ, 扱注, 扱い注, 扱ち, 係者限, 複製禁, 配付禁, 配布禁,
//! 部外 and ぶが, 仮 and a closing bracket, two black circles or squares, ○○, ＊＊, ××: the
//! full list is [`super::triggers::GROUPS`]), or one of the ASCII placeholders (`xx`, `tbd`). So the test
//! answers "may match" at:
//!
//! - a character whose fold holds a trigger, an ASCII letter of a placeholder, or nothing at all
//!   (a format character, a combining mark, a control character);
//! - the first character of a pair followed by the rest of it, over whitespace and simple tags
//!   (`<b>`, `</span>`: a name, no quotes), or by anything else that could hide the rest: a
//!   comment or other markup, `&`, `%` or `\` (an escape), a character the fold drops;
//! - an escape (`&#x6A5F;`, `&times;`, `%E6%A9%9F`, `\u6A5F`, `\6A5F`, `\x58`) that decodes to
//!   any of the above, or to an escape character (double encoding); a named reference other
//!   than a few harmless ones counts as such;
//! - `xx` or `tbd` in any case; and, when pages are withheld, the last segment of one of their
//!   URLs (any case), or an escape that decodes to one of its characters.
//!
//! The per-character classes come from [`super::triggers`] (generated from the rules; a test
//! checks it is current), so compatibility forms (`㊙`, `⽅`, `Ｘ`, `ⅹ`) are classified by
//! what they fold to. A property test checks that the full scan finds nothing where this test
//! says "no".

use std::sync::LazyLock;

use super::barrier::markup::BLOCKS;
use super::triggers::{self, Class};

/// What the test reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Text: control characters are dropped by the fold, so they may join a match.
    Text,
    /// The text runs of a binary file: control bytes end a run.
    Binary,
}

/// What else makes a text worth a full scan besides the rules: the withheld pages' URLs.
#[derive(Debug, Default)]
pub(crate) struct Extra {
    /// The last segments of the withheld URLs, any case.
    pub(crate) segments: Option<aho_corasick::AhoCorasick>,
    /// Their characters (ASCII lowercased): an escape that decodes to one may spell one.
    pub(crate) chars: Vec<char>,
}

/// Whether `bytes` may hold a match of a rule (or a withheld URL, with `extra`).
pub(crate) fn may_match(bytes: &[u8], mode: Mode, extra: Option<&Extra>) -> bool {
    if let Some(ac) = extra.and_then(|e| e.segments.as_ref())
        && ac.is_match(bytes)
    {
        return true;
    }
    let url_chars = extra.map_or(&[][..], |e| &e.chars[..]);
    let bmp: &[u8] = &BMP;
    let nonzero: &[u64] = &NONZERO;
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            let class = ASCII[b as usize];
            i += 1;
            if class == A_PLAIN {
                // Markup and English: skip eight plain bytes at a time.
                while let Some(chunk) = bytes.get(i..i + 8) {
                    if !plain8(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))) {
                        break;
                    }
                    i += 8;
                }
            } else if ascii_matters(bytes, i - 1, class, mode, url_chars) {
                return true;
            }
            continue;
        }
        // Most text here is Japanese: three bytes, looked up in the table directly.
        let (code, len) = if (0xE0..0xF0).contains(&b)
            && i + 2 < n
            && bytes[i + 1] & 0xC0 == 0x80
            && bytes[i + 2] & 0xC0 == 0x80
        {
            let u = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            let code = if nonzero[(u >> 6) as usize] >> (u & 63) & 1 == 0 {
                0
            } else {
                bmp[u as usize]
            };
            (code, 3)
        } else if let Some((c, len)) = decode_char(&bytes[i..]) {
            (class(c).code(), len)
        } else {
            i += 1;
            continue;
        };
        if code == 0 && !url_chars.is_empty() && spells_url_char(&bytes[i..i + len], url_chars) {
            return true;
        }
        if code != 0 {
            match Class::from_code(code) {
                Class::None | Class::Space => {}
                Class::Hit => return true,
                Class::First(g) => {
                    if follows(g, &bytes[i + len..], mode) {
                        return true;
                    }
                }
            }
        }
        i += len;
    }
    false
}

const fn repeat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Whether a byte of `x` is zero (exactly).
const fn has_zero(x: u64) -> bool {
    x.wrapping_sub(repeat(1)) & !x & repeat(0x80) != 0
}

/// Whether eight bytes are all plain ASCII: no high bit, no control character (tab and line
/// breaks included, which sends them to the byte loop), and none of `&%\xXbB`.
#[inline]
fn plain8(x: u64) -> bool {
    let lower = x | repeat(0x20);
    x & repeat(0x80) == 0
        // A byte below 0x20 (no high bits here, so the subtraction is exact).
        && x.wrapping_sub(repeat(0x20)) & !x & repeat(0x80) == 0
        && !has_zero(x ^ repeat(0x7F))
        && !has_zero(lower ^ repeat(b'x'))
        && !has_zero(lower ^ repeat(b'b'))
        && !has_zero(x ^ repeat(b'&'))
        && !has_zero(x ^ repeat(b'%'))
        && !has_zero(x ^ repeat(b'\\'))
}

/// Whether the ASCII byte at `i`, of class `class` (not plain), may start a match.
#[inline]
fn ascii_matters(bytes: &[u8], i: usize, class: u8, mode: Mode, url_chars: &[char]) -> bool {
    match class {
        A_CONTROL => mode == Mode::Text,
        A_AMP => reference_matters(bytes, i, mode, url_chars),
        A_PERCENT => percent_matters(bytes, i, url_chars),
        A_BACKSLASH => backslash_matters(bytes, i, url_chars),
        A_X => bytes.get(i + 1).is_some_and(|c| matches!(c, b'x' | b'X')),
        _ => {
            i > 0
                && matches!(bytes[i - 1], b't' | b'T')
                && bytes.get(i + 1).is_some_and(|c| matches!(c, b'd' | b'D'))
        }
    }
}

const A_PLAIN: u8 = 0;
const A_CONTROL: u8 = 1;
const A_AMP: u8 = 2;
const A_PERCENT: u8 = 3;
const A_BACKSLASH: u8 = 4;
const A_X: u8 = 5;
const A_B: u8 = 6;

/// The class of every ASCII byte.
static ASCII: [u8; 128] = {
    let mut t = [A_PLAIN; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = A_CONTROL;
        b += 1;
    }
    t[b'\t' as usize] = A_PLAIN;
    t[b'\n' as usize] = A_PLAIN;
    t[b'\r' as usize] = A_PLAIN;
    t[0x0B] = A_PLAIN;
    t[0x0C] = A_PLAIN;
    t[0x7F] = A_CONTROL;
    t[b'&' as usize] = A_AMP;
    t[b'%' as usize] = A_PERCENT;
    t[b'\\' as usize] = A_BACKSLASH;
    t[b'x' as usize] = A_X;
    t[b'X' as usize] = A_X;
    t[b'b' as usize] = A_B;
    t[b'B' as usize] = A_B;
    t
};

/// The class of every character of the Basic Multilingual Plane, from the generated ranges.
static BMP: LazyLock<Box<[u8]>> = LazyLock::new(|| {
    let mut t = vec![0u8; 0x10000].into_boxed_slice();
    for &(start, end, class) in triggers::CLASSES {
        if start >= 0x10000 {
            break;
        }
        for c in start..=end.min(0xFFFF) {
            t[c as usize] = class;
        }
    }
    t
});

/// One bit per character of the Basic Multilingual Plane: whether its class is not `None`
/// (8 KiB, which stays in the first-level cache where the table does not).
static NONZERO: LazyLock<Box<[u64]>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64].into_boxed_slice();
    for (u, &code) in BMP.iter().enumerate() {
        if code != 0 {
            bits[u / 64] |= 1 << (u % 64);
        }
    }
    bits
});

/// Whether the character of `bytes` (not ASCII, of no class) folds to a character of a
/// withheld URL: its full-width form (`ｉｎｔｅｒｎａｌ`) or another compatibility form.
fn spells_url_char(bytes: &[u8], url_chars: &[char]) -> bool {
    let Some((c, _)) = decode_char(bytes) else {
        return false;
    };
    let u = c as u32;
    // Most text: kana and kanji, which fold to no ASCII.
    if (0x3000..0xF900).contains(&u) && !(0x3200..0x3400).contains(&u) {
        return false;
    }
    let mut hit = false;
    super::fold::fold(c.encode_utf8(&mut [0; 4]), true, |d, _| {
        hit |= url_chars.contains(&d.to_ascii_lowercase());
    });
    hit
}

/// The class of a character.
pub(crate) fn class(c: char) -> Class {
    let u = c as u32;
    let code = if u < 0x10000 {
        BMP[u as usize]
    } else {
        let table = triggers::CLASSES;
        let i = table.partition_point(|&(_, end, _)| end < u);
        table
            .get(i)
            .filter(|&&(start, _, _)| start <= u)
            .map_or(0, |&(_, _, class)| class)
    };
    Class::from_code(code)
}

/// Whether what follows the first character of pair group `g` may complete the pair.
fn follows(g: usize, rest: &[u8], mode: Mode) -> bool {
    triggers::GROUPS[g].1.iter().any(|cont| {
        let mut at = 0;
        for expected in cont.chars() {
            match next_step(&rest[at..], expected, mode) {
                Step::Hides => return true,
                Step::Matches(len) => at += len,
                Step::Fails => return false,
            }
        }
        true
    })
}

enum Step {
    /// Something that may hide the rest of the pair (or hold it).
    Hides,
    /// The expected character, this many bytes long.
    Matches(usize),
    Fails,
}

fn next_step(rest: &[u8], expected: char, mode: Mode) -> Step {
    let mut at = 0;
    loop {
        // Far enough: give up, conservatively.
        if at > LOOKAHEAD {
            return Step::Hides;
        }
        let Some(&b) = rest.get(at) else {
            return Step::Fails;
        };
        if b < 0x80 {
            if b.is_ascii_whitespace() || b == 0x0B {
                at += 1;
                continue;
            }
            if b == b'<' {
                match simple_tag(&rest[at..]) {
                    // The barrier reads no rule across a block element's start or end.
                    Some((_, true)) => return Step::Fails,
                    Some((len, false)) => {
                        at += len;
                        continue;
                    }
                    None => return Step::Hides,
                }
            }
            let hides = matches!(b, b'&' | b'%' | b'\\')
                || (mode == Mode::Text && ASCII[b as usize] == A_CONTROL);
            return match (hides, b as char == expected) {
                (true, _) => Step::Hides,
                (false, true) => Step::Matches(at + 1),
                (false, false) => Step::Fails,
            };
        }
        let Some((c, len)) = decode_char(&rest[at..]) else {
            return Step::Fails;
        };
        if c == expected {
            return Step::Matches(at + len);
        }
        match class(c) {
            Class::Hit => return Step::Hides,
            Class::Space => {
                at += len;
                continue;
            }
            _ if crate::text::chars::is_stable(c) => return Step::Fails,
            // A compatibility form of the expected character (rare): fold it to see.
            _ => {
                let mut folded = String::new();
                super::fold::fold(c.encode_utf8(&mut [0; 4]), true, |d, _| folded.push(d));
                return match folded.chars().next() {
                    None => Step::Hides,
                    Some(d) if d == expected => Step::Hides,
                    Some(_) => Step::Fails,
                };
            }
        }
    }
}

/// How far past the first character of a pair the prefilter looks for the rest of it, over
/// whitespace and tags.
const LOOKAHEAD: usize = 512;

/// The length of a start or end tag at the start of `text` that the tokenizer ends at its
/// first `>` for sure (a name, then no quote and no `<` before the `>`), and whether it is a
/// block element's. `None` for anything else (a comment, `<!`, `<?`, a quoted value, a start
/// tag with attributes, `<rt>` and `<rp>`), which the caller treats as hiding text.
fn simple_tag(text: &[u8]) -> Option<(usize, bool)> {
    let start = if text.get(1) == Some(&b'/') { 2 } else { 1 };
    if !text.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let end = text.iter().take(256).position(|&b| b == b'>')?;
    let inside = &text[1..end];
    if inside.iter().any(|b| matches!(b, b'"' | b'\'' | b'<')) {
        return None;
    }
    let name_len = text[start..end]
        .iter()
        .take_while(|b| !b.is_ascii_whitespace() && **b != b'/')
        .count();
    let name = text[start..start + name_len].to_ascii_lowercase();
    // A ruby annotation is not shown in the line, and an attribute may hide its element
    // (`hidden`): the text after either may join the text before it.
    let attributes = text[start + name_len..end]
        .iter()
        .any(|b| !b.is_ascii_whitespace() && *b != b'/');
    if start == 1 && (matches!(&name[..], b"rt" | b"rp") || attributes) {
        return None;
    }
    Some((end + 1, BLOCKS.contains(&&name[..])))
}

/// The character at the start of `bytes`, if they start with a UTF-8 sequence (every valid
/// one; some overlong ones too, which no rule cares about).
fn decode_char(bytes: &[u8]) -> Option<(char, usize)> {
    let (len, lead) = match bytes[0] {
        0xC2..=0xDF => (2, u32::from(bytes[0] & 0x1F)),
        0xE0..=0xEF => (3, u32::from(bytes[0] & 0x0F)),
        0xF0..=0xF4 => (4, u32::from(bytes[0] & 0x07)),
        _ => return None,
    };
    let tail = bytes.get(1..len)?;
    if tail.iter().any(|b| b & 0xC0 != 0x80) {
        return None;
    }
    let u = tail
        .iter()
        .fold(lead, |u, b| (u << 6) | u32::from(b & 0x3F));
    char::from_u32(u).map(|c| (c, len))
}

/// Whether a character that an escape decodes to matters: it is one the rules (or a withheld
/// URL) may hold, one the fold drops, or an escape character (a second layer of escaping).
pub(crate) fn decoded_matters(c: char, url_chars: &[char]) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            'x' | 'X' | 't' | 'T' | 'b' | 'B' | 'd' | 'D' | '&' | '%' | '\\'
        ) || (c.is_ascii_control() && !c.is_ascii_whitespace())
            || url_chars.contains(&c.to_ascii_lowercase());
    }
    !matches!(class(c), Class::None | Class::Space) || url_chars.contains(&c)
}

/// Names of character references that decode to a character no rule or URL can hold.
const HARMLESS_REFERENCES: &[&str] = &[
    "amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "hellip", "mdash", "ndash", "middot",
    "laquo", "raquo", "lsquo", "rsquo", "ldquo", "rdquo", "yen", "sect", "deg",
];

/// Whether the `&` at `i` starts a character reference that matters: one that decodes to
/// something a rule or URL may hold (the first character of a pair only if the rest of the pair
/// may follow the reference).
#[cold]
fn reference_matters(bytes: &[u8], i: usize, mode: Mode, url_chars: &[char]) -> bool {
    let rest = &bytes[i + 1..];
    let (decoded, len) = match rest.first() {
        Some(b'#') => {
            let (hex, skip) = match rest.get(1) {
                Some(b'x' | b'X') => (true, 2),
                _ => (false, 1),
            };
            let radix = if hex { 16 } else { 10 };
            let digits = rest[skip..]
                .iter()
                .take_while(|b| (**b as char).is_digit(radix))
                .count();
            if digits == 0 {
                return false;
            }
            let value = rest[skip..skip + digits].iter().fold(0u32, |v, b| {
                let d = (*b as char).to_digit(radix).unwrap_or(0);
                v.saturating_mul(radix).saturating_add(d)
            });
            // The windows-1252 characters that HTML maps 0x80..0x9F to (™ holds a T).
            if (0x80..=0x9F).contains(&value) {
                return true;
            }
            (char::from_u32(value), skip + digits)
        }
        Some(b) if b.is_ascii_alphabetic() => {
            let len = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            let name = std::str::from_utf8(&rest[..len]).unwrap_or("");
            let after = rest[len..].strip_prefix(b";").unwrap_or(&rest[len..]);
            if HARMLESS_REFERENCES.contains(&name) {
                // `&amp;#x6A5F;` decodes to a reference: a second decoding may follow.
                return name == "amp"
                    && after
                        .first()
                        .is_some_and(|b| *b == b'#' || b.is_ascii_alphabetic());
            }
            let reference = format!("&{name};");
            let decoded = super::barrier::decode::references(&reference);
            let mut chars = decoded.chars();
            match (chars.next(), chars.next()) {
                // Not a reference: it stays as written.
                _ if decoded == reference => return false,
                (Some(c), None) => (Some(c), len),
                _ => return true,
            }
        }
        _ => return false,
    };
    let Some(c) = decoded else {
        return false;
    };
    let after = &rest[len..];
    let after = after.strip_prefix(b";").unwrap_or(after);
    if c.is_ascii() || url_chars.contains(&c) {
        return decoded_matters(c, url_chars);
    }
    match class(c) {
        Class::None | Class::Space => false,
        Class::Hit => true,
        Class::First(g) => follows(g, after, mode),
    }
}

/// Whether the `%` at `i` starts a run of `%XX` escapes that decodes to anything that matters.
#[cold]
fn percent_matters(bytes: &[u8], i: usize, url_chars: &[char]) -> bool {
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    let mut decoded = Vec::new();
    let mut at = i;
    while bytes.get(at) == Some(&b'%')
        && let (Some(h), Some(l)) = (hex(bytes.get(at + 1)), hex(bytes.get(at + 2)))
    {
        decoded.push((h * 16 + l) as u8);
        at += 3;
    }
    if decoded.is_empty() {
        return false;
    }
    // Invalid UTF-8 (a sequence cut by the end of the run) decodes to U+FFFD, which matters
    // to no rule; what a fold may still join is judged by the characters.
    String::from_utf8_lossy(&decoded)
        .chars()
        .any(|c| decoded_matters(c, url_chars))
        || may_match(&decoded, Mode::Text, None)
}

/// Whether the `\` at `i` starts an escape (of JavaScript, JSON or CSS) that decodes to
/// anything that matters, under any of those readings.
#[cold]
fn backslash_matters(bytes: &[u8], i: usize, url_chars: &[char]) -> bool {
    let rest = &bytes[i + 1..];
    let hex_run = |from: usize, max: usize| {
        rest.get(from..)
            .unwrap_or(&[])
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_hexdigit())
            .count()
    };
    let value = |from: usize, len: usize, radix: u32| {
        std::str::from_utf8(&rest[from..from + len])
            .ok()
            .and_then(|t| u32::from_str_radix(t, radix).ok())
            .and_then(char::from_u32)
    };
    let matters = |c: Option<char>| c.is_some_and(|c| decoded_matters(c, url_chars));
    let Some(&first) = rest.first() else {
        return false;
    };
    let mut found = false;
    match first {
        b'u' | b'U' => {
            if rest.get(1) == Some(&b'{') {
                let len = hex_run(2, 8);
                found |= len > 0 && matters(value(2, len, 16));
            } else {
                let len = hex_run(1, 8);
                // \uXXXX (JavaScript, JSON), \UXXXXXXXX: any length read conservatively.
                found |= (1..=len).any(|l| matters(value(1, l, 16)));
            }
        }
        b'x' | b'X' => {
            let len = hex_run(1, 2);
            found |= (1..=len).any(|l| matters(value(1, l, 16)));
        }
        b'\\' => {
            found |= rest
                .get(1)
                .is_some_and(|b| b.is_ascii_hexdigit() || matches!(b, b'u' | b'U' | b'x' | b'X'));
        }
        // JavaScript's \b (a backspace, which the fold drops) and \0.
        b'b' => found = true,
        _ => {}
    }
    // CSS: one to six hex digits; JavaScript: one to three octal digits.
    let len = hex_run(0, 6);
    found |= (1..=len).any(|l| matters(value(0, l, 16)));
    let octal = rest
        .iter()
        .take(3)
        .take_while(|b| (b'0'..=b'7').contains(*b))
        .count();
    found |= (1..=octal).any(|l| matters(value(0, l, 8)));
    // Any other escaped character stands for itself.
    found
        || (!first.is_ascii_hexdigit()
            && first.is_ascii()
            && first != b'\\'
            && decoded_matters(first as char, url_chars))
}

#[cfg(test)]
mod tests;
