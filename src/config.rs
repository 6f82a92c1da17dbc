//! site.yaml: the site's settings, read into [`RawConfig`] and validated into [`Config`].
//!
//! First step of the pipeline's load stage. This module and [`crate::front_matter`] are the only
//! users of serde_yaml. Relations are declared here, never in Rust: each names the front-matter
//! key, the sections whose pages list targets, the section of the targets, and the labels.

use std::collections::BTreeSet;
use std::fmt;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::data::Data;
use crate::error::{Diagnostic, Diagnostics};
use crate::front_matter::{self, BUILT_IN_KEYS};
use crate::locate::YamlIndex;

/// site.yaml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    relations: Option<OrderedMap<RawRelation>>,
    #[serde(default)]
    markdown: Option<RawMarkdown>,
    #[serde(default)]
    classification: Option<String>,
    #[serde(default)]
    feed: Option<RawFeed>,
    #[serde(default)]
    search: Option<bool>,
    #[serde(default)]
    extra: Option<serde_yaml::Value>,
}

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
}

/// A map that keeps the order it was written in (relations are shown in that order).
#[derive(Debug)]
struct OrderedMap<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// The validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name.
    pub title: String,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// The `lang` of every page (default `ja`).
    pub language: String,
    /// The theme's name (default `default`).
    pub theme: String,
    /// Declared relations, in the order written.
    pub relations: Vec<Relation>,
    /// Markdown options.
    pub markdown: MarkdownOptions,
    /// The site-wide default classification, as written, with its position.
    pub classification: Option<(String, Option<(usize, usize)>)>,
    /// The 新着情報 feed.
    pub feed: FeedOptions,
    /// Whether the build writes a search index (`search: false` turns it off; so does
    /// building office-site without its `search` feature).
    pub search: bool,
    /// Anything of the user's.
    pub extra: Data,
    /// site.yaml's absolute path, for diagnostics.
    pub path: PathBuf,
    /// Positions of keys in site.yaml, for diagnostics found later.
    pub(crate) index: YamlIndex,
}

/// A relation between the pages of some sections and the pages of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The front-matter key, e.g. `issues`.
    pub name: String,
    /// Sections (paths under content/, e.g. `teams`) whose pages, and the pages of their
    /// subsections, list targets.
    pub from: Vec<String>,
    /// The section whose pages are listed, by slug.
    pub to: String,
    /// The name under which a target sees the pages that list it.
    pub inverse: String,
    /// Heading for the targets.
    pub label: String,
    /// Heading for the pages that list a target.
    pub inverse_label: String,
}

/// What feeds 新着情報 (the home page's list and atom.xml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOptions {
    /// Sections (paths under content/) whose dated pages, and those of their subsections, are
    /// news; `None`: every dated page.
    pub sections: Option<Vec<String>>,
    /// The feed's title (default: 新着情報 | site title).
    pub title: Option<String>,
}

/// Markdown rendering options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Pass raw HTML through instead of escaping it.
    pub allow_html: bool,
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
}

/// A parsed base URL: `https://host` and a path that starts and ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// Parses `http(s)://host[:port][/path]`.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| format!("`{text}` is not an absolute URL (https://…)"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "`{text}`: only http and https URLs can be a base_url"
            ));
        }
        if rest.contains(['?', '#']) {
            return Err(format!(
                "`{text}`: a base_url cannot have a query or fragment"
            ));
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{text}` has no host name"));
        }
        if path.contains(char::is_whitespace) || path.split('/').any(|s| s == "..") {
            return Err(format!("`{text}`: the path must not hold spaces or `..`"));
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            format!("/{path}/")
        };
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// The sub-path the site is served under, e.g. `/iryou-innovation/` (or `/`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `https://host`, without a trailing slash.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The absolute URL of the site root.
    pub fn root(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// The root-relative URL of `rel` (a path under the site root, no leading slash).
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel.trim_start_matches('/'))
    }

    /// The absolute URL of `rel`.
    pub fn permalink(&self, rel: &str) -> String {
        format!("{}{}", self.origin, self.url(rel))
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root())
    }
}

