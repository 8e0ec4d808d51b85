//! The injected live-reload script: how it is served, and how it behaves
//! against a minimal fake DOM in Node.js (which must be installed).

use std::process::Command;

use super::reload::{EVENTS_PATH, OVERLAY_ID, SCRIPT, SCRIPT_PATH};
use super::{TestServer, site};

#[test]
fn script_is_served_as_javascript() {
    let dir = site(&[]);
    let server = TestServer::start(dir.path(), "/");
    let res = server.get(SCRIPT_PATH);
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("content-type"),
        Some("application/javascript; charset=utf-8")
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.text(), SCRIPT);
    assert_eq!(res.content_length(), SCRIPT.len());
}

#[test]
fn script_uses_text_not_markup() {
    assert!(SCRIPT.contains(EVENTS_PATH));
    assert!(SCRIPT.contains(OVERLAY_ID));
    assert!(SCRIPT.contains("textContent"));
    for banned in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!SCRIPT.contains(banned), "script uses {banned}");
    }
    let lines = SCRIPT.lines().count();
    assert!(lines < 120, "script grew to {lines} lines");
}

/// A fake browser: just enough DOM, `location` and `EventSource` to drive
/// the script. Setting `innerHTML` anywhere throws.
const HARNESS: &str = r#"
"use strict";
const assert = require("assert");
let reloads = 0;
const timers = [];
function Node(tag) {
  this.tagName = tag; this.children = []; this.parentNode = null; this.style = {};
  this.attrs = {}; this.text = ""; this.id = "";
}
Node.prototype = {
  get textContent() { return this.text + this.children.map(c => c.textContent).join(""); },
  set textContent(v) { this.text = String(v); this.children = []; },
  set innerHTML(v) { throw new Error("innerHTML used"); },
  get href() { return this.attrs.href; },
  set href(v) { this.attrs.href = v; },
  appendChild(c) { c.parentNode = this; this.children.push(c); return c; },
  removeChild(c) { this.children = this.children.filter(x => x !== c); c.parentNode = null; },
  insertBefore(c, ref) {
    c.parentNode = this;
    const i = ref ? this.children.indexOf(ref) : -1;
    if (i < 0) this.children.push(c); else this.children.splice(i, 0, c);
  },
  setAttribute(k, v) { this.attrs[k] = String(v); },
  getAttribute(k) { return this.attrs[k]; },
  cloneNode() { const n = new Node(this.tagName); n.attrs = Object.assign({}, this.attrs); return n; },
};
function all(node) { return [node].concat(...node.children.map(all)); }
const html = new Node("html"), head = new Node("head"), body = new Node("body");
html.appendChild(head); html.appendChild(body);
const sheet = new Node("link"); sheet.attrs = { rel: "stylesheet", href: "http://127.0.0.1:1111/style.css?v=1" };
head.appendChild(sheet);
global.document = {
  body, documentElement: html,
  createElement: tag => new Node(tag),
  getElementById: id => all(html).find(n => n.id === id) || null,
  querySelectorAll: sel => {
    assert.strictEqual(sel, "link[rel~=stylesheet]");
    return all(html).filter(n => n.tagName === "link" && n.attrs.rel.split(" ").includes("stylesheet"));
  },
};
global.location = { pathname: "/briefs/x/", href: "http://127.0.0.1:1111/briefs/x/", reload() { reloads++; } };
global.setTimeout = (fn, ms) => { timers.push(fn); };
const sources = [];
global.EventSource = function (url) {
  this.url = url; this.readyState = 0; this.listeners = {}; this.closed = false; sources.push(this);
};
EventSource.prototype.addEventListener = function (t, fn) { (this.listeners[t] = this.listeners[t] || []).push(fn); };
EventSource.prototype.close = function () { this.closed = true; this.readyState = 2; };
EventSource.prototype.fire = function (t, data) {
  const e = data === undefined ? { type: t } : { type: t, data: JSON.stringify(data) };
  (this.listeners[t] || []).forEach(fn => fn(e));
};
const overlay = () => document.getElementById("dossier-error-overlay");

