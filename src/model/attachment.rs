//! An attachment as the load step reads it: the text of each place inside the file (a PDF's
//! page, a sheet's cell, a slide's notes, a document's header), what it says about the people
//! who made it (properties, comments, tracked changes, an image's EXIF), and what the gate and
//! the accessibility checks need to know about a PDF. The gate holds it to its rules; the
//! cache keeps it as JSON, so every field is plain data.

use serde::{Deserialize, Serialize};

/// The kind of file, from its first bytes (its name only tells which of the zip-based Office
/// formats it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) enum Format {
    /// Portable Document Format.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// Excel (Office Open XML).
    Xlsx,
    /// PowerPoint (Office Open XML).
    Pptx,
    /// A binary Word 97-2003 file.
    Doc,
    /// A binary Excel 97-2003 file.
    Xls,
    /// A binary PowerPoint 97-2003 file.
    Ppt,
    /// A JPEG image.
    Jpeg,
    /// A PNG image.
    Png,
    /// A TIFF image.
    Tiff,
    /// A GIF image.
    Gif,
    /// A WebP image.
    Webp,
    /// An image whose metadata the gate cannot read (AVIF, HEIC, JPEG XL, JPEG 2000): refused.
    OtherImage,
    /// A zip or gzip archive that is not an Office file: opened, every file in it read.
    Archive,
    /// Compressed data the gate cannot open (xz, zstd, bzip2, lzma, 7z, rar, tar): refused.
    Compressed,
    /// A font (TrueType, OpenType, WOFF, WOFF2): its `name` table read.
    Font,
    /// A Windows icon (.ico): the PNG images in it read.
    Icon,
}

impl Format {
    /// The format of a file named `name` (by its extension), if it is one the gate opens.
    pub(crate) fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Format::Pdf,
            "docx" | "docm" => Format::Docx,
            "xlsx" | "xlsm" => Format::Xlsx,
            "pptx" | "pptm" => Format::Pptx,
            "doc" => Format::Doc,
            "xls" => Format::Xls,
            "ppt" => Format::Ppt,
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "tif" | "tiff" => Format::Tiff,
            "gif" => Format::Gif,
            "webp" => Format::Webp,
            "avif" | "heic" | "heif" | "jxl" | "jp2" | "j2k" | "jpx" => Format::OtherImage,
            _ => return None,
        })
    }

    /// The name the office's notation gives it: 「（PDF：245KB）」, 「（Word：31KB）」.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx | Format::Doc => "Word",
            Format::Xlsx | Format::Xls => "Excel",
            Format::Pptx | Format::Ppt => "PowerPoint",
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Tiff => "TIFF",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::OtherImage => "image",
            Format::Archive => "ZIP",
            Format::Compressed => "archive",
            Format::Font => "font",
            Format::Icon => "icon",
        }
    }
}

/// Where inside a file a piece of text or a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) enum Place {
    /// A PDF page (1-based).
    Page(u32),
    /// The annotations (comments, sticky notes) of a PDF page.
    Annotation(u32),
    /// A sheet of a workbook, with its visibility, and a cell if known.
    Sheet {
        /// The sheet's name.
        name: String,
        /// `visible`, `hidden` or `veryHidden`.
        state: String,
        /// The cell (`A1`), if the place is one.
        cell: Option<String>,
    },
    /// A slide (1-based, in the presentation's order).
    Slide(u32),
    /// A slide's speaker notes.
    SlideNotes(u32),
    /// A word-processing document's body.
    Body,
    /// Its headers.
    Header,
    /// Its footers.
    Footer,
    /// Its footnotes and endnotes.
    Notes,
    /// Its comments.
    Comments,
    /// The document properties (title, author, company… and a PDF's catalog).
    Properties,
    /// The addresses its hyperlinks point to.
    Links,
    /// An image's metadata (EXIF, XMP, PNG text chunks).
    Metadata,
    /// The file as a whole.
    File,
    /// A part of a package that no relationship of the document reaches, or a file embedded
    /// in it (`word/embeddings/x.xlsx`): its name.
    Part(String),
    /// Alternative text (an image's or a shape's description or title) in a part: the part's
    /// name.
    AltText(String),
    /// Something else a PDF holds, found by reading every object, string and stream of the
    /// file (earlier revisions and objects nothing refers to included): the page it belongs to
    /// if known, and what holds it (`object 12 (Annot)`, `bytes outside any object`).
    Object {
        /// The page (1-based) the object belongs to, if one does.
        page: Option<u32>,
        /// What holds the text.
        holder: Holder,
    },
}

