//! Mention linking: finds the names of registry people and topics in brief bodies
//! and links them to their pages, and records which entries a brief mentions and
//! the sentence it first mentions each in.
//!
//! One automaton holds every name and alias of the site, folded to a comparable
//! form (lowercase, accents and combining marks dropped, curly apostrophes made
//! straight, whitespace runs collapsed). Each text run is folded with a map back
//! to its original bytes and searched once, so the cost grows with the text, not
//! with the number of names. Matches must sit on word boundaries of the original
//! text, and the leftmost, then longest, of overlapping matches wins.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use crate::html::{escape, escape_into};
use crate::render::markdown::TextLinker;
use crate::site::{Lookup, PersonId, Site, TopicId};
use crate::urls as paths;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A person's page.
    Person(PersonId),
    /// A topic's page.
    Topic(TopicId),
}

pub use crate::config::MentionMode;

/// A name found in a text run, in byte offsets of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Start of the name.
    pub start: usize,
    /// End of the name (exclusive).
    pub end: usize,
    /// What it names.
    pub target: Target,
}

/// The names of a site compiled into one automaton. Build it once per site and
/// share it (it is `Sync`) between the threads rendering briefs.
#[derive(Debug, Clone, Default)]
pub struct MentionMatcher {
    /// `None` when there are no names (or the automaton could not be built, which
    /// only happens far beyond any real registry's size): nothing is matched.
    automaton: Option<AhoCorasick>,
    /// The same names with leftmost-longest semantics, for the common case.
    longest: Option<AhoCorasick>,
    /// The target of each pattern, by pattern index.
    targets: Vec<Target>,
    /// Folded names dropped because they name more than one target, sorted.
    ambiguous: Vec<String>,
}

impl MentionMatcher {
    /// Compiles `names` (each surface form with its target). A surface whose folded
    /// form is claimed by two different targets, or that appears in `ambiguous`,
    /// is dropped: linking it would guess. Surfaces with fewer than two letters or
    /// digits are dropped too, since they would match ordinary words.
    pub fn new<N, S, A, T>(names: N, ambiguous: A) -> MentionMatcher
    where
        N: IntoIterator<Item = (S, Target)>,
        S: AsRef<str>,
        A: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        // `None`: claimed by more than one target. A BTreeMap keeps pattern order,
        // and so the output, deterministic.
        let mut surfaces: BTreeMap<String, Option<Target>> = BTreeMap::new();
        for (surface, target) in names {
            let Some(folded) = fold_pattern(surface.as_ref()) else {
                continue;
            };
            surfaces
                .entry(folded)
                .and_modify(|t| {
                    if *t != Some(target) {
                        *t = None;
                    }
                })
                .or_insert(Some(target));
        }
        for surface in ambiguous {
            if let Some(folded) = fold_pattern(surface.as_ref()) {
                surfaces.insert(folded, None);
            }
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        let mut dropped: Vec<String> = Vec::new();
        for (folded, target) in &surfaces {
            match target {
                Some(t) => {
                    patterns.push(folded);
                    targets.push(*t);
                }
                None => dropped.push(folded.clone()),
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // Standard semantics so that overlapping matches are all reported: the
            // automaton's own leftmost-longest choice cannot see word boundaries,
            // and a long match rejected at a boundary ("Li Qiangs") would hide a
            // valid shorter one ("Li"). The leftmost-longest choice is made after
            // boundaries are checked, in `find`.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        };
        let longest = if patterns.is_empty() {
            None
        } else {
            // A full DFA: a few megabytes for thousands of names, and the fastest search.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&patterns)
                .ok()
        };
        MentionMatcher {
            automaton,
            longest,
            targets,
            ambiguous: dropped,
        }
    }

    /// The names and aliases of the site's registry people and topics (name-only
    /// entries have no page worth sending readers to from every brief). A surface
    /// the registry resolves to another entry, or cannot resolve, is left out, so
    /// mention links agree with how front matter names are resolved.
    pub fn from_site(site: &Site) -> MentionMatcher {
        let mut names: Vec<(&str, Target)> = Vec::new();
        let mut ambiguous: Vec<&str> = Vec::new();
        for (i, p) in site.people.iter().enumerate() {
            if p.path.is_none() {
                continue;
            }
            for surface in std::iter::once(&p.name).chain(&p.aliases) {
                match site.people_registry.lookup(surface) {
                    Lookup::Found(id) if id as usize == i => {
                        names.push((surface, Target::Person(PersonId(i as u32))))
                    }
                    Lookup::Ambiguous(_) => ambiguous.push(surface),
                    _ => {}
                }
            }
        }
        for (i, t) in site.topics.iter().enumerate() {
            if t.path.is_none() {
                continue;
            }
            for surface in std::iter::once(&t.name).chain(&t.aliases) {
                match site.topics_registry.lookup(surface) {
                    Lookup::Found(id) if id as usize == i => {
                        names.push((surface, Target::Topic(TopicId(i as u32))))
                    }
                    Lookup::Ambiguous(_) => ambiguous.push(surface),
                    _ => {}
                }
            }
        }
        MentionMatcher::new(names, ambiguous)
    }

    /// Folded names left out because they could mean more than one entry, sorted:
    /// worth a warning, since writers may expect them to link.
    pub fn ambiguous(&self) -> &[String] {
        &self.ambiguous
    }

    /// How many names can be matched.
    pub fn len(&self) -> usize {
        if self.automaton.is_some() {
            self.targets.len()
        } else {
            0
        }
    }

    /// Whether no name can be matched.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The mentions in `text`, in order, not overlapping: among matches on word
    /// boundaries, the leftmost wins, then the longest.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_into(text, &mut Folded::default(), &mut out);
        out
    }

    /// Like [`find`](MentionMatcher::find), appending to `out` and folding into
    /// `folded`, buffers a caller reuses from one text run to the next.
    fn find_into(&self, text: &str, folded: &mut Folded, out: &mut Vec<Mention>) {
        let (Some(automaton), Some(longest)) = (&self.automaton, &self.longest) else {
            return;
        };
        folded.fill(text);
        let folded = &*folded;
        let hay = folded.text.as_slice();
        let accept = |start: usize, end: usize| {
            folded
                .original(start, end, text.len())
                .filter(|&(s, e)| on_word_boundaries(text, s, e))
        };
        let mut pos = 0;
        // Leftmost-longest search, fast in the common case; when the longest name at
        // a place fails a word boundary ("Li Qiangs"), a shorter one there may still
        // fit ("Li"), so every name inside that span is looked at.
        while pos < hay.len() {
            let Some(m) = longest.find(aho_corasick::Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            if let Some((start, end)) = accept(m.start(), m.end()) {
                if let Some(&target) = self.targets.get(m.pattern().as_usize()) {
                    out.push(Mention { start, end, target });
                }
                pos = m.end();
                continue;
            }
            let mut best: Option<(usize, usize, usize, usize)> = None;
            for c in automaton
                .find_overlapping_iter(aho_corasick::Input::new(hay).span(m.start()..m.end()))
            {
                if let Some((start, end)) = accept(c.start(), c.end()) {
                    let better =
                        best.is_none_or(|(s, e, ..)| (start, Reverse(end)) < (s, Reverse(e)));
                    if better {
                        best = Some((start, end, c.end(), c.pattern().as_usize()));
                    }
                }
            }
            match best {
                Some((start, end, folded_end, pattern)) => {
                    if let Some(&target) = self.targets.get(pattern) {
                        out.push(Mention { start, end, target });
                    }
                    pos = folded_end;
                }
                None => {
                    // Matches start on character boundaries of the folded text: skip
                    // the whole character there.
                    pos = m.start() + utf8_len(hay[m.start()]);
                }
            }
        }
    }
}

/// The length of the UTF-8 sequence that `lead` begins.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        // A continuation byte: not a character start; step one byte.
        _ => 1,
    }
}

