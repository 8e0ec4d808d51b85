//! Runs one case through the public API (`load_config`, `compile` and every page
//! rendered in memory; now and then a full `build` to disk) and checks what must
//! hold for any input:
//!
//! - no panic, and no run longer than the hang limit;
//! - an error is a list of diagnostics that each name an existing file of the site,
//!   with a line inside that file, and that render without panicking;
//! - on success every page is UTF-8 HTML from `<!DOCTYPE html>` to `</html>` with
//!   no front matter marker (`<x-probe>`) unescaped, and, unless the site allows raw
//!   HTML, no `<script`, no dangerous element in the body, no `on*` attribute and no
//!   `javascript:`, `vbscript:` or `data:` link; a brief title carrying the marker
//!   shows it escaped.

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once, mpsc};
use std::time::{Duration, Instant};

use dossier::config::RawHtml;
use dossier::{BuildOptions, BuildRequest, Error};

use crate::case::Case;
use crate::inputs::PROBE;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Panic,
    Hang,
    Slow,
    Property,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: Kind,
    /// What makes two findings the same bug: the panic location, the property.
    pub key: String,
    /// The message, for the report.
    pub detail: String,
}

impl Finding {
    fn property(key: &str, detail: impl Into<String>) -> Finding {
        Finding {
            kind: Kind::Property,
            key: key.to_owned(),
            detail: detail.into(),
        }
    }

    pub fn signature(&self) -> String {
        format!("{:?}: {}", self.kind, self.key)
    }
}

pub struct Outcome {
    /// The site compiled and every page rendered.
    pub built: bool,
    pub findings: Vec<Finding>,
    /// Normalised error messages: a cheap stand-in for coverage.
    pub features: Vec<String>,
    pub elapsed: Duration,
}

/// Runs taking longer than this are findings (in long runs only).
pub const SLOW: Duration = Duration::from_secs(2);

static ACTIVE: AtomicUsize = AtomicUsize::new(0);
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Panics inside a run are expected findings: record them instead of printing.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if ACTIVE.load(Ordering::SeqCst) > 0 {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(format!("{location}|{message}"));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs a case on its own thread, waiting at most `hang` for it.
pub fn run(case: &Case, full_build: bool, hang: Duration) -> Outcome {
    install_hook();
    let case = case.clone();
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| check(&case, full_build)));
        // The receiver is gone only after a hang was reported.
        let _ = tx.send(result);
    });
    let received = rx.recv_timeout(hang);
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    let elapsed = start.elapsed();
    let mut outcome = match received {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(payload)) => {
            let recorded = LAST_PANIC
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or_default();
            let (location, message) = recorded.split_once('|').unwrap_or(("?", ""));
            let message = if message.is_empty() {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            } else {
                message.to_owned()
            };
            Outcome {
                built: false,
                findings: vec![Finding {
                    kind: Kind::Panic,
                    key: location.to_owned(),
                    detail: message,
                }],
                features: vec![format!("panic {location}")],
                elapsed,
            }
        }
        Err(_) => Outcome {
            built: false,
            findings: vec![Finding {
                kind: Kind::Hang,
                key: "hang".into(),
                detail: format!("no answer after {hang:?}"),
            }],
            features: Vec::new(),
            elapsed,
        },
    };
    outcome.elapsed = elapsed;
    if elapsed > SLOW && outcome.findings.iter().all(|f| f.kind != Kind::Hang) {
        outcome.findings.push(Finding {
            kind: Kind::Slow,
            key: "slow".into(),
            detail: format!("{} ms", elapsed.as_millis()),
        });
    }
    outcome
}

