//! Real servers for the deploy and nginx tests, started by the test in a temporary folder and
//! stopped when dropped: a throwaway OpenSSH server on 127.0.0.1 (generated host and user keys,
//! its own sshd_config), nginx running deploy/nginx.conf with a self-signed certificate, and a
//! git repository for the site.
//!
//! A test that needs a missing program says so and passes, unless OFFICE_SITE_REQUIRE_SSHD=1
//! (for sshd, rsync, ssh, openssl) or OFFICE_SITE_REQUIRE_NGINX=1 (for nginx) is set, as
//! .ci/run does, where it fails.
#![allow(dead_code, unreachable_pub)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn on_path(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `None` (the test then passes) when `what` is missing and `env` is not set; a failure when
/// it is.
fn missing<T>(what: &str, env: &str, install: &str) -> Option<T> {
    assert!(
        std::env::var(env).is_err(),
        "{env} is set but {what} is missing ({install})"
    );
    eprintln!("{what} is missing ({install}): skipping this test");
    None
}

/// How a server started by a test came up.
enum Start {
    Serving,
    PortTaken,
}

/// Waits until the server `child` serves: its pid file (which nginx, Apache and sshd write
/// once their ports are bound) holds its pid and every port answers. A server that exits
/// first because a port was taken (by another test between `free_port` and the start) is
/// `PortTaken`; any other exit fails the test with its logs. Connecting alone is not enough:
/// the port may be another test's server.
fn wait_until_serving(child: &mut Child, pid_file: &Path, ports: &[u16], logs: &[&Path]) -> Start {
    let deadline = Instant::now() + Duration::from_secs(20);
    let pid = child.id().to_string();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let logs: String = logs
                .iter()
                .map(|l| std::fs::read_to_string(l).unwrap_or_default())
                .collect();
            if logs.contains("Address already in use") {
                return Start::PortTaken;
            }
            panic!("the server on ports {ports:?} exited ({status}): {logs}");
        }
        let own = std::fs::read_to_string(pid_file).is_ok_and(|p| p.trim() == pid);
        if own
            && ports
                .iter()
                .all(|&port| TcpStream::connect(("127.0.0.1", port)).is_ok())
        {
            return Start::Serving;
        }
        assert!(
            Instant::now() < deadline,
            "the server on ports {ports:?} did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts a server with `start` on `N` free ports and waits until it serves them, on other
/// ports again when one was taken meanwhile. Regression: tests/apache.rs once asked another
/// test's Apache, which had taken the port its own Apache could not bind, and met that test's
/// site being deleted (a 404 for search-index/meta.json).
pub fn start_on_free_ports<const N: usize>(
    pid_file: &Path,
    logs: &[&Path],
    mut start: impl FnMut([u16; N]) -> Child,
) -> (Child, [u16; N]) {
    for _ in 0..5 {
        let ports = [(); N].map(|()| free_port());
        let _ = std::fs::remove_file(pid_file);
        let mut child = start(ports);
        match wait_until_serving(&mut child, pid_file, &ports, logs) {
            Start::Serving => return (child, ports),
            Start::PortTaken => {
                let _ = child.wait();
            }
        }
    }
    panic!("no free ports after five tries");
}

/// A process stopped when dropped.
pub struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A throwaway OpenSSH server for the current user, and the ssh command that reaches it.
pub struct Sshd {
    _server: Running,
    /// Its port.
    pub port: u16,
    /// The value of OFFICE_SITE_SSH that logs in with the generated key and checks the
    /// generated host key.
    pub ssh_command: String,
    /// The login.
    pub user: String,
}

/// Starts sshd in `dir`, or `None` when sshd, ssh, rsync or ssh-keygen is missing (and not
/// required).
pub fn sshd(dir: &Path) -> Option<Sshd> {
    const REQUIRE: &str = "OFFICE_SITE_REQUIRE_SSHD";
    let install = "apt-get install openssh-server openssh-client rsync";
    let Some(sshd) = find(&["/usr/sbin/sshd", "/usr/local/sbin/sshd"]) else {
        return missing("sshd", REQUIRE, install);
    };
    for tool in ["ssh", "ssh-keygen", "rsync"] {
        if !on_path(tool) {
            return missing(tool, REQUIRE, install);
        }
    }
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_owned();
    let root = user == "root";
    if root && !Path::new("/run/sshd").is_dir() {
        // sshd run as root refuses to start without its privilege separation folder, which
        // the ssh service creates at boot (.ci/run creates it).
        return missing("/run/sshd", REQUIRE, "mkdir -p /run/sshd as root");
    }
    std::fs::create_dir_all(dir).unwrap();
    let d = dir.display();
    for key in ["host_key", "user_key"] {
        run(Command::new("ssh-keygen")
            .args([
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "office-site-test",
                "-f",
            ])
            .arg(dir.join(key)));
    }
    std::fs::copy(dir.join("user_key.pub"), dir.join("authorized_keys")).unwrap();
    let host_key = std::fs::read_to_string(dir.join("host_key.pub")).unwrap();
    let host_key: Vec<&str> = host_key.split_whitespace().take(2).collect();
    let log = dir.join("sshd.log");
    let (child, [port]) = start_on_free_ports(&dir.join("sshd.pid"), &[&log], |[port]| {
        std::fs::write(
            dir.join("known_hosts"),
            format!("[127.0.0.1]:{port} {}\n", host_key.join(" ")),
        )
        .unwrap();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nUsePAM no\nStrictModes no\n\
             PermitRootLogin {}\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\nAllowUsers {user}\nLogLevel ERROR\nMaxStartups 50\nMaxSessions 50\n",
            if root { "prohibit-password" } else { "no" }
        );
        std::fs::write(dir.join("sshd_config"), config).unwrap();
        let _ = std::fs::remove_file(&log);
        Command::new(&sshd)
            .arg("-D")
            .arg("-E")
            .arg(&log)
            .arg("-f")
            .arg(dir.join("sshd_config"))
            .stdin(Stdio::null())
            .spawn()
            .unwrap()
    });
    let ssh_command = format!(
        "ssh -F /dev/null -i {d}/user_key -o IdentitiesOnly=yes -o UserKnownHostsFile={d}/known_hosts \
         -o StrictHostKeyChecking=yes -o BatchMode=yes -o LogLevel=ERROR"
    );
    assert!(
        !ssh_command.contains("  ") && !d.to_string().contains(' '),
        "the temporary folder's path must not hold spaces: {d}"
    );
    Some(Sshd {
        _server: Running(child),
        port,
        ssh_command,
        user,
    })
}

