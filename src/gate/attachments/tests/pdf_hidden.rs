//! Regression tests for text a PDF holds besides its pages' drawn text, which the gate once
//! published: each place a hostile tester found (and a few more), with the marking written in
//! every spelling (full-width and half-width digits, a zero-width space inside, brackets) and
//! every encoding of a string (UTF-16BE or LE after a byte-order mark, UTF-8 with or without
//! one, Shift_JIS, literal or hex) or a stream (UTF-8, Shift_JIS, UTF-16; Flate, ASCIIHex,
//! ASCII85, RunLength or none), each found and placed. Earlier revisions and objects outside
//! the cross-reference table too; and the binary parts of a clean file (font programs,
//! images, colour profiles) are not read as text.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};

use super::{Code, Context, check, finish_pdf};
use crate::load::attachments::extract;
use crate::load::config::{AttachmentOptions, BaseUrl};

/// The marking in every spelling the gate's folding must see through.
pub(super) const SPELLINGS: &[&str] = &[
    "機密性２情報",
    "機密性2情報",
    "機密\u{200B}性２情報",
    "【機密性２】",
    "機密性\u{FEFF}2",
];

/// How a string's bytes are written.
#[derive(Debug, Clone, Copy)]
pub(super) enum Enc {
    Utf16Be,
    Utf16BeHex,
    Utf16Le,
    Utf8Bom,
    Utf8,
    ShiftJis,
}

const ENCODINGS: &[Enc] = &[
    Enc::Utf16Be,
    Enc::Utf16BeHex,
    Enc::Utf16Le,
    Enc::Utf8Bom,
    Enc::Utf8,
    Enc::ShiftJis,
];

pub(super) fn bytes(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf16Be | Enc::Utf16BeHex => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Enc::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Enc::Utf8Bom => [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect(),
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::ShiftJis => encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
    }
}

/// Whether Shift_JIS has no bytes for a character of `text` (a zero-width space).
pub(super) fn unencodable(text: &str, enc: Enc) -> bool {
    matches!(enc, Enc::ShiftJis) && encoding_rs::SHIFT_JIS.encode(text).2
}

fn string(text: &str, enc: Enc) -> Object {
    let format = match enc {
        Enc::Utf16BeHex | Enc::ShiftJis => StringFormat::Hexadecimal,
        _ => StringFormat::Literal,
    };
    Object::String(bytes(text, enc), format)
}

/// The places (`place` arguments) where the gate reported a marking in `pdf`, and the codes.
pub(super) fn found(pdf: &[u8]) -> (Vec<String>, Vec<Code>) {
    let base = BaseUrl::parse("https://www.example.go.jp/").unwrap();
    let options = AttachmentOptions::default();
    let left_out = std::collections::HashMap::new();
    let cx = Context {
        file: std::path::Path::new("a.pdf"),
        pages: vec!["content/p.md".to_owned()],
        allow: Vec::new(),
        options: &options,
        base: &base,
        left_out: &left_out,
    };
    let e = extract("a.pdf", pdf);
    let (ds, _) = check(&e, &cx);
    let places = ds
        .iter()
        .filter(|d| d.code == Code::E0314)
        .filter_map(super::super::place_of)
        .collect();
    (places, ds.iter().map(|d| d.code).collect())
}

/// A one-page PDF (a Helvetica page saying `Public text`) that `page` and `catalog` add to.
pub(super) fn pdf(
    page_more: impl FnOnce(&mut Document, &mut Dictionary),
    catalog_more: impl FnOnce(&mut Document, &mut Dictionary),
) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let helv = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Public text) Tj ET".to_vec(),
    ));
    let mut page = dictionary! {
        "Type" => "Page", "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => helv } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    };
    page_more(&mut doc, &mut page);
    finish_pdf(doc, page, catalog_more)
}

/// A PDF with `s` in one string of the catalog's `key`.
pub(super) fn in_catalog(
    key: &'static str,
    make: impl FnOnce(&mut Document, Object) -> Object,
    s: Object,
) -> Vec<u8> {
    pdf(
        |_, _| {},
        |doc, catalog| {
            let value = make(doc, s);
            catalog.set(key, value);
        },
    )
}

