//! The nginx configuration of the README (deploy/nginx.conf), run in a real nginx on
//! 127.0.0.1 with a throwaway self-signed certificate, serving a deploy folder
//! (`current` → `releases/ID/site`): the site is served under its sub-path over HTTPS (plain HTTP
//! redirects), with the security headers, the release id, charset=utf-8, the theme's 404 page,
//! the feed, the sitemap, the search index and redirect pages; the release's manifest and
//! office-site's own files are never served. deploy/htaccess runs in Apache in tests/apache.rs.
//!
//! Needs the `nginx` binary (Debian's package) and openssl. Without them the test says so and
//! passes, unless OFFICE_SITE_REQUIRE_NGINX=1 (set by .ci/run, which installs nginx), where it
//! fails.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;
mod deploy_servers;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Site, http_get as get};
use deploy_servers::{Nginx, header, https_get};

/// The release id the fixture is served as.
const RELEASE: &str = "20110107T000000.000Z-fixture";

fn nginx_or_skip() -> Option<PathBuf> {
    let nginx = deploy_servers::nginx_binary()?;
    deploy_servers::openssl_or_skip()?;
    Some(nginx)
}

/// The basic fixture with an alias, built into a release of a deploy folder, served by nginx
/// (the test's plain port is `port`).
struct Served {
    server: Nginx,
    port: u16,
    work: PathBuf,
    deploy_path: PathBuf,
    _site: Site,
}

fn serve_fixture(nginx: &Path) -> Served {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\nissues: [regulation]\naliases: [/wt/iyakuhin/]\n---\n## 目標 {#goals}\n",
    );
    // English pages under en/, with their own 404 page and feed.
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}languages:\n  ja: {{default: true}}\n  en:\n    title: Test Office\n    relations: {{issues: {{label: Issues, inverse_label: Teams}}}}\n"),
    )
    .write("content/_index.en.md", "---\ntitle: Test Office\n---\nThe office.\n");
    let deploy_path = site
        .root
        .parent()
        .unwrap()
        .join("サーバー 公開/iryou-innovation");
    let release = deploy_path.join("releases").join(RELEASE);
    site.build_with(|o| o.output = Some(release.join("site")))
        .unwrap();
    std::fs::write(
        release.join("manifest.json"),
        "{\"secret\": \"not public\"}",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        format!("releases/{RELEASE}/site"),
        deploy_path.join("current"),
    )
    .unwrap();
    let work = site.root.parent().unwrap().join("nginx");
    let server = deploy_servers::nginx(nginx, &deploy_path, &work);
    Served {
        port: server.plain,
        server,
        work,
        deploy_path,
        _site: site,
    }
}

#[test]
fn nginx_serves_the_site_under_its_sub_path() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    let port = served.port;

    let home = get(port, "/iryou-innovation/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .contains("content-type: text/html; charset=utf-8"),
        "{}",
        home.headers
    );
    assert!(
        home.headers.contains("cache-control: no-cache"),
        "{}",
        home.headers
    );
    assert!(home.body.contains("テスト推進室"));

    let team = get(port, "/iryou-innovation/teams/pharma/");
    assert_eq!(team.status, 200);
    assert!(team.body.contains("① 医薬品"));
    assert_eq!(get(port, "/iryou-innovation").status, 301);

    let feed = get(port, "/iryou-innovation/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        feed.headers
            .contains("content-type: application/atom+xml; charset=utf-8"),
        "{}",
        feed.headers
    );
    assert!(feed.body.contains("<feed"));

    let sitemap = get(port, "/iryou-innovation/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(
        sitemap.headers.contains("charset=utf-8"),
        "{}",
        sitemap.headers
    );
    assert!(sitemap.body.contains("<urlset"));

    let css = get(port, "/iryou-innovation/css/site.css");
    assert!(
        css.headers.contains("text/css; charset=utf-8"),
        "{}",
        css.headers
    );
    assert!(css.headers.contains("max-age=86400"), "{}", css.headers);

    let alias = get(port, "/iryou-innovation/wt/iyakuhin/");
    assert_eq!(alias.status, 200);
    assert!(alias.body.contains("url=/iryou-innovation/teams/pharma/"));

    let missing = get(port, "/iryou-innovation/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("ページが見つかりません"),
        "the theme's 404 page: {}",
        missing.body
    );
    assert!(missing.headers.contains("charset=utf-8"));

    assert_eq!(get(port, "/iryou-innovation/.office-site").status, 404);
    assert_eq!(get(port, "/iryou-innovation/teams/").status, 200);

    // The English pages: their home, their 404 page and their feed.
    assert!(
        get(port, "/iryou-innovation/en/")
            .body
            .contains("Test Office")
    );
    let missing = get(port, "/iryou-innovation/en/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("lang=\"en\""),
        "the English 404 page: {}",
        missing.body
    );
    let feed = get(port, "/iryou-innovation/en/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(
        feed.headers
            .contains("content-type: application/atom+xml; charset=utf-8"),
        "{}",
        feed.headers
    );
}

