//! Finding the mentions in one text run: the automaton's matches, each read in
//! its context by the rules the parent module lists.

use super::*;

impl MentionMatcher {
    /// Appends the mentions in `text` to `out`, in order, not overlapping. `earlier`
    /// is the text of the same block before `text` (for the sentence and the word
    /// before a name); `reading` carries what the brief has established so far.
    /// `folded` is a buffer the caller reuses from one text run to the next.
    pub(in crate::mentions) fn find_into(
        &self,
        text: &str,
        earlier: &str,
        folded: &mut Folded,
        reading: &mut Reading,
        out: &mut Vec<Mention>,
    ) {
        let (Some(automaton), Some(longest)) = (&self.automaton, &self.longest) else {
            return;
        };
        folded.fill(text);
        let folded = &*folded;
        let hay = folded.text.as_slice();
        let accept = |pattern: usize, start: usize, end: usize| {
            let p = self.patterns.get(pattern)?;
            folded
                .original(start, end, text.len())
                .filter(|&(s, e)| on_word_boundaries(text, s, e, p.person))
                .filter(|&(s, e)| p.what == What::Excluded || case_fits(p, &text[s..e]))
        };
        let mut pos = 0;
        // Leftmost-longest search, fast in the common case; when the longest name at
        // a place fails a word boundary ("Li Qiangs") or the case rule, a shorter
        // one there may still fit ("Li"), so every name inside that span is looked at.
        while pos < hay.len() {
            let Some(m) = longest.find(aho_corasick::Input::new(hay).span(pos..hay.len())) else {
                break;
            };
            let chosen = match accept(m.pattern().as_usize(), m.start(), m.end()) {
                Some((start, end)) => {
                    Some((start, end, m.start(), m.end(), m.pattern().as_usize()))
                }
                None => {
                    let mut best: Option<(usize, usize, usize, usize, usize)> = None;
                    for c in automaton.find_overlapping_iter(
                        aho_corasick::Input::new(hay).span(m.start()..m.end()),
                    ) {
                        if let Some((start, end)) =
                            accept(c.pattern().as_usize(), c.start(), c.end())
                        {
                            let better = best
                                .is_none_or(|(s, e, ..)| (start, Reverse(end)) < (s, Reverse(e)));
                            if better {
                                best =
                                    Some((start, end, c.start(), c.end(), c.pattern().as_usize()));
                            }
                        }
                    }
                    best
                }
            };
            let Some((start, end, folded_start, folded_end, pattern)) = chosen else {
                // Matches start on character boundaries of the folded text: skip
                // the whole character there.
                pos = m.start() + utf8_len(hay[m.start()]);
                continue;
            };
            pos = folded_end;
            let p = &self.patterns[pattern];
            let mut target = match &p.what {
                What::Excluded => {
                    reading.skip(start, end, Skip::Excluded);
                    continue;
                }
                What::One(t) => Some(*t),
                What::Shared(_) => None,
            };
            // A registered full name written with middle initials ("Janet L.
            // Yellen", "George H. W. Bush"): the mention is the whole name, from the
            // given name on, rather than a family name run into by a longer one.
            let mut start = start;
            let mut initialled = false;
            if p.person
                && p.single
                && let Some((given, t)) = self.with_middle_initials(text, start, end, target)
            {
                (start, target, initialled) = (given, Some(t), true);
            }
            // A registered title form inside a longer title ("Vice President Lai
            // Ching-te"): the office is another one, so the mention is the name
            // after the title, found by reading on from the next character.
            if p.person
                && !p.single
                && text[start..end]
                    .split_whitespace()
                    .next()
                    .is_some_and(words::is_title)
                && words::before(text, start, earlier)
                    .word
                    .is_some_and(words::is_title_prefix)
            {
                reading.skip(start, end, Skip::LongerName);
                pos = folded_start + utf8_len(hay[folded_start]);
                continue;
            }
            // A registered form running on into a longer registered form of the
            // same entry ("President Xi" + "Xi Jinping"): the whole is the mention.
            let (mut end, mut run_on) = (end, initialled);
            if let (Some(t), true) = (target, name_continues(text, end)) {
                let window = (folded_end + 128).min(hay.len());
                let mut furthest = (end, folded_end);
                for c in automaton.find_overlapping_iter(
                    aho_corasick::Input::new(hay).span(folded_start + 1..window),
                ) {
                    let extends = c.start() < folded_end && c.end() > furthest.1;
                    let same = matches!(self.patterns[c.pattern().as_usize()].what, What::One(o) if o == t);
                    if extends
                        && same
                        && let Some((_, e)) = accept(c.pattern().as_usize(), c.start(), c.end())
                    {
                        furthest = (e, c.end());
                    }
                }
                if furthest.1 > folded_end {
                    (end, run_on) = (furthest.0, true);
                    pos = furthest.1;
                }
            }
            let before = words::before(text, start, earlier);
            let after = words::after(text, end);
            if p.person {
                // Part of a longer capitalised name: someone or something else.
                // A span opening with a title ("President Yoon") starts a name of its
                // own, whatever precedes it ("South Korean President Yoon").
                let titled = text[start..end]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| words::is_title(w) && !p.single);
                if !titled && continues_name_before(&before) {
                    if p.single && before.word.is_some_and(|w| !words::is_place_word(w)) {
                        self.someone_else(text, start, earlier, pattern as u32, reading);
                    }
                    reading.skip(start, end, Skip::LongerName);
                    continue;
                }
                // A double-barrelled name ("Nkosazana Dlamini-Zuma", "Duduzile
                // Zuma-Sambudla"): the hyphenated compound after a given name is
                // someone's family name. "the Biden-Xi summit" is not.
                if let Some(compound) = hyphened_name_start(text, start, end)
                    && continues_name_before(&words::before(text, compound, earlier))
                {
                    reading.skip(start, end, Skip::LongerName);
                    continue;
                }
                let longer_after = match after.word {
                    Some(w) if words::is_name_particle(w) => name_continues(text, end),
                    Some(w) => words::is_capitalised(w) && !words::is_name_suffix_or_date(w),
                    None => false,
                };
                if longer_after {
                    // A family name before a hyphenated given name ("Han
                    // Dong-hoon", "Lee Jun-seok") names someone, as a given name
                    // before it does.
                    if p.single && after.word.is_some_and(is_hyphenated_given_name) {
                        self.someone_else(text, start, earlier, pattern as u32, reading);
                    }
                    reading.skip(start, end, Skip::LongerName);
                    continue;
                }
                // A place or institution named after the person ("Montreal's
                // Trudeau airport").
                if after.word.is_some_and(words::is_place_noun) && !after.possessive {
                    reading.skip(start, end, Skip::LongerName);
                    continue;
                }
            } else if after.word.is_some_and(|w| {
                words::is_capitalised(w)
                    && !words::is_title(w)
                    && !words::is_function_word(w)
                    && !words::is_name_suffix_or_date(w)
            }) {
                // A topic name running on into a longer proper name ("Brexit
                // Party", "African Union Commission") names that.
                reading.skip(start, end, Skip::LongerName);
                continue;
            }
            // "the younger Netanyahu", "the elder Sharif": one of two relatives,
            // the registry person only where the brief has said which of them
            // they are.
            if p.person
                && p.single
                && let Some(g) = before.word.and_then(Generation::of_comparative)
                && reading.relation(pattern as u32) != Some(g)
            {
                reading.skip(start, end, Skip::Relative);
                continue;
            }
            let (target, resolved) = match target {
                Some(t) => {
                    if p.person
                        && p.single
                        && reading.owner(pattern as u32) == Some(Owner::Outsider)
                    {
                        reading.skip(start, end, Skip::Shadowed);
                        continue;
                    }
                    (t, false)
                }
                None => match reading.owner(pattern as u32) {
                    Some(Owner::Entry(t)) => (t, true),
                    _ => {
                        reading.skip(start, end, Skip::Ambiguous);
                        continue;
                    }
                },
            };
            let slot = self.slot(target);
            // A topic's alias in common words ("snap election", "ceasefire talks")
            // says which topic only in a brief about it: one that lists the topic
            // or names it by a capitalised form, or lists or names a person whom
            // some brief lists with the topic ("snap election" with Macron is the
            // French one; with Scholz, not).
            if !p.person
                && !p.is_name
                && !reading.is_known(slot)
                && is_lower_case(&p.surface)
                && !self.topic_evidence(slot, reading)
            {
                reading.skip(start, end, Skip::Unlisted);
                continue;
            }
            let mut rule = if initialled {
                Rule::Initials
            } else if run_on {
                Rule::RunOn
            } else if resolved {
                Rule::ShortForm
            } else if p.is_name {
                Rule::Name
            } else {
                Rule::Alias
            };
            if p.person && p.single && !run_on {
                if is_date(text, start, end, before.word, &after) {
                    reading.skip(start, end, Skip::Date);
                    continue;
                }
                let attributive = after.word.is_some_and(words::is_attributive_head);
                let spoken_of =
                    before.sentence_start && words::speaks_of_a_person(text, end, &after);
                let weak = (before.sentence_start && !spoken_of)
                    || (before.word.is_some_and(words::is_article) && !attributive);
                if spoken_of && rule != Rule::ShortForm {
                    rule = Rule::Context;
                }
                if before.word.is_some_and(words::is_place_preposition) && !after.possessive {
                    reading.skip(start, end, Skip::Place);
                    continue;
                }
                // A subject is followed by its verb: a word opening the sentence
                // straight before an article ("May the new reign...") is no name.
                if before.sentence_start && after.word.is_some_and(words::is_article) {
                    reading.skip(start, end, Skip::NoEvidence);
                    continue;
                }
                if weak {
                    if !reading.is_known(slot) {
                        reading.skip(start, end, Skip::NoEvidence);
                        continue;
                    }
                    if rule != Rule::ShortForm {
                        rule = Rule::Evidence;
                    }
                }
            }
            // A full name (or a run-on one) makes its short forms mean this entry.
            if (!(p.single || resolved) || run_on)
                && let Some(shorts) = self.shorts.get(slot)
            {
                for &s in shorts {
                    reading.set_owner(s, Owner::Entry(target));
                }
            }
            if p.person {
                self.note_relatives(
                    text,
                    earlier,
                    hay,
                    (start, end),
                    (folded_start, folded_end),
                    pattern,
                    target,
                    reading,
                );
            }
            reading.set_known(slot);
            out.push(Mention {
                start,
                end,
                target,
                rule,
            });
        }
    }

    /// Where a registered full name begins when the family name at `start..end` is
    /// preceded by one or two middle initials and a given name, and whose name it
    /// is: "Janet L. Yellen" reads as "Janet Yellen" when that is registered (for
    /// `target`, when the family name has one). `None` otherwise.
    fn with_middle_initials(
        &self,
        text: &str,
        start: usize,
        end: usize,
        target: Option<Target>,
    ) -> Option<(usize, Target)> {
        let automaton = self.automaton.as_ref()?;
        let mut at = start;
        let mut initials = 0;
        let given = loop {
            let word = words::before(text, at, "").word?;
            let offset = offset_in(text, word)?;
            if words::is_initial(word) && initials < 2 {
                initials += 1;
                at = offset;
                continue;
            }
            if initials == 0 || !words::is_capitalised(word) || words::is_title(word) {
                return None;
            }
            break (offset, word);
        };
        let written = format!("{} {}", given.1, &text[start..end]);
        let folded = fold_pattern(&written)?;
        automaton
            .find_overlapping_iter(folded.as_str())
            .filter(|m| m.start() == 0 && m.end() == folded.len())
            .find_map(|m| {
                let p = self.patterns.get(m.pattern().as_usize())?;
                match p.what {
                    What::One(t)
                        if p.person
                            && !p.single
                            && target.is_none_or(|want| want == t)
                            && case_fits(p, &written) =>
                    {
                        Some((given.0, t))
                    }
                    _ => None,
                }
            })
    }

    /// Whether a person the brief lists or has named is listed with the topic of
    /// `slot` in some brief.
    fn topic_evidence(&self, slot: usize, reading: &mut Reading) -> bool {
        let Some(topic) = slot.checked_sub(self.people) else {
            return false;
        };
        let id = TopicId::new(topic);
        if !reading.consulted.contains(&id) {
            reading.consulted.push(id);
        }
        reading
            .known
            .iter()
            .any(|&k| (k as usize) < self.people && self.together.contains(&(k, topic as u32)))
    }

    /// A single-word name inside someone else's longer name: from here on the word
    /// means that someone, unless a kinship word introduced them ("his brother,
    /// Mohammed Sinwar"): a relative named in full leaves the family name to the
    /// person the brief is about, and tells which of them is the elder.
    fn someone_else(
        &self,
        text: &str,
        start: usize,
        earlier: &str,
        pattern: u32,
        reading: &mut Reading,
    ) {
        let (opener, adjective) = words::run_opener(text, start, earlier);
        match opener.and_then(|o| words::kinship(o, adjective)) {
            Some(relative) => reading.set_relation(pattern, relative.inverse()),
            None => reading.set_owner(pattern, Owner::Outsider),
        }
    }

    /// Reads a linked mention for what it says of a family: a full name introduced
    /// by a kinship word ("his younger brother Shehbaz Sharif", "his son, Yair
    /// Netanyahu") or a possessive kinship ("Trudeau's father") tells whether the
    /// person the family name means is the elder or the younger.
    #[allow(clippy::too_many_arguments)]
    fn note_relatives(
        &self,
        text: &str,
        earlier: &str,
        hay: &[u8],
        (start, end): (usize, usize),
        (folded_start, folded_end): (usize, usize),
        pattern: usize,
        target: Target,
        reading: &mut Reading,
    ) {
        let possessive_kin =
            words::after_possessive(text, end).and_then(|w| words::kinship(w, None));
        let introduced = if self.patterns[pattern].single {
            None
        } else {
            let (opener, adjective) = words::run_opener(text, start, earlier);
            opener.and_then(|o| words::kinship(o, adjective))
        };
        if possessive_kin.is_none() && introduced.is_none() {
            return;
        }
        let family = if self.patterns[pattern].single {
            Some((pattern as u32, target))
        } else {
            self.family_pattern(hay, folded_start, folded_end)
        };
        let Some((family, means)) = family else {
            return;
        };
        if let Some(relative) = possessive_kin
            && means == target
        {
            reading.set_relation(family, relative.inverse());
        }
        if let Some(named) = introduced {
            // The one named is the relative; the family name means them or the
            // other side of the relation.
            let generation = if means == target {
                named
            } else {
                named.inverse()
            };
            reading.set_relation(family, generation);
        }
    }

    /// The single-word person name that ends a full name found at
    /// `folded_start..folded_end` ("Netanyahu" in "Yair Netanyahu"), with whom it
    /// means. Looked at only for names a kinship word introduces.
    fn family_pattern(
        &self,
        hay: &[u8],
        folded_start: usize,
        folded_end: usize,
    ) -> Option<(u32, Target)> {
        let automaton = self.automaton.as_ref()?;
        automaton
            .find_overlapping_iter(aho_corasick::Input::new(hay).span(folded_start + 1..folded_end))
            .filter(|c| c.end() == folded_end)
            .find_map(|c| {
                let p = self.patterns.get(c.pattern().as_usize())?;
                match p.what {
                    What::One(t) if p.single && p.person => Some((c.pattern().as_u32(), t)),
                    _ => None,
                }
            })
    }

    /// Marks the people a brief's front matter lists: evidence that a single-word
    /// name at the start of a sentence is them.
    pub(in crate::mentions) fn listed(
        &self,
        people: &[PersonId],
        topics: &[TopicId],
        reading: &mut Reading,
    ) {
        for &p in people {
            reading.set_known(self.slot(Target::Person(p)));
        }
        for &t in topics {
            reading.set_known(self.slot(Target::Topic(t)));
        }
    }
}
