//! The data handed to templates: the theme API. Every field here is documented in
//! `docs/templates.md`; a site's own templates rely on these names.
//!
//! Paths in views are site-relative (`briefs/x/`); templates prefix them with the
//! page's `root` (`../../`) so links stay relative and one build works at any path.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;
use tera::Value;

use crate::content::DateValue;
use crate::site::{BriefId, PersonId, Site, SourceId, TopicId};
use crate::urls as paths;

/// A date in the forms templates need.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2023-06-14`.
    pub ymd: String,
    /// `June 14, 2023`.
    pub display: String,
    /// RFC 3339, for `<time datetime>` and feeds.
    pub rfc3339: String,
    /// The year.
    pub year: i16,
}

impl DateView {
    /// Views a date.
    pub fn new(d: &DateValue) -> DateView {
        DateView {
            ymd: d.ymd(),
            display: d.date.strftime("%B %-d, %Y").to_string(),
            rfc3339: d.rfc3339(),
            year: d.date.year(),
        }
    }
}

/// A link to a person, topic or source page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Display name.
    pub name: String,
    /// Site-relative path of the page.
    pub path: String,
}

/// A brief as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct BriefSummaryView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Site-relative path.
    pub path: String,
    /// Date.
    pub date: DateView,
    /// Summary text (front matter, else the first paragraph).
    pub summary: &'a str,
    /// Sources cited.
    pub sources: Vec<LinkView>,
    /// People involved.
    pub people: Vec<LinkView>,
    /// Topics.
    pub topics: Vec<LinkView>,
    /// Whether it is a draft.
    pub draft: bool,
}

/// A person link with the role shown beside it.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRefView {
    /// Name.
    pub name: String,
    /// Site-relative path.
    pub path: String,
    /// Current role.
    pub role: Option<String>,
    /// Organization.
    pub organization: Option<String>,
    /// The role held on the brief's date, from the role history, when it differs
    /// from the current one ("then State Councilor and Foreign Minister").
    pub role_then: Option<String>,
    /// The organization of that role.
    pub organization_then: Option<String>,
}

/// A quotation as a speaker's page shows it: with the brief it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteOnPage {
    /// The words.
    pub text: String,
    /// Where or when.
    pub context: Option<String>,
    /// The brief quoting it.
    pub brief: LinkView,
    /// The brief's date.
    pub date: DateView,
}

impl QuoteOnPage {
    /// Quote number `index` of brief `id`.
    pub fn new(site: &Site, id: BriefId, index: usize) -> QuoteOnPage {
        let b = site.brief(id);
        let q = &b.quotes[index];
        QuoteOnPage {
            text: q.text.clone(),
            context: q.context.clone(),
            brief: LinkView {
                name: b.title.clone(),
                path: paths::brief(site, id),
            },
            date: DateView::new(&b.date),
        }
    }
}

/// A person with their current role and the roles they held on `date`: every role of
/// the history covering the date, joined ("State Councilor and Foreign Minister").
pub fn person_ref_on(site: &Site, id: PersonId, date: &DateValue) -> PersonRefView {
    let mut view = person_ref(site, id);
    let held = site.person(id).roles_on(date);
    if held.is_empty() {
        return view;
    }
    let title = held
        .iter()
        .map(|r| r.title.as_str())
        .collect::<Vec<_>>()
        .join(" and ");
    let mut organizations: Vec<&str> = held
        .iter()
        .filter_map(|r| r.organization.as_deref())
        .collect();
    organizations.dedup();
    if view.role.as_deref() != Some(title.as_str()) {
        view.role_then = Some(title);
        view.organization_then = (!organizations.is_empty()).then(|| organizations.join("; "));
    }
    view
}

/// A citation of a source in a brief.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// Publisher name.
    pub name: String,
    /// Site-relative path of the source page.
    pub path: String,
    /// Link to the document.
    pub url: Option<String>,
    /// Document title.
    pub title: Option<String>,
    /// Issue date.
    pub issued: Option<DateView>,
}

/// A quotation.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// The speaker.
    pub by: LinkView,
    /// The words.
    pub text: String,
    /// Where or when.
    pub context: Option<String>,
}

/// Precomputed per-brief views, made once and shared by every page that lists the
/// brief (tera values are reference-counted, so sharing costs a pointer copy).
pub struct Summaries {
    values: Vec<Value>,
    /// Whether each entry was made anew (else it was kept from the previous state,
    /// and so is known to be unchanged without comparing it).
    fresh: Vec<bool>,
}

/// Which list entries of a previous state can be kept: those of briefs whose file
/// did not change and none of whose people, topics or sources changed their name.
pub struct Reuse<'a> {
    old_by_path: HashMap<&'a std::ffi::OsStr, BriefId>,
    old: &'a Summaries,
    changed: &'a HashSet<PathBuf>,
    renamed_people: HashSet<PersonId>,
    renamed_topics: HashSet<TopicId>,
    renamed_sources: HashSet<SourceId>,
}

