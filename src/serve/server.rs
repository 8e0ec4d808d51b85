//! The development HTTP server: serves the built site from one folder on
//! loopback, injects the live-reload script into HTML, and streams reload
//! events to open tabs.
//!
//! This module owns request handling and what keeps a preview server from
//! becoming a file server for the whole disk, with `serve::files` (URL-to-path
//! mapping: decode once, refuse `.`/`..`/`\`/NUL/`:` segments, then canonicalize
//! and check the result is still under the canonical root, which also catches
//! symlinks): the `Host` allow-list against DNS rebinding, and the `Origin`
//! check on the event stream. It never writes to disk and never sends CORS
//! headers.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;

use super::files::{
    Contents, Opened, Resolved, confined, content_type, decode_segments, etag, file_stream,
    if_none_match, open_file, resolve,
};
use super::reload::{self, EVENTS_PATH, LiveReload, SCRIPT_PATH};

/// Where and how to serve the built site.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The served folder (the built site). Canonicalized on every request,
    /// so an output folder swapped in by rename (or a re-pointed symlink) is
    /// picked up at once.
    pub root: PathBuf,
    /// "/" or e.g. "/briefings/": the site is served under this prefix, so
    /// the preview uses the same URLs as the deployed site; "/" redirects
    /// there. A missing leading or trailing slash is added.
    pub base_path: String,
    /// Host header values accepted, e.g. ["127.0.0.1:1111","localhost:1111"].
    /// Anything else is refused, so a page on another site cannot reach this
    /// server through a rebound DNS name. Compared without regard to case.
    /// The address a connection arrived on (`192.168.1.5:1111` when bound to
    /// `0.0.0.0` and reached over the LAN) is accepted on that connection on
    /// top of these: an address is not a name, so it cannot be rebound.
    pub allowed_hosts: Vec<String>,
    /// Bounds on what clients may hold.
    pub limits: Limits,
}

/// Bounds that keep idle or slow clients from exhausting file descriptors and
/// memory: every connection costs both, and nothing else ends one that never
/// sends a request.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client may take to send the headers of a request, counted
    /// from when the server starts waiting for them: from the accept, and
    /// again after each response of a kept-alive connection, so idle
    /// connections are closed too. An open event stream is a response in
    /// progress and is not affected.
    pub header_timeout: Duration,
    /// Connections served at once, event streams aside. Beyond it, new
    /// connections wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// Event streams (one per open tab) at once; a connection that opens one
    /// stops counting against `max_connections`. One more is answered 503.
    pub max_event_streams: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            max_event_streams: 64,
        }
    }
}

/// Prefix reserved for the server's own endpoints; never looked up on disk.
const RESERVED_PREFIX: &str = "/__dossier/";

/// How long open connections may take to finish after shutdown is asked
/// for, before `run` returns anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Browsers wait this long before reconnecting a dropped event stream; a
/// second is enough to come back quickly after a restart.
const SSE_RETRY: Duration = Duration::from_secs(1);

/// Pause after a failed accept (out of file descriptors, say) before trying
/// again, so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Characters escaped when a decoded path segment goes back into a URL.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

struct App {
    root: PathBuf,
    base_path: String,
    allowed_hosts: Vec<String>,
    live: Arc<LiveReload>,
    stopping: watch::Receiver<bool>,
    limits: Limits,
    /// Permits for event streams; see [`Limits::max_event_streams`].
    streams: Arc<Semaphore>,
}

/// What a request knows of its connection (a request extension).
#[derive(Clone)]
struct Connection {
    /// The address the client connected to: one of this machine's.
    local: Option<SocketAddr>,
    /// The permit the connection holds: a connection permit, swapped for an
    /// event-stream permit when the connection becomes an event stream.
    permit: Arc<Mutex<Option<OwnedSemaphorePermit>>>,
}

