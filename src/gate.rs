//! The publish gate's rules: classifications, and the text that must never reach a public page.
//!
//! A government site may publish only 機密性1 information. This module parses classifications
//! (after NFKC normalisation and with spaces removed, so `機密性１`, `機密性 1` and `機密性1情報`
//! are one value) and scans a page's text, line by line, for what contradicts a 機密性1 page:
//! a classification marking above 機密性1, handling words such as 取扱注意, and placeholders such
//! as ●●. The scan runs in the parse step on the file's own text; the publish step reports its
//! findings only for pages that are to be published, unless the page `allow:`s the string.

use std::fmt;

use crate::front_matter::Allow;

mod fold;

use fold::Folded;

/// A classification level (政府機関等のサイバーセキュリティ対策のための統一基準).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    /// 機密性1: may be published.
    One,
    /// 機密性2: withheld.
    Two,
    /// 機密性3: withheld.
    Three,
}

impl Classification {
    /// Whether pages of this level may be published.
    pub fn is_public(self) -> bool {
        self == Classification::One
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = match self {
            Classification::One => 1,
            Classification::Two => 2,
            Classification::Three => 3,
        };
        write!(f, "機密性{n}")
    }
}

/// NFKC (a character and the marks after it at a time, as the gate's rules are matched), then
/// every kind of space removed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold::fold(text, false, |c, _| out.push(c));
    out
}

/// Parses `機密性1`, `機密性１`, `機密性 1`, `機密性1情報`, `【機密性2情報】`…
pub fn parse_classification(text: &str) -> Result<Classification, String> {
    let n = normalise(text);
    let n = n
        .trim_start_matches(['【', '[', '(', '〔'])
        .trim_end_matches(['】', ']', ')', '〕']);
    let n = n.strip_suffix("情報").unwrap_or(n);
    match n {
        "機密性1" => Ok(Classification::One),
        "機密性2" => Ok(Classification::Two),
        "機密性3" => Ok(Classification::Three),
        _ => Err(format!(
            "`{text}` is not a classification: write 機密性1 (public), 機密性2 or 機密性3 (withheld)"
        )),
    }
}

/// What kind of text a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A classification marking above 機密性1, or 要機密情報: never allowed on a public page.
    Marking,
    /// A handling word (取扱注意…) or a 【秘】 stamp.
    Handling,
    /// A placeholder to be filled in (●●, (仮), TBD…).
    Placeholder,
}

impl FindingKind {
    /// Whether an `allow:` entry may let a finding of this kind through. A marking above
    /// 機密性1 never may: a page that carries one is not 機密性1.
    pub fn allowable(self) -> bool {
        self != FindingKind::Marking
    }
}

/// Something in a page's text that a public page must not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters of the line as written.
    pub col: usize,
    /// The flagged string as written (what an `allow:` entry must name exactly).
    pub token: String,
    /// What kind of text it is.
    pub kind: FindingKind,
    /// Why it is flagged.
    pub message: String,
}

/// Handling words that mark text as not for the public.
const HANDLING_WORDS: &[&str] = &[
    "極秘",
    "秘密文書",
    "取扱注意",
    "関係者限り",
    "部外秘",
    "厳秘",
    "複製禁止",
    "配付禁止",
];

const OPENERS: &[char] = &['【', '[', '(', '〔', '《', '〈', '「', '『', '［', '（'];
const CLOSERS: &[char] = &['】', ']', ')', '〕', '》', '〉', '」', '』', '］', '）'];
/// What may stand between 機密性 and its level (after NFKC: `：` is `:`).
const LEVEL_SEPARATORS: &[char] = &[':', '=', '・', '-', '_'];

/// Runs of these (two or more, as written) are placeholders: ●●, ○○, 〇〇, ◯◯, ＊＊ (but not the
/// zeros of a kanji number, 二〇〇〇年).
const PLACEHOLDER_RUNS: &[&[char]] = &[&['●'], &['○', '〇', '◯'], &['＊']];

/// Scans `text` (a whole file, line 1 first). Lines in `skip` (inclusive ranges) are not read:
/// the `classification:` and `allow:` keys themselves.
pub fn scan(text: &str, skip: &[(usize, usize)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if skip.iter().any(|&(a, b)| (a..=b).contains(&n)) || line.is_empty() {
            continue;
        }
        scan_line(line, n, &mut out);
    }
    out
}

/// Whether a line could match any rule, judged without normalising it: every marking and
/// handling word holds one of these (rarer) characters, in its written or full-width form, and
/// placeholders are matched as written. Compatibility characters that normalise into them are
/// let through. On a large site most lines hold none, which spares normalising them.
fn may_match(line: &str) -> bool {
    line.contains("TBD")
        || line.contains("XXX")
        || line.chars().any(|c| {
            matches!(
                c,
                '機' | '秘'
                    | '扱'
                    | '係'
                    | '製'
                    | '付'
                    | '仮'
                    | '㊙'
                    | '●'
                    | '○'
                    | '〇'
                    | '◯'
                    | '＊'
                    | 'Ｔ'
                    | 'Ｘ'
            ) || matches!(c as u32, 0x2E80..=0x2FDF | 0x3200..=0x33FF | 0xF900..=0xFAFF | 0x1F200..=0x1F2FF | 0x2F800..=0x2FA1F)
        })
}

