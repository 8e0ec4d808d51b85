//! Paginated `/briefs/` and the indexes of people, topics and sources.

use std::ops::Range;

use serde::Serialize;

use super::Common;
use crate::render::Renderer;
use crate::render::paging::Paging;
use crate::render::shapes::typeset;
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
    crate::site::brief_reads::note_person_lists(id);
    let (all, only) = super::timeline::involvement(&p.briefs, &r.views.person_mentions[id.index()]);
    Row {
        name: p.name.clone(),
        path: urls::person(s, id),
        role: p.role.as_deref().map(|t| typeset(s, t).into_owned()),
        organization: p
            .organization
            .as_deref()
            .map(|t| typeset(s, t).into_owned()),
        brief_count: all,
        listed_count: p.briefs.len(),
        mentioned_count: only,
    }
}

pub(super) fn topic_row(r: &Renderer<'_>, id: TopicId) -> Row {
    let s = r.site;
    let t = s.topic(id);
    crate::site::brief_reads::note_topic_lists(id);
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

/// Where a page of a list of briefs (`/briefs/`, a person's, a topic's, ...)
/// stands among the others. Pages are numbered from the oldest (see
/// [`crate::render::paging`]).
#[derive(Serialize)]
pub(super) struct Paginator {
    /// This page's number; none on the list's front page.
    current: Option<usize>,
    total: usize,
    /// Positions of this page's first and last brief, counted from the newest.
    first_number: usize,
    last_number: usize,
    count: usize,
    /// The page of newer briefs, and of older ones.
    previous: Option<String>,
    next: Option<String>,
    /// Links to the first page and the nearby ones.
    pages: Vec<PageLink>,
}

/// A link to one numbered page of a list.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
    current: bool,
}

/// Page `n` (0: the front page) of a list cut by `paging`, whose page `k` is at
/// `path(k)`: the positions of its items, newest first, and its paginator. A list
/// whose numbered pages exist only past one page (`always_numbered` false: every
/// list but `/briefs/`) links to none while it fits one.
pub(super) fn paginate(
    paging: Paging,
    n: usize,
    always_numbered: bool,
    path: impl Fn(usize) -> String,
) -> (Range<usize>, Paginator) {
    let total = paging.total();
    let front = paging.front_oldest();
    let (items, around, newer, older) = if n == 0 {
        (paging.front_items(), front, None, front - 1)
    } else {
        let newer = (n < total).then_some(n + 1);
        (paging.items(n), n, newer, n - 1)
    };
    let numbered = always_numbered || total > 1;
    let paginator = Paginator {
        current: (n > 0).then_some(n),
        total,
        first_number: items.start + 1,
        last_number: items.end,
        count: paging.count(),
        previous: newer.map(&path),
        next: (older > 0).then(|| path(older)),
        pages: if numbered {
            paging
                .window(around)
                .into_iter()
                .map(|number| PageLink {
                    number,
                    path: path(number),
                    current: number == n,
                })
                .collect()
        } else {
            Vec::new()
        },
    };
    (items, paginator)
}

/// `briefs.html`.
#[derive(Serialize)]
pub struct BriefListPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The list entries of this page.
    briefs: Vec<Shared>,
    paginator: Paginator,
}

/// Page `n` of `/briefs/`, or the front page for 0.
pub(super) fn brief_list<'a>(r: &Renderer<'a>, n: usize, common: Common<'a>) -> BriefListPage<'a> {
    let (items, paginator) = paginate(r.list_paging(), n, true, urls::brief_list);
    let ids: Vec<BriefId> = items.map(BriefId::new).collect();
    BriefListPage {
        common,
        briefs: r.views.briefs.summaries(&ids),
        paginator,
    }
}

/// `people.html`, `topics.html` and `sources.html`: one list of rows, named after
/// the page, a page at a time.
#[derive(Serialize)]
pub struct IndexPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<Vec<Row>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topics: Option<Vec<Row>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<Row>>,
    paginator: Paginator,
}

/// Page `n` of an index of `count` entries in its order, whose front page (0,
/// which shows page 1) is at `dir`: the positions of its entries and its
/// paginator, where `previous` is the page before and `next` the page after.
fn index_page(r: &Renderer<'_>, count: usize, n: usize, dir: &str) -> (Range<usize>, Paginator) {
    let per = r.site.config.index_per_page.max(1);
    let paging = Paging::new(count, per);
    let total = paging.total();
    let number = n.max(1);
    let items = ((number - 1) * per).min(count)..(number * per).min(count);
    let path = |k: usize| urls::numbered(dir, if k == 1 { 0 } else { k });
    let paginator = Paginator {
        current: (n > 0).then_some(n),
        total,
        first_number: items.start + 1,
        last_number: items.end,
        count,
        previous: (number > 1).then(|| path(number - 1)),
        next: (number < total).then(|| path(number + 1)),
        pages: paging
            .window(number)
            .into_iter()
            .map(|k| PageLink {
                number: k,
                path: path(k),
                current: k == number,
            })
            .collect(),
    };
    (items, paginator)
}

pub(super) fn people<'a>(r: &Renderer<'a>, n: usize, common: Common<'a>) -> IndexPage<'a> {
    let s = r.site;
    let (items, paginator) = index_page(r, s.people_by_name.len(), n, urls::PEOPLE);
    IndexPage {
        common,
        people: Some(
            s.people_by_name[items]
                .iter()
                .map(|&p| person_row(r, p))
                .collect(),
        ),
        topics: None,
        sources: None,
        paginator,
    }
}

pub(super) fn topics<'a>(r: &Renderer<'a>, n: usize, common: Common<'a>) -> IndexPage<'a> {
    let s = r.site;
    let (items, paginator) = index_page(r, s.topics_by_name.len(), n, urls::TOPICS);
    IndexPage {
        common,
        people: None,
        topics: Some(
            s.topics_by_name[items]
                .iter()
                .map(|&t| topic_row(r, t))
                .collect(),
        ),
        sources: None,
        paginator,
    }
}

pub(super) fn sources<'a>(r: &Renderer<'a>, n: usize, common: Common<'a>) -> IndexPage<'a> {
    let s = r.site;
    let (items, paginator) = index_page(r, s.sources_by_name.len(), n, urls::SOURCES);
    IndexPage {
        common,
        people: None,
        topics: None,
        sources: Some(
            s.sources_by_name[items]
                .iter()
                .map(|&id| source_row(s, id))
                .collect(),
        ),
        paginator,
    }
}
