//! The site after an edit of some briefs alone, made from the last one by linking
//! just those briefs again: `serve`'s common case, which must not cost a pass over
//! every brief of a large archive.
//!
//! It applies only when the edit cannot change anything but those briefs' own
//! data: each is still built, keeps its place in the order (so every id stays),
//! its slug and its redirects, and names the same people, topics, authors, terms
//! and sources, each spelled as the site already shows it. Then every other brief,
//! every back link and every registry entry of a full resolve would be what they
//! were. Otherwise the caller resolves everything.

use std::cmp::Reverse;
use std::sync::Arc;

use super::entries::Entries;
use super::linking::{Linking, Sources, link_brief};
use super::registry::Lookup;
use super::resolve::{Linked, build_moment, order_key};
use super::{Brief, BriefId, Site, Taxon};
use crate::content::{BriefDoc, Text};

/// `old` with the briefs of `edited` (each the new document of a brief file
/// `old` has) linked again, or `None` when a full resolve is needed. `linked` is
/// what resolving `old` ended with; it gains nothing here.
pub(crate) fn relink(old: &Site, linked: &mut Linked, edited: &[Arc<BriefDoc>]) -> Option<Site> {
    let now = build_moment();
    if linked.next_change.is_some_and(|due| now >= due) {
        return None;
    }
    let publish_future = linked.options.future || old.config.publish_future;
    let mut briefs = old.briefs.clone();
    for doc in edited {
        let i = old
            .briefs
            .iter()
            .position(|b| b.path.as_os_str() == doc.path.as_os_str())?;
        let built = (linked.options.drafts || !doc.meta.draft)
            && (publish_future || doc.meta.date.sort_key() <= now);
        if !built || !same_place(old, i, doc) || !names_known(old, linked, doc) {
            return None;
        }
        let mut errors = Vec::new();
        let mut sources = Sources {
            list: old.sources.clone(),
            ids: linked.source_ids.clone(),
        };
        let mut brief = link_brief(
            BriefId::new(i),
            doc,
            Linking {
                people: &mut linked.people,
                topics: &mut linked.topics,
                authors: &mut linked.authors,
                default_author: linked.default_author,
                terms: &mut linked.terms,
                sources: &mut sources,
                errors: &mut errors,
            },
        );
        brief.future = brief.date.sort_key() > now;
        if brief.future {
            // When it becomes due, its mark changes: from then on, resolve again.
            let due = brief.date.sort_key();
            linked.next_change = Some(linked.next_change.map_or(due, |d| d.min(due)));
        }
        if !errors.is_empty() || !same_links(&old.briefs[i], &brief) {
            return None;
        }
        briefs[i] = Arc::new(brief);
    }
    let mut site = old.clone();
    site.briefs = briefs;
    site.warnings = linked.warnings.clone();
    Some(site)
}

/// Whether `doc`, in place of brief `i`, sorts between its neighbours (by
/// [`order_key`]) under the same slug.
fn same_place(old: &Site, i: usize, doc: &BriefDoc) -> bool {
    fn key(b: &Brief) -> (Reverse<i64>, &str, &str) {
        (Reverse(b.date.sort_key()), &b.title, &b.slug)
    }
    let new = order_key(doc);
    old.briefs[i].slug == doc.slug
        && (i == 0 || key(&old.briefs[i - 1]) < new)
        && old.briefs.get(i + 1).is_none_or(|next| new < key(next))
}

/// Whether every name and source `doc` writes is one the site already links to
/// with no doubt (a registry entry, or a name-only entry or source spelled as the
/// site shows it), so that linking it creates nothing and renames nothing.
fn names_known(old: &Site, linked: &Linked, doc: &BriefDoc) -> bool {
    fn known<'t>(
        entries: &Entries,
        names: impl IntoIterator<Item = &'t Text>,
        keys: &[String],
    ) -> bool {
        names
            .into_iter()
            .zip(keys)
            .all(|(name, key)| match entries.registry.lookup_key(key) {
                Lookup::Found(_) => true,
                Lookup::Ambiguous(_) => false,
                Lookup::Missing => entries
                    .created
                    .get(key)
                    .is_some_and(|&id| entries.names[id as usize] == name.as_str()),
            })
    }
    let keys = &doc.keys;
    let meta = &doc.meta;
    known(&linked.people, &meta.people.0, &keys.people)
        && known(
            &linked.people,
            meta.quotes.iter().map(|q| &q.by),
            &keys.quotes,
        )
        && known(&linked.topics, &meta.topics.0, &keys.topics)
        && known(&linked.authors, &meta.authors.0, &keys.authors)
        && known(
            &linked.terms[Taxon::Countries.index()],
            &meta.countries.0,
            &keys.countries,
        )
        && known(
            &linked.terms[Taxon::Series.index()],
            &meta.series.0,
            &keys.series,
        )
        && meta.source.0.iter().zip(&keys.sources).all(|(s, key)| {
            linked
                .source_ids
                .get(key)
                .is_some_and(|&id| old.sources[id as usize].name == s.name.as_str())
        })
}

