//! The search of the whole file, beside the located reading of pages, annotations and
//! properties: every string and name of every object (referenced or not, in object streams
//! or not, of earlier revisions too, [`super::raw`]), every stream decoded and read as text
//! (a content stream nothing draws through the document's fonts too), and the bytes outside
//! any object. Font programs, images, colour profiles and cross-reference data are not text
//! and are not read as such; embedded files are read as files ([`super::document`]); a stream
//! that cannot be decoded and is not image data makes the file unreadable.
//!
//! What is found here is placed at the page the object belongs to when one does (its content,
//! annotations, metadata, structure elements), else at the object.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::content::{PageText, hidden_strings, walk};
use super::raw::RawFile;
use super::strings::stream_readings;
use super::{MAX_CONTENT, deref};
use crate::model::attachment::{Extracted, Holder, Part, Place};

/// What a stream is to the file, when that says it holds no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A font program, a colour profile, a thumbnail, JBIG2 globals: not text.
    Binary,
    /// An embedded file (read as a file).
    Embedded,
}

/// Filters whose data is an image's.
const IMAGE_FILTERS: &[&[u8]] = &[
    b"DCTDecode",
    b"JPXDecode",
    b"JBIG2Decode",
    b"CCITTFaxDecode",
];

/// How deeply pages' references are followed to find what belongs to them.
const OWNER_DEPTH: usize = 4;

/// The reader of a whole document.
struct Reader<'a> {
    doc: &'a Document,
    roles: HashMap<ObjectId, Role>,
    /// The content streams and forms the pages' reading read, by address.
    walked: &'a HashSet<usize>,
    /// Every font of the document by its resource name, for content nothing draws.
    fonts: OnceCell<Dictionary>,
}

/// Reads every object of `doc`, what `raw` found beside it, into `out` (one part per object
/// that holds text); `Err` with why when a stream cannot be decoded.
pub(super) fn read(
    doc: &Document,
    raw: &RawFile<'_>,
    walked: &HashSet<usize>,
    out: &mut Extracted,
) -> Result<(), String> {
    let reader = Reader {
        doc,
        roles: roles(doc),
        walked,
        fonts: OnceCell::new(),
    };
    let owners = owners(doc);
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| o.as_reference().ok());
    for (&id, object) in &doc.objects {
        let mut texts = Vec::new();
        reader.object(object, Some(id), &mut texts)?;
        let holder = match object {
            _ if Some(id) == info => Holder::Info(id.0),
            Object::Dictionary(d) => described(id, d),
            Object::Stream(s) => described(id, &s.dict),
            _ => Holder::Object {
                id: id.0,
                kind: None,
            },
        };
        push(out, owners.get(&id).copied(), holder, texts);
    }
    let mut texts = Vec::new();
    hidden_strings(&Object::Dictionary(doc.trailer.clone()), 0, &mut texts);
    push(out, None, Holder::Trailer, texts);
    for extra in &raw.extra {
        let mut texts = Vec::new();
        match &extra.object {
            Ok(object) => reader.object(object, None, &mut texts)?,
            Err(bytes) => stream_readings(bytes, &mut texts),
        }
        let holder = Holder::Superseded {
            id: extra.id.0,
            stream: extra.container,
        };
        push(out, None, holder, texts);
    }
    let mut texts = Vec::new();
    for bytes in &raw.outside {
        if !bytes.is_empty() {
            stream_readings(bytes, &mut texts);
        }
    }
    push(out, None, Holder::Outside, texts);
    Ok(())
}

/// `object 12 (Annot)`: the object and its type, if it says.
fn described(id: ObjectId, d: &Dictionary) -> Holder {
    let kind = match d.get(b"Type").or_else(|_| d.get(b"S")) {
        Ok(Object::Name(t)) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => None,
    };
    Holder::Object { id: id.0, kind }
}

