//! deploy/htaccess, run in a real Apache 2.4 on 127.0.0.1 as the comment at its top says to
//! install it (the deploy folder's `.htaccess`, an `Alias` of the sub-path to `current`), with a
//! throwaway self-signed certificate: the same promises as deploy/nginx.conf (tests/nginx.rs):
//! plain HTTP redirects to HTTPS; HTTPS serves the site under its sub-path with charset=utf-8,
//! the security headers and the release id; the feed is Atom and the sitemap is not; the
//! search index and the pages are revalidated; the theme's 404 page; office-site's own files
//! and dot-files are never served.
//!
//! Needs Debian's `apache2` and openssl. Without them the test says so and passes, unless
//! OFFICE_SITE_REQUIRE_APACHE=1 (set by .ci/run, which installs apache2), where it fails.
#![allow(clippy::disallowed_methods)] // tests make and read fixture sites on disk directly

mod common;
mod deploy_servers;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::Site;
use deploy_servers::{get_bytes, header, https_get, start_on_free_ports};

/// The release id the fixture is served as.
const RELEASE: &str = "20110107T000000.000Z-fixture";
const MODULES: &str = "/usr/lib/apache2/modules";

fn apache_or_skip() -> Option<PathBuf> {
    let binary = PathBuf::from("/usr/sbin/apache2");
    let openssl = Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if binary.is_file() && openssl {
        return Some(binary);
    }
    assert!(
        std::env::var("OFFICE_SITE_REQUIRE_APACHE").is_err(),
        "OFFICE_SITE_REQUIRE_APACHE is set but apache2 or openssl is missing"
    );
    eprintln!("apache2 or openssl is missing (apt-get install apache2 openssl): skipping");
    None
}

/// Apache serving a deploy folder; stopped when dropped.
struct Apache {
    child: Child,
    plain: u16,
    https: u16,
    work: PathBuf,
    _site: Site,
}

