//! Raw HTML in a page's Markdown, read with the HTML standard's tokenizer (html5ever's, which
//! the sanitiser parses with): what [`super::html_policy`] will remove from it, at its line,
//! and the ids it gives elements.
//!
//! Part of [`super`]. The sanitiser cleans the whole rendered body and says nothing; this
//! reads each raw fragment where the author wrote it (an HTML block whole, an inline tag
//! alone), so that nothing an editor wrote disappears without a warning at its line saying
//! what was removed and why. A comment or a tag left open is warned about too: it would hide
//! what follows it.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, StartTag, Tag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, TagEnd};

use super::html_policy::{self, ElementRule, Removed};
use crate::diag::Code;
use crate::model::rendered::Problem;

/// What one raw fragment holds that matters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// An element not kept.
    Element(String, ElementRule),
    /// An attribute removed from a kept element.
    Attribute(String, String, Removed),
    /// The id of a kept element: (element, id).
    Id(String, String),
    /// A comment never closed.
    OpenComment,
    /// A tag never closed.
    OpenTag,
}

/// What the raw HTML of one page holds, gathered while its Markdown is rendered.
#[derive(Debug, Default)]
pub(super) struct RawHtml {
    enabled: bool,
    /// The HTML block being read, and where each of its pieces is: (offset in the block,
    /// offset in the body).
    block: String,
    pieces: Vec<(usize, usize)>,
    /// Whether the page has any raw HTML.
    pub(super) seen: bool,
    /// What will be removed: where in the body, and the warning that says what and why.
    pub(super) removed: Vec<Problem>,
    /// The ids of kept elements, with their offsets in the body.
    pub(super) ids: Vec<(String, usize)>,
}

impl RawHtml {
    /// Reads raw HTML only if the site lets it through (`allow_html`).
    pub(super) fn new(enabled: bool) -> Self {
        RawHtml {
            enabled,
            ..Self::default()
        }
    }

    /// Takes in one event of the body, at `offset`.
    pub(super) fn observe(&mut self, event: &Event<'_>, offset: usize) {
        if !self.enabled {
            return;
        }
        match event {
            Event::Html(text) => {
                self.pieces.push((self.block.len(), offset));
                self.block.push_str(text);
            }
            Event::End(TagEnd::HtmlBlock) => self.finish(),
            Event::InlineHtml(text) => self.read(text, &[(0, offset)]),
            _ => {}
        }
    }

    /// Reads the HTML block gathered so far, if any.
    pub(super) fn finish(&mut self) {
        if self.block.is_empty() {
            return;
        }
        let block = std::mem::take(&mut self.block);
        let pieces = std::mem::take(&mut self.pieces);
        self.read(&block, &pieces);
    }

