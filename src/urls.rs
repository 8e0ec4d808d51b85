//! The URL layout: the site-relative folder of every kind of page, in one place so
//! that links, written files and the dev server agree. Paths end with `/` and have
//! no leading slash; pages prefix them with their `root` so links stay relative.

use crate::site::{AuthorId, BriefId, PageId, PersonId, Site, SourceId, Taxon, TermId, TopicId};

/// `briefs/<slug>/`.
pub fn brief(site: &Site, id: BriefId) -> String {
    format!("briefs/{}/", site.brief(id).slug)
}
/// `people/<slug>/`.
pub fn person(site: &Site, id: PersonId) -> String {
    format!("people/{}/", site.person_slug(id))
}
/// `topics/<slug>/`.
pub fn topic(site: &Site, id: TopicId) -> String {
    format!("topics/{}/", site.topic(id).slug)
}
/// `sources/<slug>/`.
pub fn source(site: &Site, id: SourceId) -> String {
    format!("sources/{}/", site.source(id).slug)
}
/// `authors/<slug>/`.
pub fn author(site: &Site, id: AuthorId) -> String {
    format!("authors/{}/", site.author(id).slug)
}
/// `countries/` or `series/`.
pub fn taxonomy(taxon: Taxon) -> String {
    format!("{}/", taxon.key())
}
/// `countries/<slug>/`, `series/<slug>/`.
pub fn term(site: &Site, taxon: Taxon, id: TermId) -> String {
    format!("{}/{}/", taxon.key(), site.term(taxon, id).slug)
}
/// `<slug>/`: a standalone page.
pub fn page(site: &Site, id: PageId) -> String {
    format!("{}/", site.page(id).slug)
}
/// `archive/<year>/`.
pub fn archive_year(year: i16) -> String {
    format!("archive/{year}/")
}
/// `briefs/` for the front page (0), `briefs/page/<n>/` for page `n`.
pub fn brief_list(page: usize) -> String {
    numbered("briefs/", page)
}
/// Page `n` of a paginated list whose front page is `dir`: `dir` itself for the
/// front page (0), `<dir>page/<n>/` for a numbered page (see `render::paging`).
pub fn numbered(dir: &str, page: usize) -> String {
    if page == 0 {
        dir.to_owned()
    } else {
        format!("{dir}page/{page}/")
    }
}

/// The index of people.
pub const PEOPLE: &str = "people/";
/// The index of topics.
pub const TOPICS: &str = "topics/";
/// The index of sources.
pub const SOURCES: &str = "sources/";
/// The archive.
pub const ARCHIVE: &str = "archive/";
/// The index of authors.
pub const AUTHORS: &str = "authors/";
