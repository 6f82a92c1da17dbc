//! The gate inside attachments: what the load step read from a published PDF, Office file or
//! image ([`Extracted`]) held to the gate's rules, place by place, and to the rules of what
//! such files leak.
//!
//! - the text of every place (pages, cells of hidden sheets too, slide notes, headers and
//!   footers, comments, deleted text, properties, link addresses): markings above 機密性1,
//!   handling words, placeholders ([`super::scan_line`]) and the URLs of pages left out of the
//!   build;
//! - comments and tracked changes still in the file;
//! - properties naming people or organisations (author, last editor, company, manager), unless
//!   site.yaml declares them public (`attachments.allowed_properties`);
//! - PDF pages that show something but give no text (a scan, outlines, fonts without
//!   ToUnicode maps), unless a linking page `allow:`s the file by name, with a reason;
//! - GPS positions and owner names in image metadata (unless `attachments.exif: strip`, when
//!   the render step strips them as it copies the image);
//! - files that cannot be read at all: encrypted (even with an empty password: see the README),
//!   binary Office 97-2003, cut short or damaged.
//!
//! Every finding names the attachment (the diagnostic's file), the place inside it and the
//! pages that link it. A handling word or placeholder is let through when a linking page
//! `allow:`s that exact string, as for the page's own text; a marking never is.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::rules::Scope;
use crate::diag::{Code, Diagnostic, Diagnostics, catalogue};
use crate::load::config::{AttachmentOptions, BaseUrl};
use crate::model::attachment::{Extracted, Format, NoText, Place, Remark, Unreadable};
use crate::model::finding::Finding;
use crate::model::front_matter::Allow;
use crate::model::publication::Unpublished;

/// What an attachment is checked with.
pub(crate) struct Context<'a> {
    /// The attachment, relative to the site root (every diagnostic's file).
    pub(crate) file: &'a Path,
    /// The pages that link it (relative paths, for the messages).
    pub(crate) pages: Vec<String>,
    /// The `allow:` entries of the pages that link it.
    pub(crate) allow: Vec<&'a Allow>,
    /// site.yaml's `attachments:`.
    pub(crate) options: &'a AttachmentOptions,
    /// The base URL and the pages left out of the build (their URLs must not be inside).
    pub(crate) base: &'a BaseUrl,
    pub(crate) left_out: &'a HashMap<String, (String, Unpublished)>,
}

impl Context<'_> {
    fn linked_from(&self) -> String {
        if self.pages.is_empty() {
            "no page".to_owned()
        } else {
            self.pages.join(", ")
        }
    }

    fn diagnostic(&self, code: Code, place: &Place) -> Diagnostic {
        place
            .args()
            .into_iter()
            .fold(Diagnostic::new(code, self.file), |d, (name, value)| {
                d.arg(name, value)
            })
            .arg("pages", self.linked_from())
    }

    /// Whether a linking page allows the file itself (by name or path) to have no text.
    fn allows_file(&self) -> bool {
        let name = self
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let path = self.file.to_string_lossy();
        let under = path.strip_prefix("content/").unwrap_or(&path);
        self.allow.iter().any(|a| {
            let t = super::normalise(&a.text);
            !a.reason.trim().is_empty()
                && (Some(t.as_str()) == name.as_deref().map(super::normalise).as_deref()
                    || t == super::normalise(under))
        })
    }
}

