//! Inputs that cost too much: YAML nested too deep or expanded by aliases is refused before
//! it is parsed, and the report of a file with thousands of findings stays small. Sizes are
//! asserted, never times.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

/// Regression: 100,000 nested `[` in a 200 KB front matter took 22 s before failing.
#[test]
fn deeply_nested_yaml_is_refused_before_it_is_parsed() {
    let site = Site::fixture("basic");
    let nestings = [
        format!("extra: {}", "[".repeat(100_000)),
        format!("extra: {}", "{a: ".repeat(50_000)),
        format!("extra:\n{}x", "- ".repeat(100_000)),
        format!("extra: [{}]", "[a, ".repeat(30_000)),
        (0..300)
            .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
            .collect(),
    ];
    for (n, yaml) in nestings.iter().enumerate() {
        site.write(
            &format!("content/teams/deep{n}.md"),
            &format!("---\ntitle: 深い\n{yaml}\n---\n"),
        );
    }
    site.write(
        "content/teams/fine.md",
        "---\ntitle: 浅い\nextra: [[[[[1]]]]]\n---\n",
    );
    let errors = site.build_err();
    for n in 0..nestings.len() {
        assert_error(
            &errors,
            &[
                &format!("content/teams/deep{n}.md:"),
                "more than 64 levels deep",
            ],
        );
    }
    assert!(!errors.iter().any(|e| e.contains("fine.md")), "{errors:?}");
}

/// A billion laughs: anchors of anchors that expand to gigabytes, in front matter and in
/// site.yaml, are refused at an alias.
#[test]
fn yaml_aliases_that_expand_too_far_are_refused() {
    let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for n in 1..10 {
        let refs = vec![format!("*a{}", n - 1); 10].join(", ");
        laughs.push_str(&format!("a{n}: &a{n} [{refs}]\n"));
    }
    let site = Site::fixture("basic");
    site.write(
        "content/teams/laughs.md",
        &format!(
            "---\ntitle: t\nextra:\n{}---\n",
            laughs.replace("\na", "\n  a").replacen("a0", "  a0", 1)
        ),
    );
    assert_error(&site.build_err(), &["content/teams/laughs.md:", "aliases"]);
    let site = Site::minimal();
    site.write(
        "site.yaml",
        &format!(
            "title: t\nbase_url: https://example.go.jp/\nextra:\n{}",
            laughs.replace("\na", "\n  a").replacen("a0", "  a0", 1)
        ),
    );
    assert_error(&site.build_err(), &["site.yaml:", "aliases"]);
}

/// Regression: 3,000 markings on one long line printed 136 MB, each twice with the whole
/// line. The report prints each finding once, the line only around its column, and at most
/// 50 findings per file.
#[test]
fn thousands_of_findings_on_one_long_line_print_a_small_report() {
    let site = Site::fixture("basic");
    let line = "機密性2 あいうえお ".repeat(3_000);
    site.write(
        "content/teams/pharma.md",
        &format!("---\ntitle: 医薬品\n---\n{line}\n"),
    );
    // And many files with a few findings each: every file gets its own 50.
    for n in 0..20 {
        site.write(
            &format!("content/teams/m{n}.md"),
            &format!("---\ntitle: m{n}\n---\n{}\n", "機密性2\n".repeat(60)),
        );
    }
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    // 21 files × 50 findings × 3 lines of at most ~400 bytes each, and the counts.
    assert!(stderr.len() < 21 * 50 * 3 * 400, "{} bytes", stderr.len());
    assert!(
        stderr.contains("content/teams/pharma.md: and 2950 more in this file"),
        "{}",
        &stderr[stderr.len().saturating_sub(3000)..]
    );
    for n in 0..20 {
        assert!(stderr.contains(&format!("content/teams/m{n}.md: and 10 more in this file")));
    }
    // Each finding once.
    let first = "content/teams/pharma.md:4:1: ";
    assert_eq!(stderr.matches(first).count(), 1, "{first}");
    for l in stderr.lines() {
        assert!(
            l.chars().count() < 400,
            "a long line printed: {} chars",
            l.chars().count()
        );
    }
    assert!(
        stderr.contains("build failed with"),
        "the count is still printed"
    );
}
