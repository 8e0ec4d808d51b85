//! The views of each brief, made once per build: its list entry, shared by every
//! page that lists it, and the view of its own page. `serve` keeps the views of
//! briefs an edit did not touch, with their fingerprints.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use super::cite;
use super::shapes::{
    self, AuthorView, CitationView, DateView, ImageView, LinkView, PersonRefView, QuoteView,
    author_view, person_link, source_link, term_link, topic_link,
};
use super::shared::Shared;
use super::views::summary_text;
use crate::content::DateValue;
use crate::mentions::Rendered;
use crate::site::{AuthorId, BriefId, PersonId, Site, SourceId, Taxon, TermId, TopicId};
use crate::urls as paths;

/// A brief as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct BriefSummaryView<'a> {
    /// Headline.
    pub title: Cow<'a, str>,
    /// Site-relative path.
    pub path: String,
    /// Date (a [`DateView`] made once for all the briefs of that date).
    pub date: Shared,
    /// Summary text (front matter, else the first paragraph).
    pub summary: Cow<'a, str>,
    /// Sources cited (each a [`LinkView`] made once for the site).
    pub sources: Vec<Shared>,
    /// People involved (likewise).
    pub people: Vec<Shared>,
    /// Topics (likewise).
    pub topics: Vec<Shared>,
    /// Whether it is a draft.
    pub draft: bool,
    /// Whether it is dated after the build (shown by `serve` and `--future` only).
    pub future: bool,
    /// Who wrote it (each an [`AuthorView`] made once for the site).
    pub authors: Vec<Shared>,
    /// Countries or regions.
    pub countries: Vec<LinkView>,
    /// Series.
    pub series: Vec<LinkView>,
    /// Its image.
    pub image: Option<ImageView>,
    /// The site's own fields.
    pub extra: &'a serde_yaml::Mapping,
}

/// A rendered body in a page view: its own hash, taken when it was rendered, while
/// a fingerprint is taken (a packed body is not unpacked for it), its HTML
/// otherwise.
struct BodyView<'a>(&'a Rendered);

impl Serialize for BodyView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if crate::render::shared::fingerprinting() {
            serializer.serialize_u64(self.0.print)
        } else {
            self.0.html.value().serialize(serializer)
        }
    }
}

/// A brief as its own page shows it.
#[derive(Serialize)]
pub struct BriefPageView<'a> {
    title: Cow<'a, str>,
    path: String,
    date: DateView,
    updated: Option<DateView>,
    summary: Cow<'a, str>,
    has_summary: bool,
    /// The rendered body, hashed as bytes rather than serialised.
    body: BodyView<'a>,
    people: Vec<PersonRefView>,
    topics: Vec<LinkView>,
    citations: Vec<CitationView>,
    quotes: Vec<QuoteView>,
    draft: bool,
    future: bool,
    authors: Vec<AuthorView>,
    countries: Vec<LinkView>,
    series: Vec<LinkView>,
    image: Option<ImageView>,
    extra: &'a serde_yaml::Mapping,
    aliases: &'a [String],
    also_mentioned: Vec<LinkView>,
    cite: cite::Citations,
}

/// The views of every brief, by id: list entry, page view, and each quote as a
/// speaker's page shows it.
pub struct BriefViews {
    summaries: Vec<Shared>,
    /// The fingerprint of each page view, kept only when fingerprints are taken.
    /// The view itself is made when its page is rendered: held for every brief,
    /// the page views took more memory than the bodies (at 100,000 briefs, 900
    /// MB), for pages an edit seldom renders again.
    pages: Vec<Option<u64>>,
    quotes: Vec<Vec<Shared>>,
}

/// The views of one brief.
type Made = (Shared, Option<u64>, Vec<Shared>);

