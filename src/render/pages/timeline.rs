//! The timeline of a person's or topic's page: the briefs listing them and those
//! only naming them in the text, merged newest first and grouped by year.

use serde::Serialize;

use crate::render::Renderer;
use crate::render::shared::{Keyed, Shared};
use crate::site::BriefId;
use crate::text::sentence::MentionContext;

/// One brief of a timeline.
#[derive(Serialize)]
pub(super) struct Entry<'a> {
    /// Its list entry.
    brief: Shared,
    /// False when the brief only names them in its text.
    listed: bool,
    /// On a person's page, the role held on the brief's date ("then ..." once
    /// ended); none on a topic's page or where the history covers no role then.
    role: Option<String>,
    /// The sentence of the first mention, keyed by its body's hash.
    context: Option<Keyed<'a, MentionContext>>,
}

/// One year of a timeline.
#[derive(Serialize)]
pub(super) struct Year<'a> {
    year: i16,
    entries: Vec<Entry<'a>>,
}

/// What person and topic pages share: the briefs listing them, the timeline of
/// those and the briefs only naming them, and its length. Flattened into the page.
#[derive(Serialize)]
pub(super) struct Listing<'a> {
    /// List entries of the briefs listing them.
    briefs: Vec<Shared>,
    timeline: Vec<Year<'a>>,
    timeline_count: usize,
    /// Every brief of the timeline, newest first (for the activity chart).
    #[serde(skip)]
    pub(super) all: Vec<BriefId>,
}

/// Builds the listing of the briefs `listed` (listing someone or something) and
/// `mentioned` (naming them in the text, with the index of the mention).
pub(super) fn build<'a>(
    r: &Renderer<'a>,
    listed: &[BriefId],
    mentioned: &[(BriefId, u32)],
    person: Option<crate::site::PersonId>,
) -> Listing<'a> {
    let bodies: &'a [std::sync::Arc<crate::mentions::Rendered>] = r.bodies;
    let context = |b: BriefId, k: u32| -> Option<Keyed<'a, MentionContext>> {
        let body = &bodies[b.index()];
        body.mentions
            .get(k as usize)
            .map(|m| Keyed::new((body.print, k as usize), &m.context))
    };
    // Both lists are newest first (ids follow that order): merge them, a brief in
    // both counting once, as listed, with its sentence.
    let mut all: Vec<(BriefId, bool, Option<u32>)> =
        Vec::with_capacity(listed.len() + mentioned.len());
    let (mut i, mut j) = (0, 0);
    while i < listed.len() || j < mentioned.len() {
        match (listed.get(i), mentioned.get(j)) {
            (Some(&l), Some(&(m, k))) if l == m => {
                all.push((l, true, Some(k)));
                i += 1;
                j += 1;
            }
            (Some(&l), Some(&(m, _))) if l < m => {
                all.push((l, true, None));
                i += 1;
            }
            (Some(&l), None) => {
                all.push((l, true, None));
                i += 1;
            }
            (_, Some(&(m, k))) => {
                all.push((m, false, Some(k)));
                j += 1;
            }
            (None, None) => break,
        }
    }
    let mut years: Vec<Year<'a>> = Vec::new();
    for &(b, is_listed, k) in &all {
        let year = r.site.brief(b).date.date.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(Year {
                year,
                entries: Vec::new(),
            });
        }
        if let Some(y) = years.last_mut() {
            let role = person.and_then(|p| {
                let view = crate::render::shapes::person_ref_on(r.site, p, &r.site.brief(b).date);
                match view.role_then {
                    Some(then) => Some(format!("then {then}")),
                    None => view.role,
                }
            });
            y.entries.push(Entry {
                brief: r.views.briefs.summary(b),
                listed: is_listed,
                role,
                context: k.and_then(|k| context(b, k)),
            });
        }
    }
    Listing {
        briefs: r.views.briefs.summaries(listed),
        timeline: years,
        timeline_count: all.len(),
        all: all.into_iter().map(|(b, _, _)| b).collect(),
    }
}

/// How many briefs involve someone or something, by the one rule every page uses:
/// `(all, mentioned only)`, where `all` counts the briefs listing them and those
/// only naming them in the text, each once. Both lists are newest first.
pub(super) fn involvement(listed: &[BriefId], mentioned: &[(BriefId, u32)]) -> (usize, usize) {
    let (mut i, mut only) = (0, 0);
    for &(m, _) in mentioned {
        while i < listed.len() && listed[i] < m {
            i += 1;
        }
        if listed.get(i) != Some(&m) {
            only += 1;
        }
    }
    (listed.len() + only, only)
}
