//! A standalone page (About, Methodology, Corrections policy), as its file in
//! `content/pages/` says it: not a brief, so no date, sources or names.

use std::path::PathBuf;

use serde::Deserialize;

use super::front_matter;
use super::value::Text;
use crate::error::Diagnostic;
use crate::slug;

/// The front matter of a page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    /// The page's title, also its menu entry.
    #[serde(default, deserialize_with = "super::value::required_text")]
    pub title: Text,
    /// The URL slug (`/<slug>/`), else the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Whether the page appears in the site's navigation.
    #[serde(default)]
    pub menu: bool,
    /// Menu order: lower first, then by title.
    #[serde(default)]
    pub weight: i64,
    /// The site's own fields, as `page.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// A parsed page file.
#[derive(Debug, Clone)]
pub struct PageDoc {
    /// Path relative to the site folder.
    pub path: PathBuf,
    /// The front matter.
    pub meta: RawPage,
    /// The Markdown body.
    pub body: String,
    /// The URL slug: `slug:` or the file name.
    pub slug: String,
    /// The YAML text, to locate later errors.
    pub yaml: String,
    /// The whole file text, for error snippets.
    pub text: String,
}

impl PageDoc {
    /// Parses one page from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<PageDoc, Vec<Diagnostic>> {
        let (meta, split, at): (RawPage, _, _) = front_matter::read(&path, &text)?;
        if meta.title.0.is_empty() {
            return Err(vec![super::value::missing_key(&at, split.yaml, "title")]);
        }
        let slug = match &meta.slug {
            Some(s)
                if !slug::is_slug(s) || s.len() > slug::MAX_SLUG_BYTES || slug::is_reserved(s) =>
            {
                return Err(vec![
                    at.error_at_key(split.yaml, &["slug"], format!("`{s}` is not a valid page slug"))
                        .with_help(format!(
                            "a slug holds lowercase ASCII letters, digits and hyphens (at most {}), for example `{}`",
                            slug::MAX_SLUG_BYTES,
                            slug::slugify(s)
                        )),
                ]);
            }
            Some(s) => s.clone(),
            None => slug::slugify(&super::person::file_stem(&path)),
        };
        if slug.is_empty() {
            return Err(vec![
                Diagnostic::file_error(&path, "cannot make a URL slug from the file name")
                    .with_help("rename the file with letters or digits, or set `slug:`"),
            ]);
        }
        Ok(PageDoc {
            body: split.body.to_owned(),
            yaml: split.yaml.to_owned(),
            path,
            meta,
            slug,
            text,
        })
    }
}
