//! Name folding: text put in a comparable form (lowercase, accents and combining
//! marks dropped, curly apostrophes made straight, whitespace runs collapsed), with
//! a map from each folded byte back to the original bytes, so a match found in the
//! folded text can be checked and linked in the original.

/// Folds a name for the automaton: `None` when too short to match safely.
pub(super) fn fold_pattern(surface: &str) -> Option<String> {
    let folded = String::from_utf8_lossy(&Folded::new(surface.trim()).text).into_owned();
    let alphanumeric = folded.chars().filter(|c| c.is_alphanumeric()).count();
    (alphanumeric >= 2).then_some(folded)
}

/// Text in comparable form (always valid UTF-8), with the original byte offset of
/// the character that produced each folded byte.
#[derive(Default)]
pub(super) struct Folded {
    pub(super) text: Vec<u8>,
    /// Empty when `identity`.
    source: Vec<u32>,
    /// Each folded byte comes from the original byte at the same offset (ASCII
    /// text without runs of whitespace): `source` is not filled.
    identity: bool,
}

impl Folded {
    pub(super) fn new(original: &str) -> Folded {
        let mut folded = Folded::default();
        folded.fill(original);
        folded
    }

    /// Folds `original` into this value's buffers, replacing what they held.
    pub(super) fn fill(&mut self, original: &str) {
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
            // Every body's text passes here: both loops are written without
            // early exits or table lookups, so the compiler can vectorise them.
            let bytes = original.as_bytes();
            text.resize(bytes.len(), 0);
            for (out, &b) in text.iter_mut().zip(bytes) {
                *out = if ascii_space(b) {
                    b' '
                } else {
                    b.to_ascii_lowercase()
                };
            }
            // Whitespace became single spaces: a run of it is two spaces in a row.
            if !has_double_space(text) {
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
    pub(super) fn original(
        &self,
        start: usize,
        end: usize,
        original_len: usize,
    ) -> Option<(usize, usize)> {
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
/// `u8::is_ascii_whitespace` as plain comparisons, which vectorise.
fn ascii_space(b: u8) -> bool {
    (b == b' ') | (b == b'\t') | (b == b'\n') | (b == b'\x0C') | (b == b'\r')
}

/// Whether `text` holds two spaces in a row: checked a block at a time, each
/// block without an early exit.
fn has_double_space(text: &[u8]) -> bool {
    let Some(last) = text.len().checked_sub(1) else {
        return false;
    };
    text[..last]
        .chunks(64)
        .zip(text[1..].chunks(64))
        .any(|(a, b)| {
            a.iter()
                .zip(b)
                .fold(false, |seen, (&x, &y)| seen | ((x == b' ') & (y == b' ')))
        })
}

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
    if c.is_alphabetic()
        && is_latin(c)
        && let Some(ascii) = deunicode::deunicode_char(c)
        && !ascii.is_empty()
        && ascii.bytes().all(|b| b.is_ascii_alphabetic())
    {
        out.extend(ascii.bytes().map(|a| a.to_ascii_lowercase()));
        return;
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
pub(super) fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_folds_as_the_byte_rules_say() {
        for b in 0..=127u8 {
            assert_eq!(ascii_space(b), b.is_ascii_whitespace(), "byte {b}");
        }
        let long = format!("{}A  b", "x ".repeat(40));
        for (text, double) in [
            ("", false),
            (" ", false),
            ("a b", false),
            ("a\t\nb", true),
            (long.as_str(), true),
            (&long[..80], false),
        ] {
            let f = Folded::new(text);
            let spaces = text
                .as_bytes()
                .windows(2)
                .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace());
            assert_eq!(spaces, double, "{text:?}");
            assert_eq!(f.identity, !double, "{text:?}");
            let mut expected = String::new();
            for c in text.chars() {
                if c.is_ascii_whitespace() {
                    if !expected.ends_with(' ') || !double {
                        expected.push(' ');
                    }
                } else {
                    expected.push(c.to_ascii_lowercase());
                }
            }
            assert_eq!(String::from_utf8(f.text).unwrap(), expected, "{text:?}");
        }
        // A pair across the 64-byte blocks the check reads.
        let across = format!("{} {}", "y".repeat(63), " z");
        assert!(!Folded::new(&across).identity);
    }

    fn folded(s: &str) -> String {
        String::from_utf8(Folded::new(s).text).expect("folded text is UTF-8")
    }

    #[test]
    fn folding_lowercases_drops_accents_and_collapses_spaces() {
        assert_eq!(folded("Recep  Tayyip\tERDOĞAN"), "recep tayyip erdogan");
        assert_eq!(folded("Søren Straße"), "soren strasse");
        assert_eq!(folded("Erdog\u{306}an"), "erdogan");
        assert_eq!(folded("O’Rourke – Xi‐led"), "o'rourke - xi-led");
        // Other scripts keep their letters, lowercased.
        assert_eq!(folded("ПУТИН 习近平"), "путин 习近平");
    }

    #[test]
    fn folded_ranges_map_back_to_original_bytes() {
        // ASCII with single spaces: offsets are kept as they are.
        let text = "Mr. Blinken";
        let f = Folded::new(text);
        assert_eq!(f.original(4, 11, text.len()), Some((4, 11)));
        // A collapsed run of spaces and an accented letter shift the offsets.
        let text = "Zoë  Ångström said";
        let f = Folded::new(text);
        let hay = String::from_utf8(f.text.clone()).expect("UTF-8");
        let start = hay.find("angstrom").expect("folded name present");
        let (s, e) = f
            .original(start, start + "angstrom".len(), text.len())
            .expect("on character boundaries");
        assert_eq!(&text[s..e], "Ångström");
        // A trailing combining mark belongs to the match.
        let text = "Erdog\u{306}an";
        let f = Folded::new(text);
        assert_eq!(f.original(0, 7, text.len()), Some((0, text.len())));
        // A range may not begin or end inside the expansion of one character.
        let text = "Straße";
        let f = Folded::new(text);
        assert_eq!(f.original(0, 5, text.len()), None);
        assert_eq!(f.original(0, 7, text.len()), Some((0, text.len())));
    }

    #[test]
    fn patterns_need_two_letters_or_digits() {
        assert_eq!(fold_pattern("  Xi "), Some("xi".to_owned()));
        assert_eq!(fold_pattern("X."), None);
        assert_eq!(fold_pattern("  "), None);
    }
}
