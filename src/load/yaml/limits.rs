//! What a YAML document may cost, checked before serde_yaml reads it.
//!
//! Part of the YAML reader ([`super`]). libyaml takes time quadratic in the nesting of
//! flow collections (100,000 `[` in a 200 KB front matter: 22 s) before serde_yaml's own
//! depth limit refuses it, and aliases (`*name`) repeat their anchor's whole node, so a few
//! lines of anchors of anchors ("billion laughs") stand for gigabytes. This is one linear pass
//! over the text that tracks enough of YAML's syntax (quotes, comments, block scalars, flow
//! brackets, block indentation, compact `- - -`) to bound the nesting depth and what aliases
//! expand to, and refuses a document over either bound at the line and column where it goes
//! over. Its depth is an upper bound (brackets at the start of a plain scalar's continuation
//! line count too): no front matter a person writes comes near [`MAX_DEPTH`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};

/// Deepest nesting of collections allowed (serde_yaml itself stops at 128, after parsing).
pub(crate) const MAX_DEPTH: usize = 64;

/// Most bytes a document may stand for once every alias is replaced by its anchor's node.
pub(crate) const MAX_EXPANDED: usize = 1 << 20;

/// An anchor (`&name`) and the text its node spans, as far as the scan can tell.
struct Anchor {
    /// Byte offset of the `&`.
    start: usize,
    /// The indentation of its line: a later line indented no more ends the node.
    indent: usize,
    /// The flow depth it was written at: leaving it, or the next `,` at it, ends the node.
    flow: usize,
    /// What aliases inside the node add when it is expanded.
    extra: usize,
    /// Its expanded size, once its node has ended.
    size: Option<usize>,
}

/// The scanner's state between lines.
#[derive(Default)]
struct Scan<'a> {
    flow: usize,
    quote: Option<u8>,
    block_scalar: Option<usize>,
    indents: Vec<usize>,
    expect_node: bool,
    anchors: HashMap<&'a str, Anchor>,
    open: Vec<&'a str>,
    expanded: usize,
}

/// Refuses `text` (the YAML of `path`, whose first line is file line `first_line`) if it nests
/// deeper than [`MAX_DEPTH`] or its aliases expand it beyond [`MAX_EXPANDED`] bytes.
pub(crate) fn check(path: &Path, text: &str, first_line: usize) -> Result<(), Diagnostic> {
    let mut scan = Scan {
        expanded: text.len(),
        ..Scan::default()
    };
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        let at = |i: usize, d: Diagnostic| {
            Diagnostic {
                path: path.to_path_buf(),
                ..d
            }
            .at(first_line + n, Some(line[..i].chars().count() + 1))
        };
        scan.line(offset, line).map_err(|(i, m)| at(i, m))?;
        offset += line.len() + 1;
    }
    Ok(())
}

impl<'a> Scan<'a> {
    /// Scans one line (starting at byte `offset` of `text`); an error is (byte in the line,
    /// message).
    fn line(&mut self, offset: usize, line: &'a str) -> Result<(), (usize, Diagnostic)> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line[indent..].trim_end_matches('\r');
        let mut base = self.indents.len();
        if self.quote.is_none() && self.flow == 0 {
            if let Some(opened_at) = self.block_scalar {
                if content.trim().is_empty() || indent > opened_at {
                    return Ok(());
                }
                self.block_scalar = None;
            }
            if content.is_empty() || content.starts_with('#') {
                return Ok(());
            }
            self.close_anchors(|a| a.flow == 0 && a.indent >= indent, offset);
            while self.indents.last().is_some_and(|&i| i > indent) {
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                self.indents.push(indent);
            }
            base = self.indents.len();
            if base > MAX_DEPTH {
                return Err((indent, too_deep()));
            }
            self.expect_node = true;
        }
        self.tokens(offset, line, indent, base)
    }

