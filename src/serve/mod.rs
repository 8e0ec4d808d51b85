//! `dossier serve`: build, serve on loopback, watch, rebuild what changed, reload
//! the browser. The only module with sockets, file watching and threads (but for the
//! progress line's drawing thread).
//!
//! `server` serves the built folder and the event stream; `reload` owns the
//! channel between the rebuilder and the browser, and the injected script;
//! `watch` turns file events into batches. The rebuild itself is the library's
//! [`crate::project::Project`]: this module only applies its updates to the served
//! folder and then tells the browser.

mod files;
mod folder;
pub mod reload;
pub mod server;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

pub use folder::preview_parent;
pub use reload::{LiveReload, Problem, ReloadEvent};
pub use server::{Limits, ServerConfig, run};

use crate::confine::{Refusal, check_path};
use crate::error::{Diagnostic, Error, Result};
use crate::project::{Change, Project};
use crate::{BuildOptions, output};

/// What `dossier serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site_dir: PathBuf,
    /// Address to listen on; loopback by default.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open the default browser once serving.
    pub open: bool,
    /// Extra host names accepted in `Host` (served on the same port): a name
    /// this machine is reached by, given knowingly, since any such name is
    /// what a DNS-rebinding page would send.
    pub allowed_hosts: Vec<String>,
    /// Header-read timeout and connection caps.
    pub limits: Limits,
    /// Told of the first build's stages and pages (the rebuilds after it are
    /// quick, and report nothing).
    pub progress: Option<Arc<dyn crate::Progress>>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            site_dir: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            open: false,
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
            progress: None,
        }
    }
}

