//! Aligned table cells get a class of the theme (`align-center`), not an inline style.
//!
//! Part of [`super`]. pulldown-cmark writes `style="text-align: center"` on the cells of an
//! aligned column (`|:-:|`); the published site's Content-Security-Policy has no
//! `unsafe-inline`, so a browser ignores the style and the alignment is lost. The table's
//! alignments are taken out of its events, and each aligned cell is written as raw HTML with
//! the class instead; the default theme's CSS (`th.align-center`…) aligns it. The sanitiser
//! keeps the class (a generic attribute) and no longer keeps a cell's `style`.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// Where the renderer is in a table.
#[derive(Debug, Default)]
pub(super) struct TableCells {
    alignments: Vec<Alignment>,
    cell: usize,
    in_head: bool,
}

/// The class that aligns a cell, if the column is aligned.
pub(crate) fn alignment_class(alignment: Alignment) -> Option<&'static str> {
    match alignment {
        Alignment::None => None,
        Alignment::Left => Some("align-left"),
        Alignment::Center => Some("align-center"),
        Alignment::Right => Some("align-right"),
    }
}

impl TableCells {
    /// `event`, with a table's alignments taken out and an aligned cell's start tag written
    /// with its class.
    pub(super) fn rewrite<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                let none = vec![Alignment::None; alignments.len()];
                self.alignments = alignments;
                Event::Start(Tag::Table(none))
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.cell = 0;
                event
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                event
            }
            Event::Start(Tag::TableRow) => {
                self.cell = 0;
                event
            }
            Event::Start(Tag::TableCell) => {
                let class = self
                    .alignments
                    .get(self.cell)
                    .copied()
                    .and_then(alignment_class);
                match class {
                    // The writer closes the cell itself (`</th>`, `</td>`), as it opened none.
                    Some(class) => {
                        let element = if self.in_head { "th" } else { "td" };
                        Event::InlineHtml(CowStr::from(format!("<{element} class=\"{class}\">")))
                    }
                    None => event,
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.cell += 1;
                event
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let mut cells = TableCells::default();
        let events =
            pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
                .map(|e| cells.rewrite(e));
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events);
        out
    }

    /// Regression: the site's CSP (no `unsafe-inline`) blocked pulldown-cmark's
    /// `style="text-align: …"` on aligned cells, so their alignment was lost.
    #[test]
    fn aligned_table_cells_are_aligned_by_a_class_not_an_inline_style() {
        let out = html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 |\n");
        assert!(!out.contains("style"), "{out}");
        assert_eq!(
            out,
            "<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th></tr></thead><tbody>\n\
             <tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>\n\
             <tr><td class=\"align-left\">5</td><td class=\"align-center\">6</td><td class=\"align-right\"></td><td></td></tr>\n\
             </tbody></table>\n"
        );
    }

    #[test]
    fn a_second_table_has_its_own_alignments() {
        let out = html("| a |\n|--:|\n| 1 |\n\n| b |\n|---|\n| 2 |\n");
        assert!(out.contains("<td class=\"align-right\">1</td>"), "{out}");
        assert!(
            out.contains("<th>b</th>") && out.contains("<td>2</td>"),
            "{out}"
        );
    }
}
