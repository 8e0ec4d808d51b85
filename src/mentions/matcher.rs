//! The matcher: every name and alias of the site's registries in one automaton over
//! folded text, so finding the names in a text run costs one pass over the run
//! whatever the number of names. Matches must sit on word boundaries of the
//! original text, and the leftmost, then longest, of overlapping matches wins.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::{Folded, fold_pattern, is_combining_mark};
use super::{Mention, Target};
use crate::site::{Lookup, PersonId, Site, TopicId};

/// The names of a site compiled into one automaton. Build it once per site and
/// share it (it is `Sync`) between the threads rendering briefs.
#[derive(Debug, Clone, Default)]
pub(crate) struct MentionMatcher {
    /// `None` when there are no names (or the automaton could not be built, which
    /// only happens far beyond any real registry's size): nothing is matched.
    automaton: Option<AhoCorasick>,
    /// The same names with leftmost-longest semantics, for the common case.
    longest: Option<AhoCorasick>,
    /// The target of each pattern, by pattern index.
    targets: Vec<Target>,
}

impl MentionMatcher {
    /// Compiles `names` (each surface form with its target). A surface whose folded
    /// form is claimed by two different targets, or that appears in `ambiguous`,
    /// is dropped: linking it would guess. Surfaces with fewer than two letters or
    /// digits are dropped too, since they would match ordinary words.
    pub(crate) fn new<N, S, A, T>(names: N, ambiguous: A) -> MentionMatcher
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
        for (folded, target) in &surfaces {
            if let Some(t) = target {
                patterns.push(folded);
                targets.push(*t);
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
        }
    }

    /// The names and aliases of the site's registry people and topics (name-only
    /// entries have no page worth sending readers to from every brief). A surface
    /// the registry resolves to another entry, or cannot resolve, is left out, so
    /// mention links agree with how front matter names are resolved.
    pub(crate) fn from_site(site: &Site) -> MentionMatcher {
        let mut names: Vec<(&str, Target)> = Vec::new();
        let mut ambiguous: Vec<&str> = Vec::new();
        for (i, p) in site.people.iter().enumerate() {
            if p.path.is_none() {
                continue;
            }
            for surface in std::iter::once(&p.name).chain(&p.aliases) {
                match site.people_registry.lookup(surface) {
                    Lookup::Found(id) if id as usize == i => {
                        names.push((surface, Target::Person(PersonId::new(i))))
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
                        names.push((surface, Target::Topic(TopicId::new(i))))
                    }
                    Lookup::Ambiguous(_) => ambiguous.push(surface),
                    _ => {}
                }
            }
        }
        MentionMatcher::new(names, ambiguous)
    }

    /// Appends the mentions in `text` to `out`, in order, not overlapping: among
    /// matches on word boundaries, the leftmost wins, then the longest. `folded` is
    /// a buffer the caller reuses from one text run to the next.
    pub(super) fn find_into(&self, text: &str, folded: &mut Folded, out: &mut Vec<Mention>) {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::{p, sample_site, t};
    use super::*;

    fn matcher(names: &[(&str, Target)]) -> MentionMatcher {
        MentionMatcher::new(names.iter().copied(), std::iter::empty::<&str>())
    }

    fn find(m: &MentionMatcher, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        m.find_into(text, &mut Folded::default(), &mut out);
        out
    }

    /// The matched substrings with their targets.
    fn found<'t>(m: &MentionMatcher, text: &'t str) -> Vec<(&'t str, Target)> {
        find(m, text)
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
        assert_eq!(
            found(&m, "The President, Biden, Georgia, the Secretary"),
            vec![("Biden", p(0))]
        );
        // The other names of the same targets still match.
        assert_eq!(
            found(&m, "Joe Biden met Xi Jinping."),
            vec![("Joe Biden", p(0)), ("Xi Jinping", p(1))]
        );
        assert_eq!(m.targets.len(), 3);
    }

    #[test]
    fn too_short_names_are_not_matched() {
        let m = matcher(&[("X", p(0)), ("  ", p(1))]);
        assert!(m.targets.is_empty() && m.automaton.is_none());
        assert!(found(&m, "X marks the spot").is_empty());
    }

    #[test]
    fn site_matcher_uses_registry_names_and_skips_the_rest() {
        let s = sample_site();
        let m = MentionMatcher::from_site(&s);
        // "Secretary" is an alias of two people: it links to neither.
        assert!(found(&m, "The Secretary arrived.").is_empty());
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
    fn text_runs_are_searched_in_one_pass_per_run() {
        // Many names, long text: finding stays proportional to the text.
        let names: Vec<(String, Target)> = (0..5_000)
            .map(|i| (format!("Person Number{i}"), p(i)))
            .collect();
        let m = MentionMatcher::new(names, std::iter::empty::<&str>());
        let text = "Person Number42 and Person Number4999 and nobody. ".repeat(200);
        let hits = find(&m, &text);
        assert_eq!(hits.len(), 400);
        assert_eq!(hits[1].target, p(4999));
    }
}
