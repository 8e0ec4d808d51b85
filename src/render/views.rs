//! What many pages share, computed once per build: the views of every brief, the
//! site-wide values every page holds, the indexes, and the mention and quote lists
//! of each person and topic.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::brief_views::{BriefViews, Reuse};
use super::shared::Shared;
use super::strings::Strings;
use crate::mentions;
use crate::mentions::Rendered;
use crate::site::index::Indexes;
use crate::site::{BriefId, PersonId, Site};

/// The number of briefs, people, topics and sources: on every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Briefs built.
    pub briefs: usize,
    /// People with a page.
    pub people: usize,
    /// Topics with a page.
    pub topics: usize,
    /// Sources with a page.
    pub sources: usize,
}

/// A standalone page in the navigation.
#[derive(Serialize)]
struct MenuEntry<'a> {
    title: &'a str,
    path: String,
}

/// The standalone pages with `menu: true`, by weight, then title, then slug.
fn menu(site: &Site) -> Vec<MenuEntry<'_>> {
    let mut pages: Vec<&crate::site::StandalonePage> =
        site.pages.iter().filter(|p| p.menu).collect();
    pages.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    pages
        .into_iter()
        .map(|p| MenuEntry {
            title: &p.title,
            path: format!("{}/", p.slug),
        })
        .collect()
}

/// A brief in the timeline of a person or topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Involved {
    /// The brief.
    pub brief: BriefId,
    /// Whether its front matter lists them (else its text only names them).
    pub listed: bool,
    /// The index of the first mention in the body's list, when the text names them.
    pub mention: Option<u32>,
}

/// Merges the briefs listing someone or something with those naming them in the
/// text (both newest first) into one list, newest first: a brief in both counts
/// once, as listed, with its first mention.
pub(crate) fn merge(listed: &[BriefId], mentioned: &[(BriefId, u32)]) -> Vec<Involved> {
    let mut all = Vec::with_capacity(listed.len() + mentioned.len());
    let (mut i, mut j) = (0, 0);
    loop {
        let involved = match (listed.get(i), mentioned.get(j)) {
            (Some(&l), Some(&(m, k))) if l == m => {
                i += 1;
                j += 1;
                Involved {
                    brief: l,
                    listed: true,
                    mention: Some(k),
                }
            }
            (Some(&l), Some(&(m, _))) if l < m => {
                i += 1;
                Involved {
                    brief: l,
                    listed: true,
                    mention: None,
                }
            }
            (Some(&l), None) => {
                i += 1;
                Involved {
                    brief: l,
                    listed: true,
                    mention: None,
                }
            }
            (_, Some(&(m, k))) => {
                j += 1;
                // A later mention in a brief already taken counts once.
                if all.last().is_some_and(|last: &Involved| last.brief == m) {
                    continue;
                }
                Involved {
                    brief: m,
                    listed: false,
                    mention: Some(k),
                }
            }
            (None, None) => break,
        };
        all.push(involved);
    }
    all
}

/// The last good state a rebuild reuses views of: its site, views and bodies,
/// and the brief files changed since; `None` for those when a registry changed
/// too, when only the indexes may be kept.
pub type Previous<'a> = (
    &'a Site,
    &'a Views,
    &'a [Arc<Rendered>],
    Option<&'a HashSet<PathBuf>>,
);

/// Views shared by many pages.
pub struct Views {
    /// Each brief's list entry and page view.
    pub briefs: BriefViews,
    /// `site.yaml` as templates see it: on every page.
    pub config: Shared,
    /// The words shown to readers: on every page.
    pub strings: Shared,
    /// The site's counts: on every page.
    pub counts: Counts,
    /// The navigation's standalone pages: on every page.
    pub menu: Shared,
    /// Co-occurrence, related briefs, archive.
    pub indexes: Arc<Indexes>,
    /// For each person, the briefs whose text names them (newest first), with the
    /// index of the mention in the body's list (which holds the sentence).
    pub person_mentions: Arc<Vec<Vec<(BriefId, u32)>>>,
    /// For each topic, likewise.
    pub topic_mentions: Arc<Vec<Vec<(BriefId, u32)>>>,
    /// For each person, every brief involving them (listing them or naming them in
    /// the text, each once), newest first: what their pages list, a page at a time.
    pub person_timeline: Arc<Vec<Vec<Involved>>>,
    /// For each topic, likewise.
    pub topic_timeline: Arc<Vec<Vec<Involved>>>,
    /// For each year of `indexes.archive`, in its order, the year's briefs newest first.
    pub year_briefs: Vec<Vec<BriefId>>,
    /// For each person, their quotes as (brief, index in the brief's quotes), newest first.
    pub quotes_by: Arc<Vec<Vec<(BriefId, usize)>>>,
    /// For each brief, the people its text names that its front matter does not
    /// list, each once: with the listed, the people the indexes count it for.
    pub mentioned: Arc<Vec<Vec<PersonId>>>,
    /// Whether the related briefs of `indexes` were kept from a state whose texts,
    /// or briefs' people and topics, differ: they are not yet those of this state
    /// (see `Views::reusing`).
    pub indexes_stale: bool,
}

