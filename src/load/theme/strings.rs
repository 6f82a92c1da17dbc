//! The theme's fixed strings, per language: what its templates say themselves (本文へ移動,
//! 目次, the footer's words), as `{{ site.strings.KEY }}`.
//!
//! Part of [`super`]. A theme keeps them in `strings.yaml`, a table by language code:
//!
//! ```yaml
//! ja: {skip_link: 本文へ移動, toc: 目次}
//! en: {skip_link: Skip to main content, toc: Contents}
//! ```
//!
//! site.yaml may set any of them for a language (`languages.en.strings`). Every language of the
//! site must have every string that another of its languages has: a missing one is an error
//! here, before anything is rendered, rather than a blank (or a Japanese word) on a page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::load::yaml::Document;

/// The file of a theme that holds its strings.
pub(crate) const FILE: &str = "strings.yaml";

/// Language code → key → text.
pub(crate) type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// The table of a theme's strings.yaml on disk (empty if it has none).
pub(crate) fn read_file(path: &Path) -> Result<Strings, Diagnostics> {
    if !path.is_file() {
        return Ok(Strings::new());
    }
    let text = crate::fs::read_to_string(path)?;
    parse(path, text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// The table of the built-in theme (`files`: path under the theme, bytes).
pub(crate) fn read_built_in(files: &[(&str, &[u8])]) -> Result<Strings, Diagnostics> {
    let Some((_, bytes)) = files.iter().find(|(rel, _)| *rel == FILE) else {
        return Ok(Strings::new());
    };
    let path = super::Origin::BuiltIn(FILE.to_owned()).display_path();
    let text = std::str::from_utf8(bytes).map_err(|_| Diagnostic::new(Code::E0149, &path))?;
    parse(&path, text)
}

fn parse(path: &Path, text: &str) -> Result<Strings, Diagnostics> {
    let doc = Document::read(path, text, 1)?;
    let mut errors: Diagnostics = doc.duplicates().collect();
    let mut out = Strings::new();
    for entry in doc.first_entries() {
        match doc.typed_at::<BTreeMap<String, String>>(&[&entry.key], 0, &entry.value) {
            Ok(table) => {
                out.insert(entry.key.clone(), table);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(out)
}

/// The strings of each language of the site: the theme's, with site.yaml's over them. Every
/// language must have every key another has (the error names the keys it lacks).
pub(crate) fn for_languages(theme: Strings, config: &Config) -> Result<Strings, Diagnostics> {
    let mut out = Strings::new();
    for language in &config.languages {
        let mut table = theme.get(&language.code).cloned().unwrap_or_default();
        table.extend(language.strings.clone());
        out.insert(language.code.clone(), table);
    }
    let mut errors = Diagnostics::new();
    let all: BTreeSet<&String> = out.values().flat_map(|t| t.keys()).collect();
    for (code, table) in &out {
        let missing: Vec<&str> = all
            .iter()
            .filter(|k| !table.contains_key(k.as_str()))
            .map(|k| k.as_str())
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        let other = out
            .iter()
            .find(|(_, t)| t.contains_key(*first))
            .map_or("another language", |(c, _)| c.as_str());
        let at = config
            .position(&["languages", code])
            .or_else(|| config.position(&["language"]));
        errors.push(
            Diagnostic::new(Code::E0170, &config.path)
                .arg("code", code)
                .arg("keys", shown_keys(&missing))
                .arg("other", other)
                .at_opt(at),
        );
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(out)
}

/// `a`, `b` and `c`, or the first eight and how many more.
fn shown_keys(keys: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut out: Vec<String> = keys.iter().take(SHOWN).map(|k| format!("`{k}`")).collect();
    if keys.len() > SHOWN {
        out.push(format!("{} more", keys.len() - SHOWN));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_read_by_language() {
        let t = parse(Path::new("strings.yaml"), "ja: {a: あ}\nen:\n  a: A\n").unwrap();
        assert_eq!(t["en"]["a"], "A");
        assert_eq!(t["ja"]["a"], "あ");
        let e = parse(Path::new("strings.yaml"), "ja: [a]\n").unwrap_err();
        assert!(e.has_errors());
    }

    #[test]
    fn many_missing_keys_are_counted() {
        let keys: Vec<String> = (0..10).map(|i| format!("k{i}")).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert!(shown_keys(&keys).ends_with("`k7`, 2 more"));
    }
}
