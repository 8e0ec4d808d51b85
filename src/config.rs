//! Site settings from `site.yaml`, with a default for every setting so a folder
//! holding only `content/briefs/` builds, and the URL arithmetic under `base_url`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::Text;
use crate::content::front_matter::{self, Located, MAX_FRONT_MATTER_BYTES};
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
    #[serde(deserialize_with = "required_string")]
    pub title: String,
    /// The absolute URL the site is published at, for canonical links, feeds and the
    /// sitemap (internal links stay relative). Empty: no absolute URLs are written.
    pub base_url: String,
    /// One sentence about the site, for the home page and meta description.
    #[serde(deserialize_with = "optional_string")]
    pub description: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(deserialize_with = "required_string")]
    pub language: String,
    /// Briefs per page on `/briefs/` and every other list of briefs.
    pub briefs_per_page: usize,
    /// Entries per page of the indexes of people, topics and sources: a site of
    /// ten thousand people would otherwise have a people index of megabytes.
    pub index_per_page: usize,
    /// Briefs listed on the home page.
    pub home_briefs: usize,
    /// Entries in each Atom feed (the newest ones): readers fetch feeds often, so
    /// a feed holds the recent briefs, not the archive.
    pub feed_limit: usize,
    /// Markdown rendering options.
    pub markdown: MarkdownConfig,
    /// Which mentions of registry names in brief bodies become links:
    /// `first` (per brief), `all` or `none`.
    pub mentions: MentionMode,
    /// Free-form values for a site's own templates, as `config.extra`.
    pub extra: serde_yaml::Mapping,
    /// The IANA time zone the writers work in (`Europe/Paris`), for what "today"
    /// means to `dossier new` and to `check`'s dates in the future; empty: the
    /// machine's. Not a template variable.
    #[serde(skip_serializing, deserialize_with = "optional_string")]
    pub time_zone: String,
    /// Publish briefs dated in the future at once (no embargo), as `--future` does.
    pub publish_future: bool,
    /// The author of briefs that name none (`authors:`): a name, alias or slug of
    /// `content/authors/`, or a name of its own. Empty: such briefs have no byline
    /// and citations name the site.
    #[serde(deserialize_with = "optional_string")]
    pub author: String,
}

/// A setting that must have a value: `null`, `~` or blank become an empty string,
/// which [`SiteConfig::validate`] reports at the key (never the text "null").
fn required_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<Text>::deserialize(d)?
        .map(|t| t.0)
        .unwrap_or_default())
}

