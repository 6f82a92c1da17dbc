//! The gate's rules, matched on folded text ([`super::fold`]): classification markings above
//! 機密性1, handling words and stamps, and placeholders.
//!
//! Part of [`super`]. Markings and handling words are matched on the text with every space and
//! line break dropped (`機密性 ２`, `取扱\n注意`); runs of placeholder signs likewise (`● ●`), so
//! a caller hands them one block of text at a time (a table of ○ and × cells is not a
//! placeholder). The ASCII placeholders (`XX`, `xxx`, `TBD`, any case) are whole words of the
//! text with its spaces kept, outside URLs.

use super::fold::Folded;

/// Which rules to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scope {
    /// Markings, handling words and stamps.
    pub(crate) secrets: bool,
    /// Runs of placeholder signs (●●, ○○, ＊＊, ××) and (仮).
    pub(crate) signs: bool,
    /// The ASCII placeholders XX, xxx and TBD.
    pub(crate) ascii: bool,
}

impl Scope {
    /// Every rule.
    pub(crate) const ALL: Scope = Scope {
        secrets: true,
        signs: true,
        ascii: true,
    };
}

/// One rule's match, in characters of the text as written (`[start, end)`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) rule: Rule,
}

/// Which rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    Marking(u8),
    NeedsSecrecy,
    Handling,
    Stamp,
    Placeholder,
}

/// Handling words that mark text as not for the public; `?` makes the character before it
/// optional (the okurigana of 取り扱い).
pub(crate) const HANDLING_WORDS: &[&str] = &[
    "極秘",
    "秘密文書",
    "取り?扱い?注意",
    "関係者限り",
    "部外秘",
    "厳秘",
    "複製禁止",
    "配付禁止",
    "配布禁止",
];

pub(crate) const OPENERS: &[char] = &['【', '[', '(', '〔', '《', '〈', '「', '『', '［', '（'];
pub(crate) const CLOSERS: &[char] = &['】', ']', ')', '〕', '》', '〉', '」', '』', '］', '）'];
/// What may stand between 機密性 and its level (after NFKC: `：` is `:`).
const LEVEL_SEPARATORS: &[char] = &[':', '=', '・', '-', '_'];

/// Runs of two or more of one of these sets (after folding, spaces dropped) are placeholders:
/// ●●, ○○, 〇〇, ◯◯, ＊＊, ×× (but not the zeros of a kanji number, 二〇〇〇年).
pub(crate) const PLACEHOLDER_RUNS: &[&[char]] = &[&['●'], &['○', '〇', '◯'], &['＊'], &['×']];

/// The hits of the rules in `scope` in one text, folded without spaces (`compact`) and with
/// them (`spaced`), sorted by position.
pub(crate) fn hits(compact: &Folded, spaced: &Folded, scope: Scope) -> Vec<Hit> {
    let mut hits = Vec::new();
    if scope.secrets {
        markings(compact, &mut hits);
        handling(compact, &mut hits);
    }
    if scope.signs {
        signs(compact, &mut hits);
    }
    if scope.ascii {
        ascii_placeholders(spaced, &mut hits);
    }
    hits.sort_by_key(|h| (h.start, h.end));
    hits
}

fn hit(f: &Folded, start: usize, end: usize, rule: Rule) -> Hit {
    let (start, end) = f.written_span(start, end);
    Hit { start, end, rule }
}

