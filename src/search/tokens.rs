//! Words of the search index: text folded (lowercase, accents dropped) and split on
//! anything that is not a letter or digit. `templates/search.js` folds a query
//! the same way (`fold` there); the two must agree, so both are kept simple:
//! ASCII is lowercased, accented Latin letters become their base letters, other
//! letters and digits are lowercased, everything else separates words.

/// Words shorter than this are not indexed (nor looked up).
pub(crate) const MIN_LEN: usize = 2;

/// Words too common to tell briefs apart: not indexed, and a query ignores them
/// (the list is shipped in the index, so the script needs no copy of its own).
/// Sorted, for a binary search.
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "can", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is",
    "it", "its", "more", "not", "of", "on", "or", "over", "said", "she", "so", "than", "that",
    "the", "their", "them", "there", "they", "this", "to", "up", "was", "we", "were", "which",
    "while", "who", "will", "with", "would",
];

/// Whether `word` (folded) is a stop word. Called for every word of every brief,
/// so it is a lookup in a small open-addressed table of the stop words packed
/// into integers (a binary search mispredicts a branch at every step).
fn is_stop(word: &str) -> bool {
    const SLOTS: usize = 256;
    static TABLE: std::sync::LazyLock<[u64; SLOTS]> = std::sync::LazyLock::new(|| {
        let mut table = [0u64; SLOTS];
        for key in STOP_WORDS.iter().filter_map(|w| pack8(w)) {
            let mut slot = stop_slot(key, SLOTS);
            while table[slot] != 0 {
                slot = (slot + 1) % SLOTS;
            }
            table[slot] = key;
        }
        table
    });
    // No stop word is longer than five bytes: most words are out at once.
    if word.len() > 5 {
        return false;
    }
    let Some(key) = pack8(word) else {
        return false;
    };
    let table = &*TABLE;
    let mut slot = stop_slot(key, SLOTS);
    // The table is at most a quarter full, so an empty slot ends every probe.
    loop {
        match table[slot] {
            0 => return false,
            k if k == key => return true,
            _ => slot = (slot + 1) % SLOTS,
        }
    }
}

fn stop_slot(key: u64, slots: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % slots
}

/// Up to eight bytes as an integer (zero-padded: folded words hold no NUL).
fn pack8(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    // A loop rather than a copy into an array: a call to `memcpy` for a few
    // bytes costs more than the lookup it serves.
    (b.len() <= 8).then(|| {
        b.iter()
            .enumerate()
            .fold(0u64, |k, (i, &byte)| k | u64::from(byte) << (8 * i))
    })
}

/// A folded word as a map key. Most words fit in sixteen bytes and are packed into
/// an integer, so the millions of lookups an index build makes hash and compare
/// integers and allocate nothing; longer words are boxed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Word {
    Short(u128),
    Long(Box<str>),
}

impl Word {
    pub(crate) fn new(word: &str) -> Word {
        let b = word.as_bytes();
        if b.len() <= 16 {
            // As `pack8`: a loop, not a copy into an array (a `memcpy` call).
            Word::Short(
                b.iter()
                    .enumerate()
                    .fold(0u128, |k, (i, &byte)| k | u128::from(byte) << (8 * i)),
            )
        } else {
            Word::Long(word.into())
        }
    }

    /// The word as text again.
    pub(crate) fn into_string(self) -> String {
        match self {
            Word::Short(packed) => {
                let bytes = packed.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                // The bytes are those of a `&str` cut at its end, never inside a
                // character: the padding is zeros, which no folded word contains.
                String::from_utf8_lossy(&bytes[..len]).into_owned()
            }
            Word::Long(s) => s.into_string(),
        }
    }
}

/// Calls `each` with every word of `text` worth indexing, folded.
pub(crate) fn words(text: &str, each: impl FnMut(&str)) {
    scan(text, false, each);
}

/// [`words`] of rendered HTML: tags separate words and are skipped, as are the
/// character references the renderer writes (each stands for punctuation, which
/// separates words too).
pub(crate) fn html_words(html: &str, each: impl FnMut(&str)) {
    scan(html, true, each);
}

/// Passes on the word being built, if worth indexing, and starts the next.
fn flush(word: &mut String, chars: &mut usize, each: &mut impl FnMut(&str)) {
    if *chars >= MIN_LEN && !is_stop(word) {
        each(word);
    }
    word.clear();
    *chars = 0;
}

