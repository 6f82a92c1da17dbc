//! Control characters in what a site publishes.
//!
//! Part of the parse step (front matter, page bodies) and the load step (site.yaml). A C0 or
//! C1 control character, or DEL, has no place in a page: XML 1.0 forbids most of them, so one
//! in a title makes atom.xml unreadable, and echoed to a terminal an ESC or a backspace drives
//! it. They are refused where they are written, at their line and column, and in YAML also
//! after decoding, because `"\0"`, `"\x1b"`, `"\u0007"` and `"\N"` spell them with plain
//! letters. In YAML values the line and paragraph separators (U+2028, U+2029, `\L`, `\P`) are
//! refused too: a title or a label is one line. A body may hold tabs and line breaks, and the
//! separators (valid in HTML, XML and JSON); the noncharacters U+FFFE and U+FFFF, invalid in
//! XML, are refused everywhere. (A lone surrogate cannot be written: libyaml refuses a `\uD800`
//! escape, and a file that is not UTF-8 is refused when read.)

use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};

/// At most this many control characters of one text are reported one by one; the rest are
/// counted in one more diagnostic.
const MAX_REPORTED: usize = 10;

/// Whether `c` may not appear in a decoded YAML value or key.
pub(crate) fn forbidden_in_yaml(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `c` may not be written as it is in YAML text (a carriage return there ends a line).
pub(crate) fn forbidden_in_yaml_text(c: char) -> bool {
    c != '\r' && forbidden_in_yaml(c)
}

/// Whether `c` may not appear in a Markdown body (line endings are already `\n` there).
pub(crate) fn forbidden_in_body(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `U+001B (ESC)`: a character named so that a person can find it.
pub(crate) fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (BACKSPACE)",
        '\u{b}' => " (VERTICAL TAB)",
        '\u{c}' => " (FORM FEED)",
        '\r' => " (CARRIAGE RETURN)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        '\u{85}' => " (NEXT LINE)",
        '\u{2028}' => " (LINE SEPARATOR)",
        '\u{2029}' => " (PARAGRAPH SEPARATOR)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Every character of `text` (whose first line is file line `first_line`) that `forbidden`
/// refuses, each at its line and column; past [`MAX_REPORTED`], one more diagnostic counts
/// the rest.
pub(crate) fn scan(
    path: &Path,
    text: &str,
    first_line: usize,
    forbidden: fn(char) -> bool,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    if !text.chars().any(forbidden) {
        return out;
    }
    let mut found = 0;
    for (n, line) in text.split('\n').enumerate() {
        for (col, c) in line.chars().enumerate().filter(|(_, c)| forbidden(*c)) {
            found += 1;
            if found <= MAX_REPORTED {
                out.push(
                    Diagnostic::new(Code::E0107, path)
                        .arg("char", describe(c))
                        .at(first_line + n, Some(col + 1)),
                );
            }
        }
    }
    if found > MAX_REPORTED {
        out.push(Diagnostic::new(Code::E0108, path).arg("count", found - MAX_REPORTED));
    }
    out
}

/// The first forbidden character of a decoded YAML string, if any.
pub(crate) fn first_forbidden(text: &str) -> Option<char> {
    text.chars().find(|&c| forbidden_in_yaml(c))
}

/// The error of `code` (E0109 for a key, E0110 for a value) for a decoded key or value, shown
/// as `shown` (`` `title` ``), that holds `c`.
pub(crate) fn decoded_error(code: Code, path: &Path, shown: &str, c: char) -> Diagnostic {
    Diagnostic::new(code, path)
        .arg("key", shown)
        .arg("char", describe(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c0_and_c1_control_and_del_is_refused_but_tab_and_newline() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let allowed = matches!(c, '\t' | '\n');
            assert_eq!(forbidden_in_yaml(c), !allowed, "{c:?}");
            assert_eq!(forbidden_in_body(c), !allowed, "{c:?}");
        }
        assert!(forbidden_in_yaml('\u{2028}') && !forbidden_in_body('\u{2028}'));
        assert!(!forbidden_in_yaml_text('\r') && forbidden_in_yaml('\r'));
        for c in ['あ', ' ', '\u{a0}', '\u{3000}', 'x'] {
            assert!(!forbidden_in_yaml(c) && !forbidden_in_body(c), "{c:?}");
        }
    }

    #[test]
    fn raw_control_characters_are_located_and_counted_past_the_limit() {
        let found = scan(Path::new("a.md"), "一\n二\u{1b}[2J\n", 5, forbidden_in_body);
        let d: Vec<_> = found.iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (Some(6), Some(2)));
        assert_eq!(d[0].code, Code::E0107, "{}", d[0]);
        assert_eq!(d[0].arg_value("char"), Some("U+001B (ESC)"), "{}", d[0]);
        let many = "\0".repeat(1000);
        assert_eq!(
            scan(Path::new("a.md"), &many, 1, forbidden_in_body)
                .iter()
                .count(),
            MAX_REPORTED + 1
        );
    }
}