/// Everything the gate finds in one attachment, as diagnostics; and the `allow:` texts that
/// let something through (so that they are not reported as matching nothing).
pub(crate) fn check(e: &Extracted, cx: &Context<'_>) -> (Diagnostics, Vec<String>) {
    let mut out = Diagnostics::new();
    let mut used = Vec::new();
    if let Some(why) = &e.unreadable {
        out.push(unreadable(e.format, why, cx));
        return (out, used);
    }
    text_rules(e, cx, &mut out, &mut used);
    remarks(&e.comments, cx, Code::E0315, &mut out);
    remarks(&e.changes, cx, Code::E0316, &mut out);
    for p in &e.properties {
        let key = property_key(&p.name);
        if cx.options.allowed_properties.iter().any(|a| a == key) {
            continue;
        }
        out.push(
            cx.diagnostic(Code::E0317, &Place::Properties)
                .arg("property", &p.name)
                .arg("value", &p.value)
                .arg("key", key),
        );
    }
    if let Some(pdf) = &e.pdf
        && !pdf.no_text.is_empty()
    {
        if cx.allows_file() {
            used.extend(cx.allow.iter().map(|a| a.text.clone()));
        } else {
            let name = cx
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            for (page, why) in &pdf.no_text {
                let d = match why {
                    NoText::NoLayer => cx.diagnostic(Code::E0318, &Place::Page(*page)),
                    NoText::NoToUnicode(fonts) => cx
                        .diagnostic(Code::E0319, &Place::Page(*page))
                        .arg("fonts", fonts.join(", ")),
                };
                out.push(d.arg("file", &name));
            }
        }
    }
    // `exif: strip` cannot strip a GIF's XMP: what it names is reported all the same.
    if let Some(image) = &e.image
        && (!cx.options.strip_exif || e.format == Format::Gif)
    {
        if !image.gps.is_empty() {
            out.push(
                cx.diagnostic(Code::E0323, &Place::Metadata)
                    .arg("where", image.gps.join(", ")),
            );
        }
        if let Some((_, value)) = image.owner.first() {
            let tags: Vec<&str> = image.owner.iter().map(|(t, _)| t.as_str()).collect();
            out.push(
                cx.diagnostic(Code::E0324, &Place::Metadata)
                    .arg("where", tags.join(", "))
                    .arg("value", value),
            );
        }
    }
    (out, used)
}

/// The name `attachments.allowed_properties` gives a property.
fn property_key(name: &str) -> &'static str {
    match name {
        "creator" | "Author" | "dc:creator" => "author",
        "lastModifiedBy" => "last_modified_by",
        "Company" => "company",
        _ => "manager",
    }
}

fn unreadable(format: Format, why: &Unreadable, cx: &Context<'_>) -> Diagnostic {
    match why {
        Unreadable::Encrypted => cx.diagnostic(Code::E0320, &Place::File),
        Unreadable::OldFormat => {
            let modern = match format {
                Format::Xls | Format::Xlsx => ".xlsx",
                Format::Ppt | Format::Pptx => ".pptx",
                _ => ".docx",
            };
            cx.diagnostic(Code::E0321, &Place::File)
                .arg("format", format.label())
                .arg("modern", modern)
        }
        Unreadable::Corrupt(why) => cx.diagnostic(Code::E0322, &Place::File).arg("why", why),
    }
}

/// The gate's rules and the withheld URLs on the text of every place, comments' text too; then
/// on every string the file holds ([`Extracted::strings`]), reporting only what the places'
/// text did not show (a watermark, a tooltip, a custom property's name). What the search of a
/// whole PDF found ([`Place::Object`]) is read every way a tool may decode it (character
/// references, escapes), without the ASCII placeholders (`XX` in binary data or code is no
/// placeholder), and is reported only when the located reading did not find the same token.
fn text_rules(e: &Extracted, cx: &Context<'_>, out: &mut Diagnostics, used: &mut Vec<String>) {
    let comments = e.comments.iter().map(|c| (&c.place, c.text.as_str()));
    let texts = e
        .parts
        .iter()
        .map(|p| (&p.place, p.text.as_str()))
        .chain(comments);
    let (located, searched): (Vec<_>, Vec<_>) =
        texts.partition(|(place, _)| !matches!(place, Place::Object { .. }));
    let mut seen = Seen::default();
    for (place, text) in located {
        rules_on(place, text, Read::Located, cx, &mut seen, out, used);
    }
    for s in &e.strings {
        rules_on(&s.place, &s.text, Read::Sweep, cx, &mut seen, out, used);
    }
    for (place, text) in searched {
        rules_on(place, text, Read::WholeFile, cx, &mut seen, out, used);
    }
}

/// What was reported already: (place, token) pairs and URLs.
#[derive(Default)]
struct Seen {
    tokens: Vec<(Place, String)>,
    urls: Vec<String>,
}

/// How a text was read out of the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// By the readers that know where it is (a page, a sheet, a slide, the properties).
    Located,
    /// By the catch-all read of every string of an Office package or an image.
    Sweep,
    /// By the search of every object and byte of a PDF: decoded every way, no ASCII
    /// placeholders.
    WholeFile,
}

