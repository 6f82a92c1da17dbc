//! The ids of a page's headings and footnotes, unique within the page.
//!
//! Part of [`super`]. Ids are given in an order that makes the written ones win: first the ids
//! the theme's templates use (`main`, `toc-label`… — a heading never takes one), then the
//! footnotes' (`fn-1`, namespaced so that `## 1` and `[^1]` do not collide), then every
//! explicit `{#id}` (so `## Goals` before `## 目標 {#goals}` does not steal it), and last the
//! automatic ones from the heading text, which get a suffix (`goals-1`) when their id is taken,
//! as in Zola and Hugo. An explicit id written twice, or one the theme or a footnote uses, is
//! a problem of the page.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Item, Problem, Rendered};
use crate::diag::Code;
use crate::text::escape::xml_escape;

/// The id of the footnote labelled `label` (`[^1]` → `fn-1`): footnotes live in a namespace
/// of their own, so that a heading `## 1` keeps the id `1`.
fn footnote_id(label: &str) -> String {
    let label: String = label
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    format!("fn-{label}")
}

/// The id of a heading: its text with spaces as `-`, punctuation dropped, ASCII lowercased;
/// Japanese is kept as written.
pub(crate) fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() {
            pending_dash = true;
        }
    }
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

/// Gives every heading and footnote its id, records them in `out`, and returns the page's
/// events with the footnotes written out under their ids.
pub(super) fn assign<'a>(
    items: Vec<Item<'a>>,
    reserved: &HashSet<String>,
    raw_ids: &[(String, usize)],
    out: &mut Rendered,
) -> Vec<Event<'a>> {
    // Ids taken on this page; a candidate is free when in neither this nor `reserved`, which
    // is shared by every page and so not copied into it.
    let mut taken: HashSet<String> = HashSet::new();
    let mut footnotes = Footnotes::default();
    for item in &items {
        if let Item::Event(Event::Start(Tag::FootnoteDefinition(label))) = item {
            let id = footnote_id(label);
            taken.insert(id.clone());
            out.ids.insert(id);
        }
    }
    // Explicit ids, in the order written.
    for item in &items {
        let Item::Heading(h) = item else { continue };
        let Some(id) = &h.explicit_id else { continue };
        let problem = if reserved.contains(id) {
            Some(Code::E0403)
        } else if out.ids.contains(id) {
            Some(Code::E0404)
        } else {
            None
        };
        match problem {
            Some(code) => out
                .problems
                .push(Problem::new(code, h.offset).arg("id", id)),
            None => {
                taken.insert(id.clone());
                out.ids.insert(id.clone());
            }
        }
    }
    raw_html_ids(raw_ids, reserved, &mut taken, out);
    let mut events = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Heading(h) => {
                let id = match &h.explicit_id {
                    Some(id) => id.clone(),
                    None => {
                        let id = unique_id(&heading_id(&h.text), reserved, &mut taken);
                        out.ids.insert(id.clone());
                        id
                    }
                };
                h.finish(id, out, |e| footnotes.write(e), &mut events);
            }
            Item::Event(event) => events.push(footnotes.write(event)),
        }
    }
    events
}

/// The ids raw HTML gives its elements, after the explicit heading ids: an automatic heading id
/// avoids them, and an anchor link may name them. One already used on the page (or by the
/// theme's templates) is a warning at its tag: the page's HTML has it twice (which `check`'s
/// accessibility checks report as an error), and a link to it reaches only the first.
fn raw_html_ids(
    raw_ids: &[(String, usize)],
    reserved: &HashSet<String>,
    taken: &mut HashSet<String>,
    out: &mut Rendered,
) {
    for (id, offset) in raw_ids {
        let by = if reserved.contains(id) {
            Some("theme")
        } else if out.ids.contains(id) {
            Some("page")
        } else {
            None
        };
        if let Some(by) = by {
            out.problems.push(
                Problem::new(Code::W0407, *offset)
                    .arg("id", id)
                    .arg("by", by),
            );
        }
        taken.insert(id.clone());
        out.ids.insert(id.clone());
    }
}

/// `base`, or `base-1`, `base-2`… whichever is free first (in neither `reserved` nor
/// `taken`); marks it taken.
fn unique_id(base: &str, reserved: &HashSet<String>, taken: &mut HashSet<String>) -> String {
    let free = |c: &str, taken: &HashSet<String>| !reserved.contains(c) && !taken.contains(c);
    let id = if free(base, taken) {
        base.to_owned()
    } else {
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| free(candidate, taken))
            .expect("an unused id exists")
    };
    taken.insert(id.clone());
    id
}

/// Footnote references and definitions written as pulldown-cmark writes them (same classes,
/// numbered in order of first appearance), with namespaced ids.
#[derive(Default)]
struct Footnotes {
    numbers: HashMap<String, usize>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_owned()).or_insert(next)
    }

    fn write<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::FootnoteReference(label) => {
                let n = self.number(&label);
                Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{}\">{n}</a></sup>",
                    xml_escape(&footnote_id(&label))
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = self.number(&label);
                Event::Html(CowStr::from(format!(
                    "\n<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
                    xml_escape(&footnote_id(&label))
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
            other => other,
        }
    }
}
