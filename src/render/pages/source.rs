//! A source's page: the briefs citing it.

use serde::Serialize;

use super::Common;
use super::lists::{Row, source_row};
use crate::render::Renderer;
use crate::render::shared::Shared;
use crate::site::SourceId;

/// `source.html`.
#[derive(Serialize)]
pub struct SourcePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// This page's own feed, when feeds are written.
    feed: Option<crate::feeds::FeedLink>,
    source: Row,
    /// The list entries of the briefs citing it, newest first.
    briefs: Vec<Shared>,
}

pub(super) fn build<'a>(r: &Renderer<'a>, id: SourceId, common: Common<'a>) -> SourcePage<'a> {
    SourcePage {
        feed: super::meta::own_feed(
            r.site,
            &r.site.source(id).name,
            &crate::urls::source(r.site, id),
        ),
        common,
        source: source_row(r.site, id),
        briefs: r.views.briefs.summaries(&r.site.source(id).briefs),
    }
}
