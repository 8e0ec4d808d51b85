//! The word lists that reading names in context rests on: titles, function
//! words, months, places, verbs of speech and nouns only people have, each with
//! the question it answers about one word. `words` reads the text around a name
//! with them.

/// Whether `word` begins with an uppercase letter (accents and other scripts
/// included).
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
}

/// A single initial ("E."), a dotted acronym ("U.S.", "U.K.") or an abbreviated
/// title ("Mr.", "Sen."): a full stop after one of these does not end a sentence.
pub(crate) fn is_abbreviation(token: &str) -> bool {
    let t = token.trim_start_matches(['(', '"', '\u{201C}']);
    if is_initial(t) {
        return true;
    }
    let dotted = t.len() >= 4
        && t.ends_with('.')
        && t.split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_uppercase()));
    dotted || TITLE_ABBREVIATIONS.contains(&t)
}

/// One uppercase letter and a full stop ("E." of "Robert E. Lee").
pub(crate) fn is_initial(token: &str) -> bool {
    let mut c = token.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_uppercase())
}

const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.",
    "Maj.", "Adm.", "Sgt.", "Amb.", "Pres.", "Sec.", "St.", "Rev.", "Hon.",
];

/// Words that may stand right before a name without being part of it: titles,
/// offices, ranks and party labels ("Secretary of State Antony Blinken",
/// "Republican Kevin McCarthy").
pub(crate) fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches(',');
    TITLE_ABBREVIATIONS.contains(&w) || TITLES.binary_search(&w).is_ok()
}

/// Sorted for binary search.
const TITLES: &[&str] = &[
    "Admiral",
    "Adviser",
    "Advisor",
    "Affairs",
    "Ambassador",
    "Captain",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chancellor",
    "Chief",
    "Colonel",
    "Commander",
    "Commerce",
    "Commissioner",
    "Congressman",
    "Congresswoman",
    "Conservative",
    "Coordinator",
    "Councilor",
    "Counselor",
    "Dame",
    "Defence",
    "Defense",
    "Democrat",
    "Democratic",
    "Deputy",
    "Director",
    "Dr",
    "Emir",
    "Envoy",
    "Finance",
    "Foreign",
    "General",
    "Governor",
    "Independent",
    "Judge",
    "Justice",
    "King",
    "Labour",
    "Lady",
    "Leader",
    "Liberal",
    "Lord",
    "Major",
    "Marshal",
    "Mayor",
    "Minister",
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "Premier",
    "President",
    "President-elect",
    "Prime",
    "Prince",
    "Princess",
    "Prof",
    "Queen",
    "Representative",
    "Republican",
    "Secretary",
    "Secretary-General",
    "Security",
    "Senator",
    "Senior",
    "Sheikh",
    "Sir",
    "Speaker",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
    "State",
    "Trade",
    "Treasury",
    "Vice",
];

/// Capitalised words that open sentences or name days and months: one of these
/// before a name does not make a longer name ("When Biden", "On Monday Xi").
pub(crate) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// Sorted for binary search.
const FUNCTION_WORDS: &[&str] = &[
    "A",
    "After",
    "Also",
    "Although",
    "An",
    "And",
    "April",
    "As",
    "Asked",
    "At",
    "August",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "December",
    "Did",
    "During",
    "Earlier",
    "Even",
    "February",
    "For",
    "Friday",
    "From",
    "Had",
    "Has",
    "Have",
    "Here",
    "How",
    "However",
    "If",
    "In",
    "Is",
    "January",
    "July",
    "June",
    "Later",
    "Like",
    "March",
    "May",
    "Meanwhile",
    "Monday",
    "Neither",
    "Nor",
    "November",
    "Now",
    "October",
    "Of",
    "On",
    "Once",
    "Only",
    "Or",
    "Saturday",
    "September",
    "Since",
    "So",
    "Still",
    "Sunday",
    "That",
    "The",
    "Then",
    "There",
    "These",
    "This",
    "Those",
    "Though",
    "Thursday",
    "To",
    "Today",
    "Tuesday",
    "Under",
    "Unlike",
    "Until",
    "Was",
    "Wednesday",
    "What",
    "When",
    "Where",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
];

/// A verb form or preposition in "-ing" opening a sentence ("Choosing Sinwar",
/// "Following Biden's visit", "Including Yellen"): capitalised only because it
/// opens the sentence, so the name after it is not part of a longer one. Six
/// letters at least, so that short given names ("Ming", "Ewing") are not taken
/// for one.
pub(crate) fn is_participle_opener(word: &str) -> bool {
    word.len() >= 6 && word.ends_with("ing") && word.chars().skip(1).all(|c| c.is_ascii_lowercase())
}

/// Particles inside personal names ("Mohammed bin Salman", "Lula da Silva",
/// "Ursula von der Leyen"): a name followed by one of these and a capitalised word
/// runs on into a longer name.
pub(crate) fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "bin"
            | "bint"
            | "ibn"
            | "al"
            | "el"
            | "da"
            | "de"
            | "di"
            | "dos"
            | "du"
            | "van"
            | "von"
            | "der"
    )
}

/// Whether `word` is the name of a month as written ("May", not "may").
pub(crate) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

/// Prepositions of time before a month name closing a clause ("by May.",
/// "until June.", "since March.").
pub(crate) fn is_time_preposition(word: &str) -> bool {
    matches!(word, "by" | "until" | "till" | "since" | "through")
}

/// Words before a month name that make it a date ("early May", "last June").
pub(crate) fn is_month_qualifier(word: &str) -> bool {
    matches!(
        word,
        "early" | "Early" | "late" | "Late" | "mid" | "Mid" | "last" | "Last" | "next" | "Next"
    )
}

