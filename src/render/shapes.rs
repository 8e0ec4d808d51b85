//! The shapes that many page contexts share (dates, links, rows, a person with
//! their role, citations, quotes): part of the theme API, every field documented in
//! `docs/templates.md`, which a test checks against the rendered contexts.
//!
//! Paths in views are site-relative (`briefs/x/`); templates prefix them with the
//! page's `root` (`../../`) so links stay relative and one build works at any path.

use std::borrow::Cow;

use serde::Serialize;

use crate::content::DateValue;
use crate::content::RawImage;
use crate::site::{AuthorId, BriefId, PersonId, Site, SourceId, Taxon, TermId, TopicId};
use crate::urls as paths;

/// Text from front matter as readers see it: with typographic punctuation when the
/// site's Markdown bodies get it, so that a headline, a summary or a quote matches
/// the body around it.
pub fn typeset<'a>(site: &Site, s: &'a str) -> Cow<'a, str> {
    if site.config.markdown.smart_punctuation {
        crate::text::smart::punctuate(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// A date in the forms templates need.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2023-06-14`.
    pub ymd: String,
    /// `June 14, 2023`.
    pub display: String,
    /// RFC 3339, for `<time datetime>` and feeds.
    pub rfc3339: String,
    /// The year.
    pub year: i16,
    /// The month, 1 to 12: lists group by it.
    pub month: i8,
}

impl DateView {
    /// Views a date.
    pub fn new(d: &DateValue) -> DateView {
        DateView {
            ymd: d.ymd(),
            display: d.date.strftime("%B %-d, %Y").to_string(),
            rfc3339: d.rfc3339(),
            year: d.date.year(),
            month: d.date.month(),
        }
    }
}

/// A link to a person, topic or source page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Display name.
    pub name: String,
    /// Site-relative path of the page.
    pub path: String,
}

/// A person link with the role shown beside it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRefView {
    /// Name.
    pub name: String,
    /// Site-relative path.
    pub path: String,
    /// The role: on a brief, the role held on its date and still held (none
    /// where the history covers no role then); elsewhere the current role.
    pub role: Option<String>,
    /// Organization.
    pub organization: Option<String>,
    /// On a brief, the role held on its date when it has since ended ("then State
    /// Councilor and Foreign Minister").
    pub role_then: Option<String>,
    /// The organization of that role.
    pub organization_then: Option<String>,
}

/// A quotation as a speaker's page shows it: with the brief it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteOnPage {
    /// The words.
    pub text: String,
    /// Where or when.
    pub context: Option<String>,
    /// The brief quoting it.
    pub brief: LinkView,
    /// The brief's date.
    pub date: DateView,
}

impl QuoteOnPage {
    /// Quote number `index` of brief `id`.
    pub fn new(site: &Site, id: BriefId, index: usize) -> QuoteOnPage {
        let b = site.brief(id);
        let q = &b.quotes[index];
        QuoteOnPage {
            text: typeset(site, &q.text).into_owned(),
            context: q.context.clone(),
            brief: LinkView {
                name: typeset(site, &b.title).into_owned(),
                path: paths::brief(site, id),
            },
            date: DateView::new(&b.date),
        }
    }
}

/// A person with the roles they held on `date`: every role of the history covering
/// the date, joined ("State Councilor and Foreign Minister"), as `role` while every
/// one of them is still held and as `role_then` once one has ended. A person with
/// no history keeps the undated `role`.
pub fn person_ref_on(site: &Site, id: PersonId, date: &DateValue) -> PersonRefView {
    let mut view = person_ref(site, id);
    match role_on(site, id, date) {
        RoleOn::Undated => {}
        RoleOn::Unknown => view.role = None,
        RoleOn::Held(title) => view.role = Some(title),
        RoleOn::Ended(title, organizations) => {
            view.role = None;
            view.role_then = Some(title);
            view.organization_then = organizations;
        }
    }
    view
}

/// What a person's role history says of a date (see [`person_ref_on`]).
pub(crate) enum RoleOn {
    /// No history: the undated role holds whatever the date.
    Undated,
    /// The history covers no role then.
    Unknown,
    /// The titles of the roles held then, joined, every one still held.
    Held(String),
    /// The titles held then, one of them since ended, and their organizations.
    Ended(String, Option<String>),
}

/// The roles `id` held on `date`, without the rest of a [`PersonRefView`]: a
/// timeline asks it once per brief.
pub(crate) fn role_on(site: &Site, id: PersonId, date: &DateValue) -> RoleOn {
    let person = site.person(id);
    if person.roles.is_empty() {
        return RoleOn::Undated;
    }
    // With a history, the role shown is the one held on the date, and none where
    // the history covers no role then ("President" two months before taking
    // office would be false).
    let held = person.roles_on(date);
    if held.is_empty() {
        return RoleOn::Unknown;
    }
    let title = held
        .iter()
        .map(|r| typeset(site, &r.title))
        .collect::<Vec<_>>()
        .join(" and ");
    if held.iter().any(|r| r.ended()) {
        let mut organizations: Vec<Cow<'_, str>> = held
            .iter()
            .filter_map(|r| r.organization.as_deref().map(|o| typeset(site, o)))
            .collect();
        organizations.dedup();
        RoleOn::Ended(
            title,
            (!organizations.is_empty()).then(|| organizations.join("; ")),
        )
    } else {
        RoleOn::Held(title)
    }
}