impl Views {
    /// Whether everything but what is held for single briefs, people and topics
    /// is the same in `other` (those are compared one by one, see
    /// [`Views::changed_entries`]).
    pub(crate) fn same_beyond_entries(&self, other: &Views) -> bool {
        self.config == other.config
            && self.strings == other.strings
            && self.counts == other.counts
            && self.menu == other.menu
            && (Arc::ptr_eq(&self.indexes, &other.indexes)
                || self.indexes.archive == other.indexes.archive)
            && self.year_briefs == other.year_briefs
            && self.person_mentions.len() == other.person_mentions.len()
            && self.topic_mentions.len() == other.topic_mentions.len()
            && self.mentioned.len() == other.mentioned.len()
    }

    /// Of two views with [`Views::same_beyond_entries`], the briefs, people and
    /// topics (by [`brief_reads`](crate::site::brief_reads) key) whose lists here
    /// differ: a brief's related briefs and the people its text names; a person's
    /// mentions, timeline, quotes, companions and topics; a topic's mentions,
    /// timeline and people. Lists shared by both (the same pointer) are not read.
    pub(crate) fn changed_entries(&self, other: &Views) -> Vec<u32> {
        use crate::site::brief_reads::{person_lists_key, topic_lists_key};
        fn differ<T: PartialEq>(a: &Arc<Vec<T>>, b: &Arc<Vec<T>>, i: usize) -> bool {
            !Arc::ptr_eq(a, b) && a.get(i) != b.get(i)
        }
        let same_indexes = Arc::ptr_eq(&self.indexes, &other.indexes);
        let (x, y) = (&*self.indexes, &*other.indexes);
        let index_differs =
            |a: &[Vec<_>], b: &[Vec<_>], i: usize| !same_indexes && a.get(i) != b.get(i);
        let mut changed: Vec<u32> = (0..self.mentioned.len())
            .filter(|&i| {
                differ(&self.mentioned, &other.mentioned, i)
                    || (!same_indexes && x.related.get(i) != y.related.get(i))
            })
            .map(|i| i as u32)
            .collect();
        changed.extend(
            (0..self.person_mentions.len())
                .filter(|&i| {
                    differ(&self.person_mentions, &other.person_mentions, i)
                        || differ(&self.person_timeline, &other.person_timeline, i)
                        || differ(&self.quotes_by, &other.quotes_by, i)
                        || index_differs(&x.co_occurrence, &y.co_occurrence, i)
                        || (!same_indexes && x.person_topics.get(i) != y.person_topics.get(i))
                })
                .map(person_lists_key),
        );
        changed.extend(
            (0..self.topic_mentions.len())
                .filter(|&i| {
                    differ(&self.topic_mentions, &other.topic_mentions, i)
                        || differ(&self.topic_timeline, &other.topic_timeline, i)
                        || (!same_indexes && x.topic_people.get(i) != y.topic_people.get(i))
                })
                .map(topic_lists_key),
        );
        changed
    }

