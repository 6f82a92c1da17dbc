//! What a failed build shows, and where: the terminal is the editor's own and gets every
//! diagnostic in full, with its source line; the overlay drawn over the preview's pages (which
//! anyone the preview is shared with sees) gets the same, except that a diagnostic about a
//! file left out of the site is reduced to "a withheld page has an error" and the file's name.
//! A withheld page's source line, its message (which may quote its YAML) and its notes never
//! reach the browser.
//!
//! A failed build has no [`crate::model::publication::Publication`] to ask, and the failing page may be
//! the one whose front matter does not parse, so [`Judge`] works out each named file's fate
//! again by the gate's own rule (`gate::decide::fate`) (its own classification and `draft:`, then its enclosing
//! sections', then site.yaml's), and assumes the worst whenever it cannot tell: a page that
//! does not parse counts as withheld if its front matter could set `classification` (the word
//! appears, or an escape or a tag could spell it), and as a draft if the word `draft` appears;
//! every file under a section whose `_index.md` does not parse counts as withheld.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Lang, display_path, terminal};
use crate::gate;
use crate::model::finding::Classification;

/// A failed build, as the terminal and as the browser show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BuildError {
    /// Every diagnostic in full, with the source line it points at.
    pub(super) terminal: String,
    /// What the overlay shows: the same, with the files left out of the site only named.
    pub(super) entries: Vec<Entry>,
}

