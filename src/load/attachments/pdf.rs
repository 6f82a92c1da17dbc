//! A PDF read for the gate: the text of each page (its content stream and the forms it draws,
//! decoded through each font's ToUnicode map, [`super::cmap`]), its annotations (comments,
//! link addresses), the document information and catalog (title, author, language, tags), and
//! the pages that show something but give no text.
//!
//! lopdf parses the objects; the text extraction is ours, because what the gate needs is
//! exact: every string of every text-showing operator, in every font kind Japanese PDFs use
//! (CID fonts, simple TrueType subsets whose encoding lies, Type 3 fonts), and a clear "no
//! text" where a font has no map.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

mod content;
mod document;
mod everything;
mod raw;
mod strings;

use crate::model::attachment::{
    Extracted, Format, NoText, Part, PdfFacts, Place, Property, Remark, Unreadable,
};
use content::{PageText, walk};
use strings::text_string;

/// The most a page's content (or a form) may decompress to (a bomb is not read).
pub(super) const MAX_CONTENT: usize = 64 << 20;

/// Reads a PDF.
pub(super) fn read(bytes: &[u8], depth: usize) -> Extracted {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return corrupt("it does not start with %PDF-: it is not a PDF");
    }
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(_) if trailer_encrypts(bytes) => {
            return Extracted::unreadable(Format::Pdf, Unreadable::Encrypted);
        }
        Err(e) => return corrupt(&format!("it cannot be parsed ({e}); is it cut short?")),
    };
    // lopdf opens a file whose user password is empty and drops its /Encrypt: it was
    // encrypted all the same (permissions that forbid copying text).
    if doc.encryption_state.is_some() || doc.is_encrypted() {
        return Extracted::unreadable(Format::Pdf, Unreadable::Encrypted);
    }
    let raw = raw::scan(bytes, &doc);
    if raw.superseded > 0 {
        return corrupt(&format!(
            "it was saved with incremental updates and still holds earlier versions of {} \
             changed object(s), which readers do not show but anyone can extract; save it as a \
             new file (\"Save As\", or export it to PDF again from the original)",
            raw.superseded
        ));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return corrupt("it has no pages");
    }
    let mut out = Extracted::empty(Format::Pdf);
    let mut facts = PdfFacts {
        pages: pages.len() as u32,
        ..PdfFacts::default()
    };
    read_catalog(&doc, &mut facts, &mut out);
    let walked = read_pages(&doc, &mut facts, &mut out);
    if let Err(why) = document::read(&doc, depth, &mut out) {
        return corrupt(&why);
    }
    // Last, so that what the located reading found is reported where it found it.
    if let Err(why) = everything::read(&doc, &raw, &walked, &mut out) {
        return corrupt(&why);
    }
    out.pdf = Some(facts);
    out
}

/// Every page's text, its hidden text and its annotations, into `out`; the pages without
/// text into `facts`. Gives the content streams read, by address.
fn read_pages(doc: &Document, facts: &mut PdfFacts, out: &mut Extracted) -> HashSet<usize> {
    let mut links = Vec::new();
    let mut walked = HashSet::new();
    for (&n, &id) in &doc.get_pages() {
        let page = read_page(doc, id);
        if !has_text(&page.text) && page.drew {
            let why = if page.undecodable.is_empty() {
                NoText::NoLayer
            } else {
                NoText::NoToUnicode(page.undecodable.clone())
            };
            facts.no_text.push((n, why));
        }
        out.parts.push(Part {
            place: Place::Page(n),
            text: page.text,
        });
        if !page.hidden.is_empty() {
            out.parts.push(Part {
                place: Place::Page(n),
                text: page.hidden.join("\n"),
            });
        }
        walked.extend(page.walked);
        for content in doc.get_page_contents(id) {
            if let Some(Object::Stream(s)) = doc.objects.get(&content) {
                walked.insert(std::ptr::from_ref(s) as usize);
            }
        }
        read_annotations(doc, id, n, out, &mut links, &mut walked);
    }
    if !links.is_empty() {
        out.parts.push(Part {
            place: Place::Links,
            text: links.join("\n"),
        });
    }
    walked
}

fn corrupt(why: &str) -> Extracted {
    Extracted::unreadable(Format::Pdf, Unreadable::Corrupt(why.to_owned()))
}

/// Whether the last trailer of a file that lopdf could not open names an /Encrypt dictionary.
fn trailer_encrypts(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(8).any(|w| w == b"/Encrypt")
        || bytes.windows(8).take(1 << 22).any(|w| w == b"/Encrypt")
}

/// Whether a page's text has a letter or a digit (not only spaces, control characters or
/// replacement characters).
fn has_text(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

pub(super) fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map_or(object, |(_, o)| o)
}

pub(super) fn dict_get<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| deref(doc, o))
}

pub(super) fn string_of(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    match dict_get(doc, dict, key)? {
        Object::String(bytes, _) => Some(text_string(bytes)),
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    }
    .map(|s| {
        s.trim_matches(|c: char| c.is_whitespace() || c == '\0')
            .to_owned()
    })
    .filter(|s| !s.is_empty())
}

