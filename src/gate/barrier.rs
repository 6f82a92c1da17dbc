//! The publish gate's last barrier: every file about to be published, read as a browser or a
//! crawler would read it, before the new output is swapped in.
//!
//! The checks of the sources (the gate's line scan, the rendered page text) give the best line
//! numbers, but a source can spell the same text many ways, and templates, static files and
//! site.yaml put text on pages too. So the render step hands every file it produces (and every
//! file it copies) to a [`Barrier`] as it writes it, in its worker threads (`render::gated::Gated`), and the
//! build fails, with the previous output untouched, if any holds:
//!
//! - a marking above 機密性1, a handling word or stamp, or a placeholder (the gate's rules, on
//!   text folded: NFKC, invisible characters, spaces and line breaks dropped);
//! - the URL of a page left out of the build ([`urls`]), however it is written;
//!
//! in its text and attribute values, comments, scripts and styles (HTML, XML and SVG through a
//! WHATWG tokenizer, [`markup`]), any other text file whatever its name (JSON, JavaScript,
//! CSS, plain text), the text runs of binary files, and its path; each read as written and as
//! each reader decodes it ([`decode`]: references, `%XX`, backslash escapes; again for double
//! encodings). An `allow:` entry of a published page lets its exact string through (not a
//! marking): a title travels to lists, the feed and the search index.
//!
//! The cost is a single pass of a [`super::prefilter`] over each file's bytes: only files it
//! cannot clear are read in full.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::fold::Folded;
use super::prefilter::{self, Mode};
use super::rules::{self, Scope};
use super::{FindingKind, kind, normalise, rule_name};
use crate::load::config::BaseUrl;
use crate::model::finding::RuleName;
use crate::model::publication::Publication;

mod bidi;
mod css;
mod data;
pub(crate) mod decode;
mod entities;
mod hidden;
pub(crate) mod markup;
pub(crate) mod origin;
mod urls;

use markup::{Kind, Segment};

/// What the barrier found in a file about to be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte offset in the file of the piece of text it is in (`None`: in the file's path).
    pub(crate) at: Option<usize>,
    /// What was found, as it reads once decoded.
    pub(crate) token: String,
    pub(crate) what: What,
}

/// Which rule a [`Found`] breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum What {
    /// A rule of the gate, and which.
    Rule(FindingKind, RuleName),
    /// The URL of a page left out of the build: its content path and why.
    Url(String, crate::model::publication::Unpublished),
    /// Text the barrier refuses to publish because it cannot read it as a browser shows it.
    Refused(Refusal),
}

/// Why the barrier refuses a text it cannot read as a browser shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A bidirectional control (U+202E…), which shows the text after it reordered.
    Bidi,
    /// XML entities that expand without bounds.
    Entities,
    /// A `data:` URI whose contents cannot be decoded or read (or nest too deep).
    Data,
}

/// What one build's barrier read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Files read (every file written or copied).
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Files the prefilter could not clear, read in full.
    pub read_in_full: usize,
    /// Time spent in the barrier, added up over the threads that ran it.
    pub cpu: Duration,
}

/// The barrier of one build.
#[derive(Debug)]
pub(crate) struct Barrier {
    withheld: Option<urls::Withheld>,
    extra: Option<prefilter::Extra>,
    /// What published pages `allow:` (normalised): allowed in every published file.
    allowed: HashSet<String>,
    /// Whether the prefilter spares what it clears (always, but in the test that checks it).
    prefilter: bool,
    files: AtomicUsize,
    bytes: AtomicU64,
    full: AtomicUsize,
    nanos: AtomicU64,
}

