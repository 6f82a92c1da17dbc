//! A content stream's text (a page's, a form's, an annotation's appearance): the strings of
//! every text-showing operator decoded through the font they are shown in ([`super::super::cmap`]),
//! forms drawn recursively, and the text a reader is given instead or besides (marked
//! content's `/ActualText`, `/Alt`, `/E`) and every other string an operator carries.

use std::collections::HashMap;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object};

use super::super::cmap::Decoder;
use super::strings::{name_readings, raw_text, readings};
use super::{MAX_CONTENT, dict_get};

/// How deeply forms may draw forms.
const MAX_DEPTH: usize = 8;

/// What one content stream (and the forms it draws) gave.
#[derive(Default)]
pub(super) struct PageText {
    pub(super) text: String,
    /// Whether it drew anything (glyphs, images, paths, shadings).
    pub(super) drew: bool,
    /// Fonts whose glyphs had no text.
    pub(super) undecodable: Vec<String>,
    /// The text given besides what is drawn: marked content's `/ActualText`, `/Alt` and `/E`
    /// (what a screen reader reads, what copying gives), and any other string an operator
    /// carries.
    pub(super) hidden: Vec<String>,
    /// The forms read, by their address in the document (the search of the whole file does
    /// not read them again).
    pub(super) walked: Vec<usize>,
}

/// The entry `name` of the resource category `category` (`Font`, `XObject`), nearest first.
pub(super) fn resource<'a>(
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

/// The fonts and the line of a content stream being read.
#[derive(Default)]
struct TextState {
    /// Each font's decoder, name, and whether its codes are single bytes (a simple font).
    decoders: HashMap<Vec<u8>, (Decoder, String, bool)>,
    font: Option<Vec<u8>>,
    line_y: Option<f32>,
}

impl TextState {
    fn set_font(&mut self, doc: &Document, resources: &[&Dictionary], op: &Operation) {
        let Some(Object::Name(name)) = op.operands.first() else {
            return;
        };
        if !self.decoders.contains_key(name) {
            let decoder = match resource(doc, resources, b"Font", name) {
                Some(Object::Dictionary(f)) => {
                    let (decoder, name) = font_decoder(doc, f);
                    let simple = !matches!(dict_get(doc, f, b"Subtype"), Some(Object::Name(s)) if s == b"Type0");
                    (decoder, name, simple)
                }
                _ => (
                    Decoder::unknown(false),
                    String::from_utf8_lossy(name).into(),
                    true,
                ),
            };
            self.decoders.insert(name.clone(), decoder);
        }
        self.font = Some(name.clone());
    }

    /// A new line when the text moves up or down, not between glyphs placed one by one along
    /// a line (Chromium places each run, LibreOffice each glyph group).
    fn move_to(&mut self, op: &Operation, page: &mut PageText) {
        match op.operator.as_str() {
            "T*" => page.text.push('\n'),
            "Td" | "TD" => {
                if op
                    .operands
                    .get(1)
                    .and_then(number)
                    .is_some_and(|ty| ty.abs() > 0.01)
                {
                    page.text.push('\n');
                }
            }
            _ => {
                let y = op.operands.get(5).and_then(number);
                if y.is_some() && y != self.line_y {
                    page.text.push('\n');
                }
                self.line_y = y;
            }
        }
    }

    fn show(&self, strings: &[Object], page: &mut PageText) {
        let Some((decoder, name, simple)) = self.font.as_ref().and_then(|f| self.decoders.get(f))
        else {
            return;
        };
        for s in strings {
            match s {
                Object::String(bytes, _) => {
                    page.drew |= !bytes.is_empty();
                    // The bytes of a simple font's string are text to `strings` and to a
                    // search, whatever the font shows: UTF-8 or Shift_JIS written into it.
                    // (A composite font's are glyph numbers, which only its map makes text.)
                    if *simple && !bytes.is_ascii() {
                        raw_text(bytes, &mut page.hidden);
                    }
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

/// Reads a content stream: text-showing operators through their fonts, forms recursively,
/// the strings of every other operator (marked content's properties) as hidden text.
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
    let mut state = TextState::default();
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => state.set_font(doc, resources, op),
            "Tj" | "'" => state.show(&op.operands[op.operands.len().saturating_sub(1)..], page),
            "\"" => state.show(op.operands.get(2..3).unwrap_or_default(), page),
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    state.show(items, page);
                }
            }
            "T*" | "Td" | "TD" | "Tm" => state.move_to(op, page),
            "Do" => draw(doc, resources, op, depth, page),
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "sh" | "BI" | "EI" => {
                page.drew = true;
            }
            "BDC" | "DP" => {
                // Properties named in the resources (`/Span /MC0 BDC`), or written inline.
                if let Some(Object::Name(name)) = op.operands.get(1)
                    && let Some(props) = resource(doc, resources, b"Properties", name)
                {
                    hidden_strings(props, 0, &mut page.hidden);
                }
                for o in &op.operands {
                    hidden_strings(o, 0, &mut page.hidden);
                }
            }
            _ => {
                for o in &op.operands {
                    hidden_strings(o, 0, &mut page.hidden);
                }
            }
        }
    }
}

/// A form the content draws (`Do`), read with its own resources before the page's.
fn draw(
    doc: &Document,
    resources: &[&Dictionary],
    op: &Operation,
    depth: usize,
    page: &mut PageText,
) {
    page.drew = true;
    let Some(Object::Name(name)) = op.operands.first() else {
        return;
    };
    let Some(Object::Stream(form)) = resource(doc, resources, b"XObject", name) else {
        return;
    };
    if depth >= MAX_DEPTH
        || !matches!(dict_get(doc, &form.dict, b"Subtype"), Some(Object::Name(n)) if n == b"Form")
    {
        return;
    }
    page.walked.push(std::ptr::from_ref(form) as usize);
    let own = match dict_get(doc, &form.dict, b"Resources") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let nested: Vec<&Dictionary> = own.into_iter().chain(resources.iter().copied()).collect();
    match form.decompressed_content_with_limit(MAX_CONTENT) {
        Ok(bytes) => walk(doc, &bytes, &nested, depth + 1, page),
        Err(_) => walk(doc, &form.content, &nested, depth + 1, page),
    }
}

/// The strings and names of an operand (a dictionary's keys and values, an array's items),
/// every way they may be read. Names that are ASCII are the syntax of the operator, not text.
pub(super) fn hidden_strings(o: &Object, depth: usize, out: &mut Vec<String>) {
    if depth > 32 {
        return;
    }
    match o {
        Object::String(bytes, _) => readings(bytes, out),
        Object::Name(name) => name_readings(name, out),
        Object::Array(items) => {
            for i in items {
                hidden_strings(i, depth + 1, out);
            }
        }
        Object::Dictionary(d) => dict_strings(d, depth, out),
        Object::Stream(s) => dict_strings(&s.dict, depth, out),
        _ => {}
    }
}

fn dict_strings(d: &Dictionary, depth: usize, out: &mut Vec<String>) {
    for (k, v) in d.iter() {
        name_readings(k, out);
        hidden_strings(v, depth + 1, out);
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
