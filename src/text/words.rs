//! The words around a span of plain text: the word just before it and just after
//! it, and whether it starts a sentence. Mention matching reads names in this
//! context ("Beau Biden", "Trump Tower", "Rice farmers protested").

pub(crate) use super::lexicon::*;

/// What comes before a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Before<'t> {
    /// The word right before the span, separated from it by whitespace only (no
    /// punctuation between): "Beau" in "Beau Biden", "Mr." in "Mr. Blinken".
    pub(crate) word: Option<&'t str>,
    /// The span begins a sentence: at the start of its block, or after `.`, `!`,
    /// `?`, `:` (an abbreviated title, an initial or a dotted acronym such as
    /// "U.S." does not end one), or after a spaced dash opening a dateline
    /// ("SEOUL - ").
    pub(crate) sentence_start: bool,
    /// `word` itself begins a sentence ("Choosing" in "Choosing Sinwar"): it may be
    /// capitalised only for that.
    pub(crate) word_opens_sentence: bool,
}

/// What comes after a span: the next word, when only whitespace separates them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct After<'t> {
    pub(crate) word: Option<&'t str>,
    /// The span is followed by a possessive `'s`.
    pub(crate) possessive: bool,
}

/// The context before `start` in `text`; `earlier` is the text of the same block
/// before `text` (a text run may start mid-sentence, after emphasis or a link).
pub(crate) fn before<'t>(text: &'t str, start: usize, earlier: &'t str) -> Before<'t> {
    let head = text.get(..start).unwrap_or_default();
    let window = if head.trim_start().is_empty() {
        // Whitespace only (or nothing) before the span in this run: the context is
        // in the earlier runs. Whether there was whitespace still matters.
        if head.is_empty() {
            earlier
        } else {
            // Keep one space so that the word before is seen as separated.
            return before_in(earlier, true);
        }
    } else {
        head
    };
    before_in(window, false)
}

fn before_in(window: &str, spaced: bool) -> Before<'_> {
    let trimmed = window.trim_end();
    let spaced = spaced || trimmed.len() < window.len();
    let Some(last) = trimmed.chars().next_back() else {
        return Before {
            word: None,
            sentence_start: true,
            word_opens_sentence: false,
        };
    };
    let token_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    // Opening quotes and brackets are not part of the word ("\"President Putin").
    let token = trimmed[token_start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    match last {
        '.' | '!' | '?' | ':' => {
            if last == '.' && spaced && is_abbreviation(token) {
                Before {
                    word: Some(token),
                    sentence_start: false,
                    word_opens_sentence: false,
                }
            } else {
                Before {
                    word: None,
                    sentence_start: true,
                    word_opens_sentence: false,
                }
            }
        }
        '"' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '(' | '[' | '*' | '_' => {
            // An opening mark: the sentence question is decided by what precedes it.
            let inner = &trimmed[..trimmed.len() - last.len_utf8()];
            Before {
                word: None,
                sentence_start: before_in(inner, false).sentence_start,
                word_opens_sentence: false,
            }
        }
        '-' | '\u{2013}' | '\u{2014}' if spaced => {
            let dash_spaced = trimmed[..trimmed.len() - last.len_utf8()]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
            Before {
                word: None,
                sentence_start: dash_spaced,
                word_opens_sentence: false,
            }
        }
        c if spaced && (c.is_alphanumeric() || c == '\'' || c == '\u{2019}') => Before {
            word: Some(token),
            sentence_start: false,
            // Only whitespace separates the token from what precedes it, so this
            // looks back over one more word at most.
            word_opens_sentence: before_in(&trimmed[..token_start], false).sentence_start,
        },
        _ => Before::default(),
    }
}

/// The context after `end` in `text` (the next run is not looked at: a name does
/// not continue across emphasis or a link).
pub(crate) fn after(text: &str, end: usize) -> After<'_> {
    let tail = text.get(end..).unwrap_or_default();
    let mut chars = tail.chars();
    let possessive = matches!(chars.next(), Some('\'' | '\u{2019}'))
        && matches!(chars.next(), Some('s' | 'S'))
        && !chars.next().is_some_and(char::is_alphanumeric);
    let rest = tail.trim_start();
    if rest.len() == tail.len() {
        return After {
            word: None,
            possessive,
        };
    }
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '\u{2019}')))
        .map_or(rest.len(), |(i, _)| i);
    After {
        word: (len > 0).then(|| &rest[..len]),
        possessive,
    }
}

