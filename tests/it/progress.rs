//! The progress a build reports: through the library's sink (every stage, every
//! page, finished however the build ends), and on the command line (a line drawn
//! only on a terminal, cleared before the summary, never when quiet).

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use dossier::project::{Change, Project};
use dossier::{BuildRequest, Progress};

use crate::support::{Site, html_files, run_with};

/// A sink that records what it is told. Its page count is never reset, so that
/// after a build it holds every page counted by every stage.
#[derive(Default)]
struct Recorder {
    stages: Mutex<Vec<(&'static str, usize)>>,
    pages: AtomicUsize,
    finished: AtomicUsize,
}

impl Progress for Recorder {
    fn stage(&self, name: &'static str, pages: usize) {
        self.stages.lock().unwrap().push((name, pages));
    }

    fn pages_done(&self) -> &AtomicUsize {
        &self.pages
    }

    fn finish(&self) {
        self.finished.fetch_add(1, Ordering::Relaxed);
    }
}

impl Recorder {
    fn stage_names(&self) -> Vec<&'static str> {
        self.stages
            .lock()
            .unwrap()
            .iter()
            .map(|(n, _)| *n)
            .collect()
    }

    /// The pages announced by the stages that render pages.
    fn pages_announced(&self) -> usize {
        self.stages.lock().unwrap().iter().map(|(_, p)| p).sum()
    }
}

fn three_briefs() -> Site {
    let site = Site::new();
    site.simple_brief("a", "A", "2023-06-14", &["Ada Lovelace"]);
    site.simple_brief("b", "B", "2023-06-15", &["Ada Lovelace"]);
    site.simple_brief("c", "C", "2023-06-16", &[]);
    site
}

#[test]
fn a_build_reports_every_stage_and_page_then_finishes() {
    let site = three_briefs();
    let recorder = Arc::new(Recorder::default());
    let request = BuildRequest {
        progress: Some(recorder.clone()),
        ..BuildRequest::new(site.path())
    };
    dossier::build(&request).expect("the site builds");
    assert_eq!(
        recorder.stage_names(),
        [
            "read files",
            "resolve and render bodies",
            "render and write pages",
            "feeds and sitemap",
            "search index"
        ]
    );
    let pages = html_files(&site.out()).len();
    assert!(pages > 3, "{pages} pages");
    assert_eq!(recorder.pages_announced(), pages);
    assert_eq!(recorder.pages.load(Ordering::Relaxed), pages);
    assert_eq!(recorder.finished.load(Ordering::Relaxed), 1);
}

#[test]
fn a_failed_build_finishes_its_progress_too() {
    let site = three_briefs();
    site.file("content/briefs/broken.md", "---\ntitle: [unclosed\n---\n");
    let recorder = Arc::new(Recorder::default());
    let request = BuildRequest {
        progress: Some(recorder.clone()),
        ..BuildRequest::new(site.path())
    };
    assert!(dossier::build(&request).is_err());
    assert_eq!(recorder.finished.load(Ordering::Relaxed), 1);
    assert!(!recorder.stage_names().contains(&"render and write pages"));
}

#[test]
fn a_rebuild_reports_while_a_sink_is_set_and_not_after() {
    let site = three_briefs();
    let recorder = Arc::new(Recorder::default());
    let mut project = Project::new(site.path(), None, Default::default());
    project.set_progress(Some(recorder.clone()));
    let update = project.rebuild(&Change::Everything).unwrap();
    assert_eq!(
        recorder.stage_names(),
        ["read files", "resolve and render bodies", "render pages"]
    );
    assert!(update.rendered > 3);
    assert_eq!(recorder.pages_announced(), update.rendered);
    assert_eq!(recorder.pages.load(Ordering::Relaxed), update.rendered);

    project.set_progress(None);
    project.rebuild(&Change::Everything).unwrap();
    assert_eq!(recorder.stage_names().len(), 3);
    assert_eq!(recorder.pages.load(Ordering::Relaxed), update.rendered);
}

/// Erases the line: drawn before each progress line and after the last one.
const CLEAR: &str = "\r\x1b[2K";

#[test]
fn no_progress_when_standard_error_is_not_a_terminal() {
    let site = three_briefs();
    // No wait: the line would be drawn at once on a terminal.
    let r = run_with(
        &["build", site.path().to_str().unwrap()],
        &[("DOSSIER_PROGRESS_DELAY_MS", "0")],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stderr.contains('\r'), "{:?}", r.stderr);
    assert!(!r.stderr.contains('\x1b'), "{:?}", r.stderr);
    assert!(r.stdout.starts_with("built 3 briefs"), "{}", r.stdout);
}

/// Runs `dossier <args>` on a pseudo-terminal (util-linux `script`), with the
/// progress line shown at once; what the terminal received, or `None` where
/// `script` is not installed.
fn on_a_terminal(args: &[&str]) -> Option<String> {
    let quoted: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_dossier"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let out = Command::new("script")
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .env("DOSSIER_PROGRESS_DELAY_MS", "0")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output();
    match out {
        Ok(out) => {
            assert!(out.status.success(), "{out:?}");
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            eprintln!("skipped: cannot run `script` for a pseudo-terminal: {e}");
            None
        }
    }
}

#[test]
fn a_terminal_gets_the_line_cleared_before_the_summary() {
    let site = three_briefs();
    let out = site.scratch().join("out");
    let Some(shown) = on_a_terminal(&[
        "build",
        site.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]) else {
        return;
    };
    assert!(shown.contains("render and write pages ["), "{shown:?}");
    let summary = shown.find("built 3 briefs").expect("the summary line");
    let last_clear = shown.rfind(CLEAR).expect("the line is cleared");
    // Cleared and not drawn again: nothing but the summary follows.
    assert!(last_clear < summary, "{shown:?}");
    assert_eq!(shown[last_clear + CLEAR.len()..summary].trim(), "");

    let quiet = on_a_terminal(&[
        "build",
        site.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ])
    .expect("script ran once already");
    assert!(!quiet.contains('\x1b'), "{quiet:?}");
    assert!(quiet.trim().is_empty(), "{quiet:?}");
}
