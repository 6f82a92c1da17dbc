//! The URLs of pages left out of the build, found in published text however they are written:
//! `https://Host:443/sub/internal/plan/`, `http://user@host/…`, `//host/…`, `/sub/internal/plan/`
//! or `/internal/plan/` (with the base path or without), `../internal/plan/` in an attribute,
//! `\internal\plan\`, decoded first from references and escapes by the caller.
//!
//! Part of [`super`]. Each left-out URL that no other left-out URL contains is looked for by its
//! last segment (any case); around each occurrence, every place a URL could start is parsed
//! (scheme, user, host case, default port, dot segments, repeated slashes, `%XX`, NFC) and the
//! path compared, any case, with the left-out URLs.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use unicode_normalization::UnicodeNormalization;

use crate::load::config::BaseUrl;
use crate::model::publication::Unpublished;

/// A left-out page's URL found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The URL as written (decoded).
    pub(crate) written: String,
    /// Byte offset of its end in the text searched.
    pub(crate) at: usize,
    /// The left-out page (content path) and why it is left out.
    pub(crate) content_path: String,
    pub(crate) why: Unpublished,
}

/// The left-out URLs, ready to be looked for.
#[derive(Debug)]
pub(crate) struct Withheld {
    /// URL under the site root, lower case (`internal/plan/`) → content path and reason.
    urls: HashMap<String, (String, Unpublished)>,
    /// Their last segments, lower case: what [`Self::segments`] looks for.
    pub(crate) last_segments: Vec<String>,
    pub(crate) segments: AhoCorasick,
    /// Each URL's path from the site's root, base path included (`/sub/internal/plan`),
    /// folded as the gate folds text, without its last `/`: looked for anywhere in folded text.
    paths: AhoCorasick,
    /// For each of [`Self::paths`], the left-out page.
    path_pages: Vec<(String, Unpublished)>,
    scheme: String,
    host: String,
    port: Option<u16>,
    /// The base path's segments.
    base: Vec<String>,
}