/// Regression: without `absolute_redirect off`, nginx's redirects named its own address and
/// port (`Location: http://127.0.0.1:PORT/iryou-innovation/teams/`), not the public site's.
#[test]
fn nginx_redirects_are_relative_not_to_its_own_address_and_port() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    for (from, to) in [
        ("/iryou-innovation/teams", "/iryou-innovation/teams/"),
        ("/iryou-innovation", "/iryou-innovation/"),
    ] {
        let r = get(served.port, from);
        assert_eq!(r.status, 301, "{from}: {}", r.headers);
        assert!(
            r.headers.contains(&format!("\r\nlocation: {to}\r\n"))
                || r.headers.ends_with(&format!("\r\nlocation: {to}")),
            "{from}: {}",
            r.headers
        );
    }
}

/// Regression: `charset_types` named text/html, which nginx always includes, and `nginx -t`
/// warned about the duplicate.
#[test]
fn nginx_checks_the_configuration_without_a_warning() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    let out = Command::new(&nginx)
        .arg("-t")
        .arg("-p")
        .arg(&served.work)
        .arg("-c")
        .arg(served.work.join("nginx.conf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("[warn]"), "{stderr}");
}

/// Regression: the site search's files (search-index/) had no rule of their own, so search.js
/// was cached for a day like a stylesheet although every build rewrites the index.
#[cfg(feature = "search")]
#[test]
fn nginx_serves_the_search_index_revalidated_like_the_pages() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    let meta = get(served.port, "/iryou-innovation/search-index/meta.json");
    assert_eq!(meta.status, 200, "{}", meta.headers);
    assert!(
        meta.headers
            .contains("content-type: application/json; charset=utf-8"),
        "{}",
        meta.headers
    );
    assert!(
        meta.headers.contains("cache-control: no-cache"),
        "{}",
        meta.headers
    );
    let library = get(served.port, "/iryou-innovation/search-index/search.js");
    assert_eq!(library.status, 200, "{}", library.headers);
    assert!(
        library.headers.contains("cache-control: no-cache"),
        "{}",
        library.headers
    );
    assert_eq!(
        header(&library.headers, "cache-control"),
        Some("no-cache"),
        "{}",
        library.headers
    );
}

/// Regression: deploy/htaccess gave every `.xml` (sitemap.xml too) the Atom media type, and had
/// no rule for the search index. (Read as text here; tests/apache.rs runs it in Apache.)
#[test]
fn htaccess_gives_the_atom_type_to_atom_xml_only_and_revalidates_the_search_index() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/htaccess"))
            .unwrap();
    let rules: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();
    assert!(
        !rules
            .iter()
            .any(|l| l.starts_with("AddType") && l.contains("atom+xml")),
        "{text}"
    );
    let atom = rules
        .iter()
        .position(|l| *l == "<Files \"atom.xml\">")
        .expect("a <Files \"atom.xml\"> section");
    assert_eq!(
        rules[atom + 1],
        "ForceType \"application/atom+xml; charset=utf-8\""
    );
    let search = rules
        .iter()
        .position(|l| l.starts_with("<If") && l.contains("/search-index/"))
        .expect("an <If> section for search-index/");
    assert_eq!(rules[search + 1], "Header set Cache-Control \"no-cache\"");
}

