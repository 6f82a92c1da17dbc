//! HTML (and XML, SVG: the same tokenizer reads them well enough for text) cut into what a
//! reader or a crawler sees, through html5gum's WHATWG tokenizer: character references are
//! decoded by it, `<!-->` is an empty comment, a quoted `>` does not end a tag, and the contents
//! of `<script>`, `<style>` and the other raw-text elements are read as such.
//!
//! Part of [`super`]. The pieces ([`Segment`]s): the text of each block (text joined across
//! inline tags and comments, so `機密性<b>2</b>` and `機密性<!-- -->2` are one run; a block
//! element ends a run, `<br>` does not), and that text again as a browser shows it where the
//! two differ (ruby's base text without its `<rt>` and `<rp>`: `機密<ruby>性<rt>せい</rt></ruby>２`
//! reads 機密性２; elements `hidden` or styled `display: none` left out); each text token alone
//! (for the ASCII placeholders and URLs), every attribute value (and name), every comment, the
//! contents of raw-text elements, and the doctype.

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
    /// A comment, the contents of `<script>`, a doctype, a tag or attribute name.
    Code,
    /// CSS: a style sheet, the contents of `<style>`, a `style` attribute's value.
    Style,
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

/// Elements that have no end tag (an attribute that hides one hides nothing else).
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr",
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
    /// The block's text as shown: without ruby annotations and hidden elements.
    shown: String,
    /// The element whose text is not shown, and how many of its kind are open inside it.
    hidden: Option<(Vec<u8>, usize)>,
    run_at: Option<usize>,
    tag: Vec<u8>,
    attribute: Vec<u8>,
    raw: bool,
}

