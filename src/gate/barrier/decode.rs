//! Every way a published text may spell a character, undone: HTML character references (all
//! of them, through the WHATWG tokenizer), `%XX` escapes, and backslash escapes as JavaScript
//! and JSON read them (`\u6A5F`, `\u{6A5F}`, `\x32`, octal, `\n`…) and as CSS reads them
//! (`\6A5F `). One text can mean different things to different readers, so [`variants`] gives
//! each reading, each decoded again until nothing changes (double encodings such as
//! `&amp;#x6A5F;` or `%255C` included).
//!
//! Part of [`super`]: the full scan reads every variant; the prefilter
//! ([`crate::gate::prefilter`]) treats every escape these decoders undo as something to look at.

use std::borrow::Cow;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// How many times a text is decoded again (an escape of an escape of an escape).
const ROUNDS: usize = 4;

/// `text` as written, and as each reader decodes it (without repeats).
pub(crate) fn variants(text: &str) -> Vec<Cow<'_, str>> {
    let mut out = vec![Cow::Borrowed(text)];
    if !text.contains(['&', '%', '\\']) {
        return out;
    }
    for css in [false, true] {
        let mut current = text.to_owned();
        for _ in 0..ROUNDS {
            let next = once(&current, css);
            if next == current {
                break;
            }
            current = next;
        }
        if !out.iter().any(|v| *v == current) {
            out.push(Cow::Owned(current));
        }
    }
    out
}

fn once(text: &str, css: bool) -> String {
    let text = references(text);
    let text = percent(&text);
    if css {
        css_escapes(&text).into_owned()
    } else {
        script_escapes(&text).into_owned()
    }
}

/// HTML character references decoded as the WHATWG tokenizer decodes them in text (named ones
/// included, `&times` without its `;` too). A `<` is read as text, not as a tag.
pub(crate) fn references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    // `<` would open a tag: read it as an invisible stand-in, put back afterwards.
    let input = text.replace('<', "\u{E000}");
    let mut out = Vec::with_capacity(input.len());
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        if let CallbackEvent::String { value } = event {
            out.extend_from_slice(value);
        }
        None::<()>
    });
    for _ in Tokenizer::new_with_emitter(input.as_str(), emitter) {}
    Cow::Owned(String::from_utf8_lossy(&out).replace('\u{E000}', "<"))
}

/// `%XX` escapes decoded (bytes that do not make UTF-8 become U+FFFD).
pub(crate) fn percent(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = crate::text::escape::percent_decode_bytes(text);
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// Backslash escapes as JavaScript, JSON and YAML's double-quoted scalars read them.
pub(crate) fn script_escapes(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' || i + 1 == chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (decoded, used) = script_escape(&chars[i + 1..]);
        out.extend(decoded);
        i += 1 + used;
    }
    // Surrogate pairs written as two \u escapes were kept apart above: join them.
    Cow::Owned(join_surrogates(&out))
}

/// The character an escape (after its `\`) stands for, and how many characters it used.
fn script_escape(rest: &[char]) -> (Option<char>, usize) {
    let hex = |from: usize, max: usize| -> (Option<u32>, usize) {
        let len = rest[from.min(rest.len())..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        let text: String = rest[from..from + len].iter().collect();
        (u32::from_str_radix(&text, 16).ok(), len)
    };
    match rest[0] {
        'u' if rest.get(1) == Some(&'{') => {
            let (v, len) = hex(2, 8);
            let close = usize::from(rest.get(2 + len) == Some(&'}'));
            (v.and_then(surrogate_or_char), 2 + len + close)
        }
        'u' => match hex(1, 4) {
            (Some(v), 4) => (surrogate_or_char(v), 5),
            _ => (Some('u'), 1),
        },
        'U' => match hex(1, 8) {
            (Some(v), 8) => (char::from_u32(v), 9),
            _ => (Some('U'), 1),
        },
        'x' => match hex(1, 2) {
            (Some(v), 2) => (char::from_u32(v), 3),
            _ => (Some('x'), 1),
        },
        '0'..='7' => {
            let len = rest
                .iter()
                .take(3)
                .take_while(|c| ('0'..='7').contains(*c))
                .count();
            let text: String = rest[..len].iter().collect();
            (
                u32::from_str_radix(&text, 8).ok().and_then(char::from_u32),
                len,
            )
        }
        'b' => (Some('\u{8}'), 1),
        'f' => (Some('\u{C}'), 1),
        'n' => (Some('\n'), 1),
        'r' => (Some('\r'), 1),
        't' => (Some('\t'), 1),
        'v' => (Some('\u{B}'), 1),
        // A line continuation.
        '\n' => (None, 1),
        c => (Some(c), 1),
    }
}

/// A UTF-16 surrogate is kept as a private-use stand-in until its pair is joined.
fn surrogate_or_char(v: u32) -> Option<char> {
    match v {
        0xD800..=0xDFFF => char::from_u32(0xF0000 + v),
        _ => char::from_u32(v),
    }
}

fn join_surrogates(text: &str) -> String {
    let stand_in = |c: char| (0xF0000 + 0xD800..=0xF0000 + 0xDFFF).contains(&(c as u32));
    if !text.chars().any(stand_in) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let u = c as u32;
        if (0xF0000 + 0xD800..0xF0000 + 0xDC00).contains(&u)
            && let Some(&low) = chars.peek()
            && (0xF0000 + 0xDC00..=0xF0000 + 0xDFFF).contains(&(low as u32))
        {
            let v = 0x10000 + ((u - 0xF0000 - 0xD800) << 10) + (low as u32 - 0xF0000 - 0xDC00);
            out.extend(char::from_u32(v));
            chars.next();
        } else if stand_in(c) {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out
}

/// Backslash escapes as CSS reads them: one to six hex digits (and one whitespace after them),
/// or any other character standing for itself; a backslash before a line break continues it.
pub(crate) fn css_escapes(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' || i + 1 == chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let rest = &chars[i + 1..];
        let len = rest
            .iter()
            .take(6)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if len == 0 {
            if rest[0] != '\n' {
                out.push(rest[0]);
            }
            i += 2;
            continue;
        }
        let text: String = rest[..len].iter().collect();
        let v = u32::from_str_radix(&text, 16).unwrap_or(0xFFFD);
        out.push(
            char::from_u32(v)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}'),
        );
        i += 1 + len;
        if chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        variants(text).into_iter().map(Cow::into_owned).collect()
    }

    #[test]
    fn every_reading_is_given() {
        assert!(all("機密性&#x32;情報").contains(&"機密性2情報".to_owned()));
        assert!(all("&times;&times;課").contains(&"××課".to_owned()));
        assert!(all("%E6%A9%9F%E5%AF%86").contains(&"機密".to_owned()));
        assert!(all("\\u6A5F\\u5BC6\\u6027\\u0033").contains(&"機密性3".to_owned()));
        assert!(all("\\6A5F \\5BC6").contains(&"機密".to_owned()));
        assert!(all("\\x58\\x58").contains(&"XX".to_owned()));
        assert!(all("&amp;#x6A5F;").contains(&"機".to_owned()));
        assert!(all("%25E6%25A9%259F").contains(&"機".to_owned()));
        assert!(all("\\uD83D\\uDE00").contains(&"😀".to_owned()));
        assert!(all("&#x2F;internal&#x2F;plan&#x2F;").contains(&"/internal/plan/".to_owned()));
    }

    #[test]
    fn a_less_than_sign_is_text_to_the_reference_decoder() {
        assert_eq!(references("a<b &lt; &#x3C;"), "a<b < <");
    }
}
