//! The YAML reader shared by front matter and site.yaml: the only place serde_yaml is used.
//!
//! Part of the load step (site.yaml is read with it here; the parse step reads front matter
//! with it). A document is read in two
//! passes so that every key's error is reported, not only the first: first as a map of
//! untyped values, in the order written (a syntax error stops here, as it must), then key by
//! key into the type each key expects. A key of the wrong type is then re-read alone from its
//! lines, so that serde_yaml can locate the error inside the value; positions are shifted to
//! count from the top of the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};

pub(crate) mod control;
pub(crate) mod limits;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::data::Data;
use crate::text::yaml_index::YamlIndex;

/// An untyped YAML value.
pub(crate) type Value = serde_yaml::Value;

/// One top-level `key: value`, in the order written.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The key, as text.
    pub(crate) key: String,
    /// The value, untyped.
    pub(crate) value: Value,
    /// 0 for the first `key:` of this name, 1 for a repeat, and so on.
    pub(crate) occurrence: usize,
}

/// A YAML mapping read from a file, with what is needed to locate its errors.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    path: &'a Path,
    /// The keys and values, in the order written.
    entries: Vec<Entry>,
    /// Where keys and values sit.
    pub(crate) index: YamlIndex,
    /// The file line of each top-level key, in order (a key spelled with escapes is found
    /// by its place).
    top_keys: Vec<usize>,
}

impl<'a> Document<'a> {
    /// Reads `text` (whose first line is line `first_line` of `path`) as a mapping. Empty text
    /// is an empty mapping; a syntax error, or a document that is not a mapping, is an error.
    /// So is a control character written in the text, and a document too deep or whose
    /// aliases expand too far ([`limits`]): both are refused before serde_yaml reads it.
    pub(crate) fn read(path: &'a Path, text: &str, first_line: usize) -> Result<Self, Diagnostics> {
        let written = control::scan(path, text, first_line, control::forbidden_in_yaml_text);
        if !written.is_empty() {
            return Err(written);
        }
        limits::check(path, text, first_line)?;
        let index = YamlIndex::new(text, first_line);
        let entries = if text.trim().is_empty() {
            Vec::new()
        } else {
            Entries::deserialize(serde_yaml::Deserializer::from_str(text))
                .map_err(|e| yaml_error(path, &e, text, first_line))?
                .0
        };
        let top_keys = (first_line..)
            .zip(text.lines())
            .filter(|(_, l)| !l.is_empty() && !l.starts_with([' ', '\t', '#', '-']))
            .map(|(n, _)| n)
            .collect();
        Ok(Document {
            path,
            entries,
            index,
            top_keys,
        })
    }

    /// The file the document was read from.
    pub(crate) fn path(&self) -> &Path {
        self.path
    }

    /// An error for every key and string value that holds a control character once decoded
    /// (`"\0"`, `"\x1b"`, `"\u0007"`: see [`control`]), at its key's line.
    pub(crate) fn control_characters(&self) -> Diagnostics {
        let mut out = Diagnostics::new();
        for (n, entry) in self.entries.iter().enumerate() {
            let mut keys = vec![entry.key.clone()];
            let shown = format!("`{}`", crate::diag::escape_all(&entry.key));
            if let Some(c) = control::first_forbidden(&entry.key) {
                // A key spelled with an escape is not found by its text: it is the n-th key.
                let at = (self.index.key_nth(&entry.key, entry.occurrence))
                    .or_else(|| self.top_keys.get(n).map(|&line| (line, 1)));
                let d = control::decoded_error(Code::E0109, self.path, &shown, c);
                out.push(d.at_opt(at));
            }
            self.walk(&entry.value, &mut keys, &shown, &mut out);
        }
        out
    }

