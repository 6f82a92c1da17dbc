//! Text folded for matching, and that remembers, for every folded character, the character of
//! the text it came from. The gate matches its rules on the folded text and reports columns,
//! and the flagged string, as the text is written: `（仮）` is found as `(仮)` but reported at
//! the `（` with the text `（仮）`.
//!
//! Folding is NFKC (a character and the marks after it at a time), then dropping what a reader
//! does not see: every character that renders blank or not at all
//! ([`crate::text::chars::is_blank`]: format characters such as U+200B, U+2060, U+00AD, U+FEFF,
//! the other default-ignorable characters such as variation selectors, tag characters and
//! Hangul fillers, control characters, the Braille blank U+2800), combining marks left over
//! after NFKC, and (unless asked to keep them) whitespace and line breaks.
//! `機密性` + U+200B + `2`, `機密性\n2` and `機密性２` all fold to `機密性2`. One exception to
//! NFKC: the full-width asterisk `＊` (and the small `﹡`) stays `＊`, since `**` is Markdown's
//! bold while `＊＊` is a placeholder.
//!
//! [`fold`] is the gate's one way to fold text: [`Folded`] keeps where each character came
//! from, [`super::normalise`] keeps only the characters.

use unicode_normalization::UnicodeNormalization;

use crate::text::chars::{is_blank, is_mark, is_stable};

/// Whether the fold drops `c` (after NFKC): a character that renders blank or not at all but
/// whitespace ([`is_blank`]: format, default-ignorable and control characters, U+2800…), or a
/// combining mark that did not compose with the character before it.
pub(crate) fn is_dropped(c: char) -> bool {
    let u = c as u32;
    if u < 0xAD {
        return c.is_control() && !c.is_whitespace();
    }
    (is_blank(c) && !c.is_whitespace())
        || matches!(u,
            // Combining marks (what NFKC did not compose is not seen as a character).
            0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
            | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

/// Calls `emit` with every character of `text` folded and the index (in characters) of the
/// written character it came from; whitespace is dropped unless `keep_spaces`. ASCII, and kana
/// and kanji without a mark after them, skip the normaliser (NFKC leaves them alone).
pub(crate) fn fold(text: &str, keep_spaces: bool, mut emit: impl FnMut(char, usize)) {
    let mut out = |c: char, i: usize| {
        if (keep_spaces || !c.is_whitespace()) && !is_dropped(c) {
            emit(c, i);
        }
    };
    let mut chars = text.chars().enumerate().peekable();
    let mut cluster = String::new();
    while let Some((i, c)) = chars.next() {
        let marked = chars.peek().is_some_and(|&(_, m)| is_mark(m));
        if !marked && (c.is_ascii() || is_stable(c)) {
            out(c, i);
            continue;
        }
        if matches!(c, '＊' | '﹡') {
            out('＊', i);
            continue;
        }
        cluster.clear();
        cluster.push(c);
        while let Some(&(_, m)) = chars.peek().filter(|&&(_, m)| is_mark(m)) {
            cluster.push(m);
            chars.next();
        }
        for d in cluster.nfkc() {
            out(d, i);
        }
    }
}

/// One text, folded.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    /// The text's characters as written.
    pub(crate) original: Vec<char>,
    /// The folded characters.
    pub(crate) chars: Vec<char>,
    /// For each folded character, the index of the written character it came from.
    origin: Vec<usize>,
}

impl Folded {
    /// The text folded with whitespace dropped unless `keep_spaces`.
    pub(crate) fn new(text: &str, keep_spaces: bool) -> Folded {
        let original: Vec<char> = text.chars().collect();
        let mut chars = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        fold(text, keep_spaces, |c, i| {
            chars.push(c);
            origin.push(i);
        });
        Folded {
            original,
            chars,
            origin,
        }
    }

    /// The text folded once, as (without spaces, with spaces).
    pub(crate) fn both(text: &str) -> (Folded, Folded) {
        let spaced = Folded::new(text, true);
        let (chars, origin) = spaced
            .chars
            .iter()
            .zip(&spaced.origin)
            .filter(|(c, _)| !c.is_whitespace())
            .map(|(&c, &o)| (c, o))
            .unzip();
        let compact = Folded {
            original: spaced.original.clone(),
            chars,
            origin,
        };
        (compact, spaced)
    }

    /// Every folded index where `pattern` starts.
    pub(crate) fn find_all(&self, pattern: &str) -> Vec<usize> {
        let pat: Vec<char> = pattern.chars().collect();
        let Some(&first) = pat.first() else {
            return Vec::new();
        };
        if pat.len() > self.chars.len() {
            return Vec::new();
        }
        (0..=self.chars.len() - pat.len())
            .filter(|&i| self.chars[i] == first && self.chars[i..i + pat.len()] == pat[..])
            .collect()
    }

    /// The written characters `[a, b)` that the folded characters `[start, end)` came from.
    pub(crate) fn written_span(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.origin[start];
        let b = self.origin[end - 1] + 1;
        (a, b)
    }

    /// The written character a folded character came from.
    pub(crate) fn written_char(&self, folded: usize) -> char {
        self.original[self.origin[folded]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold(text, false, |c, _| out.push(c));
        out
    }

    #[test]
    fn spans_map_back_to_the_written_text() {
        let f = Folded::new("会議名（仮）です", false);
        let i = f.find_all("(仮)")[0];
        assert_eq!(f.written_span(i, i + 3), (3, 6));
        let f = Folded::new("機密性 ３ 情報", false);
        let i = f.find_all("機密性3")[0];
        assert_eq!(f.written_span(i, i + 4), (0, 5));
        let f = Folded::new("ＸＸＸ と TBD", true);
        assert_eq!(f.find_all("XXX"), vec![0]);
        assert_eq!(f.find_all("TBD"), vec![6]);
    }

    #[test]
    fn a_character_that_folds_into_several_keeps_its_origin() {
        let f = Folded::new("機密性Ⅲ", false);
        assert_eq!(f.chars.iter().collect::<String>(), "機密性III");
        assert_eq!(f.written_span(3, 6), (3, 4));
        assert_eq!(f.written_char(5), 'Ⅲ');
    }

    #[test]
    fn a_mark_is_folded_with_the_character_before_it() {
        assert_eq!(folded("ｶﾞイト\u{3099} 取扱"), "ガイド取扱");
    }

    #[test]
    fn invisible_characters_inside_a_marking_are_dropped() {
        for c in [
            '\u{200B}',
            '\u{2060}',
            '\u{200C}',
            '\u{200D}',
            '\u{00AD}',
            '\u{FE00}',
            '\u{FEFF}',
            '\u{E0100}',
            '\u{180E}',
            '\u{202E}',
            '\u{0301}',
            '\u{3164}',
            '\n',
            '\u{3000}',
        ] {
            assert_eq!(
                folded(&format!("機密性{c}2")),
                "機密性2",
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn the_full_width_asterisk_is_not_markdown_bold() {
        assert_eq!(folded("＊﹡**"), "＊＊**");
    }
}
