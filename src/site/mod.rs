//! The resolved site: briefs, people, topics and sources in vectors addressed by
//! small integer ids, linked both ways. Pure data: no I/O, no templates.

mod addresses;
pub(crate) mod brief_reads;
mod entries;
pub mod index;
mod linking;
mod registry;
mod relink;
mod resolve;

use std::path::PathBuf;
use std::sync::Arc;

pub(crate) use registry::Lookup;
pub use registry::Registry;
pub(crate) use relink::{relink, relink_people};
pub use resolve::BuildOptions;
pub(crate) use resolve::{Linked, resolve};

use crate::config::SiteConfig;
use crate::content::{DateValue, RawImage, SharedText};
use crate::error::Diagnostic;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            /// The id of the entry at `index` of the site's vector.
            ///
            /// Ids are `u32` to keep indexes and lists compact. A site never holds
            /// 2^32 entries of one kind (the files or names that would take do not
            /// fit in memory), so an index beyond that is a bug, not bad input.
            #[track_caller]
            pub(crate) fn new(index: usize) -> Self {
                let index = u32::try_from(index)
                    .expect("a site holds fewer than 2^32 entries of one kind");
                $name(index)
            }

            /// The index into the site's vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A brief; ids follow the newest-first order of the site.
    BriefId
);
id_type!(
    /// A person, from the registry or named only in briefs.
    PersonId
);
id_type!(
    /// A topic.
    TopicId
);
id_type!(
    /// A source (publisher).
    SourceId
);
id_type!(
    /// An author.
    AuthorId
);
id_type!(
    /// A term of one taxonomy (a country, a series).
    TermId
);
id_type!(
    /// A standalone page of `content/pages/`.
    PageId
);

/// The taxonomies beside topics: built in, so that briefs write them as plain
/// front matter keys (`countries:`, `series:`) checked like every other key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxon {
    /// `countries:`: countries or regions, at `/countries/<slug>/`.
    Countries,
    /// `series:`: the series a brief belongs to, at `/series/<slug>/`.
    Series,
}

impl Taxon {
    /// Every taxonomy, in page order.
    pub const ALL: [Taxon; 2] = [Taxon::Countries, Taxon::Series];

    /// The front matter key, URL folder and `kind` of its pages.
    pub fn key(self) -> &'static str {
        match self {
            Taxon::Countries => "countries",
            Taxon::Series => "series",
        }
    }

    /// Its index in [`Taxon::ALL`] and in a brief's `terms`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One taxonomy's terms: each made by the first brief naming it (like a name-only
/// topic), matched by name key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Taxonomy {
    /// Terms in order of first use.
    pub terms: Vec<Term>,
    /// Terms ordered by name, for the index.
    pub by_name: Vec<TermId>,
}

/// A term of a taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// URL slug: `<taxonomy>/<slug>/`.
    pub slug: String,
    /// Name as first written.
    pub name: String,
    /// Briefs naming it, newest first.
    pub briefs: Vec<BriefId>,
}

/// Someone who writes briefs: from `content/authors/`, or named in `authors:` only.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    /// URL slug: `authors/<slug>/`.
    pub slug: String,
    /// Name shown in bylines.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Their own page elsewhere.
    pub url: Option<String>,
    /// A portrait.
    pub image: Option<RawImage>,
    /// The site's own fields.
    pub extra: serde_yaml::Mapping,
    /// Biography (Markdown).
    pub bio: String,
    /// The registry file; `None` for a name-only author.
    pub path: Option<PathBuf>,
    /// Briefs they wrote, newest first.
    pub briefs: Vec<BriefId>,
}

/// A standalone page (About, Methodology) at `/<slug>/`.
#[derive(Debug, Clone, PartialEq)]
pub struct StandalonePage {
    /// URL slug.
    pub slug: String,
    /// Title, also its menu entry.
    pub title: String,
    /// Whether it is in the navigation.
    pub menu: bool,
    /// Menu order.
    pub weight: i64,
    /// The site's own fields.
    pub extra: serde_yaml::Mapping,
    /// Markdown body.
    pub body: String,
    /// Its file.
    pub path: PathBuf,
}

