//! Shortcodes: a small, safe way for a page's Markdown to use what the site knows, so that
//! content never types by hand what the build can count or list.
//!
//! Part of [`super`], run on a page's body before it is rendered. Three shortcodes, each with
//! typed arguments ([`write`]), written `{{ name(key="value") }}` on one line ([`syntax`]):
//!
//! - `{{ count(section="teams") }}`: how many published pages the section has (`format=`
//!   `"digits"` 6, `"fullwidth"` ６, `"kanji"` 六, `"words"` six); `{{ count(list="next") }}`:
//!   how many items the next list of the page has;
//! - `{{ pages(section="teams") }}`: a numbered list (`style="bullets"`) of its pages, linked;
//! - `{{ relation_table(relation="issues") }}`: a table of a relation of site.yaml, one row per
//!   target with the pages that list it (`rows="sources"`: the other way), linked.
//!
//! Nothing else runs: no template code is executed from content. Withheld pages never reach the
//! link step and drafts are left out ([`facts`]), so a count never shows that they exist. A
//! shortcode is read only in the text of the Markdown: in a code span or block, in raw HTML, or
//! written `\{{`, it is shown as written. Any other `{{` in the text must be a shortcode, so that
//! a mistyped one is never published as braces; a mistake is a problem at its line and column.
//! Lists and tables stand alone in their paragraph, outside lists and quotes.
//!
//! The Markdown with every shortcode replaced by what it writes is then rendered as usual (its
//! `@/` links resolved and checked), and an [`OffsetMap`] takes every location found in it back
//! to the page's own text.

mod facts;
mod numbers;
mod syntax;
mod write;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

pub(crate) use facts::Facts;

use crate::diag::Code;
use crate::model::rendered::Problem;

/// A body with its shortcodes replaced.
#[derive(Debug)]
pub(super) struct Expanded<'a> {
    /// The Markdown to render.
    pub(super) text: Cow<'a, str>,
    /// From an offset of `text` to one of the body.
    pub(super) map: OffsetMap,
    /// What was wrong in the shortcodes, located in the body.
    pub(super) problems: Vec<Problem>,
}

/// From an offset of an expanded body back to the body as written: the segments of the
/// expanded text, each `(start in the expanded text, start in the body, whether it was written
/// by a shortcode)`. Text a shortcode wrote is located at the shortcode.
#[derive(Debug, Default)]
pub(super) struct OffsetMap {
    segments: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The body offset of `offset` in the expanded text.
    pub(super) fn to_source(&self, offset: usize) -> usize {
        let k = self.segments.partition_point(|s| s.0 <= offset);
        match k.checked_sub(1).map(|k| self.segments[k]) {
            None => offset,
            Some((_, source, true)) => source,
            Some((start, source, false)) => source + (offset - start),
        }
    }
}

/// What the first parse of a body found: the ranges of its text (where a shortcode may stand),
/// each with its paragraph when that paragraph is outside any list, quote or table, and its
/// lists (start offset, number of items).
#[derive(Debug, Default)]
struct Scan {
    texts: Vec<(Range<usize>, Option<Range<usize>>)>,
    lists: Vec<(usize, usize)>,
}

fn scan(body: &str, options: Options) -> Scan {
    /// An open block, as far as the scan cares.
    enum Open {
        Paragraph(Range<usize>),
        Code,
        List(usize),
        Other,
    }
    let mut out = Scan::default();
    let mut open: Vec<Open> = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let entry = match tag {
                    Tag::Paragraph => Open::Paragraph(range),
                    Tag::CodeBlock(_) => Open::Code,
                    Tag::List(_) => {
                        out.lists.push((range.start, 0));
                        Open::List(out.lists.len() - 1)
                    }
                    Tag::Item => {
                        if let Some(Open::List(i)) = open.last() {
                            out.lists[*i].1 += 1;
                        }
                        Open::Other
                    }
                    _ => Open::Other,
                };
                open.push(entry);
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(_) if !open.iter().any(|o| matches!(o, Open::Code)) => {
                let paragraph = match open.as_slice() {
                    [Open::Paragraph(p)] => Some(p.clone()),
                    _ => None,
                };
                out.texts.push((range, paragraph));
            }
            _ => {}
        }
    }
    out
}

/// Whether the `{` at `at` is escaped by an odd number of backslashes.
fn escaped(body: &str, at: usize) -> bool {
    body[..at].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// `body` with its shortcodes replaced by what they write (see the module's documentation).
pub(super) fn expand<'a>(body: &'a str, options: Options, facts: &Facts) -> Expanded<'a> {
    let mut expanded = Expanded {
        text: Cow::Borrowed(body),
        map: OffsetMap::default(),
        problems: Vec::new(),
    };
    if !body.contains("{{") {
        return expanded;
    }
    let scan = scan(body, options);
    let mut text = String::with_capacity(body.len() + 256);
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = body[from..].find("{{") {
        let at = from + found;
        from = at + 2;
        let k = scan.texts.partition_point(|(r, _)| r.start <= at);
        let Some((_, paragraph)) = k
            .checked_sub(1)
            .map(|k| &scan.texts[k])
            .filter(|(r, _)| r.contains(&at))
        else {
            continue;
        };
        if escaped(body, at) {
            continue;
        }
        let written = match syntax::parse(&body[at..]) {
            Err(e) => Err(Problem::new(Code::E0422, e.at)
                .arg("expected", e.expected)
                .arg("known", write::known_names())),
            Ok(call) => {
                from = at + call.len;
                let cx = write::Context {
                    facts,
                    lists: &scan.lists,
                    end: at + call.len,
                };
                write::write(&call, &cx).and_then(|w| match w {
                    Some(write::Written::Block(_, what))
                        if paragraph
                            .as_ref()
                            .is_none_or(|p| body[p.clone()].trim() != &body[at..at + call.len]) =>
                    {
                        Err(Problem::new(Code::E0431, 0)
                            .arg("name", &call.name)
                            .arg("what", what))
                    }
                    Some(write::Written::Inline(t) | write::Written::Block(t, _)) => Ok(t),
                    None => Ok(String::new()),
                })
            }
        };
        match written {
            Ok(written) => {
                expanded.map.segments.push((text.len(), copied, false));
                text.push_str(&body[copied..at]);
                expanded.map.segments.push((text.len(), at, true));
                text.push_str(&written);
                copied = from;
            }
            Err(problem) => {
                let offset = at + problem.offset;
                expanded.problems.push(Problem { offset, ..problem });
            }
        }
    }
    if copied > 0 || !expanded.map.segments.is_empty() {
        expanded.map.segments.push((text.len(), copied, false));
        text.push_str(&body[copied..]);
        expanded.text = Cow::Owned(text);
    }
    expanded
}

/// A shortcode in a page's title or description, which are shown as written (in lists, feeds,
/// the page's head and search results): the key whose value holds one.
pub(crate) fn in_front_matter(title: &str, description: Option<&str>) -> Vec<&'static str> {
    let holds = |s: &str| {
        s.match_indices("{{")
            .any(|(at, _)| !escaped(s, at) && syntax::parse(&s[at..]).is_ok())
    };
    let mut keys = Vec::new();
    if holds(title) {
        keys.push("title");
    }
    if description.is_some_and(holds) {
        keys.push("description");
    }
    keys
}

#[cfg(test)]
mod tests;