    /// Computes the shared views, reusing the brief views of `previous` for briefs
    /// whose file is not in `changed` and whose linked names are unchanged. Only
    /// valid when settings, theme and registries are the same in both states: a
    /// reused view is one the new state would compute equal. With `track`, the
    /// brief views carry fingerprints, for rebuilds that compare them. With
    /// `texts_later`, an edit that changed only texts keeps the last indexes
    /// (marked [`Views::indexes_stale`]): the related briefs, the one index that
    /// reads texts, are made again after the browser has reloaded. `wording` is
    /// the texts' wording for related briefs when it was made before the texts
    /// were let go (a one-off build).
    pub(crate) fn reusing(
        site: &Site,
        strings: &Strings,
        bodies: &[Arc<Rendered>],
        previous: Option<Previous<'_>>,
        track: bool,
        texts_later: bool,
        wording: Option<crate::site::index::Wording>,
    ) -> Views {
        let reuse = previous.and_then(|(old_site, old_views, old_bodies, changed)| {
            Some(Reuse::new(
                (old_site, &old_views.briefs, old_bodies),
                site,
                changed?,
            ))
        });
        let involvement = match previous {
            Some((old_site, old_views, old_bodies, Some(_)))
                if same_involvement(old_site, old_bodies, site, bodies) =>
            {
                Involvement {
                    person_mentions: Arc::clone(&old_views.person_mentions),
                    topic_mentions: Arc::clone(&old_views.topic_mentions),
                    person_timeline: Arc::clone(&old_views.person_timeline),
                    topic_timeline: Arc::clone(&old_views.topic_timeline),
                    quotes_by: Arc::clone(&old_views.quotes_by),
                    mentioned: Arc::clone(&old_views.mentioned),
                }
            }
            _ => Involvement::new(site, bodies),
        };
        let Involvement {
            person_mentions,
            topic_mentions,
            person_timeline,
            topic_timeline,
            quotes_by,
            mentioned,
        } = involvement;
        // An edit that changed no brief's date, people, topics, text or the people
        // its text names (an edit of a title or summary, of a person or topic page)
        // leaves every index as it was. The text counts because related briefs
        // must read alike; an edit of texts alone may keep the indexes for now.
        let kept = previous.and_then(|(old_site, old_views, _, _)| {
            if old_views.mentioned != mentioned || !same_shape(old_site, site) {
                return None;
            }
            let stale = old_views.indexes_stale || !same_texts(old_site, site);
            (!stale || texts_later).then(|| (Arc::clone(&old_views.indexes), stale))
        });
        let (indexes, indexes_stale) = kept.unwrap_or_else(|| {
            // An edit that changes whom briefs involve (a brief's people or
            // topics), or which briefs there are, may keep the last related
            // briefs for now too (of the briefs both states have): they are
            // made again with the texts'.
            if let Some((old_site, old_views, _, _)) = previous.filter(|_| texts_later) {
                let old = &old_views.indexes;
                let related = if same_places(old_site, site) {
                    old.related.clone()
                } else {
                    moved_related(old_site, site, &old.related)
                };
                let indexes = crate::site::index::build_keeping_related(
                    site,
                    &mentioned,
                    related,
                    (old_site, &old_views.mentioned, old),
                );
                return (Arc::new(indexes), true);
            }
            // The word counts of the last indexes, for the texts this edit left
            // alone.
            let kept_counts = previous.and_then(|(_, old, _, _)| old.indexes.word_counts.clone());
            let indexes = crate::site::index::build_with(
                site,
                &mentioned,
                wording,
                kept_counts.as_deref(),
                track,
            );
            (Arc::new(indexes), false)
        });
        let year_briefs = indexes
            .archive
            .iter()
            .map(|y| {
                y.months
                    .iter()
                    .flat_map(|m| m.briefs.iter().copied())
                    .collect()
            })
            .collect();
        let briefs = BriefViews::new(site, bodies, reuse.as_ref(), track);
        Views {
            briefs,
            config: Shared::new(&site.config),
            strings: Shared::new(strings),
            menu: Shared::new(&menu(site)),
            counts: Counts {
                briefs: site.briefs.len(),
                people: site.people.len(),
                topics: site.topics.len(),
                sources: site.sources.len(),
            },
            indexes,
            mentioned,
            person_mentions,
            topic_mentions,
            person_timeline,
            topic_timeline,
            year_briefs,
            quotes_by,
            indexes_stale,
        }
    }
}

/// The summary text of a brief: its front matter's, else its body's first paragraph.
pub(crate) fn summary_text<'a>(brief: &'a crate::site::Brief, body: &'a Rendered) -> &'a str {
    brief.summary.as_deref().unwrap_or(&body.first_paragraph)
}

/// Whether two states have the same briefs in the same order with the same dates,
/// people and topics, and the same people and topics: then every index but the
/// related briefs is equal, and those too when [`same_texts`] holds.
fn same_shape(a: &Site, b: &Site) -> bool {
    a.briefs.len() == b.briefs.len()
        && a.people.len() == b.people.len()
        && a.topics.len() == b.topics.len()
        && a.briefs.iter().zip(&b.briefs).all(|(x, y)| {
            Arc::ptr_eq(x, y)
                || (x.path.as_os_str() == y.path.as_os_str()
                    && x.date == y.date
                    && x.people == y.people
                    && x.topics == y.topics)
        })
        && a.people
            .iter()
            .zip(b.people.iter())
            .all(|(x, y)| x.slug == y.slug && x.name == y.name)
        && a.topics
            .iter()
            .zip(&b.topics)
            .all(|(x, y)| x.slug == y.slug && x.name == y.name)
        && a.people_by_name == b.people_by_name
}

