//! The resolved site to rendered pages, in memory: Markdown bodies first (in
//! parallel, `body`), then the views many pages share (`views`), then every page
//! exactly once (in parallel) from its typed context (`pages`) through the theme.

pub mod body;
pub mod brief_views;
pub mod charts;
pub mod cite;
mod hash_ser;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod paging;
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
pub use body::{Linking, render_body};
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
    /// `/people/`.
    People,
    /// `/people/<slug>/`.
    Person(PersonId),
    /// `/topics/`.
    Topics,
    /// `/topics/<slug>/`.
    Topic(TopicId),
    /// `/sources/`.
    Sources,
    /// `/sources/<slug>/`.
    Source(SourceId),
    /// `/archive/`: every year and month with its count.
    Archive,
    /// `/archive/<year>/`: the briefs of one year, by month.
    ArchiveYear(i16),
    /// `/authors/` (when the site has authors).
    Authors,
    /// `/authors/<slug>/`.
    Author(AuthorId),
    /// `/countries/`, `/series/` (when some brief names a term).
    Taxonomy(Taxon),
    /// `/countries/<slug>/`, `/series/<slug>/`.
    Term(Taxon, TermId),
    /// `/<slug>/`: a standalone page.
    Standalone(PageId),
    /// An old path of a brief (its alias number `.1`), redirecting to it.
    Redirect(BriefId, u32),
    /// `/404.html`.
    NotFound,
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
        pages.push(Page::People);
        pages.extend((0..s.people.len()).map(|i| Page::Person(PersonId::new(i))));
        pages.push(Page::Topics);
        pages.extend((0..s.topics.len()).map(|i| Page::Topic(TopicId::new(i))));
        pages.push(Page::Sources);
        pages.extend((0..s.sources.len()).map(|i| Page::Source(SourceId::new(i))));
        pages.push(Page::Archive);
        pages.extend(
            self.views
                .indexes
                .archive
                .iter()
                .map(|y| Page::ArchiveYear(y.year)),
        );
        if !s.authors.is_empty() {
            pages.push(Page::Authors);
            pages.extend((0..s.authors.len()).map(|i| Page::Author(AuthorId::new(i))));
        }
        for taxon in Taxon::ALL {
            let terms = s.taxonomy(taxon).terms.len();
            if terms > 0 {
                pages.push(Page::Taxonomy(taxon));
                pages.extend((0..terms).map(|i| Page::Term(taxon, TermId::new(i))));
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
        paging::Paging::new(self.site.briefs.len(), self.site.config.briefs_per_page)
    }

    /// The folder path of a page relative to the site root (`briefs/x/`), empty for home.
    pub fn dir(&self, page: Page) -> String {
        let s = self.site;
        match page {
            Page::Home | Page::NotFound => String::new(),
            Page::BriefList(n) => urls::brief_list(n),
            Page::Brief(id) => urls::brief(s, id),
            Page::People => urls::PEOPLE.into(),
            Page::Person(id) => urls::person(s, id),
            Page::Topics => urls::TOPICS.into(),
            Page::Topic(id) => urls::topic(s, id),
            Page::Sources => urls::SOURCES.into(),
            Page::Source(id) => urls::source(s, id),
            Page::Archive => urls::ARCHIVE.into(),
            Page::ArchiveYear(y) => urls::archive_year(y),
            Page::Authors => urls::AUTHORS.into(),
            Page::Author(id) => urls::author(s, id),
            Page::Taxonomy(t) => urls::taxonomy(t),
            Page::Term(t, id) => urls::term(s, t, id),
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

    /// The fingerprint of each page's context, in the order given: two renders of
    /// the same theme with equal fingerprints give the same bytes.
    pub fn fingerprints(&self, pages: &[Page]) -> Vec<u64> {
        pages
            .par_iter()
            .map(|&p| shared::fingerprint(&self.context(p)))
            .collect()
    }

    /// Renders the given pages in parallel.
    pub fn render_pages(&self, pages: &[Page]) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
        let results: Vec<Result<RenderedPage, Diagnostic>> =
            pages.par_iter().map(|&p| self.render(p)).collect();
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
        let context = self.context(page);
        let context = tera::Context::from_serialize(&context).map_err(|e| {
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
