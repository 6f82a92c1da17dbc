//! Regression tests for text in a PDF's streams that no page draws: JavaScript, XMP in page
//! metadata or in a stream that is no metadata, a content stream nothing refers to, an
//! embedded file without its optional type; the marking in every spelling, written as UTF-8,
//! Shift_JIS or UTF-16, with every filter lopdf decodes (Flate, ASCIIHex, ASCII85,
//! RunLength) or none. A stream the gate cannot decode is refused, unless it is image data.

use lopdf::{Dictionary, Object, Stream, dictionary};

use super::Code;
use super::pdf_hidden::{Enc, SPELLINGS, bytes, found, in_catalog, pdf, unencodable};

/// Every way a stream's data is written: the text's encoding and the stream's filter.
fn streams(text: &str) -> Vec<Stream> {
    let mut out = Vec::new();
    for enc in [Enc::Utf8, Enc::ShiftJis, Enc::Utf16Be, Enc::Utf16Le] {
        if unencodable(text, enc) {
            continue;
        }
        let data = bytes(text, enc);
        out.push(Stream::new(dictionary! {}, data.clone()));
        out.push(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            deflate(&data),
        ));
        let hex: String = data.iter().map(|b| format!("{b:02X}")).collect::<String>() + ">";
        out.push(Stream::new(
            dictionary! { "Filter" => "ASCIIHexDecode" },
            hex.into_bytes(),
        ));
        out.push(Stream::new(
            dictionary! { "Filter" => "ASCII85Decode" },
            ascii85(&data),
        ));
        out.push(Stream::new(
            dictionary! { "Filter" => "RunLengthDecode" },
            run_length(&data),
        ));
    }
    out
}

/// `data` compressed with zlib (lopdf's `compress` leaves short data as it is).
pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (n % 85) as u8 + b'!';
            n /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

fn run_length(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(128) {
        out.push((chunk.len() - 1) as u8);
        out.extend_from_slice(chunk);
    }
    out.push(128);
    out
}

/// Every spelling in every stream encoding and filter is found, at a place containing `place`.
fn found_in_every_stream(
    place: &str,
    wrap: impl Fn(&str) -> String,
    make: impl Fn(Stream) -> Vec<u8>,
) {
    for spelling in SPELLINGS {
        for s in streams(&wrap(spelling)) {
            let filter = format!("{:?}", s.dict.get(b"Filter").ok());
            let (places, codes) = found(&make(s));
            assert!(
                places.iter().any(|p| p.contains(place)),
                "{spelling:?} {filter}: not found at {place}: {places:?} {codes:?}"
            );
        }
    }
}

#[test]
fn javascript_actions_are_read() {
    found_in_every_stream(
        "(JavaScript)",
        |m| format!("app.alert(\"{m}\");"),
        |mut s| {
            in_catalog(
                "OpenAction",
                |doc, _| {
                    s.dict.set("Type", "JavaScript");
                    let js = doc.add_object(s);
                    dictionary! { "S" => "JavaScript", "JS" => js }.into()
                },
                Object::Null,
            )
        },
    );
}

fn xmp(m: &str) -> String {
    format!(
        "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:description>{m}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )
}

#[test]
fn page_level_xmp_metadata_is_read_at_its_page() {
    found_in_every_stream("page 1", xmp, |mut s| {
        pdf(
            |doc, page| {
                s.dict.set("Type", "Metadata");
                s.dict.set("Subtype", "XML");
                page.set("Metadata", doc.add_object(s));
            },
            |_, _| {},
        )
    });
}

#[test]
fn xmp_in_a_stream_that_is_not_metadata_is_read() {
    found_in_every_stream("object", xmp, |s| {
        pdf(
            |_, _| {},
            |doc, _| {
                doc.add_object(s);
            },
        )
    });
    // Written as character references, as XMP may.
    let refs = |m: &str| {
        xmp(&m
            .chars()
            .map(|c| format!("&#x{:X};", c as u32))
            .collect::<String>())
    };
    found_in_every_stream("object", refs, |s| {
        pdf(
            |_, _| {},
            |doc, _| {
                doc.add_object(s);
            },
        )
    });
}

#[test]
fn a_compressed_stream_nothing_refers_to_is_read() {
    found_in_every_stream(
        "object",
        |m| format!("BT /F1 12 Tf ({m}) Tj ET"),
        |s| {
            pdf(
                |_, _| {},
                |doc, _| {
                    doc.add_object(s);
                },
            )
        },
    );
}

#[test]
fn an_embedded_file_without_its_optional_type_is_read_as_a_file() {
    let make = |data: Vec<u8>| {
        pdf(
            |_, _| {},
            |doc, catalog| {
                let mut s = Stream::new(dictionary! {}, data);
                s.compress().unwrap();
                let ef = doc.add_object(s);
                let spec = doc.add_object(dictionary! {
                "Type" => "Filespec", "F" => Object::string_literal("data.csv"), "EF" => dictionary! { "F" => ef },
            });
                catalog.set(
                    "Names",
                    dictionary! { "EmbeddedFiles" => dictionary! {
                        "Names" => vec![Object::string_literal("data.csv"), spec.into()],
                    }},
                );
            },
        )
    };
    // A CSV is no file the gate reads: refused, as with the type.
    let (_, codes) = found(&make("区分,機密性２情報\n".as_bytes().to_vec()));
    assert!(codes.contains(&Code::E0322), "{codes:?}");
    // An embedded PDF is read, its marking found.
    let inner = super::pdf_elsewhere("機密性２情報", 0, true);
    let (places, _) = found(&make(inner));
    assert!(places.iter().any(|p| p.contains("data.csv")), "{places:?}");
}

#[test]
fn a_stream_the_gate_cannot_decode_is_refused_unless_it_is_image_data() {
    let make = |dict: Dictionary| {
        pdf(
            |_, _| {},
            |doc, _| {
                doc.add_object(Stream::new(dict, b"\x01\x02\x03".to_vec()));
            },
        )
    };
    let (_, codes) = found(&make(dictionary! { "Filter" => "SecretDecode" }));
    assert_eq!(codes, vec![Code::E0322]);
    let image = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
        "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray", "Filter" => "DCTDecode",
    };
    assert_eq!(found(&make(image)).1, vec![]);
}
