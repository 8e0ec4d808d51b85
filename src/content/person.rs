//! A registry entry for a person, as its file in `content/people/` says it.

use std::path::PathBuf;

use serde::Deserialize;

use super::front_matter::{self, Located};
use super::value::{DateValue, RawImage, Text};
use crate::error::Diagnostic;

/// The front matter of a person file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    /// Canonical name.
    #[serde(default, deserialize_with = "super::value::required_name")]
    pub name: Text,
    /// Other ways briefs write the name.
    #[serde(default, deserialize_with = "super::value::name_list")]
    pub aliases: Vec<Text>,
    /// Current or best-known role.
    #[serde(default)]
    pub role: Option<String>,
    /// Organization of that role.
    #[serde(default)]
    pub organization: Option<String>,
    /// Role history, for date-aware roles.
    #[serde(default)]
    pub roles: Vec<RawRole>,
    /// Country.
    #[serde(default)]
    pub country: Option<String>,
    /// A portrait, with its alt text.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// The site's own fields, as `person.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// One role held over a period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    /// The title of the role.
    pub title: Text,
    /// Where it was held.
    #[serde(default)]
    pub organization: Option<String>,
    /// First day.
    #[serde(default)]
    pub from: Option<DateValue>,
    /// Last day; none while held.
    #[serde(default)]
    pub to: Option<DateValue>,
}

/// A parsed person file.
#[derive(Debug, Clone)]
pub struct PersonDoc {
    /// Path relative to the site folder.
    pub path: PathBuf,
    /// The front matter.
    pub meta: RawPerson,
    /// Biography (Markdown).
    pub body: String,
    /// The URL slug, from the file name.
    pub slug: String,
    /// The YAML text, to locate later errors.
    pub yaml: String,
    /// The whole file text, for error snippets.
    pub text: String,
}

impl PersonDoc {
    /// Parses one person file from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<PersonDoc, Vec<Diagnostic>> {
        let (meta, yaml, body): (RawPerson, _, _) =
            parse_registry_file(&path, &text, |m: &RawPerson| &m.name)?;
        for (i, role) in meta.roles.iter().enumerate() {
            if let (Some(from), Some(to)) = (role.from, role.to)
                && to.date < from.date
            {
                let at = Located {
                    path: &path,
                    text: &text,
                    first_line: 2,
                };
                return Err(vec![at.error_at_key(
                    &yaml,
                    &["roles", &i.to_string(), "to"],
                    format!(
                        "the role `{}` ends ({}) before it starts ({})",
                        role.title,
                        to.ymd(),
                        from.ymd()
                    ),
                )]);
            }
        }
        Ok(PersonDoc {
            slug: crate::slug::slugify(&file_stem(&path)),
            path,
            meta,
            body,
            yaml,
            text,
        })
    }
}

/// Splits and parses a registry file (person or topic): both have a front matter
/// block and a Markdown body.
pub(crate) fn parse_registry_file<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    text: &str,
    name_of: fn(&T) -> &Text,
) -> Result<(T, String, String), Vec<Diagnostic>> {
    let split = front_matter::split(text).map_err(|e| {
        vec![
            Diagnostic::error(path, e.line, 1, e.message)
                .with_help(e.help)
                .with_source(text),
        ]
    })?;
    let at = Located {
        path,
        text,
        first_line: split.yaml_line,
    };
    let meta = front_matter::parse_yaml(&at, split.yaml).map_err(|d| vec![d])?;
    if name_of(&meta).0.is_empty() {
        return Err(vec![super::value::missing_key(&at, split.yaml, "name")]);
    }
    Ok((meta, split.yaml.to_owned(), split.body.to_owned()))
}

pub(crate) fn file_stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_and_aliases_are_checked_where_written() {
        let long = "y".repeat(20_000);
        let e = PersonDoc::parse(
            PathBuf::from("content/people/a.md"),
            format!("---\nname: A\naliases:\n  - B\n  - {long}\n---\n"),
        )
        .unwrap_err();
        assert_eq!(e[0].line(), Some(5), "{e:?}");
        assert!(e[0].message.contains("at most 200"), "{e:?}");
        let e = super::super::TopicDoc::parse(
            PathBuf::from("content/topics/a.md"),
            "---\nname: \"Ukra\u{2060}ine\"\n---\n".into(),
        )
        .unwrap_err();
        assert_eq!(e[0].line(), Some(2), "{e:?}");
        assert!(e[0].message.contains("U+2060"), "{e:?}");
    }
}
