//! A small view of an XML part of an Office file: its elements (by local name, prefixes
//! dropped: `w:t` is `t`) with their attributes, and its text with references resolved.
//! quick-xml reads it; the Office readers walk the flat list of events this makes.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One step through an XML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ev {
    /// A start (or empty) element: its local name and attributes (names as written, values
    /// unescaped).
    Open(String, Vec<(String, String)>),
    /// An end element (an empty element is an `Open` then a `Close`).
    Close(String),
    /// Text, references resolved.
    Text(String),
}

impl Ev {
    /// The value of attribute `name` of an `Open`: the one written so (`r:id`), else the
    /// first whose local name it is (`author` finds `w:author`).
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        let Ev::Open(_, attrs) = self else {
            return None;
        };
        let local = |n: &str| n.rsplit_once(':').map_or(n, |(_, l)| l).to_owned();
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| attrs.iter().find(|(n, _)| local(n) == name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether this opens element `name`.
    pub(super) fn opens(&self, name: &str) -> bool {
        matches!(self, Ev::Open(n, _) if n == name)
    }

    /// Whether this closes element `name`.
    pub(super) fn closes(&self, name: &str) -> bool {
        matches!(self, Ev::Close(n) if n == name)
    }
}

fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name, |(_, l)| l).to_owned()
}

/// The events of an XML part, or why it is not well-formed.
pub(super) fn events(xml: &[u8]) -> Result<Vec<Ev>, String> {
    let text = decode(xml);
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            {
                let name = local(e.name().as_ref());
                let attrs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| a.value.to_string());
                        (a.key.as_ref().to_owned(), value)
                    })
                    .collect();
                out.push(Ev::Open(name.clone(), attrs));
                if empty {
                    out.push(Ev::Close(name));
                }
            }
            continue;
        }
        match event {
            Event::End(e) => out.push(Ev::Close(local(e.name().as_ref()))),
            Event::Text(t) => push_text(&mut out, &t.xml10_content()),
            Event::CData(t) => push_text(&mut out, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r.into_inner() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    push_text(&mut out, &c.to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The text of an XML file: UTF-16 (little or big endian) after its byte-order mark, as XML
/// allows and Office reads, else UTF-8.
fn decode(xml: &[u8]) -> String {
    let utf16 = |rest: &[u8], big: bool| -> String {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|p| {
                if big {
                    u16::from_be_bytes([p[0], p[1]])
                } else {
                    u16::from_le_bytes([p[0], p[1]])
                }
            })
            .collect();
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    };
    match xml {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(xml).into_owned(),
    }
}

/// Attributes whose values are text a reader is shown or told (alternative text, titles,
/// labels).
pub(super) const TEXT_ATTRIBUTES: &[&str] = &["descr", "title", "alt", "name"];

/// Every text of a part: its text nodes (paragraph by paragraph, runs joined) and the values
/// of its attributes that hold text (alternative text, titles).
pub(super) fn all_text(ev: &[Ev]) -> String {
    let mut out = String::new();
    for e in ev {
        match e {
            Ev::Text(t) => out.push_str(t),
            Ev::Open(_, attrs) => {
                for (name, value) in attrs {
                    if TEXT_ATTRIBUTES.contains(&local(name).as_str()) && !value.is_empty() {
                        out.push('\n');
                        out.push_str(value);
                        out.push('\n');
                    }
                }
            }
            Ev::Close(n) if n == "p" || n == "si" || n == "c" => out.push('\n'),
            Ev::Close(_) => {}
        }
    }
    out
}

/// What separates two strings in [`every_string`]: a visible character, so that the rules,
/// which drop spaces and line breaks, never join the end of one string to the start of the
/// next (the `●` bullet of one numbering level and the next level's are not a `●●`
/// placeholder; a table of `○` cells is not one either).
pub(super) const SEPARATOR: &str = "\n|\n";

/// Elements whose end ends a block of text: a paragraph, a cell, a shared string, a shape.
const BLOCKS: &[&str] = &[
    "p",
    "si",
    "c",
    "is",
    "tc",
    "tr",
    "txbxContent",
    "sp",
    "comment",
];
/// Elements whose text is a run of a paragraph: joined to the runs around them.
const RUN_TEXT: &[&str] = &["t", "delText", "instrText"];
/// Elements whose text is a reading above the line (Word's ruby, Excel's phonetic guide),
/// not part of the line as it is shown.
const READINGS: &[&str] = &["rt", "rPh"];

/// Every string of a part, for the catch-all read: its text as written (readings in), as shown
/// (readings left out: Word shows 機密性 for 機密 + 性 with the reading せい, the text as
/// written reads 機密せい性), and the value of every attribute (percent-escapes also decoded),
/// separated by [`SEPARATOR`].
pub(super) fn every_string(ev: &[Ev]) -> String {
    let (mut written, mut shown) = (String::new(), String::new());
    let mut values: Vec<String> = Vec::new();
    // Open elements: (name, whether text other than white space is directly inside).
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut reading = 0usize;
    for e in ev {
        match e {
            Ev::Open(n, attrs) => {
                reading += usize::from(READINGS.contains(&n.as_str()));
                open.push((n, false));
                for (_, v) in attrs.iter().filter(|(_, v)| !v.trim().is_empty()) {
                    values.push(v.clone());
                    if v.contains('%') {
                        let bytes = crate::text::escape::percent_decode_bytes(v);
                        values.push(String::from_utf8_lossy(&bytes).into_owned());
                    }
                }
            }
            Ev::Close(n) => {
                let had_text = open.pop().is_some_and(|(_, t)| t);
                if READINGS.contains(&n.as_str()) {
                    reading = reading.saturating_sub(1);
                }
                if BLOCKS.contains(&n.as_str()) || (had_text && !RUN_TEXT.contains(&n.as_str())) {
                    written.push_str(SEPARATOR);
                    shown.push_str(SEPARATOR);
                }
            }
            Ev::Text(t) => {
                if let Some(top) = open.last_mut()
                    && !t.trim().is_empty()
                {
                    top.1 = true;
                }
                written.push_str(t);
                if reading == 0 {
                    shown.push_str(t);
                }
            }
        }
    }
    let mut out = written;
    if shown != out {
        out.push_str(SEPARATOR);
        out.push_str(&shown);
    }
    for v in values {
        out.push_str(SEPARATOR);
        out.push_str(&v);
    }
    out
}

/// What an XML part holds besides its elements: comments, processing instructions and the
/// document type declaration, which anyone who unzips the file reads.
pub(super) fn markup_strings(xml: &[u8]) -> Vec<String> {
    let text = decode(xml);
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Comment(c)) => out.push((*c).to_owned()),
            Ok(Event::PI(p)) => out.push((*p).to_owned()),
            Ok(Event::DocType(d)) => out.push((*d).to_owned()),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

fn push_text(out: &mut Vec<Ev>, text: &str) {
    if let Some(Ev::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Ev::Text(text.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_dropped_and_references_resolved() {
        let ev = events(
            br#"<w:p><w:r><w:t xml:space="preserve">&#x6A5F;&amp;x</w:t><w:tab/></w:r></w:p>"#,
        )
        .unwrap();
        assert!(ev[0].opens("p"));
        assert_eq!(ev[2].attr("space"), Some("preserve"));
        assert_eq!(ev[3], Ev::Text("機&x".to_owned()));
        assert!(ev[5].opens("tab") && ev[6].closes("tab"));
    }
}
