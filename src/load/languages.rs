//! `languages:` of site.yaml: the languages a site is published in, each with its own title,
//! description, URL folder, theme strings and relation labels.
//!
//! Part of the load step, read with the rest of site.yaml ([`super::config`]). A site without
//! `languages:` has one language, `language:` (default `ja`). With it, exactly one language is
//! the default: it is published at the site root, every other one under its own folder
//! (`path:`, default its code: `/en/`). A translation is a file beside its original
//! (`page.en.md`, see `parse::translations`).
//!
//! ```yaml
//! languages:
//!   ja: {default: true}
//!   en:
//!     title: Office of Medical Innovation, Cabinet Secretariat
//!     complete: true          # `check` warns about pages without an English version
//!     relations: {issues: {label: Shared issues, inverse_label: Teams working on this issue}}
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::yaml::{self, Document, Entry};
use crate::text::yaml_index::YamlIndex;

/// One language as written under `languages:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguage {
    #[serde(default)]
    default: bool,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    complete: bool,
    #[serde(default)]
    feed_title: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    relations: BTreeMap<String, RelationWords>,
}

/// What a language says instead of a relation's words of site.yaml (each optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RelationWords {
    /// Heading for the targets.
    #[serde(default)]
    pub(crate) label: Option<String>,
    /// Heading for the pages that list a target.
    #[serde(default)]
    pub(crate) inverse_label: Option<String>,
    /// A sentence shown with the relation's lists (what the pairing is, who made it).
    #[serde(default)]
    pub(crate) note: Option<String>,
    /// An `@/` path (with `#anchor`) the note links to.
    #[serde(default)]
    pub(crate) note_link: Option<String>,
}

/// A language of the site, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language {
    /// Its code, as `lang` and `hreflang` take it (`ja`, `en`, `zh-cn`).
    pub(crate) code: String,
    /// Whether it is the default language (published at the site root; translations name
    /// their originals in it).
    pub(crate) default: bool,
    /// Its name in itself (`日本語`, `English`), for the language switch.
    pub(crate) name: String,
    /// The site's title in it.
    pub(crate) title: String,
    /// The site's description in it, if given.
    pub(crate) description: Option<String>,
    /// Its folder under the site root, with a trailing slash (`en/`); `` for the default.
    pub(crate) path: String,
    /// Whether every page should have a version in it (`check` warns about those without).
    pub(crate) complete: bool,
    /// Its feed's title, if given.
    pub(crate) feed_title: Option<String>,
    /// Theme strings it sets, over the theme's own.
    pub(crate) strings: BTreeMap<String, String>,
    /// Relation name → its words in this language.
    pub(crate) relations: BTreeMap<String, RelationWords>,
}

impl Language {
    /// The suffix a translation's file name takes before `.md` (`.en`), `None` for the
    /// default language.
    pub(crate) fn file_suffix(&self) -> Option<String> {
        (!self.default).then(|| format!(".{}", self.code))
    }
}

/// Names of languages as they name themselves, for the codes most sites use.
fn own_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "ja" => "日本語",
        "en" => "English",
        "ko" => "한국어",
        "zh-cn" | "zh-hans" => "简体中文",
        "zh-tw" | "zh-hant" => "繁體中文",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "pt" => "Português",
        "vi" => "Tiếng Việt",
        "id" => "Bahasa Indonesia",
        "th" => "ไทย",
        _ => return None,
    })
}

