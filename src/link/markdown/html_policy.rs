//! What raw HTML may hold once published: the elements and attributes an office page needs,
//! and URLs of a few schemes. The one list both for ammonia, which cleans the HTML, and for
//! the warnings that tell the author what was removed and why ([`super::raw_html`]).
//!
//! Part of the link step's Markdown rendering. With `markdown.allow_html: true`, a page whose
//! Markdown holds raw HTML has its whole rendered body cleaned by ammonia (a maintained
//! sanitiser on html5ever, the HTML standard's parser): cleaning the raw fragments one by one
//! cannot work, because Markdown splits inline HTML into separate tags (`<span>`, text,
//! `</span>`) and a block may open an element that Markdown content then fills. So the list
//! allows what the Markdown renderer itself writes too (headings with their ids, footnotes,
//! task-list checkboxes, aligned table cells), and a page without raw HTML is left as the
//! renderer wrote it. Scripts (`<script>`, `on*=` handlers, `javascript:` and other schemes in
//! any spelling, `<svg>`, `<iframe>`, `<object>`, `<base>`, `<meta>`, forms, `style`) never
//! pass; `data:` is kept only for an image in a raster format, as for Markdown images.

use std::collections::{HashMap, HashSet};

use ammonia::url::{ParseError, Url};

/// Attributes every kept element may have.
const GENERIC: &[&str] = &["id", "class", "lang", "title", "dir"];

/// Elements kept, each with the attributes it may have besides [`GENERIC`].
const ELEMENTS: &[(&str, &[&str])] = &[
    // What the Markdown renderer writes.
    ("p", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("blockquote", &[]),
    ("pre", &[]),
    ("code", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("hr", &[]),
    ("br", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["scope", "colspan", "rowspan", "headers", "style"]),
    ("td", &["colspan", "rowspan", "headers", "style"]),
    ("input", &["type", "checked", "disabled"]),
    ("sup", &[]),
    ("div", &[]),
    // What an office page needs besides.
    ("caption", &[]),
    ("colgroup", &["span"]),
    ("col", &["span"]),
    ("tfoot", &[]),
    ("details", &["open"]),
    ("summary", &[]),
    ("abbr", &[]),
    ("ruby", &[]),
    ("rt", &[]),
    ("rp", &[]),
    ("dl", &[]),
    ("dt", &[]),
    ("dd", &[]),
    ("figure", &[]),
    ("figcaption", &[]),
    ("sub", &[]),
    ("span", &[]),
    ("b", &[]),
    ("i", &[]),
    ("u", &[]),
    ("s", &[]),
    ("small", &[]),
    ("mark", &[]),
    ("q", &[]),
    ("cite", &[]),
    ("dfn", &[]),
    ("kbd", &[]),
    ("samp", &[]),
    ("var", &[]),
    ("time", &["datetime"]),
    ("ins", &[]),
    ("wbr", &[]),
    ("address", &[]),
    ("section", &[]),
];

/// Elements removed with everything in them (their content is code, not text).
const DROPPED_WITH_CONTENT: &[&str] = &["script", "style"];

/// URL schemes kept; a relative URL is kept too.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Raster image types that a `data:` image may have: none can hold a script.
const RASTER: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// What happens to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ElementRule {
    /// Kept.
    Kept,
    /// The tags removed, the text inside kept.
    Unwrapped,
    /// Removed with everything inside.
    Dropped,
}

/// What happens to an element named `name` (lowercase).
pub(crate) fn element(name: &str) -> ElementRule {
    if DROPPED_WITH_CONTENT.contains(&name) {
        ElementRule::Dropped
    } else if ELEMENTS.iter().any(|(e, _)| *e == name) {
        ElementRule::Kept
    } else {
        ElementRule::Unwrapped
    }
}

/// Why an element is not kept: a key of the catalogue's `element` phrases.
pub(crate) fn element_reason(name: &str) -> &'static str {
    match name {
        "script" => "script",
        "style" => "style",
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal" => "embeds",
        "svg" | "math" => "svg",
        "base" | "meta" | "link" | "head" | "html" | "body" | "title" => "head",
        "form" | "button" | "select" | "option" | "textarea" | "fieldset" | "label" | "output"
        | "datalist" => "forms",
        "noscript" | "template" | "slot" => "hidden",
        _ => "other",
    }
}

/// Why an attribute is removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Removed {
    /// An event handler (`onclick`…).
    Handler,
    /// An inline style (other than a table cell's alignment).
    Style,
    /// A URL with a scheme not kept (`javascript:`, `data:` other than a raster image…).
    Scheme(String),
    /// A value that is not a URL at all.
    NotAUrl,
    /// A value not allowed for this attribute (an `<input>` that is not a checkbox).
    Value,
    /// Not among the attributes kept for this element.
    NotKept,
}

impl Removed {
    /// Why: a key of the catalogue's `removed` phrases.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Removed::Handler => "handler",
            Removed::Style => "style",
            Removed::Scheme(_) => "scheme",
            Removed::NotAUrl => "not_a_url",
            Removed::Value => "value",
            Removed::NotKept => "not_kept",
        }
    }

    /// The scheme of a URL that is not kept (`javascript`), else nothing.
    pub(crate) fn scheme(&self) -> &str {
        match self {
            Removed::Scheme(s) => s,
            _ => "",
        }
    }
}

/// Whether an attribute holds a URL (as ammonia decides it for the elements kept here).
fn is_url_attribute(name: &str) -> bool {
    matches!(name, "href" | "src")
}