fn push(out: &mut Extracted, page: Option<u32>, holder: Holder, texts: Vec<String>) {
    let texts: Vec<String> = texts.into_iter().filter(|t| !t.trim().is_empty()).collect();
    if !texts.is_empty() {
        out.parts.push(Part {
            place: Place::Object { page, holder },
            text: texts.join("\n"),
        });
    }
}

impl Reader<'_> {
    /// The text of one object: its strings and names; a stream's data too.
    fn object(
        &self,
        object: &Object,
        id: Option<ObjectId>,
        texts: &mut Vec<String>,
    ) -> Result<(), String> {
        hidden_strings(object, 0, texts);
        let Object::Stream(s) = object else {
            return Ok(());
        };
        // An object stream's objects are read one by one, but one lopdf cannot decode is not
        // let through.
        let objects = s.dict.has_type(b"ObjStm");
        if self.walked.contains(&(std::ptr::from_ref(s) as usize))
            || (self.not_text(id, s) && !objects)
        {
            return Ok(());
        }
        let data = match s.get_plain_content_with_limit(MAX_CONTENT) {
            Ok(_) if objects => return Ok(()),
            Ok(data) => data,
            Err(_) if image_data(s) => return Ok(()),
            Err(e) => {
                let which = id.map_or_else(
                    || "an object of an earlier version".to_owned(),
                    |id| format!("object {}", id.0),
                );
                return Err(format!(
                    "{which} is a stream the gate cannot decode ({e}), so what it holds cannot \
                     be checked; export the PDF again without it"
                ));
            }
        };
        if is_font_program(&data) {
            return Ok(());
        }
        stream_readings(&data, texts);
        if is_content(&data) {
            let fonts = self.fonts.get_or_init(|| all_fonts(self.doc));
            let resources = [fonts];
            let mut page = PageText::default();
            walk(self.doc, &data, &resources, 1, &mut page);
            texts.push(page.text);
            texts.extend(page.hidden);
        }
        Ok(())
    }

    /// Whether a stream holds no text to read: a font program, an image, a colour profile,
    /// cross-reference or object-stream data (whose objects are read one by one), an embedded
    /// file (read as a file).
    fn not_text(&self, id: Option<ObjectId>, s: &Stream) -> bool {
        if id.and_then(|id| self.roles.get(&id)).is_some() || image_data(s) {
            return true;
        }
        let ty = |t: &[u8]| s.dict.has_type(t);
        ty(b"ObjStm")
            || ty(b"XRef")
            || ty(b"EmbeddedFile")
            || s.dict.has(b"FunctionType")
            || s.dict.has(b"ShadingType")
            || s.dict.has(b"Length1")
            || s.dict.has(b"Length2")
    }
}

/// Whether a stream is image data: an image XObject, a thumbnail, or compressed as images are.
fn image_data(s: &Stream) -> bool {
    let image = matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image")
        || (s.dict.has(b"Width") && s.dict.has(b"Height"));
    image
        || s.filters()
            .is_ok_and(|f| f.last().is_some_and(|f| IMAGE_FILTERS.contains(f)))
            && s.dict.has(b"BitsPerComponent")
}

/// Whether decoded data is a font program (TrueType, OpenType, CFF, Type 1) someone forgot to
/// name as one.
fn is_font_program(data: &[u8]) -> bool {
    data.starts_with(&[0, 1, 0, 0])
        || data.starts_with(b"OTTO")
        || data.starts_with(b"true")
        || data.starts_with(b"ttcf")
        || data.starts_with(b"%!PS-AdobeFont")
        || data.starts_with(b"%!FontType1")
}

/// Whether decoded data may be a content stream that shows text or marks content.
fn is_content(data: &[u8]) -> bool {
    data.windows(3)
        .any(|w| w == b"BT " || w == b"BT\n" || w == b"BT\r" || w == b"BDC")
}

