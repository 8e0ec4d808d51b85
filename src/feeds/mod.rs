//! The files a published site needs besides its pages: Atom feeds (the whole
//! site, each person, topic and source), `sitemap.xml` and `robots.txt`. They hold
//! absolute URLs, so they are written only when `base_url` is set; without it a
//! build writes none of them and says so once (see [`needs_base_url`]).
//!
//! Each file is a pure function of the resolved site and the rendered bodies, so a
//! rebuild that makes them again gives a full build's bytes.

pub(crate) mod links;
pub(crate) mod sitemap;
pub(crate) mod xml;

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::DateValue;
use crate::mentions::Rendered;
use crate::output::{FileSink, OutputFile};
use crate::render::views::summary_text;
use crate::site::{BriefId, Site};
use crate::urls;
use xml::Xml;

/// The note a build without `base_url` prints once.
pub const NEEDS_BASE_URL: &str = "no `base_url` in site.yaml: Atom feeds, sitemap.xml and robots.txt were not written, as they need absolute URLs (set `base_url`, or pass --base-url)";

/// Whether this site's feeds and sitemap are skipped for want of `base_url`.
pub fn needs_base_url(site: &Site) -> bool {
    site.config.base_url.is_empty()
}

/// The file name of every feed, inside its page's folder.
pub(crate) const FEED_FILE: &str = "atom.xml";

/// One feed: what it is about and its briefs (newest first, drafts included; they
/// are left out when written).
struct Feed<'a> {
    /// Folder of the page it follows (empty for the site), where `atom.xml` goes.
    dir: String,
    /// Its title.
    title: String,
    briefs: &'a [BriefId],
}

/// A feed link as templates see it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FeedLink {
    /// The feed's title.
    pub title: String,
    /// Site-relative path of the feed file (`atom.xml`, `people/x/atom.xml`).
    pub path: String,
}

/// The title of a feed about `name` (a person, topic or source).
pub(crate) fn feed_title(site: &Site, name: &str) -> String {
    format!("{} · {name}", site.config.title)
}

/// The path of the feed of the page in `dir` (`people/x/` gives `people/x/atom.xml`).
pub(crate) fn feed_path(dir: &str) -> String {
    format!("{dir}{FEED_FILE}")
}

/// Every feed, sitemap file and `robots.txt`, or nothing without `base_url`.
pub(crate) fn files(
    renderer: &crate::render::Renderer<'_>,
    site: &Site,
    bodies: &[Arc<Rendered>],
    sink: FileSink<'_>,
) -> crate::Result<usize> {
    // The sitemap's files are few and made mostly in one pass: made while the
    // feeds are.
    let (feeds, sitemaps) = rayon::join(
        || atom_files(site, bodies, sink),
        || sitemap_files(renderer, site),
    );
    let mut count = feeds?;
    for file in sitemaps {
        sink(file)?;
        count += 1;
    }
    Ok(count)
}

/// The sitemap files and `robots.txt`, or nothing without `base_url`. They read
/// the pages' lists of briefs (through `renderer`); the feeds do not, so a full
/// build makes these first and lets the lists go before the feeds.
pub(crate) fn sitemap_files(
    renderer: &crate::render::Renderer<'_>,
    site: &Site,
) -> Vec<OutputFile> {
    if needs_base_url(site) {
        return Vec::new();
    }
    let mut files = sitemap::files(renderer, site, sitemap::MAX_URLS);
    files.push(("robots.txt".into(), robots(site).into_bytes()));
    files
}

/// Every Atom feed, handed to `sink` as soon as it is made, or nothing without
/// `base_url`. Returns how many were made.
pub(crate) fn atom_files(
    site: &Site,
    bodies: &[Arc<Rendered>],
    sink: FileSink<'_>,
) -> crate::Result<usize> {
    if needs_base_url(site) {
        return Ok(0);
    }
    atom_feeds(site, bodies, sink)
}

