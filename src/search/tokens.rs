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

/// Calls `each` with every word of `text` worth indexing, folded.
pub(crate) fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    // Characters in `word`: its length in bytes for ASCII, counted otherwise.
    let mut chars = 0usize;
    let mut flush = |word: &mut String, chars: &mut usize| {
        if *chars >= MIN_LEN && STOP_WORDS.binary_search(&word.as_str()).is_err() {
            each(word);
        }
        word.clear();
        *chars = 0;
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, most of any text, a byte at a time.
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                word.push(char::from(b.to_ascii_lowercase()));
                chars += 1;
            } else {
                flush(&mut word, &mut chars);
            }
            i += 1;
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
            flush(&mut word, &mut chars);
        }
    }
    flush(&mut word, &mut chars);
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

/// The text of rendered HTML: tags dropped, the entities the renderer writes
/// decoded, a space between elements so that words of two cells stay apart.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        out.push(' ');
        match rest[lt..].find('>') {
            Some(gt) => rest = &rest[lt + gt + 1..],
            None => {
                rest = "";
            }
        }
    }
    push_decoded(&mut out, rest);
    out
}

fn push_decoded(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest.find(';').filter(|&e| e <= 10).map(|e| &rest[..=e]);
        let decoded = match entity {
            Some("&amp;") => Some('&'),
            Some("&lt;") => Some('<'),
            Some("&gt;") => Some('>'),
            Some("&quot;") => Some('"'),
            Some("&#39;") | Some("&apos;") => Some('\''),
            _ => None,
        };
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len()..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
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
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn html_becomes_text() {
        let text = html_text("<p>A&amp;B&lt;3 <a href=\"x\">link</a></p><td>one</td><td>two</td>");
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["A&B<3", "link", "one", "two"]
        );
    }
}
