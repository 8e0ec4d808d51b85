//! Site settings from `site.yaml`, with a default for every setting so a folder
//! holding only `content/briefs/` builds, and the URL arithmetic under `base_url`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::front_matter::{self, Located};
use crate::error::Diagnostic;

/// What to do with raw HTML written inside Markdown bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep harmless markup (tables, `<abbr>`, `<sup>`...) and strip scripts, event
    /// handlers, `javascript:` URLs, iframes and styles. The default: briefs are often
    /// pasted from the web and a site should not run what a source page carried.
    #[default]
    Sanitize,
    /// Show raw HTML as text, escaped.
    Escape,
    /// Pass raw HTML through untouched: only for sites whose writers are trusted.
    Allow,
}

/// Which mentions become links (`mentions:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionMode {
    /// The first mention of each person or topic in a brief: enough to reach the
    /// page without turning every other word of a long brief into a link.
    #[default]
    First,
    /// Every mention.
    All,
    /// No links; mentions are still recorded.
    None,
}

/// Markdown options a site can change.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML policy.
    pub raw_html: RawHtml,
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            raw_html: RawHtml::Sanitize,
            smart_punctuation: true,
        }
    }
}

/// The parsed `site.yaml`. Its fields are handed to templates as `config`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in every page header.
    pub title: String,
    /// The absolute URL the site is published at, for canonical links, feeds and the
    /// sitemap (internal links stay relative). Empty: no absolute URLs are written.
    pub base_url: String,
    /// One sentence about the site, for the home page and meta description.
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Briefs per page on `/briefs/`.
    pub briefs_per_page: usize,
    /// Briefs listed on the home page.
    pub home_briefs: usize,
    /// Markdown rendering options.
    pub markdown: MarkdownConfig,
    /// Which mentions of registry names in brief bodies become links:
    /// `first` (per brief), `all` or `none`.
    pub mentions: MentionMode,
    /// Free-form values for a site's own templates, as `config.extra`.
    pub extra: serde_yaml::Mapping,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefings".into(),
            base_url: String::new(),
            description: String::new(),
            language: "en".into(),
            briefs_per_page: 20,
            home_briefs: 10,
            markdown: MarkdownConfig::default(),
            mentions: MentionMode::default(),
            extra: serde_yaml::Mapping::new(),
        }
    }
}

impl SiteConfig {
    /// Reads `site.yaml` from the site folder; a missing file gives the defaults.
    pub fn load(site_dir: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = site_dir.join("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        "site.yaml",
                        0,
                        0,
                        format!("file is not valid UTF-8 ({e})"),
                    )]);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    "site.yaml",
                    0,
                    0,
                    format!("cannot read: {e}"),
                )]);
            }
        };
        let text = crate::content::normalize_text(&text);
        let located = Located {
            path: Path::new("site.yaml"),
            text: &text,
            first_line: 1,
        };
        let config: SiteConfig = if text.trim().is_empty() {
            SiteConfig::default()
        } else {
            front_matter::parse_yaml(&located, &text).map_err(|d| vec![d])?
        };
        config
            .validate(&text)
            .map_err(|d| vec![d.with_source(&text)])?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Diagnostic> {
        let at = |key: &str, msg: String| {
            let (line, column) = front_matter::key_position(text, &[key]).unwrap_or((0, 0));
            Diagnostic::error("site.yaml", line, column, format!("`{key}` {msg}"))
        };
        if self.briefs_per_page == 0 {
            return Err(at("briefs_per_page", "must be at least 1".into()));
        }
        if !self.base_url.is_empty() && parse_base_url(&self.base_url).is_none() {
            return Err(at(
                "base_url",
                format!("`{}` is not an absolute http(s) URL", self.base_url),
            )
            .with_help("write it as https://example.org/ or https://example.org/sub/path/"));
        }
        Ok(())
    }

    /// Checks `base_url` alone, for a value given on the command line.
    pub fn validate_base_url(&self) -> Result<(), Diagnostic> {
        if !self.base_url.is_empty() && parse_base_url(&self.base_url).is_none() {
            return Err(Diagnostic::error(
                "--base-url",
                0,
                0,
                format!("`{}` is not an absolute http(s) URL", self.base_url),
            )
            .with_help("write it as https://example.org/ or https://example.org/sub/path/"));
        }
        Ok(())
    }

    /// `base_url` with exactly one trailing slash, or empty when unset.
    pub fn base(&self) -> String {
        if self.base_url.is_empty() {
            String::new()
        } else {
            format!("{}/", self.base_url.trim_end_matches('/'))
        }
    }

    /// The absolute URL of a site path such as `briefs/x/`, when `base_url` is set.
    pub fn absolute(&self, path: &str) -> Option<String> {
        if self.base_url.is_empty() {
            None
        } else {
            Some(format!("{}{}", self.base(), path.trim_start_matches('/')))
        }
    }

    /// The path part of `base_url` (`/` or `/sub/path/`): where the site lives on its host.
    pub fn base_path(&self) -> String {
        parse_base_url(&self.base_url)
            .map(|(_, path)| path)
            .unwrap_or_else(|| "/".into())
    }
}

/// Splits an absolute http(s) URL into its origin and its path (always ending in `/`).
fn parse_base_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
        return None;
    }
    if path.contains(['?', '#', ' ']) {
        return None;
    }
    let scheme_len = url.len() - rest.len();
    let origin = format!("{}{host}", &url[..scheme_len]);
    let path = format!("{}/", path.trim_end_matches('/'));
    Some((origin, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_sub_path() {
        let c = SiteConfig {
            base_url: "https://example.org/briefings".into(),
            ..SiteConfig::default()
        };
        assert_eq!(c.base_path(), "/briefings/");
        assert_eq!(
            c.absolute("/briefs/x/").as_deref(),
            Some("https://example.org/briefings/briefs/x/")
        );
    }

    #[test]
    fn bad_base_urls_are_refused() {
        assert!(parse_base_url("example.org").is_none());
        assert!(parse_base_url("https:///x").is_none());
        assert!(parse_base_url("https://example.org/a b").is_none());
        assert_eq!(parse_base_url("http://localhost:1111").unwrap().1, "/");
    }
}
