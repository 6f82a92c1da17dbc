//! Raw HTML on a site that does not allow it: shown as text, and said so at its line.
//!
//! Part of [`super`]. With `markdown.allow_html: false` (the default) an HTML block or tag in
//! a page is escaped and appears on the page as the text the editor typed (`<table>…`). That is
//! safe but silent; so each HTML block, and the first HTML tag of each line of text, is a
//! warning at its line that says what to write in Markdown instead (a table in Markdown for a
//! `<table>`), or how to allow HTML. A comment is warned about too: on such a site it would be
//! published as text.

use pulldown_cmark::{Event, Tag};

use crate::diag::Code;
use crate::model::rendered::Problem;

/// What has been warned about so far on one page.
#[derive(Debug, Default)]
pub(super) struct EscapedHtml {
    /// Inside an HTML block whose warning is already given.
    in_block: bool,
    /// The start of the last line of text with a warning.
    warned_line: Option<usize>,
}

impl EscapedHtml {
    /// The warning for `event` at `offset` of `body`, if it is raw HTML that starts a block or
    /// a line's first HTML. Only called when the site does not allow HTML.
    pub(super) fn observe(
        &mut self,
        event: &Event<'_>,
        offset: usize,
        body: &str,
    ) -> Option<Problem> {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.in_block = false;
                None
            }
            Event::Html(html) if !self.in_block => {
                self.in_block = true;
                Some(warning(html, offset))
            }
            Event::InlineHtml(html) => {
                let line = body[..offset.min(body.len())]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                if self.warned_line == Some(line) {
                    return None;
                }
                self.warned_line = Some(line);
                Some(warning(html, offset))
            }
            _ => None,
        }
    }
}

fn warning(html: &str, offset: usize) -> Problem {
    let (tag, instead) = first_tag(html);
    Problem::new(Code::W0409, offset)
        .arg("tag", tag)
        .arg("instead", instead)
}

/// The first tag of `html` as written (`<table>`, `</b>`, `<!--`) and the key of what to
/// write instead (the catalogue's `markdown_for` phrases).
fn first_tag(html: &str) -> (String, &'static str) {
    let html = html.trim_start();
    if html.starts_with("<!--") {
        return ("<!--".to_owned(), "comment");
    }
    let rest = html.strip_prefix('<').unwrap_or(html);
    let closing = rest.starts_with('/');
    let name: String = rest
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        let shown: String = html.chars().take(12).collect();
        return (shown, "other");
    }
    let lower = name.to_ascii_lowercase();
    let instead = match lower.as_str() {
        "table" | "thead" | "tbody" | "tfoot" | "tr" | "th" | "td" | "caption" | "colgroup"
        | "col" => "table",
        "b" | "strong" => "strong",
        "i" | "em" | "cite" => "emphasis",
        "a" => "link",
        "img" | "figure" | "figcaption" => "image",
        "br" => "line_break",
        "ul" | "ol" | "li" | "dl" | "dt" | "dd" => "list",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading",
        "p" | "div" | "span" | "section" => "paragraph",
        "code" | "pre" | "kbd" | "samp" => "code",
        "del" | "s" | "strike" => "strikethrough",
        "hr" => "rule",
        "blockquote" | "q" => "quote",
        _ => "other",
    };
    let tag = format!("<{}{name}>", if closing { "/" } else { "" });
    (tag, instead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_tag_says_what_to_write_instead() {
        assert_eq!(first_tag("<table>\n<tr>"), ("<table>".to_owned(), "table"));
        assert_eq!(first_tag("<TD class=x>"), ("<TD>".to_owned(), "table"));
        assert_eq!(first_tag("</b>"), ("</b>".to_owned(), "strong"));
        assert_eq!(first_tag("<br/>"), ("<br>".to_owned(), "line_break"));
        assert_eq!(first_tag("<!-- note -->"), ("<!--".to_owned(), "comment"));
        assert_eq!(
            first_tag("<x-widget a=1>"),
            ("<x-widget>".to_owned(), "other")
        );
        assert_eq!(first_tag("<?php x ?>").1, "other");
    }
}
