//! Bad input: every case ends in a clear error naming the file (and line), and the previous
//! output is left exactly as it was.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Site, assert_error};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Builds the fixture once, breaks it with `change`, and checks that the build fails with an
/// error containing `fragments`, that the output is byte for byte unchanged, and that no
/// staging folder is left behind.
#[track_caller]
fn fails_and_keeps_output(change: impl FnOnce(&Site), fragments: &[&str]) -> Vec<String> {
    let site = Site::fixture("basic");
    site.build_ok();
    let before = snapshot(&site.output());
    change(&site);
    let errors = site.build_err();
    assert_error(&errors, fragments);
    assert_eq!(before, snapshot(&site.output()), "the output changed");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    errors
}

#[test]
fn unterminated_front_matter() {
    fails_and_keeps_output(
        |s| {
            s.write("content/teams/pharma.md", "---\ntitle: x\n本文\n");
        },
        &[
            "content/teams/pharma.md:1:1: error[E0202]:",
            "unterminated front matter",
        ],
    );
}

#[test]
fn invalid_yaml() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/teams/pharma.md",
                "---\ntitle: x\nissues: [a\n---\n",
            );
        },
        &["content/teams/pharma.md:", "invalid YAML"],
    );
}

#[test]
fn missing_title() {
    fails_and_keeps_output(
        |s| {
            s.write("content/issues/clinical.md", "---\nweight: 2\n---\n");
        },
        &[
            "content/issues/clinical.md:1:1: error[E0205]:",
            "missing `title`",
        ],
    );
}

#[test]
fn key_of_the_wrong_type() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\nweight: abc\n---\n",
            );
        },
        &[
            "content/issues/clinical.md:3:9: error[E0102]:",
            "weight",
            "abc",
        ],
    );
}

#[test]
fn unknown_front_matter_key() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\ntags: [a]\n---\n",
            );
        },
        &[
            "content/issues/clinical.md:3:1: error[E0203]:",
            "unknown front-matter key `tags`",
        ],
    );
}

#[test]
fn unknown_site_yaml_key() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "site.yaml",
                "title: t\nbase_url: https://x.go.jp/\n\ncolour: red\n",
            );
        },
        &["site.yaml:4:1: error[E0113]:", "colour"],
    );
}

#[test]
fn relation_slug_to_nothing() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/teams/devices.md",
                "---\ntitle: 機器\nissues:\n  - regulation\n  - no-such-issue\n---\n",
            );
        },
        &[
            "content/teams/devices.md:5:5: error[E0419]:",
            "no-such-issue",
            "content/issues/",
        ],
    );
}

#[test]
fn relation_key_outside_its_from_section() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\nissues: [regulation]\n---\n",
            );
        },
        &[
            "content/issues/clinical.md:3:1: error[E0415]:",
            "`issues` is a relation from content/teams/",
        ],
    );
}

#[test]
fn internal_link_to_nothing() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\n---\n本文\n\n前置き [無い](@/teams/none.md) です\n",
            );
        },
        &[
            "content/issues/clinical.md:6:5: error[E0412]:",
            "@/teams/none.md",
            "no file content/teams/none.md",
        ],
    );
}

#[test]
fn anchor_to_nothing() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\n---\n[目標](@/teams/pharma.md#nai)\n",
            );
        },
        &[
            "content/issues/clinical.md:4:1: error[E0407]:",
            "#nai",
            "no heading with the id `nai`",
            "goals",
        ],
    );
}

#[test]
fn same_page_anchor_to_nothing() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\n---\n## 一\n\n[下へ](#二)\n",
            );
        },
        &["content/issues/clinical.md:6:1: error[E0405]:", "#二"],
    );
}

#[test]
fn two_pages_at_the_same_url_name_both_files() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/teams/other.md",
                "---\ntitle: x\nslug: pharma\n---\n",
            );
        },
        &[
            "two files would be written to `teams/pharma/index.html`",
            "content/teams/other.md",
            "content/teams/pharma.md",
        ],
    );
}

/// Regression: the error said "this one and content/teams/pharma.md", on no line, although a
/// `slug:` caused it; it names both files and points at the `slug:` line.
#[test]
fn two_pages_at_one_url_are_reported_at_the_slug_that_moved_one_there() {
    // The page with the slug comes first in the walk, and second.
    for name in ["content/teams/aaa.md", "content/teams/zzz.md"] {
        let errors = fails_and_keeps_output(
            |s| {
                s.write(name, "---\ntitle: x\nslug: pharma\n---\n");
            },
            &[
                &format!(
                    "{name}:3:7: error[E0207]: two files would be written to `teams/pharma/index.html`"
                ),
                "content/teams/pharma.md",
                "`slug: pharma`",
            ],
        );
        assert_eq!(
            errors.iter().filter(|e| e.contains("two files")).count(),
            1,
            "{errors:?}"
        );
    }
}

