//! Hostile requests against a real preview (the binary): random bytes in the path, every
//! percent-encoding, oversized and malformed heads, non-ASCII in every header, `Host` values
//! of DNS rebinding, methods and versions it does not speak. Every request must get a valid
//! HTTP status, and the server must still serve a normal page afterwards.

use super::common::{RawResponse, Site, http_get, raw_request};
use super::{PHARMA, Server, start};

/// A small fixed-seed generator (xorshift64*): every run sends the same requests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// What a case expects: one status, or any valid one.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Status(u16),
    Any,
}

struct Case {
    label: String,
    request: Vec<u8>,
    expect: Expect,
}

fn case(label: impl Into<String>, request: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        label: label.into(),
        request: request.into(),
        expect,
    }
}

/// A GET of `target` with the given header lines (raw bytes), `Host: localhost` first.
fn get_with(target: &[u8], headers: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"GET ".to_vec();
    out.extend_from_slice(target);
    out.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\n");
    for h in headers {
        out.extend_from_slice(h);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out
}

fn paths(rng: &mut Rng) -> Vec<Case> {
    let mut cases = Vec::new();
    for i in 0..200 {
        let len = 1 + rng.below(48);
        let mut target = b"/iryou-innovation/".to_vec();
        target.extend(rng.bytes(len));
        cases.push(case(
            format!("random path {i}"),
            get_with(&target, &[]),
            Expect::Any,
        ));
    }
    for b in 0..=255u8 {
        for form in [
            format!("%{b:02X}"),
            format!("%{b:02x}"),
            format!("%25{b:02X}"),
        ] {
            let target = format!("/iryou-innovation/teams/{form}x/");
            cases.push(case(
                target.clone(),
                get_with(target.as_bytes(), &[]),
                Expect::Any,
            ));
        }
    }
    for i in 0..100 {
        let escapes: String = (0..1 + rng.below(8))
            .map(|_| format!("%{:02X}", rng.next() as u8))
            .collect();
        let target = format!("/iryou-innovation/{escapes}/");
        cases.push(case(
            format!("escapes {i}"),
            get_with(target.as_bytes(), &[]),
            Expect::Any,
        ));
    }
    for bad in [
        "%",
        "%G0",
        "%%",
        "%1",
        "%zz",
        "a%",
        "%E6%A4",
        "%C0%AF",
        "%ED%A0%80",
    ] {
        let target = format!("/iryou-innovation/{bad}");
        cases.push(case(
            target.clone(),
            get_with(target.as_bytes(), &[]),
            Expect::Status(400),
        ));
    }
    for absolute in [
        "http://evil.example/",
        "//evil.example/",
        "*",
        "iryou-innovation/",
    ] {
        cases.push(case(
            absolute,
            get_with(absolute.as_bytes(), &[]),
            Expect::Status(400),
        ));
    }
    cases
}

fn oversized() -> Vec<Case> {
    let mut cases = Vec::new();
    for len in [8 * 1024 + 1, 16 * 1024, 200 * 1024] {
        let target = format!("/{}", "a".repeat(len));
        cases.push(case(
            format!("URL of {len}"),
            get_with(target.as_bytes(), &[]),
            Expect::Status(414),
        ));
    }
    for len in [8 * 1024 + 1, 64 * 1024, 300 * 1024] {
        let line = format!("X-Long: {}", "v".repeat(len)).into_bytes();
        cases.push(case(
            format!("header of {len}"),
            get_with(PHARMA.as_bytes(), &[line]),
            Expect::Status(431),
        ));
    }
    for count in [101, 1000, 20_000] {
        let headers: Vec<Vec<u8>> = (0..count)
            .map(|i| format!("X-{i}: y").into_bytes())
            .collect();
        cases.push(case(
            format!("{count} headers"),
            get_with(PHARMA.as_bytes(), &headers),
            Expect::Status(431),
        ));
    }
    let big: Vec<Vec<u8>> = (0..6)
        .map(|i| format!("X-{i}: {}", "v".repeat(7000)).into_bytes())
        .collect();
    cases.push(case(
        "a 42 KB head",
        get_with(PHARMA.as_bytes(), &big),
        Expect::Status(431),
    ));
    cases
}

/// Values above ASCII (UTF-8, Latin-1, invalid UTF-8, C1), for every common header.
fn non_ascii_headers() -> Vec<Case> {
    let names = [
        "User-Agent",
        "Accept",
        "Accept-Language",
        "Accept-Encoding",
        "Cookie",
        "Referer",
        "If-None-Match",
        "If-Modified-Since",
        "X-Forwarded-For",
        "Content-Type",
        "Authorization",
        "Origin",
        "Cache-Control",
        "Connection",
        "Upgrade",
        "Range",
        "X-名前-ok",
    ];
    let values: [&[u8]; 7] = [
        "日本語の値".as_bytes(),
        b"caf\xe9",
        b"\xff\xfe\xfd",
        "😀 emoji".as_bytes(),
        b"\xc2\x85next-line",
        "医療イノベーション推進室; a=b".as_bytes(),
        b"\x80",
    ];
    let mut cases = Vec::new();
    for name in names {
        for value in values {
            let mut line = format!("{name}: ").into_bytes();
            line.extend_from_slice(value);
            // A header name must be a token (ASCII): those requests are malformed.
            let expect = if name.is_ascii() {
                Expect::Status(200)
            } else {
                Expect::Status(400)
            };
            cases.push(case(
                format!("{name}: {value:?}"),
                get_with(PHARMA.as_bytes(), &[line]),
                expect,
            ));
        }
        for control in [
            b"a\x01b".as_slice(),
            b"a\x00b",
            b"a\x1bb",
            b"a\x7fb",
            b"a\rb",
        ] {
            let mut line = format!("{name}: ").into_bytes();
            line.extend_from_slice(control);
            cases.push(case(
                format!("{name}: {control:?}"),
                get_with(PHARMA.as_bytes(), &[line]),
                Expect::Status(400),
            ));
        }
    }
    cases
}

fn host_request(host: &[u8]) -> Vec<u8> {
    let mut out = format!("GET {PHARMA} HTTP/1.1\r\nHost: ").into_bytes();
    out.extend_from_slice(host);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// `Host` values: this machine's names answer, everything a rebinding page could send does not.
fn hosts(port: u16) -> Vec<Case> {
    let mut cases = Vec::new();
    let ours = [
        "localhost",
        "127.0.0.1",
        "[::1]",
        "LOCALHOST",
        "LocalHost",
        "[0:0:0:0:0:0:0:1]",
    ];
    for name in ours {
        for suffix in [String::new(), format!(":{port}")] {
            let host = format!("{name}{suffix}");
            cases.push(case(
                format!("Host {host}"),
                host_request(host.as_bytes()),
                Expect::Status(200),
            ));
        }
        for suffix in [
            format!(":{}", port.wrapping_add(1)),
            ":80".into(),
            ":0".into(),
            ":".into(),
            format!(":{port}x"),
            format!(":{port}:{port}"),
        ] {
            let host = format!("{name}{suffix}");
            cases.push(case(
                format!("Host {host}"),
                host_request(host.as_bytes()),
                Expect::Status(421),
            ));
        }
    }
    let foreign = [
        "evil.example",
        "localhost.evil.example",
        "evil.example.localhost",
        "127.0.0.1.nip.io",
        "localtest.me",
        "0.0.0.0",
        "192.168.1.1",
        "10.0.0.1",
        "[::]",
        "[::2]",
        "[fe80::1]",
        "localhost.",
        "127.0.0.1.",
        "[::1].",
        "localhost..",
        "ｌｏｃａｌｈｏｓｔ",
        "localhost\u{200b}",
        "127.1",
        "2130706433",
        "0x7f000001",
        "017700000001",
        "user@localhost",
        "xn--localhost",
        "",
        " ",
        "localhost localhost",
    ];
    for name in foreign {
        for suffix in [
            String::new(),
            format!(":{port}"),
            format!(":{}", port.wrapping_add(1)),
        ] {
            for host in [
                format!("{name}{suffix}"),
                format!("{name}{suffix}").to_uppercase(),
            ] {
                cases.push(case(
                    format!("Host {host:?}"),
                    host_request(host.as_bytes()),
                    Expect::Status(421),
                ));
            }
        }
    }
    cases.push(case(
        "Host bytes",
        host_request(b"local\xffhost"),
        Expect::Status(421),
    ));
    let two = format!("GET {PHARMA} HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n");
    cases.push(case("two Hosts", two, Expect::Status(400)));
    cases.push(case(
        "no Host, 1.1",
        format!("GET {PHARMA} HTTP/1.1\r\n\r\n"),
        Expect::Status(400),
    ));
    cases.push(case(
        "no Host, 1.0",
        format!("GET {PHARMA} HTTP/1.0\r\n\r\n"),
        Expect::Status(200),
    ));
    cases
}

fn methods_and_versions() -> Vec<Case> {
    let mut cases = Vec::new();
    for method in [
        "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "PROPFIND", "get", "Get",
    ] {
        let request = format!(
            "{method} {PHARMA} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
        );
        cases.push(case(method, request, Expect::Status(405)));
    }
    for (version, status) in [
        ("HTTP/2.0", 505),
        ("HTTP/3.0", 505),
        ("HTTP/0.9", 400),
        ("HTTP/1.2", 400),
        ("http/1.1", 400),
        ("HTTP/1.1 x", 400),
        ("", 400),
    ] {
        let request = format!("GET {PHARMA} {version}\r\nHost: localhost\r\n\r\n");
        cases.push(case(
            format!("version {version:?}"),
            request,
            Expect::Status(status),
        ));
    }
    let folded = format!("GET {PHARMA} HTTP/1.1\r\nHost: localhost\r\nX-A: b\r\n c\r\n\r\n");
    cases.push(case("folded header", folded, Expect::Status(400)));
    cases.push(case(
        "LF only",
        format!("GET {PHARMA} HTTP/1.1\nHost: localhost\n\n"),
        Expect::Status(200),
    ));
    cases.push(case(
        "garbage line",
        "\u{1b}[31m\u{0}\u{7f}ÿ\r\n\r\n",
        Expect::Status(400),
    ));
    cases
}

#[track_caller]
fn check(case: &Case, answer: &RawResponse) {
    assert_ne!(
        answer.status, 0,
        "{}: no valid status: {:?}",
        case.label, answer.head
    );
    if let Expect::Status(status) = case.expect {
        assert_eq!(answer.status, status, "{}: {:?}", case.label, answer.head);
    }
    assert!(
        answer
            .head
            .bytes()
            .all(|b| b == b'\r' || b == b'\n' || (0x20..0x7f).contains(&b)),
        "{}: a head byte outside ASCII: {:?}",
        case.label,
        answer.head
    );
}

#[track_caller]
fn still_serves(server: &Server) {
    let page = http_get(server.port, PHARMA);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("① 医薬品"));
}

#[test]
fn every_hostile_request_gets_a_status_and_the_server_still_serves() {
    let site = Site::fixture("basic");
    let mut server = start(&site);
    let mut rng = Rng(0x000f_f1ce_517e);
    let mut cases = paths(&mut rng);
    cases.extend(oversized());
    cases.extend(non_ascii_headers());
    cases.extend(hosts(server.port));
    cases.extend(methods_and_versions());
    assert!(cases.len() > 1000, "{}", cases.len());
    for (i, case) in cases.iter().enumerate() {
        check(case, &raw_request(server.port, &case.request));
        if i % 100 == 0 {
            still_serves(&server);
        }
    }
    // The same requests again, from eight clients at once.
    let port = server.port;
    let cases = std::sync::Arc::new(cases);
    let clients: Vec<_> = (0..8)
        .map(|k| {
            let cases = cases.clone();
            std::thread::spawn(move || {
                for case in cases.iter().skip(k).step_by(8) {
                    check(case, &raw_request(port, &case.request));
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    still_serves(&server);
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server is still running"
    );
}

#[test]
fn clients_that_send_nothing_do_not_keep_others_waiting() {
    let site = Site::fixture("basic");
    let server = start(&site);
    // More idle connections and half-sent heads than a small pool of workers would have had.
    let idle: Vec<_> = (0..40)
        .map(|i| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            if i % 2 == 0 {
                use std::io::Write;
                let _ = s.write_all(b"GET /iryou-innovation/ HTTP/1.1\r\nHost: loc");
            }
            s
        })
        .collect();
    still_serves(&server);
    drop(idle);
}

#[test]
fn event_streams_beyond_the_cap_get_503_and_pages_are_still_served() {
    use std::io::{BufRead, BufReader, Write};
    let site = Site::fixture("basic");
    let server = start(&site);
    let mut open = Vec::new();
    let refused = loop {
        assert!(open.len() < 1000, "event streams are not capped");
        let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        s.write_all(b"GET /__office-site/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut status = String::new();
        BufReader::new(&s).read_line(&mut status).unwrap();
        if !status.starts_with("HTTP/1.1 200 ") {
            break status;
        }
        open.push(s);
    };
    assert!(refused.starts_with("HTTP/1.1 503 "), "{refused}");
    still_serves(&server);
}
