//! A PDF read for the gate: the text of each page (its content stream and the forms it draws,
//! decoded through each font's ToUnicode map, [`super::cmap`]), its annotations (comments,
//! link addresses), the document information and catalog (title, author, language, tags), and
//! the pages that show something but give no text.
//!
//! lopdf parses the objects; the text extraction is ours, because what the gate needs is
//! exact: every string of every text-showing operator, in every font kind Japanese PDFs use
//! (CID fonts, simple TrueType subsets whose encoding lies, Type 3 fonts), and a clear "no
//! text" where a font has no map.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

mod document;

use super::cmap::Decoder;
use crate::model::attachment::{
    Extracted, Format, NoText, Part, PdfFacts, Place, Property, Remark, Unreadable,
};

/// The most a page's content (or a form) may decompress to (a bomb is not read).
pub(super) const MAX_CONTENT: usize = 64 << 20;
/// How deeply forms may draw forms.
const MAX_DEPTH: usize = 8;

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
    let superseded = document::superseded(bytes);
    if superseded > 0 {
        return corrupt(&format!(
            "it was saved with incremental updates and still holds earlier versions of {superseded} \
             changed object(s), which readers do not show but anyone can extract; save it as a \
             new file (\"Save As\", or export it to PDF again from the original)"
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
    let mut links = Vec::new();
    for (&n, &id) in &pages {
        let page = read_page(&doc, id);
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
        read_annotations(&doc, id, n, &mut out, &mut links);
    }
    if let Err(why) = document::read(&doc, depth, &mut out) {
        return corrupt(&why);
    }
    if !links.is_empty() {
        out.parts.push(Part {
            place: Place::Links,
            text: links.join("\n"),
        });
    }
    out.pdf = Some(facts);
    out
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

/// A PDF text string: UTF-16BE after its byte-order mark, UTF-8 after its (PDF 2.0), else
/// PDFDocEncoding (read as Latin-1, which it matches for text).
pub(super) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
            .collect();
        return char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect();
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
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
            let xmp = String::from_utf8_lossy(&xmp);
            read_xmp(&xmp, facts, out, &mut text);
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

/// What one page gave.
#[derive(Default)]
pub(super) struct PageText {
    pub(super) text: String,
    /// Whether it drew anything (glyphs, images, paths, shadings).
    drew: bool,
    /// Fonts whose glyphs had no text.
    undecodable: Vec<String>,
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

/// The entry `name` of the resource category `category` (`Font`, `XObject`), nearest first.
fn resource<'a>(
    doc: &'a Document,
    resources: &[&'a Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    resources
        .iter()
        .find_map(|r| match dict_get(doc, r, category) {
            Some(Object::Dictionary(d)) => dict_get(doc, d, name),
            _ => None,
        })
}

/// Reads a content stream: text-showing operators through their fonts, forms recursively.
pub(super) fn walk(
    doc: &Document,
    content: &[u8],
    resources: &[&Dictionary],
    depth: usize,
    page: &mut PageText,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut decoders: HashMap<Vec<u8>, (Decoder, String)> = HashMap::new();
    let mut font: Option<Vec<u8>> = None;
    let mut line_y: Option<f32> = None;
    for op in &content.operations {
        let strings: Vec<&Object> = match op.operator.as_str() {
            "Tf" => {
                if let Some(Object::Name(name)) = op.operands.first() {
                    if !decoders.contains_key(name) {
                        let decoder = match resource(doc, resources, b"Font", name) {
                            Some(Object::Dictionary(f)) => font_decoder(doc, f),
                            _ => (
                                Decoder::unknown(false),
                                String::from_utf8_lossy(name).into(),
                            ),
                        };
                        decoders.insert(name.clone(), decoder);
                    }
                    font = Some(name.clone());
                }
                continue;
            }
            "Tj" | "'" => op.operands.last().into_iter().collect(),
            "\"" => op.operands.get(2).into_iter().collect(),
            "TJ" => match op.operands.first() {
                Some(Object::Array(items)) => items.iter().collect(),
                _ => Vec::new(),
            },
            // A new line when the text moves up or down, not between glyphs placed one by
            // one along a line (Chromium places each run, LibreOffice each glyph group).
            "T*" => {
                page.text.push('\n');
                continue;
            }
            "Td" | "TD" => {
                if op
                    .operands
                    .get(1)
                    .and_then(number)
                    .is_some_and(|ty| ty.abs() > 0.01)
                {
                    page.text.push('\n');
                }
                continue;
            }
            "Tm" => {
                let y = op.operands.get(5).and_then(number);
                if y.is_some() && y != line_y {
                    page.text.push('\n');
                }
                line_y = y;
                continue;
            }
            "Do" => {
                page.drew = true;
                if let Some(Object::Name(name)) = op.operands.first()
                    && depth < MAX_DEPTH
                    && let Some(Object::Stream(form)) = resource(doc, resources, b"XObject", name)
                    && matches!(dict_get(doc, &form.dict, b"Subtype"), Some(Object::Name(n)) if n == b"Form")
                {
                    let own = match dict_get(doc, &form.dict, b"Resources") {
                        Some(Object::Dictionary(d)) => Some(d),
                        _ => None,
                    };
                    let nested: Vec<&Dictionary> =
                        own.into_iter().chain(resources.iter().copied()).collect();
                    if let Ok(bytes) = form.decompressed_content_with_limit(MAX_CONTENT) {
                        walk(doc, &bytes, &nested, depth + 1, page);
                    } else {
                        walk(doc, &form.content, &nested, depth + 1, page);
                    }
                }
                continue;
            }
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "sh" | "BI" | "EI" => {
                page.drew = true;
                continue;
            }
            _ => continue,
        };
        let Some((decoder, name)) = font.as_ref().and_then(|f| decoders.get(f)) else {
            continue;
        };
        for s in strings {
            match s {
                Object::String(bytes, _) => {
                    page.drew |= !bytes.is_empty();
                    let (text, unknown) = decoder.decode(bytes);
                    page.text.push_str(&text);
                    if unknown > 0 && !page.undecodable.contains(name) {
                        page.undecodable.push(name.clone());
                    }
                }
                // A wide gap between two strings of one TJ is a space between words.
                Object::Integer(n) if *n < -250 => page.text.push(' '),
                Object::Real(n) if *n < -250.0 => page.text.push(' '),
                _ => {}
            }
        }
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(n) => Some(*n as f32),
        Object::Real(n) => Some(*n),
        _ => None,
    }
}

/// The decoder of a font dictionary, and the font's name.
fn font_decoder(doc: &Document, font: &Dictionary) -> (Decoder, String) {
    let name_of = |key: &[u8]| match dict_get(doc, font, key) {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    let subtype = name_of(b"Subtype").unwrap_or_default();
    let base = name_of(b"BaseFont").unwrap_or_else(|| format!("({subtype} font)"));
    let composite = subtype == "Type0";
    if let Some(Object::Stream(s)) = dict_get(doc, font, b"ToUnicode")
        && let Ok(cmap) = s.decompressed_content_with_limit(MAX_CONTENT)
    {
        return (Decoder::from_cmap(&cmap, composite), base);
    }
    let encoding = dict_get(doc, font, b"Encoding");
    if composite {
        // Codes of a Unicode CMap (UniJIS-UCS2-H, UniJIS-UTF16-H) are the text itself.
        if let Some(Object::Name(n)) = encoding {
            let n = String::from_utf8_lossy(n);
            if n.contains("UCS2") || n.contains("UTF16") {
                let mut cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange".to_vec();
                cmap.shrink_to_fit();
                return (Decoder::from_cmap(&cmap, true), base);
            }
        }
        return (Decoder::unknown(true), base);
    }
    let (declared, differences) = match encoding {
        Some(Object::Name(_)) => (true, Vec::new()),
        Some(Object::Dictionary(d)) => (
            d.has(b"BaseEncoding"),
            match dict_get(doc, d, b"Differences") {
                Some(Object::Array(items)) => differences(items),
                _ => Vec::new(),
            },
        ),
        _ => (false, Vec::new()),
    };
    // A font without encoding and without an embedded program is one of the standard 14
    // (Helvetica…), whose codes are Latin text.
    let embedded = match dict_get(doc, font, b"FontDescriptor") {
        Some(Object::Dictionary(fd)) => {
            fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3")
        }
        _ => subtype == "Type3",
    };
    if !declared && differences.is_empty() && embedded {
        return (Decoder::unknown(false), base);
    }
    (
        Decoder::from_encoding(declared || !embedded, &differences),
        base,
    )
}

fn differences(items: &[Object]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut code = 0u32;
    for item in items {
        match item {
            Object::Integer(n) => code = u32::try_from(*n).unwrap_or(0),
            Object::Name(name) => {
                out.push((code, String::from_utf8_lossy(name).into_owned()));
                code += 1;
            }
            _ => {}
        }
    }
    out
}

/// A page's annotations: comments (their author and text), link addresses, form values.
fn read_annotations(
    doc: &Document,
    id: ObjectId,
    n: u32,
    out: &mut Extracted,
    links: &mut Vec<String>,
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
        if has_text(&shown.text) {
            out.parts.push(Part {
                place: Place::Annotation(n),
                text: shown.text,
            });
        }
        match subtype.as_str() {
            "Popup" => {}
            "Link" => {
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
