//! Live reload in a real browser: Debian's headless Chromium, driven through
//! chromedriver (WebDriver), against the real `dossier serve`. The test only
//! opens the page once; every later change must reach the page through the
//! injected script.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use futures_util::FutureExt;
use serde_json::{Value, json};

use super::live::{Fixture, Serve, WAIT, brief};
use super::reload::OVERLAY_ID;

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How many timed edits the latency is the median of.
const EDITS: usize = 5;

/// The page under test, relative to the site root.
const PAGE: &str = "briefs/alpha/";
const BRIEF: &str = "content/briefs/alpha.md";

/// A chromedriver on a free port, in its own process group so that it and
/// the browser it starts are all killed when dropped.
pub(crate) struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    pub(crate) fn start() -> Chromedriver {
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
        let (tx, rx) = mpsc::channel();
        let out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for line in out.lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut driver = Chromedriver { child, port: 0 };
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while driver.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("chromedriver did not start ({e}); it said {seen:?}"));
            // "ChromeDriver was started successfully on port 41235."
            if let Some(rest) = line.split("started successfully on port ").nth(1) {
                driver.port = rest.trim_end_matches('.').trim().parse().unwrap();
            }
            seen.push(line);
        }
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any browser process it started
        // and has not yet shut down.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session in a fresh headless Chromium.
pub(crate) async fn open_browser(driver: &Chromedriver, profile: &Path) -> Client {
    open_browser_with(driver, profile, &[]).await
}

/// A WebDriver session in a fresh headless Chromium started with `extra` arguments
/// as well (`--force-dark-mode`, a window size).
pub(crate) async fn open_browser_with(
    driver: &Chromedriver,
    profile: &Path,
    extra: &[&str],
) -> Client {
    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut builder = ClientBuilder::new(connector);
    builder.capabilities(caps);
    let webdriver = format!("http://127.0.0.1:{}", driver.port);
    match tokio::time::timeout(WAIT, builder.connect(&webdriver)).await {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => panic!("cannot start a Chromium session: {e}"),
        Err(_) => panic!("no Chromium session within {WAIT:?}"),
    }
}

/// What the page shows, read in one round trip.
#[derive(Debug, Default)]
struct PageState {
    title: String,
    h1: String,
    overlay: Option<String>,
    /// A value the test sets on `window`: it survives until the page reloads.
    marker: Option<i64>,
    url: String,
    /// The stylesheet links' hrefs, joined: a `css` event changes them.
    stylesheets: String,
}

/// Reads the page; `None` while the browser is between documents (the
/// script reloading the page) and cannot answer.
async fn state(client: &Client) -> Option<PageState> {
    let script = format!(
        r#"var o = document.getElementById("{OVERLAY_ID}");
var h = document.querySelector("h1");
var links = document.querySelectorAll("link[rel~=stylesheet]");
var hrefs = [];
for (var i = 0; i < links.length; i++) {{ hrefs.push(links[i].href); }}
return {{
  title: document.title,
  h1: h ? h.textContent : "",
  overlay: o ? o.textContent : null,
  marker: typeof window.__dossierTestMarker === "number" ? window.__dossierTestMarker : null,
  url: location.href,
  stylesheets: hrefs.join(" ")
}};"#
    );
    let value = tokio::time::timeout(WAIT, client.execute(&script, vec![]))
        .await
        .ok()?
        .ok()?;
    Some(PageState {
        title: value["title"].as_str()?.to_owned(),
        h1: value["h1"].as_str()?.to_owned(),
        overlay: value["overlay"].as_str().map(str::to_owned),
        marker: value["marker"].as_i64(),
        url: value["url"].as_str()?.to_owned(),
        stylesheets: value["stylesheets"].as_str()?.to_owned(),
    })
}

