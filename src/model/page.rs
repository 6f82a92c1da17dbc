//! A page or section, and a file of content/ copied beside it: what the parse step makes of a
//! Markdown source and what every later step reads.

use std::path::PathBuf;
use std::sync::Arc;

use super::finding::Finding;
use super::front_matter::FrontMatter;
use super::rendered::Rendered;
use crate::dates::wareki::Date;

/// A page or a section (`_index.md`), which renders to one HTML file.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The file, relative to the site root (`content/teams/pharma.md`).
    pub(crate) rel: PathBuf,
    /// The path under content/ (`teams/pharma.md`), as `@/` links name it.
    pub(crate) content_path: String,
    /// Whether this is a section's `_index.md`.
    pub(crate) is_section: bool,
    /// The content folder this page belongs to (`teams`; `` for the home section). For a
    /// section, its own folder.
    pub(crate) folder: String,
    /// Validated front matter.
    pub(crate) front: FrontMatter,
    /// The Markdown after the front matter (shared: the preview server keeps parsed pages
    /// between builds and tells an unchanged body by its pointer).
    pub(crate) body: Arc<str>,
    /// The file line where the body starts.
    pub(crate) body_line: usize,
    /// The lines before the body as written (the `---` lines and the YAML between them): the
    /// checks that read the whole file read them with the body.
    pub(crate) front_text: Arc<str>,
    /// The URL path under the site root, `teams/pharma/` (`` for the home page).
    pub(crate) url: String,
    /// The rendered body, filled by the link step (shared, so a cached rendering costs a
    /// pointer).
    pub(crate) rendered: Arc<Rendered>,
    /// What the publish gate found in the file's text (reported only if it is published).
    pub(crate) findings: Vec<Finding>,
    /// 最終更新日: `updated:`, else the last git commit of the file, else `date`.
    pub(crate) updated: Option<Date>,
    /// When the file was last modified, as read with it (see `load::source::SourceFile::modified`).
    pub(crate) modified: Option<std::time::SystemTime>,
    /// Whether the page is a draft: `draft: true` in its own front matter or in an enclosing
    /// section's (the gate's publish decision sets what it inherits). Everything that treats drafts
    /// differently (banner, noindex, sitemap, feed, robots.txt) reads this, not the front matter.
    pub(crate) draft: bool,
}

impl Page {
    /// The last URL segment.
    pub(crate) fn slug(&self) -> &str {
        self.url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
    }

    /// The file written for this page, under the output root.
    pub(crate) fn output_path(&self) -> String {
        format!("{}index.html", self.url)
    }

    /// The content folder of the section this page belongs to: its own folder for a page, the
    /// parent folder for a section (`None` for the home section).
    pub(crate) fn parent_folder(&self) -> Option<&str> {
        if !self.is_section {
            return Some(&self.folder);
        }
        if self.folder.is_empty() {
            return None;
        }
        Some(self.folder.rsplit_once('/').map_or("", |(p, _)| p))
    }
}

/// A non-Markdown file under content/, copied to the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Absolute source path.
    pub(crate) abs: PathBuf,
    /// Path relative to the site root.
    pub(crate) rel: PathBuf,
    /// Path under content/.
    pub(crate) content_path: String,
    /// Path under the output root.
    pub(crate) output_path: String,
}
