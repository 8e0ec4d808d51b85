//! Indexes derived from a resolved [`Site`]: who appears with whom and which topics
//! a person is found in (`cooccurrence`), related briefs (`related`), the dated
//! archive, activity over time and month names (`calendar`), and the roles a person
//! held on a date (`roles`).
//!
//! Everything is computed once per build from the site's own back links
//! (`person.briefs`, `topic.briefs`, `brief.people`, `brief.topics`), so the cost
//! grows with the number of mentions, never with people × briefs. Results are
//! plain ids and counts; turning them into views is the renderer's job.

mod calendar;
mod cooccurrence;
mod related;
mod roles;
#[cfg(test)]
pub(crate) mod test_support;
mod wording;

pub(crate) use wording::{WordCounts, Wording};

pub use calendar::{Bucket, MonthGroup, YearGroup};
pub(crate) use calendar::{activity, bucket_index};
pub use related::RELATED_PER_BRIEF;

use super::{BriefId, PersonId, Site, TopicId};

/// Derived indexes of one site, addressed by the site's ids.
///
/// Every list is complete (no caps except [`RELATED_PER_BRIEF`]) and sorted so that
/// templates can take a prefix: most frequent first, then by name, then by id.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    /// Per person: the other people sharing at least one brief with them, with the
    /// number of shared briefs.
    pub co_occurrence: Vec<Vec<(PersonId, u32)>>,
    /// Per person: the topics of the briefs they appear in, with the number of such
    /// briefs.
    pub person_topics: Vec<Vec<(TopicId, u32)>>,
    /// Per topic: the people appearing in its briefs, with the number of such briefs.
    pub topic_people: Vec<Vec<(PersonId, u32)>>,
    /// Per brief: up to [`RELATED_PER_BRIEF`] related briefs, best first.
    pub related: Vec<Vec<BriefId>>,
    /// Every brief by year and month, newest first at each level.
    pub archive: Vec<YearGroup>,
    /// The briefs' word counts the related briefs were ranked by, when kept for
    /// the next rebuild (see [`WordCounts`]).
    pub(crate) word_counts: Option<std::sync::Arc<WordCounts>>,
}

impl Indexes {
    /// People who share briefs with `id`, most shared first (empty for an unknown id).
    pub(crate) fn co_occurring(&self, id: PersonId) -> &[(PersonId, u32)] {
        super::brief_reads::note_person_lists(id);
        slot(&self.co_occurrence, id.index())
    }

    /// Topics of the briefs `id` appears in, most frequent first.
    pub(crate) fn topics_of(&self, id: PersonId) -> &[(TopicId, u32)] {
        super::brief_reads::note_person_lists(id);
        slot(&self.person_topics, id.index())
    }

    /// People appearing in the briefs of topic `id`, most frequent first.
    pub(crate) fn people_of(&self, id: TopicId) -> &[(PersonId, u32)] {
        super::brief_reads::note_topic_lists(id);
        slot(&self.topic_people, id.index())
    }

    /// Briefs related to `id`, best first.
    pub(crate) fn related_to(&self, id: BriefId) -> &[BriefId] {
        slot(&self.related, id.index())
    }
}

fn slot<T>(lists: &[Vec<T>], i: usize) -> &[T] {
    lists.get(i).map_or(&[], Vec::as_slice)
}

/// [`build_with`], the wording made here.
#[cfg(test)]
pub(crate) fn build(site: &Site, mentioned: &[Vec<PersonId>]) -> Indexes {
    build_with(site, mentioned, None, None, false)
}

/// Computes every index of `site`. Each part runs in parallel over its own ids.
/// `mentioned` holds, for each brief, the people its text names that its front
/// matter does not list: a person is in a brief when listed or named, the rule
/// every count of a person follows. `wording` is the briefs' wording for related
/// briefs when it was made already (from the texts, before they were let go);
/// else it is made here, reading again only the texts whose counts are not in
/// `kept_counts`, and keeping this site's counts in the result with
/// `keep_counts`.
pub(crate) fn build_with(
    site: &Site,
    mentioned: &[Vec<PersonId>],
    wording: Option<Wording>,
    kept_counts: Option<&WordCounts>,
    keep_counts: bool,
) -> Indexes {
    let counts = cooccurrence::counts(site, mentioned);
    let (wording, word_counts) = match wording {
        Some(wording) => (std::sync::Arc::new(wording), None),
        None => Wording::reading(site, kept_counts, keep_counts),
    };
    let related = related::related(site, wording);
    let archive = calendar::archive(site);
    Indexes {
        co_occurrence: counts.co_occurrence,
        person_topics: counts.person_topics,
        topic_people: counts.topic_people,
        related,
        archive,
        word_counts: word_counts.map(std::sync::Arc::new),
    }
}

/// The indexes of `site` with the related briefs `related` of the last state
/// `last` (in this site's ids) and its word counts: what `serve` shows at once
/// after an edit of whom briefs involve or of which briefs there are, until the
/// related briefs, which read every text, are made again. The counts of people
/// and topics are taken again from the last state's for those an edit of a few
/// briefs' people and topics touched, when it can (`cooccurrence::counts_again`).
pub(crate) fn build_keeping_related(
    site: &Site,
    mentioned: &[Vec<PersonId>],
    related: Vec<Vec<BriefId>>,
    (old_site, old_mentioned, last): (&Site, &[Vec<PersonId>], &Indexes),
) -> Indexes {
    let counts = cooccurrence::counts_again(site, mentioned, (old_site, old_mentioned), last)
        .unwrap_or_else(|| cooccurrence::counts(site, mentioned));
    let word_counts = last.word_counts.clone();
    Indexes {
        co_occurrence: counts.co_occurrence,
        person_topics: counts.person_topics,
        topic_people: counts.topic_people,
        related,
        archive: calendar::archive(site),
        word_counts,
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::site;
    use super::*;

    #[test]
    fn empty_site_builds_empty_indexes() {
        let s = site(vec![], vec![], &[]);
        let ix = build(&s, &[]);
        assert!(ix.related.is_empty() && ix.archive.is_empty() && ix.co_occurrence.is_empty());
    }
}