impl Drop for Apache {
    /// SIGTERM, so that Apache stops its worker processes too (SIGKILL would leave them serving
    /// a deleted folder on the test's ports).
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The lines deploy/htaccess's comment says to put in the virtual host, for the deploy folder
/// `deploy` (so that the documentation is what the test runs).
fn vhost_lines(htaccess: &str, deploy: &Path) -> String {
    let d = deploy.display();
    let lines: Vec<&str> = htaccess
        .lines()
        .skip_while(|l| !l.contains("In the virtual host"))
        .skip_while(|l| !l.starts_with("#   "))
        .take_while(|l| l.starts_with("#   "))
        .map(|l| &l[4..])
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with("Alias ")),
        "deploy/htaccess's comment gives no virtual host lines"
    );
    let mut out = String::new();
    for line in lines {
        let line = if line.starts_with("Alias ") {
            line.replace(
                "/var/www/iryou-innovation/current",
                &format!("\"{d}/current\""),
            )
        } else if line.starts_with("<Directory ") {
            format!("<Directory \"{d}\">")
        } else {
            line.replace("/var/www/iryou-innovation/", &format!("{d}/"))
        };
        assert!(!line.contains("/var/www"), "{line}");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The server's configuration: Debian's defaults that matter (everything denied but the web
/// folders, here the deploy folder), a plain and an HTTPS virtual host, and the lines the
/// comment of deploy/htaccess gives (`vhost`).
fn config(work: &Path, deploy: &Path, vhost: &str, ports: (u16, u16), root: bool) -> String {
    let w = work.display();
    let d = deploy.display();
    let (plain, https) = ports;
    let modules = [
        "mpm_event",
        "authz_core",
        "mime",
        "dir",
        "alias",
        "rewrite",
        "headers",
        "ssl",
        "socache_shmcb",
    ]
    .iter()
    .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
    .collect::<String>();
    // Run as root, Apache serves as another user (it refuses to serve as root).
    let user = if root {
        "User nobody\nGroup nogroup\n"
    } else {
        ""
    };
    format!(
        "ServerRoot {w}\nServerName www.example.go.jp\nPidFile {w}/apache.pid\n\
         ErrorLog {w}/error.log\nLogLevel warn\nMutex file:{w}\n{modules}{user}\
         TypesConfig /etc/mime.types\nListen 127.0.0.1:{plain}\nListen 127.0.0.1:{https}\n\
         DocumentRoot {w}/www\n\
         <Directory />\n    AllowOverride None\n    Require all denied\n</Directory>\n\
         <Directory {w}/www>\n    Require all granted\n</Directory>\n\
         <Directory \"{d}\">\n    Require all granted\n</Directory>\n\
         <VirtualHost 127.0.0.1:{plain}>\n</VirtualHost>\n\
         <VirtualHost 127.0.0.1:{https}>\n    SSLEngine on\n\
             SSLCertificateFile {w}/cert.pem\n    SSLCertificateKeyFile {w}/key.pem\n\
         </VirtualHost>\n{vhost}"
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The basic fixture, built into a release of a deploy folder whose `.htaccess` is
/// deploy/htaccess (its paths replaced by the test's), served by Apache.
fn serve() -> Apache {
    let site = Site::fixture("basic");
    let tmp = site.root.parent().unwrap().to_path_buf();
    let deploy = tmp.join("サーバー 公開/iryou-innovation");
    let release = deploy.join("releases").join(RELEASE);
    site.build_with(|o| o.output = Some(release.join("site")))
        .unwrap();
    std::fs::write(release.join("manifest.json"), "{\"secret\": 1}").unwrap();
    std::fs::write(release.join("release-id"), RELEASE).unwrap();
    std::os::unix::fs::symlink(format!("releases/{RELEASE}/site"), deploy.join("current")).unwrap();
    let htaccess =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/htaccess"))
            .unwrap();
    std::fs::write(deploy.join(".htaccess"), &htaccess).unwrap();
    let vhost = vhost_lines(&htaccess, &deploy);

    let work = tmp.join("apache");
    std::fs::create_dir_all(work.join("www")).unwrap();
    // The server's user must reach the site through the temporary folders.
    let mut dir = release.join("site");
    while dir.starts_with(&tmp) || dir == tmp {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !dir.pop() {
            break;
        }
    }
    let status = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=www.example.go.jp", "-keyout"])
        .arg(work.join("key.pem"))
        .arg("-out")
        .arg(work.join("cert.pem"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let log = work.join("error.log");
    let stderr_log = work.join("stderr.log");
    let logs = [log.as_path(), stderr_log.as_path()];
    let (child, [plain, https]) = start_on_free_ports(&work.join("apache.pid"), &logs, |ports| {
        let ports = (ports[0], ports[1]);
        std::fs::write(
            work.join("apache.conf"),
            config(&work, &deploy, &vhost, ports, is_root()),
        )
        .unwrap();
        let _ = std::fs::remove_file(&log);
        Command::new("/usr/sbin/apache2")
            .args(["-f"])
            .arg(work.join("apache.conf"))
            .args(["-DFOREGROUND"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr_log).unwrap())
            .spawn()
            .unwrap()
    });
    Apache {
        child,
        plain,
        https,
        work,
        _site: site,
    }
}

fn status(head: &str) -> u16 {
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn apache_with_the_htaccess_serves_https_with_the_headers_of_the_nginx_config() {
    let Some(_) = apache_or_skip() else { return };
    let a = serve();
    let log = || std::fs::read_to_string(a.work.join("error.log")).unwrap_or_default();
    let nginx =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .unwrap();
    let policy = nginx
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .and_then(|l| l.split('"').nth(1))
        .unwrap()
        .to_ascii_lowercase();

    let (head, body) = https_get(a.https, "/iryou-innovation/teams/pharma/");
    assert_eq!(status(&head), 200, "{head}\n{}", log());
    assert!(String::from_utf8_lossy(&body).contains("医薬品"));
    for (name, value) in [
        ("content-type", "text/html; charset=utf-8"),
        ("content-security-policy", policy.as_str()),
        ("strict-transport-security", "max-age=31536000"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
        ("x-office-site-release", &RELEASE.to_ascii_lowercase()),
        ("cache-control", "no-cache"),
    ] {
        assert_eq!(header(&head, name), Some(value), "{name}: {head}");
    }

    let (head, _) = https_get(a.https, "/iryou-innovation/atom.xml");
    assert_eq!(
        header(&head, "content-type"),
        Some("application/atom+xml; charset=utf-8"),
        "{head}"
    );
    let (head, _) = https_get(a.https, "/iryou-innovation/sitemap.xml");
    assert_eq!(
        header(&head, "content-type"),
        Some("application/xml; charset=utf-8"),
        "{head}"
    );
    let (head, _) = https_get(a.https, "/iryou-innovation/css/site.css");
    assert_eq!(
        header(&head, "content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        header(&head, "cache-control"),
        Some("public, max-age=86400")
    );

    // The search index is rebuilt with the pages: revalidated like them (search.js too,
    // although it is a script). A build without the `search` feature has none (regression:
    // `cargo test --no-default-features --features serve` asked for it and met a 404).
    if cfg!(feature = "search") {
        for path in ["search-index/meta.json", "search-index/search.js"] {
            let (head, _) = https_get(a.https, &format!("/iryou-innovation/{path}"));
            assert_eq!(status(&head), 200, "{path}: {head}");
            assert_eq!(
                header(&head, "cache-control"),
                Some("no-cache"),
                "{path}: {head}"
            );
        }
        let (head, _) = https_get(a.https, "/iryou-innovation/search-index/meta.json");
        assert_eq!(
            header(&head, "content-type"),
            Some("application/json; charset=utf-8"),
            "{head}"
        );
    }
    // The theme's 404 page, with the headers too.
    let (head, body) = https_get(a.https, "/iryou-innovation/no/such/page/");
    assert_eq!(status(&head), 404, "{head}");
    assert!(String::from_utf8_lossy(&body).contains("<html"), "{head}");
    assert!(header(&head, "content-security-policy").is_some(), "{head}");
    // office-site's own files and dot-files, never.
    for path in [
        "/iryou-innovation/.office-site",
        "/iryou-innovation/.office-site-build.json",
        "/iryou-innovation/.htaccess",
        "/iryou-innovation/%2eoffice-site",
    ] {
        let (head, _) = https_get(a.https, path);
        assert!(
            matches!(status(&head), 403 | 404),
            "{path} was served: {head}"
        );
    }
}

#[test]
fn apache_with_the_htaccess_redirects_plain_http_to_https() {
    let Some(_) = apache_or_skip() else { return };
    let a = serve();
    for path in ["/iryou-innovation/", "/iryou-innovation/teams/pharma/?q=1"] {
        let (code, head, _) = get_bytes(a.plain, path);
        assert_eq!(code, 301, "{path}: {head}");
        assert_eq!(
            header(&head, "location"),
            Some(
                format!("https://www.example.go.jp{path}")
                    .to_ascii_lowercase()
                    .as_str()
            ),
            "{path}: {head}"
        );
        assert!(
            header(&head, "strict-transport-security").is_none(),
            "{head}"
        );
    }
}