/// What holds a text found by reading every object and byte of a PDF.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) enum Holder {
    /// The document information dictionary, object `id`.
    Info(u32),
    /// Object `id`, of the type it says (`Annot`, `StructElem`) if it says one.
    Object {
        /// Its number.
        id: u32,
        /// Its `/Type` (or `/S`).
        kind: Option<String>,
    },
    /// Object `id` of an earlier revision, not in the file's current version (in the object
    /// stream `stream`, if it was in one).
    Superseded {
        /// Its number.
        id: u32,
        /// The object stream that held it.
        stream: Option<u32>,
    },
    /// The trailer.
    Trailer,
    /// The bytes outside any object (comments, what follows the end of the file).
    Outside,
}

impl Holder {
    /// The key of its words in the catalogue's `holder` phrases, and their arguments.
    fn args(&self, args: &mut Vec<(&'static str, String)>) -> &'static str {
        match self {
            Holder::Info(id) => {
                args.push(("place_id", id.to_string()));
                "info"
            }
            Holder::Object { id, kind } => {
                args.push(("place_id", id.to_string()));
                match kind {
                    Some(kind) => {
                        args.push(("place_kind", kind.clone()));
                        "object_kind"
                    }
                    None => "object",
                }
            }
            Holder::Superseded { id, stream } => {
                args.push(("place_id", id.to_string()));
                match stream {
                    Some(stream) => {
                        args.push(("place_stream", stream.to_string()));
                        "superseded_stream"
                    }
                    None => "superseded",
                }
            }
            Holder::Trailer => "trailer",
            Holder::Outside => "outside",
        }
    }
}

impl Place {
    /// The key of the place's words in the catalogue's `place` phrases.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Place::Page(_) => "page",
            Place::Annotation(_) => "annotation",
            Place::Sheet { cell: Some(_), .. } => "sheet_cell",
            Place::Sheet { cell: None, .. } => "sheet",
            Place::Slide(_) => "slide",
            Place::SlideNotes(_) => "slide_notes",
            Place::Body => "body",
            Place::Header => "header",
            Place::Footer => "footer",
            Place::Notes => "notes",
            Place::Comments => "comments",
            Place::Properties => "properties",
            Place::Links => "links",
            Place::Metadata => "metadata",
            Place::File => "file",
            Place::Part(_) => "part",
            Place::AltText(_) => "alt_text",
            Place::Object { .. } => "object",
        }
    }

    /// The arguments a message needs to name the place in any language (`{place:place}`,
    /// the diagnostics catalogue's `place` phrases: `page 2`, `sheet 内部 (hidden), cell A1`):
    /// the key, and the number, name, visibility and cell it holds.
    pub(crate) fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = vec![("place", self.key().to_owned())];
        match self {
            Place::Page(n) | Place::Annotation(n) | Place::Slide(n) | Place::SlideNotes(n) => {
                args.push(("place_n", n.to_string()));
            }
            Place::Sheet { name, state, cell } => {
                args.push(("place_name", name.clone()));
                args.push(("place_state", state.clone()));
                args.extend(cell.iter().map(|c| ("place_cell", c.clone())));
            }
            Place::Part(name) | Place::AltText(name) => args.push(("place_name", name.clone())),
            Place::Object { page, holder } => {
                let on_page = match page {
                    Some(n) => {
                        args.push(("place_n", n.to_string()));
                        "some"
                    }
                    None => "none",
                };
                args.push(("place_page", on_page.to_owned()));
                let key = holder.args(&mut args);
                args.push(("place_holder", key.to_owned()));
            }
            _ => {}
        }
        args
    }
}

