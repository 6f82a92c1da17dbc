//! A PDF read as bytes, below lopdf's view of it: every `N G obj … endobj` the file holds, in
//! the order written. lopdf loads the objects of the file's current version; what a file
//! saved with incremental updates still holds of its earlier versions, an object left out of
//! every cross-reference table, and the bytes outside any object (comments, what follows
//! `%%EOF`) are only here. The search of the whole file ([`super::everything`]) reads them;
//! an object defined twice (at the top level or in an object stream) tells a file saved with
//! incremental updates, which the gate refuses.

use std::collections::HashMap;

use lopdf::xref::XrefEntry;
use lopdf::{Document, Object, ObjectId, ObjectStream, Stream, dictionary};

use super::MAX_CONTENT;

/// An object found in the bytes that lopdf did not load.
pub(super) struct Extra<'a> {
    pub(super) id: ObjectId,
    /// Where it is: `None` at the top level, else the object stream that holds it.
    pub(super) container: Option<u32>,
    /// The object, or its bytes when they cannot be parsed.
    pub(super) object: Result<Object, &'a [u8]>,
}

/// What the bytes hold beside the document lopdf loaded.
#[derive(Default)]
pub(super) struct RawFile<'a> {
    /// Objects lopdf did not load: earlier versions of changed objects, objects in no
    /// cross-reference table.
    pub(super) extra: Vec<Extra<'a>>,
    /// The bytes between objects and after the last one.
    pub(super) outside: Vec<&'a [u8]>,
    /// How many objects are defined more than once.
    pub(super) superseded: usize,
}

/// Every position of `needle` in `hay`, in order.
fn positions(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|&b| b == needle[0]) {
            Some(k) if hay[i + k..].starts_with(needle) => {
                out.push(i + k);
                i += k + needle.len();
            }
            Some(k) => i += k + 1,
            None => break,
        }
    }
    out
}

/// The first position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The first of `sorted` at or after `from`.
fn next(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&p| p < from)).copied()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0C' | b'\0')
}

/// The object number and generation written before the `obj` at `k`, and where they start.
fn header(bytes: &[u8], k: usize) -> Option<(ObjectId, usize)> {
    let after = bytes.get(k + 3).copied();
    if after.is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let digits_before = |end: usize| {
        let mut s = end;
        while s > 0 && bytes[s - 1].is_ascii_digit() {
            s -= 1;
        }
        (s < end && end - s <= 10).then_some(s)
    };
    let mut e = k;
    while e > 0 && is_space(bytes[e - 1]) {
        e -= 1;
    }
    let g_start = digits_before(e)?;
    let mut e2 = g_start;
    while e2 > 0 && is_space(bytes[e2 - 1]) {
        e2 -= 1;
    }
    if e2 == g_start {
        return None;
    }
    let n_start = digits_before(e2)?;
    if n_start > 0 && bytes[n_start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let n: u32 = std::str::from_utf8(&bytes[n_start..e2])
        .ok()?
        .parse()
        .ok()?;
    let g: u16 = std::str::from_utf8(&bytes[g_start..e]).ok()?.parse().ok()?;
    Some(((n, g), n_start))
}

/// Reads the bytes of a PDF that lopdf loaded as `doc`.
pub(super) fn scan<'a>(bytes: &'a [u8], doc: &Document) -> RawFile<'a> {
    let shift = positions(&bytes[..bytes.len().min(1024)], b"%PDF-")
        .first()
        .copied()
        .unwrap_or(0);
    let ends = positions(bytes, b"endobj");
    let mut file = RawFile::default();
    let mut defined: HashMap<ObjectId, usize> = HashMap::new();
    // Where the bytes outside objects resume, and where the search for the next header does.
    let mut outside_from = 0;
    let mut pos = 0;
    for k in positions(bytes, b"obj") {
        if k < pos {
            continue;
        }
        let Some((id, start)) = header(bytes, k) else {
            continue;
        };
        file.outside.push(&bytes[outside_from.min(start)..start]);
        *defined.entry(id).or_default() += 1;
        let body = k + 3;
        let chunk_end = next(&ends, body);
        outside_from = chunk_end.map_or(body, |e| e + 6);
        // What follows a header is searched for objects too, whatever this one claimed to
        // hold (an object without `endobj` does not hide the next); only the data of a
        // stream lopdf read is not.
        pos = body;
        match loaded(doc, id, start, shift) {
            Some(Object::Stream(s)) => {
                members(s, &mut defined);
                if let Some(end) = skip_stream(bytes, body, s, &ends) {
                    (outside_from, pos) = (end, end);
                }
            }
            Some(_) => {}
            None => {
                let object = parse(&bytes[body..chunk_end.unwrap_or(bytes.len())]);
                if let Ok(Object::Stream(s)) = &object
                    && s.dict.has_type(b"ObjStm")
                {
                    members(s, &mut defined);
                    unpack(s, id.0, &mut file.extra);
                }
                file.extra.push(Extra {
                    id,
                    container: None,
                    object,
                });
            }
        }
    }
    file.outside.push(&bytes[outside_from.min(bytes.len())..]);
    file.superseded = defined.values().filter(|&&n| n > 1).count();
    file
}

