//! Ready-to-copy citations of a brief, so readers quote the briefing correctly.
//! The brief's authors stand as its authors; a brief without any is cited with
//! the site as its author, as style guides advise for institutional web pages.

use serde::Serialize;

use crate::content::DateValue;

/// A brief cited in the two styles most asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citations {
    /// Chicago (notes and bibliography), web page form.
    pub chicago: String,
    /// APA 7th edition, web page form.
    pub apa: String,
}

/// Whether a name reads as a group rather than a person: one word, or a word that
/// does not start with a capital (`China Desk editors`). Groups are never inverted.
fn is_group(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() < 2
        || words
            .iter()
            .any(|w| !w.chars().next().is_some_and(char::is_uppercase))
}

/// "Doe, Jane" from "Jane Doe": the family name is taken as the last word. A group
/// (see [`is_group`]) stays as it is.
fn inverted(name: &str) -> String {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) if !is_group(name) => format!("{family}, {given}"),
        _ => name.trim().to_owned(),
    }
}

/// "Doe, J." (APA): the family name and the initials of the given names; a group
/// as it is.
fn apa_name(name: &str) -> String {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) if !is_group(name) => {
            let initials: Vec<String> = given
                .split([' ', '-'])
                .filter_map(|g| g.chars().next())
                .map(|c| format!("{c}."))
                .collect();
            format!("{family}, {}", initials.join(" "))
        }
        _ => name.trim().to_owned(),
    }
}

/// Joins names as the styles do after an inverted first name: `a`, `a, and b`,
/// `a, b, and c` (`&` for APA).
fn join(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, {and} {last}", init.join(", ")),
    }
}

/// Cites a brief from its authors (none: the site is the author), title, date, the
/// site's title and its permalink (absolute when `base_url` is set, else none is
/// given).
pub fn cite(
    site_title: &str,
    authors: &[&str],
    title: &str,
    date: &DateValue,
    permalink: Option<&str>,
) -> Citations {
    let d = date.date;
    let chicago_date = d.strftime("%B %-d, %Y").to_string();
    let apa_date = d.strftime("%Y, %B %-d").to_string();
    let url = permalink.map(|u| format!(" {u}")).unwrap_or_default();
    let chicago_title = title.trim_end_matches('.');
    let end = if chicago_title.ends_with(['?', '!']) {
        ""
    } else {
        "."
    };
    let apa_title = title.trim_end_matches('.');
    let apa_end = if apa_title.ends_with(['?', '!']) {
        ""
    } else {
        "."
    };
    if authors.is_empty() {
        return Citations {
            chicago: format!(
                "{site_title}. \u{201c}{chicago_title}{end}\u{201d} {chicago_date}.{url}"
            ),
            apa: format!("{site_title}. ({apa_date}). {apa_title}{apa_end}{url}"),
        };
    }
    let chicago_names: Vec<String> = authors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                inverted(a)
            } else {
                a.trim().to_owned()
            }
        })
        .collect();
    let apa_names: Vec<String> = authors.iter().map(|a| apa_name(a)).collect();
    let chicago_by = join(&chicago_names, "and");
    let apa_by = join(&apa_names, "&");
    let sep = |s: &str| if s.ends_with('.') { "" } else { "." };
    Citations {
        chicago: format!(
            "{chicago_by}{} \u{201c}{chicago_title}{end}\u{201d} {site_title}, {chicago_date}.{url}",
            sep(&chicago_by)
        ),
        apa: format!(
            "{apa_by}{} ({apa_date}). {apa_title}{apa_end} {site_title}.{url}",
            sep(&apa_by)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_styles_carry_title_date_site_and_link() {
        let date = DateValue::parse("2023-06-14").unwrap();
        let c = cite(
            "China Desk",
            &[],
            "Blinken Trying Again on China",
            &date,
            Some("https://example.org/briefs/x/"),
        );
        assert_eq!(
            c.chicago,
            "China Desk. \u{201c}Blinken Trying Again on China.\u{201d} June 14, 2023. https://example.org/briefs/x/"
        );
        assert_eq!(
            c.apa,
            "China Desk. (2023, June 14). Blinken Trying Again on China. https://example.org/briefs/x/"
        );
        let q = cite("S", &[], "Decouple?", &date, None);
        assert_eq!(q.chicago, "S. \u{201c}Decouple?\u{201d} June 14, 2023.");
        assert_eq!(q.apa, "S. (2023, June 14). Decouple?");
    }

    #[test]
    fn authors_stand_before_the_title_and_the_site_after_it() {
        let date = DateValue::parse("2023-06-14").unwrap();
        let one = cite(
            "China Desk",
            &["Mara Lindqvist"],
            "Talks resume",
            &date,
            None,
        );
        assert_eq!(
            one.chicago,
            "Lindqvist, Mara. \u{201c}Talks resume.\u{201d} China Desk, June 14, 2023."
        );
        assert_eq!(
            one.apa,
            "Lindqvist, M. (2023, June 14). Talks resume. China Desk."
        );
        let three = cite(
            "China Desk",
            &["Mara Lindqvist", "Tomas Ibarra-Cole", "Desk"],
            "Talks resume",
            &date,
            Some("https://example.org/briefs/x/"),
        );
        assert_eq!(
            three.chicago,
            "Lindqvist, Mara, Tomas Ibarra-Cole, and Desk. \u{201c}Talks resume.\u{201d} China Desk, June 14, 2023. https://example.org/briefs/x/"
        );
        assert_eq!(
            three.apa,
            "Lindqvist, M., Ibarra-Cole, T., & Desk. (2023, June 14). Talks resume. China Desk. https://example.org/briefs/x/"
        );
    }
}