/// Whether two states have the same briefs, by file, in the same order: brief
/// ids mean the same in both.
fn same_places(a: &Site, b: &Site) -> bool {
    a.briefs.len() == b.briefs.len()
        && a.briefs
            .iter()
            .zip(&b.briefs)
            .all(|(x, y)| Arc::ptr_eq(x, y) || x.path.as_os_str() == y.path.as_os_str())
}

/// The related briefs `related` of state `old`, in the ids of state `new`: for
/// each brief of `new` that `old` has (by file, at the same place in the order),
/// its related briefs there that `new` has too; none for the others. Both lists
/// of briefs are in order, so one walk of both pairs them.
fn moved_related(old: &Site, new: &Site, related: &[Vec<BriefId>]) -> Vec<Vec<BriefId>> {
    let mut to_new: Vec<Option<BriefId>> = vec![None; old.briefs.len()];
    let mut from_old: Vec<Option<usize>> = vec![None; new.briefs.len()];
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (old.briefs.get(i), new.briefs.get(j)) {
        if Arc::ptr_eq(a, b) || a.path.as_os_str() == b.path.as_os_str() {
            to_new[i] = Some(BriefId::new(j));
            from_old[j] = Some(i);
            (i, j) = (i + 1, j + 1);
        } else if b.order_key() < a.order_key() {
            j += 1;
        } else {
            i += 1;
        }
    }
    from_old
        .into_iter()
        .map(|i| {
            i.and_then(|i| related.get(i))
                .map_or_else(Vec::new, |list| {
                    list.iter().filter_map(|r| to_new[r.index()]).collect()
                })
        })
        .collect()
}

/// Whether the briefs of two states of the same shape have the same texts.
fn same_texts(a: &Site, b: &Site) -> bool {
    a.briefs.iter().zip(&b.briefs).all(|(x, y)| x.same_body(y))
}

/// Who each brief involves and how, by person and topic: what the timelines and
/// quote lists of people and topics read.
struct Involvement {
    person_mentions: Arc<Vec<Vec<(BriefId, u32)>>>,
    topic_mentions: Arc<Vec<Vec<(BriefId, u32)>>>,
    person_timeline: Arc<Vec<Vec<Involved>>>,
    topic_timeline: Arc<Vec<Vec<Involved>>>,
    quotes_by: Arc<Vec<Vec<(BriefId, usize)>>>,
    mentioned: Arc<Vec<Vec<PersonId>>>,
}

impl Involvement {
    fn new(site: &Site, bodies: &[Arc<Rendered>]) -> Involvement {
        let mut person_mentions = vec![Vec::new(); site.people.len()];
        let mut topic_mentions = vec![Vec::new(); site.topics.len()];
        let mut quotes_by = vec![Vec::new(); site.people.len()];
        let mut mentioned: Vec<Vec<PersonId>> = vec![Vec::new(); site.briefs.len()];
        // Briefs are visited newest first, so every list comes out newest first.
        for (i, (brief, body)) in site.briefs.iter().zip(bodies).enumerate() {
            let id = BriefId::new(i);
            for (k, m) in body.mentions.iter().enumerate() {
                match m.target {
                    mentions::Target::Person(p) => {
                        person_mentions[p.index()].push((id, k as u32));
                        if !brief.people.contains(&p) && !mentioned[i].contains(&p) {
                            mentioned[i].push(p);
                        }
                    }
                    mentions::Target::Topic(t) => topic_mentions[t.index()].push((id, k as u32)),
                }
            }
            for (q, quote) in brief.quotes.iter().enumerate() {
                quotes_by[quote.by.index()].push((id, q));
            }
        }
        let person_timeline = site
            .people
            .iter()
            .zip(&person_mentions)
            .map(|(p, m)| merge(&p.briefs, m))
            .collect();
        let topic_timeline = site
            .topics
            .iter()
            .zip(&topic_mentions)
            .map(|(t, m)| merge(&t.briefs, m))
            .collect();
        Involvement {
            person_mentions: Arc::new(person_mentions),
            topic_mentions: Arc::new(topic_mentions),
            person_timeline: Arc::new(person_timeline),
            topic_timeline: Arc::new(topic_timeline),
            quotes_by: Arc::new(quotes_by),
            mentioned: Arc::new(mentioned),
        }
    }
}

