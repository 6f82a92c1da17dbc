//! What a browser assembles from a file that no run of its bytes spells: text reordered by
//! bidirectional controls ([`super::bidi`], refused), XML internal entities
//! ([`super::entities`], expanded), files inside `data:` URIs ([`super::data`], decoded and
//! read as files of their type, nested up to [`NEST`] deep) and CSS generated content
//! ([`super::css`], its strings joined).
//!
//! Part of [`super`]: the barrier's reading of each file and piece of text calls these.

use super::markup::{self, Kind, Segment};
use super::{Barrier, Found, Refusal, What, bidi, css, data, entities};
use crate::load::attachments;
use crate::model::attachment::Format;

/// How many `data:` URIs deep (a file in a file in a file) the barrier reads.
const NEST: usize = 4;

/// A bidirectional control in `text` (at byte `at` of the file), as a refusal.
pub(super) fn bidi(text: &str, at: Option<usize>, out: &mut Vec<Found>) {
    if let Some(token) = bidi::find(text) {
        out.push(Found {
            at,
            token,
            what: What::Refused(Refusal::Bidi),
        });
    }
}

fn refuse(at: usize, token: String, why: Refusal, out: &mut Vec<Found>) {
    out.push(Found {
        at: Some(at),
        token,
        what: What::Refused(why),
    });
}

impl Barrier {
    /// The pieces of a markup text, and of the same text with its XML internal entities
    /// expanded (their offsets kept within the file).
    pub(super) fn markup_segments(&self, text: &str, out: &mut Vec<Found>) -> Vec<Segment> {
        let keep = |piece: &[u8]| self.may_match(piece);
        let mut segments = markup::segments(text, &keep);
        if !text.contains("<!ENTITY") {
            return segments;
        }
        match entities::expand(text) {
            Ok(Some(expanded)) => {
                let at = text.find("<!ENTITY").unwrap_or(0);
                for mut s in markup::segments(&expanded, &keep) {
                    s.at = s.at.min(at);
                    segments.push(s);
                }
            }
            Ok(None) => {}
            Err(why) => {
                let at = text.find("<!ENTITY").unwrap_or(0);
                refuse(at, why, Refusal::Entities, out);
            }
        }
        segments
    }

    /// What one reading of a piece of text hides: CSS generated content (in a style sheet, a
    /// `<style>` or a `style` attribute) and `data:` URIs (in attributes, scripts, styles).
    pub(super) fn hidden(
        &self,
        variant: &str,
        segment: &Segment,
        folder: &str,
        nest: usize,
        out: &mut Vec<Found>,
    ) {
        if segment.kind == Kind::Style {
            for text in css::generated(variant) {
                let generated = Segment {
                    text,
                    at: segment.at,
                    kind: Kind::ReadAttribute,
                };
                self.segment(&generated, folder, 2, nest, out);
            }
        }
        let uris = matches!(
            segment.kind,
            Kind::Attribute | Kind::ReadAttribute | Kind::Code | Kind::Style
        );
        if !uris || !variant.contains([':']) {
            return;
        }
        let whole = matches!(segment.kind, Kind::Attribute | Kind::ReadAttribute);
        for found in data::find(variant, whole) {
            self.read_data(found, segment.at, folder, nest, out);
        }
    }

    /// The file inside a `data:` URI, read as a published file of its media type; what it
    /// holds is reported at the URI's piece of text.
    fn read_data(
        &self,
        found: data::Data,
        at: usize,
        folder: &str,
        nest: usize,
        out: &mut Vec<Found>,
    ) {
        let name = format!("data:{}", found.media);
        let Some(bytes) = found.bytes else {
            let why = format!("{name} (its base64 cannot be decoded)");
            return refuse(at, why, Refusal::Data, out);
        };
        if nest + 1 >= NEST {
            let why = format!("{name} (data: URIs nested more than {NEST} deep)");
            return refuse(at, why, Refusal::Data, out);
        }
        let mut inner = Vec::new();
        let image = found.media.starts_with("image/") && found.media != "image/svg+xml";
        if image && let Some(format) = attachments::sniff("data", &bytes).filter(is_image) {
            let read = attachments::extract("data", &bytes);
            if read.unreadable.is_some() {
                let why = format!("{name} (the image cannot be read: {format:?})");
                return refuse(at, why, Refusal::Data, out);
            }
            for part in read.parts.iter().chain(&read.strings) {
                let text = Segment {
                    text: part.text.clone(),
                    at,
                    kind: Kind::Code,
                };
                self.segment(&text, folder, 0, nest + 1, &mut inner);
            }
        }
        let path = format!("{folder}/data.{}", extension(&found.media));
        self.read_bytes(&path, &bytes, self.prefilter, nest + 1, &mut inner);
        out.extend(inner.into_iter().map(|f| Found { at: Some(at), ..f }));
    }
}

fn is_image(format: &Format) -> bool {
    matches!(
        format,
        Format::Jpeg | Format::Png | Format::Gif | Format::Webp | Format::Tiff | Format::OtherImage
    )
}

/// The extension the barrier reads a file of `media` type as.
fn extension(media: &str) -> &'static str {
    match media {
        "image/svg+xml" => "svg",
        "text/html" | "application/xhtml+xml" => "html",
        "text/xml" | "application/xml" => "xml",
        "text/css" => "css",
        "text/javascript" | "application/javascript" => "js",
        "application/json" => "json",
        _ => "bin",
    }
}
