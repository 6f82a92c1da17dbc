//! The preview's HTTP server: a fixed pool of worker threads answering one request per TCP
//! connection, over the standard library's sockets.
//!
//! It reads each request's head itself, within limits ([`MAX_URL`], [`MAX_LINE`],
//! [`MAX_HEADERS`], [`MAX_HEAD`], [`HEAD_TIMEOUT`]), so that no request costs more memory or a
//! worker for longer than those, and every request that arrives gets a status: 400 for a
//! malformed head, 408, 414, 431, 505, 421 for a `Host` that is not this machine's loopback
//! (against DNS rebinding), 405 for methods other than GET and HEAD. tiny_http, used before,
//! grows a request line or a header line until CRLF with no cap on the line, the count or the
//! whole head, drops a connection without a status on any byte above ASCII in the head, stops
//! accepting for good after one failed `accept` (too many open files), and loses a worker to
//! every handler that panics; none of that could be fixed from outside its connection reader.
//!
//! A panic while answering (a bug) answers 500, is logged once on stderr, and the worker goes on;
//! a worker thread that ends anyway is replaced, so the pool never shrinks. Long-lived event
//! streams run on threads of their own, at most [`MAX_STREAMS`] at a time.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::host;

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
/// How long a response may take to write before the connection is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Open event streams (one per browser tab) beyond which a new one gets 503.
pub(super) const MAX_STREAMS: usize = 64;
/// Connections accepted but not yet taken by a worker; beyond this, accepting waits.
const QUEUE: usize = 64;
/// Bytes of an unread request body (or of an oversized head) read and thrown away before an
/// answered connection is closed, so that the client sees the answer rather than a reset.
const DRAIN_LIMIT: u64 = 1024 * 1024;
/// How long that draining may take.
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// The prefix of every thread the server starts: the panic hook knows them by it.
pub(super) const THREAD_PREFIX: &str = "office-site-http";

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

/// A long-lived answer written by the application on its own thread (the event stream): the
/// server writes the status line and `headers`, then hands the connection over.
pub(super) type Stream = Box<dyn FnOnce(TcpStream) + Send>;

