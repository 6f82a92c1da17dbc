//! Accessibility checks of rendered HTML, for `office-site check`: images without alt text,
//! links without text, heading structure, duplicate ids, tables without header cells.
//!
//! On top of the pipeline: runs after the render step, on each page's HTML in memory, read with
//! the build's one tag scanner ([`crate::text::html`]); [`source_map`] puts each problem at the
//! page's Markdown line that made it.

use std::collections::HashMap;

use crate::diag::Code;
use crate::text::html::{Tag, Token, tokens};

pub(crate) mod attachments;
mod source_map;

pub(crate) use source_map::check_site;

/// One problem found in a page's HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// What is wrong: the catalogue's code (a `W` code is only a warning).
    pub(crate) code: Code,
    /// The values its words are made with.
    pub(crate) args: Vec<(&'static str, String)>,
    /// A fragment of the source to look for, to locate the problem (image src, heading text…).
    pub(crate) hint: Option<String>,
    /// Where in the HTML the problem is (the byte offset of the tag concerned); `None` for a
    /// problem of the whole page.
    pub(crate) offset: Option<usize>,
}

impl Problem {
    /// The problem's words, as the catalogue has them (for tests).
    #[cfg(test)]
    fn message(&self) -> String {
        crate::diag::catalogue::words(self.code, &self.args)
    }
}

/// Whether an opening tag is one that problems are located by: the page's Markdown makes each
/// of these from one construct (an image, a link, a table, a heading, a footnote), or raw HTML
/// wrote it, so the n-th of them in the HTML is the n-th in the Markdown.
fn is_landmark(tag: &Tag<'_>) -> bool {
    !tag.closing
        && (matches!(&*tag.name, "img" | "a" | "table")
            || is_heading(&tag.name)
            || tag.attr("id").is_some())
}

/// What the scan of one page has seen so far.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Each id, with the offset of every tag that carries it.
    ids: HashMap<String, Vec<usize>>,
    last_level: u8,
    /// The offset of every h1.
    h1s: Vec<usize>,
    /// The open link: (href, its text so far, its offset).
    link: Option<(String, String, usize)>,
    /// The open heading: (level, its text so far, its offset).
    heading: Option<(u8, String, usize)>,
    /// For each open table, whether it has a header cell, and its offset.
    tables: Vec<(bool, usize)>,
    /// Where the page's own Markdown sits in the HTML (the rest is the theme's).
    body: std::ops::Range<usize>,
}