impl Barrier {
    /// The barrier for a site whose pages left out of the build are in `publication`, and
    /// whose published pages allow `allowed`.
    pub(crate) fn new<'a>(
        base: &BaseUrl,
        publication: &Publication,
        allowed: impl Iterator<Item = &'a str>,
    ) -> Barrier {
        let withheld = urls::Withheld::new(base, &publication.left_out_urls);
        let extra = withheld.as_ref().map(|w| {
            let mut chars: Vec<char> = w.last_segments.iter().flat_map(|s| s.chars()).collect();
            chars.sort_unstable();
            chars.dedup();
            prefilter::Extra {
                segments: Some(w.segments.clone()),
                chars,
            }
        });
        Barrier {
            withheld,
            extra,
            allowed: allowed.map(normalise).filter(|a| !a.is_empty()).collect(),
            prefilter: true,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            full: AtomicUsize::new(0),
            nanos: AtomicU64::new(0),
        }
    }

    /// What was read so far.
    pub(crate) fn stats(&self) -> ScanStats {
        ScanStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            read_in_full: self.full.load(Ordering::Relaxed),
            cpu: Duration::from_nanos(self.nanos.load(Ordering::Relaxed)),
        }
    }

    /// Everything the gate forbids in the file about to be published at `path` (under the
    /// output root) with these bytes.
    pub(crate) fn scan(&self, path: &str, bytes: &[u8]) -> Vec<Found> {
        let start = Instant::now();
        let out = self.read(path, bytes, self.prefilter);
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        out
    }

    /// The same barrier without its prefilter: it reads everything in full (for testing that
    /// the prefilter never spares what the full scan finds).
    #[cfg(test)]
    pub(crate) fn without_prefilter(mut self) -> Barrier {
        self.prefilter = false;
        self
    }

    /// The path, then the bytes (and, after a UTF-16 byte-order mark, the text they encode
    /// too), each through the prefilter first if `prefilter`.
    fn read(&self, path: &str, bytes: &[u8], prefilter: bool) -> Vec<Found> {
        let mut out = Vec::new();
        self.scan_path(path, &mut out);
        if let Some(text) = utf16(bytes) {
            self.read_bytes(path, text.as_bytes(), prefilter, 0, &mut out);
        }
        self.read_bytes(path, bytes, prefilter, 0, &mut out);
        let mut seen = HashSet::new();
        out.retain(|f| !self.is_allowed(f) && seen.insert((f.at.is_none(), f.token.clone())));
        out
    }

    fn read_bytes(
        &self,
        path: &str,
        bytes: &[u8],
        prefilter: bool,
        nest: usize,
        out: &mut Vec<Found>,
    ) {
        // Read as text first (which stops at more than read as binary): most files are
        // cleared at once. Text is decided by content: control characters (other than tab,
        // line breaks and form feed) in the first 8 KiB make a file binary, as invalid UTF-8
        // anywhere does.
        let extra = self.extra.as_ref();
        let must = data::must_read(bytes);
        if prefilter && !must && !prefilter::may_match(bytes, Mode::Text, extra) {
            return;
        }
        let head = &bytes[..bytes.len().min(8192)];
        let binary = head
            .iter()
            .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) || b == 0x7F);
        if prefilter && binary && !must && !prefilter::may_match(bytes, Mode::Binary, extra) {
            return;
        }
        self.full.fetch_add(1, Ordering::Relaxed);
        self.scan_content(path, bytes, binary, nest, out);
    }

    /// Whether a piece of text may hold anything the barrier looks for (the prefilter, with
    /// the withheld URLs).
    fn may_match(&self, piece: &[u8]) -> bool {
        !self.prefilter
            || data::must_read(piece)
            || prefilter::may_match(piece, Mode::Text, self.extra.as_ref())
    }

    fn is_allowed(&self, found: &Found) -> bool {
        match &found.what {
            What::Rule(kind, _) => {
                kind.allowable() && self.allowed.contains(&normalise(&found.token))
            }
            What::Url(..) | What::Refused(_) => false,
        }
    }

    /// Markings in a path (a file or folder named `【機密性2情報】計画`) become URLs everywhere.
    fn scan_path(&self, path: &str, out: &mut Vec<Found>) {
        let scope = Scope {
            ascii: false,
            ..Scope::ALL
        };
        for variant in decode::variants(path) {
            rule_hits(&variant, scope, None, false, out);
            hidden::bidi(&variant, None, out);
        }
        // A file at a left-out page's URL publishes that page, whatever it holds.
        if let Some((content_path, why)) = self.withheld.as_ref().and_then(|w| w.serves(path)) {
            out.push(Found {
                at: None,
                token: path.to_owned(),
                what: What::Url(content_path.clone(), why.clone()),
            });
        }
    }

    fn scan_content(
        &self,
        path: &str,
        bytes: &[u8],
        binary: bool,
        nest: usize,
        out: &mut Vec<Found>,
    ) {
        let text = std::str::from_utf8(bytes).ok().filter(|_| !binary);
        let Some(text) = text else {
            for (at, run) in text_runs(bytes) {
                let segment = Segment {
                    text: run.to_owned(),
                    at,
                    kind: Kind::Binary,
                };
                self.segment(&segment, "", 0, nest, out);
            }
            return;
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let markup = matches!(
            ext.as_str(),
            "html" | "htm" | "xhtml" | "xml" | "svg" | "atom" | "rss" | "xsl"
        ) || text.trim_start().starts_with('<');
        let segments = if markup {
            self.markup_segments(text, out)
        } else {
            let kind = match ext.as_str() {
                "css" => Kind::Style,
                "js" | "mjs" | "cjs" | "json" | "map" => Kind::Code,
                _ => Kind::PlainText,
            };
            vec![Segment {
                text: text.to_owned(),
                at: 0,
                kind,
            }]
        };
        for segment in &segments {
            self.segment(segment, folder, 0, nest, out);
        }
    }

    /// One piece of a file, in every reading; markup found inside it once decoded (HTML in a
    /// feed's `<content>`, in a JSON string, `&lt;b&gt;`) is read as markup too: inside one
    /// text token, attribute or script, not a block's joined text (which would join tokens
    /// across the tags between them a second time). What a browser assembles from it
    /// ([`hidden`]) is read too, `nest` `data:` URIs deep.
    fn segment(
        &self,
        segment: &Segment,
        folder: &str,
        depth: usize,
        nest: usize,
        out: &mut Vec<Found>,
    ) {
        let secrets_and_signs = Scope {
            ascii: false,
            ..Scope::ALL
        };
        let scope = match segment.kind {
            Kind::Text => secrets_and_signs,
            Kind::Token => Scope {
                secrets: false,
                signs: false,
                ascii: true,
            },
            Kind::ReadAttribute | Kind::PlainText => Scope::ALL,
            Kind::Attribute | Kind::Code | Kind::Style => secrets_and_signs,
            Kind::Binary => Scope {
                secrets: true,
                signs: false,
                ascii: false,
            },
        };
        let relative = matches!(
            segment.kind,
            Kind::Attribute | Kind::ReadAttribute | Kind::Code | Kind::Style
        )
        .then_some(folder);
        let exact = matches!(
            segment.kind,
            Kind::PlainText | Kind::Code | Kind::Style | Kind::Binary
        );
        for variant in decode::variants(&segment.text) {
            // Where the text is the file's own, as written, a hit's offset is known exactly.
            let written = exact && matches!(variant, std::borrow::Cow::Borrowed(_));
            rule_hits(&variant, scope, Some(segment.at), written, out);
            if segment.kind != Kind::Binary {
                hidden::bidi(&variant, Some(segment.at), out);
                self.hidden(&variant, segment, folder, nest, out);
            }
            if let Some(w) = &self.withheld {
                let mut found = Vec::new();
                if segment.kind != Kind::Text {
                    w.find(&variant, relative, &mut found);
                }
                // A page's path written out in text, in any spelling a reader reads as it.
                if found.is_empty() {
                    w.find_folded(&variant, &mut found);
                }
                out.extend(found.into_iter().map(|f| Found {
                    at: Some(segment.at),
                    token: f.written,
                    what: What::Url(f.content_path, f.why),
                }));
            }
            if depth < 2 && segment.kind != Kind::Text && variant.contains('<') {
                let keep = |piece: &[u8]| self.may_match(piece);
                for mut inner in markup::segments(&variant, &keep) {
                    inner.at = segment.at;
                    // A `<` among a binary file's bytes (compressed streams of a PDF) does not
                    // make what follows markup: its runs keep the binary file's rules, or
                    // random bytes such as `<=|XX<` would read as a placeholder.
                    if segment.kind == Kind::Binary {
                        inner.kind = Kind::Binary;
                    }
                    self.segment(&inner, folder, depth + 1, nest, out);
                }
            }
        }
    }
}

