//! End-to-end tests of `dossier serve`: the real binary on a free loopback
//! port, a site in a temporary folder edited on disk, and what a browser would
//! see over real sockets: pages, and the server-sent events that tell it to
//! reload.
//!
//! The helpers here ([`Fixture`], [`Serve`]) are shared with `browser.rs`.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::reload::{EVENTS_PATH, SCRIPT_TAG};
use super::{Response, parse};

/// The longest any single wait may take: generous, since tests run in
/// parallel on two cores, yet small enough that a hang fails quickly.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// A marker that must never appear in a response: it is planted in files
/// outside the served folder.
const SECRET: &str = "SECRET-e2e-91c4-NEVER-SERVED";

/// The built-in base template, overridden by the template test.
const BASE_TEMPLATE: &str = include_str!("../../../templates/base.html");

/// A site on disk: `<tmp>/site` is the site folder, `<tmp>/tmp` is the
/// serve process's temporary folder (where it builds the served copy), so
/// everything a test makes is removed with the fixture.
pub(crate) struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with `site.yaml` holding `config`, two briefs (`alpha` and
    /// `beta`), a person, a topic and a static stylesheet.
    pub(crate) fn new(config: &str) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("dossier-serve-e2e-")
            .tempdir()
            .unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        let fixture = Fixture { dir };
        fixture.write("site.yaml", config);
        fixture.write(
            "content/briefs/alpha.md",
            &brief("Alpha Brief", "2023-06-14"),
        );
        fixture.write("content/briefs/beta.md", &brief("Beta Brief", "2023-06-10"));
        fixture.write(
            "content/people/ann-example.md",
            "---\nname: Ann Example\nrole: Envoy\n---\nA person.\n",
        );
        fixture.write(
            "content/topics/trade.md",
            "---\nname: Trade\n---\nA topic.\n",
        );
        fixture.write("static/extra.css", "p { color: black; }\n");
        fixture
    }

    /// The site folder.
    pub(crate) fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// The folder given to the server as its temporary folder.
    pub(crate) fn tmp(&self) -> PathBuf {
        self.dir.path().join("tmp")
    }

    /// The folder around both: scratch space.
    pub(crate) fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site in place (truncate, then write).
    pub(crate) fn write(&self, rel: &str, contents: &str) {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Saves a file the way careful editors and libraries do: write a
    /// temporary file in the same folder, then rename it over the original.
    pub(crate) fn save_atomically(&self, rel: &str, contents: &str) {
        let path = self.site().join(rel);
        let mut tmp = tempfile::NamedTempFile::new_in(path.parent().unwrap()).unwrap();
        tmp.write_all(contents.as_bytes()).unwrap();
        tmp.as_file().sync_all().unwrap();
        tmp.persist(&path).unwrap();
    }

    /// Removes a file of the site.
    pub(crate) fn remove(&self, rel: &str) {
        std::fs::remove_file(self.site().join(rel)).unwrap();
    }
}

/// A valid brief with the given title and date, about Ann Example and Trade.
pub(crate) fn brief(title: &str, date: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nsource: Test Source\npeople: [Ann Example]\ntopics: [Trade]\n---\nThe body of {title}.\n"
    )
}

/// A running `dossier serve`, killed when dropped.
pub(crate) struct Serve {
    child: Child,
    site: PathBuf,
    /// Where to connect (loopback even when the server binds all interfaces).
    pub(crate) addr: SocketAddr,
    /// The URL of the `Serving at` line.
    pub(crate) url: String,
    /// The path part of that URL: the site's base path.
    pub(crate) base_path: String,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `dossier serve <site> --port 0 <args>`, waits for its `Serving
    /// at` line, then until it sees changes on disk (see
    /// [`Serve::wait_until_watching`]).
    pub(crate) fn start(fixture: &Fixture, args: &[&str]) -> Serve {
        let serve = Serve::start_unwatched(fixture, args);
        serve.wait_until_watching();
        serve
    }

    /// Starts `dossier serve <site> --port 0 <args>` and waits (at most
    /// [`WAIT`]) for its `Serving at` line, and no more.
    pub(crate) fn start_unwatched(fixture: &Fixture, args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("serve")
            .arg(fixture.site())
            .args(["--port", "0"])
            .args(args)
            .env("TMPDIR", fixture.tmp())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start dossier");
        let stderr = collect_stderr(&mut child);
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        {
            let out = BufReader::new(child.stdout.take().unwrap());
            let lines = Arc::clone(&stdout);
            std::thread::spawn(move || {
                for line in out.lines() {
                    let Ok(line) = line else { break };
                    lines.lock().unwrap().push(line.clone());
                    let _ = tx.send(line);
                }
            });
        }
        // From here on, a panic drops `serve`, which kills the process.
        let mut serve = Serve {
            child,
            site: fixture.site(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            url: String::new(),
            base_path: String::new(),
            stdout,
            stderr,
        };
        let line = rx.recv_timeout(WAIT).unwrap_or_else(|e| {
            panic!(
                "no `Serving at` line within {WAIT:?} ({e}); stderr:\n{}",
                serve.stderr()
            )
        });
        let url = line
            .strip_prefix("Serving at ")
            .unwrap_or_else(|| panic!("first stdout line is not `Serving at ...`: {line:?}"));
        let rest = url
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("not an http URL: {url:?}"));
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let port: u16 = authority
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url:?}"));
        assert_ne!(port, 0, "{url}");
        serve.addr.set_port(port);
        serve.base_path = path.to_owned();
        serve.url = url.to_owned();
        serve
    }

