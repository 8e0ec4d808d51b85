//! Related briefs: for each brief, the few briefs most like it by the rarity of
//! the people and topics they share, ties going to the nearest in time, among
//! those whose texts also read alike and that belong to the same episode of the
//! story: a brief on the same people after a long lull in their coverage, seen as
//! such from both briefs, starts another. A brief sharing people but no topic
//! reaches no further than the nearest related brief on those people on its side
//! in time, unless the texts read markedly alike: the same people's other stories
//! lie beyond.

use std::cmp::Ordering;
use std::ops::RangeInclusive;

use rayon::prelude::*;

use super::wording::Wording;
use crate::site::{BriefId, Site};
use std::sync::Arc;

/// How many related briefs are kept per brief.
pub const RELATED_PER_BRIEF: usize = 5;

/// The lowest similarity of a related brief: the cosine of the two briefs' vectors
/// of people and topics, each weighted by its rarity. Half or more of what the two
/// briefs are about must be shared, so a brief naming many people is not related
/// to everything that shares one of them, nor a narrow brief to a catch-all one.
const MIN_SIMILARITY: f64 = 0.5;

/// The similarity at which a brief the wording test turned away is still shown
/// when that test leaves a brief with no related brief at all: two thirds of what
/// the two briefs are about shared, where a related brief needs half. Briefs too
/// short to share many words, or told in different words, then keep the one brief
/// most plainly about the same people and topics; one that shares less stays
/// without.
const FALLBACK_SIMILARITY: f64 = 2.0 / 3.0;

/// People and topics in at most this many briefs (more on very large sites) are
/// never hubs; see [`hub_cap`].
const MIN_HUB_CAP: usize = 64;

/// For a hub, the briefs nearest in time on each side that become candidates: a
/// few more than [`RELATED_PER_BRIEF`], since the date breaks ties among briefs
/// sharing only that hub.
const HUB_WINDOW: usize = 8;

/// Inverse document frequency: an entity in few of the `n` briefs says more about
/// the briefs sharing it than one found everywhere.
fn idf(n: f64, df: usize) -> f64 {
    (1.0 + n / (df.max(1) as f64)).ln()
}

/// The lowest score of a related brief: as much as sharing one person found in an
/// eighth of the `n` briefs (in an archive of fewer than sixteen, in two of them).
/// A person in half the archive, or a broad topic, relates nothing on its own, so a
/// brief lists only as many related briefs as truly relate rather than padding
/// the list with whatever is near in time.
fn min_score(n: f64) -> f64 {
    (1.0 + (n / 2.0).min(8.0)).ln()
}