fn scan(text: &str, markup: bool, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    // Characters in `word`: its length in bytes for ASCII, counted otherwise.
    let mut chars = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // A run of ASCII letters and digits starting a word, as most words are:
        // passed on as a slice of the text when it needs no lowercasing.
        if b.is_ascii_alphanumeric() && word.is_empty() {
            let start = i;
            let mut upper = false;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                upper |= bytes[i].is_ascii_uppercase();
                i += 1;
            }
            let run = &text[start..i];
            if i == bytes.len() || bytes[i] < 0x80 {
                if run.len() >= MIN_LEN {
                    if upper {
                        word.push_str(run);
                        word.make_ascii_lowercase();
                        chars = run.len();
                        flush(&mut word, &mut chars, &mut each);
                    } else if !is_stop(run) {
                        each(run);
                    }
                }
                continue;
            }
            // The word goes on past ASCII: built character by character.
            word.push_str(run);
            word.make_ascii_lowercase();
            chars = run.len();
            continue;
        }
        // Other ASCII, a byte at a time.
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                word.push(char::from(b.to_ascii_lowercase()));
                chars += 1;
                i += 1;
                continue;
            }
            flush(&mut word, &mut chars, &mut each);
            i += 1;
            if markup {
                if b == b'<' {
                    i += bytes[i..]
                        .iter()
                        .position(|&c| c == b'>')
                        .map_or(bytes.len() - i, |p| p + 1);
                } else if b == b'&' {
                    i += entity_len(&bytes[i..]);
                }
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_combining_mark(c) {
            // Part of the letter before it.
        } else if c.is_alphabetic()
            && is_latin(c)
            && let Some(ascii) = deunicode::deunicode_char(c)
            && !ascii.is_empty()
            && ascii.bytes().all(|b| b.is_ascii_alphabetic())
        {
            word.extend(ascii.chars().map(|a| a.to_ascii_lowercase()));
            chars += ascii.chars().count();
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                word.push(l);
                chars += 1;
            }
        } else {
            flush(&mut word, &mut chars, &mut each);
        }
    }
    flush(&mut word, &mut chars, &mut each);
}

/// The length of the character reference after a `&` (its name and `;`), when it
/// is one the renderer writes; 0 otherwise (the `&` stood for itself).
fn entity_len(after_amp: &[u8]) -> usize {
    ["amp;", "lt;", "gt;", "quot;", "#39;", "apos;"]
        .iter()
        .find(|e| after_amp.starts_with(e.as_bytes()))
        .map_or(0, |e| e.len())
}

/// Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn words_are_folded_and_common_ones_dropped() {
        assert_eq!(
            all("The Secretary met Erdoğan & Çavuşoğlu in São Paulo, 2023; a x"),
            [
                "secretary",
                "met",
                "erdogan",
                "cavusoglu",
                "sao",
                "paulo",
                "2023"
            ]
        );
        assert_eq!(all("Straße 习近平"), ["strasse", "习近平"]);
    }

    #[test]
    fn stop_words_are_sorted_and_all_found() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            STOP_WORDS.len() * 4 <= 256,
            "the table stays a quarter full"
        );
        assert!(
            STOP_WORDS.iter().all(|w| w.len() <= 5),
            "is_stop's length test"
        );
        assert!(STOP_WORDS.iter().all(|w| is_stop(w)));
        assert!(
            !["thee", "whom", "wouldn", "", "abcdefghij"]
                .iter()
                .any(|w| is_stop(w))
        );
    }

    #[test]
    fn html_words_skip_tags_and_references() {
        let mut out = Vec::new();
        html_words(
            "<p>A&amp;Bx&lt;3 <a href=\"x\">link</a></p><td>one</td><td>two</td>&amp;amp;",
            |w| out.push(w.to_owned()),
        );
        assert_eq!(out, ["bx", "link", "one", "two", "amp"]);
    }

    #[test]
    fn words_round_trip_through_keys() {
        for w in [
            "ab",
            "sixteen-bytes-ok",
            "seventeen-bytes-x",
            "erdoğan",
            "习近平",
        ] {
            assert_eq!(Word::new(w).into_string(), w);
        }
        assert_ne!(Word::new("ab"), Word::new("abc"));
        assert!(is_stop("the") && is_stop("would") && !is_stop("there's") && !is_stop("theory"));
    }
}
