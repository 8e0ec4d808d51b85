//! Rebuilds of a [`Project`]: a change applied to the last good state, and the
//! files to write and remove that make the output equal a full build's.

use ahash::{AHashMap, AHashSet};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compiled::Compiled;
use super::{Last, Project};
use crate::content;
use crate::error::Diagnostic;
use crate::output::OutputFile;
use crate::render::{self, Theme};
use crate::site::brief_reads;

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
    /// Page contexts made and fingerprinted to find which pages to render: those
    /// of every page, or after an edit of briefs alone, of the pages that read one.
    pub fingerprinted: usize,
    /// Warnings of the new state.
    pub warnings: Vec<Diagnostic>,
}

impl Update {
    /// Writes and removes the files of this update in a live output folder (each
    /// file atomically), removing folders left empty: what `serve` does after
    /// each rebuild.
    pub fn apply(&self, out_dir: &Path) -> crate::Result<()> {
        // Only files whose bytes changed since last handed out are here.
        crate::output::replace_files(out_dir, &self.write)?;
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

impl Project {
    /// Applies a change and returns the files to write and remove. On error the
    /// last good state is kept, so the caller can go on serving it. The first call
    /// reads everything, whatever the change.
    ///
    /// Pages are rendered when their context's fingerprint differs from the last
    /// good state's (or the theme changed), so the result equals a full build's
    /// once [`Project::site_files_update`] has followed it: an edit of texts
    /// alone keeps the last related briefs until then.
    pub fn rebuild(&mut self, change: &Change) -> Result<Update, Vec<Diagnostic>> {
        self.rebuild_keeping(change, true, None)
    }

    /// [`Project::rebuild`], writing the pages into `dir` as they are rendered
    /// when there is no last good state (the first build), instead of handing
    /// them back: a first build renders every page, and held until all are
    /// rendered they would be most of the memory a large archive's `serve`
    /// needs. `dir` must hold nothing this project did not write. Should the
    /// build fail, the pages it wrote are removed again, so that `dir` holds
    /// what it held before. Later rebuilds hand back their pages as
    /// [`Project::rebuild`] does.
    pub fn rebuild_into(&mut self, change: &Change, dir: &Path) -> Result<Update, Vec<Diagnostic>> {
        self.rebuild_keeping(change, true, Some(dir))
    }

    /// [`Project::rebuild`]; `texts_later` lets an edit of texts alone keep the
    /// last indexes (see [`crate::render::Views::reusing`]).
    fn rebuild_keeping(
        &mut self,
        change: &Change,
        texts_later: bool,
        stream_into: Option<&Path>,
    ) -> Result<Update, Vec<Diagnostic>> {
        let progress = self.progress.clone();
        let progress = progress.as_deref();
        if self.inputs.is_none() {
            crate::progress::stage(progress, "read files", 0);
            self.reload_everything();
            self.pending_reload = true;
            self.pending_settings = true;
            self.pending_theme = true;
        } else {
            match change {
                Change::Config => {
                    self.inputs().config = self.read_config();
                    self.forget_bodies();
                    self.pending_reload = true;
                    self.pending_settings = true;
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
                    self.pending_settings = true;
                    self.pending_theme = true;
                }
                Change::Static(_) if self.last.is_some() => return Ok(Update::default()),
                Change::Static(_) => {}
                Change::Content(paths) => {
                    let site_dir = self.site_dir.clone();
                    let inputs = self.inputs();
                    // A file that is gone and was never read (an editor's or a
                    // tool's temporary file, written and renamed over the file
                    // it saves) changed nothing; counted, it would make the
                    // saved file's edit look like more than one file's.
                    let paths: Vec<PathBuf> = paths
                        .iter()
                        .filter(|p| {
                            site_dir.join(p).exists()
                                || inputs.docs.contains_key(*p)
                                || inputs.doc_errors.contains_key(*p)
                                || inputs.docs.keys().any(|d| d.starts_with(p))
                        })
                        .cloned()
                        .collect();
                    let paths = &paths;
                    // A folder created, renamed or deleted: its files must be found again.
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
                        self.pending_settings = true;
                    } else {
                        let before: Vec<Option<Arc<content::PersonDoc>>> = paths
                            .iter()
                            .map(|p| match inputs.docs.get(p) {
                                Some(super::Doc::Person(d)) => Some(Arc::clone(d)),
                                _ => None,
                            })
                            .collect();
                        if self.reload_files(paths) {
                            let docs = &self.inputs().docs;
                            let in_place = paths.iter().zip(&before).all(|(p, old)| {
                                matches!((old, docs.get(p)), (Some(old), Some(super::Doc::Person(new)))
                                    if old.same_names(new))
                            });
                            if in_place {
                                self.pending_people.extend(paths.iter().cloned());
                            } else {
                                self.pending_reload = true;
                            }
                        }
                        self.pending_briefs.extend(paths.iter().cloned());
                    }
                }
            }
        }
        let reuse = !self.pending_reload && self.last.is_some();
        let changed = std::mem::take(&mut self.pending_briefs);
        crate::progress::stage(progress, "resolve and render bodies", 0);
        let compiled = match self.compile_reusing(reuse.then_some(&changed), true, texts_later) {
            Ok(c) => c,
            Err(problems) => {
                self.pending_briefs = changed;
                return Err(problems);
            }
        };
        // Compiling may have found registry files it could not apply in place.
        let reuse = reuse && !self.pending_reload;
        let renderer = compiled.renderer();
        let pages = renderer.pages();
        let last = self.last.as_ref().filter(|_| !self.pending_theme);
        // A context holds its page's path, so a page whose fingerprint is
        // unchanged also keeps its file. When the pages are those of the last
        // state (an edit that adds or removes no page), each is compared with
        // itself and only the files of changed pages are made; otherwise each
        // is compared with the last page written to its file.
        let same_pages = last.as_ref().is_some_and(|l| l.pages == pages);
        // When only briefs changed, and what some people and topics hold, and
        // nothing else a page can read, only the pages that read one of them can
        // have a new context.
        let changed_briefs = last
            .filter(|_| reuse && same_pages)
            .and_then(|l| changed_reads(&l.compiled, &compiled).map(|c| (l, c)));
        let mut fingerprinted = pages.len();
        // Pages rendered while fingerprinted again, from the same context.
        let mut rendered_early: Option<Vec<Result<render::RenderedPage, Diagnostic>>> = None;
        let (prints, reads) = match changed_briefs {
            Some((last, changed)) => {
                let again: Vec<usize> = (0..pages.len())
                    .into_par_iter()
                    .filter(|&i| brief_reads::meets(&last.reads[i], &changed))
                    .collect();
                let again_pages: Vec<render::Page> = again.iter().map(|&i| pages[i]).collect();
                let old_prints: Vec<u64> = again.iter().map(|&i| last.prints[i]).collect();
                fingerprinted = again_pages.len();
                let made = renderer.fingerprints_rendering(&again_pages, &old_prints);
                let (mut prints, mut reads) = (last.prints.clone(), last.reads.clone());
                let early = rendered_early.insert(Vec::new());
                for (i, (print, read, page)) in again.into_iter().zip(made) {
                    prints[i] = print;
                    reads[i] = read;
                    early.extend(page);
                }
                (prints, reads)
            }
            None => renderer.fingerprints(&pages),
        };
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
        // When some pages were fingerprinted again, those that changed are
        // rendered already: every other page kept its fingerprint.
        let to_render: Vec<render::Page> = match rendered_early {
            Some(_) => Vec::new(),
            None => pages
                .iter()
                .zip(&changed_pages)
                .filter(|(_, changed)| **changed)
                .map(|(&p, _)| p)
                .collect(),
        };
        let streamed = stream_into.filter(|_| self.last.is_none());
        let stage = match streamed {
            Some(_) => "render and write pages",
            None => "render pages",
        };
        crate::progress::stage(progress, stage, to_render.len());
        let done = crate::progress::counter(progress);
        let result = match streamed {
            Some(dir) => {
                let written = write_pages(&renderer, &to_render, dir, done);
                written.map(|files| {
                    self.written.extend(files);
                    Vec::new()
                })
            }
            None => match rendered_early {
                Some(early) => render::gathered(early),
                None => renderer.render_pages_counting(&to_render, done),
            },
        };
        let rendered = match result {
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
            // Every page was rendered: written as it was (`to_render`, none
            // handed back), or handed back (`rendered`).
            rendered: to_render.len().max(rendered.len()),
            fingerprinted,
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
        self.pending_people.clear();
        self.pending_settings = false;
        self.pending_theme = false;
        self.last_bodies_cached = true;
        self.together_is_last = self.linking.get().is_some();
        let previous = self.last.replace(Last {
            compiled,
            pages,
            files,
            prints,
            reads,
        });
        // Freeing the previous state (every view, body and fingerprint of the
        // site) takes a few milliseconds nobody needs to wait for.
        rayon::spawn(move || drop(previous));
        Ok(update)
    }

    /// [`Project::site_files_update`] for the first build, its files written
    /// into `dir` as they are made rather than all held (at 100,000 briefs,
    /// feeds and search index are hundreds of megabytes). After any other
    /// build, or when the last state's indexes wait to be made again, it
    /// applies [`Project::site_files_update`] to `dir`.
    pub fn write_site_files_into(&mut self, dir: &Path) -> crate::Result<()> {
        let first = self.site_file_names.is_empty();
        let Some(Last { compiled, .. }) = self
            .last
            .as_ref()
            .filter(|l| first && !l.compiled.views.indexes_stale)
        else {
            return self.site_files_update().apply(dir);
        };
        let staging = crate::output::Staging::in_place(dir);
        let made = std::sync::Mutex::new(Vec::new());
        let result = compiled.each_site_file(&|(name, bytes): OutputFile| {
            write_recorded(&staging, &made, name, &bytes)
        });
        // What was written is recorded even when a later file failed, so that
        // the next update compares with what is on disk.
        let mut made = made.into_inner().unwrap_or_else(|e| e.into_inner());
        made.sort_unstable();
        self.site_file_names = made.iter().map(|(name, _)| name.clone()).collect();
        self.written.extend(made);
        result
    }

    /// The files made from the whole site rather than from a page's context
    /// (feeds, sitemap, `robots.txt`, search index) for the last good state:
    /// those whose bytes changed, and those it no longer has. `serve` applies
    /// it after a rebuild's pages, once the browser has been told to reload:
    /// making them takes longer than rendering the pages an edit touches, and no
    /// open page waits for them. After both, the output equals a full build's.
    pub fn site_files_update(&mut self) -> Update {
        // The related briefs of the texts an edit changed, first: the pages
        // showing them, and the files made from the whole site, then equal a
        // full build's. Should it fail (it reads no file, so it cannot), the
        // next rebuild makes them.
        let mut update = match &self.last {
            Some(last) if last.compiled.views.indexes_stale => self
                .rebuild_keeping(&Change::Content(Vec::new()), false, None)
                .unwrap_or_default(),
            _ => Update::default(),
        };
        let Some(Last { compiled, .. }) = &self.last else {
            return update;
        };
        let files = compiled.site_files();
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
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
        update.remove.extend(gone);
        self.site_file_names = names;
        update
    }
}

/// Writes `bytes` as `name` and adds its hash to `written`, for the files a
/// first build writes as it makes them.
fn write_recorded(
    staging: &crate::output::Staging,
    written: &std::sync::Mutex<Vec<(String, u64)>>,
    name: String,
    bytes: &[u8],
) -> crate::Result<()> {
    staging.write(&name, bytes)?;
    let hash = render::shared::hash_bytes(bytes);
    // A poisoned lock means a writer panicked; the list is still sound.
    let mut written = written.lock().unwrap_or_else(|e| e.into_inner());
    written.push((name, hash));
    Ok(())
}

/// Renders `pages` and writes each into `dir` as soon as it is rendered, with
/// the hash of every file written. When a page fails, the others are still
/// rendered (to report every problem), and every file written is removed again.
fn write_pages(
    renderer: &render::Renderer<'_>,
    pages: &[render::Page],
    dir: &Path,
    done: Option<&std::sync::atomic::AtomicUsize>,
) -> Result<Vec<(String, u64)>, Vec<Diagnostic>> {
    let staging = crate::output::Staging::in_place(dir);
    let written = std::sync::Mutex::new(Vec::with_capacity(pages.len()));
    let result = renderer.render_each(pages, |page| {
        crate::progress::count(done);
        write_recorded(&staging, &written, page.file, page.html.as_bytes())
    });
    let written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(()) => Ok(written),
        Err(problems) => {
            written.par_iter().for_each(|(file, _)| {
                let _ = std::fs::remove_file(dir.join(file));
            });
            Err(problems)
        }
    }
}

/// The briefs, people and topics (by [`brief_reads`] key) whose data, body or
/// views differ between two states in which nothing else a page can read
/// differs; `None` when something else does. Settings, theme and registries'
/// names are the caller's to have kept.
fn changed_reads(old: &Compiled, new: &Compiled) -> Option<Vec<u32>> {
    let (site, was) = (&new.site, &old.site);
    if !brief_reads::fits(site)
        || !site.same_beyond_entries(was)
        || !new.views.same_beyond_entries(&old.views)
    {
        return None;
    }
    let mut changed: Vec<u32> = Vec::new();
    let (views, old_views) = (&new.views.briefs, &old.views.briefs);
    for i in 0..site.briefs.len() {
        let (a, b) = (&was.briefs[i], &site.briefs[i]);
        let same_body = Arc::ptr_eq(&old.bodies[i], &new.bodies[i]);
        let shared = same_body && Arc::ptr_eq(a, b);
        let same_entry = views.same_entry(old_views, i);
        let same_page = views.same_page(old_views, i);
        if shared && same_entry && same_page {
            continue;
        }
        if !(shared || (same_body && a == b)) {
            changed.push(i as u32);
        }
        if !same_entry {
            changed.push(brief_reads::brief_entry_key(i));
        }
        if !same_page {
            changed.push(brief_reads::brief_page_key(i));
        }
    }
    if !Arc::ptr_eq(&site.people, &was.people) {
        for (i, (now, then)) in site.people.iter().zip(was.people.iter()).enumerate() {
            let (data, lists) = entry_changes(now, then, |p| &mut p.briefs);
            changed.extend(data.then(|| brief_reads::person_key(i)));
            changed.extend(lists.then(|| brief_reads::person_lists_key(i)));
            let named = (&now.name, &now.slug) != (&then.name, &then.slug);
            changed.extend(named.then(|| brief_reads::person_name_key(i)));
        }
    }
    for (i, (now, then)) in site.topics.iter().zip(&was.topics).enumerate() {
        let (data, lists) = entry_changes(now, then, |t| &mut t.briefs);
        changed.extend(data.then(|| brief_reads::topic_key(i)));
        changed.extend(lists.then(|| brief_reads::topic_lists_key(i)));
    }
    changed.extend(new.views.changed_entries(&old.views));
    changed.sort_unstable();
    changed.dedup();
    Some(changed)
}

/// Whether a person's or topic's own fields differ between two states, and
/// whether their briefs do (the two are read apart, see [`brief_reads`]).
fn entry_changes<E: Clone + PartialEq>(
    now: &E,
    then: &E,
    briefs: fn(&mut E) -> &mut Vec<crate::site::BriefId>,
) -> (bool, bool) {
    if now == then {
        return (false, false);
    }
    let (mut now, mut then) = (now.clone(), then.clone());
    let lists = briefs(&mut now) != briefs(&mut then);
    briefs(&mut now).clear();
    briefs(&mut then).clear();
    (now != then, lists)
}
