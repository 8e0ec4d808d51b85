//! A registry entry for a person, as its file in `content/people/` says it.

use std::path::PathBuf;

use std::collections::BTreeMap;

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
    /// How the name sorts in the people index, when the family name is not its
    /// last word ("Xi Jinping"); by default the last word sorts first.
    #[serde(default)]
    pub sort_name: Option<String>,
    /// How body text matches each name or alias (`match: {Rice: case-sensitive}`).
    #[serde(default, rename = "match")]
    pub matching: BTreeMap<String, MatchMode>,
    /// Phrases that contain a name or alias but never mention the entry
    /// ("Blair House", "Kerry County").
    #[serde(default, deserialize_with = "super::value::name_list")]
    pub exclude: Vec<Text>,
    /// A portrait, with its alt text.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// The site's own fields, as `person.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// How a name or alias is matched in brief bodies. Registry files tune single
/// surfaces with it when the default rule (see `docs/format.md`) links too much or
/// too little.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchMode {
    /// The default rule: case and accents are folded, words the registry
    /// capitalises must be capitalised, and context decides the rest.
    #[default]
    Default,
    /// Letter case must be as written in the registry (`NATO`, not `nato`).
    CaseSensitive,
    /// Letters, case and accents exactly as written in the registry.
    Exact,
    /// Never matched in body text (front matter still resolves it).
    Off,
}

/// A registry entry's tuning of body-text matching, checked against its names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tuning {
    /// Per name or alias (as written in the registry file), its mode.
    pub modes: Vec<(String, MatchMode)>,
    /// Phrases never read as a mention of anything.
    pub exclude: Vec<String>,
}

impl Tuning {
    /// The mode of `surface` (default when not tuned).
    pub fn mode_of(&self, surface: &str) -> MatchMode {
        self.modes
            .iter()
            .find(|(s, _)| s == surface)
            .map_or(MatchMode::Default, |(_, m)| *m)
    }
}

/// The tuning of a registry entry: every key of `match` must be its name or one of
/// its aliases, so a typo is an error where it is written rather than a silent
/// no-op.
pub(crate) fn tuning(
    at: &Located<'_>,
    yaml: &str,
    name: &Text,
    aliases: &[Text],
    matching: &BTreeMap<String, MatchMode>,
    exclude: &[Text],
) -> Result<Tuning, Diagnostic> {
    let mut modes = Vec::with_capacity(matching.len());
    for (surface, mode) in matching {
        let known = name.0 == *surface || aliases.iter().any(|a| a.0 == *surface);
        if !known {
            return Err(at
                .error_at_key(
                    yaml,
                    &["match", surface],
                    format!(
                        "`match` names `{surface}`, which is not this entry's name or an alias"
                    ),
                )
                .with_help("write the name or alias exactly as under `name:` or `aliases:`"));
        }
        modes.push((surface.clone(), *mode));
    }
    Ok(Tuning {
        modes,
        exclude: exclude.iter().map(|e| e.0.clone()).collect(),
    })
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
    /// Body-text matching tuned by `match:` and `exclude:`.
    pub tuning: Tuning,
}

impl PersonDoc {
    /// Whether `other`, a later version of this file, names, sorts and matches
    /// the person as this one does: then only what pages say of them changed
    /// (a role, a biography), and no brief links or numbers anyone anew.
    pub fn same_names(&self, other: &PersonDoc) -> bool {
        self.path == other.path
            && self.slug == other.slug
            && self.meta.name == other.meta.name
            && self.meta.aliases == other.meta.aliases
            && self.meta.sort_name == other.meta.sort_name
            && self.meta.matching == other.meta.matching
            && self.meta.exclude == other.meta.exclude
            && self.tuning == other.tuning
    }

    /// Parses one person file from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<PersonDoc, Vec<Diagnostic>> {
        let (meta, yaml, body, first_line): (RawPerson, _, _, _) =
            parse_registry_file(&path, &text, |m: &RawPerson| &m.name)?;
        let at = Located {
            path: &path,
            text: &text,
            first_line,
        };
        for (i, role) in meta.roles.iter().enumerate() {
            if let (Some(from), Some(to)) = (role.from, role.to)
                && to.date < from.date
            {
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
        let tuning = tuning(
            &at,
            &yaml,
            &meta.name,
            &meta.aliases,
            &meta.matching,
            &meta.exclude,
        )
        .map_err(|d| vec![d])?;
        Ok(PersonDoc {
            tuning,
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
/// block and a Markdown body. Returns the metadata, the YAML, the body and the
/// line the YAML starts on.
pub(crate) fn parse_registry_file<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    text: &str,
    name_of: fn(&T) -> &Text,
) -> Result<(T, String, String, usize), Vec<Diagnostic>> {
    let (meta, split, at) = front_matter::read::<T>(path, text)?;
    if name_of(&meta).0.is_empty() {
        return Err(vec![super::value::missing_key(&at, split.yaml, "name")]);
    }
    Ok((
        meta,
        split.yaml.to_owned(),
        split.body.to_owned(),
        split.yaml_line,
    ))
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
