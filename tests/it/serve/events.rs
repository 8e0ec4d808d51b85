//! The server-sent event stream: delivery, the pending error, keep-alive
//! and shutdown.

use std::time::Duration;

use super::reload::{LiveReload, Problem, ReloadEvent};
use super::{EventStream, TestServer, site};

fn problem() -> Problem {
    Problem {
        path: "content/briefs/x.md".into(),
        line: Some(4),
        column: Some(9),
        message: "unknown person <script>alert(1)</script>".into(),
    }
}

#[test]
fn stream_headers() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/");
    let mut events = EventStream::open(&server, &[]);
    assert_eq!(events.head.status, 200);
    assert_eq!(
        events.head.header("content-type"),
        Some("text/event-stream")
    );
    assert_eq!(events.head.header("cache-control"), Some("no-store"));
    // The stream opens by asking for quick reconnects.
    events.wait_for("retry: 1000");
}

#[test]
fn delivers_events_after_send() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/");
    let mut events = EventStream::open(&server, &[]);

    server.live.send(ReloadEvent::Reload { paths: None });
    let got = events.wait_for("event: reload");
    assert!(got.contains("data: {\"paths\":null}"), "{got:?}");

    server.live.send(ReloadEvent::Reload {
        paths: Some(vec!["/briefs/x/".into(), "/".into()]),
    });
    let got = events.wait_for("event: reload");
    assert!(
        got.contains(r#"data: {"paths":["/briefs/x/","/"]}"#),
        "{got:?}"
    );

    server.live.send(ReloadEvent::Css);
    events.wait_for("event: css");

    server.live.send(ReloadEvent::Error {
        problems: vec![problem()],
    });
    let got = events.wait_for("event: error");
    assert!(
        got.contains(
            r#"data: {"problems":[{"path":"content/briefs/x.md","line":4,"column":9,"message":"unknown person <script>alert(1)</script>"}]}"#
        ),
        "{got:?}"
    );

    // The next good build clears the error with a full reload.
    server.live.send(ReloadEvent::Css);
    let got = events.wait_for("event: reload");
    assert!(got.contains("{\"paths\":null}"), "{got:?}");
}

#[test]
fn every_tab_gets_every_event() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/");
    let mut tabs: Vec<_> = (0..3).map(|_| EventStream::open(&server, &[])).collect();
    server.live.send(ReloadEvent::Css);
    for tab in &mut tabs {
        tab.wait_for("event: css");
    }
}

#[test]
fn pending_error_is_sent_on_connect() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/");
    server.live.send(ReloadEvent::Error {
        problems: vec![problem()],
    });
    // Connected after the error was sent: still sees it at once.
    let mut late = EventStream::open(&server, &[]);
    let got = late.wait_for("event: error");
    assert!(got.contains("content/briefs/x.md"), "{got:?}");

    // After a good build, a new tab gets no overlay.
    server.live.send(ReloadEvent::Reload {
        paths: Some(vec!["/".into()]),
    });
    late.wait_for("event: reload");
    assert!(server.live.current_error().is_none());
    let mut fresh = EventStream::open(&server, &[]);
    fresh.wait_for("retry: 1000");
    server.live.send(ReloadEvent::Css);
    let got = fresh.wait_for("event: css");
    assert!(!got.contains("event: error"));
    assert!(!String::from_utf8_lossy(&fresh.body).contains("event: error"));
}

#[test]
fn paths_are_sent_under_the_base_path() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/briefings/");
    let mut events = EventStream::open(&server, &[]);
    server.live.send(ReloadEvent::Reload {
        paths: Some(vec!["/x/".into()]),
    });
    let got = events.wait_for("event: reload");
    assert!(got.contains(r#"{"paths":["/briefings/x/"]}"#), "{got:?}");
}

#[test]
fn idle_stream_gets_keep_alive_comments() {
    let dir = site(&[]);
    let live = LiveReload::with_keep_alive(Duration::from_millis(50));
    let server = TestServer::start_with(dir.path(), "/", live);
    let mut events = EventStream::open(&server, &[]);
    events.wait_for(": keep-alive");
    events.wait_for(": keep-alive");
    assert_eq!(LiveReload::new().keep_alive(), Duration::from_secs(15));
}

#[test]
fn shutdown_closes_open_streams_promptly() {
    let dir = site(&[("index.html", b"<body></body>")]);
    let server = TestServer::start(dir.path(), "/");
    let mut events = EventStream::open(&server, &[]);
    events.wait_for("retry: 1000");
    let (result, took) = server.shutdown();
    result.unwrap();
    // Well under the 2 s grace period: the stream ended by itself.
    assert!(took < Duration::from_millis(1500), "shutdown took {took:?}");
    events.wait_closed();
}
