//! Putting a diagnostic's arguments into the catalogue's words, in the language asked for.
//! Part of [`super`].

use super::{Code, phrase, phrase_in};
use crate::diag::{Lang, Severity};

impl Code {
    /// How serious a diagnostic of this code is.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The text in `lang`, with `{name}` where an argument goes (the English where the
    /// catalogue lacks the Japanese, which its tests forbid).
    pub(crate) fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.japanese().unwrap_or(self.english()),
            Lang::En => self.english(),
        }
    }

    /// The hint printed below the message in `lang`, if the code has one.
    pub(crate) fn hint(self, lang: Lang) -> Option<&'static str> {
        match (lang, self.japanese()) {
            (Lang::Ja, Some(_)) => self.japanese_note(),
            _ => self.english_note(),
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The English words of the `key` phrase of `table` with `args` put in, for an argument that
/// is itself a phrase with arguments of its own (two files named in one message).
pub(crate) fn phrase_words(table: &str, key: &str, args: &[(&'static str, String)]) -> String {
    render(phrase(table, key).unwrap_or(key), args)
}

/// What a command says in the terminal that is no diagnostic (the preview's `serving …`,
/// `rebuilt in …`): the `key` phrase of the `notice` table in `lang`, with `args` put in.
pub(crate) fn notice(lang: Lang, key: &str, args: &[(&'static str, String)]) -> String {
    render_in(lang, phrase_in(lang, "notice", key).unwrap_or(key), args)
}

/// The English words of `code` with `args` put in, for text that is not a diagnostic of its
/// own: the error a template function gives Tera, which reports it inside a template error
/// (E0150).
pub(crate) fn words(code: Code, args: &[(&'static str, String)]) -> String {
    render(code.english(), args)
}

/// [`render_in`] in English.
pub(crate) fn render(template: &str, args: &[(&'static str, String)]) -> String {
    render_in(Lang::En, template, args)
}

/// `template` with each `{name}` replaced by the argument of that name, and each
/// `{name:table}` by the phrase of `lang` its value names (`{{`, `}}`: braces). An argument
/// the template names but the diagnostic lacks is left as `{name}`, visibly.
pub(crate) fn render_in(lang: Lang, template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        if let Some(after) = here.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = here.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let (true, Some(end)) = (here.starts_with('{'), here.find('}')) {
            let (name, table) = match here[1..end].split_once(':') {
                Some((name, table)) => (name, Some(table)),
                None => (&here[1..end], None),
            };
            let value = args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str());
            match (value, table) {
                (Some(value), None) => out.push_str(value),
                // A phrase may hold arguments of its own (`{token}`); the value alone is not read.
                (Some(value), Some(table)) => match phrase_in(lang, table, value) {
                    Some(words) => out.push_str(&render_in(lang, words, args)),
                    None => out.push_str(value),
                },
                (None, _) => out.push_str(&here[..=end]),
            }
            rest = &here[end + 1..];
        } else {
            out.push_str(&here[..1]);
            rest = &here[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The names of the arguments a template uses (`name` or `name:table`).
#[cfg(test)]
pub(super) fn names(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let here = &rest[i..];
        if let Some(after) = here.strip_prefix("{{") {
            rest = after;
            continue;
        }
        let end = here.find('}').expect("a `{` is closed");
        out.push(&here[1..end]);
        rest = &here[end + 1..];
    }
    out
}