/// Reads and validates `ROOT/site.yaml`; `base_url_override` replaces its base_url.
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostics> {
    let path = root.join("site.yaml");
    if !path.is_file() {
        return Err(Diagnostic::error(
            &path,
            "site.yaml not found: a site folder needs a site.yaml (see `office-site --help`)",
        )
        .into());
    }
    let text = crate::fs::read_to_string(&path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let raw: RawConfig =
        serde_yaml::from_str(text).map_err(|e| front_matter::yaml_error(&path, &e, 1))?;
    validate(raw, path, YamlIndex::new(text, 1), base_url_override)
}

fn validate(
    raw: RawConfig,
    path: PathBuf,
    index: YamlIndex,
    base_url_override: Option<&str>,
) -> Result<Config, Diagnostics> {
    let mut errors = Diagnostics::new();
    let at = |keys: &[&str]| index.key(keys);
    let base_url = match base_url_override {
        Some(url) => {
            BaseUrl::parse(url).map_err(|m| Diagnostic::error(&path, format!("--base-url: {m}")))
        }
        None => BaseUrl::parse(&raw.base_url).map_err(|m| {
            Diagnostic::error(&path, format!("base_url: {m}")).at_opt(at(&["base_url"]))
        }),
    };
    let base_url = base_url.map_err(|d| errors.push(d)).ok();
    if raw.title.trim().is_empty() {
        errors.push(Diagnostic::error(&path, "title must not be empty").at_opt(at(&["title"])));
    }
    let theme = raw.theme.unwrap_or_else(|| "default".to_owned());
    if !crate::page::is_valid_segment(&theme) {
        errors.push(
            Diagnostic::error(&path, format!("theme `{theme}` is not a folder name"))
                .at_opt(at(&["theme"])),
        );
    }
    let relations = raw.relations.map(|r| r.0).unwrap_or_default();
    let relations = validate_relations(relations, &path, &index, &mut errors);
    let markdown = raw.markdown.unwrap_or_default();
    let feed = raw.feed.unwrap_or_default();
    let feed = FeedOptions {
        sections: feed.sections.map(|s| match s {
            OneOrMany::One(one) => vec![normalise_section(&one)],
            OneOrMany::Many(many) => many.iter().map(|m| normalise_section(m)).collect(),
        }),
        title: feed.title,
    };
    let extra = raw
        .extra
        .map(front_matter::to_data)
        .unwrap_or_else(Data::empty_map);
    if errors.has_errors() {
        return Err(errors);
    }
    let classification = raw.classification.map(|c| (c, at(&["classification"])));
    Ok(Config {
        title: raw.title,
        base_url: base_url.expect("checked above"),
        language: raw.language.unwrap_or_else(|| "ja".to_owned()),
        theme,
        relations,
        markdown: MarkdownOptions {
            allow_html: markdown.allow_html,
            smart_punctuation: markdown.smart_punctuation,
        },
        classification,
        feed,
        search: raw.search.unwrap_or(true) && cfg!(feature = "search"),
        extra,
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
        let mut err = |msg: String| errors.push(Diagnostic::error(path, msg).at_opt(at));
        if BUILT_IN_KEYS.contains(&name.as_str()) {
            err(format!(
                "relation `{name}`: this name is a built-in front-matter key; choose another"
            ));
        }
        for n in [&name, &r.inverse] {
            if !names.insert(n.clone()) {
                err(format!(
                    "relation name `{n}` is used twice (relation and inverse names must all differ)"
                ));
            }
        }
        let from = match r.from {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        let from: Vec<String> = from.iter().map(|s| normalise_section(s)).collect();
        if from.is_empty() {
            err(format!("relation `{name}`: `from` lists no section"));
        }
        out.push(Relation {
            name,
            from,
            to: normalise_section(&r.to),
            inverse: r.inverse,
            label: r.label,
            inverse_label: r.inverse_label,
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

    /// Every front-matter key that a relation adds.
    pub fn relation_keys(&self) -> impl Iterator<Item = &str> {
        self.relations.iter().map(|r| r.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        let raw: RawConfig = serde_yaml::from_str(text)
            .map_err(|e| front_matter::yaml_error(Path::new("site.yaml"), &e, 1))?;
        validate(raw, "site.yaml".into(), YamlIndex::new(text, 1), None)
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
    fn unknown_key_names_key_and_line() {
        let e = parse("title: t\nbase_url: https://x/\ncolour: red\n").unwrap_err();
        let d = e.sorted().remove(0);
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("colour"), "{}", d.message);
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
