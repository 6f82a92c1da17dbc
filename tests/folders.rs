//! A file where the site needs a folder: the build refuses it at the line (or naming both
//! files) that caused it, before anything is written, instead of failing with an OS error on
//! the staging folder.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

#[track_caller]
fn no_os_error(errors: &[String]) {
    for e in errors {
        assert!(
            !e.contains("staging") && !e.contains("os error") && !e.contains("Not a directory"),
            "{e}"
        );
    }
}

/// Regression: `aliases: [/atom.xml]` (and `/sitemap.xml`, `/css/site.css`) failed with
/// "…/.output.staging-PID/atom.xml/index.html: error: cannot write: Not a directory".
#[test]
fn an_alias_inside_a_generated_or_static_file_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\nissues: [regulation]\naliases: [/atom.xml, /sitemap.xml, /css/site.css]\n---\n## 目標 {#goals}\n",
    );
    let errors = site.build_err();
    no_os_error(&errors);
    for (col, alias, what) in [
        (11, "/atom.xml", "the Atom feed"),
        (22, "/sitemap.xml", "the sitemap"),
        (
            36,
            "/css/site.css",
            "(built-in theme default)/static/css/site.css",
        ),
    ] {
        assert_error(
            &errors,
            &[
                &format!("content/teams/pharma.md:4:{col}: error[E0530]:"),
                &format!("alias `{alias}`"),
                what,
            ],
        );
    }
}

/// Regression: a file `content/teams/pharma` (no extension) beside pharma.md failed with an
/// OS error on the staging folder; the error names both files.
#[test]
fn a_content_file_where_a_page_needs_its_folder_names_both_files() {
    let site = Site::fixture("basic");
    site.write("content/teams/pharma", "資料\n");
    let devices = site.read_source("content/teams/devices.md");
    site.write(
        "content/teams/devices.md",
        &format!("{devices}\n[資料](pharma)\n"),
    );
    let errors = site.build_err();
    no_os_error(&errors);
    assert_error(
        &errors,
        &[
            "content/teams/pharma: error[E0530]:",
            "`teams/pharma`",
            "content/teams/pharma.md",
            "teams/pharma/index.html",
        ],
    );
}

/// A `slug:` that puts a page where a generated file is is an error at the slug.
#[test]
fn a_slug_that_needs_a_generated_file_to_be_a_folder_is_an_error_at_the_slug() {
    let site = Site::fixture("basic");
    site.write(
        "content/council/_index.md",
        "---\ntitle: 医療イノベーション会議\nslug: atom.xml\n---\n",
    );
    let errors = site.build_err();
    no_os_error(&errors);
    assert_error(
        &errors,
        &[
            "content/council/_index.md:3:7: error[E0530]:",
            "the Atom feed",
            "`atom.xml/index.html`",
        ],
    );
}
