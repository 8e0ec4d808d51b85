//! The resolved site to rendered pages, in memory: Markdown bodies first (in
//! parallel), then every page exactly once (in parallel) through the theme.

pub mod charts;
pub mod context;
pub mod deps;
pub mod markdown;
pub mod mentions;
pub mod templates;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::error::Diagnostic;
use crate::site::{BriefId, PersonId, Site, SourceId, TopicId};
use context::{DateView, Summaries, paths};
pub use markdown::Rendered;
pub use templates::Theme;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    /// `/`.
    Home,
    /// `/briefs/` (page 1) and `/briefs/page/<n>/`.
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

/// Renders the Markdown of every brief body, in parallel.
pub fn render_bodies(site: &Site) -> Vec<Arc<Rendered>> {
    site.briefs
        .par_iter()
        .map(|b| Arc::new(render_body(site, b)))
        .collect()
}

/// Renders the Markdown body of one brief.
pub fn render_body(site: &Site, brief: &crate::site::Brief) -> Rendered {
    markdown::render(&brief.body, &site.config.markdown)
}

/// Views shared by many pages, computed once per build: each brief's list entry
/// and summary text, and the site settings as a template value.
pub struct Views {
    /// The list entry of each brief, by id.
    pub summaries: Summaries,
    summary_texts: Vec<String>,
    config: Value,
}

impl Views {
    /// Computes the shared views; `bodies` come from [`render_bodies`].
    pub fn new(site: &Site, bodies: &[Arc<Rendered>]) -> Views {
        Views::reusing(site, bodies, None)
    }

    /// Computes the shared views, reusing the list entries of `previous` for briefs
    /// whose file is not in `changed` and whose linked names are unchanged. Only
    /// valid when settings and registries are the same in both states.
    pub fn reusing(site: &Site, bodies: &[Arc<Rendered>], previous: Option<(&Site, &Views, &HashSet<PathBuf>)>) -> Views {
        let summary_texts: Vec<String> = site
            .briefs
            .iter()
            .zip(bodies)
            .map(|(b, r)| b.summary.clone().unwrap_or_else(|| r.first_paragraph.clone()))
            .collect();
        let reuse = previous.map(|(old_site, old_views, changed)| context::Reuse::new(old_site, &old_views.summaries, site, changed));
        Views {
            summaries: Summaries::new(site, &summary_texts, reuse.as_ref()),
            summary_texts,
            config: Value::from_serializable(&site.config),
        }
    }
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