impl BuildError {
    /// The overlay's text, as a terminal would show it (the overlay's markup is made from the
    /// same [`Entry`]s by `super::page`).
    #[cfg(test)]
    pub(super) fn overlay(&self) -> String {
        self.entries
            .iter()
            .map(Entry::text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One error as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entry {
    /// A diagnostic in full (as printed: place, code, message, notes), and the source line it
    /// points at, if it points at one that could be read.
    Shown {
        /// The diagnostic as printed.
        text: String,
        /// Its source line.
        source: Option<Excerpt>,
    },
    /// A file left out of the site (or that may be): its name only, as shown.
    Withheld(String),
}

/// A source line shown under a diagnostic, with a caret under its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Excerpt {
    /// The line's number.
    pub(super) line: usize,
    /// The line as shown (cut around the column when long, control characters escaped).
    pub(super) shown: String,
    /// What of `shown` comes before the caret, if there is a column: the browser lays the
    /// caret out after an invisible copy of it, so that the caret sits under the right
    /// character whatever the font's widths (a Japanese character is not two spaces wide in
    /// a browser's monospace font).
    pub(super) before_caret: Option<String>,
}

impl Excerpt {
    /// The source line of `d` in `text` (the file's text), as the terminal shows it.
    pub(super) fn of(d: &Diagnostic, text: Option<&str>) -> Option<Excerpt> {
        let (line, text) = (d.line?, text?);
        // Lines count from 1: a line 0 points at no line of the file.
        let source = line.checked_sub(1).and_then(|i| text.split('\n').nth(i))?;
        let (shown, caret) = terminal::window(source.trim_end_matches('\r'), d.col);
        let before_caret = caret.map(|columns| {
            let mut width = 0;
            shown
                .chars()
                .take_while(|&c| {
                    width += terminal::char_width(c);
                    width <= columns
                })
                .collect()
        });
        Some(Excerpt {
            line,
            shown,
            before_caret,
        })
    }
}

impl Entry {
    /// The entry as a terminal shows it: `Diagnostic::with_source_text`'s layout, the caret
    /// placed by terminal columns.
    pub(super) fn text(&self) -> String {
        match self {
            Entry::Withheld(path) => format!("{path}: {WITHHELD}"),
            Entry::Shown { text, source: None } => text.clone(),
            Entry::Shown {
                text,
                source: Some(x),
            } => {
                let width = x.line.to_string().len();
                let mut out = format!("{text}\n {} | {}", x.line, x.shown);
                if let Some(before) = &x.before_caret {
                    let pad: usize = before.chars().map(terminal::char_width).sum();
                    out.push_str(&format!("\n {:width$} | {}^", "", " ".repeat(pad)));
                }
                out
            }
        }
    }
}

/// What the overlay says of a file that is (or may be) left out of the site.
pub(super) const WITHHELD: &str = "a withheld page has an error (非公開のページにエラーがあります); the details are shown in the terminal only";

/// [`describe_in`] in English.
#[cfg(test)]
pub(super) fn describe(root: &Path, diagnostics: &Diagnostics, drafts: bool) -> BuildError {
    describe_in(root, diagnostics, drafts, Lang::En)
}

/// Formats the diagnostics of a failed build for the terminal and for the overlay, in `lang`.
pub(super) fn describe_in(
    root: &Path,
    diagnostics: &Diagnostics,
    drafts: bool,
    lang: Lang,
) -> BuildError {
    let sorted = diagnostics.clone().sorted();
    let mut judge = Judge::new(root, drafts);
    let mut entries = Vec::with_capacity(sorted.len());
    let mut named = HashSet::new();
    for d in &sorted {
        if judge.is_public(&d.path) {
            let text = d
                .line
                .and_then(|_| crate::fs::read_to_string(&root.join(&d.path)).ok());
            entries.push(Entry::Shown {
                text: d.shown(lang).to_string(),
                source: Excerpt::of(d, text.as_deref()),
            });
        } else if named.insert(d.path.clone()) {
            entries.push(Entry::Withheld(display_path(&d.path)));
        }
    }
    // The terminal gets what `build` prints: each finding once, a bounded number per file.
    let terminal = super::report_text(root, lang, diagnostics.clone());
    BuildError {
        terminal: terminal.trim_end().to_owned(),
        entries,
    }
}

/// A build that stopped on a bug (a panic): the terminal gets its message, the overlay only
/// says so (a message may quote anything, a withheld page's text included).
pub(super) fn internal_error(message: &str) -> BuildError {
    BuildError {
        terminal: format!(
            "error: internal error: the build stopped on a bug in office-site: {message}\n    the preview keeps serving the last good site; save a file to try again"
        ),
        entries: vec![Entry::Shown {
            text: "error: internal error (内部エラー): the build stopped on a bug in office-site; the details are shown in the terminal".to_owned(),
            source: None,
        }],
    }
}

/// What is known of one Markdown file's own settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Own {
    /// Its classification, if it sets one, and whether it says `draft: true`.
    Known {
        level: Option<Classification>,
        draft: bool,
    },
    /// It does not parse, and its text may set either.
    Unknown,
}

/// Works out whether the files that diagnostics name are on the public site.
struct Judge<'a> {
    root: &'a Path,
    drafts: bool,
    /// site.yaml's classification (`Some(None)` when it sets none), `None` if unknown.
    site: Option<Option<Classification>>,
    relation_keys: Vec<String>,
    own: HashMap<PathBuf, Own>,
}