/// Whether `code` is a language code as `lang` takes it: a primary tag of 2 or 3 lowercase
/// letters, then subtags of letters and digits (`zh-cn`).
fn is_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Reads `languages:` entry by entry, so that every language's errors are reported.
pub(crate) fn read(
    doc: &Document<'_>,
    entry: &Entry,
    errors: &mut Diagnostics,
) -> Vec<(String, RawLanguage)> {
    let Some(languages) = yaml::mapping_entries(entry.value.clone()) else {
        if !entry.value.is_null() {
            errors.push(
                Diagnostic::new(Code::E0160, doc.path())
                    .at_opt(doc.index.value_start(&["languages"])),
            );
        }
        return Vec::new();
    };
    languages
        .into_iter()
        .filter_map(|(code, value)| {
            if value.is_null() {
                return Some((code, RawLanguage::default()));
            }
            doc.typed_at::<RawLanguage>(&["languages", &code], 0, &value)
                .map_err(|d| errors.push(d))
                .ok()
                .map(|r| (code, r))
        })
        .collect()
}

/// What the rest of site.yaml says that the languages depend on.
pub(crate) struct SiteWords<'a> {
    /// `language:`, if written.
    pub(crate) language: Option<&'a str>,
    /// `title:`.
    pub(crate) title: &'a str,
    /// `feed.title`, the default language's feed title.
    pub(crate) feed_title: Option<&'a str>,
    /// The relations' names, each with whether it has a `note:`.
    pub(crate) relations: Vec<(&'a str, bool)>,
}

impl<'a> SiteWords<'a> {
    /// The words of site.yaml's `language:`, `title:`, `feed.title` and `relations:`.
    pub(crate) fn new(
        language: &'a Option<String>,
        title: &'a Option<String>,
        feed_title: &'a Option<String>,
        relations: &'a [crate::load::config::Relation],
    ) -> SiteWords<'a> {
        SiteWords {
            language: language.as_deref(),
            title: title.as_deref().unwrap_or_default(),
            feed_title: feed_title.as_deref(),
            relations: (relations.iter())
                .map(|r| (r.name.as_str(), r.note.is_some()))
                .collect(),
        }
    }
}

/// Validates `languages:` (`raw`, in the order written) into the site's languages, the
/// default first. Without `languages:`, the one language `language:` (default `ja`).
pub(crate) fn validate(
    raw: Vec<(String, RawLanguage)>,
    site: &SiteWords<'_>,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) -> Vec<Language> {
    if raw.is_empty() {
        let code = site.language.unwrap_or("ja").to_owned();
        return vec![Language {
            name: own_name(&code).unwrap_or(&code).to_owned(),
            code,
            default: true,
            title: site.title.to_owned(),
            description: None,
            path: String::new(),
            complete: false,
            feed_title: site.feed_title.map(str::to_owned),
            strings: BTreeMap::new(),
            relations: BTreeMap::new(),
        }];
    }
    let at = |code: &str| index.key(&["languages", code]);
    let default = default_code(&raw, site.language, path, index, errors);
    let mut paths = BTreeSet::new();
    let mut out = Vec::new();
    for (code, r) in raw {
        let err = |c: Code| {
            Diagnostic::new(c, path)
                .arg("code", &code)
                .at_opt(at(&code))
        };
        if !is_code(&code) {
            errors.push(err(Code::E0163));
        }
        let is_default = default.as_deref() == Some(code.as_str());
        let folder = match (&r.path, is_default) {
            (Some(_), true) => {
                errors.push(err(Code::E0164));
                String::new()
            }
            (None, true) => String::new(),
            (p, false) => {
                let p = p.clone().unwrap_or_else(|| code.clone());
                let p = p.trim_matches('/').to_owned();
                if !crate::model::paths::is_valid_segment(&p) {
                    errors.push(err(Code::E0165).arg("path", &p));
                } else if !paths.insert(p.clone()) {
                    errors.push(err(Code::E0166).arg("path", &p));
                }
                format!("{p}/")
            }
        };
        let title = match (&r.title, is_default) {
            (Some(t), _) if !t.trim().is_empty() => t.clone(),
            (_, true) => site.title.to_owned(),
            (_, false) => {
                errors.push(err(Code::E0167));
                String::new()
            }
        };
        relation_words(&code, is_default, &r, site, path, index, errors);
        let name = r
            .name
            .clone()
            .or_else(|| own_name(&code).map(str::to_owned))
            .unwrap_or_else(|| code.clone());
        let feed_title = match is_default {
            true => r.feed_title.or_else(|| site.feed_title.map(str::to_owned)),
            false => r.feed_title,
        };
        out.push(Language {
            code,
            default: is_default,
            name,
            title,
            description: r.description,
            path: folder,
            complete: r.complete,
            feed_title,
            strings: r.strings,
            relations: r.relations,
        });
    }
    // The default first: everything that loops over languages starts with it.
    out.sort_by_key(|l| !l.default);
    out
}

