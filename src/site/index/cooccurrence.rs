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
    // The people of a brief are those listed and those named (never both:
    // `mentioned` leaves out the listed), and the briefs of a person likewise.
    let mut person_briefs: Vec<Vec<BriefId>> =
        site.people.iter().map(|p| p.briefs.clone()).collect();
    for (i, list) in mentioned.iter().enumerate() {
        for p in list {
            if let Some(briefs) = person_briefs.get_mut(p.index()) {
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
    let co_occurrence = counted(
        site.people.len(),
        site.people.len(),
        &person_rank,
        |p, f| {
            for &b in &person_briefs[p] {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for q in brief.people.iter().chain(named(mentioned, b)) {
                        if q.index() != p {
                            f(q.index(), b);
                        }
                    }
                }
            }
        },
    );
    let person_topics = counted(site.people.len(), site.topics.len(), &topic_rank, |p, f| {
        for &b in &person_briefs[p] {
            if let Some(brief) = site.briefs.get(b.index()) {
                for t in &brief.topics {
                    f(t.index(), b);
                }
            }
        }
    });
    let topic_people = counted(
        site.topics.len(),
        site.people.len(),
        &person_rank,
        |t, f| {
            for &b in &site.topics[t].briefs {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for p in brief.people.iter().chain(named(mentioned, b)) {
                        f(p.index(), b);
                    }
                }
            }
        },
    );
    Counts {
        co_occurrence: wrap(co_occurrence, PersonId),
        person_topics: wrap(person_topics, TopicId),
        topic_people: wrap(topic_people, PersonId),
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

/// For each of `rows` entries, the entries of a space of `cols` ids that `visit`
/// reports, counted once per brief.
fn counted(
    rows: usize,
    cols: usize,
    rank: &[u32],
    visit: impl Fn(usize, &mut dyn FnMut(usize, BriefId)) + Sync,
) -> Vec<Vec<(u32, u32)>> {
    (0..rows)
        .into_par_iter()
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
