//! Each brief's distinctive wording, the second signal of related briefs: what
//! happens in a brief is in its words, beyond the people and topics it lists.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::SharedText;
use crate::site::Site;

/// How much more alike in wording than usual two related briefs must be: their
/// cosine must reach half again the mean of the two briefs' [`Wording`]
/// backgrounds (each brief's mean cosine with the rest of the archive), that is
/// half again what the two share, on average, with any other brief.
///
/// People and topics tell who and what a brief names, not what happens in it: a
/// defence minister's dismissal and the war he ran, a country's election and its
/// security, name the same people under the same topic. What happens is in the
/// words, so a related brief must also read like this one, beyond what briefs of
/// the archive share anyway. The floor is relative to the archive's own
/// background, so it holds for short wire copy and long papers alike, and for an
/// archive on one beat, where every brief shares the beat's words, as for one on
/// many. (Taking the larger of the two backgrounds instead emptied the related
/// briefs of most of a small archive on one beat.)
pub(super) const WORDING_LIFT: f64 = 1.5;

/// Each brief's distinctive wording, a second signal beside the people and topics
/// it lists: a vector over the words of its text, each weighing `(1 + ln tf) *
/// ln(N / df)`, scaled to unit length, in one flat array.
///
/// Words of the names of people and topics are left out (their sharing is what
/// the first signal measures; counted twice, one shared name would pass both
/// tests), as are words of a single letter and words found in a single brief or
/// in every brief, which relate nothing. Texts are read once; their word counts
/// are held, packed, until weighed (8 bytes a distinct word of a brief), the
/// vectors after (8 bytes a kept word, one allocation a brief), and both dropped
/// once related briefs are ranked, but in `serve` (see [`WordCounts`]).
#[derive(Debug, Default)]
pub(crate) struct Wording {
    /// Each brief's `(word, weight)`, by word. Kept as made, one allocation a
    /// brief: joined into one array they would be held twice while joined.
    vectors: Vec<Box<[(u32, f32)]>>,
    /// Each brief's mean cosine with the other briefs, zero for a brief without
    /// words: how alike its wording is to that of any brief.
    background: Vec<f64>,
}

/// Each brief's word counts (see [`Wording`]), with the texts they were read
/// from: a `serve` rebuild that makes the related briefs again reads only the
/// texts an edit changed, where reading every text is most of the work (at
/// 100,000 briefs, about a second). Held for as long as `serve` runs, they are
/// packed tighter than while a build weighs them, a word's number in a
/// [`Dictionary`] and its count in 4 bytes a distinct word of each brief's first
/// [`WORDS_READ`] words (at 100,000 briefs, 67 MB rather than 133), and a one-off
/// build does not keep them. The wording weighed from them is not kept either:
/// weighing again is a small part of making the related briefs again, and held,
/// it was another 107 MB.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordCounts {
    texts: Vec<SharedText>,
    counts: Vec<Arc<[u32]>>,
    words: Arc<Dictionary>,
}

impl WordCounts {
    /// The counts kept for the text of `body`, when it is one of the kept texts
    /// (the same slice of the same file text, found by its address).
    fn lookup(&self) -> ByAddress<'_> {
        self.texts
            .iter()
            .zip(&self.counts)
            .map(|(t, c)| (t.address(), c))
            .collect()
    }
}

/// Bits of a held count ([`WordCounts`]) that hold the times a word is used; the
/// others hold the word's number.
const HELD_COUNT_BITS: u32 = 9;
const _: () = assert!(WORDS_READ < 1 << HELD_COUNT_BITS);

/// The words a [`Dictionary`] can number: past them (eight million distinct
/// words), counts are not kept and the next rebuild reads every text again.
const HELD_WORDS: usize = 1 << (32 - HELD_COUNT_BITS);

/// The words of every text `serve` has counted, numbered as first met: the
/// numbers held counts use for the words' keys. It only grows while `serve`
/// runs (a word of a deleted text keeps its number), by what edits add.
#[derive(Debug, Clone, Default)]
struct Dictionary {
    keys: Vec<u64>,
    numbers: ByHash<u32>,
}