/// Runs the preview server until Ctrl-C (SIGINT), SIGTERM or SIGHUP; the
/// temporary served folder is removed on each of these as on any other return.
pub fn serve(options: ServeOptions) -> Result<()> {
    let site_dir = options
        .site_dir
        .canonicalize()
        .map_err(|e| Error::io(&options.site_dir, e))?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(addr).map_err(|source| Error::Listen {
        addr: addr.to_string(),
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: addr.to_string(),
        source,
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("socket", e))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("runtime", e))?;
    // Signals are caught from here on (before anything is written), so a stop
    // request at any point ends in the cleanup below rather than killing the
    // process with its temporary folder left behind.
    let shutdown = {
        let _guard = runtime.enter();
        stop_signals().map_err(|e| Error::io("signal handler", e))?
    };

    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let base_path = crate::project::load_config(&site_dir, None)
        .map(|c| c.base_path())
        .unwrap_or_else(|_| "/".into());
    let origin = format!("http://{host}:{}", addr.port());
    let base_url = format!("{origin}{base_path}");
    let mut allowed_hosts = vec![
        format!("{host}:{}", addr.port()),
        format!("localhost:{}", addr.port()),
    ];
    if addr.ip().is_unspecified() {
        allowed_hosts.push(format!("127.0.0.1:{}", addr.port()));
        allowed_hosts.push(format!("[::1]:{}", addr.port()));
    }
    for name in &options.allowed_hosts {
        allowed_hosts.push(format!("{name}:{}", addr.port()));
    }

    let out_dir = folder::preview_parent(&site_dir).join(format!(
        "dossier-serve-{}-{}",
        std::process::id(),
        addr.port()
    ));
    let served = ServedFolder::new(out_dir.clone());
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;

    // Watch before the first build, so that nothing saved during it is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = notify::recommended_watcher(tx)
        .and_then(|mut w| watch::watch_site(&mut w, &site_dir).map(|()| w))
        .map_err(|e| {
            eprintln!(
                "error: cannot watch {}: {e}; live reload is off",
                site_dir.display()
            )
        })
        .ok();

    let live = Arc::new(LiveReload::new());
    let mut project = Project::new(
        &site_dir,
        Some(base_url.clone()),
        BuildOptions {
            drafts: options.drafts,
            // The preview shows embargoed briefs, marked, so writers see them.
            future: true,
        },
    );
    // A large archive's bodies stay in their files, read again when rendered.
    project.leave_bodies();
    let start = Instant::now();
    let first = {
        // The progress is finished before anything below is printed, however
        // this block ends.
        let progress = options.progress.as_deref();
        let _finish = crate::progress::FinishOnDrop(progress);
        project.set_progress(options.progress.clone());
        // Pages are written as they are rendered, never all held at once.
        let first = project.rebuild_into(&Change::Everything, &out_dir);
        project.set_progress(None);
        if let Ok(update) = &first {
            update.apply(&out_dir)?;
        }
        first
    };
    // Feeds, sitemap and search index are written once the pages are served
    // (below), as after every rebuild: no page waits for them.
    let site_files_due = first.is_ok();
    match first {
        Ok(update) => {
            crate::error::eprint_all(&update.warnings);
            eprintln!(
                "built {} pages in {} ms",
                update.rendered,
                start.elapsed().as_millis()
            );
        }
        Err(problems) => {
            crate::error::eprint_all(&problems);
            write_placeholder(&out_dir)?;
            live.send(error_event(&problems));
        }
    }
    copy_static(&site_dir, &out_dir);

    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(|source| Error::Listen {
            addr: addr.to_string(),
            source,
        })?
    };

    // The watcher and rebuilder run on their own thread; the server learns of
    // rebuilds only through `live`.
    {
        let live = Arc::clone(&live);
        let out_dir = out_dir.clone();
        let site_dir = site_dir.clone();
        let closed = Arc::clone(&served.closed);
        std::thread::Builder::new()
            .name("dossier-watch".into())
            .spawn(move || {
                let served = Served {
                    dir: &out_dir,
                    closed: &closed,
                };
                // Written under the folder's lock, as every rebuild writes: a
                // stop waits for them rather than remove a folder being written.
                if site_files_due
                    && let Some(_open) = served.open()
                    && let Err(e) = project.write_site_files_into(&out_dir)
                {
                    eprintln!("error: {e}");
                }
                give_back_memory();
                if let Some(watcher) = watcher {
                    watch_and_rebuild(&site_dir, served, project, &live, watcher, &rx);
                }
            })
            .map_err(|e| Error::io("watcher thread", e))?;
    }

    let url = format!("{origin}{base_path}");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines; drafts and unpublished briefs are visible to them",
            addr.ip()
        );
    }
    println!("Serving at {url}");
    if options.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    }
    let config = ServerConfig {
        root: out_dir.clone(),
        base_path,
        allowed_hosts,
        limits: options.limits,
    };
    runtime
        .block_on(run(listener, config, Arc::clone(&live), shutdown))
        .map_err(|e| Error::io(&out_dir, e))?;
    drop(served);
    eprintln!("stopped");
    Ok(())
}

/// A future that resolves on the first request to stop: SIGINT, SIGTERM or
/// SIGHUP (the terminal closed). Must be called inside the runtime; the
/// handlers are installed at once, not when the future is first polled.
#[cfg(unix)]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
            _ = hangup.recv() => {}
        }
    })
}

