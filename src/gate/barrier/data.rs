//! `data:` URIs, decoded: an `<img src="data:image/svg+xml;base64,…">`, a CSS
//! `url(data:…)` or a Markdown image whose PNG is written into the page carries a whole file
//! whose text no byte of the page shows. [`find`] gives each URI's media type and bytes
//! (base64 as browsers decode it, forgivingly; otherwise `%XX` decoded), and the barrier reads
//! them as a published file of that type, images through the attachments' image reader.
//!
//! Part of [`super`]. A text that holds `data:` ([`must_read`], with the other texts the
//! prefilter cannot clear) is always read in full.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// One `data:` URI: its media type (lower case, `text/plain` if none) and its bytes, or
/// `None` if they cannot be decoded.
#[derive(Debug, PartialEq)]
pub(crate) struct Data {
    pub(crate) media: String,
    pub(crate) bytes: Option<Vec<u8>>,
}

/// What makes a text worth reading in full whatever the prefilter says: `data:` (a file
/// inside), `<!ENTITY` (text assembled by the XML parser), `content` (CSS strings joined).
static HIDERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["data:", "<!entity", "content"])
        .ok()
});

/// Whether `bytes` may hide text the prefilter cannot see (see [`HIDERS`]); `content` only
/// when a `:` follows it.
pub(crate) fn must_read(bytes: &[u8]) -> bool {
    let Some(ac) = HIDERS.as_ref() else {
        return true;
    };
    ac.find_iter(bytes).any(|m| {
        m.pattern().as_usize() != 2
            || bytes[m.end()..]
                .iter()
                .find(|b| !b.is_ascii_whitespace() && **b != b'\\')
                .is_some_and(|&b| b == b':' || b == b'/')
    })
}

/// Every `data:` URI in `text`; a text that `whole` is a URL (an attribute's value) is one
/// to its end, whitespace included (a browser drops it).
pub(crate) fn find(text: &str, whole: bool) -> Vec<Data> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find("data:") {
        let at = from + p;
        from = at + 5;
        let before = lower[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '\\')) {
            continue;
        }
        let Some(comma) = lower[from..].find(',').map(|c| from + c) else {
            continue;
        };
        let header = &lower[from..comma];
        let media_like = header.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '/' | '+' | '.' | ';' | '=' | '-' | '_' | ' ')
        });
        if !media_like || header.len() > 200 {
            continue;
        }
        let rest = &text[comma + 1..];
        let whole = whole && lower[..at].trim().is_empty();
        let end = match whole {
            true => rest.len(),
            false => rest
                .find(|c: char| {
                    matches!(c, '"' | '\'' | '(' | ')' | '<' | '>' | '\\') || c.is_whitespace()
                })
                .unwrap_or(rest.len()),
        };
        out.push(decode(header, &rest[..end]));
        from = comma + 1 + end;
    }
    out
}

fn decode(header: &str, payload: &str) -> Data {
    let media = header.split(';').next().unwrap_or("").trim();
    let media = if media.is_empty() {
        "text/plain"
    } else {
        media
    };
    let base64 = header
        .rsplit(';')
        .next()
        .is_some_and(|p| p.trim() == "base64");
    let bytes = crate::text::escape::percent_decode_bytes(payload);
    Data {
        media: media.to_owned(),
        bytes: if base64 {
            forgiving_base64(&bytes)
        } else {
            Some(bytes)
        },
    }
}

/// Base64 as the WHATWG "forgiving-base64 decode" reads it: ASCII whitespace dropped, the
/// `=` padding optional; anything else not of the alphabet makes it unreadable.
fn forgiving_base64(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut data: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if data.len().is_multiple_of(4) {
        for _ in 0..2 {
            if data.last() == Some(&b'=') {
                data.pop();
            }
        }
    }
    if data.len() % 4 == 1 {
        return None;
    }
    let value = |b: u8| -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= value(b)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_uris_are_decoded_as_browsers_decode_them() {
        let found = find(
            "a{background:url(data:image/svg+xml;base64,PHN2Zz4=)} b",
            false,
        );
        assert_eq!(found[0].media, "image/svg+xml");
        assert_eq!(found[0].bytes.as_deref(), Some(&b"<svg>"[..]));
        let found = find("data:,%E6%A9%9F", true);
        assert_eq!(found[0].bytes.as_deref(), Some("機".as_bytes()));
        let found = find("DATA:text/html;BASE64,PH N2\nZz4", true);
        assert_eq!(found[0].bytes.as_deref(), Some(&b"<svg>"[..]));
        assert_eq!(find("data:;base64,@@@@", true)[0].bytes, None);
        assert!(find("metadata: x, y", false).is_empty());
        assert!(must_read(b"a { content : 'x' }") && !must_read(b"<meta content=\"x\">"));
    }
}