    /// Waits until the server picks up changes on disk, by saving probe
    /// files (`static/watch-probe-N.txt`, each new) until the `reload` that
    /// names one arrives.
    ///
    /// The `Serving at` line comes before the file watches are in place, so
    /// an edit made at once can be lost (see
    /// `an_edit_made_as_soon_as_serving_starts_is_not_lost`); the other tests
    /// wait here so that each tests its own feature.
    pub(crate) fn wait_until_watching(&self) {
        let mut events = Events::open(self);
        let deadline = Instant::now() + WAIT;
        for n in 0.. {
            let probe = self.site.join(format!("static/watch-probe-{n}.txt"));
            std::fs::create_dir_all(probe.parent().unwrap()).unwrap();
            std::fs::write(&probe, format!("probe {n}\n")).unwrap();
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = left.min(Duration::from_secs(1));
            if events.next_matching(wait, SseEvent::is_probe).is_some() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server saw no change on disk within {WAIT:?}; stderr:\n{}",
                self.stderr()
            );
        }
    }

    /// The `Host` value a browser on this machine sends.
    pub(crate) fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// The URL path of a page given relative to the site root
    /// (`"briefs/alpha/"` → `"/briefings/briefs/alpha/"`).
    pub(crate) fn path(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_path)
    }

    /// The full URL of a page given relative to the site root.
    pub(crate) fn page_url(&self, rel: &str) -> String {
        format!("http://{}{}", self.host(), self.path(rel))
    }

    /// GET a URL path with the right Host.
    pub(crate) fn get(&self, path: &str) -> Response {
        get(self.addr, &self.host(), path)
    }

    /// Every stdout line so far.
    pub(crate) fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    /// Stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle`.
    pub(crate) fn wait_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.stderr();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} on stderr within {WAIT:?}; got:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `signal` (a `kill` name: `TERM`, `INT`) and waits (at most
    /// [`WAIT`]) for the process to exit.
    pub(crate) fn stop_with(&mut self, signal: &str) -> ExitStatus {
        let sent = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("cannot run kill");
        assert!(sent.success(), "kill -{signal} failed");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running {WAIT:?} after SIG{signal}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The folder the server builds into and serves (under its TMPDIR).
    pub(crate) fn served_dir(&self, fixture: &Fixture) -> PathBuf {
        fixture.tmp().join(format!(
            "dossier-serve-{}-{}",
            self.child.id(),
            self.addr.port()
        ))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a child's stderr on a thread, so it never blocks on a full pipe.
fn collect_stderr(child: &mut Child) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let mut err = child.stderr.take().unwrap();
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

/// One GET with the given Host, read until the server closes.
pub(crate) fn get(addr: SocketAddr, host: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("GET {path}: {e}; got so far: {bytes:?}"));
    parse(&bytes)
}

/// The `<title>` of a page.
fn title_of(res: &Response) -> String {
    let text = res.text();
    let start = text.find("<title>").map(|i| i + "<title>".len());
    let end = text.find("</title>");
    match (start, end) {
        (Some(s), Some(e)) if s <= e => text[s..e].to_owned(),
        _ => panic!("no <title> in {text:?}"),
    }
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub(crate) struct SseEvent {
    pub(crate) name: String,
    pub(crate) data: String,
}

impl SseEvent {
    fn json(&self) -> Value {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {self:?}"))
    }

    /// For a `reload`: whether its paths name `path` (a `null` list names
    /// every page).
    fn reloads(&self, path: &str) -> bool {
        self.name == "reload"
            && match &self.json()["paths"] {
                Value::Null => true,
                Value::Array(paths) => paths.iter().any(|p| p == path),
                other => panic!("paths is neither null nor a list: {other}"),
            }
    }

    /// Whether this is the `reload` of a watch probe (see
    /// [`Serve::wait_until_watching`]).
    pub(crate) fn is_probe(&self) -> bool {
        self.name == "reload"
            && matches!(&self.json()["paths"], Value::Array(paths)
                if !paths.is_empty()
                    && paths.iter().all(|p| p.as_str().is_some_and(|p| p.contains("/watch-probe-"))))
    }

    /// For a `reload`: its paths, `None` when it names every page.
    fn paths(&self) -> Option<BTreeSet<String>> {
        assert_eq!(self.name, "reload", "{self:?}");
        match &self.json()["paths"] {
            Value::Null => None,
            Value::Array(paths) => Some(
                paths
                    .iter()
                    .map(|p| p.as_str().unwrap().to_owned())
                    .collect(),
            ),
            other => panic!("paths is neither null nor a list: {other}"),
        }
    }
}

/// An open event stream, decoded (chunked framing, then SSE fields).
pub(crate) struct Events {
    stream: TcpStream,
    /// Bytes received and not yet decoded from chunked framing.
    raw: Vec<u8>,
    /// Decoded stream bytes not yet split into events.
    text: Vec<u8>,
    /// Every event received, in order (comments and the opening `retry`
    /// excluded).
    pub(crate) seen: Vec<SseEvent>,
    /// Events received but not yet handed out by [`Events::expect`].
    queue: std::collections::VecDeque<SseEvent>,
    /// The server's stderr, for failure messages.
    server_stderr: Arc<Mutex<String>>,
}

impl Events {
    /// Connects and waits for the response head; by then the server has
    /// subscribed this stream, so every later event reaches it.
    pub(crate) fn open(serve: &Serve) -> Events {
        let mut stream = TcpStream::connect(serve.addr).unwrap();
        let req = format!(
            "GET {EVENTS_PATH} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            serve.host()
        );
        stream.write_all(req.as_bytes()).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut bytes = Vec::new();
        let mut buf = [0; 4096];
        let end = loop {
            if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream
                .read(&mut buf)
                .unwrap_or_else(|e| panic!("event stream head: {e}; got {bytes:?}"));
            assert!(n > 0, "closed before the head: {bytes:?}");
            bytes.extend_from_slice(&buf[..n]);
        };
        let head = parse(&bytes[..end]);
        assert_eq!(head.status, 200, "{head:?}");
        assert_eq!(head.header("content-type"), Some("text/event-stream"));
        assert_eq!(
            head.header("transfer-encoding"),
            Some("chunked"),
            "{head:?}"
        );
        Events {
            stream,
            raw: bytes[end..].to_vec(),
            text: Vec::new(),
            seen: Vec::new(),
            queue: Default::default(),
            server_stderr: Arc::clone(&serve.stderr),
        }
    }

    /// Waits (at most [`WAIT`]) for the next event satisfying `wanted`,
    /// skipping others (they stay in [`Events::seen`]).
    pub(crate) fn expect(&mut self, what: &str, wanted: impl Fn(&SseEvent) -> bool) -> SseEvent {
        self.next_matching(WAIT, wanted).unwrap_or_else(|| {
            panic!(
                "no {what} within {WAIT:?}; events so far: {:?}; server stderr:\n{}",
                self.seen,
                self.server_stderr.lock().unwrap()
            )
        })
    }

    /// The next event satisfying `wanted` within `timeout`, skipping others.
    pub(crate) fn next_matching(
        &mut self,
        timeout: Duration,
        wanted: impl Fn(&SseEvent) -> bool,
    ) -> Option<SseEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            // Bytes may be waiting from an earlier read (the head's, say).
            self.decode();
            while let Some(ev) = self.queue.pop_front() {
                if wanted(&ev) {
                    return Some(ev);
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.stream
                .set_read_timeout(Some(left.min(Duration::from_millis(250))))
                .unwrap();
            let mut buf = [0; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("event stream closed; events so far: {:?}", self.seen),
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    self.decode();
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading event stream: {e}; events so far: {:?}", self.seen),
            }
        }
    }

    /// The next event named `name`.
    pub(crate) fn expect_named(&mut self, name: &str) -> SseEvent {
        self.expect(&format!("`{name}` event"), |ev| ev.name == name)
    }

    /// The next `reload` that names `path` (or every page).
    pub(crate) fn expect_reload_of(&mut self, path: &str) -> SseEvent {
        self.expect(&format!("`reload` naming {path}"), |ev| ev.reloads(path))
    }

    /// Moves complete chunks from `raw` to `text`, and complete events from
    /// `text` to the queue.
    fn decode(&mut self) {
        while let Some(line_end) = self.raw.windows(2).position(|w| w == b"\r\n") {
            let size_field = String::from_utf8_lossy(&self.raw[..line_end]).into_owned();
            let size_hex = size_field.split(';').next().unwrap().trim();
            let size = usize::from_str_radix(size_hex, 16)
                .unwrap_or_else(|e| panic!("bad chunk size {size_field:?}: {e}"));
            assert_ne!(size, 0, "the server ended the event stream");
            let start = line_end + 2;
            if self.raw.len() < start + size + 2 {
                break;
            }
            assert_eq!(&self.raw[start + size..start + size + 2], b"\r\n");
            self.text.extend_from_slice(&self.raw[start..start + size]);
            self.raw.drain(..start + size + 2);
        }
        while let Some(end) = self.text.windows(2).position(|w| w == b"\n\n") {
            let bytes: Vec<u8> = self.text.drain(..end + 2).collect();
            let block = String::from_utf8(bytes).expect("an event that is not UTF-8");
            let mut name = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = Some(v.trim_start().to_owned());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v));
                }
            }
            if name.is_none() && data.is_empty() {
                // A comment (keep-alive) or the opening `retry:`.
                continue;
            }
            let ev = SseEvent {
                name: name.unwrap_or_else(|| "message".to_owned()),
                data: data.join("\n"),
            };
            self.seen.push(ev.clone());
            self.queue.push_back(ev);
        }
    }
}

