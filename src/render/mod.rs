//! The resolved site to rendered pages, in memory: Markdown bodies first (in
//! parallel), then every page exactly once (in parallel) through the theme.

pub mod charts;
pub mod cite;
pub mod context;
pub mod deps;
pub mod markdown;
pub mod templates;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::error::Diagnostic;
use crate::mentions;
pub use crate::mentions::Rendered;
use crate::site::{BriefId, PersonId, Site, SourceId, TopicId};
use crate::text::sentence::MentionContext;
use crate::urls as paths;
use context::{DateView, LinkView, Summaries};
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
    /// `/archive/`: every year and month with its count.
    Archive,
    /// `/archive/<year>/`: the briefs of one year, by month.
    ArchiveYear(i16),
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

/// What brief bodies need to link mentions: the site's names in one automaton and
/// the page of each. Built once per resolved site and shared by all threads.
pub struct Linking {
    matcher: mentions::MentionMatcher,
    paths: mentions::MentionPaths,
}

impl Linking {
    /// Compiles the names of `site`'s registries.
    pub fn new(site: &Site) -> Linking {
        Linking {
            matcher: mentions::MentionMatcher::from_site(site),
            paths: mentions::MentionPaths::from_site(site),
        }
    }
}

/// Renders the Markdown body of one brief, linking and recording the mentions of
/// registry people and topics.
pub fn render_body(site: &Site, linking: &Linking, brief: &crate::site::Brief) -> Rendered {
    // Brief pages live at `briefs/<slug>/`: two levels below the root.
    let linker = mentions::MentionLinker::new(
        &linking.matcher,
        &linking.paths,
        site.config.mentions,
        "../../",
    );
    linker.render(&brief.body, &site.config.markdown)
}

/// Views shared by many pages, computed once per build: each brief's list entry
/// and summary text, and the site settings as a template value.
pub struct Views {
    /// The list entry of each brief, by id.
    pub summaries: Summaries,
    summary_texts: Vec<String>,
    config: Value,
    /// Co-occurrence, related briefs, archive.
    pub indexes: Arc<crate::site::index::Indexes>,
    /// For each person, the briefs whose text names them (newest first), with the
    /// index of the mention in the body's list (which holds the sentence).
    pub person_mentions: Vec<Vec<(BriefId, u32)>>,
    /// For each topic, likewise.
    pub topic_mentions: Vec<Vec<(BriefId, u32)>>,
    /// For each person, their quotes as (brief, index in the brief's quotes), newest first.
    pub quotes_by: Vec<Vec<(BriefId, usize)>>,
}

impl Views {
    /// Computes the shared views; `bodies` come from [`render_body`], by brief id.
    pub fn new(site: &Site, bodies: &[Arc<Rendered>]) -> Views {
        Views::reusing(site, bodies, None)
    }

    /// Computes the shared views, reusing the list entries of `previous` for briefs
    /// whose file is not in `changed` and whose linked names are unchanged. Only
    /// valid when settings and registries are the same in both states.
    pub fn reusing(
        site: &Site,
        bodies: &[Arc<Rendered>],
        previous: Option<(&Site, &Views, &HashSet<PathBuf>)>,
    ) -> Views {
        let summary_texts: Vec<String> = site
            .briefs
            .iter()
            .zip(bodies)
            .map(|(b, r)| {
                b.summary
                    .clone()
                    .unwrap_or_else(|| r.first_paragraph.clone())
            })
            .collect();
        let reuse = previous.map(|(old_site, old_views, changed)| {
            context::Reuse::new(old_site, &old_views.summaries, site, changed)
        });
        let mut person_mentions = vec![Vec::new(); site.people.len()];
        let mut topic_mentions = vec![Vec::new(); site.topics.len()];
        let mut quotes_by = vec![Vec::new(); site.people.len()];
        // Briefs are visited newest first, so every list comes out newest first.
        for (i, (brief, body)) in site.briefs.iter().zip(bodies).enumerate() {
            let id = BriefId(i as u32);
            for (k, m) in body.mentions.iter().enumerate() {
                match m.target {
                    mentions::Target::Person(p) => person_mentions[p.index()].push((id, k as u32)),
                    mentions::Target::Topic(t) => topic_mentions[t.index()].push((id, k as u32)),
                }
            }
            for (q, quote) in brief.quotes.iter().enumerate() {
                quotes_by[quote.by.index()].push((id, q));
            }
        }
        Views {
            summaries: Summaries::new(site, &summary_texts, reuse.as_ref()),
            summary_texts,
            config: Value::from_serializable(&site.config),
            indexes: match previous {
                // An edit that changed no brief's date, people or topics (the usual
                // edit while writing) leaves every index as it was.
                Some((old_site, old_views, _)) if same_shape(old_site, site) => {
                    Arc::clone(&old_views.indexes)
                }
                _ => Arc::new(crate::site::index::build(site)),
            },
            person_mentions,
            topic_mentions,
            quotes_by,
        }
    }
}

