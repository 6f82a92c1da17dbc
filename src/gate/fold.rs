//! A line folded for matching (NFKC, optionally without spaces) that remembers, for every
//! folded character, the character of the line it came from. The gate matches its rules on
//! the folded text and reports columns, and the flagged string, as the line is written:
//! `（仮）` is found as `(仮)` but reported at the `（` with the text `（仮）`.

use unicode_normalization::UnicodeNormalization;

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
    /// NFKC, character by character (every rule's text is made of characters that NFKC does not
    /// compose), with whitespace dropped unless `keep_spaces`.
    pub(crate) fn new(line: &str, keep_spaces: bool) -> Folded {
        let original: Vec<char> = line.chars().collect();
        let mut chars = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (i, &c) in original.iter().enumerate() {
            if c.is_ascii() {
                if keep_spaces || !c.is_whitespace() {
                    chars.push(c);
                    origin.push(i);
                }
                continue;
            }
            for d in std::iter::once(c).nfkc() {
                if keep_spaces || !d.is_whitespace() {
                    chars.push(d);
                    origin.push(i);
                }
            }
        }
        Folded {
            original,
            chars,
            origin,
        }
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
}
