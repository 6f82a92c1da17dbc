//! The one HTML tag scanner: tags with their attributes, and the text between them.
//!
//! Every reader of HTML in the build uses it: the link step (which files a page links), the
//! accessibility checks of `office-site check`, the page text that the search index and the gate
//! read, and the ids a theme's templates give their own elements. The HTML comes from our own
//! templates and pulldown-cmark (and raw HTML where a site allows it), so a small scanner is
//! enough: it reads tags, attributes and text, and skips comments, declarations
//! (`<!DOCTYPE>`) and the contents of `<script>` and `<style>`. It reads `<!-->` as an empty
//! comment and does not end a tag at a `>` inside a quoted value, as browsers do. What is
//! published is read again by the publish gate's barrier ([`crate::gate::barrier`]) through a
//! WHATWG tokenizer, which does not rely on this scanner.

use std::borrow::Cow;

/// A start or end tag.
#[derive(Debug)]
pub(crate) struct Tag<'a> {
    /// The tag's name, lower case.
    pub(crate) name: Cow<'a, str>,
    /// Whether it is an end tag (`</p>`).
    pub(crate) closing: bool,
    /// The text of its attributes, as written.
    pub(crate) attrs: &'a str,
    /// Byte offset of the `<` in the HTML.
    pub(crate) offset: usize,
}

impl<'a> Tag<'a> {
    /// The value of attribute `name` (ASCII, any case; empty for an attribute without a
    /// value), as written.
    pub(crate) fn attr(&self, name: &str) -> Option<&'a str> {
        self.attributes()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// Every attribute as (name as written, value as written), in order.
    pub(crate) fn attributes(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        let mut rest = self.attrs;
        std::iter::from_fn(move || {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len())
                .max(1);
            let name = &rest[..name_end];
            rest = &rest[name_end..];
            let Some(after) = rest.trim_start().strip_prefix('=') else {
                return Some((name, ""));
            };
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = next;
            Some((name, value))
        })
    }
}

/// A piece of HTML.
#[derive(Debug)]
pub(crate) enum Token<'a> {
    /// A start or end tag.
    Tag(Tag<'a>),
    /// Text between tags, character references not decoded.
    Text(&'a str),
}

/// Splits HTML into tags and text. The contents of `<script>` and `<style>` are skipped (their
/// start and end tags are kept), as are comments and declarations.
pub(crate) fn tokens(html: &str) -> impl Iterator<Item = Token<'_>> {
    let mut rest = html;
    let mut pending: Option<Token<'_>> = None;
    std::iter::from_fn(move || {
        if let Some(t) = pending.take() {
            return Some(t);
        }
        loop {
            if rest.is_empty() {
                return None;
            }
            let Some(lt) = rest.find('<') else {
                return Some(Token::Text(std::mem::take(&mut rest)));
            };
            let text = &rest[..lt];
            rest = &rest[lt..];
            let tag = next_tag(html, &mut rest);
            match (text.is_empty(), tag) {
                (true, Some(tag)) => return Some(tag),
                (true, None) => continue,
                (false, tag) => {
                    pending = tag;
                    return Some(Token::Text(text));
                }
            }
        }
    })
}

/// Reads the tag at the start of `rest` (which starts with `<`) and moves past it; `None` for a
/// comment or declaration. Without a `>`, the rest is text.
fn next_tag<'a>(html: &'a str, rest: &mut &'a str) -> Option<Token<'a>> {
    if let Some(after) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are empty comments (as the HTML spec reads them), not the start
        // of one that hides what follows.
        *rest = match after.strip_prefix('>').or_else(|| after.strip_prefix("->")) {
            Some(next) => next,
            None => after.find("-->").map_or("", |e| &after[e + 3..]),
        };
        return None;
    }
    let offset = html.len() - rest.len();
    let Some(gt) = tag_end(rest) else {
        return Some(Token::Text(std::mem::take(rest)));
    };
    let inner = &rest[1..gt];
    *rest = &rest[gt + 1..];
    if inner.starts_with('!') {
        return None;
    }
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let raw = &inner[..name_end];
    let name = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    if !closing && (name == "script" || name == "style") {
        let end = format!("</{name}");
        let found = rest
            .char_indices()
            .find(|&(i, _)| {
                rest.as_bytes()[i..]
                    .get(..end.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(end.as_bytes()))
            })
            .map(|(i, _)| i);
        *rest = found.map_or("", |e| &rest[e..]);
    }
    Some(Token::Tag(Tag {
        name,
        closing,
        attrs: &inner[name_end..],
        offset,
    }))
}

/// The byte offset of the `>` that ends the tag at the start of `rest`: not one inside a quoted
/// attribute value (`<img alt="a>b">`).
fn tag_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            b'=' => {
                let mut j = i + 1;
                while bytes.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
                    j += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = bytes.get(j) {
                    let close = bytes[j + 1..].iter().position(|&b| b == q)?;
                    i = j + 1 + close;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        tokens(html)
            .map(|t| match t {
                Token::Tag(t) => format!("{}{}", if t.closing { "/" } else { "" }, t.name),
                Token::Text(s) => format!("'{s}'"),
            })
            .collect()
    }

    #[test]
    fn tags_and_text_without_comments_scripts_or_styles() {
        assert_eq!(
            names(
                "<!DOCTYPE html><P>a<!-- <b> -->b</p><script>if (a<b) {}</SCRIPT><style>p>a{}</style>c<br/>d <e"
            ),
            vec![
                "p", "'a'", "'b'", "/p", "script", "/script", "style", "/style", "'c'", "br",
                "'d '", "'<e'"
            ]
        );
    }

    #[test]
    fn an_empty_comment_and_a_quoted_greater_than_sign_are_read_as_a_browser_does() {
        assert_eq!(
            names("<!-->機密性<!--->2<!-- x -->"),
            vec!["'機密性'", "'2'"]
        );
        assert_eq!(
            names("<p><img alt=\"a>b\" src='c>d'>後</p>"),
            vec!["p", "img", "'後'", "/p"]
        );
    }

    #[test]
    fn attributes_are_read_in_every_quoting() {
        fn t(html: &str) -> Tag<'_> {
            match tokens(html).next() {
                Some(Token::Tag(t)) => t,
                other => panic!("{other:?}"),
            }
        }
        let img = t(r#"<img src="a.png" ALT='b c' data-src="no.png" hidden width=3>"#);
        assert_eq!(img.attr("src"), Some("a.png"));
        assert_eq!(img.attr("alt"), Some("b c"));
        assert_eq!(img.attr("hidden"), Some(""));
        assert_eq!(img.attr("width"), Some("3"));
        assert_eq!(img.attr("data"), None);
        assert_eq!(t("<a data-id=\"x\">").attr("id"), None);
        assert_eq!(t("<a title=\" href=x\" href=y>").attr("href"), Some("y"));
        assert_eq!(t("<br/>").attributes().count(), 0);
        assert_eq!(t("<input disabled/>").attr("disabled"), Some(""));
    }
}
