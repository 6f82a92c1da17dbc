//! The zip package of an Office Open XML file, as Office opens it: part names compared as OPC
//! compares them (ASCII case ignored, percent-escapes decoded, `\` read as `/`, a leading `/`
//! dropped), relationships resolved against the part that names them, and sizes bounded (a
//! zip bomb is not read).
//!
//! What the readers do not reach through relationships is still in the file for anyone who
//! unzips it: [`Package::rest`] reads every part no reader asked for (a stale comments part, a
//! second entry of the same name, a part only a custom relationship names), every embedded
//! file (an embedded workbook or PDF is read like an attachment; one the gate cannot read
//! makes the whole file unreadable), and the alternative text of the parts read.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use super::super::xml::{Ev, all_text, events};
use crate::model::attachment::{Extracted, Part, Place};

/// The most one part may unpack to, and the whole file (a zip bomb is not read).
const MAX_PART: u64 = 64 << 20;
const MAX_TOTAL: u64 = 512 << 20;
/// How deeply files embedded in files are read.
const MAX_NESTING: usize = 3;

/// The parts of a package, unpacked lazily.
pub(super) struct Package {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    unpacked: u64,
    /// Part name as OPC compares it → the zip entry's index (the first entry of that name).
    by_name: HashMap<String, usize>,
    /// Every entry's name as written (not UTF-8: lossily).
    names: Vec<String>,
    /// The entries a reader has read.
    read: HashSet<usize>,
    /// The alternative text found in the parts read: (part, text).
    alt: Vec<(String, String)>,
    /// How deeply this package is embedded in another file.
    pub(super) depth: usize,
    /// Where the readers found each part they read (part name as OPC compares it → place):
    /// the catch-all read ([`super::sweep`]) reports what it finds there.
    pub(super) places: HashMap<String, Place>,
}

/// A part name as OPC compares it.
pub(super) fn normalise(name: &str) -> String {
    let name = name.replace('\\', "/");
    let bytes = name.trim_start_matches('/').as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_ascii_lowercase()
}

