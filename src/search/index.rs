//! The word index in memory: each word with its postings (brief number, fields),
//! brief numbers ascending.
//!
//! Built in runs of consecutive brief numbers, one [`Part`] per run and worker:
//! a part numbers its words as it meets them (one lookup per word occurrence in
//! a table the size of the vocabulary) and keeps each word's postings as bytes,
//! a varint gap then the fields byte, two or three bytes a posting where a
//! `(u32, u8)` pair takes eight. [`Index::merge`] puts the parts together
//! without copying postings: a word's postings are its parts' pieces in run
//! order, and only the first gap of each piece is made relative when they are
//! written out (`Index::write_postings`).

use std::ops::Range;

use super::tokens;

/// The words of one run of briefs and their postings.
#[derive(Default)]
pub(crate) struct Part {
    /// Word key (of [`tokens::pack`]) to word number.
    ids: Ids,
    /// Words too long to pack, to word number.
    long: ahash::AHashMap<Box<str>, u32>,
    /// The fields each word is in, in the brief being gathered; 0 when not in it.
    /// Apart from `posted`: it is the only thing touched per occurrence.
    fields: Vec<u8>,
    /// Each word's postings so far.
    posted: Vec<Posted>,
    /// Words of the brief being gathered, each once.
    touched: Vec<u32>,
}

/// One word's postings in one part.
#[derive(Default)]
struct Posted {
    /// The last brief number posted.
    last: u32,
    /// Postings made.
    count: u32,
    /// Postings: a varint gap from the last (from 0 for the first), then fields.
    bytes: Vec<u8>,
}

impl Part {
    /// Notes that the brief being gathered has `word` (folded) in `field`.
    #[inline]
    pub(crate) fn add(&mut self, word: &str, field: u8) {
        let id = match tokens::pack(word) {
            Some(key) => match self.ids.find(key) {
                Ok(id) => id,
                Err(slot) => {
                    let id = self.new_word();
                    self.ids.insert(slot, key, id);
                    id
                }
            },
            None => match self.long.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.new_word();
                    self.long.insert(word.into(), id);
                    id
                }
            },
        };
        let fields = &mut self.fields[id as usize];
        if *fields == 0 {
            self.touched.push(id);
        }
        *fields |= field;
    }

    fn new_word(&mut self) -> u32 {
        let id = u32::try_from(self.fields.len())
            .expect("under 2^32 distinct words: each is three bytes or more of text in memory");
        self.fields.push(0);
        self.posted.push(Posted::default());
        id
    }

    /// Posts the words added since the last call as brief number `k`, which is
    /// greater than every number posted before.
    pub(crate) fn post(&mut self, k: u32) {
        for id in self.touched.drain(..) {
            let fields = std::mem::take(&mut self.fields[id as usize]);
            let posted = &mut self.posted[id as usize];
            let gap = if posted.count == 0 {
                k
            } else {
                k - posted.last
            };
            push_varint(&mut posted.bytes, gap);
            posted.bytes.push(fields);
            posted.last = k;
            posted.count += 1;
        }
    }

    /// Gives back what growing the postings left unused: a part is held until
    /// the last part is done and its words are written out.
    pub(crate) fn finish(&mut self) {
        for posted in &mut self.posted {
            posted.bytes.shrink_to_fit();
        }
    }

    /// Every word of the part with its postings, in no particular order.
    fn into_words(self) -> impl Iterator<Item = (String, u32, Vec<u8>)> {
        let Part {
            ids,
            long,
            mut posted,
            ..
        } = self;
        let words: Vec<(String, u32)> = ids
            .keys
            .into_iter()
            .zip(ids.ids)
            .filter(|&(key, _)| key != 0)
            .map(|(key, id)| (tokens::unpack(key), id))
            .chain(long.into_iter().map(|(w, id)| (w.into_string(), id)))
            .collect();
        words.into_iter().map(move |(word, id)| {
            let p = std::mem::take(&mut posted[id as usize]);
            (word, p.count, p.bytes)
        })
    }
}

