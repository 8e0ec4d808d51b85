//! Paginated `/briefs/` and the indexes of people, topics and sources.

use serde::Serialize;

use super::Common;
use crate::render::Renderer;
use crate::render::shared::Shared;
use crate::site::{BriefId, PersonId, Site, SourceId, TopicId};
use crate::urls;

/// An index entry: a person, topic or source with its number of briefs.
#[derive(Serialize)]
pub(super) struct Row {
    name: String,
    path: String,
    role: Option<String>,
    organization: Option<String>,
    /// Briefs listing them or naming them in the text, each once (the number
    /// their page shows).
    brief_count: usize,
    /// Of those, the briefs listing them.
    listed_count: usize,
    /// Of those, the briefs only naming them in the text.
    mentioned_count: usize,
}

pub(super) fn person_row(r: &Renderer<'_>, id: PersonId) -> Row {
    let s = r.site;
    let p = s.person(id);
    let (all, only) = super::timeline::involvement(&p.briefs, &r.views.person_mentions[id.index()]);
    Row {
        name: p.name.clone(),
        path: urls::person(s, id),
        role: p.role.clone(),
        organization: p.organization.clone(),
        brief_count: all,
        listed_count: p.briefs.len(),
        mentioned_count: only,
    }
}

pub(super) fn topic_row(r: &Renderer<'_>, id: TopicId) -> Row {
    let s = r.site;
    let t = s.topic(id);
    let (all, only) = super::timeline::involvement(&t.briefs, &r.views.topic_mentions[id.index()]);
    Row {
        name: t.name.clone(),
        path: urls::topic(s, id),
        role: None,
        organization: None,
        brief_count: all,
        listed_count: t.briefs.len(),
        mentioned_count: only,
    }
}

pub(super) fn source_row(s: &Site, id: SourceId) -> Row {
    let src = s.source(id);
    Row {
        name: src.name.clone(),
        path: urls::source(s, id),
        role: None,
        organization: None,
        brief_count: src.briefs.len(),
        listed_count: src.briefs.len(),
        mentioned_count: 0,
    }
}

/// Where a page of `/briefs/` stands among the others.
#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    first_number: usize,
    last_number: usize,
    count: usize,
    previous: Option<String>,
    next: Option<String>,
    /// Every page's number and path, shared by all of them.
    pages: Shared,
}

/// `briefs.html`.
#[derive(Serialize)]
pub struct BriefListPage {
    #[serde(flatten)]
    common: Common,
    /// The list entries of this page.
    briefs: Vec<Shared>,
    paginator: Paginator,
}

pub(super) fn brief_list(r: &Renderer<'_>, n: usize, common: Common) -> BriefListPage {
    let s = r.site;
    let per = s.config.briefs_per_page;
    let total = r.list_pages();
    let start = ((n - 1) * per).min(s.briefs.len());
    let end = (start + per).min(s.briefs.len());
    let ids: Vec<BriefId> = (start..end).map(BriefId::new).collect();
    BriefListPage {
        common,
        briefs: r.views.briefs.summaries(&ids),
        paginator: Paginator {
            current: n,
            total,
            first_number: start + 1,
            last_number: end,
            count: s.briefs.len(),
            previous: (n > 1).then(|| urls::brief_list(n - 1)),
            next: (n < total).then(|| urls::brief_list(n + 1)),
            pages: r.views.list_pages.clone(),
        },
    }
}

/// `people.html`, `topics.html` and `sources.html`: one list of rows, named after
/// the page.
#[derive(Serialize)]
pub struct IndexPage {
    #[serde(flatten)]
    common: Common,
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<Vec<Row>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topics: Option<Vec<Row>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<Row>>,
}

pub(super) fn people(r: &Renderer<'_>, common: Common) -> IndexPage {
    let s = r.site;
    IndexPage {
        common,
        people: Some(s.people_by_name.iter().map(|&p| person_row(r, p)).collect()),
        topics: None,
        sources: None,
    }
}

pub(super) fn topics(r: &Renderer<'_>, common: Common) -> IndexPage {
    let s = r.site;
    IndexPage {
        common,
        people: None,
        topics: Some(s.topics_by_name.iter().map(|&t| topic_row(r, t)).collect()),
        sources: None,
    }
}

pub(super) fn sources(r: &Renderer<'_>, common: Common) -> IndexPage {
    let s = r.site;
    IndexPage {
        common,
        people: None,
        topics: None,
        sources: Some(
            s.sources_by_name
                .iter()
                .map(|&id| source_row(s, id))
                .collect(),
        ),
    }
}
