//! How text becomes search tokens: the one definition that the index (here) and the browser
//! (`search.js`, which repeats it line for line) share. Pagefind's Japanese search went wrong
//! exactly where its indexer and its query parser split words differently (Pagefind#1237), so
//! both sides here use rules simple enough to be written twice identically:
//!
//! 1. **Normalise** each cluster (a character and the combining marks after it) with NFKC,
//!    then lower-case it: full-width `ＰＬ` and `１` become `pl` and `1`, half-width `ｶﾞ`
//!    becomes `ガ`.
//! 2. **Classify** each character: Japanese (kanji, hiragana, katakana, 々, ー), word (any
//!    other letter or digit) or separator (spaces, punctuation, the middle dot `・`).
//! 3. **Tokenise**: a run of word characters is one token (`ips`, `2011`). A run of Japanese
//!    characters gives, at every position, the pair of characters starting there (a bigram),
//!    and at its last position that character alone: `再生医療` → `再生`, `生医`, `医療`, `療`.
//!    Every character of a run starts exactly one token, so a one-character query is the
//!    union of the tokens that start with it, and a longer one the bigrams it contains.
//!
//! Bigrams need no dictionary, cannot disagree with the browser, and find any substring of
//! two or more characters; the browser then confirms each hit against the page's text, so a
//! page with `新幹` and `幹線` apart is not a hit for `新幹線`.

use unicode_normalization::UnicodeNormalization;

use crate::text::chars::{is_mark, is_stable};

/// What a normalised character is to the tokeniser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Kanji, hiragana, katakana and the marks that belong to them: indexed as bigrams.
    Japanese,
    /// Another letter or digit: part of a word.
    Word,
    /// Anything else: ends a run.
    Separator,
}

/// The class of a (normalised) character. search.js has the same ranges (Japanese: see
/// [`crate::text::chars::is_japanese`]).
#[inline]
pub(crate) fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Separator
        };
    }
    if crate::text::chars::is_japanese(c) {
        Class::Japanese
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// Appends the normalised form of `text` to `out`: NFKC and lower case, cluster by cluster.
pub(crate) fn normalise_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // ASCII has no marks and NFKC leaves it alone.
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    let mut chars = text.chars().peekable();
    let mut cluster = String::new();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            if !chars.peek().copied().is_some_and(is_mark) {
                continue;
            }
            out.pop();
        } else if is_stable(c) && !chars.peek().copied().is_some_and(is_mark) {
            out.push(c);
            continue;
        }
        cluster.clear();
        cluster.push(c);
        while let Some(&m) = chars.peek().filter(|&&m| is_mark(m)) {
            cluster.push(m);
            chars.next();
        }
        for n in cluster.nfkc() {
            out.extend(n.to_lowercase());
        }
    }
}

/// The normalised form of `text`.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// A token, borrowed from the normalised text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Token<'a> {
    /// Two Japanese characters.
    Pair(char, char),
    /// The last character of a Japanese run.
    Last(char),
    /// A word.
    Word(&'a str),
}

impl Token<'_> {
    /// The token as the index file and search.js spell it.
    pub(crate) fn spelling(self) -> String {
        match self {
            Token::Pair(a, b) => [a, b].iter().collect(),
            Token::Last(a) => a.to_string(),
            Token::Word(w) => w.to_owned(),
        }
    }
}

/// Longer words are cut to this many bytes (on a character boundary): long strings of
/// letters are identifiers or garbage, not something a visitor types.
const MAX_WORD: usize = 48;

/// Calls `emit` for every token of `normalised` (a string from [`normalise`]).
pub(crate) fn tokenise<'a>(normalised: &'a str, mut emit: impl FnMut(Token<'a>)) {
    let mut previous: Option<char> = None;
    let mut word_start: Option<usize> = None;
    let end_word = |start: &mut Option<usize>, end: usize, emit: &mut dyn FnMut(Token<'a>)| {
        if let Some(s) = start.take() {
            let mut e = end.min(s + MAX_WORD);
            while !normalised.is_char_boundary(e) {
                e -= 1;
            }
            emit(Token::Word(&normalised[s..e]));
        }
    };
    for (i, c) in normalised.char_indices() {
        match class(c) {
            Class::Japanese => {
                end_word(&mut word_start, i, &mut emit);
                if let Some(p) = previous {
                    emit(Token::Pair(p, c));
                }
                previous = Some(c);
            }
            other => {
                if let Some(p) = previous.take() {
                    emit(Token::Last(p));
                }
                if other == Class::Word {
                    word_start.get_or_insert(i);
                } else {
                    end_word(&mut word_start, i, &mut emit);
                }
            }
        }
    }
    if let Some(p) = previous {
        emit(Token::Last(p));
    }
    end_word(&mut word_start, normalised.len(), &mut emit);
}

/// The shard (index file) that holds every token starting with `first`, among `shards` (a
/// power of two). search.js computes the same: `(Math.imul(cp, 0x9E3779B1) >>> 16) % shards`.
pub(crate) fn shard_of(first: char, shards: u32) -> u32 {
    ((first as u32).wrapping_mul(0x9E37_79B1) >> 16) % shards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        let n = normalise(text);
        let mut out = Vec::new();
        tokenise(&n, |t| out.push(t.spelling()));
        out
    }

    #[test]
    fn normalises_widths_case_and_voiced_half_width_katakana() {
        assert_eq!(normalise("ＰＬ対応　１２３"), "pl対応 123");
        assert_eq!(normalise("ｶﾞｲﾄﾞﾗｲﾝ"), "ガイドライン");
        assert_eq!(normalise("iPS細胞"), "ips細胞");
        assert_eq!(normalise("Ⅲ"), "iii");
        assert_eq!(normalise("①"), "1");
    }

    #[test]
    fn japanese_runs_become_bigrams_and_a_last_character() {
        assert_eq!(keys("再生医療"), ["再生", "生医", "医療", "療"]);
        assert_eq!(keys("薬"), ["薬"]);
        assert_eq!(
            keys("レギュラトリーサイエンス")[..3],
            ["レギ", "ギュ", "ュラ"]
        );
    }

    #[test]
    fn words_and_japanese_split_where_the_class_changes() {
        assert_eq!(
            keys("iPS細胞の研究"),
            ["ips", "細胞", "胞の", "の研", "研究", "究"]
        );
        assert_eq!(keys("第1回 会議"), ["第", "1", "回", "会議", "議"]);
    }

    #[test]
    fn the_middle_dot_and_punctuation_separate() {
        assert_eq!(
            keys("被験者保護・風評被害"),
            [
                "被験", "験者", "者保", "保護", "護", "風評", "評被", "被害", "害"
            ]
        );
        assert_eq!(keys("PL-対応。"), ["pl", "対応", "応"]);
    }

    #[test]
    fn long_words_are_cut_on_a_character_boundary() {
        let long = "é".repeat(40);
        let k = keys(&long);
        assert_eq!(k.len(), 1);
        assert!(k[0].len() <= MAX_WORD && k[0].chars().all(|c| c == 'é'));
    }

    #[test]
    fn shards_spread_and_stay_in_range() {
        let mut seen = std::collections::HashSet::new();
        for c in "医薬品再生療機器あいうえおabcdef".chars() {
            let s = shard_of(c, 16);
            assert!(s < 16);
            seen.insert(s);
        }
        assert!(seen.len() > 6, "{seen:?}");
        assert_eq!(shard_of('医', 1), 0);
    }
}
