//! What a page tells search engines, link previews and feed readers: its
//! description, its feeds and its JSON-LD. Templates write the tags (canonical,
//! OpenGraph, Twitter card, citation tags) from these and the page's own values.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Page, Renderer};
use crate::feeds::{self, FeedLink};
use crate::render::views::summary_text;
use crate::site::{BriefId, PersonId, Site};
use crate::urls;

/// The metadata part of a page's common variables.
pub(super) struct Meta<'a> {
    pub(super) description: String,
    pub(super) feeds: Vec<FeedLink>,
    pub(super) json_ld: Option<JsonLd<'a>>,
}

/// JSON-LD as the text of a `<script type="application/ld+json">` element: JSON
/// whose `<`, `>` and `&` are written as `\u` escapes, so no value (a title holding
/// `</script>`) can end the element.
///
/// Making it costs more than the rest of a brief's context, so it is made only
/// when the page is rendered: while a fingerprint is taken it stands as the
/// fingerprint of what it is made from (the brief's page view, which holds its
/// title, summary, dates, people, topics, sources and authors, and the site's
/// settings and words), like [`crate::render::shared::Deferred`].
pub struct JsonLd<'a> {
    print: u64,
    make: Make<'a>,
}

/// What JSON-LD is made from.
enum Make<'a> {
    Done(String),
    Brief(Parts<'a>, BriefId),
}

/// What a brief's JSON-LD reads besides the brief.
#[derive(Clone, Copy)]
struct Parts<'a> {
    site: &'a Site,
    bodies: &'a [std::sync::Arc<crate::mentions::Rendered>],
    all_briefs: &'a str,
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if crate::render::shared::fingerprinting() {
            return serializer.serialize_u64(self.print);
        }
        match &self.make {
            Make::Done(text) => serializer.serialize_str(text),
            Make::Brief(parts, id) => serializer.serialize_str(&brief_ld(*parts, *id)),
        }
    }
}

/// Drops null values and empty lists from objects: a missing `jobTitle` is left
/// out rather than written as `null`.
fn prune(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()));
            map.values_mut().for_each(prune);
        }
        Value::Array(items) => items.iter_mut().for_each(prune),
        _ => {}
    }
}

impl JsonLd<'_> {
    /// JSON-LD made now, fingerprinted by its text.
    fn now(value: Value) -> JsonLd<'static> {
        let text = json_ld_text(value);
        JsonLd {
            print: crate::hash::hash_bytes(text.as_bytes()),
            make: Make::Done(text),
        }
    }
}

/// The text of a JSON-LD value: nulls and empty lists pruned, `<`, `>` and `&`
/// escaped. Made for every brief page, so the escaping works on bytes and copies
/// nothing when there is nothing to escape (the three are ASCII, so replacing
/// their bytes keeps the UTF-8 intact).
fn json_ld_text(mut value: Value) -> String {
    prune(&mut value);
    escape_script(value.to_string())
}

