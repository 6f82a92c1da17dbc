//! The catch-all read of a package, after every reader: every entry of the zip, whatever its
//! name or content type (a custom XML part, a part with an unusual name, the relationships),
//! read for every string it holds: its name, every text node and every attribute value of an
//! XML part (a watermark's `v:textpath string`, a tooltip, a data validation's prompt, a
//! content control's alias, a custom property's name, a document variable), its comments and
//! processing instructions, ruby both as shown and as written ([`every_string`]).
//!
//! The readers know what a part is; this read knows only that a reader could find its strings.
//! Its text goes to [`Extracted::strings`], each part at the place a reader found it (`header`,
//! `sheet 資料`, `slide 2 notes`), the package's properties at `document properties`, any other
//! part by its name; the gate reports there what the readers' text did not already show.

use super::package::{Package, normalise};
use crate::load::attachments::xml::{SEPARATOR, events, every_string, markup_strings};
use crate::model::attachment::{Extracted, Part, Place};

impl Package {
    /// Every string of every entry (see the module's header), into `out.strings`.
    pub(super) fn sweep(&mut self, out: &mut Extracted) -> Result<(), String> {
        for i in 0..self.names().len() {
            let name = self.names()[i].clone();
            let key = normalise(&name);
            let place = match self.places.get(&key) {
                Some(place) => place.clone(),
                None if key.starts_with("docprops/") => Place::Properties,
                None => Place::Part(name.clone()),
            };
            let mut text = name.clone();
            let decoded = crate::text::escape::percent_decode_bytes(&name);
            if decoded != name.as_bytes() {
                text.push_str(SEPARATOR);
                text.push_str(&String::from_utf8_lossy(&decoded));
            }
            if !name.ends_with('/') {
                let bytes = self.reread(i)?;
                if let Some(strings) = xml_strings(&name, &bytes) {
                    text.push_str(SEPARATOR);
                    text.push_str(&strings);
                }
            }
            out.strings.push(Part { place, text });
        }
        Ok(())
    }
}

/// The strings of an entry that is XML (by its bytes or its name), `None` for one that is not
/// (an image or an embedded file: [`Package::rest`] reads those).
fn xml_strings(name: &str, bytes: &[u8]) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let xml_like = [".xml", ".rels", ".vml", ".txt"]
        .iter()
        .any(|e| lower.ends_with(e));
    let head = &bytes[..bytes.len().min(64)];
    let looks = head.starts_with(b"<?xml")
        || head.starts_with(b"\xEF\xBB\xBF<")
        || head.starts_with(b"\xFF\xFE<")
        || head.starts_with(b"\xFE\xFF\0<")
        || head.trim_ascii_start().starts_with(b"<");
    if !xml_like && !looks {
        return None;
    }
    let mut text = match events(bytes) {
        Ok(ev) => every_string(&ev),
        // Not well-formed: its characters all the same.
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    for s in markup_strings(bytes) {
        text.push_str(SEPARATOR);
        text.push_str(&s);
    }
    Some(text)
}
