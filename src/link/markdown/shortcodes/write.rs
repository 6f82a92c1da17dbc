//! What each shortcode writes, from its checked arguments and the site's [`Facts`]: a count as
//! text, a list of pages or a relation table as Markdown (with `@/` links, which the renderer
//! then resolves and checks like any other).
//!
//! Part of [`super`]. The set is fixed and every argument is typed: an unknown shortcode or
//! argument, a value of the wrong kind or outside its choices, an unknown section or relation,
//! or a section left out of the site is a problem located at the argument.

use super::facts::{Entry, Facts, SectionFacts};
use super::numbers;
use super::syntax::{Call, Value};
use crate::diag::Code;
use crate::model::rendered::Problem;

/// What a shortcode writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Written {
    /// Text within a line.
    Inline(String),
    /// Markdown blocks (a list, a table), which stand alone in their paragraph; the key of
    /// what they are (the catalogue's `block` phrases).
    Block(String, &'static str),
}

/// Where a shortcode stands: the facts it may read, and the lists of its page (start offset,
/// number of items) with the offset just after it, for `count(list="next")`.
pub(super) struct Context<'a> {
    pub(super) facts: &'a Facts,
    pub(super) lists: &'a [(usize, usize)],
    pub(super) end: usize,
}

/// The shortcodes and their arguments, each with the kind of value it takes (a key of the
/// catalogue's `value_kind` phrases).
const SHORTCODES: &[(&str, &[(&str, &str)])] = &[
    (
        "count",
        &[("section", "text"), ("list", "text"), ("format", "text")],
    ),
    ("pages", &[("section", "text"), ("style", "text")]),
    (
        "relation_table",
        &[
            ("relation", "text"),
            ("rows", "text"),
            ("headers", "list"),
            ("separator", "text"),
        ],
    ),
];

/// The names of the shortcodes, for messages.
pub(super) fn known_names() -> String {
    quoted(SHORTCODES.iter().map(|(n, _)| *n))
}

fn quoted<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A problem `at` bytes from the shortcode's start.
fn problem(code: Code, at: usize, call: &Call) -> Problem {
    Problem::new(code, at).arg("name", &call.name)
}

/// What `call` writes; `Ok(None)` when it writes nothing because what it names has errors of
/// its own (already reported).
pub(super) fn write(call: &Call, cx: &Context<'_>) -> Result<Option<Written>, Problem> {
    let Some((_, spec)) = SHORTCODES.iter().find(|(n, _)| *n == call.name) else {
        return Err(Problem::new(Code::E0423, 0)
            .arg("name", &call.name)
            .arg("known", known_names()));
    };
    check_arguments(call, spec)?;
    match call.name.as_str() {
        "count" => count(call, cx),
        "pages" => pages(call, cx),
        _ => relation_table(call, cx),
    }
}

fn check_arguments(call: &Call, spec: &[(&str, &str)]) -> Result<(), Problem> {
    for (i, arg) in call.args.iter().enumerate() {
        let Some((_, kind)) = spec.iter().find(|(k, _)| *k == arg.key) else {
            return Err(problem(Code::E0424, arg.at, call)
                .arg("arg", &arg.key)
                .arg("known", quoted(spec.iter().map(|(k, _)| *k))));
        };
        if call.args[..i].iter().any(|a| a.key == arg.key) {
            return Err(problem(Code::E0434, arg.at, call).arg("arg", &arg.key));
        }
        if arg.value.kind() != *kind {
            return Err(problem(Code::E0426, arg.at, call)
                .arg("arg", &arg.key)
                .arg("expected", kind)
                .arg("given", arg.value.kind()));
        }
    }
    Ok(())
}

/// The text argument `key`, with its offset.
fn text<'c>(call: &'c Call, key: &str) -> Option<(&'c str, usize)> {
    call.args
        .iter()
        .find(|a| a.key == key)
        .and_then(|a| match &a.value {
            Value::Text(t) => Some((t.as_str(), a.at)),
            _ => None,
        })
}

