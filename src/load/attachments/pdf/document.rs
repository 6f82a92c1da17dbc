//! What a PDF holds besides its pages' content and annotations' /Contents, and a reader still
//! shows or carries: the appearance streams of annotations (a stamp drawn as 「取扱注意」),
//! the outline (bookmarks), the values and tooltips of form fields, and embedded files (read
//! like attachments; one the gate cannot read makes the PDF unreadable).

use std::collections::{BTreeMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::{PageText, walk};
use super::{MAX_CONTENT, deref, dict_get, string_of};
use crate::model::attachment::{Extracted, Part, Place};

/// The most outline items or form fields read (a cycle or a bomb is not followed).
const MAX_ITEMS: usize = 100_000;

/// The outline, the form fields and the embedded files of `doc`, into `out`; `Err` with why
/// when an embedded file cannot be read.
pub(super) fn read(doc: &Document, depth: usize, out: &mut Extracted) -> Result<(), String> {
    let mut text = Vec::new();
    if let Ok(catalog) = doc.catalog() {
        if let Some(Object::Dictionary(outlines)) = dict_get(doc, catalog, b"Outlines") {
            outline(doc, outlines, &mut text);
        }
        if let Some(Object::Dictionary(form)) = dict_get(doc, catalog, b"AcroForm")
            && let Some(Object::Array(fields)) = dict_get(doc, form, b"Fields")
        {
            let mut seen = HashSet::new();
            for f in fields {
                field(doc, f, &mut seen, &mut text);
            }
        }
    }
    if !text.is_empty() {
        out.parts.push(Part {
            place: Place::Properties,
            text: text.join("\n"),
        });
    }
    // Every embedded file stream, whether the catalog's name tree or an annotation names it,
    // whether or not it says `/Type /EmbeddedFile`.
    for (id, name) in embedded(doc) {
        let Ok(Object::Stream(s)) = doc.get_object(id) else {
            continue;
        };
        let name = format!("embedded file {name}");
        let bytes = s
            .decompressed_content_with_limit(MAX_CONTENT)
            .map_err(|e| format!("the {name} cannot be unpacked ({e})"))?;
        if depth >= 3 {
            return Err(format!(
                "the {name} is embedded too deeply for the gate to read"
            ));
        }
        let inner = super::super::extract_nested(&name, &bytes, depth + 1);
        if inner.unreadable.is_some() && super::super::sniff(&name, &bytes).is_none() {
            return Err(format!(
                "it carries an embedded file ({name}) that the gate cannot read: remove it"
            ));
        }
        super::super::merge(out, &name, inner)?;
    }
    Ok(())
}

/// The embedded file streams: those a file specification's `/EF` names (with the name it
/// gives), and any stream of `/Type /EmbeddedFile` (numbered).
fn embedded(doc: &Document) -> BTreeMap<ObjectId, String> {
    let mut found = BTreeMap::new();
    let mut stack: Vec<&Object> = doc.objects.values().collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Dictionary(d) => {
                if let Ok(Object::Dictionary(ef)) = d.get(b"EF") {
                    let name = [&b"F"[..], b"UF"]
                        .iter()
                        .find_map(|k| string_of(doc, d, k))
                        .unwrap_or_default();
                    for (_, f) in ef.iter() {
                        if let Object::Reference(id) = f {
                            found.insert(*id, name.clone());
                        }
                    }
                }
                stack.extend(d.iter().map(|(_, v)| v));
            }
            Object::Array(items) => stack.extend(items),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    for (id, o) in &doc.objects {
        if let Object::Stream(s) = o
            && s.dict.has_type(b"EmbeddedFile")
        {
            found.entry(*id).or_default();
        }
    }
    let mut n = 0;
    for name in found.values_mut() {
        n += 1;
        if name.is_empty() {
            *name = n.to_string();
        }
    }
    found
}

/// The titles of the outline's items, depth first.
fn outline(doc: &Document, root: &Dictionary, text: &mut Vec<String>) {
    let mut stack: Vec<&Object> = root.get(b"First").ok().into_iter().collect();
    let mut seen = HashSet::new();
    while let Some(o) = stack.pop() {
        if seen.len() >= MAX_ITEMS || !o.as_reference().map_or(true, |id| seen.insert(id)) {
            continue;
        }
        let Object::Dictionary(item) = deref(doc, o) else {
            continue;
        };
        if let Some(title) = string_of(doc, item, b"Title") {
            text.push(title);
        }
        stack.extend(item.get(b"Next").ok());
        stack.extend(item.get(b"First").ok());
    }
}

/// A form field's value and tooltip, and its kids'.
fn field<'a>(
    doc: &'a Document,
    o: &'a Object,
    seen: &mut HashSet<lopdf::ObjectId>,
    text: &mut Vec<String>,
) {
    if seen.len() >= MAX_ITEMS || !o.as_reference().map_or(true, |id| seen.insert(id)) {
        return;
    }
    let Object::Dictionary(f) = deref(doc, o) else {
        return;
    };
    for key in [&b"V"[..], b"TU", b"DV"] {
        match dict_get(doc, f, key) {
            Some(Object::Array(items)) => {
                for i in items {
                    if let Object::String(bytes, _) = deref(doc, i) {
                        text.push(super::strings::text_string(bytes));
                    }
                }
            }
            Some(_) => text.extend(string_of(doc, f, key)),
            None => {}
        }
    }
    if let Some(Object::Array(kids)) = dict_get(doc, f, b"Kids") {
        for k in kids {
            field(doc, k, seen, text);
        }
    }
}

/// The text an annotation's normal appearance draws.
pub(super) fn appearance(doc: &Document, annotation: &Dictionary, out: &mut PageText) {
    let Some(Object::Dictionary(ap)) = dict_get(doc, annotation, b"AP") else {
        return;
    };
    let streams: Vec<&lopdf::Stream> = match dict_get(doc, ap, b"N") {
        Some(Object::Stream(s)) => vec![s],
        // One appearance per state (a check box's on and off).
        Some(Object::Dictionary(states)) => states
            .iter()
            .filter_map(|(_, o)| match deref(doc, o) {
                Object::Stream(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    for s in streams {
        out.walked.push(std::ptr::from_ref(s) as usize);
        let resources: Vec<&Dictionary> = match dict_get(doc, &s.dict, b"Resources") {
            Some(Object::Dictionary(d)) => vec![d],
            _ => Vec::new(),
        };
        let bytes = s
            .decompressed_content_with_limit(MAX_CONTENT)
            .unwrap_or_else(|_| s.content.clone());
        walk(doc, &bytes, &resources, 1, out);
        out.text.push('\n');
    }
}
