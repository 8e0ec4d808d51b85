//! A source's page: the briefs citing it.

use serde::Serialize;

use super::Common;
use super::lists::{Paginator, Row, paginate, source_row};
use crate::render::shared::Shared;
use crate::render::{BriefsOf, Page, Renderer};
use crate::site::{BriefId, SourceId};
use crate::urls;

/// `source.html`.
#[derive(Serialize)]
pub struct SourcePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// This page's own feed, when feeds are written.
    feed: Option<crate::feeds::FeedLink>,
    source: Row,
    /// The list entries of this page's briefs citing it, newest first.
    briefs: Vec<Shared>,
    paginator: Paginator,
}

pub(super) fn build<'a>(
    r: &Renderer<'a>,
    id: SourceId,
    number: usize,
    common: Common<'a>,
) -> SourcePage<'a> {
    let (briefs, paginator) = list_page(r, Page::Source(id, number), &urls::source(r.site, id));
    SourcePage {
        feed: super::meta::own_feed(r.site, &r.site.source(id).name, &urls::source(r.site, id)),
        common,
        source: source_row(r.site, id),
        briefs,
        paginator,
    }
}

/// The list entries of `page` of a plain list of briefs (a source's, an
/// author's), whose front page is at `dir`, and its paginator.
pub(super) fn list_page(r: &Renderer<'_>, page: Page, dir: &str) -> (Vec<Shared>, Paginator) {
    let list = r.briefs_of(page).unwrap_or(BriefsOf::Ids(&[]));
    let (items, paginator) = paginate(r.paging_of(list.len()), page.number(), false, |n| {
        urls::numbered(dir, n)
    });
    let ids: Vec<BriefId> = items.map(|i| list.id(i)).collect();
    (r.views.briefs.summaries(&ids), paginator)
}
