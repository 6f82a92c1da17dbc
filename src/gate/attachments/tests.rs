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
    let mut doc = Document::with_version("1.7");
    let helv = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Public text) Tj ET".to_vec(),
    ));
    let page = dictionary! {
        "Type" => "Page", "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => helv } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    };
    finish_pdf(doc, page, |doc, catalog| match place {
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
    })
}

// --- Word ---

#[derive(Debug, Clone)]
struct DocxWay {
    /// Where: 0 body, 1 header, 2 comment, 3 deleted text, 4 alt text, 5 core properties,
    /// 6 a part nothing links, 7 a second entry of the document's name.
    place: u8,
    /// Split points (character indices) between runs.
    cuts: Vec<usize>,
    /// Characters written as references: 0 none, 1 hex, 2 decimal, 3 CDATA.
    refs: u8,
    /// The header's entry spelled: 0 as linked, 1 in capitals, 2 with a backslash, 3 the link
    /// percent-escaped.
    spelling: u8,
    /// 0 UTF-8, 1 UTF-8 with a BOM, 2 UTF-16LE, 3 UTF-16BE.
    encoding: u8,
    deflate: bool,
}

impl DocxWay {
    fn plain() -> DocxWay {
        DocxWay {
            place: 0,
            cuts: Vec::new(),
            refs: 0,
            spelling: 0,
            encoding: 0,
            deflate: true,
        }
    }
}

fn docx_way() -> impl Strategy<Value = DocxWay> {
    (
        0u8..8,
        proptest::collection::vec(0usize..8, 0..4),
        0u8..4,
        0u8..4,
        0u8..4,
        any::<bool>(),
    )
        .prop_map(|(place, cuts, refs, spelling, encoding, deflate)| DocxWay {
            place,
            cuts,
            refs,
            spelling,
            encoding,
            deflate,
        })
}

/// The secret as XML text, split into runs.
fn runs(secret: &str, way: &DocxWay) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let mut out = String::from("<w:r><w:t>");
    for (i, c) in chars.iter().enumerate() {
        if way.cuts.contains(&i) && i > 0 {
            out.push_str("</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>");
        }
        match way.refs {
            1 => out.push_str(&format!("&#x{:x};", *c as u32)),
            2 => out.push_str(&format!("&#{};", *c as u32)),
            3 => out.push_str(&format!("<![CDATA[{c}]]>")),
            _ => out.push(*c),
        }
    }
    out.push_str("</w:t></w:r>");
    out
}