/// Folds a name for the automaton: `None` when too short to match safely.
fn fold_pattern(surface: &str) -> Option<String> {
    let folded = String::from_utf8_lossy(&Folded::new(surface.trim()).text).into_owned();
    let alphanumeric = folded.chars().filter(|c| c.is_alphanumeric()).count();
    (alphanumeric >= 2).then_some(folded)
}

/// Text in comparable form (always valid UTF-8), with the original byte offset of
/// the character that produced each folded byte.
#[derive(Default)]
struct Folded {
    text: Vec<u8>,
    /// Empty when `identity`.
    source: Vec<u32>,
    /// Each folded byte comes from the original byte at the same offset (ASCII
    /// text without runs of whitespace): `source` is not filled.
    identity: bool,
}

impl Folded {
    fn new(original: &str) -> Folded {
        let mut folded = Folded::default();
        folded.fill(original);
        folded
    }

    /// Folds `original` into this value's buffers, replacing what they held.
    fn fill(&mut self, original: &str) {
        let Folded {
            text,
            source,
            identity,
        } = self;
        text.clear();
        source.clear();
        *identity = false;
        let mut after_space = false;
        if original.is_ascii() {
            // Most text is ASCII, with single spaces: fold it byte by byte, with the
            // same rules as `fold_char`, keeping offsets as they are.
            let bytes = original.as_bytes();
            text.extend(bytes.iter().map(|&b| {
                if b.is_ascii_whitespace() {
                    b' '
                } else {
                    b.to_ascii_lowercase()
                }
            }));
            let collapsible = bytes
                .windows(2)
                .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace());
            if !collapsible {
                *identity = true;
                return;
            }
            text.clear();
            for (i, &b) in bytes.iter().enumerate() {
                if b.is_ascii_whitespace() {
                    if !after_space {
                        text.push(b' ');
                        source.push(i as u32);
                    }
                    after_space = true;
                } else {
                    after_space = false;
                    text.push(b.to_ascii_lowercase());
                    source.push(i as u32);
                }
            }
            return;
        }
        text.reserve(original.len());
        source.reserve(original.len());
        for (i, c) in original.char_indices() {
            if c.is_ascii_alphanumeric() {
                after_space = false;
                text.push(c.to_ascii_lowercase() as u8);
                source.push(i as u32);
                continue;
            }
            fold_char(c, text, &mut after_space);
            source.resize(text.len(), i as u32);
        }
    }

    /// The original byte range of the folded range `start..end`, or `None` when it
    /// begins or ends inside the expansion of one character ("ss" of "ß").
    fn original(&self, start: usize, end: usize, original_len: usize) -> Option<(usize, usize)> {
        if self.identity {
            return (start < end && end <= self.text.len()).then(|| {
                let to = if end < self.text.len() {
                    end
                } else {
                    original_len
                };
                (start, to)
            });
        }
        let src = |i: usize| self.source.get(i).map(|&s| s as usize);
        if start >= end {
            return None;
        }
        if start > 0 && src(start - 1) == src(start) {
            return None;
        }
        if end < self.source.len() && src(end) == src(end - 1) {
            return None;
        }
        let from = src(start)?;
        // The match runs up to the next character that produced folded text, so it
        // takes in trailing combining marks.
        let to = if end < self.source.len() {
            src(end)?
        } else {
            original_len
        };
        Some((from, to))
    }
}