impl Package {
    pub(super) fn new(zip: zip::ZipArchive<Cursor<Vec<u8>>>) -> Package {
        let names: Vec<String> = zip
            .file_names_raw()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        let mut by_name = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            by_name.entry(normalise(name)).or_insert(i);
        }
        Package {
            zip,
            unpacked: 0,
            by_name,
            names,
            read: HashSet::new(),
            alt: Vec::new(),
            depth: 0,
            places: HashMap::new(),
        }
    }

    /// The bytes of entry `i`, and its name.
    fn entry(&mut self, i: usize) -> Result<(String, Vec<u8>), String> {
        let name = self.names.get(i).cloned().unwrap_or_default();
        let mut file = self.zip.by_index(i).map_err(|e| format!("{name}: {e}"))?;
        if file.size() > MAX_PART || self.unpacked + file.size() > MAX_TOTAL {
            return Err(format!("{name} unpacks to more than the gate reads"));
        }
        let mut out = Vec::new();
        file.by_ref()
            .take(MAX_PART + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: {e}"))?;
        if out.len() as u64 > MAX_PART {
            return Err(format!("{name} unpacks to more than the gate reads"));
        }
        self.unpacked += out.len() as u64;
        self.read.insert(i);
        Ok((name, out))
    }

    /// Records that part `name` is read as `place` (the first reader to say so wins).
    pub(super) fn locate(&mut self, name: &str, place: Place) {
        self.places.entry(normalise(name)).or_insert(place);
    }

    /// The number of entries, and the name of entry `i` as written.
    pub(super) fn names(&self) -> &[String] {
        &self.names
    }

    /// The bytes of entry `i` read again (by the catch-all read, after every reader): bounded
    /// like the first read, not counted again against the whole file's bound.
    pub(super) fn reread(&mut self, i: usize) -> Result<Vec<u8>, String> {
        let name = self.names.get(i).cloned().unwrap_or_default();
        let file = self.zip.by_index(i).map_err(|e| format!("{name}: {e}"))?;
        let mut out = Vec::new();
        file.take(MAX_PART + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: {e}"))?;
        if out.len() as u64 > MAX_PART {
            return Err(format!("{name} unpacks to more than the gate reads"));
        }
        Ok(out)
    }

    /// The bytes of part `name` (`word/document.xml`), if it exists.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        match self.by_name.get(&normalise(name)) {
            Some(&i) => self.entry(i).map(|(_, bytes)| Some(bytes)),
            None => Ok(None),
        }
    }

    /// The events of XML part `name`, if it exists; its alternative text is kept.
    pub(super) fn xml(&mut self, name: &str) -> Result<Option<Vec<Ev>>, String> {
        let Some(bytes) = self.part(name)? else {
            return Ok(None);
        };
        let ev = events(&bytes).map_err(|e| format!("{name}: {e}"))?;
        for e in &ev {
            if let Ev::Open(element, _) = e
                && matches!(element.as_str(), "docPr" | "cNvPr")
            {
                for key in ["descr", "title"] {
                    if let Some(v) = e.attr(key).filter(|v| !v.trim().is_empty()) {
                        self.alt.push((name.to_owned(), v.to_owned()));
                    }
                }
            }
        }
        Ok(Some(ev))
    }

    /// The relationships of part `name`.
    pub(super) fn rels(&mut self, name: &str) -> Result<Vec<Rel>, String> {
        let (folder, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let Some(ev) = self.xml(&rels)? else {
            return Ok(Vec::new());
        };
        Ok(ev
            .iter()
            .filter(|e| e.opens("Relationship"))
            .map(|e| {
                let external = e.attr("TargetMode") == Some("External");
                let target = e.attr("Target").unwrap_or_default();
                Rel {
                    id: e.attr("Id").unwrap_or_default().to_owned(),
                    kind: e
                        .attr("Type")
                        .unwrap_or_default()
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    target: if external {
                        target.to_owned()
                    } else {
                        resolve(folder, target)
                    },
                    external,
                }
            })
            .collect())
    }

    /// Everything the readers did not reach (see the module's header), into `out`.
    pub(super) fn rest(&mut self, out: &mut Extracted) -> Result<(), String> {
        for (part, text) in std::mem::take(&mut self.alt) {
            out.parts.push(Part {
                place: Place::AltText(part),
                text,
            });
        }
        for i in 0..self.zip.len() {
            if self.read.contains(&i) {
                continue;
            }
            let (name, bytes) = self.entry(i)?;
            let lower = name.to_ascii_lowercase();
            if lower.ends_with('/') || bytes.is_empty() {
                continue;
            }
            let xml_like = [".xml", ".rels", ".vml", ".txt"]
                .iter()
                .any(|e| lower.ends_with(e));
            if xml_like || bytes.starts_with(b"<?xml") {
                let text = match events(&bytes) {
                    Ok(ev) => all_text(&ev),
                    // Not well-formed: its characters all the same.
                    Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
                };
                out.parts.push(Part {
                    place: Place::Part(name),
                    text,
                });
                continue;
            }
            self.embedded(&name, &bytes, out)?;
        }
        Ok(())
    }

    /// An embedded file or a media file: read like an attachment and merged into `out`; a
    /// binary the gate cannot read (an OLE object) makes the file unreadable.
    fn embedded(&mut self, name: &str, bytes: &[u8], out: &mut Extracted) -> Result<(), String> {
        let lower = name.to_ascii_lowercase();
        // Fonts and the printer settings hold no text of the document.
        if [".odttf", ".ttf", ".otf", ".fntdata", "printersettings"]
            .iter()
            .any(|e| lower.contains(e))
        {
            return Ok(());
        }
        if super::super::sniff(name, bytes).is_none() {
            if lower.contains("/media/") {
                // An image format the gate does not read metadata of (EMF, GIF, SVG…).
                return Ok(());
            }
            return Err(format!(
                "its part {name} is a file the gate cannot read (an embedded object): remove it, \
                 or paste its content as text or a picture"
            ));
        }
        if self.depth >= MAX_NESTING {
            return Err(format!(
                "{name} is embedded too deeply for the gate to read"
            ));
        }
        let inner = super::super::extract_nested(name, bytes, self.depth + 1);
        super::super::merge(out, name, inner)
    }
}

#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
    pub(super) external: bool,
}

/// A relationship's target, relative to the folder of the part that names it.
fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None if folder.is_empty() => target.to_owned(),
        None => format!("{folder}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
