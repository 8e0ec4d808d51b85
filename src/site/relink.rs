//! The site after an edit of some briefs alone, made from the last one by linking
//! just those briefs again: `serve`'s common case, which must not cost a pass over
//! every brief of a large archive.
//!
//! It applies only when the edit cannot change anything but those briefs' own
//! data and the back links of the people and topics they gain or lose: each is
//! still built, keeps its place in the order (so every id stays), its slug and its
//! redirects, names the same authors, terms and sources, and names only people and
//! topics the site already has, each spelled as the site already shows it; a person
//! or topic it no longer names has a registry file (a name-only entry named by
//! nothing else would be gone, and the others numbered anew). Then every other
//! brief and every registry entry of a full resolve would be what they were, and
//! the back links differ only by those briefs. Otherwise the caller resolves
//! everything.

use std::sync::Arc;

use super::entries::{Entries, registry_person};
use super::linking::{Linking, Sources, link_brief};
use super::registry::Lookup;
use super::resolve::{Linked, build_moment, order_key};
use super::{Brief, BriefId, Person, PersonId, Site, Taxon, Topic, TopicId};
use crate::content::{BriefDoc, PersonDoc, Text};

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
    // Copied at the first change of someone's briefs: most edits change none.
    let mut people: Option<Vec<Person>> = None;
    let mut topics: Option<Vec<Topic>> = None;
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
        let was = &briefs[i];
        if !errors.is_empty() || !same_links(was, &brief) {
            return None;
        }
        let id = BriefId::new(i);
        if was.people != brief.people {
            let list = people.get_or_insert_with(|| old.people.to_vec());
            let lists = (&was.people[..], &brief.people[..]);
            move_back_links(
                list,
                id,
                lists,
                PersonId::index,
                |p| &mut p.briefs,
                |p| p.path.is_some(),
            )?;
        }
        if was.topics != brief.topics {
            let list = topics.get_or_insert_with(|| old.topics.clone());
            let lists = (&was.topics[..], &brief.topics[..]);
            move_back_links(
                list,
                id,
                lists,
                TopicId::index,
                |t| &mut t.briefs,
                |t| t.path.is_some(),
            )?;
        }
        briefs[i] = Arc::new(brief);
    }
    let mut site = old.clone();
    site.briefs = briefs;
    if let Some(people) = people {
        site.people = Arc::new(people);
    }
    if let Some(topics) = topics {
        site.topics = topics;
    }
    site.warnings = linked.warnings.clone();
    Some(site)
}

/// `old` with the people of the registry files `edited` made again from them,
/// with the ids of those people, when each is a registry person of `old` named
/// and matched as before (the caller has compared the files' names, sort names
/// and tuning with their last versions, [`PersonDoc::same_names`]); `None`
/// otherwise. Nothing but those people's own fields changes: every brief, back
/// link, registry and name stays.
pub(crate) fn relink_people(
    old: &Site,
    edited: &[Arc<PersonDoc>],
) -> Option<(Site, Vec<PersonId>)> {
    let mut people = old.people.to_vec();
    let mut ids = Vec::with_capacity(edited.len());
    for doc in edited {
        let i = people
            .iter()
            .position(|p| p.path.as_deref() == Some(doc.path.as_path()))?;
        let mut person = registry_person(doc);
        let was = &mut people[i];
        if (&person.slug, &person.name, &person.aliases, &person.tuning)
            != (&was.slug, &was.name, &was.aliases, &was.tuning)
        {
            return None;
        }
        person.briefs = std::mem::take(&mut was.briefs);
        *was = person;
        ids.push(PersonId::new(i));
    }
    let mut site = old.clone();
    site.people = Arc::new(people);
    Some((site, ids))
}

/// Whether `doc`, in place of brief `i`, sorts between its neighbours (by
/// [`order_key`]) under the same slug.
fn same_place(old: &Site, i: usize, doc: &BriefDoc) -> bool {
    let new = order_key(doc);
    old.briefs[i].slug == doc.slug
        && (i == 0 || old.briefs[i - 1].order_key() < new)
        && old
            .briefs
            .get(i + 1)
            .is_none_or(|next| new < next.order_key())
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

/// Brief `id`'s place in the back links of `entries` after its list went from
/// `was` to `now`: taken from those it left, given to those it joined (each list
/// stays newest first, that is in id order). `None` when it left an entry
/// without a registry file (`registered`), which a full resolve may drop.
fn move_back_links<E, I: Copy + PartialEq>(
    entries: &mut [E],
    id: BriefId,
    (was, now): (&[I], &[I]),
    index: fn(I) -> usize,
    briefs: fn(&mut E) -> &mut Vec<BriefId>,
    registered: fn(&E) -> bool,
) -> Option<()> {
    for &left in was.iter().filter(|e| !now.contains(e)) {
        let entry = &mut entries[index(left)];
        if !registered(entry) {
            return None;
        }
        let list = briefs(entry);
        let at = list.binary_search(&id).ok()?;
        list.remove(at);
    }
    for &joined in now.iter().filter(|e| !was.contains(e)) {
        let list = briefs(&mut entries[index(joined)]);
        if let Err(at) = list.binary_search(&id) {
            list.insert(at, id);
        }
    }
    Some(())
}

/// Whether two versions of a brief link to the same authors, terms and sources
/// and redirect the same old paths: then every back link but those of people
/// and topics stays as it was.
fn same_links(old: &Brief, new: &Brief) -> bool {
    old.authors == new.authors
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
    fn people_gained_or_lost_move_the_back_links_as_a_full_resolve_would() {
        for edit in [
            // A registry person joins.
            plain("b", "2023-06-02", "Beta", "[Bo Name, Ann Lee]", "Reuters"),
            // A name-only person, spelled as the site shows them, joins.
            plain("c", "2023-06-01", "Gamma", "[Minister Lee, Bo Name]", "AP"),
            // A registry person leaves.
            plain("a", "2023-06-03", "Alpha", "[Bo Name]", "Reuters"),
        ] {
            let (relinked, full) = relinked(edit);
            let relinked = relinked.expect("names the site knows");
            assert!(same(&relinked, &full));
        }
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
            // A name-only person no longer named here: a full resolve decides
            // whether they are still someone.
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