/// Whether two states give equal [`Involvement`]s: the same briefs in the same
/// order, each listing the same people and topics, quoting the same speakers
/// and naming the same people and topics in its text, and the same people's and
/// topics' lists. A brief or body shared by both states (the same pointer) is
/// not read again, so an edit of one brief costs a pass of pointer comparisons.
fn same_involvement(
    old_site: &Site,
    old_bodies: &[Arc<Rendered>],
    site: &Site,
    bodies: &[Arc<Rendered>],
) -> bool {
    let targets = |b: &Rendered| b.mentions.iter().map(|m| m.target).collect::<Vec<_>>();
    old_site.briefs.len() == site.briefs.len()
        && old_bodies.len() == bodies.len()
        && old_site.people.len() == site.people.len()
        && old_site.topics.len() == site.topics.len()
        && (0..site.briefs.len()).all(|i| {
            let (a, b) = (&old_site.briefs[i], &site.briefs[i]);
            let (x, y) = (&old_bodies[i], &bodies[i]);
            (Arc::ptr_eq(a, b)
                || (a.path.as_os_str() == b.path.as_os_str()
                    && a.people == b.people
                    && a.topics == b.topics
                    && a.quotes
                        .iter()
                        .map(|q| q.by)
                        .eq(b.quotes.iter().map(|q| q.by))))
                && (Arc::ptr_eq(x, y) || targets(x) == targets(y))
        })
        && (Arc::ptr_eq(&old_site.people, &site.people)
            || old_site
                .people
                .iter()
                .zip(site.people.iter())
                .all(|(a, b)| a.briefs == b.briefs))
        && old_site
            .topics
            .iter()
            .zip(&site.topics)
            .all(|(a, b)| a.briefs == b.briefs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_text_keeps_the_shape_but_not_the_texts_related_briefs_read() {
        let rows: &[(&str, &[u32], &[u32])] = &[("2023-07-10", &[], &[])];
        let before = crate::site::index::test_support::site(vec![], vec![], rows);
        let mut after = before.clone();
        assert!(same_shape(&before, &after) && same_texts(&before, &after));
        std::sync::Arc::make_mut(&mut after.briefs[0]).body =
            crate::content::SharedText::whole("The ceasefire held.");
        assert!(same_shape(&before, &after));
        assert!(!same_texts(&before, &after));
    }

    #[test]
    fn related_briefs_move_with_their_briefs_when_one_is_added_and_one_removed() {
        use crate::site::index::test_support::{ids, site};
        let rows: &[(&str, &[u32], &[u32])] = &[
            ("2023-07-10", &[], &[]),
            ("2023-07-08", &[], &[]),
            ("2023-07-06", &[], &[]),
            ("2023-07-04", &[], &[]),
        ];
        let old = site(vec![], vec![], rows);
        // A brief dated between the first two joins; the third leaves.
        let mut new = old.clone();
        let mut added = crate::site::Brief::clone(&old.briefs[0]);
        added.path = "content/briefs/new.md".into();
        added.slug = "new".into();
        added.date = crate::site::index::test_support::date("2023-07-09");
        new.briefs.insert(1, Arc::new(added));
        new.briefs.remove(3);
        let related = vec![ids(&[1, 2]), ids(&[0, 3]), ids(&[0]), ids(&[2, 1])];
        let moved = moved_related(&old, &new, &related);
        // Old 0, 1, 3 are new 0, 2, 3; old 2 is gone.
        assert_eq!(moved, vec![ids(&[2]), ids(&[]), ids(&[0, 3]), ids(&[2])]);
    }

    #[test]
    fn a_timeline_merges_listed_and_mentioned_briefs_newest_first_each_once() {
        let b = BriefId::new;
        let all = merge(&[b(0), b(2), b(5)], &[(b(1), 3), (b(2), 0), (b(7), 1)]);
        let seen: Vec<(usize, bool, Option<u32>)> = all
            .iter()
            .map(|e| (e.brief.index(), e.listed, e.mention))
            .collect();
        assert_eq!(
            seen,
            [
                (0, true, None),
                (1, false, Some(3)),
                (2, true, Some(0)),
                (5, true, None),
                (7, false, Some(1)),
            ]
        );
    }
}
