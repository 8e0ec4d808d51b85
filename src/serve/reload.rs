//! The live-reload channel between the rebuilder and open browser tabs.
//!
//! This module owns three things: the [`LiveReload`] hub (a broadcast channel
//! that also remembers whether the build is currently broken), the wire format
//! of the events sent to browsers over server-sent events, and the small
//! browser script ([`SCRIPT`]) that the server injects into every HTML page it
//! serves. Nothing here touches sockets or files; `server.rs` does the I/O.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use futures_util::{Stream, StreamExt, stream};
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

/// URL of the injected script. It lives under `/__dossier/`, a prefix the
/// server never looks up on disk, so a site file can never shadow it.
pub const SCRIPT_PATH: &str = "/__dossier/livereload.js";

/// URL of the server-sent event stream the script listens to.
pub const EVENTS_PATH: &str = "/__dossier/events";

/// The tag inserted before `</body>` of every served HTML page. It is added
/// on the fly so that the built site on disk stays exactly what `build`
/// would produce.
pub const SCRIPT_TAG: &str = "<script src=\"/__dossier/livereload.js\"></script>";

/// Id of the error overlay element, shared by the script and the tests.
pub const OVERLAY_ID: &str = "dossier-error-overlay";

/// How often an idle event stream carries a comment. Proxies, browsers and
/// operating systems drop connections that stay silent too long; a comment
/// keeps the stream open without waking the script.
pub const DEFAULT_KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How many events a slow tab may fall behind before it is told to reload
/// everything instead. Rebuilds are rare, so a small buffer is plenty.
const CHANNEL_CAPACITY: usize = 64;

/// The browser side of live reload: plain ES2015 with no dependencies.
///
/// It shows build errors with `textContent` only, so a message quoting
/// markup from a broken page is displayed as text, never parsed as HTML.
/// A server-sent event named `error` is also delivered to the same listener
/// as a connection failure, so the script tells them apart by `e.data`.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var EVENTS = "/__dossier/events";
  var OVERLAY_ID = "dossier-error-overlay";
  var wasOpen = false;
  var dropped = false;

  function normalise(p) {
    try { p = decodeURIComponent(p); } catch (e) { /* keep it encoded */ }
    p = p.replace(/\/index\.html?$/, "/");
    return p.length > 1 ? p.replace(/\/+$/, "") : p;
  }
  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old && old.parentNode) { old.parentNode.removeChild(old); }
  }
  function el(tag, css, text) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function showOverlay(problems) {
    removeOverlay();
    var box = el("div", "position:fixed;top:0;left:0;right:0;max-height:100%;overflow:auto;" +
      "z-index:2147483647;box-sizing:border-box;margin:0;padding:16px 20px;background:#3b0d0d;" +
      "color:#ffe4e4;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left;" +
      "box-shadow:0 4px 16px rgba(0,0,0,.5)");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var close = el("button", "float:right;font:inherit;cursor:pointer", "\u00d7");
    close.setAttribute("aria-label", "Dismiss");
    close.onclick = removeOverlay;
    box.appendChild(close);
    box.appendChild(el("div", "font-weight:bold;margin-bottom:8px",
      "Build failed \u2014 this page is the last good version."));
    for (var i = 0; i < problems.length; i++) {
      var p = problems[i];
      box.appendChild(el("div", "margin-top:8px;font-weight:bold",
        p.path + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "")));
      box.appendChild(el("pre", "margin:0;white-space:pre-wrap", String(p.message)));
    }
    (document.body || document.documentElement).appendChild(box);
  }
  function refreshCss() {
    var links = document.querySelectorAll("link[rel~=stylesheet]");
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (!old.href) { continue; }
      var url = new URL(old.href, location.href);
      url.searchParams.set("__dossier", String(Date.now()));
      var fresh = old.cloneNode(false);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = (function (o) {
        return function () { if (o.parentNode) { o.parentNode.removeChild(o); } };
      })(old);
      old.parentNode.insertBefore(fresh, old.nextSibling);
    }
  }
  function connect() {
    var es = new EventSource(EVENTS);
    es.addEventListener("open", function () {
      if (dropped) { location.reload(); return; }
      wasOpen = true;
    });
    es.addEventListener("reload", function (e) {
      removeOverlay();
      var paths = JSON.parse(e.data).paths;
      var here = normalise(location.pathname);
      if (paths === null) { location.reload(); return; }
      for (var i = 0; i < paths.length; i++) {
        if (normalise(paths[i]) === here) { location.reload(); return; }
      }
    });
    es.addEventListener("css", refreshCss);
    es.addEventListener("error", function (e) {
      if (typeof e.data === "string") { showOverlay(JSON.parse(e.data).problems); return; }
      if (wasOpen) { dropped = true; }
      if (es.readyState === 2) { es.close(); setTimeout(connect, 1000); }
    });
  }
  if (typeof EventSource === "function") { connect(); }
})();
"#;