/// JSON made safe inside a script element.
fn escape_script(text: String) -> String {
    // The text is a brief's whole JSON-LD and rarely holds any of the three: a
    // vectorised search finds that out without a pass per byte.
    let mut found = memchr::memchr3_iter(b'<', b'>', b'&', text.as_bytes()).peekable();
    if found.peek().is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut plain = 0;
    for i in found {
        out.push_str(&text[plain..i]);
        out.push_str(match text.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out
}

/// The metadata of `page`.
pub(super) fn build<'a>(r: &Renderer<'a>, page: Page) -> Meta<'a> {
    let s = r.site;
    let publish_feeds = !feeds::needs_base_url(s);
    // A numbered page of a list announces its front page's feed.
    let own_feed = |name: &str, front: String| own_feed(s, name, &front);
    let (description, feed, json_ld) = match page {
        Page::Brief(id) => (
            summary_text(s.brief(id), r.body(id)).to_owned(),
            None,
            Some(lazy_brief_ld(r, id)),
        ),
        Page::Person(id, n) => {
            let p = s.person(id);
            let about = [p.role.as_deref(), p.organization.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let description = if about.is_empty() {
                s.config.description.clone()
            } else {
                format!("{}: {about}", p.name)
            };
            let ld = (n == 0).then(|| person_ld(s, id));
            (description, own_feed(&p.name, urls::person(s, id)), ld)
        }
        Page::Topic(id, _) => (
            s.config.description.clone(),
            own_feed(&s.topic(id).name, urls::topic(s, id)),
            None,
        ),
        Page::Source(id, _) => (
            s.config.description.clone(),
            own_feed(&s.source(id).name, urls::source(s, id)),
            None,
        ),
        Page::Home => (
            s.config.description.clone(),
            None,
            Some(JsonLd::now(json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": s.config.title,
                "description": s.config.description,
                "url": s.config.absolute(""),
                "inLanguage": s.config.language,
            }))),
        ),
        _ => (s.config.description.clone(), None, None),
    };
    let mut links = Vec::new();
    if publish_feeds {
        links.push(FeedLink {
            title: s.config.title.clone(),
            path: feeds::feed_path(""),
        });
    }
    links.extend(feed.clone());
    Meta {
        description,
        feeds: links,
        json_ld,
    }
}

/// The feed of the person, topic or source page in `dir` about `name`, when feeds
/// are written.
pub(super) fn own_feed(s: &Site, name: &str, dir: &str) -> Option<FeedLink> {
    (!feeds::needs_base_url(s)).then(|| FeedLink {
        title: feeds::feed_title(s, name),
        path: feeds::feed_path(dir),
    })
}

/// A named thing of JSON-LD with its page: `{"@type", "name", "url"}`. The
/// fields of the types below are in alphabetical order, the order in which a
/// `serde_json::Value` writes them, so the text is the same as the other
/// JSON-LD's; absent values and empty lists are left out, as [`prune`] does.
#[derive(Serialize, Clone)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// An organization for each source of a brief, each once: name and the URL of
/// its page.
fn organizations(s: &Site, id: BriefId) -> Vec<Named<'_>> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for c in &s.brief(id).citations {
        if !seen.contains(&c.source) {
            seen.push(c.source);
            out.push(Named {
                kind: "Organization",
                name: &s.source(c.source).name,
                url: s.config.absolute(&urls::source(s, c.source)),
            });
        }
    }
    out
}

/// Who a brief is credited to: its authors as people, else its sources.
fn credited<'s>(s: &'s Site, id: BriefId, sources: &[Named<'s>]) -> Vec<Named<'s>> {
    let b = s.brief(id);
    if b.authors.is_empty() {
        return sources.to_vec();
    }
    b.authors
        .iter()
        .map(|&a| Named {
            kind: "Person",
            name: &s.author(a).name,
            url: s.config.absolute(&urls::author(s, a)),
        })
        .collect()
}

#[derive(Serialize)]
#[serde(untagged)]
enum Publisher<'a> {
    One(Named<'a>),
    Sources(Vec<Named<'a>>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Named<'a>>,
    date_modified: String,
    date_published: String,
    description: &'a str,
    headline: &'a str,
    in_language: &'a str,
    is_part_of: Named<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Named<'a>>,
    publisher: Publisher<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    source_organization: Vec<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Crumbs<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: [Crumb<'a>; 3],
}

#[derive(Serialize)]
struct Crumb<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<String>,
    name: &'a str,
    position: u32,
}

/// A brief's JSON-LD, made when the page is rendered.
fn lazy_brief_ld<'a>(r: &Renderer<'a>, id: BriefId) -> JsonLd<'a> {
    let mut h = crate::hash::hasher();
    // Without fingerprints (a one-off build) there is no page view, and no
    // fingerprint is taken either.
    if let Some(print) = r.views.briefs.page_print(id) {
        std::hash::Hasher::write_u64(&mut h, print);
    }
    std::hash::Hasher::write_u64(&mut h, r.views.config.print());
    std::hash::Hasher::write_u64(&mut h, r.views.strings.print());
    let parts = Parts {
        site: r.site,
        bodies: r.bodies,
        all_briefs: &r.theme.strings.all_briefs,
    };
    JsonLd {
        print: std::hash::Hasher::finish(&h),
        make: Make::Brief(parts, id),
    }
}