fn check(case: &Case, full_build: bool) -> Outcome {
    let temp = tempfile::Builder::new()
        .prefix("dossier-fuzz-")
        .tempdir()
        .expect("a temporary folder");
    let site = temp.path().join("site");
    case.write_into(&site).expect("the case is written");
    let mut findings = Vec::new();
    let mut features = Vec::new();
    let mut built = false;

    let allow = match dossier::load_config(&site, None) {
        Ok(config) => config.markdown.raw_html == RawHtml::Allow,
        Err(e) => {
            check_error(&site, &e, &mut findings, &mut features);
            false
        }
    };
    let options = BuildOptions {
        drafts: true,
        future: true,
    };
    match dossier::compile(&site, None, options) {
        Ok(compiled) => {
            let renderer = compiled.renderer();
            match renderer.render_pages(&renderer.pages()) {
                Ok(pages) => {
                    built = true;
                    features.push("ok".into());
                    let mut elements = std::collections::BTreeSet::new();
                    for page in &pages {
                        check_page(&page.file, page.html.as_bytes(), allow, &mut findings);
                        if page.file.starts_with("briefs/") || page.file.starts_with("people/") {
                            let links = page.html.matches("class=\"mention\"").count();
                            elements.insert(format!("mention links {}", links.min(8)));
                            for tag in tags(&page.html) {
                                elements.insert(format!("<{}>", tag.name.to_ascii_lowercase()));
                            }
                        }
                    }
                    features.extend(elements);
                    let probed_title = compiled.site.briefs.iter().any(|b| b.title.contains(PROBE));
                    if probed_title && !pages.iter().any(|p| p.html.contains("&lt;x-probe&gt;")) {
                        findings.push(Finding::property(
                            "probe-missing",
                            "a brief title holds <x-probe> but no page shows it escaped",
                        ));
                    }
                }
                Err(diags) => {
                    check_error(&site, &Error::Content(diags), &mut findings, &mut features)
                }
            }
        }
        Err(e) => check_error(&site, &e, &mut findings, &mut features),
    }

    if full_build {
        let out = temp.path().join("out");
        let request = BuildRequest {
            output: Some(out.clone()),
            ..BuildRequest::new(&site)
        };
        match dossier::build(&request) {
            Ok(_) => {
                for (file, bytes) in output_files(&out) {
                    if file.ends_with(".html") {
                        check_page(&file, &bytes, allow, &mut findings);
                    }
                }
            }
            Err(e) => check_error(&site, &e, &mut findings, &mut Vec::new()),
        }
    }
    dedup(&mut findings);
    Outcome {
        built,
        findings,
        features,
        elapsed: Duration::ZERO,
    }
}

fn dedup(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert(f.signature()));
}

fn output_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a readable output folder") {
            let path = entry.expect("a readable output entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("under the output")
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).expect("a readable output file")));
            }
        }
    }
    out
}

/// A diagnostic's message with quoted parts and numbers blanked: the same message
/// template counts as the same behaviour.
fn feature_of(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '`' | '"') => {
                quote = Some(c);
                out.push('_');
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('0') {
                    out.push('0');
                }
            }
            None => out.push(c),
        }
        if out.len() > 80 {
            break;
        }
    }
    out
}

fn check_error(
    site: &Path,
    error: &Error,
    findings: &mut Vec<Finding>,
    features: &mut Vec<String>,
) {
    // Rendering the whole error draws every snippet: it must not panic either.
    let shown = error.to_string();
    match error {
        Error::Content(diags) => {
            if !diags.iter().any(|d| d.is_error()) {
                findings.push(Finding::property("error-without-error", shown.clone()));
            }
            for d in diags {
                features.push(feature_of(&d.message));
                if d.path.as_os_str().is_empty() {
                    findings.push(Finding::property("diagnostic-without-file", d.to_string()));
                    continue;
                }
                let file = if d.path.is_absolute() {
                    d.path.clone()
                } else {
                    site.join(&d.path)
                };
                if !file.starts_with(site) {
                    // A write that failed names the output file it could not write
                    // (the site folder holds only inputs).
                    features.push(format!(
                        "output error: {}",
                        feature_of(d.message.rsplit(": ").next().unwrap_or(""))
                    ));
                    continue;
                }
                let Ok(bytes) = std::fs::read(&file) else {
                    if !file.is_dir() {
                        findings.push(Finding::property(
                            "diagnostic-names-missing-file",
                            d.to_string(),
                        ));
                    }
                    continue;
                };
                // YAML ends a line at LF, CRLF or a lone CR.
                let lines = bytes
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| {
                        b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
                    })
                    .count()
                    + 1;
                if d.line().is_some_and(|l| l > lines) {
                    findings.push(Finding::property(
                        "diagnostic-line-past-end",
                        format!("{d} (the file has {lines} lines)"),
                    ));
                }
            }
        }
        Error::Io { path, .. } | Error::Site { path, .. } | Error::Write { path, .. } => {
            features.push(feature_of(&shown));
            if path.as_os_str().is_empty() {
                findings.push(Finding::property("io-error-without-file", shown));
            }
        }
        Error::UnsafeOutput { .. }
        | Error::OutputRefused { .. }
        | Error::OutputLocked { .. }
        | Error::Listen { .. } => {
            findings.push(Finding::property("unexpected-error", shown));
        }
    }
}

