//! A person's page: who they are, their roles, every brief involving them, their
//! quotes, their topics and the people they appear with.

use std::borrow::Cow;

use serde::Serialize;

use super::Common;
use super::timeline::{self, Listing};
use crate::config::MarkdownConfig;
use crate::render::charts;
use crate::render::markdown;
use crate::render::shapes::{self, Counted, DateView, typeset};
use crate::render::shared::{Made, Shared};
use crate::render::strings::{Strings, fill};
use crate::render::{Page, Renderer};
use crate::site::PersonId;
use crate::site::index::Bucket;
use crate::urls;

#[derive(Serialize)]
struct RoleView<'a> {
    title: Cow<'a, str>,
    organization: Option<Cow<'a, str>>,
    from: Option<DateView>,
    to: Option<DateView>,
}

#[derive(Serialize)]
struct PersonView<'a> {
    name: &'a str,
    path: String,
    aliases: &'a [String],
    role: Option<Cow<'a, str>>,
    organization: Option<Cow<'a, str>>,
    country: Option<&'a str>,
    /// HTML, made only when the page is rendered.
    bio: Made<(&'a str, &'a MarkdownConfig)>,
    in_registry: bool,
    /// Briefs listing them or naming them in the text, each once: the same number
    /// as the people index and the timeline.
    brief_count: usize,
    listed_count: usize,
    mentioned_count: usize,
    roles: Vec<RoleView<'a>>,
    image: Option<shapes::ImageView>,
    extra: &'a serde_yaml::Mapping,
}

/// The charts of a person's or topic's page, as inline SVG made only when the
/// page is rendered (their data is what the fingerprint holds).
#[derive(Serialize)]
pub(super) struct Charts<'a> {
    /// The activity chart's data, for a theme that draws its own: briefs per
    /// period (`year`, `month` or none for a whole year, `count`), oldest first.
    pub(super) periods: Vec<Bucket>,
    pub(super) activity: Made<Activity<'a>>,
    /// On a person's page, the people most often with them and when: the chart,
    /// or none when they share no brief.
    pub(super) together: Option<Made<Together<'a>>>,
    /// Its data, a row per person, most shared first (empty on a topic's page).
    pub(super) together_rows: Vec<TogetherRow>,
}

/// One row of the "together" chart: a person, the briefs shared with them, and
/// the periods (of `periods`) where they shared any, oldest first.
#[derive(Serialize)]
pub(super) struct TogetherRow {
    #[serde(flatten)]
    person: Counted,
    periods: Vec<Bucket>,
}

/// The inputs of an activity chart: buckets, label, words.
type Activity<'a> = (Vec<Bucket>, String, Words<'a>);

/// The inputs of a "together" chart: the person, the periods, (name, shared
/// briefs per period), people without a row, label, words.
type Together<'a> = (
    String,
    Vec<Bucket>,
    Vec<(String, Vec<u32>)>,
    usize,
    String,
    Words<'a>,
);

/// The words table as a chart's input. The table is in every page's context
/// (`strings`), so a chart's fingerprint holds only the table's own fingerprint
/// rather than hashing the whole table again.
#[derive(Clone, Copy)]
pub(super) struct Words<'a> {
    table: &'a Strings,
    print: u64,
}

impl<'a> Words<'a> {
    /// The renderer's table.
    pub(super) fn of(r: &Renderer<'a>) -> Words<'a> {
        Words {
            table: &r.theme.strings,
            print: r.views.strings.print(),
        }
    }
}

impl Serialize for Words<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.print)
    }
}

/// An activity chart of `buckets`, labelled `label`.
pub(super) fn activity_chart<'a>(
    buckets: Vec<Bucket>,
    label: String,
    words: Words<'a>,
) -> Made<Activity<'a>> {
    Made::new((buckets, label, words), |(b, l, w)| {
        charts::activity_chart(b, l, w.table)
    })
}

/// Renders Markdown held by a registry file (a biography, a description).
pub(super) fn markdown_html<'a>(
    text: &'a str,
    config: &'a MarkdownConfig,
) -> Made<(&'a str, &'a MarkdownConfig)> {
    Made::new((text, config), |(t, c)| markdown::render(t, c).html)
}

/// `person.html`.
#[derive(Serialize)]
pub struct PersonPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// This page's own feed, when feeds are written.
    feed: Option<crate::feeds::FeedLink>,
    person: PersonView<'a>,
    #[serde(flatten)]
    listing: Listing<'a>,
    /// The parts about the whole timeline (topics, people, quotes, charts) are on
    /// the front page only: a numbered page keeps its bytes when a brief is added.
    person_topics: Vec<Counted>,
    together: Vec<Counted>,
    /// Their quotes, newest first.
    quotes: Vec<Shared>,
    charts: Option<Charts<'a>>,
}

