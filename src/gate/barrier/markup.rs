//! HTML (and XML, SVG: the same tokenizer reads them well enough for text) cut into what a
//! reader or a crawler sees, through html5gum's WHATWG tokenizer: character references are
//! decoded by it, `<!-->` is an empty comment, a quoted `>` does not end a tag, and the contents
//! of `<script>`, `<style>` and the other raw-text elements are read as such.
//!
//! Part of [`super`]. The pieces ([`Segment`]s): the text of each block (text joined across
//! inline tags and comments, so `機密性<b>2</b>` and `機密性<!-- -->2` are one run; a block
//! element ends a run, `<br>` does not), each text token alone (for the ASCII placeholders and
//! URLs), every attribute value (and name), every comment, the contents of raw-text elements,
//! and the doctype.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// What a piece of a file is, which says which rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The text of a block, joined across inline tags and comments.
    Text,
    /// One text token (character data between two tags).
    Token,
    /// An attribute value that people read (`alt`, `title`, `aria-label`, `content`…).
    ReadAttribute,
    /// Any other attribute value (`href`, `src`, `class`, `data-*`…).
    Attribute,
    /// A comment, the contents of `<script>` or `<style>`, a doctype, a tag or attribute name.
    Code,
    /// A whole plain-text file.
    PlainText,
    /// A run of text in a binary file (an image's metadata, a search index's tokens side by
    /// side): only markings, handling words and URLs are looked for in it.
    Binary,
}

/// One piece of a file.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) text: String,
    /// The byte offset in the file where it starts.
    pub(crate) at: usize,
    pub(crate) kind: Kind,
}

/// Elements whose start or end ends a block of text.
pub(crate) const BLOCKS: &[&[u8]] = &[
    b"p",
    b"div",
    b"li",
    b"ul",
    b"ol",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
    b"pre",
    b"table",
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"dt",
    b"dd",
    b"dl",
    b"figure",
    b"figcaption",
    b"hr",
    b"section",
    b"article",
    b"aside",
    b"details",
    b"summary",
    b"caption",
    b"html",
    b"head",
    b"body",
    b"title",
    b"nav",
    b"header",
    b"footer",
    b"main",
    b"option",
    b"select",
    b"textarea",
    b"address",
    b"fieldset",
    b"legend",
    b"form",
    b"menu",
    b"entry",
    b"feed",
    b"url",
    b"urlset",
    b"item",
    b"channel",
];

/// Attributes whose values people read.
const READ_ATTRIBUTES: &[&[u8]] = &[
    b"alt",
    b"title",
    b"aria-label",
    b"aria-description",
    b"aria-roledescription",
    b"aria-placeholder",
    b"aria-valuetext",
    b"placeholder",
    b"label",
    b"summary",
    b"content",
    b"value",
    b"abbr",
];

/// Elements whose contents the tokenizer reads as raw text (not markup): read as code.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

struct State<'a> {
    /// Whether a piece may hold anything (the prefilter): only those are kept.
    keep: &'a dyn Fn(&[u8]) -> bool,
    out: Vec<Segment>,
    run: String,
    run_at: Option<usize>,
    tag: Vec<u8>,
    attribute: Vec<u8>,
    raw: bool,
}

impl State<'_> {
    fn flush(&mut self) {
        if let Some(at) = self.run_at.take()
            && !self.run.trim().is_empty()
            && (self.keep)(self.run.as_bytes())
        {
            self.out.push(Segment {
                text: std::mem::take(&mut self.run),
                at,
                kind: Kind::Text,
            });
        }
        self.run.clear();
    }

    fn push(&mut self, bytes: &[u8], at: usize, kind: Kind) {
        if !bytes.is_empty() && (self.keep)(bytes) {
            self.out.push(Segment {
                text: String::from_utf8_lossy(bytes).into_owned(),
                at,
                kind,
            });
        }
    }

    fn name(&mut self, name: &[u8], at: usize) {
        // Names are ASCII nearly always; only others can spell anything.
        if !name.is_ascii() {
            self.push(name, at, Kind::Code);
        }
    }

    fn event(&mut self, event: CallbackEvent<'_>, span: Span<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = name.to_ascii_lowercase();
                if BLOCKS.contains(&&self.tag[..]) {
                    self.flush();
                }
                self.name(name, span.start);
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute = name.to_ascii_lowercase();
                self.name(name, span.start);
            }
            CallbackEvent::AttributeValue { value } => {
                let read = READ_ATTRIBUTES.contains(&&self.attribute[..]);
                let kind = if read {
                    Kind::ReadAttribute
                } else {
                    Kind::Attribute
                };
                self.push(value, span.start, kind);
            }
            CallbackEvent::CloseStartTag { .. } => {
                self.raw = RAW_TEXT.contains(&&self.tag[..]);
            }
            CallbackEvent::EndTag { name } => {
                self.raw = false;
                if BLOCKS.contains(&&name.to_ascii_lowercase()[..]) {
                    self.flush();
                }
            }
            CallbackEvent::String { value } if self.raw => self.push(value, span.start, Kind::Code),
            CallbackEvent::String { value } => {
                let text = String::from_utf8_lossy(value);
                self.run_at.get_or_insert(span.start);
                self.run.push_str(&text);
                self.push(value, span.start, Kind::Token);
            }
            CallbackEvent::Comment { value } => self.push(value, span.start, Kind::Code),
            CallbackEvent::Doctype {
                name,
                public_identifier,
                system_identifier,
                ..
            } => {
                for part in [Some(name), public_identifier, system_identifier]
                    .into_iter()
                    .flatten()
                {
                    self.push(part, span.start, Kind::Code);
                }
            }
            CallbackEvent::Error(_) => {}
        }
    }
}

/// The pieces of an HTML or XML text that `keep` keeps (the others are dropped as they are
/// read, which spares building them).
pub(crate) fn segments(text: &str, keep: &dyn Fn(&[u8]) -> bool) -> Vec<Segment> {
    let mut state = State {
        keep,
        out: Vec::new(),
        run: String::new(),
        run_at: None,
        tag: Vec::new(),
        attribute: Vec::new(),
        raw: false,
    };
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        state.event(event, span);
        None::<()>
    });
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(text, emitter) {}
    state.flush();
    state.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(html: &str, kind: Kind) -> Vec<String> {
        segments(html, &|_| true)
            .into_iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn an_empty_comment_does_not_hide_the_text_after_it() {
        let html = "<p><!-->機密性&#x32;情報<!-- --></p>";
        assert_eq!(of(html, Kind::Text), vec!["機密性2情報"]);
    }

    #[test]
    fn a_quoted_greater_than_sign_does_not_end_a_tag() {
        let html = r#"<p><img alt="a>b" title='機密性&#50;'>後</p>"#;
        assert_eq!(of(html, Kind::ReadAttribute), vec!["a>b", "機密性2"]);
        assert_eq!(of(html, Kind::Text), vec!["後"]);
    }

    #[test]
    fn inline_tags_join_and_blocks_split() {
        let html = "<p>機密性<b>2</b><br>情報</p><p>次</p><script>var a = '<p>';</script>";
        assert_eq!(of(html, Kind::Text), vec!["機密性2情報", "次"]);
        assert_eq!(of(html, Kind::Code), vec!["var a = '<p>';"]);
    }
}
