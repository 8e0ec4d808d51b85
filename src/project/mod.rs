//! A site kept in memory between builds: its parsed documents, theme and last good
//! render, so that `serve` re-reads only the files that changed and re-renders only
//! the pages a change touches. A full build is the same code with everything changed.

use ahash::AHashMap as HashMap;
use std::collections::BTreeMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::load::{Doc, Kind};
use crate::content::{self, Documents};
use crate::error::{Diagnostic, Error};
use crate::render::{self, Rendered, Theme, Views};
use crate::site::{self, BuildOptions};

/// The Markdown (bytes of brief texts) past which a build, or `serve`, holds its
/// rendered bodies packed: about 25,000 briefs of a few pages each. Below it the
/// bodies are a small part of the memory, and unpacking each for its page, the
/// feeds and the search index would cost a few per cent of a build.
const PACK_BODIES_ABOVE: usize = 128 << 20;

/// The brief bodies (bytes) a one-off build holds from the read to the render;
/// the bodies past it are read again from their files when they are rendered
/// (`content::BodyFile`). Below it a build reads each file once.
const HOLD_TEXTS_UP_TO: usize = 128 << 20;

/// The brief bodies (bytes) `serve` holds for as long as it runs (see
/// [`Project::leave_bodies`]): a site of up to about 5,000 briefs is held whole,
/// and a larger one reads a body again only when new names link every body anew.
const SERVE_HOLDS_TEXTS_UP_TO: usize = 32 << 20;

mod bodies;
mod compiled;
mod rebuild;

pub use compiled::Compiled;
pub use rebuild::{Change, Update};

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

/// The in-memory state of a site between builds.
pub struct Project {
    site_dir: PathBuf,
    base_url: Option<String>,
    options: BuildOptions,
    /// What was read from disk; `None` until the first reload.
    inputs: Option<Inputs>,
    /// Rendered bodies by file, valid while the names of the registries and the
    /// settings are unchanged.
    bodies: HashMap<std::ffi::OsString, (bodies::Source, u64, Arc<Rendered>)>,
    /// The names automaton, valid as long as the bodies are: compiling it for a
    /// thousand people costs more than rendering one brief.
    linking: std::sync::OnceLock<render::Linking>,
    /// Whether the names may have changed since the bodies were rendered (a
    /// registry file changed, or the site was resolved again, which may number
    /// people and topics anew): the names are compiled again and compared before
    /// any body is reused.
    names_unsure: bool,
    /// The brief URLs last made for bodies, with the briefs they were made from:
    /// kept while no brief's file or slug changes.
    brief_urls: Option<(Vec<Arc<site::Brief>>, Arc<render::links::BriefUrls>)>,
    /// The last good state, with its pages, their files and the fingerprints of
    /// their contexts.
    last: Option<Last>,
    /// Whether the bodies of the last good state are those `bodies` holds for
    /// its briefs: no body was rendered since it was made. A brief an edit left
    /// alone can then keep its body by its place, without a lookup by path.
    last_bodies_cached: bool,
    /// Whether the pairs of a person and a topic the names hold
    /// (`render::Linking::together`) are those of the last good state's briefs,
    /// so that an edit of a few briefs' lists can update them from those briefs
    /// alone: false from the moment a rebuild sets others until one succeeds.
    together_is_last: bool,
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
    /// Registry files of people changed since the last good state that still
    /// name, sort and match their person as before ([`content::PersonDoc::same_names`]):
    /// their people are made again in place (`site::relink_people`), and only
    /// the views of the briefs involving them are not reused.
    pending_people: HashSet<PathBuf>,
    /// Whether the settings changed, or every file was read again, since the last
    /// good state: then not even the indexes may be kept.
    pending_settings: bool,
    /// Whether the theme changed since the last good state, so that every page
    /// must be rendered whatever its fingerprint.
    pending_theme: bool,
    /// Told of the stages and pages of each rebuild while set (`serve` sets it
    /// for its first build only).
    progress: Option<Arc<dyn crate::Progress>>,
    /// Whether this project compiles once and is then dropped (see
    /// [`Project::compile_once`]).
    once: bool,
    /// Whether brief bodies past `hold_texts_up_to` are left in their files
    /// when every file is read (see [`Project::leave_bodies`]).
    leave_bodies: bool,
    /// A site of more Markdown than this (bytes of brief texts) holds its
    /// rendered bodies packed (`BodyHtml::pack`).
    pack_bodies_above: usize,
    /// Brief bodies (bytes) a one-off build holds from the read to the render,
    /// or `serve` for as long as it runs.
    hold_texts_up_to: usize,
}

