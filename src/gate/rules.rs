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

/// Handling words that mark text as not for the public, unit by unit: `,` separates the
/// units, `|` a unit's spellings, `?` after a unit makes it optional (the okurigana of
/// 取り扱い). Kana match in either script ([`same_char`]), and half-width kana are full-width
/// once folded, so a kana reading (`ぶがいひ`, `取扱ちゅうい`, `ﾌﾞｶﾞｲﾋ`) and a mix of kanji and
/// kana are caught with the word. Readings are given only where they are no ordinary word
/// (not `ごくひ` for 極秘: `ごくひとにぎり`); each reading has a pair in
/// [`super::triggers::GROUPS`].
pub(crate) const HANDLING_WORDS: &[&str] = &[
    "極,秘",
    "秘,密,文,書",
    "取|と,り?,扱|あつか,い?,注|ちゅう,意|い",
    "関,係,者,限,り",
    "部|ぶ,外|がい,秘|ひ",
    "厳,秘",
    "複,製,禁,止",
    "配,付,禁,止",
    "配,布,禁,止",
];

/// 機密性 and its readings, unit by unit as in [`HANDLING_WORDS`]: 機密性, キミツセイ,
/// きみつせい, ｷﾐﾂｾｲ, 機みつ性…
const CONFIDENTIALITY: &str = "機|き,密|みつ,性|せい";

/// Short words that may stand between 機密性 and its level (`機密性レベル2`, `機密性は2`,
/// `機密性の区分：3`), at most [`MAX_CONNECTORS`] of them, with brackets and separators
/// around. Without a level after them nothing is found: `機密性の高い情報` is ordinary text.
const CONNECTORS: &[&str] = &[
    "レベル",
    "区分",
    "等級",
    "ランク",
    "格付け",
    "は",
    "の",
    "が",
    "を",
    "も",
];

/// How many connector words may stand between 機密性 and its level.
const MAX_CONNECTORS: usize = 3;

pub(crate) const OPENERS: &[char] = &['【', '[', '(', '〔', '《', '〈', '「', '『', '［', '（'];
pub(crate) const CLOSERS: &[char] = &['】', ']', ')', '〕', '》', '〉', '」', '』', '］', '）'];
/// What may stand between 機密性 and its level (after NFKC: `：` is `:`).
const LEVEL_SEPARATORS: &[char] = &[':', '=', '・', '-', '_'];

/// Runs of two or more of one of these sets (after folding, spaces dropped) are placeholders:
/// the black circles ●●, ⚫⚫, ⬤⬤, ⏺⏺ (and mixed, ●⬤), the black squares ■■, ◼◼, ⬛⬛
/// (redaction), ○○, 〇〇, ◯◯, ＊＊, ×× (but not the zeros of a kanji number, 二〇〇〇年). One
/// alone is no placeholder: ■ and ● are bullets in ordinary documents (`■概要`).
pub(crate) const PLACEHOLDER_RUNS: &[&[char]] = &[
    BLACK_CIRCLES,
    BLACK_SQUARES,
    &['○', '〇', '◯'],
    &['＊'],
    &['×'],
];

/// Glyphs drawn as a black circle (NFKC keeps them apart).
pub(crate) const BLACK_CIRCLES: &[char] = &['●', '⚫', '⬤', '⏺', '⚈', '⚉'];

/// Glyphs drawn as a black square.
pub(crate) const BLACK_SQUARES: &[char] = &['■', '◼', '◾', '⬛'];

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

/// `機密性` (or a reading of it) followed, after optional brackets, separators (`:`, `・`…)
/// and up to [`MAX_CONNECTORS`] connector words, by 2, 3, 二, 三, II or III; 要機密情報.
fn markings(f: &Folded, hits: &mut Vec<Hit>) {
    let word = units(CONFIDENTIALITY);
    let connectors: Vec<Vec<Unit>> = CONNECTORS.iter().map(|w| units(w)).collect();
    for i in 0..f.chars.len() {
        let Some(n) = match_units(&f.chars, i, &word) else {
            continue;
        };
        if let Some((level, end)) = level_after(&f.chars, i + n, &connectors) {
            hits.push(hit(f, i, end, Rule::Marking(level)));
        }
    }
    for i in f.find_all("要機密情報") {
        hits.push(hit(f, i, i + 5, Rule::NeedsSecrecy));
    }
}

/// The level written at `j` (after brackets, separators and connector words) and where it
/// ends.
fn level_after(chars: &[char], mut j: usize, connectors: &[Vec<Unit>]) -> Option<(u8, usize)> {
    for _ in 0..=MAX_CONNECTORS {
        while chars
            .get(j)
            .is_some_and(|c| OPENERS.contains(c) || LEVEL_SEPARATORS.contains(c))
        {
            j += 1;
        }
        match connectors.iter().find_map(|w| match_units(chars, j, w)) {
            Some(n) => j += n,
            None => break,
        }
    }
    match chars.get(j) {
        Some('2' | '二' | '弐' | '貳') => Some((2, j + 1)),
        Some('3' | '三' | '参' | '參') => Some((3, j + 1)),
        Some('I' | 'i') => {
            let run = chars[j..]
                .iter()
                .take_while(|c| matches!(c, 'I' | 'i'))
                .count();
            match run {
                2 | 3 => Some((run as u8, j + run)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// One unit of a word: its spellings, and whether it may be left out.
struct Unit {
    alts: Vec<Vec<char>>,
    optional: bool,
}

/// The units of a word written as in [`HANDLING_WORDS`].
fn units(word: &str) -> Vec<Unit> {
    word.split(',')
        .map(|u| Unit {
            alts: u
                .trim_end_matches('?')
                .split('|')
                .map(|a| a.chars().collect())
                .collect(),
            optional: u.ends_with('?'),
        })
        .collect()
}

/// Whether two characters are one, hiragana and katakana alike.
fn same_char(a: char, b: char) -> bool {
    let katakana = |c: char| match c {
        'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        c => c,
    };
    a == b || katakana(a) == katakana(b)
}

/// The length of the word `units` matched at `at`, if it matches (the longest way).
fn match_units(chars: &[char], at: usize, units: &[Unit]) -> Option<usize> {
    let Some((unit, rest)) = units.split_first() else {
        return Some(0);
    };
    let mut best = None;
    for alt in &unit.alts {
        let fits = chars.len() >= at + alt.len()
            && alt.iter().zip(&chars[at..]).all(|(&a, &c)| same_char(a, c));
        if fits && let Some(n) = match_units(chars, at + alt.len(), rest) {
            best = best.max(Some(n + alt.len()));
        }
    }
    if unit.optional
        && let Some(n) = match_units(chars, at, rest)
    {
        best = best.max(Some(n));
    }
    best
}

/// Handling words, and 秘 alone between brackets (【秘】, (秘)…) or as ㊙, but not 秘 inside a
/// word like 秘書.
fn handling(f: &Folded, hits: &mut Vec<Hit>) {
    for word in HANDLING_WORDS {
        let word = units(word);
        for i in 0..f.chars.len() {
            if let Some(n) = match_units(&f.chars, i, &word) {
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
