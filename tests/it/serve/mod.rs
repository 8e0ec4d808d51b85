//! Tests of the development server, driven over real sockets with a tiny
//! hand-written HTTP/1.1 client so that paths reach the server byte for byte
//! (no client-side normalisation of `..` or percent-encoding).

pub(crate) mod browser;
mod events;
mod files;
mod limits;
mod live;
mod script;
mod search;
mod security;
mod signals;
mod symlinks;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

// The one line to change when these tests move into the main crate.
pub(crate) use dossier::serve::{reload, server};

use reload::LiveReload;
use server::{Limits, ServerConfig, run};

/// Upper bound for any single read; tests never get near it unless broken.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(3);

/// A server on an ephemeral loopback port, running on its own runtime
/// thread so tests can use blocking sockets. Stops when dropped.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) live: Arc<LiveReload>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl TestServer {
    pub(crate) fn start(root: &Path, base_path: &str) -> TestServer {
        TestServer::start_with(root, base_path, LiveReload::new())
    }

    pub(crate) fn start_with(root: &Path, base_path: &str, live: LiveReload) -> TestServer {
        TestServer::start_limited(root, base_path, live, Limits::default())
    }

    /// A server with the given limits.
    pub(crate) fn start_limited(
        root: &Path,
        base_path: &str,
        live: LiveReload,
        limits: Limits,
    ) -> TestServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let live = Arc::new(live);
        let config = ServerConfig {
            root: root.to_path_buf(),
            base_path: base_path.to_owned(),
            allowed_hosts: vec![
                format!("127.0.0.1:{}", addr.port()),
                format!("localhost:{}", addr.port()),
            ],
            limits,
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let hub = Arc::clone(&live);
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                run(listener, config, hub, async move {
                    let _ = stopped.await;
                })
                .await
            })
        });
        TestServer {
            addr,
            live,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The `Host` value the server accepts.
    pub(crate) fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// Ask for shutdown and wait for `run` to return; gives its result and
    /// how long it took.
    pub(crate) fn shutdown(mut self) -> (io::Result<()>, Duration) {
        let started = Instant::now();
        let result = self.stop_and_join();
        (result, started.elapsed())
    }

    fn stop_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().unwrap(),
            None => Ok(()),
        }
    }

    /// GET with the right Host.
    pub(crate) fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[])
    }

    /// Any method, the right Host, extra headers.
    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host());
        for (name, value) in headers {
            req.push_str(&format!("{name}: {value}\r\n"));
        }
        req.push_str("Connection: close\r\n\r\n");
        raw(self.addr, req.as_bytes())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let result = self.stop_and_join();
        if !std::thread::panicking() {
            result.unwrap();
        }
    }
}

/// A parsed response. Every response the tests see passes through
/// [`parse`], which checks the server never sends CORS headers.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The Content-Length header as a number.
    pub(crate) fn content_length(&self) -> usize {
        self.header("content-length")
            .expect("no Content-Length")
            .parse()
            .unwrap()
    }
}

/// Send `request` byte for byte, read until the server closes, parse.
pub(crate) fn raw(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.write_all(request).unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("reading response: {e}; got so far: {bytes:?}"));
    parse(&bytes)
}

pub(crate) fn parse(bytes: &[u8]) -> Response {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_owned(), value.trim().to_owned())
        })
        .collect();
    let response = Response {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    };
    assert!(
        response.header("access-control-allow-origin").is_none(),
        "CORS header sent: {response:?}"
    );
    response
}

/// An open event stream, read incrementally.
pub(crate) struct EventStream {
    stream: TcpStream,
    pub(crate) head: Response,
    /// Raw body bytes received so far (chunked framing included; events are
    /// sent one per chunk, so searching the raw bytes is enough).
    pub(crate) body: Vec<u8>,
}

impl EventStream {
    /// Connect to the events endpoint and wait for the response head, by
    /// which point the server has subscribed to the hub.
    pub(crate) fn open(server: &TestServer, headers: &[(&str, &str)]) -> EventStream {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        let mut req = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n",
            reload::EVENTS_PATH,
            server.host()
        );
        for (name, value) in headers {
            req.push_str(&format!("{name}: {value}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let mut buf = [0; 4096];
        let end = loop {
            if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "closed before the head: {bytes:?}");
            bytes.extend_from_slice(&buf[..n]);
        };
        let head = parse(&bytes[..end]);
        EventStream {
            stream,
            head,
            body: bytes[end..].to_vec(),
        }
    }

    /// Read until the body so far contains `needle`; returns the text after
    /// the needle's start and drops everything before it, so the next call
    /// looks for later events only.
    pub(crate) fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + IO_TIMEOUT;
        let mut buf = [0; 4096];
        loop {
            let found = self
                .body
                .windows(needle.len())
                .position(|w| w == needle.as_bytes());
            let text = String::from_utf8_lossy(&self.body).into_owned();
            if let Some(at) = found {
                let rest = String::from_utf8_lossy(&self.body[at..]).into_owned();
                self.body.drain(..at + needle.len());
                return rest;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in event stream; got {text:?}"
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; got {text:?}"),
                Ok(n) => self.body.extend_from_slice(&buf[..n]),
                Err(e) => panic!("reading event stream: {e}; got {text:?}"),
            }
        }
    }

    /// Read until the server closes the stream; panics if it doesn't.
    pub(crate) fn wait_closed(&mut self) {
        let mut rest = Vec::new();
        self.stream.read_to_end(&mut rest).unwrap();
    }
}

/// A built site in a temporary folder: `files` are (relative path, content).
pub(crate) fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}
