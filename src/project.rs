//! A site kept in memory between builds: its parsed documents, theme and last good
//! render, so that `serve` re-reads only the files that changed and re-renders only
//! the pages a change touches. A full build is the same code with everything changed.

use ahash::{AHashMap as HashMap, AHashMap, AHashSet};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::load::{Doc, Kind};
use crate::content::{self, Documents, SharedText};
use crate::error::{Diagnostic, Error};
use crate::output::OutputFile;
use crate::render::{self, Rendered, Theme, Views};
use crate::site::{self, BuildOptions};

/// What changed on disk, as the watcher classifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `site.yaml`: everything may differ.
    Config,
    /// A template or theme asset.
    Templates,
    /// Documents under `content/` (paths relative to the site folder). A folder
    /// among them means its files must be found again.
    Content(Vec<PathBuf>),
    /// Files under `static/` only.
    Static(Vec<PathBuf>),
    /// Unknown: start over.
    Everything,
}

/// The outcome of a rebuild: files to write and files to remove, relative to the
/// output folder.
#[derive(Debug, Default)]
pub struct Update {
    /// Files whose bytes are new or changed.
    pub write: Vec<OutputFile>,
    /// Files the site no longer has.
    pub remove: Vec<String>,
    /// Pages rendered to find them (a measure of the work done).
    pub rendered: usize,
    /// Warnings of the new state.
    pub warnings: Vec<Diagnostic>,
}

/// A site loaded, resolved and rendered in memory: everything but the writing.
pub struct Compiled {
    /// The model.
    pub site: site::Site,
    /// The compiled theme, shared with later rebuilds that keep it.
    pub theme: Arc<Theme>,
    /// Rendered Markdown of each brief, by brief id.
    pub bodies: Vec<Arc<Rendered>>,
    /// Views shared between pages.
    pub views: render::Views,
}

impl Compiled {
    /// A renderer over this compiled site.
    pub fn renderer(&self) -> render::Renderer<'_> {
        render::Renderer::new(&self.site, &self.theme, &self.bodies, &self.views)
    }

    /// The output file of every page.
    pub fn page_files(&self) -> HashSet<String> {
        let renderer = self.renderer();
        renderer
            .pages()
            .into_iter()
            .map(|p| renderer.file(p))
            .collect()
    }

    /// Renders every page and writes it into the staging folder as soon as it is
    /// rendered (pages are never all held in memory), then the theme assets and
    /// the files made from the whole site (feeds, sitemap, search index).
    /// Returns the files written. Each stage and page is told to `progress`.
    pub fn write_into(
        &self,
        staging: &crate::output::Staging,
        timings: &mut crate::Timings,
        progress: Option<&dyn crate::Progress>,
    ) -> crate::Result<usize> {
        let renderer = self.renderer();
        let pages = renderer.pages();
        crate::progress::stage(progress, "render and write pages", pages.len());
        let done = crate::progress::counter(progress);
        timings.time("render and write pages", || {
            renderer
                .render_each(&pages, |page| {
                    crate::progress::count(done);
                    staging.write(&page.file, page.html.as_bytes())
                })
                .map_err(Error::Content)
        })?;
        for (name, bytes) in &self.theme.assets {
            staging.write(name, bytes)?;
        }
        let mut written = pages.len() + self.theme.assets.len();
        for (stage, files) in [
            (
                "feeds and sitemap",
                &(|| self.feed_files()) as &dyn Fn() -> Vec<OutputFile>,
            ),
            ("search index", &|| {
                crate::search::files(&self.site, &self.bodies)
            }),
        ] {
            crate::progress::stage(progress, stage, 0);
            written += timings.time(stage, || -> crate::Result<usize> {
                let files = files();
                for (name, bytes) in &files {
                    staging.write(name, bytes)?;
                }
                Ok(files.len())
            })?;
        }
        Ok(written)
    }

    fn feed_files(&self) -> Vec<OutputFile> {
        crate::feeds::files(&self.renderer(), &self.site, &self.bodies)
    }

    /// The files made from the whole site rather than from one page's context:
    /// Atom feeds, sitemap and `robots.txt` (when `base_url` is set) and the
    /// search index. A full build and every rebuild write them from this one
    /// function, so both give the same bytes.
    pub fn site_files(&self) -> Vec<OutputFile> {
        let mut files = self.feed_files();
        files.extend(crate::search::files(&self.site, &self.bodies));
        files
    }
}

