//! The bodies of a compiled site: every brief's Markdown rendered with its
//! mentions linked, for a one-off build (each text let go once rendered, or read
//! again from its file on a large site) and for `serve` (only the bodies an edit
//! touched rendered again, the rest kept).

use ahash::AHashSet;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

use super::Project;
use crate::content::{self, SharedText};
use crate::error::Diagnostic;
use crate::render::{self, Rendered};
use crate::site;

impl Project {
    /// Every brief's body, by id, and the briefs' wording, for a project that
    /// compiles once. The two read the same texts and nothing of each other, so
    /// they run side by side: the wording's serial steps (counting and
    /// numbering words) and the names' compilation overlap the other's parallel
    /// work. Each brief's text is taken out of the site (the documents, which
    /// held it too, are gone by then) and handed to both, and is let go as soon
    /// as both are done with it.
    pub(super) fn render_bodies_once(
        &mut self,
        site: &mut site::Site,
    ) -> Result<(Vec<Arc<Rendered>>, site::index::Wording), Vec<Diagnostic>> {
        // Every body is rendered here, with the names compiled anew: nothing
        // kept from before is reused.
        self.names_unsure = false;
        self.bodies.clear();
        self.last_bodies_cached = false;
        let mut files = Vec::new();
        let texts: Vec<SharedText> = site
            .briefs
            .iter_mut()
            .map(|b| {
                let b = Arc::make_mut(b);
                files.push(b.body_file.take());
                std::mem::take(&mut b.body)
            })
            .collect();
        let held: usize = texts.iter().map(|t| t.len()).sum();
        let shared = &*site;
        if files.iter().any(Option::is_some) {
            // A large site, some of whose bodies were left in their files: each
            // is read again here, counted for the wording and rendered at once,
            // so that it is held for that moment only.
            return self.render_bodies_reading(shared, texts, files);
        }
        let pack = held > self.pack_bodies_above;
        let worded = texts.clone();
        let (wording, (linking, bodies)) = rayon::join(
            || site::index::Wording::of_texts(shared, worded),
            || {
                let linking = render::Linking::new(shared);
                let urls = render::links::BriefUrls::new(shared);
                let mut bodies: Vec<(usize, Arc<Rendered>)> = in_read_order(shared, texts)
                    .into_par_iter()
                    .map(|(i, text)| {
                        let b = &shared.briefs[i];
                        let mut body = render::render_text(shared, &linking, &urls, b, &text);
                        if pack {
                            body.pack();
                        }
                        (i, Arc::new(body))
                    })
                    .collect();
                bodies.par_sort_unstable_by_key(|&(i, _)| i);
                (linking, bodies.into_iter().map(|(_, body)| body).collect())
            },
        );
        self.linking = std::sync::OnceLock::from(linking);
        Ok((bodies, wording))
    }

