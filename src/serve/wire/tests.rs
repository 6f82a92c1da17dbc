use std::io::Cursor;
use std::time::{Duration, Instant};

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

#[test]
fn a_client_that_sends_its_head_a_byte_at_a_time_is_cut_off_at_the_deadline() {
    use std::io::{BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // A slow client: one byte every 20 ms, for as long as the connection lasts.
    let client = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        for b in b"GET / HTTP/1.1\r\nX: "
            .iter()
            .chain(std::iter::repeat(&b'a'))
        {
            if s.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let (stream, _) = listener.accept().unwrap();
    let until = Instant::now() + Duration::from_millis(300);
    let mut reader = BufReader::new(Deadline {
        stream: &stream,
        until,
    });
    assert_eq!(read_head(&mut reader).unwrap_err(), Refusal::Timeout);
    assert_eq!(Refusal::Timeout.response().unwrap().status(), 408);
    drop(reader);
    drop(stream);
    client.join().unwrap();
}
