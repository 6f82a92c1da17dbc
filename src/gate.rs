//! The gate: what may be published. Sits between parse and link, and reads the bytes again
//! after rendering.
//!
//! A government site may publish only 機密性1 information. This module parses classifications
//! (after NFKC normalisation and with spaces removed, so `機密性１`, `機密性 1` and `機密性1情報`
//! are one value) and scans text, line by line, for what contradicts a 機密性1 page: a
//! classification marking above 機密性1, handling words such as 取扱注意, and placeholders such
//! as ●●. Text is folded before it is matched ([`fold`]: NFKC, invisible characters, spaces and
//! line breaks dropped; [`rules`]), and a fast, conservative [`prefilter`] spares folding text
//! that cannot match.
//!
//! - [`decide`]: which parsed pages and files go out (classification, drafts, sections that take
//!   their pages with them); what is left out is dropped before anything is linked or rendered,
//!   only its content path kept ([`crate::model::publication::Publication`]). Published pages
//!   are held to the rules ([`findings`]), and so are the URLs they write out
//!   ([`withheld_urls`]); files of content/ that only left-out pages may use are found by
//!   [`suspect_assets`] (the link step drops those no published page links).
//! - [`barrier`]: the last line of defence. After rendering, every byte about to be published
//!   is read as a browser or crawler would and held to the same rules and to the withheld URLs.
//!
//! Uses the load and parse steps, the model and the helpers below the pipeline; the link step
//! asks the gate's rules of the pages' rendered text.

use crate::diag::Code;
use crate::model::finding::{Classification, Finding, FindingKind, RuleName};
use crate::model::front_matter::Allow;
use crate::model::page::Page;

pub(crate) mod attachments;
pub(crate) mod barrier;
pub(crate) mod decide;
pub(crate) mod findings;
mod fold;
mod prefilter;
pub(crate) mod published;
mod rules;
pub(crate) mod suspect_assets;
mod triggers;
pub(crate) mod withheld_urls;

pub use barrier::ScanStats;

use fold::Folded;
use rules::{Rule, Scope};

/// NFKC (a character and the marks after it at a time, as the gate's rules are matched), then
/// every kind of space removed.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold::fold(text, false, |c, _| out.push(c));
    out
}

/// The classifications as written in full, for "did you mean" (E0305 lists them itself).
pub(crate) const CLASSIFICATIONS: [&str; 3] = ["機密性1", "機密性2", "機密性3"];

/// Parses `機密性1`, `機密性１`, `機密性 1`, `機密性1情報`, `【機密性2情報】`…; what is not one is
/// the error E0305.
pub(crate) fn parse_classification(text: &str) -> Result<Classification, Code> {
    let n = normalise(text);
    let n = n
        .trim_start_matches(['【', '[', '(', '〔'])
        .trim_end_matches(['】', ']', ')', '〕']);
    let n = n.strip_suffix("情報").unwrap_or(n);
    match n {
        "機密性1" => Ok(Classification::One),
        "機密性2" => Ok(Classification::Two),
        "機密性3" => Ok(Classification::Three),
        _ => Err(Code::E0305),
    }
}

/// Scans `text` (a whole file, line 1 first). Lines in `skip` (inclusive ranges) are not read:
/// the `classification:` and `allow:` keys themselves.
pub(crate) fn scan(text: &str, skip: &[(usize, usize)]) -> Vec<Finding> {
    scan_lines(text, 1, skip)
}

/// [`scan`] of a text whose first line is line `first` of its file.
fn scan_lines(text: &str, first: usize, skip: &[(usize, usize)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + first;
        if skip.iter().any(|&(a, b)| (a..=b).contains(&n)) || line.is_empty() {
            continue;
        }
        scan_line(line, n, Scope::ALL, &mut out);
    }
    out
}

/// What the gate finds in a page's file (its front matter as written, then its body), but for
/// its own keys (`classification:`, `allow:`): the same as [`scan`] of the whole file, read in
/// its two parts.
pub(crate) fn page_findings(page: &Page) -> Vec<Finding> {
    let skip: Vec<(usize, usize)> = ["classification", "allow"]
        .iter()
        .filter_map(|k| page.front.block(k))
        .collect();
    let mut out = scan_lines(&page.front_text, 1, &skip);
    // The front text ends with the line break of its closing `---` whenever a body follows.
    out.extend(scan_lines(&page.body, page.body_line, &skip));
    out
}

/// The findings in one piece of text (a decoded value, a line), as line `n`, with columns
/// counted in its characters.
pub(crate) fn scan_line(line: &str, n: usize, scope: Scope, out: &mut Vec<Finding>) {
    if !prefilter::may_match(line.as_bytes(), prefilter::Mode::Text, None) {
        return;
    }
    let (compact, spaced) = Folded::both(line);
    for hit in rules::hits(&compact, &spaced, scope) {
        let token: String = compact.original[hit.start..hit.end].iter().collect();
        out.push(Finding {
            line: n,
            col: hit.start + 1,
            kind: kind(hit.rule),
            rule: rule_name(hit.rule),
            token,
        });
    }
}

/// The findings in a value as YAML decoded it (a front-matter or site.yaml value: escapes
/// undone, lines joined), all put at `line` and `col`, where its key is.
pub(crate) fn scan_value(value: &str, line: usize, col: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    scan_line(value, line, Scope::ALL, &mut out);
    for f in &mut out {
        f.col = col;
    }
    out
}

fn kind(rule: Rule) -> FindingKind {
    match rule {
        Rule::Marking(_) | Rule::NeedsSecrecy => FindingKind::Marking,
        Rule::Handling | Rule::Stamp => FindingKind::Handling,
        Rule::Placeholder => FindingKind::Placeholder,
    }
}

/// The rule as the catalogue's `rule` phrases name it.
fn rule_name(rule: Rule) -> RuleName {
    let (key, level) = match rule {
        Rule::Marking(level) => ("marking", level),
        Rule::NeedsSecrecy => ("secrecy", 0),
        Rule::Handling => ("handling", 0),
        Rule::Stamp => ("stamp", 0),
        Rule::Placeholder => ("placeholder", 0),
    };
    RuleName { key, level }
}

/// Whether an `allow:` entry lets a finding through: the finding is of a kind that may be
/// allowed, and the entry names exactly the flagged string (compared after NFKC and with
/// spaces removed, so `（仮）` and `(仮)` are one string).
pub(crate) fn allows(entry: &Allow, finding: &Finding) -> bool {
    let text = normalise(&entry.text);
    finding.kind.allowable() && !text.is_empty() && text == normalise(&finding.token)
}

/// Whether an `allow:` text names a classification marking (機密性…, 要機密情報): such an
/// entry is an error, since no marking above 機密性1 may be published.
pub(crate) fn names_marking(text: &str) -> bool {
    let n = normalise(text);
    n.contains("機密性") || n.contains("要機密")
}

#[cfg(test)]
mod blank_tests;
#[cfg(test)]
mod spelling_tests;
#[cfg(test)]
mod tests;