    /// The site being rendered.
    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// The shared views.
    pub fn views(&self) -> &'a Views {
        self.views
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let s = self.site;
        let mut pages = vec![Page::Home];
        pages.extend((1..=self.list_pages()).map(Page::BriefList));
        pages.extend((0..s.briefs.len() as u32).map(|i| Page::Brief(BriefId(i))));
        pages.push(Page::People);
        pages.extend((0..s.people.len() as u32).map(|i| Page::Person(PersonId(i))));
        pages.push(Page::Topics);
        pages.extend((0..s.topics.len() as u32).map(|i| Page::Topic(TopicId(i))));
        pages.push(Page::Sources);
        pages.extend((0..s.sources.len() as u32).map(|i| Page::Source(SourceId(i))));
        pages.push(Page::NotFound);
        pages
    }

    /// Number of `/briefs/` pages (at least one, even for an empty site).
    pub fn list_pages(&self) -> usize {
        self.site
            .briefs
            .len()
            .div_ceil(self.site.config.briefs_per_page)
            .max(1)
    }

    /// The folder path of a page relative to the site root (`briefs/x/`), empty for home.
    pub fn dir(&self, page: Page) -> String {
        let s = self.site;
        match page {
            Page::Home => String::new(),
            Page::BriefList(n) => paths::brief_list(n),
            Page::Brief(id) => paths::brief(s, id),
            Page::People => "people/".into(),
            Page::Person(id) => paths::person(s, id),
            Page::Topics => "topics/".into(),
            Page::Topic(id) => paths::topic(s, id),
            Page::Sources => "sources/".into(),
            Page::Source(id) => paths::source(s, id),
            Page::NotFound => String::new(),
        }
    }

    /// The output file of a page.
    pub fn file(&self, page: Page) -> String {
        match page {
            Page::NotFound => "404.html".into(),
            other => format!("{}index.html", self.dir(other)),
        }
    }

    /// Renders every page; all template errors are collected.
    pub fn render_all(&self) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
        self.render_pages(&self.pages())
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
                Err(d) => {
                    if !errors
                        .iter()
                        .any(|e| e.path == d.path && e.line == d.line && e.message == d.message)
                    {
                        errors.push(d);
                    }
                }
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
                Ok(page) => sink(page).err().and_then(|e| e.diagnostics().into_iter().next()),
                Err(d) => Some(d),
            })
            .collect();
        let mut errors: Vec<Diagnostic> = Vec::new();
        for d in results.into_iter().flatten() {
            if !errors.iter().any(|e| e.path == d.path && e.line == d.line && e.message == d.message) {
                errors.push(d);
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Renders one page.
    pub fn render(&self, page: Page) -> Result<RenderedPage, Diagnostic> {
        let dir = self.dir(page);
        let mut ctx = Context::new();
        ctx.insert_value("config", self.views.config.clone());
        let root = match page {
            // The 404 page is served at any depth, so its links start from the site's path.
            Page::NotFound => self.site.config.base_path(),
            _ => match dir.matches('/').count() {
                0 => "./".to_owned(),
                n => "../".repeat(n),
            },
        };
        ctx.insert("root", &root);
        ctx.insert("path", &dir);
        ctx.insert("canonical", &self.site.config.absolute(&dir));
        let counts = Counts {
            briefs: self.site.briefs.len(),
            people: self.site.people.len(),
            topics: self.site.topics.len(),
            sources: self.site.sources.len(),
        };
        ctx.insert("counts", &counts);
        let template = self.fill(page, &mut ctx);
        let html = self.theme.render(template, &ctx)?;
        Ok(RenderedPage {
            file: self.file(page),
            html,
        })
    }

    /// Adds the page's own data to `ctx` and names its template.
    fn fill(&self, page: Page, ctx: &mut Context) -> &'static str {
        let s = self.site;
        let md = |text: &str| markdown::render(text, &s.config.markdown).html;
        match page {
            Page::Home => {
                let n = s.config.home_briefs.min(s.briefs.len());
                let ids: Vec<BriefId> = (0..n as u32).map(BriefId).collect();
                ctx.insert_value("briefs", self.views.summaries.list(&ids));
                ctx.insert("kind", "home");
                ctx.insert("title", &s.config.title);
                let mut busiest: Vec<PersonId> = (0..s.people.len() as u32).map(PersonId).collect();
                busiest.sort_by_key(|&p| std::cmp::Reverse(s.person(p).briefs.len()));
                busiest.truncate(10);
                ctx.insert(
                    "people",
                    &busiest
                        .iter()
                        .map(|&p| self.person_row(p))
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "topics",
                    &s.topics_by_name
                        .iter()
                        .map(|&t| self.topic_row(t))
                        .collect::<Vec<_>>(),
                );
                "index.html"
            }
            Page::BriefList(n) => {
                let per = s.config.briefs_per_page;
                let total = self.list_pages();
                let start = ((n - 1) * per).min(s.briefs.len());
                let end = (start + per).min(s.briefs.len());
                let ids: Vec<BriefId> = (start as u32..end as u32).map(BriefId).collect();
                ctx.insert_value("briefs", self.views.summaries.list(&ids));
                ctx.insert("kind", "briefs");
                ctx.insert(
                    "title",
                    &if n == 1 {
                        "All briefs".to_owned()
                    } else {
                        format!("All briefs, page {n}")
                    },
                );
                ctx.insert(
                    "paginator",
                    &Paginator {
                        current: n,
                        total,
                        first_number: start + 1,
                        last_number: end,
                        count: s.briefs.len(),
                        previous: (n > 1).then(|| paths::brief_list(n - 1)),
                        next: (n < total).then(|| paths::brief_list(n + 1)),
                        pages: (1..=total)
                            .map(|k| PageLink {
                                number: k,
                                path: paths::brief_list(k),
                            })
                            .collect(),
                    },
                );
                "briefs.html"
            }
            Page::Brief(id) => {
                let b = s.brief(id);
                ctx.insert("kind", "brief");
                ctx.insert("title", &b.title);
                ctx.insert(
                    "brief",
                    &BriefView {
                        title: &b.title,
                        path: paths::brief(s, id),
                        date: DateView::new(&b.date),
                        updated: b.updated.as_ref().map(DateView::new),
                        summary: &self.views.summary_texts[id.index()],
                        has_summary: b.summary.is_some(),
                        body: &self.bodies[id.index()].html,
                        people: b
                            .people
                            .iter()
                            .map(|&p| context::person_ref(s, p))
                            .collect(),
                        topics: b
                            .topics
                            .iter()
                            .map(|&t| context::topic_link(s, t))
                            .collect(),
                        citations: context::citations(s, id),
                        quotes: context::quotes(s, id),
                        draft: b.draft,
                    },
                );
                let newer = id.0.checked_sub(1).map(BriefId);
                let older = Some(BriefId(id.0 + 1)).filter(|o| o.index() < s.briefs.len());
                ctx.insert_value(
                    "newer",
                    newer.map_or(Value::none(), |n| self.views.summaries.get(n)),
                );
                ctx.insert_value(
                    "older",
                    older.map_or(Value::none(), |o| self.views.summaries.get(o)),
                );
                "brief.html"
            }
            Page::People => {
                ctx.insert("kind", "people");
                ctx.insert("title", "People");
                ctx.insert(
                    "people",
                    &s.people_by_name
                        .iter()
                        .map(|&p| self.person_row(p))
                        .collect::<Vec<_>>(),
                );
                "people.html"
            }
            Page::Person(id) => {
                let p = s.person(id);
                ctx.insert("kind", "person");
                ctx.insert("title", &p.name);
                ctx.insert(
                    "person",
                    &PersonView {
                        name: &p.name,
                        path: paths::person(s, id),
                        aliases: &p.aliases,
                        role: p.role.as_deref(),
                        organization: p.organization.as_deref(),
                        country: p.country.as_deref(),
                        bio: md(&p.bio),
                        in_registry: p.path.is_some(),
                        brief_count: p.briefs.len(),
                        roles: p
                            .roles
                            .iter()
                            .map(|r| RoleView {
                                title: &r.title,
                                organization: r.organization.as_deref(),
                                from: r.from.as_ref().map(DateView::new),
                                to: r.to.as_ref().map(DateView::new),
                            })
                            .collect(),
                    },
                );
                ctx.insert_value("briefs", self.views.summaries.list(&p.briefs));
                "person.html"
            }
            Page::Topics => {
                ctx.insert("kind", "topics");
                ctx.insert("title", "Topics");
                ctx.insert(
                    "topics",
                    &s.topics_by_name
                        .iter()
                        .map(|&t| self.topic_row(t))
                        .collect::<Vec<_>>(),
                );
                "topics.html"
            }
            Page::Topic(id) => {
                let t = s.topic(id);
                ctx.insert("kind", "topic");
                ctx.insert("title", &t.name);
                ctx.insert(
                    "topic",
                    &TopicView {
                        name: &t.name,
                        path: paths::topic(s, id),
                        aliases: &t.aliases,
                        description: md(&t.description),
                        in_registry: t.path.is_some(),
                        brief_count: t.briefs.len(),
                    },
                );
                ctx.insert_value("briefs", self.views.summaries.list(&t.briefs));
                "topic.html"
            }
            Page::Sources => {
                ctx.insert("kind", "sources");
                ctx.insert("title", "Sources");
                let rows: Vec<Row> = s
                    .sources_by_name
                    .iter()
                    .map(|&id| Row {
                        name: s.source(id).name.clone(),
                        path: paths::source(s, id),
                        role: None,
                        organization: None,
                        brief_count: s.source(id).briefs.len(),
                    })
                    .collect();
                ctx.insert("sources", &rows);
                "sources.html"
            }
            Page::Source(id) => {
                let src = s.source(id);
                ctx.insert("kind", "source");
                ctx.insert("title", &src.name);
                ctx.insert(
                    "source",
                    &Row {
                        name: src.name.clone(),
                        path: paths::source(s, id),
                        role: None,
                        organization: None,
                        brief_count: src.briefs.len(),
                    },
                );
                ctx.insert_value("briefs", self.views.summaries.list(&src.briefs));
                "source.html"
            }
            Page::NotFound => {
                ctx.insert("kind", "404");
                ctx.insert("title", "Page not found");
                "404.html"
            }
        }
    }

    fn person_row(&self, id: PersonId) -> Row {
        let p = self.site.person(id);
        Row {
            name: p.name.clone(),
            path: paths::person(self.site, id),
            role: p.role.clone(),
            organization: p.organization.clone(),
            brief_count: p.briefs.len(),
        }
    }

    fn topic_row(&self, id: TopicId) -> Row {
        let t = self.site.topic(id);
        Row {
            name: t.name.clone(),
            path: paths::topic(self.site, id),
            role: None,
            organization: None,
            brief_count: t.briefs.len(),
        }
    }
}