/// One rule's match, in characters of the line as written (`[start, end)`).
struct Hit {
    start: usize,
    end: usize,
    rule: Rule,
}

#[derive(Clone, Copy)]
enum Rule {
    Marking(u8),
    NeedsSecrecy,
    Handling,
    Stamp,
    Placeholder,
}

impl Rule {
    fn kind(self) -> FindingKind {
        match self {
            Rule::Marking(_) | Rule::NeedsSecrecy => FindingKind::Marking,
            Rule::Handling | Rule::Stamp => FindingKind::Handling,
            Rule::Placeholder => FindingKind::Placeholder,
        }
    }

    fn message(self, token: &str) -> String {
        match self {
            Rule::Marking(level) => format!(
                "this text carries the marking 「{token}」 (機密性{level}): a public page may hold only 機密性1 information"
            ),
            Rule::NeedsSecrecy => {
                format!("this text is marked 「{token}」 (要機密情報): it may not be published")
            }
            Rule::Handling => {
                format!("the handling word 「{token}」 marks text that is not for the public")
            }
            Rule::Stamp => format!("the stamp 「{token}」 marks text that is not for the public"),
            Rule::Placeholder => {
                format!("the placeholder 「{token}」 must be filled in before publishing")
            }
        }
    }
}

fn scan_line(line: &str, n: usize, out: &mut Vec<Finding>) {
    if !may_match(line) {
        return;
    }
    let (compact, spaced) = Folded::both(line);
    let mut hits = Vec::new();
    markings(&compact, &mut hits);
    handling(&compact, &mut hits);
    placeholders(&compact, &spaced, &mut hits);
    hits.sort_by_key(|h| (h.start, h.end));
    for hit in hits {
        let token: String = compact.original[hit.start..hit.end].iter().collect();
        out.push(Finding {
            line: n,
            col: hit.start + 1,
            kind: hit.rule.kind(),
            message: hit.rule.message(&token),
            token,
        });
    }
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

/// Handling words, and 秘 alone between brackets (【秘】, (秘)…) or as ㊙, but not 秘 inside a
/// word like 秘書.
fn handling(f: &Folded, hits: &mut Vec<Hit>) {
    for word in HANDLING_WORDS {
        for i in f.find_all(word) {
            hits.push(hit(f, i, i + word.chars().count(), Rule::Handling));
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

/// ●●-style runs as written, 仮 alone between brackets, and the ASCII words TBD and XXX (or
/// longer runs of X) standing apart from other ASCII letters and digits.
fn placeholders(compact: &Folded, spaced: &Folded, hits: &mut Vec<Hit>) {
    let written = &compact.original;
    let mut k = 0;
    while k < written.len() {
        let Some(set) = PLACEHOLDER_RUNS.iter().find(|s| s.contains(&written[k])) else {
            k += 1;
            continue;
        };
        let run = written[k..].iter().take_while(|c| set.contains(c)).count();
        if run >= 2 && !is_kanji_number(written, k, k + run) {
            hits.push(Hit {
                start: k,
                end: k + run,
                rule: Rule::Placeholder,
            });
        }
        k += run;
    }
    for i in compact.find_all("仮") {
        if i > 0
            && OPENERS.contains(&compact.chars[i - 1])
            && compact
                .chars
                .get(i + 1)
                .is_some_and(|c| CLOSERS.contains(c))
        {
            hits.push(hit(compact, i - 1, i + 2, Rule::Placeholder));
        }
    }
    let chars = &spaced.chars;
    let apart = |i: usize| i >= chars.len() || !chars[i].is_ascii_alphanumeric();
    for i in spaced.find_all("TBD") {
        if (i == 0 || apart(i - 1)) && apart(i + 3) {
            hits.push(hit(spaced, i, i + 3, Rule::Placeholder));
        }
    }
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| c == 'X').count();
        if run >= 3 && (i == 0 || apart(i - 1)) && apart(i + run) {
            hits.push(hit(spaced, i, i + run, Rule::Placeholder));
        }
        i += run.max(1);
    }
}

/// Whether the run `written[start..end]` is the zeros of a number written in kanji or digits
/// (`二〇〇〇年`, `一〇〇名`, `２〇〇`): all 〇, with a numeral right before or after it.
fn is_kanji_number(written: &[char], start: usize, end: usize) -> bool {
    let numeral = |c: Option<&char>| {
        c.is_some_and(|&c| {
            "一二三四五六七八九十百千万〇".contains(c)
                || c.is_ascii_digit()
                || ('０'..='９').contains(&c)
        })
    };
    written[start..end].iter().all(|&c| c == '〇')
        && (numeral(start.checked_sub(1).and_then(|i| written.get(i))) || numeral(written.get(end)))
}

/// Whether an `allow:` entry lets a finding through: the finding is of a kind that may be
/// allowed, and the entry names exactly the flagged string (compared after NFKC and with
/// spaces removed, so `（仮）` and `(仮)` are one string).
pub fn allows(entry: &Allow, finding: &Finding) -> bool {
    let text = normalise(&entry.text);
    finding.kind.allowable() && !text.is_empty() && text == normalise(&finding.token)
}

/// Whether an `allow:` text names a classification marking (機密性…, 要機密情報): such an
/// entry is an error, since no marking above 機密性1 may be published.
pub fn names_marking(text: &str) -> bool {
    let n = normalise(text);
    n.contains("機密性") || n.contains("要機密")
}

#[cfg(test)]
mod tests;
