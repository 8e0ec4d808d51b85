//! The pages of a publication beyond briefs and their subjects: authors and their
//! index, the terms of the taxonomies beside topics (countries, series) and their
//! indexes, standalone pages, and the redirects from a brief's old paths.

use serde::Serialize;

use super::Common;
use super::lists::Paginator;
use super::person::markdown_html;
use super::timeline::{self, Listing};
use crate::config::MarkdownConfig;
use crate::render::shapes::ImageView;
use crate::render::shared::{Made, Shared};
use crate::render::{Page, Renderer};
use crate::site::{AuthorId, BriefId, PageId, Taxon, TermId};
use crate::urls;

#[derive(Serialize)]
struct AuthorPageView<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    aliases: &'a [String],
    url: Option<&'a str>,
    /// HTML, made only when the page is rendered.
    bio: Made<(&'a str, &'a MarkdownConfig)>,
    image: Option<ImageView>,
    extra: &'a serde_yaml::Mapping,
    in_registry: bool,
    brief_count: usize,
}

/// `author.html`.
#[derive(Serialize)]
pub struct AuthorPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    author: AuthorPageView<'a>,
    /// The list entries of this page's briefs of theirs, newest first.
    briefs: Vec<Shared>,
    paginator: Paginator,
}

pub(super) fn author<'a>(
    r: &Renderer<'a>,
    id: AuthorId,
    number: usize,
    common: Common<'a>,
) -> AuthorPage<'a> {
    let s = r.site;
    let a = s.author(id);
    let (briefs, paginator) =
        super::source::list_page(r, Page::Author(id, number), &urls::author(s, id));
    AuthorPage {
        common,
        author: AuthorPageView {
            name: &a.name,
            slug: &a.slug,
            path: urls::author(s, id),
            aliases: &a.aliases,
            url: a.url.as_deref(),
            bio: markdown_html(&a.bio, &s.config.markdown),
            image: a.image.as_ref().map(ImageView::new),
            extra: &a.extra,
            in_registry: a.path.is_some(),
            brief_count: a.briefs.len(),
        },
        briefs,
        paginator,
    }
}

/// An entry of the authors index or a taxonomy's index.
#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    path: String,
    brief_count: usize,
}

/// `authors.html`.
#[derive(Serialize)]
pub struct AuthorsPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    authors: Vec<Entry<'a>>,
}

pub(super) fn authors<'a>(r: &Renderer<'a>, common: Common<'a>) -> AuthorsPage<'a> {
    let s = r.site;
    AuthorsPage {
        common,
        authors: s
            .authors_by_name
            .iter()
            .map(|&id| Entry {
                name: &s.author(id).name,
                path: urls::author(s, id),
                brief_count: s.author(id).briefs.len(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    path: String,
    taxonomy: &'static str,
    brief_count: usize,
}

/// `term.html`: a country's or series' page, shaped like a topic's (the briefs,
/// their timeline and its length), so a theme or feed can treat them alike.
#[derive(Serialize)]
pub struct TermPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    term: TermView<'a>,
    #[serde(flatten)]
    listing: Listing<'a>,
}

pub(super) fn term<'a>(
    r: &Renderer<'a>,
    taxon: Taxon,
    id: TermId,
    number: usize,
    common: Common<'a>,
) -> TermPage<'a> {
    let s = r.site;
    let t = s.term(taxon, id);
    TermPage {
        common,
        term: TermView {
            name: &t.name,
            path: urls::term(s, taxon, id),
            taxonomy: taxon.key(),
            brief_count: t.briefs.len(),
        },
        listing: timeline::build(
            r,
            Page::Term(taxon, id, number),
            &urls::term(s, taxon, id),
            None,
        ),
    }
}

/// `taxonomy.html`: every term of one taxonomy, by name.
#[derive(Serialize)]
pub struct TaxonomyPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    taxonomy: &'static str,
    terms: Vec<Entry<'a>>,
}

pub(super) fn taxonomy<'a>(r: &Renderer<'a>, taxon: Taxon, common: Common<'a>) -> TaxonomyPage<'a> {
    let s = r.site;
    TaxonomyPage {
        common,
        taxonomy: taxon.key(),
        terms: s
            .taxonomy(taxon)
            .by_name
            .iter()
            .map(|&id| {
                let t = s.term(taxon, id);
                Entry {
                    name: &t.name,
                    path: urls::term(s, taxon, id),
                    brief_count: t.briefs.len(),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct StandaloneView<'a> {
    title: &'a str,
    slug: &'a str,
    path: String,
    /// HTML, made only when the page is rendered.
    body: Made<(&'a str, &'a MarkdownConfig)>,
    menu: bool,
    weight: i64,
    extra: &'a serde_yaml::Mapping,
}

/// `page.html`: a standalone page.
#[derive(Serialize)]
pub struct StandalonePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: StandaloneView<'a>,
}

pub(super) fn standalone<'a>(
    r: &Renderer<'a>,
    id: PageId,
    common: Common<'a>,
) -> StandalonePage<'a> {
    let s = r.site;
    let p = s.page(id);
    StandalonePage {
        common,
        page: StandaloneView {
            title: &p.title,
            slug: &p.slug,
            path: urls::page(s, id),
            body: markdown_html(&p.body, &s.config.markdown),
            menu: p.menu,
            weight: p.weight,
            extra: &p.extra,
        },
    }
}

#[derive(Serialize)]
struct RedirectView<'a> {
    /// Site-relative path of the brief.
    path: String,
    /// Its absolute URL, when `base_url` is set.
    canonical: Option<String>,
    title: &'a str,
}

/// `redirect.html`: the page at an old path of a brief, sending readers (and
/// search engines, through the canonical link) to where it now is.
#[derive(Serialize)]
pub struct RedirectPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    redirect: RedirectView<'a>,
}

pub(super) fn redirect<'a>(r: &Renderer<'a>, id: BriefId, common: Common<'a>) -> RedirectPage<'a> {
    let s = r.site;
    let path = urls::brief(s, id);
    RedirectPage {
        common,
        redirect: RedirectView {
            canonical: s.config.absolute(&path),
            path,
            title: &s.brief(id).title,
        },
    }
}
