//! Office Open XML (.docx, .xlsx, .pptx) read for the gate: a zip of XML parts, each found
//! through the package's relationships (never by a guessed file name), and read as the
//! application shows it: a paragraph's runs joined, a cell's shared string looked up, a slide's
//! notes through the slide's own relationships.
//!
//! What a file leaks besides its text is collected too: comments with their authors, tracked
//! insertions and deletions, hidden sheets (read like the others, with their state), and the
//! properties naming people (`dc:creator`, `cp:lastModifiedBy`, `Company`, `Manager`; an
//! empty element, as LibreOffice writes, is not set).

use std::collections::HashMap;
use std::io::Cursor;

mod package;
mod sweep;
mod xlsx;

use super::xml::Ev;
use crate::model::attachment::{Extracted, Format, Part, Place, Property, Remark, Unreadable};
use package::{Package, Rel};
use xlsx::read_xlsx;

/// Reads a .docx, .xlsx or .pptx (`format`).
pub(super) fn read(bytes: &[u8], format: Format, depth: usize) -> Extracted {
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return archive(format);
    }
    let zip = match zip::ZipArchive::new(Cursor::new(bytes.to_vec())) {
        Ok(z) => z,
        Err(e) => {
            return Extracted::unreadable(
                format,
                Unreadable::Corrupt(format!(
                    "it is not a complete zip package ({e}); is it cut short?"
                )),
            );
        }
    };
    if zip
        .file_names()
        .any(|n| n.is_ok_and(|n| n == "EncryptionInfo"))
    {
        return Extracted::unreadable(format, Unreadable::Encrypted);
    }
    if !zip
        .file_names_raw()
        .any(|n| n.eq_ignore_ascii_case(b"[Content_Types].xml"))
    {
        return archive(format);
    }
    let mut pkg = Package::new(zip);
    pkg.depth = depth;
    let mut out = Extracted::empty(format);
    let read = match format {
        Format::Docx => read_docx(&mut pkg, &mut out),
        Format::Xlsx => read_xlsx(&mut pkg, &mut out),
        _ => read_pptx(&mut pkg, &mut out),
    };
    let read = read
        .and_then(|()| read_properties(&mut pkg, &mut out))
        .and_then(|()| pkg.rest(&mut out))
        .and_then(|()| pkg.sweep(&mut out));
    match read {
        Ok(()) => out,
        Err(e) => Extracted::unreadable(format, Unreadable::Corrupt(e)),
    }
}

/// A zip or gzip archive that is not an Office file: the gate does not open archives.
fn archive(format: Format) -> Extracted {
    Extracted::unreadable(
        format,
        Unreadable::Corrupt(
            "it is an archive (zip or gzip), not an Office file, and the gate does not open \
             archives: publish the files in it one by one"
                .to_owned(),
        ),
    )
}

/// Which Office file a zip is, by its main part's content type (`None`: not an Office file).
pub(super) fn kind(bytes: &[u8]) -> Option<Format> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).ok()?;
    let name = zip
        .file_names_raw()
        .find(|n| n.eq_ignore_ascii_case(b"[Content_Types].xml"))
        .map(|n| String::from_utf8_lossy(n).into_owned())?;
    let mut types = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(zip.by_name(&name).ok()?, 1 << 20),
        &mut types,
    )
    .ok()?;
    [
        ("wordprocessingml", Format::Docx),
        ("spreadsheetml", Format::Xlsx),
        ("presentationml", Format::Pptx),
    ]
    .into_iter()
    .find(|(t, _)| types.contains(&format!("{t}.")))
    .map(|(_, f)| f)
}

/// The main part the package's relationships name (`officeDocument`).
fn main_part(pkg: &mut Package, fallback: &str) -> Result<String, String> {
    let rels = pkg.rels("")?;
    Ok(rels
        .iter()
        .find(|r| r.kind == "officeDocument")
        .map_or_else(|| fallback.to_owned(), |r| r.target.clone()))
}

/// The external link addresses among relationships, for the withheld-URL check.
fn links_of(rels: &[Rel], out: &mut Vec<String>) {
    out.extend(
        rels.iter()
            .filter(|r| r.external && r.kind == "hyperlink")
            .map(|r| r.target.clone()),
    );
}

fn push_links(out: &mut Extracted, links: Vec<String>) {
    if !links.is_empty() {
        out.parts.push(Part {
            place: Place::Links,
            text: links.join("\n"),
        });
    }
}

// --- Word ---