pub(super) fn build<'a>(
    r: &Renderer<'a>,
    id: PersonId,
    number: usize,
    common: Common<'a>,
) -> PersonPage<'a> {
    let s = r.site;
    let p = s.person(id);
    crate::site::brief_reads::note_person_lists(id);
    let strings = &r.theme.strings;
    let front = number == 0;
    let mentioned = &r.views.person_mentions[id.index()];
    let listing = timeline::build(r, Page::Person(id, number), &urls::person(s, id), Some(id));
    let (brief_count, mentioned_count) = timeline::involvement(&p.briefs, mentioned);
    let together = if front {
        r.views.indexes.co_occurring(id)
    } else {
        &[]
    };
    // Every brief of the person, listed or named, whichever page this is.
    let all: Vec<_> = if front {
        r.views.person_timeline[id.index()]
            .iter()
            .map(|e| e.brief)
            .collect()
    } else {
        Vec::new()
    };
    let periods = crate::site::index::activity(s, &all);
    let cells = shared_per_period(r, &all, &periods, together);
    PersonPage {
        feed: super::meta::own_feed(r.site, &p.name, &urls::person(r.site, id)),
        common,
        person: PersonView {
            name: &p.name,
            path: urls::person(s, id),
            aliases: &p.aliases,
            role: p.role.as_deref().map(|t| typeset(s, t)),
            organization: p.organization.as_deref().map(|t| typeset(s, t)),
            country: p.country.as_deref(),
            bio: markdown_html(&p.bio, &s.config.markdown),
            in_registry: p.path.is_some(),
            brief_count,
            listed_count: p.briefs.len(),
            mentioned_count,
            image: p.image.as_ref().map(shapes::ImageView::new),
            extra: &p.extra,
            roles: p
                .roles
                .iter()
                .map(|role| RoleView {
                    title: typeset(s, &role.title),
                    organization: role.organization.as_deref().map(|t| typeset(s, t)),
                    from: role.from.as_ref().map(DateView::new),
                    to: role.to.as_ref().map(DateView::new),
                })
                .collect(),
        },
        person_topics: (if front {
            r.views.indexes.topics_of(id)
        } else {
            &[]
        })
        .iter()
        .map(|&(t, n)| Counted::new(shapes::topic_link(s, t), n))
        .collect(),
        together: together
            .iter()
            .take(10)
            .map(|&(o, n)| Counted::new(shapes::person_link(s, o), n))
            .collect(),
        quotes: (if front {
            &r.views.quotes_by[id.index()][..]
        } else {
            &[]
        })
        .iter()
        .map(|&(b, q)| r.views.briefs.quote(b, q))
        .collect(),
        charts: front.then(|| Charts {
            periods: periods.clone(),
            activity: activity_chart(
                periods.clone(),
                fill(&strings.person_activity, "name", &p.name),
                Words::of(r),
            ),
            together: (!cells.is_empty()).then(|| {
                Made::new(
                    (
                        p.name.clone(),
                        periods.clone(),
                        cells
                            .iter()
                            .map(|(o, c)| (s.person_name(*o).to_owned(), c.clone()))
                            .collect::<Vec<_>>(),
                        together.len() - cells.len(),
                        fill(&strings.person_together, "name", &p.name),
                        Words::of(r),
                    ),
                    |(c, b, o, m, l, w)| charts::together_chart(c, b, o, *m, l, w.table),
                )
            }),
            together_rows: cells
                .into_iter()
                .zip(together)
                .map(|((o, c), &(_, n))| TogetherRow {
                    person: Counted::new(shapes::person_link(s, o), n),
                    periods: periods
                        .iter()
                        .zip(c)
                        .filter(|&(_, c)| c > 0)
                        .map(|(b, count)| Bucket { count, ..b.clone() })
                        .collect(),
                })
                .collect(),
        }),
        listing,
    }
}

/// For the people most often with someone (the first [`charts::TOGETHER_ROWS`] of
/// `together`), how many of `briefs` (theirs, listed or naming them) each shares
/// with them per period of `periods`. A brief counts for everyone it lists or
/// names, as `together`'s totals do, so each row adds up to its total. The cost is
/// that of reading the people of this person's own briefs.
fn shared_per_period(
    r: &Renderer<'_>,
    briefs: &[crate::site::BriefId],
    periods: &[Bucket],
    together: &[(PersonId, u32)],
) -> Vec<(PersonId, Vec<u32>)> {
    let mut rows: Vec<(PersonId, Vec<u32>)> = together
        .iter()
        .take(charts::TOGETHER_ROWS)
        .map(|&(o, _)| (o, vec![0; periods.len()]))
        .collect();
    for &b in briefs {
        let brief = r.site.brief(b);
        let Some(k) = crate::site::index::bucket_index(periods, &brief.date) else {
            continue;
        };
        let named = r
            .views
            .mentioned
            .get(b.index())
            .map_or(&[][..], Vec::as_slice);
        for q in brief.people.iter().chain(named) {
            if let Some((_, cells)) = rows.iter_mut().find(|(o, _)| o == q) {
                cells[k] += 1;
            }
        }
    }
    rows
}