/// The word's number and the count of a held count.
fn held_parts(held: u32) -> (usize, u32) {
    (
        (held >> HELD_COUNT_BITS) as usize,
        held & ((1 << HELD_COUNT_BITS) - 1),
    )
}

impl Dictionary {
    /// The key and count of a held count.
    fn unpack(&self, held: u32) -> (u64, u32) {
        let (number, n) = held_parts(held);
        (self.keys[number], n)
    }

    /// `counts` (packed in key order, [`count_words`]) as held counts, numbering
    /// the words `words` has not met (its dictionary copied first when shared);
    /// `None` when that would number more than [`HELD_WORDS`].
    fn hold(words: &mut Arc<Dictionary>, counts: &[u64]) -> Option<Arc<[u32]>> {
        counts
            .iter()
            .map(|&w| {
                let (key, n) = unpack(w);
                let number = match words.numbers.get(&key) {
                    Some(&number) => number,
                    None if words.keys.len() < HELD_WORDS => {
                        let words = Arc::make_mut(words);
                        let number = words.keys.len() as u32;
                        words.keys.push(key);
                        words.numbers.insert(key, number);
                        number
                    }
                    None => return None,
                };
                Some((number << HELD_COUNT_BITS) | n)
            })
            .collect()
    }
}

/// A brief's words with the times each is used, as they are weighed: counted
/// from its text just now (packed, in key order), or held from an earlier
/// reading (in the same order, each word by its number).
enum Counted<'a> {
    Read(Arc<[u64]>),
    Held(&'a Arc<[u32]>, &'a Dictionary),
}

/// What [`Wording::vocabulary`] and [`Wording::weigh_each`] read: each word's key
/// (or number, [`Numbered`]) and the times it is used, in key order for
/// [`Wording::weigh_each`].
trait Words {
    fn each(&self, f: impl FnMut(u64, u32));
}

impl Words for Arc<[u64]> {
    fn each(&self, mut f: impl FnMut(u64, u32)) {
        for &w in self.iter() {
            let (key, n) = unpack(w);
            f(key, n);
        }
    }
}

impl Words for &Arc<[u64]> {
    fn each(&self, f: impl FnMut(u64, u32)) {
        (*self).each(f);
    }
}

/// Held counts read by word number rather than key ([`Wording::weigh_held`]).
struct Numbered<'a>(&'a [u32]);

impl Words for Numbered<'_> {
    fn each(&self, mut f: impl FnMut(u64, u32)) {
        for &h in self.0 {
            let (number, n) = held_parts(h);
            f(number as u64, n);
        }
    }
}

/// The keys of the words of people's and topics' names, which the wording
/// leaves out.
fn name_keys(site: &Site) -> ByHash<()> {
    let mut names: ByHash<()> = ByHash::default();
    let named = site.people.iter().map(|p| p.name.as_str());
    for name in named.chain(site.topics.iter().map(|t| t.name.as_str())) {
        for_each_word(name, usize::MAX, |h| {
            names.insert(key(h), ());
        });
    }
    names
}

impl Words for &Counted<'_> {
    fn each(&self, mut f: impl FnMut(u64, u32)) {
        match self {
            Counted::Read(counts) => counts.each(f),
            Counted::Held(held, words) => {
                for &h in held.iter() {
                    let (key, n) = words.unpack(h);
                    f(key, n);
                }
            }
        }
    }
}

/// Kept counts by the address of their text (see [`SharedText::address`]).
type ByAddress<'a> = ahash::AHashMap<(usize, usize, usize), &'a Arc<[u32]>>;