/// Runs the binary to its end, killing it if it outlives [`WAIT`].
fn run_to_exit(args: &[&str], tmp: &Path) -> (ExitStatus, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = collect_stderr(&mut child);
    let mut out = child.stdout.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "dossier {args:?} still running after {WAIT:?}; stderr:\n{}",
                stderr.lock().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().unwrap();
    // The stderr thread ends at EOF, which follows the exit closely.
    let deadline = Instant::now() + WAIT;
    let stderr = loop {
        let done = Arc::strong_count(&stderr) == 1;
        if done || Instant::now() > deadline {
            break stderr.lock().unwrap().clone();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (status, stdout, stderr)
}

/// Every file under `dir`, relative, with `/` separators.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        // `serve` may be writing feeds and the search index meanwhile: a folder
        // or entry gone while walking is skipped.
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// The URL paths (relative to the site root) of every HTML page `dossier
/// build` makes of the site, found by building it into a scratch folder.
fn built_pages(fixture: &Fixture) -> Vec<String> {
    let out = fixture.scratch().join("built");
    let (status, _, stderr) = run_to_exit(
        &[
            "build",
            fixture.site().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        &fixture.tmp(),
    );
    assert!(status.success(), "build failed:\n{stderr}");
    files_under(&out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .map(|f| {
            let rel = f
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            match rel.strip_suffix("index.html") {
                Some(dir) => dir.to_owned(),
                None => rel,
            }
        })
        .collect()
}

#[test]
fn edits_are_served_before_the_reload_event() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    assert_eq!(serve.base_path, "/");
    assert_eq!(serve.url, format!("http://{}/", serve.host()));

    let page = serve.path("briefs/alpha/");
    let first = serve.get(&page);
    assert_eq!(first.status, 200);
    assert!(
        title_of(&first).starts_with("Alpha Brief"),
        "{}",
        first.text()
    );
    assert!(first.text().contains(SCRIPT_TAG));
    assert_eq!(first.text().matches(SCRIPT_TAG).count(), 1);

    let mut events = Events::open(&serve);
    // Several edits in a row: each reload must find the page already new.
    for n in 1..=3 {
        let title = format!("Alpha Revised {n}");
        fixture.write("content/briefs/alpha.md", &brief(&title, "2023-06-14"));
        let ev = events.expect_reload_of(&page);
        let paths = ev.paths();
        assert!(
            paths.as_ref().is_some_and(|p| p.contains(&page)),
            "a one-brief edit should name the pages it changed, got {ev:?}"
        );
        let res = serve.get(&page);
        assert_eq!(res.status, 200);
        assert!(
            title_of(&res).starts_with(&title),
            "reload #{n} arrived before the new page was served: title {:?}",
            title_of(&res)
        );
    }
    assert!(
        events.seen.iter().all(|e| e.name == "reload"),
        "{:?}",
        events.seen
    );
    // The one stdout line, and no warning for a loopback address.
    assert_eq!(serve.stdout().len(), 1, "{:?}", serve.stdout());
    assert!(!serve.stderr().contains("warning"), "{}", serve.stderr());
}

#[test]
fn broken_front_matter_sends_an_error_and_keeps_the_last_good_page() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    let page = serve.path("briefs/alpha/");
    let mut events = Events::open(&serve);

    fixture.write(
        "content/briefs/alpha.md",
        "---\ntitle: [unclosed\ndate: 2023-06-14\nsource: Test Source\n---\nBody.\n",
    );
    let ev = events.expect_named("error");
    let problems = ev.json()["problems"].as_array().unwrap().clone();
    assert!(!problems.is_empty(), "{ev:?}");
    let problem = problems
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with("alpha.md"))
        .unwrap_or_else(|| panic!("no problem names alpha.md: {ev:?}"));
    assert_eq!(
        problem["path"].as_str().unwrap().replace('\\', "/"),
        "content/briefs/alpha.md"
    );
    assert_eq!(problem["line"], 2, "{ev:?}");
    assert!(problem["column"].as_u64().unwrap() >= 1, "{ev:?}");
    assert!(!problem["message"].as_str().unwrap().is_empty());

    // Meanwhile the last good page is still served.
    let res = serve.get(&page);
    assert_eq!(res.status, 200);
    assert!(title_of(&res).starts_with("Alpha Brief"), "{}", res.text());
    // A tab opened now learns of the error at once.
    let mut late = Events::open(&serve);
    late.expect_named("error");

    fixture.write(
        "content/briefs/alpha.md",
        &brief("Alpha Fixed", "2023-06-14"),
    );
    events.expect_reload_of(&page);
    let res = serve.get(&page);
    assert!(title_of(&res).starts_with("Alpha Fixed"), "{}", res.text());
    late.expect_reload_of(&page);
}

#[test]
fn atomic_saves_are_picked_up() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    let page = serve.path("briefs/alpha/");
    let mut events = Events::open(&serve);

    // Temporary file in the same folder, renamed over the brief.
    fixture.save_atomically(
        "content/briefs/alpha.md",
        &brief("Alpha Renamed", "2023-06-14"),
    );
    events.expect_reload_of(&page);
    let res = serve.get(&page);
    assert!(
        title_of(&res).starts_with("Alpha Renamed"),
        "{}",
        res.text()
    );

    // Again: the watch must survive the original file being replaced.
    fixture.save_atomically(
        "content/briefs/alpha.md",
        &brief("Alpha Renamed Again", "2023-06-14"),
    );
    events.expect_reload_of(&page);
    let res = serve.get(&page);
    assert!(
        title_of(&res).starts_with("Alpha Renamed Again"),
        "{}",
        res.text()
    );

    // Backup-then-write: the original is renamed to `alpha.md~` and a new
    // file is written in its place.
    let dir = fixture.site().join("content/briefs");
    std::fs::rename(dir.join("alpha.md"), dir.join("alpha.md~")).unwrap();
    fixture.write(
        "content/briefs/alpha.md",
        &brief("Alpha From Backup Save", "2023-06-14"),
    );
    let deadline = Instant::now() + WAIT;
    loop {
        let ev = events.expect_reload_of(&page);
        let res = serve.get(&page);
        if res.status == 200 && title_of(&res).starts_with("Alpha From Backup Save") {
            break;
        }
        assert!(Instant::now() < deadline, "last event {ev:?}, page {res:?}");
    }
}

