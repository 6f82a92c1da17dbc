//! The preview's HTTP server: a fixed pool of worker threads answering one request per TCP
//! connection, over the standard library's sockets.
//!
//! It reads each request's head itself, within limits ([`super::wire`]), so that every
//! request that arrives gets a status: 400 for a malformed head, 408, 414, 431, 505, 421 for
//! a `Host` that is not this machine's (against DNS rebinding, [`super::host`]), 405 for
//! methods other than GET and HEAD. tiny_http, used before,
//! grows a request line or a header line until CRLF with no cap on the line, the count or the
//! whole head, drops a connection without a status on any byte above ASCII in the head, stops
//! accepting for good after one failed `accept` (too many open files), and loses a worker to
//! every handler that panics; none of that could be fixed from outside its connection reader.
//!
//! A panic while answering (a bug) answers 500, is logged once on stderr, and the worker goes on;
//! a worker thread that ends anyway is replaced, so the pool never shrinks. Long-lived event
//! streams run on threads of their own, at most [`MAX_STREAMS`] at a time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::host;
use super::wire::{
    Deadline, HEAD_TIMEOUT, Method, Refusal, Request, Response, head, read_head, write_response,
};

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
