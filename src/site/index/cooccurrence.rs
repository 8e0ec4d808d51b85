//! Co-occurrence and person/topic counts: for each person the people and topics
//! sharing their briefs, for each topic the people in its briefs, each with the
//! number of briefs shared, most first, then by name.

use std::cmp::Reverse;

use rayon::prelude::*;

use crate::site::{BriefId, PersonId, Site, TopicId};

/// The three count tables of [`Indexes`](super::Indexes).
pub(super) struct Counts {
    /// Per person: the other people sharing briefs with them.
    pub(super) co_occurrence: Vec<Vec<(PersonId, u32)>>,
    /// Per person: the topics of their briefs.
    pub(super) person_topics: Vec<Vec<(TopicId, u32)>>,
    /// Per topic: the people of its briefs.
    pub(super) topic_people: Vec<Vec<(PersonId, u32)>>,
}

/// Counts, for every person and topic, the entries sharing its briefs. A person
/// is in a brief when its front matter lists them or, per `mentioned`, its text
/// names them.
pub(super) fn counts(site: &Site, mentioned: &[Vec<PersonId>]) -> Counts {
    let rows = Rows::new(site, mentioned, None);
    let all_people: Vec<usize> = (0..site.people.len()).collect();
    let all_topics: Vec<usize> = (0..site.topics.len()).collect();
    Counts {
        co_occurrence: wrap(rows.co_occurrence(&all_people), PersonId),
        person_topics: wrap(rows.person_topics(&all_people), TopicId),
        topic_people: wrap(rows.topic_people(&all_topics), PersonId),
    }
}

/// Briefs an edit may change whom they involve, at most, for [`counts_again`]
/// to count their people and topics again rather than everyone.
const FEW_EDITED: usize = 64;

/// [`counts`] after an edit, from `last`, the counts of the state `old` (with
/// its `old_mentioned`): only the rows of the people and topics of briefs whose
/// people, topics or named people changed are counted again. `None` when the
/// states differ otherwise (other briefs, people or topics, or their name
/// order) or many briefs changed.
pub(super) fn counts_again(
    site: &Site,
    mentioned: &[Vec<PersonId>],
    (old, old_mentioned): (&Site, &[Vec<PersonId>]),
    last: &super::Indexes,
) -> Option<Counts> {
    let same_entries = site.briefs.len() == old.briefs.len()
        && mentioned.len() == old_mentioned.len()
        && site.people.len() == old.people.len()
        && site.topics.len() == old.topics.len()
        && site.people_by_name == old.people_by_name
        && site.topics_by_name == old.topics_by_name
        && last.co_occurrence.len() == site.people.len()
        && last.topic_people.len() == site.topics.len();
    if !same_entries {
        return None;
    }
    let (mut people, mut topics) = (Vec::new(), Vec::new());
    let mut edited = 0;
    for (i, (a, b)) in old.briefs.iter().zip(&site.briefs).enumerate() {
        let (was, now) = (&old_mentioned[i], &mentioned[i]);
        if (std::sync::Arc::ptr_eq(a, b) || a.path.as_os_str() == b.path.as_os_str())
            && a.people == b.people
            && a.topics == b.topics
            && was == now
        {
            continue;
        }
        if a.path.as_os_str() != b.path.as_os_str() {
            return None;
        }
        edited += 1;
        if edited > FEW_EDITED {
            return None;
        }
        people.extend(
            a.people
                .iter()
                .chain(&b.people)
                .chain(was)
                .chain(now)
                .map(|p| p.index()),
        );
        topics.extend(a.topics.iter().chain(&b.topics).map(|t| t.index()));
    }
    people.sort_unstable();
    people.dedup();
    topics.sort_unstable();
    topics.dedup();
    let rows = Rows::new(site, mentioned, Some(&people));
    let mut counts = Counts {
        co_occurrence: last.co_occurrence.clone(),
        person_topics: last.person_topics.clone(),
        topic_people: last.topic_people.clone(),
    };
    for (&p, row) in people
        .iter()
        .zip(wrap(rows.co_occurrence(&people), PersonId))
    {
        counts.co_occurrence[p] = row;
    }
    for (&p, row) in people
        .iter()
        .zip(wrap(rows.person_topics(&people), TopicId))
    {
        counts.person_topics[p] = row;
    }
    for (&t, row) in topics
        .iter()
        .zip(wrap(rows.topic_people(&topics), PersonId))
    {
        counts.topic_people[t] = row;
    }
    Some(counts)
}