/// Whether what follows a single-word name says it is a person's: a verb of
/// speech ("Rice said"), an appositive naming an office, a relative clause or a
/// participle only a person does ("Sullivan, the national security adviser",
/// "Yellen, who visited", "Yellen, speaking in Guangzhou"), or a
/// possessive on someone's aides, words or office ("Yellen's counterpart"). A
/// single word opening a sentence needs no other evidence then; "Rice farmers
/// protested" and "Hill staffers said" have none of these.
pub(crate) fn speaks_of_a_person(text: &str, end: usize, after: &After<'_>) -> bool {
    if after.word.is_some_and(is_speech_verb) {
        return true;
    }
    if after.possessive {
        return after_possessive(text, end).is_some_and(is_person_noun);
    }
    let Some(rest) = text.get(end..).and_then(|t| t.strip_prefix(',')) else {
        return false;
    };
    let mut words = rest.split_whitespace().take(7);
    match words.next() {
        Some("who" | "whose") => true,
        Some(w) if is_person_participle(w) => true,
        // Up to the end of the clause: "Rice, the crop. The minister said" is no
        // appositive on a minister.
        Some("the" | "a" | "an") => {
            for raw in words {
                let word = raw.trim_end_matches([',', '.', ';', ':', ')']);
                let bare = word.trim_end_matches("'s").trim_end_matches("\u{2019}s");
                if is_person_noun(bare) {
                    return true;
                }
                if word.len() < raw.len() {
                    return false;
                }
            }
            false
        }
        _ => false,
    }
}

/// Which generation a kinship word puts a relative in, relative to the person it
/// is said of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generation {
    /// Father, mother, an elder brother: older than the person.
    Elder,
    /// Son, daughter, a younger sister: younger than the person.
    Younger,
    /// A brother, wife or cousin, with no word of age.
    Unknown,
}

impl Generation {
    /// The other side of the relation: the father of a son is the elder.
    pub(crate) fn inverse(self) -> Generation {
        match self {
            Generation::Elder => Generation::Younger,
            Generation::Younger => Generation::Elder,
            Generation::Unknown => Generation::Unknown,
        }
    }

    /// "younger" or "elder"/"older", as in "the younger Netanyahu".
    pub(crate) fn of_comparative(word: &str) -> Option<Generation> {
        match word {
            "younger" => Some(Generation::Younger),
            "elder" | "older" => Some(Generation::Elder),
            _ => None,
        }
    }
}

/// The generation of the relative a kinship noun introduces, with the word before
/// it for siblings ("younger brother"); `None` when `word` is no kinship noun.
pub(crate) fn kinship(word: &str, adjective: Option<&str>) -> Option<Generation> {
    let generation = match word.trim_end_matches(',') {
        "father" | "mother" | "grandfather" | "grandmother" | "uncle" | "aunt" => Generation::Elder,
        "son" | "daughter" | "grandson" | "granddaughter" | "nephew" | "niece" => {
            Generation::Younger
        }
        "brother" | "sister" | "half-brother" | "half-sister" => adjective
            .and_then(Generation::of_comparative)
            .unwrap_or(Generation::Unknown),
        "wife" | "husband" | "widow" | "widower" | "cousin" | "brother-in-law"
        | "sister-in-law" => Generation::Unknown,
        _ => return None,
    };
    Some(generation)
}

/// The two words before the run of capitalised words that ends at `start` ("his
/// younger brother" before "Shehbaz Sharif", "his father," before "Pierre Elliott
/// Trudeau"), nearest first, trailing commas removed: what introduces a name. Looks
/// back over at most four capitalised words, in `text` and then in `earlier` (the
/// text of the same block before `text`).
pub(crate) fn run_opener<'t>(
    text: &'t str,
    start: usize,
    earlier: &'t str,
) -> (Option<&'t str>, Option<&'t str>) {
    let head = text.get(..start).unwrap_or_default();
    let mut tokens = head
        .split_whitespace()
        .rev()
        .chain(earlier.split_whitespace().rev());
    let mut skipped = 0;
    let opener = loop {
        match tokens.next() {
            Some(t) if is_capitalised(t) && !t.ends_with(',') && skipped < 4 => skipped += 1,
            other => break other,
        }
    };
    let clean = |t: &'t str| t.trim_end_matches(',');
    (opener.map(clean), tokens.next().map(clean))
}

