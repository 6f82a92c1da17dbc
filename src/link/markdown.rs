//! Markdown → HTML, with heading ids, a table of contents and the page's links.
//!
//! Part of the link step, but pure: no I/O and no knowledge of the site beyond a resolver
//! closure that turns an internal link (`@/teams/pharma.md`, or a path relative to the page)
//! into a URL. What it cannot resolve it records; the links module turns those records into
//! located errors, and checks anchors once every page's headings are known.
//!
//! Heading ids keep Japanese (`## 基本的な考え方` → `基本的な考え方`) and are unique within
//! the page, and among the ids the theme's templates give their own elements: an explicit
//! `{#id}` wins, and an automatic id whose text is taken gets a suffix (`goals-1`). Footnotes
//! get ids of their own (`fn-1`). Raw HTML is escaped unless the site allows it; a
//! `javascript:`, `vbscript:` or `data:` link is refused. Allowed raw HTML is cleaned to what
//! an office page needs ([`html_policy`]), each removal a warning at its line ([`raw_html`]),
//! and the ids it gives elements count among the page's ids.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::Code;
use crate::load::config::MarkdownOptions;
use crate::model::rendered::{Heading, Link, LinkTarget, Problem, Rendered};

mod html_policy;
mod ids;
mod raw_html;

/// The pulldown-cmark options every page is parsed with: CommonMark with tables, footnotes,
/// strikethrough, task lists and heading attributes, and typographic punctuation if the site
/// asks for it. Whatever parses a body again (to map its HTML back to its lines) must use these.
pub(crate) fn parser_options(options: MarkdownOptions) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    opts
}

#[cfg(test)]
/// Renders `body`. `resolve` maps an internal, relative or root-relative target to its URL
/// (with the anchor).
pub(crate) fn render(
    body: &str,
    options: MarkdownOptions,
    resolve: &dyn Fn(&LinkTarget) -> Option<String>,
) -> Rendered {
    render_with(body, options, &HashSet::new(), resolve)
}

/// Renders `body` like `render`, for a template that uses the ids `reserved` itself:
/// headings do not take them.
pub(crate) fn render_with(
    body: &str,
    options: MarkdownOptions,
    reserved: &HashSet<String>,
    resolve: &dyn Fn(&LinkTarget) -> Option<String>,
) -> Rendered {
    let mut out = Rendered::default();
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut heading: Option<HeadingBuffer<'_>> = None;
    let mut raw = raw_html::RawHtml::new(options.allow_html);
    let mut external = Vec::new();
    for (event, range) in Parser::new_ext(body, parser_options(options)).into_offset_iter() {
        raw.observe(&event, range.start);
        let event = transform(
            event,
            range.start,
            options,
            resolve,
            &mut out,
            &mut external,
        );
        match (&mut heading, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }),
            ) => {
                heading = Some(HeadingBuffer {
                    level,
                    explicit_id: id.map(|i| i.into_string()),
                    classes,
                    attrs,
                    offset: range.start,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            (Some(_), Event::End(TagEnd::Heading(_))) => {
                items.push(Item::Heading(heading.take().expect("inside a heading")));
            }
            (Some(h), event) => {
                if let Event::Text(t) | Event::Code(t) = &event {
                    h.text.push_str(t);
                }
                h.events.push(event);
            }
            (None, event) => items.push(Item::Event(event)),
        }
    }
    raw.finish();
    let events = ids::assign(items, reserved, &raw.ids, &mut out);
    out.html.reserve(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if raw.seen && !options.unsafe_allow_scripts {
        out.html = html_policy::clean(&out.html);
        warn_removed(&raw, &external, &mut out);
    }
    // Kept for the whole build: give back what the string grew by but does not use.
    out.html.shrink_to_fit();
    out.text = crate::text::body::body_text(&out.html);
    for link in &mut out.links {
        link.pos = crate::diag::line_col(body, link.offset);
    }
    for problem in &mut out.problems {
        problem.pos = crate::diag::line_col(body, problem.offset);
    }
    out
}

/// A warning for everything the sanitiser removes from a page with raw HTML: what its raw HTML
/// holds that is not kept, and a Markdown link or image whose URL's scheme is not kept.
fn warn_removed(raw: &raw_html::RawHtml, external: &[(usize, bool, String)], out: &mut Rendered) {
    out.problems.extend(raw.removed.iter().cloned());
    for (offset, is_image, url) in external {
        let (element, attr, what) = match is_image {
            true => ("img", "src", "image"),
            false => ("a", "href", "link"),
        };
        if let Err(why) = html_policy::url(element, attr, url) {
            out.problems.push(
                Problem::new(Code::W0406, *offset)
                    .arg("what", what)
                    .arg("why", why.key())
                    .arg("scheme", why.scheme()),
            );
        }
    }
}

/// An event of the body, or a heading held back until every explicit id is known.
enum Item<'a> {
    Event(Event<'a>),
    Heading(HeadingBuffer<'a>),
}

struct HeadingBuffer<'a> {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    offset: usize,
    events: Vec<Event<'a>>,
    text: String,
}

impl<'a> HeadingBuffer<'a> {
    /// The heading's events with its id, recorded in `out`; `rewrite` is applied to the events
    /// inside the heading, as to those of the body (a footnote reference is numbered there).
    fn finish(
        self,
        id: String,
        out: &mut Rendered,
        rewrite: impl FnMut(Event<'a>) -> Event<'a>,
        events: &mut Vec<Event<'a>>,
    ) {
        out.headings.push(Heading {
            level: self.level as u8,
            id: id.clone(),
            title: self.text.trim().to_owned(),
        });
        events.push(Event::Start(Tag::Heading {
            level: self.level,
            id: Some(CowStr::from(id)),
            classes: self.classes,
            attrs: self.attrs,
        }));
        events.extend(self.events.into_iter().map(rewrite));
        events.push(Event::End(TagEnd::Heading(self.level)));
    }
}

/// Escapes raw HTML (unless allowed) and resolves link and image targets.
fn transform<'a>(
    event: Event<'a>,
    offset: usize,
    options: MarkdownOptions,
    resolve: &dyn Fn(&LinkTarget) -> Option<String>,
    out: &mut Rendered,
    external: &mut Vec<(usize, bool, String)>,
) -> Event<'a> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) if !options.allow_html => Event::Text(html),
        Event::Start(Tag::HtmlBlock) if !options.allow_html => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) if !options.allow_html => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = resolve_url(dest_url, offset, false, resolve, out, external);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = resolve_url(dest_url, offset, true, resolve, out, external);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