/// Whether the attribute `name="value"` of a kept `element` is kept, or why not.
pub(crate) fn attribute(element: &str, name: &str, value: &str) -> Result<(), Removed> {
    if name.starts_with("on") {
        return Err(Removed::Handler);
    }
    if name == "style" {
        return match matches!(element, "th" | "td") && is_cell_alignment(value) {
            true => Ok(()),
            false => Err(Removed::Style),
        };
    }
    let own = ELEMENTS
        .iter()
        .find(|(e, _)| *e == element)
        .is_some_and(|(_, attrs)| attrs.contains(&name));
    if !own && !GENERIC.contains(&name) {
        return Err(Removed::NotKept);
    }
    if is_url_attribute(name) {
        return url(element, name, value);
    }
    if element == "input" && name == "type" && !value.eq_ignore_ascii_case("checkbox") {
        return Err(Removed::Value);
    }
    Ok(())
}

/// The alignment the Markdown renderer writes on a table cell: `text-align: center`.
fn is_cell_alignment(value: &str) -> bool {
    value
        .trim()
        .trim_end_matches(';')
        .strip_prefix("text-align:")
        .is_some_and(|a| matches!(a.trim(), "left" | "center" | "right"))
}

/// Whether a URL in `element`'s `name` is kept. The URL is parsed as a browser parses it (the
/// WHATWG URL standard, as ammonia does): entities are already decoded, and tabs and line
/// breaks inside a scheme, leading spaces and control characters, and upper case are all
/// undone, so `JaVa&#x09;Script:` is `javascript:`.
pub(crate) fn url(element: &str, name: &str, value: &str) -> Result<(), Removed> {
    match Url::parse(value) {
        Ok(u) if SCHEMES.contains(&u.scheme()) => Ok(()),
        Ok(u) if u.scheme() == "data" && element == "img" && name == "src" => {
            let kind = u.path().split([';', ',']).next().unwrap_or("");
            match RASTER.contains(&kind.to_ascii_lowercase().as_str()) {
                true => Ok(()),
                false => Err(Removed::Scheme("data".to_owned())),
            }
        }
        Ok(u) => Err(Removed::Scheme(u.scheme().to_owned())),
        Err(ParseError::RelativeUrlWithoutBase) => Ok(()),
        Err(_) => Err(Removed::NotAUrl),
    }
}

/// Cleans `html` (a page's rendered body) to the list above.
pub(crate) fn clean(html: &str) -> String {
    let tags: HashSet<&str> = ELEMENTS.iter().map(|(e, _)| *e).collect();
    let tag_attributes: HashMap<&str, HashSet<&str>> = ELEMENTS
        .iter()
        .map(|(e, attrs)| (*e, attrs.iter().copied().collect()))
        .collect();
    let mut schemes: HashSet<&str> = SCHEMES.iter().copied().collect();
    // Let `data:` through ammonia's own check: the filter keeps it for raster images only.
    schemes.insert("data");
    ammonia::Builder::empty()
        .tags(tags)
        .tag_attributes(tag_attributes)
        .generic_attributes(GENERIC.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, name, value| {
            attribute(element, name, value)
                .ok()
                .map(|()| std::borrow::Cow::Borrowed(value))
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_markdown_renderer_writes_is_kept_as_it_is() {
        for html in [
            "<h2 id=\"目標\">目標</h2>",
            "<p><a href=\"/iryou-innovation/teams/x/#a\" title=\"t\">x</a></p>",
            "<p><img src=\"a.png\" alt=\"図\" title=\"t\"></p>",
            "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead><tbody><tr><td style=\"text-align: right\">1</td></tr></tbody></table>",
            "<ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">作業</li></ul>",
            "<p>注<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup></p><div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup><p>注記</p></div>",
            "<pre><code class=\"language-rust\">fn main() {}</code></pre>",
            "<ol start=\"3\"><li><del>x</del> <em>y</em> <strong>z</strong> <code>c</code></li></ol><hr><blockquote><p>q</p></blockquote>",
            "<p><a href=\"mailto:a@example.go.jp\">m</a> <a href=\"tel:03-0000-0000\">t</a> <a href=\"https://www.example.go.jp/\">h</a></p>",
        ] {
            let cleaned = clean(html);
            let norm = |s: &str| {
                let mut attrs: Vec<&str> = s.split(['<', '>', ' ']).collect();
                attrs.sort();
                attrs.join(" ")
            };
            assert_eq!(norm(&cleaned), norm(html), "{html}\n{cleaned}");
        }
    }

    #[test]
    fn scripts_in_every_spelling_are_removed() {
        for (html, gone) in [
            ("<script>alert(1)</script>", "alert"),
            ("<img src=x onerror=alert(1)>", "onerror"),
            ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "alert"),
            ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "alert"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "alert"),
            ("<a href=\" \u{1}javascript:alert(1)\">x</a>", "alert"),
            ("<a href=\"java\nscript:alert(1)\">x</a>", "alert"),
            ("<svg onload=alert(1)><circle/></svg>", "onload"),
            ("<iframe src=\"https://x/\"></iframe>", "iframe"),
            ("<a href=\"data:text/html,<script>\">x</a>", "data:"),
            (
                "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
                "data:",
            ),
            (
                "<p style=\"background:url(javascript:alert(1))\">x</p>",
                "style",
            ),
            ("<base href=\"https://evil/\">", "base"),
            (
                "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
                "refresh",
            ),
            (
                "<form action=\"https://evil/\"><input type=text name=q></form>",
                "form",
            ),
        ] {
            let cleaned = clean(html);
            assert!(!cleaned.contains(gone), "{html} → {cleaned}");
        }
        assert!(
            clean("<img src=\"data:image/png;base64,iVBOR\" alt=\"x\">").contains("data:image/png")
        );
    }
}
