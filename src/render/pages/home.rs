//! The home page: the newest briefs, the most involved people and topics.

use serde::Serialize;

use super::Common;
use super::lists::{Row, person_row, topic_row};
use crate::render::Renderer;
use crate::render::shared::Shared;
use crate::site::{BriefId, PersonId, TopicId};

/// `index.html`.
#[derive(Serialize)]
pub struct HomePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The newest `home_briefs` list entries.
    briefs: Vec<Shared>,
    /// The ten people in the most briefs.
    people: Vec<Row>,
    /// The ten topics with the most briefs.
    topics: Vec<Row>,
}

pub(super) fn build<'a>(r: &Renderer<'a>, common: Common<'a>) -> HomePage<'a> {
    let s = r.site;
    let n = s.config.home_briefs.min(s.briefs.len());
    let ids: Vec<BriefId> = (0..n).map(BriefId::new).collect();
    // Stable sorts: equal counts keep the indexes' name order.
    let mut busiest: Vec<PersonId> = s.people_by_name.clone();
    busiest.sort_by_key(|&p| {
        crate::site::brief_reads::note_person_lists(p);
        std::cmp::Reverse(s.person(p).briefs.len())
    });
    busiest.truncate(10);
    let mut topics: Vec<TopicId> = s.topics_by_name.clone();
    topics.sort_by_key(|&t| {
        crate::site::brief_reads::note_topic_lists(t);
        std::cmp::Reverse(s.topic(t).briefs.len())
    });
    topics.truncate(10);
    HomePage {
        common,
        briefs: r.views.briefs.summaries(&ids),
        people: busiest.iter().map(|&p| person_row(r, p)).collect(),
        topics: topics.iter().map(|&t| topic_row(r, t)).collect(),
    }
}
