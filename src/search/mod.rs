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

mod index;
pub(crate) mod tokens;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::mentions::{Rendered, Target};
use crate::output::FileSink;
use crate::render::views::summary_text;
use crate::site::{BriefId, Site};
use index::{Index, Part};

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

/// The folded words of every person's and topic's name and aliases, by id: a
/// name is read once, not once per brief listing or naming it.
struct Names {
    people: Vec<Vec<Box<str>>>,
    topics: Vec<Vec<Box<str>>>,
}

impl Names {
    fn new(site: &Site) -> Names {
        fn words<'a>(names: impl Iterator<Item = &'a String>) -> Vec<Box<str>> {
            let mut out = Vec::new();
            for name in names {
                tokens::words(name, |w| out.push(w.into()));
            }
            out
        }
        Names {
            people: site
                .people
                .iter()
                .map(|p| words(std::iter::once(&p.name).chain(&p.aliases)))
                .collect(),
            topics: site
                .topics
                .iter()
                .map(|t| words(std::iter::once(&t.name).chain(&t.aliases)))
                .collect(),
        }
    }
}

/// Adds every word of brief `id` worth indexing to `part`, with the fields it is
/// in.
fn gather(part: &mut Part, names: &Names, site: &Site, id: BriefId, body: &Rendered) {
    let b = site.brief(id);
    let mut add_all = |words: &[Box<str>], flag: u8| {
        for w in words {
            part.add(w, flag);
        }
    };
    for &p in &b.people {
        add_all(&names.people[p.index()], PEOPLE);
    }
    for &t in &b.topics {
        add_all(&names.topics[t.index()], TOPICS);
    }
    // People and topics the text names are found by their other names too.
    let mut named: Vec<Target> = body.mentions.iter().map(|m| m.target).collect();
    named.sort_unstable();
    named.dedup();
    for target in named {
        match target {
            Target::Person(p) => add_all(&names.people[p.index()], BODY),
            Target::Topic(t) => add_all(&names.topics[t.index()], BODY),
        }
    }
    tokens::words(&b.title, |w| part.add(w, TITLE));
    tokens::words(summary_text(b, body), |w| part.add(w, SUMMARY));
    tokens::html_words(&body.html.text(), |w| part.add(w, BODY));
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

/// Approximate bytes a word takes in a shard.
fn word_bytes(word: &index::Word) -> usize {
    word.text.len() + 6 + word.count as usize * 5
}

/// Splits `words[range]`, the words under `key` (sorted), into shards: `key`
/// alone when small enough, else one shard per longer prefix (and `key` itself
/// for the one word no longer than it, which sorts first). A shard is a key and
/// a range of `words`.
fn shard<'w>(
    key: &'w str,
    words: &'w [index::Word],
    range: Range<usize>,
    out: &mut Vec<(&'w str, Range<usize>)>,
) {
    let size: usize = words[range.clone()].iter().map(word_bytes).sum();
    let len = key.chars().count();
    if size <= SHARD_BYTES || len >= MAX_KEY {
        out.push((key, range));
        return;
    }
    let mut i = range.start;
    if words[i].text.chars().count() <= len {
        out.push((key, i..i + 1));
        i += 1;
    }
    while i < range.end {
        let sub = prefix(&words[i].text, len + 1);
        let j = i + words[i..range.end]
            .iter()
            .take_while(|w| prefix(&w.text, len + 1) == sub)
            .count();
        shard(sub, words, i..j, out);
        i = j;
    }
}

/// The shard file of the words `words[range]`, under `key`: a call of
/// `dossierSearch.words` with the key and an object of each word's postings.
/// Written straight into a buffer of its exact size (the shards are megabytes in
/// all): words and keys are letters and digits, so they are their own JSON
/// without escapes and hold no `<`.
fn shard_file(index: &Index, key: &str, range: Range<usize>) -> Vec<u8> {
    const START: &str = "dossierSearch.words(\"";
    const END: &str = ");\n";
    let words = &index.words[range];
    // The key, its closing quote, a comma and braces; each word quoted with a
    // colon, and a comma between two.
    let mut len = START.len() + key.len() + 4 + END.len() + words.len().saturating_sub(1);
    for w in words {
        len += w.text.len() + 3 + index.postings_len(w);
    }
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(START.as_bytes());
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\",{");
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(w.text.as_bytes());
        out.extend_from_slice(b"\":");
        index.write_postings(w, &mut out);
    }
    out.push(b'}');
    out.extend_from_slice(END.as_bytes());
    debug_assert_eq!(out.len(), len);
    debug_assert!(!out.contains(&b'<') && !out.contains(&b'\\'));
    out
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
/// no text can close a script element. The file is written in one buffer.
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

