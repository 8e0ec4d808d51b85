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
pub(super) struct Meta {
    pub(super) description: String,
    pub(super) feeds: Vec<FeedLink>,
    pub(super) json_ld: Option<JsonLd>,
}

/// JSON-LD as the text of a `<script type="application/ld+json">` element: JSON
/// whose `<`, `>` and `&` are written as `\u` escapes, so no value (a title holding
/// `</script>`) can end the element.
pub struct JsonLd(String);

impl Serialize for JsonLd {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
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

impl JsonLd {
    fn new(value: &Value) -> JsonLd {
        let mut value = value.clone();
        prune(&mut value);
        let text = value.to_string();
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                c => out.push(c),
            }
        }
        JsonLd(out)
    }
}

/// The metadata of `page`, whose folder is `dir`.
pub(super) fn build(r: &Renderer<'_>, page: Page, dir: &str) -> Meta {
    let s = r.site;
    let publish_feeds = !feeds::needs_base_url(s);
    let own_feed = |name: &str| own_feed(s, name, dir);
    let (description, feed, json_ld) = match page {
        Page::Brief(id) => (
            summary_text(s.brief(id), &r.bodies[id.index()]).to_owned(),
            None,
            Some(brief_ld(r, id)),
        ),
        Page::Person(id) => {
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
            (description, own_feed(&p.name), Some(person_ld(s, id)))
        }
        Page::Topic(id) => (
            s.config.description.clone(),
            own_feed(&s.topic(id).name),
            None,
        ),
        Page::Source(id) => (
            s.config.description.clone(),
            own_feed(&s.source(id).name),
            None,
        ),
        Page::Home => (
            s.config.description.clone(),
            None,
            Some(JsonLd::new(&json!({
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

/// An organization for each source of a brief (its authors until briefs name their
/// own): name and the URL of its page.
fn organizations(s: &Site, id: BriefId) -> Vec<Value> {
    feeds::entry_authors(s, id)
        .into_iter()
        .map(|(name, path)| {
            json!({ "@type": "Organization", "name": name, "url": s.config.absolute(&path) })
        })
        .collect()
}

fn brief_ld(r: &Renderer<'_>, id: BriefId) -> JsonLd {
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
    let publisher = if sources.is_empty() {
        json!({ "@type": "Organization", "name": s.config.title, "url": s.config.absolute("") })
    } else {
        Value::Array(sources.clone())
    };
    let article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "description": summary_text(b, &r.bodies[id.index()]),
        "datePublished": b.date.rfc3339(),
        "dateModified": feeds::last_changed(s, id).rfc3339(),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": s.config.language,
        "isPartOf": { "@type": "WebSite", "name": s.config.title, "url": s.config.absolute("") },
        "author": sources,
        "publisher": publisher,
        "sourceOrganization": sources,
        "about": b.topics.iter().map(|&t| json!({
            "@type": "Thing",
            "name": s.topic(t).name,
            "url": s.config.absolute(&urls::topic(s, t)),
        })).collect::<Vec<_>>(),
        "keywords": b.topics.iter().map(|&t| s.topic(t).name.as_str()).collect::<Vec<_>>(),
        "mentions": people.iter().map(|&p| json!({
            "@type": "Person",
            "name": s.person(p).name,
            "url": s.config.absolute(&urls::person(s, p)),
        })).collect::<Vec<_>>(),
    });
    let crumbs = json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            { "@type": "ListItem", "position": 1, "name": s.config.title, "item": s.config.absolute("") },
            { "@type": "ListItem", "position": 2, "name": r.theme.strings.all_briefs, "item": s.config.absolute(&urls::brief_list(1)) },
            { "@type": "ListItem", "position": 3, "name": b.title, "item": url },
        ],
    });
    JsonLd::new(&Value::Array(vec![article, crumbs]))
}

fn person_ld(s: &Site, id: PersonId) -> JsonLd {
    let p = s.person(id);
    let url = s.config.absolute(&urls::person(s, id));
    JsonLd::new(&json!({
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