    /// [`Self::control_characters`] inside one value; `keys` are the mapping keys down to it
    /// (to locate it), `shown` its path as the message names it.
    fn walk(&self, value: &Value, keys: &mut Vec<String>, shown: &str, out: &mut Diagnostics) {
        let at = |keys: &[String]| {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            // Where the value starts, or that of the nearest enclosing key found.
            (self.index.value_start(&keys)).or_else(|| self.index.key(&keys[..1]))
        };
        match value {
            Value::String(s) => {
                if let Some(c) = control::first_forbidden(s) {
                    let d = control::decoded_error(Code::E0110, self.path, shown, c);
                    out.push(d.at_opt(at(keys)));
                }
            }
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, keys, &format!("{shown}[{i}]"), out);
                }
            }
            Value::Mapping(map) => {
                for (k, v) in map {
                    let k = key_string(k.clone());
                    let inner = format!(
                        "{}.{}`",
                        shown.trim_end_matches('`'),
                        crate::diag::escape_all(&k)
                    );
                    keys.push(k.clone());
                    if let Some(c) = control::first_forbidden(&k) {
                        let d = control::decoded_error(Code::E0109, self.path, &inner, c);
                        out.push(d.at_opt(at(keys)));
                    }
                    self.walk(v, keys, &inner, out);
                    keys.pop();
                }
            }
            Value::Tagged(t) => self.walk(&t.value, keys, shown, out),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// `entry`'s value as a `T`, or the error at its place in the file.
    pub(crate) fn typed<T: DeserializeOwned>(&self, entry: &Entry) -> Result<T, Diagnostic> {
        self.typed_at(&[&entry.key], entry.occurrence, &entry.value)
    }

    /// `entry`'s value as a `T`, `null` as none. A value of the wrong type is reported in
    /// `errors` and its key added to `failed`, so that validation does not also call it missing.
    pub(crate) fn typed_or_report<T: DeserializeOwned>(
        &self,
        entry: &Entry,
        errors: &mut Diagnostics,
        failed: &mut Vec<String>,
    ) -> Option<T> {
        self.typed::<Option<T>>(entry)
            .map_err(|d| {
                errors.push(d);
                failed.push(entry.key.clone());
            })
            .ok()
            .flatten()
    }

    /// The first entry of every key, in the order written (repeats are [`Self::duplicates`]).
    pub(crate) fn first_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.occurrence == 0)
    }

    /// An error for every key written again, at the repeat: a key may appear once.
    pub(crate) fn duplicates(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.entries.iter().filter(|e| e.occurrence > 0).map(|e| {
            Diagnostic::new(Code::E0106, self.path)
                .arg("key", &e.key)
                .at_opt(
                    (self.index.key_nth(&e.key, e.occurrence))
                        .or_else(|| self.index.key(&[&e.key])),
                )
        })
    }

    /// The value of the key at `path` (the `n`-th of that name, at the top level) as a `T`.
    ///
    /// The value already read is converted first: most keys have the type asked for, and are
    /// then read only once. Only when that fails are the key's own lines read again, typed:
    /// serde_yaml then reads a scalar as the type asked for (`title: 2011` is the text "2011",
    /// as if the whole document had been read typed) and locates an error within the value
    /// (the third entry of a list, a misspelt field of a map). Where the lines cannot be read
    /// alone (a flow collection spread over lines, an alias to an anchor elsewhere), the
    /// conversion's error is reported, at the value.
    pub(crate) fn typed_at<T: DeserializeOwned>(
        &self,
        path: &[&str],
        n: usize,
        value: &Value,
    ) -> Result<T, Diagnostic> {
        let converted = match T::deserialize(value) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let key = path.join(".");
        let value_start = self.index.value_start(path);
        if let Some((block, line)) = self.index.block_text(path, n) {
            match serde_yaml::from_str::<BTreeMap<String, T>>(&block) {
                Ok(map) if map.len() == 1 => {
                    return Ok(map.into_values().next().expect("one entry"));
                }
                Err(e) if e.location().is_some() && is_type_error(&e.to_string()) => {
                    let mut d = yaml_error(self.path, &e, &block, line);
                    name_the_key(&mut d, path, &key);
                    // An error about the whole value (no variant matched) is put on the key:
                    // the value is where to look.
                    let indent = block.len() - block.trim_start().len();
                    if d.line == Some(line) && d.col.is_some_and(|c| c <= 1 + indent) {
                        (d.line, d.col) = (value_start.map(|p| p.0), value_start.map(|p| p.1));
                    }
                    return Err(d);
                }
                _ => {}
            }
        }
        Err(type_error(self.path, &format!("{key}: {converted}")).at_opt(value_start))
    }
}

