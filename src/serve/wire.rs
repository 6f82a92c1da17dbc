//! The HTTP/1.x wire format of the preview: reading a request head within fixed limits
//! ([`MAX_URL`], [`MAX_LINE`], [`MAX_HEADERS`], [`MAX_HEAD`], [`HEAD_TIMEOUT`]), so that no
//! request costs more memory, or holds a thread longer, than those, and writing responses whose
//! head no value can break (every header value is made ASCII).
//!
//! A refused head is answered with the status that says why: 400 (not HTTP/1.x as written,
//! a bad header line), 408, 414, 431, 505. Request targets may be raw UTF-8 (browsers
//! percent-encode, other clients may not); header values may hold any byte but control
//! characters, and only `Host` is kept.

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest request target (path and query) answered; longer ones get 414.
pub(super) const MAX_URL: usize = 8 * 1024;
/// The longest header line; a longer one gets 431.
pub(super) const MAX_LINE: usize = 8 * 1024;
/// The most header lines in one request; more get 431.
pub(super) const MAX_HEADERS: usize = 100;
/// The largest request head (request line and headers); a larger one gets 431.
pub(super) const MAX_HEAD: usize = 32 * 1024;
/// How long a client has to send its whole request head; then it gets 408.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A request's method, as far as the preview cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Method {
    /// GET.
    Get,
    /// HEAD: the answer to a GET, without the body.
    Head,
    /// Anything else: answered 405.
    Other,
}

/// A request head that passed every check.
#[derive(Debug)]
pub(super) struct Request {
    /// GET or HEAD.
    pub(super) method: Method,
    /// The request target as sent (UTF-8, at most [`MAX_URL`] bytes).
    pub(super) target: String,
}

/// A complete answer.
#[derive(Debug, Clone)]
pub(super) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<Vec<u8>>,
}

impl Response {
    /// An answer with a body of `content_type`, never cached by the browser.
    pub(super) fn new(status: u16, content_type: &str, body: impl Into<Arc<Vec<u8>>>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_owned()),
                ("Cache-Control", "no-store".to_owned()),
            ],
            body: body.into(),
        }
    }

    /// A short plain-text answer.
    pub(super) fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {message}\n").into_bytes(),
        )
    }

    /// A redirect to a URL path given decoded (`/医療/teams/`): it is percent-encoded here, so
    /// the `Location` header is ASCII whatever the path holds.
    pub(super) fn redirect(status: u16, path: &str) -> Response {
        Response::text(status, "redirect").with_header("Location", encode_path(path))
    }

    /// Adds a header. The value is made safe when written (see [`header_value`]).
    pub(super) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The status code.
    #[cfg(test)]
    pub(super) fn status(&self) -> u16 {
        self.status
    }
}

/// Percent-encodes a decoded URL path: every byte but unreserved characters, `/` and the
/// sub-delimiters a path may hold is written `%XX` (`%` itself too, since the input is decoded).
pub(super) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A header value as it may be written: visible ASCII and spaces pass, every other byte
/// (line breaks, control characters, anything above ASCII) is percent-encoded, so no value can
/// end the header or the head, whatever it holds.
pub(super) fn header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if (0x20..0x7f).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

