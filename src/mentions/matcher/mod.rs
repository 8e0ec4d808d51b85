//! The matcher: every name and alias of the site's registries in one automaton over
//! folded text, so finding the names in a text run costs one pass over the run
//! whatever the number of names. Matches must sit on word boundaries of the
//! original text, and the leftmost, then longest, of overlapping matches wins.
//!
//! A match is then read in its context, with the rules `docs/format.md` documents:
//! words the registry capitalises must be capitalised; a person's name that is part
//! of a longer capitalised name ("Beau Biden", "Trump Tower") is not a mention; a
//! registered title form running on into the full name ("President Xi Jinping")
//! is linked whole; a single-word name at the start of a sentence, after an article
//! or after a preposition of place needs evidence; a short form shared by several
//! entries, or by a registry person and someone else the brief names, goes to the
//! most recent full name or stays unlinked; a relative introduced by a kinship
//! word leaves the family name to the person, and "the younger"/"the elder" is
//! linked only as the brief has placed them. Each look at the context is a few
//! bytes around one match: no rule scans the registry or the brief.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::{Folded, fold_pattern, is_combining_mark};
use super::{Mention, Rule, Skip, Skipped, Target};
use crate::content::person::MatchMode;
use crate::site::{Lookup, PersonId, Site, TopicId};
use crate::text::words::{self, After, Before, Generation};

/// One surface form offered to [`MentionMatcher::patterns`].
#[derive(Debug, Clone)]
pub(crate) struct Surface<'a> {
    /// As the registry writes it.
    pub(crate) text: &'a str,
    /// Whose it is.
    pub(crate) target: Target,
    /// How it is matched.
    pub(crate) mode: MatchMode,
    /// The entry's canonical name (rather than an alias).
    pub(crate) is_name: bool,
}

/// What a pattern stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum What {
    /// One entry.
    One(Target),
    /// A surface several entries claim: the index of its candidates.
    Shared(u32),
    /// A phrase a registry file excludes: matched only to be skipped.
    Excluded,
}

#[derive(Debug, Clone, PartialEq)]
struct Pattern {
    what: What,
    mode: MatchMode,
    /// The surface as written in the registry (the least capitalised of the
    /// entry's forms that fold to it), for the case rules.
    surface: Box<str>,
    /// One word (no space): the form that needs evidence in weak positions and
    /// that a longer name can take over.
    single: bool,
    /// Whether the pattern names a person (topics are not read as names).
    person: bool,
    is_name: bool,
}

/// The names of a site compiled into one automaton. Build it once per site and
/// share it (it is `Sync`) between the threads rendering briefs.
#[derive(Debug, Clone, Default)]
pub(crate) struct MentionMatcher {
    /// `None` when there are no names (or the automaton could not be built, which
    /// only happens far beyond any real registry's size): nothing is matched.
    automaton: Option<AhoCorasick>,
    /// The same names with leftmost-longest semantics, for the common case.
    longest: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Candidates of each shared surface.
    shared: Vec<Vec<Target>>,
    /// Per target slot, the single-word and shared patterns its full name makes
    /// the reader expect to mean it.
    shorts: Vec<Vec<u32>>,
    /// Number of people: topic `t` has target slot `people + t`.
    people: usize,
    /// The folded surface of each pattern, which the automata are made of.
    folded: Vec<String>,
    /// Pairs of a person and a topic some brief lists together, as
    /// `(person, topic)`: a person of the brief so listed elsewhere is evidence
    /// for the topic's lower-case aliases.
    together: ahash::AHashSet<(u32, u32)>,
}

mod find;
mod reading;
mod shape;

use reading::Owner;
pub(crate) use reading::Reading;
use shape::*;

impl MentionMatcher {
    /// [`MentionMatcher::patterns`], compiled.
    #[cfg(test)]
    pub(crate) fn new<'a, N, E>(names: N, excluded: E, people: usize) -> MentionMatcher
    where
        N: IntoIterator<Item = Surface<'a>>,
        E: IntoIterator<Item = &'a str>,
    {
        let mut matcher = MentionMatcher::patterns(names, excluded, people);
        matcher.compile();
        matcher
    }

