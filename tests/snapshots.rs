//! Snapshots of the meaningful region (`<main>`) of rendered pages of the basic fixture: a
//! change to Markdown rendering, links, relations or the theme shows up here as a diff.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::Site;

fn built() -> Site {
    let site = Site::fixture("basic");
    site.build_ok();
    site
}

#[test]
fn team_page_main() {
    insta::assert_snapshot!(built().main("teams/pharma/index.html"));
}

#[test]
fn issue_page_main() {
    insta::assert_snapshot!(built().main("issues/regulation/index.html"));
}

#[test]
fn section_page_main() {
    insta::assert_snapshot!(built().main("teams/index.html"));
}

#[test]
fn nested_page_main() {
    insta::assert_snapshot!(built().main("council/meetings/01/index.html"));
}