/// Makes every file of the index and hands each to `sink` as soon as it is made;
/// returns how many it made.
pub(crate) fn files(
    site: &Site,
    bodies: &[Arc<Rendered>],
    sink: FileSink<'_>,
) -> crate::Result<usize> {
    let n = site.briefs.len();
    let names = Names::new(site);
    // Each worker indexes a run of consecutive brief numbers, oldest first; the
    // runs are then joined in order, so every word's postings are in ascending
    // brief numbers. No per-brief word list is ever made.
    let numbers: Vec<u32> = (0..n as u32).collect();
    let parts: Vec<Part> = numbers
        .par_chunks(run_len(n))
        .map(|ks| {
            let mut part = Part::default();
            for &k in ks {
                let id = id_of(n, k);
                gather(&mut part, &names, site, id, &bodies[id.index()]);
                part.post(k);
            }
            part.finish();
            part
        })
        .collect();
    drop(names);
    write(site, bodies, parts, sink)
}

/// [`files`] for a one-off build, which owns the bodies and reads them for
/// nothing else once the index is made: each body's HTML (as large as the texts
/// it came from) is let go as soon as its words are gathered, so the index grows
/// into the memory the bodies give back. The files are the same.
pub(crate) fn files_releasing(
    site: &Site,
    mut bodies: Vec<Arc<Rendered>>,
    sink: FileSink<'_>,
) -> crate::Result<usize> {
    let n = site.briefs.len();
    let names = Names::new(site);
    let run = run_len(n);
    // The runs of `files`, taken from the end of the bodies (ids newest first):
    // run `c` holds brief numbers `c * run ..`, the ids of its chunk read from
    // its end.
    let parts: Vec<Part> = bodies
        .par_rchunks_mut(run)
        .enumerate()
        .map(|(c, chunk)| {
            let mut part = Part::default();
            for (i, body) in chunk.iter_mut().rev().enumerate() {
                let k = (c * run + i) as u32;
                gather(&mut part, &names, site, id_of(n, k), body);
                part.post(k);
                if let Some(rendered) = Arc::get_mut(body) {
                    rendered.html = Default::default();
                }
            }
            part.finish();
            part
        })
        .collect();
    drop(names);
    let written = write(site, &bodies, parts, sink);
    crate::release(bodies);
    written
}

/// Brief number `k` (oldest first) as an id (newest first).
fn id_of(n: usize, k: u32) -> BriefId {
    BriefId::new(n - 1 - k as usize)
}

/// Brief numbers a worker indexes at a time: a few runs per thread.
fn run_len(n: usize) -> usize {
    n.div_ceil(rayon::current_num_threads() * 4).max(256)
}