/// What the application answers to a request.
pub(super) enum Answer {
    /// A complete response.
    Reply(Response),
    /// A stream: its headers, then the connection for the writer.
    Stream(Vec<(&'static str, String)>, Stream),
}

/// The application: turns a checked request into an answer. It may panic (a bug): the request
/// then gets 500 and the server goes on.
pub(super) type App = dyn Fn(&Request) -> Answer + Send + Sync;

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
fn head(status: u16, headers: &[(&'static str, String)], length: Option<usize>) -> String {
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

fn write_response(out: &mut impl Write, response: &Response, with_body: bool) -> io::Result<()> {
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
    fn response(self) -> Option<Response> {
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
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
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
    for count in 0.. {
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
        if count >= MAX_HEADERS || size > MAX_HEAD {
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
    unreachable!("the loop above returns")
}

/// The server's shared state, for its threads.
struct Shared {
    app: Arc<App>,
    port: u16,
    stop: AtomicBool,
    streams: Arc<AtomicUsize>,
    queue: Mutex<Receiver<TcpStream>>,
}

/// A running server; [`Server::stop`] ends it.
pub(super) struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts answering on `listener` with `workers` threads.
    pub(super) fn start(listener: TcpListener, app: Arc<App>, workers: usize) -> Server {
        let addr = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let (tx, rx) = sync_channel(QUEUE);
        let shared = Arc::new(Shared {
            app,
            port: addr.port(),
            stop: AtomicBool::new(false),
            streams: Arc::new(AtomicUsize::new(0)),
            queue: Mutex::new(rx),
        });
        for _ in 0..workers {
            spawn_worker(shared.clone());
        }
        let accept = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(format!("{THREAD_PREFIX}-accept"))
                .spawn(move || accept_loop(&listener, &tx, &shared))
                .ok()
        };
        Server {
            shared,
            addr,
            accept,
        }
    }

    /// Stops accepting and waits for the accepting thread; requests in progress finish on
    /// their own, open event streams are dropped when the process ends.
    pub(super) fn stop(mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // `accept` blocks: one connection of our own wakes it to see the flag.
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
            ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let woken = TcpStream::connect_timeout(
            &SocketAddr::new(ip, self.addr.port()),
            Duration::from_secs(2),
        );
        if let (Ok(_), Some(accept)) = (woken, self.accept.take()) {
            let _ = accept.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, tx: &SyncSender<TcpStream>, shared: &Shared) {
    let mut failing = false;
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                failing = false;
                if shared.stop.load(Ordering::SeqCst) || tx.send(stream).is_err() {
                    return;
                }
            }
            // Out of file descriptors, a connection reset before it was accepted…: say so
            // once, wait a little and go on; the listener itself is still good.
            Err(e) => {
                if !failing {
                    eprintln!("warning: the preview server could not accept a connection: {e}");
                }
                failing = true;
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// Makes a panic on one of the server's threads print one line on stderr (where, and what)
/// instead of the default report; other threads' panics are reported as before. The request
/// that panicked gets 500 and its worker goes on (see [`answer_connection`]). A panic hook is
/// the process's: call this once, from the command that runs the server.
pub(super) fn log_panics_once() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        if !thread.name().is_some_and(|n| n.starts_with(THREAD_PREFIX)) {
            return previous(info);
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: a bug in the preview server{at}: {}; that request got 500 and the server goes on",
            panic_message(info.payload())
        );
    }));
}

/// The message a panic was given, if it was text.
pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// Replaces a worker whose thread ends by a panic that escaped (none should), so that the pool
/// keeps its size.
struct Respawn(Arc<Shared>);

impl Drop for Respawn {
    fn drop(&mut self) {
        if std::thread::panicking() && !self.0.stop.load(Ordering::SeqCst) {
            spawn_worker(self.0.clone());
        }
    }
}

fn spawn_worker(shared: Arc<Shared>) {
    let spawned = std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}-worker"))
        .spawn(move || {
            let _respawn = Respawn(shared.clone());
            loop {
                let next = shared
                    .queue
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .recv();
                let Ok(stream) = next else { return };
                answer_connection(stream, &shared);
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: the preview server could not start a worker thread: {e}");
    }
}

/// Reads one request from `stream`, answers it and closes the connection. A panic anywhere
/// in here answers 500 if nothing was written yet.
fn answer_connection(stream: TcpStream, shared: &Shared) {
    let written = AtomicBool::new(false);
    let outcome = catch_unwind(AssertUnwindSafe(|| answer(&stream, shared, &written)));
    if outcome.is_err() {
        if !written.load(Ordering::SeqCst) {
            let _ = write_response(
                &mut &stream,
                &Response::text(
                    500,
                    "internal error (a bug in office-site: see the terminal)",
                ),
                true,
            );
        }
        let _ = stream.shutdown(Shutdown::Both);
    }
}

fn answer(stream: &TcpStream, shared: &Shared, written: &AtomicBool) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut reader = BufReader::with_capacity(
        4096,
        Deadline {
            stream,
            until: Instant::now() + HEAD_TIMEOUT,
        },
    );
    let local = stream.local_addr().map(|a| a.ip()).ok();
    let (response, with_body) = match checked_request(&mut reader, local, shared.port) {
        Err(None) => return,
        Err(Some(refused)) => (refused, true),
        Ok(request) => match (shared.app)(&request) {
            Answer::Reply(response) => (response, request.method != Method::Head),
            Answer::Stream(headers, writer) => {
                written.store(true, Ordering::SeqCst);
                return stream_on_own_thread(stream, headers, writer, &shared.streams);
            }
        },
    };
    written.store(true, Ordering::SeqCst);
    let _ = write_response(&mut &*stream, &response, with_body);
    finish(stream, &mut reader);
}

/// Reads a request and checks it: `Err` holds the refusal to send, if any (none when the
/// client left before a whole head arrived).
fn checked_request(
    reader: &mut impl BufRead,
    local: Option<IpAddr>,
    port: u16,
) -> Result<Request, Option<Response>> {
    let head = read_head(reader).map_err(Refusal::response)?;
    host::check(&head.hosts, head.http11, local, port).map_err(Some)?;
    if head.method == Method::Other {
        let refused = Response::text(405, "method not allowed: only GET and HEAD")
            .with_header("Allow", "GET, HEAD");
        return Err(Some(refused));
    }
    Ok(Request {
        method: head.method,
        target: head.target,
    })
}

/// Ends an answered connection: no more writes, then what the client still sends (a body, the
/// rest of an oversized head) is read into a small buffer and dropped, up to a limit of bytes
/// and time, so that the client reads the answer instead of a reset.
fn finish(stream: &TcpStream, reader: &mut BufReader<Deadline<'_>>) {
    let _ = stream.shutdown(Shutdown::Write);
    reader.get_mut().until = Instant::now() + DRAIN_TIME;
    let mut sink = [0u8; 4096];
    let mut left = DRAIN_LIMIT;
    while left > 0 {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n as u64),
        }
    }
}

/// Decrements the count of open streams when a stream's thread ends, however it ends.
struct StreamSlot(Arc<AtomicUsize>);

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn stream_on_own_thread(
    stream: &TcpStream,
    headers: Vec<(&'static str, String)>,
    writer: Stream,
    streams: &Arc<AtomicUsize>,
) {
    let busy = Response::text(503, "too many open previews: close a tab and reload");
    if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::SeqCst);
        let _ = write_response(&mut &*stream, &busy, true);
        return;
    }
    let slot = StreamSlot(streams.clone());
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}-events"))
        .spawn(move || {
            let _slot = slot;
            let head = head(200, &headers, None);
            if out
                .write_all(head.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
            {
                writer(out);
            }
        });
    if spawned.is_err() {
        let _ = write_response(&mut &*stream, &busy, true);
    }
}

#[cfg(test)]
mod tests;