/// A citation of a source in a brief.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// Publisher name.
    pub name: String,
    /// Site-relative path of the source page.
    pub path: String,
    /// Link to the document.
    pub url: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// Issue date.
    pub issued: Option<DateView>,
    /// The site's own fields of this citation.
    pub extra: serde_yaml::Mapping,
}

/// An author as bylines, feeds and structured data need them.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorView {
    /// Name.
    pub name: String,
    /// Slug, for a theme's own URLs and ids.
    pub slug: String,
    /// Site-relative path of the author's page.
    pub path: String,
    /// Their own page elsewhere.
    pub url: Option<String>,
}

/// A brief's, person's or author's image.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// The site-relative path (write `{{ root }}{{ image.src }}`) or, when
    /// `external`, the full link.
    pub src: String,
    /// Whether `src` is a link to another site.
    pub external: bool,
    /// What it shows.
    pub alt: String,
}

impl ImageView {
    /// Views an image of the front matter.
    pub fn new(image: &RawImage) -> ImageView {
        ImageView {
            src: image.src.site_path().to_owned(),
            external: image.src.is_external(),
            alt: image.alt.0.clone(),
        }
    }
}

/// A link to an author's page.
pub fn author_view(site: &Site, id: AuthorId) -> AuthorView {
    let a = site.author(id);
    AuthorView {
        name: a.name.clone(),
        slug: a.slug.clone(),
        path: paths::author(site, id),
        url: a.url.clone(),
    }
}

/// A link to a term's page.
pub fn term_link(site: &Site, taxon: Taxon, id: TermId) -> LinkView {
    LinkView {
        name: site.term(taxon, id).name.clone(),
        path: paths::term(site, taxon, id),
    }
}

/// A quotation.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// The speaker.
    pub by: LinkView,
    /// The words.
    pub text: String,
    /// Where or when.
    pub context: Option<String>,
}

/// A link to a person's page.
pub fn person_link(site: &Site, id: PersonId) -> LinkView {
    LinkView {
        name: site.person_name(id).to_owned(),
        path: paths::person(site, id),
    }
}

/// A link to a topic's page.
pub fn topic_link(site: &Site, id: TopicId) -> LinkView {
    LinkView {
        name: site.topic(id).name.clone(),
        path: paths::topic(site, id),
    }
}

/// A link to a source's page.
pub fn source_link(site: &Site, id: SourceId) -> LinkView {
    LinkView {
        name: site.source(id).name.clone(),
        path: paths::source(site, id),
    }
}

/// A person with role, for a brief's people list.
pub fn person_ref(site: &Site, id: PersonId) -> PersonRefView {
    let p = site.person(id);
    PersonRefView {
        name: p.name.clone(),
        path: paths::person(site, id),
        role: p.role.as_deref().map(|t| typeset(site, t).into_owned()),
        organization: p
            .organization
            .as_deref()
            .map(|t| typeset(site, t).into_owned()),
        role_then: None,
        organization_then: None,
    }
}

/// The citations of a brief.
pub fn citations(site: &Site, id: BriefId) -> Vec<CitationView> {
    site.brief(id)
        .citations
        .iter()
        .map(|c| CitationView {
            name: site.source(c.source).name.clone(),
            path: paths::source(site, c.source),
            url: c.url.clone(),
            title: c.title.as_deref().map(|t| typeset(site, t).into_owned()),
            issued: c.issued.as_ref().map(DateView::new),
            extra: c.extra.clone(),
        })
        .collect()
}

/// The quotes of a brief.
pub fn quotes(site: &Site, id: BriefId) -> Vec<QuoteView> {
    site.brief(id)
        .quotes
        .iter()
        .map(|q| QuoteView {
            by: person_link(site, q.by),
            text: typeset(site, &q.text).into_owned(),
            context: q.context.clone(),
        })
        .collect()
}

/// A link with a count: a topic a person appears in, a co-appearing person.
#[derive(Debug, Clone, Serialize)]
pub struct Counted {
    /// Display name.
    pub name: String,
    /// Site-relative path.
    pub path: String,
    /// Shared briefs.
    pub count: u32,
}

impl Counted {
    /// A link with its count.
    pub fn new(link: LinkView, count: u32) -> Counted {
        Counted {
            name: link.name,
            path: link.path,
            count,
        }
    }
}
