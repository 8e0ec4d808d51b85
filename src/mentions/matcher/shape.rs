//! The shape of the text around a match: word boundaries, capitals, a name that
//! runs on before or after it, dates, initials.

use super::*;

/// Whether a registry form has no capital letter: common words, not a name.
pub(super) fn is_lower_case(surface: &str) -> bool {
    !surface.chars().any(char::is_uppercase)
}

/// The byte offset of `part` in `text`, when it is a slice of it.
pub(super) fn offset_in(text: &str, part: &str) -> Option<usize> {
    let offset = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + part.len() <= text.len()).then_some(offset)
}

/// Whether the word before a person's name makes the name part of a longer one
/// ("Beau Biden"): a capitalised word that is not a possessive, a title, a function
/// word or an "-ing" word opening the sentence.
pub(super) fn continues_name_before(before: &Before<'_>) -> bool {
    before.word.is_some_and(|w| {
        words::is_capitalised(w)
            && !w.ends_with("'s")
            && !w.ends_with("\u{2019}s")
            && !words::is_title(w)
            && !words::is_function_word(w)
            && (!before.word_opens_sentence || !words::is_participle_opener(w))
    })
}

/// Where the hyphenated compound holding the name at `start..end` begins, when a
/// capitalised word is joined to it by a hyphen ("Dlamini-Zuma", "Zuma-Sambudla").
pub(super) fn hyphened_name_start(text: &str, start: usize, end: usize) -> Option<usize> {
    let head = text.get(..start)?;
    if let Some(joined) = head.strip_suffix(is_hyphen) {
        let from = joined
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        return words::is_capitalised(&joined[from..]).then_some(from);
    }
    let mut tail = text.get(end..)?.chars();
    (tail.next().is_some_and(is_hyphen) && tail.next().is_some_and(char::is_uppercase))
        .then_some(start)
}

/// A romanised given name of two hyphenated syllables ("Dong-hoon", "Jun-seok",
/// "Ing-wen"), as East Asian names write it after the family name.
pub(super) fn is_hyphenated_given_name(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.', ';', ':']);
    let Some((first, second)) = word.split_once('-') else {
        return false;
    };
    words::is_capitalised(first)
        && first.chars().skip(1).all(char::is_lowercase)
        && !second.is_empty()
        && second.chars().all(char::is_lowercase)
}

/// Whether a name ending at `end` continues into a longer one: the next word is
/// capitalised, or is a name particle followed by a capitalised word ("Mohammed
/// bin Salman", "Lula da Silva").
pub(super) fn name_continues(text: &str, end: usize) -> bool {
    let Some(w) = words::after(text, end).word else {
        return false;
    };
    if words::is_capitalised(w) {
        return true;
    }
    if !words::is_name_particle(w) {
        return false;
    }
    let tail = text.get(end..).unwrap_or_default();
    let particle_end = end + (tail.len() - tail.trim_start().len()) + w.len();
    words::after(text, particle_end)
        .word
        .is_some_and(words::is_capitalised)
}

/// Whether the single word at `start..end` is a month in a date rather than a
/// name: a month name written with a day or year beside it ("6 May", "May 2",
/// "May 2024"), after "mid-" or a word such as "early" or "last", or closing a
/// clause after "by", "until" or "since" ("a new candidate by May.").
pub(super) fn is_date(
    text: &str,
    start: usize,
    end: usize,
    before: Option<&str>,
    after: &After<'_>,
) -> bool {
    if !words::is_month(&text[start..end]) {
        return false;
    }
    let numeric = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    let closes_clause = after.word.is_none() && !after.possessive;
    before.is_some_and(|w| {
        numeric(w)
            || words::is_month_qualifier(w)
            || (closes_clause && words::is_time_preposition(w))
    }) || after.word.is_some_and(numeric)
        || text[..start]
            .strip_suffix('-')
            .is_some_and(|h| h.ends_with("mid") || h.ends_with("Mid"))
}

/// The number of words starting with a capital letter.
pub(super) fn capitals(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| words::is_capitalised(w))
        .count()
}

/// Whether the written form `found` fits the pattern's case rule: by default each
/// word the registry capitalises must be capitalised (the first word of a topic
/// phrase excepted, since a phrase may be written in running text); `case-sensitive`
/// wants every letter's case as registered; `exact` the very letters.
pub(super) fn case_fits(p: &Pattern, found: &str) -> bool {
    match p.mode {
        MatchMode::Exact => found.split_whitespace().eq(p.surface.split_whitespace()),
        MatchMode::CaseSensitive => {
            let want = p
                .surface
                .chars()
                .filter(|c| c.is_alphabetic())
                .map(char::is_uppercase);
            let got = found
                .chars()
                .filter(|c| c.is_alphabetic())
                .map(char::is_uppercase);
            want.eq(got)
        }
        MatchMode::Default | MatchMode::Off => {
            let relax_first = !p.person && !p.single;
            p.surface
                .split_whitespace()
                .zip(found.split_whitespace())
                .enumerate()
                .all(|(i, (want, got))| {
                    (i == 0 && relax_first)
                        || !words::is_capitalised(want)
                        || words::is_capitalised(got)
                })
        }
    }
}

/// The length of the UTF-8 sequence that `lead` begins.
pub(super) fn utf8_len(lead: u8) -> usize {
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
/// A topic phrase joined by a hyphen to a word is part of a longer compound
/// ("military-to-military communication" is not "military communication");
/// a person's name may be ("Biden-Xi summit").
pub(super) fn on_word_boundaries(text: &str, start: usize, end: usize, person: bool) -> bool {
    let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let mut back = head.chars().rev().filter(|&c| !is_combining_mark(c));
    let before = back.next();
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    if !person && before.is_some_and(is_hyphen) && back.next().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let mut after = tail.chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if !person && is_hyphen(c) => !after.next().is_some_and(char::is_alphanumeric),
        Some('\'' | '\u{2019}') => match (after.next(), after.next()) {
            (Some('s' | 'S'), next) => !next.is_some_and(char::is_alphanumeric),
            (Some(c), _) => !c.is_alphanumeric(),
            (None, _) => true,
        },
        _ => true,
    }
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}