/// The tag by which the built-in theme's brief pages load its copy buttons' script.
const THEME_SCRIPT: &str = "<script src=\"../../copy.js\" defer></script>";

const BODY_DENY: &[&str] = &[
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "textarea",
    "button",
    "select",
    "math",
    "template",
    "noscript",
    "frame",
    "frameset",
    "applet",
    "x-probe",
    "x-body",
    "html",
    "head",
    "body",
    "svg:script",
    "foreignobject",
];

/// `page` without the theme's own scripts and search form, blanked out with
/// spaces so offsets stay: the search script (`<script src="<root>search.js"
/// defer>`, the root (the site's path on the 404 page) holding no quote or
/// angle bracket), JSON-LD elements whose
/// JSON holds no `<` (the build escapes it, so no value can have closed the
/// element), and the header's search form when it holds only its own elements.
fn without_theme_parts(page: &str) -> String {
    let mut out = page.to_owned();
    let blank = |out: &mut String, from: usize, to: usize| {
        out.replace_range(from..to, &" ".repeat(to - from));
    };
    let search_open = "<script src=\"";
    let search_close = "search.js\" defer></script>";
    let mut from = 0;
    while let Some(i) = out[from..].find(search_open).map(|i| i + from) {
        let rest = &out[i + search_open.len()..];
        let root_len = rest.find(['"', '<', '>']).unwrap_or(rest.len());
        let root_len = rest[..root_len].rfind('/').map_or(0, |i| i + 1);
        if rest[root_len..].starts_with(search_close) {
            let end = i + search_open.len() + root_len + search_close.len();
            blank(&mut out, i, end);
        }
        from = i + 1;
    }
    let ld_open = "<script type=\"application/ld+json\">";
    let mut from = 0;
    while let Some(i) = out[from..].find(ld_open).map(|i| i + from) {
        let body = i + ld_open.len();
        if let Some(len) = out[body..].find("</script>")
            && !out[body..body + len].contains('<')
        {
            blank(&mut out, i, body + len + "</script>".len());
        }
        from = i + 1;
    }
    let form_open = "<form class=\"site-search\" role=\"search\"";
    if let Some(i) = out.to_ascii_lowercase().find(form_open)
        && let Some(len) = out[i..].find("</form>")
    {
        let end = i + len + "</form>".len();
        let own = tags(&out[i..end]).iter().all(|t| {
            !t.stray
                && matches!(
                    t.name.to_ascii_lowercase().as_str(),
                    "form" | "label" | "input" | "noscript" | "p" | "a"
                )
        });
        if own {
            blank(&mut out, i, end);
        }
    }
    out
}

