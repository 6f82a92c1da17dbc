//! Control characters: refused in front matter (written or spelled by a YAML escape), in
//! site.yaml, in bodies and in file names, at their line; never echoed raw to a terminal.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

/// Every C0 control but tab and line feed, DEL, and a few C1 controls.
fn controls() -> Vec<char> {
    (0u32..0x20)
        .chain([0x7f, 0x80, 0x85, 0x9b, 0x9f])
        .filter_map(char::from_u32)
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The YAML escapes (in double quotes) that spell `c`.
fn escapes(c: char) -> Vec<String> {
    let n = c as u32;
    let mut out = vec![
        format!("\\x{n:02x}"),
        format!("\\u{n:04X}"),
        format!("\\U{n:08x}"),
    ];
    out.extend(
        match c {
            '\0' => Some("\\0"),
            '\u{7}' => Some("\\a"),
            '\u{8}' => Some("\\b"),
            '\u{b}' => Some("\\v"),
            '\u{c}' => Some("\\f"),
            '\u{1b}' => Some("\\e"),
            '\u{85}' => Some("\\N"),
            _ => None,
        }
        .map(str::to_owned),
    );
    out
}

/// The front matter keys a control character was put in, each with a value template (`{}`
/// is the escaped text) and the line it lands on.
const FRONT_MATTER_PLACES: &[(&str, usize)] = &[
    ("title: \"ヌル{}文字\"\n", 2),
    ("title: t\ndescription: \"説明{}\"\n", 3),
    ("title: t\nslug: \"s{}s\"\n", 3),
    ("title: t\nextra:\n  k: \"v{}\"\n", 4),
    ("title: t\nextra: [\"a\", \"b{}\"]\n", 3),
    ("title: t\nallow:\n  - { text: \"●●{}\", reason: r }\n", 4),
    ("title: t\naliases: [\"/old{}/\"]\n", 3),
    ("title: t\nissues: [\"regulation{}\"]\n", 3),
    ("title: t\n\"ti{}tle\": x\n", 3),
    ("title: t\nextra:\n  \"k{}\": v\n", 4),
];

/// Regression: `title: "ヌル\0文字"`, ESC or backspace made atom.xml invalid XML and reached
/// the terminal raw. Every control character, in each YAML escape and written raw, in every
/// place of a front matter, is an error at its line; the message escapes it.
#[test]
fn a_control_character_in_any_front_matter_value_or_key_is_refused_at_its_line() {
    let site = Site::fixture("basic");
    let mut expected = Vec::new();
    let mut n = 0;
    for c in controls() {
        let mut spellings = escapes(c);
        // Written as it is (not inside the quotes of a key: a raw one is refused the same).
        spellings.push(c.to_string());
        for text in spellings {
            for (place, line) in FRONT_MATTER_PLACES {
                let path = format!("content/teams/c{n}.md");
                site.write(
                    &path,
                    &format!("---\n{}---\n本文\n", place.replace("{}", &text)),
                );
                expected.push((path, *line, c, text.clone()));
                n += 1;
            }
        }
    }
    let errors = site.build_err();
    for (path, line, c, text) in expected {
        let code = format!("U+{:04X}", c as u32);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{path}:{line}:")) && e.contains(&code)),
            "{path} ({text:?}) has no error at line {line} naming {code}"
        );
    }
    for e in &errors {
        assert!(
            !e.chars().any(|c| c.is_control() && c != '\n'),
            "raw control in {e:?}"
        );
    }
}

/// U+2028, U+2029 (`\L`, `\P`) and a lone surrogate have no place in a title either.
#[test]
fn line_separators_and_lone_surrogates_in_yaml_are_refused() {
    let site = Site::fixture("basic");
    for (n, value) in ["\\L", "\\P", "\u{2028}", "\\uD800", "\\uDFFF"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/teams/s{n}.md"),
            &format!("---\ntitle: \"行{value}区切り\"\n---\n"),
        );
    }
    let errors = site.build_err();
    for n in 0..5 {
        assert_error(&errors, &[&format!("content/teams/s{n}.md:2:")]);
    }
}

/// site.yaml: every key and value, escaped or written, is checked the same way.
#[test]
fn a_control_character_in_site_yaml_is_refused_at_its_line() {
    let relation = "relations:\n  issues:\n    from: teams\n    to: issues\n    inverse: teams\n    label: \"共通の課題{}\"\n    inverse_label: b\n";
    for (template, line) in [
        (
            "title: \"テスト{}\"\nbase_url: https://www.example.go.jp/\n",
            1,
        ),
        (
            "title: t\nbase_url: https://www.example.go.jp/\nextra:\n  \"k{}\": v\n",
            4,
        ),
        (
            "title: t\nbase_url: https://www.example.go.jp/\nfeed:\n  title: \"f{}\"\n",
            4,
        ),
        (
            &format!("title: t\nbase_url: https://www.example.go.jp/\n{relation}"),
            8,
        ),
    ] {
        for c in controls() {
            for text in escapes(c).into_iter().chain([c.to_string()]) {
                let site = Site::minimal();
                site.write("site.yaml", &template.replace("{}", &text));
                let errors = site.build_err();
                let code = format!("U+{:04X}", c as u32);
                assert!(
                    errors
                        .iter()
                        .any(|e| e.starts_with(&format!("site.yaml:{line}:")) && e.contains(&code)),
                    "{template:?} with {text:?}: {errors:?}"
                );
            }
        }
    }
}

/// A body may hold tabs and line breaks, nothing else of the kind.
#[test]
fn a_control_character_in_a_body_is_refused_at_its_line_and_column() {
    let site = Site::fixture("basic");
    for (n, c) in controls().into_iter().enumerate() {
        site.write(
            &format!("content/teams/b{n}.md"),
            &format!("---\ntitle: t{n}\n---\n一行目\tタブ\n\n二行目{c}です\n"),
        );
    }
    let errors = site.build_err();
    for (n, c) in controls().into_iter().enumerate() {
        assert_error(
            &errors,
            &[
                &format!("content/teams/b{n}.md:6:4:"),
                &format!("U+{:04X}", c as u32),
            ],
        );
    }
    assert!(
        !errors.iter().any(|e| e.contains(".md:4:")),
        "a tab is fine: {errors:?}"
    );
}

/// A file or folder name with a control character is an error naming it escaped; the
/// terminal never sees the raw character, in the message nor in the quoted source line.
#[test]
fn control_characters_in_names_and_sources_never_reach_the_terminal_raw() {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = std::fs::read(site.output().join("atom.xml")).unwrap();
    site.write("content/teams/a\u{1b}[2Jb.md", "---\ntitle: t\n---\n")
        .write("content/teams/d\u{8}ir/x.png", "x")
        .write(
            "content/teams/e.md",
            "---\ntitle: \"\u{1b}]0;pwned\u{7}\"\n---\n\u{1b}[31m赤\n",
        );
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{8}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    for needle in [
        "content/teams/a\\u{1B}[2Jb.md: error[E0158]: the name of this file holds the control character U+001B (ESC)",
        "content/teams/d\\u{8}ir: error[E0158]: the name of this folder",
        "content/teams/e.md:2:",
        "content/teams/e.md:4:1:",
        "\\u{1B}[31m赤",
    ] {
        assert!(stderr.contains(needle), "{needle} missing in\n{stderr}");
    }
    assert_eq!(
        before,
        std::fs::read(site.output().join("atom.xml")).unwrap()
    );
}
