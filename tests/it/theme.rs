//! The built-in theme as readers get it: every page type of the sample site in
//! headless Chromium at a phone's and a desktop's width, light and dark, with
//! screenshots, no sideways scrolling and no axe-core violations; a built site that
//! asks for nothing outside itself; a site's `custom.css` added to the theme; the
//! theme written out by `dossier theme export`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use fantoccini::Client;
use futures_util::FutureExt;
use serde_json::Value;

use crate::serve::browser::{CHROMEDRIVER, CHROMIUM, Chromedriver, open_browser_with};
use crate::support::{Site, attrs, copy_tree, html_files, run};

/// The sample site at the root of the repository, copied so tests may add to it.
fn sample_site() -> Site {
    let site = Site::bare();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    copy_tree(&root.join("content"), &site.path().join("content"));
    site
}

/// The sample site with one more brief holding what most often breaks a narrow
/// layout: a long URL, a long line of code, a wide table, a wide image and a long
/// unbroken name.
fn stressed_sample_site() -> Site {
    let site = sample_site();
    let long = "a".repeat(120);
    site.file(
        "static/wide.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2400\" height=\"200\" viewBox=\"0 0 2400 200\"><rect width=\"2400\" height=\"200\" fill=\"#888\"/></svg>\n",
    );
    site.brief(
        "2023-03-01-stress",
        &format!(
            "title: \"A 'stress' test -- of \\\"long\\\" things...\"\ndate: 2023-03-01\nsource:\n  name: Test Source\n  url: https://example.org/{long}/{long}\n  title: A document with a very long address\npeople: [Maximilianuswithaverylongunbrokenfamilynamethatneverends Q]\ntopics: [Diplomacy]\nsummary: \"A summary with 'quotes' and \\\"more quotes\\\".\"\nquotes:\n  - by: Maximilianuswithaverylongunbrokenfamilynamethatneverends Q\n    text: \"We said what we meant -- and meant it.\"\n"
        ),
        &format!(
            "A paragraph with a long address <https://example.org/{long}> in it.[^n]\n\n```\nlet x = \"{long}{long}\";\n```\n\n| {cols} |\n| {rule} |\n| {cells} |\n\n![A wide grey band](../../wide.svg)\n\n[^n]: A note with an address: <https://example.org/{long}>.\n",
            cols = (1..=12).map(|i| format!("column{i}")).collect::<Vec<_>>().join(" | "),
            rule = ["---"; 12].join(" | "),
            cells = (1..=12).map(|i| format!("value{i}{long}")).collect::<Vec<_>>().join(" | "),
        ),
    );
    site
}

/// The pages the browser test visits: one of every type of page.
const PAGES: &[(&str, &str)] = &[
    ("home", ""),
    ("briefs", "briefs/"),
    ("briefs-page-2", "briefs/page/2/"),
    ("brief", "briefs/biden-xi-woodside-summit/"),
    ("brief-stress", "briefs/stress/"),
    ("people", "people/"),
    ("person", "people/antony-blinken/"),
    ("topics", "topics/"),
    ("topic", "topics/diplomacy/"),
    ("sources", "sources/"),
    ("source", "sources/u-s-department-of-state/"),
    ("archive", "archive/"),
    ("archive-year", "archive/2023/"),
    ("404", "no-such-page/"),
];

/// A minimal static file server over a built site on a loopback port, as a host
/// would serve it (folders by their `index.html`, anything else `404.html` with
/// status 404). Stopped when dropped.
struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        std::thread::spawn(move || serve_one(stream, &root));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, file) = if !path.contains("..") && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// axe-core's script: `DOSSIER_AXE_JS`, else where `.ci/run` installs it
/// (`target/npm/node_modules/axe-core/axe.min.js`).
fn axe_script() -> Result<String, PathBuf> {
    let path = std::env::var_os("DOSSIER_AXE_JS").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    std::fs::read_to_string(&path).map_err(|_| path)
}

