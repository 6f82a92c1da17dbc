//! The text of a page's rendered body, as a reader sees it: what the search index holds and
//! what the publish gate reads besides the page's source (so that `機密性**2**`, a handling word
//! split by a line break, or `&#x32;` cannot slip past it).
//!
//! The input is the HTML that pulldown-cmark made of the page's Markdown (the page's own
//! content, not the theme's navigation, lists or footer). Tags go; block elements end a line;
//! inline elements join their text, so `**重要**な点` stays one run of Japanese; `alt` text of
//! images counts; scripts and styles (possible with `allow_html`) do not. Character references
//! are decoded. Whitespace collapses to one space, and a line break between two Japanese
//! characters (a soft break in the Markdown source) disappears, as it does in the reader's mind.

use super::chars::is_japanese;
use super::html::Token;

/// A page's body as plain text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct BodyText {
    /// Lines of text, one per block, joined with `\n`.
    pub(crate) text: String,
    /// Byte ranges of `text` that are headings (weighted higher in the index).
    pub(crate) headings: Vec<(usize, usize)>,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "dt",
    "dd",
    "dl",
    "figure",
    "figcaption",
    "br",
    "hr",
    "section",
    "article",
    "aside",
    "details",
    "summary",
    "caption",
];

struct Builder {
    out: BodyText,
    /// Whitespace seen since the last character, and whether it held a line break.
    pending_space: Option<bool>,
    heading_start: Option<usize>,
}

impl Builder {
    fn push_text(&mut self, s: &str) {
        // Copies each run of non-space characters whole; only the whitespace before a run needs
        // a decision (one space, or nothing between two lines of Japanese).
        let mut rest = s;
        while !rest.is_empty() {
            let start = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            let (space, tail) = rest.split_at(start);
            if !space.is_empty() {
                let newline = space.contains(['\n', '\r']);
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
            }
            if tail.is_empty() {
                break;
            }
            let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
            let (word, after) = tail.split_at(end);
            if let Some(had_newline) = self.pending_space.take() {
                let last = self.out.text.chars().next_back();
                let first = word.chars().next();
                let joins_japanese =
                    had_newline && first.is_some_and(is_japanese) && last.is_some_and(is_japanese);
                if !joins_japanese && last.is_some_and(|l| l != '\n') {
                    self.out.text.push(' ');
                }
            }
            self.out.text.push_str(word);
            rest = after;
        }
    }

    fn end_line(&mut self) {
        self.pending_space = None;
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.out.text.push('\n');
        }
    }
}

/// Extracts the text of `html` (a fragment from the Markdown renderer).
pub(crate) fn body_text(html: &str) -> BodyText {
    let mut b = Builder {
        out: BodyText::default(),
        pending_space: None,
        heading_start: None,
    };
    // Inside a <template> (nothing of it is shown): how deep.
    let mut template = 0usize;
    for token in super::html::tokens(html) {
        let tag = match token {
            Token::Text(text) if template == 0 => {
                b.push_text(&decode(text));
                continue;
            }
            Token::Text(_) => continue,
            Token::Tag(tag) => tag,
        };
        let name = &*tag.name;
        if name == "template" {
            template = if tag.closing {
                template.saturating_sub(1)
            } else {
                template + 1
            };
            continue;
        }
        if template > 0 {
            continue;
        }
        if let Some(alt) = (name == "img" && !tag.closing)
            .then(|| tag.attr("alt"))
            .flatten()
        {
            b.push_text(" ");
            b.push_text(&decode(alt));
            b.push_text(" ");
        }
        let is_heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if BLOCKS.contains(&name) {
            if let Some(start) = b.heading_start.take_if(|_| is_heading && tag.closing) {
                let end = b.out.text.len();
                if end > start {
                    b.out.headings.push((start, end));
                }
            }
            b.end_line();
            if is_heading && !tag.closing {
                b.heading_start = Some(b.out.text.len());
            }
        }
    }
    let trimmed = b.out.text.trim_end().len();
    b.out.text.truncate(trimmed);
    // Kept for the whole build (on the rendered page): give back what it grew by.
    b.out.text.shrink_to_fit();
    b.out.headings.shrink_to_fit();
    b.out
}

/// Decodes the character references an HTML renderer writes (`&amp;`, `&#39;`, `&#x3042;`…).
fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: its `;` is among the next few bytes (an ASCII byte, so a
        // character boundary, whatever text follows the `&`).
        let semi = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = semi.and_then(|e| reference(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_joins_and_blocks_split() {
        let t = body_text(
            "<p><strong>重要</strong>な点と<a href=\"/x/\">リンク</a></p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>",
        );
        assert_eq!(t.text, "重要な点とリンク\n一\n二");
    }

    #[test]
    fn soft_breaks_between_japanese_vanish_and_other_whitespace_collapses() {
        let t = body_text("<p>医療\n機器の  開発 and\nmore</p>");
        assert_eq!(t.text, "医療機器の 開発 and more");
    }

    #[test]
    fn headings_are_marked_and_entities_decoded() {
        let t = body_text("<h2 id=\"a\">目標 &amp; 課題</h2>\n<p>本文&#39;s &#x3042;</p>");
        assert_eq!(t.text, "目標 & 課題\n本文's あ");
        assert_eq!(&t.text[t.headings[0].0..t.headings[0].1], "目標 & 課題");
    }

    #[test]
    fn an_ampersand_before_japanese_text_is_kept() {
        let t = body_text("<p>&lt;!-- 関係者限り --&gt; &amp 秘書;</p>");
        assert_eq!(t.text, "<!-- 関係者限り --> &amp 秘書;");
    }

    #[test]
    fn templates_show_nothing() {
        let t =
            body_text("<p>前</p><template><p>隠<template>x</template>れ</p></template><p>後</p>");
        assert_eq!(t.text, "前\n後");
    }

    #[test]
    fn alt_text_counts_and_scripts_styles_comments_do_not() {
        let t = body_text(
            "<p><img src=\"a.png\" alt=\"組織図\">図</p><script>var x = '秘';</script><style>p{}</style><!-- 内部メモ --><p>後</p>",
        );
        assert_eq!(t.text, "組織図 図\n後");
    }
}