/// Appends the folded form of `c`.
fn fold_char(c: char, out: &mut Vec<u8>, after_space: &mut bool) {
    if c.is_whitespace() {
        if !*after_space {
            out.push(b' ');
        }
        *after_space = true;
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    *after_space = false;
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase() as u8);
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => {
            out.push(b'\'');
            return;
        }
        '\u{2010}'..='\u{2013}' => {
            out.push(b'-');
            return;
        }
        _ => {}
    }
    // Accented Latin letters become their base letters ("ğ" → "g", "ø" → "o",
    // "ß" → "ss"). Other scripts keep their letters, lowercased: transliterating
    // them would let "Xi" match "习".
    if c.is_alphabetic() && is_latin(c) {
        if let Some(ascii) = deunicode::deunicode_char(c) {
            if !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphabetic()) {
                out.extend(ascii.bytes().map(|a| a.to_ascii_lowercase()));
                return;
            }
        }
    }
    for l in c.to_lowercase() {
        out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
    }
}

/// Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Combining diacritical marks (decomposed accents).
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Whether `start..end` of `text` is a whole word or words: no letter or digit
/// touches it ("Xi" is not found in "Xie" or "Xinhua"). An apostrophe followed by
/// a letter continues the word ("Xi'an"), except for a possessive `'s` ("Xi's").
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let before = head.chars().rev().find(|&c| !is_combining_mark(c));
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let mut after = tail.chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() => false,
        Some('\'' | '\u{2019}') => match (after.next(), after.next()) {
            (Some('s' | 'S'), next) => !next.is_some_and(char::is_alphanumeric),
            (Some(c), _) => !c.is_alphanumeric(),
            (None, _) => true,
        },
        _ => true,
    }
}

/// Site-relative page paths of every target, computed once per site.
#[derive(Debug, Clone, Default)]
pub struct MentionPaths {
    people: Vec<String>,
    topics: Vec<String>,
}

impl MentionPaths {
    /// The paths of every person and topic page of `site`.
    pub fn from_site(site: &Site) -> MentionPaths {
        MentionPaths {
            people: (0..site.people.len() as u32)
                .map(|i| paths::person(site, PersonId(i)))
                .collect(),
            topics: (0..site.topics.len() as u32)
                .map(|i| paths::topic(site, TopicId(i)))
                .collect(),
        }
    }

    /// The path of a target's page, if it has one.
    pub fn get(&self, target: Target) -> Option<&str> {
        match target {
            Target::Person(p) => self.people.get(p.index()),
            Target::Topic(t) => self.topics.get(t.index()),
        }
        .map(String::as_str)
    }
}

/// The sentence around a mention, as plain text, for "mentioned in" lists. A
/// template shows `before`, then `mention` highlighted, then `after`, each escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MentionContext {
    /// The sentence up to the mention (starting with `…` when cut).
    pub before: String,
    /// The name as written.
    pub mention: String,
    /// The rest of the sentence (ending with `…` when cut).
    pub after: String,
}

/// A person or topic mentioned in a brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentioned {
    /// Who or what.
    pub target: Target,
    /// How many times it is named.
    pub count: u32,
    /// The sentence of the first mention.
    pub context: MentionContext,
}

/// At most this many characters of context are kept around a mention.
pub const CONTEXT_CHARS: usize = 240;

/// Links mentions in one brief; pass it to
/// [`render_with`](crate::render::markdown::render_with), then call
/// [`finish`](MentionLinker::finish) for what was found.
///
/// It reads the events already emitted (the `out` of [`TextLinker::link`]) to know
/// where it is: text inside code blocks and image descriptions is never linked,
/// and a sentence is followed across soft breaks, emphasis and links up to the end
/// of its paragraph, list item or table cell.
pub struct MentionLinker<'m> {
    matcher: &'m MentionMatcher,
    paths: &'m MentionPaths,
    mode: MentionMode,
    /// `root`, escaped for an attribute value.
    root: String,
    found: Vec<Mentioned>,
    linked: Vec<bool>,
    /// Index in `found` of each person and topic, by id (`usize::MAX`: none yet).
    person_slots: Vec<usize>,
    topic_slots: Vec<usize>,
    /// Buffers reused from one text run to the next.
    folded: Folded,
    mentions: Vec<Mention>,
    /// Events of `out` already looked at.
    scanned: usize,
    code_depth: u32,
    image_depth: u32,
    /// Plain text of the current block so far.
    block: String,
    /// First mentions in the current block whose context is not yet taken:
    /// `(index in found, start, end)` in `block`.
    pending: Vec<(usize, usize, usize)>,
}

