//! Diagnostics as a person reads them in a terminal.
//!
//! Part of [`super`]. What a diagnostic shows comes from the user's files: a file name, a key,
//! a title, a source line. Any of them may hold a control character (ESC starts a terminal
//! command, a backspace or carriage return overwrites what was printed, a bidirectional
//! control reorders it), so every such character is printed as an escape (`\u{1B}`), and a
//! byte of a file name that is not UTF-8 as `\xFF`. And the report stays small whatever the
//! input: each finding is printed once, a long source line only around its column, and at
//! most [`MAX_PER_FILE`] diagnostics per file, then how many more there are.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Diagnostic, Diagnostics, Lang, display_path};

/// At most this many diagnostics are printed for one file; the rest are counted.
pub(crate) const MAX_PER_FILE: usize = 50;

/// A source line is shown in at most this many terminal columns (the caret's neighbourhood).
pub(crate) const WINDOW: usize = 100;

/// Whether `c` is printed as an escape: C0 and C1 control characters and DEL, the line and
/// paragraph separators, and the bidirectional controls that reorder what a terminal shows.
pub(crate) fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'
                ..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// How `c` is written when escaped: `\u{1B}`.
pub(crate) fn escaped_char(c: char) -> String {
    format!("\\u{{{:X}}}", c as u32)
}

