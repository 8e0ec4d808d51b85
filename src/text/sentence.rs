//! Sentence contexts: the sentence of a text around a span (a mention), as plain
//! text trimmed to a fixed budget, for "mentioned in" lists.

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The sentence around a mention, as plain text, for "mentioned in" lists. A
/// template shows `before`, then `mention` highlighted, then `after`, each escaped.
///
/// Every first mention of every brief keeps one, so the three parts share one
/// allocation of exactly their size.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MentionContext {
    /// `before`, `mention` and `after`, one after the other.
    text: Box<str>,
    /// Where `mention` and `after` begin in `text`.
    mention_at: u32,
    after_at: u32,
}

impl MentionContext {
    pub(crate) fn new(before: &str, mention: &str, after: &str) -> MentionContext {
        let mut text = String::with_capacity(before.len() + mention.len() + after.len());
        text.push_str(before);
        text.push_str(mention);
        text.push_str(after);
        // A context is trimmed to a few hundred characters: its offsets fit.
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        MentionContext {
            text: text.into_boxed_str(),
            mention_at: at(before.len()),
            after_at: at(before.len() + mention.len()),
        }
    }

    /// The sentence up to the mention (starting with `…` when cut).
    pub fn before(&self) -> &str {
        self.text.get(..self.mention_at as usize).unwrap_or("")
    }

    /// The name as written.
    pub fn mention(&self) -> &str {
        self.text
            .get(self.mention_at as usize..self.after_at as usize)
            .unwrap_or("")
    }

    /// The rest of the sentence (ending with `…` when cut).
    pub fn after(&self) -> &str {
        self.text.get(self.after_at as usize..).unwrap_or("")
    }
}

/// Templates see `before`, `mention` and `after`.
impl Serialize for MentionContext {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("MentionContext", 3)?;
        s.serialize_field("before", self.before())?;
        s.serialize_field("mention", self.mention())?;
        s.serialize_field("after", self.after())?;
        s.end()
    }
}

/// At most this many characters of context are kept around a mention.
const CONTEXT_CHARS: usize = 240;

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
pub(crate) fn context_around(text: &str, start: usize, end: usize) -> MentionContext {
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
    MentionContext::new(&before, &mention, &after)
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

    #[test]
    fn sentences_skip_initials_and_abbreviations() {
        let text = "The U.S. Secretary, Gen. Milley and Mr. Blinken arrived. Then nothing.";
        let start = text.find("Blinken").unwrap_or_default();
        let c = context_around(text, start, start + "Blinken".len());
        assert_eq!(c.before(), "The U.S. Secretary, Gen. Milley and Mr. ");
        assert_eq!(c.after(), " arrived.");
        let text = "“Enough,” he said. “Blinken!” she cried? No.";
        let start = text.find("Blinken").unwrap_or_default();
        let c = context_around(text, start, start + "Blinken".len());
        // A lowercase word after `!”` continues the sentence.
        assert_eq!((c.before(), c.after()), ("“", "!” she cried?"));
    }

    #[test]
    fn long_sentences_are_cut_at_words_around_the_mention() {
        let words = "word ".repeat(100);
        let text = format!("{words}Blinken {words}end.");
        let start = words.len();
        let c = context_around(&text, start, start + "Blinken".len());
        assert!(c.before().starts_with("…word "), "{:?}", c.before());
        assert!(c.after().ends_with(" word…"), "{:?}", c.after());
        let total =
            c.before().chars().count() + c.mention().chars().count() + c.after().chars().count();
        assert!(total <= CONTEXT_CHARS + 2, "{total}");
        assert!(total >= CONTEXT_CHARS - 12, "{total}");
        // A short side leaves its share to the other.
        let text = format!("Blinken {words}end.");
        let c = context_around(&text, 0, "Blinken".len());
        assert_eq!(c.before(), "");
        assert!(c.after().chars().count() > 200);
    }
}