/// nginx serving deploy/nginx.conf for the deploy folder `server_path`.
pub struct Nginx {
    _server: Running,
    /// The HTTPS port (the config's 443).
    pub https: u16,
    /// The plain HTTP port that redirects (the config's 80).
    pub redirect: u16,
    /// A plain HTTP port added to the HTTPS server, for tests that read many responses.
    pub plain: u16,
    /// Its folder (configuration, logs, certificate).
    pub work: PathBuf,
}

/// The nginx binary, or `None` when it is missing and not required.
pub fn nginx_binary() -> Option<PathBuf> {
    let found = find(&["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]);
    if found.is_none() {
        missing::<()>(
            "nginx",
            "OFFICE_SITE_REQUIRE_NGINX",
            "apt-get install nginx",
        );
    }
    found
}

/// Whether openssl is there (else the test passes, unless required).
pub fn openssl_or_skip() -> Option<()> {
    if on_path("openssl") {
        Some(())
    } else {
        missing(
            "openssl",
            "OFFICE_SITE_REQUIRE_SSHD",
            "apt-get install openssl",
        )
    }
}

/// deploy/nginx.conf as the test runs it: its ports, certificate and deploy folder replaced.
pub fn nginx_config(server_path: &Path, work: &Path, ports: (u16, u16, u16)) -> String {
    let block =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf"))
            .unwrap();
    let (redirect, https, plain) = ports;
    let w = work.display();
    let replacements = [
        ("listen 80;", format!("listen 127.0.0.1:{redirect};")),
        (
            "listen 443 ssl;",
            format!("listen 127.0.0.1:{https} ssl;\n    listen 127.0.0.1:{plain};"),
        ),
        (
            "/etc/ssl/certs/www.example.go.jp.pem",
            format!("{w}/cert.pem"),
        ),
        (
            "/etc/ssl/private/www.example.go.jp.key",
            format!("{w}/key.pem"),
        ),
        (
            "/var/www/iryou-innovation/current;",
            format!("\"{}/current\";", server_path.display()),
        ),
        ("root /var/www;", format!("root {w}/www;")),
    ];
    let mut block = block;
    for (from, to) in replacements {
        assert!(block.contains(from), "deploy/nginx.conf has no `{from}`");
        block = block.replace(from, &to);
    }
    format!(
        "daemon off;\nmaster_process off;\npid {w}/nginx.pid;\nerror_log {w}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {w}/body;\n  proxy_temp_path {w}/proxy;\n  fastcgi_temp_path {w}/fastcgi;\n  uwsgi_temp_path {w}/uwsgi;\n  scgi_temp_path {w}/scgi;\n{block}\n}}\n"
    )
}

/// Starts nginx in `work` for the deploy folder `server_path` (which need not exist yet).
pub fn nginx(nginx: &Path, server_path: &Path, work: &Path) -> Nginx {
    std::fs::create_dir_all(work.join("www")).unwrap();
    run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=www.example.go.jp", "-keyout"])
        .arg(work.join("key.pem"))
        .arg("-out")
        .arg(work.join("cert.pem")));
    let log = work.join("error.log");
    let stderr_log = work.join("stderr.log");
    let (child, [redirect, https, plain]) =
        start_on_free_ports(&work.join("nginx.pid"), &[&log, &stderr_log], |ports| {
            std::fs::write(
                work.join("nginx.conf"),
                nginx_config(server_path, work, (ports[0], ports[1], ports[2])),
            )
            .unwrap();
            let _ = std::fs::remove_file(&log);
            Command::new(nginx)
                .arg("-p")
                .arg(work)
                .arg("-c")
                .arg(work.join("nginx.conf"))
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&stderr_log).unwrap())
                .spawn()
                .unwrap()
        });
    Nginx {
        _server: Running(child),
        redirect,
        https,
        plain,
        work: work.to_path_buf(),
    }
}