/// Serve until `shutdown` resolves. The caller binds the listener (so it can
/// report the port and a bind error).
///
/// Fails at once, naming the folder, if `root` is missing or not a folder,
/// and with `InvalidInput` if `allowed_hosts` is empty (every request would
/// be refused) or a limit is zero. After `shutdown` resolves, open event
/// streams are closed so the browser tabs let go, and `run` returns within a
/// couple of seconds even if some client holds its connection open.
pub async fn run(
    listener: TcpListener,
    config: ServerConfig,
    live: Arc<LiveReload>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    if config.allowed_hosts.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no allowed Host values: every request would be refused",
        ));
    }
    let limits = config.limits;
    if limits.max_connections == 0 || limits.max_event_streams == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "connection limits must be at least 1",
        ));
    }
    let root_is_dir = config
        .root
        .canonicalize()
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", config.root.display())))?
        .is_dir();
    if !root_is_dir {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a folder", config.root.display()),
        ));
    }
    let (stop_tx, stopping) = watch::channel(false);
    let app = Arc::new(App {
        root: config.root,
        base_path: normalize_base_path(&config.base_path),
        allowed_hosts: config
            .allowed_hosts
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
        live,
        stopping,
        limits,
        streams: Arc::new(Semaphore::new(limits.max_event_streams)),
    });

    // A permit is taken before each accept, so beyond the cap connections
    // wait in the kernel's backlog instead of piling up here.
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let mut tasks = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        while tasks.try_join_next().is_some() {}
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = Arc::clone(&connections).acquire_owned() => {
                permit.map_err(|_| io::Error::other("connection semaphore closed"))?
            }
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // The client gave up before the accept, or the process is
                    // out of descriptors: either way try again shortly.
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        tasks.spawn(serve_connection(Arc::clone(&app), stream, permit));
    }

    // Ends every event stream (see `events`) and asks every connection to
    // finish its response and close, so shutdown is not held up by tabs
    // that would otherwise listen forever.
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = async { while tasks.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drained).await;
    // Dropping `tasks` aborts the connections that are still open.
    Ok(())
}

/// Serves one connection over HTTP/1.1 until the client closes it, the
/// header timeout ends it, or the server stops. `permit` is held until then.
async fn serve_connection(app: Arc<App>, stream: TcpStream, permit: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let info = Connection {
        local: stream
            .local_addr()
            .ok()
            .map(|a| SocketAddr::new(a.ip().to_canonical(), a.port())),
        permit: Arc::new(Mutex::new(Some(permit))),
    };
    let mut stopping = app.stopping.clone();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(app.limits.header_timeout);
    let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let app = Arc::clone(&app);
        let mut req = req.map(Body::new);
        req.extensions_mut().insert(info.clone());
        async move { Ok::<_, Infallible>(handle(&app, req).await) }
    });
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

