//! A rendered Markdown body: its HTML, headings, ids and links, and what was wrong in it. The
//! link step makes it (`link::markdown`); templates, the gate and the search index read it.

use std::collections::HashSet;

use crate::diag::Code;

/// Where a link in Markdown points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum LinkTarget {
    /// `@/path/under/content.md`, with an optional `#anchor`.
    Internal {
        /// Path under content/ (`teams/pharma.md`).
        path: String,
        /// The fragment, without `#`.
        anchor: Option<String>,
    },
    /// A path relative to the page's folder in content/ (`chart.png`, `../issues/a.md`).
    Relative {
        /// The path as written, without the fragment.
        path: String,
        /// The fragment, without `#`.
        anchor: Option<String>,
    },
    /// `/path/from/the/site/root/` (a page's URL, or a file's), relative to the site root:
    /// the base_url's path, so `/teams/pharma/` is `/iryou-innovation/teams/pharma/`.
    Root {
        /// The path as written, without the leading `/` and the fragment (a `?query` stays).
        path: String,
        /// The fragment, without `#`.
        anchor: Option<String>,
    },
    /// `#anchor` on the same page.
    Fragment(String),
}

/// One internal link found in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// Where it points.
    pub(crate) target: LinkTarget,
    /// Byte offset of the link in the Markdown body.
    pub(crate) offset: usize,
    /// 1-based line and column of the link in the body (so that errors can be located after
    /// the body is gone).
    pub(crate) pos: (usize, usize),
    /// Whether the resolver found its target (anchors are checked later).
    pub(crate) resolved: bool,
    /// An image (`![alt](src)`) rather than a link.
    pub(crate) is_image: bool,
}

/// A heading of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// Its unique id on the page.
    pub(crate) id: String,
    /// Its text, without markup.
    pub(crate) title: String,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// The HTML.
    pub(crate) html: String,
    /// Every heading, in order.
    pub(crate) headings: Vec<Heading>,
    /// Every internal link and image.
    pub(crate) links: Vec<Link>,
    /// Every id on the page (headings and footnotes), for anchor checks.
    pub(crate) ids: HashSet<String>,
    /// What is wrong in the Markdown itself (an explicit `{#id}` written twice, a
    /// `javascript:` link), located in the body.
    pub(crate) problems: Vec<Problem>,
    /// The text a reader sees in the HTML ([`crate::text::body::body_text`]), made once here for
    /// the publish gate's check of rendered text and for the search index.
    pub(crate) text: crate::text::body::BodyText,
}

/// Something wrong in the Markdown, found while rendering it: a diagnostic of the catalogue
/// (a `W` code: only a warning, the page is published), located in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// What is wrong: the catalogue's code.
    pub(crate) code: Code,
    /// The values its words are made with.
    pub(crate) args: Vec<(&'static str, String)>,
    /// Byte offset in the body.
    pub(crate) offset: usize,
    /// 1-based line and column in the body.
    pub(crate) pos: (usize, usize),
}

impl Problem {
    /// A problem of `code` at byte `offset` of the body (located later).
    pub(crate) fn new(code: Code, offset: usize) -> Problem {
        Problem {
            code,
            args: Vec::new(),
            offset,
            pos: (0, 0),
        }
    }

    /// Adds a value the words are made with.
    pub(crate) fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Problem {
        self.args.push((name, value.to_string()));
        self
    }
}
