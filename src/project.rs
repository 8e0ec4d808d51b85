//! A site kept in memory between builds: its parsed documents, theme and last good
//! render, so that `serve` re-reads only the files that changed and re-renders only
//! the pages a change touches. A full build is the same code with everything changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Compiled;
use crate::config::SiteConfig;
use crate::content::load::{Doc, Kind};
use crate::content::{self, Documents, SharedText};
use crate::error::Diagnostic;
use crate::output::OutputFile;
use crate::render::{self, Page, Rendered, Theme, Views};
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

/// The in-memory state of a site between builds.
pub struct Project {
    site_dir: PathBuf,
    base_url: Option<String>,
    options: BuildOptions,
    config: Result<SiteConfig, Vec<Diagnostic>>,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    docs: BTreeMap<PathBuf, Doc>,
    doc_errors: BTreeMap<PathBuf, Vec<Diagnostic>>,
    walk_diagnostics: Vec<Diagnostic>,
    /// Rendered bodies by file, valid while the registries and settings are unchanged.
    bodies: HashMap<std::ffi::OsString, (SharedText, Arc<Rendered>)>,
    /// The names automaton, valid as long as the bodies are: compiling it for a
    /// thousand people costs more than rendering one brief.
    linking: std::sync::OnceLock<render::Linking>,
    last: Option<Compiled>,
    /// Hash of every file last handed out, to write only what changed.
    written: HashMap<String, u64>,
    /// Changes not yet rendered because a rebuild failed: they are carried into the
    /// next successful one.
    pending_briefs: HashSet<PathBuf>,
    pending_full: bool,
}

impl Project {
    /// A project for `site_dir`; nothing is read until a reload.
    pub fn new(site_dir: &Path, base_url: Option<String>, options: BuildOptions) -> Project {
        Project {
            site_dir: site_dir.to_path_buf(),
            base_url,
            options,
            config: Err(Vec::new()),
            theme: Err(Vec::new()),
            docs: BTreeMap::new(),
            doc_errors: BTreeMap::new(),
            walk_diagnostics: Vec::new(),
            bodies: HashMap::new(),
            linking: std::sync::OnceLock::new(),
            last: None,
            written: HashMap::new(),
            pending_briefs: HashSet::new(),
            pending_full: false,
        }
    }

    /// Reads settings, theme and every document again.
    pub fn reload_everything(&mut self) {
        self.reload_config();
        self.reload_theme();
        self.reload_content();
    }

    fn reload_config(&mut self) {
        self.config = crate::load_config(&self.site_dir, self.base_url.as_deref())
            .map_err(|e| e.diagnostics());
        self.bodies.clear();
        self.linking = std::sync::OnceLock::new();
    }

    fn reload_theme(&mut self) {
        self.theme = Theme::load(&self.site_dir).map(Arc::new);
    }