/// An HTTPS GET through `openssl s_client` (the certificate is self-signed: not verified):
/// the response's head (lower-cased) and body.
pub fn https_get(port: u16, path: &str) -> (String, Vec<u8>) {
    let mut child = Command::new("openssl")
        .args([
            "s_client",
            "-quiet",
            "-servername",
            "www.example.go.jp",
            "-connect",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    write!(
        child.stdin.as_mut().unwrap(),
        "GET {path} HTTP/1.0\r\nHost: www.example.go.jp\r\n\r\n"
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let raw = out.stdout;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    (head, body)
}

/// A minimal HTTP/1.0 GET returning status, lower-cased head and the body's bytes.
pub fn get_bytes(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    use std::io::Read;
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: www.example.go.jp\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (
        status,
        head,
        raw.get(split + 4..).unwrap_or_default().to_vec(),
    )
}

/// The value of a header in a lower-cased head.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

/// Makes `root` a git repository with everything committed.
pub fn git_init(root: &Path) {
    git(root, &["init", "-q", "-b", "main"]);
    git_commit(root, "first");
}

/// Commits every change under `root`.
pub fn git_commit(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "--allow-empty", "-m", message]);
}

fn git(root: &Path, args: &[&str]) {
    run(Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "テスト")
        .env("GIT_AUTHOR_EMAIL", "test@example.go.jp")
        .env("GIT_COMMITTER_NAME", "テスト")
        .env("GIT_COMMITTER_EMAIL", "test@example.go.jp"));
}