/// Joins the workers' parts and hands on every file of the index: word shards,
/// document chunks, the manifest.
fn write(
    site: &Site,
    bodies: &[Arc<Rendered>],
    parts: Vec<Part>,
    sink: FileSink<'_>,
) -> crate::Result<usize> {
    let n = site.briefs.len();
    let index = Index::merge(parts);
    let words = &index.words;
    let mut shards: Vec<(&str, Range<usize>)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let key = prefix(&words[i].text, tokens::MIN_LEN);
        let j = i + words[i..]
            .iter()
            .take_while(|w| prefix(&w.text, tokens::MIN_LEN) == key)
            .count();
        shard(key, words, i..j, &mut shards);
        i = j;
    }
    shards.par_iter().try_for_each(|(key, range)| {
        sink((
            format!("search/t/{}.js", key_name(key)),
            shard_file(&index, key, range.clone()),
        ))
    })?;
    let chunks = n.div_ceil(CHUNK);
    (0..chunks).into_par_iter().try_for_each(|c| {
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
        sink((
            format!("search/d/{c}.js"),
            script("docs", &[itoa::Buffer::new().format(c), ",", &json]),
        ))
    })?;
    let manifest = Manifest {
        v: 1,
        n,
        chunk: CHUNK,
        stop: tokens::STOP_WORDS,
        min: tokens::MIN_LEN,
        shards: shards.iter().map(|&(k, _)| k).collect(),
    };
    sink((
        "search/index.js".into(),
        script(
            "index",
            &[&serde_json::to_string(&manifest).expect("the manifest serialises")],
        ),
    ))?;
    Ok(shards.len() + chunks + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_that_lets_bodies_go_writes_the_same_index() {
        // More briefs than one run of a worker, so several runs are joined.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let briefs = dir.path().join("content/briefs");
        std::fs::create_dir_all(&briefs).expect("the folder is created");
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").expect("site.yaml");
        let words = [
            "grain",
            "corridor",
            "tariff",
            "summit",
            "ceasefire",
            "election",
        ];
        for i in 0..600 {
            std::fs::write(
                briefs.join(format!("b{i}.md")),
                format!(
                    "---\ntitle: Brief {i} {}\ndate: 2020-01-01\nsource: S\n---\nOn the {} and the {} number {i}.\n",
                    words[i % 6],
                    words[(i / 6) % 6],
                    words[(i + 1) % 6],
                ),
            )
            .expect("a brief is written");
        }
        let compiled = crate::compile(dir.path(), None, crate::BuildOptions::default())
            .expect("the site compiles");
        assert!(compiled.site.briefs.len() > 2 * run_len(compiled.site.briefs.len()));
        let collect = |make: &dyn Fn(FileSink<'_>) -> crate::Result<usize>| {
            let files = std::sync::Mutex::new(Vec::new());
            make(&|file: crate::output::OutputFile| {
                files.lock().expect("not poisoned").push(file);
                Ok(())
            })
            .expect("the index is made");
            let mut files = files.into_inner().expect("not poisoned");
            files.sort();
            files
        };
        let kept = collect(&|sink| files(&compiled.site, &compiled.bodies, sink));
        // Bodies of its own, so that each one can be let go.
        let owned = || {
            compiled
                .bodies
                .iter()
                .map(|b| Arc::new((**b).clone()))
                .collect()
        };
        let released = collect(&|sink| files_releasing(&compiled.site, owned(), sink));
        assert!(kept.iter().any(|(name, _)| name.starts_with("search/t/")));
        assert_eq!(kept, released);
    }

    #[test]
    fn large_shards_split_by_longer_prefixes() {
        let mut part = Part::default();
        part.add("th", TITLE);
        part.add("this", TITLE);
        for k in 0..(SHARD_BYTES / 5) as u32 {
            part.add("the", BODY);
            part.add("thin", BODY);
            part.post(k);
        }
        let index = Index::merge(vec![part]);
        let mut out = Vec::new();
        shard("th", &index.words, 0..index.words.len(), &mut out);
        let keys: Vec<&str> = out.iter().map(|&(k, _)| k).collect();
        assert_eq!(keys, ["th", "the", "thin", "this"]);
        assert_eq!(key_name("ça"), "_e7-a");
    }

    #[test]
    fn shard_files_hold_each_word_with_its_gaps_and_fields() {
        let mut part = Part::default();
        part.add("tax", TITLE);
        part.add("taxes", BODY);
        part.post(3);
        part.add("tax", BODY);
        part.add("tax", PEOPLE);
        part.post(10);
        let index = Index::merge(vec![part]);
        let out = shard_file(&index, "ta", 0..index.words.len());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "dossierSearch.words(\"ta\",{\"tax\":[3,1,7,18],\"taxes\":[3,16]});\n"
        );
        let empty = shard_file(&index, "zz", 0..0);
        assert_eq!(empty, b"dossierSearch.words(\"zz\",{});\n");
    }

    #[test]
    fn scripts_escape_every_angle_bracket() {
        let out = script("words", &["\"a<b\"", ",", "[\"<\",\"x<<\"]"]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "dossierSearch.words(\"a\\u003cb\",[\"\\u003c\",\"x\\u003c\\u003c\"]);\n"
        );
    }
}