/// Whether a candidate sharing entities of total weight `shared` with cosine
/// similarity `similarity` is related, with room for the rounding of sums taken
/// in different orders.
fn qualifies(shared: f64, similarity: f64, n: f64) -> bool {
    shared >= min_score(n) - 1e-9 && similarity >= MIN_SIMILARITY - 1e-9
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
/// its own. With this cap, all indexes of a skewed synthetic site of 100,000
/// briefs, 10,000 people and 200 topics took about 0.4 s on 2 cores.
fn hub_cap(n: usize) -> usize {
    (n.isqrt() / 4).max(MIN_HUB_CAP)
}

/// Related briefs of every brief.
///
/// Candidates are the briefs sharing a person or topic with the brief. Each brief
/// is a vector over people and topics, an entity weighing its `idf`, so sharing a
/// rarely seen person or topic outweighs sharing a ubiquitous one; topics weigh
/// as people do, their rarity already saying how broad they are. Candidates are
/// ranked by the cosine of the two vectors, ties going to the brief closest in
/// time, then to the lower id. A related brief must
///
/// - share entities weighing at least [`min_score`] in total (evidence: one
///   common person, however alone in both briefs, relates nothing);
/// - reach [`MIN_SIMILARITY`] (focus: what it shares is much of what both are
///   about);
/// - share a topic when both briefs have topics: their topics say what they are
///   about, and two briefs on different subjects that happen to name the same
///   leaders belong to different stories;
/// - read alike (see [`WORDING_LIFT`](super::wording::WORDING_LIFT)): the same people under the same topic can
///   still be two stories, told in different words. This only removes briefs
///   the people and topics found, so what a related brief is shown to share (its
///   people and topics) stays true, and the cost is one comparison of two short
///   word vectors per candidate that passed the other tests. Where it would
///   leave a brief with none, the best candidate it removed is kept if it
///   reaches [`FALLBACK_SIMILARITY`];
/// - when it shares people but no topic with this brief, have no other
///   candidate that passed the tests above, and lists one of the people the two
///   share, dated between the two, unless the texts read twice as alike as usual
///   (see [`PEOPLE_ONLY_LIFT`]): people alone say who, not which story, and the
///   nearest brief on them is the one most likely to carry on this one's. This
///   reads the dates and entities of the candidates already gathered, sorted
///   once per brief;
/// - belong to the same episode (see [`EPISODE_LULL`]): not be separated from
///   this brief by a lull in coverage that both briefs see, each among its own
///   candidates that passed every other test. So each brief's episode is found
///   first, from its candidates' dates (one sort of what was gathered anyway),
///   and related briefs are chosen in a second pass that reads two date ranges
///   per candidate. The fallback obeys this test too.
///
/// Hubs (entities in more than [`hub_cap`] briefs) are handled differently when
/// gathering: only the [`HUB_WINDOW`] briefs on either side in time are taken from a
/// hub's list, instead of the whole list. A hub still adds its weight to every
/// candidate that shares it, however that candidate was found, so scores are exact
/// for the gathered candidates. What is approximate is only which briefs are
/// considered: one sharing nothing but hubs with this brief, and far from it in
/// time, is not (hub weights are small, and near briefs win the date tie-break).
/// Sites where no person or topic is in more than 64 briefs get exact results.
pub(super) fn related(site: &Site, wording: Arc<Wording>) -> Vec<Vec<BriefId>> {
    let graph = Graph::new(site, wording);
    let n = site.briefs.len();
    let ranked: Vec<Ranked> = (0..n)
        .into_par_iter()
        .map_init(Scratch::default, |scratch, i| {
            graph.ranked(scratch, BriefId::new(i))
        })
        .collect();
    let key = |b: usize| graph.meta[b].key;
    (0..n)
        .into_par_iter()
        .map(|b| {
            let mine = &ranked[b];
            // Both briefs' episodes are known only now: each was found from its own
            // candidates.
            let same_episode = |&&(_, _, c): &&Entry| {
                let c = c as usize;
                mine.episode.contains(&key(c)) || ranked[c].episode.contains(&key(b))
            };
            let mut top: Vec<BriefId> = mine
                .alike
                .iter()
                .filter(same_episode)
                .take(RELATED_PER_BRIEF)
                .map(|&(_, _, c)| BriefId(c))
                .collect();
            if top.is_empty() {
                top.extend(
                    mine.fallback
                        .iter()
                        .find(same_episode)
                        .map(|&(_, _, c)| BriefId(c)),
                );
            }
            top
        })
        .collect()
}

/// How long a lull in a brief's related briefs must be, against the median gap
/// between them, to end an episode: four times the usual gap.
///
/// The same people under the same topic, told in the same words, can still be
/// two stories an analyst keeps apart: a party's leadership race one year and
/// the next, a country's parliamentary election and the presidential one a year
/// later. What separates them is time, but not as a fixed span (one storyline
/// runs over years, another is over in a month): what the archive covers of the
/// same people comes in bursts, and a story's briefs are one burst. So a brief's
/// episode is the run of its related candidates (those that pass every other
/// test, the brief itself among them, in date order) reached from the brief
/// without crossing a gap longer than four times their median gap, nor one of
/// [`MIN_LULL`] or less. A candidate outside this brief's episode, where this brief
/// is also outside the candidate's, is another episode and is not related: both
/// briefs must see the lull between them, so a lone early brief that opened a
/// story, seen from the later burst as one of its own, stays related to it.
///
/// From 3 to 6 the factor gave the same links on all three evaluation corpora
/// (the links between the 2024 and the 2025 leadership races of one party
/// dropped, no right link lost); 2 also dropped six right links of one corpus,
/// and 8 dropped nothing.
const EPISODE_LULL: f64 = 4.0;

/// How much more alike than usual the wording of two briefs that share people
/// but no topic must be for the link to reach past a nearer related brief:
/// twice the mean of their backgrounds, where every related brief needs half
/// again (see [`WORDING_LIFT`](super::wording::WORDING_LIFT)).
///
/// People alone say who a brief is about, not which story: a country's president
/// and opposition leader run through a parliamentary election, a martial-law
/// crisis and the next presidential election, each a story of its own. A topic the
/// two briefs share says they are on the same subject; without one, the nearest
/// related brief on them on either side in time is the next step of the same
/// thread, while one reached past it (another related brief of this one, listing
/// one of the people they share, lies between the two in time) is as likely a
/// later or earlier story of the same people. Such a brief stays related only
/// when the texts show it is the same story: their wording twice as alike as
/// usual. A brief without words is judged by its people and topics alone, as by
/// the wording test, and kept. A nearer brief on other people carries on no
/// thread of theirs and stops nothing.
///
/// On the evaluation corpora any factor from 1.95 to 2.1 gave the same links: the
/// ones it drops join one country's parliamentary election, martial-law crisis
/// and presidential election past the briefs between them; at 2.25 it also drops
/// right links between one government's prime ministers of a year, and without
/// the wording exemption the rule dropped right links of all three corpora.
const PEOPLE_ONLY_LIFT: f64 = 2.0;

/// The longest lull that never ends an episode, in seconds: ninety days. Briefs
/// filed daily for a week make a median gap of a day, and a follow-up a fortnight
/// later is still the same story. (On the evaluation corpora, any floor from one
/// to 120 days gave the same links: the lulls that split them are of a year.)
const MIN_LULL: i64 = 90 * 86_400;

/// The dates (as [`sort_key`](crate::content::DateValue::sort_key)s) in the
/// episode of a brief dated `at` whose related candidates are dated `dates` (see
/// [`EPISODE_LULL`]): from the first to the last date reached from `at` without a
/// step longer than the lull, and up to a lull beyond either end, so that a date
/// that is not a candidate's (a fallback's) is in the episode when it is reached
/// without such a step. A brief without candidates shows no lull: its episode is
/// all time. Sorts `dates`.
fn episode(at: i64, dates: &mut Vec<i64>) -> RangeInclusive<i64> {
    if dates.is_empty() {
        return i64::MIN..=i64::MAX;
    }
    dates.push(at);
    dates.sort_unstable();
    let gap = |k: usize| dates[k + 1] - dates[k];
    let mut gaps: Vec<i64> = (0..dates.len() - 1).map(gap).collect();
    gaps.sort_unstable();
    let g = gaps.len();
    let median = if g % 2 == 1 {
        gaps[g / 2] as f64
    } else {
        (gaps[g / 2 - 1] as f64 + gaps[g / 2] as f64) / 2.0
    };
    // Gaps are whole seconds: a gap is at most the lull when at most its floor.
    let lull = ((EPISODE_LULL * median).floor() as i64).max(MIN_LULL);
    let mut from = dates.partition_point(|&d| d < at);
    while from > 0 && gap(from - 1) <= lull {
        from -= 1;
    }
    let mut to = dates.partition_point(|&d| d <= at) - 1;
    while to + 1 < dates.len() && gap(to) <= lull {
        to += 1;
    }
    dates[from].saturating_sub(lull)..=dates[to].saturating_add(lull)
}

/// A brief's candidates that passed every test but the episode's, best first, and
/// its episode: what choosing its related briefs needs once every brief's episode
/// is known.
struct Ranked {
    /// Candidates that read alike (and, sharing people alone, reach no further
    /// than [`PEOPLE_ONLY_LIFT`] allows), best first.
    alike: Vec<Entry>,
    /// Candidates only the wording test turned away, close enough to be kept
    /// when no candidate that reads alike is left, best first.
    fallback: Vec<Entry>,
    episode: RangeInclusive<i64>,
}

/// What ranking needs of the site, laid out for it: people and topics in one id
/// space (topic `t` is `people + t`), with their weights and brief lists, and each
/// brief's entities in one flat array, so the per-candidate work reads compact,
/// contiguous memory.
struct Graph<'s> {
    lists: Vec<&'s [BriefId]>,
    weight: Vec<f64>,
    /// The number of people: entities from here on are topics.
    people: usize,
    /// Each brief's vector length, the root of the sum of its weights squared.
    norm: Vec<f64>,
    offsets: Vec<u32>,
    entities: Vec<u32>,
    /// The small number of each hub, [`NOT_A_HUB`] for other entities.
    hub_number: Vec<u16>,
    meta: Vec<Meta>,
    cap: usize,
    /// Number of briefs, for [`min_score`].
    n: f64,
    wording: Arc<Wording>,
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
    fn new(site: &'s Site, wording: Arc<Wording>) -> Graph<'s> {
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
        let weight: Vec<f64> = lists.iter().map(|l| idf(nf, l.len())).collect();
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
        let mut norm: Vec<f64> = Vec::with_capacity(n);
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
            norm.push(
                entities[from..]
                    .iter()
                    .map(|&e| weight[e as usize].powi(2))
                    .sum::<f64>()
                    .sqrt(),
            );
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
            people,
            norm,
            offsets,
            entities,
            hub_number,
            meta,
            cap,
            n: nf,
            wording,
        }
    }

    fn entities_of(&self, b: usize) -> &[u32] {
        let (from, to) = (self.offsets[b] as usize, self.offsets[b + 1] as usize);
        &self.entities[from..to]
    }

    /// Whether brief `c` has a topic: its entities list people first.
    fn has_topics(&self, c: usize) -> bool {
        self.entities_of(c)
            .last()
            .is_some_and(|&e| e as usize >= self.people)
    }

    /// Whether brief `c` has hub entity `e`.
    fn has_hub(&self, c: usize, meta: &Meta, e: u32) -> bool {
        if meta.hubs[0] == MANY_HUBS {
            self.entities_of(c).contains(&e)
        } else {
            meta.hubs.contains(&self.hub_number[e as usize])
        }
    }

    /// Removes from `top` (with their dates from `dates`, which parallels it) the
    /// candidates at positions `loose`, related to brief `b` by people alone, past
    /// which another candidate of `top` carries on the thread of those people:
    /// one dated strictly between the two that lists a person they share (see
    /// [`PEOPLE_ONLY_LIFT`]).
    fn drop_skipping(&self, b: usize, top: &mut Vec<Entry>, dates: &mut Vec<i64>, loose: &[usize]) {
        let at = self.meta[b].key;
        let own = self.entities_of(b);
        let mut by_date: Vec<(i64, u32)> = top
            .iter()
            .map(|e| (self.meta[e.2 as usize].key, e.2))
            .collect();
        by_date.sort_unstable();
        let skips = |c: u32| {
            let d = self.meta[c as usize].key;
            let (lo, hi) = (at.min(d), at.max(d));
            let from = by_date.partition_point(|x| x.0 <= lo);
            let to = by_date.partition_point(|x| x.0 < hi);
            let shared = |p: &&u32| (**p as usize) < self.people && own.contains(p);
            let people: Vec<u32> = self
                .entities_of(c as usize)
                .iter()
                .filter(shared)
                .copied()
                .collect();
            by_date[from..to.max(from)].iter().any(|&(_, x)| {
                x != c
                    && self
                        .entities_of(x as usize)
                        .iter()
                        .any(|e| people.contains(e))
            })
        };
        let dropped: Vec<usize> = loose.iter().copied().filter(|&i| skips(top[i].2)).collect();
        if dropped.is_empty() {
            return;
        }
        let mut position = 0;
        top.retain(|_| {
            position += 1;
            dropped.binary_search(&(position - 1)).is_err()
        });
        dates.clear();
        dates.extend(top.iter().map(|e| self.meta[e.2 as usize].key));
    }

    /// The candidates of `b` that pass every test but the episode's, and its
    /// episode.
    fn ranked(&self, scratch: &mut Scratch, b: BriefId) -> Ranked {
        // Gather `(candidate, weight)` pairs: every brief of an ordinary entity's
        // list with its weight, the window of a hub with nothing yet. Sorting and
        // merging the pairs keeps all of this in a small, cache-friendly buffer.
        let pairs = &mut scratch.pairs;
        pairs.clear();
        let own = self.entities_of(b.index());
        let (mut hub_total, mut hub_squares) = (0.0, 0.0);
        for (k, &e) in own.iter().enumerate() {
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
                hub_squares += self.weight[e as usize].powi(2);
                pairs.extend(window(list, b).map(|c| (u64::from(c.0) << 32 | NO_ENTITY, 0.0)));
            }
        }
        // Keys are `candidate << 32 | entity position`, so each candidate's weights
        // are summed in the order of this brief's entities: candidates sharing the
        // same entities get bit-identical sums, and the date decides between them.
        pairs.sort_unstable_by_key(|p| p.0);
        let at = self.meta[b.index()].key;
        let own_norm = self.norm[b.index()];
        let needs_topic = self.has_topics(b.index());
        let mut top: Vec<Entry> = Vec::new();
        // Candidates only the wording test turned away, if close enough.
        let mut fallback: Vec<Entry> = Vec::new();
        let mut dates: Vec<i64> = Vec::new();
        // Positions in `top` of candidates sharing people alone, whose wording
        // does not reach [`PEOPLE_ONLY_LIFT`].
        let mut loose: Vec<usize> = Vec::new();
        let mut k = 0;
        while k < pairs.len() {
            let c = (pairs[k].0 >> 32) as u32;
            let (mut shared, mut dot, mut topic) = (0.0, 0.0, false);
            while k < pairs.len() && (pairs[k].0 >> 32) as u32 == c {
                let (key, w) = pairs[k];
                shared += w;
                dot += w * w;
                let position = (key & u64::from(u32::MAX)) as usize;
                topic |= own
                    .get(position)
                    .is_some_and(|&e| e as usize >= self.people);
                k += 1;
            }
            let cosine = |dot: f64| dot / (own_norm * self.norm[c as usize]);
            // No hub can make this one related: skip the hub lookup. (Every
            // candidate that qualifies counts, not just the five best: each one's
            // date shapes the episode.)
            if shared + hub_total < min_score(self.n) - 1e-9
                || cosine(dot + hub_squares) < MIN_SIMILARITY - 1e-9
            {
                continue;
            }
            let meta = &self.meta[c as usize];
            for &h in &scratch.hubs {
                if self.has_hub(c as usize, meta, h) {
                    let w = self.weight[h as usize];
                    shared += w;
                    dot += w * w;
                    topic |= h as usize >= self.people;
                }
            }
            let similarity = cosine(dot);
            if !qualifies(shared, similarity, self.n)
                || (needs_topic && !topic && self.has_topics(c as usize))
            {
                continue;
            }
            let entry = (similarity, meta.key.abs_diff(at), c);
            if !self.wording.alike(b.index(), c as usize) {
                if similarity >= FALLBACK_SIMILARITY - 1e-9 {
                    fallback.push(entry);
                }
                continue;
            }
            if !topic
                && !self
                    .wording
                    .alike_by(b.index(), c as usize, PEOPLE_ONLY_LIFT)
            {
                loose.push(top.len());
            }
            top.push(entry);
            dates.push(meta.key);
        }
        scratch.hubs.clear();
        if !loose.is_empty() {
            self.drop_skipping(b.index(), &mut top, &mut dates, &loose);
        }
        top.sort_unstable_by(better);
        fallback.sort_unstable_by(better);
        Ranked {
            alike: top,
            fallback,
            episode: episode(at, &mut dates),
        }
    }
}