/// A future that resolves on Ctrl-C.
#[cfg(not(unix))]
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The loop of the watcher thread: each batch of changes is rebuilt, applied to the
/// served folder, and only then announced to the browser.
fn watch_and_rebuild(
    site_dir: &Path,
    served: Served<'_>,
    mut project: Project,
    live: &LiveReload,
    mut watcher: notify::RecommendedWatcher,
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
) {
    let mut broken = false;
    while let Some(batch) = watch::next_batch(rx, site_dir) {
        let start = Instant::now();
        if batch.folders {
            let _ = watch::watch_site(&mut watcher, site_dir);
        }
        let change = batch.change();
        let mut changed: Vec<String> = Vec::new();
        let mut failed = false;
        let mut rebuilt = false;
        if let Some(change) = change {
            match project.rebuild(&change) {
                Ok(update) => {
                    let Some(_open) = served.open() else { return };
                    if let Err(e) = update.apply(served.dir) {
                        eprintln!("error: {e}");
                    }
                    crate::error::eprint_all(&update.warnings);
                    changed.extend(update.write.iter().map(|(f, _)| f.clone()));
                    changed.extend(update.remove.iter().cloned());
                    rebuilt = true;
                    eprintln!(
                        "rebuilt in {} ms: {} pages rendered, {} files changed",
                        start.elapsed().as_millis(),
                        update.rendered,
                        changed.len()
                    );
                }
                Err(problems) => {
                    crate::error::eprint_all(&problems);
                    eprintln!("build failed; still serving the last good site");
                    live.send(error_event(&problems));
                    failed = true;
                }
            }
        }
        if !batch.statics.is_empty() {
            let Some(_open) = served.open() else { return };
            changed.extend(sync_static(site_dir, served.dir, &batch.statics));
        }
        if failed {
            broken = true;
            continue;
        }
        if !changed.is_empty() || broken {
            let only_css = !changed.is_empty() && changed.iter().all(|f| f.ends_with(".css"));
            let event = if only_css && !broken {
                ReloadEvent::Css
            } else {
                ReloadEvent::Reload {
                    paths: if broken {
                        None
                    } else {
                        Some(changed.iter().map(|f| url_path(f)).collect())
                    },
                }
            };
            broken = false;
            live.send(event);
        }
        if rebuilt {
            // Feeds, sitemap and search index after the reload: no open page
            // waits for them.
            let mut update = project.site_files_update();
            // A file of `static/` wins over a made one, as in a full build.
            let statics = site_dir.join("static");
            update
                .write
                .retain(|(name, _)| !statics.join(name).is_file());
            update.remove.retain(|name| !statics.join(name).is_file());
            let Some(_open) = served.open() else { return };
            if let Err(e) = update.apply(served.dir) {
                eprintln!("error: {e}");
            }
            // Pages made again after the reload (related briefs of an edited
            // text): an open one reloads once more.
            let pages: Vec<String> = update
                .write
                .iter()
                .map(|(f, _)| f)
                .filter(|f| f.ends_with(".html"))
                .map(|f| url_path(f))
                .collect();
            if !pages.is_empty() {
                live.send(ReloadEvent::Reload { paths: Some(pages) });
            }
        }
        give_back_memory();
    }
}

/// Hands the memory a rebuild freed back to the system. A rebuild of a large
/// site makes and drops hundreds of megabytes (a state of the site, feeds and
/// search index); the allocator keeps what each thread freed for that thread's
/// next allocations, and `serve`'s threads then sit idle for minutes: at 100,000
/// briefs, 0.4 to 0.8 GB stayed resident after an edit, live data unchanged.
fn give_back_memory() {
    // SAFETY: `mi_collect` only frees and returns memory mimalloc holds unused;
    // it is safe to call on any thread at any time (and a no-op for memory
    // another allocator gave).
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// The URL path (relative to the site root) at which a written file is served.
fn url_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

fn error_event(problems: &[Diagnostic]) -> ReloadEvent {
    ReloadEvent::Error {
        problems: problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| Problem {
                path: d.path.display().to_string(),
                line: d.line(),
                column: d.column(),
                message: match &d.help {
                    Some(h) => format!("{} (help: {h})", d.message),
                    None => d.message.clone(),
                },
            })
            .collect(),
    }
}

fn copy_static(site_dir: &Path, out_dir: &Path) {
    let dir = site_dir.join("static");
    if dir.is_dir() {
        copy_static_folder(site_dir, &dir, out_dir);
    }
}

