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
    // Old index of each new person, topic and source, matched by slug.
    let people = by_slug(
        os.people.iter().map(|p| p.slug.as_str()),
        ns.people.iter().map(|p| p.slug.as_str()),
    );
    let topics = by_slug(
        os.topics.iter().map(|t| t.slug.as_str()),
        ns.topics.iter().map(|t| t.slug.as_str()),
    );
    let sources = by_slug(
        os.sources.iter().map(|t| t.slug.as_str()),
        ns.sources.iter().map(|t| t.slug.as_str()),
    );
    let renamed = |matched: &[Option<usize>], differs: &dyn Fn(usize, usize) -> bool| {
        matched
            .iter()
            .enumerate()
            .any(|(i, o)| o.is_some_and(|o| differs(o, i)))
    };
    if renamed(&people, &|o, i| os.people[o].name != ns.people[i].name)
        || renamed(&topics, &|o, i| os.topics[o].name != ns.topics[i].name)
        || renamed(&sources, &|o, i| os.sources[o].name != ns.sources[i].name)
    {
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

    // Person, topic and source pages: a new entry, or one whose briefs or mentions changed.
    for (i, o) in people.iter().enumerate() {
        let changed = o.is_none_or(|o| {
            list_changed(&os.people[o].briefs, &ns.people[i].briefs)
                || mentions_changed(
                    &old.views().person_mentions[o],
                    &new.views().person_mentions[i],
                )
        });
        if changed {
            pages.push(Page::Person(PersonId(i as u32)));
        }
    }
    for (i, o) in topics.iter().enumerate() {
        let changed = o.is_none_or(|o| {
            list_changed(&os.topics[o].briefs, &ns.topics[i].briefs)
                || mentions_changed(
                    &old.views().topic_mentions[o],
                    &new.views().topic_mentions[i],
                )
        });
        if changed {
            pages.push(Page::Topic(TopicId(i as u32)));
        }
    }
    for (i, o) in sources.iter().enumerate() {
        if o.is_none_or(|o| list_changed(&os.sources[o].briefs, &ns.sources[i].briefs)) {
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

/// For each entry of a new state (given by slug), its index in the old state.
fn by_slug<'s>(
    old: impl Iterator<Item = &'s str>,
    new: impl Iterator<Item = &'s str>,
) -> Vec<Option<usize>> {
    let before: HashMap<&str, usize> = old.enumerate().map(|(i, s)| (s, i)).collect();
    new.map(|s| before.get(s).copied()).collect()
}
