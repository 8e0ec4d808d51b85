//! Brief bodies: Markdown rendered once per brief with the mentions of registry
//! names linked, kept between rebuilds while the registries and settings stay.

use super::links::{BodyLinks, BriefUrls};
use crate::mentions::{self, Rendered};
use crate::site::{Brief, Site};

/// What brief bodies need to link mentions: the site's names in one automaton and
/// the page of each. Built once per resolved site and shared by all threads.
pub struct Linking {
    matcher: mentions::MentionMatcher,
    paths: mentions::MentionPaths,
}

impl Linking {
    /// Compiles the names of `site`'s registries.
    pub fn new(site: &Site) -> Linking {
        Linking::uncompiled(site).compile(site)
    }

    /// The names of `site` and their pages, not compiled: it links nothing, and
    /// serves to tell with [`Linking::same_names`] whether a compiled `Linking`
    /// still holds for `site` (compiling costs a good part of a rebuild after a
    /// resolve of the whole site, which most often leaves the names as they were).
    pub(crate) fn uncompiled(site: &Site) -> Linking {
        Linking {
            matcher: mentions::MentionMatcher::names_of(site),
            paths: mentions::MentionPaths::from_site(site),
        }
    }

    /// Compiles an [`Linking::uncompiled`] one for `site`.
    pub(crate) fn compile(self, site: &Site) -> Linking {
        Linking {
            matcher: self.matcher.compiled_for(site),
            paths: self.paths,
        }
    }

    /// Whether `other` links every body as this one does, the pairs of people and
    /// topics that briefs list together aside: the same names for the same
    /// entries, whose pages are at the same paths. A registry edit that leaves
    /// them (a role, a biography, a photo) leaves every body as it was.
    pub(crate) fn same_names(&self, other: &Linking) -> bool {
        self.paths == other.paths && self.matcher.same_names(&other.matcher)
    }

    /// The pairs of a person and a topic that briefs listed together when this
    /// was compiled (see `mentions::listed_together`).
    pub(crate) fn together(&self) -> &ahash::AHashSet<(u32, u32)> {
        self.matcher.together()
    }

    /// Takes the pairs of a site whose registries are unchanged.
    pub(crate) fn set_together(&mut self, pairs: ahash::AHashSet<(u32, u32)>) {
        self.matcher.set_together(pairs);
    }
}

/// What of a brief's front matter its body's links depend on: the people and
/// topics it lists (evidence for weak names and for topics' common-word aliases).
pub(crate) fn listing_key(brief: &Brief) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::hasher();
    brief.people.hash(&mut h);
    brief.topics.hash(&mut h);
    h.finish()
}

/// Renders the Markdown body of one brief, linking and recording the mentions of
/// registry people and topics, and making its links to other pages relative (see
/// [`super::links`]; `urls` are the briefs of `site`).
pub fn render_body(site: &Site, linking: &Linking, urls: &BriefUrls, brief: &Brief) -> Rendered {
    render_text(site, linking, urls, brief, &brief.body)
}

/// [`render_body`] of `brief` from `text`, its Markdown held apart from the
/// brief: a one-off build takes each text out of its brief and lets it go once
/// rendered.
pub fn render_text(
    site: &Site,
    linking: &Linking,
    urls: &BriefUrls,
    brief: &Brief,
    text: &str,
) -> Rendered {
    // Brief pages live at `briefs/<slug>/`: two levels below the root.
    let linker = mentions::MentionLinker::new(
        &linking.matcher,
        &linking.paths,
        site.config.mentions,
        "../../",
    )
    .listing(&brief.people, &brief.topics);
    let mut links = BodyLinks::new(urls, &brief.path, "../../");
    let mut rendered = linker.render(text, &site.config.markdown, &mut links);
    rendered.links = links.deps;
    rendered
}