/// What counting reads: each person's briefs (listed or named; of the people
/// asked for, or of everyone) and the name order of people and topics.
struct Rows<'s> {
    site: &'s Site,
    mentioned: &'s [Vec<PersonId>],
    /// By person index: their briefs, when asked for.
    person_briefs: Vec<Vec<BriefId>>,
    person_rank: Vec<u32>,
    topic_rank: Vec<u32>,
}

impl<'s> Rows<'s> {
    /// The rows of `site`, with the briefs of the people `only` names (sorted),
    /// or of everyone.
    fn new(site: &'s Site, mentioned: &'s [Vec<PersonId>], only: Option<&[usize]>) -> Rows<'s> {
        // The people of a brief are those listed and those named (never both:
        // `mentioned` leaves out the listed), and the briefs of a person likewise.
        let wanted = |p: usize| only.is_none_or(|o| o.binary_search(&p).is_ok());
        let mut person_briefs: Vec<Vec<BriefId>> = site
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if wanted(i) {
                    p.briefs.clone()
                } else {
                    Vec::new()
                }
            })
            .collect();
        for (i, list) in mentioned.iter().enumerate() {
            for p in list {
                if wanted(p.index())
                    && let Some(briefs) = person_briefs.get_mut(p.index())
                {
                    briefs.push(BriefId::new(i));
                }
            }
        }
        let person_rank = name_rank(
            &site
                .people_by_name
                .iter()
                .map(|p| p.index())
                .collect::<Vec<_>>(),
            site.people.iter().map(|p| p.name.as_str()).collect(),
        );
        let topic_rank = name_rank(
            &site
                .topics_by_name
                .iter()
                .map(|t| t.index())
                .collect::<Vec<_>>(),
            site.topics.iter().map(|t| t.name.as_str()).collect(),
        );
        Rows {
            site,
            mentioned,
            person_briefs,
            person_rank,
            topic_rank,
        }
    }

    /// For each of `people`, the other people sharing their briefs.
    fn co_occurrence(&self, people: &[usize]) -> Vec<Vec<(u32, u32)>> {
        let (site, mentioned) = (self.site, self.mentioned);
        counted(people, site.people.len(), &self.person_rank, |p, f| {
            for &b in &self.person_briefs[p] {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for q in brief.people.iter().chain(named(mentioned, b)) {
                        if q.index() != p {
                            f(q.index(), b);
                        }
                    }
                }
            }
        })
    }

    /// For each of `people`, the topics of their briefs.
    fn person_topics(&self, people: &[usize]) -> Vec<Vec<(u32, u32)>> {
        let site = self.site;
        counted(people, site.topics.len(), &self.topic_rank, |p, f| {
            for &b in &self.person_briefs[p] {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for t in &brief.topics {
                        f(t.index(), b);
                    }
                }
            }
        })
    }

    /// For each of `topics`, the people of its briefs.
    fn topic_people(&self, topics: &[usize]) -> Vec<Vec<(u32, u32)>> {
        let (site, mentioned) = (self.site, self.mentioned);
        counted(topics, site.people.len(), &self.person_rank, |t, f| {
            for &b in &site.topics[t].briefs {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for p in brief.people.iter().chain(named(mentioned, b)) {
                        f(p.index(), b);
                    }
                }
            }
        })
    }
}

/// The people brief `b`'s text names and its front matter does not list.
fn named(mentioned: &[Vec<PersonId>], b: BriefId) -> &[PersonId] {
    mentioned.get(b.index()).map_or(&[], Vec::as_slice)
}

/// Count lists over raw indexes as lists over ids.
fn wrap<Id>(lists: Vec<Vec<(u32, u32)>>, make: impl Fn(u32) -> Id) -> Vec<Vec<(Id, u32)>> {
    lists
        .into_iter()
        .map(|l| l.into_iter().map(|(i, c)| (make(i), c)).collect())
        .collect()
}