/// The entity position of a hub's window pair: none of this brief's entities (the
/// hub's weight is added once per candidate, after the merge).
const NO_ENTITY: u64 = u32::MAX as u64;

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

/// A candidate as ranked: its similarity, its distance in time, its id.
type Entry = (f64, u64, u32);

/// Orders candidates best first: higher score, then nearer in time, then lower id.
fn better(a: &(f64, u64, u32), b: &(f64, u64, u32)) -> Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::test_support::{ids, person, site, topic};
    use super::super::wording::{WORDING_LIFT, WORDS_READ, for_each_word};
    use super::*;
    use crate::content::SharedText;
    use std::collections::HashMap;

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
        let ix = build(&s, &[]);
        // Brief 4 (far in time, shares only the rare person) is related; the
        // others share only a person found in nearly every brief, which relates
        // nothing: no padding.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[4]));
        assert!(ix.related_to(BriefId(1)).is_empty());
    }

    #[test]
    fn related_ties_go_to_the_nearest_date_then_the_lower_id() {
        // Person A is in 7 of 67 briefs (rare enough to relate them); the other 60
        // are about someone else.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2023-07-20", &[0], &[]),
            ("2023-07-12", &[0], &[]),
            ("2023-07-10", &[0], &[]),
            ("2023-07-08", &[0], &[]),
            ("2023-07-08", &[0], &[]),
            ("2023-05-01", &[0], &[]),
            ("2023-03-01", &[0], &[]),
        ];
        rows.extend(std::iter::repeat_n(("2021-01-01", &[1][..], &[][..]), 60));
        let s = site(vec![person("A", &[]), person("B", &[])], vec![], &rows);
        let ix = build(&s, &[]);
        // From brief 2 (07-10): 1 and 3 and 4 are two days away, then 0, then 5.
        assert_eq!(ix.related_to(BriefId(2)), ids(&[1, 3, 4, 0, 5]));
        assert_eq!(ix.related_to(BriefId(2)).len(), RELATED_PER_BRIEF);
    }

    #[test]
    fn an_episode_runs_until_a_lull_much_longer_than_its_usual_gap() {
        let day = 86_400;
        // Briefs every ten days, a year's silence, then more.
        let mut dates = vec![10 * day, 20 * day, 30 * day, 395 * day, 405 * day];
        // The median gap is ten days, so the lull is the ninety-day floor: the
        // episode ends at day 30, and reaches a lull beyond either end.
        assert_eq!(episode(0, &mut dates), -90 * day..=120 * day);
        // Seen from the later run, the earlier one is another episode.
        let mut dates = vec![0, 10 * day, 20 * day, 30 * day, 405 * day];
        let later = episode(395 * day, &mut dates);
        assert!(later.contains(&(405 * day)) && !later.contains(&(30 * day)));
    }

    #[test]
    fn a_lull_is_long_against_the_usual_gap_and_never_under_ninety_days() {
        let day = 86_400;
        // A story covered every two hundred days: a year's gap is under four times
        // that.
        let mut dates = vec![200 * day, 400 * day, 765 * day];
        assert!(episode(0, &mut dates).contains(&(765 * day)));
        // Daily briefs and a follow-up a month later: still the same story.
        let mut dates = vec![day, 2 * day, 3 * day, 33 * day];
        assert!(episode(0, &mut dates).contains(&(33 * day)));
        // Four months later it is not.
        let mut dates = vec![day, 2 * day, 3 * day, 123 * day];
        assert!(!episode(0, &mut dates).contains(&(123 * day)));
        // A brief without candidates sees no lull.
        assert_eq!(episode(0, &mut Vec::new()), i64::MIN..=i64::MAX);
    }

    #[test]
    fn briefs_on_the_same_people_a_year_apart_are_separate_episodes() {
        // Person A in two runs of three briefs a year apart; 60 briefs about B.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2025-09-20", &[0], &[]),
            ("2025-09-10", &[0], &[]),
            ("2025-09-01", &[0], &[]),
            ("2024-09-20", &[0], &[]),
            ("2024-09-10", &[0], &[]),
            ("2024-09-01", &[0], &[]),
        ];
        rows.extend(std::iter::repeat_n(("2021-01-01", &[1][..], &[][..]), 60));
        let s = site(vec![person("A", &[]), person("B", &[])], vec![], &rows);
        let ix = build(&s, &[]);
        // Without the episodes, brief 3 would follow for brief 0, and brief 2 for
        // brief 3: the same people, a year apart.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[1, 2]));
        assert_eq!(ix.related_to(BriefId(2)), ids(&[1, 0]));
        assert_eq!(ix.related_to(BriefId(3)), ids(&[4, 5]));
        // Spread evenly, the same six briefs are one story.
        let even = [
            "2025-09-20",
            "2025-05-20",
            "2025-01-20",
            "2024-09-20",
            "2024-05-20",
            "2024-01-20",
        ];
        for (row, d) in rows.iter_mut().zip(even) {
            row.0 = d;
        }
        let s = site(vec![person("A", &[]), person("B", &[])], vec![], &rows);
        assert_eq!(build(&s, &[]).related_to(BriefId(0)), ids(&[1, 2, 3, 4, 5]));
    }

    #[test]
    fn related_needs_a_shared_topic_when_both_have_topics() {
        // Person A is in briefs 0, 1 and 2; topics T and U split them. 24 more
        // briefs about nothing make A rare enough to relate briefs on its own.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2023-07-10", &[0], &[0]),
            ("2023-07-09", &[0], &[1]),
            ("2023-07-01", &[0], &[]),
            ("2023-06-01", &[1], &[0]),
            ("2023-05-01", &[1], &[0]),
            ("2023-04-01", &[1], &[0]),
        ];
        rows.extend(std::iter::repeat_n(("2020-01-01", &[][..], &[][..]), 24));
        let s = site(
            vec![person("A", &[]), person("B", &[])],
            vec![topic("T", &[]), topic("U", &[])],
            &rows,
        );
        let ix = build(&s, &[]);
        // Brief 1 names the same person but is about another subject; brief 2
        // names no subject, so the person decides, the more alike first.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[2]));
        assert_eq!(ix.related_to(BriefId(2)), ids(&[0, 1]));
        // A topic weighs as a person of the same rarity: briefs 3 to 5 share
        // person B and topic T, and brief 0 shares T alone, which is not enough
        // of what brief 3 is about.
        assert_eq!(ix.related_to(BriefId(3)), ids(&[4, 5]));
    }

    #[test]
    fn related_wants_what_is_shared_to_be_much_of_both_briefs() {
        // Brief 0 names six people; brief 1 shares one of them, brief 2 three.
        let s = site(
            (0..8).map(|i| person(&format!("P{i}"), &[])).collect(),
            vec![],
            &[
                ("2023-07-10", &[0, 1, 2, 3, 4, 5], &[]),
                ("2023-07-09", &[0], &[]),
                ("2023-07-08", &[1, 2, 3, 6], &[]),
                ("2023-07-07", &[6, 7], &[]),
                ("2023-07-06", &[7], &[]),
            ],
        );
        let ix = build(&s, &[]);
        // One person of six is a passing overlap; three of six is a shared story.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[2]));
        assert!(ix.related_to(BriefId(1)).is_empty());
        assert_eq!(ix.related_to(BriefId(4)), ids(&[3]));
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
        let ix = build(&s, &[]);
        // The rare partner; the hub in every brief relates nothing on its own.
        assert_eq!(ix.related_to(BriefId(300)), ids(&[599]));
        assert!(ix.related_to(BriefId(0)).is_empty());
    }

    #[test]
    fn people_alone_do_not_reach_past_a_nearer_related_brief() {
        // A president (A) and an opposition leader (B) through a parliamentary
        // election (brief 3), a crisis filed under topic T (briefs 2 and 1) and
        // the next president's inauguration (brief 0), all in the words of one
        // beat; 24 briefs about C, many in the same words.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2025-06-04", &[0, 1], &[]),
            ("2025-04-04", &[0, 1], &[0]),
            ("2024-12-14", &[0, 1], &[0]),
            ("2024-04-11", &[0, 1], &[]),
        ];
        rows.extend(std::iter::repeat_n(("2020-01-01", &[2][..], &[][..]), 24));
        fn site_with(rows: &[(&str, &[u32], &[u32])], bodies: [&str; 4]) -> Site {
            let filler = [
                "President and assembly.",
                "Opposition and party.",
                "Markets rose and the budget held.",
            ];
            let people = ["A", "B", "C"].map(|n| person(n, &[])).to_vec();
            let mut texts = bodies.to_vec();
            texts.extend((0..24).map(|i| filler[i % 3]));
            with_bodies(site(people, vec![topic("T", &[])], rows), &texts)
        }
        let beat = [
            "President swore oath; assembly opposition party watched.",
            "President removed; assembly opposition party cheered.",
            "President impeached; assembly opposition party rallied.",
            "President conceded; assembly opposition party won.",
        ];
        let s = site_with(&rows, beat);
        let wording = Wording::new(&s);
        assert!(wording.alike(0, 3) && !wording.alike_by(0, 3, PEOPLE_ONLY_LIFT));
        let ix = build(&s, &[]);
        // Briefs 0 and 3 list the very same people, but the crisis lies between
        // them: each keeps only its nearest brief on that side.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[1]));
        assert_eq!(ix.related_to(BriefId(3)), ids(&[2]));
        // The crisis shares its topic within itself, and reaches the election
        // before it by people alone, but not the inauguration past brief 1.
        assert_eq!(ix.related_to(BriefId(2)), ids(&[1, 3]));
        assert_eq!(ix.related_to(BriefId(1)), ids(&[2, 0]));

        // Texts that read twice as alike as usual show the same story.
        let mut told = beat;
        told[0] = "President swore oath; assembly opposition party watched. Landslide reform.";
        told[1] = "President removed; assembly opposition party cheered. Landslide.";
        told[3] = "President conceded; assembly opposition party won. Landslide reform.";
        let s = site_with(&rows, told);
        let wording = Wording::new(&s);
        assert!(wording.alike_by(0, 3, PEOPLE_ONLY_LIFT) && !wording.alike(0, 2));
        let ix = build(&s, &[]);
        assert_eq!(ix.related_to(BriefId(0)), ids(&[3, 1]));

        // Briefs between them on other people carry on no thread of theirs.
        rows[1].1 = &[2];
        rows[2].1 = &[2];
        let s = site_with(&rows, beat);
        assert_eq!(build(&s, &[]).related_to(BriefId(0)), ids(&[3]));
    }

    /// `s` with the given texts as the bodies of its first briefs.
    fn with_bodies(mut s: Site, bodies: &[&str]) -> Site {
        for (b, text) in s.briefs.iter_mut().zip(bodies) {
            std::sync::Arc::make_mut(b).body = SharedText::whole(*text);
        }
        s
    }

    fn words(text: &str) -> Vec<u64> {
        let mut v = Vec::new();
        for_each_word(text, usize::MAX, |h| v.push(h));
        v
    }

    #[test]
    fn words_are_lowercase_runs_of_letters_joined_inside_by_apostrophes_and_hyphens() {
        let joined = [
            words("egypt's")[0],
            words("long-range")[0],
            words("talks")[0],
        ];
        assert_eq!(words("Egypt\u{2019}s long-range TALKS"), joined);
        assert_eq!(words("long range").len(), 2);
        assert_ne!(words("long-range")[0], words("longrange")[0]);
        assert_eq!(words("\u{c9}LYS\u{c9}E"), words("\u{e9}lys\u{e9}e"));
        // Single letters, digits and joiners at either end make no word.
        assert_eq!(words("U.S. F-16 3-D 'tis rock-"), words("tis rock"));
        // Reading stops at the limit.
        let mut first = Vec::new();
        for_each_word("a bb cc dd", 2, |h| first.push(h));
        assert_eq!(first, words("bb cc"));
    }

    #[test]
    fn related_briefs_must_read_alike_beyond_what_the_archive_shares() {
        // Briefs 0 to 2 list the same person and topic. Brief 0 and 2 report a
        // minister's dismissal; brief 1 fighting, in the words of other briefs.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2023-07-10", &[0], &[0]),
            ("2023-07-09", &[0], &[0]),
            ("2023-07-01", &[0], &[0]),
        ];
        rows.extend(std::iter::repeat_n(("2020-01-01", &[1][..], &[][..]), 24));
        let mut bodies = vec![
            "The minister was dismissed after a row over conscription and the budget.",
            "Troops shelled the border town and the offensive displaced families.",
            "The minister was sacked as the row over conscription and the budget deepened.",
        ];
        for i in 0..24 {
            bodies.push(if i % 2 == 0 {
                "Officials said the border talks would continue and the offensive paused."
            } else {
                "Markets rose and the currency held after the budget vote."
            });
        }
        let s = with_bodies(
            site(
                vec![person("A", &[]), person("B", &[])],
                vec![topic("T", &[])],
                &rows,
            ),
            &bodies,
        );
        let ix = build(&s, &[]);
        // Without the wording, brief 1 would come first for brief 0 (same people
        // and topics, nearer in time).
        assert_eq!(ix.related_to(BriefId(0)), ids(&[2]));
        assert_eq!(ix.related_to(BriefId(2)), ids(&[0]));
        // Brief 1 reads like neither, and would be left with none: it keeps the
        // single best of them, since they are about just what it is about.
        assert_eq!(ix.related_to(BriefId(1)), ids(&[0]));
    }

    #[test]
    fn a_brief_left_without_related_briefs_keeps_only_a_close_one() {
        // Brief 0 lists A and topic T; brief 1 the same, brief 2 A, T, C and D
        // (related to brief 0 by people and topics, but sharing less than two
        // thirds). Neither reads like brief 0.
        let mut rows: Vec<(&str, &[u32], &[u32])> = vec![
            ("2023-07-10", &[0], &[0]),
            ("2023-07-09", &[0], &[0]),
            ("2023-07-08", &[0, 2, 3], &[0]),
        ];
        rows.extend(std::iter::repeat_n(("2020-01-01", &[1][..], &[][..]), 24));
        let mut bodies = vec![
            "Troops shelled the border town and the offensive displaced families.",
            "The minister was dismissed after a row over conscription and the budget.",
            "The minister was sacked as the row over conscription and the budget deepened.",
        ];
        bodies.extend(std::iter::repeat_n(
            "Officials said the border talks would continue and markets rose.",
            24,
        ));
        let people = ["A", "B", "C", "D"].map(|n| person(n, &[])).to_vec();
        let s = with_bodies(site(people, vec![topic("T", &[])], &rows), &bodies);
        let ix = build(&s, &[]);
        assert_eq!(ix.related_to(BriefId(0)), ids(&[1]));
        // Briefs 1 and 2 read alike: no fallback between them and brief 0.
        assert_eq!(ix.related_to(BriefId(1)), ids(&[2]));
        // With brief 1 about someone else, brief 0 shares too little with brief 2
        // to keep it.
        rows[1] = ("2023-07-09", &[1], &[]);
        let people = ["A", "B", "C", "D"].map(|n| person(n, &[])).to_vec();
        let s = with_bodies(site(people, vec![topic("T", &[])], &rows), &bodies);
        let ix = build(&s, &[]);
        assert!(!Wording::new(&s).alike(0, 2));
        assert!(ix.related_to(BriefId(0)).is_empty());
    }

    #[test]
    fn names_of_people_and_topics_are_not_shared_wording() {
        let bodies = [
            "Gallant resigned. Gallant left the war cabinet.",
            "Gallant spoke. Gallant praised the war effort.",
            "The markets rose.",
            "The markets fell.",
        ];
        let rows: &[(&str, &[u32], &[u32])] = &[
            ("2023-07-10", &[0], &[0]),
            ("2023-07-09", &[0], &[0]),
            ("2023-07-08", &[], &[]),
            ("2023-07-07", &[], &[]),
        ];
        let named = |person_name: &str, topic_name: &str| {
            let people = vec![person(person_name, &[])];
            with_bodies(site(people, vec![topic(topic_name, &[])], rows), &bodies)
        };
        // What the two texts share is a person's name and a word of a topic's.
        let names = named("Yoav Gallant", "Israel-Hamas war");
        assert_eq!(Wording::new(&names).similarity(0, 1), 0.0);
        // The same words are wording when they name no one.
        let other = named("Benny Gantz", "Elections");
        assert!(Wording::new(&other).similarity(0, 1) > 0.5);
    }

    #[test]
    fn a_brief_without_words_is_related_by_people_and_topics_alone() {
        let mut rows: Vec<(&str, &[u32], &[u32])> =
            vec![("2023-07-10", &[0], &[]), ("2023-07-09", &[0], &[])];
        rows.extend(std::iter::repeat_n(("2020-01-01", &[1][..], &[][..]), 24));
        let mut bodies = vec!["", "The ceasefire held overnight."];
        bodies.extend(std::iter::repeat_n("The ceasefire collapsed.", 24));
        let s = with_bodies(
            site(vec![person("A", &[]), person("B", &[])], vec![], &rows),
            &bodies,
        );
        let wording = Wording::new(&s);
        assert!(wording.of(0).is_empty() && !wording.of(1).is_empty());
        let ix = build(&s, &[]);
        assert_eq!(ix.related_to(BriefId(0)), ids(&[1]));
        assert_eq!(ix.related_to(BriefId(1)), ids(&[0]));
    }

    /// Each brief's wording as a map of word to weight, unit length, the slow way:
    /// counted words, names and words in one brief or in all left out.
    fn wording_by_definition(s: &Site) -> Vec<HashMap<u64, f64>> {
        let mut names = std::collections::HashSet::new();
        for name in s
            .people
            .iter()
            .map(|p| &p.name)
            .chain(s.topics.iter().map(|t| &t.name))
        {
            for_each_word(name, usize::MAX, |h| {
                names.insert(h);
            });
        }
        let counts: Vec<HashMap<u64, usize>> = s
            .briefs
            .iter()
            .map(|b| {
                let mut c = HashMap::new();
                for_each_word(&b.body, WORDS_READ, |h| {
                    if !names.contains(&h) {
                        *c.entry(h).or_insert(0) += 1;
                    }
                });
                c
            })
            .collect();
        let n = s.briefs.len();
        let df = |h: u64| counts.iter().filter(|c| c.contains_key(&h)).count();
        counts
            .iter()
            .map(|c| {
                let v: HashMap<u64, f64> = c
                    .iter()
                    .filter(|&(&h, _)| df(h) > 1 && df(h) < n)
                    .map(|(&h, &tf)| (h, (1.0 + (tf as f64).ln()) * (n as f64 / df(h) as f64).ln()))
                    .collect();
                let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
                v.into_iter().map(|(h, w)| (h, w / norm)).collect()
            })
            .collect()
    }

    /// The wording rules the slow way: whether each pair of briefs reads alike,
    /// the cosine against `lift` times the mean of the two briefs' mean cosines
    /// with all the others, unless a brief has no words.
    fn alike_by_definition(s: &Site, lift: f64) -> Vec<Vec<bool>> {
        let v = wording_by_definition(s);
        let cos = |x: usize, y: usize| -> f64 {
            v[x].iter()
                .map(|(h, w)| w * v[y].get(h).copied().unwrap_or(0.0))
                .sum()
        };
        let n = v.len();
        let background: Vec<f64> = (0..n)
            .map(|x| (0..n).filter(|&y| y != x).map(|y| cos(x, y)).sum::<f64>() / (n - 1) as f64)
            .collect();
        (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| {
                        v[a].is_empty()
                            || v[b].is_empty()
                            || cos(a, b) >= lift * (background[a] + background[b]) / 2.0 - 1e-9
                    })
                    .collect()
            })
            .collect()
    }

    /// Whether brief `i`, whose related candidates are dated `dates`, sees a lull
    /// on the way to the date `to`, the slow way: a step between consecutive dates
    /// (its own, its candidates', `to`) between the two longer than four times the
    /// median step of its own and its candidates' dates, and than ninety days.
    fn sees_lull(at: i64, dates: &[i64], to: i64) -> bool {
        if dates.is_empty() {
            return false;
        }
        let steps = |mut d: Vec<i64>| -> Vec<(i64, i64)> {
            d.sort_unstable();
            d.windows(2).map(|w| (w[0], w[1])).collect()
        };
        let mut own: Vec<i64> = dates.to_vec();
        own.push(at);
        let mut gaps: Vec<i64> = steps(own.clone()).iter().map(|s| s.1 - s.0).collect();
        gaps.sort_unstable();
        let g = gaps.len();
        let median = (gaps[(g - 1) / 2] + gaps[g / 2]) as f64 / 2.0;
        let lull = (EPISODE_LULL * median).max(MIN_LULL as f64);
        own.push(to);
        let (lo, hi) = (at.min(to), at.max(to));
        steps(own)
            .iter()
            .any(|&(a, b)| a >= lo && b <= hi && (b - a) as f64 > lull)
    }

    /// The definition of related briefs, computed the slow way; without the
    /// episode test when `episodes` is false, and without the test of briefs
    /// related by people alone past a nearer one when `skipping` is false.
    fn related_by_definition(s: &Site, episodes: bool, skipping: bool) -> Vec<Vec<BriefId>> {
        let n = s.briefs.len() as f64;
        let entities = |i: usize| -> Vec<(usize, f64)> {
            let b = &s.briefs[i];
            let people = b
                .people
                .iter()
                .map(|p| (p.index(), idf(n, s.person(*p).briefs.len())));
            let topics = b
                .topics
                .iter()
                .map(|t| (s.people.len() + t.index(), idf(n, s.topic(*t).briefs.len())));
            people.chain(topics).collect()
        };
        let norm = |v: &[(usize, f64)]| v.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
        let reads_alike = alike_by_definition(s, WORDING_LIFT);
        let reads_twice_as_alike = alike_by_definition(s, PEOPLE_ONLY_LIFT);
        let date = |i: usize| s.briefs[i].date.sort_key();
        let all: Vec<Vec<(Entry, bool)>> = (0..s.briefs.len())
            .map(|i| {
                let b = &s.briefs[i];
                let mine = entities(i);
                let scored: Vec<((f64, u64, u32), bool, bool)> = (0..s.briefs.len())
                    .filter(|&j| j != i)
                    .filter_map(|j| {
                        let o = &s.briefs[j];
                        let theirs = entities(j);
                        let shared: Vec<&(usize, f64)> =
                            mine.iter().filter(|e| theirs.contains(e)).collect();
                        let total: f64 = shared.iter().map(|e| e.1).sum();
                        let dot: f64 = shared.iter().map(|e| e.1 * e.1).sum();
                        let similarity = dot / (norm(&mine) * norm(&theirs));
                        let topic = b.topics.iter().any(|t| o.topics.contains(t));
                        let on_topic = topic || b.topics.is_empty() || o.topics.is_empty();
                        (on_topic && qualifies(total, similarity, n)).then(|| {
                            (
                                (
                                    similarity,
                                    o.date.sort_key().abs_diff(b.date.sort_key()),
                                    j as u32,
                                ),
                                reads_alike[i][j],
                                !topic && !reads_twice_as_alike[i][j],
                            )
                        })
                    })
                    .collect();
                // People alone, wording not twice as alike: not past another
                // candidate that reads alike and lists a person the two share.
                let between = |j: u32| {
                    let o = &s.briefs[j as usize];
                    let (lo, hi) = (date(i).min(date(j as usize)), date(i).max(date(j as usize)));
                    scored.iter().any(|(e, alike, _)| {
                        let x = &s.briefs[e.2 as usize];
                        *alike
                            && e.2 != j
                            && lo < date(e.2 as usize)
                            && date(e.2 as usize) < hi
                            && x.people
                                .iter()
                                .any(|p| b.people.contains(p) && o.people.contains(p))
                    })
                };
                let skipping: Vec<u32> = scored
                    .iter()
                    .filter(|(e, alike, loose)| skipping && *alike && *loose && between(e.2))
                    .map(|(e, _, _)| e.2)
                    .collect();
                let mut scored: Vec<(Entry, bool)> = scored
                    .into_iter()
                    .filter(|(e, _, _)| !skipping.contains(&e.2))
                    .map(|(e, alike, _)| (e, alike))
                    .collect();
                scored.sort_by(|a, b| better(&a.0, &b.0));
                scored
            })
            .collect();
        let dates: Vec<Vec<i64>> = all
            .iter()
            .map(|scored| {
                let alike = scored.iter().filter(|(_, alike)| *alike);
                alike.map(|(e, _)| date(e.2 as usize)).collect()
            })
            .collect();
        let other_episode = |i: usize, j: usize| {
            episodes
                && sees_lull(date(i), &dates[i], date(j))
                && sees_lull(date(j), &dates[j], date(i))
        };
        all.into_iter()
            .enumerate()
            .map(|(i, scored)| {
                let scored: Vec<_> = scored
                    .into_iter()
                    .filter(|(e, _)| !other_episode(i, e.2 as usize))
                    .collect();
                // Only when no candidate reads alike: the best close one.
                let fallback = scored
                    .iter()
                    .find(|(e, alike)| !alike && e.0 >= FALLBACK_SIMILARITY - 1e-9)
                    .map(|(e, _)| *e);
                let mut scored: Vec<(f64, u64, u32)> = scored
                    .into_iter()
                    .filter(|(_, alike)| *alike)
                    .map(|(e, _)| e)
                    .collect();
                if scored.is_empty() {
                    scored.extend(fallback);
                }
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
            // Three briefs a day in runs of twenty days, a year or a week apart.
            let run = i / 60;
            let days = i / 3 + run / 2 * 365 + run.div_ceil(2) * 7;
            let d = jiff::civil::date(2024, 12, 31) - jiff::Span::new().days(i64::from(days));
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
        // Bodies of two-letter words, half of them from a group of five that goes
        // with the brief's first person (briefs on one person read alike), sprinkled
        // with the name words "Smith" and "Trade"; every seventh brief has no text.
        let letters = |k: u32| {
            let (c, v) = (
                b"bcdfghklmn"[(k % 10) as usize],
                b"aeiou"[(k / 10) as usize],
            );
            String::from_utf8(vec![c, v]).expect("ASCII letters")
        };
        let bodies: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, (_, ps, _))| {
                if i % 7 == 0 {
                    return String::new();
                }
                (0..4 + next(12))
                    .map(|_| match next(8) {
                        0 => "Smith".to_owned(),
                        1 => "trade".to_owned(),
                        2..=4 => letters(ps[0] % 10 * 5 + next(5)),
                        _ => letters(next(50)),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let mut s = site(
            (0..80)
                .map(|i| person(&format!("P{i} Smith"), &[]))
                .collect(),
            (0..15)
                .map(|i| topic(&format!("T{i} Trade"), &[]))
                .collect(),
            &refs,
        );
        for (b, text) in s.briefs.iter_mut().zip(&bodies) {
            std::sync::Arc::make_mut(b).body = SharedText::whole(text.as_str());
        }
        assert!(s.people.iter().all(|p| p.briefs.len() <= MIN_HUB_CAP));
        assert!(s.topics.iter().all(|t| t.briefs.len() <= MIN_HUB_CAP));
        // The wording rule decides some pairs both ways.
        let alike = alike_by_definition(&s, WORDING_LIFT);
        assert!(alike.iter().flatten().any(|&a| a) && alike.iter().flatten().any(|&a| !a));
        let ix = build(&s, &[]);
        assert_eq!(ix.related, related_by_definition(&s, true, true));
        assert_eq!(ix.related, build(&s, &[]).related);
        // The episode rule decides some links, and so does the rule for briefs
        // related by people alone.
        assert_ne!(ix.related, related_by_definition(&s, false, true));
        assert_ne!(ix.related, related_by_definition(&s, true, false));
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
        let ix = build(&s, &[]);
        // Sharing six topics beats sharing one, however near.
        assert_eq!(ix.related_to(BriefId(0)), ids(&[10, 11, 12, 13, 14]));
        // A brief sharing only the topic found everywhere relates to nothing.
        assert!(ix.related_to(BriefId(5)).is_empty());
    }
}