/// Capitalised words after a name that do not make it a longer name: name
/// suffixes, days and months ("Biden Jr.", "Xi Monday").
pub(crate) fn is_name_suffix_or_date(word: &str) -> bool {
    matches!(word, "Jr." | "Sr." | "II" | "III" | "IV" | "Jr" | "Sr")
        || (is_function_word(word) && word.ends_with("day"))
        || MONTHS.contains(&word)
}

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that open a place name rather than a person's ("Capitol Hill", "County
/// Kerry", "Fort Worth"): a registry name after one is not a mention, but it is
/// not someone else's name either.
pub(crate) fn is_place_word(word: &str) -> bool {
    PLACE_WORDS.binary_search(&word).is_ok()
}

/// Sorted for binary search.
const PLACE_WORDS: &[&str] = &[
    "Camp", "Cape", "Capitol", "County", "East", "Fort", "Greater", "Lake", "Las", "Los", "Lower",
    "Mount", "Mt.", "New", "North", "Port", "Saint", "San", "Santa", "South", "St.", "Upper",
    "West",
];

/// Articles before a name ("the Hill", "a Bush"): a single-word name after one
/// needs other evidence to be a person.
pub(crate) fn is_article(word: &str) -> bool {
    matches!(word, "the" | "The" | "a" | "A" | "an" | "An")
}

/// Whether `word` (lower case) names a person by office or relation, or what a
/// person has: aides, words, office.
pub(crate) fn is_person_noun(word: &str) -> bool {
    PERSON_NOUNS.binary_search(&word).is_ok()
}

/// A verb that only a person's words or acts follow ("said", "told", "warned").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.binary_search(&word).is_ok()
}

/// A participle opening a clause after a name and a comma that only a person
/// does ("speaking", "testifying").
pub(crate) fn is_person_participle(word: &str) -> bool {
    PERSON_PARTICIPLES.binary_search(&word).is_ok()
}

/// Sorted for binary search.
const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "admitted",
    "agreed",
    "announced",
    "argued",
    "asked",
    "asserted",
    "cautioned",
    "claimed",
    "complained",
    "conceded",
    "countered",
    "declared",
    "denied",
    "disagreed",
    "emphasised",
    "emphasized",
    "explained",
    "insisted",
    "maintained",
    "noted",
    "objected",
    "pledged",
    "predicted",
    "promised",
    "recalled",
    "reiterated",
    "remarked",
    "replied",
    "responded",
    "said",
    "says",
    "stressed",
    "suggested",
    "tells",
    "testified",
    "told",
    "tweeted",
    "urged",
    "vowed",
    "warned",
    "wrote",
];

/// Participles opening a clause after a name and a comma that only a person
/// does: "Yellen, speaking in Guangzhou, said". Sorted for binary search.
const PERSON_PARTICIPLES: &[&str] = &[
    "addressing",
    "answering",
    "asked",
    "campaigning",
    "interviewed",
    "pressed",
    "responding",
    "speaking",
    "testifying",
    "writing",
];

/// Sorted for binary search.
const PERSON_NOUNS: &[&str] = &[
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "aide",
    "aides",
    "allies",
    "ambassador",
    "campaign",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "comments",
    "commissioner",
    "congressman",
    "congresswoman",
    "counterpart",
    "counterparts",
    "critics",
    "daughter",
    "deputy",
    "diplomat",
    "director",
    "envoy",
    "father",
    "governor",
    "husband",
    "lawmaker",
    "leader",
    "mayor",
    "minister",
    "mother",
    "negotiator",
    "office",
    "official",
    "predecessor",
    "premier",
    "president",
    "prosecutor",
    "remarks",
    "representative",
    "secretary",
    "senator",
    "son",
    "speaker",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "successor",
    "supporters",
    "wife",
];

/// Nouns that a person's name qualifies ("the Biden administration", "the Xi
/// era"): after an article, a single-word name followed by one of these is the
/// person even where the brief has not named them.
pub(crate) fn is_attributive_head(word: &str) -> bool {
    matches!(
        word.trim_end_matches([',', '.', ';', ':']),
        "administration"
            | "administration's"
            | "government"
            | "campaign"
            | "cabinet"
            | "team"
            | "camp"
            | "era"
            | "presidency"
            | "doctrine"
            | "aides"
            | "family"
            | "visit"
            | "trip"
            | "meeting"
            | "summit"
            | "speech"
            | "plan"
            | "policy"
    )
}

/// Prepositions of place ("in Austin", "near Kerry"): a single-word name after
/// one is read as a place unless possessive ("in Austin's view").
pub(crate) fn is_place_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "In" | "at" | "At" | "near" | "Near" | "outside" | "Outside" | "across"
    )
}

/// Words that turn the title after them into a different office ("Vice President
/// Lai Ching-te", "Deputy Prime Minister ..."): a registered title form ("President
/// Lai") after one does not give the mention its title.
pub(crate) fn is_title_prefix(word: &str) -> bool {
    matches!(word, "Vice" | "Deputy" | "Assistant" | "Under")
}

/// Lowercase nouns that make a place or an institution of the name before them
/// ("Montreal's Trudeau airport", "the Modi stadium"): named after a person, not
/// the person.
pub(crate) fn is_place_noun(word: &str) -> bool {
    matches!(
        word.trim_end_matches([',', '.', ';', ':']),
        "airport"
            | "avenue"
            | "boulevard"
            | "bridge"
            | "dam"
            | "highway"
            | "hospital"
            | "library"
            | "museum"
            | "square"
            | "stadium"
            | "station"
            | "street"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            TITLES,
            FUNCTION_WORDS,
            PLACE_WORDS,
            SPEECH_VERBS,
            PERSON_NOUNS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