fn resolve_url<'a>(
    url: CowStr<'a>,
    offset: usize,
    is_image: bool,
    resolve: &dyn Fn(&LinkTarget) -> Option<String>,
    out: &mut Rendered,
    external: &mut Vec<(usize, bool, String)>,
) -> CowStr<'a> {
    if let Some(scheme) = unsafe_scheme(&url, is_image) {
        let what = if is_image {
            "markdown_image"
        } else {
            "markdown_link"
        };
        let why = if scheme == "data:" {
            "document"
        } else {
            "code"
        };
        out.problems.push(
            Problem::new(Code::E0402, offset)
                .arg("scheme", scheme)
                .arg("what", what)
                .arg("why", why),
        );
        return CowStr::from("#");
    }
    let Some(target) = classify(&url) else {
        external.push((offset, is_image, url.to_string()));
        return url;
    };
    let resolved = match &target {
        LinkTarget::Fragment(_) => Some(url.to_string()),
        _ => resolve(&target),
    };
    out.links.push(Link {
        target,
        offset,
        pos: (0, 0),
        resolved: resolved.is_some(),
        is_image,
    });
    match resolved {
        Some(u) => CowStr::from(u),
        None => url,
    }
}

/// Sorts a link destination; `None` for external URLs (with a scheme, or `//host/`), which are
/// left alone.
pub(crate) fn classify(url: &str) -> Option<LinkTarget> {
    let split = |s: &str| match s.split_once('#') {
        Some((p, a)) => (p.to_owned(), Some(a.to_owned())),
        None => (s.to_owned(), None),
    };
    if let Some(rest) = url.strip_prefix("@/") {
        let (path, anchor) = split(rest);
        return Some(LinkTarget::Internal { path, anchor });
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return Some(LinkTarget::Fragment(anchor.to_owned()));
    }
    if url.is_empty() || url.starts_with("//") || has_scheme(url) {
        return None;
    }
    if let Some(rest) = url.strip_prefix('/') {
        let (path, anchor) = split(rest);
        return Some(LinkTarget::Root { path, anchor });
    }
    let (path, anchor) = split(url);
    Some(LinkTarget::Relative { path, anchor })
}

/// The scheme of a URL that can run code when followed (`javascript:`, `vbscript:`) or carry a
/// document of its own (`data:`), if `url` has one. Browsers ignore case, and tabs, newlines and
/// leading spaces in a scheme, so this does too. An image may be `data:` in a raster format,
/// which cannot hold a script.
fn unsafe_scheme(url: &str, is_image: bool) -> Option<&'static str> {
    let folded: String = url
        .trim_start_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    let raster = [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
    ];
    if folded.starts_with("javascript:") {
        Some("javascript:")
    } else if folded.starts_with("vbscript:") {
        Some("vbscript:")
    } else if folded.starts_with("data:")
        && !(is_image && raster.iter().any(|r| folded.starts_with(r)))
    {
        Some("data:")
    } else {
        None
    }
}

/// `https:`, `mailto:`, `tel:`…: a scheme is letters, digits, `+-.` before the first `:`.
fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