    /// The tokens of one line that matter for depth and aliases.
    fn tokens(
        &mut self,
        offset: usize,
        line: &'a str,
        indent: usize,
        base: usize,
    ) -> Result<(), (usize, Diagnostic)> {
        let bytes = line.as_bytes();
        let blank = |i: usize| i >= bytes.len() || matches!(bytes[i], b' ' | b'\t' | b'\r');
        let mut compact = 0;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(q) = self.quote {
                match quote_end(&bytes[i..], q) {
                    Some(len) => {
                        (self.quote, self.expect_node, i) = (None, false, i + len);
                        continue;
                    }
                    None => return Ok(()),
                }
            }
            let c = bytes[i];
            let too_deep = |depth: usize| (depth > MAX_DEPTH).then(|| (i, too_deep()));
            match c {
                b' ' | b'\t' | b'\r' => i += 1,
                b'#' if i == 0 || blank(i - 1) => return Ok(()),
                b'[' | b'{' if self.flow > 0 || self.expect_node => {
                    self.flow += 1;
                    if let Some(e) = too_deep(base + compact + self.flow) {
                        return Err(e);
                    }
                    (self.expect_node, i) = (true, i + 1);
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    let flow = self.flow;
                    self.close_anchors(|a| a.flow > flow, offset + i);
                    (self.expect_node, i) = (false, i + 1);
                }
                b',' if self.flow > 0 => {
                    let flow = self.flow;
                    self.close_anchors(|a| a.flow >= flow, offset + i);
                    (self.expect_node, i) = (true, i + 1);
                }
                b'"' | b'\'' if self.expect_node => (self.quote, i) = (Some(c), i + 1),
                b'-' | b'?' if self.flow == 0 && self.expect_node && blank(i + 1) => {
                    compact += 1;
                    if let Some(e) = too_deep(base + compact) {
                        return Err(e);
                    }
                    i += 1;
                }
                b':' if blank(i + 1) || self.flow > 0 => (self.expect_node, i) = (true, i + 1),
                b'|' | b'>' if self.flow == 0 && self.expect_node => {
                    self.block_scalar = Some(indent);
                    return Ok(());
                }
                b'&' | b'*' | b'!' if self.expect_node => {
                    let end = i + 1 + name_len(&bytes[i + 1..]);
                    let name = &line[i + 1..end];
                    if c == b'&' {
                        self.anchor(name, offset + i, indent);
                    } else if c == b'*' {
                        self.alias(name).map_err(|m| (i, m))?;
                        self.expect_node = false;
                    }
                    i = end;
                }
                _ => {
                    i += plain_len(&bytes[i..], self.flow > 0);
                    self.expect_node = false;
                }
            }
        }
        Ok(())
    }

    fn anchor(&mut self, name: &'a str, start: usize, indent: usize) {
        let anchor = Anchor {
            start,
            indent,
            flow: self.flow,
            extra: 0,
            size: None,
        };
        // A name used again starts a new anchor: later aliases mean the new one.
        self.open.retain(|n| *n != name);
        self.anchors.insert(name, anchor);
        self.open.push(name);
    }

    /// Counts what `*name` expands to, in the document and in every anchor it sits in.
    fn alias(&mut self, name: &str) -> Result<(), Diagnostic> {
        // An unknown alias is serde_yaml's to report; an alias inside its own anchor's node
        // (a cycle) is counted as what the node holds so far.
        let size = match self.anchors.get(name) {
            Some(a) => a.size.unwrap_or(a.extra),
            None => 0,
        };
        self.expanded = self.expanded.saturating_add(size);
        for open in &self.open {
            if let Some(a) = self.anchors.get_mut(open) {
                a.extra = a.extra.saturating_add(size);
            }
        }
        if self.expanded > MAX_EXPANDED {
            return Err(Diagnostic::new(Code::E0112, PathBuf::new())
                .arg("name", name)
                .arg("megabytes", MAX_EXPANDED >> 20));
        }
        Ok(())
    }

    /// Ends the nodes of the open anchors that `ends` says end at byte `at`.
    fn close_anchors(&mut self, ends: impl Fn(&Anchor) -> bool, at: usize) {
        let anchors = &mut self.anchors;
        self.open.retain(|name| {
            let Some(a) = anchors.get_mut(name) else {
                return false;
            };
            if !ends(a) {
                return true;
            }
            a.size = Some((at - a.start).saturating_add(a.extra));
            false
        });
    }
}

fn too_deep() -> Diagnostic {
    Diagnostic::new(Code::E0111, PathBuf::new()).arg("depth", MAX_DEPTH)
}

/// The length of a quoted scalar's rest up to and with its closing quote, if on this line.
fn quote_end(bytes: &[u8], q: u8) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The length of an anchor, alias or tag name: up to a space or a flow indicator.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'))
        .unwrap_or(bytes.len())
}

/// The length of a plain scalar (or key): in a block, up to `: ` or ` #`; in a flow, also up
/// to a flow indicator.
fn plain_len(bytes: &[u8], in_flow: bool) -> usize {
    let blank = |i: usize| i >= bytes.len() || matches!(bytes[i], b' ' | b'\t' | b'\r');
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b':' if blank(i + 1)
                || (in_flow && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                return i;
            }
            b'#' if blank(i - 1) => return i,
            b',' | b'[' | b']' | b'{' | b'}' if in_flow => return i,
            _ => i += 1,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<(), Diagnostic> {
        check(Path::new("a.md"), text, 2)
    }

    #[test]
    fn ordinary_front_matter_passes() {
        for text in [
            "title: 第[1]回 {案}\ndescription: \"[[[[\" # [[[[\n",
            "relations:\n  issues:\n    from: [teams, \"a]\"]\n    to: issues\n",
            "allow:\n  - { text: \"●●\", reason: 'it''s [ok' }\n  - text: x\n",
            "body: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nnext: 1\n",
            "a: &a [x, y]\nb: *a\nc: [&c 1, *c]\n",
        ] {
            assert!(check_text(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_where_it_goes_over() {
        let d = check_text(&format!("title: x\nextra: {}", "[".repeat(100_000))).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert_eq!(
            (d.code, d.arg_value("depth")),
            (Code::E0111, Some("64")),
            "{d}"
        );
        let d = check_text(&format!("a:\n  {}", "{a: ".repeat(1000))).unwrap_err();
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        assert!(check_text(&format!("a:\n{}x\n", "- ".repeat(1000))).is_err());
        let deep: String = (0..200)
            .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
            .collect();
        assert!(check_text(&deep).is_err());
        let shallow: String = (0..20)
            .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
            .collect();
        assert!(check_text(&shallow).is_ok());
    }

    #[test]
    fn billion_laughs_are_refused_at_an_alias() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for n in 1..10 {
            let refs = vec![format!("*a{}", n - 1); 9].join(", ");
            text.push_str(&format!("a{n}: &a{n} [{refs}]\n"));
        }
        let d = check_text(&text).unwrap_err();
        assert_eq!(d.code, Code::E0112, "{d}");
        assert!(d.line.is_some_and(|l| l > 3), "{d:?}");
        // Block style too.
        let mut text = String::from("a0: &a0\n  - lol lol lol lol lol lol lol lol\n");
        for n in 1..12 {
            text.push_str(&format!("a{n}: &a{n}\n"));
            for _ in 0..9 {
                text.push_str(&format!("  - *a{}\n", n - 1));
            }
        }
        assert!(check_text(&text).is_err());
    }
}
