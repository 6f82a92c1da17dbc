//! Template errors name the real template file and its line and column: a site's override
//! (`templates/…`), a theme on disk (`themes/NAME/templates/…`) or the theme built into the
//! binary (`(built-in theme default)/templates/…`), for every kind of error Tera reports.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;

use common::{Site, assert_error};

/// Regression: an unknown filter, function or include in a site without themes/ was one error
/// on `themes/default/templates` (a folder that does not exist), with Tera's own report
/// (`--> partials/toc.html:2:17`) pasted in the message.
#[test]
fn unknown_filters_functions_and_includes_name_the_template_file_line_and_column() {
    let site = Site::fixture("basic");
    site.write(
        "templates/partials/toc.html",
        "{#- toc -#}\n{{ page.title | no_such_filter }} {{ no_such_function() }}\n{% include \"partials/nope.html\" %}\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &[
            "templates/partials/toc.html:2:17: error[E0150]:",
            "no_such_filter",
        ],
    );
    assert_error(
        &errors,
        &[
            "templates/partials/toc.html:2:38: error[E0150]:",
            "no_such_function",
        ],
    );
    assert_error(
        &errors,
        &[
            "templates/partials/toc.html:3:12: error[E0150]:",
            "partials/nope.html",
        ],
    );
    for e in &errors {
        assert!(!e.contains("themes/default"), "{e}");
        assert!(!e.contains("-->"), "{e}");
    }
}

/// The same kind of error inside a template of the built-in theme names it as such.
#[test]
fn an_error_in_a_built_in_template_names_it_as_built_in() {
    let site = Site::fixture("basic");
    // The built-in sitemap.html calls a component of partials/components.html.
    site.write("templates/partials/components.html", "\n");
    let errors = site.build_err();
    assert_error(
        &errors,
        &[
            "(built-in theme default)/templates/sitemap.html:",
            "sitemap_node",
        ],
    );
}

/// A missing parent template is located at its `extends`.
#[test]
fn a_missing_parent_template_is_located_at_its_extends() {
    let site = Site::fixture("basic");
    site.write("templates/page.html", "\n{% extends \"nobase.html\" %}\n");
    let errors = site.build_err();
    assert_error(
        &errors,
        &["templates/page.html:2:12: error[E0152]:", "`nobase.html`"],
    );
}

/// Regression: `get_url(path="@/teams/pharma.md#nope")` gave a URL with a dead anchor; it is
/// checked against the target's ids like a Markdown link's anchor.
#[test]
fn get_url_with_an_anchor_the_target_does_not_have_is_an_error() {
    let site = Site::fixture("basic");
    site.write(
        "templates/page.html",
        "<a href=\"{{ get_url(path='@/teams/pharma.md#goals') }}\">ok</a>\n<a href=\"{{ get_url(path='@/teams/pharma.md#nope') }}\">dead</a>\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        &[
            "templates/page.html:2:",
            "`@/teams/pharma.md#nope`",
            "content/teams/pharma.md has no heading with the id `nope`",
            "goals",
        ],
    );
    assert!(errors.iter().all(|e| !e.contains("#goals")), "{errors:?}");
    site.write(
        "templates/page.html",
        "<a href=\"{{ get_url(path='@/teams/pharma.md#goals') }}\">ok</a>\n",
    );
    site.build_ok();
    assert!(
        site.read("council/meetings/01/index.html")
            .contains("href=\"/iryou-innovation/teams/pharma/#goals\"")
    );
}