    /// The patterns of `names` and the `excluded` phrases. A surface whose folded
    /// form is claimed by several targets becomes a shared short form, resolved in
    /// each brief by the most recent full name. Surfaces with fewer than two
    /// letters or digits are dropped, since they would match ordinary words, and
    /// so are surfaces tuned `off`. It matches nothing until
    /// [`MentionMatcher::compile`]d, and can be compared with another.
    fn patterns<'a, N, E>(names: N, excluded: E, people: usize) -> MentionMatcher
    where
        N: IntoIterator<Item = Surface<'a>>,
        E: IntoIterator<Item = &'a str>,
    {
        // A BTreeMap keeps pattern order, and so the output, deterministic.
        let mut surfaces: BTreeMap<String, (Vec<Target>, Pattern)> = BTreeMap::new();
        for s in names {
            if s.mode == MatchMode::Off {
                continue;
            }
            let Some(folded) = fold_pattern(s.text) else {
                continue;
            };
            let person = matches!(s.target, Target::Person(_));
            let single = !folded.contains(' ');
            let entry = surfaces.entry(folded).or_insert_with(|| {
                (
                    Vec::new(),
                    Pattern {
                        what: What::Excluded,
                        mode: s.mode,
                        surface: s.text.trim().into(),
                        single,
                        person,
                        is_name: s.is_name,
                    },
                )
            });
            if !entry.0.contains(&s.target) {
                entry.0.push(s.target);
            }
            let p = &mut entry.1;
            p.person |= person;
            p.is_name |= s.is_name;
            if capitals(s.text) < capitals(&p.surface) {
                p.surface = s.text.trim().into();
                p.mode = s.mode;
            }
        }
        for phrase in excluded {
            if let Some(folded) = fold_pattern(phrase) {
                surfaces.insert(
                    folded,
                    (
                        Vec::new(),
                        Pattern {
                            what: What::Excluded,
                            mode: MatchMode::Default,
                            surface: phrase.trim().into(),
                            single: false,
                            person: false,
                            is_name: false,
                        },
                    ),
                );
            }
        }
        let mut matcher = MentionMatcher {
            people,
            ..MentionMatcher::default()
        };
        let mut folded_patterns: Vec<String> = Vec::with_capacity(surfaces.len());
        for (folded, (targets, mut pattern)) in surfaces {
            pattern.what = match targets.as_slice() {
                [] => What::Excluded,
                [one] => What::One(*one),
                many => {
                    matcher.shared.push(many.to_vec());
                    What::Shared((matcher.shared.len() - 1) as u32)
                }
            };
            let id = matcher.patterns.len() as u32;
            let short = pattern.single || matches!(pattern.what, What::Shared(_));
            if short && pattern.person {
                for t in &targets {
                    let slot = matcher.slot(*t);
                    if matcher.shorts.len() <= slot {
                        matcher.shorts.resize(slot + 1, Vec::new());
                    }
                    matcher.shorts[slot].push(id);
                }
            }
            folded_patterns.push(folded);
            matcher.patterns.push(pattern);
        }
        matcher.folded = folded_patterns;
        matcher
    }

    /// Makes the automata from the patterns' folded surfaces: the costly part
    /// of making a matcher, which a caller comparing names first
    /// ([`MentionMatcher::same_names`]) does only when they changed.
    fn compile(&mut self) {
        if self.folded.is_empty() {
            return;
        }
        // Standard semantics so that overlapping matches are all reported: the
        // automaton's own leftmost-longest choice cannot see word boundaries,
        // and a long match rejected at a boundary ("Li Qiangs") would hide a
        // valid shorter one ("Li"). The leftmost-longest choice is made after
        // boundaries are checked, in `find_into`.
        self.automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.folded)
            .ok();
        // A full DFA: a few megabytes for thousands of names, and the fastest search.
        self.longest = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&self.folded)
            .ok();
    }

    /// The names and aliases of the site's registry people and topics (name-only
    /// entries have no page worth sending readers to from every brief), with their
    /// `match:` modes and `exclude:` phrases. A surface the registry resolves to
    /// another entry is left out, so mention links agree with how front matter
    /// names are resolved; a surface several entries claim equally is shared.
    pub(crate) fn from_site(site: &Site) -> MentionMatcher {
        MentionMatcher::names_of(site).compiled_for(site)
    }

    /// [`MentionMatcher::names_of`] `site`, compiled, with the pairs its briefs
    /// list together: what [`MentionMatcher::from_site`] makes.
    pub(crate) fn compiled_for(mut self, site: &Site) -> MentionMatcher {
        self.compile();
        self.together = listed_together(site);
        self
    }

    /// The patterns [`MentionMatcher::from_site`] makes, not yet compiled and
    /// without the pairs listed together: enough to tell whether a site's names
    /// changed ([`MentionMatcher::same_names`]) before paying for the automata.
    pub(crate) fn names_of(site: &Site) -> MentionMatcher {
        let mut names: Vec<Surface<'_>> = Vec::new();
        let mut excluded: Vec<&str> = Vec::new();
        for (i, p) in site.people.iter().enumerate() {
            if p.path.is_none() {
                continue;
            }
            let target = Target::Person(PersonId::new(i));
            for (k, surface) in std::iter::once(&p.name).chain(&p.aliases).enumerate() {
                let usable = match site.people_registry.lookup(surface) {
                    Lookup::Found(id) => id as usize == i,
                    Lookup::Ambiguous(ids) => ids.contains(&(i as u32)),
                    Lookup::Missing => false,
                };
                if usable {
                    names.push(Surface {
                        text: surface,
                        target,
                        mode: p.tuning.mode_of(surface),
                        is_name: k == 0,
                    });
                }
            }
            excluded.extend(p.tuning.exclude.iter().map(String::as_str));
        }
        for (i, t) in site.topics.iter().enumerate() {
            if t.path.is_none() {
                continue;
            }
            let target = Target::Topic(TopicId::new(i));
            for (k, surface) in std::iter::once(&t.name).chain(&t.aliases).enumerate() {
                let usable = match site.topics_registry.lookup(surface) {
                    Lookup::Found(id) => id as usize == i,
                    Lookup::Ambiguous(ids) => ids.contains(&(i as u32)),
                    Lookup::Missing => false,
                };
                if usable {
                    names.push(Surface {
                        text: surface,
                        target,
                        mode: t.tuning.mode_of(surface),
                        is_name: k == 0,
                    });
                }
            }
            excluded.extend(t.tuning.exclude.iter().map(String::as_str));
        }
        MentionMatcher::patterns(names, excluded, site.people.len())
    }

    /// The pairs of a person and a topic some brief lists together that it was
    /// compiled with: bodies depend on them (see [`listed_together`]).
    pub(crate) fn together(&self) -> &ahash::AHashSet<(u32, u32)> {
        &self.together
    }

    /// Whether `other` reads every name as this one does: the same patterns for the
    /// same entries, with the same rules. The automata are made from the patterns'
    /// folded surfaces, so they are equal too (either may not be compiled yet);
    /// the pairs listed together are the briefs' part, compared apart.
    pub(crate) fn same_names(&self, other: &MentionMatcher) -> bool {
        self.people == other.people
            && self.patterns == other.patterns
            && self.shared == other.shared
            && self.shorts == other.shorts
            && self.folded == other.folded
    }

    /// Replaces the pairs (the rest depends on the registries alone).
    pub(crate) fn set_together(&mut self, pairs: ahash::AHashSet<(u32, u32)>) {
        self.together = pairs;
    }

    /// The slot of a target in per-target tables: people first, then topics.
    pub(super) fn slot(&self, target: Target) -> usize {
        match target {
            Target::Person(p) => p.index(),
            Target::Topic(t) => self.people + t.index(),
        }
    }
}