#[test]
fn new_briefs_appear_and_deleted_briefs_are_gone() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    let page = serve.path("briefs/gamma/");
    assert_eq!(serve.get(&page).status, 404);
    let mut events = Events::open(&serve);

    fixture.write(
        "content/briefs/gamma.md",
        &brief("Gamma Brief", "2023-07-01"),
    );
    events.expect_reload_of(&page);
    let res = serve.get(&page);
    assert_eq!(res.status, 200);
    assert!(title_of(&res).starts_with("Gamma Brief"), "{}", res.text());
    // Lists that show it were rebuilt too.
    assert!(
        serve
            .get(&serve.path("briefs/"))
            .text()
            .contains("Gamma Brief")
    );
    assert!(
        serve
            .get(&serve.path("people/ann-example/"))
            .text()
            .contains("Gamma Brief")
    );

    // A brief in a new sub-folder.
    fixture.write(
        "content/briefs/2023/delta.md",
        &brief("Delta Brief", "2023-07-02"),
    );
    let delta = serve.path("briefs/delta/");
    events.expect_reload_of(&delta);
    assert_eq!(serve.get(&delta).status, 200);

    fixture.remove("content/briefs/gamma.md");
    events.expect_reload_of(&page);
    let res = serve.get(&page);
    assert_eq!(res.status, 404, "{}", res.text());
    assert!(
        !serve
            .get(&serve.path("briefs/"))
            .text()
            .contains("Gamma Brief")
    );
    assert!(
        !serve
            .get(&serve.path("people/ann-example/"))
            .text()
            .contains("Gamma Brief")
    );
}