fn check_page(file: &str, bytes: &[u8], allow: bool, findings: &mut Vec<Finding>) {
    let Ok(html) = std::str::from_utf8(bytes) else {
        findings.push(Finding::property("page-not-utf8", file));
        return;
    };
    if !html.starts_with("<!DOCTYPE html>") || !html.trim_end().ends_with("</html>") {
        findings.push(Finding::property("page-not-a-document", file));
    }
    let lower = html.to_ascii_lowercase();
    // The whole marker: a body may hold `<x-probe` text that is not from front
    // matter (a `<` before a name), and `allow` passes it through.
    if let Some(at) = lower.find(PROBE) {
        findings.push(Finding::property(
            "front-matter-unescaped",
            format!("{file}: …{}…", excerpt(html, at)),
        ));
    }
    if allow {
        return;
    }
    // The theme's scripts and search form are fixed markup no content reaches, so
    // only other script tags are findings.
    let html = &without_theme_parts(&html.replacen(THEME_SCRIPT, "", 1));
    let lower = html.to_ascii_lowercase();
    if let Some(at) = lower.find("<script") {
        findings.push(Finding::property(
            "script",
            format!("{file}: …{}…", excerpt(html, at)),
        ));
    }
    let body_start = lower.find("<body").unwrap_or(0);
    for tag in tags(&html[body_start..]) {
        let name = tag.name.to_ascii_lowercase();
        if tag.stray {
            findings.push(Finding::property(
                "stray-angle-bracket",
                format!("{file}: …{}…", excerpt(html, body_start + tag.at)),
            ));
            continue;
        }
        if tag.at > 0 && BODY_DENY.contains(&name.as_str()) {
            findings.push(Finding::property(
                &format!("element-{name}"),
                format!("{file}: …{}…", excerpt(html, body_start + tag.at)),
            ));
        }
        for (attr, value) in &tag.attrs {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                findings.push(Finding::property(
                    "event-handler",
                    format!("{file}: …{}…", excerpt(html, body_start + tag.at)),
                ));
            }
            if matches!(
                attr.as_str(),
                "href" | "src" | "xlink:href" | "action" | "formaction" | "srcset"
            ) {
                let v: String = decode_entities(value)
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if v.starts_with("javascript:")
                    || v.starts_with("vbscript:")
                    || v.starts_with("data:")
                {
                    findings.push(Finding::property(
                        "unsafe-link",
                        format!("{file}: …{}…", excerpt(html, body_start + tag.at)),
                    ));
                }
            }
        }
    }
}

fn excerpt(html: &str, at: usize) -> String {
    let mut start = at.saturating_sub(60);
    while !html.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 100).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    html[start..end].replace('\n', "⏎")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        match end {
            Some(e) => {
                let ent = &rest[1..e];
                let c = match ent {
                    "colon" => Some(':'),
                    "Tab" | "tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    "amp" => Some('&'),
                    _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                        u32::from_str_radix(&ent[2..], 16)
                            .ok()
                            .and_then(char::from_u32)
                    }
                    _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                match c {
                    Some(c) => out.push(c),
                    None => out.push_str(&rest[..=e]),
                }
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

struct Tag {
    at: usize,
    name: String,
    attrs: Vec<(String, String)>,
    /// A `<` that starts no tag, comment or declaration: text left unescaped.
    stray: bool,
}

/// A small tokenizer: enough to find element names and attributes in well-formed
/// output, and any `<` that starts none.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let at = i;
        i += 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if i < b.len() && (b[i] == b'!' || b[i] == b'?') {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        let closing = i < b.len() && b[i] == b'/';
        if closing {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        let name = html[name_start..i].to_owned();
        if name.is_empty() || !b[name_start].is_ascii_alphabetic() {
            out.push(Tag {
                at,
                name,
                attrs: Vec::new(),
                stray: true,
            });
            continue;
        }
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let a0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let attr = html[a0..i].to_owned();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let v0 = i + 1;
                    let end = html[v0..].find(q as char).map_or(b.len(), |e| v0 + e);
                    value = html[v0..end].to_owned();
                    i = (end + 1).min(b.len());
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v0..i].to_owned();
                }
            }
            if attr.is_empty() {
                i += 1;
            } else {
                attrs.push((attr, value));
            }
        }
        if !closing {
            out.push(Tag {
                at,
                name,
                attrs,
                stray: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_scanner_sees_what_it_must() {
        let html = "<body><p class=\"a\">x &lt; y</p><a href=\"jav&#x61;script:1\">l</a>< x <img src=x onerror=y>";
        let mut findings = Vec::new();
        check_page(
            "f",
            format!("<!DOCTYPE html>{html}</html>").as_bytes(),
            false,
            &mut findings,
        );
        let keys: Vec<&str> = findings.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["unsafe-link", "stray-angle-bracket", "event-handler"],
            "{findings:?}"
        );
    }
}
