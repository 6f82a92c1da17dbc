//! The gate inside attachments against generated files: one secret (a marking above 機密性1,
//! or a handling word) written into a PDF, a Word file or an image in every way their formats
//! allow, and each variant must fail with the secret's code. PDFs: text through a ToUnicode
//! map (bfchar or bfrange, random codes), literal strings (raw or octal escapes) or hex
//! strings, one string or split over Tj, TJ with kerning, separate text objects and lines,
//! compressed or not, drawn by a form or by an annotation's appearance; the document
//! information (UTF-16 with its byte-order mark, custom keys), XMP with character references,
//! bookmarks, form values, embedded files. Word files: the secret split over runs, written as
//! character references or CDATA, in the body, a header, a comment, deleted text, alt text,
//! the properties or a part nothing links; part names spelled in other cases, percent-escaped,
//! with backslashes; UTF-8, UTF-8 with a BOM or UTF-16; stored or deflated. Images: EXIF
//! descriptions (ASCII, UTF-16, Shift_JIS), JPEG comments, PNG text chunks, compressed too.
#![allow(clippy::disallowed_methods)] // no file is touched: everything is in memory

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use proptest::prelude::*;

mod files;
mod hidden_places;
mod image_metadata;
mod pdf_hidden;
mod pdf_revisions;
mod pdf_streams;

use files::{DocxWay, docx, docx_way, jpeg, png};

use super::{Context, check};
use crate::diag::Code;
use crate::load::attachments::extract;
use crate::load::config::{AttachmentOptions, BaseUrl};

/// The secrets, and the code each must be reported with.
const SECRETS: &[(&str, Code)] = &[
    ("【機密性２情報】", Code::E0314),
    ("機密性3", Code::E0314),
    ("取扱注意", Code::E0313),
    ("部外秘", Code::E0313),
];

/// The codes the gate reports for a file.
fn codes(name: &str, bytes: &[u8]) -> Vec<Code> {
    let base = BaseUrl::parse("https://www.example.go.jp/").unwrap();
    let options = AttachmentOptions::default();
    let left_out = HashMap::new();
    let cx = Context {
        file: Path::new(name),
        pages: vec!["content/p.md".to_owned()],
        allow: Vec::new(),
        options: &options,
        base: &base,
        left_out: &left_out,
    };
    let e = extract(name, bytes);
    check(&e, &cx).0.iter().map(|d| d.code).collect()
}

// --- PDF ---

/// How the page's text is written.
#[derive(Debug, Clone)]
struct PdfWay {
    /// bfrange (else bfchar) in the ToUnicode map.
    range: bool,
    /// Strings as hex (else literal).
    hex: bool,
    /// Literal strings with every byte an octal escape.
    octal: bool,
    /// How the text is split: 0 one Tj, 1 a Tj per glyph, 2 TJ with kerning, 3 a text object
    /// per glyph on one line, 4 a line per glyph.
    split: u8,
    /// The content stream compressed.
    compress: bool,
    /// Drawn by: 0 the page, 1 a form the page draws, 2 a stamp annotation's appearance.
    drawn_by: u8,
    /// The first code of the font (codes are shuffled from there).
    first_code: u16,
}

fn pdf_way() -> impl Strategy<Value = PdfWay> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..5,
        any::<bool>(),
        0u8..3,
        1u16..60000,
    )
        .prop_map(
            |(range, hex, octal, split, compress, drawn_by, first_code)| PdfWay {
                range,
                hex,
                octal,
                split,
                compress,
                drawn_by,
                first_code,
            },
        )
}

/// A string operand of `codes` (two bytes each).
fn pdf_string(codes: &[u16], way: &PdfWay) -> String {
    let bytes: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
    if way.hex {
        let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        return format!("<{hex}>");
    }
    let mut s = String::from("(");
    for b in bytes {
        if way.octal || !(0x20..0x7F).contains(&b) || matches!(b, b'(' | b')' | b'\\') {
            s.push_str(&format!("\\{b:03o}"));
        } else {
            s.push(b as char);
        }
    }
    s.push(')');
    s
}

/// A content stream showing the codes.
fn pdf_content(codes: &[u16], way: &PdfWay) -> Vec<u8> {
    let one = |c: &[u16]| pdf_string(c, way);
    let mut s = String::from("BT /F1 12 Tf 72 700 Td ");
    match way.split {
        0 => s.push_str(&format!("{} Tj ", one(codes))),
        1 => codes
            .iter()
            .for_each(|c| s.push_str(&format!("{} Tj ", one(&[*c])))),
        2 => {
            s.push('[');
            for c in codes {
                s.push_str(&format!("{} -20 ", one(&[*c])));
            }
            s.push_str("] TJ ");
        }
        3 => {
            s = String::new();
            for (i, c) in codes.iter().enumerate() {
                s.push_str(&format!(
                    "BT /F1 12 Tf 1 0 0 1 {} 700 Tm {} Tj ET ",
                    72 + 12 * i,
                    one(&[*c])
                ));
            }
            return s.into_bytes();
        }
        _ => codes
            .iter()
            .for_each(|c| s.push_str(&format!("{} Tj 0 -14 Td ", one(&[*c])))),
    }
    s.push_str("ET");
    s.into_bytes()
}