#[test]
fn a_stylesheet_change_sends_css_only() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    assert!(serve.get("/extra.css").text().contains("black"));
    let mut events = Events::open(&serve);

    fixture.write("static/extra.css", "p { color: rebeccapurple; }\n");
    let ev = events.expect("a `css` or `reload` event", |e| {
        e.name == "css" || (e.name == "reload" && !e.is_probe())
    });
    assert_eq!(ev.name, "css", "{:?}", events.seen);
    let res = serve.get("/extra.css");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("rebeccapurple"), "{}", res.text());
    assert!(res.header("content-type").unwrap().starts_with("text/css"));

    // A new stylesheet is a CSS-only change too.
    fixture.write("static/more.css", "h1 { margin: 0; }\n");
    let ev = events.expect("a `css` or `reload` event", |e| {
        e.name == "css" || (e.name == "reload" && !e.is_probe())
    });
    assert_eq!(ev.name, "css", "{:?}", events.seen);
    assert_eq!(serve.get("/more.css").status, 200);
}

#[test]
fn a_template_change_rerenders_every_page() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let marked = |v: &str| {
        assert!(BASE_TEMPLATE.contains("</head>"));
        BASE_TEMPLATE.replacen(
            "</head>",
            &format!("<meta name=\"dossier-test\" content=\"{v}\">\n</head>"),
            1,
        )
    };
    fixture.write("templates/base.html", &marked("v1"));
    let pages = built_pages(&fixture);
    for must in [
        "",
        "briefs/",
        "briefs/alpha/",
        "briefs/beta/",
        "people/ann-example/",
        "topics/trade/",
    ] {
        assert!(pages.iter().any(|p| p == must), "{must:?} not in {pages:?}");
    }
    let serve = Serve::start(&fixture, &[]);
    for page in &pages {
        let res = serve.get(&serve.path(page));
        assert!(res.text().contains("content=\"v1\""), "{page}");
    }
    let mut events = Events::open(&serve);

    fixture.write("templates/base.html", &marked("v2"));
    let ev = events.expect_named("reload");
    if let Some(paths) = ev.paths() {
        let missing: Vec<String> = pages
            .iter()
            .map(|p| serve.path(p))
            .filter(|p| !paths.contains(p))
            .collect();
        assert!(
            missing.is_empty(),
            "not reloaded: {missing:?}; event {ev:?}"
        );
    }
    for page in &pages {
        let res = serve.get(&serve.path(page));
        let text = res.text();
        assert!(
            text.contains("content=\"v2\"") && !text.contains("content=\"v1\""),
            "{page} was not re-rendered"
        );
    }
    // The site's 404 page, served for a missing URL, too.
    let res = serve.get(&serve.path("no-such-page/"));
    assert_eq!(res.status, 404);
    assert!(res.text().contains("content=\"v2\""));
}

