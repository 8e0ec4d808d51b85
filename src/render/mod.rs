//! The resolved site to rendered pages, in memory: Markdown bodies first (in
//! parallel, `body`), then the views many pages share (`views`), then every page
//! exactly once (in parallel) from its typed context (`pages`) through the theme.

pub mod body;
pub mod brief_views;
pub mod charts;
pub mod cite;
mod hash_ser;
mod inlining;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod paging;
pub mod reads;
pub mod shapes;
pub mod shared;
pub mod strings;
pub mod templates;
pub mod views;

use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Diagnostic;
pub use crate::mentions::Rendered;
use crate::site::{AuthorId, BriefId, PageId, PersonId, Site, SourceId, Taxon, TermId, TopicId};
use crate::urls;
pub(crate) use body::listing_key;
pub use body::{Linking, render_body, render_text};
pub use templates::Theme;
pub use views::Views;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    /// `/`.
    Home,
    /// `/briefs/` (0) and `/briefs/page/<n>/`, numbered from the oldest (see
    /// [`paging`]).
    BriefList(usize),
    /// `/briefs/<slug>/`.
    Brief(BriefId),
    /// `/people/` (0, showing the first page) and `/people/page/<n>/` from
    /// `n` = 2: the index a page at a time, in its order (see
    /// [`Renderer::index_pages`]).
    People(usize),
    /// `/people/<slug>/` (0) and `/people/<slug>/page/<n>/`: pages of a list of
    /// briefs are numbered from the oldest, as `/briefs/`'s are, and a list that
    /// fits one page has no numbered pages.
    Person(PersonId, usize),
    /// `/topics/` and its numbered pages.
    Topics(usize),
    /// `/topics/<slug>/` and its numbered pages.
    Topic(TopicId, usize),
    /// `/sources/` and its numbered pages.
    Sources(usize),
    /// `/sources/<slug>/` and its numbered pages.
    Source(SourceId, usize),
    /// `/archive/`: every year and month with its count.
    Archive,
    /// `/archive/<year>/` and its numbered pages: the briefs of one year, by month.
    ArchiveYear(i16, usize),
    /// `/authors/` (when the site has authors).
    Authors,
    /// `/authors/<slug>/` and its numbered pages.
    Author(AuthorId, usize),
    /// `/countries/`, `/series/` (when some brief names a term).
    Taxonomy(Taxon),
    /// `/countries/<slug>/`, `/series/<slug>/` and their numbered pages.
    Term(Taxon, TermId, usize),
    /// `/<slug>/`: a standalone page.
    Standalone(PageId),
    /// An old path of a brief (its alias number `.1`), redirecting to it.
    Redirect(BriefId, u32),
    /// `/404.html`.
    NotFound,
}

impl Page {
    /// The page's number in its list of briefs: 0 for a list's front page and for
    /// every page that is not part of a list.
    pub fn number(self) -> usize {
        match self {
            Page::BriefList(n)
            | Page::Person(_, n)
            | Page::Topic(_, n)
            | Page::Source(_, n)
            | Page::ArchiveYear(_, n)
            | Page::Author(_, n)
            | Page::Term(_, _, n)
            | Page::People(n)
            | Page::Topics(n)
            | Page::Sources(n) => n,
            _ => 0,
        }
    }
}

/// The briefs of a list page, newest first, as the model holds them.
#[derive(Clone, Copy)]
pub(crate) enum BriefsOf<'a> {
    /// Every brief of the site.
    All(usize),
    /// A person's or topic's timeline.
    Involved(&'a [views::Involved]),
    /// The briefs of a source, year, author or term.
    Ids(&'a [BriefId]),
}

impl BriefsOf<'_> {
    /// How many briefs the list holds.
    pub(crate) fn len(&self) -> usize {
        match self {
            BriefsOf::All(n) => *n,
            BriefsOf::Involved(l) => l.len(),
            BriefsOf::Ids(l) => l.len(),
        }
    }

    /// The brief at position `i` (from the newest; `i < len()`).
    pub(crate) fn id(&self, i: usize) -> BriefId {
        match self {
            BriefsOf::All(_) => BriefId::new(i),
            BriefsOf::Involved(l) => l[i].brief,
            BriefsOf::Ids(l) => l[i],
        }
    }
}