impl<'m> MentionLinker<'m> {
    /// A linker for one brief page; `root` is the page's relative way back to the
    /// site root (`../../` for `briefs/<slug>/`).
    pub fn new(
        matcher: &'m MentionMatcher,
        paths: &'m MentionPaths,
        mode: MentionMode,
        root: impl Into<String>,
    ) -> MentionLinker<'m> {
        MentionLinker {
            matcher,
            paths,
            mode,
            root: escape(&root.into()),
            found: Vec::new(),
            linked: Vec::new(),
            person_slots: Vec::new(),
            topic_slots: Vec::new(),
            folded: Folded::default(),
            mentions: Vec::new(),
            scanned: 0,
            code_depth: 0,
            image_depth: 0,
            block: String::new(),
            pending: Vec::new(),
        }
    }

    /// Everything mentioned, in order of first appearance, linked or not.
    pub fn finish(mut self) -> Vec<Mentioned> {
        self.end_block();
        self.found
    }

    /// Follows the events emitted since the last call: block boundaries, code
    /// blocks, images, and the text of links and code spans for sentence context.
    fn observe(&mut self, out: &[Event<'_>]) {
        if out.len() < self.scanned {
            // Not the stream seen so far: start afresh.
            self.end_block();
            self.scanned = 0;
            self.code_depth = 0;
            self.image_depth = 0;
        }
        for event in &out[self.scanned..] {
            match event {
                Event::Start(tag) => match tag {
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. } => {}
                    Tag::Image { .. } => self.image_depth += 1,
                    Tag::CodeBlock(_) => {
                        self.code_depth += 1;
                        self.end_block();
                    }
                    _ => self.end_block(),
                },
                Event::End(tag) => match tag {
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link => {}
                    TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
                    TagEnd::CodeBlock => {
                        self.code_depth = self.code_depth.saturating_sub(1);
                        self.end_block();
                    }
                    _ => self.end_block(),
                },
                Event::Text(t) | Event::Code(t) if self.in_prose() => self.block.push_str(t),
                Event::SoftBreak | Event::HardBreak if self.in_prose() => self.block.push(' '),
                _ => {}
            }
        }
        self.scanned = out.len();
    }

    fn in_prose(&self) -> bool {
        self.code_depth == 0 && self.image_depth == 0
    }

    /// Takes the context of every pending first mention and starts a new block.
    fn end_block(&mut self) {
        for (i, start, end) in self.pending.drain(..) {
            if let Some(f) = self.found.get_mut(i) {
                f.context = context_in(&self.block, start, end);
            }
        }
        self.block.clear();
    }

    /// Counts a mention; returns its index in `found`.
    fn record(&mut self, target: Target, start: usize, end: usize) -> usize {
        let (slots, id) = match target {
            Target::Person(p) => (&mut self.person_slots, p.index()),
            Target::Topic(t) => (&mut self.topic_slots, t.index()),
        };
        if slots.len() <= id {
            slots.resize(id + 1, usize::MAX);
        }
        let i = slots[id];
        if i != usize::MAX {
            self.found[i].count += 1;
            return i;
        }
        let i = self.found.len();
        slots[id] = i;
        self.found.push(Mentioned {
            target,
            count: 1,
            context: MentionContext::default(),
        });
        self.linked.push(false);
        self.pending.push((i, start, end));
        i
    }
}

impl TextLinker for MentionLinker<'_> {
    fn link<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        self.observe(out);
        if !self.in_prose() {
            out.push(Event::Text(text));
            self.scanned = out.len();
            return;
        }
        let mut mentions = std::mem::take(&mut self.mentions);
        mentions.clear();
        self.matcher
            .find_into(&text, &mut self.folded, &mut mentions);
        let base = self.block.len();
        self.block.push_str(&text);
        if mentions.is_empty() {
            self.mentions = mentions;
            out.push(Event::Text(text));
            self.scanned = out.len();
            return;
        }
        let borrowed: Option<&'a str> = match &text {
            CowStr::Borrowed(s) => Some(s),
            _ => None,
        };
        let piece = |from: usize, to: usize| -> Event<'a> {
            match borrowed {
                Some(s) => Event::Text(CowStr::Borrowed(&s[from..to])),
                None => Event::Text(CowStr::from(text[from..to].to_owned())),
            }
        };
        let mut written = 0;
        for m in &mentions {
            let slot = self.record(m.target, base + m.start, base + m.end);
            let wanted = match self.mode {
                MentionMode::None => false,
                MentionMode::All => true,
                MentionMode::First => !self.linked[slot],
            };
            let Some(path) = wanted.then(|| self.paths.get(m.target)).flatten() else {
                continue;
            };
            if m.start > written {
                out.push(piece(written, m.start));
            }
            let name = &text[m.start..m.end];
            let mut html = String::with_capacity(
                32 + self.root.len() + path.len() + name.len() + name.len() / 4,
            );
            html.push_str("<a class=\"mention\" href=\"");
            html.push_str(&self.root);
            escape_into(path, &mut html);
            html.push_str("\">");
            escape_into(name, &mut html);
            html.push_str("</a>");
            out.push(Event::InlineHtml(CowStr::from(html)));
            self.linked[slot] = true;
            written = m.end;
        }
        if written < text.len() {
            out.push(piece(written, text.len()));
        }
        self.mentions = mentions;
        self.scanned = out.len();
    }
}