/// The pairs `(person, topic)` some brief's front matter lists together. A topic's
/// lower-case alias ("ceasefire talks") links in a brief that lists neither the
/// topic nor a person listed with it anywhere in the archive only if the brief
/// names the topic otherwise, so bodies depend on this set as on the registries.
pub(crate) fn listed_together(site: &Site) -> ahash::AHashSet<(u32, u32)> {
    site.briefs
        .iter()
        .flat_map(|b| {
            b.people.iter().flat_map(|p| {
                b.topics
                    .iter()
                    .map(move |t| (p.index() as u32, t.index() as u32))
            })
        })
        .collect()
}

/// [`listed_together`] of `new` from that of `old`, `before`, reading only the
/// briefs whose lists changed (the others are the same `Arc`s at the same
/// places): `Some(None)` when the pairs are the same, `Some(Some(pairs))` when
/// they differ, `None` when the states differ otherwise or many briefs changed.
/// A pair a brief no longer lists stays when another brief of the person lists
/// the topic.
pub(crate) fn together_after(
    before: &ahash::AHashSet<(u32, u32)>,
    old: &Site,
    new: &Site,
) -> Option<Option<ahash::AHashSet<(u32, u32)>>> {
    fn pairs(b: &crate::site::Brief) -> impl Iterator<Item = (u32, u32)> + '_ {
        b.people.iter().flat_map(|p| {
            b.topics
                .iter()
                .map(move |t| (p.index() as u32, t.index() as u32))
        })
    }
    if old.briefs.len() != new.briefs.len() || old.people.len() != new.people.len() {
        return None;
    }
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    let mut edited = 0;
    for (a, b) in old.briefs.iter().zip(&new.briefs) {
        if std::sync::Arc::ptr_eq(a, b) || (a.people == b.people && a.topics == b.topics) {
            continue;
        }
        edited += 1;
        if a.path.as_os_str() != b.path.as_os_str() || edited > 64 {
            return None;
        }
        gone.extend(pairs(a));
        came.extend(pairs(b));
    }
    let mut after: Option<ahash::AHashSet<(u32, u32)>> = None;
    for pair in came {
        if !before.contains(&pair) {
            after.get_or_insert_with(|| before.clone()).insert(pair);
        }
    }
    for (p, t) in gone {
        let listed = new.people[p as usize].briefs.iter().any(|&b| {
            new.briefs[b.index()]
                .topics
                .iter()
                .any(|x| x.index() as u32 == t)
        });
        if !listed && before.contains(&(p, t)) {
            after.get_or_insert_with(|| before.clone()).remove(&(p, t));
        }
    }
    Some(after)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{p, sample_site, t};
    use super::*;

    /// The first surface of each target is its name, as in a registry.
    fn surfaces<'a>(names: &[(&'a str, Target)]) -> Vec<Surface<'a>> {
        names
            .iter()
            .enumerate()
            .map(|(i, &(text, target))| Surface {
                text,
                target,
                mode: MatchMode::Default,
                is_name: names[..i].iter().all(|&(_, t)| t != target),
            })
            .collect()
    }

    fn matcher(names: &[(&str, Target)]) -> MentionMatcher {
        MentionMatcher::new(surfaces(names), std::iter::empty(), 100)
    }

    fn find(m: &MentionMatcher, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        m.find_into(
            text,
            "",
            &mut Folded::default(),
            &mut Reading::default(),
            &mut out,
        );
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
        let m = matcher(&[("Trade deal", t(1)), ("Trade", t(2))]);
        assert_eq!(found(&m, "said Trade dealers"), vec![("Trade", t(2))]);
    }

    #[test]
    fn matches_sit_on_word_boundaries() {
        let m = matcher(&[("Xi", p(0)), ("Li", p(1))]);
        assert!(found(&m, "Xie Zhenhua told Xinhua in Lima, Limassol and Xi'an").is_empty());
        assert!(found(&m, "Xi’an, Xi'sa").is_empty());
        assert_eq!(found(&m, "met Xi's aide"), vec![("Xi", p(0))]);
        assert_eq!(
            found(&m, "met Xi, Li and (XI) met; Xi’s aide, Li-led."),
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
    fn accents_do_not_matter_but_capitals_do() {
        let m = matcher(&[
            ("Erdogan", p(0)),
            ("Recep Tayyip Erdoğan", p(0)),
            ("Zoë Ångström", p(1)),
        ]);
        assert_eq!(found(&m, "said ERDOĞAN"), vec![("ERDOĞAN", p(0))]);
        assert_eq!(
            found(&m, "Recep Tayyip Erdogan"),
            vec![("Recep Tayyip Erdogan", p(0))]
        );
        // A name the registry capitalises is not a name when written in lowercase.
        assert!(found(&m, "recep tayyip erdogan").is_empty());
        assert_eq!(
            found(&m, "said Erdog\u{306}an."),
            vec![("Erdog\u{306}an", p(0))]
        );
        assert_eq!(found(&m, "Zoe Angstrom"), vec![("Zoe Angstrom", p(1))]);
        // "ß" expands to two letters: a match may not end inside it.
        let s = matcher(&[("Stras", p(3))]);
        assert!(found(&s, "Straße").is_empty());
    }

    #[test]
    fn other_scripts_are_not_transliterated() {
        let m = matcher(&[("Xi", p(0)), ("习近平", p(1)), ("Путин", p(2))]);
        assert!(found(&m, "said 习 spoke").is_empty());
        assert_eq!(
            found(&m, "said 习近平 and ПУТИН"),
            vec![("习近平", p(1)), ("ПУТИН", p(2))]
        );
    }

    #[test]
    fn spacing_and_apostrophes_are_normalised() {
        let m = matcher(&[("Beto O'Rourke", p(0))]);
        assert_eq!(found(&m, "Beto  O’Rourke."), vec![("Beto  O’Rourke", p(0))]);
    }

    #[test]
    fn too_short_names_are_not_matched() {
        let m = matcher(&[("X", p(0)), ("  ", p(1))]);
        assert!(m.patterns.is_empty() && m.automaton.is_none());
        assert!(found(&m, "X marks the spot").is_empty());
    }

    #[test]
    fn ordinary_words_match_only_capitalised_as_names() {
        let m = matcher(&[
            ("Susan Rice", p(0)),
            ("Rice", p(0)),
            ("Bush", p(1)),
            ("Hill", p(2)),
            ("Graham", p(3)),
        ]);
        assert!(found(&m, "wheat and rice prices; bush fires; up the hill").is_empty());
        assert!(found(&m, "guests ate graham crackers").is_empty());
        assert_eq!(
            found(&m, "said Rice, and Graham"),
            vec![("Rice", p(0)), ("Graham", p(3))]
        );
    }

    #[test]
    fn a_single_word_opening_a_sentence_needs_evidence() {
        let m = matcher(&[("Susan Rice", p(0)), ("Rice", p(0)), ("Hill", p(2))]);
        // No sign in the brief that "Rice" is the person.
        assert!(found(&m, "Rice farmers protested. Hill staffers said so.").is_empty());
        // Named in full earlier: the short form at a sentence start is her.
        assert_eq!(
            found(&m, "Susan Rice left. Rice said she was proud."),
            vec![("Susan Rice", p(0)), ("Rice", p(0))]
        );
        // Listed in the front matter: evidence too.
        let mut reading = Reading::default();
        m.listed(&[PersonId::new(0)], &[], &mut reading);
        let mut out = Vec::new();
        m.find_into(
            "Rice arrived late.",
            "",
            &mut Folded::default(),
            &mut reading,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, Rule::Evidence);
        // A title before the name: not a sentence start.
        let m = matcher(&[("Zelenskyy", p(5))]);
        assert_eq!(found(&m, "Mr. Zelenskyy left."), vec![("Zelenskyy", p(5))]);
        // Written without the full stop, as British style has it.
        assert_eq!(found(&m, "Mr Zelenskyy left."), vec![("Zelenskyy", p(5))]);
        assert_eq!(found(&m, "Dr Zelenskyy left."), vec![("Zelenskyy", p(5))]);
    }

    #[test]
    fn a_single_word_opening_a_sentence_is_a_person_by_what_follows() {
        let m = matcher(&[("Susan Rice", p(0)), ("Rice", p(0)), ("Hill", p(2))]);
        for text in [
            "Rice said she was proud.",
            "Rice, the national security adviser, left early.",
            "Rice, who served two terms, left early.",
            "Rice, speaking in Geneva, said so.",
            "Rice's aides declined to comment.",
        ] {
            assert_eq!(found(&m, text), vec![("Rice", p(0))], "{text}");
            assert_eq!(find(&m, text)[0].rule, Rule::Context, "{text}");
        }
        // A crop, a price, staffers: nothing that only a person has.
        for text in [
            "Rice farmers said so.",
            "Rice, the crop. The minister said so.",
            "Rice's price rose.",
            "Rice, a staple, is cheap.",
            "Hill staffers said no.",
        ] {
            assert!(found(&m, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_full_name_with_middle_initials_is_the_registered_name() {
        let m = matcher(&[
            ("Janet Yellen", p(0)),
            ("Yellen", p(0)),
            ("George Bush", p(1)),
            ("Bush", p(1)),
        ]);
        assert_eq!(
            found(&m, "Treasury Secretary Janet L. Yellen spoke."),
            vec![("Janet L. Yellen", p(0))]
        );
        assert_eq!(
            find(&m, "Treasury Secretary Janet L. Yellen spoke.")[0].rule,
            Rule::Initials
        );
        assert_eq!(
            found(&m, "Then George H. W. Bush arrived."),
            vec![("George H. W. Bush", p(1))]
        );
        // The initials make the full name: the family name alone then means her.
        assert_eq!(
            found(
                &m,
                "Janet L. Yellen left. Officials said Yellen would return."
            ),
            vec![("Janet L. Yellen", p(0)), ("Yellen", p(0))]
        );
        // Another given name is someone else, who then owns the family name; an
        // initial alone is a longer name too.
        assert!(
            found(
                &m,
                "Senator Jack L. Yellen spoke. Officials said Yellen left."
            )
            .is_empty()
        );
        assert!(found(&m, "A letter from R. Yellen arrived.").is_empty());
    }

    #[test]
    fn articles_and_places_before_a_single_word() {
        let m = matcher(&[
            ("Hill", p(2)),
            ("Lloyd Austin", p(3)),
            ("Austin", p(3)),
            ("Biden", p(4)),
        ]);
        assert!(found(&m, "Democrats on the Hill objected.").is_empty());
        // A name qualifying an institution is the person all the same.
        assert_eq!(
            found(&m, "said the Biden administration"),
            vec![("Biden", p(4))]
        );
        assert!(found(&m, "Officials in Austin, Texas, said").is_empty());
        assert_eq!(
            found(&m, "Lloyd Austin spoke; in Austin's view, it was fine."),
            vec![("Lloyd Austin", p(3)), ("Austin", p(3))]
        );
    }

    #[test]
    fn longer_capitalised_names_are_not_mentions() {
        let m = matcher(&[
            ("Joe Biden", p(0)),
            ("Biden", p(0)),
            ("Donald Trump", p(1)),
            ("Trump", p(1)),
            ("Kennedy", p(2)),
            ("Lee", p(3)),
            ("Blair", p(4)),
        ]);
        assert!(found(&m, "his son Beau Biden served in Iraq").is_empty());
        assert!(found(&m, "staff at Trump Tower said").is_empty());
        assert!(found(&m, "attended the Kennedy Center Honors").is_empty());
        assert!(found(&m, "a statue of Robert E. Lee was removed").is_empty());
        assert!(found(&m, "guests stayed at Blair House").is_empty());
        // Titles, sentence openers, days and hyphens do not make a longer name.
        assert_eq!(
            found(
                &m,
                "said President Biden. When Biden met Trump Monday, a Trump-proof plan"
            ),
            vec![
                ("Biden", p(0)),
                ("Biden", p(0)),
                ("Trump", p(1)),
                ("Trump", p(1))
            ]
        );
    }

    #[test]
    fn a_title_form_inside_a_longer_title_gives_the_name_alone() {
        let m = matcher(&[
            ("Lai Ching-te", p(0)),
            ("President Lai", p(0)),
            ("Lai", p(0)),
        ]);
        assert_eq!(
            found(
                &m,
                "Vice President Lai Ching-te won. President Lai Ching-te spoke."
            ),
            vec![("Lai Ching-te", p(0)), ("President Lai Ching-te", p(0))]
        );
        // A title form after another capitalised word still opens a name.
        assert_eq!(
            found(&m, "Taiwanese President Lai spoke."),
            vec![("President Lai", p(0))]
        );
    }

    #[test]
    fn hyphenated_family_names_places_and_east_asian_given_names() {
        let m = matcher(&[
            ("Jacob Zuma", p(0)),
            ("Zuma", p(0)),
            ("Justin Trudeau", p(1)),
            ("Trudeau", p(1)),
            ("Han Duck-soo", p(2)),
            ("Han", p(2)),
            ("Joe Biden", p(3)),
            ("Biden", p(3)),
            ("Xi", p(4)),
        ]);
        // A double-barrelled name after a given name is someone's family name.
        assert!(
            found(
                &m,
                "Nkosazana Dlamini-Zuma chaired it. Duduzile Zuma-Sambudla spoke."
            )
            .is_empty()
        );
        assert_eq!(
            found(&m, "at their Biden-Xi summit, and Zuma-era debts"),
            vec![("Biden", p(3)), ("Xi", p(4)), ("Zuma", p(0))]
        );
        // A place named after the person.
        assert!(found(&m, "volunteers at Montreal's Trudeau airport cheered").is_empty());
        assert_eq!(found(&m, "the Trudeau government"), vec![("Trudeau", p(1))]);
        // A family name before a hyphenated given name is someone else, whose
        // short form it is until the registry person's full name comes again.
        assert!(found(&m, "Han Dong-hoon resigned. Han, a prosecutor, said").is_empty());
        assert_eq!(
            found(&m, "Han Dong-hoon quit. Han Duck-soo stayed; Han said"),
            vec![("Han Duck-soo", p(2)), ("Han", p(2))]
        );
    }

    #[test]
    fn relatives_named_in_full_and_the_younger_or_elder() {
        let m = matcher(&[
            ("Yahya Sinwar", p(0)),
            ("Sinwar", p(0)),
            ("Justin Trudeau", p(1)),
            ("Trudeau", p(1)),
            ("Shehbaz Sharif", p(2)),
            ("Sharif", p(2)),
            ("Benjamin Netanyahu", p(3)),
            ("Netanyahu", p(3)),
            ("Yair Netanyahu", p(4)),
            ("Jair Bolsonaro", p(5)),
            ("Bolsonaro", p(5)),
        ]);
        // A relative introduced by a kinship word leaves the family name alone.
        assert_eq!(
            found(
                &m,
                "Yahya Sinwar died. His brother, Mohammed Sinwar, lives. Sinwar's men"
            ),
            vec![("Yahya Sinwar", p(0)), ("Sinwar", p(0))]
        );
        // Someone else with the name, not said to be a relative, takes it.
        assert_eq!(
            found(
                &m,
                "Yahya Sinwar died. Commander Mohammed Sinwar lives. Sinwar's men"
            ),
            vec![("Yahya Sinwar", p(0))]
        );
        // The younger or the elder: as the brief has placed the person.
        assert_eq!(
            found(
                &m,
                "Justin Trudeau spoke; like his father, Pierre Elliott Trudeau, the younger Trudeau won"
            ),
            vec![("Justin Trudeau", p(1)), ("Trudeau", p(1))]
        );
        assert_eq!(
            found(
                &m,
                "Justin Trudeau left. Trudeau's father was cheered when the younger Trudeau spoke"
            ),
            vec![
                ("Justin Trudeau", p(1)),
                ("Trudeau", p(1)),
                ("Trudeau", p(1))
            ]
        );
        assert_eq!(
            found(
                &m,
                "Nawaz Sharif won. His younger brother Shehbaz Sharif may lead. The elder Sharif"
            ),
            vec![("Shehbaz Sharif", p(2))]
        );
        assert_eq!(
            found(
                &m,
                "Benjamin Netanyahu spoke. His son, Yair Netanyahu, posted. The younger Netanyahu"
            ),
            vec![("Benjamin Netanyahu", p(3)), ("Yair Netanyahu", p(4))]
        );
        // Not placed at all: left alone.
        assert_eq!(
            found(&m, "Jair Bolsonaro thanked him. The younger Bolsonaro said"),
            vec![("Jair Bolsonaro", p(5))]
        );
    }

    #[test]
    fn topic_names_running_into_a_longer_name_and_a_name_before_an_article() {
        let m = matcher(&[
            ("African Union", t(0)),
            ("Brexit", t(1)),
            ("NATO", t(2)),
            ("Theresa May", p(0)),
            ("May", p(0)),
        ]);
        assert!(
            found(
                &m,
                "chair of the African Union Commission, of the Brexit Party"
            )
            .is_empty()
        );
        assert_eq!(
            found(
                &m,
                "the African Union said; NATO Secretary General Stoltenberg"
            ),
            vec![("African Union", t(0)), ("NATO", t(2))]
        );
        assert_eq!(
            found(
                &m,
                "Theresa May spoke. May the new reign be long. May said so."
            ),
            vec![("Theresa May", p(0)), ("May", p(0))]
        );
    }

    #[test]
    fn a_month_in_a_date_is_not_a_name() {
        let m = matcher(&[("Theresa May", p(0)), ("May", p(0)), ("Mrs May", p(0))]);
        let mut reading = Reading::default();
        m.listed(&[PersonId::new(0)], &[], &mut reading);
        let mut out = Vec::new();
        let text = "Theresa May spoke on 6 May. Votes on May 2 and May 2024, in mid-May, \
                    early May and last May; a candidate by May. May said Mrs May and \
                    supporters of May agreed, as they had since May's election.";
        m.find_into(text, "", &mut Folded::default(), &mut reading, &mut out);
        let got: Vec<&str> = out.iter().map(|x| &text[x.start..x.end]).collect();
        assert_eq!(
            got,
            ["Theresa May", "May", "Mrs May", "May", "May"],
            "only the person: {got:?}"
        );
        // A name that is not a month is not read as one beside a number.
        let m = matcher(&[("Trump", p(1))]);
        assert_eq!(found(&m, "on 6 Trump 2024"), vec![("Trump", p(1))]);
    }

    #[test]
    fn a_name_particle_continues_a_name() {
        let m = matcher(&[
            ("Mohammed bin Salman", p(0)),
            ("Crown Prince Mohammed", p(0)),
            ("Sheikh Mohammed", p(1)),
            ("Lula", p(2)),
        ]);
        // Run on across the particle into the full name.
        assert_eq!(
            found(&m, "met Crown Prince Mohammed bin Salman in Riyadh"),
            vec![("Crown Prince Mohammed bin Salman", p(0))]
        );
        // Someone else's longer name.
        assert!(found(&m, "hosted by Sheikh Mohammed bin Rashid Al Maktoum").is_empty());
        assert!(found(&m, "a speech by Lula da Silva's rival").is_empty());
        // A particle-like word not followed by a name does not make one.
        assert_eq!(
            found(&m, "Sheikh Mohammed de facto agreed"),
            vec![("Sheikh Mohammed", p(1))]
        );
    }

    #[test]
    fn a_participle_opening_a_sentence_is_not_a_given_name() {
        let m = matcher(&[("Yahya Sinwar", p(0)), ("Sinwar", p(0))]);
        assert_eq!(
            found(
                &m,
                "Yahya Sinwar was chosen. Choosing Sinwar tells Egypt much. Officials \
                 say Sinwar decides."
            ),
            vec![("Yahya Sinwar", p(0)), ("Sinwar", p(0)), ("Sinwar", p(0))]
        );
        // Inside a sentence a capitalised "-ing" word is a name ("Manning"), and a
        // short one opening a sentence may be a given name too.
        assert!(found(&m, "said Manning Sinwar").is_empty());
        assert!(
            found(&m, "Yahya Sinwar left. Ming Sinwar stayed.")
                .iter()
                .all(|(s, _)| *s == "Yahya Sinwar")
        );
    }

    #[test]
    fn a_full_name_running_on_past_an_alias_is_linked_whole() {
        let m = matcher(&[
            ("Qin Gang", p(0)),
            ("Foreign Minister Qin", p(0)),
            ("Xi Jinping", p(1)),
            ("President Xi", p(1)),
            ("President Yoon", p(2)),
            ("Yoon Suk Yeol", p(2)),
        ]);
        assert_eq!(
            found(
                &m,
                "said Foreign Minister Qin Gang and Chinese President Xi Jinping; \
                 South Korean President Yoon Suk Yeol agreed. President Xi left."
            ),
            vec![
                ("Foreign Minister Qin Gang", p(0)),
                ("President Xi Jinping", p(1)),
                ("President Yoon Suk Yeol", p(2)),
                ("President Xi", p(1)),
            ]
        );
        let ms = find(&m, "met President Xi Jinping");
        assert_eq!(ms[0].rule, Rule::RunOn);
    }

    #[test]
    fn shared_short_forms_go_to_the_last_full_name_or_nowhere() {
        let m = matcher(&[
            ("Lee Jae-myung", p(0)),
            ("Lee", p(0)),
            ("Lee Hsien Loong", p(1)),
            ("Lee", p(1)),
            ("Thomas Graham", p(2)),
            ("Graham", p(2)),
        ]);
        // Shared and not yet resolved: left alone.
        assert!(found(&m, "Two politicians named Lee spoke.").is_empty());
        assert_eq!(
            found(
                &m,
                "Lee Jae-myung won. Lee thanked voters. Lee Hsien Loong spoke. Lee warned."
            ),
            vec![
                ("Lee Jae-myung", p(0)),
                ("Lee", p(0)),
                ("Lee Hsien Loong", p(1)),
                ("Lee", p(1)),
            ]
        );
        // Someone else with the registry person's surname takes the short form.
        assert!(found(&m, "Senator Lindsey Graham spoke, and Graham said more.").is_empty());
        assert_eq!(
            found(
                &m,
                "Lindsey Graham spoke. Thomas Graham replied; later Graham said"
            ),
            vec![("Thomas Graham", p(2)), ("Graham", p(2))]
        );
        let ms = find(&m, "Lee Jae-myung won. Lee thanked voters.");
        assert_eq!(ms[1].rule, Rule::ShortForm);
    }

    #[test]
    fn topic_phrases_match_only_as_written_phrases() {
        let m = matcher(&[
            ("Military communication", t(0)),
            ("military communication", t(0)),
            ("Climate", t(1)),
            ("climate finance", t(1)),
            ("U.S.-China relations", t(2)),
        ]);
        assert!(found(&m, "restored military-to-military communication channels").is_empty());
        assert!(found(&m, "the business climate and the political climate").is_empty());
        // "climate finance" is a lower-case alias: it needs a brief about the topic.
        let text = "Military communication resumed. Climate finance and climate finance-linked \
                    debt; U.S.-China relations";
        assert_eq!(
            found(&m, text),
            vec![
                ("Military communication", t(0)),
                ("U.S.-China relations", t(2))
            ]
        );
        let mut reading = Reading::default();
        m.listed(&[], &[TopicId::new(1)], &mut reading);
        let mut out = Vec::new();
        m.find_into(text, "", &mut Folded::default(), &mut reading, &mut out);
        let listed: Vec<(&str, Target)> = out
            .iter()
            .map(|x| (&text[x.start..x.end], x.target))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("Military communication", t(0)),
                ("Climate finance", t(1)),
                ("U.S.-China relations", t(2)),
            ]
        );
    }

    /// A topic's lower-case alias links only in a brief about the topic: listed,
    /// named first, or with a person some brief lists with it.
    #[test]
    fn a_lower_case_topic_alias_needs_a_brief_about_the_topic() {
        let mut m = matcher(&[
            ("French snap election", t(0)),
            ("snap election", t(0)),
            ("Emmanuel Macron", p(0)),
            ("Olaf Scholz", p(1)),
        ]);
        m.together = [(0, 0)].into_iter().collect();
        let read = |people: &[PersonId], topics: &[TopicId], text: &str| {
            let mut reading = Reading::default();
            m.listed(people, topics, &mut reading);
            let mut out = Vec::new();
            m.find_into(text, "", &mut Folded::default(), &mut reading, &mut out);
            out.iter()
                .filter(|x| x.target == t(0))
                .map(|x| text[x.start..x.end].to_owned())
                .collect::<Vec<_>>()
        };
        let text = "A snap election looms.";
        assert!(read(&[], &[], text).is_empty());
        assert!(
            read(&[PersonId::new(1)], &[], text).is_empty(),
            "Scholz: not the topic"
        );
        assert_eq!(read(&[], &[TopicId::new(0)], text), ["snap election"]);
        assert_eq!(read(&[PersonId::new(0)], &[], text), ["snap election"]);
        // A person named before it in the text counts as one listed.
        assert_eq!(
            read(&[], &[], "Emmanuel Macron called a snap election."),
            ["snap election"]
        );
        // The topic's name, then its alias.
        assert_eq!(
            read(
                &[],
                &[],
                "The French snap election came first; the snap election."
            ),
            ["French snap election", "snap election"]
        );
    }

    #[test]
    fn registry_tuning_modes_and_exclusions() {
        let names = vec![
            Surface {
                text: "NATO",
                target: t(0),
                mode: MatchMode::CaseSensitive,
                is_name: true,
            },
            Surface {
                text: "Erdoğan",
                target: p(0),
                mode: MatchMode::Exact,
                is_name: false,
            },
            Surface {
                text: "Secretary",
                target: p(1),
                mode: MatchMode::Off,
                is_name: false,
            },
            Surface {
                text: "Hill",
                target: p(2),
                mode: MatchMode::Default,
                is_name: false,
            },
        ];
        let m = MentionMatcher::new(names, ["Hill staffers"], 100);
        assert_eq!(
            found(
                &m,
                "said NATO, not Nato; said Erdoğan, not Erdogan; the Secretary; said Hill \
                 staffers and said Hill."
            ),
            vec![("NATO", t(0)), ("Erdoğan", p(0)), ("Hill", p(2))]
        );
    }

    #[test]
    fn site_matcher_uses_registry_names_and_shares_claimed_ones() {
        let s = sample_site();
        let m = MentionMatcher::from_site(&s);
        // "Secretary" is an alias of two people: neither is named yet, so neither.
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
        // Once Yellen is named, "the Secretary" is her.
        assert_eq!(
            found(&m, "Janet Yellen arrived; the Secretary spoke."),
            vec![("Janet Yellen", p(1)), ("Secretary", p(1))]
        );
    }

    #[test]
    fn text_runs_are_searched_in_one_pass_per_run() {
        // Many names, long text: finding stays proportional to the text.
        let names: Vec<(String, Target)> = (0..5_000)
            .map(|i| (format!("Person Number{i}"), p(i)))
            .collect();
        let refs: Vec<(&str, Target)> = names.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let m = MentionMatcher::new(surfaces(&refs), std::iter::empty(), 5_000);
        let text = "Person Number42 and Person Number4999 and nobody. ".repeat(200);
        let hits = find(&m, &text);
        assert_eq!(hits.len(), 400);
        assert_eq!(hits[1].target, p(4999));
    }
}