fn brief_ld(r: Parts<'_>, id: BriefId) -> String {
    let s = r.site;
    let b = s.brief(id);
    let url = s.config.absolute(&urls::brief(s, id));
    let mut people: Vec<PersonId> = b.people.clone();
    for m in &r.bodies[id.index()].mentions {
        if let crate::mentions::Target::Person(p) = m.target
            && !people.contains(&p)
        {
            people.push(p);
        }
    }
    let sources = organizations(s, id);
    let site = || Named {
        kind: "WebSite",
        name: &s.config.title,
        url: s.config.absolute(""),
    };
    let article = NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        about: b
            .topics
            .iter()
            .map(|&t| Named {
                kind: "Thing",
                name: &s.topic(t).name,
                url: s.config.absolute(&urls::topic(s, t)),
            })
            .collect(),
        author: credited(s, id, &sources),
        date_modified: feeds::last_changed(s, id).rfc3339(),
        date_published: b.date.rfc3339(),
        description: summary_text(b, &r.bodies[id.index()]),
        headline: &b.title,
        in_language: &s.config.language,
        is_part_of: Named {
            kind: "WebSite",
            ..site()
        },
        keywords: b.topics.iter().map(|&t| s.topic(t).name.as_str()).collect(),
        main_entity_of_page: url.as_deref(),
        mentions: people
            .iter()
            .map(|&p| Named {
                kind: "Person",
                name: s.person_name(p),
                url: s.config.absolute(&urls::person(s, p)),
            })
            .collect(),
        publisher: if sources.is_empty() {
            Publisher::One(Named {
                kind: "Organization",
                ..site()
            })
        } else {
            Publisher::Sources(sources.clone())
        },
        source_organization: sources.clone(),
        url: url.as_deref(),
    };
    let crumbs = Crumbs {
        context: "https://schema.org",
        kind: "BreadcrumbList",
        items: [
            Crumb {
                kind: "ListItem",
                item: s.config.absolute(""),
                name: &s.config.title,
                position: 1,
            },
            Crumb {
                kind: "ListItem",
                item: s.config.absolute(&urls::brief_list(0)),
                name: r.all_briefs,
                position: 2,
            },
            Crumb {
                kind: "ListItem",
                item: url.clone(),
                name: &b.title,
                position: 3,
            },
        ],
    };
    // Plain data of strings and numbers: serialising it cannot fail.
    let text = serde_json::to_string(&(article, crumbs)).expect("JSON-LD serialises");
    escape_script(text)
}

fn person_ld(s: &Site, id: PersonId) -> JsonLd<'static> {
    let p = s.person(id);
    let url = s.config.absolute(&urls::person(s, id));
    JsonLd::now(json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": {
            "@type": "Person",
            "name": p.name,
            "alternateName": p.aliases,
            "jobTitle": p.role,
            "affiliation": p.organization.as_ref().map(|o| json!({ "@type": "Organization", "name": o })),
            "nationality": p.country,
            "url": url,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::escape_script;

    #[test]
    fn script_json_cannot_close_its_element_and_reads_back_the_same() {
        let json = serde_json::json!({"headline": "A </script><!-- & > \"b\"", "n": 1}).to_string();
        let escaped = escape_script(json.clone());
        assert!(!escaped.contains(['<', '>', '&']), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back["headline"], "A </script><!-- & > \"b\"");
        // Plain JSON is handed back as it was.
        assert_eq!(escape_script("{\"a\":\"b\"}".into()), "{\"a\":\"b\"}");
    }
}