/// A setting that may be left empty: `null` and `~` mean empty, not "null".
fn optional_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefings".into(),
            base_url: String::new(),
            description: String::new(),
            language: "en".into(),
            briefs_per_page: 20,
            index_per_page: 1000,
            home_briefs: 10,
            feed_limit: 50,
            markdown: MarkdownConfig::default(),
            mentions: MentionMode::default(),
            extra: serde_yaml::Mapping::new(),
            time_zone: String::new(),
            publish_future: false,
            author: String::new(),
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
                    return Err(vec![Diagnostic::file_error(
                        "site.yaml",
                        format!("file is not valid UTF-8 ({e})"),
                    )]);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(vec![Diagnostic::file_error(
                    "site.yaml",
                    format!("cannot read: {e}"),
                )]);
            }
        };
        if text.len() > MAX_FRONT_MATTER_BYTES {
            return Err(vec![
                Diagnostic::file_error(
                    "site.yaml",
                    format!(
                        "site.yaml is larger than {} KiB",
                        MAX_FRONT_MATTER_BYTES / 1024
                    ),
                )
                .with_help(
                    "site.yaml holds settings only; keep large data in files under `static/`",
                ),
            ]);
        }
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
        for (key, value) in [("title", &self.title), ("language", &self.language)] {
            if value.is_empty() {
                return Err(at(key, "is empty".into()).with_help(format!(
                    "write a value after `{key}:`, or remove the line for the default"
                )));
            }
        }
        if !self.time_zone.is_empty() && jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            return Err(at(
                "time_zone",
                format!("`{}` is not a known time zone", self.time_zone),
            )
            .with_help("write an IANA name such as `Europe/Paris` or `America/New_York`, or remove the line for this machine's zone"));
        }
        if self.briefs_per_page == 0 {
            return Err(at("briefs_per_page", "must be at least 1".into()));
        }
        if self.index_per_page == 0 {
            return Err(at("index_per_page", "must be at least 1".into())
                .with_help("remove the line for the default of 1000"));
        }
        if self.feed_limit == 0 {
            return Err(at("feed_limit", "must be at least 1".into())
                .with_help("feeds hold the newest briefs; remove the line for the default of 50"));
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

    /// Today's date in the site's time zone (see `time_zone`), else the machine's.
    pub fn today(&self) -> jiff::civil::Date {
        let zone = match self.time_zone.as_str() {
            "" => jiff::tz::TimeZone::system(),
            // Checked when the settings were read; the machine's zone otherwise.
            name => jiff::tz::TimeZone::get(name).unwrap_or_else(|_| jiff::tz::TimeZone::system()),
        };
        jiff::Timestamp::now().to_zoned(zone).date()
    }

    /// Checks `base_url` alone, for a value given on the command line.
    pub fn validate_base_url(&self) -> Result<(), Diagnostic> {
        if !self.base_url.is_empty() && parse_base_url(&self.base_url).is_none() {
            return Err(Diagnostic::file_error(
                "--base-url",
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
            // Made for every page and feed entry: one allocation, no formatting.
            let base = self.base_url.trim_end_matches('/');
            let path = path.trim_start_matches('/');
            let mut url = String::with_capacity(base.len() + 1 + path.len());
            url.push_str(base);
            url.push('/');
            url.push_str(path);
            Some(url)
        }
    }

    /// The scheme and host of `base_url` (`https://example.org`), for links that
    /// start with `/` inside absolute content such as feed entries.
    pub fn origin(&self) -> Option<String> {
        parse_base_url(&self.base_url).map(|(origin, _)| origin)
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

    fn load(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("site.yaml"), text).expect("site.yaml is written");
        SiteConfig::load(dir.path())
    }

    #[test]
    fn null_title_is_an_error_at_its_line() {
        for title in ["title: null", "title: ~", "title:", "title: \"  \""] {
            let e = load(&format!("description: x\n{title}\n")).unwrap_err();
            assert_eq!(e[0].line(), Some(2), "{title}: {e:?}");
            assert!(
                e[0].message.contains("title") && e[0].message.contains("empty"),
                "{e:?}"
            );
        }
        let e = load("language: null\n").unwrap_err();
        assert_eq!(e[0].line(), Some(1));
        let c = load("description: null\ntitle: \"null\"\n").unwrap();
        assert_eq!((c.description.as_str(), c.title.as_str()), ("", "null"));
        assert_eq!(
            load("base_url: https://x.org/\n").unwrap().title,
            "Briefings"
        );
    }

    #[test]
    fn site_yaml_size_is_capped() {
        let big = format!("extra:\n{}", "  k: v\n".repeat(20_000));
        let e = load(&big).unwrap_err();
        assert!(e[0].message.contains("larger than"), "{e:?}");
    }

    #[test]
    fn tags_anchors_and_deep_nesting_are_refused_in_site_yaml() {
        let e = load("title: T\nextra:\n  a: !include /etc/passwd\n").unwrap_err();
        assert_eq!(e[0].line(), Some(3), "{e:?}");
        let e = load(&format!("extra:\n  a: {}\n", "[".repeat(65_000))).unwrap_err();
        assert_eq!(e[0].line(), Some(2), "{e:?}");
        let mut bomb = String::from("extra:\n  a0: &a0 [\"xxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
        for n in 1..12 {
            let p = n - 1;
            bomb.push_str(&format!(
                "  a{n}: &a{n} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = load(&bomb).unwrap_err();
        assert_eq!(e[0].line(), Some(2), "{e:?}");
        assert!(e[0].message.contains("anchor"), "{e:?}");
    }

    #[test]
    fn bad_base_urls_are_refused() {
        assert!(parse_base_url("example.org").is_none());
        assert!(parse_base_url("https:///x").is_none());
        assert!(parse_base_url("https://example.org/a b").is_none());
        assert_eq!(parse_base_url("http://localhost:1111").unwrap().1, "/");
    }
}