/// `機密性` followed (after optional brackets or `:`) by 2, 3, 二, 三, II or III; 要機密情報.
fn markings(f: &Folded, hits: &mut Vec<Hit>) {
    for i in f.find_all("機密性") {
        let mut j = i + 3;
        while f
            .chars
            .get(j)
            .is_some_and(|c| OPENERS.contains(c) || LEVEL_SEPARATORS.contains(c))
        {
            j += 1;
        }
        let level = match f.chars.get(j) {
            Some('2' | '二' | '弐' | '貳') => Some((2, j + 1)),
            Some('3' | '三' | '参' | '參') => Some((3, j + 1)),
            Some('I' | 'i') => {
                let run = f.chars[j..]
                    .iter()
                    .take_while(|c| matches!(c, 'I' | 'i'))
                    .count();
                match run {
                    2 | 3 => Some((run as u8, j + run)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((level, end)) = level {
            hits.push(hit(f, i, end, Rule::Marking(level)));
        }
    }
    for i in f.find_all("要機密情報") {
        hits.push(hit(f, i, i + 5, Rule::NeedsSecrecy));
    }
}

/// The length of `word` (with `?` for an optional character) matched at `at`, if it matches.
fn match_word(chars: &[char], at: usize, word: &[char]) -> Option<usize> {
    let Some((&first, rest)) = word.split_first() else {
        return Some(0);
    };
    let optional = rest.first() == Some(&'?');
    let rest = if optional { &rest[1..] } else { rest };
    if chars.get(at) == Some(&first)
        && let Some(n) = match_word(chars, at + 1, rest)
    {
        return Some(n + 1);
    }
    if optional {
        return match_word(chars, at, rest);
    }
    None
}

/// Handling words, and 秘 alone between brackets (【秘】, (秘)…) or as ㊙, but not 秘 inside a
/// word like 秘書.
fn handling(f: &Folded, hits: &mut Vec<Hit>) {
    for word in HANDLING_WORDS {
        let word: Vec<char> = word.chars().collect();
        for i in 0..f.chars.len() {
            if f.chars[i] != word[0] {
                continue;
            }
            if let Some(n) = match_word(&f.chars, i, &word) {
                hits.push(hit(f, i, i + n, Rule::Handling));
            }
        }
    }
    for (k, &c) in f.chars.iter().enumerate() {
        if c != '秘' {
            continue;
        }
        let bracketed = k > 0
            && OPENERS.contains(&f.chars[k - 1])
            && f.chars.get(k + 1).is_some_and(|c| CLOSERS.contains(c));
        if bracketed {
            hits.push(hit(f, k - 1, k + 2, Rule::Stamp));
        } else if f.written_char(k) == '㊙' {
            hits.push(hit(f, k, k + 1, Rule::Stamp));
        }
    }
}

/// Runs of placeholder signs, and 仮 alone between brackets.
fn signs(f: &Folded, hits: &mut Vec<Hit>) {
    let chars = &f.chars;
    let mut k = 0;
    while k < chars.len() {
        let Some(set) = PLACEHOLDER_RUNS.iter().find(|s| s.contains(&chars[k])) else {
            k += 1;
            continue;
        };
        let run = chars[k..].iter().take_while(|c| set.contains(c)).count();
        if run >= 2 && !is_kanji_number(chars, k, k + run) {
            hits.push(hit(f, k, k + run, Rule::Placeholder));
        }
        k += run;
    }
    for i in f.find_all("仮") {
        if i > 0
            && OPENERS.contains(&chars[i - 1])
            && chars.get(i + 1).is_some_and(|c| CLOSERS.contains(c))
        {
            hits.push(hit(f, i - 1, i + 2, Rule::Placeholder));
        }
    }
}

/// Whether the run `chars[start..end]` is the zeros of a number written in kanji or digits
/// (`二〇〇〇年`, `一〇〇名`, `２〇〇`): all 〇, with a numeral right before or after it.
fn is_kanji_number(chars: &[char], start: usize, end: usize) -> bool {
    let numeral = |c: Option<&char>| {
        c.is_some_and(|&c| "一二三四五六七八九十百千万〇".contains(c) || c.is_ascii_digit())
    };
    chars[start..end].iter().all(|&c| c == '〇')
        && (numeral(start.checked_sub(1).and_then(|i| chars.get(i))) || numeral(chars.get(end)))
}

/// TBD (any case) and runs of two or more X (all upper or all lower case), standing apart from
/// other ASCII letters and digits (`XXL`, `TBDs` and `2011TBD` are words of their own), and
/// not inside a URL (`https://example.jp/xx/`).
fn ascii_placeholders(f: &Folded, hits: &mut Vec<Hit>) {
    let chars = &f.chars;
    let apart = |i: usize| i >= chars.len() || !chars[i].is_ascii_alphanumeric();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = match c {
            'X' | 'x' => chars[i..].iter().take_while(|&&d| d == c).count(),
            'T' | 't' if chars.len() - i >= 3 => {
                let word: String = chars[i..i + 3].iter().collect();
                if word.eq_ignore_ascii_case("tbd") {
                    3
                } else {
                    1
                }
            }
            _ => 1,
        };
        let placeholder = matches!(c, 'X' | 'x') && run >= 2 || matches!(c, 'T' | 't') && run == 3;
        if placeholder && (i == 0 || apart(i - 1)) && apart(i + run) && !in_url(chars, i) {
            hits.push(hit(f, i, i + run, Rule::Placeholder));
        }
        i += run;
    }
}

/// Whether position `i` is inside a URL: the piece of text around it (up to whitespace,
/// quotes or brackets) holds `://`, or starts with `/` or `www.`.
fn in_url(chars: &[char], i: usize) -> bool {
    let ends = |c: &char| c.is_whitespace() || "\"'`<>()[]{}、。「」（）".contains(*c);
    let start = chars[..i].iter().rposition(ends).map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(ends)
        .map_or(chars.len(), |p| i + p);
    let piece: String = chars[start..end].iter().collect();
    piece.contains("://") || piece.starts_with('/') || piece.starts_with("www.")
}