/// Which list entries of a previous state can be kept: those of briefs whose file
/// did not change and none of whose people, topics or sources changed their name.
pub struct Reuse<'a> {
    old_site: &'a Site,
    /// The bodies of the previous state, by brief number.
    old_bodies: &'a [std::sync::Arc<Rendered>],
    /// Whether no person, topic, source, author or term changed its name.
    nothing_renamed: bool,
    /// Made only when a brief is not where it was (a brief added or moved).
    old_by_path: std::sync::OnceLock<HashMap<&'a std::ffi::OsStr, BriefId>>,
    old: &'a BriefViews,
    /// The changed files, by their bytes: paths hash slowly (by component).
    changed: Changed<'a>,
    renamed_people: HashSet<PersonId>,
    renamed_topics: HashSet<TopicId>,
    renamed_sources: HashSet<SourceId>,
    renamed_authors: HashSet<AuthorId>,
    renamed_terms: [HashSet<TermId>; 2],
}

impl<'a> Reuse<'a> {
    /// Compares the names of the previous state (`old`: its site, views and
    /// bodies) with those of `site`.
    pub fn new(
        (old_site, old, old_bodies): (&'a Site, &'a BriefViews, &'a [std::sync::Arc<Rendered>]),
        site: &Site,
        changed: &'a HashSet<PathBuf>,
    ) -> Reuse<'a> {
        fn renamed<'s, Id: Copy + Eq + std::hash::Hash>(
            old: impl Iterator<Item = (&'s str, &'s str)>,
            new: impl Iterator<Item = (&'s str, &'s str)>,
            make: impl Fn(u32) -> Id,
        ) -> HashSet<Id> {
            let before: HashMap<&str, &str> = old.collect();
            new.enumerate()
                .filter(|(_, (slug, name))| before.get(slug) != Some(name))
                .map(|(i, _)| make(i as u32))
                .collect()
        }
        let mut reuse = Reuse {
            old_site,
            old_bodies,
            nothing_renamed: false,
            old_by_path: std::sync::OnceLock::new(),
            old,
            changed: Changed::of(changed),
            renamed_people: renamed(
                old_site
                    .people
                    .iter()
                    .map(|p| (p.slug.as_str(), p.name.as_str())),
                site.people
                    .iter()
                    .map(|p| (p.slug.as_str(), p.name.as_str())),
                PersonId,
            ),
            renamed_topics: renamed(
                old_site
                    .topics
                    .iter()
                    .map(|t| (t.slug.as_str(), t.name.as_str())),
                site.topics
                    .iter()
                    .map(|t| (t.slug.as_str(), t.name.as_str())),
                TopicId,
            ),
            renamed_sources: renamed(
                old_site
                    .sources
                    .iter()
                    .map(|s| (s.slug.as_str(), s.name.as_str())),
                site.sources
                    .iter()
                    .map(|s| (s.slug.as_str(), s.name.as_str())),
                SourceId,
            ),
            renamed_authors: renamed(
                old_site
                    .authors
                    .iter()
                    .map(|a| (a.slug.as_str(), a.name.as_str())),
                site.authors
                    .iter()
                    .map(|a| (a.slug.as_str(), a.name.as_str())),
                AuthorId,
            ),
            renamed_terms: Taxon::ALL.map(|taxon| {
                renamed(
                    old_site
                        .taxonomy(taxon)
                        .terms
                        .iter()
                        .map(|t| (t.slug.as_str(), t.name.as_str())),
                    site.taxonomy(taxon)
                        .terms
                        .iter()
                        .map(|t| (t.slug.as_str(), t.name.as_str())),
                    TermId,
                )
            }),
        };
        reuse.nothing_renamed = reuse.renamed_people.is_empty()
            && reuse.renamed_topics.is_empty()
            && reuse.renamed_sources.is_empty()
            && reuse.renamed_authors.is_empty()
            && reuse.renamed_terms.iter().all(HashSet::is_empty);
        reuse
    }

    fn get(&self, site: &Site, bodies: &[std::sync::Arc<Rendered>], id: BriefId) -> Option<Made> {
        let i = id.index();
        // A brief and body this state shares with the previous one, at the same
        // place, with no name changed: its views are the previous ones, found
        // without reading the brief (at 100,000 briefs, reading each costs more
        // than the rest of an edit's views).
        if self.nothing_renamed
            && self
                .old_site
                .briefs
                .get(i)
                .is_some_and(|o| std::sync::Arc::ptr_eq(o, &site.briefs[i]))
            && self
                .old_bodies
                .get(i)
                .is_some_and(|o| std::sync::Arc::ptr_eq(o, &bodies[i]))
        {
            return Some(self.made(id));
        }
        let b = site.brief(id);
        // Most edits rename nothing: an empty set is not asked, as asking hashes.
        fn any_in<T: Eq + std::hash::Hash>(
            set: &HashSet<T>,
            mut ids: impl Iterator<Item = T>,
        ) -> bool {
            !set.is_empty() && ids.any(|id| set.contains(&id))
        }
        if self.changed.has(b.path.as_os_str())
            || any_in(&self.renamed_people, b.people.iter().copied())
            || any_in(&self.renamed_topics, b.topics.iter().copied())
            || any_in(&self.renamed_sources, b.citations.iter().map(|c| c.source))
            || any_in(&self.renamed_authors, b.authors.iter().copied())
            || Taxon::ALL.iter().any(|t| {
                any_in(
                    &self.renamed_terms[t.index()],
                    b.terms[t.index()].iter().copied(),
                )
            })
        {
            return None;
        }
        let old = match self.old_site.briefs.get(id.index()) {
            Some(o) if o.path.as_os_str() == b.path.as_os_str() => Some(id),
            _ => self
                .old_by_path
                .get_or_init(|| {
                    self.old_site
                        .briefs
                        .iter()
                        .enumerate()
                        .map(|(i, b)| (b.path.as_os_str(), BriefId::new(i)))
                        .collect()
                })
                .get(b.path.as_os_str())
                .copied(),
        };
        old.map(|o| self.made(o))
    }

    /// The previous views of brief `o` of the previous state.
    fn made(&self, o: BriefId) -> Made {
        (
            self.old.summary(o),
            self.old.page_print(o),
            self.old.quotes[o.index()].clone(),
        )
    }
}