/// A piece of text and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Part {
    /// Where.
    pub(crate) place: Place,
    /// The text, runs of one paragraph (or page) joined.
    pub(crate) text: String,
}

/// A comment, or a tracked insertion or deletion, still in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Remark {
    /// Where.
    pub(crate) place: Place,
    /// Who wrote it, if the file says.
    pub(crate) author: Option<String>,
    /// Its text.
    pub(crate) text: String,
    /// For a tracked change: an insertion (`true`) or a deletion (`false`).
    pub(crate) inserted: bool,
}

/// A property naming a person or an organisation (author, last editor, company, manager),
/// set in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Property {
    /// Its name as the format spells it: `creator`, `lastModifiedBy`, `Company`, `Manager`,
    /// a PDF's `Author`.
    pub(crate) name: String,
    /// Its value.
    pub(crate) value: String,
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Unreadable {
    /// Encrypted (a password to open it, or only to change it).
    Encrypted,
    /// A binary Office 97-2003 file (.doc, .xls, .ppt).
    OldFormat,
    /// Cut short, damaged, or not what its name says: why.
    Corrupt(String),
}

/// Why a PDF page that shows something gives no text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum NoText {
    /// No text at all: a scanned image, or text turned into outlines.
    NoLayer,
    /// Text drawn with fonts that have no ToUnicode map (their names).
    NoToUnicode(Vec<String>),
}

/// What the accessibility checks and the gate need to know about a PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PdfFacts {
    /// How many pages.
    pub(crate) pages: u32,
    /// `/Title` of the document information (empty or missing: `None`).
    pub(crate) title: Option<String>,
    /// The catalog's `/Lang`.
    pub(crate) lang: Option<String>,
    /// Tagged: `/MarkInfo /Marked true` and a structure tree.
    pub(crate) tagged: bool,
    /// The pages (1-based) that show something but give no text, and why.
    pub(crate) no_text: Vec<(u32, NoText)>,
}

/// What an image's metadata says about where it was taken and whose camera took it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ImageFacts {
    /// Where the GPS position is (`EXIF GPS IFD`, `PNG tEXt exif:GPSLatitude`…), if any.
    pub(crate) gps: Vec<String>,
    /// Owner data: (tag, value), such as (`Artist`, `YAMADA Taro`).
    pub(crate) owner: Vec<(String, String)>,
    /// The text of the descriptive tags (ImageDescription, UserComment, XPComment…), for the
    /// gate's rules.
    #[serde(default)]
    pub(crate) text: Vec<String>,
}

/// Everything read from one attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Extracted {
    /// The format read.
    pub(crate) format: Format,
    /// Why it could not be read (then nothing else is known).
    pub(crate) unreadable: Option<Unreadable>,
    /// Its text, place by place (comments and deleted text included: they are in the file).
    pub(crate) parts: Vec<Part>,
    /// Properties that name people or organisations and are set.
    pub(crate) properties: Vec<Property>,
    /// Comments and annotations.
    pub(crate) comments: Vec<Remark>,
    /// Tracked insertions and deletions.
    pub(crate) changes: Vec<Remark>,
    /// A PDF's facts.
    pub(crate) pdf: Option<PdfFacts>,
    /// An image's metadata.
    pub(crate) image: Option<ImageFacts>,
    /// Every string the file holds, wherever it is (every text node and attribute value of
    /// every XML part of a package, its part names; ruby also as shown): the gate's text rules
    /// read it after [`Extracted::parts`], reporting only what those did not find.
    #[serde(default)]
    pub(crate) strings: Vec<Part>,
}

impl Extracted {
    /// A file of `format` with nothing read yet.
    pub(crate) fn empty(format: Format) -> Extracted {
        Extracted {
            format,
            unreadable: None,
            parts: Vec::new(),
            properties: Vec::new(),
            comments: Vec::new(),
            changes: Vec::new(),
            pdf: None,
            image: None,
            strings: Vec::new(),
        }
    }

    /// A file of `format` that cannot be read, and why.
    pub(crate) fn unreadable(format: Format, why: Unreadable) -> Extracted {
        Extracted {
            unreadable: Some(why),
            ..Extracted::empty(format)
        }
    }
}