require(process.argv[2]);
assert.strictEqual(sources.length, 1);
const es = sources[0];
assert.strictEqual(es.url, "/__dossier/events");
es.readyState = 1; es.fire("open");
assert.strictEqual(reloads, 0, "first open must not reload");

// reload: only for this page, with trailing slash and index.html normalised.
es.fire("reload", { paths: ["/other/", "/briefs/x/more/"] });
assert.strictEqual(reloads, 0);
es.fire("reload", { paths: ["/briefs/x/index.html"] }); assert.strictEqual(reloads, 1);
es.fire("reload", { paths: ["/briefs/x"] }); assert.strictEqual(reloads, 2);
es.fire("reload", { paths: null }); assert.strictEqual(reloads, 3);

// error: an overlay built from text, never markup.
const evil = "<img src=x onerror=alert(1)>";
es.fire("error", { problems: [
  { path: "content/a.md", line: 3, column: 7, message: evil },
  { path: "templates/b.html", line: 1, column: 2, message: "second" },
] });
assert.ok(overlay(), "overlay shown");
assert.strictEqual(overlay().parentNode, body);
assert.ok(overlay().style.cssText.includes("position:fixed"));
const text = overlay().textContent;
assert.ok(text.includes("content/a.md:3:7"), text);
assert.ok(text.includes(evil), text);
assert.ok(text.includes("templates/b.html:1:2"), text);
assert.ok(!all(overlay()).some(n => n.tagName === "img"), "markup was parsed");
// A second error replaces the overlay rather than stacking.
es.fire("error", { problems: [{ path: "c.md", line: 1, column: 1, message: "m" }] });
assert.strictEqual(all(html).filter(n => n.id === "dossier-error-overlay").length, 1);
// The next reload event removes it, even one for another page.
es.fire("reload", { paths: ["/elsewhere/"] });
assert.strictEqual(overlay(), null);
assert.strictEqual(reloads, 3);

// css: a fresh, cache-busted link replaces the old one once it loads.
es.fire("css");
assert.strictEqual(reloads, 3, "css must not reload");
let links = document.querySelectorAll("link[rel~=stylesheet]");
assert.strictEqual(links.length, 2);
const fresh = links.find(l => l !== sheet);
assert.ok(/[?&]__dossier=\d+/.test(fresh.href), fresh.href);
assert.ok(fresh.href.includes("v=1"), fresh.href);
fresh.onload();
links = document.querySelectorAll("link[rel~=stylesheet]");
assert.deepStrictEqual(links, [fresh]);

// A connection error is not an overlay (it carries no data).
es.readyState = 0; es.fire("error");
assert.strictEqual(overlay(), null);
// When the server comes back, reload exactly once.
es.readyState = 1; es.fire("open");
assert.strictEqual(reloads, 4);

// If the browser gives up (CLOSED), the script reconnects by itself.
const es2src = sources.length;
es.readyState = 2; es.fire("error");
assert.strictEqual(timers.length, 1);
timers.shift()();
assert.strictEqual(sources.length, es2src + 1);
const es2 = sources[sources.length - 1];
es2.readyState = 1; es2.fire("open");
assert.strictEqual(reloads, 5);
console.log("script behaviour OK");
"#;

#[test]
fn script_behaves_in_a_fake_browser() {
    if let Err(e) = Command::new("node").arg("--version").output() {
        panic!(
            "cannot run `node` ({e}): Node.js is needed to test the live-reload script; \
             install it (Debian: `apt-get install -y nodejs`; `.ci/run` installs it when missing)"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let harness = dir.path().join("harness.js");
    let script = dir.path().join("livereload.js");
    std::fs::write(&harness, HARNESS).unwrap();
    std::fs::write(&script, SCRIPT).unwrap();
    let out = Command::new("node")
        .arg(&harness)
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("script behaviour OK"));
}
