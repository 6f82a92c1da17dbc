//! Front matter: split the `---` block off a Markdown file, deserialise it, validate it.
//!
//! Part of the parse step. The YAML is read into [`RawFrontMatter`] (every key typed; relation
//! keys come from site.yaml, so they are accepted through a seed) and validated into
//! [`FrontMatter`]. YAML errors keep their position, shifted so lines count from the top of
//! the file. This module and [`crate::config`] are the only users of serde_yaml.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::data::Data;
use crate::error::{Diagnostic, Diagnostics};
use crate::locate::YamlIndex;
use crate::wareki::{self, Date};

/// Front-matter keys the engine knows, besides the relation keys of site.yaml.
pub const BUILT_IN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "template",
    "page_template",
    "aliases",
    "classification",
    "allow",
    "extra",
];

/// A Markdown file cut in two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub(crate) yaml: &'a str,
    /// The file line of the YAML's first line.
    pub(crate) yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub(crate) body: &'a str,
    /// The file line of the body's first line.
    pub(crate) body_line: usize,
}

/// Splits the front matter off `text` (BOM and CRLF already removed).
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            "no front matter: the file must start with a line `---`, then YAML with at least `title:`, then a line `---`",
        )
        .at(1, Some(1)));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::error(
        path,
        "unterminated front matter: the `---` on line 1 is never closed by another `---` line",
    )
    .at(1, Some(1)))
}

/// One `allow:` entry: a flagged string the author publishes on purpose, and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The exact text allowed.
    pub text: String,
    /// Why it may be published.
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Front matter as written: every known key typed, relation keys by name, unknown keys kept
/// for the error.
#[derive(Debug, Default)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    weight: Option<i64>,
    draft: Option<bool>,
    slug: Option<String>,
    template: Option<String>,
    page_template: Option<String>,
    aliases: Option<Vec<String>>,
    classification: Option<String>,
    allow: Option<Vec<Allow>>,
    extra: Option<serde_yaml::Value>,
    relations: Vec<(String, Vec<String>)>,
    unknown: Vec<String>,
    duplicates: Vec<String>,
}

/// Deserialises [`RawFrontMatter`], accepting the relation keys of site.yaml.
struct RawSeed<'a> {
    relation_keys: &'a [String],
}

impl<'de> DeserializeSeed<'de> for RawSeed<'_> {
    type Value = RawFrontMatter;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawFrontMatter, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RawSeed<'_> {
    type Value = RawFrontMatter;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of keys such as `title:`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFrontMatter, A::Error> {
        let mut raw = RawFrontMatter::default();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                raw.duplicates.push(key.clone());
            }
            match key.as_str() {
                "title" => raw.title = map.next_value()?,
                "description" => raw.description = map.next_value()?,
                "date" => raw.date = map.next_value()?,
                "updated" => raw.updated = map.next_value()?,
                "weight" => raw.weight = map.next_value()?,
                "draft" => raw.draft = map.next_value()?,
                "slug" => raw.slug = map.next_value()?,
                "template" => raw.template = map.next_value()?,
                "page_template" => raw.page_template = map.next_value()?,
                "aliases" => {
                    raw.aliases = map
                        .next_value::<Option<OneOrMany>>()?
                        .map(OneOrMany::into_vec)
                }
                "classification" => raw.classification = map.next_value()?,
                "allow" => raw.allow = map.next_value()?,
                "extra" => raw.extra = map.next_value()?,
                k if self.relation_keys.iter().any(|r| r == k) => {
                    let v = map.next_value::<Option<OneOrMany>>()?;
                    raw.relations
                        .push((key, v.map(OneOrMany::into_vec).unwrap_or_default()));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    raw.unknown.push(key);
                }
            }
        }
        Ok(raw)
    }
}

/// Validated front matter.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The page's title.
    pub title: String,
    /// A one-sentence summary (meta description).
    pub description: Option<String>,
    /// 公開日.
    pub date: Option<Date>,
    /// 最終更新日, when the author sets it.
    pub updated: Option<Date>,
    /// Order within the section (lower first).
    pub weight: Option<i64>,
    /// Unpublished unless the build asks for drafts.
    pub draft: bool,
    /// Replaces the last URL segment.
    pub slug: Option<String>,
    /// The template to render this page with.
    pub template: Option<String>,
    /// On a section: the template of its pages.
    pub page_template: Option<String>,
    /// Old URLs that redirect here.
    pub aliases: Vec<String>,
    /// The classification as written (the publish gate checks it).
    pub classification: Option<String>,
    /// Flagged strings the author allows, with reasons.
    pub allow: Vec<Allow>,
    /// Anything of the user's.
    pub extra: Data,
    /// Relation key → target slugs, in the order written.
    pub relations: Vec<(String, Vec<String>)>,
    /// Where each key sits in the file.
    pub(crate) index: YamlIndex,
}

