//! A brief as its file says it: typed front matter and the Markdown body.

use std::path::PathBuf;

use serde::Deserialize;

use super::SharedText;
use super::front_matter;
use super::value::{DateValue, Names, RawImage, Sources, Text};
use crate::error::Diagnostic;
use crate::slug;

/// The front matter of a brief, exactly as FORMAT.md defines it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBrief {
    /// Headline.
    #[serde(default, deserialize_with = "super::value::required_text")]
    pub title: Text,
    /// Date of the events or of publication.
    pub date: DateValue,
    /// What the brief is based on.
    pub source: Sources,
    /// People involved: names, aliases or slugs.
    #[serde(default)]
    pub people: Names,
    /// Topics: names, aliases or slugs.
    #[serde(default)]
    pub topics: Names,
    /// One or two sentences for lists and feeds.
    #[serde(default)]
    pub summary: Option<String>,
    /// Attributed quotations.
    #[serde(default)]
    pub quotes: Vec<RawQuote>,
    /// Left out of builds unless drafts are asked for.
    #[serde(default)]
    pub draft: bool,
    /// The URL slug, else derived from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Last revision date.
    #[serde(default)]
    pub updated: Option<DateValue>,
    /// Who wrote it: names, aliases or slugs of `content/authors/` (else the site's
    /// `author`).
    #[serde(default)]
    pub authors: Names,
    /// Countries or regions it concerns: names, as a second taxonomy beside topics.
    #[serde(default)]
    pub countries: Names,
    /// The series it belongs to: names.
    #[serde(default)]
    pub series: Names,
    /// Old paths of its page (`briefs/old-name/`), each given a redirect page.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// An image for the page, cards and previews.
    #[serde(default)]
    pub image: Option<RawImage>,
    /// The site's own fields, as `brief.extra` in templates.
    #[serde(default, deserialize_with = "super::value::extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// A quotation: who said what, and optionally where.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    /// The speaker: a name, alias or slug.
    #[serde(deserialize_with = "super::value::name")]
    pub by: Text,
    /// The words.
    pub text: Text,
    /// Where or when it was said.
    #[serde(default)]
    pub context: Option<String>,
}

/// A parsed brief file.
#[derive(Debug, Clone)]
pub struct BriefDoc {
    /// Path relative to the site folder, for messages.
    pub path: PathBuf,
    /// The front matter.
    pub meta: RawBrief,
    /// The YAML text of the front matter, to locate later errors on a key.
    pub yaml: SharedText,
    /// The Markdown body.
    pub body: SharedText,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The URL slug: `slug:` or the file name without a leading date.
    pub slug: String,
    /// The whole file text (normalised), for error snippets.
    pub text: SharedText,
    /// The lookup keys of every name the front matter writes, computed once when
    /// the file is read so that re-resolving a site costs no slugifying.
    pub keys: NameKeys,
    /// Where the body is, when it was left in its file (`BriefDoc::leave_body`):
    /// `body` is then empty.
    pub body_file: Option<std::sync::Arc<super::BodyFile>>,
}

/// The name keys (see [`crate::slug::name_key`]) of a brief's people, topics, quote
/// speakers and sources, in front matter order.
#[derive(Debug, Clone, Default)]
pub struct NameKeys {
    /// Of `people`.
    pub people: Vec<String>,
    /// Of `topics`.
    pub topics: Vec<String>,
    /// Of each quote's `by`.
    pub quotes: Vec<String>,
    /// Of each source's `name`.
    pub sources: Vec<String>,
    /// Of `authors`.
    pub authors: Vec<String>,
    /// Of `countries`.
    pub countries: Vec<String>,
    /// Of `series`.
    pub series: Vec<String>,
}

impl NameKeys {
    fn of(meta: &RawBrief) -> NameKeys {
        use crate::slug::name_key;
        NameKeys {
            people: meta.people.0.iter().map(|n| name_key(n.as_str())).collect(),
            topics: meta.topics.0.iter().map(|n| name_key(n.as_str())).collect(),
            quotes: meta
                .quotes
                .iter()
                .map(|q| name_key(q.by.as_str()))
                .collect(),
            sources: meta
                .source
                .0
                .iter()
                .map(|s| name_key(s.name.as_str()))
                .collect(),
            authors: meta
                .authors
                .0
                .iter()
                .map(|n| name_key(n.as_str()))
                .collect(),
            countries: meta
                .countries
                .0
                .iter()
                .map(|n| name_key(n.as_str()))
                .collect(),
            series: meta.series.0.iter().map(|n| name_key(n.as_str())).collect(),
        }
    }
}

