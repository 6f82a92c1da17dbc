//! Word files and images for the variant tests, built in memory: a .docx with the secret where
//! and however [`DocxWay`] says, a JPEG and a PNG with it in their metadata.

use std::io::Write;

use proptest::prelude::*;

// --- Word ---

#[derive(Debug, Clone)]
pub(super) struct DocxWay {
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
    pub(super) fn plain() -> DocxWay {
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

pub(super) fn docx_way() -> impl Strategy<Value = DocxWay> {
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
pub(super) fn docx(secret: &str, way: &DocxWay) -> Vec<u8> {
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
pub(super) fn jpeg(secret: &str, way: u8) -> Vec<u8> {
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
pub(super) fn png(secret: &str, compressed: bool) -> Vec<u8> {
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
