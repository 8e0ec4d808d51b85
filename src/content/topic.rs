//! A registry entry for a topic, as its file in `content/topics/` says it.

use std::path::PathBuf;

use serde::Deserialize;

use std::collections::BTreeMap;

use super::front_matter::Located;
use super::person::{MatchMode, Tuning, file_stem, parse_registry_file, tuning};
use super::value::Text;
use crate::error::Diagnostic;

/// The front matter of a topic file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    /// Canonical name.
    #[serde(default, deserialize_with = "super::value::required_name")]
    pub name: Text,
    /// Other ways briefs write it.
    #[serde(default, deserialize_with = "super::value::name_list")]
    pub aliases: Vec<Text>,
    /// How body text matches each name or alias.
    #[serde(default, rename = "match")]
    pub matching: BTreeMap<String, MatchMode>,
    /// Phrases that contain a name or alias but never mention the topic.
    #[serde(default, deserialize_with = "super::value::name_list")]
    pub exclude: Vec<Text>,
    /// The site's own fields, as `topic.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// A parsed topic file.
#[derive(Debug, Clone)]
pub struct TopicDoc {
    /// Path relative to the site folder.
    pub path: PathBuf,
    /// The front matter.
    pub meta: RawTopic,
    /// Description (Markdown).
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

impl TopicDoc {
    /// Parses one topic file from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<TopicDoc, Vec<Diagnostic>> {
        let (meta, yaml, body, first_line) =
            parse_registry_file::<RawTopic>(&path, &text, |m| &m.name)?;
        let at = Located {
            path: &path,
            text: &text,
            first_line,
        };
        let tuning = tuning(
            &at,
            &yaml,
            &meta.name,
            &meta.aliases,
            &meta.matching,
            &meta.exclude,
        )
        .map_err(|d| vec![d])?;
        Ok(TopicDoc {
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
