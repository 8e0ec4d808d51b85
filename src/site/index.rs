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

/// People and topics in at most this many briefs (more on very large sites) are
/// never hubs; see [`hub_cap`].
const MIN_HUB_CAP: usize = 64;

/// For a hub, the briefs nearest in time on each side that become candidates: a
/// few more than [`RELATED_PER_BRIEF`], since the date breaks ties among briefs
/// sharing only that hub.
const HUB_WINDOW: usize = 8;

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

/// The document frequency above which a person or topic is a hub, whose brief list
/// is not walked in full when gathering related-brief candidates.
///
/// Walking every list costs the sum of squared list lengths: one person in 10,000
/// of 100,000 briefs alone means 10^8 steps, and a broad topic in every tenth brief
/// far more. A cap bounds the work at mentions × cap whatever the shape of the
/// site. It is deliberately low (64, growing as `sqrt(N) / 4` beyond 65,536 briefs):
/// an entity in more briefs than that has a small weight, and a cap proportional to
/// N (say N/20) would let a broad topic in 5,000 briefs cost 25 million steps on
/// its own. Measured on a skewed synthetic site of 100,000 briefs, 10,000 people
/// and 200 topics (the ignored test `builds_a_large_skewed_site`), all indexes
/// take about 0.4 s on 2 cores.
fn hub_cap(n: usize) -> usize {
    (n.isqrt() / 4).max(MIN_HUB_CAP)
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
/// for the gathered candidates. What is approximate is only which briefs are
/// considered: one sharing nothing but hubs with this brief, and far from it in
/// time, is not (hub weights are small, and near briefs win the date tie-break).
/// Sites where no person or topic is in more than 64 briefs get exact results.
fn related(site: &Site) -> Vec<Vec<BriefId>> {
    let graph = Graph::new(site);
    let n = site.briefs.len();
    (0..n)
        .into_par_iter()
        .map_init(Scratch::default, |scratch, i| {
            graph.related(scratch, BriefId(i as u32))
        })
        .collect()
}

/// What ranking needs of the site, laid out for it: people and topics in one id
/// space (topic `t` is `people + t`), with their weights and brief lists, and each
/// brief's entities in one flat array, so the per-candidate work reads compact,
/// contiguous memory.
struct Graph<'s> {
    lists: Vec<&'s [BriefId]>,
    weight: Vec<f64>,
    offsets: Vec<u32>,
    entities: Vec<u32>,
    /// The small number of each hub, [`NOT_A_HUB`] for other entities.
    hub_number: Vec<u16>,
    meta: Vec<Meta>,
    cap: usize,
}

/// What ranking reads of a candidate, in one 16-byte record so that scoring it
/// costs one memory access: its date key and the numbers of its hubs.
#[derive(Clone, Copy)]
struct Meta {
    key: i64,
    /// Hub numbers, padded with [`NOT_A_HUB`]; all [`MANY_HUBS`] when the brief has
    /// more than four hubs (or a hub numbered too high), to read from `entities`.
    hubs: [u16; 4],
}

const NOT_A_HUB: u16 = u16::MAX;
const MANY_HUBS: u16 = u16::MAX - 1;