    /// [`Project::render_bodies_once`] of a site some of whose bodies are in
    /// their files (`files`, by id; the others are `texts`): each text is held
    /// only while its words are counted and its body rendered, and each body is
    /// packed (the site is large). A file changed since it was read is an error.
    fn render_bodies_reading(
        &mut self,
        site: &site::Site,
        texts: Vec<SharedText>,
        files: Vec<Option<Arc<content::BodyFile>>>,
    ) -> Result<(Vec<Arc<Rendered>>, site::index::Wording), Vec<Diagnostic>> {
        let linking = render::Linking::new(site);
        let urls = render::links::BriefUrls::new(site);
        let texts: Vec<_> = texts.into_iter().zip(files).collect();
        type Made = Result<(Arc<Rendered>, Arc<[u64]>), Diagnostic>;
        let mut made: Vec<(usize, Made)> = in_read_order(site, texts)
            .into_par_iter()
            .map_init(Vec::new, |scratch, (i, (text, file))| {
                let b = &site.briefs[i];
                let text = match file.map(|f| f.read(&b.path)).transpose() {
                    Ok(read) => read.unwrap_or(text),
                    Err(e) => return (i, Err(e)),
                };
                let counts = site::index::Wording::count(&text, scratch);
                let mut body = render::render_text(site, &linking, &urls, b, &text);
                body.pack();
                (i, Ok((Arc::new(body), counts)))
            })
            .collect();
        made.par_sort_unstable_by_key(|&(i, _)| i);
        let mut errors = Vec::new();
        let mut bodies = Vec::with_capacity(made.len());
        let mut counts = Vec::with_capacity(made.len());
        for (_, m) in made {
            match m {
                Ok((body, c)) => {
                    bodies.push(body);
                    counts.push(c);
                }
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let wording = site::index::Wording::of_counts(site, counts);
        self.linking = std::sync::OnceLock::from(linking);
        Ok((bodies, wording))
    }

    /// Every brief's body, by id, and the files of the briefs whose body was
    /// rendered again although their text did not change. A body left in its
    /// file is read again to be rendered; a file changed since it was read is an
    /// error (the change is on its way to the next rebuild).
    pub(super) fn render_bodies(&mut self, site: &site::Site) -> Result<Bodies, Vec<Diagnostic>> {
        // With new names every body is rendered again, its text changed or not.
        let renamed = self.check_names(site);
        // Bodies depend on which people and topics briefs list together, through
        // the topics whose lower-case aliases were decided by them: when an edit
        // changes those pairs, the names take the new pairs and the bodies that
        // consulted a topic of a changed pair are linked again. Briefs an edit did
        // not touch are the same `Arc`s, so the pairs are made again only when
        // some brief's lists changed.
        let mut moved_topics: Option<AHashSet<u32>> = None;
        if let Some(linking) = self.linking.get_mut() {
            let same_lists = self.last.as_ref().is_some_and(|l| {
                let old = &l.compiled.site.briefs;
                old.len() == site.briefs.len()
                    && old.iter().zip(&site.briefs).all(|(a, b)| {
                        Arc::ptr_eq(a, b) || (a.people == b.people && a.topics == b.topics)
                    })
            });
            if !same_lists {
                let last = self.last.as_ref().filter(|_| self.together_is_last);
                let after = last.and_then(|l| {
                    crate::mentions::together_after(linking.together(), &l.compiled.site, site)
                });
                let pairs = match after {
                    Some(after) => after,
                    None => Some(crate::mentions::listed_together(site))
                        .filter(|pairs| linking.together() != pairs),
                };
                if let Some(pairs) = pairs {
                    moved_topics = Some(
                        linking
                            .together()
                            .symmetric_difference(&pairs)
                            .map(|&(_, t)| t)
                            .collect(),
                    );
                    linking.set_together(pairs);
                    self.together_is_last = false;
                }
            }
        }
        let consulted_moved = |r: &Rendered| {
            moved_topics
                .as_ref()
                .is_some_and(|m| r.consulted.iter().any(|t| m.contains(&(t.index() as u32))))
        };
        let cache = &self.bodies;
        // The automaton is compiled only if some body has to be rendered.
        let linking = &self.linking;
        // Made only when a body is rendered or links to a brief, and kept while
        // every brief keeps its file and slug.
        let urls_made = std::sync::OnceLock::new();
        if let Some((briefs, kept)) = &self.brief_urls
            && briefs.len() == site.briefs.len()
            && briefs.iter().zip(&site.briefs).all(|(a, b)| {
                Arc::ptr_eq(a, b) || (a.path.as_os_str() == b.path.as_os_str() && a.slug == b.slug)
            })
        {
            let _ = urls_made.set(Arc::clone(kept));
        }
        let urls = || &**urls_made.get_or_init(|| Arc::new(render::links::BriefUrls::new(site)));
        // A large site's bodies are held packed, as a one-off build holds them.
        // Decided when a body is rendered: adding up every text's length reads
        // every brief, which an edit that renders one body need not do.
        let pack_above = self.pack_bodies_above;
        let pack_made = std::sync::OnceLock::new();
        let pack = || {
            *pack_made.get_or_init(|| {
                site.briefs.iter().map(|b| b.body_len()).sum::<usize>() > pack_above
            })
        };
        // A brief an edit left alone (the last state's own `Arc`, at the same
        // place) keeps the last state's body, while the names, the pairs listed
        // together and every brief's address are as they were then: all a kept
        // body depends on. A lookup by path for each of 100,000 briefs costs
        // more than the rest of a title edit's rebuild.
        let last_bodies = self
            .last
            .as_ref()
            .filter(|l| {
                self.last_bodies_cached
                    && !renamed
                    && moved_topics.is_none()
                    && urls_made.get().is_some()
                    && l.compiled.bodies.len() == l.compiled.site.briefs.len()
            })
            .map(|l| (&l.compiled.site.briefs[..], &l.compiled.bodies[..]));
        let kept = |i: usize, b: &Arc<site::Brief>| {
            let (briefs, bodies) = last_bodies?;
            briefs
                .get(i)
                .filter(|old| Arc::ptr_eq(old, b))
                .map(|_| Arc::clone(&bodies[i]))
        };
        let made: Vec<Result<(Arc<Rendered>, bool), Diagnostic>> = site
            .briefs
            .par_iter()
            .enumerate()
            .map(|(i, b)| match kept(i, b) {
                Some(body) => Ok((body, false)),
                None => match cache.get(b.path.as_os_str()) {
                    Some((source, listing, rendered))
                        if *source == Source::of(b)
                            && *listing == render::listing_key(b)
                            && !consulted_moved(rendered)
                            && (rendered.links.is_empty()
                                || render::links::deps_hold(&rendered.links, urls())) =>
                    {
                        Ok((rendered.clone(), false))
                    }
                    _ => {
                        let text = b.body_text()?;
                        let mut body = render::render_text(
                            site,
                            linking.get_or_init(|| render::Linking::new(site)),
                            urls(),
                            b,
                            &text,
                        );
                        if pack() {
                            body.pack();
                        }
                        Ok((Arc::new(body), true))
                    }
                },
            })
            .collect();
        let mut bodies = Vec::with_capacity(made.len());
        let mut errors = Vec::new();
        for m in made {
            match m {
                Ok(body) => bodies.push(body),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if bodies.iter().any(|(_, fresh)| *fresh) {
            self.last_bodies_cached = false;
        }
        let relinked: Vec<PathBuf> = site
            .briefs
            .iter()
            .zip(&bodies)
            .filter(|(b, (_, fresh))| {
                *fresh
                    && (renamed
                        || cache
                            .get(b.path.as_os_str())
                            .is_some_and(|(source, _, _)| *source == Source::of(b)))
            })
            .map(|(b, _)| b.path.clone())
            .collect();
        // The cache changes only where a body was rendered, and loses the files
        // the site no longer has.
        for (b, (rendered, fresh)) in site.briefs.iter().zip(&bodies) {
            if *fresh {
                self.bodies.insert(
                    b.path.as_os_str().to_owned(),
                    (Source::of(b), render::listing_key(b), rendered.clone()),
                );
            }
        }
        if self.bodies.len() > site.briefs.len() {
            let live: AHashSet<&std::ffi::OsStr> =
                site.briefs.iter().map(|b| b.path.as_os_str()).collect();
            self.bodies
                .retain(|path, _| live.contains(path.as_os_str()));
        }
        if let Some(made) = urls_made.into_inner() {
            self.brief_urls = Some((site.briefs.clone(), made));
        }
        Ok((bodies.into_iter().map(|(r, _)| r).collect(), relinked))
    }
}

/// Every brief's body, by id, and the files of the briefs whose body was rendered
/// again although their text did not change.
type Bodies = (Vec<Arc<Rendered>>, Vec<PathBuf>);

/// What a brief's body was rendered from: its file's text (the front matter with
/// it, as the render reads both) and, for a body left in its file, the body's
/// hash, since the text held is then the front matter's alone.
#[derive(PartialEq)]
pub(super) struct Source {
    text: SharedText,
    left: Option<u64>,
}

impl Source {
    fn of(b: &site::Brief) -> Source {
        Source {
            text: b.body.clone(),
            left: b.body_file.as_ref().map(|f| f.hash()),
        }
    }
}

/// `items` (one per brief, by id) with their ids, in the order the briefs' files
/// were read (by path), not by date: each text is then let go near those read with
/// it, and the memory they shared is whole again for what comes next, where
/// freeing them by date would leave it in holes until the last body.
fn in_read_order<T: Send>(site: &site::Site, items: Vec<T>) -> Vec<(usize, T)> {
    let mut items: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    items.par_sort_unstable_by(|(a, _), (b, _)| site.briefs[*a].path.cmp(&site.briefs[*b].path));
    items
}
