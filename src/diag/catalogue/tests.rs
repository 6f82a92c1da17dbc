//! The catalogue's own checks: every code well formed, every template's arguments plain and
//! its phrase tables known.

use super::phrases::all as all_phrases;
use super::words::names;
use super::*;
use crate::diag::Lang;

#[test]
fn every_code_is_a_letter_and_four_digits_of_a_known_step() {
    for code in Code::ALL {
        let s = code.as_str();
        assert!(
            s.len() == 5 && (s.starts_with('E') || s.starts_with('W')),
            "{s}"
        );
        assert!(s[1..].chars().all(|c| c.is_ascii_digit()), "{s}");
        assert!(s[1..3].parse::<u8>().unwrap() <= 9, "{s}: no such step");
    }
}

#[test]
fn every_template_names_its_arguments_plainly() {
    for code in Code::ALL {
        let templates = [
            Some(code.english()),
            code.english_note(),
            code.japanese(),
            code.japanese_note(),
        ];
        for name in templates.into_iter().flatten().flat_map(names) {
            let (name, table) = name.split_once(':').unwrap_or((name, "thing"));
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}: `{{{name}}}`"
            );
            assert!(
                all_phrases().any(|(t, ..)| *t == table),
                "{code}: no phrase table `{table}`"
            );
        }
    }
}

#[test]
fn phrases_are_looked_up_by_key() {
    let args = vec![("what", "folder".to_owned())];
    assert_eq!(render("this {what:thing}", &args), "this folder");
    assert_eq!(
        render_in(Lang::Ja, "この{what:thing}", &args),
        "このフォルダー"
    );
}

#[test]
fn arguments_are_put_in_and_braces_kept() {
    let args = vec![("key", "titel".to_owned()), ("known", "a, b".to_owned())];
    assert_eq!(
        render("unknown key `{key}` ({known}); `{{x}}` {missing}", &args),
        "unknown key `titel` (a, b); `{x}` {missing}"
    );
}

/// The argument names of a template, without their phrase tables.
fn argument_names(template: Option<&str>) -> std::collections::BTreeSet<&str> {
    template
        .map(names)
        .unwrap_or_default()
        .into_iter()
        .map(|n| n.split_once(':').map_or(n, |(n, _)| n))
        .collect()
}

#[test]
fn every_code_has_a_message_in_both_languages_and_a_hint_in_both_or_neither() {
    let mut missing = Vec::new();
    for code in Code::ALL {
        match code.japanese() {
            Some(ja) if !ja.trim().is_empty() => {}
            _ => missing.push(format!("{code}: no Japanese text")),
        }
        if code.english().trim().is_empty() && code.as_str() != "E0917" {
            missing.push(format!("{code}: no English text"));
        }
        if code.english_note().is_some() != code.japanese_note().is_some() {
            missing.push(format!("{code}: a hint in one language only"));
        }
    }
    assert!(missing.is_empty(), "fill in the catalogue: {missing:#?}");
}

/// The English names the arguments every caller supplies (the English messages are what the
/// tests of each step read): a Japanese text naming another would print it as `{name}`.
#[test]
fn the_japanese_names_only_arguments_the_english_is_given() {
    for code in Code::ALL {
        let given: std::collections::BTreeSet<&str> = argument_names(Some(code.english()))
            .union(&argument_names(code.english_note()))
            .copied()
            .collect();
        for name in argument_names(code.japanese()).union(&argument_names(code.japanese_note())) {
            assert!(
                given.contains(name),
                "{code}: the Japanese names `{{{name}}}`, which the English never does"
            );
        }
    }
}

#[test]
fn every_phrase_has_japanese_words_where_it_has_english_ones() {
    for (table, key, en, ja) in all_phrases() {
        assert_eq!(en.is_empty(), ja.is_empty(), "{table}/{key}");
        let (en, ja) = (argument_names(Some(en)), argument_names(Some(ja)));
        assert!(ja.is_subset(&en), "{table}/{key}: {ja:?} but {en:?}");
    }
}

#[test]
fn messages_are_chosen_by_language_at_print_time() {
    let d = crate::diag::Diagnostic::new(Code::E0106, "site.yaml").arg("key", "title");
    assert_eq!(d.message_in(Lang::Ja), "キー「title」が2回書かれています");
    assert_eq!(d.message(), "the key `title` is written twice");
    assert_eq!(
        d.shown(Lang::Ja).to_string(),
        "site.yaml: error[E0106]: キー「title」が2回書かれています\n    同じキーは1回しか書けません。この行か、前に書いたほうを消してください"
    );
}