#[test]
fn the_script_is_never_written_to_disk() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let pages = built_pages(&fixture);
    assert!(pages.len() >= 8, "{pages:?}");
    let built = fixture.scratch().join("built");
    for file in files_under(&built) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("livereload") && !text.contains("__dossier"),
            "{} carries the live-reload script",
            file.display()
        );
    }

    // Nor into the folder `serve` builds and serves from, even after a rebuild.
    let serve = Serve::start(&fixture, &[]);
    let mut events = Events::open(&serve);
    fixture.write(
        "content/briefs/alpha.md",
        &brief("Alpha On Disk", "2023-06-14"),
    );
    events.expect_reload_of(&serve.path("briefs/alpha/"));
    let served = serve.served_dir(&fixture);
    let files = files_under(&served);
    assert!(
        files.iter().any(|f| f.ends_with("briefs/alpha/index.html")),
        "{} holds {files:?}",
        served.display()
    );
    for file in files {
        // Feeds and the search index are written after the reload, each through
        // a temporary file renamed into place: one listed a moment ago may be
        // gone (its final version is listed under its own name).
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        assert!(
            !text.contains("livereload"),
            "{} carries the live-reload script",
            file.display()
        );
    }
    // Yet every page served over HTTP carries it.
    for page in &pages {
        let res = serve.get(&serve.path(page));
        assert!(res.text().contains(SCRIPT_TAG), "{page}");
    }
}