#[test]
fn slugs_with_slash_dots_or_bad_characters() {
    for (slug, line) in [("a/b", 3), ("..", 3), ("a?b", 3), ("ab c", 3)] {
        fails_and_keeps_output(
            |s| {
                s.write(
                    "content/issues/clinical.md",
                    &format!("---\ntitle: x\nslug: \"{slug}\"\n---\n"),
                );
            },
            &[
                &format!("content/issues/clinical.md:{line}:"),
                "cannot be a URL segment",
            ],
        );
    }
}

#[test]
fn a_file_that_is_not_utf8() {
    fails_and_keeps_output(
        |s| {
            // 「医療」 in Shift_JIS.
            s.write_bytes(
                "content/issues/clinical.md",
                b"---\ntitle: x\n---\n\x88\xe3\x97\xc3\n",
            );
        },
        &[
            "content/issues/clinical.md:4: error[E0001]:",
            "not valid UTF-8",
        ],
    );
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "templates/page.html",
                "<p>\n{% if page.title %}\n{{ page.title }\n",
            );
        },
        &["templates/page.html:3:", "error[E0150]: template:"],
    );
}

#[test]
fn undefined_variable_names_template_line_and_page() {
    fails_and_keeps_output(
        |s| {
            s.write("templates/page.html", "<p>\n{{ page.no_such_field }}</p>\n");
        },
        &[
            "templates/page.html:2:",
            "no_such_field",
            "while rendering content/council/meetings/01.md",
        ],
    );
}

#[test]
fn a_theme_that_does_not_exist() {
    fails_and_keeps_output(
        |s| {
            let yaml = std::fs::read_to_string(s.root.join("site.yaml")).unwrap();
            s.write("site.yaml", &format!("{yaml}theme: nothing\n"));
        },
        &[
            "site.yaml:11:1: error[E0148]:",
            "theme `nothing` does not exist",
        ],
    );
}

#[test]
fn a_template_named_in_front_matter_that_does_not_exist() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\ntemplate: nope.html\n---\n",
            );
        },
        &[
            "content/issues/clinical.md:3:1: error[E0526]:",
            "template `nope.html` does not exist",
        ],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let errors = fails_and_keeps_output(
        |s| {
            s.write(
                "content/issues/clinical.md",
                "---\ntitle: x\nweight: abc\n---\n",
            )
            .write(
                "content/teams/devices.md",
                "---\ntitle: y\nissues: [nothing]\n---\n[a](@/nope.md)\n",
            );
        },
        &["weight"],
    );
    assert_error(&errors, &["nothing"]);
    assert_error(&errors, &["@/nope.md"]);
}

#[test]
fn refuses_output_folders_that_hold_sources_or_are_not_ours() {
    let site = Site::fixture("basic");
    for out in [".", "content", "content/out"] {
        let errors = site
            .build_with(|o| o.output = Some(site.root.join(out)))
            .unwrap_err();
        assert!(
            errors[0].message().contains("refusing"),
            "{out}: {}",
            errors[0]
        );
    }
    let errors = site
        .build_with(|o| o.output = Some(site.root.parent().unwrap().to_path_buf()))
        .unwrap_err();
    assert!(
        errors[0].message().contains("contains the site root"),
        "{}",
        errors[0]
    );
    site.write("docs/keep.txt", "someone else's file");
    let errors = site
        .build_with(|o| o.output = Some(site.root.join("docs")))
        .unwrap_err();
    assert!(
        errors[0].message().contains("did not create it"),
        "{}",
        errors[0]
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/keep.txt")).unwrap(),
        "someone else's file"
    );
}

#[test]
fn the_cli_prints_path_line_col_errors_and_a_count() {
    let site = Site::fixture("basic");
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: x\nweight: abc\n---\n",
    )
    .write(
        "content/teams/devices.md",
        "---\ntitle: y\nissues: [nothing]\n---\n",
    );
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/issues/clinical.md:3:9: error[E0102]: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/teams/devices.md:3:10: error[E0419]: "),
        "{stderr}"
    );
    assert!(stderr.contains("build failed with 2 errors"), "{stderr}");
}

/// Regression: deeply nested YAML cost quadratic time before failing; now refused at once, and
/// the output is left as it was.
#[test]
fn deeply_nested_yaml_keeps_output() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/teams/pharma.md",
                &format!("---\ntitle: x\nextra: {}\n---\n", "[".repeat(100_000)),
            );
        },
        &["content/teams/pharma.md:3:", "more than 64 levels deep"],
    );
}

/// Regression: a NUL in a title made atom.xml invalid XML; now an error, output kept.
#[test]
fn a_nul_in_a_title_keeps_output() {
    fails_and_keeps_output(
        |s| {
            s.write(
                "content/teams/pharma.md",
                "---\ntitle: \"ヌル\\0文字\"\n---\n",
            );
        },
        &["content/teams/pharma.md:2:", "U+0000 (NUL)"],
    );
}

/// Regression: `Foo.md` beside `foo.md` published two URLs one server serves as one file.
#[test]
fn names_differing_only_in_case_keep_output() {
    fails_and_keeps_output(
        |s| {
            s.write("content/teams/Pharma.md", "---\ntitle: x\n---\n");
        },
        &[
            "content/teams/Pharma.md and content/teams/pharma.md",
            "differ only in upper and lower case",
        ],
    );
}
