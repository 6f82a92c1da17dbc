//! Classification levels, and what the publish gate finds in a page's text: the values the
//! parse step records on each page and the gate decides with.

use std::fmt;

use crate::diag::Diagnostic;

/// A classification level (政府機関等のサイバーセキュリティ対策のための統一基準).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Classification {
    /// 機密性1: may be published.
    One,
    /// 機密性2: withheld.
    Two,
    /// 機密性3: withheld.
    Three,
}

impl Classification {
    /// Whether pages of this level may be published.
    pub(crate) fn is_public(self) -> bool {
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

/// What kind of text a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FindingKind {
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
    pub(crate) fn allowable(self) -> bool {
        self != FindingKind::Marking
    }
}

/// Something in a page's text that a public page must not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// 1-based line in the file.
    pub(crate) line: usize,
    /// 1-based column, in characters of the line as written.
    pub(crate) col: usize,
    /// The flagged string as written (what an `allow:` entry must name exactly).
    pub(crate) token: String,
    /// What kind of text it is.
    pub(crate) kind: FindingKind,
    /// Why it is flagged: the rule it breaks.
    pub(crate) rule: RuleName,
}

/// Which of the gate's rules a finding breaks, as the catalogue words it: a key of its `rule`
/// phrases (`marking`, `secrecy`, `handling`, `stamp`, `placeholder`) and, for a marking, its
/// level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct RuleName {
    /// The key of the catalogue's `rule` phrase.
    pub(crate) key: &'static str,
    /// The level of a classification marking (2, 3); 0 for the other rules.
    pub(crate) level: u8,
}

impl RuleName {
    /// `d` with the arguments the rule's words are made with: the rule, the flagged `token`
    /// and the level.
    pub(crate) fn args(self, d: Diagnostic, token: &str) -> Diagnostic {
        d.arg("rule", self.key)
            .arg("token", token)
            .arg("level", self.level)
    }
}