/// Every spelling in every string encoding is found, at a place containing `place`.
fn found_in_every_string(place: &str, make: impl Fn(Object) -> Vec<u8>) {
    for spelling in SPELLINGS {
        for &enc in ENCODINGS {
            if unencodable(spelling, enc) {
                continue;
            }
            let (places, codes) = found(&make(string(spelling, enc)));
            assert!(
                places.iter().any(|p| p.contains(place)),
                "{spelling:?} {enc:?}: not found at {place}: {places:?} {codes:?}"
            );
        }
    }
}

#[test]
fn a_choice_fields_options_are_read() {
    found_in_every_string("page 1", |s| {
        pdf(
            |doc, page| {
                let w = doc.add_object(dictionary! {
                    "Type" => "Annot", "Subtype" => "Widget", "FT" => "Ch",
                    "T" => Object::string_literal("class"),
                    "Opt" => vec![s, Object::string_literal("public")],
                    "Rect" => vec![72.into(), 600.into(), 300.into(), 620.into()],
                });
                page.set("Annots", vec![w.into()]);
            },
            |_, _| {},
        )
    });
}

#[test]
fn form_field_values_and_tooltips_are_read() {
    for key in ["V", "TU"] {
        found_in_every_string("", |s| {
            pdf(
                |_, _| {},
                |doc, catalog| {
                    let f = doc.add_object(
                        dictionary! { "FT" => "Tx", "T" => Object::string_literal("f"), key => s },
                    );
                    catalog.set("AcroForm", dictionary! { "Fields" => vec![f.into()] });
                },
            )
        });
    }
}

#[test]
fn page_label_prefixes_are_read() {
    found_in_every_string("Catalog", |s| {
        in_catalog(
            "PageLabels",
            |_, s| {
                dictionary! { "Nums" => vec![0.into(), dictionary! { "S" => "D", "P" => s }.into()] }.into()
            },
            s,
        )
    });
}

#[test]
fn structure_alt_and_actual_text_are_read_at_their_page() {
    for key in ["Alt", "ActualText", "T", "E"] {
        found_in_every_string("page 1", |s| {
            pdf(
                |_, _| {},
                |doc, catalog| {
                    let page = doc
                        .objects
                        .iter()
                        .find(|(_, o)| matches!(o, Object::Dictionary(d) if d.has_type(b"Page")))
                        .map(|(id, _)| *id)
                        .unwrap();
                    let se = doc.add_object(dictionary! {
                        "Type" => "StructElem", "S" => "Figure", key => s, "Pg" => page, "K" => 0,
                    });
                    let root = doc.add_object(
                        dictionary! { "Type" => "StructTreeRoot", "K" => vec![se.into()] },
                    );
                    catalog.set("StructTreeRoot", root);
                    catalog.set("MarkInfo", dictionary! { "Marked" => true });
                },
            )
        });
    }
}

#[test]
fn marked_content_actual_text_in_a_content_stream_is_read_at_its_page() {
    for named in [false, true] {
        found_in_every_string("page 1", |s| {
            pdf(
                |doc, page| {
                    let props = dictionary! { "ActualText" => s };
                    let operand: Object = if named {
                        "MC0".into()
                    } else {
                        props.clone().into()
                    };
                    let content = Content {
                        operations: vec![
                            Operation::new("BDC", vec!["Span".into(), operand]),
                            Operation::new("BT", vec![]),
                            Operation::new("Tf", vec!["F1".into(), 12.into()]),
                            Operation::new("Tj", vec![Object::string_literal("Public text")]),
                            Operation::new("ET", vec![]),
                            Operation::new("EMC", vec![]),
                        ],
                    };
                    let id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
                    page.set("Contents", id);
                    if named && let Ok(Object::Dictionary(r)) = page.get_mut(b"Resources") {
                        r.set("Properties", dictionary! { "MC0" => props });
                    }
                },
                |_, _| {},
            )
        });
    }
}

