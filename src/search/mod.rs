//! The search index a build writes under `search/`, read by `templates/search.js`
//! in the reader's browser: no server, no third-party script, and it works from any
//! path and from a folder opened on disk.
//!
//! Layout (every file is a script calling a function of `search.js`, because a
//! `<script>` element loads from `file://` where `fetch` cannot):
//!
//! - `search/index.js`: the number of briefs, the chunk size, the stop words and
//!   the key of every word shard. Small; loaded on the first keystroke.
//! - `search/t/<key>.js`: the words starting with `<key>` (two letters, or more
//!   where two would make a large file), each with its postings: brief numbers
//!   (delta-encoded) and, for each, the fields the word is in (title, people,
//!   topics, summary, body). A query loads the shards of its words only.
//! - `search/d/<n>.js`: title, slug, date and summary of briefs `n * CHUNK ..`,
//!   loaded for the results shown.
//!
//! Briefs are numbered oldest first, so a new brief (usually the newest) takes the
//! next number: every other brief keeps its number, and every document chunk but
//! the last keeps its bytes, as do the word shards of words the new brief lacks.

pub(crate) mod tokens;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::mentions::{Rendered, Target};
use crate::output::OutputFile;
use crate::render::views::summary_text;
use crate::site::{BriefId, Site};
use tokens::Word;

/// Briefs per document chunk: a result list of ten loads at most ten small files.
pub(crate) const CHUNK: usize = 32;

/// A word shard is split by a longer prefix past this many bytes of postings.
const SHARD_BYTES: usize = 24 * 1024;

/// The longest shard key: past it a shard stays whole whatever its size.
const MAX_KEY: usize = 6;

/// Summary characters kept for a result.
const SUMMARY_CHARS: usize = 180;

/// Field flags of a posting; `search.js` weighs them.
const TITLE: u8 = 1;
const PEOPLE: u8 = 2;
const TOPICS: u8 = 4;
const SUMMARY: u8 = 8;
const BODY: u8 = 16;

/// Posts the words of brief `id`, number `k`, in `index`, with the fields each is
/// in. Briefs are added in ascending numbers, so each word's posting for `k` is
/// its last. A brief's words are first gathered in `seen` (empty, and left
/// empty), a table small enough to stay in cache, so the large index is probed
/// once per distinct word rather than once per occurrence.
fn add_brief(
    index: &mut ahash::AHashMap<Word, Postings>,
    seen: &mut ahash::AHashMap<Word, u8>,
    site: &Site,
    id: BriefId,
    k: u32,
    body: &Rendered,
) {
    gather(seen, site, id, body);
    for (word, fields) in seen.drain() {
        index.entry(word).or_default().push((k, fields));
    }
}

/// Every word of brief `id` worth indexing into `seen`, with the fields it is in.
fn gather(seen: &mut ahash::AHashMap<Word, u8>, site: &Site, id: BriefId, body: &Rendered) {
    let b = site.brief(id);
    let mut add_word = |w: &str, flag: u8| *seen.entry(Word::new(w)).or_default() |= flag;
    let mut add = |text: &str, flag: u8| tokens::words(text, |w| add_word(w, flag));
    add(&b.title, TITLE);
    for &p in &b.people {
        let person = site.person(p);
        add(&person.name, PEOPLE);
        for a in &person.aliases {
            add(a, PEOPLE);
        }
    }
    for &t in &b.topics {
        let topic = site.topic(t);
        add(&topic.name, TOPICS);
        for a in &topic.aliases {
            add(a, TOPICS);
        }
    }
    add(summary_text(b, body), SUMMARY);
    // People and topics the text names are found by their other names too.
    let mut named: Vec<Target> = body.mentions.iter().map(|m| m.target).collect();
    named.sort_unstable();
    named.dedup();
    for target in named {
        let (name, aliases) = match target {
            Target::Person(p) => (&site.person(p).name, &site.person(p).aliases),
            Target::Topic(t) => (&site.topic(t).name, &site.topic(t).aliases),
        };
        add(name, BODY);
        for a in aliases {
            add(a, BODY);
        }
    }
    tokens::html_words(&body.html, |w| add_word(w, BODY));
}

