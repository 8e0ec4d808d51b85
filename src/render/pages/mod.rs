//! The theme API: one typed context per kind of page, built by one function per
//! kind. A context holds everything its template may read, so it is also what the
//! page depends on: `serve` re-renders a page when its context's fingerprint
//! changes (see `render::shared`). Every field is documented in
//! `docs/templates.md`, which a test checks against rendered contexts.

mod archive;
mod brief;
mod home;
mod lists;
mod meta;
mod person;
mod publication;
mod source;
mod timeline;
mod topic;

use std::borrow::Cow;

use serde::Serialize;

use super::shared::Shared;
use super::views::Counts;
use super::{Page, Renderer};
use crate::site::Taxon;

/// What every page holds. `config`, `strings` and `counts` are site-wide: a change
/// to any of them changes every page's fingerprint.
#[derive(Serialize)]
pub struct Common<'a> {
    /// `site.yaml`.
    pub config: Shared,
    /// The words table (`templates/strings.yaml`).
    pub strings: Shared,
    /// Prefix from this page to the site root.
    pub root: Cow<'static, str>,
    /// This page's site-relative path.
    pub path: String,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Canonical<'a>,
    /// The kind of page, also the name templates switch on.
    pub kind: &'static str,
    /// The page's title.
    pub title: String,
    /// Numbers of briefs, people, topics, sources.
    pub counts: Counts,
    /// One sentence about this page (a brief's summary; else the site's
    /// description), for `<meta name="description">` and link previews.
    pub description: String,
    /// The feeds to announce in `<head>`: the site's, and this page's own.
    pub feeds: Vec<crate::feeds::FeedLink>,
    /// JSON-LD describing this page, escaped for a `<script>` element.
    pub json_ld: Option<meta::JsonLd<'a>>,
    /// The navigation's standalone pages (`menu: true`), by weight then title.
    pub menu: Shared,
}

/// The absolute URL of a page: `config.base_url` and the page's `path`, both in
/// every context already, so a fingerprint need not hold it (it is made only
/// when the page is rendered).
pub struct Canonical<'a> {
    /// The settings and the page's path, when `base_url` is set.
    of: Option<(&'a crate::config::SiteConfig, String)>,
}

impl Serialize for Canonical<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if super::shared::fingerprinting() {
            serializer.serialize_unit()
        } else {
            let url = self
                .of
                .as_ref()
                .and_then(|(config, dir)| config.absolute(dir));
            url.serialize(serializer)
        }
    }
}

/// Prefixes from a page to the site root, by the page's depth.
const ROOTS: [&str; 5] = ["./", "../", "../../", "../../../", "../../../../"];

