//! The gate's findings in a published page: errors unless an `allow:` entry names the flagged
//! string exactly.
//!
//! Part of [`super`], in two passes. The publish decision reports what the gate found in the
//! page's file, line by line ([`check_source`]). Once the link step has rendered the page,
//! [`check_rendered`] reads the text the reader will see (`Rendered::text`): what
//! Markdown or HTML put together there (`機密性**2**`, `取扱` and `注意` on two lines of one
//! paragraph, `機密性&#x32;情報`, `部外&#31192;`) is found too, and reported at the page's line
//! where it can be found, else at the first line of the body. What the file's own text already
//! showed is not reported twice. Only then is an `allow:` entry that let nothing through
//! known, and warned about.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Diagnostics, line_col};
use crate::gate;
use crate::model::finding::{Finding, FindingKind};
use crate::model::page::Page;

/// The findings in a published page's file, and its `allow:` entries that can never be (one
/// naming a marking, one without a reason).
pub(crate) fn check_source(page: &Page, errors: &mut Diagnostics) {
    errors.extend(finding_errors(page, &page.findings));
    errors.extend(finding_errors(page, &value_findings(page)));
    for a in &page.front.allow {
        let code = if gate::names_marking(&a.text) {
            Code::E0309
        } else if a.reason.trim().is_empty() {
            Code::E0310
        } else {
            continue;
        };
        errors.push(
            Diagnostic::new(code, &page.rel)
                .arg("text", &a.text)
                .at_opt(allow_position(page, &a.text)),
        );
    }
}

/// What the gate finds in the front matter's values as YAML decodes them and not in the
/// file's lines as written: `"計画 機密性\x32"`, `"\u6A5F\u5BC6\u6027\u0033"`, a quoted title
/// continued with `\` at a line's end, a folded or plain title over two lines. Each is put at
/// its key's line.
fn value_findings(page: &Page) -> Vec<Finding> {
    let front = &page.front;
    let written: HashSet<(FindingKind, String)> = page
        .findings
        .iter()
        .map(|f| (f.kind, gate::normalise(&f.token)))
        .collect();
    let mut values: Vec<(&str, &str)> = vec![("title", front.title.as_str())];
    let optional = [
        ("description", &front.description),
        ("slug", &front.slug),
        ("template", &front.template),
        ("page_template", &front.page_template),
    ];
    values.extend(
        optional
            .iter()
            .filter_map(|(k, v)| Some((*k, v.as_deref()?))),
    );
    values.extend(front.aliases.iter().map(|a| ("aliases", a.as_str())));
    values.extend(front.extra.strings().into_iter().map(|s| ("extra", s)));
    for (key, targets) in &front.relations {
        values.extend(targets.iter().map(|t| (key.as_str(), t.as_str())));
    }
    let mut out: Vec<Finding> = Vec::new();
    for (key, value) in values {
        let (line, col) = front.position(key).unwrap_or((1, 1));
        for f in gate::scan_value(value, line, col) {
            let seen = out.iter().any(|o| o.line == f.line && o.token == f.token);
            if !seen && !written.contains(&(f.kind, gate::normalise(&f.token))) {
                out.push(f);
            }
        }
    }
    out
}

/// What the gate finds in the rendered text of every published page (once the link step has
/// rendered it) and not in its file, and the `allow:` entries that let nothing through. `root` is the site folder: a batch build
/// drops each page's Markdown once it is rendered, and the file is read again to say where a
/// finding is.
pub(crate) fn check_rendered(pages: &[Page], root: &Path) -> Diagnostics {
    pages
        .par_iter()
        .flat_map_iter(|page| check_page_rendered(page, root))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn check_page_rendered(page: &Page, root: &Path) -> Diagnostics {
    let text = &page.rendered.text.text;
    let written: HashSet<(FindingKind, String)> = page
        .findings
        .iter()
        .map(|f| (f.kind, gate::normalise(&f.token)))
        .collect();
    let mut new: Vec<Finding> = gate::scan(text, &[])
        .into_iter()
        .filter(|f| !written.contains(&(f.kind, gate::normalise(&f.token))))
        .collect();
    let mut out = Diagnostics::new();
    if !new.is_empty() {
        locate(page, root, &mut new);
        out.extend(finding_errors(page, &new));
    }
    for a in &page.front.allow {
        let used = page.findings.iter().chain(&new).any(|f| gate::allows(a, f));
        if !used && !gate::names_marking(&a.text) && !a.reason.trim().is_empty() {
            out.push(
                Diagnostic::new(Code::W0301, &page.rel)
                    .arg("text", &a.text)
                    .at_opt(allow_position(page, &a.text)),
            );
        }
    }
    out
}

/// Puts each finding of the rendered text at the page's line that holds the longest start of
/// its token (`機密性` of `機密性**2**`, `取扱` of a split `取扱注意`), the n-th finding of one
/// token at the n-th such place; else at the first line of the body.
fn locate(page: &Page, root: &Path, findings: &mut [Finding]) {
    let reread;
    let body: &str = if page.body.is_empty() {
        reread = crate::fs::read_to_string(&root.join(&page.rel))
            .map(crate::load::source::normalise_text)
            .unwrap_or_default();
        reread.get(page.front_text.len()..).unwrap_or("")
    } else {
        &page.body
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for f in findings {
        let nth = match seen.iter_mut().find(|(t, _)| *t == f.token) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((f.token.clone(), 0));
                0
            }
        };
        let (line, col) = find_start(body, &f.token, nth).unwrap_or((1, 1));
        f.line = line + page.body_line - 1;
        f.col = col;
    }
}

/// Where in `body` the longest start (two characters or more) of `token` occurs, its `nth`
/// occurrence if there are that many, else its first.
fn find_start(body: &str, token: &str, nth: usize) -> Option<(usize, usize)> {
    let ends: Vec<usize> = token
        .char_indices()
        .map(|(i, _)| i)
        .skip(2)
        .chain([token.len()])
        .collect();
    ends.iter().rev().find_map(|&end| {
        let start = &token[..end];
        let mut at = body.match_indices(start).map(|(i, _)| i);
        let first = at.next()?;
        let offset = if nth == 0 {
            first
        } else {
            at.nth(nth - 1).unwrap_or(first)
        };
        Some(line_col(body, offset))
    })
}

fn allow_position(page: &Page, text: &str) -> Option<(usize, usize)> {
    page.front
        .value_position("allow", text.trim())
        .or_else(|| page.front.position("allow"))
}

/// The findings that no `allow:` entry lets through, as errors.
fn finding_errors(page: &Page, findings: &[Finding]) -> Diagnostics {
    let allow = &page.front.allow;
    findings
        .iter()
        .filter(|f| !allow.iter().any(|a| gate::allows(a, f)))
        .map(|f| {
            // A marking above 機密性1 can never be allowed; anything else may be, on purpose.
            let code = if f.kind.allowable() {
                Code::E0301
            } else {
                Code::E0302
            };
            f.rule
                .args(Diagnostic::new(code, &page.rel), &f.token)
                .at(f.line, Some(f.col))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_found_by_its_longest_start() {
        let body = "前文\n機密性**2**\n取扱\n注意\n取扱い";
        assert_eq!(find_start(body, "機密性2", 0), Some((2, 1)));
        assert_eq!(find_start(body, "取扱注意", 0), Some((3, 1)));
        assert_eq!(find_start(body, "取扱注意", 1), Some((5, 1)));
        assert_eq!(find_start(body, "取扱注意", 7), Some((3, 1)));
        assert_eq!(find_start(body, "部外秘", 0), None);
    }
}
