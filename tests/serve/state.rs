//! What a page learns from the event stream: the build state when it connects (so nothing that
//! happened while it loaded is missed), then each build; and the preview's own script and
//! stylesheet, served from a path of the preview's, with nothing inline in the page.

use super::common::{Site, http_get};
use super::{PHARMA, next_state, start, states};

/// The `data-generation` of the page's script: the good build it comes from.
fn generation_of(html: &str) -> String {
    let marker = "data-generation=\"";
    let at = html.find(marker).expect("the preview's script") + marker.len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// Regression: a save that failed right after a reload, before the reloaded page's event stream
/// connected, left the page showing no error until the next change. A page now learns the state
/// on connecting: the good build it should show (its own: no reload) and the failed build's
/// overlay.
#[test]
fn a_save_failing_before_the_page_s_stream_connected_was_never_shown() {
    let site = Site::fixture("basic");
    let server = start(&site);
    let page = http_get(server.port, PHARMA);
    let generation = generation_of(&page.body);
    assert!(!page.body.contains("office-site-error"));
    let good = site.read_source("content/issues/clinical.md");
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: x\nweight: 数字ではない値\n---\n",
    );
    next_state(&server, "failed");
    // The page's stream connects only now.
    let first = states(server.port)
        .recv_timeout(std::time::Duration::from_secs(20))
        .unwrap();
    assert_eq!(first.name, "state");
    assert_eq!(
        first.generation, generation,
        "the page is still the good one"
    );
    let overlay = first.overlay.expect("the error");
    assert!(
        overlay.contains("content/issues/clinical.md:3:9"),
        "{overlay}"
    );
    // The caret's line copies the text before the column, invisibly.
    assert!(
        overlay.contains("<span class=\"office-site-overlay-pad\">weight: </span>"),
        "{overlay}"
    );
    // Fixed: a new good build, which the page reloads to.
    site.write("content/issues/clinical.md", &good);
    let reload = next_state(&server, "reload");
    assert_ne!(reload.generation, generation);
    assert!(reload.overlay.is_none());
    assert_ne!(reload.build, first.build);
}

#[test]
fn the_preview_s_script_and_stylesheet_are_its_own_files_and_nothing_is_inline() {
    let site = Site::fixture("basic");
    let server = start(&site);
    for (path, kind) in [
        ("/__office-site/live.js", "text/javascript; charset=utf-8"),
        ("/__office-site/overlay.css", "text/css; charset=utf-8"),
    ] {
        let r = http_get(server.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.headers.contains(kind), "{path}: {}", r.headers);
    }
    site.write(
        "content/issues/clinical.md",
        "---\ntitle: x\nweight: abc\n---\n",
    );
    next_state(&server, "failed");
    let page = http_get(server.port, PHARMA);
    assert!(
        page.body.contains("id=\"office-site-error\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<link rel=\"stylesheet\" href=\"/__office-site/overlay.css\">"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<script src=\"/__office-site/live.js\""),
        "{}",
        page.body
    );
    let added = &page.body[page.body.find("id=\"office-site-error\"").unwrap()..];
    assert!(!added.contains(" style="), "{added}");
    assert!(!added.contains("<style"), "{added}");
    assert!(!added.contains("EventSource"), "{added}");
}