fn normalize_base_path(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Every request comes through here, so headers every response needs are
/// set in one place.
async fn handle(app: &App, req: Request) -> Response {
    // Only the head is needed; `Parts`, unlike the body, may be borrowed
    // across awaits.
    let (parts, _body) = req.into_parts();
    let mut res = route(app, &parts).await;
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

async fn route(app: &App, req: &Parts) -> Response {
    if let Some(refusal) = check_host(app, req) {
        return refusal;
    }

    let is_head = req.method == Method::HEAD;
    if req.method != Method::GET && !is_head {
        let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }

    let path = req.uri.path();
    let query = req.uri.query();
    if !path.starts_with('/') {
        return plain(StatusCode::BAD_REQUEST, "400 Bad Request\n");
    }
    if path.starts_with(RESERVED_PREFIX) {
        return match path {
            SCRIPT_PATH => script(),
            EVENTS_PATH => events(app, req),
            _ => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
        };
    }

    // Map the URL onto the part of it below the base path.
    let rest = if app.base_path == "/" {
        &path[1..]
    } else if path == "/" {
        return redirect(StatusCode::TEMPORARY_REDIRECT, &app.base_path, query);
    } else if path == app.base_path.trim_end_matches('/') {
        return redirect(StatusCode::PERMANENT_REDIRECT, &app.base_path, query);
    } else if let Some(rest) = path.strip_prefix(app.base_path.as_str()) {
        rest
    } else {
        return not_found(app).await;
    };

    let Some(segments) = decode_segments(rest) else {
        return plain(StatusCode::BAD_REQUEST, "400 Bad Request: bad path\n");
    };
    if segments
        .first()
        .is_some_and(|s| s.eq_ignore_ascii_case("__dossier"))
    {
        return plain(StatusCode::NOT_FOUND, "404 Not Found\n");
    }
    let wants_dir = rest.is_empty() || rest.ends_with('/');

    let root = app.root.clone();
    let segs = segments.clone();
    let found = blocking(move || resolve(&root, &segs, wants_dir)).await;
    match found {
        Resolved::File(path) => serve_file(app, path, &req.headers, is_head).await,
        Resolved::Folder => {
            let mut location = app.base_path.clone();
            for seg in &segments {
                location.extend(utf8_percent_encode(seg, SEGMENT));
                location.push('/');
            }
            redirect(StatusCode::PERMANENT_REDIRECT, &location, query)
        }
        Resolved::NotFound => not_found(app).await,
    }
}

/// Refuse a request addressed to any name but ours (DNS rebinding: a
/// hostile page whose domain now resolves to 127.0.0.1 still sends its own
/// name). Every name the request carries must be allowed: the `Host`
/// header (exactly one) and, in absolute-form, the request target's.
fn check_host(app: &App, req: &Parts) -> Option<Response> {
    let mut hosts = req.headers.get_all(header::HOST).iter();
    let header_host = hosts.next();
    if hosts.next().is_some() {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: more than one Host header\n",
        ));
    }
    let target_host = req.uri.authority().map(|a| a.as_str());
    if header_host.is_none() && target_host.is_none() {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: no Host header\n",
        ));
    }
    let allowed = |host: &str| host_allowed(app, req, host);
    let header_ok = header_host.is_none_or(|h| h.to_str().is_ok_and(allowed));
    if header_ok && target_host.is_none_or(allowed) {
        None
    } else {
        Some(plain(
            StatusCode::FORBIDDEN,
            "403 Forbidden: unknown Host\n",
        ))
    }
}

/// Whether `host` (a `Host` value, `name:port`) names this server: one of
/// the configured names, or the address the request's connection arrived on
/// (with its port), which is how a browser on another machine names a
/// server bound to `0.0.0.0`.
fn host_allowed(app: &App, req: &Parts, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    if app.allowed_hosts.contains(&host) {
        return true;
    }
    req.extensions
        .get::<Connection>()
        .and_then(|c| c.local)
        .is_some_and(|local| local.to_string() == host)
}

/// Run blocking file-system work off the async threads. A panic there is
/// treated like a missing file rather than taking the server down.
async fn blocking<T: Default + Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap_or_default()
}

async fn serve_file(app: &App, path: PathBuf, req_headers: &HeaderMap, is_head: bool) -> Response {
    let mime = content_type(&path);
    let is_html = mime.starts_with("text/html");
    let opened = tokio::task::spawn_blocking(move || open_file(&path, is_html, is_head)).await;
    let Ok(Ok(Opened { meta, contents })) = opened else {
        // Vanished between lookup and open (a rebuild swapped it out).
        return not_found(app).await;
    };

    let modified = meta.modified().ok();
    let etag = etag(&meta, modified, is_html);
    if let Some(tag) = etag.as_ref().filter(|tag| if_none_match(req_headers, tag)) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, tag.clone());
        return res;
    }

    let (body, len) = match contents {
        Contents::Whole(bytes) => {
            let bytes = if is_html {
                reload::inject_script(&bytes)
            } else {
                bytes
            };
            let len = bytes.len() as u64;
            (Body::from(bytes), len)
        }
        Contents::Stream(file) => (Body::from_stream(file_stream(file, meta.len())), meta.len()),
        Contents::HeadOnly => (Body::empty(), meta.len()),
    };
    let mut res = Response::new(body);
    let headers = res.headers_mut();
    // Both values are built from ASCII (a MIME essence, an HTTP date), so
    // the conversions cannot fail; if one ever did, the header is left out.
    if let Ok(value) = HeaderValue::try_from(mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Some(tag) = etag {
        headers.insert(header::ETAG, tag);
    }
    if let Some(Ok(value)) = modified.map(|m| HeaderValue::try_from(httpdate::fmt_http_date(m))) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    res
}