/// The rules on one text at `place`; a text not read `Located` is reported only if its token
/// (or URL) was reported nowhere in the file yet.
fn rules_on(
    place: &Place,
    text: &str,
    read: Read,
    cx: &Context<'_>,
    seen: &mut Seen,
    out: &mut Diagnostics,
    used: &mut Vec<String>,
) {
    let mut found: Vec<Finding> = Vec::new();
    if read == Read::WholeFile {
        let scope = Scope {
            ascii: false,
            ..Scope::ALL
        };
        for variant in super::barrier::decode::variants(text) {
            super::scan_line(&variant, 0, scope, &mut found);
        }
    } else {
        super::scan_line(text, 0, Scope::ALL, &mut found);
    }
    let sweep = read != Read::Located;
    for f in found {
        let token = super::normalise(&f.token);
        let known = if sweep {
            seen.tokens.iter().any(|(_, t)| *t == token)
        } else {
            seen.tokens.iter().any(|(p, t)| p == place && *t == token)
        };
        if known {
            continue;
        }
        seen.tokens.push((place.clone(), token));
        if let Some(a) = cx.allow.iter().find(|a| super::allows(a, &f)) {
            used.push(a.text.clone());
            continue;
        }
        let code = if f.kind.allowable() {
            Code::E0313
        } else {
            Code::E0314
        };
        // The spaces and line breaks between a token's characters are the extractor's,
        // not the author's.
        let token: String = f.token.chars().filter(|c| !c.is_whitespace()).collect();
        out.push(f.rule.args(cx.diagnostic(code, place), &token));
    }
    for (url, target, why) in super::withheld_urls::urls_in(text, cx.base, cx.left_out) {
        if sweep && seen.urls.iter().any(|u| u == url) {
            continue;
        }
        seen.urls.push(url.to_owned());
        out.push(
            cx.diagnostic(Code::E0325, place)
                .arg("url", url)
                .arg("target", target)
                .arg("why", why.left_out_key()),
        );
    }
}

/// The place in an English sentence: `page 2`, `sheet 内部 (hidden), cell A1`,
/// `slide 3 notes`, `document properties`.
fn describe(place: &Place) -> String {
    catalogue::phrase_words("place", place.key(), &place.args())
}

/// The place a diagnostic names, in English (what [`describe`] gives for its place).
#[cfg(test)]
pub(super) fn place_of(d: &Diagnostic) -> Option<String> {
    const NAMES: [&str; 10] = [
        "place",
        "place_n",
        "place_name",
        "place_state",
        "place_cell",
        "place_page",
        "place_holder",
        "place_id",
        "place_kind",
        "place_stream",
    ];
    let key = d.arg_value("place")?;
    let args: Vec<(&'static str, String)> = NAMES
        .iter()
        .filter_map(|&n| d.arg_value(n).map(|v| (n, v.to_owned())))
        .collect();
    Some(catalogue::phrase_words("place", key, &args))
}

/// Comments or tracked changes, one error per place: how many, by whom, the first text.
fn remarks(list: &[Remark], cx: &Context<'_>, code: Code, out: &mut Diagnostics) {
    let mut by_place: BTreeMap<String, (Place, Vec<&Remark>)> = BTreeMap::new();
    for r in list {
        by_place
            .entry(describe(&r.place))
            .or_insert_with(|| (r.place.clone(), Vec::new()))
            .1
            .push(r);
    }
    for (_, (place, rs)) in by_place {
        let mut authors: Vec<&str> = rs.iter().filter_map(|r| r.author.as_deref()).collect();
        authors.dedup();
        let authors = if authors.is_empty() {
            // The `authors` phrase's key; a list of names is shown as it is.
            "unnamed".to_owned()
        } else {
            authors.join(", ")
        };
        let d = cx.diagnostic(code, &place);
        let d = if code == Code::E0315 {
            let text: String = rs[0].text.chars().take(60).collect();
            d.arg("count", rs.len())
                .arg("authors", &authors)
                .arg("text", text)
        } else {
            let inserted = rs.iter().filter(|r| r.inserted).count();
            let deleted = rs.len() - inserted;
            d.arg("inserted", inserted)
                .arg("deleted", deleted)
                .arg("authors", &authors)
        };
        out.push(d);
    }
}

#[cfg(test)]
mod place_words;
#[cfg(test)]
mod tests;
