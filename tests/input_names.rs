//! Names that collide: two files, folders or copied files whose names a case-insensitive or
//! normalising file system or server takes for one are an error naming both; a name that is
//! not UTF-8 is an error of its own, shown with its bytes escaped.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};
use unicode_normalization::UnicodeNormalization;

/// Every kana with a dakuten or handakuten, hiragana and katakana.
fn kana_with_marks() -> Vec<String> {
    let mut out = Vec::new();
    for c in ('\u{3041}'..='\u{3096}').chain('\u{30A1}'..='\u{30FA}') {
        let nfd: String = c.to_string().nfd().collect();
        if nfd.chars().count() == 2 {
            out.push(c.to_string());
        }
    }
    out
}

/// Regression: `が.md` in NFC and in NFD published two URLs that look the same. For every
/// kana with a mark, a file pair, a folder pair and a copied-file pair each are one error
/// naming both.
#[test]
fn nfc_and_nfd_spellings_of_one_name_are_an_error_naming_both() {
    let kana = kana_with_marks();
    assert!(kana.len() > 50, "{}", kana.len());
    let site = Site::fixture("basic");
    for k in &kana {
        let nfd: String = k.nfd().collect();
        site.write(&format!("content/teams/{k}.md"), "---\ntitle: t\n---\n")
            .write(&format!("content/teams/{nfd}.md"), "---\ntitle: t\n---\n")
            .write(
                &format!("content/issues/{k}/_index.md"),
                "---\ntitle: t\n---\n",
            )
            .write(
                &format!("content/issues/{nfd}/x.md"),
                "---\ntitle: t\n---\n",
            )
            .write(&format!("content/council/{k}.pdf"), "pdf")
            .write(&format!("content/council/{nfd}.pdf"), "pdf");
    }
    let errors = site.build_err();
    for k in &kana {
        let nfd: String = k.nfd().collect();
        for (a, b) in [
            (format!("teams/{k}.md"), format!("teams/{nfd}.md")),
            (format!("issues/{k}"), format!("issues/{nfd}")),
            (format!("council/{k}.pdf"), format!("council/{nfd}.pdf")),
        ] {
            let named = errors.iter().any(|e| {
                e.contains(&format!("content/{a}"))
                    && e.contains(&format!("content/{b}"))
                    && e.contains("NFC and NFD")
            });
            assert!(named, "no error names content/{a} and content/{b}");
        }
    }
}

/// `Foo.md` and `foo.md` are one file on a case-insensitive server; so are full-width and
/// half-width spellings on a normalising one.
#[test]
fn case_and_width_variants_of_one_name_are_an_error_naming_both() {
    let pairs = [
        ("Foo.md", "foo.md"),
        ("REPORT.md", "report.md"),
        ("Ａ.md", "a.md"),
        ("ｶﾞｲﾄﾞ.md", "ガイド.md"),
        ("１０.md", "10.md"),
        ("Chart.PNG", "chart.png"),
        ("Ｄｏｃ.pdf", "doc.pdf"),
    ];
    let site = Site::fixture("basic");
    for (a, b) in pairs {
        for name in [a, b] {
            let text = if name.ends_with(".md") {
                "---\ntitle: t\n---\n"
            } else {
                "x"
            };
            site.write(&format!("content/teams/{name}"), text);
        }
    }
    site.write("content/Teams2/_index.md", "---\ntitle: t\n---\n")
        .write("content/teams2/_index.md", "---\ntitle: t\n---\n");
    let errors = site.build_err();
    for (a, b) in pairs {
        // Named in the order the folder lists them, whichever that is.
        let (x, y) = (format!("content/teams/{a}"), format!("content/teams/{b}"));
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("{x} and {y}")) || e.contains(&format!("{y} and {x}"))),
            "no error names {x} and {y}:\n{}",
            errors.join("\n")
        );
    }
    assert_error(&errors, &["folders content/Teams2 and content/teams2"]);
}

/// A slug that moves a page to a URL that differs from another only in case collides too.
#[test]
fn a_slug_that_differs_from_another_url_only_in_case_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/other.md",
        "---\ntitle: t\nslug: Pharma\n---\n",
    );
    assert_error(
        &site.build_err(),
        &[
            "content/teams/other.md:3:7:",
            "teams/Pharma/",
            "differ only in upper and lower case",
        ],
    );
}

/// Regression: two file names that are not UTF-8 became one (both read as `�.md`). Each is an
/// error of its own, naming its bytes.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_each_an_error_naming_their_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("basic");
    site.build_ok();
    let teams = site.root.join("content/teams");
    for bytes in [
        &b"\xff.md"[..],
        b"\xfe.md",
        b"\x82\xa0.md",
        b"ok\xe3\x81.png",
    ] {
        std::fs::write(teams.join(OsStr::from_bytes(bytes)), "---\ntitle: t\n---\n").unwrap();
    }
    let folder = teams.join(OsStr::from_bytes(b"dir\xc0"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.md"), "---\ntitle: t\n---\n").unwrap();
    std::fs::write(folder.join("b.md"), "---\ntitle: t\n---\n").unwrap();
    let errors = site.build_err();
    for shown in ["\\xFF.md", "\\xFE.md", "\\x82\\xA0.md", "ok\\xE3\\x81.png"] {
        assert_error(
            &errors,
            &[
                &format!("content/teams/{shown}: error[E0157]:"),
                "is not UTF-8",
            ],
        );
    }
    let folder_errors: Vec<_> = errors.iter().filter(|e| e.contains("dir\\xC0")).collect();
    assert_eq!(
        folder_errors.len(),
        1,
        "one error for the folder: {folder_errors:?}"
    );
    assert!(folder_errors[0].contains("the name of this folder"));
}
