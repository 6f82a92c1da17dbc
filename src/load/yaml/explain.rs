//! The YAML mistakes an editor makes, explained as causes they can act on.
//!
//! Part of [`super`]. serde_yaml reports what its scanner saw ("found character that cannot
//! start any token", "mapping values are not allowed in this context"); an editor needs the
//! cause (a tab, a colon in a title, a full-width space) and the line to type instead. When
//! reading a document fails, its lines up to the error are read for the common mistakes, the
//! first one found becoming the diagnostic (E0230–E0236, with the fixed line); a value of the
//! wrong type that should be `true` or `false` says so (E0237). What is not recognised keeps
//! the parser's words (E0101).

use crate::diag::{Code, Diagnostic};

/// The characters that start YAML syntax when they begin a plain value.
const SYNTAX_LEADS: &[char] = &['[', '{', '*', '&', '!', '%', '@', '`', '#', '|', '>'];

/// `d` (a YAML syntax error, or a document that is not a map) replaced by the editor's mistake
/// that caused it, if one of the common ones is found in `text` (whose first line is line
/// `first_line` of the file) up to the error's line.
pub(crate) fn syntax(d: Diagnostic, text: &str, first_line: usize) -> Diagnostic {
    if !matches!(d.code, Code::E0101 | Code::E0104) {
        return d;
    }
    let lines: Vec<&str> = text.lines().collect();
    // A document read as one long text (`title:機器`) is wrong from its first line on.
    let last = match (d.code, d.line) {
        (Code::E0101, Some(line)) if line >= first_line => line - first_line,
        _ => lines.len().saturating_sub(1),
    };
    let last = last.min(lines.len().saturating_sub(1));
    let found = (0..=last)
        .find_map(|i| anywhere(&lines, i))
        .or_else(|| at_error(&lines, last))
        .or_else(|| last.checked_sub(1).and_then(|i| list_item(&lines, i)));
    match found {
        Some(m) => {
            let mut out = Diagnostic::new(m.code, d.path)
                .arg("key", m.key)
                .arg("fixed", m.fixed);
            if !m.why.is_empty() {
                out = out.arg("why", m.why);
            }
            if !m.lead.is_empty() {
                out = out.arg("char", m.lead);
            }
            out.at(first_line + m.line, Some(m.col))
        }
        None => d,
    }
}

/// A mistake found on a line: its code, place (0-based line, 1-based column) and the fix.
struct Mistake {
    code: Code,
    line: usize,
    col: usize,
    key: String,
    fixed: String,
    why: &'static str,
    lead: String,
}

impl Mistake {
    fn new(code: Code, line: usize, col: usize, key: &str, fixed: String) -> Self {
        Mistake {
            code,
            line,
            col,
            key: key.to_owned(),
            fixed,
            why: "",
            lead: String::new(),
        }
    }
}

/// The column (1-based, in characters) of byte offset `at` of `line`.
fn col(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

/// The mistakes that break a document wherever they are: a tab in the indentation, a
/// full-width colon or space in a key, a key without a space after its colon.
fn anywhere(lines: &[&str], i: usize) -> Option<Mistake> {
    let line = lines[i];
    let indent_end = line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len();
    let indent = &line[..indent_end];
    if let Some(t) = indent.find('\t') {
        let fixed = format!(
            "{}{}",
            " ".repeat(expected_indent(lines, i)),
            line.trim_start()
        );
        return Some(Mistake::new(Code::E0230, i, col(line, t), "", fixed));
    }
    let body = &line[indent_end..];
    if body.starts_with(['#', '-']) || body.is_empty() {
        return None;
    }
    let ascii_colon = body.find(':');
    if let Some(w) = body
        .find('：')
        .filter(|&w| ascii_colon.is_none_or(|a| w < a))
    {
        let key = body[..w].trim();
        if !key.is_empty() && !key.contains(' ') {
            let value = body[w + '：'.len_utf8()..].trim_start();
            let fixed = format!("{}{key}: {value}", indent.replace('\u{3000}', ""));
            return Some(Mistake::new(
                Code::E0234,
                i,
                col(line, indent_end + w),
                key,
                fixed,
            ));
        }
    }
    let colon = ascii_colon?;
    let key = &body[..colon];
    if let Some(s) = line.find('\u{3000}').filter(|&s| s < indent_end + colon) {
        let clean = key.replace('\u{3000}', "");
        let clean = clean.trim();
        let fixed = format!(
            "{}{clean}{}",
            indent.replace('\u{3000}', ""),
            &body[colon..]
        );
        return Some(Mistake::new(Code::E0233, i, col(line, s), clean, fixed));
    }
    let after = &body[colon + 1..];
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain_key && !after.is_empty() && !after.starts_with([' ', '\t', ':', '/']) {
        let fixed = format!("{indent}{key}: {after}");
        let at = indent_end + colon + 1;
        return Some(Mistake::new(Code::E0232, i, col(line, at), key, fixed));
    }
    None
}

/// The indentation a line is expected to have: its predecessor's, or two more after a key
/// that opens a block.
fn expected_indent(lines: &[&str], i: usize) -> usize {
    let Some(prev) = lines[..i].iter().rev().find(|l| !l.trim().is_empty()) else {
        return 0;
    };
    let width = prev.len() - prev.trim_start_matches(' ').len();
    if prev.trim_end().ends_with(':') {
        width + 2
    } else {
        width
    }
}

/// The mistakes of a value that show only where the parser stopped: a quote not closed by
/// the same quote, a value that starts with YAML syntax or holds `: `, a list item without
/// `- `.
fn at_error(lines: &[&str], i: usize) -> Option<Mistake> {
    let line = lines[i];
    let indent_end = line.len() - line.trim_start().len();
    let body = &line[indent_end..];
    let (item, body, start) = match body.strip_prefix("- ") {
        Some(rest) => ("- ", rest, indent_end + 2),
        None => ("", body, indent_end),
    };
    let (key, value, value_at) = match body
        .find(": ")
        .or_else(|| body.ends_with(':').then(|| body.len() - 1))
    {
        Some(c) if !body[..c].contains(['"', '\'']) => {
            let v = body[c + 1..].trim_start();
            (&body[..c], v, start + body.len() - v.len())
        }
        _ if !item.is_empty() => ("", body, start),
        _ => return list_item(lines, i),
    };
    let prefix = format!(
        "{}{item}{}",
        &line[..indent_end],
        if key.is_empty() {
            String::new()
        } else {
            format!("{key}: ")
        }
    );
    if let Some(q) = value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'))
    {
        let inner = value.trim_matches(['"', '\'', '“', '”', '‘', '’']);
        if value.chars().count() < 2 || !value.ends_with(q) || matches!(q, '“' | '‘') {
            let mut m = Mistake::new(
                Code::E0235,
                i,
                col(line, value_at),
                key,
                format!("{prefix}{}", quoted(inner)),
            );
            m.lead = q.to_string();
            return Some(m);
        }
        return None;
    }
    let lead = value.chars().next().filter(|c| SYNTAX_LEADS.contains(c));
    // A flow list or map that is whole (`[a, b]`) is YAML, not a mistake; one never closed
    // (`[a, b`) may be a list left open: the parser's words say so.
    let flow = match value.chars().next() {
        Some('[') => Some(']'),
        Some('{') => Some('}'),
        _ => None,
    };
    let whole_flow = flow.is_some_and(|close| value.ends_with(close) || !value.contains(close));
    let (why, lead) = match lead {
        Some(c) if !whole_flow => ("lead", c.to_string()),
        _ if value.contains(": ") || value.ends_with(':') => ("colon", String::new()),
        _ => return list_item(lines, i),
    };
    let mut m = Mistake::new(
        Code::E0231,
        i,
        col(line, value_at),
        key,
        format!("{prefix}{}", quoted(value)),
    );
    m.why = why;
    m.lead = lead;
    Some(m)
}

/// `value` in double quotes (single quotes if it holds a double quote).
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    }
}

