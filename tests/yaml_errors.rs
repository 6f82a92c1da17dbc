//! YAML errors in front matter and site.yaml: every key's error is reported (not only the
//! first), each at its file line and column, with messages that count lines from the top of
//! the file.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

fn with_front_matter(yaml: &str) -> Vec<String> {
    let site = Site::fixture("basic");
    site.write(
        "content/council/meetings/01.md",
        &format!("---\n{yaml}---\n本文。\n"),
    );
    site.build_err()
}

/// Regression: only the first key's error of a front matter was reported.
#[test]
fn every_front_matter_key_with_an_error_is_reported() {
    let errors =
        with_front_matter("title: 第1回\ndraft: \"yes\"\ndate: 2011-13-01\nweight: x\nfoo: 1\n");
    let path = "content/council/meetings/01.md";
    assert_error(
        &errors,
        &[
            &format!("{path}:3:8: error[E0237]:"),
            "`draft` is true or false, not `yes`",
        ],
    );
    assert_error(
        &errors,
        &[
            &format!("{path}:4:7: error[E0206]:"),
            "`date`",
            "2011-13-01",
        ],
    );
    assert_error(
        &errors,
        &[
            &format!("{path}:5:9: error[E0102]:"),
            "`weight`",
            "whole number",
        ],
    );
    assert_error(&errors, &[&format!("{path}:6:1: error[E0203]:"), "`foo`"]);
}

/// A list entry of the wrong shape is located inside the list.
#[test]
fn an_error_inside_a_list_is_located_at_its_entry() {
    let errors = with_front_matter(
        "title: 第1回\nallow:\n  - text: a\n    reason: b\n  - text: c\n    reasn: d\n",
    );
    assert_error(
        &errors,
        &[
            "content/council/meetings/01.md:7:5: error[E0103]:",
            "`allow[1]`",
            "unknown field `reasn`",
        ],
    );
}

/// Regression: only the first unknown key of site.yaml was reported.
#[test]
fn every_unknown_key_and_every_broken_relation_of_site_yaml_is_reported() {
    let site = Site::fixture("basic");
    site.write(
        "site.yaml",
        "title: t\nbase_url: https://www.example.go.jp/\nfoo: 1\nbar: 2\nrelations:\n  a:\n    from: teams\n    to: issues\n    inverse: b\n    label: x\n    inverse_label: y\n    colour: red\n  c:\n    from: teams\n",
    );
    let errors = site.build_err();
    assert_error(&errors, &["site.yaml:3:1: error[E0113]:", "`foo`"]);
    assert_error(&errors, &["site.yaml:4:1: error[E0113]:", "`bar`"]);
    assert_error(
        &errors,
        &["site.yaml:12:5: error[E0103]:", "`relations.a`", "`colour`"],
    );
    assert_error(
        &errors,
        &["site.yaml:", "`relations.c`", "missing field `to`"],
    );
}

/// Regression: an unterminated quote was reported at the closing `---` with serde_yaml's inner
/// "at line 3 column 1", counted from the YAML block instead of the file.
#[test]
fn an_unterminated_quote_is_located_where_it_starts_with_no_inner_line_numbers() {
    let errors = with_front_matter("title: 第1回\ndescription: \"unterminated\n");
    assert_error(
        &errors,
        &[
            "content/council/meetings/01.md:3:14: error[E0235]:",
            "`description` starts with \"",
            "write: description: \"unterminated\"",
        ],
    );
    for e in &errors {
        assert!(!e.contains(" at line "), "{e}");
    }
}

/// Regression: `title: [t` (a flow sequence never closed) was reported as a value of the wrong
/// type, not as the syntax error it is.
#[test]
fn an_unclosed_flow_sequence_is_a_syntax_error_not_a_wrong_type() {
    let errors = with_front_matter("title: [t\n");
    assert_error(
        &errors,
        &[
            "content/council/meetings/01.md:2:8: error[E0101]:",
            "invalid YAML",
            "flow sequence",
        ],
    );
    assert!(
        errors.iter().all(|e| !e.contains("wrong type")),
        "{errors:?}"
    );
}

/// Regression: `slug: ""` and `slug: "a\\b"` were reported at column 1, not at the value.
#[test]
fn an_empty_or_escaped_slug_is_reported_at_its_value() {
    for slug in ["\"\"", "\"a\\\\b\""] {
        let errors = with_front_matter(&format!("title: 第1回\nslug: {slug}\n"));
        assert_error(
            &errors,
            &["content/council/meetings/01.md:3:7: error[E0213]:", "slug"],
        );
    }
}

/// Regression: a key written twice was reported at its first occurrence, not at the repeat.
#[test]
fn a_duplicate_key_is_reported_where_it_is_repeated() {
    let errors = with_front_matter("title: 第1回\nweight: 1\ndate: 2010-11-30\nweight: 2\n");
    assert_error(
        &errors,
        &[
            "content/council/meetings/01.md:5:1: error[E0106]:",
            "`weight`",
            "twice",
        ],
    );
    let site = Site::fixture("basic");
    let yaml = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{yaml}title: again\n"));
    let line = yaml.lines().count() + 1;
    assert_error(
        &site.build_err(),
        &[
            &format!("site.yaml:{line}:1: error[E0106]:"),
            "`title`",
            "twice",
        ],
    );
}