/// The position of each entry in name order. Uses the site's own order when it
/// covers every entry (so ties sort as the index pages do), else sorts names here.
fn name_rank(by_name: &[usize], names: Vec<&str>) -> Vec<u32> {
    let n = names.len();
    let mut order: Vec<usize> = by_name.iter().copied().filter(|&i| i < n).collect();
    let mut seen = vec![false; n];
    let complete = order.len() == n
        && order
            .iter()
            .all(|&i| !std::mem::replace(&mut seen[i], true));
    if !complete {
        let mut keyed: Vec<(String, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (deunicode::deunicode(name).to_lowercase(), i))
            .collect();
        keyed.sort();
        order = keyed.into_iter().map(|(_, i)| i).collect();
    }
    let mut rank = vec![0u32; n];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

/// A reusable counter over a dense id space: counts each id at most once per brief
/// and remembers which ids it touched, so clearing costs only what was counted.
struct Counter {
    counts: Vec<u32>,
    /// `brief + 1` of the last brief that counted each id.
    last: Vec<u32>,
    touched: Vec<u32>,
}

impl Counter {
    fn new(n: usize) -> Counter {
        Counter {
            counts: vec![0; n],
            last: vec![0; n],
            touched: Vec::new(),
        }
    }

    fn bump(&mut self, i: usize, brief: BriefId) {
        let (Some(count), Some(last)) = (self.counts.get_mut(i), self.last.get_mut(i)) else {
            return;
        };
        let stamp = brief.0.wrapping_add(1);
        if *last == stamp {
            return;
        }
        *last = stamp;
        if *count == 0 {
            self.touched.push(i as u32);
        }
        *count += 1;
    }

    /// The counts, sorted by count (descending), rank, id; the counter is left empty.
    fn take(&mut self, rank: &[u32]) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = self
            .touched
            .drain(..)
            .map(|i| {
                let c = std::mem::take(&mut self.counts[i as usize]);
                self.last[i as usize] = 0;
                (i, c)
            })
            .collect();
        out.sort_unstable_by_key(|&(i, c)| (Reverse(c), rank.get(i as usize).copied(), i));
        out
    }
}

