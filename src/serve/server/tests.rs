use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::*;

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
fn a_panicking_request_answers_500_and_the_server_goes_on() {
    let (server, port) = test_server();
    for _ in 0..10 {
        let answer = get(port, "/panic");
        assert!(answer.starts_with("HTTP/1.1 500 "), "{answer}");
    }
    assert!(get(port, "/").starts_with("HTTP/1.1 200 "));
    server.stop();
}

#[test]
fn a_connection_whose_thread_dies_gives_its_place_back() {
    let (server, port) = test_server();
    // Each of these ends its thread by a panic (after answering 500); with two places, the
    // third would never be answered unless the dead threads gave theirs back.
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
