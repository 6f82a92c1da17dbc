//! Each common YAML mistake is recognised at its line, with the line to type instead.

use super::*;
use std::path::Path;

/// What reading `text` as a front matter (from line 2 of the file) reports.
fn read(text: &str) -> Diagnostic {
    let e = crate::load::yaml::Document::read(Path::new("a.md"), text, 2).unwrap_err();
    e.into_iter().next().unwrap()
}

fn check(text: &str, code: Code, line: usize, fixed: &str) {
    let d = read(text);
    assert_eq!(d.code, code, "{text:?}: {d}");
    assert_eq!(d.line, Some(line), "{text:?}: {d}");
    assert_eq!(d.arg_value("fixed"), Some(fixed), "{text:?}: {d}");
}

#[test]
fn a_tab_in_the_indentation() {
    check("title: 機器\n\tweight: 2\n", Code::E0230, 3, "weight: 2");
    check("extra:\n\tnote: x\n", Code::E0230, 3, "  note: x");
}

#[test]
fn values_that_need_quotes() {
    for lead in ['*', '&', '!', '%', '@', '`'] {
        let text = format!("title: {lead}案 機器\n");
        let d = read(&text);
        if d.code == Code::E0231 {
            assert_eq!(d.arg_value("why"), Some("lead"), "{text}");
            assert_eq!(
                d.arg_value("fixed"),
                Some(format!("title: \"{lead}案 機器\"").as_str())
            );
            assert_eq!(d.line, Some(2));
        } else {
            // `!x` and `%` may be read as a tag or a directive without error: not ours to say.
            assert!(matches!(lead, '!' | '%' | '&'), "{text:?}: {d}");
        }
    }
    check(
        "title: 機器: 二つ\n",
        Code::E0231,
        2,
        "title: \"機器: 二つ\"",
    );
    check("title: [案] 機器\n", Code::E0231, 2, "title: \"[案] 機器\"");
    check("title: {案} 機器\n", Code::E0231, 2, "title: \"{案} 機器\"");
    // A list left open is not a value to quote.
    assert_eq!(read("issues: [a, b\n").code, Code::E0101);
}

#[test]
fn a_missing_space_after_the_colon() {
    check("title:機器\nweight: 2\n", Code::E0232, 2, "title: 機器");
    check("title: 機器\nweight:2\n", Code::E0232, 3, "weight: 2");
}

#[test]
fn full_width_spaces_and_colons_in_keys() {
    check("weight：2\ntitle: 機器\n", Code::E0234, 2, "weight: 2");
    check("title: 機器\nweight： 2\n", Code::E0234, 3, "weight: 2");
}

#[test]
fn mismatched_quotes() {
    let d = read("title: \"機器'\nweight: 2\n");
    assert_eq!(d.code, Code::E0235, "{d}");
    assert_eq!(d.line, Some(2));
    assert_eq!(d.arg_value("fixed"), Some("title: \"機器\""));
}

#[test]
fn a_list_item_without_its_hyphen() {
    check(
        "title: 機器\nissues:\n  - regulation\n  clinical\n",
        Code::E0236,
        5,
        "  - clinical",
    );
}

#[test]
fn what_is_not_recognised_keeps_the_parsers_words() {
    let d = read("title: a\n  b: c\n");
    assert!(matches!(d.code, Code::E0101 | Code::E0104), "{d}");
}
