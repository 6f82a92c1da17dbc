//! Where a string the barrier found in a published file is written in a source: the first line
//! of the source from which it reads (decoded in every way the barrier decodes, tags left out,
//! folded), over a few lines (a YAML scalar folded over lines, a paragraph).
//!
//! Part of [`super`]; runs only when a build fails, to name the source and line.

use super::super::fold::{Folded, fold};
use super::decode;

/// How many lines a string may be spread over in a source.
const WINDOW: usize = 4;

/// Whether `needle` can be read in `text`, and if so, at which line and column (when known).
pub(crate) fn locate(text: &str, needle: &str) -> Option<Option<(usize, Option<usize>)>> {
    let needle = compact(needle);
    if needle.is_empty() || !reads(text, &needle) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    // The first line where it can be read to its end, then the latest line it starts on.
    for end in 0..lines.len() {
        for i in (end.saturating_sub(WINDOW - 1)..=end).rev() {
            let window = lines[i..=end].join("\n");
            if reads(&window, &needle) {
                return Some(Some((i + 1, column(&window, &needle))));
            }
        }
    }
    Some(None)
}

/// The column (in characters) where `needle` starts on the first line of `window`, if it is
/// written there as it reads.
fn column(window: &str, needle: &str) -> Option<usize> {
    let folded = Folded::new(window, false);
    let at = *folded.find_all(needle).first()?;
    let (start, _) = folded.written_span(at, at + 1);
    let first_line = window.lines().next().unwrap_or("").chars().count();
    (start < first_line).then_some(start + 1)
}

fn reads(text: &str, needle: &str) -> bool {
    decode::variants(text)
        .iter()
        .any(|v| compact(v).contains(needle) || compact(&without_tags(v)).contains(needle))
}

/// `text` folded, in lower case (a URL found is compared in lower case).
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold(text, false, |c, _| out.extend(c.to_lowercase()));
    out
}

/// `text` without what looks like tags (`<b>`, `</span>`, `<!-- -->`).
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        match rest[lt..].find('>') {
            Some(gt) => rest = &rest[lt + gt + 1..],
            None => {
                rest = &rest[lt..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_found_however_it_is_written() {
        let yaml = "---\ntitle: \"計画 機密性\\x32\"\ndescription: >\n  機密\n  性3\n---\n";
        assert_eq!(locate(yaml, "機密性2"), Some(Some((2, None))));
        assert_eq!(locate(yaml, "機密性3"), Some(Some((4, Some(3)))));
        assert_eq!(
            locate("<p>機密性<b>2</b></p>", "機密性2"),
            Some(Some((1, None)))
        );
        assert_eq!(
            locate("a\nb /internal/plan/ c", "/internal/plan"),
            Some(Some((2, Some(3))))
        );
        assert_eq!(locate("なし", "機密性2"), None);
    }
}
