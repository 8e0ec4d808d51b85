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
    /// Month names, January first.
    pub months: [String; 12],
    /// Short month names for chart axes.
    pub months_short: [String; 12],
    /// Label of a person's activity chart, with `{name}`.
    pub person_activity: String,
    /// Label of a topic's activity chart, with `{name}`.
    pub topic_activity: String,
    /// Label of a person's co-participation diagram, with `{name}`.
    pub person_network: String,
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
}

/// Replaces `{key}` in `template` by `value`.
pub fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
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
}
