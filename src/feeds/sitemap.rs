//! `sitemap.xml`: every page with the date it last changed (a brief's `updated` or
//! date; a list's newest such date among its briefs). Past [`MAX_URLS`] pages the
//! sitemap becomes an index of numbered sitemaps, as the protocol requires.

use rayon::prelude::*;

use super::last_changed;
use super::xml::Xml;
use crate::content::DateValue;
use crate::output::OutputFile;
use crate::render::{Page, Renderer};
use crate::site::{BriefId, Site};

/// The most URLs one sitemap file may hold (sitemaps.org).
pub(crate) const MAX_URLS: usize = 50_000;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The newest of some briefs' last changes.
fn newest<'a, 'b>(
    site: &'a Site,
    ids: impl IntoIterator<Item = &'b BriefId>,
) -> Option<&'a DateValue> {
    ids.into_iter()
        .map(|&id| last_changed(site, id))
        .max_by_key(|d| d.sort_key())
}

/// A W3C date: the day for a bare date, the instant when a time was given.
fn w3c(d: &DateValue) -> String {
    match d.time {
        Some(_) => d.rfc3339(),
        None => d.ymd(),
    }
}

/// The sitemap files: `sitemap.xml` alone, or an index and `sitemap-<n>.xml`
/// files of at most `max_urls` URLs each.
pub(crate) fn files(renderer: &Renderer<'_>, site: &Site, max_urls: usize) -> Vec<OutputFile> {
    let all: Vec<BriefId> = (0..site.briefs.len()).map(BriefId::new).collect();
    let site_newest = newest(site, &all);
    let urls: Vec<(String, Option<&DateValue>)> = renderer
        .pages()
        .into_par_iter()
        .filter_map(|page| {
            let lastmod = match page {
                // A redirect is not a page of its own.
                Page::NotFound | Page::Redirect(..) => return None,
                Page::Brief(id) if site.brief(id).draft => return None,
                Page::Brief(id) => Some(last_changed(site, id)),
                Page::Home
                | Page::People(_)
                | Page::Topics(_)
                | Page::Sources(_)
                | Page::Archive
                | Page::Authors
                | Page::Taxonomy(_) => site_newest,
                // A standalone page has no date of its own to tell.
                Page::Standalone(_) => None,
                // A page of a list of briefs: the newest change among the briefs it
                // shows, so an older numbered page keeps its date.
                Page::BriefList(_)
                | Page::Person(..)
                | Page::Topic(..)
                | Page::Source(..)
                | Page::ArchiveYear(..)
                | Page::Author(..)
                | Page::Term(..) => newest(site, &renderer.page_briefs(page)),
            };
            let loc = site.config.absolute(&renderer.dir(page))?;
            Some((loc, lastmod))
        })
        .collect();
    if urls.len() <= max_urls {
        return vec![("sitemap.xml".into(), urlset(&urls).into_bytes())];
    }
    let mut out = Vec::new();
    let mut index = Xml::new();
    index.open("sitemapindex", &[("xmlns", NS)]);
    for (i, chunk) in urls.chunks(max_urls).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.open("sitemap", &[]);
        index.element("loc", &[], &site.config.absolute(&name).unwrap_or_default());
        if let Some(d) = chunk
            .iter()
            .filter_map(|(_, d)| *d)
            .max_by_key(|d| d.sort_key())
        {
            index.element("lastmod", &[], &w3c(d));
        }
        index.close("sitemap");
        out.push((name, urlset(chunk).into_bytes()));
    }
    index.close("sitemapindex");
    out.push(("sitemap.xml".into(), index.finish().into_bytes()));
    out
}

fn urlset(urls: &[(String, Option<&DateValue>)]) -> String {
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", NS)]);
    for (loc, lastmod) in urls {
        x.open("url", &[]);
        x.element("loc", &[], loc);
        if let Some(d) = lastmod {
            x.element("lastmod", &[], &w3c(d));
        }
        x.close("url");
    }
    x.close("urlset");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_numbered_sitemaps() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let briefs = dir.path().join("content/briefs");
        std::fs::create_dir_all(&briefs).expect("the folder is created");
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://e.org/\n",
        )
        .expect("site.yaml is written");
        for day in 1..=9 {
            std::fs::write(
                briefs.join(format!("2023-01-0{day}-b{day}.md")),
                format!("---\ntitle: B{day}\ndate: 2023-01-0{day}\nsource: S\n---\nText.\n"),
            )
            .expect("a brief is written");
        }
        let compiled = crate::compile(dir.path(), None, crate::BuildOptions::default())
            .expect("the site compiles");
        let renderer = compiled.renderer();
        let whole = files(&renderer, &compiled.site, MAX_URLS);
        assert_eq!(whole.len(), 1);
        let one = String::from_utf8(whole[0].1.clone()).expect("UTF-8");
        let urls = one.matches("<url>").count();
        assert!(urls > 10, "{one}");
        let split = files(&renderer, &compiled.site, 4);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), urls.div_ceil(4) + 1, "{names:?}");
        assert_eq!(names.last(), Some(&"sitemap.xml"));
        let index = String::from_utf8(split.last().expect("an index").1.clone()).expect("UTF-8");
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains("<loc>https://e.org/sitemap-1.xml</loc>"),
            "{index}"
        );
        let parts: usize = split[..split.len() - 1]
            .iter()
            .map(|(_, b)| String::from_utf8_lossy(b).matches("<url>").count())
            .sum();
        assert_eq!(parts, urls, "every URL is in one numbered sitemap");
    }
}