/// A one-page PDF whose Type0 font maps shuffled codes to the secret's characters.
fn pdf_with_text(secret: &str, way: &PdfWay) -> Vec<u8> {
    let chars: Vec<char> = secret.chars().collect();
    let codes: Vec<u16> = (0..chars.len())
        .map(|i| way.first_code.wrapping_add((i as u16).wrapping_mul(7919)) % 60000 + 1)
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    let hex16 = |c: char| {
        let mut buf = [0u16; 2];
        c.encode_utf16(&mut buf)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect::<String>()
    };
    let entries: Vec<String> = codes
        .iter()
        .zip(&chars)
        .map(|(code, c)| {
            if way.range {
                format!("<{code:04X}> <{code:04X}> <{}>", hex16(*c))
            } else {
                format!("<{code:04X}> <{}>", hex16(*c))
            }
        })
        .collect();
    let kind = if way.range { "bfrange" } else { "bfchar" };
    cmap.push_str(&format!(
        "{} begin{kind}\n{}\nend{kind}\nendcmap end end\n",
        entries.len(),
        entries.join("\n")
    ));
    let mut doc = Document::with_version("1.7");
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test-Mincho",
        "Encoding" => "Identity-H", "ToUnicode" => to_unicode,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test-Mincho",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0,
            },
            "FontDescriptor" => dictionary! {
                "Type" => "FontDescriptor", "FontName" => "Test-Mincho", "Flags" => 4,
                "FontFile2" => Object::Null,
            },
        })],
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let mut text = Stream::new(dictionary! {}, pdf_content(&codes, way));
    if way.compress {
        text.compress().unwrap();
    }
    let (page_content, page_resources, annots) = match way.drawn_by {
        0 => (text, resources, Vec::new()),
        1 => {
            text.dict.set("Type", "XObject");
            text.dict.set("Subtype", "Form");
            text.dict
                .set("BBox", vec![0.into(), 0.into(), 600.into(), 800.into()]);
            text.dict.set("Resources", resources);
            let form = doc.add_object(text);
            (
                Stream::new(dictionary! {}, b"q /X1 Do Q".to_vec()),
                dictionary! { "XObject" => dictionary! { "X1" => form } },
                Vec::new(),
            )
        }
        _ => {
            text.dict.set("Type", "XObject");
            text.dict.set("Subtype", "Form");
            text.dict
                .set("BBox", vec![0.into(), 0.into(), 600.into(), 800.into()]);
            text.dict.set("Resources", resources);
            let ap = doc.add_object(text);
            let annot = doc.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Stamp",
                "Rect" => vec![0.into(), 0.into(), 600.into(), 800.into()],
                "AP" => dictionary! { "N" => ap },
            });
            (
                Stream::new(dictionary! {}, b"0 0 m 10 10 l S".to_vec()),
                dictionary! {},
                vec![Object::Reference(annot)],
            )
        }
    };
    let content = doc.add_object(page_content);
    finish_pdf(
        doc,
        dictionary! {
            "Type" => "Page", "Contents" => content, "Resources" => page_resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()], "Annots" => annots,
        },
        |_, _| {},
    )
}

