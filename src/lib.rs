//! dossier: a static site generator for policy briefings.
//!
//! Briefs are Markdown files with YAML front matter naming the date, the sources and
//! the people and topics involved; dossier resolves the names against a registry and
//! renders a linked site: a page per brief, per person, per topic and per source.
//!
//! ```no_run
//! use dossier::{BuildRequest, build};
//! let report = build(&BuildRequest::new("my-site")).expect("the site builds");
//! println!("{} pages", report.pages);
//! ```
//!
//! Data flows one way: `content::load` reads files into raw documents,
//! `site::resolve` links them into a [`site::Site`], `render` turns that into pages
//! in memory, and `output` writes them (into a temporary folder that is swapped in,
//! keeping what in the output folder is not dossier's).

#![warn(missing_docs, unreachable_pub)]

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod confine;
pub mod content;
pub mod error;
pub mod feeds;
pub mod hash;
pub mod html;
pub mod mentions;
pub mod output;
pub mod progress;
pub mod project;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod urls;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use error::{Diagnostic, Error, Result, Severity};
pub use progress::Progress;
pub use project::{Compiled, load_config};
pub use site::BuildOptions;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildRequest {
    /// The site folder (holding `site.yaml` and `content/`).
    pub site_dir: PathBuf,
    /// Output folder; `site_dir/public` when `None`.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Include briefs dated in the future.
    pub future: bool,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Allows replacing an output folder that dossier did not write (its dotfiles
    /// are still kept): without it such a folder is refused, never emptied.
    pub clean: bool,
    /// Told of each stage and page as the build goes (the command line draws a
    /// progress line from it); finished before `build` returns.
    pub progress: Option<Arc<dyn Progress>>,
}

impl BuildRequest {
    /// A build of `site_dir` into `site_dir/public`, without drafts.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        BuildRequest {
            site_dir: site_dir.into(),
            output: None,
            drafts: false,
            future: false,
            base_url: None,
            clean: false,
            progress: None,
        }
    }

    /// The output folder this request writes.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// What a build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Briefs built.
    pub briefs: usize,
    /// People pages.
    pub people: usize,
    /// Topic pages.
    pub topics: usize,
    /// Source pages.
    pub sources: usize,
    /// Files written (pages, assets, static files).
    pub pages: usize,
    /// Wall time.
    pub millis: u128,
    /// Findings that did not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each stage, for `--verbose`.
    pub timings: Timings,
    /// Things the reader should know that are not problems of the content, such
    /// as files not written for want of a setting; printed once, after the summary.
    pub notes: Vec<String>,
}

/// How long each stage of a command took, in order, so `--verbose` can tell a
/// writer where a slow build spends its time.
#[derive(Debug, Clone, Default)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>);

impl Timings {
    /// Runs `f` as the stage `name`, recording its wall time.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0.push((name, start.elapsed()));
        out
    }
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A build under a millisecond counts as one, so the rate stays finite.
        let per_second = self.pages as u128 * 1000 / self.millis.max(1);
        write!(
            f,
            "built {} briefs, {} people, {} topics, {} sources: {} files in {} ms ({} pages/s)",
            self.briefs,
            self.people,
            self.topics,
            self.sources,
            self.pages,
            self.millis,
            per_second
        )
    }
}

/// Loads, resolves and renders the Markdown of a site; every problem is collected.
pub fn compile(site_dir: &Path, base_url: Option<&str>, options: BuildOptions) -> Result<Compiled> {
    compile_timed(
        site_dir,
        base_url,
        options,
        &mut Timings::default(),
        None,
        false,
    )
}

