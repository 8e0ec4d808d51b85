//! The search field in a real browser: the built sample site served by a plain
//! static file server under a sub-path (`/briefings/`), as a static host would
//! serve it, and opened from disk (`file://`).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use futures_util::FutureExt;

use super::browser::{CHROMEDRIVER, CHROMIUM, Chromedriver, open_browser};
use super::live::WAIT;
use crate::support::{read_text, run};

/// WebDriver key codes.
const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

/// Serves `dir` under `/briefings/` on a free port, one connection at a time,
/// until the process ends: only GET of files, `404` for anything else.
fn static_server(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(&dir, stream);
        }
    });
    port
}

fn answer(dir: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split(' ').nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("");
    let file = path
        .strip_prefix("/briefings/")
        .filter(|p| !p.split('/').any(|s| s == ".."))
        .map(|p| {
            let f = dir.join(p);
            if p.is_empty() || p.ends_with('/') {
                f.join("index.html")
            } else {
                f
            }
        });
    match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, body)) => {
            let kind = match f.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("xml") => "application/xml",
                _ => "application/octet-stream",
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)?;
        }
        None => {
            stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )?;
        }
    }
    stream.flush()
}

/// The results the page shows: (link, title), in order.
async fn results(client: &Client) -> Vec<(String, String)> {
    let value = client
        .execute(
            "return Array.from(document.querySelectorAll('#search-results [role=option] a'))\
             .map(function (a) { return [a.href, a.querySelector('.search-title').textContent]; });",
            vec![],
        )
        .await
        .expect("the script runs");
    serde_json::from_value(value).expect("pairs of strings")
}

/// Polls until the results' first entry is `expected` (a brief path such as
/// `briefs/x/`); returns every result.
async fn wait_for_first(client: &Client, query: &str, expected: &str) -> Vec<(String, String)> {
    let deadline = Instant::now() + WAIT;
    loop {
        let shown = results(client).await;
        if shown
            .first()
            .is_some_and(|(href, _)| href.ends_with(expected))
        {
            return shown;
        }
        assert!(
            Instant::now() < deadline,
            "searching {query:?} never put {expected} first; the results: {shown:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn type_query(client: &Client, query: &str) {
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .expect("a search field");
    input.clear().await.expect("the field clears");
    input.send_keys(query).await.expect("typing works");
}

async fn page_h1(client: &Client, url_end: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.expect("a URL").to_string();
        if url.ends_with(url_end)
            && let Ok(h1) = client.find(Locator::Css("h1")).await
        {
            return h1.text().await.expect("its text");
        }
        assert!(
            Instant::now() < deadline,
            "the browser never opened {url_end}; it is at {url}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn scenario(client: &Client, port: u16, out: &Path, newest_blinken: &str) {
    let home = format!("http://127.0.0.1:{port}/briefings/");
    client.goto(&home).await.expect("the home page loads");
    // The field has a label.
    let label = client
        .find(Locator::Css("label[for=site-search-input]"))
        .await
        .expect("a label for the field");
    assert!(!label.text().await.unwrap().trim().is_empty());

    // An alias finds the person's briefs; the newest comes first.
    type_query(client, "Tony Blinken").await;
    let shown = wait_for_first(client, "Tony Blinken", newest_blinken).await;
    assert!(shown.len() > 1, "Blinken is in several briefs: {shown:?}");
    // Following the first result opens the brief.
    client
        .find(Locator::Css("#search-results [role=option] a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let h1 = page_h1(client, &format!("/briefings/{newest_blinken}")).await;
    assert_eq!(h1, shown[0].1);

    // A phrase from a body, from a page two levels down; the keyboard opens it.
    let target = "briefs/biden-xi-woodside-summit/";
    type_query(client, "historic estate in Woodside").await;
    let shown = wait_for_first(client, "historic estate in Woodside", target).await;
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input.send_keys(ARROW_DOWN).await.unwrap();
    input.send_keys(ENTER).await.unwrap();
    let h1 = page_h1(client, &format!("/briefings/{target}")).await;
    assert_eq!(h1, shown[0].1);
    assert_eq!(
        h1,
        "At Woodside, Biden and Xi Restore Military Hotlines and Agree on Fentanyl"
    );

    // Escape closes the list.
    type_query(client, "Woodside").await;
    wait_for_first(client, "Woodside", target).await;
    let input = client
        .find(Locator::Css("input[type=search]"))
        .await
        .unwrap();
    input.send_keys("\u{E00C}").await.unwrap();
    let hidden = client
        .execute(
            "return document.getElementById('search-results').hidden;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hidden, serde_json::Value::Bool(true));

    // The same from a folder opened on disk.
    let file_url = format!("file://{}", out.join("people/index.html").display());
    client
        .goto(&file_url)
        .await
        .expect("the page opens from disk");
    type_query(client, "Tony Blinken").await;
    wait_for_first(client, "Tony Blinken (file://)", newest_blinken).await;
}

#[test]
fn search_finds_an_alias_and_a_body_phrase_in_headless_chromium_under_a_sub_path() {
    let required = std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            assert!(
                !required,
                "{tool} is missing: `.ci/run` installs chromium and chromium-driver"
            );
            eprintln!("skipped: the search browser test needs {tool}");
            return;
        }
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = run(&["build", root, "--output", out.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    // The newest brief Blinken is in: the first entry of his feed.
    let feed = read_text(&out.join("people/antony-blinken/atom.xml"));
    let id = feed
        .split("<entry>")
        .nth(1)
        .and_then(|e| e.split("<id>").nth(1))
        .and_then(|e| e.split("</id>").next())
        .expect("the feed has an entry");
    let newest_blinken = id
        .strip_prefix("https://example.org/briefings/")
        .expect("an id under base_url")
        .to_owned();
    let port = static_server(out.clone());
    let driver = Chromedriver::start();
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = open_browser(&driver, profile.path()).await;
        let outcome = AssertUnwindSafe(scenario(&client, port, &out, &newest_blinken))
            .catch_unwind()
            .await;
        let _ = tokio::time::timeout(WAIT, client.close()).await;
        outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
}