/// The file name part of a shard key: letters and digits as they are, any other
/// character as `_<hex>-` (`search.js` names them the same way).
fn key_name(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}-", c as u32));
        }
    }
    out
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A word's postings: (brief number, fields), brief numbers ascending.
type Postings = Vec<(u32, u8)>;

/// The postings written as `search.js` reads them: `[gap, fields, gap, fields...]`.
fn postings_json(postings: &Postings, out: &mut String) {
    out.push('[');
    // Millions of numbers on a large site: formatted by `itoa`, not `fmt`.
    let mut digits = itoa::Buffer::new();
    let mut last = 0;
    for (i, &(n, f)) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(digits.format(n - last));
        out.push(',');
        out.push_str(digits.format(f));
        last = n;
    }
    out.push(']');
}

/// Approximate bytes a word takes in a shard.
fn word_bytes(word: &str, postings: &Postings) -> usize {
    word.len() + 6 + postings.len() * 5
}

/// Splits `words[range]`, the words under `key` (sorted), into shards: `key`
/// alone when small enough, else one shard per longer prefix (and `key` itself
/// for the one word no longer than it, which sorts first). A shard is a key and
/// a range of `words`.
fn shard(
    key: &str,
    words: &[(String, Postings)],
    range: Range<usize>,
    out: &mut Vec<(String, Range<usize>)>,
) {
    let size: usize = words[range.clone()]
        .iter()
        .map(|(w, p)| word_bytes(w, p))
        .sum();
    let len = key.chars().count();
    if size <= SHARD_BYTES || len >= MAX_KEY {
        out.push((key.to_owned(), range));
        return;
    }
    let mut i = range.start;
    if words[i].0.chars().count() <= len {
        out.push((key.to_owned(), i..i + 1));
        i += 1;
    }
    while i < range.end {
        let sub = prefix(&words[i].0, len + 1);
        let j = i + words[i..range.end]
            .iter()
            .take_while(|(w, _)| prefix(w, len + 1) == sub)
            .count();
        shard(sub, words, i..j, out);
        i = j;
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// Briefs indexed.
    n: usize,
    /// Briefs per document chunk.
    chunk: usize,
    /// Words a query ignores.
    stop: &'a [&'a str],
    /// Shorter words than this are ignored.
    min: usize,
    /// Shard keys, sorted.
    shards: Vec<&'a str>,
}

/// Writes the arguments `args` (joined) as a call of `search.js`'s
/// `dossierSearch.<function>`. JSON is a JavaScript expression; `<` is escaped so
/// no text can close a script element. The file is written in one buffer: the
/// shards are megabytes in all, and each copy costs fresh memory.
fn script(function: &str, args: &[&str]) -> Vec<u8> {
    let len: usize = args.iter().map(|a| a.len()).sum();
    let mut out = String::with_capacity(len + function.len() + 32);
    out.push_str("dossierSearch.");
    out.push_str(function);
    out.push('(');
    for arg in args {
        let mut rest = *arg;
        while let Some(i) = rest.find('<') {
            out.push_str(&rest[..i]);
            out.push_str("\\u003c");
            rest = &rest[i + 1..];
        }
        out.push_str(rest);
    }
    out.push_str(");\n");
    out.into_bytes()
}

