//! Idle and slow clients cannot exhaust the server: headers must arrive within
//! the header timeout (idle kept-alive connections included), connections
//! beyond the cap wait, and event streams are counted apart from them.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::reload::LiveReload;
use super::server::Limits;
use super::{EventStream, TestServer, parse, site};

/// Long enough for anything the server should do promptly; a connection the
/// server fails to close keeps the read blocked for this long, and fails.
const CLOSE_WAIT: Duration = Duration::from_secs(20);

fn home() -> tempfile::TempDir {
    site(&[("index.html", b"<body>home</body>"), ("a.css", b"p{}")])
}

/// Reads until the server closes the connection, returning what it sent;
/// panics if it is still open after [`CLOSE_WAIT`].
fn read_until_closed(stream: &mut TcpStream, what: &str) -> Vec<u8> {
    stream.set_read_timeout(Some(CLOSE_WAIT)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return got,
            Err(e) => panic!("{what}: still open after {CLOSE_WAIT:?} ({e}); got {got:?}"),
        }
    }
}

/// One request on a fresh connection, with a generous read timeout.
fn get(server: &TestServer, path: &str) -> super::Response {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    );
    stream.write_all(req.as_bytes()).unwrap();
    parse(&read_until_closed(&mut stream, path))
}

#[test]
fn idle_connections_are_closed_after_the_header_timeout() {
    let dir = home();
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let server = TestServer::start_limited(dir.path(), "/", LiveReload::new(), limits);

    // Connections that never send a byte, ones that stop half-way through the
    // headers, and one kept alive after a complete request.
    let mut silent: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    let mut partial: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", server.host()).as_bytes())
                .unwrap();
            s
        })
        .collect();
    let mut kept = TcpStream::connect(server.addr).unwrap();
    kept.write_all(format!("GET /a.css HTTP/1.1\r\nHost: {}\r\n\r\n", server.host()).as_bytes())
        .unwrap();

    // Meanwhile ordinary requests are answered.
    let res = get(&server, "/");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("home"));

    for (i, stream) in silent.iter_mut().enumerate() {
        let got = read_until_closed(stream, &format!("silent connection {i}"));
        assert!(!String::from_utf8_lossy(&got).contains("home"));
    }
    for (i, stream) in partial.iter_mut().enumerate() {
        let got = read_until_closed(stream, &format!("partial request {i}"));
        assert!(!String::from_utf8_lossy(&got).contains("home"));
    }
    // The kept-alive connection got its answer, then was closed while idle.
    let got = read_until_closed(&mut kept, "kept-alive connection");
    let text = String::from_utf8_lossy(&got);
    assert!(
        text.starts_with("HTTP/1.1 200") && text.ends_with("p{}"),
        "{text:?}"
    );
    assert_eq!(get(&server, "/a.css").status, 200);
}

#[test]
fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let dir = home();
    let limits = Limits {
        max_connections: 3,
        ..Limits::default()
    };
    let server = TestServer::start_limited(dir.path(), "/", LiveReload::new(), limits);
    // Fill every slot with a connection that sends nothing; the header
    // timeout (10 s) is far longer than this test waits while they are open.
    let idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    // Connections are accepted in the order they were made, so these three
    // hold every slot before the next one is looked at.
    let mut waiting = TcpStream::connect(server.addr).unwrap();
    let req = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    );
    waiting.write_all(req.as_bytes()).unwrap();
    // While the slots are held the request is not served: a server without a
    // cap would answer at once.
    waiting
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0; 64];
    match waiting.read(&mut buf) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("served beyond the connection cap: {other:?}"),
    }
    // A slot frees up when one idle client leaves, and the waiting request
    // is served then.
    drop(idle);
    let res = parse(&read_until_closed(&mut waiting, "waiting request"));
    assert_eq!(res.status, 200);
}

#[test]
fn event_streams_are_counted_apart_from_connections() {
    let dir = home();
    let limits = Limits {
        max_connections: 2,
        max_event_streams: 3,
        ..Limits::default()
    };
    let server = TestServer::start_limited(dir.path(), "/", LiveReload::new(), limits);
    // More streams than connection slots: each gives its slot back.
    let mut streams: Vec<EventStream> = (0..3).map(|_| EventStream::open(&server, &[])).collect();
    for stream in &streams {
        assert_eq!(stream.head.status, 200);
    }
    let res = get(&server, "/");
    assert_eq!(res.status, 200, "a page while the streams are open");
    // One stream too many is refused, and says why.
    let extra = EventStream::open(&server, &[]);
    assert_eq!(extra.head.status, 503);
    // The open streams still carry events.
    server.live.send(super::reload::ReloadEvent::Css);
    for stream in &mut streams {
        stream.wait_for("event: css");
    }
    // A closed stream frees its place.
    drop(streams.pop());
    let deadline = Instant::now() + CLOSE_WAIT;
    loop {
        let again = EventStream::open(&server, &[]);
        if again.head.status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the freed stream slot never came back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
