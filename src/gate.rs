//! The publish gate's rules: classifications, and the text that must never reach a public page.
//!
//! A government site may publish only 機密性1 information. This module parses classifications
//! (after NFKC normalisation and with spaces removed, so `機密性１`, `機密性 1` and `機密性1情報`
//! are one value) and scans a page's text, line by line, for what contradicts a 機密性1 page:
//! a classification marking above 機密性1, handling words such as 取扱注意, and placeholders such
//! as ●●. The scan runs in the parse step on the file's own text; the publish step reports its
//! findings only for pages that are to be published, unless the page `allow:`s the string.

use std::fmt;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::front_matter::Allow;

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

/// NFKC, then every kind of space removed.
pub fn normalise(text: &str) -> String {
    let folded: String = if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.to_owned()
    } else {
        text.nfkc().collect()
    };
    folded.chars().filter(|c| !c.is_whitespace()).collect()
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

/// Something in a page's text that a public page must not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// The flagged string as it is matched (what `allow:` must name).
    pub token: String,
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
                '機' | '秘' | '扱' | '係' | '製' | '付' | '仮' | '㊙' | '●' | '○' | '＊' | 'Ｔ' | 'Ｘ'
            ) || matches!(c as u32, 0x2E80..=0x2FDF | 0x3200..=0x33FF | 0xF900..=0xFAFF | 0x1F200..=0x1F2FF | 0x2F800..=0x2FA1F)
        })
}

fn scan_line(line: &str, n: usize, out: &mut Vec<Finding>) {
    if !may_match(line) {
        return;
    }
    let norm = normalise(line);
    let mut push = |token: &str, message: String| {
        let col = column_of(line, token);
        out.push(Finding {
            line: n,
            col,
            token: token.to_owned(),
            message,
        });
    };
    if let Some(level) = marking_above_one(&norm) {
        push(
            "機密性",
            format!(
                "this text carries the marking {level}: a public page may hold only 機密性1 information"
            ),
        );
    }
    if norm.contains("要機密情報") {
        push(
            "要機密情報",
            "this text is marked 要機密情報: it may not be published".to_owned(),
        );
    }
    for word in HANDLING_WORDS {
        if norm.contains(word) {
            push(
                word,
                format!("the handling word 「{word}」 marks text that is not for the public"),
            );
        }
    }
    if line.contains('㊙') || stamped_secret(&norm) {
        push(
            "秘",
            "a 【秘】 stamp marks text that is not for the public".to_owned(),
        );
    }
    for placeholder in ["●●", "○○", "＊＊"] {
        if line.contains(placeholder) {
            push(
                placeholder,
                format!("the placeholder 「{placeholder}」 must be filled in before publishing"),
            );
        }
    }
    if norm.contains("(仮)") {
        push(
            "(仮)",
            "the placeholder 「(仮)」 must be resolved before publishing".to_owned(),
        );
    }
    for word in ["TBD", "XXX"] {
        if has_ascii_word(&norm, word) {
            push(
                word,
                format!("the placeholder `{word}` must be filled in before publishing"),
            );
        }
    }
}

/// `機密性` followed (after optional brackets) by 2, 3, 二 or 三.
fn marking_above_one(norm: &str) -> Option<String> {
    let mut rest = norm;
    while let Some(i) = rest.find("機密性") {
        let after = rest[i + "機密性".len()..].trim_start_matches(OPENERS);
        match after.chars().next() {
            Some(c @ ('2' | '二')) => return Some(format!("機密性{c}")),
            Some(c @ ('3' | '三')) => return Some(format!("機密性{c}")),
            _ => rest = &rest[i + "機密性".len()..],
        }
    }
    None
}

/// 秘 alone between brackets: 【秘】, (秘), 「秘」… but not 秘 inside a word like 秘書.
fn stamped_secret(norm: &str) -> bool {
    let chars: Vec<char> = norm.chars().collect();
    chars
        .windows(3)
        .any(|w| OPENERS.contains(&w[0]) && w[1] == '秘' && CLOSERS.contains(&w[2]))
}

fn has_ascii_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Where a token starts in the line as written; column 1 if normalisation moved it.
fn column_of(line: &str, token: &str) -> usize {
    let first = token.chars().next().unwrap_or(' ');
    line.find(token)
        .or_else(|| line.find(first))
        .map_or(1, |b| line[..b].chars().count() + 1)
}

/// Whether an `allow:` entry lets a finding through: the entry's text contains the flagged
/// string and the line carries the entry's text.
pub fn is_allowed(finding: &Finding, line: &str, allow: &[Allow]) -> bool {
    let norm_line = normalise(line);
    allow.iter().any(|a| {
        let text = normalise(&a.text);
        !text.is_empty()
            && (text.contains(&normalise(&finding.token)) || a.text.contains(&finding.token))
            && (norm_line.contains(&text) || line.contains(a.text.as_str()))
    })
}

#[cfg(test)]
mod tests;