/// For each of the entries `rows`, the entries of a space of `cols` ids that
/// `visit` reports, counted once per brief.
fn counted(
    rows: &[usize],
    cols: usize,
    rank: &[u32],
    visit: impl Fn(usize, &mut dyn FnMut(usize, BriefId)) + Sync,
) -> Vec<Vec<(u32, u32)>> {
    rows.par_iter()
        .copied()
        .map_init(
            || Counter::new(cols),
            |counter, row| {
                visit(row, &mut |i, b| counter.bump(i, b));
                counter.take(rank)
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::test_support::{person, site, topic};
    use crate::site::{PersonId, TopicId};

    fn p(v: &[(u32, u32)]) -> Vec<(PersonId, u32)> {
        v.iter().map(|&(i, c)| (PersonId(i), c)).collect()
    }

    #[test]
    fn counting_again_after_an_edit_of_whom_briefs_involve_equals_counting_everything() {
        let people = || {
            ["Blinken", "Yellen", "Qin Gang", "Wang Yi", "Alone"]
                .map(|n| person(n, &[]))
                .to_vec()
        };
        let topics = || vec![topic("Trade", &[]), topic("Chips", &[])];
        let rows: &[(&str, &[u32], &[u32])] = &[
            ("2023-07-03", &[0, 1], &[0]),
            ("2023-07-02", &[1, 2], &[1]),
            ("2023-07-01", &[3], &[0, 1]),
        ];
        let old = site(people(), topics(), rows);
        let old_named = vec![vec![], vec![PersonId(4)], vec![]];
        let last = build(&old, &old_named);
        // The second brief gains Wang Yi and loses Chips; the third's text now
        // names Blinken.
        let edited: &[(&str, &[u32], &[u32])] =
            &[rows[0], ("2023-07-02", &[1, 2, 3], &[]), rows[2]];
        let new = site(people(), topics(), edited);
        let named = vec![vec![], vec![PersonId(4)], vec![PersonId(0)]];
        let again = super::counts_again(&new, &named, (&old, &old_named), &last)
            .expect("a few briefs changed");
        let full = super::counts(&new, &named);
        assert_eq!(again.co_occurrence, full.co_occurrence);
        assert_eq!(again.person_topics, full.person_topics);
        assert_eq!(again.topic_people, full.topic_people);
        assert_ne!(full.co_occurrence, last.co_occurrence);
        // Another brief count: counted anew by the caller.
        let fewer = site(people(), topics(), &rows[..2]);
        assert!(super::counts_again(&fewer, &named[..2], (&old, &old_named), &last).is_none());
    }

    #[test]
    fn a_person_named_in_the_text_counts_as_in_the_brief() {
        // 0 Blinken, 1 Yellen, 2 Qin Gang.
        let s = site(
            vec![
                person("Blinken", &[]),
                person("Yellen", &[]),
                person("Qin Gang", &[]),
            ],
            vec![topic("Trade", &[])],
            &[("2023-07-01", &[0], &[0]), ("2023-06-20", &[0, 1], &[])],
        );
        let listed_only = build(&s, &[]);
        assert_eq!(listed_only.co_occurring(PersonId(0)), p(&[(1, 1)]));
        // The first brief's text names Qin Gang and Yellen besides its listed Blinken.
        let ix = build(&s, &[vec![PersonId(2), PersonId(1)], vec![]]);
        assert_eq!(ix.co_occurring(PersonId(0)), p(&[(1, 2), (2, 1)]));
        assert_eq!(ix.co_occurring(PersonId(2)), p(&[(0, 1), (1, 1)]));
        assert_eq!(ix.co_occurring(PersonId(1)), p(&[(0, 2), (2, 1)]));
        // Their topics, and the topic's people, follow the same rule.
        assert_eq!(ix.person_topics[2], vec![(TopicId(0), 1)]);
        assert_eq!(ix.topic_people[0], p(&[(0, 1), (2, 1), (1, 1)]));
    }

    #[test]
    fn co_occurrence_counts_shared_briefs_by_count_then_name() {
        // 0 Blinken, 1 Yellen, 2 Qin Gang, 3 Wang Yi, 4 Alone.
        let s = site(
            vec![
                person("Blinken", &[]),
                person("Yellen", &[]),
                person("Qin Gang", &[]),
                person("Wang Yi", &[]),
                person("Alone", &[]),
            ],
            vec![],
            &[
                ("2023-07-01", &[0, 1, 2], &[]),
                ("2023-06-20", &[0, 2], &[]),
                ("2023-06-10", &[0, 3], &[]),
                ("2023-06-01", &[1, 3], &[]),
                ("2023-05-01", &[4], &[]),
            ],
        );
        let ix = build(&s, &[]);
        // Qin Gang shares 2; Wang Yi and Yellen share 1 each, Wang Yi first by name.
        assert_eq!(ix.co_occurring(PersonId(0)), p(&[(2, 2), (3, 1), (1, 1)]));
        assert_eq!(ix.co_occurring(PersonId(1)), p(&[(0, 1), (2, 1), (3, 1)]));
        assert_eq!(ix.co_occurring(PersonId(2)), p(&[(0, 2), (1, 1)]));
        assert!(ix.co_occurring(PersonId(4)).is_empty());
        assert!(ix.co_occurring(PersonId(99)).is_empty());
        // Symmetric.
        for (a, list) in ix.co_occurrence.iter().enumerate() {
            for &(b, c) in list {
                assert!(ix.co_occurrence[b.index()].contains(&(PersonId(a as u32), c)));
            }
        }
    }

    #[test]
    fn person_topics_and_topic_people_count_briefs() {
        let s = site(
            vec![person("Blinken", &[]), person("Yellen", &[])],
            vec![topic("US-China relations", &[]), topic("Trade", &[])],
            &[
                ("2023-07-01", &[0, 1], &[0, 1]),
                ("2023-06-20", &[0], &[0]),
                ("2023-06-10", &[1], &[1]),
                ("2023-06-01", &[1], &[1]),
            ],
        );
        let ix = build(&s, &[]);
        assert_eq!(
            ix.topics_of(PersonId(0)),
            [(TopicId(0), 2), (TopicId(1), 1)]
        );
        assert_eq!(
            ix.topics_of(PersonId(1)),
            [(TopicId(1), 3), (TopicId(0), 1)]
        );
        assert_eq!(ix.people_of(TopicId(0)), p(&[(0, 2), (1, 1)]));
        assert_eq!(ix.people_of(TopicId(1)), p(&[(1, 3), (0, 1)]));
    }
}
