//! Attachments read for the publish gate: PDF, Word, Excel and PowerPoint files and images,
//! opened by what their bytes are (a `.pdf` that is not a PDF, a `.docx` that is a
//! password-protected OLE file, a `.doc` from Office 97 are all told apart), their text
//! extracted place by place ([`pdf`], [`ooxml`], [`image`]).
//!
//! Part of the load step, run by the link step once it knows which files are published (and
//! by the gate's last barrier for any published file that is one). Reading is the expensive
//! part, so every result is kept by the SHA-256 of the file's bytes ([`cache`]): in memory for
//! the preview and for the barrier of the same build, on disk for the next build.

mod archive;
mod cache;
mod cmap;
pub(crate) mod image;
mod ooxml;
mod pdf;
mod xml;

pub use cache::AttachmentStats;
pub(crate) use cache::Store;

use crate::model::attachment::{Extracted, Format, Part, Place, Unreadable};

/// What an OLE2 compound file (Office 97-2003, or an encrypted Office Open XML file) starts
/// with.
const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format the gate reads a file as, from its bytes: `None` for a file that is none of
/// them (its name and bytes both say so).
pub(crate) fn sniff(name: &str, bytes: &[u8]) -> Option<Format> {
    let by_name = Format::of_name(name);
    if bytes.starts_with(&OLE2) {
        return Some(by_name.unwrap_or(Format::Doc));
    }
    let head = &bytes[..bytes.len().min(1024)];
    // A PDF may have bytes before its header; a file not named like one must start with it
    // (a text file that mentions `%PDF-` is not a PDF).
    if (by_name.is_some() && head.windows(5).any(|w| w == b"%PDF-")) || bytes.starts_with(b"%PDF-")
    {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(Format::Tiff);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some(Format::Webp);
    }
    if other_image(bytes) {
        return Some(Format::OtherImage);
    }
    if let Some(format) = archive::sniff(bytes) {
        return Some(format);
    }
    if by_name.is_none() && bytes.starts_with(GZIP) {
        return Some(Format::Archive);
    }
    if by_name.is_none() && bytes.starts_with(ZIP) {
        // An Office file under another name, or an archive: read all the same.
        return Some(ooxml::kind(bytes).unwrap_or(Format::Archive));
    }
    by_name
}

/// Whether the bytes are an image whose metadata the gate cannot read: an ISO base media file
/// (AVIF, HEIC), JPEG XL (bare or in its container), JPEG 2000.
fn other_image(bytes: &[u8]) -> bool {
    let brand = bytes.get(4..12);
    let iso = [
        &b"ftypavif"[..],
        b"ftypavis",
        b"ftypheic",
        b"ftypheix",
        b"ftypmif1",
        b"ftypmsf1",
    ];
    brand.is_some_and(|b| iso.contains(&b))
        || bytes.starts_with(&[0xFF, 0x0A])
        || bytes.starts_with(b"\0\0\0\x0CJXL \r\n\x87\n")
        || bytes.starts_with(b"\0\0\0\x0CjP  \r\n\x87\n")
        || bytes.starts_with(&[0xFF, 0x4F, 0xFF, 0x51])
}

/// What a zip file (an Office Open XML package, or an archive) starts with.
const ZIP: &[u8] = b"PK\x03\x04";
/// What a gzip file starts with.
const GZIP: &[u8] = &[0x1F, 0x8B];

/// Reads a file named `name` (its extension tells the Office formats apart) with these bytes.
pub(crate) fn extract(name: &str, bytes: &[u8]) -> Extracted {
    extract_nested(name, bytes, 0)
}

/// [`extract`] of a file embedded `depth` files deep in another.
fn extract_nested(name: &str, bytes: &[u8], depth: usize) -> Extracted {
    let Some(format) = sniff(name, bytes) else {
        return Extracted::unreadable(
            Format::Pdf,
            Unreadable::Corrupt("it is not a file the gate can read".to_owned()),
        );
    };
    if bytes.starts_with(&OLE2) {
        // An Office Open XML file protected by a password is an OLE2 container too.
        return match format {
            Format::Docx | Format::Xlsx | Format::Pptx => {
                Extracted::unreadable(format, Unreadable::Encrypted)
            }
            _ => Extracted::unreadable(format, Unreadable::OldFormat),
        };
    }
    match format {
        Format::Pdf => pdf::read(bytes, depth),
        Format::Docx | Format::Xlsx | Format::Pptx => ooxml::read(bytes, format, depth),
        Format::Doc | Format::Xls | Format::Ppt => Extracted::unreadable(
            format,
            Unreadable::Corrupt(
                "it is named like an Office 97-2003 file but is not one".to_owned(),
            ),
        ),
        Format::Jpeg | Format::Png | Format::Tiff | Format::Gif | Format::Webp => {
            image::read(bytes, format)
        }
        Format::OtherImage => Extracted::unreadable(
            format,
            Unreadable::Corrupt(
                "it is an image (AVIF, HEIC, JPEG XL or JPEG 2000) whose metadata the gate cannot \
                 read: save it as JPEG, PNG, GIF or WebP"
                    .to_owned(),
            ),
        ),
        Format::Archive | Format::Compressed | Format::Font | Format::Icon => {
            archive::read(name, bytes, format, depth)
        }
    }
}

/// The bytes as plain UTF-8 text (no control character but tab and line breaks), or why not:
/// what a published file that is no attachment must be.
pub(crate) fn plain_text(bytes: &[u8]) -> Result<&str, String> {
    archive::plain_text(bytes)
}

/// What was read from a file embedded as `name` in another, into the other's `out`: its text
/// placed at `name`, its comments, changes and properties kept.
fn merge(out: &mut Extracted, name: &str, inner: Extracted) -> Result<(), String> {
    if let Some(why) = inner.unreadable {
        let why = match why {
            Unreadable::Encrypted => "it is encrypted".to_owned(),
            Unreadable::OldFormat => "it is a binary Office 97-2003 file".to_owned(),
            Unreadable::Corrupt(why) => why,
        };
        return Err(format!(
            "the file {name} embedded in it cannot be read: {why}"
        ));
    }
    let place = Place::Part(name.to_owned());
    let text: Vec<String> = inner.parts.into_iter().map(|p| p.text).collect();
    out.parts.push(Part {
        place: place.clone(),
        text: text.join("\n"),
    });
    for mut r in inner.comments {
        r.place = place.clone();
        out.comments.push(r);
    }
    for mut r in inner.changes {
        r.place = place.clone();
        out.changes.push(r);
    }
    out.properties.extend(inner.properties);
    for mut s in inner.strings {
        s.place = place.clone();
        out.strings.push(s);
    }
    if let Some(image) = inner.image
        && (!image.gps.is_empty() || !image.owner.is_empty())
    {
        return Err(format!(
            "the image {name} inside it holds a GPS position or its owner's name in its \
             metadata ({}): remove them from the image and insert it again",
            image
                .gps
                .iter()
                .chain(image.owner.iter().map(|(t, _)| t))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(pdf) = inner.pdf
        && !pdf.no_text.is_empty()
    {
        return Err(format!(
            "the PDF {name} inside it has pages without text, which the gate cannot read"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
