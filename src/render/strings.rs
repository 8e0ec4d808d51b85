//! The words shown to readers that do not come from a template: page titles, month
//! names and chart labels. The built-in table is `templates/strings.yaml`; a site's
//! `templates/strings.yaml` replaces any of its keys, so a site can translate or
//! rename them. Templates see the table as `strings`.

use serde::{Deserialize, Serialize};

/// The built-in table.
pub const BUILTIN: &str = include_str!("../../templates/strings.yaml");

/// The table, every key required once the site's table is merged over the built-in one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// Title of `/briefs/`.
    pub all_briefs: String,
    /// Title of `/briefs/page/<n>/`, with `{n}`.
    pub all_briefs_page: String,
    /// Title of a numbered page of any other list of briefs (a person's, a
    /// year's, ...), with `{title}` (the front page's) and `{n}`.
    pub list_page: String,
    /// Title of `/people/`.
    pub people: String,
    /// Title of `/topics/`.
    pub topics: String,
    /// Title of `/sources/`.
    pub sources: String,
    /// Title of `/archive/`.
    pub archive: String,
    /// Title of `/archive/<year>/`, with `{year}`.
    pub briefs_of_year: String,
    /// Title of the 404 page.
    pub not_found: String,
    /// The mark of a brief dated after the build (embargoed), shown by `serve`.
    pub scheduled: String,
    /// Title of `/authors/`.
    pub authors: String,
    /// Title of `/countries/`.
    pub countries: String,
    /// Title of `/series/`.
    pub series: String,
    /// What comes before the names of a brief's authors.
    pub byline: String,
    /// Month names, January first.
    pub months: [String; 12],
    /// Short month names for chart axes.
    pub months_short: [String; 12],
    /// Label of a person's activity chart, with `{name}`.
    pub person_activity: String,
    /// Label of a topic's activity chart, with `{name}`.
    pub topic_activity: String,
    /// Label of a person's chart of who they appeared with and when, with `{name}`.
    pub person_together: String,
    /// A month of a given year in chart text, with `{month}` and `{year}`.
    pub month_year: String,
    /// A count of one brief, with `{n}`.
    pub briefs_one: String,
    /// A count of briefs other than one, with `{n}`.
    pub briefs_many: String,
    /// The vertical axis of an activity chart.
    pub chart_axis: String,
    /// What an activity chart without briefs shows.
    pub chart_empty: String,
    /// The description of an activity chart without briefs.
    pub chart_empty_description: String,
    /// Description of an activity chart of one period, with `{briefs}` and `{period}`.
    pub activity_one_period: String,
    /// Description of a monthly activity chart, with `{from}`, `{to}`, `{briefs}` and
    /// `{peak}`.
    pub activity_per_month: String,
    /// Description of a yearly activity chart, with `{from}`, `{to}`, `{briefs}` and
    /// `{peak}`.
    pub activity_per_year: String,
    /// The `{peak}` of an activity description, with `{n}` and `{periods}`.
    pub activity_peak: String,
    /// One period in an activity description's list, with `{period}` and `{n}`.
    pub activity_period: String,
    /// Description of that chart, with `{name}`, `{from}`, `{to}`, `{people}` and
    /// `{more}`.
    pub together_description: String,
    /// Its description when it covers one period, with `{name}`, `{period}`,
    /// `{people}` and `{more}`.
    pub together_one_period: String,
    /// One person in `{people}`, with `{name}`, `{briefs}` (their total) and
    /// `{periods}` (each period and count, as `activity_period`).
    pub together_person: String,
    /// The `{more}` of that description when not everyone has a row, with `{n}`.
    pub together_more: String,
    /// Its description for someone who shares no brief, with `{name}`.
    pub together_alone: String,
    /// The tooltip of one dot, with `{name}`, `{period}` and `{briefs}`.
    pub together_cell: String,
}

impl Strings {
    /// The built-in table with `site` (the text of a site's `strings.yaml`) merged
    /// over it key by key. The error names the problem (an unknown key, a wrong
    /// type) for the caller to locate.
    pub fn merged(site: Option<&str>) -> Result<Strings, String> {
        let mut table: serde_yaml::Mapping =
            serde_yaml::from_str(BUILTIN).map_err(|e| format!("built-in table: {e}"))?;
        if let Some(text) = site {
            let over: Option<serde_yaml::Mapping> =
                serde_yaml::from_str(text).map_err(|e| e.to_string())?;
            for (k, v) in over.unwrap_or_default() {
                table.insert(k, v);
            }
        }
        serde_yaml::from_value(serde_yaml::Value::Mapping(table)).map_err(|e| e.to_string())
    }

    /// The name of month `month` (1 to 12).
    pub fn month(&self, month: i8) -> &str {
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        &self.months[i]
    }

    /// The short name of month `month` (1 to 12).
    pub fn month_short(&self, month: i8) -> &str {
        let i = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        &self.months_short[i]
    }

    /// "1 brief", "3 briefs": `n` with the word in its form for `n`.
    pub fn briefs(&self, n: u32) -> String {
        let form = if n == 1 {
            &self.briefs_one
        } else {
            &self.briefs_many
        };
        fill(form, "n", &n.to_string())
    }
}

/// Replaces `{key}` in `template` by `value`.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

/// Replaces every `{key}` of `values` in `template` in one pass, so a value that
/// itself holds a placeholder (a name such as `{to}`) stays as written. Unknown
/// placeholders and lone braces are kept.
pub fn fill_all(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_is_complete() {
        let s = Strings::merged(None).unwrap();
        assert_eq!(s.month(6), "June");
        assert_eq!(fill(&s.briefs_of_year, "year", "2023"), "Briefs of 2023");
    }

    #[test]
    fn a_site_table_replaces_keys_and_refuses_unknown_ones() {
        let s = Strings::merged(Some("people: Personnes\n")).unwrap();
        assert_eq!(s.people, "Personnes");
        assert_eq!(s.topics, "Topics");
        let err = Strings::merged(Some("peple: Personnes\n")).unwrap_err();
        assert!(err.contains("peple"), "{err}");
    }

    #[test]
    fn counts_take_the_form_for_their_number() {
        let s = Strings::merged(Some(
            "briefs_one: \"{n} note\"\nbriefs_many: \"{n} notes\"\n",
        ))
        .unwrap();
        assert_eq!(s.briefs(1), "1 note");
        assert_eq!(s.briefs(0), "0 notes");
        assert_eq!(s.briefs(2), "2 notes");
        assert_eq!(Strings::merged(None).unwrap().briefs(1), "1 brief");
        assert_eq!(s.month_short(9), "Sep");
        assert_eq!(s.month_short(0), "Jan");
    }

    #[test]
    fn fill_all_replaces_every_key_once() {
        assert_eq!(
            fill_all("{a} to {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x to y, x"
        );
        // A value holding a placeholder is not filled again.
        assert_eq!(
            fill_all("{name} and {to}", &[("name", "{to}"), ("to", "B")]),
            "{to} and B"
        );
        // Unknown keys and lone braces stay.
        assert_eq!(fill_all("{x} {a} { }", &[("a", "1")]), "{x} 1 { }");
        assert_eq!(fill_all("end {", &[]), "end {");
        assert_eq!(fill_all("é{a}ü", &[("a", "ß")]), "éßü");
    }
}
