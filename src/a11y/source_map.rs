//! From a problem in a page's rendered HTML back to the line of its Markdown.
//!
//! The checks read the whole page as the theme wrote it, but a problem is the author's to fix,
//! in the page's file. The page's own Markdown is one stretch of that HTML (its `content`). In
//! it, each image, link, table, heading, footnote and raw-HTML tag with an id comes from one
//! construct of the Markdown, in the same order: the n-th such tag of the HTML is the n-th such
//! construct of the Markdown, which pulldown-cmark locates. Each problem is thus reported at
//! its own line, and two alike problems at two lines. Should the two lists not agree (a theme
//! that rewrites `content`), the problem's text is looked for in the Markdown instead.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag as MdTag, TagEnd};
use rayon::prelude::*;

use super::{check_page_with_body, is_landmark};
use crate::diag::{self, Code, Diagnostic, Diagnostics};
use crate::link::site::Site;
use crate::load::config::MarkdownOptions;
use crate::model::page::Page;
use crate::text::html::{Tag, Token, tokens};

/// Checks the rendered HTML of every page (`files`: output path → bytes), and the titles.
pub(crate) fn check_site(site: &Site, files: &BTreeMap<String, Vec<u8>>) -> Diagnostics {
    let mut out = Diagnostics::new();
    let mut titles: HashMap<&str, &Path> = HashMap::new();
    for page in &site.pages {
        if let Some(first) = titles.insert(&page.front.title, &page.rel) {
            out.push(
                Diagnostic::new(Code::W0702, &page.rel)
                    .arg("title", &page.front.title)
                    .arg("other", diag::display_path(first))
                    .at_opt(page.front.position("title")),
            );
        }
    }
    let pages: Vec<Vec<Diagnostic>> = site
        .pages
        .par_iter()
        .filter_map(|page| {
            let html = files.get(&page.output_path())?;
            Some(check_one(
                page,
                &String::from_utf8_lossy(html),
                site.config.markdown,
            ))
        })
        .collect();
    out.extend(pages.into_iter().flatten());
    out
}

fn check_one(page: &Page, html: &str, options: MarkdownOptions) -> Vec<Diagnostic> {
    let content = &page.rendered.html;
    let start = if content.is_empty() {
        None
    } else {
        html.find(content.as_str())
    };
    let body = start.map_or(0..0, |s| s..s + content.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let problems = check_page_with_body(html, body.clone());
    // The second parse of the Markdown that pairs HTML tags with their lines: only for a page
    // with a problem to locate.
    let map = std::cell::OnceCell::new();
    let mut out = Vec::with_capacity(problems.len());
    for p in &problems {
        let mapped = p.offset.filter(|o| body.contains(o)).and_then(|o| {
            let landmarks = map.get_or_init(|| Landmarks::new(page, options)).as_ref()?;
            landmarks.position(page, o - body.start)
        });
        let searched = || {
            let hint = p.hint.as_deref()?;
            let nth = seen.entry(hint).or_default();
            *nth += 1;
            find_nth(page, hint, *nth)
        };
        let located = mapped.or_else(searched);
        let mut d = Diagnostic::new(p.code, &page.rel);
        d.args.clone_from(&p.args);
        let (pos, found) = match located {
            Some(pos) => (pos, "page"),
            None => ((1, 1), "theme"),
        };
        let note = diag::catalogue::phrase_words("found", found, &[]);
        out.push(d.at(pos.0, Some(pos.1)).note(note));
    }
    out
}

/// The file position of the `nth` (1-based) occurrence of `hint` in a page's Markdown body.
fn find_nth(page: &Page, hint: &str, nth: usize) -> Option<(usize, usize)> {
    let (offset, _) = page.body.match_indices(hint).nth(nth - 1)?;
    Some(file_position(page, offset))
}

fn file_position(page: &Page, body_offset: usize) -> (usize, usize) {
    let (line, col) = diag::line_col(&page.body, body_offset);
    (line + page.body_line - 1, col)
}

/// The located tags of a page's own HTML, paired with the Markdown they came from.
struct Landmarks {
    /// Offset of each landmark tag in the page's content HTML.
    html: Vec<usize>,
    /// Offset of the construct that wrote it, in the Markdown body.
    source: Vec<usize>,
}

impl Landmarks {
    /// `None` when the HTML's landmarks and the Markdown's do not pair up.
    fn new(page: &Page, options: MarkdownOptions) -> Option<Landmarks> {
        let html: Vec<(usize, String)> = tags(&page.rendered.html)
            .filter(is_landmark)
            .map(|t| (t.offset, t.name.into_owned()))
            .collect();
        let source = markdown_landmarks(&page.body, options);
        let paired =
            html.len() == source.len() && html.iter().zip(&source).all(|((_, a), (_, b))| a == b);
        paired.then(|| Landmarks {
            html: html.into_iter().map(|(o, _)| o).collect(),
            source: source.into_iter().map(|(o, _)| o).collect(),
        })
    }

    fn position(&self, page: &Page, content_offset: usize) -> Option<(usize, usize)> {
        let k = self.html.binary_search(&content_offset).ok()?;
        Some(file_position(page, self.source[k]))
    }
}

/// The landmarks the Markdown writes, in order: (offset in the body, tag name), parsed with
/// the options every page is rendered with.
fn markdown_landmarks(body: &str, options: MarkdownOptions) -> Vec<(usize, String)> {
    let opts = crate::link::markdown::parser_options(options);
    let mut out = Vec::new();
    // An HTML block comes line by line: its text is gathered, with where each piece began, so
    // that a comment or tag spanning lines is read as the browser reads it.
    let mut block = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(MdTag::Image { .. }) => out.push((at, "img".to_owned())),
            Event::Start(MdTag::Link { .. }) | Event::FootnoteReference(_) => {
                out.push((at, "a".to_owned()))
            }
            Event::Start(MdTag::Table(_)) => out.push((at, "table".to_owned())),
            Event::Start(MdTag::Heading { level, .. }) => {
                out.push((at, format!("h{}", level as u8)))
            }
            Event::Start(MdTag::FootnoteDefinition(_)) => out.push((at, "div".to_owned())),
            Event::Html(text) if options.allow_html => {
                pieces.push((block.len(), at));
                block.push_str(&text);
            }
            Event::End(TagEnd::HtmlBlock) if options.allow_html => {
                raw_landmarks(&block, &pieces, &mut out);
                block.clear();
                pieces.clear();
            }
            Event::InlineHtml(text) if options.allow_html => {
                raw_landmarks(&text, &[(0, at)], &mut out);
            }
            _ => {}
        }
    }
    out
}

