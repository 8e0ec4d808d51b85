//! A brief's own page.

use serde::Serialize;

use super::Common;
use crate::render::shared::Shared;
use crate::render::{Renderer, brief_views};
use crate::site::BriefId;

/// `brief.html`.
#[derive(Serialize)]
pub struct BriefPage {
    #[serde(flatten)]
    common: Common,
    /// The brief's page view.
    brief: Shared,
    /// Up to five related list entries.
    related: Vec<Shared>,
    /// The next newer and older briefs' list entries.
    newer: Option<Shared>,
    older: Option<Shared>,
}

pub(super) fn build(r: &Renderer<'_>, id: BriefId, common: Common) -> BriefPage {
    let views = &r.views.briefs;
    let newer = id.index().checked_sub(1).map(BriefId::new);
    let older = Some(id.index() + 1)
        .filter(|&o| o < r.site.briefs.len())
        .map(BriefId::new);
    BriefPage {
        common,
        brief: views.page(id).unwrap_or_else(|| {
            Shared::untracked(&brief_views::brief_page(r.site, id, &r.bodies[id.index()]))
        }),
        related: views.summaries(r.views.indexes.related_to(id)),
        newer: newer.map(|n| views.summary(n)),
        older: older.map(|o| views.summary(o)),
    }
}