/// What the browser reports about one page.
async fn inspect(client: &Client, axe: Option<&str>) -> Result<(Value, Value), String> {
    let layout = client
        .execute(
            r#"var d = document.documentElement, w = window.innerWidth, wide = [];
// Inside a box that scrolls or clips sideways, content may run past the window:
// that box is what must fit.
function clipped(e) {
  for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== "visible") { return true; }
  }
  return false;
}
var all = document.querySelectorAll("body *");
for (var i = 0; i < all.length && wide.length < 5; i++) {
  var r = all[i].getBoundingClientRect();
  if (r.right > w + 1 && r.width > 0 && !clipped(all[i])) { wide.push(all[i].tagName.toLowerCase() + "." + all[i].className + " (right " + Math.round(r.right) + ")"); }
}
var tables = Array.prototype.map.call(document.querySelectorAll(".table-scroll"), function (t) {
  return { scrolls: t.scrollWidth > t.clientWidth + 1, focusable: t.tabIndex === 0 };
});
var foreign = performance.getEntriesByType("resource").map(function (e) { return e.name; })
  .filter(function (n) { return n.indexOf(location.origin + "/") !== 0 && n.indexOf("data:") !== 0; });
return { inner: w, scroll: d.scrollWidth, wide: wide, foreign: foreign, tables: tables,
  dark: window.matchMedia("(prefers-color-scheme: dark)").matches,
  title: document.title };"#,
            vec![],
        )
        .await
        .map_err(|e| format!("cannot read the page: {e}"))?;
    let Some(axe) = axe else {
        return Ok((layout, Value::Array(Vec::new())));
    };
    client
        .execute(axe, vec![])
        .await
        .map_err(|e| format!("cannot load axe-core: {e}"))?;
    let violations = client
        .execute_async(
            r#"var done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
  done(r.violations.map(function (v) {
    return { id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(" ") + " " + n.html.slice(0, 160) + ": " + n.failureSummary; }) };
  }));
}, function (e) { done([{ id: "axe-error", help: String(e), nodes: [] }]); });"#,
            vec![],
        )
        .await
        .map_err(|e| format!("axe-core did not run: {e}"))?;
    Ok((layout, violations))
}

/// The citations' copy buttons: added by the theme's script, one per citation, and
/// a click says what happened.
async fn check_copy_button(client: &Client) -> Result<(), String> {
    let buttons = client
        .find_all(fantoccini::Locator::Css("section.cite button.copy"))
        .await
        .map_err(|e| format!("cannot look for copy buttons: {e}"))?;
    if buttons.len() != 2 {
        return Err(format!("{} copy buttons, not 2", buttons.len()));
    }
    buttons[0]
        .click()
        .await
        .map_err(|e| format!("cannot click the copy button: {e}"))?;
    for _ in 0..100 {
        let said = client
            .execute(
                "return document.querySelector('.copy-status').textContent;",
                vec![],
            )
            .await
            .map_err(|e| format!("cannot read the copy status: {e}"))?;
        if said.as_str().is_some_and(|s| !s.is_empty()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Err("clicking a copy button said nothing".to_owned())
}

/// Visits every page at each width, saving screenshots into `shots` and
/// returning every problem found.
async fn visit_all(
    client: &Client,
    server: &StaticServer,
    scheme: &str,
    axe: Option<&str>,
    shots: &Path,
) -> Vec<String> {
    let mut problems = Vec::new();
    for width in [375u32, 1280] {
        client
            .set_window_size(width, 900)
            .await
            .expect("the window can be resized");
        for (name, path) in PAGES {
            let url = server.url(path);
            if let Err(e) = client.goto(&url).await {
                problems.push(format!("{name} ({url}): cannot load: {e}"));
                continue;
            }
            let at = format!("{name} at {width} px, {scheme}");
            // The whole page in one screenshot: the window as tall as the page.
            let height = client
                .execute("return document.documentElement.scrollHeight;", vec![])
                .await
                .ok()
                .and_then(|h| h.as_u64())
                .map_or(900, |h| h.clamp(600, 12_000) as u32);
            let _ = client.set_window_size(width, height).await;
            match client.screenshot().await {
                Ok(png) => {
                    std::fs::write(shots.join(format!("{name}-{width}-{scheme}.png")), png).unwrap()
                }
                Err(e) => problems.push(format!("{at}: no screenshot: {e}")),
            }
            let (layout, violations) = match inspect(client, axe).await {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("{at}: {e}"));
                    continue;
                }
            };
            let inner = layout["inner"].as_u64().unwrap_or(0);
            if inner != u64::from(width) {
                problems.push(format!(
                    "{at}: the viewport is {inner} px wide, not {width} px"
                ));
            }
            let scroll = layout["scroll"].as_u64().unwrap_or(0);
            if scroll > inner {
                problems.push(format!(
                    "{at}: scrolls sideways ({scroll} px of content in {inner} px); widest: {}",
                    layout["wide"]
                ));
            }
            if layout["dark"].as_bool() != Some(scheme == "dark") {
                problems.push(format!("{at}: prefers-color-scheme is not {scheme}"));
            }
            if layout["foreign"].as_array().is_some_and(|f| !f.is_empty()) {
                problems.push(format!(
                    "{at}: requested something outside the site: {}",
                    layout["foreign"]
                ));
            }
            // The stressed brief's twelve-column table is wider than any window:
            // it scrolls in its own box, which the keyboard can reach.
            if *name == "brief-stress" {
                let tables = layout["tables"].as_array().cloned().unwrap_or_default();
                let boxed = tables.iter().any(|t| {
                    t["scrolls"].as_bool() == Some(true) && t["focusable"].as_bool() == Some(true)
                });
                if !boxed {
                    problems.push(format!(
                        "{at}: the wide table does not scroll in a focusable box of its own: {}",
                        layout["tables"]
                    ));
                }
            }
            if *name == "brief"
                && let Err(e) = check_copy_button(client).await
            {
                problems.push(format!("{at}: {e}"));
            }
            for v in violations.as_array().into_iter().flatten() {
                problems.push(format!(
                    "{at}: axe {} ({}): {}; {}",
                    v["id"], v["impact"], v["help"], v["nodes"]
                ));
            }
        }
    }
    problems
}