/// What reading a document key by key ends in: `validated` if nothing was reported while
/// reading (`errors`), else every error, those found while reading first.
pub(crate) fn with_errors<T>(
    mut errors: Diagnostics,
    validated: Result<T, Diagnostics>,
) -> Result<T, Diagnostics> {
    match validated {
        Ok(value) if !errors.has_errors() => Ok(value),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e);
            Err(errors)
        }
    }
}

/// The block was read as a map of one key: name the key by its whole path in the message.
fn name_the_key(d: &mut Diagnostic, path: &[&str], key: &str) {
    let last = path.last().copied().unwrap_or_default();
    if let Some((_, k)) = d.args.iter_mut().find(|(n, _)| *n == "key") {
        if let Some(rest) = k.strip_prefix(last) {
            *k = format!("{key}{rest}");
        }
        return;
    }
    let keyed = match d.code {
        Code::E0104 => Code::E0102,
        Code::E0105 if !d.arg_value("detail").unwrap_or("").starts_with('`') => Code::E0103,
        _ => return,
    };
    d.code = keyed;
    d.args.insert(0, ("key", key.to_owned()));
}

/// The top-level entries of a mapping, untyped, repeats kept.
struct Entries(Vec<Entry>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of keys such as `title:`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
        let mut entries: Vec<Entry> = Vec::new();
        while let Some(key) = map.next_key::<Value>()? {
            let key = key_string(key);
            let value = map.next_value::<Value>()?;
            let occurrence = entries.iter().filter(|e| e.key == key).count();
            entries.push(Entry {
                key,
                value,
                occurrence,
            });
        }
        Ok(Entries(entries))
    }
}

/// A serde_yaml error as a diagnostic, its line shifted by where the YAML (`text`) starts in
/// the file. serde_yaml writes positions into its messages (` at line L column C`), counted
/// from the YAML's first line: the first (where the problem is) becomes the diagnostic's
/// position; a second (where the construct in trouble began) is rewritten in file lines.
pub(crate) fn yaml_error(
    path: &Path,
    e: &serde_yaml::Error,
    text: &str,
    first_line: usize,
) -> Diagnostic {
    let (message, marks) = strip_marks(&e.to_string());
    let shift = |(line, col): (usize, usize)| (line + first_line - 1, col);
    let problem = e
        .location()
        .map(|l| (l.line(), l.column()))
        .or(marks.first().copied());
    let context = marks.get(1).copied();
    // A construct left open (a quote, a `[`) is only found at the end of the YAML, where the
    // front matter's closing `---` is: point at where it began instead.
    let open_at_end =
        matches!((problem, context), (Some(p), Some(_)) if p.0 > text.lines().count());
    let message = match context {
        Some(_) if open_at_end => format!(
            "{} (the YAML ends before what starts here is closed)",
            message.replace('\u{0}', "")
        ),
        Some(c) => {
            let (line, col) = shift(c);
            message.replacen('\u{0}', &format!(" at line {line} column {col}"), 1)
        }
        None => message,
    };
    let at = if open_at_end { context } else { problem };
    let d = if is_type_error(&message) {
        type_error(path, &message)
    } else {
        Diagnostic::new(Code::E0101, path).arg("detail", message)
    };
    match at {
        Some(pos) => {
            let (line, col) = shift(pos);
            d.at(line, Some(col))
        }
        None => d.at(first_line, None),
    }
}