impl Withheld {
    /// The URLs of `left_out` (page URL → content path, reason) that the barrier looks for:
    /// withheld pages and drafts left out, not broken pages. `None` if there are none.
    pub(crate) fn new(
        base: &BaseUrl,
        left_out: &HashMap<String, (String, Unpublished)>,
    ) -> Option<Withheld> {
        let mut urls: Vec<(String, &(String, Unpublished))> = left_out
            .iter()
            .filter(|(url, (_, why))| !url.is_empty() && *why != Unpublished::Broken)
            .map(|(url, v)| (normalise(url.split('/')).join("/") + "/", v))
            .filter(|(url, _)| url != "/")
            .collect();
        urls.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: HashMap<String, (String, Unpublished)> = HashMap::new();
        for (url, v) in urls {
            let covered = (1..url.len())
                .filter(|&i| url.as_bytes()[i - 1] == b'/')
                .any(|i| kept.contains_key(&url[..i]));
            if !covered {
                kept.insert(url, v.clone());
            }
        }
        if kept.is_empty() {
            return None;
        }
        let mut last_segments: Vec<String> = kept
            .keys()
            .map(|u| {
                u.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        last_segments.sort();
        last_segments.dedup();
        let segments = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&last_segments)
            .ok()?;
        let (scheme, authority) = base.origin().split_once("://").unwrap_or(("https", ""));
        let (host, port) = split_port(authority);
        let base_segments = normalise(base.path().split('/'));
        let (needles, path_pages): (Vec<String>, Vec<(String, Unpublished)>) = kept
            .iter()
            .map(|(url, page)| {
                let mut path = String::new();
                for segment in base_segments
                    .iter()
                    .map(String::as_str)
                    .chain(url.split('/'))
                {
                    if !segment.is_empty() {
                        path.push('/');
                        path.push_str(segment);
                    }
                }
                (folded(&path), page.clone())
            })
            .unzip();
        let paths = AhoCorasick::new(&needles).ok()?;
        Some(Withheld {
            urls: kept,
            last_segments,
            segments,
            paths,
            path_pages,
            scheme: scheme.to_owned(),
            host: host.to_ascii_lowercase(),
            port,
            base: base_segments,
        })
    }

    /// The left-out URLs' paths from the site's root (base path included) anywhere in `text`
    /// as a reader reads it: folded (NFKC, invisible characters dropped, spaces kept, then
    /// dropped too), lower case, `%XX` decoded: `www.example.go.jp/sub/internal/plan/` without
    /// a scheme, `…/inter` + U+200B + `nal/plan/`, `ｈｔｔｐｓ：／／…／ｉｎｔｅｒｎａｌ／ｐｌａｎ／`.
    pub(crate) fn find_folded(&self, text: &str, out: &mut Vec<Found>) {
        let mut readings = vec![folded(text), folded_compact(text)];
        for i in 0..readings.len() {
            if readings[i].contains('%') {
                let decoded = crate::text::escape::percent_decode_bytes(&readings[i]);
                let decoded = String::from_utf8_lossy(&decoded).into_owned();
                readings.push(folded(&decoded));
                readings.push(folded_compact(&decoded));
            }
        }
        for reading in &readings {
            for m in self.paths.find_overlapping_iter(reading) {
                let next = reading[m.end()..].chars().next();
                if next.is_some_and(|c| c.is_ascii_alphanumeric() || "-_~".contains(c)) {
                    continue;
                }
                let (content_path, why) = self.path_pages[m.pattern().as_usize()].clone();
                out.push(Found {
                    written: reading[m.range()].to_owned(),
                    at: 0,
                    content_path,
                    why,
                });
                return;
            }
        }
    }

    /// The left-out URLs in `text`. `relative` is the folder (under the site root, `teams/x/`)
    /// that relative URLs in it are resolved against, if they are (attribute values, code).
    pub(crate) fn find(&self, text: &str, relative: Option<&str>, out: &mut Vec<Found>) {
        for m in self.segments.find_overlapping_iter(text) {
            let (p, q) = (m.start(), m.end());
            let next = text[q..].chars().next();
            if next.is_some_and(|c| c.is_ascii_alphanumeric() || "-_~".contains(c)) {
                continue;
            }
            let start = token_start(text, p);
            let starts = (start..=p).filter(|&s| {
                text.is_char_boundary(s) && (s == start || starts_url(&text[..s], &text[s..]))
            });
            for s in starts {
                let relative = relative.filter(|_| s == start);
                if let Some(found) = self.resolve(&text[s..q], relative) {
                    out.push(Found {
                        written: text[s..q].to_owned(),
                        at: q,
                        content_path: found.0.clone(),
                        why: found.1.clone(),
                    });
                    break;
                }
            }
        }
    }

    /// The left-out page a URL (ending where the searched segment ends) leads to.
    fn resolve(&self, url: &str, relative: Option<&str>) -> Option<&(String, Unpublished)> {
        let url = url.replace('\\', "/");
        let lower = url.to_ascii_lowercase();
        let after_scheme = ["http:", "https:"]
            .iter()
            .find_map(|s| lower.starts_with(s).then(|| &url[s.len()..]));
        let path: Vec<String> = if let Some(rest) = after_scheme
            .or(Some(&url[..]))
            .filter(|r| r.starts_with("//"))
        {
            let rest = &rest[2..];
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !self.is_our_host(authority) {
                return None;
            }
            normalise(path.split('/'))
        } else if after_scheme.is_some() {
            return None;
        } else if url.starts_with('/') {
            normalise(url.split('/'))
        } else {
            let folder = relative?;
            let joined = format!("{}/{folder}/{url}", self.base.join("/"));
            normalise(joined.split('/'))
        };
        let under_base = path.strip_prefix(&self.base[..]);
        [under_base, Some(&path[..])]
            .into_iter()
            .flatten()
            .find_map(|p| self.lookup(p))
    }

    /// The left-out page whose URL a file published at `path` (under the output root, as
    /// `teams/plan/index.html`) is served at, or under.
    pub(crate) fn serves(&self, path: &str) -> Option<&(String, Unpublished)> {
        self.lookup(&normalise(path.replace('\\', "/").split('/')))
    }

    fn lookup(&self, path: &[String]) -> Option<&(String, Unpublished)> {
        let mut prefix = String::new();
        for segment in path {
            prefix.push_str(segment);
            prefix.push('/');
            if let Some(found) = self.urls.get(&prefix) {
                return Some(found);
            }
        }
        None
    }

    fn is_our_host(&self, authority: &str) -> bool {
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let (host, port) = split_port(host_port);
        let default = match self.scheme.as_str() {
            "http" => 80,
            _ => 443,
        };
        let port_ok = match port {
            None => true,
            Some(p) => p == 80 || p == 443 || Some(p) == self.port || p == default,
        };
        port_ok && host.trim_end_matches('.').eq_ignore_ascii_case(&self.host)
    }
}

fn split_port(authority: &str) -> (&str, Option<u16>) {
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (host, port.parse().ok()),
        _ => (authority, None),
    }
}

