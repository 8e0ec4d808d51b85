//! Nothing outside the served folder is ever sent, and only the expected
//! Host and Origin get answers.

use super::{EventStream, Response, TestServer, raw, reload::EVENTS_PATH, site};

const SECRET: &str = "SECRET-7f3a9c-DO-NOT-SERVE";

/// `<tmp>/site` is served; `<tmp>/outside/secret.txt` must never be.
fn layout() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = site(&[
        ("site/index.html", b"<body>home</body>"),
        ("site/style.css", b"p{}"),
        ("site/sub/page.html", b"<body>sub</body>"),
        ("outside/secret.txt", SECRET.as_bytes()),
        ("outside/index.html", SECRET.as_bytes()),
    ]);
    let root = tmp.path().join("site");
    (tmp, root)
}

fn assert_refused(res: &Response, what: &str) {
    assert!(
        matches!(res.status, 400 | 404),
        "{what}: status {} {:?}",
        res.status,
        res.text()
    );
    assert!(!res.text().contains(SECRET), "{what}: secret leaked");
}

#[test]
fn traversal_attempts_are_refused() {
    let (tmp, root) = layout();
    let server = TestServer::start(&root, "/");
    let secret_abs = tmp.path().join("outside/secret.txt");
    let secret_abs = secret_abs.to_str().unwrap();
    let attempts = [
        "/../outside/secret.txt".to_owned(),
        "/sub/../../outside/secret.txt".to_owned(),
        "/%2e%2e/outside/secret.txt".to_owned(),
        "/%2E%2E/outside/secret.txt".to_owned(),
        "/%2E%2E%2Foutside%2Fsecret.txt".to_owned(),
        "/sub/%2e%2e%2f%2e%2e%2foutside/secret.txt".to_owned(),
        "/.%2e/outside/secret.txt".to_owned(),
        "/%252e%252e/outside/secret.txt".to_owned(),
        "/%252e%252e%252foutside%252fsecret.txt".to_owned(),
        "/..%5c..%5coutside%5csecret.txt".to_owned(),
        "/%5C..%5Coutside%5Csecret.txt".to_owned(),
        "/./style.css".to_owned(),
        "/%2e/style.css".to_owned(),
        "/style.css%00".to_owned(),
        "/%00/../outside/secret.txt".to_owned(),
        "/outside%00.html".to_owned(),
        "/C:/outside/secret.txt".to_owned(),
        "/sub:secret.txt".to_owned(),
        "/%2Foutside%2Fsecret.txt".to_owned(),
        format!("/{}", secret_abs.trim_start_matches('/')),
        format!("/{secret_abs}"),
        format!("/..{secret_abs}"),
        "/%c0%ae%c0%ae/outside/secret.txt".to_owned(),
        "/%ff".to_owned(),
    ];
    for path in &attempts {
        let res = server.get(path);
        assert_refused(&res, path);
    }

    // Request targets no polite client would send, written byte for byte.
    let host = server.host();
    let raw_attempts = [
        format!(
            "GET /..\\..\\outside\\secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET \\..\\outside\\secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET http://{host}/../outside/secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        format!("GET {secret_abs} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET ../outside/secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET file://{secret_abs} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    ];
    for req in &raw_attempts {
        let res = raw(server.addr, req.as_bytes());
        assert_refused(&res, req);
    }
    // A NUL byte in the request line itself.
    let res = raw(
        server.addr,
        format!("GET /style.css\0/../../outside/secret.txt HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_refused(&res, "raw NUL");

    // Legitimate requests still work.
    assert_eq!(server.get("/style.css").status, 200);
    assert_eq!(server.get("/sub/page.html").status, 200);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, root) = layout();
    let outside = tmp.path().join("outside");
    symlink(outside.join("secret.txt"), root.join("leak.txt")).unwrap();
    symlink(outside.join("secret.txt"), root.join("leak.html")).unwrap();
    symlink(&outside, root.join("leakdir")).unwrap();
    symlink("../../outside/secret.txt", root.join("sub/relative.txt")).unwrap();
    symlink(outside.join("secret.txt"), root.join("404.html")).unwrap();
    // A link that stays inside the root is fine.
    symlink(root.join("style.css"), root.join("alias.css")).unwrap();

    let server = TestServer::start(&root, "/");
    for path in [
        "/leak.txt",
        "/leak.html",
        "/leakdir/secret.txt",
        "/leakdir/",
        "/leakdir",
        "/sub/relative.txt",
        "/missing-so-404-page",
        "/404.html",
    ] {
        for method in ["GET", "HEAD"] {
            let res = server.request(method, path, &[]);
            assert_refused(&res, path);
        }
    }
    let alias = server.get("/alias.css");
    assert_eq!(alias.status, 200);
    assert_eq!(alias.text(), "p{}");
}

#[test]
fn unknown_host_is_refused() {
    let (_tmp, root) = layout();
    let server = TestServer::start(&root, "/");
    let port = server.addr.port();
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.:{port}"),
        String::new(),
    ] {
        for path in ["/", "/style.css", "/__dossier/livereload.js", EVENTS_PATH] {
            let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            let res = raw(server.addr, req.as_bytes());
            assert!(
                matches!(res.status, 400 | 403),
                "{host} {path}: {}",
                res.status
            );
            assert!(!res.text().contains("home"));
        }
    }
    // No Host at all, in HTTP/1.1 and HTTP/1.0.
    for version in ["1.1", "1.0"] {
        let req = format!("GET / HTTP/{version}\r\nConnection: close\r\n\r\n");
        let res = raw(server.addr, req.as_bytes());
        assert!(
            matches!(res.status, 400 | 403),
            "HTTP/{version}: {}",
            res.status
        );
    }
    // Two Host headers, or an absolute-form target naming another host.
    let good = server.host();
    for req in [
        format!(
            "GET / HTTP/1.1\r\nHost: {good}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
        format!("GET http://evil.example/ HTTP/1.1\r\nHost: {good}\r\nConnection: close\r\n\r\n"),
    ] {
        let res = raw(server.addr, req.as_bytes());
        assert!(matches!(res.status, 400 | 403), "{req:?}: {}", res.status);
    }
    let absolute =
        format!("GET http://{good}/ HTTP/1.1\r\nHost: {good}\r\nConnection: close\r\n\r\n");
    assert_eq!(raw(server.addr, absolute.as_bytes()).status, 200);
    // Both allowed names work, without regard to case.
    for host in [format!("localhost:{port}"), format!("LocalHost:{port}")] {
        let req = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(raw(server.addr, req.as_bytes()).status, 200, "{host}");
    }
}

#[test]
fn event_stream_refuses_foreign_origins() {
    let (_tmp, root) = layout();
    let server = TestServer::start(&root, "/");
    let port = server.addr.port();
    for origin in [
        "http://evil.example".to_owned(),
        format!("http://evil.example:{port}"),
        "http://localhost:3000".to_owned(),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{port}.evil.example"),
        "null".to_owned(),
        String::new(),
    ] {
        let res = server.request("GET", EVENTS_PATH, &[("Origin", &origin)]);
        assert_eq!(res.status, 403, "{origin:?}");
    }
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let events = EventStream::open(&server, &[("Origin", &origin)]);
        assert_eq!(events.head.status, 200, "{origin}");
    }
    // No Origin (same-origin EventSource in some browsers) is fine.
    assert_eq!(EventStream::open(&server, &[]).head.status, 200);
}

#[test]
fn no_cors_header_anywhere() {
    // `parse` asserts the header's absence on every response in every test;
    // this one just makes sure cross-origin requests are among them.
    let (_tmp, root) = layout();
    let server = TestServer::start(&root, "/");
    for path in [
        "/",
        "/style.css",
        "/nope",
        "/__dossier/livereload.js",
        EVENTS_PATH,
    ] {
        for method in ["GET", "HEAD", "OPTIONS"] {
            let res = server.request(
                method,
                path,
                &[
                    ("Origin", "http://evil.example"),
                    ("Access-Control-Request-Method", "GET"),
                ],
            );
            assert!(res.header("access-control-allow-origin").is_none());
        }
    }
    let events = EventStream::open(&server, &[]);
    assert!(events.head.header("access-control-allow-origin").is_none());
}