/// The site's own `404.html` (confined like any other file, with the script
/// injected), or a plain-text 404 when the site has none.
async fn not_found(app: &App) -> Response {
    let root = app.root.clone();
    let page = blocking(move || {
        let root = root.canonicalize().ok()?;
        let (path, meta) = confined(&root, &root.join("404.html"))?;
        if !meta.is_file() {
            return None;
        }
        std::fs::read(path).ok()
    })
    .await;
    match page {
        Some(html) => {
            let body = reload::inject_script(&html);
            let mut res = (StatusCode::NOT_FOUND, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            res
        }
        None => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut res = (status, text).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Redirect to `location` (an absolute path built by this module, so never
/// `//host`-style), keeping the query string.
fn redirect(status: StatusCode, location: &str, query: Option<&str>) -> Response {
    let with_query = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_owned(),
    };
    let value = HeaderValue::try_from(with_query)
        .or_else(|_| HeaderValue::try_from(location))
        .unwrap_or_else(|_| HeaderValue::from_static("/"));
    let mut res = status.into_response();
    res.headers_mut().insert(header::LOCATION, value);
    res
}

fn script() -> Response {
    let mut res = reload::SCRIPT.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/javascript; charset=utf-8"),
    );
    res
}

/// The event stream. `Origin` is checked on top of `Host`: a page served by
/// something else on this machine (another dev server on another port)
/// reaches us with an allowed `Host`, and only its `Origin` gives it away.
///
/// A stream lasts as long as its tab, so it is counted apart from ordinary
/// connections: it takes an event-stream permit and gives back its
/// connection's, and one beyond [`Limits::max_event_streams`] is refused.
fn events(app: &App, req: &Parts) -> Response {
    if let Some(origin) = req.headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or_default().to_ascii_lowercase();
        let allowed = origin
            .strip_prefix("http://")
            .is_some_and(|host| host_allowed(app, req, host));
        if !allowed {
            return plain(StatusCode::FORBIDDEN, "403 Forbidden: unknown Origin\n");
        }
    }
    let Ok(stream_permit) = Arc::clone(&app.streams).try_acquire_owned() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 Service Unavailable: too many live-reload streams open; close some tabs\n",
        );
    };
    match req.extensions.get::<Connection>() {
        Some(conn) => {
            let mut held = conn.permit.lock().unwrap_or_else(PoisonError::into_inner);
            *held = Some(stream_permit);
        }
        // Not served through `serve_connection`: nothing to swap, and the
        // permit is simply given back.
        None => drop(stream_permit),
    }

    let base_path = app.base_path.clone();
    let mut stopping = app.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let hello = Event::default().retry(SSE_RETRY);
    let events = app.live.subscribe().into_stream().map(move |ev| {
        let ev = ev.with_base_path(&base_path);
        Event::default().event(ev.name()).data(ev.data())
    });
    let stream = stream::once(async { hello })
        .chain(events)
        .map(Ok::<_, Infallible>)
        .take_until(stopped);
    Sse::new(stream)
        .keep_alive(
            KeepAlive::new()
                .interval(app.live.keep_alive())
                .text("keep-alive"),
        )
        .into_response()
}
