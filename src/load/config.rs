//! site.yaml: the site's settings, read into `RawConfig` and validated into [`Config`].
//!
//! First step of the pipeline's load stage. This module, the [`super::yaml`] reader and
//! `parse::front_matter` are the only users of serde_yaml. Relations are declared here, never in Rust: each names the front-matter
//! key, the sections whose pages list targets, the section of the targets, and the labels.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::yaml::{self, Document, Entry};
use crate::model::data::Data;
use crate::model::front_matter::BUILT_IN_KEYS;
use crate::text::yaml_index::YamlIndex;

mod attachments;
mod base_url;

pub(crate) use attachments::AttachmentOptions;
pub(crate) use base_url::{BaseUrl, bad_url};

/// site.yaml as written, read key by key (see [`RawConfig::read`]).
#[derive(Debug, Default)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    relations: Vec<(String, RawRelation)>,
    markdown: Option<RawMarkdown>,
    classification: Option<String>,
    feed: Option<RawFeed>,
    search: Option<bool>,
    extra: Option<yaml::Value>,
    deploy: Vec<(String, crate::load::targets::RawTarget)>,
    languages: Vec<(String, crate::load::languages::RawLanguage)>,
    attachments: Option<attachments::RawAttachments>,
    /// Keys whose value had the wrong type (already reported).
    failed: Vec<String>,
}

/// The keys of site.yaml.
const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "relations",
    "markdown",
    "classification",
    "feed",
    "search",
    "extra",
    "deploy",
    "languages",
    "attachments",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    #[serde(default)]
    sections: Option<OneOrMany>,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    from: OneOrMany,
    to: String,
    inverse: String,
    label: String,
    inverse_label: String,
    note: Option<String>,
    note_link: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    smart_punctuation: bool,
    #[serde(default)]
    unsafe_allow_scripts: bool,
}

impl RawConfig {
    /// Reads every key on its own, so that every key's (and relation's) errors are collected.
    fn read(doc: &Document<'_>, errors: &mut Diagnostics) -> RawConfig {
        let mut raw = RawConfig::default();
        for entry in doc.first_entries() {
            raw.read_entry(doc, entry, errors);
        }
        raw
    }

    fn read_entry(&mut self, doc: &Document<'_>, entry: &Entry, errors: &mut Diagnostics) {
        let f = &mut self.failed;
        match entry.key.as_str() {
            "title" => self.title = doc.typed_or_report(entry, errors, f),
            "base_url" => self.base_url = doc.typed_or_report(entry, errors, f),
            "language" => self.language = doc.typed_or_report(entry, errors, f),
            "theme" => self.theme = doc.typed_or_report(entry, errors, f),
            "markdown" => self.markdown = doc.typed_or_report(entry, errors, f),
            "classification" => self.classification = doc.typed_or_report(entry, errors, f),
            "feed" => self.feed = doc.typed_or_report(entry, errors, f),
            "search" => self.search = doc.typed_or_report(entry, errors, f),
            "extra" => self.extra = Some(entry.value.clone()),
            "relations" => self.relations = read_relations(doc, entry, errors),
            "deploy" => self.deploy = crate::load::targets::read(doc, entry, errors),
            "languages" => self.languages = crate::load::languages::read(doc, entry, errors),
            "attachments" => self.attachments = doc.typed_or_report(entry, errors, f),
            key => errors.push(
                Diagnostic::new(Code::E0113, doc.path())
                    .arg("key", crate::diag::escape_all(key))
                    .arg("known", KEYS.join(", "))
                    .suggest_nearest(key, KEYS.iter().copied())
                    .at_opt(doc.index.key(&[key])),
            ),
        }
    }
}

/// Each relation on its own, in the order written.
fn read_relations(
    doc: &Document<'_>,
    entry: &Entry,
    errors: &mut Diagnostics,
) -> Vec<(String, RawRelation)> {
    let Some(relations) = yaml::mapping_entries(entry.value.clone()) else {
        if !entry.value.is_null() {
            errors.push(
                Diagnostic::new(Code::E0114, doc.path())
                    .at_opt(doc.index.value_start(&["relations"])),
            );
        }
        return Vec::new();
    };
    relations
        .into_iter()
        .filter_map(|(name, value)| {
            doc.typed_at::<RawRelation>(&["relations", &name], 0, &value)
                .map_err(|d| errors.push(d))
                .ok()
                .map(|r| (name, r))
        })
        .collect()
}

