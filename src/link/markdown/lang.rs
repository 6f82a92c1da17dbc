//! What a page's language adds to its rendering: `hreflang` on a link to a page in another
//! language, and `lang="ja"` around Japanese text in a page in another language.
//!
//! Part of [`super`]. WCAG 3.1.2 asks that a passage in another language than the page's be
//! marked so; on an English page, a Japanese name (国立がん研究センター) is read by a screen
//! reader with an English voice unless it is. Raw HTML is off on most sites, so the renderer
//! marks every run of kana and kanji itself: an editor writes the Japanese as it is. A link to a
//! page in another language says so with `hreflang` (the link text should say it too, e.g.
//! "(in Japanese)").

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::model::rendered::LinkTarget;
use crate::text::chars::is_japanese;

/// What the page's language changes in its rendering.
pub(crate) struct Language<'a> {
    /// The language of a link's target page when it is not the page's (the link's
    /// `hreflang`); `None` for a page in the same language, or a file.
    pub(crate) hreflang: &'a dyn Fn(&LinkTarget) -> Option<String>,
    /// Whether runs of Japanese text are marked `lang="ja"` (a page in another language).
    pub(crate) mark_japanese: bool,
}

#[cfg(test)]
impl Language<'static> {
    /// A page whose links are all in its own language, with nothing to mark.
    pub(crate) fn same() -> Self {
        Language {
            hreflang: &|_| None,
            mark_japanese: false,
        }
    }
}

/// Marks the Japanese text of a page's events, as they come.
pub(crate) struct Marks {
    on: bool,
    /// Inside an image (its alt text is an attribute: no markup) or a code block.
    verbatim: usize,
}

impl Marks {
    /// Marks for a page in `language`.
    pub(crate) fn new(language: &Language<'_>) -> Self {
        Marks {
            on: language.mark_japanese,
            verbatim: 0,
        }
    }

    /// Whether the events now are inside an image or a code block, where no markup may go.
    pub(crate) fn verbatim(&self) -> bool {
        self.verbatim > 0
    }

    /// Appends `event` to `out`, its Japanese runs wrapped in `<span lang="ja">` when marking.
    pub(crate) fn mark<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match &event {
            Event::Start(Tag::Image { .. } | Tag::CodeBlock(_)) => self.verbatim += 1,
            Event::End(TagEnd::Image | TagEnd::CodeBlock) => {
                self.verbatim = self.verbatim.saturating_sub(1)
            }
            Event::Text(text) if self.on && self.verbatim == 0 => {
                let runs = japanese_runs(text);
                if !runs.is_empty() {
                    split(text, &runs, out);
                    return;
                }
            }
            _ => {}
        }
        out.push(event);
    }
}

/// The byte ranges of `text` that are Japanese: runs of kana, kanji and the Japanese
/// punctuation and full-width forms between or around them, each holding a kana or kanji.
fn japanese_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let kana_or_kanji = is_japanese(c);
        if kana_or_kanji || is_japanese_punctuation(c) {
            let (s, seen) = start.unwrap_or((i, false));
            start = Some((s, seen || kana_or_kanji));
        } else if let Some((s, seen)) = start.take()
            && seen
        {
            runs.push((s, i));
        }
    }
    if let Some((s, true)) = start {
        runs.push((s, text.len()));
    }
    runs
}

/// Punctuation and forms that Japanese text is written with: 、。「」（）・ and the
/// full-width forms (the ideographic space among them).
fn is_japanese_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x3004 | 0x3008..=0x303F | 0x30FB | 0xFF01..=0xFF65)
}

fn split<'a>(text: &str, runs: &[(usize, usize)], out: &mut Vec<Event<'a>>) {
    let mut at = 0;
    for &(s, e) in runs {
        if s > at {
            out.push(Event::Text(CowStr::from(text[at..s].to_owned())));
        }
        out.push(Event::InlineHtml(CowStr::Borrowed("<span lang=\"ja\">")));
        out.push(Event::Text(CowStr::from(text[s..e].to_owned())));
        out.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
        at = e;
    }
    if at < text.len() {
        out.push(Event::Text(CowStr::from(text[at..].to_owned())));
    }
}

/// The start tag of a link to a page in the language `hreflang`: the tag the renderer writes
/// for it (so that the URL and title are escaped as every other link's), with `hreflang`.
pub(crate) fn link_start<'a>(
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
    hreflang: &str,
) -> Event<'a> {
    let mut html = String::new();
    let tag = Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    };
    pulldown_cmark::html::push_html(&mut html, std::iter::once(Event::Start(tag)));
    if html.ends_with('>') {
        html.pop();
    }
    // A language code is letters, digits and `-` (site.yaml's codes are checked): no escape.
    html.push_str(&format!(" hreflang=\"{hreflang}\">"));
    Event::InlineHtml(CowStr::from(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        let mut marks = Marks {
            on: true,
            verbatim: 0,
        };
        let mut out = Vec::new();
        marks.mark(Event::Text(CowStr::from(text.to_owned())), &mut out);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    #[test]
    fn japanese_runs_are_marked_with_their_punctuation() {
        assert_eq!(
            marked("renamed: 国立がんセンター (National Cancer Center)."),
            "renamed: <span lang=\"ja\">国立がんセンター</span> (National Cancer Center)."
        );
        assert_eq!(
            marked("「医療イノベーション」 and 再生医療"),
            "<span lang=\"ja\">「医療イノベーション」</span> and <span lang=\"ja\">再生医療</span>"
        );
        // Punctuation alone, and Latin text, are not Japanese.
        assert_eq!(marked("a （b） c"), "a （b） c");
        assert_eq!(marked("plain & <text>"), "plain &amp; &lt;text&gt;");
    }

    #[test]
    fn a_link_to_another_language_keeps_its_escapes() {
        let e = link_start(
            LinkType::Inline,
            CowStr::from("/x/\"a\"&b/"),
            CowStr::from("t\"<"),
            CowStr::from(""),
            "ja",
        );
        let Event::InlineHtml(html) = e else { panic!() };
        assert_eq!(
            &*html,
            "<a href=\"/x/%22a%22&amp;b/\" title=\"t&quot;&lt;\" hreflang=\"ja\">"
        );
    }
}