/// The headers a government site needs, on pages, assets and error pages alike, over HTTPS
/// with the (self-signed) certificate; the release id names the release served.
#[test]
fn nginx_serves_https_with_the_security_headers_and_the_release_id() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    for path in [
        "/iryou-innovation/",
        "/iryou-innovation/teams/pharma/",
        "/iryou-innovation/css/site.css",
        "/iryou-innovation/atom.xml",
        "/iryou-innovation/no/such/page/",
    ] {
        let (head, body) = https_get(served.server.https, path);
        assert!(
            head.starts_with("http/1.1 200") || head.starts_with("http/1.1 404"),
            "{path}: {head}"
        );
        let csp =
            header(&head, "content-security-policy").unwrap_or_else(|| panic!("{path}: {head}"));
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(
            header(&head, "strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
        assert_eq!(
            header(&head, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(header(&head, "referrer-policy").is_some(), "{path}: {head}");
        assert_eq!(
            header(&head, "x-office-site-release"),
            Some(RELEASE.to_ascii_lowercase().as_str()),
            "{path}"
        );
        assert!(!body.is_empty(), "{path}");
    }
    let (head, body) = https_get(served.server.https, "/iryou-innovation/teams/pharma/");
    assert!(
        String::from_utf8_lossy(&body).contains("① 医薬品"),
        "{head}"
    );
}

/// Port 80 answers every request with a permanent redirect to the same path over HTTPS.
#[test]
fn nginx_redirects_plain_http_to_https() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    for path in [
        "/iryou-innovation/",
        "/iryou-innovation/teams/pharma/?q=1",
        "/",
    ] {
        let r = get(served.server.redirect, path);
        assert_eq!(r.status, 301, "{path}: {}", r.headers);
        assert_eq!(
            header(&r.headers, "location"),
            Some(format!("https://www.example.go.jp{path}").as_str()),
            "{}",
            r.headers
        );
    }
}

/// The release's manifest sits beside its site/, never under it, and office-site's own files
/// inside site/ are dot-files: none of them is served, however the URL spells the way there.
#[test]
fn nginx_never_serves_the_release_record_or_office_sites_own_files() {
    let Some(nginx) = nginx_or_skip() else {
        return;
    };
    let served = serve_fixture(&nginx);
    assert!(
        served
            .deploy_path
            .join("current/.office-site-build.json")
            .is_file()
    );
    for path in [
        "/iryou-innovation/../manifest.json",
        "/iryou-innovation/%2e%2e/manifest.json",
        "/iryou-innovation/%2E%2E%2Fmanifest.json",
        "/iryou-innovation/..%2fmanifest.json",
        "/iryou-innovation/./../manifest.json",
        "/manifest.json",
        "/iryou-innovation/manifest.json",
        "/iryou-innovation/.office-site",
        "/iryou-innovation/.office-site-build.json",
        "/iryou-innovation/%2eoffice-site-build.json",
        "/iryou-innovation/teams/../.office-site-build.json",
        "/iryou-innovation/current/.office-site",
        "/iryou-innovation/releases/",
    ] {
        let r = get(served.port, path);
        assert!(
            !r.body.contains("not public") && !r.body.contains("\"drafts\""),
            "{path} served a record: {}",
            r.headers
        );
        assert_ne!(r.status, 200, "{path}: {}", r.headers);
    }
}

/// The policy has no 'unsafe-inline': it holds only while the theme has no inline script, no
/// style element or attribute and no event-handler attribute. Every page of this repository's
/// site is read for them.
#[test]
fn the_default_theme_has_no_inline_script_or_style_for_the_csp() {
    let site = Site::repository();
    site.build_ok();
    for f in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(f);
        let lower = html.to_ascii_lowercase();
        let mut rest = lower.as_str();
        while let Some(at) = rest.find("<script") {
            let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
            assert!(
                rest[at..tag_end].contains(" src="),
                "{f}: an inline <script>"
            );
            rest = &rest[tag_end..];
        }
        assert!(!lower.contains("<style"), "{f}: a <style> element");
        assert!(!lower.contains(" style="), "{f}: a style attribute");
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onsubmit=",
            " onchange=",
            " oninput=",
        ] {
            assert!(!lower.contains(handler), "{f}: {handler}");
        }
        assert!(!lower.contains("javascript:"), "{f}: a javascript: URL");
    }
}

/// deploy/htaccess says the same as deploy/nginx.conf: HTTPS only, the security headers, the
/// release id (and tests/apache.rs runs it).
#[test]
fn htaccess_redirects_to_https_and_sends_the_security_headers() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/htaccess"))
            .unwrap();
    let rules: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();
    let has = |start: &str| rules.iter().any(|l| l.starts_with(start));
    assert!(has("RewriteCond %{HTTPS} !=on"), "{text}");
    assert!(
        has("RewriteRule ^ https://www.example.go.jp%{REQUEST_URI} [R=301,L]"),
        "{text}"
    );
    for h in [
        "Strict-Transport-Security",
        "Content-Security-Policy \"default-src 'self';",
        "X-Content-Type-Options \"nosniff\"",
        "Referrer-Policy",
    ] {
        assert!(has(&format!("Header always set {h}")), "{h}: {text}");
    }
    // The release's header reads a file: allowed only in the virtual host the comment gives.
    assert!(
        text.contains("#       Header always set X-Office-Site-Release"),
        "{text}"
    );
    let nginx =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .unwrap();
    let csp = |t: &str| {
        t.lines()
            .find(|l| l.contains("Content-Security-Policy"))
            .and_then(|l| l.split('"').nth(1))
            .map(str::to_owned)
    };
    let policy = csp(&text).expect("a Content-Security-Policy rule");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert_eq!(
        Some(policy),
        csp(&nginx),
        "both configs send the same policy"
    );
}
