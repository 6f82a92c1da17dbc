//! The preview's HTTP server: one thread per TCP connection, one request per connection, at
//! most [`MAX_CONNECTIONS`] at a time, over the standard library's sockets.
//!
//! It reads each request's head itself, within limits ([`super::wire`]), so that every
//! request that arrives gets a status: 400 for a malformed head, 408, 414, 431, 505, 421 for
//! a `Host` that is not this machine's (against DNS rebinding, [`super::host`]), 405 for
//! methods other than GET and HEAD. tiny_http, used before, grows a request line or a header
//! line until CRLF with no cap on the line, the count or the whole head, drops a connection
//! without a status on any byte above ASCII in the head, stops accepting for good after one
//! failed `accept` (too many open files), and loses one of its few workers to every handler
//! that panics; none of that could be fixed from outside its connection reader.
//!
//! A panic while answering (a bug) answers 500 and is logged once on stderr; the connection's
//! place is given back however its thread ends, so no bug and no slow client lowers what the
//! server can take: a client that sends nothing holds one place for [`HEAD_TIMEOUT`] at most.
//! Event streams (one per open tab) hold a place of their own, at most [`MAX_STREAMS`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::host;
use super::wire::{
    Deadline, HEAD_TIMEOUT, Method, Refusal, Request, Response, head, read_head, write_response,
};

/// Connections answered at once; beyond this, accepting waits for one to end.
pub(super) const MAX_CONNECTIONS: usize = 128;
/// Open event streams (one per browser tab) beyond which a new one gets 503.
pub(super) const MAX_STREAMS: usize = 64;
/// How long a response may take to write before the connection is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Bytes of an unread request body (or of an oversized head) read and thrown away before an
/// answered connection is closed, so that the client sees the answer rather than a reset.
const DRAIN_LIMIT: u64 = 1024 * 1024;
/// How long that draining may take.
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// The prefix of every thread the server starts: the panic hook knows them by it.
pub(super) const THREAD_PREFIX: &str = "office-site-http";

/// A long-lived answer written by the application (the event stream): the server writes the
/// status line and the headers, then hands the connection over, on the connection's thread.
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

/// A count of places (connections, streams) with a ceiling.
#[derive(Debug)]
struct Places {
    used: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

/// One place taken; dropping it (however the thread holding it ends) gives it back.
struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        let mut used = self.0.used.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

impl Places {
    fn new(max: usize) -> Arc<Places> {
        Arc::new(Places {
            used: Mutex::new(0),
            freed: Condvar::new(),
            max,
        })
    }

    /// Takes a place, waiting for one if all are taken.
    fn take(self: &Arc<Places>) -> Place {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        while *used >= self.max {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += 1;
        Place(self.clone())
    }

    /// Takes a place if one is free.
    fn try_take(self: &Arc<Places>) -> Option<Place> {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        if *used >= self.max {
            return None;
        }
        *used += 1;
        Some(Place(self.clone()))
    }
}

/// The server's shared state, for its threads.
struct Shared {
    app: Arc<App>,
    port: u16,
    stop: AtomicBool,
    connections: Arc<Places>,
    streams: Arc<Places>,
}

/// A running server; [`Server::stop`] ends it.
pub(super) struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts answering on `listener`, at most `max_connections` connections at a time.
    pub(super) fn start(listener: TcpListener, app: Arc<App>, max_connections: usize) -> Server {
        let addr = listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
        let shared = Arc::new(Shared {
            app,
            port: addr.port(),
            stop: AtomicBool::new(false),
            connections: Places::new(max_connections.max(1)),
            streams: Places::new(MAX_STREAMS),
        });
        let accept = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(format!("{THREAD_PREFIX}-accept"))
                .spawn(move || accept_loop(&listener, &shared))
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

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut failing = false;
    while !shared.stop.load(Ordering::SeqCst) {
        let place = shared.connections.take();
        match listener.accept() {
            Ok((stream, _)) => {
                failing = false;
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                let shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("{THREAD_PREFIX}-connection"))
                    .spawn(move || answer_connection(stream, place, &shared));
                if let Err(e) = spawned {
                    eprintln!("warning: the preview server could not start a thread: {e}");
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
/// that panicked gets 500 and the server goes on (see `answer_connection`). A panic hook is
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

/// Reads one request from `stream`, answers it and closes the connection, then gives its
/// `place` back. A panic anywhere in here answers 500 if nothing was written yet.
fn answer_connection(stream: TcpStream, place: Place, shared: &Shared) {
    let written = AtomicBool::new(false);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        answer(&stream, place, shared, &written)
    }));
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

fn answer(stream: &TcpStream, place: Place, shared: &Shared, written: &AtomicBool) {
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
                // A stream lasts as long as its tab: it holds a stream's place, not a
                // connection's.
                let Some(_stream_place) = shared.streams.try_take() else {
                    let busy = Response::text(503, "too many open previews: close a tab");
                    let _ = write_response(&mut &*stream, &busy, true);
                    return finish(stream, &mut reader);
                };
                drop(place);
                return send_stream(stream, &headers, writer);
            }
        },
    };
    written.store(true, Ordering::SeqCst);
    let _ = write_response(&mut &*stream, &response, with_body);
    finish(stream, &mut reader);
}

/// Writes a stream's head, then lets its writer go on until it is done.
fn send_stream(stream: &TcpStream, headers: &[(&'static str, String)], writer: Stream) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let head = head(200, headers, None);
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_ok()
    {
        writer(out);
    }
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

#[cfg(test)]
mod tests;
