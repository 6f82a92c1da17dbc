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
//!
//! Also the character classes that text handling shares: which characters are Japanese,
//! which are combining marks, and which NFKC leaves alone.

use crate::html::Token;

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
    for token in crate::html::tokens(html) {
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

/// Whether `c` (normalised) is Japanese: kanji, hiragana, katakana and the marks that belong
/// to them. The search tokeniser indexes runs of these as bigrams; `search.js` has the same
/// ranges.
#[inline]
pub(crate) fn is_japanese(c: char) -> bool {
    !c.is_ascii()
        && matches!(c as u32,
            0x3005..=0x3007          // 々 〆 〇
            | 0x3041..=0x3096        // hiragana
            | 0x309D..=0x309F        // ゝ ゞ ゟ
            | 0x30A1..=0x30FA        // katakana (not the middle dot U+30FB)
            | 0x30FC..=0x30FF        // ー ヽ ヾ ヿ
            | 0x31F0..=0x31FF        // small katakana for Ainu
            | 0x3400..=0x4DBF        // CJK extension A
            | 0x4E00..=0x9FFF        // CJK unified ideographs
            | 0xF900..=0xFAFF        // CJK compatibility ideographs
            | 0x20000..=0x3FFFF) // CJK extensions B and later
}

/// Whether `c` belongs to the cluster of the character before it: a combining mark, normalised
/// with the character it follows (`カ` and `゙`, or `ｶ` and `ﾞ`, are one `ガ`). `search.js` has
/// the same ranges.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x3099 | 0x309A | 0xFF9E | 0xFF9F)
}

/// Characters that NFKC leaves alone (unless a mark follows them) and that have no lower case:
/// most Japanese text, which then skips the normaliser.
#[inline]
pub(crate) fn is_stable(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF)
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