/// Whether two states have the same briefs in the same order with the same dates,
/// people and topics, and the same people and topics: then every index is equal.
fn same_shape(a: &Site, b: &Site) -> bool {
    a.briefs.len() == b.briefs.len()
        && a.people.len() == b.people.len()
        && a.topics.len() == b.topics.len()
        && a.briefs.iter().zip(&b.briefs).all(|(x, y)| {
            x.path == y.path && x.date == y.date && x.people == y.people && x.topics == y.topics
        })
        && a.people
            .iter()
            .zip(&b.people)
            .all(|(x, y)| x.slug == y.slug && x.name == y.name)
        && a.topics
            .iter()
            .zip(&b.topics)
            .all(|(x, y)| x.slug == y.slug && x.name == y.name)
        && a.people_by_name == b.people_by_name
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
        pages.push(Page::Archive);
        pages.extend(
            self.views
                .indexes
                .archive
                .iter()
                .map(|y| Page::ArchiveYear(y.year)),
        );
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
            Page::Archive => "archive/".into(),
            Page::ArchiveYear(y) => paths::archive_year(y),
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
                Ok(page) => sink(page)
                    .err()
                    .and_then(|e| e.diagnostics().into_iter().next()),
                Err(d) => Some(d),
            })
            .collect();
        let mut errors: Vec<Diagnostic> = Vec::new();
        for d in results.into_iter().flatten() {
            if !errors
                .iter()
                .any(|e| e.path == d.path && e.line == d.line && e.message == d.message)
            {
                errors.push(d);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
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
                            .map(|&p| context::person_ref_on(s, p, &b.date))
                            .collect(),
                        topics: b
                            .topics
                            .iter()
                            .map(|&t| context::topic_link(s, t))
                            .collect(),
                        citations: context::citations(s, id),
                        quotes: context::quotes(s, id),
                        draft: b.draft,
                        also_mentioned: self.bodies[id.index()]
                            .mentions
                            .iter()
                            .filter_map(|m| match m.target {
                                mentions::Target::Person(p) if !b.people.contains(&p) => {
                                    Some(context::person_link(s, p))
                                }
                                _ => None,
                            })
                            .collect(),
                        cite: cite::cite(
                            &s.config.title,
                            &b.title,
                            &b.date,
                            s.config.absolute(&paths::brief(s, id)).as_deref(),
                        ),
                    },
                );
                ctx.insert_value(
                    "related",
                    self.views.summaries.list(self.views.indexes.related_to(id)),
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
                let all =
                    self.insert_timeline(ctx, &p.briefs, &self.views.person_mentions[id.index()]);
                ctx.insert(
                    "person_topics",
                    &self
                        .views
                        .indexes
                        .topics_of(id)
                        .iter()
                        .map(|&(t, n)| Counted::new(context::topic_link(s, t), n))
                        .collect::<Vec<_>>(),
                );
                let together = self.views.indexes.co_occurring(id);
                ctx.insert(
                    "together",
                    &together
                        .iter()
                        .take(10)
                        .map(|&(o, n)| Counted::new(context::person_link(s, o), n))
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "quotes",
                    &self.views.quotes_by[id.index()]
                        .iter()
                        .map(|&(b, q)| context::QuoteOnPage::new(s, b, q))
                        .collect::<Vec<_>>(),
                );
                let root = "../../";
                let others: Vec<(String, String, u32)> = together
                    .iter()
                    .take(charts::RADIAL_MAX)
                    .map(|&(o, n)| {
                        (
                            s.person(o).name.clone(),
                            format!("{root}{}", paths::person(s, o)),
                            n,
                        )
                    })
                    .collect();
                ctx.insert(
                    "charts",
                    &Charts {
                        activity: charts::activity_chart(
                            &crate::site::index::activity(s, &all),
                            &format!("Briefs involving {} over time", p.name),
                        ),
                        network: (!others.is_empty()).then(|| {
                            charts::radial_diagram(
                                &p.name,
                                &others,
                                &format!("People who most often appear with {}", p.name),
                            )
                        }),
                    },
                );
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
                let all =
                    self.insert_timeline(ctx, &t.briefs, &self.views.topic_mentions[id.index()]);
                ctx.insert(
                    "topic_people",
                    &self
                        .views
                        .indexes
                        .people_of(id)
                        .iter()
                        .take(10)
                        .map(|&(p, n)| Counted::new(context::person_link(s, p), n))
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "charts",
                    &Charts {
                        activity: charts::activity_chart(
                            &crate::site::index::activity(s, &all),
                            &format!("Briefs on {} over time", t.name),
                        ),
                        network: None,
                    },
                );
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
            Page::Archive => {
                ctx.insert("kind", "archive");
                ctx.insert("title", "Archive");
                let years: Vec<ArchiveYearView> = self
                    .views
                    .indexes
                    .archive
                    .iter()
                    .map(|y| ArchiveYearView {
                        year: y.year,
                        path: paths::archive_year(y.year),
                        count: y.months.iter().map(|m| m.briefs.len()).sum(),
                        months: y
                            .months
                            .iter()
                            .map(|m| MonthView {
                                name: crate::site::index::month_name(m.month),
                                number: m.month,
                                count: m.briefs.len(),
                            })
                            .collect(),
                    })
                    .collect();
                ctx.insert("years", &years);
                "archive.html"
            }
            Page::ArchiveYear(year) => {
                ctx.insert("kind", "archive-year");
                ctx.insert("title", &format!("Briefs of {year}"));
                ctx.insert("year", &year);
                let group = self.views.indexes.archive.iter().find(|y| y.year == year);
                let months: Vec<(String, i8, Value)> = group
                    .map(|g| {
                        g.months
                            .iter()
                            .map(|m| {
                                (
                                    crate::site::index::month_name(m.month).to_owned(),
                                    m.month,
                                    self.views.summaries.list(&m.briefs),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut list = Vec::new();
                for (name, number, briefs) in months {
                    let mut map = tera::Map::new();
                    map.insert("name".into(), Value::from(name));
                    map.insert("number".into(), Value::from(number as i64));
                    map.insert("anchor".into(), Value::from(format!("m{number:02}")));
                    map.insert("briefs".into(), briefs);
                    list.push(Value::from(map));
                }
                ctx.insert_value("months", Value::from(list));
                let years = &self.views.indexes.archive;
                let pos = years.iter().position(|y| y.year == year);
                // Years are newest first: the newer year is the previous entry.
                let newer = pos.and_then(|i| i.checked_sub(1)).map(|i| years[i].year);
                let older = pos.and_then(|i| years.get(i + 1)).map(|y| y.year);
                ctx.insert(
                    "newer_year",
                    &newer.map(|y| LinkView {
                        name: y.to_string(),
                        path: paths::archive_year(y),
                    }),
                );
                ctx.insert(
                    "older_year",
                    &older.map(|y| LinkView {
                        name: y.to_string(),
                        path: paths::archive_year(y),
                    }),
                );
                "archive_year.html"
            }
            Page::NotFound => {
                ctx.insert("kind", "404");
                ctx.insert("title", "Page not found");
                "404.html"
            }
        }
    }

    /// Adds `briefs` (those listing someone or something), `timeline` (those and the
    /// briefs only naming them, by year) and `timeline_count`; returns every brief
    /// of the timeline, newest first.
    fn insert_timeline(
        &self,
        ctx: &mut Context,
        listed: &[BriefId],
        mentioned: &[(BriefId, u32)],
    ) -> Vec<BriefId> {
        ctx.insert_value("briefs", self.views.summaries.list(listed));
        let timeline = self.timeline(listed, mentioned);
        let all: Vec<BriefId> = timeline
            .iter()
            .flat_map(|y| y.ids.iter().copied())
            .collect();
        ctx.insert(
            "timeline",
            &timeline.iter().map(|y| y.view(self)).collect::<Vec<_>>(),
        );
        ctx.insert("timeline_count", &all.len());
        all
    }

    /// The briefs listing someone (or something) and those only naming them in the
    /// text, merged newest first and grouped by year.
    fn timeline(&self, listed: &[BriefId], mentioned: &[(BriefId, u32)]) -> Vec<TimelineYear<'a>> {
        let bodies: &'a [Arc<Rendered>] = self.bodies;
        let context: std::collections::HashMap<BriefId, &'a MentionContext> = mentioned
            .iter()
            .filter_map(|&(b, k)| {
                bodies[b.index()]
                    .mentions
                    .get(k as usize)
                    .map(|m| (b, &m.context))
            })
            .collect();
        let mut all: Vec<(BriefId, bool)> = listed.iter().map(|&b| (b, true)).collect();
        let listed_set: HashSet<BriefId> = listed.iter().copied().collect();
        all.extend(
            mentioned
                .iter()
                .filter(|(b, _)| !listed_set.contains(b))
                .map(|(b, _)| (*b, false)),
        );
        // Ids follow newest-first order.
        all.sort_by_key(|(b, _)| *b);
        let mut years: Vec<TimelineYear<'a>> = Vec::new();
        for (b, is_listed) in all {
            let year = self.site.brief(b).date.date.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(TimelineYear {
                    year,
                    ids: Vec::new(),
                    notes: Vec::new(),
                });
            }
            if let Some(y) = years.last_mut() {
                y.ids.push(b);
                y.notes.push((is_listed, context.get(&b).copied()));
            }
        }
        years
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

/// A list entry with a count: a topic a person appears in, a co-appearing person.
#[derive(Serialize)]
struct Counted {
    name: String,
    path: String,
    count: u32,
}

impl Counted {
    fn new(link: LinkView, count: u32) -> Counted {
        Counted {
            name: link.name,
            path: link.path,
            count,
        }
    }
}

#[derive(Serialize)]
struct Charts {
    activity: String,
    network: Option<String>,
}

#[derive(Serialize)]
struct MonthView {
    name: &'static str,
    number: i8,
    count: usize,
}

#[derive(Serialize)]
struct ArchiveYearView {
    year: i16,
    path: String,
    count: usize,
    months: Vec<MonthView>,
}

/// One year of a person's or topic's timeline.
struct TimelineYear<'v> {
    year: i16,
    ids: Vec<BriefId>,
    /// Per brief: listed in the front matter, and the sentence naming them.
    notes: Vec<(bool, Option<&'v MentionContext>)>,
}

impl TimelineYear<'_> {
    fn view(&self, r: &Renderer<'_>) -> Value {
        let entries: Vec<Value> = self
            .ids
            .iter()
            .zip(&self.notes)
            .map(|(&id, (listed, context))| {
                let mut map = tera::Map::new();
                map.insert("brief".into(), r.views.summaries.get(id));
                map.insert("listed".into(), Value::from(*listed));
                map.insert(
                    "context".into(),
                    context.map_or(Value::none(), Value::from_serializable),
                );
                Value::from(map)
            })
            .collect();
        let mut map = tera::Map::new();
        map.insert("year".into(), Value::from(self.year as i64));
        map.insert("entries".into(), Value::from(entries));
        Value::from(map)
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
    also_mentioned: Vec<LinkView>,
    cite: cite::Citations,
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
