//! A brief's own page.

use serde::Serialize;

use super::Common;
use crate::render::shapes::{self, LinkView};
use crate::render::shared::Shared;
use crate::render::{Renderer, brief_views};
use crate::site::{BriefId, Site};

/// `brief.html`.
#[derive(Serialize)]
pub struct BriefPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The brief's page view.
    brief: Shared,
    /// Up to five related list entries.
    related: Vec<Shared>,
    /// The same related briefs, each with the people and topics it shares with
    /// this one (what relates them, said to the reader).
    related_links: Vec<RelatedLink>,
    /// The next newer and older briefs' list entries.
    newer: Option<Shared>,
    older: Option<Shared>,
}

pub(super) fn build<'a>(r: &Renderer<'a>, id: BriefId, common: Common<'a>) -> BriefPage<'a> {
    let views = &r.views.briefs;
    let newer = id.index().checked_sub(1).map(BriefId::new);
    let older = Some(id.index() + 1)
        .filter(|&o| o < r.site.briefs.len())
        .map(BriefId::new);
    BriefPage {
        common,
        brief: views
            .page(id)
            .unwrap_or_else(|| Shared::untracked(&brief_views::brief_page(r.site, id, r.body(id)))),
        related: views.summaries(r.views.indexes.related_to(id)),
        related_links: r
            .views
            .indexes
            .related_to(id)
            .iter()
            .map(|&other| RelatedLink {
                brief: views.summary(other),
                shares: shared_between(r.site, id, other),
            })
            .collect(),
        newer: newer.map(|n| views.summary(n)),
        older: older.map(|o| views.summary(o)),
    }
}

/// A related brief with what it shares with the brief of the page.
#[derive(Serialize)]
struct RelatedLink {
    brief: Shared,
    /// Shared people (in the page brief's order), then shared topics.
    shares: Vec<LinkView>,
}

/// The people and topics briefs `a` and `b` both list: a handful each, so a scan
/// of the short lists.
fn shared_between(site: &Site, a: BriefId, b: BriefId) -> Vec<LinkView> {
    let (a, b) = (site.brief(a), site.brief(b));
    a.people
        .iter()
        .filter(|p| b.people.contains(p))
        .map(|&p| shapes::person_link(site, p))
        .chain(
            a.topics
                .iter()
                .filter(|t| b.topics.contains(t))
                .map(|&t| shapes::topic_link(site, t)),
        )
        .collect()
}