/// How far, in bytes, to look for the ends of a sentence: more than
/// [`CONTEXT_CHARS`] characters of any width.
const SENTENCE_WINDOW: usize = 4 * CONTEXT_CHARS + 64;

/// Words ending in `.` that seldom end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "amb", "apr", "aug", "capt", "cmdr", "co", "col", "corp", "dec", "dept", "dr", "e.g",
    "feb", "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar",
    "messrs", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "pres", "prof", "rep", "rev", "sen",
    "sep", "sept", "sgt", "sr", "st", "vs",
];

/// Where the next sentence starts, when the character at `i` (one of `.!?…`) ends
/// a sentence: punctuation, optional closing quotes or brackets, whitespace, then
/// anything but a lowercase letter. A `.` after an initial ("U.S.", "J.") or a
/// common abbreviation ("Mr.", "Gen.") does not end a sentence.
fn sentence_break(text: &str, i: usize) -> Option<usize> {
    let c = text.get(i..)?.chars().next()?;
    if !matches!(c, '.' | '!' | '?' | '…') {
        return None;
    }
    let mut j = i + c.len_utf8();
    let rest = text.get(j..)?;
    let closers = rest
        .chars()
        .take_while(|&c| matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '»'))
        .map(char::len_utf8)
        .sum::<usize>();
    j += closers;
    let rest = text.get(j..)?;
    let spaces: usize = rest
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum();
    if spaces == 0 {
        return None;
    }
    let next = j + spaces;
    if text
        .get(next..)?
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
    {
        return None;
    }
    if c == '.' {
        let head = text.get(..i)?;
        let word_len: usize = head
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic() || *c == '.')
            .map(char::len_utf8)
            .sum();
        let word = &head[head.len() - word_len..];
        if word.is_ascii() {
            // Lowercasing ASCII keeps its length: compare without allocating.
            let last_part = word.rsplit('.').next().unwrap_or_default();
            if last_part.len() == 1 || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
                return None;
            }
        } else {
            let word = word.to_lowercase();
            let last_part = word.rsplit('.').next().unwrap_or_default();
            if last_part.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str()) {
                return None;
            }
        }
    }
    Some(next)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// The sentence of `text` around `start..end`, trimmed to about [`CONTEXT_CHARS`].
fn context_in(text: &str, start: usize, end: usize) -> MentionContext {
    let (Some(_), Some(mention)) = (text.get(..start), text.get(start..end)) else {
        return MentionContext::default();
    };
    let lo = floor_boundary(text, start.saturating_sub(SENTENCE_WINDOW));
    let hi = ceil_boundary(text, end.saturating_add(SENTENCE_WINDOW).min(text.len()));
    // Only `.!?…` can end a sentence: look at the bytes that can begin one of them
    // (each is a character start) rather than at every character.
    let bytes = text.as_bytes();
    let candidate = |k: &usize| matches!(bytes[*k], b'.' | b'!' | b'?' | 0xE2);
    // The nearest sentence end before the mention, searched backwards from it.
    let from = (lo..start)
        .rev()
        .filter(candidate)
        .find_map(|k| sentence_break(text, k).filter(|&next| next <= start))
        .unwrap_or(lo);
    let mut to = hi;
    for k in (end..hi).filter(candidate) {
        if sentence_break(text, k).is_some() {
            let c = text[k..].chars().next().unwrap_or('.');
            let k = k - end;
            // Keep the punctuation and any closing quotes or brackets.
            let tail = &text[end + k + c.len_utf8()..];
            let closers: usize = tail
                .chars()
                .take_while(|&c| {
                    matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '»')
                })
                .map(char::len_utf8)
                .sum();
            to = end + k + c.len_utf8() + closers;
            break;
        }
    }
    let mut before = collapse_spaces(&text[from..start]);
    // Collapsed, leading or trailing whitespace is at most one space.
    if before.starts_with(' ') {
        before.remove(0);
    }
    let mut after = collapse_spaces(&text[end..to]);
    if after.ends_with(' ') {
        after.pop();
    }
    let mention = collapse_spaces(mention);
    let (before, after) = trim_to_budget(
        before,
        after,
        CONTEXT_CHARS.saturating_sub(mention.chars().count()),
        lo < from || lo == 0,
        to < hi || hi == text.len(),
    );
    MentionContext {
        before,
        mention,
        after,
    }
}

/// Runs of whitespace as one space.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // Start of the text not yet copied: runs of other characters go in whole.
    let mut plain = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (white, len) = if b.is_ascii() {
            // `char::is_whitespace` for ASCII: tab, line feed, vertical tab, form
            // feed, carriage return and space.
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if white {
            if !space {
                out.push_str(&s[plain..i]);
                out.push(' ');
            }
            space = true;
            plain = i + len;
        } else {
            space = false;
        }
        i += len;
    }
    out.push_str(&s[plain..]);
    out
}