#[test]
fn every_page_type_in_headless_chromium_fits_and_passes_axe() {
    // CI sets DOSSIER_REQUIRE_BROWSER=1 after installing the browser and axe-core;
    // on a machine with only Rust the test says what it skipped.
    let required = std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).exists() {
            assert!(
                !required,
                "{tool} is missing: install Debian's chromium and chromium-driver (`.ci/run` does)"
            );
            eprintln!(
                "skipped: the theme's browser test needs {tool} (Debian's chromium and chromium-driver; `.ci/run` installs them)"
            );
            return;
        }
    }
    let axe = match axe_script() {
        Ok(s) => Some(s),
        Err(path) => {
            assert!(
                !required,
                "axe-core is missing at {}: `.ci/run` installs it (`npm install --prefix target/npm axe-core`), or set DOSSIER_AXE_JS to its axe.min.js",
                path.display()
            );
            eprintln!(
                "the theme's browser test runs without axe-core: none at {} (`npm install --prefix target/npm axe-core`, or set DOSSIER_AXE_JS)",
                path.display()
            );
            None
        }
    };
    let site = stressed_sample_site();
    let server = StaticServer::start(site.out());
    site.build_ok(&["--base-url", &server.url("")]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("theme-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();

    let driver = Chromedriver::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut problems = Vec::new();
    for (scheme, args) in [("light", &[][..]), ("dark", &["--force-dark-mode"][..])] {
        let profile = tempfile::tempdir().unwrap();
        let found = runtime.block_on(async {
            let client = open_browser_with(&driver, profile.path(), args).await;
            let outcome =
                AssertUnwindSafe(visit_all(&client, &server, scheme, axe.as_deref(), &shots))
                    .catch_unwind()
                    .await;
            let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
            outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        problems.extend(found);
    }
    drop(driver);
    eprintln!(
        "theme screenshots ({} pages at 375 and 1280 px, light and dark): {}",
        PAGES.len(),
        shots.display()
    );
    let taken = std::fs::read_dir(&shots).unwrap().count();
    assert_eq!(taken, PAGES.len() * 4, "screenshots missing: {problems:#?}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Resource addresses of a page that a browser fetches by itself (not links a
/// reader follows): `src`, `srcset`, `poster`, `data`, `<link>` hrefs other than
/// canonical, alternate and pagination ones, SVG `<image>`/`<use>` hrefs, and CSS
/// `url(...)` and `@import` in `style` attributes and elements.
fn fetched_resources(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["src", "srcset", "poster", "data", "xlink:href"] {
        out.extend(attrs(html, name).into_iter().map(|a| a.value));
    }
    for a in attrs(html, "href") {
        let tag = a.tag.to_ascii_lowercase();
        let navigation = [
            "rel=\"canonical\"",
            "rel=\"alternate\"",
            "rel=\"prev\"",
            "rel=\"next\"",
            "rel=\"me\"",
        ]
        .iter()
        .any(|r| tag.contains(r));
        if (tag.starts_with("<link") && !navigation)
            || tag.starts_with("<image")
            || tag.starts_with("<use")
        {
            out.push(a.value);
        }
    }
    out.extend(css_urls(html));
    out
}

/// `url(...)` and `@import "..."` addresses in CSS text.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (marker, ends) in [("url(", &[')'][..]), ("@import", &[';', ')'][..])] {
        let mut rest = css;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let end = rest.find(ends).unwrap_or(rest.len());
            let value = rest[..end]
                .trim()
                .trim_start_matches("url(")
                .trim_matches(['"', '\'', ' ']);
            out.push(value.to_owned());
        }
    }
    out
}

fn leaves_the_site(address: &str) -> bool {
    let a = address.trim().to_ascii_lowercase();
    a.starts_with("http:") || a.starts_with("https:") || a.starts_with("//")
}

#[test]
fn the_resource_scan_finds_what_a_browser_would_fetch() {
    let page = r#"<link rel="canonical" href="https://example.org/x/"><a href="https://example.org/">x</a>
<link rel="stylesheet" href="https://cdn.example/x.css"><img src="//cdn.example/i.png" alt="">
<p style="background: url('https://cdn.example/b.png')"></p><script src="../s.js"></script>"#;
    let external: Vec<String> = fetched_resources(page)
        .into_iter()
        .filter(|a| leaves_the_site(a))
        .collect();
    assert_eq!(
        external,
        [
            "//cdn.example/i.png",
            "https://cdn.example/x.css",
            "https://cdn.example/b.png"
        ]
    );
}

#[test]
fn the_built_sample_site_requests_nothing_outside_itself() {
    let site = stressed_sample_site();
    site.build_ok(&[]);
    let mut found = Vec::new();
    let files = crate::support::snapshot(&site.out());
    assert!(files.len() > 40, "the sample site was not built");
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let addresses = if path.ends_with(".html") {
            fetched_resources(&text)
        } else if path.ends_with(".css") {
            css_urls(&text)
        } else {
            continue;
        };
        found.extend(
            addresses
                .into_iter()
                .filter(|a| leaves_the_site(a))
                .map(|a| format!("{path}: {a}")),
        );
        // A redirect from an old path (`aliases:`) is a bare page with no script.
        let redirect = text.contains("http-equiv=\"refresh\"");
        if path.ends_with(".html") && !redirect {
            // The theme's scripts: the search script on every page and the copy
            // buttons' on brief pages, both deferred files of the site; JSON-LD
            // is data, not a script that runs.
            let scripts: Vec<&str> = text
                .match_indices("<script")
                .map(|(i, _)| &text[i..])
                .filter(|s| !s.starts_with("<script type=\"application/ld+json\">"))
                .collect();
            let brief_page = path.starts_with("briefs/")
                && !path.starts_with("briefs/page/")
                && path != "briefs/index.html";
            assert_eq!(
                scripts.len(),
                1 + usize::from(brief_page),
                "{path}: the search script on every page, the copy buttons' on brief pages"
            );
            let deferred = |s: &&str, file: &str| {
                let tag = &s[..s.find("</script>").map_or(s.len(), |e| e + 9)];
                tag.starts_with("<script src=\"")
                    && tag.ends_with(&format!("{file}\" defer></script>"))
                    && !tag.contains("//")
            };
            assert!(
                scripts
                    .iter()
                    .all(|s| deferred(s, "search.js") || (brief_page && deferred(s, "copy.js"))),
                "{path}: a script other than the theme's deferred search.js and copy.js"
            );
        }
    }
    assert!(
        found.is_empty(),
        "requests outside the site:\n{}",
        found.join("\n")
    );
    let pages = html_files(&site.out());
    for (path, html) in &pages {
        assert!(
            html.contains("rel=\"icon\" href=\"data:image/svg+xml,"),
            "{path}: no inline favicon, so browsers would ask for /favicon.ico"
        );
    }
}

#[test]
fn the_stylesheet_is_small_and_custom_css_adds_to_it() {
    let site = crate::support::built_site();
    let style = std::fs::read(site.out().join("style.css")).unwrap();
    assert!(
        style.len() < 20 * 1024,
        "style.css is {} bytes",
        style.len()
    );
    let page = site.read("index.html");
    let theme = page
        .find("href=\"./style.css\"")
        .expect("the theme's stylesheet");
    let custom = page
        .find("href=\"./custom.css\"")
        .expect("the site's stylesheet");
    assert!(
        theme < custom,
        "custom.css must come after style.css to override it"
    );
    // Without one of its own, the site gets an empty custom.css.
    let empty = site.read("custom.css");
    assert!(!empty.contains('{'), "{empty}");

    site.file("static/custom.css", ":root { --brand: #004d40; }\n");
    site.build_ok(&[]);
    assert_eq!(site.read("custom.css"), ":root { --brand: #004d40; }\n");
    assert_eq!(std::fs::read(site.out().join("style.css")).unwrap(), style);
}

#[test]
fn theme_export_writes_a_theme_that_builds_the_same_site() {
    let site = sample_site();
    site.build_ok(&[]);
    let mut before = crate::support::snapshot(&site.out());
    // The manifest records the build, not the site.
    before.remove(".dossier-manifest");
    let dir = site.path().join("templates");
    let r = run(&["theme", "export", dir.to_str().unwrap()]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for f in [
        "base.html",
        "brief.html",
        "partials/brief_item.html",
        "style.css",
        "custom.css",
        "strings.yaml",
    ] {
        assert!(dir.join(f).is_file(), "{f} was not exported");
    }
    site.build_ok(&[]);
    let mut after = crate::support::snapshot(&site.out());
    after.remove(".dossier-manifest");
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        differ.is_empty(),
        "the exported theme builds differently: {differ:?}"
    );

    // An edited theme is never overwritten.
    std::fs::write(dir.join("base.html"), "edited").unwrap();
    let r = run(&["theme", "export", dir.to_str().unwrap()]);
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("base.html"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("base.html")).unwrap(),
        "edited"
    );
}

