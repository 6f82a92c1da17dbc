//! Front matter: split the `---` block off a Markdown file, deserialise it, validate it.
//!
//! Part of the parse step. The YAML is read key by key into `RawFrontMatter` (relation keys
//! come from site.yaml), so that every key's error is reported, and validated into
//! [`FrontMatter`]. YAML errors keep their position, shifted so lines count from the top of
//! the file. This module (with its `yaml` reader) and [`crate::load::config`] are the only users of
//! serde_yaml.

use std::path::Path;

use serde::Deserialize;

use crate::dates::wareki;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::data::Data;
use crate::model::front_matter::{Allow, BUILT_IN_KEYS, FrontMatter, Material};
use crate::text::yaml_index::YamlIndex;

use crate::load::yaml::{self, Document, Entry, explain, to_data};

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
        return Err(Diagnostic::new(Code::E0201, path).at(1, Some(1)));
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
    Err(Diagnostic::new(Code::E0202, path).at(1, Some(1)))
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
    materials: Option<Vec<Material>>,
    extra: Option<yaml::Value>,
    translation_key: Option<String>,
    relations: Vec<(String, Vec<String>)>,
    unknown: Vec<String>,
    /// Keys whose value had the wrong type (already reported).
    failed: Vec<String>,
}

impl RawFrontMatter {
    /// Reads every entry into its field, each key on its own: the errors of all keys are
    /// collected, not only the first.
    fn read(doc: &Document<'_>, relation_keys: &[String], errors: &mut Diagnostics) -> Self {
        let mut raw = RawFrontMatter::default();
        for entry in doc.first_entries() {
            raw.read_entry(doc, entry, relation_keys, errors);
        }
        raw
    }

    fn read_entry(
        &mut self,
        doc: &Document<'_>,
        entry: &Entry,
        relation_keys: &[String],
        errors: &mut Diagnostics,
    ) {
        let f = &mut self.failed;
        match entry.key.as_str() {
            "title" => self.title = doc.typed_or_report(entry, errors, f),
            "description" => self.description = doc.typed_or_report(entry, errors, f),
            "date" => self.date = doc.typed_or_report(entry, errors, f),
            "updated" => self.updated = doc.typed_or_report(entry, errors, f),
            "weight" => self.weight = doc.typed_or_report(entry, errors, f),
            "draft" => self.draft = doc.typed_or_report(entry, errors, f),
            "slug" => self.slug = doc.typed_or_report(entry, errors, f),
            "template" => self.template = doc.typed_or_report(entry, errors, f),
            "page_template" => self.page_template = doc.typed_or_report(entry, errors, f),
            "aliases" => {
                self.aliases = doc
                    .typed_or_report::<OneOrMany>(entry, errors, f)
                    .map(OneOrMany::into_vec)
            }
            "classification" => self.classification = doc.typed_or_report(entry, errors, f),
            "allow" => self.allow = doc.typed_or_report(entry, errors, f),
            "materials" => self.materials = doc.typed_or_report(entry, errors, f),
            "extra" => self.extra = Some(entry.value.clone()),
            "translation_key" => self.translation_key = doc.typed_or_report(entry, errors, f),
            k if relation_keys.iter().any(|r| r == k) => {
                let targets = doc.typed_or_report::<OneOrMany>(entry, errors, f);
                self.relations.push((
                    entry.key.clone(),
                    targets.map(OneOrMany::into_vec).unwrap_or_default(),
                ));
            }
            _ => self.unknown.push(entry.key.clone()),
        }
    }
}

/// Parses and validates the YAML of a split file.
pub(crate) fn parse(
    path: &Path,
    split: &Split<'_>,
    relation_keys: &[String],
) -> Result<FrontMatter, Diagnostics> {
    let doc = Document::read(path, split.yaml, split.yaml_line)?;
    let mut errors: Diagnostics = doc.duplicates().collect();
    errors.extend(doc.control_characters());
    let raw = RawFrontMatter::read(&doc, relation_keys, &mut errors);
    let lines = (split.yaml, split.yaml_line);
    yaml::with_errors(errors, validate(path, raw, doc.index, relation_keys, lines))
}

fn validate(
    path: &Path,
    raw: RawFrontMatter,
    index: YamlIndex,
    relation_keys: &[String],
    (yaml, yaml_line): (&str, usize),
) -> Result<FrontMatter, Diagnostics> {
    let mut errors = Diagnostics::new();
    // A misspelt `title` is one mistake: it is not also reported missing.
    let mut title_misspelt = false;
    let line_at = |at: Option<(usize, usize)>| {
        at.and_then(|(line, _)| yaml.lines().nth(line.checked_sub(yaml_line)?))
    };
    for key in &raw.unknown {
        let mut known: Vec<&str> = BUILT_IN_KEYS.to_vec();
        known.extend(relation_keys.iter().map(String::as_str));
        let at = index.key(&[key]);
        // A full-width space before or in a key looks like no mistake at all: say what it is.
        if let Some(d) = line_at(at).and_then(|l| explain::key_with_full_width_space(path, l)) {
            errors.push(d.at(at.map_or(1, |a| a.0), Some(at.map_or(1, |a| a.1))));
            continue;
        }
        let d = Diagnostic::new(Code::E0203, path)
            .arg("key", crate::diag::escape_all(key))
            .arg("known", known.join(", "))
            .suggest_nearest(key, known.iter().copied())
            .at_opt(at);
        title_misspelt |= d.arg_value("nearest") == Some("title");
        errors.push(d);
    }
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            errors.push(Diagnostic::new(Code::E0204, path).at_opt(index.key(&["title"])));
            String::new()
        }
        None if raw.failed.iter().any(|k| k == "title") => String::new(),
        // `title:` written with nothing after it (or only a `# comment`): at its line.
        None if index.key(&["title"]).is_some() => {
            let at = index.key(&["title"]);
            let d = (line_at(at).zip(at))
                .and_then(|(l, (line, _))| explain::comment_value(path, l, line))
                .unwrap_or_else(|| Diagnostic::new(Code::E0204, path).at_opt(at));
            errors.push(d);
            String::new()
        }
        None if title_misspelt => String::new(),
        None => {
            errors.push(Diagnostic::new(Code::E0205, path).at(1, Some(1)));
            String::new()
        }
    };
    let mut date_of = |key: &str, value: Option<String>| {
        let value = value?;
        // A date with no 和暦 form (before 1873-01-01) is refused here, at its line, rather
        // than by the theme's `wareki` filter with the template's line (and its error).
        wareki::parse(&value)
            .and_then(|d| match d.has_wareki() {
                true => Ok(d),
                false => d.wareki(wareki::Style::Plain).map(|_| d),
            })
            .map_err(|e| {
                errors.push(
                    Diagnostic::new(Code::E0206, path)
                        .arg("key", key)
                        .arg("detail", e)
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
        materials: raw.materials.unwrap_or_default(),
        extra: raw.extra.map(to_data).unwrap_or_else(Data::empty_map),
        translation_key: raw.translation_key,
        relations: raw.relations,
        index,
    })
}

#[cfg(test)]
mod tests;
