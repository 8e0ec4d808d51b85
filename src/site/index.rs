//! Indexes derived from a resolved [`Site`]: who appears with whom, which topics a
//! person is found in, related briefs, the dated archive, activity over time and the
//! role a person held on a date.
//!
//! Everything is computed once per build from the site's own back links
//! (`person.briefs`, `topic.briefs`, `brief.people`, `brief.topics`), so the cost
//! grows with the number of mentions, never with people × briefs. Results are
//! plain ids and counts; turning them into views is the renderer's job.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{BriefId, Person, PersonId, Site, TopicId};
use crate::content::DateValue;

/// How many related briefs are kept per brief.
pub const RELATED_PER_BRIEF: usize = 5;

/// Weight of a shared topic relative to a shared person of the same rarity: topics
/// are broader than people, so sharing one says less about two briefs.
const TOPIC_WEIGHT: f64 = 0.5;

/// Entities in at most this many briefs (or `isqrt(N)` on very large sites) are
/// walked in full when gathering related-brief candidates; see [`hub_cap`].
const MIN_HUB_CAP: usize = 256;

/// For a hub, the briefs nearest in time on each side that become candidates.
const HUB_WINDOW: usize = 16;

/// When the span of an activity chart is at most this many months it is drawn per
/// month; a longer span is drawn per year so the bars stay readable.
pub const MAX_MONTHLY_SPAN: i32 = 36;

/// Derived indexes of one site, addressed by the site's ids.
///
/// Every list is complete (no caps except [`RELATED_PER_BRIEF`]) and sorted so that
/// templates can take a prefix: most frequent first, then by name, then by id.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    /// Per person: the other people sharing at least one brief with them, with the
    /// number of shared briefs.
    pub co_occurrence: Vec<Vec<(PersonId, u32)>>,
    /// Per person: the topics of the briefs they appear in, with the number of such
    /// briefs.
    pub person_topics: Vec<Vec<(TopicId, u32)>>,
    /// Per topic: the people appearing in its briefs, with the number of such briefs.
    pub topic_people: Vec<Vec<(PersonId, u32)>>,
    /// Per brief: up to [`RELATED_PER_BRIEF`] related briefs, best first.
    pub related: Vec<Vec<BriefId>>,
    /// Every brief by year and month, newest first at each level.
    pub archive: Vec<YearGroup>,
}

impl Indexes {
    /// People who share briefs with `id`, most shared first (empty for an unknown id).
    pub fn co_occurring(&self, id: PersonId) -> &[(PersonId, u32)] {
        slot(&self.co_occurrence, id.index())
    }

    /// Topics of the briefs `id` appears in, most frequent first.
    pub fn topics_of(&self, id: PersonId) -> &[(TopicId, u32)] {
        slot(&self.person_topics, id.index())
    }

    /// People appearing in the briefs of topic `id`, most frequent first.
    pub fn people_of(&self, id: TopicId) -> &[(PersonId, u32)] {
        slot(&self.topic_people, id.index())
    }

    /// Briefs related to `id`, best first.
    pub fn related_to(&self, id: BriefId) -> &[BriefId] {
        slot(&self.related, id.index())
    }
}

fn slot<T>(lists: &[Vec<T>], i: usize) -> &[T] {
    lists.get(i).map_or(&[], Vec::as_slice)
}

/// One year of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearGroup {
    /// The year.
    pub year: i16,
    /// Its months that have briefs, newest first.
    pub months: Vec<MonthGroup>,
}

/// One month of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGroup {
    /// The month, 1 to 12.
    pub month: i8,
    /// Its briefs, newest first.
    pub briefs: Vec<BriefId>,
}

/// One bar of an activity chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Human label: `June 2023` or `2023`.
    pub label: String,
    /// Stable key: `2023-06` for a month, `2023` for a year.
    pub key: String,
    /// Briefs in the period.
    pub count: u32,
}

