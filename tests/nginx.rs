//! The nginx configuration of the README (deploy/nginx.conf), run in a real nginx on
//! 127.0.0.1: the site is served under its sub-path, with charset=utf-8, the theme's 404 page,
//! the feed, the sitemap, the search index and redirect pages. deploy/htaccess is checked as
//! text (there is no Apache to run it in).
//!
//! Needs the `nginx` binary (Debian's package). Without it the test says so and passes, unless
//! OFFICE_SITE_REQUIRE_NGINX=1 (set by .ci/run, which installs nginx), where it fails.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Site, http_get as get};

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts nginx with deploy/nginx.conf, its `listen` and `root` pointed at a test folder.
fn start(nginx: &Path, www: &Path, work: &Path, port: u16) -> Nginx {
    let block =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .unwrap();
    assert!(block.contains("listen 80;") && block.contains("root /var/www;"));
    let block = block
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("root /var/www;", &format!("root {};", www.display()));
    let w = work.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {w}/nginx.pid;\nerror_log {w}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {w}/body;\n  proxy_temp_path {w}/proxy;\n  fastcgi_temp_path {w}/fastcgi;\n  uwsgi_temp_path {w}/uwsgi;\n  scgi_temp_path {w}/scgi;\n{block}\n}}\n"
    );
    std::fs::write(work.join("nginx.conf"), conf).unwrap();
    let child = Command::new(nginx)
        .arg("-p")
        .arg(work)
        .arg("-c")
        .arg(work.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let server = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(work.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// The nginx binary, or `None` (the test then passes) when it is not installed and not required.
fn nginx_or_skip() -> Option<PathBuf> {
    let nginx = nginx_binary();
    if nginx.is_none() {
        assert!(
            std::env::var("OFFICE_SITE_REQUIRE_NGINX").is_err(),
            "OFFICE_SITE_REQUIRE_NGINX is set but nginx is not installed"
        );
        eprintln!("nginx is not installed (apt-get install nginx): skipping the nginx test");
    }
    nginx
}

/// The basic fixture with an alias, built into `www/iryou-innovation/`, served by nginx.
struct Served {
    _server: Nginx,
    port: u16,
    work: PathBuf,
    _site: Site,
}

fn serve_fixture(nginx: &Path) -> Served {
    let site = Site::fixture("basic");
    site.write(
        "content/teams/pharma.md",
        "---\ntitle: ① 医薬品\nissues: [regulation]\naliases: [/wt/iyakuhin/]\n---\n## 目標 {#goals}\n",
    );
    let www = site.root.parent().unwrap().join("www");
    site.build_with(|o| o.output = Some(www.join("iryou-innovation")))
        .unwrap();
    let work = site.root.parent().unwrap().join("nginx");
    std::fs::create_dir_all(&work).unwrap();
    let port = free_port();
    let server = start(nginx, &www, &work, port);
    Served {
        _server: server,
        port,
        work,
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
    assert!(!library.headers.contains("max-age"), "{}", library.headers);
}

/// Regression: deploy/htaccess gave every `.xml` (sitemap.xml too) the Atom media type, and had
/// no rule for the search index. (No Apache here to run it: the rules are read as text.)
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
    assert_eq!(rules[atom + 1], "ForceType application/atom+xml");
    let search = rules
        .iter()
        .position(|l| l.starts_with("<If") && l.contains("/search-index/"))
        .expect("an <If> section for search-index/");
    assert_eq!(rules[search + 1], "Header set Cache-Control \"no-cache\"");
}