/// A PDF with one page, whose catalog and trailer `more` may add to.
fn finish_pdf(
    mut doc: Document,
    mut page: Dictionary,
    more: impl FnOnce(&mut Document, &mut Dictionary),
) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    page.set("Parent", pages_id);
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    more(&mut doc, &mut catalog);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF with an ASCII page and the secret only in one of its other places.
fn pdf_elsewhere(secret: &str, place: u8, utf16_hex: bool) -> Vec<u8> {
    let string = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(
            bytes,
            if utf16_hex {
                lopdf::StringFormat::Hexadecimal
            } else {
                lopdf::StringFormat::Literal
            },
        )
    };
    pdf_hidden::pdf(
        |_, _| {},
        |doc, catalog| match place {
            0 => {
                let info = doc.add_object(dictionary! { "Title" => string(secret) });
                doc.trailer.set("Info", info);
            }
            1 => {
                let info = doc.add_object(dictionary! { "Division" => string(secret) });
                doc.trailer.set("Info", info);
            }
            2 => {
                let refs: String = secret
                    .chars()
                    .map(|c| format!("&#x{:X};", c as u32))
                    .collect();
                let xmp = format!(
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:description>{refs}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
                );
                let mut s = Stream::new(
                    dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                    xmp.into_bytes(),
                );
                s.compress().unwrap();
                let id = doc.add_object(s);
                catalog.set("Metadata", id);
            }
            3 => {
                let outlines = doc.new_object_id();
                let item =
                    doc.add_object(dictionary! { "Title" => string(secret), "Parent" => outlines });
                doc.objects.insert(
                outlines,
                Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => item, "Last" => item, "Count" => 1 }),
            );
                catalog.set("Outlines", outlines);
            }
            4 => {
                let field = doc.add_object(dictionary! { "FT" => "Tx", "T" => Object::string_literal("f"), "V" => string(secret) });
                catalog.set("AcroForm", dictionary! { "Fields" => vec![field.into()] });
            }
            _ => {
                let inner = docx(secret, &DocxWay::plain());
                let mut s = Stream::new(dictionary! { "Type" => "EmbeddedFile" }, inner);
                s.compress().unwrap();
                let ef = doc.add_object(s);
                let spec = doc.add_object(dictionary! {
                    "Type" => "Filespec", "F" => Object::string_literal("a.docx"),
                    "EF" => dictionary! { "F" => ef },
                });
                catalog.set(
                    "Names",
                    dictionary! { "EmbeddedFiles" => dictionary! {
                        "Names" => vec![Object::string_literal("a.docx"), spec.into()],
                    }},
                );
            }
        },
    )
}

fn secret() -> impl Strategy<Value = (&'static str, Code)> {
    proptest::sample::select(SECRETS)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_secret_in_a_pdfs_text_is_found_however_it_is_encoded((secret, code) in secret(), way in pdf_way()) {
        let bytes = pdf_with_text(secret, &way);
        let got = codes("a.pdf", &bytes);
        prop_assert!(got.contains(&code), "{secret} {way:?}: {got:?}");
    }

    #[test]
    fn a_secret_elsewhere_in_a_pdf_is_found((secret, code) in secret(), place in 0u8..6, hex in any::<bool>()) {
        let got = codes("a.pdf", &pdf_elsewhere(secret, place, hex));
        prop_assert!(got.contains(&code) || got.contains(&Code::E0322), "{secret} place {place}: {got:?}");
        prop_assert!(got.contains(&code), "{secret} place {place}: {got:?}");
    }

    #[test]
    fn a_secret_in_a_word_file_is_found_wherever_and_however_it_is_written((secret, code) in secret(), way in docx_way()) {
        let got = codes("a.docx", &docx(secret, &way));
        prop_assert!(got.contains(&code), "{secret} {way:?}: {got:?}");
    }

    #[test]
    fn a_secret_in_an_images_metadata_is_found((secret, code) in secret(), way in 0u8..6, compressed in any::<bool>()) {
        let got = codes("a.jpg", &jpeg(secret, way));
        prop_assert!(got.contains(&code), "{secret} jpeg {way}: {got:?}");
        let got = codes("a.png", &png(secret, compressed));
        prop_assert!(got.contains(&code), "{secret} png {compressed}: {got:?}");
    }
}

#[test]
fn the_generated_files_without_the_secret_pass() {
    let way = PdfWay {
        range: false,
        hex: true,
        octal: false,
        split: 0,
        compress: true,
        drawn_by: 0,
        first_code: 5,
    };
    assert_eq!(codes("a.pdf", &pdf_with_text("公開資料です", &way)), vec![]);
    assert_eq!(
        codes("a.docx", &docx("公開資料です", &DocxWay::plain())),
        vec![]
    );
    assert_eq!(codes("a.jpg", &jpeg("公開資料", 0)), vec![]);
}

#[test]
fn a_pdf_or_word_file_under_another_name_or_an_archive_is_read_or_refused() {
    let way = PdfWay {
        range: true,
        hex: false,
        octal: true,
        split: 1,
        compress: false,
        drawn_by: 0,
        first_code: 9,
    };
    let pdf = pdf_with_text("取扱注意", &way);
    assert!(codes("shiryou.dat", &pdf).contains(&Code::E0313));
    let docx = docx("取扱注意", &DocxWay::plain());
    assert!(codes("shiryou", &docx).contains(&Code::E0313));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all("取扱注意".as_bytes()).unwrap();
    let archive = zip.finish().unwrap().into_inner();
    // An archive is opened and its files read.
    assert_eq!(codes("files.zip", &archive), vec![Code::E0313]);
    // A zip named .docx that is no Office file is refused too.
    assert_eq!(codes("a.docx", &archive), vec![Code::E0322]);
}