/// The files an edit changed. A save changes one file or a few: each brief's
/// path is then compared with them (most differ in length at once) rather than
/// hashed, which for every brief of a large archive costs more than the rest of
/// the views' reuse.
enum Changed<'a> {
    Few(Vec<&'a std::ffi::OsStr>),
    Many(HashSet<&'a std::ffi::OsStr>),
}

impl<'a> Changed<'a> {
    fn of(paths: &'a HashSet<PathBuf>) -> Changed<'a> {
        let paths = paths.iter().map(|p| p.as_os_str());
        if paths.len() <= 8 {
            Changed::Few(paths.collect())
        } else {
            Changed::Many(paths.collect())
        }
    }

    fn has(&self, path: &std::ffi::OsStr) -> bool {
        match self {
            Changed::Few(paths) => paths.contains(&path),
            Changed::Many(paths) => paths.contains(path),
        }
    }
}

impl BriefViews {
    /// Builds both views of every brief, keeping what `reuse` allows.
    pub fn new(
        site: &Site,
        bodies: &[std::sync::Arc<Rendered>],
        reuse: Option<&Reuse<'_>>,
        track: bool,
    ) -> BriefViews {
        // Fingerprints serve rebuilds only: a one-off build does not take them.
        fn shared<T: serde::Serialize>(track: bool, source: &T) -> Shared {
            if track {
                Shared::new(source)
            } else {
                Shared::untracked(source)
            }
        }
        use rayon::prelude::*;
        let links = Links::new(site, track);
        let made: Vec<Made> = (0..site.briefs.len())
            .into_par_iter()
            .map(|i| {
                let id = BriefId::new(i);
                reuse
                    .and_then(|r| r.get(site, bodies, id))
                    .unwrap_or_else(|| {
                        (
                            shared(
                                track,
                                &brief_summary(
                                    site,
                                    &links,
                                    id,
                                    summary_text(site.brief(id), &bodies[i]),
                                ),
                            ),
                            track.then(|| {
                                crate::render::shared::fingerprint(&brief_page(
                                    site, id, &bodies[i],
                                ))
                            }),
                            (0..site.brief(id).quotes.len())
                                .map(|q| shared(track, &shapes::QuoteOnPage::new(site, id, q)))
                                .collect(),
                        )
                    })
            })
            .collect();
        let mut views = BriefViews {
            summaries: Vec::with_capacity(made.len()),
            pages: Vec::with_capacity(made.len()),
            quotes: Vec::with_capacity(made.len()),
        };
        for (summary, page, quotes) in made {
            views.summaries.push(summary);
            views.pages.push(page);
            views.quotes.push(quotes);
        }
        views
    }

    /// Whether brief `i` has the same list entry and quotes here as in `other`
    /// (by fingerprint).
    pub(crate) fn same_entry(&self, other: &BriefViews, i: usize) -> bool {
        self.summaries.get(i) == other.summaries.get(i) && self.quotes.get(i) == other.quotes.get(i)
    }

    /// Whether brief `i` has the same page view here as in `other` (by
    /// fingerprint).
    pub(crate) fn same_page(&self, other: &BriefViews, i: usize) -> bool {
        self.pages.get(i) == other.pages.get(i)
    }

    /// The list entry of one brief.
    pub fn summary(&self, id: BriefId) -> Shared {
        crate::site::brief_reads::note_brief_entry(id);
        self.summaries[id.index()].clone()
    }

    /// The list entries of several briefs, in the order given.
    pub fn summaries(&self, ids: &[BriefId]) -> Vec<Shared> {
        ids.iter().map(|&id| self.summary(id)).collect()
    }

    /// Quote `index` of brief `id`, as its speaker's page shows it.
    pub fn quote(&self, id: BriefId, index: usize) -> Shared {
        crate::site::brief_reads::note_brief_entry(id);
        self.quotes[id.index()][index].clone()
    }

    /// The fingerprint of a brief's page view, when kept (only when fingerprints
    /// are taken).
    pub fn page_print(&self, id: BriefId) -> Option<u64> {
        crate::site::brief_reads::note_brief_page(id);
        self.pages[id.index()]
    }
}

/// The view of a brief's own page.
pub(crate) fn brief_page<'a>(site: &'a Site, id: BriefId, body: &'a Rendered) -> BriefPageView<'a> {
    let b = site.brief(id);
    let summary = shapes::typeset(site, summary_text(b, body));
    let title = shapes::typeset(site, &b.title);
    let author_names: Vec<&str> = b
        .authors
        .iter()
        .map(|&a| site.author(a).name.as_str())
        .collect();
    let cite = cite::cite(
        &site.config.title,
        &author_names,
        &title,
        &b.date,
        site.config.absolute(&paths::brief(site, id)).as_deref(),
    );
    BriefPageView {
        path: paths::brief(site, id),
        date: DateView::new(&b.date),
        updated: b.updated.as_ref().map(DateView::new),
        summary,
        has_summary: b.summary.is_some(),
        body: BodyView(body),
        people: b
            .people
            .iter()
            .map(|&p| shapes::person_ref_on(site, p, &b.date))
            .collect(),
        topics: b.topics.iter().map(|&t| topic_link(site, t)).collect(),
        citations: shapes::citations(site, id),
        quotes: shapes::quotes(site, id),
        draft: b.draft,
        title,
        future: b.future,
        authors: authors(site, &b.authors),
        countries: terms(site, Taxon::Countries, &b.terms),
        series: terms(site, Taxon::Series, &b.terms),
        image: b.image.as_ref().map(ImageView::new),
        extra: &b.extra,
        aliases: &b.aliases,
        also_mentioned: body
            .mentions
            .iter()
            .filter_map(|m| match m.target {
                crate::mentions::Target::Person(p) if !b.people.contains(&p) => {
                    Some(person_link(site, p))
                }
                _ => None,
            })
            .collect(),
        cite,
    }
}

/// The link to each person, topic, source and author page, and the view of each
/// date, as template values made once: a brief's list entry holds those of its
/// people, topics, sources, authors and date, and thousands of entries share each
/// (a pointer each, not a copy; at 100,000 briefs, a tenth of the entries'
/// memory). Each is made when first needed, so a rebuild that keeps most entries
/// makes few.
struct Links<'s> {
    site: &'s Site,
    track: bool,
    people: Vec<std::sync::OnceLock<Shared>>,
    topics: Vec<std::sync::OnceLock<Shared>>,
    sources: Vec<std::sync::OnceLock<Shared>>,
    authors: Vec<std::sync::OnceLock<Shared>>,
    /// Briefs share dates (a few thousand among a hundred thousand briefs).
    dates: std::sync::Mutex<ahash::AHashMap<DateValue, Shared>>,
}

impl<'s> Links<'s> {
    fn new(site: &'s Site, track: bool) -> Links<'s> {
        let slots = |n: usize| (0..n).map(|_| std::sync::OnceLock::new()).collect();
        Links {
            site,
            track,
            people: slots(site.people.len()),
            topics: slots(site.topics.len()),
            sources: slots(site.sources.len()),
            authors: slots(site.authors.len()),
            dates: Default::default(),
        }
    }

    fn make<T: Serialize>(&self, view: T) -> Shared {
        if self.track {
            Shared::new(&view)
        } else {
            Shared::untracked(&view)
        }
    }

    fn author(&self, id: AuthorId) -> Shared {
        self.authors[id.index()]
            .get_or_init(|| self.make(author_view(self.site, id)))
            .clone()
    }

    fn date(&self, date: &DateValue) -> Shared {
        // A poisoned lock only means another thread panicked while inserting: the
        // map itself is still whole.
        let lock = || {
            self.dates
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(made) = lock().get(date) {
            return made.clone();
        }
        // Made outside the lock: two threads may both make one, and the first kept
        // wins; both are equal.
        let made = self.make(DateView::new(date));
        lock().entry(*date).or_insert(made).clone()
    }

    fn person(&self, id: PersonId) -> Shared {
        self.people[id.index()]
            .get_or_init(|| self.make(person_link(self.site, id)))
            .clone()
    }

    fn topic(&self, id: TopicId) -> Shared {
        self.topics[id.index()]
            .get_or_init(|| self.make(topic_link(self.site, id)))
            .clone()
    }

    fn source(&self, id: SourceId) -> Shared {
        self.sources[id.index()]
            .get_or_init(|| self.make(source_link(self.site, id)))
            .clone()
    }
}

fn brief_summary<'a>(
    site: &'a Site,
    links: &Links<'_>,
    id: BriefId,
    summary: &'a str,
) -> BriefSummaryView<'a> {
    let b = site.brief(id);
    BriefSummaryView {
        title: shapes::typeset(site, &b.title),
        path: paths::brief(site, id),
        date: links.date(&b.date),
        summary: shapes::typeset(site, summary),
        sources: b.citations.iter().map(|c| links.source(c.source)).collect(),
        people: b.people.iter().map(|&p| links.person(p)).collect(),
        topics: b.topics.iter().map(|&t| links.topic(t)).collect(),
        draft: b.draft,
        future: b.future,
        authors: b.authors.iter().map(|&a| links.author(a)).collect(),
        countries: terms(site, Taxon::Countries, &b.terms),
        series: terms(site, Taxon::Series, &b.terms),
        image: b.image.as_ref().map(ImageView::new),
        extra: &b.extra,
    }
}

fn authors(site: &Site, ids: &[AuthorId]) -> Vec<AuthorView> {
    ids.iter().map(|&a| author_view(site, a)).collect()
}

fn terms(site: &Site, taxon: Taxon, ids: &[Vec<TermId>; 2]) -> Vec<LinkView> {
    ids[taxon.index()]
        .iter()
        .map(|&t| term_link(site, taxon, t))
        .collect()
}
