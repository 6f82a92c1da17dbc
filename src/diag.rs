//! Diagnostics: every problem the pipeline finds, with the file, line and column it concerns.
//!
//! Below every step. Each step of the pipeline (load → parse → gate → link → render → write)
//! returns the diagnostics it found alongside its value instead of stopping at the first one, so
//! that one build reports every error at once. A diagnostic has a stable [`Code`] (`E0201`:
//! E00xx files, E01xx load, E02xx parse, E03xx gate, E04xx link, E05xx render, E06xx write,
//! E07xx accessibility, E08xx the preview and `new`, E09xx deploy; `W…` for warnings) and named
//! arguments (the key, the slug, the file…); its words come from one place, the [`catalogue`],
//! by code. This module is the one place that formats them, as
//! `PATH:LINE:COL: error[CODE]: MESSAGE` with optional context lines below; [`terminal`] prints
//! them for a person (each once, control characters escaped, long lines cut around the column,
//! a bounded number per file). It reads no file: callers hand it the text.

use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) mod catalogue;
pub(crate) mod terminal;

pub use catalogue::Code;

use terminal::escape;
pub(crate) use terminal::write_report;

/// `text` quoted in a message: every control character escaped, line breaks and tabs too (a
/// key or name with a line break must not start a line of its own in the terminal).
pub(crate) fn escape_all(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build (or check) fails.
    Error,
    /// Reported, but only fails `check --strict`.
    Warning,
}