/// A Word part's paragraphs (runs joined; deleted text included), its tracked changes.
fn word_paragraphs(ev: &[Ev], place: &Place, changes: &mut Vec<Remark>) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    // The open tracked change: (inserted, author, its text so far).
    let mut change: Option<(bool, Option<String>, String)> = None;
    let mut in_text = false;
    for e in ev {
        match e {
            Ev::Open(n, _) if n == "t" || n == "delText" || n == "instrText" => in_text = true,
            Ev::Close(n) if n == "t" || n == "delText" || n == "instrText" => in_text = false,
            Ev::Open(n, _) if n == "tab" => current.push('\t'),
            Ev::Open(n, _) if n == "ins" || n == "del" || n == "moveFrom" || n == "moveTo" => {
                let inserted = n == "ins" || n == "moveTo";
                change = Some((inserted, e.attr("author").map(str::to_owned), String::new()));
            }
            Ev::Open(n, _) if n.ends_with("PrChange") => changes.push(Remark {
                place: place.clone(),
                author: e.attr("author").map(str::to_owned),
                text: String::new(),
                inserted: true,
            }),
            Ev::Close(n) if n == "ins" || n == "del" || n == "moveFrom" || n == "moveTo" => {
                if let Some((inserted, author, text)) = change.take() {
                    changes.push(Remark {
                        place: place.clone(),
                        author,
                        text,
                        inserted,
                    });
                }
            }
            Ev::Close(n) if n == "p" => paragraphs.push(std::mem::take(&mut current)),
            Ev::Text(t) if in_text => {
                current.push_str(t);
                if let Some((_, _, text)) = &mut change {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.retain(|p| !p.trim().is_empty());
    paragraphs
}

fn read_docx(pkg: &mut Package, out: &mut Extracted) -> Result<(), String> {
    let main = main_part(pkg, "word/document.xml")?;
    let Some(doc) = pkg.xml(&main)? else {
        return Err(format!("it has no {main}: it is not a Word document"));
    };
    pkg.locate(&main, Place::Body);
    let paragraphs = word_paragraphs(&doc, &Place::Body, &mut out.changes);
    out.parts.push(Part {
        place: Place::Body,
        text: paragraphs.join("\n"),
    });
    let rels = pkg.rels(&main)?;
    let mut links = Vec::new();
    links_of(&rels, &mut links);
    for rel in &rels {
        let place = match rel.kind.as_str() {
            "header" => Place::Header,
            "footer" => Place::Footer,
            "footnotes" | "endnotes" => Place::Notes,
            "comments" | "commentsExtended" => Place::Comments,
            _ => continue,
        };
        pkg.locate(&rel.target, place.clone());
        let Some(ev) = pkg.xml(&rel.target)? else {
            continue;
        };
        links_of(&pkg.rels(&rel.target)?, &mut links);
        if place == Place::Comments {
            read_word_comments(&ev, out);
            continue;
        }
        let text = word_paragraphs(&ev, &place, &mut out.changes).join("\n");
        out.parts.push(Part { place, text });
    }
    push_links(out, links);
    Ok(())
}

fn read_word_comments(ev: &[Ev], out: &mut Extracted) {
    let mut i = 0;
    while i < ev.len() {
        if ev[i].opens("comment") {
            let author = ev[i].attr("author").map(str::to_owned);
            let end = (i..ev.len())
                .find(|&j| ev[j].closes("comment"))
                .unwrap_or(ev.len());
            let text = word_paragraphs(&ev[i..end], &Place::Comments, &mut Vec::new()).join("\n");
            out.comments.push(Remark {
                place: Place::Comments,
                author,
                text,
                inserted: false,
            });
            i = end;
        }
        i += 1;
    }
}

// --- Excel ---

/// The text of every `t` element inside `ev` (a shared string, a rich-text run, a comment).
fn t_text(ev: &[Ev]) -> String {
    let mut text = String::new();
    let mut inside = 0usize;
    for e in ev {
        match e {
            Ev::Open(n, _) if n == "t" => inside += 1,
            Ev::Close(n) if n == "t" => inside = inside.saturating_sub(1),
            Ev::Text(t) if inside > 0 => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The slices of `ev` from each opening of `name` to its closing.
fn elements<'a>(ev: &'a [Ev], name: &str) -> Vec<&'a [Ev]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ev.len() {
        if ev[i].opens(name) {
            let end = (i..ev.len())
                .find(|&j| ev[j].closes(name))
                .unwrap_or(ev.len() - 1);
            out.push(&ev[i..=end]);
            i = end;
        }
        i += 1;
    }
    out
}

// --- PowerPoint ---

/// A slide's (or notes slide's) text: each `a:p` paragraph, runs joined; in a notes slide,
/// only the notes placeholder and text boxes (not the slide image or the slide number).
fn slide_text(ev: &[Ev], notes: bool) -> String {
    let mut paragraphs = Vec::new();
    for shape in elements(ev, "sp") {
        if notes {
            let ph = shape.iter().find(|e| e.opens("ph"));
            let kind = ph.and_then(|p| p.attr("type")).unwrap_or("body");
            if ph.is_some() && kind != "body" {
                continue;
            }
        }
        for p in elements(shape, "p") {
            let text = t_text(p);
            if !text.trim().is_empty() {
                paragraphs.push(text);
            }
        }
    }
    // Tables in graphic frames hold text outside `sp`.
    for frame in elements(ev, "graphicFrame") {
        for p in elements(frame, "p") {
            let text = t_text(p);
            if !text.trim().is_empty() {
                paragraphs.push(text);
            }
        }
    }
    paragraphs.join("\n")
}

fn read_pptx(pkg: &mut Package, out: &mut Extracted) -> Result<(), String> {
    let main = main_part(pkg, "ppt/presentation.xml")?;
    let Some(pres) = pkg.xml(&main)? else {
        return Err(format!(
            "it has no {main}: it is not a PowerPoint presentation"
        ));
    };
    let rels = pkg.rels(&main)?;
    let authors: HashMap<String, String> = match rels.iter().find(|r| r.kind == "commentAuthors") {
        Some(r) => pkg
            .xml(&r.target.clone())?
            .unwrap_or_default()
            .iter()
            .filter(|e| e.opens("cmAuthor"))
            .map(|e| {
                (
                    e.attr("id").unwrap_or_default().to_owned(),
                    e.attr("name").unwrap_or_default().to_owned(),
                )
            })
            .collect(),
        None => HashMap::new(),
    };
    let mut links = Vec::new();
    let ids: Vec<String> = pres
        .iter()
        .filter(|e| e.opens("sldId"))
        .filter_map(|e| e.attr("r:id").map(str::to_owned))
        .collect();
    for (n, id) in (1u32..).zip(&ids) {
        let Some(rel) = rels.iter().find(|r| &r.id == id) else {
            continue;
        };
        let target = rel.target.clone();
        pkg.locate(&target, Place::Slide(n));
        if let Some(ev) = pkg.xml(&target)? {
            out.parts.push(Part {
                place: Place::Slide(n),
                text: slide_text(&ev, false),
            });
        }
        let slide_rels = pkg.rels(&target)?;
        links_of(&slide_rels, &mut links);
        for r in &slide_rels {
            let place = match r.kind.as_str() {
                "notesSlide" => Place::SlideNotes(n),
                _ => Place::Slide(n),
            };
            if r.kind == "notesSlide" || r.kind == "comments" {
                pkg.locate(&r.target, place);
            }
            match r.kind.as_str() {
                "notesSlide" => {
                    if let Some(ev) = pkg.xml(&r.target)? {
                        out.parts.push(Part {
                            place: Place::SlideNotes(n),
                            text: slide_text(&ev, true),
                        });
                    }
                }
                "comments" => {
                    let Some(ev) = pkg.xml(&r.target)? else {
                        continue;
                    };
                    for c in elements(&ev, "cm") {
                        let author = c[0].attr("authorId").and_then(|a| authors.get(a).cloned());
                        let text: String = c
                            .iter()
                            .filter_map(|e| match e {
                                Ev::Text(t) => Some(t.as_str()),
                                _ => None,
                            })
                            .collect();
                        out.comments.push(Remark {
                            place: Place::Slide(n),
                            author,
                            text,
                            inserted: false,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    push_links(out, links);
    Ok(())
}

// --- Properties ---

/// The core, extended and custom properties: those naming people or organisations, when
/// set; every value's text for the rules.
fn read_properties(pkg: &mut Package, out: &mut Extracted) -> Result<(), String> {
    let mut text = Vec::new();
    for (part, named) in [
        ("docProps/core.xml", &["creator", "lastModifiedBy"][..]),
        ("docProps/app.xml", &["Company", "Manager"][..]),
        ("docProps/custom.xml", &[][..]),
    ] {
        let Some(ev) = pkg.xml(part)? else {
            continue;
        };
        let mut open: Option<&str> = None;
        for e in &ev {
            match e {
                Ev::Open(n, _) => open = Some(n.as_str()),
                Ev::Close(_) => open = None,
                Ev::Text(t) => {
                    let value = t.trim();
                    if value.is_empty() {
                        continue;
                    }
                    if let Some(name) = open.filter(|n| named.contains(n)) {
                        out.properties.push(Property {
                            name: name.to_owned(),
                            value: value.to_owned(),
                        });
                    }
                    text.push(value.to_owned());
                }
            }
        }
    }
    if !text.is_empty() {
        match out.parts.iter_mut().find(|p| p.place == Place::Properties) {
            Some(p) => {
                p.text.push('\n');
                p.text.push_str(&text.join("\n"));
            }
            None => out.parts.push(Part {
                place: Place::Properties,
                text: text.join("\n"),
            }),
        }
    }
    Ok(())
}