/// A rendered page: where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPage {
    /// File path relative to the output folder (`briefs/x/index.html`).
    pub file: String,
    /// The HTML.
    pub html: String,
}

/// Everything needed to render any page of one site.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    bodies: &'a [Arc<Rendered>],
    views: &'a Views,
}

impl<'a> Renderer<'a> {
    /// The rendered body of brief `id`, noted as read (see [`crate::site::brief_reads`]).
    pub(crate) fn body(&self, id: BriefId) -> &'a Rendered {
        crate::site::brief_reads::note(id);
        &self.bodies[id.index()]
    }

    /// A renderer over a resolved site, its rendered bodies and shared views.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a [Arc<Rendered>],
        views: &'a Views,
    ) -> Renderer<'a> {
        Renderer {
            site,
            theme,
            bodies,
            views,
        }
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let s = self.site;
        let mut pages = vec![Page::Home];
        pages.extend((0..=self.list_paging().total()).map(Page::BriefList));
        pages.extend((0..s.briefs.len()).map(|i| Page::Brief(BriefId::new(i))));
        pages.extend(
            self.index_pages(s.people.len())
                .into_iter()
                .map(Page::People),
        );
        for i in 0..s.people.len() {
            self.push_numbered(&mut pages, |n| Page::Person(PersonId::new(i), n));
        }
        pages.extend(
            self.index_pages(s.topics.len())
                .into_iter()
                .map(Page::Topics),
        );
        for i in 0..s.topics.len() {
            self.push_numbered(&mut pages, |n| Page::Topic(TopicId::new(i), n));
        }
        pages.extend(
            self.index_pages(s.sources.len())
                .into_iter()
                .map(Page::Sources),
        );
        for i in 0..s.sources.len() {
            self.push_numbered(&mut pages, |n| Page::Source(SourceId::new(i), n));
        }
        pages.push(Page::Archive);
        for y in &self.views.indexes.archive {
            self.push_numbered(&mut pages, |n| Page::ArchiveYear(y.year, n));
        }
        if !s.authors.is_empty() {
            pages.push(Page::Authors);
            for i in 0..s.authors.len() {
                self.push_numbered(&mut pages, |n| Page::Author(AuthorId::new(i), n));
            }
        }
        for taxon in Taxon::ALL {
            let terms = s.taxonomy(taxon).terms.len();
            if terms > 0 {
                pages.push(Page::Taxonomy(taxon));
                for i in 0..terms {
                    self.push_numbered(&mut pages, |n| Page::Term(taxon, TermId::new(i), n));
                }
            }
        }
        pages.extend((0..s.pages.len()).map(|i| Page::Standalone(PageId::new(i))));
        for (i, b) in s.briefs.iter().enumerate() {
            pages.extend((0..b.aliases.len()).map(|a| Page::Redirect(BriefId::new(i), a as u32)));
        }
        pages.push(Page::NotFound);
        pages
    }

    /// How `/briefs/` is cut into pages.
    pub fn list_paging(&self) -> paging::Paging {
        self.paging_of(self.site.briefs.len())
    }

    /// How a list of `count` briefs is cut into pages: every list of briefs has
    /// the page size of `/briefs/`.
    pub fn paging_of(&self, count: usize) -> paging::Paging {
        paging::Paging::new(count, self.site.config.briefs_per_page)
    }

    /// The pages of an index of `count` entries (people, topics, sources): the
    /// front page (0), which shows the first `index_per_page`, then pages 2 on.
    /// An index is in name order, so a new entry moves the entries after it
    /// whatever the cut; its pages only keep each page small.
    pub fn index_pages(&self, count: usize) -> Vec<usize> {
        let total = count.div_ceil(self.site.config.index_per_page).max(1);
        std::iter::once(0).chain(2..=total).collect()
    }

    /// Adds the front page of a list of briefs (`kind(0)`) and, when its list does
    /// not fit one page, its numbered pages.
    fn push_numbered(&self, pages: &mut Vec<Page>, kind: impl Fn(usize) -> Page) {
        pages.push(kind(0));
        let total = self
            .briefs_of(kind(0))
            .map_or(1, |list| self.paging_of(list.len()).total());
        if total > 1 {
            pages.extend((1..=total).map(&kind));
        }
    }

    /// The list of briefs a page of a paginated kind cuts into pages, whichever
    /// its number; none for other kinds of page.
    pub(crate) fn briefs_of(&self, page: Page) -> Option<BriefsOf<'a>> {
        let s = self.site;
        let v = self.views;
        Some(match page {
            Page::BriefList(_) => BriefsOf::All(s.briefs.len()),
            Page::Person(id, _) => {
                crate::site::brief_reads::note_person_lists(id);
                BriefsOf::Involved(&v.person_timeline[id.index()])
            }
            Page::Topic(id, _) => {
                crate::site::brief_reads::note_topic_lists(id);
                BriefsOf::Involved(&v.topic_timeline[id.index()])
            }
            Page::Source(id, _) => BriefsOf::Ids(&s.source(id).briefs),
            Page::ArchiveYear(year, _) => BriefsOf::Ids(
                v.indexes
                    .archive
                    .iter()
                    .position(|y| y.year == year)
                    .map_or(&[][..], |i| &v.year_briefs[i]),
            ),
            Page::Author(id, _) => BriefsOf::Ids(&s.author(id).briefs),
            Page::Term(taxon, id, _) => BriefsOf::Ids(&s.term(taxon, id).briefs),
            _ => return None,
        })
    }

    /// The briefs a page of a list shows, newest first: a numbered page's, or the
    /// front page's (see [`paging::Paging::front_items`]). Empty for other pages.
    pub(crate) fn page_briefs(&self, page: Page) -> Vec<BriefId> {
        let Some(list) = self.briefs_of(page) else {
            return Vec::new();
        };
        let paging = self.paging_of(list.len());
        let items = match page.number() {
            0 => paging.front_items(),
            n => paging.items(n),
        };
        items.map(|i| list.id(i)).collect()
    }

    /// The folder path of a page relative to the site root (`briefs/x/`), empty for home.
    pub fn dir(&self, page: Page) -> String {
        let s = self.site;
        match page {
            Page::Home | Page::NotFound => String::new(),
            Page::BriefList(n) => urls::brief_list(n),
            Page::Brief(id) => urls::brief(s, id),
            Page::People(n) => urls::numbered(urls::PEOPLE, n),
            Page::Person(id, n) => urls::numbered(&urls::person(s, id), n),
            Page::Topics(n) => urls::numbered(urls::TOPICS, n),
            Page::Topic(id, n) => urls::numbered(&urls::topic(s, id), n),
            Page::Sources(n) => urls::numbered(urls::SOURCES, n),
            Page::Source(id, n) => urls::numbered(&urls::source(s, id), n),
            Page::Archive => urls::ARCHIVE.into(),
            Page::ArchiveYear(y, n) => urls::numbered(&urls::archive_year(y), n),
            Page::Authors => urls::AUTHORS.into(),
            Page::Author(id, n) => urls::numbered(&urls::author(s, id), n),
            Page::Taxonomy(t) => urls::taxonomy(t),
            Page::Term(t, id, n) => urls::numbered(&urls::term(s, t, id), n),
            Page::Standalone(id) => urls::page(s, id),
            Page::Redirect(id, a) => s.brief(id).aliases[a as usize].clone(),
        }
    }

    /// The output file of a page.
    pub fn file(&self, page: Page) -> String {
        match page {
            Page::NotFound => "404.html".into(),
            other => format!("{}index.html", self.dir(other)),
        }
    }

    /// The context of a page: everything its template may read.
    pub fn context(&self, page: Page) -> pages::PageContext<'a> {
        pages::context(self, page)
    }

    /// The fingerprint of each page's context as its template reads it, in the
    /// order given: two renders of the same theme with equal fingerprints give the
    /// same bytes.
    /// With each, the briefs its context read (see `site::brief_reads`).
    pub fn fingerprints(&self, pages: &[Page]) -> (Vec<u64>, Vec<Arc<[u32]>>) {
        pages
            .par_iter()
            .map(|&p| {
                // Making and hashing one context hands no work to other threads,
                // so the record of this thread is the page's.
                let (print, read) = crate::site::brief_reads::recording(|| {
                    shared::fingerprint_reading(
                        &self.context(p),
                        self.theme.reads(pages::template(p)),
                    )
                });
                (print, Arc::from(read))
            })
            .unzip()
    }

    /// [`Renderer::fingerprints`] of `pages`, rendering at once, from the
    /// context just fingerprinted, each page whose fingerprint is not its
    /// `old` one (by page): a page that must be rendered then has its context
    /// made once rather than once to be fingerprinted and again to be rendered.
    pub(crate) fn fingerprints_rendering(&self, pages: &[Page], old: &[u64]) -> Vec<Fingerprinted> {
        pages
            .par_iter()
            .zip(old)
            .map(|(&p, &old)| {
                let ((context, print), read) = crate::site::brief_reads::recording(|| {
                    let context = self.context(p);
                    let print =
                        shared::fingerprint_reading(&context, self.theme.reads(pages::template(p)));
                    (context, print)
                });
                let page = (print != old).then(|| self.render_context(p, &context));
                (print, Arc::from(read), page)
            })
            .collect()
    }

    /// Renders the given pages in parallel.
    pub fn render_pages(&self, pages: &[Page]) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
        self.render_pages_counting(pages, None)
    }

    /// [`Renderer::render_pages`], adding one to `done` per page rendered.
    pub(crate) fn render_pages_counting(
        &self,
        pages: &[Page],
        done: Option<&std::sync::atomic::AtomicUsize>,
    ) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
        let results: Vec<Result<RenderedPage, Diagnostic>> = pages
            .par_iter()
            .map(|&p| {
                let mut page = self.render(p);
                // Every page is held until all are rendered, and a rendered page's
                // buffer has grown by doubling: about twice its length, which on
                // a first `serve` build of a large archive is gigabytes.
                if let Ok(page) = &mut page {
                    page.html.shrink_to_fit();
                }
                crate::progress::count(done);
                page
            })
            .collect();
        gathered(results)
    }

    /// Renders the given pages in parallel, handing each to `sink` as soon as it is
    /// rendered. Template errors are collected (and rendering goes on, to find them
    /// all); the first error of `sink` stops the work.
    pub fn render_each(
        &self,
        pages: &[Page],
        sink: impl Fn(RenderedPage) -> crate::Result<()> + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let results: Vec<Option<Diagnostic>> = pages
            .par_iter()
            .map(|&p| match self.render(p) {
                Ok(page) => sink(page)
                    .err()
                    .and_then(|e| e.diagnostics().into_iter().next()),
                Err(d) => Some(d),
            })
            .collect();
        let mut errors: Vec<Diagnostic> = Vec::new();
        for d in results.into_iter().flatten() {
            push_once(&mut errors, d);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Renders one page.
    pub fn render(&self, page: Page) -> Result<RenderedPage, Diagnostic> {
        self.render_context(page, &self.context(page))
    }

    /// Renders `page` from its context, made already.
    fn render_context(
        &self,
        page: Page,
        context: &pages::PageContext<'_>,
    ) -> Result<RenderedPage, Diagnostic> {
        let context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::file_error(
                format!("templates/{}", pages::template(page)),
                format!("cannot build the page's variables: {e}"),
            )
        })?;
        let html = self.theme.render(pages::template(page), &context)?;
        Ok(RenderedPage {
            file: self.file(page),
            html,
        })
    }
}

/// A page's fingerprint, the keys its context read, and the page when it was
/// rendered (see [`Renderer::fingerprints_rendering`]).
pub(crate) type Fingerprinted = (u64, Arc<[u32]>, Option<Result<RenderedPage, Diagnostic>>);

/// The pages rendered, or every distinct problem met rendering them.
pub(crate) fn gathered(
    results: Vec<Result<RenderedPage, Diagnostic>>,
) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
    let mut out = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(p) => out.push(p),
            Err(d) => push_once(&mut errors, d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Adds `d` unless the same problem (file, line, message) is already there: a
/// template error shows on every page using the template.
fn push_once(errors: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !errors
        .iter()
        .any(|e| e.path == d.path && e.location == d.location && e.message == d.message)
    {
        errors.push(d);
    }
}