/// Polls the page until `done` holds; panics with `what` after [`WAIT`].
async fn wait_until(client: &Client, what: &str, done: impl Fn(&PageState) -> bool) -> PageState {
    let deadline = Instant::now() + WAIT;
    let mut last = None;
    loop {
        if let Some(s) = state(client).await {
            if done(&s) {
                return s;
            }
            last = Some(s);
        }
        assert!(
            Instant::now() < deadline,
            "the browser never showed {what} within {WAIT:?}; last seen: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Makes sure the page's event stream is connected before an edit the test
/// times: saves a stylesheet until the page swaps its stylesheet links (the
/// `css` event), which only a connected page does.
async fn wait_until_connected(client: &Client, fixture: &Fixture, round: &str) {
    let before = state(client).await.unwrap_or_default().stylesheets;
    let deadline = Instant::now() + WAIT;
    for n in 0.. {
        fixture.write(
            "static/extra.css",
            &format!("/* {round} {n} */ p {{ margin: 0; }}\n"),
        );
        let tried = Instant::now();
        while tried.elapsed() < Duration::from_secs(1) {
            if let Some(s) = state(client).await
                && s.stylesheets != before
                && s.stylesheets.contains("__dossier=")
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            Instant::now() < deadline,
            "the page never reacted to a stylesheet change ({round}): its event stream is not connected"
        );
    }
}

/// The browser part: returns the latency of each timed edit.
async fn scenario(client: &Client, fixture: &Fixture, serve: &Serve) -> Vec<Duration> {
    let url = serve.page_url(PAGE);
    tokio::time::timeout(WAIT, client.goto(&url))
        .await
        .expect("page load timed out")
        .expect("page load failed");
    let first = wait_until(client, "the brief", |s| s.h1 == "Alpha Brief").await;
    assert!(first.title.starts_with("Alpha Brief"), "{first:?}");
    assert!(first.overlay.is_none(), "{first:?}");

    let mut latencies = Vec::new();
    for n in 1..=EDITS {
        wait_until_connected(client, fixture, &format!("edit {n}")).await;
        client
            .execute(&format!("window.__dossierTestMarker = {n};"), vec![])
            .await
            .unwrap();
        let title = format!("Alpha Seen In Browser {n}");
        let written = Instant::now();
        fixture.write(BRIEF, &brief(&title, "2023-06-14"));
        let s = wait_until(client, &format!("the title {title:?}"), |s| {
            s.title.starts_with(&title) && s.h1 == title
        })
        .await;
        latencies.push(written.elapsed());
        // The page was reloaded by the script, in place: the marker is gone
        // and the URL is the same.
        assert_eq!(s.marker, None, "the page was not reloaded: {s:?}");
        assert_eq!(s.url, url, "{s:?}");
    }

    // A broken brief: the overlay names the file; the page stays as it was.
    wait_until_connected(client, fixture, "error").await;
    let good = state(client).await.expect("page state");
    client
        .execute("window.__dossierTestMarker = 99;", vec![])
        .await
        .unwrap();
    fixture.write(
        BRIEF,
        "---\ntitle: [unclosed\ndate: 2023-06-14\nsource: Test Source\n---\nBody.\n",
    );
    let s = wait_until(client, &format!("the #{OVERLAY_ID} overlay"), |s| {
        s.overlay.is_some()
    })
    .await;
    let overlay = s.overlay.clone().unwrap();
    assert!(overlay.contains("content/briefs/alpha.md"), "{overlay:?}");
    assert!(
        overlay.contains("alpha.md:2:"),
        "no line number: {overlay:?}"
    );
    assert_eq!(s.title, good.title, "the last good page must stay: {s:?}");
    assert_eq!(
        s.marker,
        Some(99),
        "an error must not reload the page: {s:?}"
    );

    // Fixed: the overlay goes and the page shows the fix.
    fixture.write(BRIEF, &brief("Alpha Fixed In Browser", "2023-06-14"));
    let s = wait_until(client, "the fixed page without the overlay", |s| {
        s.overlay.is_none() && s.h1 == "Alpha Fixed In Browser"
    })
    .await;
    assert_eq!(s.url, url);
    latencies
}

#[test]
fn live_reload_in_headless_chromium() {
    // CI sets DOSSIER_REQUIRE_BROWSER=1 after installing the browser, so there a
    // missing browser fails; on a machine with only Rust the test says it is skipped.
    let required = std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            assert!(
                !required,
                "{tool} is missing: this test needs Debian's chromium and chromium-driver \
                 packages. `.ci/run` installs them when missing; by hand: \
                 `apt-get update && apt-get install -y chromium chromium-driver`"
            );
            eprintln!(
                "skipped: live_reload_in_headless_chromium needs {tool} \
                 (Debian's chromium and chromium-driver; `.ci/run` installs them)"
            );
            return;
        }
    }
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    let driver = Chromedriver::start();
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut latencies = runtime.block_on(async {
        let client = open_browser(&driver, profile.path()).await;
        let outcome = AssertUnwindSafe(scenario(&client, &fixture, &serve))
            .catch_unwind()
            .await;
        // Close the browser whatever happened; the driver's Drop is the
        // backstop.
        let _ = tokio::time::timeout(WAIT, client.close()).await;
        outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    drop(driver);

    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let all: Vec<u128> = latencies.iter().map(Duration::as_millis).collect();
    let report = format!(
        "live reload in headless Chromium: median {} ms from file write to new title visible, over {} edits (sorted, ms: {all:?})\n",
        median.as_millis(),
        latencies.len()
    );
    eprint!("{report}");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder");
    std::fs::write(target.join("live-reload-latency.txt"), &report).unwrap();
}
