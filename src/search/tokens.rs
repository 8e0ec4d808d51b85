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

/// Slots of the stop word table: at most a quarter full, so an empty slot ends
/// every probe soon.
const STOP_SLOTS: usize = 256;

/// The stop words packed into integers (as [`pack`] packs them) in an
/// open-addressed table, made at compile time.
static STOP_TABLE: [u64; STOP_SLOTS] = {
    let mut table = [0u64; STOP_SLOTS];
    let mut w = 0;
    while w < STOP_WORDS.len() {
        let bytes = STOP_WORDS[w].as_bytes();
        let mut key = 0u64;
        let mut i = 0;
        while i < bytes.len() {
            key |= (bytes[i] as u64) << (8 * i);
            i += 1;
        }
        let mut slot = stop_slot(key);
        while table[slot] != 0 {
            slot = (slot + 1) % STOP_SLOTS;
        }
        table[slot] = key;
        w += 1;
    }
    table
};

/// Whether `word` (folded) is a stop word. Called for every word of every brief,
/// so it is a lookup in a small open-addressed table of the stop words packed
/// into integers (a binary search mispredicts a branch at every step).
#[inline]
fn is_stop(word: &str) -> bool {
    // No stop word is longer than five bytes: most words are out at once.
    if word.len() > 5 {
        return false;
    }
    let Some(key) = pack(word) else {
        return false;
    };
    // Five bytes at most: the key fits in the low half.
    let key = key as u64;
    let mut slot = stop_slot(key);
    loop {
        match STOP_TABLE[slot] {
            0 => return false,
            k if k == key => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

const fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % STOP_SLOTS
}

/// A folded word of up to sixteen bytes packed into an integer (zero-padded:
/// folded words hold no NUL, so no two words share a key and no key is 0), so the
/// millions of lookups an index build makes hash and compare integers and
/// allocate nothing. Longer words (`None`) are kept as text.
#[inline]
pub(crate) fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let n = b.len();
    // Two loads, from the start and from the end, that overlap where the word is
    // shorter than both together: the overlapping bytes are the same in each, so
    // or-ing them is exact. No loop and no call to `memcpy`.
    let (lo, hi) = match n {
        0 => return Some(0),
        1 => return Some(u128::from(b[0])),
        2..=3 => (
            u128::from(u16::from_le_bytes([b[0], b[1]])),
            u128::from(u16::from_le_bytes([b[n - 2], b[n - 1]])) << (8 * (n - 2)),
        ),
        4..=7 => (
            u128::from(u32::from_le_bytes(array(&b[..4]))),
            u128::from(u32::from_le_bytes(array(&b[n - 4..]))) << (8 * (n - 4)),
        ),
        8..=16 => (
            u128::from(u64::from_le_bytes(array(&b[..8]))),
            u128::from(u64::from_le_bytes(array(&b[n - 8..]))) << (8 * (n - 8)),
        ),
        _ => return None,
    };
    Some(lo | hi)
}

/// The first `N` bytes of `b` (which has at least `N`) as an array.
#[inline]
fn array<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&b[..N]);
    out
}

/// The word [`pack`] made `key` from.
pub(crate) fn unpack(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    // The bytes are those of a `&str` cut at its end, never inside a character:
    // the padding is zeros, which no folded word contains.
    String::from_utf8_lossy(&bytes[..len]).into_owned()
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

/// What a byte is to [`scan`], by a table lookup rather than range tests.
const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const MARKUP: u8 = 3;
const NON_ASCII: u8 = 4;

/// The class of every byte: ASCII lowercase letters and digits, uppercase
/// letters, `<` and `&` (markup in HTML, separators in text), the bytes of
/// characters past ASCII, and separators.
static CLASS: [u8; 256] = {
    let mut class = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c == b'<' || c == b'&' {
            MARKUP
        } else if c >= 0x80 {
            NON_ASCII
        } else {
            SEPARATOR
        };
        b += 1;
    }
    class
};