impl<'a> Judge<'a> {
    fn new(root: &'a Path, drafts: bool) -> Judge<'a> {
        let config = crate::load::config::load(root, None).ok();
        let site = config.as_ref().and_then(|c| match &c.classification {
            Some((text, _)) => gate::parse_classification(text).ok().map(Some),
            None if c.position(&["classification"]).is_some() => None,
            None => Some(None),
        });
        Judge {
            root,
            drafts,
            site,
            relation_keys: config
                .iter()
                .flat_map(|c| c.relation_keys())
                .map(str::to_owned)
                .collect(),
            own: HashMap::new(),
        }
    }

    /// Whether `path` (relative to the root, as diagnostics name files) is known to be
    /// published: anything outside content/ is (site.yaml, templates, static files); under
    /// content/, a page or file whose page, sections and site all say 機密性1, and not draft
    /// unless the preview shows drafts.
    fn is_public(&mut self, path: &Path) -> bool {
        let path = path.strip_prefix(self.root).unwrap_or(path);
        let mut parts = path.components().filter(|c| *c != Component::CurDir);
        if parts.next() != Some(Component::Normal(OsStr::new("content"))) {
            return !path.is_absolute();
        }
        let mut segments = Vec::new();
        for part in parts {
            match part {
                Component::Normal(s) => segments.push(s.to_string_lossy().into_owned()),
                _ => return false,
            }
        }
        let abs = self.root.join(path);
        let name = segments.last().map_or("", String::as_str);
        let (own, mut folder) = if abs.is_dir() {
            (
                Own::Known {
                    level: None,
                    draft: false,
                },
                Some(segments.join("/")),
            )
        } else {
            let folder = segments[..segments.len().saturating_sub(1)].join("/");
            if !is_markdown(name) {
                (
                    Own::Known {
                        level: None,
                        draft: false,
                    },
                    Some(folder),
                )
            } else if name == "_index.md" {
                (self.own(&abs), parent(&folder))
            } else {
                (self.own(&abs), Some(folder))
            }
        };
        // This file, then each enclosing section, nearest first.
        let mut chain = vec![own];
        while let Some(f) = folder {
            let index = self.root.join("content").join(&f).join("_index.md");
            if index.is_file() {
                chain.push(self.own(&index));
            }
            folder = parent(&f);
        }
        self.public(&chain)
    }

    /// The gate's own rule ([`gate::decide::fate`]) over the chain, once every level of it
    /// and site.yaml are known: published, and not a draft unless drafts are shown.
    fn public(&self, chain: &[Own]) -> bool {
        let Some(site) = self.site else { return false };
        let mut levels = Vec::with_capacity(chain.len());
        let mut draft = false;
        for own in chain {
            match own {
                Own::Unknown => return false,
                Own::Known { level, draft: d } => {
                    levels.push(*level);
                    draft |= d;
                }
            }
        }
        matches!(
            gate::decide::fate(&levels, draft, site, self.drafts),
            gate::decide::Fate::Publish { .. }
        )
    }

    /// A Markdown file's own classification and `draft:`, read once.
    fn own(&mut self, abs: &Path) -> Own {
        if let Some(own) = self.own.get(abs) {
            return *own;
        }
        let own = self.read_own(abs);
        self.own.insert(abs.to_path_buf(), own);
        own
    }

    fn read_own(&self, abs: &Path) -> Own {
        let content = self.root.join("content");
        let page = crate::load::source::load_file(self.root, &content, abs.to_path_buf())
            .ok()
            .and_then(|f| crate::parse::page::parse_file(f, &self.relation_keys).ok());
        let Some(page) = page else {
            return self.guess_own(abs);
        };
        let level = match &page.front.classification {
            Some(text) => match gate::parse_classification(text) {
                Ok(c) => Some(c),
                Err(_) => return Own::Unknown,
            },
            // `classification:` with no value: an error, and no telling what was meant.
            None if page.front.position("classification").is_some() => return Own::Unknown,
            None => None,
        };
        Own::Known {
            level,
            draft: page.front.draft,
        }
    }

    /// For a file that does not parse: its front matter (or, without one, its whole text)
    /// cannot set a classification unless the word is in it, or an escape
    /// (`"\x63lassification"`) or a tag could spell it; it is taken for a draft if `draft`
    /// is in it.
    fn guess_own(&self, abs: &Path) -> Own {
        let Ok(bytes) = crate::fs::read(abs) else {
            return Own::Unknown;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        let region =
            crate::parse::front_matter::split(abs, &text).map_or(text.as_str(), |s| s.yaml);
        let lower = region.to_ascii_lowercase();
        let may_classify = lower.contains("classification")
            || region.contains('\\')
            || region.contains("!!")
            || region.contains("!<");
        if may_classify {
            Own::Unknown
        } else {
            Own::Known {
                level: None,
                draft: lower.contains("draft"),
            }
        }
    }
}

/// Whether a file name says Markdown (in any case, as `source::load_file` refuses the
/// misnamed ones): such a file may hold a page's front matter.
fn is_markdown(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt"]
            .iter()
            .any(|m| ext.eq_ignore_ascii_case(m))
    })
}

/// The folder above `folder` (`teams/wt` → `teams` → `` → none).
fn parent(folder: &str) -> Option<String> {
    if folder.is_empty() {
        None
    } else {
        Some(folder.rsplit_once('/').map_or("", |(p, _)| p).to_owned())
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the test sets up and reads its files on disk directly
mod tests;
