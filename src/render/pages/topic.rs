//! A topic's page: its description, every brief on it, the people most involved.

use serde::Serialize;

use super::Common;
use super::person::{Charts, Words, activity_chart, markdown_html};
use super::timeline::{self, Listing};
use crate::config::MarkdownConfig;
use crate::render::shapes::{self, Counted};
use crate::render::shared::Made;
use crate::render::strings::fill;
use crate::render::{Page, Renderer};
use crate::site::TopicId;
use crate::urls;

#[derive(Serialize)]
struct TopicView<'a> {
    name: &'a str,
    path: String,
    aliases: &'a [String],
    /// HTML, made only when the page is rendered.
    description: Made<(&'a str, &'a MarkdownConfig)>,
    in_registry: bool,
    brief_count: usize,
    extra: &'a serde_yaml::Mapping,
}

/// `topic.html`.
#[derive(Serialize)]
pub struct TopicPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// This page's own feed, when feeds are written.
    feed: Option<crate::feeds::FeedLink>,
    topic: TopicView<'a>,
    #[serde(flatten)]
    listing: Listing<'a>,
    /// On the front page only, as on a person's.
    topic_people: Vec<Counted>,
    charts: Option<Charts<'a>>,
}

pub(super) fn build<'a>(
    r: &Renderer<'a>,
    id: TopicId,
    number: usize,
    common: Common<'a>,
) -> TopicPage<'a> {
    let s = r.site;
    let t = s.topic(id);
    crate::site::brief_reads::note_topic_lists(id);
    let front = number == 0;
    let all = &r.views.topic_timeline[id.index()];
    let listing = timeline::build(r, Page::Topic(id, number), &urls::topic(s, id), None);
    let brief_count = all.len();
    TopicPage {
        feed: super::meta::own_feed(r.site, &t.name, &urls::topic(r.site, id)),
        common,
        topic: TopicView {
            name: &t.name,
            path: urls::topic(s, id),
            aliases: &t.aliases,
            description: markdown_html(&t.description, &s.config.markdown),
            in_registry: t.path.is_some(),
            brief_count,
            extra: &t.extra,
        },
        topic_people: (if front {
            r.views.indexes.people_of(id)
        } else {
            &[]
        })
        .iter()
        .take(10)
        .map(|&(p, n)| Counted::new(shapes::person_link(s, p), n))
        .collect(),
        charts: front.then(|| {
            let ids: Vec<_> = all.iter().map(|e| e.brief).collect();
            let periods = crate::site::index::activity(s, &ids);
            Charts {
                periods: periods.clone(),
                activity: activity_chart(
                    periods,
                    fill(&r.theme.strings.topic_activity, "name", &t.name),
                    Words::of(r),
                ),
                together: None,
                together_rows: Vec::new(),
            }
        }),
        listing,
    }
}