/// Shortens `before` from its start and `after` from its end, at word boundaries,
/// so together they fit `budget` characters; a cut is shown with `…`. `whole_*`
/// says whether a side already reaches its sentence's end (else it was cut by the
/// search window and is marked as cut whatever its length).
fn trim_to_budget(
    before_owned: String,
    after_owned: String,
    budget: usize,
    whole_before: bool,
    whole_after: bool,
) -> (String, String) {
    let (before, after) = (before_owned.as_str(), after_owned.as_str());
    let b = before.chars().count();
    let a = after.chars().count();
    let (keep_b, keep_a) = if b + a <= budget {
        (b, a)
    } else {
        let half = budget / 2;
        if b <= half {
            (b, budget - b)
        } else if a <= half {
            (budget - a, a)
        } else {
            (half, budget - half)
        }
    };
    let cut_before = if keep_b < b || !whole_before {
        let skip = before
            .char_indices()
            .nth(b - keep_b)
            .map_or(before.len(), |(i, _)| i);
        let kept = &before[skip..];
        // Drop a partial first word, unless that would drop everything.
        let kept = if keep_b < b {
            match kept.find(' ') {
                Some(sp) if sp + 1 < kept.len() => &kept[sp + 1..],
                _ => kept,
            }
        } else {
            kept
        };
        Some(format!("…{kept}"))
    } else {
        None
    };
    let cut_after = if keep_a < a || !whole_after {
        let cut = after
            .char_indices()
            .nth(keep_a)
            .map_or(after.len(), |(i, _)| i);
        let kept = &after[..cut];
        let kept = if keep_a < a {
            match kept.rfind(' ') {
                Some(sp) if sp > 0 => &kept[..sp],
                _ => kept,
            }
        } else {
            kept
        };
        Some(format!("{}…", kept.trim_end()))
    } else {
        None
    };
    (
        cut_before.unwrap_or(before_owned),
        cut_after.unwrap_or(after_owned),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MarkdownConfig;
    use crate::render::markdown::render_with;
    use crate::site::index::test_support::{person, site, topic};

    fn p(i: u32) -> Target {
        Target::Person(PersonId(i))
    }

    fn t(i: u32) -> Target {
        Target::Topic(TopicId(i))
    }

    fn matcher(names: &[(&str, Target)]) -> MentionMatcher {
        MentionMatcher::new(names.iter().copied(), std::iter::empty::<&str>())
    }

    /// The matched substrings with their targets.
    fn found<'t>(m: &MentionMatcher, text: &'t str) -> Vec<(&'t str, Target)> {
        m.find(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.target))
            .collect()
    }

    #[test]
    fn longest_match_wins_and_matches_do_not_overlap() {
        let m = matcher(&[
            ("Antony Blinken", p(0)),
            ("Blinken", p(0)),
            ("Li Qiang", p(1)),
            ("Premier Li Qiang", p(1)),
            ("Li", p(2)),
        ]);
        assert_eq!(
            found(
                &m,
                "Antony Blinken met Premier Li Qiang; Blinken and Li Qiang spoke."
            ),
            vec![
                ("Antony Blinken", p(0)),
                ("Premier Li Qiang", p(1)),
                ("Blinken", p(0)),
                ("Li Qiang", p(1)),
            ]
        );
    }

    #[test]
    fn a_rejected_long_match_does_not_hide_a_shorter_one() {
        let m = matcher(&[("Li Qiang", p(1)), ("Li", p(2))]);
        assert_eq!(found(&m, "Li Qiangs"), vec![("Li", p(2))]);
    }

    #[test]
    fn matches_sit_on_word_boundaries() {
        let m = matcher(&[("Xi", p(0)), ("Li", p(1))]);
        assert!(found(&m, "Xie Zhenhua told Xinhua in Lima, Limassol and Xi'an").is_empty());
        assert!(found(&m, "Xi’an, Xi'sa").is_empty());
        assert_eq!(found(&m, "Xi's. Xi'"), vec![("Xi", p(0)), ("Xi", p(0))]);
        assert_eq!(
            found(&m, "Xi, Li and (XI) met; Xi’s aide, Li-led."),
            vec![
                ("Xi", p(0)),
                ("Li", p(1)),
                ("XI", p(0)),
                ("Xi", p(0)),
                ("Li", p(1))
            ]
        );
        // Letters of other scripts are letters too.
        assert!(found(&m, "Ξi Liπ").is_empty());
    }

    #[test]
    fn case_and_accents_do_not_matter_either_way() {
        let m = matcher(&[
            ("Erdogan", p(0)),
            ("Recep Tayyip Erdoğan", p(0)),
            ("Zoë Ångström", p(1)),
            ("Søren Straße", p(2)),
        ]);
        assert_eq!(found(&m, "ERDOĞAN said"), vec![("ERDOĞAN", p(0))]);
        assert_eq!(
            found(&m, "recep tayyip erdogan"),
            vec![("recep tayyip erdogan", p(0))]
        );
        // Decomposed accents (g + combining breve) are taken in whole.
        assert_eq!(found(&m, "Erdog\u{306}an."), vec![("Erdog\u{306}an", p(0))]);
        assert_eq!(found(&m, "zoe angstrom"), vec![("zoe angstrom", p(1))]);
        assert_eq!(found(&m, "SOREN STRASSE"), vec![("SOREN STRASSE", p(2))]);
        // "ß" expands to two letters: a match may not end inside it.
        let s = matcher(&[("stras", p(3))]);
        assert!(found(&s, "Straße").is_empty());
    }

    #[test]
    fn other_scripts_are_not_transliterated() {
        let m = matcher(&[("Xi", p(0)), ("习近平", p(1)), ("Путин", p(2))]);
        assert!(found(&m, "习 spoke").is_empty());
        assert_eq!(
            found(&m, "习近平 and ПУТИН"),
            vec![("习近平", p(1)), ("ПУТИН", p(2))]
        );
    }

    #[test]
    fn spacing_and_apostrophes_are_normalised() {
        let m = matcher(&[("Beto O'Rourke", p(0))]);
        assert_eq!(found(&m, "Beto  O’Rourke."), vec![("Beto  O’Rourke", p(0))]);
    }

    #[test]
    fn names_claimed_twice_are_dropped() {
        let m = MentionMatcher::new(
            [
                ("Joe Biden", p(0)),
                ("President", p(0)),
                ("Xi Jinping", p(1)),
                ("President", p(1)),
                ("Georgia", p(2)),
                ("Georgia", t(0)),
                ("Biden", p(0)),
                ("biden", p(0)),
            ],
            ["The Secretary"],
        );
        assert_eq!(m.ambiguous(), ["georgia", "president", "the secretary"]);
        assert_eq!(
            found(&m, "The President, Biden, Georgia"),
            vec![("Biden", p(0))]
        );
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn too_short_names_are_not_matched() {
        let m = matcher(&[("X", p(0)), ("  ", p(1))]);
        assert!(m.is_empty());
        assert!(found(&m, "X marks the spot").is_empty());
    }

    fn sample_site() -> Site {
        let mut unlisted = person("Wang Yi", &[]);
        unlisted.path = None;
        site(
            vec![
                person("Antony Blinken", &["Blinken", "Secretary", "Mr. Blinken"]),
                person("Janet Yellen", &["Yellen", "Secretary"]),
                person("Qin Gang", &["Qin"]),
                unlisted,
                person("Recep Tayyip Erdoğan", &["Erdogan"]),
                // An alias equal to another person's name loses to the name.
                person("Someone", &["Qin Gang"]),
            ],
            vec![
                topic("Diplomacy", &[]),
                topic("US-China relations", &["U.S.-China relations"]),
            ],
            &[],
        )
    }

    struct Page {
        html: String,
        found: Vec<Mentioned>,
    }

    fn render(site: &Site, mode: MentionMode, body: &str) -> Page {
        let matcher = MentionMatcher::from_site(site);
        let paths = MentionPaths::from_site(site);
        let mut linker = MentionLinker::new(&matcher, &paths, mode, "../../");
        let html = render_with(body, &MarkdownConfig::default(), &mut linker).html;
        Page {
            html,
            found: linker.finish(),
        }
    }

    #[test]
    fn site_matcher_uses_registry_names_and_skips_the_rest() {
        let s = sample_site();
        let m = MentionMatcher::from_site(&s);
        assert_eq!(m.ambiguous(), ["secretary"]);
        assert_eq!(
            found(
                &m,
                "Mr. Blinken met Qin Gang, Wang Yi and Erdoğan on U.S.-China relations."
            ),
            vec![
                ("Mr. Blinken", p(0)),
                ("Qin Gang", p(2)),
                ("Erdoğan", p(4)),
                ("U.S.-China relations", t(1)),
            ]
        );
    }

    #[test]
    fn first_mode_links_each_target_once_and_records_all() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Blinken met Qin. Later Antony Blinken left.\n\nBlinken again; Diplomacy.\n",
        );
        assert_eq!(
            page.html.matches("class=\"mention\"").count(),
            3,
            "{}",
            page.html
        );
        assert!(
            page.html.contains(
                "<a class=\"mention\" href=\"../../people/antony-blinken/\">Blinken</a> met"
            ),
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("href=\"../../people/qin-gang/\">Qin</a>")
        );
        assert!(page.html.contains("Later Antony Blinken left."));
        assert!(
            page.html
                .contains("href=\"../../topics/diplomacy/\">Diplomacy</a>")
        );
        let got: Vec<(Target, u32)> = page.found.iter().map(|f| (f.target, f.count)).collect();
        assert_eq!(got, vec![(p(0), 3), (p(2), 1), (t(0), 1)]);
    }

    #[test]
    fn all_mode_links_every_mention_and_none_mode_links_nothing() {
        let s = sample_site();
        let body = "Blinken met Qin. Later Antony Blinken left.\n";
        let all = render(&s, MentionMode::All, body);
        assert_eq!(
            all.html.matches("class=\"mention\"").count(),
            3,
            "{}",
            all.html
        );
        let none = render(&s, MentionMode::None, body);
        assert_eq!(
            none.html,
            "<p>Blinken met Qin. Later Antony Blinken left.</p>\n"
        );
        assert_eq!(none.found.len(), 2);
        assert_eq!(none.found[0].count, 2);
    }

    #[test]
    fn mode_reads_from_yaml_in_lowercase_and_defaults_to_first() {
        #[derive(serde::Deserialize)]
        struct C {
            #[serde(default)]
            mentions: MentionMode,
        }
        let c: C = serde_yaml::from_str("mentions: all").expect("valid");
        assert_eq!(c.mentions, MentionMode::All);
        let c: C = serde_yaml::from_str("mentions: none").expect("valid");
        assert_eq!(c.mentions, MentionMode::None);
        let c: C = serde_yaml::from_str("{}").expect("valid");
        assert_eq!(c.mentions, MentionMode::First);
        assert!(serde_yaml::from_str::<C>("mentions: some").is_err());
    }

    #[test]
    fn link_text_and_surroundings_are_escaped() {
        let m = matcher(&[("Procter & Gamble", t(0)), ("Blinken", p(0))]);
        let paths = MentionPaths {
            people: vec!["people/a\"b/".into()],
            topics: vec!["topics/p-g/".into()],
        };
        let mut linker = MentionLinker::new(&m, &paths, MentionMode::All, "../../");
        let mut out = Vec::new();
        linker.link(
            CowStr::Borrowed("1 < 2 & Procter & Gamble <b>Blinken</b>"),
            &mut out,
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        assert_eq!(
            html,
            "1 &lt; 2 &amp; <a class=\"mention\" href=\"../../topics/p-g/\">Procter &amp; Gamble</a> \
             &lt;b&gt;<a class=\"mention\" href=\"../../people/a&quot;b/\">Blinken</a>&lt;/b&gt;"
        );
        // Through Markdown, with `<` written as text.
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Blinken said 1 < 2 & that's \\<Qin\\>.",
        );
        assert!(
            page.html.contains("said 1 &lt; 2 &amp; that"),
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("&lt;<a class=\"mention\" href=\"../../people/qin-gang/\">Qin</a>&gt;")
        );
    }

    #[test]
    fn code_links_images_and_headings_are_left_alone() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::All,
            "## Blinken in Beijing\n\n```\nBlinken()\n```\n\n`Blinken` and [Qin](https://x.org/) \
             and ![Blinken portrait](b.png) but Qin.\n",
        );
        assert_eq!(
            page.html.matches("class=\"mention\"").count(),
            1,
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("but <a class=\"mention\" href=\"../../people/qin-gang/\">Qin</a>.")
        );
        assert!(
            page.html.contains("alt=\"Blinken portrait\""),
            "{}",
            page.html
        );
        assert!(
            page.html.contains("<code>Blinken()\n</code>"),
            "{}",
            page.html
        );
        assert_eq!(page.found.len(), 1);
    }

    #[test]
    fn context_is_the_sentence_of_the_first_mention() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Talks resumed. On Monday, Mr. Blinken met *Chinese* officials\nin Beijing, \
             with [a source](https://x.org/) present. He left. Qin stayed.\n\n\
             - Yellen visited Beijing\n- Erdogan followed\n",
        );
        let ctx: Vec<(&str, &str, &str)> = page
            .found
            .iter()
            .map(|f| {
                (
                    f.context.before.as_str(),
                    f.context.mention.as_str(),
                    f.context.after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            ctx,
            vec![
                (
                    "On Monday, ",
                    "Mr. Blinken",
                    " met Chinese officials in Beijing, with a source present."
                ),
                ("", "Qin", " stayed."),
                ("", "Yellen", " visited Beijing"),
                ("", "Erdogan", " followed"),
            ]
        );
    }

    #[test]
    fn sentences_skip_initials_and_abbreviations() {
        let text = "The U.S. Secretary, Gen. Milley and Mr. Blinken arrived. Then nothing.";
        let start = text.find("Blinken").unwrap_or_default();
        let c = context_in(text, start, start + "Blinken".len());
        assert_eq!(c.before, "The U.S. Secretary, Gen. Milley and Mr. ");
        assert_eq!(c.after, " arrived.");
        let text = "“Enough,” he said. “Blinken!” she cried? No.";
        let start = text.find("Blinken").unwrap_or_default();
        let c = context_in(text, start, start + "Blinken".len());
        // A lowercase word after `!”` continues the sentence.
        assert_eq!(
            (c.before.as_str(), c.after.as_str()),
            ("“", "!” she cried?")
        );
    }

    #[test]
    fn long_sentences_are_cut_at_words_around_the_mention() {
        let words = "word ".repeat(100);
        let text = format!("{words}Blinken {words}end.");
        let start = words.len();
        let c = context_in(&text, start, start + "Blinken".len());
        assert!(c.before.starts_with("…word "), "{:?}", c.before);
        assert!(c.after.ends_with(" word…"), "{:?}", c.after);
        let total = c.before.chars().count() + c.mention.chars().count() + c.after.chars().count();
        assert!(total <= CONTEXT_CHARS + 2, "{total}");
        assert!(total >= CONTEXT_CHARS - 12, "{total}");
        // A short side leaves its share to the other.
        let text = format!("Blinken {words}end.");
        let c = context_in(&text, 0, "Blinken".len());
        assert_eq!(c.before, "");
        assert!(c.after.chars().count() > 200);
    }

    #[test]
    fn text_runs_are_searched_in_one_pass_per_run() {
        // Many names, long text: finding stays proportional to the text.
        let names: Vec<(String, Target)> = (0..5_000)
            .map(|i| (format!("Person Number{i}"), p(i)))
            .collect();
        let m = MentionMatcher::new(names, std::iter::empty::<&str>());
        let text = "Person Number42 and Person Number4999 and nobody. ".repeat(200);
        let hits = m.find(&text);
        assert_eq!(hits.len(), 400);
        assert_eq!(hits[1].target, p(4999));
    }
}
