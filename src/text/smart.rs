//! Typographic punctuation for plain text shown outside Markdown bodies (titles,
//! summaries, quotes, document titles), by the rules pulldown-cmark's smart
//! punctuation applies inside bodies, so a headline and its body never disagree:
//! straight quotes become curly ones, `--` an en dash, `---` an em dash and `...`
//! an ellipsis.

use std::borrow::Cow;

/// The text with typographic punctuation; borrowed when nothing changes.
pub fn punctuate(s: &str) -> Cow<'_, str> {
    if !s.contains(['\'', '"']) && !s.contains("--") && !s.contains("...") {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = out.chars().next_back();
        let next = chars.get(i + 1).copied();
        match c {
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('\u{2026}');
                i += 3;
                continue;
            }
            '-' if next == Some('-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('\u{2014}');
                    i += 3;
                } else {
                    out.push('\u{2013}');
                    i += 2;
                }
                continue;
            }
            '"' | '\'' => {
                let opens =
                    prev.is_none_or(opens_before) && next.is_some_and(|n| !n.is_whitespace());
                out.push(match (c, opens) {
                    ('"', true) => '\u{201c}',
                    ('"', false) => '\u{201d}',
                    (_, true) => '\u{2018}',
                    (_, false) => '\u{2019}',
                });
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// Whether a quote after `c` opens a quotation (rather than closing one or being
/// an apostrophe).
fn opens_before(c: char) -> bool {
    c.is_whitespace() || "([{\u{2018}\u{201c}-\u{2013}\u{2014}/".contains(c)
}

#[cfg(test)]
mod tests {
    use super::punctuate;

    #[test]
    fn quotes_curl_by_position() {
        assert_eq!(
            punctuate(r#"Blinken's "frank" talk with 'Qin'"#),
            "Blinken\u{2019}s \u{201c}frank\u{201d} talk with \u{2018}Qin\u{2019}"
        );
        assert_eq!(
            punctuate(r#""Open," he said."#),
            "\u{201c}Open,\u{201d} he said."
        );
        assert_eq!(punctuate("(\"a\")"), "(\u{201c}a\u{201d})");
    }

    #[test]
    fn dashes_and_ellipses() {
        assert_eq!(
            punctuate("2022--2023 --- and then..."),
            "2022\u{2013}2023 \u{2014} and then\u{2026}"
        );
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let s = "US-China relations, 2023";
        assert!(matches!(punctuate(s), std::borrow::Cow::Borrowed(t) if t == s));
        // Already curly text stays as it is.
        assert_eq!(
            punctuate("China\u{2019}s \u{201c}core\u{201d}"),
            "China\u{2019}s \u{201c}core\u{201d}"
        );
    }
}