impl<'s> Graph<'s> {
    fn new(site: &'s Site) -> Graph<'s> {
        let n = site.briefs.len();
        let nf = n as f64;
        let cap = hub_cap(n);
        let people = site.people.len();
        let lists: Vec<&[BriefId]> = site
            .people
            .iter()
            .map(|p| p.briefs.as_slice())
            .chain(site.topics.iter().map(|t| t.briefs.as_slice()))
            .collect();
        let weight: Vec<f64> = lists
            .iter()
            .enumerate()
            .map(|(e, l)| {
                let w = idf(nf, l.len());
                if e < people { w } else { TOPIC_WEIGHT * w }
            })
            .collect();
        let mut hubs = 0u32;
        let hub_number: Vec<u16> = lists
            .iter()
            .map(|l| {
                if l.len() <= cap {
                    return NOT_A_HUB;
                }
                hubs += 1;
                u16::try_from(hubs - 1)
                    .ok()
                    .filter(|&h| h < MANY_HUBS)
                    .unwrap_or(MANY_HUBS)
            })
            .collect();
        let mut offsets: Vec<u32> = Vec::with_capacity(n + 1);
        let mut entities: Vec<u32> = Vec::new();
        let mut meta: Vec<Meta> = Vec::with_capacity(n);
        offsets.push(0);
        for b in &site.briefs {
            let from = entities.len();
            entities.extend(
                b.people
                    .iter()
                    .map(|p| p.0)
                    .filter(|&p| (p as usize) < people),
            );
            entities.extend(
                b.topics
                    .iter()
                    .map(|t| t.index() + people)
                    .filter(|&e| e < lists.len())
                    .map(|e| e as u32),
            );
            offsets.push(entities.len() as u32);
            let mut own = [NOT_A_HUB; 4];
            let mut count = 0;
            for &e in &entities[from..] {
                match hub_number[e as usize] {
                    NOT_A_HUB => {}
                    h if h == MANY_HUBS || count == own.len() => {
                        own = [MANY_HUBS; 4];
                        break;
                    }
                    h => {
                        own[count] = h;
                        count += 1;
                    }
                }
            }
            meta.push(Meta {
                key: b.date.sort_key(),
                hubs: own,
            });
        }
        Graph {
            lists,
            weight,
            offsets,
            entities,
            hub_number,
            meta,
            cap,
        }
    }

    fn entities_of(&self, b: usize) -> &[u32] {
        let (from, to) = (self.offsets[b] as usize, self.offsets[b + 1] as usize);
        &self.entities[from..to]
    }

    /// Whether brief `c` has hub entity `e`.
    fn has_hub(&self, c: usize, meta: &Meta, e: u32) -> bool {
        if meta.hubs[0] == MANY_HUBS {
            self.entities_of(c).contains(&e)
        } else {
            meta.hubs.contains(&self.hub_number[e as usize])
        }
    }

    /// The related briefs of `b`.
    fn related(&self, scratch: &mut Scratch, b: BriefId) -> Vec<BriefId> {
        // Gather `(candidate, weight)` pairs: every brief of an ordinary entity's
        // list with its weight, the window of a hub with nothing yet. Sorting and
        // merging the pairs keeps all of this in a small, cache-friendly buffer.
        let pairs = &mut scratch.pairs;
        pairs.clear();
        let mut hub_total = 0.0;
        for (k, &e) in self.entities_of(b.index()).iter().enumerate() {
            let list = self.lists[e as usize];
            if list.len() <= self.cap {
                let w = self.weight[e as usize];
                let k = k as u64;
                pairs.extend(
                    list.iter()
                        .filter(|&&c| c != b)
                        .map(|c| (u64::from(c.0) << 32 | k, w)),
                );
            } else if !scratch.hubs.contains(&e) {
                scratch.hubs.push(e);
                hub_total += self.weight[e as usize];
                pairs.extend(window(list, b).map(|c| (u64::from(c.0) << 32, 0.0)));
            }
        }
        // Keys are `candidate << 32 | entity position`, so each candidate's weights
        // are summed in the order of this brief's entities: candidates sharing the
        // same entities get bit-identical scores, and the date decides between them.
        pairs.sort_unstable_by_key(|p| p.0);
        let at = self.meta[b.index()].key;
        let mut top: Vec<(f64, u64, u32)> = Vec::with_capacity(RELATED_PER_BRIEF + 1);
        let mut k = 0;
        while k < pairs.len() {
            let c = (pairs[k].0 >> 32) as u32;
            let mut score = 0.0;
            while k < pairs.len() && (pairs[k].0 >> 32) as u32 == c {
                score += pairs[k].1;
                k += 1;
            }
            // No hub can lift this one above the fifth best: skip the hub lookup.
            if top.len() == RELATED_PER_BRIEF && score + hub_total < top[RELATED_PER_BRIEF - 1].0 {
                continue;
            }
            let meta = &self.meta[c as usize];
            for &h in &scratch.hubs {
                if self.has_hub(c as usize, meta, h) {
                    score += self.weight[h as usize];
                }
            }
            let entry = (score, meta.key.abs_diff(at), c);
            let pos = top.partition_point(|e| better(e, &entry) == Ordering::Less);
            if pos < RELATED_PER_BRIEF {
                top.insert(pos, entry);
                top.truncate(RELATED_PER_BRIEF);
            }
        }
        scratch.hubs.clear();
        top.into_iter().map(|(_, _, c)| BriefId(c)).collect()
    }
}

/// The briefs of a hub's `list` nearest `b` in time, up to [`HUB_WINDOW`] on each
/// side. Lists are in id order, and ids follow dates, so list neighbours are the
/// briefs nearest in time.
fn window(list: &[BriefId], b: BriefId) -> impl Iterator<Item = BriefId> + '_ {
    let (before, after) = match list.binary_search(&b) {
        Ok(pos) => (pos, pos + 1),
        Err(pos) => (pos, pos),
    };
    let lo = before.saturating_sub(HUB_WINDOW);
    let hi = (after + HUB_WINDOW).min(list.len());
    list[lo..before].iter().chain(&list[after..hi]).copied()
}