/// The last good state of a [`Project`] and what it rendered: every page, in
/// [`render::Renderer::pages`] order, with its output file and the fingerprint
/// of its context.
struct Last {
    compiled: Compiled,
    pages: Vec<render::Page>,
    files: Vec<Arc<str>>,
    prints: Vec<u64>,
    /// The briefs each page's context read, by number, sorted.
    reads: Vec<Arc<[u32]>>,
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
            names_unsure: false,
            brief_urls: None,
            last: None,
            last_bodies_cached: false,
            together_is_last: false,
            written: HashMap::new(),
            site_file_names: Vec::new(),
            pending_briefs: HashSet::new(),
            pending_reload: false,
            pending_people: HashSet::new(),
            pending_settings: false,
            pending_theme: false,
            progress: None,
            once: false,
            leave_bodies: false,
            pack_bodies_above: PACK_BODIES_ABOVE,
            hold_texts_up_to: HOLD_TEXTS_UP_TO,
        }
    }

    /// Makes this a project that compiles once and is then dropped (a one-off
    /// build): the documents are let go once the site is resolved from them, the
    /// wording of related briefs is made from the texts before any body is
    /// rendered, and each brief's text is let go as soon as its body is rendered.
    /// The texts and the bodies made from them are then never all held at once
    /// (at 100,000 briefs each is about half a gigabyte). Nothing compiled this
    /// way keeps a brief's text: a review of mentions, which reads it, compiles
    /// the usual way.
    pub fn compile_once(&mut self) {
        self.once = true;
    }

    /// Makes this a project that, past `SERVE_HOLDS_TEXTS_UP_TO` bytes of
    /// brief bodies, leaves the rest in their files whenever it reads every
    /// file, and reads each again when its body must be rendered or its words
    /// counted (`content::BodyFile`): `serve` runs for hours, and a large
    /// archive's texts would be held all that time for the rare edit that
    /// renders every body again. A file edited since is read whole, as before.
    pub fn leave_bodies(&mut self) {
        self.leave_bodies = true;
        self.hold_texts_up_to = SERVE_HOLDS_TEXTS_UP_TO;
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
        // The theme's compilation is serial: it runs while the content is read.
        let site_dir = &self.site_dir;
        let budget = self.text_budget();
        let (theme, outcome) = rayon::join(
            || {
                content::theme_files::read(site_dir)
                    .and_then(Theme::compile)
                    .map(Arc::new)
            },
            || content::load_holding(site_dir, budget.as_ref()),
        );
        inputs.theme = theme;
        self.inputs = Some(inputs);
        self.take_content(outcome);
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
        self.last_bodies_cached = false;
        self.linking = std::sync::OnceLock::new();
        self.together_is_last = false;
        self.names_unsure = false;
    }

    /// After a registry edit or a new resolve, the bodies stay when the names link
    /// as before (a role, a biography or a photo changed; a brief added whose
    /// names were all known): compiling the names costs far less than rendering
    /// every body again. Otherwise they are forgotten, and this returns true: every
    /// body is rendered again, its text changed or not.
    fn check_names(&mut self, site: &site::Site) -> bool {
        if !std::mem::take(&mut self.names_unsure) {
            return false;
        }
        let fresh = render::Linking::uncompiled(site);
        let renamed = !self.linking.get().is_some_and(|old| old.same_names(&fresh));
        if renamed {
            self.bodies.clear();
            self.last_bodies_cached = false;
            self.linking = std::sync::OnceLock::from(fresh.compile(site));
            self.together_is_last = false;
        }
        renamed
    }

    fn reload_content(&mut self) {
        let outcome = content::load_holding(&self.site_dir, self.text_budget().as_ref());
        self.take_content(outcome);
    }

    /// How much of the briefs' bodies a read of every file holds, when it does
    /// not hold them all.
    fn text_budget(&self) -> Option<content::TextBudget> {
        (self.once || self.leave_bodies).then(|| content::TextBudget::new(self.hold_texts_up_to))
    }

    /// Takes the content read by [`content::load`] as the documents.
    fn take_content(&mut self, outcome: content::LoadOutcome) {
        let inputs = self.inputs();
        inputs.doc_errors.clear();
        let Documents {
            briefs,
            people,
            topics,
            authors,
            pages,
        } = outcome.documents;
        // Each list is sorted by path, and the folders sort as `authors`, `briefs`,
        // `pages`, `people`, `topics`: chained in that order the documents are in
        // path order, and the map is built from them in one pass (its `from_iter`
        // checks the order with one comparison a document) rather than by a search
        // of the tree for each.
        let mut sorted: Vec<(PathBuf, Doc)> = Vec::with_capacity(
            briefs.len() + people.len() + topics.len() + authors.len() + pages.len(),
        );
        sorted.extend(
            authors
                .into_iter()
                .map(|a| (a.path.clone(), Doc::Author(a))),
        );
        sorted.extend(briefs.into_iter().map(|b| (b.path.clone(), Doc::Brief(b))));
        sorted.extend(pages.into_iter().map(|p| (p.path.clone(), Doc::Page(p))));
        sorted.extend(people.into_iter().map(|p| (p.path.clone(), Doc::Person(p))));
        sorted.extend(topics.into_iter().map(|t| (t.path.clone(), Doc::Topic(t))));
        inputs.docs = sorted.into_iter().collect();
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
        // Bodies depend on the registries through the names alone: whether they
        // stay is decided once the site is resolved again, which a registry edit
        // always leads to.
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
        self.compile_reusing(None, false, false)
    }

    /// Like [`Project::compile`]; with `changed` (the brief files changed since the
    /// last good state, registries, settings and theme unchanged) the views of the
    /// other briefs are reused; with `track`, views carry fingerprints.
    fn compile_reusing(
        &mut self,
        changed: Option<&HashSet<PathBuf>>,
        track: bool,
        texts_later: bool,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let options = self.options;
        let people_only = changed
            .is_some_and(|c| !c.is_empty() && c.iter().all(|p| self.pending_people.contains(p)));
        let inputs = self.inputs();
        let (Ok(config), Ok(theme), true) =
            (&inputs.config, &inputs.theme, inputs.doc_errors.is_empty())
        else {
            return Err(inputs.errors());
        };
        let (config, theme) = (config.clone(), Arc::clone(theme));
        // An edit of briefs alone links just those briefs again, when it can.
        let edited: Option<Vec<Arc<content::BriefDoc>>> = changed.and_then(|c| {
            c.iter()
                .map(|p| match inputs.docs.get(p) {
                    Some(Doc::Brief(b)) => Some(Arc::clone(b)),
                    _ => None,
                })
                .collect()
        });
        let walk_warnings = inputs.walk_diagnostics.clone();
        // An edit of people's registry files that names everyone as before makes
        // those people again in place; the views of the briefs involving them
        // are made again with them.
        let people_edited: Option<Vec<Arc<content::PersonDoc>>> =
            changed.filter(|_| people_only).and_then(|c| {
                c.iter()
                    .map(|p| match inputs.docs.get(p) {
                        Some(Doc::Person(d)) => Some(Arc::clone(d)),
                        _ => None,
                    })
                    .collect()
            });
        let mut involving: Vec<PathBuf> = Vec::new();
        let relinked = match people_edited {
            Some(docs) => self.last.as_mut().and_then(|last| {
                let (mut site, ids) = site::relink_people(&last.compiled.site, &docs)?;
                let views = &last.compiled.views;
                for id in ids {
                    let timeline = views.person_timeline[id.index()].iter().map(|e| e.brief);
                    let quoted = views.quotes_by[id.index()].iter().map(|&(b, _)| b);
                    for b in timeline.chain(quoted) {
                        // A brief shared with the last state keeps its views
                        // by pointer (`brief_views::Reuse`): these must be made
                        // again, so each is a copy of its own.
                        let brief = &mut site.briefs[b.index()];
                        involving.push(brief.path.clone());
                        *brief = Arc::new(site::Brief::clone(brief));
                    }
                }
                let linked = last.compiled.linked.take()?;
                Some((site, linked))
            }),
            None => edited.and_then(|edited| {
                let last = self.last.as_mut()?;
                let mut linked = last.compiled.linked.take()?;
                let site = site::relink(&last.compiled.site, &mut linked, &edited)?;
                Some((site, linked))
            }),
        };
        // Registry files of people that could not be applied in place are
        // resolved with everything else, and then no view may be reused.
        let changed = match (&relinked, changed) {
            (None, Some(c)) if !self.pending_people.is_empty() && !c.is_empty() => {
                self.pending_reload = true;
                None
            }
            (_, changed) => changed,
        };
        let (mut site, linked) = match relinked {
            Some(done) => done,
            None => {
                let docs = self.inputs().documents();
                let (site, linked) = site::resolve(config, &docs, options)?;
                // People and topics may be numbered anew: the names automaton's
                // entries with them.
                self.names_unsure = true;
                if self.once {
                    drop(docs);
                    crate::release(std::mem::take(&mut self.inputs().docs));
                }
                (site, Box::new(linked))
            }
        };
        let mut warnings = walk_warnings;
        warnings.append(&mut site.warnings);
        site.warnings = warnings;
        let (bodies, fresh, wording) = if self.once {
            let (bodies, wording) = self.render_bodies_once(&mut site)?;
            (bodies, Vec::new(), Some(wording))
        } else {
            let (bodies, fresh) = self.render_bodies(&site)?;
            (bodies, fresh, None)
        };
        // A body rendered again without its file changing (a brief it links to
        // moved, or the people and topics briefs list together changed) makes its
        // brief's views stale too.
        let changed: Option<HashSet<PathBuf>> = changed.map(|c| {
            c.iter()
                .cloned()
                .chain(fresh)
                .chain(std::mem::take(&mut involving))
                .collect()
        });
        // After a registry edit (settings unchanged), no brief view is reused but
        // the indexes may be: they read the registries' names alone.
        let previous = match (&changed, &self.last) {
            (Some(c), Some(last)) => Some((
                &last.compiled.site,
                &last.compiled.views,
                &last.compiled.bodies[..],
                Some(c),
            )),
            (None, Some(last)) if !self.pending_settings => Some((
                &last.compiled.site,
                &last.compiled.views,
                &last.compiled.bodies[..],
                None,
            )),
            _ => None,
        };
        let views = Views::reusing(
            &site,
            &theme.strings,
            &bodies,
            previous,
            track,
            texts_later,
            wording,
        );
        Ok(Compiled {
            site,
            theme,
            bodies,
            views,
            linked: Some(linked),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small site on disk: two people and four briefs about them, with texts
    /// that read alike in pairs, so related briefs come from the wording too.
    /// Every page of `c`, rendered.
    fn rendered_pages(c: &Compiled) -> Vec<String> {
        let renderer = c.renderer();
        renderer
            .pages()
            .into_iter()
            .map(|p| renderer.render(p).expect("the page renders").html)
            .collect()
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        for sub in ["content/briefs", "content/people"] {
            std::fs::create_dir_all(root.join(sub)).expect("a folder is made");
        }
        std::fs::write(root.join("site.yaml"), "title: T\n").expect("site.yaml");
        for (slug, name) in [("ana-diaz", "Ana Diaz"), ("ben-okafor", "Ben Okafor")] {
            std::fs::write(
                root.join(format!("content/people/{slug}.md")),
                format!("---\nname: {name}\n---\n"),
            )
            .expect("a person");
        }
        let texts = [
            "Ana Diaz opened the grain corridor talks with Ben Okafor at the port.",
            "Ben Okafor and Ana Diaz reopened the grain corridor talks at the port.",
            "Ana Diaz spoke on tariffs and steel quotas with Ben Okafor in the capital.",
            "Ben Okafor answered Ana Diaz on steel quotas and tariffs in the capital.",
        ];
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(
                root.join(format!("content/briefs/2024-03-0{}-b{i}.md", i + 1)),
                format!(
                    "---\ntitle: B{i}\ndate: 2024-03-0{}\nsource: S\npeople: [Ana Diaz, Ben Okafor]\n---\n{text}\n",
                    i + 1
                ),
            )
            .expect("a brief");
        }
        dir
    }

    #[test]
    fn a_project_compiled_once_lets_texts_go_and_renders_the_same_site() {
        let dir = site();
        let options = BuildOptions::default();
        let mut usual = Project::new(dir.path(), None, options);
        let usual = usual.compile().expect("the site compiles");
        let mut once = Project::new(dir.path(), None, options);
        once.compile_once();
        let once_compiled = once.compile().expect("the site compiles once");

        assert!(usual.site.briefs.iter().all(|b| !b.body.is_empty()));
        assert!(
            once_compiled.site.briefs.iter().all(|b| b.body.is_empty()),
            "a brief kept its text"
        );
        assert!(
            once.inputs.as_ref().is_some_and(|i| i.docs.is_empty()),
            "the documents were kept"
        );
        let html = |c: &Compiled| c.bodies.iter().map(|b| b.html.clone()).collect::<Vec<_>>();
        assert_eq!(html(&usual), html(&once_compiled));
        assert!(html(&usual).iter().all(|h| h.text().contains("mention")));
        let related = |c: &Compiled| {
            (0..c.site.briefs.len())
                .map(|i| c.views.indexes.related_to(site::BriefId::new(i)).to_vec())
                .collect::<Vec<_>>()
        };
        assert_eq!(related(&usual), related(&once_compiled));
        assert!(related(&usual).iter().any(|r| !r.is_empty()));
    }

    #[test]
    fn a_build_holding_its_bodies_packed_writes_the_same_pages_and_files() {
        let dir = site();
        let options = BuildOptions::default();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("site.yaml");
        let compile = |pack_above: usize| {
            let mut project = Project::new(dir.path(), None, options);
            project.compile_once();
            project.pack_bodies_above = pack_above;
            project.compile().expect("the site compiles once")
        };
        let (plain, packed) = (compile(PACK_BODIES_ABOVE), compile(0));
        assert!(plain.bodies.iter().all(|b| !b.html.is_packed()));
        assert!(packed.bodies.iter().all(|b| b.html.is_packed()));
        let plain_pages = rendered_pages(&plain);
        assert!(
            plain_pages.iter().any(|p| p.contains("class=\"mention\"")),
            "no brief page shows its body"
        );
        assert_eq!(plain_pages, rendered_pages(&packed));
        let files = plain.site_files();
        assert!(files.iter().any(|(name, _)| name == "atom.xml"));
        assert!(files.iter().any(|(name, _)| name.starts_with("search/t/")));
        assert_eq!(files, packed.site_files());
    }

    #[test]
    fn a_build_reading_bodies_again_renders_the_same_site_and_stops_on_a_changed_file() {
        let dir = site();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .expect("site.yaml");
        // A brief with Windows line ends: its body is read again normalised.
        std::fs::write(
            dir.path().join("content/briefs/2024-03-09-crlf.md"),
            "---\r\ntitle: C\r\ndate: 2024-03-09\r\nsource: S\r\n---\r\nAna Diaz met Ben Okafor.\r\n\r\nThen the port.\r\n",
        )
        .expect("a brief");
        let project = |hold: usize| {
            let mut project = Project::new(dir.path(), None, BuildOptions::default());
            project.compile_once();
            project.hold_texts_up_to = hold;
            project.reload_everything();
            project
        };
        let held_docs = |p: &mut Project| {
            p.inputs()
                .docs
                .values()
                .filter(
                    |d| matches!(d, Doc::Brief(b) if b.body_file.is_none() && !b.body.is_empty()),
                )
                .count()
        };
        let mut holding = project(HOLD_TEXTS_UP_TO);
        let mut reading = project(0);
        assert_eq!(held_docs(&mut holding), 5);
        assert_eq!(held_docs(&mut reading), 0, "every body is left in its file");
        let (held, read) = (
            holding.compile().expect("the site compiles"),
            reading
                .compile()
                .expect("the site compiles reading bodies again"),
        );
        assert!(read.bodies.iter().all(|b| b.html.is_packed()));
        let held_pages = rendered_pages(&held);
        assert!(held_pages.iter().any(|p| p.contains("Then the port.")));
        assert_eq!(held_pages, rendered_pages(&read));
        assert_eq!(held.site_files(), read.site_files());
        let related = |c: &Compiled| {
            (0..c.site.briefs.len())
                .map(|i| c.views.indexes.related_to(site::BriefId::new(i)).to_vec())
                .collect::<Vec<_>>()
        };
        assert!(related(&held).iter().any(|r| !r.is_empty()));
        assert_eq!(
            related(&held),
            related(&read),
            "related briefs are the same"
        );

        // A file saved between the read and the render stops the build, naming it.
        let mut reading = project(0);
        let edited = dir.path().join("content/briefs/2024-03-02-b1.md");
        let text = std::fs::read_to_string(&edited).expect("the brief");
        std::fs::write(&edited, text.replace("reopened", "closed")).expect("an edit");
        let Err(errors) = reading.compile() else {
            panic!("a body changed after its front matter was read must not be rendered");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, Path::new("content/briefs/2024-03-02-b1.md"));
        assert!(
            errors[0]
                .message
                .contains("changed while the site was being built")
        );
    }

    #[test]
    fn serve_leaving_bodies_in_their_files_rebuilds_as_one_holding_them() {
        let dir = site();
        let serving = |hold: usize| {
            let mut project = Project::new(dir.path(), None, BuildOptions::default());
            project.leave_bodies();
            project.hold_texts_up_to = hold;
            project
        };
        let mut holding = serving(SERVE_HOLDS_TEXTS_UP_TO);
        let mut leaving = serving(0);
        let pages = |p: &Project| rendered_pages(&p.last.as_ref().expect("a good state").compiled);
        // The same change to both: the same files written, and the same site.
        let same = |a: &mut Project, b: &mut Project, change: &Change| {
            let (x, y) = (
                a.rebuild(change).expect("the site builds"),
                b.rebuild(change).expect("the site builds leaving bodies"),
            );
            assert_eq!(x.write, y.write);
            assert_eq!(x.remove, y.remove);
            assert_eq!(a.site_files_update().write, b.site_files_update().write);
            assert_eq!(pages(a), pages(b));
            x.write
        };
        let first = same(&mut holding, &mut leaving, &Change::Everything);
        assert!(first.iter().any(|(_, page)| {
            page.windows(b"reopened the grain".len())
                .any(|w| w == b"reopened the grain")
        }));
        let left = leaving
            .inputs()
            .docs
            .values()
            .filter(|d| matches!(d, Doc::Brief(b) if b.body_file.is_some() && b.body.is_empty()))
            .count();
        assert_eq!(left, 4, "every body is left in its file");

        // A body edited: that file is read whole, its body rendered again.
        let b1 = std::path::PathBuf::from("content/briefs/2024-03-02-b1.md");
        let text = std::fs::read_to_string(dir.path().join(&b1)).expect("the brief");
        std::fs::write(dir.path().join(&b1), text.replace("reopened", "closed")).expect("an edit");
        let edited = same(
            &mut holding,
            &mut leaving,
            &Change::Content(vec![b1.clone()]),
        );
        assert!(edited.iter().any(|(_, page)| {
            page.windows(b"closed the grain".len())
                .any(|w| w == b"closed the grain")
        }));

        // New names: every body is rendered again, those left read from their files.
        let person = std::path::PathBuf::from("content/people/ben-okafor.md");
        std::fs::write(
            dir.path().join(&person),
            "---\nname: Ben Okafor\naliases: [Minister Okafor]\n---\n",
        )
        .expect("the person is written");
        same(
            &mut holding,
            &mut leaving,
            &Change::Content(vec![person.clone()]),
        );

        // A body changed behind the project's back cannot be rendered with the
        // front matter read before it: an error names the file, and the site
        // builds once the change is reported.
        let b2 = std::path::PathBuf::from("content/briefs/2024-03-03-b2.md");
        let text = std::fs::read_to_string(dir.path().join(&b2)).expect("the brief");
        std::fs::write(dir.path().join(&b2), text.replace("tariffs", "levies")).expect("an edit");
        std::fs::write(
            dir.path().join(&person),
            "---\nname: Ben Okafor\naliases: [Minister Okafor, Mr. Okafor]\n---\n",
        )
        .expect("the person is written");
        let Err(errors) = leaving.rebuild(&Change::Content(vec![person.clone()])) else {
            panic!("a body changed since its front matter was read must not be rendered");
        };
        assert_eq!(errors[0].path, b2);
        holding
            .rebuild(&Change::Content(vec![person]))
            .expect("the site builds");
        holding
            .rebuild(&Change::Content(vec![b2.clone()]))
            .expect("the site builds");
        leaving
            .rebuild(&Change::Content(vec![b2]))
            .expect("the site builds once the change is reported");
        assert_eq!(pages(&holding), pages(&leaving));
        assert!(pages(&leaving).iter().any(|p| p.contains("on levies")));
    }

    #[test]
    fn serve_holds_a_large_sites_bodies_packed_and_renders_the_same_pages() {
        let dir = site();
        let state = |pack_above: usize| {
            let mut project = Project::new(dir.path(), None, BuildOptions::default());
            project.pack_bodies_above = pack_above;
            let update = project
                .rebuild(&Change::Everything)
                .expect("the site builds");
            (project, update)
        };
        let (mut plain, first_plain) = state(PACK_BODIES_ABOVE);
        let (mut packed, first_packed) = state(0);
        let bodies = |p: &Project| {
            p.last
                .as_ref()
                .map(|l| l.compiled.bodies.clone())
                .unwrap_or_default()
        };
        assert!(bodies(&plain).iter().all(|b| !b.html.is_packed()));
        assert!(bodies(&packed).iter().all(|b| b.html.is_packed()));
        assert!(
            first_plain
                .write
                .iter()
                .any(|(_, html)| String::from_utf8_lossy(html).contains("class=\"mention\""))
        );
        assert_eq!(first_plain.write, first_packed.write);
        assert_eq!(
            plain.site_files_update().write,
            packed.site_files_update().write
        );
        // An edit renders its body again, packed, and the same pages.
        let edited = dir.path().join("content/briefs/2024-03-02-b1.md");
        let text = std::fs::read_to_string(&edited).expect("the brief");
        std::fs::write(&edited, text.replace("reopened", "closed")).expect("an edit");
        let change = Change::Content(vec![PathBuf::from("content/briefs/2024-03-02-b1.md")]);
        let (a, b) = (
            plain.rebuild(&change).expect("the edit builds"),
            packed.rebuild(&change).expect("the edit builds"),
        );
        assert!(
            a.write
                .iter()
                .any(|(_, html)| String::from_utf8_lossy(html).contains("closed the grain"))
        );
        assert_eq!(a.write, b.write);
        assert!(bodies(&packed).iter().all(|b| b.html.is_packed()));
    }

    /// The project of `dir` after its first build.
    fn built(dir: &tempfile::TempDir) -> Project {
        let mut project = Project::new(dir.path(), None, BuildOptions::default());
        project
            .rebuild(&Change::Everything)
            .expect("the site builds");
        project
    }

    /// The bodies of the last good state, by brief number.
    fn bodies(p: &Project) -> Vec<Arc<Rendered>> {
        p.last
            .as_ref()
            .map(|l| l.compiled.bodies.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_temporary_file_gone_before_the_rebuild_changes_nothing() {
        let dir = site();
        let mut project = Project::new(dir.path(), None, BuildOptions::default());
        let all = project
            .rebuild(&Change::Everything)
            .expect("the site builds")
            .fingerprinted;
        // What a tool saving by rename reports: its temporary file, gone since.
        let gone = std::path::PathBuf::from("content/people/sedX1y2Z3");
        let update = project
            .rebuild(&Change::Content(vec![gone.clone()]))
            .expect("the site builds");
        assert_eq!(update.rendered, 0);
        assert!(update.write.is_empty() && update.remove.is_empty());
        // Beside the file it saved, the edit is that file's alone: a new role is
        // made in place and fingerprints the pages that show the person, not all.
        let person = std::path::PathBuf::from("content/people/ana-diaz.md");
        std::fs::write(
            dir.path().join(&person),
            "---\nname: Ana Diaz\nrole: Envoy\n---\n",
        )
        .expect("the person is written");
        let update = project
            .rebuild(&Change::Content(vec![gone, person]))
            .expect("the site builds");
        assert!(update.rendered > 0);
        assert!(
            update.fingerprinted < all,
            "{} of {all} pages fingerprinted",
            update.fingerprinted
        );
    }

    #[test]
    fn a_registry_edit_keeps_the_bodies_and_indexes_unless_it_changes_the_names() {
        let dir = site();
        let person = std::path::PathBuf::from("content/people/ana-diaz.md");
        let mut project = built(&dir);
        let edit = |p: &mut Project, text: &str| {
            std::fs::write(dir.path().join(&person), text).expect("the person is written");
            p.rebuild(&Change::Content(vec![person.clone()]))
                .expect("the site builds again");
        };
        let indexes = |p: &Project| {
            p.last
                .as_ref()
                .map(|l| Arc::clone(&l.compiled.views.indexes))
        };
        let before = bodies(&project);
        let indexes_before = indexes(&project);
        assert_eq!(before.len(), 4);

        // A role names no one: every body, and the indexes (related briefs among
        // them), are those made before.
        edit(&mut project, "---\nname: Ana Diaz\nrole: Envoy\n---\n");
        let after_role = bodies(&project);
        assert!(
            before
                .iter()
                .zip(&after_role)
                .all(|(a, b)| Arc::ptr_eq(a, b))
        );
        assert!(
            indexes_before
                .zip(indexes(&project))
                .is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)),
            "the indexes were made again"
        );

        // An alias is a new name: every body is read again, and links it.
        std::fs::write(
            dir.path().join("content/briefs/2024-03-01-b0.md"),
            "---\ntitle: B0\ndate: 2024-03-01\nsource: S\npeople: [Ana Diaz, Ben Okafor]\n---\nThe Envoy Diaz met Ben Okafor. Ana D. spoke first.\n",
        )
        .expect("a brief");
        project
            .rebuild(&Change::Content(vec![
                "content/briefs/2024-03-01-b0.md".into(),
            ]))
            .expect("the site builds again");
        let unlinked = bodies(&project);
        // Newest first: the edited brief, the oldest, is the last.
        assert!(
            unlinked[3].html.text().contains("Ana D. spoke"),
            "{}",
            unlinked[3].html
        );
        edit(
            &mut project,
            "---\nname: Ana Diaz\nrole: Envoy\naliases: [Ana D.]\n---\n",
        );
        let after_alias = bodies(&project);
        assert!(
            unlinked
                .iter()
                .zip(&after_alias)
                .all(|(a, b)| !Arc::ptr_eq(a, b))
        );
        assert!(
            after_alias[3].html.text().contains("Ana D.</a>"),
            "{}",
            after_alias[3].html
        );
    }

    #[test]
    fn an_edit_keeps_other_bodies_by_place_until_the_settings_change() {
        let dir = site();
        let mut project = built(&dir);
        let before = bodies(&project);
        // The oldest brief, last by id, gets a new title.
        let edited = std::path::PathBuf::from("content/briefs/2024-03-01-b0.md");
        std::fs::write(
            dir.path().join(&edited),
            "---\ntitle: B0 retitled\ndate: 2024-03-01\nsource: S\npeople: [Ana Diaz, Ben Okafor]\n---\nAna Diaz opened the grain corridor talks with Ben Okafor at the port.\n",
        )
        .expect("a brief");
        project
            .rebuild(&Change::Content(vec![edited]))
            .expect("the site builds again");
        let after = bodies(&project);
        assert!(
            before[..3]
                .iter()
                .zip(&after)
                .all(|(a, b)| Arc::ptr_eq(a, b))
        );
        let fresh = Project::new(dir.path(), None, BuildOptions::default())
            .compile()
            .expect("the site compiles");
        let kept = project.last.as_ref().map(|l| rendered_pages(&l.compiled));
        assert_eq!(kept, Some(rendered_pages(&fresh)));

        // New settings may render every body differently: none is kept.
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/sub/\n",
        )
        .expect("site.yaml");
        project
            .rebuild(&Change::Config)
            .expect("the site builds again");
        let renewed = bodies(&project);
        assert!(after.iter().zip(&renewed).all(|(a, b)| !Arc::ptr_eq(a, b)));
    }

    #[test]
    fn a_new_brief_naming_known_people_renders_no_other_body() {
        let dir = site();
        // Two people known by name only, first listed (newest first) as Carl
        // Aberg, then Zoe Quint.
        for (file, date, name) in [
            ("2024-02-02-c.md", "2024-02-02", "Carl Aberg"),
            ("2024-02-01-z.md", "2024-02-01", "Zoe Quint"),
        ] {
            std::fs::write(
                dir.path().join("content/briefs").join(file),
                format!("---\ntitle: {name}\ndate: {date}\nsource: S\npeople: [{name}, Ana Diaz]\n---\nAna Diaz met {name}.\n"),
            )
            .expect("a brief");
        }
        let mut project = Project::new(dir.path(), None, BuildOptions::default());
        project
            .rebuild(&Change::Everything)
            .expect("the site builds");
        let bodies = |p: &Project| -> BTreeMap<PathBuf, Arc<Rendered>> {
            let last = p.last.as_ref().expect("a last state");
            last.compiled
                .site
                .briefs
                .iter()
                .zip(&last.compiled.bodies)
                .map(|(b, r)| (b.path.clone(), Arc::clone(r)))
                .collect()
        };
        let people = |p: &Project| -> Vec<String> {
            let last = p.last.as_ref().expect("a last state");
            last.compiled
                .site
                .people
                .iter()
                .map(|p| p.name.clone())
                .collect()
        };
        let before = bodies(&project);
        let people_before = people(&project);

        // The newest brief lists Zoe Quint first: the people keep their numbers,
        // so the names are the same and no other body is rendered again.
        let new = "content/briefs/2024-04-01-new.md";
        std::fs::write(
            dir.path().join(new),
            "---\ntitle: New\ndate: 2024-04-01\nsource: S\npeople: [Zoe Quint, Carl Aberg]\n---\nZoe Quint spoke.\n",
        )
        .expect("a brief");
        project
            .rebuild(&Change::Content(vec![PathBuf::from(new)]))
            .expect("the site builds");
        assert_eq!(people(&project), people_before);
        let after = bodies(&project);
        assert_eq!(after.len(), before.len() + 1);
        for (path, body) in &before {
            assert!(
                Arc::ptr_eq(body, &after[path]),
                "{} rendered again",
                path.display()
            );
        }
    }

    /// Every file under `dir`, relative, with its bytes.
    fn files_in(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).expect("under dir").to_path_buf();
                let bytes = std::fs::read(e.path()).expect("a written file reads back");
                (rel, bytes)
            })
            .collect()
    }

    #[test]
    fn a_first_build_written_as_it_renders_equals_one_handed_back() {
        let dir = site();
        let options = BuildOptions::default();
        let (held_out, streamed_out) = (
            tempfile::tempdir().expect("a folder"),
            tempfile::tempdir().expect("a folder"),
        );
        let mut held = Project::new(dir.path(), None, options);
        let mut streamed = Project::new(dir.path(), None, options);
        let update = held.rebuild(&Change::Everything).expect("it builds");
        update.apply(held_out.path()).expect("written");
        held.site_files_update()
            .apply(held_out.path())
            .expect("written");
        let first = streamed
            .rebuild_into(&Change::Everything, streamed_out.path())
            .expect("it builds");
        assert!(
            !first.write.iter().any(|(f, _)| f.ends_with(".html")),
            "pages were handed back, not written"
        );
        assert_eq!(first.rendered, update.rendered);
        first.apply(streamed_out.path()).expect("written");
        streamed
            .write_site_files_into(streamed_out.path())
            .expect("written");
        let files = files_in(held_out.path());
        assert!(files.keys().any(|f| f.ends_with("briefs/b2/index.html")));
        assert!(
            files
                .keys()
                .any(|f| f.ends_with("atom.xml") || f.starts_with("search"))
        );
        assert_eq!(files, files_in(streamed_out.path()));

        // What was written is known: the next edit writes the same files as after
        // a first build handed back, and removes the same.
        let brief = dir.path().join("content/briefs/2024-03-02-b1.md");
        let text = std::fs::read_to_string(&brief).expect("the brief reads");
        std::fs::write(&brief, text.replace("title: B1", "title: Renamed"))
            .expect("the brief is edited");
        let change = Change::Content(vec![PathBuf::from("content/briefs/2024-03-02-b1.md")]);
        let names = |u: &Update| {
            let mut w: Vec<String> = u.write.iter().map(|(n, _)| n.clone()).collect();
            w.sort();
            (w, u.remove.clone())
        };
        let (a, b) = (
            held.rebuild(&change).expect("it builds"),
            streamed.rebuild(&change).expect("it builds"),
        );
        assert_eq!(names(&a), names(&b));
        assert!(!a.write.is_empty());
        a.apply(held_out.path()).expect("written");
        b.apply(streamed_out.path()).expect("written");
        let (a, b) = (held.site_files_update(), streamed.site_files_update());
        assert_eq!(names(&a), names(&b));
        a.apply(held_out.path()).expect("written");
        b.apply(streamed_out.path()).expect("written");
        assert_eq!(files_in(held_out.path()), files_in(streamed_out.path()));

        // A brief removed takes its page with it from both folders.
        std::fs::remove_file(dir.path().join("content/briefs/2024-03-04-b3.md"))
            .expect("the brief is removed");
        let change = Change::Content(vec![PathBuf::from("content/briefs/2024-03-04-b3.md")]);
        for (project, out) in [(&mut held, &held_out), (&mut streamed, &streamed_out)] {
            let update = project.rebuild(&change).expect("it builds");
            assert!(update.remove.iter().any(|f| f == "briefs/b3/index.html"));
            update.apply(out.path()).expect("written");
            project
                .site_files_update()
                .apply(out.path())
                .expect("written");
        }
        assert_eq!(files_in(held_out.path()), files_in(streamed_out.path()));
    }

    #[test]
    fn a_first_build_that_fails_removes_the_pages_it_wrote() {
        let dir = site();
        std::fs::create_dir_all(dir.path().join("templates")).expect("a folder");
        // Person pages fail; brief pages render and are written first.
        std::fs::write(
            dir.path().join("templates/person.html"),
            "{{ no_such_variable.name }}",
        )
        .expect("a template");
        let out = tempfile::tempdir().expect("a folder");
        let mut project = Project::new(dir.path(), None, BuildOptions::default());
        let problems = project
            .rebuild_into(&Change::Everything, out.path())
            .expect_err("a person page fails");
        assert!(problems.iter().any(|d| d.path.ends_with("person.html")));
        assert!(files_in(out.path()).is_empty(), "pages were left behind");

        // Fixed, the site builds into the same folder, every page there.
        std::fs::remove_file(dir.path().join("templates/person.html")).expect("removed");
        let update = project
            .rebuild_into(&Change::Templates, out.path())
            .expect("it builds");
        update.apply(out.path()).expect("written");
        let files = files_in(out.path());
        assert!(
            files
                .keys()
                .any(|f| f.ends_with("people/ana-diaz/index.html"))
        );
        assert!(files.keys().any(|f| f.ends_with("briefs/b0/index.html")));
    }
}