/// `text` with every character [`is_unsafe_for_terminal`] escaped; with `keep_breaks`, line
/// breaks and tabs (which a message's own layout uses) are kept.
pub(crate) fn escape(text: &str, keep_breaks: bool) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| is_unsafe_for_terminal(c) && !(keep_breaks && matches!(c, '\n' | '\t'));
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&escaped_char(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as text, losing nothing: a byte that is not part of valid UTF-8 is written `\xFF`
/// (on systems whose file names are bytes; elsewhere, replaced).
pub(crate) fn path_text(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// A path to print: `/`-separated, bytes that are not UTF-8 and control characters escaped.
pub(crate) fn show_path(path: &Path) -> String {
    display_path(path)
}

/// Terminal columns a character takes: wide (CJK) characters two.
pub(crate) fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The part of a source line to show, escaped, and the caret's offset in terminal columns
/// under it (`None` without a column). A line wider than [`WINDOW`] is cut around the column,
/// with `…` where it was cut.
pub(crate) fn window(line: &str, col: Option<usize>) -> (String, Option<usize>) {
    // Each character as shown: a tab as `→` (visible: a tab where YAML wants spaces is a
    // mistake an editor must see), an unsafe character as its escape.
    let pieces: Vec<(Cow<'_, str>, usize)> = line
        .chars()
        .map(|c| match c {
            '\t' => (Cow::Borrowed("→"), 1),
            c if is_unsafe_for_terminal(c) => {
                let e = escaped_char(c);
                let w = e.len();
                (Cow::Owned(e), w)
            }
            c => (Cow::Owned(c.to_string()), char_width(c)),
        })
        .collect();
    let at = col.map(|c| c.saturating_sub(1).min(pieces.len()));
    let total: usize = pieces.iter().map(|p| p.1).sum();
    let (start, end) = if total <= WINDOW {
        (0, pieces.len())
    } else {
        cut(&pieces, at.unwrap_or(0))
    };
    let mut shown = String::new();
    let mut pad = 0;
    if start > 0 {
        shown.push('…');
        pad += 1;
    }
    for (i, (text, width)) in pieces[start..end].iter().enumerate() {
        if at.is_some_and(|a| start + i < a) {
            pad += width;
        }
        shown.push_str(text);
    }
    if end < pieces.len() {
        shown.push('…');
    }
    (shown, at.map(|_| pad))
}

/// The pieces `start..end` to show: about a third of the window before `at`, the rest after.
fn cut(pieces: &[(Cow<'_, str>, usize)], at: usize) -> (usize, usize) {
    let mut start = at;
    let mut used = 0;
    while start > 0 && used + pieces[start - 1].1 <= WINDOW / 3 {
        start -= 1;
        used += pieces[start].1;
    }
    let mut end = at;
    while end < pieces.len() && used + pieces[end].1 <= WINDOW {
        used += pieces[end].1;
        end += 1;
    }
    (start, end.max((at + 1).min(pieces.len())))
}

/// The text of the file a diagnostic names (by its path as the diagnostic holds it), if it can
/// be read: `diag` reads no file itself.
pub(crate) type ReadSource<'a> = &'a dyn Fn(&Path) -> Option<String>;

/// Writes every diagnostic for a person: sorted, each finding once, with the source line it
/// points at (each file read once, with `read`), and at most [`MAX_PER_FILE`] per file followed
/// by `PATH: and N more in this file`.
pub(crate) fn write_report(
    diagnostics: Diagnostics,
    read: ReadSource<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_report_in(Lang::En, diagnostics, read, out)
}

/// [`write_report`] in `lang`.
pub(crate) fn write_report_in(
    lang: Lang,
    diagnostics: Diagnostics,
    read: ReadSource<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
    let all = diagnostics.sorted();
    let mut i = 0;
    while i < all.len() {
        let path = &all[i].path;
        let end = i + all[i..].iter().take_while(|d| &d.path == path).count();
        for d in &all[i..end.min(i + MAX_PER_FILE)] {
            writeln!(out, "{}", with_source(lang, d, read, &mut texts))?;
        }
        if end - i > MAX_PER_FILE {
            let rest = &all[i + MAX_PER_FILE..end];
            let errors = rest.iter().filter(|d| d.is_error()).count();
            let (path, more, warnings) = (display_path(path), rest.len(), rest.len() - errors);
            match lang {
                Lang::En => writeln!(
                    out,
                    "{path}: and {more} more in this file ({errors} errors, {warnings} warnings), not shown: fix these first"
                )?,
                Lang::Ja => writeln!(
                    out,
                    "{path}: このファイルにはほかに {more} 件（エラー {errors} 件、警告 {warnings} 件）ありますが、表示していません。まず上のものを直してください"
                )?,
            }
        }
        i = end;
    }
    Ok(())
}

fn with_source(
    lang: Lang,
    d: &Diagnostic,
    read: ReadSource<'_>,
    texts: &mut HashMap<PathBuf, Option<String>>,
) -> String {
    if d.line.is_none() {
        return d.shown(lang).to_string();
    }
    let text = texts.entry(d.path.clone()).or_insert_with(|| read(&d.path));
    d.with_source_text_in(lang, text.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_breaks_kept_on_request() {
        assert_eq!(escape("a\u{1b}[2Jb\u{8}", true), "a\\u{1B}[2Jb\\u{8}");
        assert_eq!(escape("a\nb\tc", true), "a\nb\tc");
        assert_eq!(escape("a\nb", false), "a\\u{A}b");
        assert_eq!(
            escape("\u{85}\u{2028}\u{202E}\u{7f}", true),
            "\\u{85}\\u{2028}\\u{202E}\\u{7F}"
        );
        assert!(matches!(escape("医療", true), Cow::Borrowed(_)));
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = format!("{}X{}", "あ".repeat(5000), "い".repeat(5000));
        let (shown, caret) = window(&line, Some(5001));
        let width: usize = shown.chars().map(char_width).sum();
        assert!(width <= WINDOW + 2, "{width}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let pad = caret.unwrap();
        // The caret sits under the X.
        let before: usize = shown
            .chars()
            .take_while(|&c| c != 'X')
            .map(char_width)
            .sum();
        assert_eq!(pad, before);
    }

    #[test]
    fn a_short_line_is_shown_whole_with_escapes_counted_in_the_caret() {
        let (shown, caret) = window("a\u{1b}b", Some(3));
        assert_eq!(shown, "a\\u{1B}b");
        assert_eq!(caret, Some(1 + "\\u{1B}".len()));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_bytes_of_a_path_are_written_as_escapes() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(OsStr::from_bytes(b"content/a\xff\xfe.md"));
        assert_eq!(path_text(p), "content/a\\xFF\\xFE.md");
    }
}