#[test]
fn document_information_in_utf16le_and_every_encoding_is_read() {
    found_in_every_string("document properties", |s| {
        pdf(
            |_, _| {},
            |doc, _| {
                let info = doc.add_object(dictionary! { "Subject" => s });
                doc.trailer.set("Info", info);
            },
        )
    });
}

#[test]
fn link_annotation_contents_are_read_at_its_page() {
    found_in_every_string("page 1", |s| {
        pdf(
            |doc, page| {
                let a = doc.add_object(dictionary! {
                    "Type" => "Annot", "Subtype" => "Link", "Contents" => s,
                    "Rect" => vec![72.into(), 700.into(), 300.into(), 720.into()],
                    "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org/") },
                });
                page.set("Annots", vec![a.into()]);
            },
            |_, _| {},
        )
    });
}

#[test]
fn an_attachments_name_description_and_name_tree_key_are_read() {
    for key in ["F", "UF", "Desc", "tree"] {
        found_in_every_string("object", |s| {
            pdf(
                |_, _| {},
                |doc, catalog| {
                    let inner = super::pdf_elsewhere("公開", 0, false);
                    let ef = doc
                        .add_object(Stream::new(dictionary! { "Type" => "EmbeddedFile" }, inner));
                    let mut spec = dictionary! {
                        "Type" => "Filespec", "F" => Object::string_literal("a.pdf"),
                        "EF" => dictionary! { "F" => ef },
                    };
                    let tree_key = if key == "tree" {
                        s
                    } else {
                        spec.set(key, s);
                        Object::string_literal("a.pdf")
                    };
                    let spec = doc.add_object(spec);
                    catalog.set(
                        "Names",
                        dictionary! { "EmbeddedFiles" => dictionary! {
                            "Names" => vec![tree_key, spec.into()],
                        }},
                    );
                },
            )
        });
    }
}

#[test]
fn outline_titles_collection_schemas_and_layer_names_are_read() {
    found_in_every_string("", |s| {
        in_catalog(
            "Outlines",
            |doc, s| {
                let outlines = doc.new_object_id();
                let item = doc.add_object(dictionary! { "Title" => s, "Parent" => outlines });
                doc.objects.insert(outlines, dictionary! { "Type" => "Outlines", "First" => item, "Last" => item, "Count" => 1 }.into());
                outlines.into()
            },
            s,
        )
    });
    found_in_every_string("Catalog", |s| {
        in_catalog(
            "Collection",
            |_, s| {
                dictionary! { "Schema" => dictionary! { "F1" => dictionary! { "Subtype" => "S", "N" => s } } }.into()
            },
            s,
        )
    });
    found_in_every_string("OCG", |s| {
        in_catalog(
            "OCProperties",
            |doc, s| {
                let ocg = doc.add_object(dictionary! { "Type" => "OCG", "Name" => s });
                dictionary! { "OCGs" => vec![ocg.into()], "D" => dictionary! { "Order" => vec![ocg.into()] } }.into()
            },
            s,
        )
    });
}

#[test]
fn a_string_in_an_object_nothing_refers_to_is_read() {
    found_in_every_string("object", |s| {
        pdf(
            |_, _| {},
            |doc, _| {
                doc.add_object(dictionary! { "Note" => vec![s] });
            },
        )
    });
}

#[test]
fn a_name_with_escaped_bytes_is_read() {
    for spelling in SPELLINGS {
        for enc in [Enc::Utf8, Enc::ShiftJis] {
            if unencodable(spelling, enc) {
                continue;
            }
            let name = bytes(spelling, enc);
            let key_pdf = pdf(
                |_, _| {},
                |doc, _| {
                    let mut d = Dictionary::new();
                    d.set(name.clone(), 1);
                    doc.add_object(d);
                },
            );
            let value_pdf = pdf(
                |_, _| {},
                |doc, _| {
                    doc.add_object(dictionary! { "N" => Object::Name(name.clone()) });
                },
            );
            for p in [key_pdf, value_pdf] {
                assert!(!found(&p).0.is_empty(), "{spelling:?} {enc:?}");
            }
        }
    }
}
