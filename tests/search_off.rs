//! office-site built without its `search` feature: no index, no search box, and a search page
//! that says search is not provided (even though site.yaml leaves search on).
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly
#![cfg(not(feature = "search"))]

mod common;

use common::Site;

#[test]
fn without_the_search_feature_no_index_is_written_and_no_box_shown() {
    let site = Site::fixture("basic");
    site.write(
        "content/find.md",
        "---\ntitle: 検索\ntemplate: search.html\n---\n",
    );
    site.build_ok();
    assert!(!site.output().join("search-index").exists());
    assert!(
        !site
            .read("teams/pharma/index.html")
            .contains("class=\"site-search\"")
    );
    let page = site.read("find/index.html");
    assert!(page.contains("検索を提供していません") && !page.contains("data-search-library"));
}