fn scan(text: &str, markup: bool, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    // Characters in `word`: its length in bytes for ASCII, counted otherwise.
    let mut chars = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[usize::from(b)];
        // A run of ASCII letters and digits starting a word, as most words are:
        // passed on as a slice of the text when it needs no lowercasing.
        if class <= UPPER && class != SEPARATOR && word.is_empty() {
            let start = i;
            let upper;
            (i, upper) = ascii_run(bytes, i);
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
        if class != NON_ASCII {
            if class != SEPARATOR && class != MARKUP {
                word.push(char::from(b.to_ascii_lowercase()));
                chars += 1;
                i += 1;
                continue;
            }
            flush(&mut word, &mut chars, &mut each);
            i += 1;
            if markup && class == MARKUP {
                if b == b'<' {
                    i += find_byte(&bytes[i..], b'>').map_or(bytes.len() - i, |p| p + 1);
                } else {
                    i += entity_len(&bytes[i..]);
                }
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if matches!(c, '\u{2000}'..='\u{206F}') {
            // General punctuation (dashes, quotation marks, spaces), common in
            // typeset text: no letter or digit, so no Unicode table is read.
            flush(&mut word, &mut chars, &mut each);
        } else if is_combining_mark(c) {
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

/// The end of the run of ASCII letters and digits at `start` in `bytes`, and
/// whether it has an uppercase letter. Eight bytes at a time while eight are
/// left: a word ends where the bytes say so, not at a branch per byte that is
/// mispredicted at every word's end.
#[inline]
fn ascii_run(bytes: &[u8], start: usize) -> (usize, bool) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// High bit of each byte of `v` (bytes under 0x80) that lies in `lo..=hi`:
    /// adding `0x80 - lo` sets it from `lo` up, adding `0x7f - hi` past `hi`;
    /// neither sum carries into the next byte.
    #[inline]
    fn within(v: u64, lo: u8, hi: u8) -> u64 {
        (v + LOW * u64::from(0x80 - lo)) & !(v + LOW * u64::from(0x7f - hi)) & HIGH
    }
    let mut i = start;
    let mut upper = false;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight);
        let ascii = !x & HIGH;
        let v = x & !HIGH;
        let caps = within(v, b'A', b'Z') & ascii;
        let alnum = (within(v, b'0', b'9') | within(v | (LOW * 0x20), b'a', b'z')) & ascii;
        let end = !alnum & HIGH;
        if end != 0 {
            // Bytes before the first that ends the run.
            let before = end & end.wrapping_neg();
            upper |= caps & (before - 1) != 0;
            return (i + before.trailing_zeros() as usize / 8, upper);
        }
        upper |= caps != 0;
        i += 8;
    }
    while let Some(&c) = bytes.get(i) {
        match CLASS[usize::from(c)] {
            LOWER => {}
            UPPER => upper = true,
            _ => break,
        }
        i += 1;
    }
    (i, upper)
}

/// Where `needle` first is in `haystack`, eight bytes at a time (a tag's
/// attributes are most of the bytes of a body's markup).
#[inline]
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let repeated = LOW * u64::from(needle);
    let mut chunks = haystack.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let x = u64::from_le_bytes(eight) ^ repeated;
        // A zero byte of `x` is a match; the lowest set bit marks the first.
        let found = x.wrapping_sub(LOW) & !x & HIGH;
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == needle)
        .map(|p| at + p)
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
            STOP_WORDS.len() * 4 <= STOP_SLOTS,
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
    fn bytes_are_found_at_every_offset() {
        for len in 0..40 {
            let mut hay = vec![b'a'; len];
            assert_eq!(find_byte(&hay, b'>'), None);
            for at in 0..len {
                hay[at] = b'>';
                // A later match must not hide this one, nor a byte just above.
                if at + 1 < len {
                    hay[at + 1] = b'?';
                }
                assert_eq!(find_byte(&hay, b'>'), Some(at), "{len} {at}");
                hay[at] = b'=';
            }
        }
    }

    #[test]
    fn runs_end_at_the_first_byte_not_a_letter_or_digit() {
        // Every byte value just after runs of every length up to two chunks.
        for len in 1..20 {
            for b in 0..=255u8 {
                for caps in [false, true] {
                    let mut text: Vec<u8> = (0..len).map(|j| b"a0Zz9"[j % 5]).collect();
                    if !caps {
                        text.make_ascii_lowercase();
                    }
                    text.push(b);
                    text.extend_from_slice(b" tail and more bytes");
                    let want_end = if b.is_ascii_alphanumeric() {
                        len + 1
                    } else {
                        len
                    };
                    let want_upper = text[..want_end].iter().any(u8::is_ascii_uppercase);
                    assert_eq!(
                        ascii_run(&text, 0),
                        (want_end, want_upper),
                        "{len} {b} {caps}"
                    );
                }
            }
        }
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
            match pack(w) {
                Some(key) => assert_eq!(unpack(key), w),
                None => assert!(w.len() > 16, "{w}"),
            }
        }
        // Every length a load pattern covers, against the byte-by-byte packing.
        let text = "abcdefghijklmnopq";
        for n in 0..=16 {
            let slow = text.as_bytes()[..n]
                .iter()
                .enumerate()
                .fold(0u128, |k, (i, &b)| k | u128::from(b) << (8 * i));
            assert_eq!(pack(&text[..n]), Some(slow), "{n}");
        }
        assert_eq!(pack(text), None);
        assert_ne!(pack("ab"), pack("abc"));
        assert!(is_stop("the") && is_stop("would") && !is_stop("there's") && !is_stop("theory"));
    }
}