/// A line among `- ` items, at their indentation, that does not start with `- `.
fn list_item(lines: &[&str], i: usize) -> Option<Mistake> {
    let line = lines[i];
    let body = line.trim_start();
    let indent = line.len() - body.len();
    if body.is_empty() || body.starts_with(['-', '#']) || body.contains(": ") || body.ends_with(':')
    {
        return None;
    }
    let sibling = |l: &&str| {
        let b = l.trim_start();
        l.len() - b.len() == indent && b.starts_with("- ")
    };
    let near = lines[i.saturating_sub(3)..(i + 4).min(lines.len())]
        .iter()
        .any(sibling);
    near.then(|| {
        let fixed = format!("{}- {body}", &line[..indent]);
        Mistake::new(Code::E0236, i, indent + 1, "", fixed)
    })
}

/// A value that should have been `true` or `false` (`draft: yes`) as E0237, naming the key and
/// what was written; any other diagnostic as it is.
pub(crate) fn boolean(d: Diagnostic) -> Diagnostic {
    let (Code::E0102, Some(key), Some(detail)) =
        (d.code, d.arg_value("key"), d.arg_value("detail"))
    else {
        return d;
    };
    let Some(value) = detail
        .strip_suffix(", expected a boolean")
        .and_then(|v| v.split_once(' ').map(|(_, v)| v.trim_matches('"')))
    else {
        return d;
    };
    let mut out = Diagnostic::new(Code::E0237, &d.path)
        .arg("key", key)
        .arg("value", value);
    (out.line, out.col) = (d.line, d.col);
    out
}

/// E0233 for a key line that holds a full-width space before its colon (a key YAML read with
/// the space in it), with the line to type instead.
pub(crate) fn key_with_full_width_space(path: &std::path::Path, line: &str) -> Option<Diagnostic> {
    let m = anywhere(&[line], 0).filter(|m| m.code == Code::E0233)?;
    Some(
        Diagnostic::new(m.code, path)
            .arg("key", m.key)
            .arg("fixed", m.fixed),
    )
}

/// E0231 for a `key: # …` line (line `line_no` of the file): YAML reads everything after ` #`
/// as a comment, so the value is empty; the fix is the value in quotes.
pub(crate) fn comment_value(
    path: &std::path::Path,
    line: &str,
    line_no: usize,
) -> Option<Diagnostic> {
    let (key, value) = line.split_once(':')?;
    let value = value.trim();
    let hash = line.find('#')?;
    value.starts_with('#').then(|| {
        let fixed = format!("{key}: {}", quoted(value));
        Diagnostic::new(Code::E0231, path)
            .arg("key", key.trim())
            .arg("fixed", fixed)
            .arg("why", "lead")
            .arg("char", "#")
            .at(line_no, Some(col(line, hash)))
    })
}

#[cfg(test)]
mod tests;
