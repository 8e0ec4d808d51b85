//! The dependency map of pages: given the previous and the new render state and
//! the brief files that changed, which pages can differ. Used by `serve` so that an
//! edit to one brief re-renders that brief and the pages that show it, not the site.
//!
//! Registry, settings and template changes are not handled here: they re-render
//! everything (and only files whose bytes differ are written).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{Page, Renderer};
use crate::site::{BriefId, PersonId, SourceId, TopicId};

/// Pages of `new` that may differ from what `old` rendered.
pub fn affected(old: &Renderer<'_>, new: &Renderer<'_>, changed: &HashSet<PathBuf>) -> Vec<Page> {
    let (os, ns) = (old.site(), new.site());
    // Paths hash slowly (by component); their bytes are enough here.
    let changed: HashSet<&std::ffi::OsStr> = changed.iter().map(|p| p.as_os_str()).collect();
    let old_by_path: HashMap<&std::ffi::OsStr, BriefId> = os
        .briefs
        .iter()
        .enumerate()
        .map(|(i, b)| (b.path.as_os_str(), BriefId(i as u32)))
        .collect();
    // A brief is dirty when its file changed, it is new, or its list entry differs
    // (for instance a name-only person's spelling now comes from another brief).
    let dirty: Vec<bool> = ns
        .briefs
        .iter()
        .enumerate()
        .map(|(i, b)| {
            changed.contains(b.path.as_os_str())
                || match old_by_path.get(b.path.as_os_str()) {
                    None => true,
                    // A kept entry is unchanged by construction; only new ones are compared.
                    Some(&o) => {
                        let id = BriefId(i as u32);
                        new.views().summaries.is_fresh(id)
                            && old.views().summaries.get(o) != new.views().summaries.get(id)
                    }
                }
        })
        .collect();
    // A list of briefs must be re-rendered when its members or their entries changed.
    // Looked up once per brief, so that comparing lists costs no hashing.
    let old_changed: Vec<bool> = os
        .briefs
        .iter()
        .map(|b| changed.contains(b.path.as_os_str()))
        .collect();
    let list_changed = |o: &[BriefId], n: &[BriefId]| {
        o.len() != n.len()
            || o.iter().zip(n).any(|(&a, &b)| {
                dirty[b.index()]
                    || old_changed[a.index()]
                    || os.brief(a).path.as_os_str() != ns.brief(b).path.as_os_str()
            })
    };

    // A renamed person, topic or source (a name-only entry now spelled as in another
    // brief) shows on pages this map does not follow: render everything.
    let renamed = |old: Vec<(&str, &str)>, new: Vec<(&str, &str)>| {
        let before: HashMap<&str, &str> = old.into_iter().collect();
        new.iter()
            .any(|(slug, name)| before.get(slug).is_some_and(|n| n != name))
    };
    if renamed(
        os.people
            .iter()
            .map(|p| (p.slug.as_str(), p.name.as_str()))
            .collect(),
        ns.people
            .iter()
            .map(|p| (p.slug.as_str(), p.name.as_str()))
            .collect(),
    ) || renamed(
        os.topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect(),
        ns.topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect(),
    ) || renamed(
        os.sources
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect(),
        ns.sources
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect(),
    ) {
        return new.pages();
    }
    let mentions_changed = |o: &[(BriefId, u32)], n: &[(BriefId, u32)]| {
        let o: Vec<BriefId> = o.iter().map(|m| m.0).collect();
        let n: Vec<BriefId> = n.iter().map(|m| m.0).collect();
        list_changed(&o, &n)
    };

    let mut pages: Vec<Page> = vec![
        Page::Home,
        Page::People,
        Page::Topics,
        Page::Sources,
        Page::Archive,
    ];

    // Brief pages: the changed ones, and those whose newer/older neighbour changed.
    for i in 0..ns.briefs.len() {
        let id = BriefId(i as u32);
        let neighbours = |site: &crate::site::Site, id: BriefId| -> [Option<PathBuf>; 2] {
            [
                id.0.checked_sub(1)
                    .map(|n| site.brief(BriefId(n)).path.clone()),
                Some(id.0 + 1)
                    .filter(|&n| (n as usize) < site.briefs.len())
                    .map(|n| site.brief(BriefId(n)).path.clone()),
            ]
        };
        let neighbours_dirty = [id.0.checked_sub(1), Some(id.0 + 1)]
            .into_iter()
            .flatten()
            .filter(|&n| (n as usize) < ns.briefs.len())
            .any(|n| dirty[n as usize]);
        let moved = match old_by_path.get(ns.brief(id).path.as_os_str()) {
            None => true,
            Some(&o) => neighbours(os, o) != neighbours(ns, id),
        };
        let related_changed = match old_by_path.get(ns.brief(id).path.as_os_str()) {
            None => true,
            Some(&o) => list_changed(
                old.views().indexes.related_to(o),
                new.views().indexes.related_to(id),
            ),
        };
        if dirty[i] || neighbours_dirty || moved || related_changed {
            pages.push(Page::Brief(id));
        }
    }

    // Person, topic and source pages: matched by slug across the two states.
    let old_people: HashMap<&str, PersonId> = os
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.as_str(), PersonId(i as u32)))
        .collect();
    for (i, p) in ns.people.iter().enumerate() {
        let changed_list = match old_people.get(p.slug.as_str()) {
            None => true,
            Some(&o) => {
                list_changed(&os.person(o).briefs, &p.briefs)
                    || mentions_changed(
                        &old.views().person_mentions[o.index()],
                        &new.views().person_mentions[i],
                    )
            }
        };
        if changed_list {
            pages.push(Page::Person(PersonId(i as u32)));
        }
    }
    let old_topics: HashMap<&str, TopicId> = os
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), TopicId(i as u32)))
        .collect();
    for (i, t) in ns.topics.iter().enumerate() {
        let changed_list = match old_topics.get(t.slug.as_str()) {
            None => true,
            Some(&o) => {
                list_changed(&os.topic(o).briefs, &t.briefs)
                    || mentions_changed(
                        &old.views().topic_mentions[o.index()],
                        &new.views().topic_mentions[i],
                    )
            }
        };
        if changed_list {
            pages.push(Page::Topic(TopicId(i as u32)));
        }
    }
    let old_sources: HashMap<&str, SourceId> = os
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), SourceId(i as u32)))
        .collect();
    for (i, s) in ns.sources.iter().enumerate() {
        let changed_list = match old_sources.get(s.slug.as_str()) {
            None => true,
            Some(&o) => list_changed(&os.source(o).briefs, &s.briefs),
        };
        if changed_list {
            pages.push(Page::Source(SourceId(i as u32)));
        }
    }

    // Paginated lists: a page whose members changed; every page when the count did.
    let per = ns.config.briefs_per_page;
    let (old_total, new_total) = (old.list_pages(), new.list_pages());
    for n in 1..=new_total {
        let range = |len: usize| ((n - 1) * per).min(len)..(n * per).min(len);
        let o: Vec<BriefId> = range(os.briefs.len()).map(|i| BriefId(i as u32)).collect();
        let nn: Vec<BriefId> = range(ns.briefs.len()).map(|i| BriefId(i as u32)).collect();
        if old_total != new_total || list_changed(&o, &nn) {
            pages.push(Page::BriefList(n));
        }
    }

    // Archive years whose briefs changed.
    let year_briefs = |r: &Renderer<'_>, year: i16| -> Vec<BriefId> {
        r.views()
            .indexes
            .archive
            .iter()
            .filter(|y| y.year == year)
            .flat_map(|y| y.months.iter().flat_map(|m| m.briefs.iter().copied()))
            .collect()
    };
    for y in &new.views().indexes.archive {
        if list_changed(&year_briefs(old, y.year), &year_briefs(new, y.year)) {
            pages.push(Page::ArchiveYear(y.year));
        }
    }
    pages
}