/// Word keys to word numbers: a table probed once per word occurrence, so an
/// open-addressed one with linear probing and a one-multiply hash (seeded per
/// process, so no text can be made to collide), at most half full, keys and
/// numbers apart so that a probe reads one cache line.
struct Ids {
    /// Keys by slot; 0 (no word's key) is an empty slot.
    keys: Vec<u128>,
    ids: Vec<u32>,
    len: usize,
    seed: u64,
}

impl Default for Ids {
    fn default() -> Ids {
        use std::hash::BuildHasher;
        const SLOTS: usize = 1024;
        Ids {
            keys: vec![0; SLOTS],
            ids: vec![0; SLOTS],
            len: 0,
            seed: std::collections::hash_map::RandomState::new().hash_one(0u8) | 1,
        }
    }
}

impl Ids {
    #[inline]
    fn home(&self, key: u128) -> usize {
        // A folded multiply: the high and low halves of the 128-bit product of
        // the two halves of the key, each mixed with the seed.
        let product = u128::from((key as u64) ^ self.seed)
            * u128::from(((key >> 64) as u64) ^ 0x9E37_79B9_7F4A_7C15);
        ((product as u64) ^ ((product >> 64) as u64)) as usize & (self.keys.len() - 1)
    }

    /// The number of `key` (not 0), or the slot to insert it at.
    #[inline]
    fn find(&self, key: u128) -> Result<u32, usize> {
        let mask = self.keys.len() - 1;
        let mut slot = self.home(key);
        loop {
            let k = self.keys[slot];
            if k == key {
                return Ok(self.ids[slot]);
            }
            if k == 0 {
                return Err(slot);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Puts `key` at `slot`, which [`find`](Self::find) gave for it.
    fn insert(&mut self, slot: usize, key: u128, id: u32) {
        self.keys[slot] = key;
        self.ids[slot] = id;
        self.len += 1;
        if self.len * 2 > self.keys.len() {
            let slots = self.keys.len() * 2;
            let keys = std::mem::replace(&mut self.keys, vec![0; slots]);
            let ids = std::mem::replace(&mut self.ids, vec![0; slots]);
            for (key, id) in keys.into_iter().zip(ids).filter(|&(k, _)| k != 0) {
                if let Err(slot) = self.find(key) {
                    self.keys[slot] = key;
                    self.ids[slot] = id;
                }
            }
        }
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A varint from `bytes` at `*at`, which moves past it. The bytes are those
/// `push_varint` wrote.
#[inline]
fn read_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// A word of the index.
pub(crate) struct Word {
    /// The folded word.
    pub(crate) text: String,
    /// Its postings, all parts together.
    pub(crate) count: u32,
    /// Its pieces in [`Index::pieces`], in run order.
    pieces: Range<usize>,
}

/// Every word of the site, sorted, with its postings.
pub(crate) struct Index {
    pub(crate) words: Vec<Word>,
    /// Postings of each word in each part (see [`Part`]), a word's consecutive.
    pieces: Vec<Vec<u8>>,
}

impl Index {
    /// The index of `parts`, which cover consecutive runs of brief numbers in
    /// order.
    pub(crate) fn merge(parts: Vec<Part>) -> Index {
        use rayon::prelude::*;
        let mut all: Vec<(String, u32, Vec<u8>)> = parts
            .into_par_iter()
            .flat_map_iter(Part::into_words)
            .collect();
        // A stable sort: each word's pieces stay in run order.
        all.par_sort_by(|a, b| a.0.cmp(&b.0));
        let mut words: Vec<Word> = Vec::new();
        let mut pieces = Vec::with_capacity(all.len());
        for (text, count, bytes) in all {
            match words.last_mut() {
                Some(last) if last.text == text => {
                    last.count += count;
                    last.pieces.end += 1;
                }
                _ => words.push(Word {
                    text,
                    count,
                    pieces: pieces.len()..pieces.len() + 1,
                }),
            }
            pieces.push(bytes);
        }
        Index { words, pieces }
    }

    /// Calls `each` with every posting of `word` as `search.js` reads it: the
    /// gap from the last brief number (from 0 for the first) and the fields.
    #[inline]
    fn each_posting(&self, word: &Word, mut each: impl FnMut(u32, u8)) {
        let mut last = 0;
        for bytes in &self.pieces[word.pieces.clone()] {
            // Numbers in a piece are gaps from its own first, which is whole.
            let mut n = 0;
            let mut at = 0;
            while at < bytes.len() {
                n += read_varint(bytes, &mut at);
                let fields = bytes[at];
                at += 1;
                each(n - last, fields);
                last = n;
            }
        }
    }

    /// The length of what [`write_postings`](Self::write_postings) writes.
    pub(crate) fn postings_len(&self, word: &Word) -> usize {
        // Brackets, and a comma between two numbers.
        let mut len = 1 + 2 * word.count as usize;
        self.each_posting(word, |gap, fields| {
            len += digits(gap) + digits(u32::from(fields));
        });
        len
    }

    /// The postings of `word` written as `search.js` reads them:
    /// `[gap, fields, gap, fields...]`.
    pub(crate) fn write_postings(&self, word: &Word, out: &mut Vec<u8>) {
        out.push(b'[');
        // Millions of numbers on a large site: formatted by `itoa`, not `fmt`.
        let mut buf = itoa::Buffer::new();
        let mut first = true;
        self.each_posting(word, |gap, fields| {
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(buf.format(gap).as_bytes());
            out.push(b',');
            out.extend_from_slice(buf.format(fields).as_bytes());
        });
        out.push(b']');
    }
}

/// Decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: u8 = 1;
    const BODY: u8 = 16;

    /// The postings of `word` written out, as text.
    fn written(index: &Index, word: &str) -> String {
        let w = index.words.iter().find(|w| w.text == word).unwrap();
        let mut out = Vec::new();
        index.write_postings(w, &mut out);
        assert_eq!(out.len(), index.postings_len(w), "the length told");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn runs_join_into_gaps_and_fields() {
        let mut a = Part::default();
        a.add("tax", 1);
        a.add("levy", 16);
        a.add("tax", 16);
        a.post(3);
        a.add("tax", 16);
        a.post(10);
        // Past one varint byte, and one word too long to pack.
        a.add("tax", 2);
        a.add("internationalisation", 16);
        a.post(300);
        let mut b = Part::default();
        b.add("levy", 4);
        b.add("tax", 8);
        b.add("internationalisation", 1);
        b.post(1000);
        b.add("tax", 1);
        b.post(1001);
        let index = Index::merge(vec![a, b]);
        let words: Vec<&str> = index.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["internationalisation", "levy", "tax"]);
        assert_eq!(written(&index, "tax"), "[3,17,7,16,290,2,700,8,1,1]");
        assert_eq!(written(&index, "levy"), "[3,16,997,4]");
        assert_eq!(written(&index, "internationalisation"), "[300,16,700,1]");
        assert_eq!(index.words[2].count, 5);
    }

    #[test]
    fn word_numbers_survive_the_table_growing() {
        let mut part = Part::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for w in &words {
            part.add(w, BODY);
        }
        part.post(0);
        for w in words.iter().step_by(7) {
            part.add(w, TITLE);
        }
        part.post(1);
        let index = Index::merge(vec![part]);
        assert_eq!(index.words.len(), words.len());
        assert_eq!(written(&index, "w0"), "[0,16,1,1]");
        assert_eq!(written(&index, "w1"), "[0,16]");
        assert_eq!(written(&index, "w4997"), "[0,16]");
        assert_eq!(written(&index, "w4998"), "[0,16,1,1]");
    }

    #[test]
    fn digits_of_numbers() {
        for n in [0, 9, 10, 99, 100, 12345, u32::MAX] {
            assert_eq!(digits(n), n.to_string().len(), "{n}");
        }
    }
}