/// A hash map keyed by word hashes (see [`for_each_word`]), which need no hashing
/// again.
type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// The hasher of [`ByHash`]: keys are already hashes, but a [`key`]'s low bits
/// are all clear, and the table finds buckets by the low bits and tells keys
/// apart by the high ones: the high half is folded onto the low one, then
/// multiplied up.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    fn write_u64(&mut self, h: u64) {
        self.0 = (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// How many words of a text are read: enough for any brief's story (wire copy
/// runs to a few hundred words), while a long paper costs no more to compare than
/// its opening, which says what it is about.
pub(super) const WORDS_READ: usize = 400;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Calls `f` with the FNV-1a hash of each word of `text`, lowercased: a run of
/// letters, an apostrophe or hyphen between two letters joining it ("Egypt's",
/// "long-range" are one word each). Words of a single letter are skipped ("U.S."
/// is no word). ASCII, most of most texts, is read a byte at a time; other
/// characters are decoded. Stops after `limit` words.
pub(super) fn for_each_word(text: &str, limit: usize, mut f: impl FnMut(u64)) {
    let mut left = limit;
    let mix = |h: u64, c: u32| (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
    let (mut h, mut letters, mut joiner) = (FNV_OFFSET, 0usize, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let joins = if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphabetic() {
                if joiner {
                    h = mix(h, u32::from(b'\''));
                    joiner = false;
                }
                h = mix(h, u32::from(b.to_ascii_lowercase()));
                letters += 1;
                continue;
            }
            b == b'\'' || b == b'-'
        } else {
            // `i` is on a character boundary: it only ever moves past whole ones.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if c.is_alphabetic() {
                if joiner {
                    h = mix(h, u32::from('\''));
                    joiner = false;
                }
                for l in c.to_lowercase() {
                    h = mix(h, u32::from(l));
                }
                letters += 1;
                continue;
            }
            c == '\u{2019}'
        };
        if joins && letters > 0 && !joiner {
            joiner = true;
        } else {
            if letters > 1 {
                if left == 0 {
                    return;
                }
                left -= 1;
                f(h);
            }
            (h, letters, joiner) = (FNV_OFFSET, 0, false);
        }
    }
    if letters > 1 && left > 0 {
        f(h);
    }
}

/// Low bits of a word's hash given up to hold its count in a brief (at most
/// [`WORDS_READ`]), so a brief's counts take 8 bytes a distinct word.
const COUNT_BITS: u32 = 12;
const _: () = assert!(WORDS_READ < 1 << COUNT_BITS);

/// A word as counted: its hash without the low [`COUNT_BITS`] bits. Two words of
/// an archive share a key with odds of about one in 10^4 for a vocabulary of a
/// million words, and then count as one.
fn key(h: u64) -> u64 {
    h & !((1u64 << COUNT_BITS) - 1)
}

/// The key and count of a packed word: the key with the count in its low bits.
fn unpack(w: u64) -> (u64, u32) {
    (key(w), (w & ((1u64 << COUNT_BITS) - 1)) as u32)
}

/// The first [`WORDS_READ`] words of `text`, each with the times it is used,
/// packed in key order.
fn count_words(text: &str, scratch: &mut Vec<u64>) -> Arc<[u64]> {
    scratch.clear();
    for_each_word(text, WORDS_READ, |h| scratch.push(key(h)));
    scratch.sort_unstable();
    scratch
        .chunk_by(|a, b| a == b)
        .map(|run| run[0] | run.len() as u64)
        .collect()
}

impl Wording {
    /// The wording of `site`, read from its briefs.
    #[cfg(test)]
    pub(crate) fn new(site: &Site) -> Arc<Wording> {
        Wording::reading(site, None, false).0
    }