/// What streams are to the file, by what refers to them: font programs, colour profiles,
/// thumbnails and JBIG2 globals are binary; the streams a file specification's `/EF` names
/// are embedded files.
fn roles(doc: &Document) -> HashMap<ObjectId, Role> {
    let mut roles = HashMap::new();
    let mut stack: Vec<&Object> = doc.objects.values().collect();
    while let Some(o) = stack.pop() {
        let dict = match o {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            Object::Array(items) => {
                if let [Object::Name(n), Object::Reference(id), ..] = &items[..]
                    && n == b"ICCBased"
                {
                    roles.insert(*id, Role::Binary);
                }
                stack.extend(items.iter().filter(|i| !matches!(i, Object::Reference(_))));
                continue;
            }
            _ => continue,
        };
        for (k, v) in dict.iter() {
            let binary = matches!(
                k.as_slice(),
                b"FontFile" | b"FontFile2" | b"FontFile3" | b"Thumb" | b"JBIG2Globals"
            );
            match v {
                Object::Reference(id) if binary => {
                    roles.insert(*id, Role::Binary);
                }
                Object::Dictionary(ef) if k == b"EF" => {
                    for (_, f) in ef.iter() {
                        if let Object::Reference(id) = f {
                            roles.insert(*id, Role::Embedded);
                        }
                    }
                }
                Object::Dictionary(_) | Object::Array(_) => stack.push(v),
                _ => {}
            }
        }
    }
    roles
}

/// Every font of the document's resources, by its resource name (the first of each name).
fn all_fonts(doc: &Document) -> Dictionary {
    let mut fonts = Dictionary::new();
    for o in doc.objects.values() {
        let dicts: Vec<&Dictionary> = match o {
            Object::Dictionary(d) => vec![d],
            Object::Stream(s) => vec![&s.dict],
            _ => continue,
        };
        for d in dicts {
            let resources = match d.get(b"Resources").map(|r| deref(doc, r)) {
                Ok(Object::Dictionary(r)) => r,
                _ => d,
            };
            if let Ok(Object::Dictionary(f)) = resources.get(b"Font").map(|f| deref(doc, f)) {
                for (name, font) in f.iter() {
                    if !fonts.has(name) {
                        fonts.set(name.clone(), font.clone());
                    }
                }
            }
        }
    }
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    resources
}

/// The page each object belongs to: what a page refers to (its content, resources,
/// annotations and their actions, metadata), a few references deep; structure elements by
/// their `/Pg`. An object two pages share belongs to the first.
fn owners(doc: &Document) -> HashMap<ObjectId, u32> {
    let mut owners: HashMap<ObjectId, u32> = HashMap::new();
    for (&n, &page) in &doc.get_pages() {
        owners.entry(page).or_insert(n);
        let mut stack: Vec<(&Object, usize)> = match doc.objects.get(&page) {
            Some(o) => vec![(o, 0)],
            None => continue,
        };
        while let Some((o, depth)) = stack.pop() {
            let dict = match o {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                Object::Array(items) => {
                    stack.extend(items.iter().map(|i| (i, depth)));
                    continue;
                }
                Object::Reference(id) => {
                    if depth < OWNER_DEPTH
                        && !owners.contains_key(id)
                        && let Some(target) = doc.objects.get(id)
                        && !is_page_tree(target)
                    {
                        owners.insert(*id, n);
                        stack.push((target, depth + 1));
                    }
                    continue;
                }
                _ => continue,
            };
            for (k, v) in dict.iter() {
                if !matches!(k.as_slice(), b"Parent" | b"P" | b"Pg" | b"Dest" | b"D") {
                    stack.push((v, depth));
                }
            }
        }
    }
    let pages: HashMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    for (id, o) in &doc.objects {
        if let Object::Dictionary(d) = o
            && let Ok(Object::Reference(pg)) = d.get(b"Pg")
            && let Some(&n) = pages.get(pg)
        {
            owners.entry(*id).or_insert(n);
        }
    }
    owners
}

fn is_page_tree(o: &Object) -> bool {
    let d = match o {
        Object::Dictionary(d) => d,
        _ => return false,
    };
    d.has_type(b"Page") || d.has_type(b"Pages") || d.has_type(b"Catalog")
}