#[test]
fn a_port_in_use_fails_with_a_clear_message() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture.site();
    let (status, stdout, stderr) = run_to_exit(
        &["serve", site.to_str().unwrap(), "--port", &port],
        &fixture.tmp(),
    );
    assert_eq!(
        status.code(),
        Some(5),
        "stdout {stdout:?}, stderr:\n{stderr}"
    );
    assert!(!stdout.contains("Serving at"), "{stdout}");
    assert!(
        stderr.contains(&format!("127.0.0.1:{port}")),
        "the message should name the address:\n{stderr}"
    );
    assert!(
        stderr.contains("another program uses this port") && stderr.contains("--port"),
        "the message should say what to do:\n{stderr}"
    );
    drop(taken);
}

#[test]
fn binding_all_interfaces_warns() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &["--bind", "0.0.0.0"]);
    assert!(serve.url.starts_with("http://0.0.0.0:"), "{}", serve.url);
    let stderr = serve.wait_stderr("warning");
    assert!(
        stderr.contains("0.0.0.0") && stderr.contains("other machines"),
        "{stderr}"
    );
    // Reached through loopback, by either name.
    let port = serve.addr.port();
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let res = get(serve.addr, &host, "/briefs/alpha/");
        assert_eq!(res.status, 200, "{host}");
    }
    assert_eq!(
        get(
            serve.addr,
            &format!("evil.example:{port}"),
            "/briefs/alpha/"
        )
        .status,
        403
    );
}

/// An address of this machine other than loopback, as a client on the LAN
/// would reach it: the source address of a route to a documentation network
/// (a UDP "connect" sends nothing). Machines with no such address give
/// 127.0.0.2, which still is no name the server was told of.
fn machine_address() -> std::net::IpAddr {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    probe
        .connect("192.0.2.1:9")
        .ok()
        .and_then(|()| probe.local_addr().ok())
        .map(|a| a.ip())
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
        .unwrap_or_else(|| {
            eprintln!("no non-loopback address on this machine; using 127.0.0.2");
            std::net::IpAddr::from([127, 0, 0, 2])
        })
}

#[test]
fn binding_all_interfaces_answers_the_machine_addresses_only() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(
        &fixture,
        &["--bind", "0.0.0.0", "--allow-host", "my-box.test"],
    );
    let port = serve.addr.port();
    let lan = SocketAddr::new(machine_address(), port);
    // A browser elsewhere on the network names the address it connected to.
    let res = get(lan, &lan.to_string(), "/briefs/alpha/");
    assert_eq!(res.status, 200, "{lan}: {}", res.text());
    assert!(
        title_of(&res).starts_with("Alpha Brief"),
        "{}",
        title_of(&res)
    );
    // Names are refused unless allowed (DNS rebinding), and so is another port.
    for host in [
        format!("evil.example:{port}"),
        format!("{}:{}", lan.ip(), port.wrapping_add(1)),
        lan.ip().to_string(),
    ] {
        assert_eq!(get(lan, &host, "/briefs/alpha/").status, 403, "{host}");
    }
    assert_eq!(
        get(lan, &format!("my-box.test:{port}"), "/briefs/alpha/").status,
        200
    );
    // The event stream accepts a page from that address, and no other.
    let origin = format!("http://{lan}");
    for (origin, status) in [(origin.as_str(), "200"), ("http://evil.example", "403")] {
        let req = format!(
            "GET {EVENTS_PATH} HTTP/1.1\r\nHost: {lan}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n"
        );
        let mut stream = TcpStream::connect(lan).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(req.as_bytes()).unwrap();
        let mut head = [0; 12];
        stream.read_exact(&mut head).unwrap();
        assert_eq!(&head[9..12], status.as_bytes(), "{origin}");
    }
}