/// The text argument `key`, which must be one of `choices` (the first is the default).
fn choice<'c>(call: &'c Call, key: &str, choices: &[&'c str]) -> Result<&'c str, Problem> {
    match text(call, key) {
        None => Ok(choices[0]),
        Some((value, _)) if choices.contains(&value) => Ok(value),
        Some((value, at)) => Err(problem(Code::E0427, at, call)
            .arg("arg", key)
            .arg("value", value)
            .arg("known", quoted(choices.iter().copied()))),
    }
}

/// The published section `section=` names; `Ok(None)` if it has errors of its own.
fn section<'f>(
    call: &Call,
    facts: &'f Facts,
    (value, at): (&str, usize),
) -> Result<Option<&'f SectionFacts>, Problem> {
    let folder = value
        .trim()
        .trim_start_matches("@/")
        .trim_end_matches("_index.md")
        .trim_matches('/');
    let left_out = |why: &str| {
        Err(problem(Code::E0429, at, call)
            .arg("section", folder)
            .arg("why", why))
    };
    match (facts.sections.get(folder), facts.left_out.get(folder)) {
        (Some(s), _) if s.draft => left_out("draft"),
        (Some(s), _) => Ok(Some(s)),
        (None, Some(&"broken")) => Ok(None),
        (None, Some(why)) => left_out(why),
        (None, None) => {
            let mut known: Vec<&str> = facts
                .sections
                .keys()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            known.sort_unstable();
            known.truncate(12);
            Err(problem(Code::E0428, at, call)
                .arg("section", folder)
                .arg("known", quoted(known)))
        }
    }
}

fn count(call: &Call, cx: &Context<'_>) -> Result<Option<Written>, Problem> {
    let format = choice(call, "format", numbers::FORMATS)?;
    let n = match (text(call, "section"), text(call, "list")) {
        (Some(s), None) => match section(call, cx.facts, s)? {
            Some(section) => section.pages.len(),
            None => return Ok(None),
        },
        (None, Some(_)) => {
            choice(call, "list", &["next"])?;
            match cx.lists.iter().find(|(start, _)| *start >= cx.end) {
                Some((_, items)) => *items,
                None => return Err(problem(Code::E0432, 0, call)),
            }
        }
        _ => {
            return Err(problem(Code::E0425, 0, call).arg("needed", quoted(["section", "list"])));
        }
    };
    let written = numbers::format(n as u64, format).expect("a format of FORMATS");
    Ok(Some(Written::Inline(written)))
}

fn pages(call: &Call, cx: &Context<'_>) -> Result<Option<Written>, Problem> {
    let style = choice(call, "style", &["numbered", "bullets"])?;
    let Some(named) = text(call, "section") else {
        return Err(problem(Code::E0425, 0, call).arg("needed", quoted(["section"])));
    };
    let Some(section) = section(call, cx.facts, named)? else {
        return Ok(None);
    };
    let lines: Vec<String> = section
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| match style {
            "bullets" => format!("- {}", link(page)),
            _ => format!("{}. {}", i + 1, link(page)),
        })
        .collect();
    Ok(Some(Written::Block(lines.join("\n"), "list")))
}

fn relation_table(call: &Call, cx: &Context<'_>) -> Result<Option<Written>, Problem> {
    let rows_by = choice(call, "rows", &["targets", "sources"])?;
    let Some((name, at)) = text(call, "relation") else {
        return Err(problem(Code::E0425, 0, call).arg("needed", quoted(["relation"])));
    };
    let Some(relation) = cx.facts.relations.get(name) else {
        let mut known: Vec<&str> = cx.facts.relations.keys().map(String::as_str).collect();
        known.sort_unstable();
        return Err(problem(Code::E0430, at, call)
            .arg("relation", name)
            .arg("known", quoted(known)));
    };
    let (rows, mut headers) = match rows_by {
        "sources" => (
            &relation.by_source,
            [&relation.sources_title, &relation.targets_title].map(String::clone),
        ),
        _ => (
            &relation.by_target,
            [&relation.targets_title, &relation.sources_title].map(String::clone),
        ),
    };
    if let Some(arg) = call.args.iter().find(|a| a.key == "headers") {
        match &arg.value {
            Value::List(h) if h.len() == 2 => headers = [h[0].clone(), h[1].clone()],
            _ => {
                return Err(problem(Code::E0435, arg.at, call).arg("arg", "headers"));
            }
        }
    }
    let default_separator = if cx.facts.language.starts_with("ja") {
        "、"
    } else {
        ", "
    };
    let separator = escape(text(call, "separator").map_or(default_separator, |(s, _)| s));
    let mut table = format!(
        "| {} | {} |\n|---|---|",
        escape(&headers[0]),
        escape(&headers[1])
    );
    for row in rows {
        let cell: Vec<String> = row.related.iter().map(link).collect();
        table.push_str(&format!(
            "\n| {} | {} |",
            link(&row.page),
            cell.join(&separator)
        ));
    }
    Ok(Some(Written::Block(table, "table")))
}

/// A Markdown link to a page, its title as text: `[医薬品WT](<@/teams/pharma.md>)`.
fn link(page: &Entry) -> String {
    let dest: String = page
        .path
        .chars()
        .flat_map(|c| match c {
            '<' | '>' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("[{}](<@/{dest}>)", escape(&page.title))
}

/// `text` with every ASCII punctuation character escaped, so that a title is shown as it is
/// written (CommonMark lets a backslash escape any of them), in a table cell too (`|`).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        // A line break would end a list item or a table row.
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
}