/// The validated site settings.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The site's name.
    pub(crate) title: String,
    /// Where the site is published.
    pub(crate) base_url: BaseUrl,
    /// The default language's code (`language:`, default `ja`).
    pub(crate) language: String,
    /// Every language of the site, the default first (`languages:`, else `language:`).
    pub(crate) languages: Vec<crate::load::languages::Language>,
    /// The theme's name (default `default`).
    pub(crate) theme: String,
    /// Declared relations, in the order written.
    pub(crate) relations: Vec<Relation>,
    /// Markdown options.
    pub(crate) markdown: MarkdownOptions,
    /// The site-wide default classification, as written, with its position.
    pub(crate) classification: Option<(String, Option<(usize, usize)>)>,
    /// The 新着情報 feed.
    pub(crate) feed: FeedOptions,
    /// Whether the build writes a search index (`search: false` turns it off; so does
    /// building office-site without its `search` feature).
    pub(crate) search: bool,
    /// Anything of the user's.
    pub(crate) extra: Data,
    /// Where `office-site deploy` publishes (`deploy:`).
    pub(crate) deploy: crate::load::targets::Targets,
    /// What the gate lets through in attachments, and what it does with image metadata.
    pub(crate) attachments: AttachmentOptions,
    /// site.yaml's absolute path, for diagnostics.
    pub(crate) path: PathBuf,
    /// Positions of keys in site.yaml, for diagnostics found later.
    pub(crate) index: YamlIndex,
}

/// A relation between the pages of some sections and the pages of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relation {
    /// The front-matter key, e.g. `issues`.
    pub(crate) name: String,
    /// Sections (paths under content/, e.g. `teams`) whose pages, and the pages of their
    /// subsections, list targets.
    pub(crate) from: Vec<String>,
    /// The section whose pages are listed, by slug.
    pub(crate) to: String,
    /// The name under which a target sees the pages that list it.
    pub(crate) inverse: String,
    /// Heading for the targets.
    pub(crate) label: String,
    /// Heading for the pages that list a target.
    pub(crate) inverse_label: String,
    /// A sentence shown with the relation's lists (`note:`), if any.
    pub(crate) note: Option<String>,
    /// What the note links to (`note_link:`, an `@/` path), if anything.
    pub(crate) note_link: Option<String>,
}

/// What feeds 新着情報 (the home page's list and atom.xml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedOptions {
    /// Sections (paths under content/) whose dated pages, and those of their subsections, are
    /// news; `None`: every dated page.
    pub(crate) sections: Option<Vec<String>>,
    /// The feed's title (default: 新着情報 | site title).
    pub(crate) title: Option<String>,
}

/// Markdown rendering options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct MarkdownOptions {
    /// Pass raw HTML through instead of escaping it.
    pub(crate) allow_html: bool,
    /// Typographic quotes and dashes.
    pub(crate) smart_punctuation: bool,
    /// Publish allowed raw HTML as written, scripts and all, instead of cleaning it
    /// (`markdown.unsafe_allow_scripts: true`; every build warns about it).
    pub(crate) unsafe_allow_scripts: bool,
}