impl State<'_> {
    fn flush(&mut self) {
        if let Some(at) = self.run_at.take() {
            let shown = std::mem::take(&mut self.shown);
            let run = std::mem::take(&mut self.run);
            let differs = shown != run;
            for (text, read) in [(shown, differs), (run, true)] {
                if read && !text.trim().is_empty() && (self.keep)(text.as_bytes()) {
                    self.out.push(Segment {
                        text,
                        at,
                        kind: Kind::Text,
                    });
                }
            }
        }
        self.run.clear();
        self.shown.clear();
        self.hidden = None;
    }

    /// A start tag: a ruby annotation (`<rt>`, `<rp>`, which also ends the one before it)
    /// starts text not shown, and an element of the kind that started it nests.
    fn open_hidden(&mut self) {
        let ruby = matches!(&self.tag[..], b"rt" | b"rp");
        match &mut self.hidden {
            Some((name, _)) if ruby && matches!(&name[..], b"rt" | b"rp") => {
                self.hidden = Some((self.tag.clone(), 1));
            }
            Some((name, n)) if *name == self.tag => *n += 1,
            Some(_) => {}
            None if ruby => self.hidden = Some((self.tag.clone(), 1)),
            None => {}
        }
    }

    /// An attribute that hides its element (`hidden`, `style="display: none"`).
    fn hide_by_attribute(&mut self, value: Option<&[u8]>) {
        let hides = match (&self.attribute[..], value) {
            (b"hidden", _) => true,
            (b"style", Some(v)) => {
                let v: Vec<u8> = v
                    .iter()
                    .filter(|b| !b.is_ascii_whitespace())
                    .map(u8::to_ascii_lowercase)
                    .collect();
                [&b"display:none"[..], b"visibility:hidden"]
                    .iter()
                    .any(|p| v.windows(p.len()).any(|w| w == *p))
            }
            _ => false,
        };
        if hides && self.hidden.is_none() && !VOID.contains(&&self.tag[..]) {
            self.hidden = Some((self.tag.clone(), 1));
        }
    }

    /// An end tag: the hidden element ends (a ruby annotation with its `</ruby>` too).
    fn close_hidden(&mut self, name: &[u8]) {
        if let Some((hidden, n)) = &mut self.hidden {
            let ruby_ends = name == b"ruby" && matches!(&hidden[..], b"rt" | b"rp");
            if *hidden == name {
                *n -= 1;
            }
            if *n == 0 || ruby_ends {
                self.hidden = None;
            }
        }
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
                self.open_hidden();
                self.name(name, span.start);
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute = name.to_ascii_lowercase();
                self.hide_by_attribute(None);
                self.name(name, span.start);
            }
            CallbackEvent::AttributeValue { value } => {
                let read = READ_ATTRIBUTES.contains(&&self.attribute[..]);
                let kind = match &self.attribute[..] {
                    _ if read => Kind::ReadAttribute,
                    b"style" => Kind::Style,
                    _ => Kind::Attribute,
                };
                self.hide_by_attribute(Some(value));
                self.push(value, span.start, kind);
            }
            CallbackEvent::CloseStartTag { .. } => {
                self.raw = RAW_TEXT.contains(&&self.tag[..]);
            }
            CallbackEvent::EndTag { name } => {
                self.raw = false;
                self.close_hidden(&name.to_ascii_lowercase());
                if BLOCKS.contains(&&name.to_ascii_lowercase()[..]) {
                    self.flush();
                }
            }
            CallbackEvent::String { value } if self.raw => {
                let kind = match &self.tag[..] {
                    b"style" => Kind::Style,
                    _ => Kind::Code,
                };
                self.push(value, span.start, kind);
            }
            CallbackEvent::String { value } => {
                let text = String::from_utf8_lossy(value);
                self.run_at.get_or_insert(span.start);
                self.run.push_str(&text);
                if self.hidden.is_none() {
                    self.shown.push_str(&text);
                }
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
        shown: String::new(),
        hidden: None,
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

    /// Regression (hostile test, item 3): `機密<ruby>性<rt>せい</rt></ruby>２情報` on a page
    /// that allows raw HTML was published; a browser shows 機密性２情報. The text is read as
    /// shown too, and markup that splits a word joins it.
    #[test]
    fn ruby_and_markup_inside_a_word_are_read_as_a_browser_shows_them() {
        for html in [
            "<p>機密<ruby>性<rt>せい</rt></ruby>２情報</p>",
            "<p>機密<ruby>性<rp>（</rp><rt>せい</rt><rp>）</rp></ruby>２情報</p>",
            "<p><ruby>機密性<rt>きみつせい</ruby>2</p>",
            "<p><ruby>機<rt>き<rt>x</ruby><ruby>密<rt>みつ</rt>性<rt>せい</rt></ruby>2</p>",
            "<p>機<RUBY>密<RT>みつ</RT></RUBY>性<ruby>2<rt>に</rt></ruby></p>",
            "<p>機密<span>性</span>2</p>",
            "<p>機<wbr>密性<b>2</b></p>",
            "<p>機密<!-- x -->性&shy;2</p>",
            "<p>機密<span hidden>x</span>性2</p>",
            "<p>機密<span hidden><span>x</span>y</span>性2</p>",
            "<p>機密<span style=\"color: red; display : NONE\">x</span>性2</p>",
            "<p>機密<input hidden>性2</p>",
        ] {
            let texts = of(html, Kind::Text);
            let found = texts.iter().any(|t| !crate::gate::scan(t, &[]).is_empty());
            assert!(found, "{html}: {texts:?}");
        }
        // With the annotation, as a browser without ruby shows it.
        let texts = of("<p>機密<ruby>性<rt>せい</rt></ruby>２</p>", Kind::Text);
        assert_eq!(texts, vec!["機密性２", "機密性せい２"]);
        assert_eq!(of("<p>a<br>b</p>", Kind::Text), vec!["ab"]);
    }

    #[test]
    fn inline_tags_join_and_blocks_split() {
        let html = "<p>機密性<b>2</b><br>情報</p><p>次</p><script>var a = '<p>';</script>";
        assert_eq!(of(html, Kind::Text), vec!["機密性2情報", "次"]);
        assert_eq!(of(html, Kind::Code), vec!["var a = '<p>';"]);
    }
}