/// Loads the configuration, applying a `--base-url` override.
pub fn load_config(site_dir: &Path, base_url: Option<&str>) -> crate::Result<SiteConfig> {
    let mut config = SiteConfig::load(site_dir).map_err(Error::Content)?;
    if let Some(url) = base_url {
        config.base_url = url.to_owned();
        config
            .validate_base_url()
            .map_err(|d| Error::Content(vec![d]))?;
    }
    Ok(config)
}

impl Update {
    /// Writes and removes the files of this update in a live output folder (each
    /// file atomically), removing folders left empty: what `serve` does after
    /// each rebuild.
    pub fn apply(&self, out_dir: &Path) -> crate::Result<()> {
        crate::output::update_files(out_dir, &self.write)?;
        for file in &self.remove {
            let path = out_dir.join(file);
            let _ = std::fs::remove_file(&path);
            let mut dir = path.parent();
            while let Some(d) = dir {
                if d == out_dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

/// The in-memory state of a site between builds.
pub struct Project {
    site_dir: PathBuf,
    base_url: Option<String>,
    options: BuildOptions,
    /// What was read from disk; `None` until the first reload.
    inputs: Option<Inputs>,
    /// Rendered bodies by file, valid while the registries and settings are unchanged.
    bodies: HashMap<std::ffi::OsString, (SharedText, Arc<Rendered>)>,
    /// The names automaton, valid as long as the bodies are: compiling it for a
    /// thousand people costs more than rendering one brief.
    linking: std::sync::OnceLock<render::Linking>,
    /// The last good state, with its pages, their files and the fingerprints of
    /// their contexts.
    last: Option<Last>,
    /// Hash of every file last handed out, to write only what changed.
    written: HashMap<String, u64>,
    /// The files made from the whole site last handed out (feeds, sitemap, search
    /// index): made after the pages, by [`Project::site_files_update`].
    site_file_names: Vec<String>,
    /// Brief files changed since the last good state (carried over failed rebuilds).
    pending_briefs: HashSet<PathBuf>,
    /// Whether something other than brief files changed since the last good state,
    /// so that no view of it may be reused.
    pending_reload: bool,
    /// Whether the theme changed since the last good state, so that every page
    /// must be rendered whatever its fingerprint.
    pending_theme: bool,
    /// Told of the stages and pages of each rebuild while set (`serve` sets it
    /// for its first build only).
    progress: Option<Arc<dyn crate::Progress>>,
}

/// The last good state of a [`Project`] and what it rendered: every page, in
/// [`render::Renderer::pages`] order, with its output file and the fingerprint
/// of its context.
struct Last {
    compiled: Compiled,
    pages: Vec<render::Page>,
    files: Vec<Arc<str>>,
    prints: Vec<u64>,
}

/// Everything read from disk: settings, theme and documents, each with its problems.
struct Inputs {
    config: Result<SiteConfig, Vec<Diagnostic>>,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    docs: BTreeMap<PathBuf, Doc>,
    doc_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
    walk_diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// A project for `site_dir`; nothing is read until the first reload or rebuild.
    pub fn new(site_dir: &Path, base_url: Option<String>, options: BuildOptions) -> Project {
        Project {
            site_dir: site_dir.to_path_buf(),
            base_url,
            options,
            inputs: None,
            bodies: HashMap::new(),
            linking: std::sync::OnceLock::new(),
            last: None,
            written: HashMap::new(),
            site_file_names: Vec::new(),
            pending_briefs: HashSet::new(),
            pending_reload: false,
            pending_theme: false,
            progress: None,
        }
    }

    /// Reports the stages and pages of the rebuilds that follow to `progress`,
    /// or to nothing with `None`.
    pub fn set_progress(&mut self, progress: Option<Arc<dyn crate::Progress>>) {
        self.progress = progress;
    }

    /// Reads settings, theme and every document again.
    pub fn reload_everything(&mut self) {
        let mut inputs = Inputs {
            config: Err(Vec::new()),
            theme: Err(Vec::new()),
            docs: BTreeMap::new(),
            doc_errors: BTreeMap::new(),
            walk_diagnostics: Vec::new(),
        };
        inputs.config = self.read_config();
        inputs.theme = content::theme_files::read(&self.site_dir)
            .and_then(Theme::compile)
            .map(Arc::new);
        self.inputs = Some(inputs);
        self.reload_content();
    }

    fn read_config(&self) -> Result<SiteConfig, Vec<Diagnostic>> {
        load_config(&self.site_dir, self.base_url.as_deref()).map_err(|e| e.diagnostics())
    }

    /// The inputs, read in full first if nothing was read yet.
    fn inputs(&mut self) -> &mut Inputs {
        if self.inputs.is_none() {
            self.reload_everything();
        }
        self.inputs
            .as_mut()
            .expect("reload_everything always sets the inputs")
    }

    fn forget_bodies(&mut self) {
        self.bodies.clear();
        self.linking = std::sync::OnceLock::new();
    }

    fn reload_content(&mut self) {
        let outcome = content::load(&self.site_dir);
        let inputs = self.inputs();
        inputs.docs.clear();
        inputs.doc_errors.clear();
        let Documents {
            briefs,
            people,
            topics,
            authors,
            pages,
        } = outcome.documents;
        for b in briefs {
            inputs.docs.insert(b.path.clone(), Doc::Brief(b));
        }
        for p in people {
            inputs.docs.insert(p.path.clone(), Doc::Person(p));
        }
        for t in topics {
            inputs.docs.insert(t.path.clone(), Doc::Topic(t));
        }
        for a in authors {
            inputs.docs.insert(a.path.clone(), Doc::Author(a));
        }
        for p in pages {
            inputs.docs.insert(p.path.clone(), Doc::Page(p));
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = outcome
            .diagnostics
            .into_iter()
            .partition(Diagnostic::is_error);
        for e in errors {
            inputs.doc_errors.entry(e.path.clone()).or_default().push(e);
        }
        inputs.walk_diagnostics = warnings;
        self.forget_bodies();
    }

    /// Re-reads the given files (relative to the site folder). Returns whether a
    /// registry file (person or topic) was among them.
    fn reload_files(&mut self, paths: &[PathBuf]) -> bool {
        let site_dir = self.site_dir.clone();
        let inputs = self.inputs();
        let mut registry = false;
        for rel in paths {
            let Some(kind) = content::classify(rel) else {
                // The walk's warning for a Markdown file in no known folder.
                inputs.walk_diagnostics.retain(|d| &d.path != rel);
                if site_dir.join(rel).is_file()
                    && let Some(warning) = content::load::misplaced(rel)
                {
                    inputs.walk_diagnostics.push(warning);
                }
                continue;
            };
            registry |= kind != Kind::Brief;
            inputs.doc_errors.remove(rel);
            inputs.walk_diagnostics.retain(|d| &d.path != rel);
            if site_dir.join(rel).is_file() {
                match content::load_file(&site_dir, rel, kind) {
                    Ok(doc) => {
                        inputs.docs.insert(rel.clone(), doc);
                    }
                    // Skipped by the rule the full walk applies, with its warning.
                    Err(d) if !d.iter().any(Diagnostic::is_error) => {
                        inputs.docs.remove(rel);
                        inputs.walk_diagnostics.extend(d);
                    }
                    Err(d) => {
                        inputs.docs.remove(rel);
                        inputs.doc_errors.insert(rel.clone(), d);
                    }
                }
            } else {
                inputs.docs.remove(rel);
            }
        }
        if registry {
            self.forget_bodies();
        }
        registry
    }

    /// The documents as last read (every brief, drafts included), for the checks
    /// that need what a file says rather than what it resolved to.
    pub(crate) fn documents(&mut self) -> content::Documents {
        self.inputs().documents()
    }

    /// Resolves the current documents and renders their bodies (reusing the bodies
    /// of unchanged briefs).
    pub fn compile(&mut self) -> Result<Compiled, Vec<Diagnostic>> {
        self.compile_reusing(None, false)
    }

    /// Like [`Project::compile`]; with `changed` (the brief files changed since the
    /// last good state, registries, settings and theme unchanged) the views of the
    /// other briefs are reused; with `track`, views carry fingerprints.
    fn compile_reusing(
        &mut self,
        changed: Option<&HashSet<PathBuf>>,
        track: bool,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let options = self.options;
        let inputs = self.inputs();
        let (Ok(config), Ok(theme), true) =
            (&inputs.config, &inputs.theme, inputs.doc_errors.is_empty())
        else {
            return Err(inputs.errors());
        };
        let (config, theme) = (config.clone(), Arc::clone(theme));
        let docs = inputs.documents();
        let mut site = site::resolve(config, &docs, options)?;
        let mut warnings = inputs.walk_diagnostics.clone();
        warnings.append(&mut site.warnings);
        site.warnings = warnings;
        let (bodies, fresh) = self.render_bodies(&site);
        // A body rendered again without its file changing (a brief it links to
        // moved) makes its brief's views stale too.
        let changed: Option<HashSet<PathBuf>> =
            changed.map(|c| c.iter().cloned().chain(fresh).collect());
        let previous = match (&changed, &self.last) {
            (Some(c), Some(last)) => Some((&last.compiled.site, &last.compiled.views, c)),
            _ => None,
        };
        let views = Views::reusing(&site, &theme.strings, &bodies, previous, track);
        Ok(Compiled {
            site,
            theme,
            bodies,
            views,
        })
    }

    /// Every brief's body, by id, and the files of the briefs whose body was
    /// rendered again although their text did not change.
    fn render_bodies(&mut self, site: &site::Site) -> (Vec<Arc<Rendered>>, Vec<PathBuf>) {
        let cache = &self.bodies;
        // The automaton is compiled only if some body has to be rendered.
        let linking = &self.linking;
        let urls = render::links::BriefUrls::new(site);
        let bodies: Vec<(Arc<Rendered>, bool)> = site
            .briefs
            .par_iter()
            .map(|b| match cache.get(b.path.as_os_str()) {
                Some((text, rendered))
                    if *text == b.body && render::links::deps_hold(&rendered.links, &urls) =>
                {
                    (rendered.clone(), false)
                }
                _ => (
                    Arc::new(render::render_body(
                        site,
                        linking.get_or_init(|| render::Linking::new(site)),
                        &urls,
                        b,
                    )),
                    true,
                ),
            })
            .collect();
        let relinked: Vec<PathBuf> = site
            .briefs
            .iter()
            .zip(&bodies)
            .filter(|(b, (_, fresh))| {
                *fresh
                    && cache
                        .get(b.path.as_os_str())
                        .is_some_and(|(text, _)| *text == b.body)
            })
            .map(|(b, _)| b.path.clone())
            .collect();
        // The cache changes only where a body was rendered, and loses the files
        // the site no longer has.
        for (b, (rendered, fresh)) in site.briefs.iter().zip(&bodies) {
            if *fresh {
                self.bodies.insert(
                    b.path.as_os_str().to_owned(),
                    (b.body.clone(), rendered.clone()),
                );
            }
        }
        if self.bodies.len() > site.briefs.len() {
            let live: AHashSet<&std::ffi::OsStr> =
                site.briefs.iter().map(|b| b.path.as_os_str()).collect();
            self.bodies
                .retain(|path, _| live.contains(path.as_os_str()));
        }
        (bodies.into_iter().map(|(r, _)| r).collect(), relinked)
    }

    /// Applies a change and returns the files to write and remove. On error the
    /// last good state is kept, so the caller can go on serving it. The first call
    /// reads everything, whatever the change.
    ///
    /// Pages are rendered when their context's fingerprint differs from the last
    /// good state's (or the theme changed), so the result equals a full build's.
    pub fn rebuild(&mut self, change: &Change) -> Result<Update, Vec<Diagnostic>> {
        let progress = self.progress.clone();
        let progress = progress.as_deref();
        if self.inputs.is_none() {
            crate::progress::stage(progress, "read files", 0);
            self.reload_everything();
            self.pending_reload = true;
            self.pending_theme = true;
        } else {
            match change {
                Change::Config => {
                    self.inputs().config = self.read_config();
                    self.forget_bodies();
                    self.pending_reload = true;
                }
                Change::Templates => {
                    self.inputs().theme = content::theme_files::read(&self.site_dir)
                        .and_then(Theme::compile)
                        .map(Arc::new);
                    self.pending_reload = true;
                    self.pending_theme = true;
                }
                Change::Everything => {
                    self.reload_everything();
                    self.pending_reload = true;
                    self.pending_theme = true;
                }
                Change::Static(_) if self.last.is_some() => return Ok(Update::default()),
                Change::Static(_) => {}
                Change::Content(paths) => {
                    // A folder created, renamed or deleted: its files must be found again.
                    let site_dir = self.site_dir.clone();
                    let inputs = self.inputs();
                    let rescan = paths.iter().any(|p| {
                        let full_path = site_dir.join(p);
                        full_path.is_dir()
                            || (!full_path.exists()
                                && inputs
                                    .docs
                                    .keys()
                                    .chain(inputs.doc_errors.keys())
                                    .any(|d| d != p && d.starts_with(p)))
                    });
                    if rescan {
                        self.reload_content();
                        self.pending_reload = true;
                    } else {
                        self.pending_reload |= self.reload_files(paths);
                        self.pending_briefs.extend(paths.iter().cloned());
                    }
                }
            }
        }
        let reuse = !self.pending_reload && self.last.is_some();
        let changed = std::mem::take(&mut self.pending_briefs);
        crate::progress::stage(progress, "resolve and render bodies", 0);
        let compiled = match self.compile_reusing(reuse.then_some(&changed), true) {
            Ok(c) => c,
            Err(problems) => {
                self.pending_briefs = changed;
                return Err(problems);
            }
        };
        let renderer = compiled.renderer();
        let pages = renderer.pages();
        let prints = renderer.fingerprints(&pages);
        let last = self.last.as_ref().filter(|_| !self.pending_theme);
        // A context holds its page's path, so a page whose fingerprint is
        // unchanged also keeps its file. When the pages are those of the last
        // state (an edit that adds or removes no page), each is compared with
        // itself and only the files of changed pages are made; otherwise each
        // is compared with the last page written to its file.
        let same_pages = last.as_ref().is_some_and(|l| l.pages == pages);
        let (files, changed_pages): (Vec<Arc<str>>, Vec<bool>) = match last {
            Some(last) if same_pages => pages
                .par_iter()
                .zip(&last.files)
                .zip(prints.par_iter().zip(&last.prints))
                .map(|((&p, old_file), (print, old))| {
                    if print == old {
                        (Arc::clone(old_file), false)
                    } else {
                        (renderer.file(p).into(), true)
                    }
                })
                .unzip(),
            last => {
                let old: Option<AHashMap<&str, u64>> = last.map(|l| {
                    l.files
                        .iter()
                        .map(|f| &**f)
                        .zip(l.prints.iter().copied())
                        .collect()
                });
                pages
                    .par_iter()
                    .zip(&prints)
                    .map(|(&p, print)| {
                        let file: Arc<str> = renderer.file(p).into();
                        let changed = old
                            .as_ref()
                            .is_none_or(|old| old.get(&*file) != Some(print));
                        (file, changed)
                    })
                    .unzip()
            }
        };
        let to_render: Vec<render::Page> = pages
            .iter()
            .zip(&changed_pages)
            .filter(|(_, changed)| **changed)
            .map(|(&p, _)| p)
            .collect();
        crate::progress::stage(progress, "render pages", to_render.len());
        let done = crate::progress::counter(progress);
        let rendered = match renderer.render_pages_counting(&to_render, done) {
            Ok(r) => r,
            Err(problems) => {
                // The views were made from the new documents; the next attempt
                // must not reuse the old state's views for the briefs it missed.
                self.pending_reload = true;
                self.pending_briefs = changed;
                return Err(problems);
            }
        };
        let mut update = Update {
            rendered: rendered.len(),
            warnings: compiled.site.warnings.clone(),
            ..Update::default()
        };
        let candidates = rendered
            .into_iter()
            .map(|p| (p.file, p.html.into_bytes()))
            .chain(compiled.theme.assets.iter().cloned());
        for (name, bytes) in candidates {
            let hash = render::shared::hash_bytes(&bytes);
            if self.written.insert(name.clone(), hash) != Some(hash) {
                update.write.push((name, bytes));
            }
        }
        // Files the new site no longer produces. With the same pages, only a
        // changed page can have left its file.
        let mut gone: Vec<String> = if same_pages {
            let last = self
                .last
                .as_ref()
                .expect("the same pages as the last state means there is one");
            let new: AHashSet<&str> = files
                .iter()
                .zip(&changed_pages)
                .filter(|(_, changed)| **changed)
                .map(|(f, _)| &**f)
                .collect();
            last.files
                .iter()
                .zip(&changed_pages)
                .filter(|(f, changed)| **changed && !new.contains(&***f))
                .map(|(f, _)| f.to_string())
                .collect()
        } else {
            let live: AHashSet<&str> = files
                .iter()
                .map(|f| &**f)
                .chain(compiled.theme.assets.iter().map(|(n, _)| n.as_str()))
                // Made again by the next `site_files_update`, which removes those gone.
                .chain(self.site_file_names.iter().map(String::as_str))
                .collect();
            self.written
                .keys()
                .filter(|f| !live.contains(f.as_str()))
                .cloned()
                .collect()
        };
        gone.sort();
        for f in &gone {
            self.written.remove(f);
        }
        update.remove = gone;
        self.pending_reload = false;
        self.pending_theme = false;
        let previous = self.last.replace(Last {
            compiled,
            pages,
            files,
            prints,
        });
        // Freeing the previous state (every view, body and fingerprint of the
        // site) takes a few milliseconds nobody needs to wait for.
        rayon::spawn(move || drop(previous));
        Ok(update)
    }

    /// The files made from the whole site rather than from a page's context
    /// (feeds, sitemap, `robots.txt`, search index) for the last good state:
    /// those whose bytes changed, and those it no longer has. `serve` applies
    /// it after a rebuild's pages, once the browser has been told to reload:
    /// making them takes longer than rendering the pages an edit touches, and no
    /// open page waits for them. After both, the output equals a full build's.
    pub fn site_files_update(&mut self) -> Update {
        let Some(Last { compiled, .. }) = &self.last else {
            return Update::default();
        };
        let files = compiled.site_files();
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        let mut update = Update::default();
        for (name, bytes) in files {
            let hash = render::shared::hash_bytes(&bytes);
            if self.written.insert(name.clone(), hash) != Some(hash) {
                update.write.push((name, bytes));
            }
        }
        let live: AHashSet<&str> = names.iter().map(String::as_str).collect();
        let mut gone: Vec<String> = self
            .site_file_names
            .iter()
            .filter(|f| !live.contains(f.as_str()))
            .cloned()
            .collect();
        gone.sort();
        for f in &gone {
            self.written.remove(f);
        }
        update.remove = gone;
        self.site_file_names = names;
        update
    }
}

impl Inputs {
    /// Every current error, in path order.
    fn errors(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Err(d) = &self.config {
            out.extend(d.iter().cloned());
        }
        if let Err(d) = &self.theme {
            out.extend(d.iter().cloned());
        }
        for d in self.doc_errors.values() {
            out.extend(d.iter().cloned());
        }
        out
    }

    fn documents(&self) -> Documents {
        let mut docs = Documents::default();
        for doc in self.docs.values() {
            match doc {
                Doc::Brief(b) => docs.briefs.push(b.clone()),
                Doc::Person(p) => docs.people.push(p.clone()),
                Doc::Topic(t) => docs.topics.push(t.clone()),
                Doc::Author(a) => docs.authors.push(a.clone()),
                Doc::Page(p) => docs.pages.push(p.clone()),
            }
        }
        docs
    }
}
