//! Translations: which pages are in which language, and which page each translation
//! translates.
//!
//! Part of the parse step, run over every parsed page once site.yaml's languages are known. A
//! file named `NAME.CODE.md`, where CODE is a language of site.yaml other than the default,
//! is the CODE version of `NAME.md` beside it (`_index.en.md` of `_index.md`: a section's
//! translation is a section too). Where the names differ, both pages say the same
//! `translation_key:` (as in Hugo) and the translation is still named `….CODE.md`, which says
//! its language. A translation whose original does not exist, two translations of one page in
//! one language, or two originals with one key, are errors at the line that says so; such a
//! translation is left out like a file with errors.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::config::Config;
use crate::model::page::Page;

/// What a file's name says of its language: the code, and the content path of the file it
/// would translate by name (`teams/pharma.en.md` → `en`, `teams/pharma.md`). The code is
/// compared as a case-insensitive, normalising file system would (`pharma.EN.md`,
/// `pharma.ｅｎ.md`): a translation spelled so is still withheld with its original, never
/// published as a page of its own.
fn language_of<'a>(config: &'a Config, content_path: &str) -> Option<(&'a str, String)> {
    let (folder, name) = match content_path.rsplit_once('/') {
        Some((f, n)) => (Some(f), n),
        None => (None, content_path),
    };
    let (stem, code) = name.strip_suffix(".md")?.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let code = code.nfkc().collect::<String>().to_lowercase();
    config.languages.iter().find_map(|l| {
        let suffix = l.file_suffix()?;
        (suffix.strip_prefix('.') == Some(code.as_str())).then_some(())?;
        let original = match folder {
            Some(f) => format!("{f}/{stem}.md"),
            None => format!("{stem}.md"),
        };
        Some((l.code.as_str(), original))
    })
}

/// Gives every page its language and every translation its original. Returns the pages kept,
/// the content paths of the translations left out for an error (reported) or because their
/// original has errors of its own (`broken`, not reported again), and the errors.
pub(crate) fn pair(
    config: &Config,
    pages: Vec<Page>,
    broken: &[String],
) -> (Vec<Page>, Vec<String>, Diagnostics) {
    let default = config.language.as_str();
    let mut errors = Diagnostics::new();
    let mut pages = pages;
    // Languages first, so that a section's translation is known as a section.
    let mut by_name: Vec<Option<String>> = Vec::with_capacity(pages.len());
    for page in &mut pages {
        match language_of(config, &page.content_path) {
            Some((code, original)) => {
                page.lang = code.to_owned();
                page.is_section = original.ends_with("/_index.md") || original == "_index.md";
                by_name.push(Some(original));
            }
            None => {
                page.lang = default.to_owned();
                by_name.push(None);
            }
        }
    }
    let originals: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == default)
        .map(|(i, p)| (p.content_path.as_str(), i))
        .collect();
    let keys = keys(&pages, default, &mut errors);
    // For each page: `Some(original)` if it is kept, `None` if it is left out.
    let mut found: Vec<Option<Option<String>>> = Vec::with_capacity(pages.len());
    let mut taken: HashMap<(String, String), usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(by_name) = &by_name[i] else {
            found.push(Some(None));
            continue;
        };
        let original = match original_of(page, by_name, &originals, &keys, broken) {
            Ok(o) => o,
            Err(Some(d)) => {
                errors.push(d);
                found.push(None);
                continue;
            }
            Err(None) => {
                found.push(None);
                continue;
            }
        };
        let target = &pages[original];
        if target.is_section != page.is_section {
            errors.push(
                Diagnostic::new(Code::E0220, &page.rel)
                    .arg("original", crate::diag::display_path(&target.rel))
                    .at_opt(page.front.position("translation_key")),
            );
            found.push(None);
            continue;
        }
        let slot = (target.content_path.clone(), page.lang.clone());
        if let Some(&first) = taken.get(&slot) {
            errors.push(
                Diagnostic::new(Code::E0219, &page.rel)
                    .arg("original", crate::diag::display_path(&target.rel))
                    .arg("first", crate::diag::display_path(&pages[first].rel))
                    .arg("code", &page.lang)
                    .at_opt(page.front.position("translation_key").or(Some((1, 1)))),
            );
            found.push(None);
            continue;
        }
        taken.insert(slot, i);
        found.push(Some(Some(target.content_path.clone())));
    }
    let mut kept = Vec::with_capacity(pages.len());
    let mut left_out = Vec::new();
    for (mut page, result) in pages.into_iter().zip(found) {
        match result {
            Some(original) => {
                page.original = original;
                kept.push(page);
            }
            None => left_out.push(page.content_path),
        }
    }
    (kept, left_out, errors)
}

/// A `translation_key:` as pages are paired by it: NFC, without spaces around it, so that keys
/// typed on different systems (a name in NFD from macOS) still pair their pages.
fn key_form(key: &str) -> String {
    key.trim().nfc().collect()
}

/// Each `translation_key:` of a page in the default language → that page; a key said twice
/// (or empty) is an error.
fn keys(pages: &[Page], default: &str, errors: &mut Diagnostics) -> HashMap<String, usize> {
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let Some(key) = page.front.translation_key.as_deref() else {
            continue;
        };
        let at = page.front.value_start("translation_key");
        if key.trim().is_empty() {
            errors.push(Diagnostic::new(Code::E0221, &page.rel).at_opt(at));
            continue;
        }
        if page.lang != default {
            continue;
        }
        if let Some(&first) = keys.get(&key_form(key)) {
            errors.push(
                Diagnostic::new(Code::E0216, &page.rel)
                    .arg("key", key)
                    .arg("first", crate::diag::display_path(&pages[first].rel))
                    .at_opt(at),
            );
        } else {
            keys.insert(key_form(key), i);
        }
    }
    keys
}

/// The original of a translation (by index): the page whose `translation_key:` it says, else
/// the page its name names. `Err(Some)`: an error; `Err(None)`: the original has errors of its
/// own (already reported).
fn original_of(
    page: &Page,
    by_name: &str,
    originals: &HashMap<&str, usize>,
    keys: &HashMap<String, usize>,
    broken: &[String],
) -> Result<usize, Option<Diagnostic>> {
    if let Some(key) = page.front.translation_key.as_deref() {
        if key.trim().is_empty() {
            return Err(None);
        }
        return keys.get(&key_form(key)).copied().ok_or_else(|| {
            Some(
                Diagnostic::new(Code::E0217, &page.rel)
                    .arg("key", key)
                    .at_opt(page.front.value_start("translation_key")),
            )
        });
    }
    if let Some(&i) = originals.get(by_name) {
        return Ok(i);
    }
    if broken.iter().any(|b| b == by_name) {
        return Err(None);
    }
    Err(Some(
        Diagnostic::new(Code::E0218, &page.rel)
            .arg("original", by_name)
            .at(1, Some(1)),
    ))
}