#[derive(Serialize)]
struct Counts {
    briefs: usize,
    people: usize,
    topics: usize,
    sources: usize,
}

#[derive(Serialize)]
struct Row {
    name: String,
    path: String,
    role: Option<String>,
    organization: Option<String>,
    brief_count: usize,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    first_number: usize,
    last_number: usize,
    count: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct BriefView<'a> {
    title: &'a str,
    path: String,
    date: DateView,
    updated: Option<DateView>,
    summary: &'a str,
    has_summary: bool,
    body: &'a str,
    people: Vec<context::PersonRefView>,
    topics: Vec<context::LinkView>,
    citations: Vec<context::CitationView>,
    quotes: Vec<context::QuoteView>,
    draft: bool,
}

#[derive(Serialize)]
struct RoleView<'a> {
    title: &'a str,
    organization: Option<&'a str>,
    from: Option<DateView>,
    to: Option<DateView>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    path: String,
    aliases: &'a [String],
    role: Option<&'a str>,
    organization: Option<&'a str>,
    country: Option<&'a str>,
    bio: String,
    in_registry: bool,
    brief_count: usize,
    roles: Vec<RoleView<'a>>,
}

#[derive(Serialize)]
struct TopicView<'a> {
    name: &'a str,
    path: String,
    aliases: &'a [String],
    description: String,
    in_registry: bool,
    brief_count: usize,
}