/// What the watcher/rebuilder tells open browser tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReloadEvent {
    /// Pages were rebuilt. `paths` = URL paths (e.g. "/briefs/x/") whose
    /// content changed; None = everything.
    ///
    /// Paths are relative to the site root, as if the base path were `/`;
    /// the server prefixes its `base_path` before sending them, so the
    /// rebuilder never needs to know where the site is mounted.
    Reload {
        /// The changed pages, or `None` for "reload every tab".
        paths: Option<Vec<String>>,
    },
    /// Only stylesheets changed: swap `<link rel=stylesheet>` hrefs without a
    /// full reload, so scroll position and open details survive.
    Css,
    /// The build is broken; the last good site is still served. Show an
    /// overlay.
    Error {
        /// Everything that is wrong, each with its source location.
        problems: Vec<Problem>,
    },
}

/// One build problem, located in a source file so the author can jump to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Source file, as the author knows it (relative to the site folder).
    pub path: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong; plain text, shown verbatim (never parsed as HTML).
    pub message: String,
}

impl ReloadEvent {
    /// The SSE `event:` name the script listens for.
    pub fn name(&self) -> &'static str {
        match self {
            ReloadEvent::Reload { .. } => "reload",
            ReloadEvent::Css => "css",
            ReloadEvent::Error { .. } => "error",
        }
    }

    /// The SSE `data:` payload: one line of JSON (serde_json escapes
    /// newlines, so a message can't break the event framing).
    pub fn data(&self) -> String {
        #[derive(Serialize)]
        struct Paths<'a> {
            paths: &'a Option<Vec<String>>,
        }
        #[derive(Serialize)]
        struct Problems<'a> {
            problems: &'a [Problem],
        }
        let json = match self {
            ReloadEvent::Reload { paths } => serde_json::to_string(&Paths { paths }),
            ReloadEvent::Css => return "{}".to_owned(),
            ReloadEvent::Error { problems } => serde_json::to_string(&Problems { problems }),
        };
        // Serializing strings, integers and options into a String cannot
        // fail; fall back to a full reload rather than panic if it ever did.
        json.unwrap_or_else(|_| "{\"paths\":null}".to_owned())
    }

    /// The same event with every path moved under `base_path` (which starts
    /// and ends with `/`), for a site mounted below the server root.
    pub fn with_base_path(self, base_path: &str) -> ReloadEvent {
        match self {
            ReloadEvent::Reload { paths: Some(paths) } if base_path != "/" => {
                let prefix = base_path.trim_end_matches('/');
                let paths = paths
                    .into_iter()
                    .map(|p| {
                        if p.starts_with('/') {
                            format!("{prefix}{p}")
                        } else {
                            format!("{prefix}/{p}")
                        }
                    })
                    .collect();
                ReloadEvent::Reload { paths: Some(paths) }
            }
            other => other,
        }
    }
}

/// Shared hub: the rebuilder calls `send`; SSE clients subscribe.
///
/// It remembers the current error so a tab that connects (or reconnects)
/// while the build is broken sees the overlay at once, and the first
/// successful rebuild after an error is widened to a full reload so every
/// tab drops its overlay and picks up whatever changed meanwhile.
pub struct LiveReload {
    state: Mutex<State>,
    keep_alive: Duration,
}