/// Every file of the index.
pub(crate) fn files(site: &Site, bodies: &[Arc<Rendered>]) -> Vec<OutputFile> {
    let n = site.briefs.len();
    // Oldest first: brief number `k` is id `n - 1 - k`.
    let id_of = |k: u32| BriefId::new(n - 1 - k as usize);
    // Each worker indexes a run of consecutive brief numbers, oldest first; the
    // runs are then joined in order, so every word's postings are in ascending
    // brief numbers. No per-brief word list is ever made.
    let numbers: Vec<u32> = (0..n as u32).collect();
    let run = n.div_ceil(rayon::current_num_threads() * 4).max(256);
    let parts: Vec<ahash::AHashMap<Word, Postings>> = numbers
        .par_chunks(run)
        .map(|ks| {
            let mut part = ahash::AHashMap::new();
            let mut seen = ahash::AHashMap::new();
            for &k in ks {
                let id = id_of(k);
                add_brief(&mut part, &mut seen, site, id, k, &bodies[id.index()]);
            }
            part
        })
        .collect();
    let mut parts = parts.into_iter();
    let mut index = parts.next().unwrap_or_default();
    for part in parts {
        for (w, p) in part {
            index.entry(w).or_default().extend(p);
        }
    }
    let mut words: Vec<(String, Postings)> = index
        .into_iter()
        .map(|(w, p)| (w.into_string(), p))
        .collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shards: Vec<(String, Range<usize>)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let key = prefix(&words[i].0, tokens::MIN_LEN);
        let j = i + words[i..]
            .iter()
            .take_while(|(w, _)| prefix(w, tokens::MIN_LEN) == key)
            .count();
        shard(key, &words, i..j, &mut shards);
        i = j;
    }
    let mut out: Vec<OutputFile> = shards
        .par_iter()
        .map(|(key, range)| {
            let mut json = String::from("{");
            for (i, (w, p)) in words[range.clone()].iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push_str(&serde_json::to_string(w).expect("a string serialises"));
                json.push(':');
                postings_json(p, &mut json);
            }
            json.push('}');
            let key_json = serde_json::to_string(key).expect("a string serialises");
            (
                format!("search/t/{}.js", key_name(key)),
                script("words", &[&key_json, ",", &json]),
            )
        })
        .collect();
    let chunks: Vec<OutputFile> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let docs: Vec<(&str, &str, String, String)> = (c * CHUNK..((c + 1) * CHUNK).min(n))
                .map(|k| {
                    let id = BriefId::new(n - 1 - k);
                    let b = site.brief(id);
                    let summary = summary_text(b, &bodies[id.index()]);
                    let summary = match summary.char_indices().nth(SUMMARY_CHARS) {
                        Some((i, _)) => format!("{}…", summary[..i].trim_end()),
                        None => summary.to_owned(),
                    };
                    (b.title.as_str(), b.slug.as_str(), b.date.ymd(), summary)
                })
                .collect();
            let json = serde_json::to_string(&docs).expect("strings serialise");
            (
                format!("search/d/{c}.js"),
                script("docs", &[itoa::Buffer::new().format(c), ",", &json]),
            )
        })
        .collect();
    out.extend(chunks);
    let manifest = Manifest {
        v: 1,
        n,
        chunk: CHUNK,
        stop: tokens::STOP_WORDS,
        min: tokens::MIN_LEN,
        shards: shards.iter().map(|(k, _)| k.as_str()).collect(),
    };
    out.push((
        "search/index.js".into(),
        script(
            "index",
            &[&serde_json::to_string(&manifest).expect("the manifest serialises")],
        ),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_shards_split_by_longer_prefixes() {
        let many: Postings = (0..(SHARD_BYTES / 5) as u32).map(|n| (n, BODY)).collect();
        let few: Postings = vec![(1, TITLE)];
        let words: Vec<(String, Postings)> = [
            ("th", &few),
            ("the", &many),
            ("thin", &many),
            ("this", &few),
        ]
        .into_iter()
        .map(|(w, p)| (w.to_owned(), p.clone()))
        .collect();
        let mut out = Vec::new();
        shard("th", &words, 0..words.len(), &mut out);
        let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["th", "the", "thin", "this"]);
        assert_eq!(key_name("ça"), "_e7-a");
    }

    #[test]
    fn scripts_escape_every_angle_bracket() {
        let out = script("words", &["\"a<b\"", ",", "[\"<\",\"x<<\"]"]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "dossierSearch.words(\"a\\u003cb\",[\"\\u003c\",\"x\\u003c\\u003c\"]);\n"
        );
    }

    #[test]
    fn postings_are_gaps_and_fields() {
        let mut s = String::new();
        postings_json(&vec![(3, TITLE), (10, BODY | PEOPLE)], &mut s);
        assert_eq!(s, "[3,1,7,18]");
    }
}