/// The word after a possessive `'s` that follows `end` ("father" in "Trudeau's
/// father"), when whitespace alone separates them.
pub(crate) fn after_possessive(text: &str, end: usize) -> Option<&str> {
    let tail = text.get(end..)?;
    let rest = tail
        .strip_prefix("'s")
        .or_else(|| tail.strip_prefix("\u{2019}s"))?;
    let word = rest.strip_prefix(char::is_whitespace)?.trim_start();
    let len = word
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(word.len(), |(i, _)| i);
    (len > 0).then(|| &word[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_before(text: &str, at: &str) -> (Option<String>, bool) {
        let start = text.find(at).expect("span present");
        let b = before(text, start, "");
        (b.word.map(str::to_owned), b.sentence_start)
    }

    #[test]
    fn the_word_before_and_sentence_starts() {
        assert_eq!(
            word_before("Beau Biden", "Biden"),
            (Some("Beau".into()), false)
        );
        assert_eq!(word_before("Rice farmers", "Rice"), (None, true));
        assert_eq!(word_before("prices. Rice farmers", "Rice"), (None, true));
        assert_eq!(
            word_before("Mr. Zelenskyy", "Zelenskyy"),
            (Some("Mr.".into()), false)
        );
        assert_eq!(
            word_before("Robert E. Lee", "Lee"),
            (Some("E.".into()), false)
        );
        assert_eq!(
            word_before("the U.S. Biden", "Biden"),
            (Some("U.S.".into()), false)
        );
        assert_eq!(word_before("SEOUL - Yoon", "Yoon"), (None, true));
        assert_eq!(word_before("said, Yoon", "Yoon"), (None, false));
        assert_eq!(word_before("He said: \"Yoon", "Yoon"), (None, true));
        assert_eq!(word_before("Biden-Xi", "Xi"), (None, false));
        // The word may sit in an earlier run of the same block.
        let b = before(" Biden", 1, "late son Beau");
        assert_eq!((b.word, b.sentence_start), (Some("Beau"), false));
        let b = before("Biden", 0, "late son Beau ");
        assert_eq!((b.word, b.sentence_start), (Some("Beau"), false));
        let b = before("Biden", 0, "");
        assert!(b.sentence_start);
    }

    #[test]
    fn whether_the_word_before_opens_its_sentence() {
        let opens = |text: &str, at: &str| {
            let b = before(text, text.find(at).expect("span present"), "");
            (b.word.map(str::to_owned), b.word_opens_sentence)
        };
        assert_eq!(
            opens("Choosing Sinwar tells", "Sinwar"),
            (Some("Choosing".into()), true)
        );
        assert_eq!(
            opens("was named. Choosing Sinwar", "Sinwar"),
            (Some("Choosing".into()), true)
        );
        assert_eq!(
            opens("said Manning Sinwar", "Sinwar"),
            (Some("Manning".into()), false)
        );
        assert!(is_participle_opener("Choosing"));
        assert!(!is_participle_opener("Ming"));
        assert!(!is_participle_opener("Beijing-based"));
        assert!(is_name_particle("bin") && !is_name_particle("Bin") && !is_name_particle("in"));
        assert!(is_month("May") && !is_month("may"));
    }

    #[test]
    fn the_word_after() {
        let t = "Trump Tower staff";
        assert_eq!(after(t, 5).word, Some("Tower"));
        assert_eq!(after("Trump-proof", 5).word, None);
        assert_eq!(after("Trump, Tower", 5).word, None);
        assert!(after("Xi's aide", 2).possessive);
        assert!(!after("Xi'an", 2).possessive);
        assert_eq!(after("Biden Jr. said", 5).word, Some("Jr."));
    }

    #[test]
    fn kinship_openers_and_the_word_after_a_possessive() {
        let text = "Her brother Paolo Duterte, and his father, Pierre Elliott Trudeau";
        let at = text.find("Duterte").expect("span present");
        assert_eq!(run_opener(text, at, ""), (Some("brother"), Some("Her")));
        let at = text.find("Trudeau").expect("span present");
        assert_eq!(run_opener(text, at, ""), (Some("father"), Some("his")));
        // The run may begin in an earlier text run of the block.
        assert_eq!(
            run_opener("Shehbaz Sharif", 8, "His younger brother "),
            (Some("brother"), Some("younger"))
        );
        assert_eq!(
            kinship("brother", Some("younger")),
            Some(Generation::Younger)
        );
        assert_eq!(kinship("brother", Some("his")), Some(Generation::Unknown));
        assert_eq!(kinship("father,", None), Some(Generation::Elder));
        assert_eq!(kinship("leader", None), None);
        assert_eq!(Generation::Elder.inverse(), Generation::Younger);
        assert_eq!(after_possessive("Trudeau's father, who", 7), Some("father"));
        assert_eq!(after_possessive("Trudeau\u{2019}s son", 7), Some("son"));
        assert_eq!(after_possessive("Trudeau said", 7), None);
    }

    #[test]
    fn word_classes() {
        assert!(is_title_prefix("Vice") && !is_title_prefix("South"));
        assert!(is_place_noun("airport,") && !is_place_noun("administration"));

        assert!(is_capitalised("Élysée") && !is_capitalised("rice") && is_capitalised("\"Rice"));
        assert!(is_title("Secretary") && is_title("Mr.") && !is_title("Beau"));
        assert!(is_function_word("When") && !is_function_word("Beau"));
        assert!(is_name_suffix_or_date("Monday") && is_name_suffix_or_date("Jr."));
        assert!(!is_name_suffix_or_date("Tower"));
        assert!(is_abbreviation("U.S.") && is_abbreviation("E.") && !is_abbreviation("Xi."));
        assert!(is_place_word("Capitol") && !is_place_word("Lindsey"));
    }
}