/// One problem, located as precisely as the step that found it could.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file concerned, relative to the site root once the build reports it.
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column (in characters), where known.
    pub col: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// The stable code, which names the catalogue's entry.
    pub code: Code,
    /// The named values the message is made with (`key`, `slug`, `path`…), as written.
    pub args: Vec<(&'static str, String)>,
    /// Context lines printed below the message (the page being rendered, a hint…).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file (no line known), of the kind its code says (an `E` code
    /// is an error, a `W` code a warning); its words are the catalogue's, made with the
    /// arguments given by [`Diagnostic::arg`].
    pub(crate) fn new(code: Code, path: impl Into<PathBuf>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            col: None,
            severity: code.severity(),
            code,
            args: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a named value the message is made with (`{name}` in the catalogue's text).
    pub(crate) fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// What is wrong, in one sentence: the catalogue's words for the code, with the arguments
    /// put in.
    pub fn message(&self) -> String {
        catalogue::render(self.code.english(), &self.args)
    }

    /// The lines printed below the message: the catalogue's hint for the code, if it has one,
    /// then the notes added to this diagnostic.
    pub fn all_notes(&self) -> Vec<String> {
        // A hint of several lines is several notes.
        let hint = self
            .code
            .english_note()
            .map(|n| catalogue::render(n, &self.args))
            .unwrap_or_default();
        hint.lines()
            .map(str::to_owned)
            .chain(self.notes.iter().cloned())
            .collect()
    }

    /// The value of the argument `name`, if the diagnostic has one.
    pub fn arg_value(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets the location; `col` may be unknown.
    pub(crate) fn at(mut self, line: usize, col: Option<usize>) -> Self {
        self.line = Some(line);
        self.col = col;
        self
    }

    /// Sets the location from a `(line, col)` pair, if there is one.
    pub(crate) fn at_opt(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((line, col)) => self.at(line, Some(col)),
            None => self,
        }
    }

    /// Adds a context line.
    pub(crate) fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic fails a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are listed in (the message last, as printed).
    fn sort_key(&self) -> (PathBuf, usize, usize, Severity, String) {
        (
            self.path.clone(),
            self.line.unwrap_or(0),
            self.col.unwrap_or(0),
            self.severity,
            self.message(),
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = display_path(&self.path);
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = self.code;
        // A message quotes what the user wrote (a key, a title, a file name): a control
        // character in it must not reach the terminal as it is.
        let message = self.message();
        let message = escape(&message, true);
        match (self.line, self.col) {
            (Some(line), Some(col)) => {
                write!(f, "{path}:{line}:{col}: {kind}[{code}]: {message}")?;
            }
            (Some(line), None) => write!(f, "{path}:{line}: {kind}[{code}]: {message}")?,
            _ => write!(f, "{path}: {kind}[{code}]: {message}")?,
        }
        for note in self.all_notes() {
            write!(f, "\n    {}", escape(&note, true))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The diagnostic as printed, followed by the source line it points at in `text` (the
    /// file's text, `None` when it cannot be read) with a caret under the column. A long line
    /// is shown only around the column; control characters are escaped. (`diag` reads no
    /// file: its callers read the text through `crate::fs`.)
    pub(crate) fn with_source_text(&self, text: Option<&str>) -> String {
        let mut out = self.to_string();
        let (Some(line), Some(text)) = (self.line, text) else {
            return out;
        };
        // Lines count from 1: a line 0 points at no line of the file.
        let Some(source) = line.checked_sub(1).and_then(|i| text.split('\n').nth(i)) else {
            return out;
        };
        let (shown, caret) = terminal::window(source.trim_end_matches('\r'), self.col);
        let width = line.to_string().len();
        out.push_str(&format!("\n {line} | {shown}"));
        if let Some(pad) = caret {
            out.push_str(&format!("\n {:width$} | {}^", "", " ".repeat(pad)));
        }
        out
    }

    /// What makes two diagnostics the same finding: file, place, severity and message (notes
    /// aside: two steps that find one problem may explain it differently).
    fn same_finding(&self, other: &Diagnostic) -> bool {
        self.sort_key() == other.sort_key() && self.severity == other.severity
    }
}

/// Paths are shown with `/` on every platform, as users type them; bytes that are not UTF-8
/// are shown as `\xFF` and control characters escaped (see [`terminal::path_text`]), so two
/// names that differ only there are shown apart, and no name can drive the terminal.
pub(crate) fn display_path(path: &Path) -> String {
    let text = terminal::path_text(path);
    let text = if std::path::MAIN_SEPARATOR == '/' {
        text
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    };
    escape(&text, false).into_owned()
}

/// The diagnostics a build collected: errors and warnings, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many diagnostics.
    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The number of errors and of warnings, counted as [`Diagnostics::sorted`] lists them (a
    /// diagnostic found twice is printed, and counted, once).
    pub fn counts(&self) -> (usize, usize) {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by_cached_key(|d| d.sort_key());
        all.dedup_by(|a, b| a.same_finding(b));
        let errors = all.iter().filter(|d| d.is_error()).count();
        (errors, all.len() - errors)
    }

    /// The number of errors, counted like [`Diagnostics::counts`].
    pub fn error_count(&self) -> usize {
        self.counts().0
    }

    /// The number of warnings, counted like [`Diagnostics::counts`].
    pub fn warning_count(&self) -> usize {
        self.counts().1
    }

    /// Whether there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics, sorted by file, line and column, each finding once (the same file,
    /// place, severity and message found twice is kept once, with the first one's notes).
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_cached_key(Diagnostic::sort_key);
        self.items.dedup_by(|a, b| a.same_finding(b));
        self.items
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Rewrites absolute paths under `root` as paths relative to it.
    pub(crate) fn relative_to(mut self, root: &Path) -> Self {
        for d in &mut self.items {
            if let Ok(rel) = d.path.strip_prefix(root) {
                d.path = rel.to_path_buf();
            }
        }
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column), counting columns in chars.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_col() {
        let d = Diagnostic::new(Code::E0105, "content/a.md")
            .arg("detail", "bad")
            .at(3, Some(7));
        assert_eq!(d.to_string(), "content/a.md:3:7: error[E0105]: bad");
        let d = Diagnostic::new(Code::E0105, "site.yaml")
            .arg("detail", "bad")
            .note("hint");
        assert_eq!(d.to_string(), "site.yaml: error[E0105]: bad\n    hint");
        let d = Diagnostic::new(Code::E0106, "site.yaml").arg("key", "title");
        assert_eq!(
            d.to_string(),
            "site.yaml: error[E0106]: the key `title` is written twice\n    a key may appear once; remove this one or the first"
        );
        let d = Diagnostic::new(Code::W0408, "content/a.pdf").arg("out", "a.pdf");
        assert!(
            d.to_string()
                .starts_with("content/a.pdf: warning[W0408]: no page links")
        );
    }

    /// Regression: `with_source` took line `line - 1` of the file, so a diagnostic at line 0
    /// showed the file's first line under it, numbered 0.
    #[test]
    fn with_source_showed_line_one_for_a_line_of_zero() {
        let bad = || Diagnostic::new(Code::E0105, "a.md").arg("detail", "bad");
        let d = bad().at(0, Some(1));
        assert_eq!(d.with_source_text(Some("first\nsecond")), d.to_string());
        let d = bad().at(2, Some(1));
        assert!(
            d.with_source_text(Some("first\nsecond"))
                .ends_with(" 2 | second\n   | ^")
        );
    }

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let text = "---\ntitle: 医療\nx";
        let off = text.find('x').unwrap();
        assert_eq!(line_col(text, off), (3, 1));
        let off = text.find('療').unwrap();
        assert_eq!(line_col(text, off), (2, 9));
    }

    #[test]
    fn sorted_orders_and_dedups() {
        let mut ds = Diagnostics::new();
        let d = |path: &str, detail: &str| Diagnostic::new(Code::E0105, path).arg("detail", detail);
        ds.push(d("b.md", "x").at(1, None));
        ds.push(d("a.md", "y").at(2, None));
        ds.push(d("a.md", "y").at(2, None));
        ds.push(Diagnostic::new(Code::W0301, "a.md").arg("text", "w"));
        assert_eq!(ds.error_count(), 2, "counted as printed");
        assert_eq!(ds.counts(), (2, 1));
        let v = ds.sorted();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].path, PathBuf::from("a.md"));
    }
}