/// Computes every index of `site`. Each part runs in parallel over its own ids.
pub fn build(site: &Site) -> Indexes {
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
            for &b in &site.people[p].briefs {
                if let Some(brief) = site.briefs.get(b.index()) {
                    for q in &brief.people {
                        if q.index() != p {
                            f(q.index(), b);
                        }
                    }
                }
            }
        },
    );
    let person_topics = counted(site.people.len(), site.topics.len(), &topic_rank, |p, f| {
        for &b in &site.people[p].briefs {
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
                    for p in &brief.people {
                        f(p.index(), b);
                    }
                }
            }
        },
    );
    Indexes {
        co_occurrence: wrap(co_occurrence, |i| PersonId(i as u32)),
        person_topics: wrap(person_topics, |i| TopicId(i as u32)),
        topic_people: wrap(topic_people, |i| PersonId(i as u32)),
        related: related(site),
        archive: archive(site),
    }
}

fn wrap<Id>(lists: Vec<Vec<(u32, u32)>>, make: impl Fn(usize) -> Id) -> Vec<Vec<(Id, u32)>> {
    lists
        .into_iter()
        .map(|l| l.into_iter().map(|(i, c)| (make(i as usize), c)).collect())
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

/// Inverse document frequency: an entity in few of the `n` briefs says more about
/// the briefs sharing it than one found everywhere.
fn idf(n: f64, df: usize) -> f64 {
    (1.0 + n / (df.max(1) as f64)).ln()
}

/// The document frequency above which an entity is a hub: its brief list is not
/// walked in full when gathering candidates. Walking every list would cost the sum
/// of squared list lengths (a person in 10,000 of 100,000 briefs alone means 10^8
/// steps); capping it bounds the work at mentions × cap. The cap grows as the square
/// root of the site, and is never below [`MIN_HUB_CAP`], so small sites are exact.
fn hub_cap(n: usize) -> usize {
    n.isqrt().max(MIN_HUB_CAP)
}

/// Related briefs of every brief.
///
/// Candidates are the briefs sharing a person or topic with the brief. A shared
/// person adds `idf(person)`, a shared topic `0.5 × idf(topic)`, so sharing a rarely
/// seen person outweighs sharing a ubiquitous one. Ties go to the brief closest in
/// time, then to the lower id.
///
/// Hubs (entities in more than [`hub_cap`] briefs) are handled differently when
/// gathering: only the [`HUB_WINDOW`] briefs on either side in time are taken from a
/// hub's list, instead of the whole list. A hub still adds its weight to every
/// candidate that shares it, however that candidate was found, so scores are exact
/// for the gathered candidates; what is approximate is only that a brief sharing
/// nothing but hubs with this one, and far from it in time, is not considered. Such
/// briefs score low anyway (hub weights are small) and would lose the date tie-break.
fn related(site: &Site) -> Vec<Vec<BriefId>> {
    let n = site.briefs.len();
    let nf = n as f64;
    let cap = hub_cap(n);
    let person_w: Vec<f64> = site
        .people
        .iter()
        .map(|p| idf(nf, p.briefs.len()))
        .collect();
    let topic_w: Vec<f64> = site
        .topics
        .iter()
        .map(|t| TOPIC_WEIGHT * idf(nf, t.briefs.len()))
        .collect();
    (0..n)
        .into_par_iter()
        .map_init(
            || Scores::new(n),
            |scores, i| {
                let b = BriefId(i as u32);
                let brief = &site.briefs[i];
                let mut hub_people: Vec<PersonId> = Vec::new();
                let mut hub_topics: Vec<TopicId> = Vec::new();
                for &p in &brief.people {
                    let (Some(person), Some(&w)) =
                        (site.people.get(p.index()), person_w.get(p.index()))
                    else {
                        continue;
                    };
                    gather(scores, &person.briefs, b, w, cap, || hub_people.push(p));
                }
                for &t in &brief.topics {
                    let (Some(topic), Some(&w)) =
                        (site.topics.get(t.index()), topic_w.get(t.index()))
                    else {
                        continue;
                    };
                    gather(scores, &topic.briefs, b, w, cap, || hub_topics.push(t));
                }
                if !hub_people.is_empty() || !hub_topics.is_empty() {
                    for k in 0..scores.touched.len() {
                        let c = scores.touched[k] as usize;
                        let Some(other) = site.briefs.get(c) else {
                            continue;
                        };
                        let mut add = 0.0;
                        for h in &hub_people {
                            if other.people.contains(h) {
                                add += person_w[h.index()];
                            }
                        }
                        for h in &hub_topics {
                            if other.topics.contains(h) {
                                add += topic_w[h.index()];
                            }
                        }
                        scores.score[c] += add;
                    }
                }
                scores.best(site, b)
            },
        )
        .collect()
}

/// Adds `w` to every brief of `list` but `b`, or, for a hub, marks the briefs
/// nearest `b` in time as candidates (their weight is added later) and calls `hub`.
fn gather(
    scores: &mut Scores,
    list: &[BriefId],
    b: BriefId,
    w: f64,
    cap: usize,
    hub: impl FnOnce(),
) {
    if list.len() <= cap {
        for &c in list {
            if c != b {
                scores.add(c.index(), w);
            }
        }
        return;
    }
    hub();
    // Lists are in id order, and ids follow dates: neighbours in the list are the
    // briefs nearest in time.
    let (before, after) = match list.binary_search(&b) {
        Ok(pos) => (pos, pos + 1),
        Err(pos) => (pos, pos),
    };
    let lo = before.saturating_sub(HUB_WINDOW);
    let hi = (after + HUB_WINDOW).min(list.len());
    for &c in list[lo..before].iter().chain(&list[after..hi]) {
        scores.add(c.index(), 0.0);
    }
}

/// Candidate scores of one brief, reused across briefs.
struct Scores {
    score: Vec<f64>,
    candidate: Vec<bool>,
    touched: Vec<u32>,
}

impl Scores {
    fn new(n: usize) -> Scores {
        Scores {
            score: vec![0.0; n],
            candidate: vec![false; n],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, c: usize, w: f64) {
        let (Some(s), Some(seen)) = (self.score.get_mut(c), self.candidate.get_mut(c)) else {
            return;
        };
        if !*seen {
            *seen = true;
            self.touched.push(c as u32);
        }
        *s += w;
    }

    /// The best candidates of `b`, clearing the scores for the next brief.
    fn best(&mut self, site: &Site, b: BriefId) -> Vec<BriefId> {
        let at = site.briefs[b.index()].date.sort_key();
        let mut top: Vec<(f64, i64, u32)> = Vec::with_capacity(RELATED_PER_BRIEF + 1);
        for c in self.touched.drain(..) {
            let ci = c as usize;
            let s = std::mem::take(&mut self.score[ci]);
            self.candidate[ci] = false;
            let distance = site.briefs[ci]
                .date
                .sort_key()
                .abs_diff(at)
                .min(i64::MAX as u64) as i64;
            let entry = (s, distance, c);
            let pos = top.partition_point(|e| better(e, &entry) == Ordering::Less);
            if pos < RELATED_PER_BRIEF {
                top.insert(pos, entry);
                top.truncate(RELATED_PER_BRIEF);
            }
        }
        top.into_iter().map(|(_, _, c)| BriefId(c)).collect()
    }
}

/// Orders candidates best first: higher score, then nearer in time, then lower id.
fn better(a: &(f64, i64, u32), b: &(f64, i64, u32)) -> Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

/// Briefs grouped by the year and month of their date, newest first at every level.
fn archive(site: &Site) -> Vec<YearGroup> {
    // Keyed by the written (local) date; ids are already newest first, and a
    // date-time's local date can disagree with the UTC order only across midnight,
    // so the map keeps groups whole whatever the order.
    let mut groups: BTreeMap<(Reverse<i16>, Reverse<i8>), Vec<BriefId>> = BTreeMap::new();
    for (i, b) in site.briefs.iter().enumerate() {
        groups
            .entry((Reverse(b.date.date.year()), Reverse(b.date.date.month())))
            .or_default()
            .push(BriefId(i as u32));
    }
    let mut years: Vec<YearGroup> = Vec::new();
    for ((Reverse(year), Reverse(month)), briefs) in groups {
        let group = MonthGroup { month, briefs };
        match years.last_mut() {
            Some(y) if y.year == year => y.months.push(group),
            _ => years.push(YearGroup {
                year,
                months: vec![group],
            }),
        }
    }
    years
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Months since year 0 of a date, for arithmetic on spans.
fn month_number(d: &DateValue) -> i32 {
    i32::from(d.date.year()) * 12 + i32::from(d.date.month()) - 1
}

/// How many of `briefs` fall in each period of their span, oldest first, with empty
/// periods included so a chart shows the gaps.
///
/// Per month when the span (first to last month, inclusive) is at most
/// [`MAX_MONTHLY_SPAN`] months, else per year. Ids that are not in the site are
/// ignored; no briefs give no buckets.
pub fn activity(site: &Site, briefs: &[BriefId]) -> Vec<Bucket> {
    let months: Vec<i32> = briefs
        .iter()
        .filter_map(|b| site.briefs.get(b.index()))
        .map(|b| month_number(&b.date))
        .collect();
    let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) else {
        return Vec::new();
    };
    if last - first < MAX_MONTHLY_SPAN {
        let mut counts = vec![0u32; (last - first + 1) as usize];
        for m in &months {
            counts[(m - first) as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(k, count)| {
                let m = first + k as i32;
                let (year, month) = (m.div_euclid(12), m.rem_euclid(12));
                Bucket {
                    label: format!("{} {year}", MONTHS[month as usize]),
                    key: format!("{year:04}-{:02}", month + 1),
                    count,
                }
            })
            .collect()
    } else {
        let (y0, y1) = (first.div_euclid(12), last.div_euclid(12));
        let mut counts = vec![0u32; (y1 - y0 + 1) as usize];
        for m in &months {
            counts[(m.div_euclid(12) - y0) as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(k, count)| {
                let year = y0 + k as i32;
                Bucket {
                    label: year.to_string(),
                    key: format!("{year:04}"),
                    count,
                }
            })
            .collect()
    }
}

/// The role `person` held on `date`, as `(title, organization)`, so a brief shows
/// the office someone held at the time rather than today's.
///
/// A role covers `[from, to]`, both inclusive; a missing `from` is an open start and
/// a missing `to` means the role is still held. When several roles cover the date
/// (an overlap in the history), the one that started latest wins, and among equal
/// starts the one listed last. `None` when no role covers the date: the caller then
/// falls back to `person.role`.
pub fn role_on(person: &Person, date: &DateValue) -> Option<(String, Option<String>)> {
    let d = date.date;
    person
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.from.is_none_or(|f| f.date <= d) && r.to.is_none_or(|t| d <= t.date))
        .max_by_key(|(i, r)| (r.from.map(|f| f.date), *i))
        .map(|(_, r)| (r.title.clone(), r.organization.clone()))
}

/// Hand-made sites for unit tests across the crate.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    use crate::config::SiteConfig;
    use crate::content::DateValue;
    use crate::site::{Brief, BriefId, Person, PersonId, Registry, Site, Topic, TopicId};

    /// A date from `YYYY-MM-DD`.
    pub(crate) fn date(s: &str) -> DateValue {
        DateValue::parse(s).expect("test dates are valid")
    }

    /// A person from the registry (`path` set) with aliases.
    pub(crate) fn person(name: &str, aliases: &[&str]) -> Person {
        Person {
            slug: crate::slug::slugify(name),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            role: None,
            organization: None,
            roles: Vec::new(),
            country: None,
            bio: String::new(),
            path: Some(PathBuf::from(format!(
                "content/people/{}.md",
                crate::slug::slugify(name)
            ))),
            briefs: Vec::new(),
        }
    }

    /// A topic from the registry with aliases.
    pub(crate) fn topic(name: &str, aliases: &[&str]) -> Topic {
        Topic {
            slug: crate::slug::slugify(name),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            description: String::new(),
            path: Some(PathBuf::from(format!(
                "content/topics/{}.md",
                crate::slug::slugify(name)
            ))),
            briefs: Vec::new(),
        }
    }

    /// A site of `briefs` given as `(date, people, topics)`, which must be newest
    /// first; back links, name orders and registries are filled in as resolving would.
    pub(crate) fn site(
        people: Vec<Person>,
        topics: Vec<Topic>,
        briefs: &[(&str, &[u32], &[u32])],
    ) -> Site {
        let mut people = people;
        let mut topics = topics;
        let briefs: Vec<Brief> = briefs
            .iter()
            .enumerate()
            .map(|(i, (d, ps, ts))| Brief {
                path: PathBuf::from(format!("content/briefs/b{i}.md")),
                slug: format!("b{i}"),
                title: format!("Brief {i}"),
                date: date(d),
                updated: None,
                summary: None,
                body: Default::default(),
                body_line: 1,
                people: ps.iter().map(|&p| PersonId(p)).collect(),
                topics: ts.iter().map(|&t| TopicId(t)).collect(),
                citations: Vec::new(),
                quotes: Vec::new(),
                draft: false,
            })
            .collect();
        for w in briefs.windows(2) {
            assert!(
                w[0].date.sort_key() >= w[1].date.sort_key(),
                "test briefs must be newest first"
            );
        }
        for (i, b) in briefs.iter().enumerate() {
            for p in &b.people {
                people[p.index()].briefs.push(BriefId(i as u32));
            }
            for t in &b.topics {
                topics[t.index()].briefs.push(BriefId(i as u32));
            }
        }
        let mut people_registry = Registry::default();
        for (i, p) in people.iter().enumerate() {
            if p.path.is_some() {
                people_registry.add_name(&p.slug, i as u32);
                people_registry.add_name(&p.name, i as u32);
                for a in &p.aliases {
                    people_registry.add_alias(a, i as u32);
                }
            }
        }
        let mut topics_registry = Registry::default();
        for (i, t) in topics.iter().enumerate() {
            if t.path.is_some() {
                topics_registry.add_name(&t.slug, i as u32);
                topics_registry.add_name(&t.name, i as u32);
                for a in &t.aliases {
                    topics_registry.add_alias(a, i as u32);
                }
            }
        }
        let mut people_by_name: Vec<PersonId> = (0..people.len() as u32).map(PersonId).collect();
        people_by_name.sort_by_key(|p| people[p.index()].name.to_lowercase());
        let mut topics_by_name: Vec<TopicId> = (0..topics.len() as u32).map(TopicId).collect();
        topics_by_name.sort_by_key(|t| topics[t.index()].name.to_lowercase());
        Site {
            config: SiteConfig::default(),
            briefs,
            people,
            topics,
            sources: Vec::new(),
            people_by_name,
            topics_by_name,
            sources_by_name: Vec::new(),
            people_registry,
            topics_registry,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{date, person, site, topic};
    use super::*;
    use crate::site::Role;

    fn ids(v: &[u32]) -> Vec<BriefId> {
        v.iter().map(|&i| BriefId(i)).collect()
    }

    fn p(v: &[(u32, u32)]) -> Vec<(PersonId, u32)> {
        v.iter().map(|&(i, c)| (PersonId(i), c)).collect()
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
        let ix = build(&s);
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
        let ix = build(&s);
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

    #[test]
    fn related_prefers_a_rare_shared_person_over_a_common_one() {
        // Person 0 is everywhere; person 1 only in briefs 0 and 4.
        let s = site(
            vec![person("Common", &[]), person("Rare", &[])],
            vec![],
            &[
                ("2023-07-10", &[0, 1], &[]),
                ("2023-07-09", &[0], &[]),
                ("2023-07-08", &[0], &[]),
                ("2023-07-07", &[0], &[]),
                ("2023-01-01", &[1], &[]),
                ("2022-01-01", &[0], &[]),
            ],
        );
        let ix = build(&s);
        // Brief 4 (far in time, shares only the rare person) comes first.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[4, 1, 2, 3, 5]));
        assert!(!ix.related_to(BriefId(0)).contains(&BriefId(0)));
    }

    #[test]
    fn related_ties_go_to_the_nearest_date_then_the_lower_id() {
        let s = site(
            vec![person("A", &[])],
            vec![],
            &[
                ("2023-07-20", &[0], &[]),
                ("2023-07-12", &[0], &[]),
                ("2023-07-10", &[0], &[]),
                ("2023-07-08", &[0], &[]),
                ("2023-07-08", &[0], &[]),
                ("2023-01-01", &[0], &[]),
                ("2022-01-01", &[0], &[]),
            ],
        );
        let ix = build(&s);
        // From brief 2 (07-10): 1 and 3 and 4 are two days away, then 0, then 5.
        assert_eq!(ix.related_to(BriefId(2)), ids(&[1, 3, 4, 0, 5]));
        assert_eq!(ix.related_to(BriefId(2)).len(), RELATED_PER_BRIEF);
    }

    #[test]
    fn related_counts_topics_at_half_weight_and_needs_something_shared() {
        let s = site(
            vec![person("A", &[]), person("B", &[])],
            vec![topic("T", &[])],
            &[
                ("2023-07-10", &[0], &[0]),
                ("2023-07-09", &[], &[0]),
                ("2023-07-01", &[0], &[]),
                ("2023-06-01", &[1], &[]),
            ],
        );
        let ix = build(&s);
        // Person A and topic T have the same frequency: the shared person wins.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[2, 1]));
        assert!(ix.related_to(BriefId(3)).is_empty());
    }

    #[test]
    fn hubs_still_score_and_still_find_neighbours() {
        // 600 briefs all with hub person 0; brief 300 also has rare person 1 with
        // brief 599. Hub cap is 256, so person 0 is a hub.
        let mut briefs: Vec<(String, Vec<u32>)> = Vec::new();
        for i in 0..600u32 {
            let d = jiff::civil::date(2030, 1, 1) - jiff::Span::new().days(i64::from(i));
            let mut ps = vec![0];
            if i == 300 || i == 599 {
                ps.push(1);
            }
            briefs.push((d.to_string(), ps));
        }
        let refs: Vec<(&str, &[u32], &[u32])> = briefs
            .iter()
            .map(|(d, ps)| (d.as_str(), ps.as_slice(), &[][..]))
            .collect();
        let s = site(vec![person("Hub", &[]), person("Rare", &[])], vec![], &refs);
        let ix = build(&s);
        // The rare partner, then the nearest in time through the hub window.
        assert_eq!(ix.related_to(BriefId(300)), ids(&[599, 299, 301, 298, 302]));
        // A hub-only brief still gets its nearest neighbours.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[1, 2, 3, 4, 5]));
    }

    #[test]
    fn archive_groups_by_year_and_month_newest_first() {
        let s = site(
            vec![],
            vec![],
            &[
                ("2024-01-05", &[], &[]),
                ("2023-12-31", &[], &[]),
                ("2023-12-01", &[], &[]),
                ("2023-06-14", &[], &[]),
                ("2022-06-14", &[], &[]),
            ],
        );
        let ix = build(&s);
        assert_eq!(
            ix.archive,
            vec![
                YearGroup {
                    year: 2024,
                    months: vec![MonthGroup {
                        month: 1,
                        briefs: ids(&[0])
                    }]
                },
                YearGroup {
                    year: 2023,
                    months: vec![
                        MonthGroup {
                            month: 12,
                            briefs: ids(&[1, 2])
                        },
                        MonthGroup {
                            month: 6,
                            briefs: ids(&[3])
                        },
                    ]
                },
                YearGroup {
                    year: 2022,
                    months: vec![MonthGroup {
                        month: 6,
                        briefs: ids(&[4])
                    }]
                },
            ]
        );
    }

    #[test]
    fn activity_is_monthly_with_zero_months_for_short_spans() {
        let s = site(
            vec![],
            vec![],
            &[
                ("2023-11-02", &[], &[]),
                ("2023-08-20", &[], &[]),
                ("2023-06-30", &[], &[]),
                ("2023-06-14", &[], &[]),
            ],
        );
        let b = activity(&s, &ids(&[0, 1, 2, 3]));
        let got: Vec<(&str, &str, u32)> = b
            .iter()
            .map(|b| (b.label.as_str(), b.key.as_str(), b.count))
            .collect();
        assert_eq!(
            got,
            vec![
                ("June 2023", "2023-06", 2),
                ("July 2023", "2023-07", 0),
                ("August 2023", "2023-08", 1),
                ("September 2023", "2023-09", 0),
                ("October 2023", "2023-10", 0),
                ("November 2023", "2023-11", 1),
            ]
        );
        assert!(activity(&s, &[]).is_empty());
        assert!(activity(&s, &ids(&[42])).is_empty());
    }

    #[test]
    fn activity_switches_to_years_beyond_thirty_six_months() {
        // Exactly 36 months (Jan 2021 to Dec 2023): still monthly.
        let s = site(
            vec![],
            vec![],
            &[("2023-12-31", &[], &[]), ("2021-01-01", &[], &[])],
        );
        let b = activity(&s, &ids(&[0, 1]));
        assert_eq!(b.len(), 36);
        assert_eq!(b[0].key, "2021-01");
        assert_eq!(b[35].key, "2023-12");
        // 37 months: yearly, with the empty year kept.
        let s = site(
            vec![],
            vec![],
            &[
                ("2024-01-01", &[], &[]),
                ("2023-05-01", &[], &[]),
                ("2021-01-01", &[], &[]),
            ],
        );
        let got: Vec<(String, String, u32)> = activity(&s, &ids(&[0, 1, 2]))
            .into_iter()
            .map(|b| (b.label, b.key, b.count))
            .collect();
        let want: Vec<(String, String, u32)> = [("2021", 1), ("2022", 0), ("2023", 1), ("2024", 1)]
            .iter()
            .map(|&(y, c)| (y.to_owned(), y.to_owned(), c))
            .collect();
        assert_eq!(got, want);
    }

    fn role(title: &str, org: Option<&str>, from: Option<&str>, to: Option<&str>) -> Role {
        Role {
            title: title.into(),
            organization: org.map(Into::into),
            from: from.map(date),
            to: to.map(date),
        }
    }

    #[test]
    fn role_on_picks_the_covering_role_and_the_latest_start_on_overlap() {
        let mut blinken = person("Antony Blinken", &[]);
        blinken.roles = vec![
            role("Staffer", None, None, Some("2014-12-31")),
            role(
                "Deputy Secretary of State",
                None,
                Some("2015-01-09"),
                Some("2017-01-20"),
            ),
            role("Nominee", None, Some("2020-11-23"), Some("2021-01-26")),
            role(
                "U.S. Secretary of State",
                Some("U.S. Department of State"),
                Some("2021-01-26"),
                None,
            ),
        ];
        let on = |d: &str| role_on(&blinken, &date(d));
        assert_eq!(on("2010-01-01"), Some(("Staffer".into(), None)));
        assert_eq!(
            on("2016-05-01").map(|r| r.0),
            Some("Deputy Secretary of State".into())
        );
        // Both ends are inclusive.
        assert_eq!(
            on("2017-01-20").map(|r| r.0),
            Some("Deputy Secretary of State".into())
        );
        assert_eq!(on("2018-01-01"), None);
        // On 2021-01-26 the nominee period and the office overlap: the later start wins.
        assert_eq!(
            on("2021-01-26"),
            Some((
                "U.S. Secretary of State".into(),
                Some("U.S. Department of State".into())
            ))
        );
        assert_eq!(on("2020-12-01").map(|r| r.0), Some("Nominee".into()));
        assert_eq!(
            on("2030-01-01").map(|r| r.0),
            Some("U.S. Secretary of State".into())
        );
        // A date-time is judged by its written date.
        let dt = DateValue::parse("2017-01-20T23:30:00-05:00").expect("valid");
        assert_eq!(
            role_on(&blinken, &dt).map(|r| r.0),
            Some("Deputy Secretary of State".into())
        );
        assert_eq!(role_on(&person("Nobody", &[]), &date("2020-01-01")), None);
    }

    #[test]
    fn equal_starts_prefer_the_role_listed_last() {
        let mut p = person("X", &[]);
        p.roles = vec![
            role("First", None, Some("2020-01-01"), None),
            role("Second", None, Some("2020-01-01"), None),
        ];
        assert_eq!(
            role_on(&p, &date("2021-01-01")).map(|r| r.0),
            Some("Second".into())
        );
    }

    #[test]
    fn empty_site_builds_empty_indexes() {
        let s = site(vec![], vec![], &[]);
        let ix = build(&s);
        assert!(ix.related.is_empty() && ix.archive.is_empty() && ix.co_occurrence.is_empty());
    }

    /// Scale check, not a timing assertion: `cargo test --release -- --ignored`.
    #[test]
    #[ignore]
    fn builds_a_large_skewed_site() {
        let n_people = 10_000u32;
        let n_topics = 200u32;
        let mut people: Vec<Person> = (0..n_people)
            .map(|i| person(&format!("P{i}"), &[]))
            .collect();
        let mut topics: Vec<crate::site::Topic> = (0..n_topics)
            .map(|i| topic(&format!("T{i}"), &[]))
            .collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Zipf-like: index = n^u, so low ids are hubs.
        let mut skewed = |n: u32| -> u32 {
            let u = (next() % 1_000_000) as f64 / 1_000_000.0;
            ((f64::from(n)).powf(u) as u32).saturating_sub(1).min(n - 1)
        };
        let mut briefs = Vec::new();
        let start = jiff::civil::date(2030, 1, 1).at(0, 0, 0, 0);
        for i in 0..100_000u32 {
            let d = start - jiff::Span::new().hours(i64::from(i) * 3);
            let mut ps: Vec<PersonId> = Vec::new();
            for _ in 0..3 {
                let p = PersonId(skewed(n_people));
                if !ps.contains(&p) {
                    ps.push(p);
                }
            }
            let mut ts: Vec<TopicId> = Vec::new();
            for _ in 0..2 {
                let t = TopicId(skewed(n_topics));
                if !ts.contains(&t) {
                    ts.push(t);
                }
            }
            for p in &ps {
                people[p.index()].briefs.push(BriefId(i));
            }
            for t in &ts {
                topics[t.index()].briefs.push(BriefId(i));
            }
            briefs.push(crate::site::Brief {
                path: format!("b{i}.md").into(),
                slug: format!("b{i}"),
                title: String::new(),
                date: DateValue {
                    date: d.date(),
                    time: None,
                },
                updated: None,
                summary: None,
                body: Default::default(),
                body_line: 1,
                people: ps,
                topics: ts,
                citations: Vec::new(),
                quotes: Vec::new(),
                draft: false,
            });
        }
        let mut s = site(vec![], vec![], &[]);
        s.people = people;
        s.topics = topics;
        s.briefs = briefs;
        let t = std::time::Instant::now();
        let r = related(&s);
        eprintln!("related {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let a = archive(&s);
        eprintln!("archive {:?} {}", t.elapsed(), a.len() + r.len());
        let t = std::time::Instant::now();
        let ix = build(&s);
        eprintln!(
            "built indexes for {} briefs, {} people in {:?}",
            s.briefs.len(),
            s.people.len(),
            t.elapsed()
        );
        assert_eq!(ix.related.len(), 100_000);
        assert!(ix.related.iter().all(|r| r.len() <= RELATED_PER_BRIEF));
    }
}