/// Whether two versions of a brief link to the same entries and redirect the
/// same old paths: then every back link stays as it was.
fn same_links(old: &Brief, new: &Brief) -> bool {
    old.people == new.people
        && old.topics == new.topics
        && old.authors == new.authors
        && old.terms == new.terms
        && old.aliases == new.aliases
        && old.citations.len() == new.citations.len()
        && old
            .citations
            .iter()
            .zip(&new.citations)
            .all(|(a, b)| a.source == b.source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::content::{Documents, PersonDoc};
    use crate::site::{BuildOptions, resolve};
    use std::path::PathBuf;

    fn brief(file: &str, yaml: &str) -> Arc<BriefDoc> {
        let path = PathBuf::from(format!("content/briefs/{file}.md"));
        let text = format!("---\n{yaml}---\nThe talks went on.\n");
        Arc::new(BriefDoc::parse(path, text).expect("valid"))
    }

    fn plain(file: &str, date: &str, title: &str, people: &str, source: &str) -> Arc<BriefDoc> {
        brief(
            file,
            &format!("title: {title}\ndate: {date}\nsource: {source}\npeople: {people}\n"),
        )
    }

    fn docs(briefs: Vec<Arc<BriefDoc>>) -> Documents {
        let person = |slug: &str, yaml: &str| {
            let path = PathBuf::from(format!("content/people/{slug}.md"));
            Arc::new(PersonDoc::parse(path, format!("---\n{yaml}---\n")).expect("valid"))
        };
        Documents {
            briefs,
            people: vec![person(
                "ann-lee",
                "name: Ann Lee\naliases: [Minister Lee]\n",
            )],
            ..Documents::default()
        }
    }

    fn three() -> Vec<Arc<BriefDoc>> {
        vec![
            plain("a", "2023-06-03", "Alpha", "[Ann Lee, Bo Name]", "Reuters"),
            plain("b", "2023-06-02", "Beta", "[Bo Name]", "Reuters"),
            plain("c", "2023-06-01", "Gamma", "[Minister Lee]", "AP"),
        ]
    }

    /// Relinks `edit` (replacing the brief of its file) in the site of `three()`.
    fn relinked(edit: Arc<BriefDoc>) -> (Option<Site>, Site) {
        let (old, mut linked) = resolve(
            SiteConfig::default(),
            &docs(three()),
            BuildOptions::default(),
        )
        .expect("resolves");
        let briefs: Vec<Arc<BriefDoc>> = three()
            .into_iter()
            .map(|b| {
                if b.path == edit.path {
                    Arc::clone(&edit)
                } else {
                    b
                }
            })
            .collect();
        let (full, _) = resolve(
            SiteConfig::default(),
            &docs(briefs),
            BuildOptions::default(),
        )
        .expect("resolves");
        (relink(&old, &mut linked, &[edit]), full)
    }

    fn same(a: &Site, b: &Site) -> bool {
        a.briefs == b.briefs
            && a.people == b.people
            && a.topics == b.topics
            && a.sources == b.sources
            && a.people_by_name == b.people_by_name
    }

    #[test]
    fn an_edit_that_keeps_names_and_place_links_that_brief_alone_as_a_full_resolve_would() {
        let edit = plain("b", "2023-06-02", "Beta Retold", "[Bo Name]", "Reuters");
        let (relinked, full) = relinked(edit);
        let relinked = relinked.expect("only the brief changed");
        assert_eq!(relinked.briefs[1].title, "Beta Retold");
        assert!(same(&relinked, &full));
    }

    #[test]
    fn an_edit_that_could_change_more_than_its_brief_asks_for_a_full_resolve() {
        for edit in [
            // Moves past its neighbour.
            plain("b", "2023-06-04", "Beta", "[Bo Name]", "Reuters"),
            // A new name-only person.
            plain("b", "2023-06-02", "Beta", "[Cy New]", "Reuters"),
            // A name-only person spelled otherwise (the site shows the first spelling).
            plain("b", "2023-06-02", "Beta", "[BO NAME]", "Reuters"),
            // A source not cited before.
            plain("b", "2023-06-02", "Beta", "[Bo Name]", "Bloomberg"),
            // Another person: the back links change.
            plain("b", "2023-06-02", "Beta", "[Ann Lee]", "Reuters"),
            // A draft is not built.
            brief(
                "b",
                "title: Beta\ndate: 2023-06-02\nsource: Reuters\npeople: [Bo Name]\ndraft: true\n",
            ),
        ] {
            let (relinked, _) = relinked(edit);
            assert!(relinked.is_none());
        }
    }
}