/// The rules' hits in one text, which starts at byte `at` of the file (each hit at its own
/// offset when the text is the file's as `written`).
fn rule_hits(text: &str, scope: Scope, at: Option<usize>, written: bool, out: &mut Vec<Found>) {
    if !prefilter::may_match(text.as_bytes(), Mode::Text, None) {
        return;
    }
    let (compact, spaced) = Folded::both(text);
    for hit in rules::hits(&compact, &spaced, scope) {
        let token: String = compact.original[hit.start..hit.end].iter().collect();
        let offset: usize = match written {
            true => compact.original[..hit.start]
                .iter()
                .map(|c| c.len_utf8())
                .sum(),
            false => 0,
        };
        out.push(Found {
            at: at.map(|a| a + offset),
            what: What::Rule(kind(hit.rule), rule_name(hit.rule)),
            token,
        });
    }
}

/// A text with a UTF-16 byte-order mark, decoded.
fn utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|p| match little {
        true => u16::from_le_bytes([p[0], p[1]]),
        false => u16::from_be_bytes([p[0], p[1]]),
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

/// The runs of text in binary bytes (valid UTF-8 without control characters other than tab
/// and line breaks), with their offsets.
fn text_runs(bytes: &[u8]) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut rest = bytes;
    while !rest.is_empty() {
        let (valid, skip) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), 0),
            Err(e) => (
                e.valid_up_to(),
                e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
            ),
        };
        let text = std::str::from_utf8(&rest[..valid]).unwrap_or("");
        let mut at = 0;
        for piece in text.split(|c: char| c.is_control() && !c.is_ascii_whitespace()) {
            if piece.chars().nth(1).is_some() {
                out.push((offset + at, piece));
            }
            at += piece.len() + 1;
        }
        offset += valid + skip;
        rest = &rest[valid + skip..];
    }
    out
}

#[cfg(test)]
mod tests;