/// The object lopdf loaded from the bytes at `start`, if it is the one there.
fn loaded(doc: &Document, id: ObjectId, start: usize, shift: usize) -> Option<&Object> {
    let Some(XrefEntry::Normal { offset, generation }) = doc.reference_table.get(id.0) else {
        return None;
    };
    let offset = *offset as usize;
    let near = |o: usize| start.abs_diff(o) <= 2;
    if *generation != id.1 || !(near(offset) || near(offset + shift)) {
        return None;
    }
    doc.objects.get(&id)
}

/// Where a stream lopdf read ends (after its `endobj`), so that its data is not searched for
/// objects.
fn skip_stream(bytes: &[u8], body: usize, s: &Stream, ends: &[usize]) -> Option<usize> {
    let window = &bytes[body..bytes.len().min(body + (1 << 20))];
    let at = find(window, b"stream")?;
    let after = data_start(bytes, body + at + 6) + s.content.len();
    next(ends, after).map(|e| e + 6)
}

/// Where a stream's data starts after its `stream` keyword (and its end of line).
fn data_start(bytes: &[u8], mut i: usize) -> usize {
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    i
}

/// An object written in `chunk` (what follows `obj`, up to its `endobj`), with its stream's
/// data; its bytes when lopdf's parser cannot read it.
fn parse(chunk: &[u8]) -> Result<Object, &[u8]> {
    let dict_end = find(chunk, b"stream");
    let head = &chunk[..dict_end.unwrap_or(chunk.len())];
    // lopdf parses a direct object only inside an object stream: make one that holds it.
    let mut content = b"1 0\n".to_vec();
    content.extend_from_slice(head);
    let holder = Stream::new(
        dictionary! { "Type" => "ObjStm", "N" => 1, "First" => 4 },
        content,
    );
    let object = ObjectStream::new_with_limit(&holder, Some(MAX_CONTENT))
        .ok()
        .and_then(|s| s.objects.into_values().next())
        .ok_or(chunk)?;
    let (Some(at), Object::Dictionary(dict)) = (dict_end, &object) else {
        return Ok(object);
    };
    let data = data_start(chunk, at + 6);
    let by_length = match dict.get(b"Length") {
        Ok(Object::Integer(n)) => usize::try_from(*n).ok().map(|n| data + n),
        _ => None,
    };
    let end = match by_length {
        Some(e) if e <= chunk.len() => e,
        _ => positions(&chunk[data.min(chunk.len())..], b"endstream")
            .last()
            .map_or(chunk.len(), |e| data + e),
    };
    Ok(Object::Stream(Stream::new(
        dict.clone(),
        chunk[data.min(end)..end].to_vec(),
    )))
}

/// Counts the objects an object stream defines.
fn members(s: &Stream, defined: &mut HashMap<ObjectId, usize>) {
    if !s.dict.has_type(b"ObjStm") {
        return;
    }
    let Ok(content) = s.get_plain_content_with_limit(MAX_CONTENT) else {
        return;
    };
    let first = s
        .dict
        .get(b"First")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0);
    let index = String::from_utf8_lossy(&content[..first.min(content.len())]).into_owned();
    let numbers: Vec<&str> = index.split_ascii_whitespace().collect();
    for pair in numbers.chunks(2) {
        if let Ok(n) = pair[0].parse::<u32>() {
            *defined.entry((n, 0)).or_default() += 1;
        }
    }
}

/// The objects of an object stream lopdf did not load.
fn unpack<'a>(s: &Stream, container: u32, out: &mut Vec<Extra<'a>>) {
    if let Ok(objects) = ObjectStream::new_with_limit(s, Some(MAX_CONTENT)) {
        for (id, object) in objects.objects {
            out.push(Extra {
                id,
                container: Some(container),
                object: Ok(object),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_header_is_its_number_generation_and_obj() {
        let b = b"%PDF-1.7\n12 0 obj\n<<>>\nendobj\n";
        let k = positions(b, b"obj")[0];
        assert_eq!(header(b, k), Some(((12, 0), 9)));
        let e = positions(b, b"obj")[1];
        assert_eq!(header(b, e), None, "endobj");
    }

    #[test]
    fn a_written_object_is_parsed_with_its_stream() {
        let o = parse(b" << /Length 5 >>\nstream\nhello\nendstream\n").unwrap();
        let Object::Stream(s) = o else { panic!() };
        assert_eq!(s.content, b"hello");
        assert!(matches!(parse(b" (text) "), Ok(Object::String(..))));
    }
}