impl BriefDoc {
    /// Parses one brief from its normalised text.
    pub fn parse(path: PathBuf, text: String) -> Result<BriefDoc, Vec<Diagnostic>> {
        let (meta, split, at): (RawBrief, _, _) = front_matter::read(&path, &text)?;
        let mut problems = Vec::new();
        if meta.title.0.is_empty() {
            problems.push(super::value::missing_key(&at, split.yaml, "title"));
        }
        let slug = match &meta.slug {
            Some(s) => {
                if s.len() > slug::MAX_SLUG_BYTES {
                    problems.push(
                        at.error_at_key(
                            split.yaml,
                            &["slug"],
                            format!(
                                "the slug is {} characters long; slugs may have at most {}",
                                s.len(),
                                slug::MAX_SLUG_BYTES
                            ),
                        )
                        .with_help(format!("shorten it, for example to `{}`", slug::slugify(s))),
                    );
                } else if slug::is_slug(s) && slug::is_reserved(s) {
                    problems.push(
                        at.error_at_key(
                            split.yaml,
                            &["slug"],
                            format!(
                                "`{s}` is a device name Windows reserves, so it cannot be a folder"
                            ),
                        )
                        .with_help(format!("choose another slug, for example `{s}-1`")),
                    );
                } else if !slug::is_slug(s) {
                    problems.push(
                        at.error_at_key(split.yaml, &["slug"], format!("`{s}` is not a valid slug"))
                            .with_help(format!(
                                "a slug holds lowercase ASCII letters, digits and hyphens, for example `{}`",
                                slug::slugify(s)
                            )),
                    );
                }
                s.clone()
            }
            None => slug::from_file_name(&path),
        };
        if slug.is_empty() {
            problems.push(
                Diagnostic::file_error(&path, "cannot make a URL slug from the file name")
                    .with_help("rename the file with letters or digits, or set `slug:`"),
            );
        }
        for (i, source) in meta.source.0.iter().enumerate() {
            if let Some(url) = &source.url
                && !is_safe_url(url)
            {
                let mut key = vec!["source"];
                let index = i.to_string();
                if meta.source.0.len() > 1 {
                    key.push(&index);
                }
                key.push("url");
                problems.push(
                    at.error_at_key(split.yaml, &key, format!("`{url}` is not a web link"))
                        .with_help("source links must start with https:// or http://"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let yaml_range = offset_in(&text, split.yaml);
        let body_range = offset_in(&text, split.body);
        let body_line = split.body_line;
        // The text read from the file is kept as it is, not copied.
        let whole = 0..text.len();
        let text = std::sync::Arc::new(text);
        Ok(BriefDoc {
            keys: NameKeys::of(&meta),
            yaml: SharedText::new(text.clone(), yaml_range),
            body: SharedText::new(text.clone(), body_range),
            body_line,
            path,
            meta,
            slug,
            text: SharedText::new(text, whole),
            body_file: None,
        })
    }

    /// This document with its body left in its file at `full` unless `budget`
    /// holds it: the text kept is the front matter's alone (errors are located
    /// in it and quote it), and the body is read again when it is rendered.
    pub(crate) fn leave_body(
        mut self,
        full: &std::path::Path,
        budget: &super::TextBudget,
    ) -> BriefDoc {
        if budget.holds(self.body.len()) {
            return self;
        }
        let range = self.body.range.clone();
        let head = std::sync::Arc::new(self.text.text[..range.start].to_owned());
        self.body_file = Some(std::sync::Arc::new(super::BodyFile {
            full: full.to_path_buf(),
            hash: crate::hash::hash_bytes(self.body.as_bytes()),
            range,
        }));
        let end = head.len();
        self.yaml = SharedText::new(head.clone(), self.yaml.range.clone());
        self.body = SharedText::new(head.clone(), end..end);
        self.text = SharedText::new(head, 0..end);
        self
    }
}

/// The byte range of `part`, a subslice of `whole`.
pub(crate) fn offset_in(whole: &str, part: &str) -> std::ops::Range<usize> {
    let start = (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len());
    start..(start + part.len()).min(whole.len())
}

/// Whether a link from front matter may go into an `href`: absolute web links or
/// mail only, never `javascript:` or `data:`.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<BriefDoc, Vec<Diagnostic>> {
        BriefDoc::parse(
            PathBuf::from("content/briefs/2023-06-14-a-b.md"),
            text.to_owned(),
        )
    }

    #[test]
    fn slug_comes_from_the_file_name_without_its_date() {
        let d = parse("---\ntitle: T\ndate: 2023-06-14\nsource: State\n---\nbody\n").unwrap();
        assert_eq!(d.slug, "a-b");
        assert_eq!(d.body_line, 6);
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let e = parse("---\ntitle: T\ndate: 2023-02-30\nsource: State\n---\n").unwrap_err();
        assert_eq!(e[0].line(), Some(3), "{e:?}");
        assert!(e[0].message.contains("2023-02-30"));
    }

    #[test]
    fn null_title_is_an_error_not_text() {
        for t in ["title: null", "title: ~", "title:", "title: \"  \""] {
            let e = parse(&format!("---\n{t}\ndate: 2023-06-14\nsource: S\n---\n")).unwrap_err();
            assert_eq!(e[0].line(), Some(2), "{t}: {e:?}");
        }
        let ok = parse("---\ntitle: \"null\"\ndate: 2023-06-14\nsource: S\n---\n").unwrap();
        assert_eq!(ok.meta.title.as_str(), "null");
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let e = parse("---\ntittle: T\ndate: 2023-06-14\nsource: S\n---\n").unwrap_err();
        assert_eq!(e[0].line(), Some(2));
        let help = e[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("did you mean `title`?"), "{help}");
        // A key of the site's own is pointed at `extra:`.
        let e = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nreport_number: 7\n---\n")
            .unwrap_err();
        assert_eq!(e[0].line(), Some(5));
        let help = e[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("under `extra:`"), "{help}");
        let ok = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nextra:\n  report_number: 7\n  tags: [a, b]\n---\n")
            .unwrap();
        assert_eq!(ok.meta.extra.len(), 2);
        let e = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nextra:\n  1: one\n---\n")
            .unwrap_err();
        assert!(e[0].message.contains("not text"), "{e:?}");
        // An image needs alt text and a place inside the site or on the web.
        let e =
            parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nimage:\n  src: img/a.png\n---\n")
                .unwrap_err();
        assert!(e[0].message.contains("no `alt:` text"), "{e:?}");
        for bad in [
            "javascript:alert(1)",
            "../secret.png",
            "data:image/png;base64,AA",
        ] {
            let e = parse(&format!(
                "---\ntitle: T\ndate: 2023-06-14\nsource: S\nimage:\n  src: \"{bad}\"\n  alt: A\n---\n"
            ))
            .unwrap_err();
            assert_eq!(e[0].line(), Some(6), "{bad}: {e:?}");
        }
    }

    #[test]
    fn yaml_1_2_scalars_stay_strings() {
        let d = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\npeople: [no, on, '0755', 0755]\ntopics: [yes]\n---\n").unwrap();
        let names: Vec<&str> = d.meta.people.0.iter().map(Text::as_str).collect();
        assert_eq!(names, ["no", "on", "0755", "0755"]);
        assert_eq!(d.meta.topics.0[0].as_str(), "yes");
    }

    #[test]
    fn bad_names_are_located_at_the_name() {
        let e = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\npeople:\n  - Qin Gang\n  - \"Zelens\u{200b}kyy\"\n---\n").unwrap_err();
        assert_eq!((e[0].line(), e[0].column()), (Some(7), Some(5)), "{e:?}");
        assert!(e[0].message.contains("invisible"), "{e:?}");
        let long = "x".repeat(201);
        let e = parse(&format!(
            "---\ntitle: T\ndate: 2023-06-14\nsource: S\ntopics: [a, {long}]\n---\n"
        ))
        .unwrap_err();
        assert_eq!(e[0].line(), Some(5), "{e:?}");
        assert!(e[0].message.contains("at most 200"), "{e:?}");
        let e = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nquotes:\n  - by: \"\u{202e}Qin\"\n    text: t\n---\n").unwrap_err();
        assert_eq!(e[0].line(), Some(6), "{e:?}");
        let e =
            parse("---\ntitle: T\ndate: 2023-06-14T10:00:00+25:00\nsource: S\n---\n").unwrap_err();
        assert_eq!(e[0].line(), Some(3), "{e:?}");
        assert!(e[0].message.contains("offset"), "{e:?}");
    }

