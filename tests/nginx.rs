//! The nginx configuration of the README (deploy/nginx.conf), run in a real nginx on
//! 127.0.0.1: the site is served under its sub-path, with charset=utf-8, the theme's 404 page,
//! the feed, the sitemap and redirect pages.
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

#[test]
fn nginx_serves_the_site_under_its_sub_path() {
    let Some(nginx) = nginx_binary() else {
        assert!(
            std::env::var("OFFICE_SITE_REQUIRE_NGINX").is_err(),
            "OFFICE_SITE_REQUIRE_NGINX is set but nginx is not installed"
        );
        eprintln!("nginx is not installed (apt-get install nginx): skipping the nginx test");
        return;
    };
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
    let _server = start(&nginx, &www, &work, port);

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