/// Reads and validates `ROOT/site.yaml`; `base_url_override` replaces its base_url.
pub(crate) fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostics> {
    let path = root.join("site.yaml");
    if !path.is_file() {
        return Err(Diagnostic::new(Code::E0115, &path).into());
    }
    let text = crate::fs::read_to_string(&path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    from_text(path.clone(), text, base_url_override)
}

/// Reads and validates the text of site.yaml (at `path`), collecting every error.
fn from_text(
    path: PathBuf,
    text: &str,
    base_url_override: Option<&str>,
) -> Result<Config, Diagnostics> {
    let doc = Document::read(&path, text, 1)?;
    let mut errors: Diagnostics = doc.duplicates().collect();
    errors.extend(doc.control_characters());
    let raw = RawConfig::read(&doc, &mut errors);
    let config = validate(raw, path.clone(), doc.index, base_url_override);
    yaml::with_errors(errors, config)
}

fn validate(
    raw: RawConfig,
    path: PathBuf,
    index: YamlIndex,
    base_url_override: Option<&str>,
) -> Result<Config, Diagnostics> {
    let mut errors = Diagnostics::new();
    let at = |keys: &[&str]| index.key(keys);
    let missing = |key: &str| Diagnostic::new(Code::E0116, &path).arg("key", key);
    let failed = |key: &str| raw.failed.iter().any(|k| k == key);
    let base_url = match (base_url_override, &raw.base_url) {
        (Some(url), _) => {
            BaseUrl::parse(url).map_err(|code| Some(bad_url(code, &path, "--base-url", url)))
        }
        (None, Some(url)) => BaseUrl::parse(url)
            .map_err(|code| Some(bad_url(code, &path, "base_url", url).at_opt(at(&["base_url"])))),
        (None, None) => Err((!failed("base_url")).then(|| missing("base_url"))),
    };
    let base_url = base_url.map_err(|d| errors.extend(d)).ok();
    match &raw.title {
        Some(title) if title.trim().is_empty() => {
            errors.push(Diagnostic::new(Code::E0122, &path).at_opt(at(&["title"])));
        }
        Some(_) => {}
        None if failed("title") => {}
        None => errors.push(missing("title")),
    }
    let theme = raw.theme.unwrap_or_else(|| "default".to_owned());
    if !crate::model::paths::is_valid_segment(&theme) {
        errors.push(
            Diagnostic::new(Code::E0123, &path)
                .arg("theme", &theme)
                .at_opt(at(&["theme"])),
        );
    }
    let relations = validate_relations(raw.relations, &path, &index, &mut errors);
    let markdown = raw.markdown.unwrap_or_default();
    if markdown.unsafe_allow_scripts && !markdown.allow_html {
        errors.push(
            Diagnostic::new(Code::E0124, &path).at_opt(at(&["markdown", "unsafe_allow_scripts"])),
        );
    }
    let feed = raw.feed.unwrap_or_default();
    let feed = FeedOptions {
        sections: feed.sections.map(|s| match s {
            OneOrMany::One(one) => vec![normalise_section(&one)],
            OneOrMany::Many(many) => many.iter().map(|m| normalise_section(m)).collect(),
        }),
        title: feed.title,
    };
    let extra = raw.extra.map(yaml::to_data).unwrap_or_else(Data::empty_map);
    let deploy = crate::load::targets::validate(raw.deploy, &path, &index, &mut errors);
    let w = super::languages::SiteWords::new(&raw.language, &raw.title, &feed.title, &relations);
    let languages = super::languages::validate(raw.languages, &w, &path, &index, &mut errors);
    let attachments = attachments::validate(
        raw.attachments.unwrap_or_default(),
        &path,
        &index,
        &mut errors,
    );
    if errors.has_errors() {
        return Err(errors);
    }
    let classification = raw.classification.map(|c| (c, at(&["classification"])));
    Ok(Config {
        title: raw.title.unwrap_or_default(),
        base_url: base_url.expect("checked above"),
        language: languages.first().map_or("ja", |l| &l.code).to_owned(),
        languages,
        theme,
        relations,
        markdown: MarkdownOptions {
            allow_html: markdown.allow_html,
            smart_punctuation: markdown.smart_punctuation,
            unsafe_allow_scripts: markdown.unsafe_allow_scripts,
        },
        classification,
        feed,
        search: raw.search.unwrap_or(true) && cfg!(feature = "search"),
        extra,
        deploy,
        attachments,
        path,
        index,
    })
}

fn validate_relations(
    raw: Vec<(String, RawRelation)>,
    path: &Path,
    index: &YamlIndex,
    errors: &mut Diagnostics,
) -> Vec<Relation> {
    let mut names = BTreeSet::new();
    let mut out = Vec::new();
    for (name, r) in raw {
        let at = index.key(&["relations", &name]);
        let mut err = |code: Code, n: &str| {
            errors.push(Diagnostic::new(code, path).arg("name", n).at_opt(at));
        };
        if BUILT_IN_KEYS.contains(&name.as_str()) {
            err(Code::E0125, &name);
        }
        for n in [&name, &r.inverse] {
            if !names.insert(n.clone()) {
                err(Code::E0126, n);
            }
        }
        let from = match r.from {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        let from: Vec<String> = from.iter().map(|s| normalise_section(s)).collect();
        if from.is_empty() {
            err(Code::E0127, &name);
        }
        out.push(Relation {
            name,
            from,
            to: normalise_section(&r.to),
            inverse: r.inverse,
            label: r.label,
            inverse_label: r.inverse_label,
            note: r.note,
            note_link: r.note_link,
        });
    }
    out
}

/// `teams/`, `/teams`, `teams/_index.md` all name the section `teams`.
fn normalise_section(s: &str) -> String {
    let s = s.trim().trim_start_matches("@/");
    let s = s.strip_suffix("_index.md").unwrap_or(s);
    s.trim_matches('/').to_owned()
}

impl Config {
    /// The position of a key path in site.yaml, for diagnostics.
    pub(crate) fn position(&self, keys: &[&str]) -> Option<(usize, usize)> {
        self.index.key(keys)
    }

    /// The position of a value under a key path in site.yaml.
    pub(crate) fn value_position(&self, keys: &[&str], value: &str) -> Option<(usize, usize)> {
        self.index.value(keys, value)
    }

    /// What every build of this site warns about: raw HTML published with its scripts.
    pub(crate) fn warnings(&self) -> Diagnostics {
        let mut out = Diagnostics::new();
        if self.markdown.unsafe_allow_scripts {
            out.push(
                Diagnostic::new(Code::W0101, &self.path)
                    .at_opt(self.position(&["markdown", "unsafe_allow_scripts"])),
            );
        }
        out
    }

    /// Every front-matter key that a relation adds.
    pub(crate) fn relation_keys(&self) -> impl Iterator<Item = &str> {
        self.relations.iter().map(|r| r.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        from_text("site.yaml".into(), text, None)
    }

    #[test]
    fn base_url_keeps_sub_path() {
        let b = BaseUrl::parse("https://www.example.go.jp/iryou-innovation").unwrap();
        assert_eq!(b.path(), "/iryou-innovation/");
        assert_eq!(b.url("teams/pharma/"), "/iryou-innovation/teams/pharma/");
        assert_eq!(
            b.permalink("teams/"),
            "https://www.example.go.jp/iryou-innovation/teams/"
        );
        assert_eq!(BaseUrl::parse("http://localhost:1111").unwrap().path(), "/");
        assert!(BaseUrl::parse("www.example.go.jp").is_err());
        assert!(BaseUrl::parse("ftp://x/").is_err());
    }

    #[test]
    fn site_paths_are_read_from_every_form_of_url() {
        let b = BaseUrl::parse("https://www.example.go.jp/sub/").unwrap();
        for (url, path) in [
            ("https://www.example.go.jp/sub/teams/", Some("teams/")),
            ("https://www.example.go.jp/sub", Some("")),
            ("https://www.example.go.jp/other/", None),
            ("https://www.example.go.jp.evil/sub/x", None),
            ("/sub/teams/", Some("teams/")),
            ("/sub", Some("")),
            ("/teams/", Some("teams/")),
            ("/subway/", Some("subway/")),
            ("//host/x", None),
            ("teams/", None),
        ] {
            assert_eq!(b.site_path(url), path, "{url}");
        }
        let root = BaseUrl::parse("http://localhost:1111/").unwrap();
        assert_eq!(root.site_path("http://localhost:1111/a.pdf"), Some("a.pdf"));
        assert_eq!(root.site_path("http://localhost:1111"), Some(""));
        assert_eq!(root.site_path("/a.pdf"), Some("a.pdf"));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse("title: t\nbase_url: https://x/\ncolour: red\n").unwrap_err();
        let d = e.sorted().remove(0);
        assert_eq!(d.line, Some(3));
        assert_eq!(
            (d.code, d.arg_value("key")),
            (Code::E0113, Some("colour")),
            "{d}"
        );
    }

    #[test]
    fn relations_keep_order_and_forms() {
        let c = parse(
            "title: t\nbase_url: https://x/\nrelations:\n  issues:\n    from: teams\n    to: issues/\n    inverse: teams\n    label: a\n    inverse_label: b\n  b:\n    from: [x, y/_index.md]\n    to: z\n    inverse: c\n    label: a\n    inverse_label: b\n",
        )
        .unwrap();
        assert_eq!(c.relations[0].name, "issues");
        assert_eq!(c.relations[0].to, "issues");
        assert_eq!(c.relations[1].from, vec!["x", "y"]);
    }

    #[test]
    fn relation_named_like_built_in_key_is_an_error() {
        let e = parse(
            "title: t\nbase_url: https://x/\nrelations:\n  title:\n    from: a\n    to: b\n    inverse: c\n    label: a\n    inverse_label: b\n",
        )
        .unwrap_err();
        assert_eq!(e.sorted()[0].line, Some(4));
    }
}