    fn reload_content(&mut self) {
        let outcome = content::load(&self.site_dir);
        self.docs.clear();
        self.doc_errors.clear();
        let Documents {
            briefs,
            people,
            topics,
        } = outcome.documents;
        for b in briefs {
            self.docs.insert(b.path.clone(), Doc::Brief(b));
        }
        for p in people {
            self.docs.insert(p.path.clone(), Doc::Person(p));
        }
        for t in topics {
            self.docs.insert(t.path.clone(), Doc::Topic(t));
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = outcome
            .diagnostics
            .into_iter()
            .partition(Diagnostic::is_error);
        for e in errors {
            self.doc_errors.entry(e.path.clone()).or_default().push(e);
        }
        self.walk_diagnostics = warnings;
        self.bodies.clear();
        self.linking = std::sync::OnceLock::new();
    }

    /// Re-reads the given files (relative to the site folder). Returns whether a
    /// registry file (person or topic) was among them.
    fn reload_files(&mut self, paths: &[PathBuf]) -> bool {
        let mut registry = false;
        for rel in paths {
            let full = self.site_dir.join(rel);
            let Some(kind) = content::classify(rel) else {
                continue;
            };
            registry |= kind != Kind::Brief;
            self.doc_errors.remove(rel);
            if full.is_file() {
                match content::load_file(&self.site_dir, rel, kind) {
                    Ok(doc) => {
                        self.docs.insert(rel.clone(), doc);
                    }
                    Err(d) => {
                        self.docs.remove(rel);
                        self.doc_errors.insert(rel.clone(), d);
                    }
                }
            } else {
                self.docs.remove(rel);
            }
        }
        if registry {
            self.bodies.clear();
            self.linking = std::sync::OnceLock::new();
        }
        registry
    }

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
            }
        }
        docs
    }

    /// Resolves the current documents and renders their bodies (reusing the bodies
    /// of unchanged briefs).
    pub fn compile(&mut self) -> Result<Compiled, Vec<Diagnostic>> {
        self.compile_reusing(None)
    }

    /// Like [`Project::compile`]; with `changed` (the brief files changed since the
    /// last good state, registries and settings unchanged) list entries are reused.
    fn compile_reusing(
        &mut self,
        changed: Option<&HashSet<PathBuf>>,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let errors = self.errors();
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Ok(config), Ok(theme)) = (&self.config, &self.theme) else {
            return Err(self.errors());
        };
        let (config, theme) = (config.clone(), Arc::clone(theme));
        let docs = self.documents();
        let mut site = site::resolve(config, &docs, self.options)?;
        let mut warnings = self.walk_diagnostics.clone();
        warnings.append(&mut site.warnings);
        site.warnings = warnings;
        let bodies = self.render_bodies(&site);
        let previous = match (changed, &self.last) {
            (Some(c), Some(last)) => Some((&last.site, &last.views, c)),
            _ => None,
        };
        let views = Views::reusing(&site, &bodies, previous);
        Ok(Compiled {
            site,
            theme,
            bodies,
            views,
        })
    }

    fn render_bodies(&mut self, site: &site::Site) -> Vec<Arc<Rendered>> {
        use rayon::prelude::*;
        let cache = &self.bodies;
        // The automaton is compiled only if some body has to be rendered.
        let linking = &self.linking;
        let bodies: Vec<Arc<Rendered>> = site
            .briefs
            .par_iter()
            .map(|b| match cache.get(b.path.as_os_str()) {
                Some((text, rendered)) if *text == b.body => rendered.clone(),
                _ => Arc::new(render::render_body(
                    site,
                    linking.get_or_init(|| render::Linking::new(site)),
                    b,
                )),
            })
            .collect();
        self.bodies = site
            .briefs
            .iter()
            .zip(&bodies)
            .map(|(b, r)| (b.path.as_os_str().to_owned(), (b.body.clone(), r.clone())))
            .collect();
        bodies
    }

    /// Applies a change and returns the files to write and remove. On error the
    /// last good state is kept, so the caller can go on serving it.
    pub fn rebuild(&mut self, change: &Change) -> Result<Update, Vec<Diagnostic>> {
        let mut full = self.last.is_none() || self.pending_full;
        let mut changed_briefs: HashSet<PathBuf> = std::mem::take(&mut self.pending_briefs);
        match change {
            Change::Config => {
                self.reload_config();
                full = true;
            }
            Change::Templates => {
                self.reload_theme();
                full = true;
            }
            Change::Everything => {
                self.reload_everything();
                full = true;
            }
            Change::Static(_) => return Ok(Update::default()),
            Change::Content(paths) => {
                // A folder created, renamed or deleted: its files must be found again.
                let rescan = paths.iter().any(|p| {
                    let full_path = self.site_dir.join(p);
                    full_path.is_dir()
                        || (!full_path.exists()
                            && self
                                .docs
                                .keys()
                                .chain(self.doc_errors.keys())
                                .any(|d| d != p && d.starts_with(p)))
                });
                if rescan {
                    self.reload_content();
                    full = true;
                } else {
                    if self.reload_files(paths) {
                        full = true;
                    }
                    changed_briefs.extend(paths.iter().cloned());
                }
            }
        }
        let compiled = match self.compile_reusing((!full).then_some(&changed_briefs)) {
            Ok(c) => c,
            Err(problems) => {
                self.pending_full = full;
                self.pending_briefs = changed_briefs;
                return Err(problems);
            }
        };
        self.pending_full = false;
        let renderer = compiled.renderer();
        let pages: Vec<Page> = match (&self.last, full) {
            (Some(old), false) => {
                render::deps::affected(&old.renderer(), &renderer, &changed_briefs)
            }
            _ => renderer.pages(),
        };
        let rendered = match renderer.render_pages(&pages) {
            Ok(r) => r,
            Err(problems) => {
                self.pending_full = true;
                return Err(problems);
            }
        };
        let mut update = Update {
            rendered: rendered.len(),
            warnings: compiled.site.warnings.clone(),
            ..Update::default()
        };
        let mut files: Vec<OutputFile> = rendered
            .into_iter()
            .map(|p| (p.file, p.html.into_bytes()))
            .collect();
        if full {
            files.extend(compiled.theme.assets.iter().cloned());
        }
        for (name, bytes) in files {
            let hash = hash_bytes(&bytes);
            if self.written.insert(name.clone(), hash) != Some(hash) {
                update.write.push((name, bytes));
            }
        }
        // Files the new site no longer produces.
        let live: HashSet<String> = renderer
            .pages()
            .into_iter()
            .map(|p| renderer.file(p))
            .chain(compiled.theme.assets.iter().map(|(n, _)| n.clone()))
            .collect();
        let mut gone: Vec<String> = self
            .written
            .keys()
            .filter(|f| !live.contains(*f))
            .cloned()
            .collect();
        gone.sort();
        for f in &gone {
            self.written.remove(f);
        }
        update.remove = gone;
        self.last = Some(compiled);
        Ok(update)
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