/// Removes every ` at line L column C` from a message; a `\0` marks where the second one was
/// (the first is the error's own position). Gives the marks found, in order.
fn strip_marks(message: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(message.len());
    let mut marks = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        let line = after[..n].parse::<usize>().ok();
        let tail = &after[n..];
        let col = tail.strip_prefix(" column ").and_then(|t| {
            let m = digits(t);
            Some((t[..m].parse::<usize>().ok()?, &t[m..]))
        });
        match (line, col) {
            (Some(line), Some((col, tail))) => {
                if marks.len() == 1 {
                    out.push('\u{0}');
                }
                marks.push((line, col));
                rest = tail;
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, marks)
}

fn is_type_error(message: &str) -> bool {
    message.contains("invalid type")
        || message.contains("invalid value")
        || message.contains("unknown field")
        || message.contains("missing field")
        || message.contains("unknown variant")
        || message.contains("did not match any variant")
}

/// A value of the wrong shape: `KEY: MESSAGE` from serde becomes `` `KEY`: wrong type: … ``.
fn type_error(path: &Path, message: &str) -> Diagnostic {
    let (key, rest) = match message.split_once(": ") {
        Some((k, r)) if !k.contains(' ') => (Some(k), r),
        _ => (None, message),
    };
    let rest = plain_types(rest);
    let wrong_type = !(rest.starts_with("unknown field") || rest.starts_with("missing field"));
    let d = match (key, wrong_type) {
        (Some(k), true) => Diagnostic::new(Code::E0102, path).arg("key", k),
        (Some(k), false) => Diagnostic::new(Code::E0103, path).arg("key", k),
        (None, true) => Diagnostic::new(Code::E0104, path),
        (None, false) => Diagnostic::new(Code::E0105, path),
    };
    d.arg("detail", rest)
}

/// serde's type names as a user reads them (no Rust struct names).
fn plain_types(message: &str) -> String {
    let message = match message.find("expected struct ") {
        Some(i) => {
            let name_start = i + "expected struct ".len();
            let name_end = message[name_start..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(message.len(), |e| name_start + e);
            format!("{}expected a map{}", &message[..i], &message[name_end..])
        }
        None => message.to_owned(),
    };
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("invalid type: ", "")
        .replace(
            "data did not match any variant of untagged enum OneOrMany",
            "expected a text or a list of texts",
        )
}

/// Converts a YAML value into library-neutral [`Data`].
pub(crate) fn to_data(value: Value) -> Data {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Data::Null,
        Y::Bool(b) => Data::Bool(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Data::Int(i),
            None => Data::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Data::String(s),
        Y::Sequence(items) => Data::List(items.into_iter().map(to_data).collect()),
        Y::Mapping(map) => Data::Map(
            map.into_iter()
                .map(|(k, v)| (key_string(k), to_data(v)))
                .collect(),
        ),
        Y::Tagged(t) => to_data(t.value),
    }
}

/// A mapping's entries in the order written, keys as text.
pub(crate) fn mapping_entries(value: Value) -> Option<Vec<(String, Value)>> {
    match value {
        Value::Mapping(map) => Some(map.into_iter().map(|(k, v)| (key_string(k), v)).collect()),
        _ => None,
    }
}

fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        other => serde_yaml::to_string(&other)
            .map(|s| s.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_stripped_and_the_second_kept_in_place() {
        let (m, marks) = strip_marks(
            "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 2 column 14",
        );
        assert_eq!(
            m,
            "found unexpected end of stream, while scanning a quoted scalar\u{0}"
        );
        assert_eq!(marks, vec![(3, 1), (2, 14)]);
        let (m, marks) = strip_marks("invalid type: string \"x\" at line 1 column 9");
        assert_eq!(m, "invalid type: string \"x\"");
        assert_eq!(marks, vec![(1, 9)]);
    }
}
