//! Serving the built folder: content types, HEAD, folders, redirects, 404s,
//! script injection and the base path.

use std::sync::Arc;

use super::reload::{LiveReload, SCRIPT_TAG};
use super::server::{ServerConfig, run};
use super::{TestServer, site};

const PAGE: &[u8] = b"<!doctype html><html><body><p>Brief</p></body></html>";

#[test]
fn content_types_by_extension() {
    let dir = site(&[
        ("index.html", PAGE),
        ("style.css", b"p{}"),
        ("app.js", b"1"),
        ("icon.svg", b"<svg/>"),
        ("feed.xml", b"<feed/>"),
        ("data.json", b"{}"),
        ("img.png", b"\x89PNG"),
        ("font.woff2", b"wOF2"),
        ("notes.txt", b"hi"),
        ("doc.pdf", b"%PDF"),
        ("blob", b"\0\x01"),
    ]);
    let server = TestServer::start(dir.path(), "/");
    for (path, expected) in [
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/icon.svg", "image/svg+xml; charset=utf-8"),
        ("/feed.xml", "text/xml; charset=utf-8"),
        ("/data.json", "application/json; charset=utf-8"),
        ("/img.png", "image/png"),
        ("/font.woff2", "font/woff2"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/doc.pdf", "application/pdf"),
        ("/blob", "application/octet-stream"),
    ] {
        let res = server.get(path);
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.header("content-type"), Some(expected), "{path}");
        assert_eq!(res.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    }
    assert_eq!(server.get("/img.png").body, b"\x89PNG");
}

#[test]
fn head_has_no_body_but_the_get_length() {
    let big = vec![b'x'; 3 << 20];
    let dir = site(&[
        ("index.html", PAGE),
        ("style.css", b"p { color: red }"),
        ("big.bin", &big),
    ]);
    let server = TestServer::start(dir.path(), "/");
    for path in [
        "/",
        "/style.css",
        "/big.bin",
        "/missing",
        "/__dossier/livereload.js",
    ] {
        let get = server.get(path);
        let head = server.request("HEAD", path, &[]);
        assert_eq!(head.status, get.status, "{path}");
        assert!(head.body.is_empty(), "{path}: HEAD sent a body");
        assert_eq!(head.content_length(), get.body.len(), "{path}");
        assert_eq!(head.header("content-type"), get.header("content-type"));
    }
}

#[test]
fn large_files_are_streamed_intact() {
    let big: Vec<u8> = (0..(3u32 << 20) + 7).map(|i| (i % 251) as u8).collect();
    let dir = site(&[("video.mp4", &big)]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.get("/video.mp4");
    assert_eq!(res.status, 200);
    assert_eq!(res.content_length(), big.len());
    assert!(res.body == big, "streamed body differs");
}

#[test]
fn folder_serves_its_index() {
    let dir = site(&[
        ("index.html", b"<body>home</body>"),
        ("briefs/x/index.html", b"<body>brief x</body>"),
    ]);
    let server = TestServer::start(dir.path(), "/");
    assert!(server.get("/").text().contains("home"));
    let res = server.get("/briefs/x/");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("brief x"));
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    // A folder without index.html is not listed.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert_eq!(server.get("/empty/").status, 404);
    // A file asked for as a folder is not found.
    assert_eq!(server.get("/briefs/x/index.html/").status, 404);
}

#[test]
fn folder_without_slash_redirects_keeping_the_query() {
    let dir = site(&[
        ("docs/index.html", PAGE),
        ("a b/index.html", PAGE),
        ("evil.com/index.html", PAGE),
    ]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.get("/docs?x=1&y=%20");
    assert!(matches!(res.status, 301 | 308), "{res:?}");
    assert_eq!(res.header("location"), Some("/docs/?x=1&y=%20"));
    assert_eq!(server.get("/docs").header("location"), Some("/docs/"));
    assert_eq!(server.get("/a%20b").header("location"), Some("/a%20b/"));
    // The location is rebuilt from decoded segments, so it can never become
    // a protocol-relative `//host` redirect.
    assert_eq!(
        server.get("//evil.com").header("location"),
        Some("/evil.com/")
    );
}

#[test]
fn missing_files_get_the_site_404_page() {
    let dir = site(&[("index.html", PAGE), ("404.html", b"<body>Not here</body>")]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.get("/nope/");
    assert_eq!(res.status, 404);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(res.text(), format!("<body>Not here{SCRIPT_TAG}</body>"));
    assert_eq!(res.content_length(), res.body.len());
    assert_eq!(server.get("/nope.css").status, 404);
}

#[test]
fn missing_files_without_404_page_get_plain_text() {
    let dir = site(&[("index.html", PAGE)]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.get("/nope");
    assert_eq!(res.status, 404);
    assert_eq!(
        res.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(res.text(), "404 Not Found\n");
}

#[test]
fn html_gets_the_script_before_the_last_body_end() {
    let with_body = b"<html><body><pre>&lt;/body&gt; </body></pre></BODY></html>\n";
    let without_body = b"<p>fragment";
    let dir = site(&[
        ("a.html", with_body),
        ("b.htm", without_body),
        ("c.txt", b"</body>"),
    ]);
    let server = TestServer::start(dir.path(), "/");

    let a = server.get("/a.html");
    let expected =
        format!("<html><body><pre>&lt;/body&gt; </body></pre>{SCRIPT_TAG}</BODY></html>\n");
    assert_eq!(a.text(), expected);
    assert_eq!(a.content_length(), expected.len());

    let b = server.get("/b.htm");
    assert_eq!(b.text(), format!("<p>fragment{SCRIPT_TAG}"));
    assert_eq!(b.content_length(), b.body.len());

    // Only HTML is touched, and the files on disk never are.
    assert_eq!(server.get("/c.txt").text(), "</body>");
    assert_eq!(std::fs::read(dir.path().join("a.html")).unwrap(), with_body);
    assert_eq!(
        std::fs::read(dir.path().join("b.htm")).unwrap(),
        without_body
    );
}

#[test]
fn etag_gives_not_modified() {
    let dir = site(&[("style.css", b"p{}"), ("index.html", PAGE)]);
    let server = TestServer::start(dir.path(), "/");
    for path in ["/style.css", "/"] {
        let first = server.get(path);
        let tag = first.header("etag").expect("no ETag").to_owned();
        assert!(first.header("last-modified").is_some());
        let again = server.request("GET", path, &[("If-None-Match", &tag)]);
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        let other = server.request("GET", path, &[("If-None-Match", "\"nope\"")]);
        assert_eq!(other.status, 200);
    }
}

#[test]
fn only_get_and_head() {
    let dir = site(&[("index.html", PAGE)]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.request("POST", "/", &[("Content-Length", "0")]);
    assert_eq!(res.status, 405);
    assert_eq!(res.header("allow"), Some("GET, HEAD"));
}

#[test]
fn reserved_prefix_is_never_looked_up_on_disk() {
    let dir = site(&[
        ("__dossier/livereload.js", b"FROM-DISK"),
        ("__dossier/other.txt", b"FROM-DISK"),
    ]);
    let server = TestServer::start(dir.path(), "/");
    let script = server.get("/__dossier/livereload.js");
    assert_eq!(script.status, 200);
    assert!(!script.text().contains("FROM-DISK"));
    for path in [
        "/__dossier/other.txt",
        "/%5F%5Fdossier/other.txt",
        "/__DOSSIER/other.txt",
        "/__dossier/",
    ] {
        let res = server.get(path);
        assert_eq!(res.status, 404, "{path}");
        assert!(!res.text().contains("FROM-DISK"), "{path}");
    }
}

#[test]
fn base_path_maps_and_redirects() {
    let dir = site(&[
        ("index.html", b"<body>home</body>"),
        ("x/index.html", b"<body>x</body>"),
        ("404.html", b"<body>lost</body>"),
    ]);
    // Missing slashes are added.
    let server = TestServer::start(dir.path(), "briefings");

    let res = server.get("/briefings/x/");
    assert_eq!(res.status, 200);
    assert!(res.text().contains(">x"));
    assert!(server.get("/briefings/").text().contains("home"));

    let root = server.get("/?q=1");
    assert!(matches!(root.status, 301..=308), "{root:?}");
    assert_eq!(root.header("location"), Some("/briefings/?q=1"));

    let bare = server.get("/briefings");
    assert!(matches!(bare.status, 301..=308));
    assert_eq!(bare.header("location"), Some("/briefings/"));

    let folder = server.get("/briefings/x");
    assert_eq!(folder.header("location"), Some("/briefings/x/"));

    for outside in ["/x/", "/index.html", "/briefingsx/", "/other"] {
        let res = server.get(outside);
        assert_eq!(res.status, 404, "{outside}");
        assert!(res.text().contains("lost"));
    }
    // The server's own endpoints stay at the top.
    assert_eq!(server.get("/__dossier/livereload.js").status, 200);
}

#[test]
fn run_refuses_a_config_it_cannot_serve() {
    let dir = site(&[("file.txt", b"x")]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let attempt = |root: std::path::PathBuf, hosts: Vec<String>| {
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let config = ServerConfig {
                root,
                base_path: "/".into(),
                allowed_hosts: hosts,
                limits: super::server::Limits::default(),
            };
            run(listener, config, Arc::new(LiveReload::new()), async {}).await
        })
    };
    let hosts = vec!["127.0.0.1:1".to_owned()];
    let no_hosts = attempt(dir.path().to_path_buf(), Vec::new()).unwrap_err();
    assert_eq!(no_hosts.kind(), std::io::ErrorKind::InvalidInput);
    let missing = attempt(dir.path().join("nope"), hosts.clone()).unwrap_err();
    assert!(missing.to_string().contains("nope"), "{missing}");
    let file = attempt(dir.path().join("file.txt"), hosts.clone()).unwrap_err();
    assert!(file.to_string().contains("file.txt"), "{file}");
    // A good config with an already-resolved shutdown returns at once.
    attempt(dir.path().to_path_buf(), hosts).unwrap();
}