#[test]
fn indexes_sort_people_by_family_name_and_titles_get_typographic_quotes() {
    let site = sample_site();
    site.build_ok(&[]);
    let people = site.read("people/index.html");
    let order: Vec<usize> = [
        "Joe Biden",
        "Antony Blinken",
        "Qin Gang",
        "Wang Yi",
        "Xi Jinping",
        "Janet Yellen",
    ]
    .iter()
    .map(|n| {
        people
            .find(&format!(">{n}</a>"))
            .unwrap_or_else(|| panic!("{n} missing"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    let brief = site.read("briefs/wang-yi-washington/index.html");
    assert!(
        brief.contains("<h1>Wang Yi\u{2019}s Washington Visit"),
        "no curly apostrophe in the headline"
    );
    assert!(brief.contains("<title>Wang Yi\u{2019}s Washington Visit"));
    assert!(!brief.contains("Wang Yi&#39;s"), "a straight quote is left");
}

#[test]
fn the_documented_worked_example_overrides_blocks_and_adds_styles() {
    let site = sample_site();
    site.file(
        "static/custom.css",
        ":root { --brand: #00594f; }\n.byline .note { font-style: italic; }\n",
    );
    site.file(
        "templates/brief.html",
        "{% extends \"theme/brief.html\" %}\n{% block byline %}{{ super() }}<p class=\"note\">Prepared by the China desk.</p>{% endblock byline %}\n",
    );
    site.file(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}\n{% block navigation %}{{ super() }}<p><a href=\"{{ root }}about/\">About</a></p>{% endblock navigation %}\n",
    );
    site.build_ok(&[]);
    let brief = site.read("briefs/blinken-qin-call/index.html");
    let source_line = brief
        .find("class=\"source-line\"")
        .expect("the built-in byline is kept");
    let note = brief
        .find("Prepared by the China desk.")
        .expect("the added line");
    assert!(source_line < note);
    assert!(
        brief.contains("href=\"../../about/\""),
        "the site's base.html frames briefs"
    );
    assert!(
        site.read("people/index.html")
            .contains("href=\"../about/\"")
    );
    assert!(site.read("custom.css").contains("#00594f"));
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"))
            .unwrap();
    assert!(docs.contains("{% block byline %}{{ super() }}<p class=\"note\">Prepared by the China desk.</p>{% endblock byline %}"), "the example in docs/templates.md changed: update this test with it");
}

#[test]
fn activity_charts_come_with_their_figures_as_a_table() {
    let site = sample_site();
    site.build_ok(&[]);
    for page in [
        "people/antony-blinken/index.html",
        "topics/diplomacy/index.html",
    ] {
        let html = site.read(page);
        let table = html
            .split("<details class=\"chart-data\">")
            .nth(1)
            .and_then(|rest| rest.split("</details>").next())
            .unwrap_or_else(|| panic!("{page}: no table of the chart's figures"));
        // One row per period of the chart; the counts add up to the briefs of
        // the timeline (its front page lists the newest of them).
        let counts: Vec<usize> = table
            .split("<tr><td>")
            .skip(1)
            .map(|row| {
                let cells: Vec<&str> = row.split("</td><td>").collect();
                cells[1]
                    .split('<')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("{page}: a row without a count: {row}"))
            })
            .collect();
        assert!(!counts.is_empty(), "{page}: an empty table");
        let heading = "class=\"section-label\">Briefs (";
        let listed: usize = html
            .split(heading)
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{page}: no count of the timeline's briefs"));
        let shown = html.matches("<li class=\"listed\">").count()
            + html.matches("<li class=\"mention\">").count();
        assert!(
            shown > 0 && shown <= listed,
            "{page}: {shown} of {listed} shown"
        );
        let total: usize = counts.iter().sum();
        assert!(total > 0, "{page}: the figures count no brief");
        assert_eq!(total, listed, "{page}: figures and timeline disagree");
    }
}

#[test]
fn the_together_chart_counts_as_most_often_with_does() {
    let site = sample_site();
    site.build_ok(&[]);
    let mut checked = 0;
    for entry in std::fs::read_dir(site.out().join("people")).expect("people were built") {
        let page = entry.expect("a readable folder").path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let Some(section) = html
            .split("id=\"together-heading\"")
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
        else {
            continue;
        };
        // "Most often with": name and total, most first.
        let list: Vec<(String, u32)> = section
            .split("<ul class=\"tag-list\">")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .expect("the list")
            .split("<li>")
            .skip(1)
            .map(|li| {
                let name = li.split('>').nth(1).and_then(|t| t.split('<').next());
                let count = li
                    .split("class=\"count\">")
                    .nth(1)
                    .and_then(|t| t.split(' ').next().and_then(|n| n.parse().ok()));
                (name.expect("a name").to_owned(), count.expect("a count"))
            })
            .collect();
        // The chart's figures: name, total, and the periods adding up to it.
        let table = section
            .split("<details class=\"chart-data\">")
            .nth(1)
            .and_then(|rest| rest.split("</details>").next())
            .unwrap_or_else(|| panic!("{}: no figures of the chart", page.display()));
        let rows: Vec<(String, u32, u32)> = table
            .split("<tr><td>")
            .skip(1)
            .map(|row| {
                let row = row.split("</td></tr>").next().unwrap_or(row);
                let cells: Vec<&str> = row.split("</td><td>").collect();
                let name = cells[0].split('>').nth(1).and_then(|t| t.split('<').next());
                let total: u32 = cells[1].parse().expect("a total");
                let by_period: u32 = cells[2]
                    .split(", ")
                    .map(|p| {
                        p.rsplit(": ")
                            .next()
                            .and_then(|n| n.parse::<u32>().ok())
                            .unwrap_or_else(|| panic!("a period count in {p:?}"))
                    })
                    .sum();
                (name.expect("a name").to_owned(), total, by_period)
            })
            .collect();
        assert!(!rows.is_empty() && rows.len() <= 8, "{}", page.display());
        for ((name, total, by_period), (listed, count)) in rows.iter().zip(&list) {
            assert_eq!((name, total), (listed, count), "{}", page.display());
            assert_eq!(by_period, total, "{}: {name}", page.display());
        }
        assert!(
            section.contains("class=\"chart together-chart\""),
            "{}",
            page.display()
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} people pages with a chart");
}