impl FrontMatter {
    /// The file position of a key.
    pub(crate) fn position(&self, key: &str) -> Option<(usize, usize)> {
        self.index.key(&[key])
    }

    /// The file lines (first, last) that a key and its value span.
    pub(crate) fn block(&self, key: &str) -> Option<(usize, usize)> {
        self.index.block(&[key])
    }

    /// The file position of a value under a key.
    pub(crate) fn value_position(&self, key: &str, value: &str) -> Option<(usize, usize)> {
        self.index.value(&[key], value)
    }
}

/// Parses and validates the YAML of a split file.
pub(crate) fn parse(
    path: &Path,
    split: &Split<'_>,
    relation_keys: &[String],
) -> Result<FrontMatter, Diagnostics> {
    let de = serde_yaml::Deserializer::from_str(split.yaml);
    let raw = if split.yaml.trim().is_empty() {
        RawFrontMatter::default()
    } else {
        RawSeed { relation_keys }
            .deserialize(de)
            .map_err(|e| yaml_error(path, &e, split.yaml_line))?
    };
    validate(
        path,
        raw,
        YamlIndex::new(split.yaml, split.yaml_line),
        relation_keys,
    )
}

fn validate(
    path: &Path,
    raw: RawFrontMatter,
    index: YamlIndex,
    relation_keys: &[String],
) -> Result<FrontMatter, Diagnostics> {
    let mut errors = Diagnostics::new();
    for key in &raw.unknown {
        let mut known: Vec<&str> = BUILT_IN_KEYS.to_vec();
        known.extend(relation_keys.iter().map(String::as_str));
        errors.push(
            Diagnostic::error(path, format!("unknown front-matter key `{key}`"))
                .at_opt(index.key(&[key]))
                .note(format!(
                    "known keys: {}; put your own data under `extra:`",
                    known.join(", ")
                )),
        );
    }
    for key in &raw.duplicates {
        errors.push(
            Diagnostic::error(path, format!("the key `{key}` is written twice"))
                .at_opt(index.key(&[key])),
        );
    }
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            errors.push(Diagnostic::error(path, "`title` is empty").at_opt(index.key(&["title"])));
            String::new()
        }
        None => {
            errors.push(
                Diagnostic::error(path, "missing `title`: every page needs a title").at(1, Some(1)),
            );
            String::new()
        }
    };
    let mut date_of = |key: &str, value: Option<String>| {
        let value = value?;
        // A date with no 和暦 form (before 1873-01-01) is refused here, at its line, rather
        // than by the theme's `wareki` filter with the template's line.
        wareki::parse(&value)
            .and_then(|d| d.wareki(wareki::Style::Plain).map(|_| d))
            .map_err(|e| {
                errors.push(
                    Diagnostic::error(path, format!("`{key}`: {e}"))
                        .at_opt(index.value(&[key], value.trim())),
                )
            })
            .ok()
    };
    let date = date_of("date", raw.date);
    let updated = date_of("updated", raw.updated);
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(FrontMatter {
        title,
        description: raw.description,
        date,
        updated,
        weight: raw.weight,
        draft: raw.draft.unwrap_or(false),
        slug: raw.slug,
        template: raw.template,
        page_template: raw.page_template,
        aliases: raw.aliases.unwrap_or_default(),
        classification: raw.classification,
        allow: raw.allow.unwrap_or_default(),
        extra: raw.extra.map(to_data).unwrap_or_else(Data::empty_map),
        relations: raw.relations,
        index,
    })
}

/// A serde_yaml error as a diagnostic, its line shifted by where the YAML starts in the file.
pub(crate) fn yaml_error(path: &Path, e: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let message = e.to_string();
    // serde_yaml appends " at line L column C"; we print the location ourselves.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    let d = if message.contains("invalid type") || message.contains("invalid value") {
        Diagnostic::error(path, format!("wrong type: {}", plain_types(&message)))
    } else {
        Diagnostic::error(path, format!("invalid YAML: {message}"))
    };
    match e.location() {
        Some(loc) => d.at(loc.line() + first_line - 1, Some(loc.column())),
        None => d.at(first_line, None),
    }
}

/// serde's type names as a user reads them.
fn plain_types(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("invalid type: ", "")
}

/// Converts a YAML value into library-neutral [`Data`].
pub(crate) fn to_data(value: serde_yaml::Value) -> Data {
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

fn key_string(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        other => serde_yaml::to_string(&other)
            .map(|s| s.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