#[test]
fn a_foreign_host_is_refused() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let serve = Serve::start(&fixture, &[]);
    let evil = format!("evil.example:{}", serve.addr.port());
    for path in [
        "/",
        "/briefs/alpha/",
        "/extra.css",
        EVENTS_PATH,
        "/__dossier/livereload.js",
    ] {
        let res = get(serve.addr, &evil, path);
        assert_eq!(res.status, 403, "{path}");
        assert!(!res.text().contains("Alpha Brief"), "{path}");
    }
    assert_eq!(serve.get("/briefs/alpha/").status, 200);
}

#[test]
fn traversal_never_reaches_outside_files() {
    let fixture = Fixture::new("title: Test Briefings\n");
    // Plant the secret wherever a traversal from the served folder
    // (<tmp>/dossier-serve-*) or from the site folder could land.
    let root = fixture.scratch();
    for rel in [
        "secret",
        "etc/passwd",
        "tmp/secret",
        "tmp/etc/passwd",
        "site/secret",
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, SECRET).unwrap();
    }
    let serve = Serve::start(&fixture, &[]);
    for path in [
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e%5c..%5csecret",
        "/%2e%2e/secret",
        "/%2e%2e/%2e%2e/secret",
        "/..%2fsecret",
        "/..%5csecret",
        "/briefs/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
    ] {
        let res = serve.get(path);
        let text = res.text();
        assert!(
            matches!(res.status, 400 | 404),
            "{path}: status {} {text:?}",
            res.status
        );
        assert!(!text.contains(SECRET), "{path}: a planted file was served");
        assert!(!text.contains("root:"), "{path}: /etc/passwd was served");
    }
    assert_eq!(serve.get("/briefs/alpha/").status, 200);
}

#[test]
fn a_base_path_prefixes_the_url_and_the_events() {
    let fixture = Fixture::new("title: Test Briefings\nbase_url: https://example.org/briefings/\n");
    let serve = Serve::start(&fixture, &[]);
    assert_eq!(serve.base_path, "/briefings/");
    assert_eq!(serve.url, format!("http://{}/briefings/", serve.host()));
    let page = serve.path("briefs/alpha/");
    assert_eq!(page, "/briefings/briefs/alpha/");
    assert_eq!(serve.get(&page).status, 200);
    let root = serve.get("/");
    assert!(matches!(root.status, 301 | 302 | 307 | 308), "{root:?}");
    assert_eq!(root.header("location"), Some("/briefings/"));
    // Links in the served pages point at the preview, not the deployed site.
    assert!(!serve.get(&page).text().contains("example.org"));

    let mut events = Events::open(&serve);
    fixture.write(
        "content/briefs/alpha.md",
        &brief("Alpha Under Base", "2023-06-14"),
    );
    let ev = events.expect_reload_of(&page);
    assert!(ev.paths().is_some_and(|p| p.contains(&page)), "{ev:?}");
    assert!(title_of(&serve.get(&page)).starts_with("Alpha Under Base"));
}

/// What a script (or a quick author) does: wait for the `Serving at` line,
/// then edit. The edit must show up, however soon it comes.
#[test]
fn an_edit_made_as_soon_as_serving_starts_is_not_lost() {
    for round in 1..=3 {
        let fixture = Fixture::new("title: Test Briefings\n");
        let serve = Serve::start_unwatched(&fixture, &[]);
        let title = format!("Alpha Edited At Once {round}");
        fixture.write("content/briefs/alpha.md", &brief(&title, "2023-06-14"));
        let page = serve.path("briefs/alpha/");
        let deadline = Instant::now() + WAIT;
        loop {
            let res = serve.get(&page);
            if title_of(&res).starts_with(&title) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "round {round}: an edit saved right after `Serving at` was never picked up; \
                 still serving {:?}; stderr:\n{}",
                title_of(&res),
                serve.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