/// `text` folded as the gate folds it (spaces kept), in lower case.
fn folded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::gate::fold::fold(text, true, |c, _| out.extend(c.to_lowercase()));
    out
}

/// [`folded`] without spaces and line breaks (a URL broken over two lines).
fn folded_compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::gate::fold::fold(text, false, |c, _| out.extend(c.to_lowercase()));
    out
}

/// A path's segments: `%XX` decoded, NFC, lower case, `.` and empty ones dropped, `..` applied.
fn normalise<'a>(segments: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in segments {
        let s = s.split(['?', '#']).next().unwrap_or("");
        let decoded = String::from_utf8_lossy(&crate::text::escape::percent_decode_bytes(s))
            .nfc()
            .collect::<String>()
            .to_lowercase();
        match decoded.as_str() {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(decoded),
        }
    }
    out
}

/// Where the piece of text that holds byte `p` starts: after whitespace, quotes, brackets or
/// Japanese punctuation.
fn token_start(text: &str, p: usize) -> usize {
    text[..p]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || "\"'`<>()[]{}|^、。「」『』（）【】：，".contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Whether a URL may start between `before` and `after`: at a scheme, or a `/` that is not
/// the second of `//`, nor right after a `:` or an ASCII letter or digit (inside a path).
fn starts_url(before: &str, after: &str) -> bool {
    let lower = after
        .get(..5)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if lower.starts_with("http:") || lower.starts_with("https") {
        return !before.ends_with(|c: char| c.is_ascii_alphanumeric());
    }
    after.starts_with('/')
        && !before.ends_with(|c: char| c == '/' || c == ':' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn withheld() -> Withheld {
        let base = BaseUrl::parse("https://www.example.go.jp/sub/").unwrap();
        let left_out = HashMap::from([
            (
                "internal/plan/".to_owned(),
                ("internal/plan.md".to_owned(), Unpublished::Withheld),
            ),
            (
                "internal/".to_owned(),
                ("internal/_index.md".to_owned(), Unpublished::Withheld),
            ),
            (
                "teams/docs/".to_owned(),
                ("teams/docs.md".to_owned(), Unpublished::Withheld),
            ),
        ]);
        Withheld::new(&base, &left_out).unwrap()
    }

    fn found(text: &str, relative: Option<&str>) -> Vec<String> {
        let w = withheld();
        let mut out = Vec::new();
        w.find(text, relative, &mut out);
        out.into_iter().map(|f| f.written).collect()
    }

    #[test]
    fn every_spelling_of_the_url_is_found() {
        for text in [
            "/internal/plan/",
            "/sub/internal/plan/",
            "https://www.example.go.jp/sub/internal/plan/",
            "HTTPS://WWW.Example.GO.jp:443/sub/internal/plan/",
            "http://user:pw@www.example.go.jp:80/sub/internal/plan/",
            "//www.example.go.jp/sub/internal/plan",
            "参照：/internal/plan/を参照",
            "/sub//internal/./x/../plan/",
            "\\internal\\plan\\",
            "/Teams/Docs/",
            "/teams/docs.html",
        ] {
            assert!(!found(text, None).is_empty(), "{text}");
        }
        assert_eq!(found("../docs/", Some("teams/x")), vec!["../docs"]);
        assert_eq!(
            found("../../teams/docs/", Some("teams/x")),
            vec!["../../teams/docs"]
        );
    }

    #[test]
    fn other_urls_are_not() {
        for text in [
            "https://other.example/internal/plan/",
            "/internals/",
            "/teams/docsx/",
            "a/teams/docs/",
            "docs/",
            "https://www.example.go.jp:8443/teams/docs/",
        ] {
            assert!(found(text, None).is_empty(), "{text}");
        }
        assert!(found("../docs/", Some("issues/x")).is_empty());
    }

    /// A file written at a withheld page's URL (or under it), however its path is spelled,
    /// publishes that page; files beside it do not.
    #[test]
    fn a_file_at_a_withheld_pages_url_is_found_by_its_path() {
        let w = withheld();
        for path in [
            "teams/docs/index.html",
            "Teams/DOCS/index.html",
            "teams//docs/./index.html",
            "teams/%64ocs/index.html",
            "teams\\docs\\index.html",
            "teams/docs/x/report.pdf",
            "internal/plan/index.html",
        ] {
            assert!(w.serves(path).is_some(), "{path}");
        }
        for path in [
            "teams/index.html",
            "teams/docs2/index.html",
            "teams/docs.html.bak",
        ] {
            assert!(w.serves(path).is_none(), "{path}");
        }
    }
}