/// The context of one page, by kind; serialises as the kind's own struct.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageContext<'a> {
    /// `index.html`.
    Home(home::HomePage<'a>),
    /// `briefs.html`.
    BriefList(lists::BriefListPage<'a>),
    /// `brief.html`.
    Brief(brief::BriefPage<'a>),
    /// `people.html`, `topics.html`, `sources.html`.
    Index(lists::IndexPage<'a>),
    /// `person.html`.
    Person(Box<person::PersonPage<'a>>),
    /// `topic.html`.
    Topic(Box<topic::TopicPage<'a>>),
    /// `source.html`.
    Source(source::SourcePage<'a>),
    /// `archive.html`.
    Archive(archive::ArchivePage<'a>),
    /// `archive_year.html`.
    ArchiveYear(archive::ArchiveYearPage<'a>),
    /// `404.html`.
    NotFound(Only<'a>),
    /// `authors.html`.
    Authors(publication::AuthorsPage<'a>),
    /// `author.html`.
    Author(publication::AuthorPage<'a>),
    /// `taxonomy.html`.
    Taxonomy(publication::TaxonomyPage<'a>),
    /// `term.html`.
    Term(publication::TermPage<'a>),
    /// `page.html`.
    Standalone(publication::StandalonePage<'a>),
    /// `redirect.html`.
    Redirect(publication::RedirectPage<'a>),
}

/// A page with only the common variables.
#[derive(Serialize)]
pub struct Only<'a> {
    #[serde(flatten)]
    common: Common<'a>,
}

/// The template of each kind of page.
pub fn template(page: Page) -> &'static str {
    match page {
        Page::Home => "index.html",
        Page::BriefList(_) => "briefs.html",
        Page::Brief(_) => "brief.html",
        Page::People(_) => "people.html",
        Page::Person(..) => "person.html",
        Page::Topics(_) => "topics.html",
        Page::Topic(..) => "topic.html",
        Page::Sources(_) => "sources.html",
        Page::Source(..) => "source.html",
        Page::Archive => "archive.html",
        Page::ArchiveYear(..) => "archive_year.html",
        Page::NotFound => "404.html",
        Page::Authors => "authors.html",
        Page::Author(..) => "author.html",
        Page::Taxonomy(_) => "taxonomy.html",
        Page::Term(..) => "term.html",
        Page::Standalone(_) => "page.html",
        Page::Redirect(..) => "redirect.html",
    }
}

/// Builds the context of `page`.
pub fn context<'a>(r: &Renderer<'a>, page: Page) -> PageContext<'a> {
    let s = r.site;
    let strings = &r.theme.strings;
    let common = |kind: &'static str, title: String| {
        // A numbered page of a list is titled after its front page.
        let title = match page.number() {
            0 => title,
            _ if matches!(page, Page::BriefList(_)) => title,
            n => super::strings::fill(
                &super::strings::fill(&strings.list_page, "title", &title),
                "n",
                &n.to_string(),
            ),
        };
        let dir = r.dir(page);
        let meta = meta::build(r, page);
        Common {
            description: meta.description,
            feeds: meta.feeds,
            json_ld: meta.json_ld,
            config: r.views.config.clone(),
            strings: r.views.strings.clone(),
            root: match page {
                // The 404 page is served at any depth, so its links start from the site's path.
                Page::NotFound => Cow::Owned(s.config.base_path()),
                _ => match ROOTS.get(dir.matches('/').count()) {
                    Some(&root) => Cow::Borrowed(root),
                    None => Cow::Owned("../".repeat(dir.matches('/').count())),
                },
            },
            canonical: Canonical {
                of: (!s.config.base_url.is_empty()).then(|| (&s.config, dir.clone())),
            },
            path: dir,
            kind,
            title,
            counts: r.views.counts,
            menu: r.views.menu.clone(),
        }
    };
    match page {
        Page::Home => PageContext::Home(home::build(r, common("home", s.config.title.clone()))),
        Page::BriefList(n) => {
            let title = if n == 0 {
                strings.all_briefs.clone()
            } else {
                super::strings::fill(&strings.all_briefs_page, "n", &n.to_string())
            };
            PageContext::BriefList(lists::brief_list(r, n, common("briefs", title)))
        }
        Page::Brief(id) => PageContext::Brief(brief::build(
            r,
            id,
            common(
                "brief",
                crate::render::shapes::typeset(s, &s.brief(id).title).into_owned(),
            ),
        )),
        Page::People(n) => PageContext::Index(lists::people(
            r,
            n,
            common("people", strings.people.clone()),
        )),
        Page::Person(id, n) => PageContext::Person(Box::new(person::build(
            r,
            id,
            n,
            common("person", s.person(id).name.clone()),
        ))),
        Page::Topics(n) => PageContext::Index(lists::topics(
            r,
            n,
            common("topics", strings.topics.clone()),
        )),
        Page::Topic(id, n) => PageContext::Topic(Box::new(topic::build(
            r,
            id,
            n,
            common("topic", s.topic(id).name.clone()),
        ))),
        Page::Sources(n) => PageContext::Index(lists::sources(
            r,
            n,
            common("sources", strings.sources.clone()),
        )),
        Page::Source(id, n) => PageContext::Source(source::build(
            r,
            id,
            n,
            common("source", s.source(id).name.clone()),
        )),
        Page::Archive => PageContext::Archive(archive::years(
            r,
            common("archive", strings.archive.clone()),
        )),
        Page::ArchiveYear(year, n) => {
            let title = super::strings::fill(&strings.briefs_of_year, "year", &year.to_string());
            PageContext::ArchiveYear(archive::year(r, year, n, common("archive-year", title)))
        }
        Page::NotFound => PageContext::NotFound(Only {
            common: common("404", strings.not_found.clone()),
        }),
        Page::Authors => PageContext::Authors(publication::authors(
            r,
            common("authors", strings.authors.clone()),
        )),
        Page::Author(id, n) => PageContext::Author(publication::author(
            r,
            id,
            n,
            common("author", s.author(id).name.clone()),
        )),
        Page::Taxonomy(taxon) => {
            let title = match taxon {
                Taxon::Countries => strings.countries.clone(),
                Taxon::Series => strings.series.clone(),
            };
            PageContext::Taxonomy(publication::taxonomy(r, taxon, common("taxonomy", title)))
        }
        Page::Term(taxon, id, n) => PageContext::Term(publication::term(
            r,
            taxon,
            id,
            n,
            common("term", s.term(taxon, id).name.clone()),
        )),
        Page::Standalone(id) => PageContext::Standalone(publication::standalone(
            r,
            id,
            common("page", s.page(id).title.clone()),
        )),
        Page::Redirect(id, _) => PageContext::Redirect(publication::redirect(
            r,
            id,
            common("redirect", s.brief(id).title.clone()),
        )),
    }
}
