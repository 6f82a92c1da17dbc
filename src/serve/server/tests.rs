use std::io::{Cursor, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::*;

fn head(text: &[u8]) -> Result<Head, Refusal> {
    read_head(&mut Cursor::new(text.to_vec()))
}

#[test]
fn a_plain_request_head_is_read() {
    let h =
        head(b"GET /a/b?c=1 HTTP/1.1\r\nHost: localhost:1111\r\nUser-Agent: x\r\n\r\n").unwrap();
    assert_eq!(h.method, Method::Get);
    assert_eq!(h.target, "/a/b?c=1");
    assert!(h.http11);
    assert_eq!(h.hosts, vec![b"localhost:1111".to_vec()]);
    let h = head(b"\r\nHEAD / HTTP/1.0\nhost:\t127.0.0.1 \n\n").unwrap();
    assert_eq!(h.method, Method::Head);
    assert!(!h.http11);
    assert_eq!(h.hosts, vec![b"127.0.0.1".to_vec()]);
    assert_eq!(
        head(b"BREW / HTTP/1.1\r\n\r\n").unwrap().method,
        Method::Other
    );
}

#[test]
fn non_ascii_in_header_values_and_raw_utf8_paths_are_read() {
    let h = head("GET /医療/ HTTP/1.1\r\nX-名前: 値\r\n\r\n".as_bytes());
    assert!(
        matches!(h, Err(Refusal::Malformed)),
        "a header name must be a token"
    );
    let mut text = "GET /医療/ HTTP/1.1\r\nX-Name: 値".as_bytes().to_vec();
    text.extend_from_slice(b"\xff\r\n");
    text.extend_from_slice("Host: ホスト\r\n\r\n".as_bytes());
    let h = head(&text).unwrap();
    assert_eq!(h.target, "/医療/");
    assert_eq!(h.hosts, vec!["ホスト".as_bytes().to_vec()]);
    assert!(matches!(
        head(b"GET /\xff HTTP/1.1\r\n\r\n"),
        Err(Refusal::Malformed)
    ));
}

#[test]
fn malformed_heads_are_refused_with_400_or_505() {
    for bad in [
        &b"GET / HTTP/1.1 extra\r\n\r\n"[..],
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET /\x01 HTTP/1.1\r\n\r\n",
        b"G(T / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.2x\r\n\r\n",
        b"GET / FTP/1.0\r\n\r\n",
        b"GET /\r\n\r\n",
        b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        b"GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        b"GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n",
        b"GET / HTTP/1.1\r\nA: b\rc\r\n\r\n",
        b"GET / HTTP/1.1\r\nA: b\x1bc\r\n\r\n",
    ] {
        assert_eq!(
            head(bad).unwrap_err(),
            Refusal::Malformed,
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    assert_eq!(
        head(b"GET / HTTP/2.0\r\n\r\n").unwrap_err(),
        Refusal::Version
    );
    assert_eq!(head(b"").unwrap_err(), Refusal::Gone);
    assert_eq!(
        head(b"GET / HTTP/1.1\r\nHost: loc").unwrap_err(),
        Refusal::Gone
    );
}

#[test]
fn oversized_heads_are_refused_without_reading_them_whole() {
    let long_url = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URL));
    assert_eq!(head(long_url.as_bytes()).unwrap_err(), Refusal::UrlTooLong);
    let just = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URL - 1));
    assert!(head(just.as_bytes()).is_ok());
    let long_line = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "v".repeat(MAX_LINE));
    assert_eq!(
        head(long_line.as_bytes()).unwrap_err(),
        Refusal::HeadTooLarge
    );
    let many = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X: y\r\n".repeat(MAX_HEADERS + 1)
    );
    assert_eq!(head(many.as_bytes()).unwrap_err(), Refusal::HeadTooLarge);
    let line = format!("X: {}\r\n", "v".repeat(MAX_LINE - 8));
    let big = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        line.repeat(MAX_HEAD / MAX_LINE + 1)
    );
    assert_eq!(head(big.as_bytes()).unwrap_err(), Refusal::HeadTooLarge);
    // A line without end is not read past its cap: the reader stops there.
    let mut endless = Cursor::new(vec![b'a'; 10 * MAX_URL]);
    assert_eq!(read_head(&mut endless).unwrap_err(), Refusal::UrlTooLong);
    assert!(
        endless.position() <= (MAX_URL + 64) as u64,
        "{}",
        endless.position()
    );
}

#[test]
fn header_values_and_locations_are_ascii_whatever_they_hold() {
    assert_eq!(
        encode_path("/医療/a b/%/"),
        "/%E5%8C%BB%E7%99%82/a%20b/%25/"
    );
    assert_eq!(encode_path("/teams/pharma-1_~.x/"), "/teams/pharma-1_~.x/");
    for value in ["a\r\nSet-Cookie: x", "ü", "\0", "x\u{7f}"] {
        let v = header_value(value);
        assert!(v.bytes().all(|b| (0x20..0x7f).contains(&b)), "{v}");
    }
}

/// A payload whose drop panics: a panic that escapes `catch_unwind` when the payload is dropped,
/// the only way a worker thread can end.
struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("a panic while dropping a panic");
    }
}

fn test_server() -> (Server, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let app: Arc<App> = Arc::new(|request: &Request| match request.target.as_str() {
        "/panic" => panic!("a bug"),
        "/bomb" => std::panic::panic_any(Bomb),
        _ => Answer::Reply(Response::text(200, "fine")),
    });
    (Server::start(listener, app, 2), port)
}

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn a_panicking_request_answers_500_and_the_workers_go_on() {
    let (server, port) = test_server();
    for _ in 0..10 {
        let answer = get(port, "/panic");
        assert!(answer.starts_with("HTTP/1.1 500 "), "{answer}");
    }
    assert!(get(port, "/").starts_with("HTTP/1.1 200 "));
    server.stop();
}

#[test]
fn a_worker_that_dies_is_replaced() {
    let (server, port) = test_server();
    // Each of these kills its worker (after answering 500); with two workers, the third would
    // never be answered unless the dead ones were replaced.
    for _ in 0..6 {
        let answer = get(port, "/bomb");
        assert!(answer.starts_with("HTTP/1.1 500 "), "{answer}");
    }
    assert!(get(port, "/").starts_with("HTTP/1.1 200 "));
    server.stop();
}

#[test]
fn a_missing_or_foreign_host_is_answered_and_head_has_no_body() {
    let (server, port) = test_server();
    let ask = |text: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(text.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    };
    assert!(ask("GET / HTTP/1.0\r\n\r\n").starts_with("HTTP/1.1 200 "));
    assert!(ask("GET / HTTP/1.1\r\n\r\n").starts_with("HTTP/1.1 400 "));
    assert!(ask("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n").starts_with("HTTP/1.1 421 "));
    let head = ask(&format!(
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    ));
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(head.contains("Content-Length: 9\r\n"), "{head}");
    assert!(!head.contains("fine"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "{head}");
    let post = ask("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc");
    assert!(post.starts_with("HTTP/1.1 405 "), "{post}");
    assert!(post.contains("Allow: GET, HEAD\r\n"), "{post}");
    server.stop();
}