    /// The wording of `site`, taking the counts of each text found in `kept`
    /// rather than reading it again; with `keep`, also the counts of this site,
    /// for the next rebuild.
    pub(crate) fn reading(
        site: &Site,
        kept: Option<&WordCounts>,
        keep: bool,
    ) -> (Arc<Wording>, Option<WordCounts>) {
        let by_address = kept.map(WordCounts::lookup).unwrap_or_default();
        let mut words = kept.map(|k| Arc::clone(&k.words)).unwrap_or_default();
        let dictionary = Arc::clone(&words);
        // Each brief's words with the times each is used, read once and packed
        // (8 bytes a distinct word of a brief), or as held.
        let counts: Vec<Counted<'_>> = site
            .briefs
            .par_iter()
            .map_init(Vec::new, |scratch: &mut Vec<u64>, b| {
                match (by_address.get(&b.body.address()), &b.body_file) {
                    (Some(&held), _) => Counted::Held(held, &dictionary),
                    (None, None) => Counted::Read(count_words(&b.body, scratch)),
                    // A body left in its file (its held text, the front matter's,
                    // is still its address while kept). A file changed since it
                    // was read counts as no words here: that change is on its way
                    // to the next rebuild, which reads the file anew.
                    (None, Some(file)) => Counted::Read(match file.read(&b.path) {
                        Ok(text) => count_words(&text, scratch),
                        Err(_) => count_words("", scratch),
                    }),
                }
            })
            .collect();
        drop(by_address);
        // Every brief's counts as held: the wording is then weighed by word
        // number, in arrays, where counts just read need hash maps.
        let held: Option<Vec<Arc<[u32]>>> = counts
            .iter()
            .map(|c| match c {
                Counted::Held(held, _) => Some(Arc::clone(held)),
                Counted::Read(read) => Dictionary::hold(&mut words, read),
            })
            .collect();
        let wording = Arc::new(match &held {
            Some(held) => Wording::weigh_held(site, held, &words),
            None => Wording::weigh(site, &counts),
        });
        let counts = held.filter(|_| keep).map(|counts| WordCounts {
            texts: site.briefs.iter().map(|b| b.body.clone()).collect(),
            counts,
            words,
        });
        (wording, counts)
    }

    /// The wording of `site` from its briefs' texts (by id), each let go as soon
    /// as its words are counted: a one-off build reads them once, alongside the
    /// bodies, and a text's memory goes when both are done with it.
    pub(crate) fn of_texts(site: &Site, texts: Vec<SharedText>) -> Wording {
        let counts: Vec<Arc<[u64]>> = texts
            .into_par_iter()
            .map_init(Vec::new, |scratch: &mut Vec<u64>, text| {
                count_words(&text, scratch)
            })
            .collect();
        Wording::of_counts(site, counts)
    }

    /// The words a text counts for, for [`Wording::of_counts`]: for a caller that
    /// holds each text only for a moment. `scratch` is reused between calls.
    pub(crate) fn count(text: &str, scratch: &mut Vec<u64>) -> Arc<[u64]> {
        count_words(text, scratch)
    }

    /// The wording from every brief's [`Wording::count`], by id: the same as
    /// [`Wording::of_texts`] of their texts.
    pub(crate) fn of_counts(site: &Site, counts: Vec<Arc<[u64]>>) -> Wording {
        let vocabulary = Wording::vocabulary(site, &counts);
        let lookup = |key| vocabulary.get(&key).copied();
        Wording::weigh_each(
            site.briefs.len(),
            vocabulary.len(),
            lookup,
            counts.into_par_iter(),
        )
    }

