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
    brief: PageView<'a>,
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
        brief: PageView {
            print: views.page_print(id),
            site: r.site,
            id,
            body: r.body(id),
        },
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

/// A brief's page view, made when the page is rendered; while the page's
/// fingerprint is taken it stands as the view's own fingerprint, kept by the
/// views (without one, a one-off build takes no fingerprint).
struct PageView<'a> {
    print: Option<u64>,
    site: &'a Site,
    id: BriefId,
    body: &'a crate::mentions::Rendered,
}

impl Serialize for PageView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.print {
            Some(print) if crate::render::shared::fingerprinting() => {
                serializer.serialize_u64(print)
            }
            _ => brief_views::brief_page(self.site, self.id, self.body).serialize(serializer),
        }
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