/// The status line and headers (`Connection: close` always: one request per connection).
pub(super) fn head(
    status: u16,
    headers: &[(&'static str, String)],
    length: Option<usize>,
) -> String {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {}\r\n", header_value(value)));
    }
    if let Some(length) = length {
        out.push_str(&format!("Content-Length: {length}\r\n"));
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

pub(super) fn write_response(
    out: &mut impl Write,
    response: &Response,
    with_body: bool,
) -> io::Result<()> {
    let head = head(
        response.status,
        &response.headers,
        Some(response.body.len()),
    );
    out.write_all(head.as_bytes())?;
    if with_body {
        out.write_all(&response.body)?;
    }
    out.flush()
}

/// Why a request head was refused, as the status that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Not HTTP/1.x as written, a bad header line, a missing or repeated `Host` (400).
    Malformed,
    /// The client took longer than [`HEAD_TIMEOUT`] (408).
    Timeout,
    /// The request line or its target is too long (414).
    UrlTooLong,
    /// A header line too long, too many of them, or too large a head (431).
    HeadTooLarge,
    /// HTTP/2 or later spoken as text (505).
    Version,
    /// The connection closed, or failed, before a whole head arrived: nothing to answer.
    Gone,
}

impl Refusal {
    /// The answer that says why, if the client is still there to read it.
    pub(super) fn response(self) -> Option<Response> {
        let (status, message) = match self {
            Refusal::Malformed => (400, "bad request"),
            Refusal::Timeout => (408, "request timeout"),
            Refusal::UrlTooLong => (414, "URL too long"),
            Refusal::HeadTooLarge => (431, "request header fields too large"),
            Refusal::Version => (505, "only HTTP/1.0 and HTTP/1.1 are spoken here"),
            Refusal::Gone => return None,
        };
        Some(Response::text(status, message))
    }
}

/// A head as read, before the `Host` check.
#[derive(Debug)]
pub(super) struct Head {
    pub(super) method: Method,
    pub(super) target: String,
    pub(super) http11: bool,
    /// Every `Host` header's value, as sent.
    pub(super) hosts: Vec<Vec<u8>>,
}

/// A reader that gives up when the head's deadline has passed, however slowly bytes arrive.
pub(super) struct Deadline<'a> {
    pub(super) stream: &'a TcpStream,
    pub(super) until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Reads one line of at most `max` bytes (without its CRLF or LF) into `line`.
fn read_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
    too_long: Refusal,
) -> Result<(), Refusal> {
    line.clear();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(2);
    match reader.take(limit).read_until(b'\n', line) {
        Ok(0) => return Err(Refusal::Gone),
        Ok(_) => {}
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            return Err(Refusal::Timeout);
        }
        Err(_) => return Err(Refusal::Gone),
    }
    if line.pop() != Some(b'\n') {
        // The cap was hit, or the client hung up mid-line.
        return Err(if line.len() as u64 >= limit - 1 {
            too_long
        } else {
            Refusal::Gone
        });
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.len() > max {
        Err(too_long)
    } else {
        Ok(())
    }
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn parse_request_line(line: &[u8]) -> Result<(Method, String, bool), Refusal> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Malformed);
    };
    if method.is_empty() || method.len() > 32 || !method.iter().copied().all(is_token) {
        return Err(Refusal::Malformed);
    }
    if target.len() > MAX_URL {
        return Err(Refusal::UrlTooLong);
    }
    // Visible ASCII, or bytes of UTF-8 sent raw (browsers encode them; other clients may not).
    if target.is_empty() || target.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return Err(Refusal::Malformed);
    }
    let target = String::from_utf8(target.to_vec()).map_err(|_| Refusal::Malformed)?;
    let http11 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() && *major >= b'2' =>
        {
            return Err(Refusal::Version);
        }
        _ => return Err(Refusal::Malformed),
    };
    let method = match method {
        b"GET" => Method::Get,
        b"HEAD" => Method::Head,
        _ => Method::Other,
    };
    Ok((method, target, http11))
}

/// Splits a header line into its name and value (surrounding blanks trimmed); `None` if it is
/// not `token ":" value` with a value free of control characters.
fn parse_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.is_empty() || !name.iter().copied().all(is_token) {
        return None;
    }
    if value.iter().any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return None;
    }
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !blank(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |e| e + 1);
    Some((name, &value[start..end]))
}

/// Reads a request head within the limits.
pub(super) fn read_head(reader: &mut impl BufRead) -> Result<Head, Refusal> {
    let mut line = Vec::new();
    // A client may send empty lines before the request line (RFC 9112, 2.2): skip a few.
    for _ in 0..4 {
        read_line(reader, &mut line, MAX_URL + 32, Refusal::UrlTooLong)?;
        if !line.is_empty() {
            break;
        }
    }
    let (method, target, http11) = parse_request_line(&line)?;
    let mut size = line.len();
    let mut hosts = Vec::new();
    let mut count = 0;
    loop {
        read_line(reader, &mut line, MAX_LINE, Refusal::HeadTooLarge)?;
        if line.is_empty() {
            return Ok(Head {
                method,
                target,
                http11,
                hosts,
            });
        }
        size += line.len() + 2;
        count += 1;
        if count > MAX_HEADERS || size > MAX_HEAD {
            return Err(Refusal::HeadTooLarge);
        }
        // A line folded onto the previous one (obsolete) is refused, as RFC 9112 allows.
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(Refusal::Malformed);
        }
        let (name, value) = parse_header(&line).ok_or(Refusal::Malformed)?;
        if name.eq_ignore_ascii_case(b"host") {
            hosts.push(value.to_vec());
        }
    }
}

#[cfg(test)]
mod tests;