fn encode(xml: &str, way: &DocxWay) -> Vec<u8> {
    match way.encoding {
        1 => [&[0xEF, 0xBB, 0xBF][..], xml.as_bytes()].concat(),
        2 => [0xFF, 0xFE]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        3 => [0xFE, 0xFF]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        _ => xml.as_bytes().to_vec(),
    }
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A .docx holding the secret where `way` says.
fn docx(secret: &str, way: &DocxWay) -> Vec<u8> {
    let text = runs(secret, way);
    let public = "<w:r><w:t>公開資料</w:t></w:r>";
    let (mut body, mut parts, mut rels) = (format!("<w:p>{public}</w:p>"), Vec::new(), Vec::new());
    let header_entry = match way.spelling {
        1 => "WORD/HEADER1.XML",
        2 => "word\\header1.xml",
        _ => "word/header1.xml",
    };
    let header_target = if way.spelling == 3 {
        "h%65ader1.xml"
    } else {
        "header1.xml"
    };
    match way.place {
        0 => body.push_str(&format!("<w:p>{text}</w:p>")),
        1 => {
            parts.push((header_entry.to_owned(), format!("<w:hdr {W}><w:p>{text}</w:p></w:hdr>")));
            rels.push(format!("<Relationship Id=\"rIdH\" Type=\"{REL}/header\" Target=\"{header_target}\"/>"));
        }
        2 => {
            parts.push(("word/comments.xml".to_owned(), format!("<w:comments {W}><w:comment w:id=\"0\" w:author=\"A\"><w:p>{text}</w:p></w:comment></w:comments>")));
            rels.push(format!("<Relationship Id=\"rIdC\" Type=\"{REL}/comments\" Target=\"comments.xml\"/>"));
        }
        3 => body.push_str(&format!(
            "<w:p><w:del w:id=\"1\" w:author=\"A\">{}</w:del></w:p>",
            text.replace("w:t>", "w:delText>")
        )),
        4 => body.push_str(&format!(
            "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"図 1\" descr=\"{}\"/></wp:inline></w:drawing></w:r></w:p>",
            secret
        )),
        5 => {
            let title = runs(secret, &DocxWay { cuts: Vec::new(), ..way.clone() })
                .replace("<w:r><w:t>", "")
                .replace("</w:t></w:r>", "");
            parts.push(("docProps/core.xml".to_owned(), format!("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{title}</dc:title></cp:coreProperties>")));
        }
        6 => parts.push(("customXml/item1.xml".to_owned(), format!("<x><p>{text}</p></x>"))),
        _ => {}
    }
    let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
    let doc_rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
        rels.join("")
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(if way.deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    });
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    };
    add("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
    add("_rels/.rels", format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/></Relationships>").as_bytes());
    add("word/document.xml", &encode(&document, way));
    add("word/_rels/document.xml.rels", doc_rels.as_bytes());
    for (name, xml) in &parts {
        add(name, &encode(xml, way));
    }
    if way.place == 7 {
        // A second entry of the same part name (OPC ignores case): one reader takes the
        // first, another the last.
        let hidden = format!("<w:document {W}><w:body><w:p>{text}</w:p></w:body></w:document>");
        add("Word/Document.xml", &encode(&hidden, way));
    }
    zip.finish().unwrap().into_inner()
}

// --- Images ---

/// A JPEG whose metadata holds the secret: 0 EXIF ImageDescription (UTF-8), 1 its Shift_JIS,
/// 2 XPComment (UTF-16LE), 3 UserComment (UNICODE, big-endian TIFF), 4 a COM segment, 5 XMP
/// with character references.
fn jpeg(secret: &str, way: u8) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut segment = |marker: u8, data: &[u8]| {
        out.extend([0xFF, marker]);
        out.extend(u16::try_from(data.len() + 2).unwrap().to_be_bytes());
        out.extend(data);
    };
    let tiff = |tag: u16, kind: u16, value: Vec<u8>, big: bool| -> Vec<u8> {
        let u16b = |v: u16| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut t = if big {
            b"MM\0*".to_vec()
        } else {
            b"II*\0".to_vec()
        };
        t.extend(u32b(8));
        t.extend(u16b(1));
        t.extend(u16b(tag));
        t.extend(u16b(kind));
        t.extend(u32b(value.len() as u32));
        t.extend(u32b(26));
        t.extend(u32b(0));
        t.extend(value);
        [b"Exif\0\0".to_vec(), t].concat()
    };
    match way {
        0 => segment(
            0xE1,
            &tiff(0x010E, 2, [secret.as_bytes(), b"\0"].concat(), false),
        ),
        1 => {
            let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(secret);
            segment(0xE1, &tiff(0x010E, 2, [&sjis[..], b"\0"].concat(), true));
        }
        2 => {
            let v: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
            segment(0xE1, &tiff(0x9C9C, 1, v, false));
        }
        3 => {
            let v: Vec<u8> = b"UNICODE\0"
                .iter()
                .copied()
                .chain(secret.encode_utf16().flat_map(u16::to_be_bytes))
                .collect();
            segment(0xE1, &tiff(0x9286, 7, v, true));
        }
        4 => segment(0xFE, secret.as_bytes()),
        _ => {
            let refs: String = secret.chars().map(|c| format!("&#{};", c as u32)).collect();
            let xmp = format!(
                "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description><dc:description>{refs}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
            );
            segment(0xE1, xmp.as_bytes());
        }
    }
    out.extend([0xFF, 0xD9]);
    out
}

/// A PNG whose text chunk (tEXt of Latin-1 can't: iTXt plain or compressed, or zTXt of the
/// UTF-8 bytes read as Latin-1 is not the secret, so iTXt) holds the secret.
fn png(secret: &str, compressed: bool) -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend(kind);
        c.extend(data);
        c.extend([0, 0, 0, 0]);
        c
    };
    let text = if compressed {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(secret.as_bytes()).unwrap();
        e.finish().unwrap()
    } else {
        secret.as_bytes().to_vec()
    };
    let itxt = [
        b"Description\0".to_vec(),
        vec![u8::from(compressed), 0],
        b"ja\0\0".to_vec(),
        text,
    ]
    .concat();
    let ihdr = [1u32.to_be_bytes(), 1u32.to_be_bytes()].concat();
    [
        b"\x89PNG\r\n\x1a\n".to_vec(),
        chunk(b"IHDR", &[ihdr, vec![8, 0, 0, 0, 0]].concat()),
        chunk(b"iTXt", &itxt),
        chunk(b"IEND", &[]),
    ]
    .concat()
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
    assert_eq!(codes("files.zip", &archive), vec![Code::E0322]);
    // A zip named .docx that is no Office file is refused too.
    assert_eq!(codes("a.docx", &archive), vec![Code::E0322]);
}