/// The document information, the catalog's language and tags, and the XMP metadata.
fn read_catalog(doc: &Document, facts: &mut PdfFacts, out: &mut Extracted) {
    let mut text = Vec::new();
    if let Some(Object::Dictionary(info)) = doc.trailer.get(b"Info").ok().map(|o| deref(doc, o)) {
        // Every entry, not only the standard ones: a producer may add its own (`/Company`,
        // `/SourceModified`), and a reader's document properties show them.
        for (key, _) in info.iter() {
            if let Some(value) = string_of(doc, info, key) {
                text.push(value);
            }
        }
        facts.title = string_of(doc, info, b"Title");
        if let Some(author) = string_of(doc, info, b"Author") {
            out.properties.push(Property {
                name: "Author".to_owned(),
                value: author,
            });
        }
    }
    if let Ok(catalog) = doc.catalog() {
        facts.lang = string_of(doc, catalog, b"Lang");
        let marked = match dict_get(doc, catalog, b"MarkInfo") {
            Some(Object::Dictionary(m)) => {
                matches!(dict_get(doc, m, b"Marked"), Some(Object::Boolean(true)))
            }
            _ => false,
        };
        facts.tagged = marked && catalog.has(b"StructTreeRoot");
        if let Some(Object::Stream(s)) = dict_get(doc, catalog, b"Metadata") {
            let xmp = s
                .decompressed_content_with_limit(MAX_CONTENT)
                .unwrap_or_else(|_| s.content.clone());
            let mut readings = Vec::new();
            strings::stream_readings(&xmp, &mut readings);
            read_xmp(&readings.concat(), facts, out, &mut text);
        }
    }
    if !text.is_empty() {
        out.parts.push(Part {
            place: Place::Properties,
            text: text.join("\n"),
        });
    }
}

/// XMP: its text goes to the rules; `dc:creator` is an author; `dc:title` is a title when the
/// document information has none (but not Ghostscript's placeholder `Untitled`).
fn read_xmp(xmp: &str, facts: &mut PdfFacts, out: &mut Extracted, text: &mut Vec<String>) {
    let element_text = |name: &str| -> Option<String> {
        let start = xmp.find(&format!("<{name}"))?;
        let end = xmp[start..].find(&format!("</{name}>"))? + start;
        let inner = &xmp[start..end];
        let plain = strip_tags(inner);
        let plain = plain.trim();
        (!plain.is_empty()).then(|| plain.to_owned())
    };
    if let Some(creator) = element_text("dc:creator")
        && !out.properties.iter().any(|p| p.value == creator)
    {
        out.properties.push(Property {
            name: "dc:creator".to_owned(),
            value: creator,
        });
    }
    if facts.title.is_none()
        && let Some(title) = element_text("dc:title")
        && !title.eq_ignore_ascii_case("untitled")
    {
        facts.title = Some(title);
    }
    text.push(strip_tags(xmp));
    // The XMP's text as XML reads it (character references resolved), not only as written.
    if let Ok(ev) = super::xml::events(xmp.as_bytes()) {
        text.push(super::xml::all_text(&ev));
    }
}

fn strip_tags(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn read_page(doc: &Document, id: ObjectId) -> PageText {
    let mut page = PageText::default();
    let Ok(content) = doc.get_page_content_with_limit(id, MAX_CONTENT) else {
        return page;
    };
    let resources = page_resources(doc, id);
    walk(doc, &content, &resources, 0, &mut page);
    page
}

/// The resource dictionaries of a page, nearest first.
fn page_resources(doc: &Document, id: ObjectId) -> Vec<&Dictionary> {
    let Ok((direct, ids)) = doc.get_page_resources(id) else {
        return Vec::new();
    };
    direct
        .into_iter()
        .chain(ids.into_iter().filter_map(|i| doc.get_dictionary(i).ok()))
        .collect()
}

/// A page's annotations: comments (their author and text), link addresses, form values.
fn read_annotations(
    doc: &Document,
    id: ObjectId,
    n: u32,
    out: &mut Extracted,
    links: &mut Vec<String>,
    walked: &mut HashSet<usize>,
) {
    let Ok(annotations) = doc.get_page_annotations(id) else {
        return;
    };
    for a in annotations {
        let subtype = match dict_get(doc, a, b"Subtype") {
            Some(Object::Name(s)) => String::from_utf8_lossy(s).into_owned(),
            _ => String::new(),
        };
        // What an annotation shows (a stamp's 「取扱注意」, a text box) is drawn by its
        // appearance stream, which may say more than its /Contents.
        let mut shown = PageText::default();
        document::appearance(doc, a, &mut shown);
        walked.extend(shown.walked);
        shown.hidden.push(shown.text);
        let shown = shown.hidden.join("\n");
        if has_text(&shown) {
            out.parts.push(Part {
                place: Place::Annotation(n),
                text: shown,
            });
        }
        match subtype.as_str() {
            "Popup" => {}
            "Link" => {
                // What a screen reader says of the link.
                if let Some(text) = string_of(doc, a, b"Contents") {
                    out.parts.push(Part {
                        place: Place::Annotation(n),
                        text,
                    });
                }
                if let Some(Object::Dictionary(action)) = dict_get(doc, a, b"A")
                    && let Some(uri) = string_of(doc, action, b"URI")
                {
                    links.push(uri);
                }
            }
            "Widget" => {
                if let Some(value) = string_of(doc, a, b"V") {
                    out.parts.push(Part {
                        place: Place::Page(n),
                        text: value,
                    });
                }
            }
            _ => {
                let text = string_of(doc, a, b"Contents").unwrap_or_default();
                if text.is_empty() && !matches!(subtype.as_str(), "Text" | "FreeText") {
                    continue;
                }
                out.comments.push(Remark {
                    place: Place::Annotation(n),
                    author: string_of(doc, a, b"T"),
                    text,
                    inserted: false,
                });
            }
        }
    }
}