/// `robots.txt`: everything may be crawled, and the sitemap is there.
fn robots(site: &Site) -> String {
    let sitemap = site.config.absolute("sitemap.xml").unwrap_or_default();
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

/// The date a brief last changed: `updated`, else its date.
pub(crate) fn last_changed(site: &Site, id: BriefId) -> &DateValue {
    let b = site.brief(id);
    b.updated.as_ref().unwrap_or(&b.date)
}

/// Hands each feed to `sink` as soon as it is made: the feeds of a large site
/// are never all held in memory. Returns how many were made.
fn atom_feeds(site: &Site, bodies: &[Arc<Rendered>], sink: FileSink<'_>) -> crate::Result<usize> {
    let limit = site.config.feed_limit;
    let all: Vec<BriefId> = (0..site.briefs.len()).map(BriefId::new).collect();
    let mut feeds = vec![Feed {
        dir: String::new(),
        title: site.config.title.clone(),
        briefs: &all,
    }];
    for (i, p) in site.people.iter().enumerate() {
        feeds.push(Feed {
            dir: urls::person(site, crate::site::PersonId::new(i)),
            title: feed_title(site, &p.name),
            briefs: &p.briefs,
        });
    }
    for (i, t) in site.topics.iter().enumerate() {
        feeds.push(Feed {
            dir: urls::topic(site, crate::site::TopicId::new(i)),
            title: feed_title(site, &t.name),
            briefs: &t.briefs,
        });
    }
    for (i, s) in site.sources.iter().enumerate() {
        feeds.push(Feed {
            dir: urls::source(site, crate::site::SourceId::new(i)),
            title: feed_title(site, &s.name),
            briefs: &s.briefs,
        });
    }
    // The site's feed carries each entry's full text; the feeds of people,
    // topics and sources carry summaries and links, as there are thousands of
    // them and a brief is in several (full text in each would make them most of
    // a site's bytes and of its build time). An entry is the same in every feed
    // holding it: each is written once.
    let mut wanted = vec![false; site.briefs.len()];
    for f in &feeds[1..] {
        for &id in entries(site, f.briefs, limit) {
            wanted[id.index()] = true;
        }
    }
    let mut full = vec![false; site.briefs.len()];
    for &id in entries(site, feeds[0].briefs, limit) {
        full[id.index()] = true;
    }
    let write = |wanted: &[bool], text: bool| -> Vec<Option<String>> {
        wanted
            .par_iter()
            .enumerate()
            .map(|(i, &w)| w.then(|| entry(site, BriefId::new(i), &bodies[i], text)))
            .collect()
    };
    let (full, summaries) = (write(&full, true), write(&wanted, false));
    feeds.par_iter().enumerate().try_for_each(|(n, f)| {
        let ids: Vec<BriefId> = entries(site, f.briefs, limit).copied().collect();
        let written = if n == 0 { &full } else { &summaries };
        let xml = feed(site, f, &ids, written);
        sink((feed_path(&f.dir), xml.into_bytes()))
    })?;
    Ok(feeds.len())
}

/// The briefs of a feed: published ones, newest first, at most `limit`.
fn entries<'a>(
    site: &'a Site,
    briefs: &'a [BriefId],
    limit: usize,
) -> impl Iterator<Item = &'a BriefId> + 'a {
    briefs
        .iter()
        .filter(|&&id| !site.brief(id).draft)
        .take(limit)
}

fn feed(site: &Site, f: &Feed<'_>, ids: &[BriefId], written: &[Option<String>]) -> String {
    let page = site.config.absolute(&f.dir).unwrap_or_default();
    let self_url = site.config.absolute(&feed_path(&f.dir)).unwrap_or_default();
    let mut x = Xml::new();
    x.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &site.config.language),
        ],
    );
    x.element("title", &[], &f.title);
    if f.dir.is_empty() && !site.config.description.is_empty() {
        x.element("subtitle", &[], &site.config.description);
    }
    // The feed's own address: stable as long as the site's address is.
    x.element("id", &[], &self_url);
    x.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &self_url),
        ],
    );
    x.empty(
        "link",
        &[("rel", "alternate"), ("type", "text/html"), ("href", &page)],
    );
    // The newest change among its entries; a feed without entries is as old as
    // the epoch, never the build's clock (the same input gives the same bytes).
    let updated = ids
        .iter()
        .map(|&id| last_changed(site, id))
        .max_by_key(|d| d.sort_key())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), DateValue::rfc3339);
    x.element("updated", &[], &updated);
    // Entries without a source of their own are the site's.
    x.open("author", &[]);
    x.element("name", &[], &site.config.title);
    x.element("uri", &[], &site.config.base());
    x.close("author");
    x.element("generator", &[], "dossier");
    for &id in ids {
        let entry = written[id.index()]
            .as_deref()
            .expect("every entry of every feed was written above");
        x.raw(entry);
    }
    x.close("feed");
    x.finish()
}

/// The people or organizations an entry is credited to, as (name, site-relative
/// path of their page): the brief's authors (its own or the site's default), else
/// its sources, each once.
pub(crate) fn entry_authors(site: &Site, id: BriefId) -> Vec<(&str, String)> {
    let b = site.brief(id);
    if !b.authors.is_empty() {
        return b
            .authors
            .iter()
            .map(|&a| (site.author(a).name.as_str(), urls::author(site, a)))
            .collect();
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for c in &site.brief(id).citations {
        if !seen.contains(&c.source) {
            seen.push(c.source);
            out.push((
                site.source(c.source).name.as_str(),
                urls::source(site, c.source),
            ));
        }
    }
    out
}

/// One `<entry>`; with `text`, the brief's full rendered body as its content.
fn entry(site: &Site, id: BriefId, body: &Rendered, text: bool) -> String {
    let b = site.brief(id);
    let config = &site.config;
    let dir = urls::brief(site, id);
    let url = config.absolute(&dir).unwrap_or_default();
    let origin = config.origin().unwrap_or_default();
    let mut x = Xml::fragment();
    x.open("entry", &[]);
    x.element("title", &[("type", "text")], &b.title);
    // The page's address: it does not change when the brief is edited or redated.
    x.element("id", &[], &url);
    x.empty(
        "link",
        &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
    );
    x.element("published", &[], &b.date.rfc3339());
    x.element("updated", &[], &last_changed(site, id).rfc3339());
    for (name, path) in entry_authors(site, id) {
        x.open("author", &[]);
        x.element("name", &[], name);
        x.element("uri", &[], &config.absolute(&path).unwrap_or_default());
        x.close("author");
    }
    let scheme = config.absolute(urls::TOPICS).unwrap_or_default();
    for &t in &b.topics {
        let topic = site.topic(t);
        x.empty(
            "category",
            &[
                ("term", &topic.slug),
                ("scheme", &scheme),
                ("label", &topic.name),
            ],
        );
    }
    x.element("summary", &[("type", "text")], summary_text(b, body));
    if text {
        x.element(
            "content",
            &[("type", "html")],
            &links::absolutize(&body.html.text(), &url, &origin),
        );
    }
    x.close("entry");
    x.finish()
}
