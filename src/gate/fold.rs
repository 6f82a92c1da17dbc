//! Text folded for matching (NFKC, optionally without spaces) that remembers, for every folded
//! character, the character of the line it came from. The gate matches its rules on the folded
//! text and reports columns, and the flagged string, as the line is written: `（仮）` is found
//! as `(仮)` but reported at the `（` with the text `（仮）`.
//!
//! [`fold`] is the gate's one way to fold text: [`Folded`] keeps where each character came
//! from, [`super::normalise`] keeps only the characters.

use unicode_normalization::UnicodeNormalization;

use crate::text::{is_mark, is_stable};

/// Calls `emit` with every character of `text` folded (NFKC, a character and the marks after
/// it at a time) and the index of the written character it came from; whitespace is dropped
/// unless `keep_spaces`. ASCII, and kana and kanji without a mark after them, skip the
/// normaliser (NFKC leaves them alone).
pub(crate) fn fold(text: &str, keep_spaces: bool, mut emit: impl FnMut(char, usize)) {
    let mut out = |c: char, i: usize| {
        if keep_spaces || !c.is_whitespace() {
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

/// One line, folded.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    /// The line's characters as written.
    pub(crate) original: Vec<char>,
    /// The folded characters.
    pub(crate) chars: Vec<char>,
    /// For each folded character, the index of the written character it came from.
    origin: Vec<usize>,
}

impl Folded {
    /// The line folded with whitespace dropped unless `keep_spaces`.
    #[cfg(test)]
    pub(crate) fn new(line: &str, keep_spaces: bool) -> Folded {
        let (compact, spaced) = Folded::both(line);
        if keep_spaces { spaced } else { compact }
    }

    /// The line folded once, as (without spaces, with spaces).
    pub(crate) fn both(line: &str) -> (Folded, Folded) {
        let original: Vec<char> = line.chars().collect();
        let mut chars = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        fold(line, true, |c, i| {
            chars.push(c);
            origin.push(i);
        });
        let (compact_chars, compact_origin) = chars
            .iter()
            .zip(&origin)
            .filter(|(c, _)| !c.is_whitespace())
            .map(|(&c, &o)| (c, o))
            .unzip();
        let compact = Folded {
            original: original.clone(),
            chars: compact_chars,
            origin: compact_origin,
        };
        let spaced = Folded {
            original,
            chars,
            origin,
        };
        (compact, spaced)
    }

    /// Every folded index where `pattern` starts.
    pub(crate) fn find_all(&self, pattern: &str) -> Vec<usize> {
        let pat: Vec<char> = pattern.chars().collect();
        if pat.is_empty() || pat.len() > self.chars.len() {
            return Vec::new();
        }
        (0..=self.chars.len() - pat.len())
            .filter(|&i| self.chars[i..i + pat.len()] == pat[..])
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
        let mut out = String::new();
        fold("ｶﾞイト\u{3099} 取扱", false, |c, _| out.push(c));
        assert_eq!(out, "ガイド取扱");
    }
}