    fn read(&mut self, html: &str, pieces: &[(usize, usize)]) {
        self.seen = true;
        let lower = html.to_ascii_lowercase();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(html.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let body_offset = |at: usize| {
            let k = pieces.partition_point(|p| p.0 <= at).saturating_sub(1);
            let (piece, body) = pieces.get(k).copied().unwrap_or((0, 0));
            body + at.saturating_sub(piece)
        };
        for (line, found) in tokenize(html) {
            // The tokenizer tells the line where a token ends: the tag starts at the last `<`
            // of its name up to the end of that line.
            let line = (line as usize).clamp(1, line_starts.len());
            let end = line_starts.get(line).copied().unwrap_or(html.len());
            let tag_at = |name: &str| lower[..end].rfind(&format!("<{name}")).unwrap_or(0);
            let (at, problem) = match found {
                Found::Id(element, id) => {
                    self.ids.push((id, body_offset(tag_at(&element))));
                    continue;
                }
                Found::Element(name, rule) => (tag_at(&name), element_problem(&name, rule)),
                Found::Attribute(element, name, why) => {
                    let tag = tag_at(&element);
                    let at = lower[tag..end].find(&name).map_or(tag, |i| tag + i);
                    (
                        at,
                        Problem::new(Code::W0403, 0)
                            .arg("attr", &name)
                            .arg("name", &element)
                            .arg("why", why.key())
                            .arg("scheme", why.scheme()),
                    )
                }
                Found::OpenComment => (
                    lower.rfind("<!--").unwrap_or(0),
                    Problem::new(Code::W0404, 0),
                ),
                Found::OpenTag => (lower.rfind('<').unwrap_or(0), Problem::new(Code::W0405, 0)),
            };
            self.removed.push(Problem {
                offset: body_offset(at),
                ..problem
            });
        }
    }
}

fn element_problem(name: &str, rule: ElementRule) -> Problem {
    let code = match rule {
        ElementRule::Dropped => Code::W0401,
        _ => Code::W0402,
    };
    Problem::new(code, 0)
        .arg("name", name)
        .arg("why", html_policy::element_reason(name))
}

/// What `html` holds, each with the (1-based) line of `html` where its token ends.
fn tokenize(html: &str) -> Vec<(u64, Found)> {
    let sink = Sink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

#[derive(Default)]
struct Sink {
    found: RefCell<Vec<(u64, Found)>>,
}

impl Sink {
    fn start_tag(&self, tag: &Tag, line: u64) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        let mut found = self.found.borrow_mut();
        match html_policy::element(&name) {
            ElementRule::Kept => {
                for attr in &tag.attrs {
                    let attr_name = attr.name.local.to_string();
                    match html_policy::attribute(&name, &attr_name, &attr.value) {
                        Ok(()) if attr_name == "id" => {
                            found.push((line, Found::Id(name.clone(), attr.value.to_string())));
                        }
                        Ok(()) => {}
                        Err(why) => {
                            found.push((line, Found::Attribute(name.clone(), attr_name, why)))
                        }
                    }
                }
            }
            rule => found.push((line, Found::Element(name.clone(), rule))),
        }
        // The states the HTML standard's tree builder puts the tokenizer in after these tags,
        // so that their content is read as the sanitiser's parser reads it.
        match name.as_str() {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "style" | "iframe" | "noembed" | "noframes" | "xmp" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == StartTag => self.start_tag(&tag, line),
            Token::ParseError(message) if message.starts_with("Saw EOF in state") => {
                let state = &message["Saw EOF in state ".len()..];
                let open = if state.starts_with("Comment") {
                    Some(Found::OpenComment)
                } else if !state.starts_with("RawData") && !state.starts_with("ScriptData") {
                    Some(Found::OpenTag)
                } else {
                    None
                };
                self.found.borrow_mut().extend(open.map(|f| (line, f)));
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<Found> {
        tokenize(html).into_iter().map(|(_, f)| f).collect()
    }

    #[test]
    fn what_is_removed_is_found_with_its_reason() {
        assert_eq!(
            found("<img src=x onerror=alert(1) alt=a id=z>"),
            vec![
                Found::Attribute("img".into(), "onerror".into(), Removed::Handler),
                Found::Id("img".into(), "z".into())
            ]
        );
        assert_eq!(
            found("<script>document.write('<iframe>')</script><b>x</b>"),
            vec![Found::Element("script".into(), ElementRule::Dropped)]
        );
        assert_eq!(
            found("<a href=\"jav&#x09;ascript:alert(1)\">x</a>"),
            vec![Found::Attribute(
                "a".into(),
                "href".into(),
                Removed::Scheme("javascript".into())
            )]
        );
        assert_eq!(found("<!-- <script> -->"), vec![]);
        assert_eq!(
            found("<!-->x<script>"),
            vec![Found::Element("script".into(), ElementRule::Dropped)]
        );
        assert_eq!(found("x <!-- never closed"), vec![Found::OpenComment]);
        assert_eq!(found("<div class=\"a"), vec![Found::OpenTag]);
    }

    #[test]
    fn removals_are_located_at_their_own_line_of_a_block() {
        let mut raw = RawHtml::new(true);
        let body = "前文\n\n<div>\n<p>a</p>\n<iframe src=x></iframe>\n</div>\n";
        let start = body.find("<div>").unwrap();
        let mut at = start;
        for line in body[start..].split_inclusive('\n') {
            raw.observe(&Event::Html(line.into()), at);
            at += line.len();
        }
        raw.finish();
        assert_eq!(raw.removed.len(), 1, "{:?}", raw.removed);
        assert_eq!(raw.removed[0].offset, body.find("<iframe").unwrap());
    }
}