/// Copies a folder of `static/` under the link rule `build` uses; reports refusals.
fn copy_static_folder(site_dir: &Path, from: &Path, to: &Path) -> bool {
    match output::copy_static_within(site_dir, from, to) {
        Ok((_, refused)) => {
            for (path, refusal) in refused {
                let rel = path.strip_prefix(site_dir).unwrap_or(&path);
                eprintln!(
                    "warning: {}: {}; not copied",
                    rel.display(),
                    refusal.message()
                );
            }
            true
        }
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

/// Mirrors changed paths of `static/` into the served folder; returns the files
/// changed. Each path is held to the rule of `check_path`, as `build` would
/// hold it: a link to something outside the site removes the served copy instead
/// of publishing what it points to. Public so tests can replay what the server
/// does with a batch of changes.
pub fn sync_static(site_dir: &Path, out_dir: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut changed = Vec::new();
    for rel in paths {
        let Ok(inner) = rel.strip_prefix("static") else {
            continue;
        };
        if inner.as_os_str().is_empty() {
            copy_static(site_dir, out_dir);
            changed.push("static".to_owned());
            continue;
        }
        let from = site_dir.join(rel);
        let to = out_dir.join(inner);
        let check = check_path(site_dir, rel);
        let real_folder = check == Err(Refusal::NotAFile)
            && std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_dir());
        let result = if real_folder {
            Ok(copy_static_folder(site_dir, &from, &to))
        } else {
            match check {
                Ok(()) => to
                    .parent()
                    .map_or(Ok(()), |p| {
                        std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))
                    })
                    .and_then(|()| {
                        if to.is_dir() {
                            std::fs::remove_dir_all(&to).map_err(|e| Error::io(&to, e))?;
                        }
                        std::fs::copy(&from, &to)
                            .map(|_| true)
                            .map_err(|e| Error::io(&from, e))
                    }),
                Err(refusal) => {
                    if refusal != Refusal::Missing && refusal != Refusal::NotAFile {
                        eprintln!(
                            "warning: {}: {}; not copied",
                            rel.display(),
                            refusal.message()
                        );
                    }
                    // Whatever was served under this name goes: a file, or a
                    // folder copied before the name became a link.
                    let _ = std::fs::remove_file(&to);
                    let _ = std::fs::remove_dir_all(&to);
                    Ok(true)
                }
            }
        };
        match result {
            Ok(true) => changed.push(inner.to_string_lossy().replace('\\', "/")),
            Ok(false) => {}
            Err(e) => eprintln!("error: {e}"),
        }
    }
    changed
}

/// A served folder that holds only a notice, for a site whose first build failed:
/// its pages carry the live-reload script, so the overlay shows and the browser
/// reloads once the site builds.
fn write_placeholder(out_dir: &Path) -> Result<()> {
    let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>\n<body><h1>The site does not build yet</h1><p>Fix the errors shown in the terminal; this page reloads by itself.</p></body></html>\n";
    output::write_files(
        out_dir,
        &[
            ("index.html".into(), page.as_bytes().to_vec()),
            ("404.html".into(), page.as_bytes().to_vec()),
        ],
    )?;
    Ok(())
}

/// The temporary served folder, removed when the server stops (dropped on
/// every return, after a stop signal as after an error).
struct ServedFolder {
    path: PathBuf,
    /// Set, under the lock, once the folder is removed: the rebuilder writes
    /// only while holding the lock and seeing it unset, so nothing is written
    /// back into a folder being removed.
    closed: Arc<Mutex<bool>>,
}

impl ServedFolder {
    fn new(path: PathBuf) -> ServedFolder {
        ServedFolder {
            path,
            closed: Arc::new(Mutex::new(false)),
        }
    }
}

impl Drop for ServedFolder {
    fn drop(&mut self) {
        let mut closed = self.closed.lock().unwrap_or_else(PoisonError::into_inner);
        *closed = true;
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The rebuilder's view of the served folder.
#[derive(Clone, Copy)]
struct Served<'a> {
    dir: &'a Path,
    closed: &'a Mutex<bool>,
}

impl Served<'_> {
    /// A guard to write under, or `None` once the folder is gone.
    fn open(&self) -> Option<std::sync::MutexGuard<'_, bool>> {
        let guard = self.closed.lock().unwrap_or_else(PoisonError::into_inner);
        (!*guard).then_some(guard)
    }
}
