//! Tera errors as diagnostics on the template file and line they concern.
//!
//! Part of [`super`]. Tera names a template by the name it was added under (`partials/toc.html`);
//! the diagnostic names the file it came from: `templates/partials/toc.html` for a site's
//! override, `themes/NAME/templates/…` for a theme on disk, and
//! `(built-in theme default)/templates/…` for the theme embedded in the binary. Errors that
//! Tera only gives as text (unknown filters, functions, tests and includes, found when the
//! templates are put together) are read back from that text, one diagnostic each.

use std::path::{Path, PathBuf};

use tera::ErrorKind;

use super::Theme;
use crate::diag::{Code, Diagnostic, Diagnostics, catalogue, display_path};

impl Theme {
    /// A Tera error as a diagnostic on the template file it concerns; `page` names the page
    /// being rendered. When the error holds several (see [`Theme::diagnostics`]), the first.
    pub(crate) fn diagnostic(&self, e: &tera::Error, page: Option<&Path>) -> Diagnostic {
        self.diagnostics(e, page)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new(Code::E0150, &self.templates_dir).arg("detail", e))
    }

    /// Every problem a Tera error reports, each on its template file and line.
    pub(crate) fn diagnostics(&self, e: &tera::Error, page: Option<&Path>) -> Diagnostics {
        let found: Vec<Diagnostic> = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
                vec![
                    Diagnostic::new(Code::E0150, self.template_path(r.filename()))
                        .arg("detail", r.message())
                        .at(r.span().start_line, Some(r.span().start_col + 1)),
                ]
            }
            ErrorKind::Msg(text) => self.reports(text),
            ErrorKind::TemplateNotFound(name) => {
                vec![Diagnostic::new(Code::E0151, &self.templates_dir).arg("name", name)]
            }
            ErrorKind::MissingParent { current, parent } => vec![
                Diagnostic::new(Code::E0152, self.template_path(current))
                    .arg("parent", parent)
                    .at_opt(self.position_of(current, parent)),
            ],
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => vec![
                Diagnostic::new(Code::E0153, self.template_path(tpl))
                    .arg("chain", inheritance_chain.join(" → ")),
            ],
            ErrorKind::CircularInclude { tpl, include_chain } => vec![
                Diagnostic::new(Code::E0154, self.template_path(tpl))
                    .arg("chain", include_chain.join(" → ")),
            ],
            _ => Vec::new(),
        };
        let mut found = if found.is_empty() {
            vec![Diagnostic::new(Code::E0150, &self.templates_dir).arg("detail", e)]
        } else {
            found
        };
        for d in &mut found {
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                let args = [("cause", cause.to_string())];
                d.notes
                    .push(catalogue::phrase_words("note", "caused_by", &args));
                source = cause.source();
            }
            if let Some(page) = page {
                let args = [("page", display_path(page))];
                d.notes
                    .push(catalogue::phrase_words("note", "while_rendering", &args));
            }
        }
        found.into_iter().collect()
    }

    /// Tera's text reports (`error: MESSAGE` then ` --> NAME:LINE:COL`, then the source line),
    /// one diagnostic each; the `note: LABEL NAME:LINE:COL` lines that follow a report become
    /// its notes, with the template's file path.
    fn reports(&self, text: &str) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            if let Some(message) = line.strip_prefix("error: ") {
                let at = lines
                    .peek()
                    .and_then(|l| l.trim_start().strip_prefix("--> "))
                    .and_then(split_locus);
                let d = match at {
                    Some((name, line, col)) => {
                        lines.next();
                        Diagnostic::new(Code::E0150, self.template_path(name))
                            .arg("detail", message)
                            .at(line, Some(col))
                    }
                    None => {
                        Diagnostic::new(Code::E0150, &self.templates_dir).arg("detail", message)
                    }
                };
                out.push(d);
            } else if let Some(note) = line.strip_prefix("note: ")
                && let Some(last) = out.last_mut()
            {
                let note = match note.rsplit_once(' ').and_then(|(label, locus)| {
                    split_locus(locus).map(|(name, line, col)| (label, name, line, col))
                }) {
                    Some((label, name, line, col)) => format!(
                        "{label} {}:{line}:{col}",
                        display_path(&self.template_path(name))
                    ),
                    None => note.to_owned(),
                };
                last.notes.push(note);
            }
        }
        out
    }

    /// The file a template came from, as errors show it.
    pub(super) fn template_path(&self, name: &str) -> PathBuf {
        self.templates
            .get(name)
            .map(|t| t.origin.display_path())
            .unwrap_or_else(|| self.templates_dir.join(name))
    }

    /// Where `needle` (in quotes) first appears in template `name`.
    fn position_of(&self, name: &str, needle: &str) -> Option<(usize, usize)> {
        let text = &self.templates.get(name)?.text;
        let offset = ["\"", "'"]
            .iter()
            .find_map(|q| text.find(&format!("{q}{needle}{q}")))?;
        Some(crate::diag::line_col(text, offset))
    }
}

/// `partials/toc.html:2:17` → (`partials/toc.html`, 2, 17).
fn split_locus(locus: &str) -> Option<(&str, usize, usize)> {
    let mut parts = locus.trim().rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locus_splits_into_name_line_and_column() {
        assert_eq!(
            split_locus("partials/toc.html:2:17"),
            Some(("partials/toc.html", 2, 17))
        );
        assert_eq!(split_locus("no locus"), None);
    }
}