/// The landmark tags of raw HTML whose pieces began at the given body offsets.
fn raw_landmarks(html: &str, pieces: &[(usize, usize)], out: &mut Vec<(usize, String)>) {
    for tag in tags(html) {
        if !is_landmark(&tag) {
            continue;
        }
        let Tag { offset, name, .. } = tag;
        let name = name.into_owned();
        let k = pieces
            .partition_point(|&(p, _)| p <= offset)
            .saturating_sub(1);
        let (piece, source) = pieces.get(k).copied().unwrap_or((0, 0));
        out.push((source + offset - piece, name));
    }
}

/// The tags of `html`, without its text.
fn tags(html: &str) -> impl Iterator<Item = Tag<'_>> {
    tokens(html).filter_map(|t| match t {
        Token::Tag(tag) => Some(tag),
        Token::Text(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::markdown;

    /// The landmark names of `body` rendered by the real renderer, and as read from the
    /// Markdown.
    fn both(body: &str, allow_html: bool) -> (Vec<String>, Vec<String>) {
        let options = MarkdownOptions {
            allow_html,
            smart_punctuation: true,
            ..Default::default()
        };
        let rendered = markdown::render(body, options, &|_| Some("/x/".to_owned()));
        let html = tags(&rendered.html)
            .filter(is_landmark)
            .map(|t| t.name.into_owned())
            .collect();
        let md = markdown_landmarks(body, options)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        (html, md)
    }

    #[test]
    fn the_markdown_and_its_html_have_the_same_landmarks() {
        let body = "# 題 {#top}\n\n[リンク](@/a.md) と <https://example.com> と脚注[^1]。\n\n[![図](a.png)](b.pdf)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div id=\"x\">\n<!-- <img src=\"c.png\">\n-->\n<img src=\"d.png\">\n</div>\n\n## 節 <span id=\"y\">s</span>\n\n- [ ] 作業\n\n[^1]: 注 [内部](#top)\n";
        for allow_html in [true, false] {
            let (html, md) = both(body, allow_html);
            assert_eq!(html, md, "allow_html: {allow_html}");
        }
    }

    #[test]
    fn raw_html_tags_are_located_at_their_own_line() {
        let body = "前文\n\n<p>\n<img src=\"a.png\">\n<img src=\"b.png\">\n</p>\n";
        let options = MarkdownOptions {
            allow_html: true,
            smart_punctuation: false,
            ..Default::default()
        };
        let lines: Vec<usize> = markdown_landmarks(body, options)
            .into_iter()
            .map(|(o, _)| diag::line_col(body, o).0)
            .collect();
        assert_eq!(lines, vec![4, 5]);
    }
}