struct State {
    sender: broadcast::Sender<ReloadEvent>,
    current_error: Option<Vec<Problem>>,
}

/// A new listener: the error to show right away (if the build is broken)
/// and the events sent from now on, with nothing lost or doubled between the
/// two.
pub struct Subscription {
    /// The problems of the current broken build, if any.
    pub current_error: Option<Vec<Problem>>,
    /// Every event sent after this subscription was taken.
    pub receiver: broadcast::Receiver<ReloadEvent>,
}

impl Subscription {
    /// The events to forward to one browser tab: the pending error first,
    /// then live events. A tab that lagged behind the channel is sent a full
    /// reload, which is always a correct (if heavier) answer.
    pub fn into_stream(self) -> impl Stream<Item = ReloadEvent> + Send + 'static {
        let first = self
            .current_error
            .map(|problems| ReloadEvent::Error { problems });
        let live = BroadcastStream::new(self.receiver).map(|item| match item {
            Ok(ev) => ev,
            Err(BroadcastStreamRecvError::Lagged(_)) => ReloadEvent::Reload { paths: None },
        });
        stream::iter(first).chain(live)
    }
}

impl Default for LiveReload {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveReload {
    /// A hub with no current error and the default keep-alive interval.
    pub fn new() -> Self {
        Self::with_keep_alive(DEFAULT_KEEP_ALIVE)
    }

    /// A hub whose event streams send keep-alive comments every `interval`.
    /// Mostly for tests, which can't wait the default 15 seconds.
    pub fn with_keep_alive(interval: Duration) -> Self {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        LiveReload {
            state: Mutex::new(State {
                sender,
                current_error: None,
            }),
            keep_alive: interval,
        }
    }

    /// How often an idle event stream carries a keep-alive comment.
    pub fn keep_alive(&self) -> Duration {
        self.keep_alive
    }

    /// Tell every open tab what happened. Never blocks and never fails: with
    /// no tab open the event is simply dropped (the error is still
    /// remembered for tabs that connect later).
    pub fn send(&self, ev: ReloadEvent) {
        let mut state = self.lock();
        let ev = match ev {
            ReloadEvent::Error { problems } => {
                state.current_error = Some(problems.clone());
                ReloadEvent::Error { problems }
            }
            // A good build after a broken one: every tab shows an overlay
            // and may have missed changes, so reload them all.
            other => {
                if state.current_error.take().is_some() {
                    ReloadEvent::Reload { paths: None }
                } else {
                    other
                }
            }
        };
        // `send` fails only when nobody is subscribed, which is fine.
        let _ = state.sender.send(ev);
    }

    /// Start listening. Taken under the same lock as `send`, so an event is
    /// either reflected in `current_error` or delivered by the receiver,
    /// never lost in between.
    pub fn subscribe(&self) -> Subscription {
        let state = self.lock();
        Subscription {
            current_error: state.current_error.clone(),
            receiver: state.sender.subscribe(),
        }
    }