    #[test]
    fn explicit_slugs_are_checked() {
        let long = "a".repeat(300);
        let e = parse(&format!(
            "---\ntitle: T\ndate: 2023-06-14\nsource: S\nslug: {long}\n---\n"
        ))
        .unwrap_err();
        assert_eq!(e[0].line(), Some(5), "{e:?}");
        assert!(e[0].message.contains("at most 80"), "{e:?}");
        let e = parse("---\ntitle: T\ndate: 2023-06-14\nsource: S\nslug: nul\n---\n").unwrap_err();
        assert_eq!(e[0].line(), Some(5), "{e:?}");
        assert!(e[0].message.contains("Windows"), "{e:?}");
        let d = BriefDoc::parse(
            PathBuf::from(format!("content/briefs/{}.md", "long-name-".repeat(30))),
            "---\ntitle: T\ndate: 2023-06-14\nsource: S\n---\n".into(),
        )
        .unwrap();
        assert!(d.slug.len() <= 80 && d.slug.ends_with("name"), "{}", d.slug);
    }

    #[test]
    fn source_has_three_forms() {
        let one = parse("---\ntitle: T\ndate: 2023-06-14\nsource: State\n---\n").unwrap();
        assert_eq!(one.meta.source.0[0].name.as_str(), "State");
        let map = parse("---\ntitle: T\ndate: 2023-06-14\nsource:\n  name: State\n  url: https://state.gov/\n  issued: 2023-06-14\n---\n").unwrap();
        assert_eq!(
            map.meta.source.0[0].url.as_deref(),
            Some("https://state.gov/")
        );
        let list =
            parse("---\ntitle: T\ndate: 2023-06-14\nsource:\n  - name: A\n  - name: B\n---\n")
                .unwrap();
        assert_eq!(list.meta.source.0.len(), 2);
        let bad = parse("---\ntitle: T\ndate: 2023-06-14\nsource:\n  name: A\n  url: javascript:alert(1)\n---\n").unwrap_err();
        assert_eq!(bad[0].line(), Some(6));
    }
}
