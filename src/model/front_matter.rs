//! Validated front matter: what a page says about itself, once the parse step has read and
//! checked its YAML (the raw form and the checks live in `parse::front_matter`).

use serde::Deserialize;

use super::data::Data;
use crate::dates::wareki::Date;
use crate::text::yaml_index::YamlIndex;

/// Front-matter keys the engine knows, besides the relation keys of site.yaml.
pub(crate) const BUILT_IN_KEYS: &[&str] = &[
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
    "materials",
    "extra",
    "translation_key",
];

/// One `allow:` entry: a flagged string the author publishes on purpose, and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Allow {
    /// The exact text allowed.
    pub(crate) text: String,
    /// Why it may be published.
    pub(crate) reason: String,
}

/// One entry of `materials:`: a council meeting's 資料 (`資料1`, `参考資料2`, or none for the
/// 議事次第), its title, and its file (beside the page, as a relative link names it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Material {
    /// `資料1`, `参考資料2`…
    #[serde(default)]
    pub(crate) number: Option<String>,
    /// What it is.
    pub(crate) title: String,
    /// The file, relative to the page's folder.
    pub(crate) file: String,
}

/// Validated front matter.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    /// The page's title.
    pub(crate) title: String,
    /// A one-sentence summary (meta description).
    pub(crate) description: Option<String>,
    /// 公開日.
    pub(crate) date: Option<Date>,
    /// 最終更新日, when the author sets it.
    pub(crate) updated: Option<Date>,
    /// Order within the section (lower first).
    pub(crate) weight: Option<i64>,
    /// Unpublished unless the build asks for drafts.
    pub(crate) draft: bool,
    /// Replaces the last URL segment.
    pub(crate) slug: Option<String>,
    /// The template to render this page with.
    pub(crate) template: Option<String>,
    /// On a section: the template of its pages.
    pub(crate) page_template: Option<String>,
    /// Old URLs that redirect here.
    pub(crate) aliases: Vec<String>,
    /// The classification as written (the publish gate checks it).
    pub(crate) classification: Option<String>,
    /// Flagged strings the author allows, with reasons.
    pub(crate) allow: Vec<Allow>,
    /// The page's 資料一覧 (`materials:`).
    pub(crate) materials: Vec<Material>,
    /// Anything of the user's.
    pub(crate) extra: Data,
    /// Pairs a translation with its original when their file names differ: both say the same
    /// key (`parse::translations`).
    pub(crate) translation_key: Option<String>,
    /// Relation key → target slugs, in the order written.
    pub(crate) relations: Vec<(String, Vec<String>)>,
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

    /// Where the value of a key starts (for errors about the whole value: `slug: ""`).
    pub(crate) fn value_start(&self, key: &str) -> Option<(usize, usize)> {
        self.index.value_start(&[key])
    }

    /// The file position of a value under a key.
    pub(crate) fn value_position(&self, key: &str, value: &str) -> Option<(usize, usize)> {
        self.index.value(&[key], value)
    }
}