impl Checker {
    fn error(
        &mut self,
        (code, args): (Code, Vec<(&'static str, String)>),
        hint: Option<String>,
        offset: Option<usize>,
    ) {
        self.problems.push(Problem {
            code,
            args,
            hint,
            offset,
        });
    }

    fn text(&mut self, text: &str) {
        for open in [
            self.link.as_mut().map(|l| &mut l.1),
            self.heading.as_mut().map(|h| &mut h.1),
        ]
        .into_iter()
        .flatten()
        {
            open.push_str(text);
        }
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        if !tag.closing
            && let Some(id) = tag.attr("id")
        {
            self.ids.entry(id.to_owned()).or_default().push(tag.offset);
        }
        match (&*tag.name, tag.closing) {
            ("img", false) => self.image(tag),
            ("a", false) => {
                let label = tag.attr("aria-label").unwrap_or_default().to_owned();
                let href = tag.attr("href").unwrap_or_default().to_owned();
                self.link = Some((href, label, tag.offset));
            }
            ("a", true) => {
                if let Some((href, text, at)) = self.link.take()
                    && text.trim().is_empty()
                {
                    self.error(
                        (Code::E0701, vec![("href", href.clone())]),
                        Some(href),
                        Some(at),
                    );
                }
            }
            (h, false) if is_heading(h) => {
                self.heading = Some((h.as_bytes()[1] - b'0', String::new(), tag.offset))
            }
            (h, true) if is_heading(h) => self.end_heading(),
            ("table", false) => self.tables.push((false, tag.offset)),
            ("th", false) => {
                if let Some(last) = self.tables.last_mut() {
                    last.0 = true;
                }
            }
            ("table", true) => self.end_table(),
            _ => {}
        }
    }

    fn image(&mut self, tag: &Tag<'_>) {
        let alt = tag.attr("alt");
        // Inside a link, the image's alt text is the link's text.
        if let Some((_, text, _)) = &mut self.link {
            text.push_str(alt.unwrap_or(""));
            return;
        }
        match alt {
            None => self.error(
                (Code::E0702, Vec::new()),
                tag.attr("src").map(str::to_owned),
                Some(tag.offset),
            ),
            Some(alt) if alt.trim().is_empty() && tag.attr("role") != Some("presentation") => {
                self.error(
                    (Code::W0701, Vec::new()),
                    tag.attr("src").map(str::to_owned),
                    Some(tag.offset),
                );
            }
            _ => {}
        }
    }

    fn end_table(&mut self) {
        if let Some((false, at)) = self.tables.pop() {
            self.error((Code::E0703, Vec::new()), None, Some(at));
        }
    }

    fn end_heading(&mut self) {
        let Some((level, text, at)) = self.heading.take() else {
            return;
        };
        let text = text.trim().to_owned();
        if level == 1 {
            self.h1s.push(at);
        }
        let last = self.last_level;
        if last > 0 && level > last + 1 {
            let args = vec![
                ("text", text.clone()),
                ("level", level.to_string()),
                ("last", last.to_string()),
            ];
            self.error((Code::E0704, args), Some(text), Some(at));
        } else if last == 0 && level != 1 {
            let args = vec![("text", text.clone()), ("level", level.to_string())];
            self.error((Code::E0705, args), Some(text), Some(at));
        }
        self.last_level = level;
    }

    /// Where a repeated thing (an id, an h1) is reported: at each occurrence after the first
    /// that the page's own Markdown wrote, else at the first that it wrote; a repetition made
    /// only by the theme's templates is a problem of the whole page.
    fn repeats(&self, offsets: &[usize]) -> Vec<Option<usize>> {
        let in_body = |o: &&usize| self.body.contains(*o);
        let later: Vec<Option<usize>> = offsets[1..]
            .iter()
            .filter(in_body)
            .map(|&o| Some(o))
            .collect();
        if !later.is_empty() {
            return later;
        }
        vec![offsets.iter().find(in_body).copied()]
    }

    fn finish(mut self) -> Vec<Problem> {
        let n = self.h1s.len();
        let problem = (Code::E0706, vec![("count", n.to_string())]);
        if n == 0 {
            self.error(problem, None, None);
        } else if n > 1 {
            for at in self.repeats(&self.h1s.clone()) {
                self.error(problem.clone(), None, at);
            }
        }
        let mut dups: Vec<_> = std::mem::take(&mut self.ids)
            .into_iter()
            .filter(|(_, at)| at.len() > 1)
            .collect();
        dups.sort();
        for (id, offsets) in dups {
            let n = offsets.len();
            for at in self.repeats(&offsets) {
                let args = vec![("id", id.clone()), ("count", n.to_string())];
                self.error((Code::E0707, args), Some(id.clone()), at);
            }
        }
        self.problems
    }
}

#[cfg(test)]
/// Checks one page's HTML.
pub(crate) fn check_page(html: &str) -> Vec<Problem> {
    check_page_with_body(html, 0..html.len())
}

/// Checks one page's HTML, of which `body` is the part the page's Markdown wrote.
pub(crate) fn check_page_with_body(html: &str, body: std::ops::Range<usize>) -> Vec<Problem> {
    let mut checker = Checker {
        body,
        ..Checker::default()
    };
    for token in tokens(html) {
        match token {
            Token::Text(text) => checker.text(text),
            Token::Tag(tag) => checker.tag(&tag),
        }
    }
    checker.finish()
}

fn is_heading(name: &str) -> bool {
    name.len() == 2 && name.starts_with('h') && matches!(name.as_bytes()[1], b'1'..=b'6')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        check_page(html).iter().map(Problem::message).collect()
    }

    #[test]
    fn a_clean_page_has_no_problems() {
        let html = r#"<h1>題</h1><h2 id="a">節</h2><h3>項</h3><h2>次</h2><p><a href="/x/">リンク</a><img src="a.png" alt="図"></p><table><tr><th>a</th></tr></table><!-- <h5> --><script>if (a<b) {}</script>"#;
        assert!(check_page(html).is_empty(), "{:?}", check_page(html));
    }

    #[test]
    fn finds_each_problem() {
        let m = messages(
            r#"<h1>一</h1><h1>二</h1><h4>飛</h4><a href="/x/"> </a><img src="b.png"><p id="d"></p><p id="d"></p><table><tr><td>1</td></tr></table>"#,
        );
        let joined = m.join("\n");
        for needle in [
            "2 h1",
            "skipped",
            "has no text",
            "no alt attribute",
            "`d` appears 2 times",
            "no header cells",
        ] {
            assert!(joined.contains(needle), "{needle} not in {joined}");
        }
    }

    #[test]
    fn aria_label_counts_as_link_text() {
        assert!(
            messages(r#"<h1>x</h1><a href="/" aria-label="ホーム"><img src="l.png" alt=""></a>"#)
                .iter()
                .all(|m| !m.contains("no text"))
        );
    }
}