/// [`compile`], timing its stages. With `once`, the project lets go of what only
/// a rebuild or a review reads (documents, brief texts) as soon as it can (see
/// [`project::Project::compile_once`]).
fn compile_timed(
    site_dir: &Path,
    base_url: Option<&str>,
    options: BuildOptions,
    timings: &mut Timings,
    progress: Option<&dyn Progress>,
    once: bool,
) -> Result<Compiled> {
    check_site_dir(site_dir)?;
    let mut project = project::Project::new(site_dir, base_url.map(str::to_owned), options);
    if once {
        project.compile_once();
    }
    progress::stage(progress, "read files", 0);
    timings.time("read files", || project.reload_everything());
    progress::stage(progress, "resolve and render bodies", 0);
    timings.time("resolve and render bodies", || {
        project.compile().map_err(Error::Content)
    })
}

/// Lets `value` go on a worker thread. The large structures a build is done with
/// (documents, views, bodies) take tens of milliseconds to free, one allocation at
/// a time: freed here, that time overlaps the next stage instead of holding it up.
pub(crate) fn release<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// A site folder must exist: a mistyped path must not quietly build an empty site.
pub(crate) fn check_site_dir(site_dir: &Path) -> Result<()> {
    if site_dir.is_dir() {
        Ok(())
    } else {
        Err(Error::Site {
            path: site_dir.to_path_buf(),
            message: "no such folder: give the folder that holds site.yaml and content/".into(),
        })
    }
}

/// Builds a site into its output folder. On any error the previous output is left
/// exactly as it was; entries of the output that dossier did not write are kept
/// (see [`output`]).
pub fn build(request: &BuildRequest) -> Result<BuildReport> {
    let start = Instant::now();
    let progress = request.progress.as_deref();
    let _finish = progress::FinishOnDrop(progress);
    let output = request.output_dir();
    check_site_dir(&request.site_dir)?;
    output::check_output_location(&request.site_dir, &output)?;
    // Locked, repaired and checked before the work: a refused output or a
    // concurrent build fails before anything is rendered.
    let target = output::Target::open(&output, request.clean)?;
    let options = BuildOptions {
        drafts: request.drafts,
        future: request.future,
    };
    let mut timings = Timings::default();
    let compiled = compile_timed(
        &request.site_dir,
        request.base_url.as_deref(),
        options,
        &mut timings,
        progress,
        true,
    )?;
    let static_dir = request.site_dir.join("static");
    let mut warnings = compiled.site.warnings.clone();
    if !target.published().is_empty() {
        warnings.extend(output::removed_pages(
            target.published(),
            &compiled.page_files(),
            &static_dir,
        ));
    }
    let s = &compiled.site;
    let (briefs, people, topics, sources) = (
        s.briefs.len(),
        s.people.len(),
        s.topics.len(),
        s.sources.len(),
    );
    let notes = if feeds::needs_base_url(s) {
        vec![feeds::NEEDS_BASE_URL.to_owned()]
    } else {
        Vec::new()
    };
    let written = target.publish(Some(&static_dir), |staging| {
        compiled.write_into(staging, &mut timings, progress)
    })?;
    Ok(BuildReport {
        briefs,
        people,
        topics,
        sources,
        pages: written,
        millis: start.elapsed().as_millis(),
        warnings,
        timings,
        notes,
    })
}

/// Validates a site as `build` does, without writing anything: load, resolve and
/// render every page. Returns the warnings; every error is in the `Err`. The
/// `dossier check` command looks further: see [`check::check`]. Pages the last
/// build into the default output folder (`public/`) published and a build now
/// would not are warned of, as `build` does.
pub fn check(site_dir: &Path, options: BuildOptions) -> Result<Vec<Diagnostic>> {
    let compiled = compile(site_dir, None, options)?;
    let renderer = compiled.renderer();
    renderer
        .render_each(&renderer.pages(), |_| Ok(()))
        .map_err(Error::Content)?;
    let mut warnings = compiled.site.warnings.clone();
    if let Ok(published) = output::published(&site_dir.join("public")) {
        warnings.extend(output::removed_pages(
            &published,
            &compiled.page_files(),
            &site_dir.join("static"),
        ));
    }
    Ok(warnings)
}