    /// The problems of the current broken build, if the build is broken.
    pub fn current_error(&self) -> Option<Vec<Problem>> {
        self.lock().current_error.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is a sender and an Option, both valid after any panic,
        // so a poisoned lock is safe to keep using.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Escape text for an HTML text node or a quoted attribute value. Use it for
/// anything the server ever writes into HTML, such as build error messages.
pub use crate::html::escape as escape_html;

/// Insert [`SCRIPT_TAG`] just before the last `</body>` (matched without
/// regard to case), or append it when the page has none. Works on bytes so a
/// page in any ASCII-compatible encoding survives untouched.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let tag = SCRIPT_TAG.as_bytes();
    let mut out = Vec::with_capacity(html.len() + tag.len());
    match rfind_ascii_case_insensitive(html, b"</body") {
        Some(at) => {
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(tag);
            out.extend_from_slice(&html[at..]);
        }
        None => {
            out.extend_from_slice(html);
            out.extend_from_slice(tag);
        }
    }
    out
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(message: &str) -> Problem {
        Problem {
            path: "content/a.md".into(),
            line: Some(3),
            column: Some(7),
            message: message.into(),
        }
    }

    #[test]
    fn injects_before_last_body_case_insensitively() {
        let out = inject_script(b"<body><p>&lt;/body&gt;</p></BODY>\n</html>");
        let expected = format!("<body><p>&lt;/body&gt;</p>{SCRIPT_TAG}</BODY>\n</html>");
        assert_eq!(String::from_utf8(out).unwrap(), expected);

        let two = inject_script(b"<body></body><!-- </body> -->");
        assert_eq!(
            String::from_utf8(two).unwrap(),
            format!("<body></body><!-- {SCRIPT_TAG}</body> -->")
        );
    }

    #[test]
    fn appends_when_no_body() {
        let out = inject_script(b"<p>hi");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<p>hi{SCRIPT_TAG}")
        );
        assert_eq!(inject_script(b""), SCRIPT_TAG.as_bytes());
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape_html(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn event_payloads() {
        let all = ReloadEvent::Reload { paths: None };
        assert_eq!(
            (all.name(), all.data().as_str()),
            ("reload", r#"{"paths":null}"#)
        );
        let some = ReloadEvent::Reload {
            paths: Some(vec!["/a/".into()]),
        };
        assert_eq!(some.data(), r#"{"paths":["/a/"]}"#);
        assert_eq!(ReloadEvent::Css.name(), "css");
        let err = ReloadEvent::Error {
            problems: vec![problem("line one\nline <two>")],
        };
        assert_eq!(err.name(), "error");
        assert_eq!(
            err.data(),
            r#"{"problems":[{"path":"content/a.md","line":3,"column":7,"message":"line one\nline <two>"}]}"#
        );
        assert!(!err.data().contains('\n'));
    }

    #[test]
    fn base_path_prefixes_paths() {
        let ev = ReloadEvent::Reload {
            paths: Some(vec!["/x/".into(), "y.html".into()]),
        };
        assert_eq!(
            ev.clone().with_base_path("/briefings/"),
            ReloadEvent::Reload {
                paths: Some(vec!["/briefings/x/".into(), "/briefings/y.html".into()])
            }
        );
        assert_eq!(ev.clone().with_base_path("/"), ev);
    }

    #[test]
    fn error_is_remembered_and_cleared_by_a_good_build() {
        let live = LiveReload::new();
        assert!(live.subscribe().current_error.is_none());

        live.send(ReloadEvent::Error {
            problems: vec![problem("bad")],
        });
        let sub = live.subscribe();
        assert_eq!(sub.current_error, Some(vec![problem("bad")]));

        let mut rx = sub.receiver;
        live.send(ReloadEvent::Css);
        // The first good build after an error reloads everything.
        assert_eq!(rx.try_recv().unwrap(), ReloadEvent::Reload { paths: None });
        assert!(live.current_error().is_none());
        // Later events pass through unchanged.
        live.send(ReloadEvent::Css);
        assert_eq!(rx.try_recv().unwrap(), ReloadEvent::Css);
    }

    #[tokio::test]
    async fn stream_starts_with_pending_error() {
        let live = LiveReload::new();
        live.send(ReloadEvent::Error {
            problems: vec![problem("bad")],
        });
        let stream = live.subscribe().into_stream();
        live.send(ReloadEvent::Css);
        let events: Vec<_> = stream.take(2).collect().await;
        assert_eq!(
            events,
            vec![
                ReloadEvent::Error {
                    problems: vec![problem("bad")]
                },
                ReloadEvent::Reload { paths: None }
            ]
        );
    }

    #[tokio::test]
    async fn lagging_stream_gets_a_full_reload() {
        let live = LiveReload::new();
        let stream = live.subscribe().into_stream();
        for _ in 0..CHANNEL_CAPACITY + 5 {
            live.send(ReloadEvent::Css);
        }
        let first: Vec<_> = stream.take(2).collect().await;
        assert_eq!(
            first,
            vec![ReloadEvent::Reload { paths: None }, ReloadEvent::Css]
        );
    }
}