/// Per-thread working memory for ranking, reused from brief to brief.
#[derive(Default)]
struct Scratch {
    pairs: Vec<(u64, f64)>,
    hubs: Vec<u32>,
}

/// Orders candidates best first: higher score, then nearer in time, then lower id.
fn better(a: &(f64, u64, u32), b: &(f64, u64, u32)) -> Ordering {
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

/// The English name of month 1 to 12 (empty otherwise).
pub fn month_name(month: i8) -> &'static str {
    (month as usize)
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("")
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

    /// The definition of related briefs, computed the slow way.
    fn related_by_definition(s: &Site) -> Vec<Vec<BriefId>> {
        let n = s.briefs.len() as f64;
        (0..s.briefs.len())
            .map(|i| {
                let b = &s.briefs[i];
                let mut scored: Vec<(f64, u64, u32)> = (0..s.briefs.len())
                    .filter(|&j| j != i)
                    .map(|j| {
                        let o = &s.briefs[j];
                        let mut score = 0.0;
                        for p in &b.people {
                            if o.people.contains(p) {
                                score += idf(n, s.person(*p).briefs.len());
                            }
                        }
                        for t in &b.topics {
                            if o.topics.contains(t) {
                                score += TOPIC_WEIGHT * idf(n, s.topic(*t).briefs.len());
                            }
                        }
                        (
                            score,
                            o.date.sort_key().abs_diff(b.date.sort_key()),
                            j as u32,
                        )
                    })
                    .filter(|e| e.0 > 0.0)
                    .collect();
                scored.sort_by(better);
                scored.truncate(RELATED_PER_BRIEF);
                scored.into_iter().map(|e| BriefId(e.2)).collect()
            })
            .collect()
    }

    #[test]
    fn related_matches_the_definition_when_there_are_no_hubs() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m) as u32
        };
        let mut rows: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
        for i in 0..300u32 {
            let d = jiff::civil::date(2024, 12, 31) - jiff::Span::new().days(i64::from(i / 3));
            let mut ps: Vec<u32> = (0..1 + next(3)).map(|_| next(80)).collect();
            ps.sort_unstable();
            ps.dedup();
            let mut ts: Vec<u32> = (0..next(3)).map(|_| next(15)).collect();
            ts.sort_unstable();
            ts.dedup();
            rows.push((d.to_string(), ps, ts));
        }
        let refs: Vec<(&str, &[u32], &[u32])> = rows
            .iter()
            .map(|(d, ps, ts)| (d.as_str(), ps.as_slice(), ts.as_slice()))
            .collect();
        let s = site(
            (0..80).map(|i| person(&format!("P{i}"), &[])).collect(),
            (0..15).map(|i| topic(&format!("T{i}"), &[])).collect(),
            &refs,
        );
        assert!(s.people.iter().all(|p| p.briefs.len() <= MIN_HUB_CAP));
        assert!(s.topics.iter().all(|t| t.briefs.len() <= MIN_HUB_CAP));
        let ix = build(&s);
        assert_eq!(ix.related, related_by_definition(&s));
        assert_eq!(ix.related, build(&s).related);
    }

    #[test]
    fn briefs_with_many_hubs_are_scored_in_full() {
        // Topic 0 is in every brief; topics 1 to 5 in brief 0 and briefs 10 to 79.
        // All six are hubs (more than 64 briefs each), and briefs 10 to 79 carry
        // more hubs than the compact record holds.
        let dates: Vec<String> = (0..80)
            .map(|i| (jiff::civil::date(2024, 12, 31) - jiff::Span::new().days(i)).to_string())
            .collect();
        let all: Vec<u32> = (0..6).collect();
        let rows: Vec<(&str, &[u32], &[u32])> = (0..80)
            .map(|i| {
                let ts: &[u32] = if i == 0 || i >= 10 { &all } else { &all[..1] };
                (dates[i].as_str(), &[][..], ts)
            })
            .collect();
        let s = site(
            vec![],
            (0..6).map(|i| topic(&format!("T{i}"), &[])).collect(),
            &rows,
        );
        assert!(s.topics.iter().all(|t| t.briefs.len() > MIN_HUB_CAP));
        let ix = build(&s);
        // Sharing six topics beats sharing one, however near.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[10, 11, 12, 13, 14]));
        // From a one-topic brief, the nearest one-topic briefs win.
        assert_eq!(ix.related_to(BriefId(5)), ids(&[4, 6, 3, 7, 2]));
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
}
