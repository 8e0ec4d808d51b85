//! The timeline of a person's or topic's page: the briefs listing them and those
//! only naming them in the text, merged newest first and grouped by year.

use serde::Serialize;

use super::lists::Paginator;
use crate::render::shapes::{RoleOn, role_on, typeset};
use crate::render::shared::{Keyed, Shared};
use crate::render::views::Involved;
use crate::render::{BriefsOf, Page, Renderer};
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

/// What person and topic pages share: the briefs of this page listing them, the
/// timeline of this page (those and the briefs only naming them), the length of
/// the whole timeline, and where this page stands among the others. Flattened
/// into the page.
#[derive(Serialize)]
pub(super) struct Listing<'a> {
    /// List entries of this page's briefs listing them.
    briefs: Vec<Shared>,
    timeline: Vec<Year<'a>>,
    timeline_count: usize,
    paginator: Paginator,
}

/// Builds the listing of `page` (a person's, `person`, a topic's or a term's),
/// whose front page is at `dir`.
pub(super) fn build<'a>(
    r: &Renderer<'a>,
    page: Page,
    dir: &str,
    person: Option<crate::site::PersonId>,
) -> Listing<'a> {
    let list = r.briefs_of(page).unwrap_or(BriefsOf::Ids(&[]));
    let (items, paginator) =
        super::lists::paginate(r.paging_of(list.len()), page.number(), false, |n| {
            crate::urls::numbered(dir, n)
        });
    let page: Vec<Involved> = items
        .map(|i| match list {
            BriefsOf::Involved(all) => all[i],
            _ => Involved {
                brief: list.id(i),
                listed: true,
                mention: None,
            },
        })
        .collect();
    let context = |b: BriefId, k: u32| -> Option<Keyed<'a, MentionContext>> {
        let body = r.body(b);
        body.mentions
            .get(k as usize)
            .map(|m| Keyed::new((body.print, k as usize), &m.context))
    };
    // The role of someone without a history is the same on every date.
    let undated = person.and_then(|p| {
        let role = r.site.person(p).role.as_deref()?;
        Some(typeset(r.site, role).into_owned())
    });
    let mut years: Vec<Year<'a>> = Vec::new();
    for e in &page {
        let b = e.brief;
        let year = r.site.brief(b).date.date.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(Year {
                year,
                entries: Vec::new(),
            });
        }
        if let Some(y) = years.last_mut() {
            let role = person.and_then(|p| match role_on(r.site, p, &r.site.brief(b).date) {
                RoleOn::Undated => undated.clone(),
                RoleOn::Unknown => None,
                RoleOn::Held(title) => Some(title),
                RoleOn::Ended(title, _) => Some(format!("then {title}")),
            });
            y.entries.push(Entry {
                brief: r.views.briefs.summary(b),
                listed: e.listed,
                role,
                context: e.mention.and_then(|k| context(b, k)),
            });
        }
    }
    let listed: Vec<BriefId> = page.iter().filter(|e| e.listed).map(|e| e.brief).collect();
    Listing {
        briefs: r.views.briefs.summaries(&listed),
        timeline: years,
        timeline_count: list.len(),
        paginator,
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