/// A brief linked to the rest of the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// Its file, relative to the site folder.
    pub path: PathBuf,
    /// URL slug: the page is `briefs/<slug>/`.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Date.
    pub date: DateValue,
    /// Last revision.
    pub updated: Option<DateValue>,
    /// Summary from the front matter (else the first paragraph, found when rendering).
    pub summary: Option<String>,
    /// Markdown body.
    pub body: SharedText,
    /// Where the body is when the read left it in its file (`body` is then
    /// empty): read again when it is rendered (see `Brief::body_text`).
    pub body_file: Option<std::sync::Arc<crate::content::BodyFile>>,
    /// Line of the file where the body starts, for messages.
    pub body_line: usize,
    /// People listed in the front matter, then quoted speakers not listed.
    pub people: Vec<PersonId>,
    /// Topics, in front matter order.
    pub topics: Vec<TopicId>,
    /// Sources cited.
    pub citations: Vec<Citation>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Built only with drafts enabled.
    pub draft: bool,
    /// Who wrote it (`authors:`, else the site's default author).
    pub authors: Vec<AuthorId>,
    /// Its terms, per taxonomy (indexed by [`Taxon::index`]).
    pub terms: [Vec<TermId>; 2],
    /// Old site paths (`briefs/old/`) that redirect to it.
    pub aliases: Vec<String>,
    /// Its image.
    pub image: Option<RawImage>,
    /// The site's own fields.
    pub extra: serde_yaml::Mapping,
    /// Dated after the moment of the build: shown only by `serve`, `--future` or
    /// `publish_future: true`, and marked as scheduled.
    pub future: bool,
}

impl Brief {
    /// The Markdown body, read again from its file when the read left it there.
    /// A file changed since it was read is an error naming it: its front matter
    /// no longer goes with this brief.
    pub(crate) fn body_text(&self) -> Result<SharedText, Diagnostic> {
        match &self.body_file {
            Some(file) => file.read(&self.path),
            None => Ok(self.body.clone()),
        }
    }

    /// The body's length in bytes, held or in its file.
    pub(crate) fn body_len(&self) -> usize {
        self.body_file
            .as_ref()
            .map_or(self.body.len(), |file| file.body_len())
    }

    /// Whether the two briefs have the same body, without reading one left in
    /// its file: the same held text, or (left in their files) the same hash. A
    /// body held and a body left in its file are taken as different.
    pub(crate) fn same_body(&self, other: &Brief) -> bool {
        self.body.same_text(&other.body)
            && self.body_file.as_ref().map(|f| f.hash())
                == other.body_file.as_ref().map(|f| f.hash())
    }

    /// Where the brief sorts: newest first, then by title, then by slug (see the
    /// order invariant in ARCHITECTURE.md).
    pub(crate) fn order_key(&self) -> (std::cmp::Reverse<i64>, &str, &str) {
        (
            std::cmp::Reverse(self.date.sort_key()),
            &self.title,
            &self.slug,
        )
    }
}

/// One cited source of a brief.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The publisher.
    pub source: SourceId,
    /// Link to the document.
    pub url: Option<String>,
    /// The document's title.
    pub title: Option<String>,
    /// Its issue date.
    pub issued: Option<DateValue>,
    /// The site's own fields for this citation.
    pub extra: serde_yaml::Mapping,
}

/// An attributed quotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The speaker.
    pub by: PersonId,
    /// The words.
    pub text: String,
    /// Where or when.
    pub context: Option<String>,
}

/// A person: from the registry, or named in a brief only.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// URL slug: `people/<slug>/`.
    pub slug: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Current role.
    pub role: Option<String>,
    /// Organization.
    pub organization: Option<String>,
    /// Role history, oldest first.
    pub roles: Vec<Role>,
    /// Country.
    pub country: Option<String>,
    /// Biography (Markdown).
    pub bio: String,
    /// The registry file; `None` for a name-only person.
    pub path: Option<PathBuf>,
    /// Briefs involving the person, newest first.
    pub briefs: Vec<BriefId>,
    /// How body text matches the names (`match:` and `exclude:` of the file).
    pub tuning: crate::content::person::Tuning,
    /// A portrait.
    pub image: Option<RawImage>,
    /// The site's own fields.
    pub extra: serde_yaml::Mapping,
}

/// A role held over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// Title.
    pub title: String,
    /// Organization.
    pub organization: Option<String>,
    /// From.
    pub from: Option<DateValue>,
    /// To; `None` while held.
    pub to: Option<DateValue>,
}