/// A language's words for the relations: only relations of site.yaml; and a language other
/// than the default says every relation's labels (and note, if it has one) in itself, since
/// the relation's own words are the default language's.
fn relation_words(
    code: &str,
    is_default: bool,
    r: &RawLanguage,
    site: &SiteWords<'_>,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) {
    let known: Vec<&str> = site.relations.iter().map(|(n, _)| *n).collect();
    for name in r.relations.keys() {
        if !known.contains(&name.as_str()) {
            errors.push(
                Diagnostic::new(Code::E0168, path)
                    .arg("code", code)
                    .arg("name", name)
                    .arg("known", known.join(", "))
                    .at_opt(index.key(&["languages", code, "relations", name])),
            );
        }
    }
    if is_default {
        return;
    }
    for &(name, has_note) in &site.relations {
        let words = r.relations.get(name);
        let missing: Vec<&str> = [
            ("label", words.and_then(|w| w.label.as_ref()).is_none()),
            (
                "inverse_label",
                words.and_then(|w| w.inverse_label.as_ref()).is_none(),
            ),
            (
                "note",
                has_note && words.and_then(|w| w.note.as_ref()).is_none(),
            ),
        ]
        .into_iter()
        .filter(|(_, missing)| *missing)
        .map(|(key, _)| key)
        .collect();
        if !missing.is_empty() {
            errors.push(
                Diagnostic::new(Code::E0172, path)
                    .arg("code", code)
                    .arg("name", name)
                    .arg("keys", missing.join(", "))
                    .at_opt(
                        index
                            .key(&["languages", code, "relations", name])
                            .or_else(|| index.key(&["languages", code])),
                    ),
            );
        }
    }
}

/// The code of the default language: the one that says `default: true`, else the one
/// `language:` names; an error when none or several do, or when they disagree.
fn default_code(
    raw: &[(String, RawLanguage)],
    language: Option<&str>,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) -> Option<String> {
    let said: Vec<&str> = raw
        .iter()
        .filter(|(_, r)| r.default)
        .map(|(c, _)| c.as_str())
        .collect();
    let at = |code: &str| index.key(&["languages", code]);
    match (said.as_slice(), language) {
        ([one], Some(l)) if *one != l => {
            errors.push(
                Diagnostic::new(Code::E0161, path)
                    .arg("code", one)
                    .arg("language", l)
                    .at_opt(index.key(&["language"])),
            );
            None
        }
        ([one], _) => Some((*one).to_owned()),
        ([], Some(l)) if raw.iter().any(|(c, _)| c == l) => Some(l.to_owned()),
        ([], _) => {
            errors.push(
                Diagnostic::new(Code::E0162, path)
                    .arg(
                        "codes",
                        raw.iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .at_opt(index.key(&["languages"])),
            );
            None
        }
        (many, _) => {
            errors.push(
                Diagnostic::new(Code::E0169, path)
                    .arg("codes", many.join(", "))
                    .at_opt(at(many[1])),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_are_lowercase_tags() {
        for ok in ["ja", "en", "zh-cn", "fil", "zh-Hant"] {
            assert!(is_code(ok), "{ok}");
        }
        for bad in [
            "", "J", "JA", "english", "en_GB", "en-", "-en", "e n", "日本",
        ] {
            assert!(!is_code(bad), "{bad}");
        }
    }
}