impl<'a> Reuse<'a> {
    /// Compares the names of the two states.
    pub fn new(
        old_site: &'a Site,
        old: &'a Summaries,
        site: &Site,
        changed: &'a HashSet<PathBuf>,
    ) -> Reuse<'a> {
        fn renamed<'s, Id: Copy + Eq + std::hash::Hash>(
            old: impl Iterator<Item = (&'s str, &'s str)>,
            new: impl Iterator<Item = (&'s str, &'s str)>,
            make: impl Fn(u32) -> Id,
        ) -> HashSet<Id> {
            let before: HashMap<&str, &str> = old.collect();
            new.enumerate()
                .filter(|(_, (slug, name))| before.get(slug) != Some(name))
                .map(|(i, _)| make(i as u32))
                .collect()
        }
        Reuse {
            old_by_path: old_site
                .briefs
                .iter()
                .enumerate()
                .map(|(i, b)| (b.path.as_os_str(), BriefId(i as u32)))
                .collect(),
            old,
            changed,
            renamed_people: renamed(
                old_site
                    .people
                    .iter()
                    .map(|p| (p.slug.as_str(), p.name.as_str())),
                site.people
                    .iter()
                    .map(|p| (p.slug.as_str(), p.name.as_str())),
                PersonId,
            ),
            renamed_topics: renamed(
                old_site
                    .topics
                    .iter()
                    .map(|t| (t.slug.as_str(), t.name.as_str())),
                site.topics
                    .iter()
                    .map(|t| (t.slug.as_str(), t.name.as_str())),
                TopicId,
            ),
            renamed_sources: renamed(
                old_site
                    .sources
                    .iter()
                    .map(|s| (s.slug.as_str(), s.name.as_str())),
                site.sources
                    .iter()
                    .map(|s| (s.slug.as_str(), s.name.as_str())),
                SourceId,
            ),
        }
    }

    fn get(&self, site: &Site, id: BriefId) -> Option<Value> {
        let b = site.brief(id);
        if self.changed.contains(&b.path)
            || b.people.iter().any(|p| self.renamed_people.contains(p))
            || b.topics.iter().any(|t| self.renamed_topics.contains(t))
            || b.citations
                .iter()
                .any(|c| self.renamed_sources.contains(&c.source))
        {
            return None;
        }
        self.old_by_path
            .get(b.path.as_os_str())
            .map(|&o| self.old.get(o))
    }
}

impl Summaries {
    /// Builds the list view of every brief, keeping what `reuse` allows.
    pub fn new(site: &Site, summaries: &[String], reuse: Option<&Reuse<'_>>) -> Summaries {
        use rayon::prelude::*;
        let (values, fresh) = (0..site.briefs.len())
            .into_par_iter()
            .map(|i| {
                let id = BriefId(i as u32);
                match reuse.and_then(|r| r.get(site, id)) {
                    Some(kept) => (kept, false),
                    None => (
                        Value::from_serializable(&brief_summary(site, id, &summaries[i])),
                        true,
                    ),
                }
            })
            .unzip();
        Summaries { values, fresh }
    }

    /// Whether the entry of `id` was made anew rather than kept from the previous state.
    pub fn is_fresh(&self, id: BriefId) -> bool {
        self.fresh.get(id.index()).copied().unwrap_or(true)
    }

    /// The view of one brief.
    pub fn get(&self, id: BriefId) -> Value {
        self.values[id.index()].clone()
    }

    /// Views of several briefs, in the order given.
    pub fn list(&self, ids: &[BriefId]) -> Value {
        Value::from(ids.iter().map(|&id| self.get(id)).collect::<Vec<Value>>())
    }
}

fn brief_summary<'a>(site: &'a Site, id: BriefId, summary: &'a str) -> BriefSummaryView<'a> {
    let b = site.brief(id);
    BriefSummaryView {
        title: &b.title,
        path: paths::brief(site, id),
        date: DateView::new(&b.date),
        summary,
        sources: b
            .citations
            .iter()
            .map(|c| source_link(site, c.source))
            .collect(),
        people: b.people.iter().map(|&p| person_link(site, p)).collect(),
        topics: b.topics.iter().map(|&t| topic_link(site, t)).collect(),
        draft: b.draft,
    }
}

/// A link to a person's page.
pub fn person_link(site: &Site, id: PersonId) -> LinkView {
    LinkView {
        name: site.person(id).name.clone(),
        path: paths::person(site, id),
    }
}

/// A link to a topic's page.
pub fn topic_link(site: &Site, id: TopicId) -> LinkView {
    LinkView {
        name: site.topic(id).name.clone(),
        path: paths::topic(site, id),
    }
}

/// A link to a source's page.
pub fn source_link(site: &Site, id: SourceId) -> LinkView {
    LinkView {
        name: site.source(id).name.clone(),
        path: paths::source(site, id),
    }
}

/// A person with role, for a brief's people list.
pub fn person_ref(site: &Site, id: PersonId) -> PersonRefView {
    let p = site.person(id);
    PersonRefView {
        name: p.name.clone(),
        path: paths::person(site, id),
        role: p.role.clone(),
        organization: p.organization.clone(),
        role_then: None,
        organization_then: None,
    }
}

/// The citations of a brief.
pub fn citations(site: &Site, id: BriefId) -> Vec<CitationView> {
    site.brief(id)
        .citations
        .iter()
        .map(|c| CitationView {
            name: site.source(c.source).name.clone(),
            path: paths::source(site, c.source),
            url: c.url.clone(),
            title: c.title.clone(),
            issued: c.issued.as_ref().map(DateView::new),
        })
        .collect()
}

/// The quotes of a brief.
pub fn quotes(site: &Site, id: BriefId) -> Vec<QuoteView> {
    site.brief(id)
        .quotes
        .iter()
        .map(|q| QuoteView {
            by: person_link(site, q.by),
            text: q.text.clone(),
            context: q.context.clone(),
        })
        .collect()
}