    /// The wording from each brief's packed word counts (by id). It reads the
    /// site's people's and topics' names (see [`name_keys`]) and nothing else.
    fn weigh(site: &Site, counts: &[Counted<'_>]) -> Wording {
        let vocabulary = Wording::vocabulary(site, counts);
        let lookup = |key| vocabulary.get(&key).copied();
        Wording::weigh_each(
            site.briefs.len(),
            vocabulary.len(),
            lookup,
            counts.par_iter(),
        )
    }

    /// [`Wording::weigh`] of held counts, all numbered in `words`: the same
    /// vocabulary (kept words numbered in key order, the same idf), found by
    /// word number in arrays rather than by key in hash maps. At 100,000 briefs
    /// (16 million counts) the maps took most of a second.
    fn weigh_held(site: &Site, held: &[Arc<[u32]>], words: &Dictionary) -> Wording {
        let n = site.briefs.len();
        let names = name_keys(site);
        let mut df = vec![0u32; words.keys.len()];
        for &h in held.iter().flat_map(|c| c.iter()) {
            df[held_parts(h).0] += 1;
        }
        let mut kept: Vec<(u64, usize)> = df
            .iter()
            .enumerate()
            .filter(|&(number, &k)| {
                k > 1 && (k as usize) < n && !names.contains_key(&words.keys[number])
            })
            .map(|(number, _)| (words.keys[number], number))
            .collect();
        kept.sort_unstable();
        let mut table: Vec<Option<(u32, f64)>> = vec![None; words.keys.len()];
        for (id, &(_, number)) in kept.iter().enumerate() {
            let idf = (n as f64 / f64::from(df[number])).ln();
            table[number] = Some((id as u32, idf));
        }
        let lookup = |number: u64| table[number as usize];
        let numbered = held.par_iter().map(|c| Numbered(c));
        Wording::weigh_each(n, kept.len(), lookup, numbered)
    }

    /// Every word worth weighing (in more than one brief and fewer than all, not
    /// a name), with its number and its idf.
    fn vocabulary<C>(site: &Site, counts: &[C]) -> ByHash<(u32, f64)>
    where
        for<'c> &'c C: Words,
    {
        let n = site.briefs.len();
        let names = name_keys(site);
        // In how many briefs each word is.
        let mut df: ByHash<u32> = ByHash::default();
        for c in counts {
            c.each(|key, _| *df.entry(key).or_insert(0) += 1);
        }
        // Words in more than one brief and fewer than all, names left out, numbered
        // in hash order so that the numbering, and every sum over it, is the same
        // on every build.
        let mut kept: Vec<(u64, u32)> = df
            .into_iter()
            .filter(|&(h, k)| k > 1 && (k as usize) < n && !names.contains_key(&h))
            .collect();
        kept.sort_unstable();
        kept.iter()
            .enumerate()
            .map(|(id, &(h, k))| (h, (id as u32, (n as f64 / f64::from(k)).ln())))
            .collect()
    }

    /// The wording of `n` briefs from their counts, by id, each let go once its
    /// vector is made when `counts` owns them.
    fn weigh_each<C: Words>(
        n: usize,
        vocabulary: usize,
        lookup: impl Fn(u64) -> Option<(u32, f64)> + Sync,
        counts: impl IndexedParallelIterator<Item = C>,
    ) -> Wording {
        let vectors: Vec<Box<[(u32, f32)]>> = counts
            .map_init(Vec::new, |v, words| {
                v.clear();
                words.each(|h, tf| {
                    if let Some((id, idf)) = lookup(h) {
                        v.push((id, (1.0 + f64::from(tf).ln()) * idf));
                    }
                });
                // Counts are packed in key order (held ones keep the order they
                // were read in) and words are numbered in key order, so the
                // vector is already by word number, the order every sum over it
                // takes.
                debug_assert!(v.is_sorted_by_key(|e| e.0));
                let norm = v.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
                v.iter().map(|&(id, w)| (id, (w / norm) as f32)).collect()
            })
            .collect();
        // The mean cosine of a brief with the others is its dot product with the sum
        // of all unit vectors, less its own, over N - 1: linear, not all pairs.
        let mut sum = vec![0.0f64; vocabulary];
        for &(id, w) in vectors.iter().flat_map(|v| v.iter()) {
            sum[id as usize] += f64::from(w);
        }
        let mut wording = Wording {
            vectors,
            background: Vec::new(),
        };
        wording.background = (0..n)
            .map(|b| {
                let v = wording.of(b);
                if v.is_empty() || n < 2 {
                    return 0.0;
                }
                let own: f64 = v.iter().map(|&(_, w)| f64::from(w).powi(2)).sum();
                let dot: f64 = v
                    .iter()
                    .map(|&(id, w)| f64::from(w) * sum[id as usize])
                    .sum();
                (dot - own) / (n - 1) as f64
            })
            .collect();
        wording
    }

    /// Brief `b`'s vector: `(word, weight)` by word.
    pub(super) fn of(&self, b: usize) -> &[(u32, f32)] {
        &self.vectors[b]
    }

    /// The cosine of the wording of briefs `a` and `b`.
    pub(super) fn similarity(&self, a: usize, b: usize) -> f64 {
        let (x, y) = (self.of(a), self.of(b));
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    dot += f64::from(x[i].1) * f64::from(y[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }

    /// Whether briefs `a` and `b` read alike enough to be related (see
    /// [`WORDING_LIFT`]). A brief without words of its own (no text, or only
    /// names) is judged by its people and topics alone.
    pub(super) fn alike(&self, a: usize, b: usize) -> bool {
        self.alike_by(a, b, WORDING_LIFT)
    }

    /// Whether the cosine of briefs `a` and `b` reaches `lift` times the mean of
    /// their backgrounds; true when a brief has no words, as for [`Self::alike`].
    pub(super) fn alike_by(&self, a: usize, b: usize, lift: f64) -> bool {
        if self.of(a).is_empty() || self.of(b).is_empty() {
            return true;
        }
        let floor = lift * (self.background[a] + self.background[b]) / 2.0;
        self.similarity(a, b) >= floor - 1e-9
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_count_keeps_its_word_and_count() {
        let mut words = Vec::new();
        for_each_word(
            "Ceasefire talks resumed; ceasefire monitors",
            WORDS_READ,
            |h| words.push(h),
        );
        let (ceasefire, talks) = (key(words[0]), key(words[1]));
        assert_eq!(key(words[3]), ceasefire, "case does not make another word");
        assert_ne!(ceasefire, talks);
        for n in [1, 2, 17, WORDS_READ as u32] {
            assert_eq!(unpack(ceasefire | u64::from(n)), (ceasefire, n));
        }
    }

    /// Four briefs' texts, alike in pairs (port and grain, steel and tariffs).
    fn four_texts() -> Vec<SharedText> {
        [
            "Grain corridor talks resumed at the port.",
            "Steel quotas and tariffs were debated in the capital.",
            "The port reopened for grain shipments after the talks.",
            "Tariffs on steel rose again in the capital.",
        ]
        .into_iter()
        .map(SharedText::whole)
        .collect()
    }

    /// A site of one brief a day about one person, newest first, with `texts`
    /// as their bodies.
    fn with_texts(texts: &[SharedText]) -> Site {
        use crate::site::index::test_support::{person, site};
        let dates: Vec<String> = (0..texts.len())
            .map(|i| format!("2024-03-{:02}", texts.len() - i))
            .collect();
        let rows: Vec<(&str, &[u32], &[u32])> = dates
            .iter()
            .map(|d| (d.as_str(), &[0][..], &[][..]))
            .collect();
        let mut s = site(vec![person("A", &[])], vec![], &rows);
        for (b, text) in s.briefs.iter_mut().zip(texts) {
            Arc::make_mut(b).body = text.clone();
        }
        s
    }

    #[test]
    fn kept_counts_are_taken_for_unchanged_texts_alone_and_give_the_same_wording() {
        let mut bodies = four_texts();
        let (_, first) = Wording::reading(&with_texts(&bodies), None, true);
        let first = first.expect("counts kept when asked");
        assert!(
            Wording::reading(&with_texts(&bodies), None, false)
                .1
                .is_none()
        );

        // One text edited: its counts are read again, the others taken as kept.
        bodies[2] = SharedText::whole("Grain talks at the port stalled over shipments.");
        let edited = with_texts(&bodies);
        let (wording, again) = Wording::reading(&edited, Some(&first), true);
        let again = again.expect("counts kept when asked");
        for i in [0, 1, 3] {
            assert!(
                Arc::ptr_eq(&first.counts[i], &again.counts[i]),
                "brief {i} read again"
            );
        }
        assert!(!Arc::ptr_eq(&first.counts[2], &again.counts[2]));
        assert_ne!(first.counts[2], again.counts[2]);
        // The same wording as one made from nothing kept.
        let fresh = Wording::new(&edited);
        assert_eq!(wording.vectors, fresh.vectors);
        assert_eq!(wording.background, fresh.background);
        // And as one made from the texts handed over, as a one-off build does.
        let handed = Wording::of_texts(&edited, bodies.clone());
        assert_eq!(handed.vectors, fresh.vectors);
        assert_eq!(handed.background, fresh.background);
        assert!(
            fresh.vectors.iter().any(|v| !v.is_empty()),
            "words were read"
        );
    }

    #[test]
    fn held_counts_number_words_as_met_and_give_back_each_key_and_count() {
        let mut scratch = Vec::new();
        // Keys in key order in each text, but the second text's words are met
        // after the first's: their numbers are not in key order.
        let first = count_words("steel steel tariffs", &mut scratch);
        let second = count_words("port grain steel grain grain", &mut scratch);
        let mut words = Arc::new(Dictionary::default());
        let held_first = Dictionary::hold(&mut words, &first).expect("room for three words");
        let shared = Arc::clone(&words);
        let held_second = Dictionary::hold(&mut words, &second).expect("room for three words");
        assert!(
            !Arc::ptr_eq(&shared, &words) && shared.keys.len() == 2,
            "a shared dictionary is copied before it grows"
        );
        assert_eq!(words.keys.len(), 4, "steel is numbered once");
        for (counted, held) in [(&first, &held_first), (&second, &held_second)] {
            let mut back: Vec<(u64, u32)> = held.iter().map(|&h| words.unpack(h)).collect();
            back.sort_unstable();
            let expected: Vec<(u64, u32)> = counted.iter().map(|&w| unpack(w)).collect();
            assert_eq!(back, expected);
        }
    }

    #[test]
    fn weighing_held_counts_gives_the_wording_of_counts_just_read() {
        // Several texts whose words are met in an order unlike their keys'.
        let texts: Vec<SharedText> = [
            "Zebra yak xylophone walrus vole.",
            "Aardvark badger yak walrus camel.",
            "Camel dingo badger zebra emu.",
            "Emu ferret dingo aardvark vole.",
            "Gecko ferret xylophone camel badger.",
        ]
        .into_iter()
        .map(SharedText::whole)
        .collect();
        let site = with_texts(&texts);
        let (fresh, held) = Wording::reading(&site, None, true);
        let held = held.expect("counts kept when asked");
        assert!(
            held.counts.iter().any(|c| {
                let numbers: Vec<u32> = c.iter().map(|&h| h >> HELD_COUNT_BITS).collect();
                !numbers.is_sorted()
            }),
            "some brief's words are numbered out of their key order"
        );
        // Weighed by word number, the same as a one-off build weighs counts
        // just read by key.
        let handed = Wording::of_texts(&site, texts.clone());
        assert_eq!(fresh.vectors, handed.vectors);
        assert_eq!(fresh.background, handed.background);
        // Every text's counts taken as held: weighed the same again.
        let (again, _) = Wording::reading(&site, Some(&held), false);
        assert_eq!(again.vectors, fresh.vectors);
        assert_eq!(again.background, fresh.background);
        assert!(fresh.vectors.iter().all(|v| !v.is_empty()));
    }

    #[test]
    fn keys_spread_over_the_buckets_of_a_table() {
        // Keys have their low bits clear: the hasher must still spread them.
        let mut buckets = std::collections::HashSet::new();
        for word in [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        ] {
            for_each_word(word, 1, |h| {
                let mut hasher = Prehashed::default();
                hasher.write_u64(key(h));
                buckets.insert(hasher.finish() & 0xff);
            });
        }
        assert!(buckets.len() >= 5, "{buckets:?}");
    }
}