/// A topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// URL slug: `topics/<slug>/`.
    pub slug: String,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Description (Markdown).
    pub description: String,
    /// The registry file; `None` for a name-only topic.
    pub path: Option<PathBuf>,
    /// Briefs on the topic, newest first.
    pub briefs: Vec<BriefId>,
    /// How body text matches the names (`match:` and `exclude:` of the file).
    pub tuning: crate::content::person::Tuning,
    /// The site's own fields.
    pub extra: serde_yaml::Mapping,
}

/// A source (publisher) cited by briefs.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// URL slug: `sources/<slug>/`.
    pub slug: String,
    /// Name as first written.
    pub name: String,
    /// Briefs citing it, newest first.
    pub briefs: Vec<BriefId>,
}

/// The whole site, resolved.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// Briefs, newest first (a brief's id is its index here).
    pub briefs: Vec<Arc<Brief>>,
    /// People. Shared: a rebuild that relinks a few briefs makes a new site with
    /// the same people, and copying 10,000 of them took longer than the relink.
    pub people: Arc<Vec<Person>>,
    /// Topics.
    pub topics: Vec<Topic>,
    /// Sources.
    pub sources: Vec<Source>,
    /// People ordered by name, for the index.
    pub people_by_name: Vec<PersonId>,
    /// Topics ordered by name.
    pub topics_by_name: Vec<TopicId>,
    /// Sources ordered by name.
    pub sources_by_name: Vec<SourceId>,
    /// Authors.
    pub authors: Vec<Author>,
    /// Authors ordered by name.
    pub authors_by_name: Vec<AuthorId>,
    /// Countries and series, indexed by [`Taxon::index`].
    pub taxonomies: [Taxonomy; 2],
    /// Standalone pages, in file order.
    pub pages: Vec<StandalonePage>,
    /// Name lookups, kept for mention linking (shared, as the people are).
    pub people_registry: Arc<Registry>,
    /// Topic lookups.
    pub topics_registry: Arc<Registry>,
    /// Findings that do not fail the build.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Whether `other` has the same briefs, by file and in the same order (so the
    /// same brief ids), as many people and topics in the same name order, and the
    /// same sources, authors, terms and standalone pages: then pages differ only
    /// by what they read of single briefs, people and topics. Settings and
    /// registries are the caller's to compare.
    pub(crate) fn same_beyond_entries(&self, other: &Site) -> bool {
        self.briefs.len() == other.briefs.len()
            && self
                .briefs
                .iter()
                .zip(&other.briefs)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.path.as_os_str() == b.path.as_os_str())
            && self.people.len() == other.people.len()
            && self.topics.len() == other.topics.len()
            && self.sources == other.sources
            && self.people_by_name == other.people_by_name
            && self.topics_by_name == other.topics_by_name
            && self.sources_by_name == other.sources_by_name
            && self.authors == other.authors
            && self.authors_by_name == other.authors_by_name
            && self.taxonomies == other.taxonomies
            && self.pages == other.pages
    }

    /// The brief with this id.
    pub fn brief(&self, id: BriefId) -> &Brief {
        brief_reads::note(id);
        &self.briefs[id.index()]
    }
    /// The person with this id.
    pub fn person(&self, id: PersonId) -> &Person {
        brief_reads::note_person(id);
        &self.people[id.index()]
    }
    /// The name of the person with this id, read apart from the rest of them:
    /// a page showing it is not made again when their role changes (see
    /// `site::brief_reads`).
    pub fn person_name(&self, id: PersonId) -> &str {
        brief_reads::note_person_name(id);
        &self.people[id.index()].name
    }
    /// The slug of the person with this id, read like their name.
    pub fn person_slug(&self, id: PersonId) -> &str {
        brief_reads::note_person_name(id);
        &self.people[id.index()].slug
    }
    /// The topic with this id.
    pub fn topic(&self, id: TopicId) -> &Topic {
        brief_reads::note_topic(id);
        &self.topics[id.index()]
    }
    /// The source with this id.
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }
    /// The author with this id.
    pub fn author(&self, id: AuthorId) -> &Author {
        &self.authors[id.index()]
    }
    /// A taxonomy.
    pub fn taxonomy(&self, taxon: Taxon) -> &Taxonomy {
        &self.taxonomies[taxon.index()]
    }
    /// A term of a taxonomy.
    pub fn term(&self, taxon: Taxon, id: TermId) -> &Term {
        &self.taxonomies[taxon.index()].terms[id.index()]
    }
    /// The standalone page with this id.
    pub fn page(&self, id: PageId) -> &StandalonePage {
        &self.pages[id.index()]
    }
}
