//! Ready-to-copy citations of a brief, so readers quote the briefing correctly.
//! Briefs have no personal author: the site stands as the author, as style guides
//! advise for institutional web pages.

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

/// Cites a brief from its title, date, the site's title and its permalink (absolute
/// when `base_url` is set, else none is given).
pub fn cite(site_title: &str, title: &str, date: &DateValue, permalink: Option<&str>) -> Citations {
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
    Citations {
        chicago: format!("{site_title}. \u{201c}{chicago_title}{end}\u{201d} {chicago_date}.{url}"),
        apa: format!("{site_title}. ({apa_date}). {apa_title}{apa_end}{url}"),
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
        let q = cite("S", "Decouple?", &date, None);
        assert_eq!(q.chicago, "S. \u{201c}Decouple?\u{201d} June 14, 2023.");
        assert_eq!(q.apa, "S. (2023, June 14). Decouple?");
    }
}
