//! A registry entry for an author, as its file in `content/authors/` says it.
//! Authors are kept apart from people: people are the subjects of briefs (named in
//! their text and linked), authors write them, and a name in a body is never taken
//! for a byline.

use std::path::PathBuf;

use serde::Deserialize;

use super::front_matter::Located;
use super::person::{file_stem, parse_registry_file};
use super::value::{RawImage, Text};
use crate::error::Diagnostic;

/// The front matter of an author file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAuthor {
    /// The name bylines show.
    #[serde(default, deserialize_with = "super::value::required_name")]
    pub name: Text,
    /// Other ways briefs write the name in `authors:`.
    #[serde(default, deserialize_with = "super::value::name_list")]
    pub aliases: Vec<Text>,
    /// The author's own page elsewhere (a web link).
    #[serde(default)]
    pub url: Option<String>,
    /// A portrait, with its alt text.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// The site's own fields, as `author.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// A parsed author file.
#[derive(Debug, Clone)]
pub struct AuthorDoc {
    /// Path relative to the site folder.
    pub path: PathBuf,
    /// The front matter.
    pub meta: RawAuthor,
    /// Biography (Markdown).
    pub body: String,
    /// The URL slug, from the file name.
    pub slug: String,
    /// The YAML text, to locate later errors.
    pub yaml: String,
    /// The whole file text, for error snippets.
    pub text: String,
}

impl AuthorDoc {
    /// Parses one author file from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<AuthorDoc, Vec<Diagnostic>> {
        let (meta, yaml, body, _) = parse_registry_file::<RawAuthor>(&path, &text, |m| &m.name)?;
        if let Some(url) = &meta.url
            && !super::brief::is_safe_url(url)
        {
            let at = Located {
                path: &path,
                text: &text,
                first_line: 2,
            };
            return Err(vec![
                at.error_at_key(&yaml, &["url"], format!("`{url}` is not a web link"))
                    .with_help("an author's link must start with https:// or http://"),
            ]);
        }
        Ok(AuthorDoc {
            slug: crate::slug::slugify(&file_stem(&path)),
            path,
            meta,
            body,
            yaml,
            text,
        })
    }
}
