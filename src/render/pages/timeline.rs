//! The timeline of a person's or topic's page: the briefs listing them and those
//! only naming them in the text, merged newest first and grouped by year.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::render::Renderer;
use crate::render::shared::Shared;
use crate::site::BriefId;
use crate::text::sentence::MentionContext;

/// One brief of a timeline.
#[derive(Serialize)]
pub(super) struct Entry<'a> {
    /// Its list entry.
    brief: Shared,
    /// False when the brief only names them in its text.
    listed: bool,
    /// The sentence of the first mention.
    context: Option<&'a MentionContext>,
}

/// One year of a timeline.
#[derive(Serialize)]
pub(super) struct Year<'a> {
    year: i16,
    entries: Vec<Entry<'a>>,
}

/// A timeline with every brief in it, newest first.
pub(super) struct Timeline<'a> {
    pub(super) years: Vec<Year<'a>>,
    pub(super) all: Vec<BriefId>,
}

/// Builds the timeline of the briefs `listed` (listing someone or something) and
/// `mentioned` (naming them in the text, with the index of the mention).
pub(super) fn build<'a>(
    r: &Renderer<'a>,
    listed: &[BriefId],
    mentioned: &[(BriefId, u32)],
) -> Timeline<'a> {
    let bodies = r.bodies;
    let context: HashMap<BriefId, &'a MentionContext> = mentioned
        .iter()
        .filter_map(|&(b, k)| {
            bodies[b.index()]
                .mentions
                .get(k as usize)
                .map(|m| (b, &m.context))
        })
        .collect();
    let mut all: Vec<(BriefId, bool)> = listed.iter().map(|&b| (b, true)).collect();
    let listed_set: HashSet<BriefId> = listed.iter().copied().collect();
    all.extend(
        mentioned
            .iter()
            .filter(|(b, _)| !listed_set.contains(b))
            .map(|(b, _)| (*b, false)),
    );
    // Ids follow newest-first order.
    all.sort_by_key(|(b, _)| *b);
    let mut years: Vec<Year<'a>> = Vec::new();
    for &(b, is_listed) in &all {
        let year = r.site.brief(b).date.date.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(Year {
                year,
                entries: Vec::new(),
            });
        }
        if let Some(y) = years.last_mut() {
            y.entries.push(Entry {
                brief: r.views.briefs.summary(b),
                listed: is_listed,
                context: context.get(&b).copied(),
            });
        }
    }
    Timeline {
        years,
        all: all.into_iter().map(|(b, _)| b).collect(),
    }
}
