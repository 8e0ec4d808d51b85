//! Which briefs, people and topics a computation read: recorded on the current
//! thread while a page's context is made, so that a rebuild after an edit of some
//! briefs (or of what some people and topics hold) takes again the fingerprints of
//! only the pages that read one of them.
//!
//! The record is sound only if every read of a brief's data by a page context goes
//! through a recording accessor: [`Site::brief`](super::Site::brief), the brief
//! views' accessors and the renderer's body accessor. `Site::briefs` is not for
//! page contexts; a context that needs every brief reads a list held by the site
//! (a person's briefs, the archive), which a rebuild compares whole. Likewise a
//! context reads a person's or topic's own fields (name, role, biography) through
//! [`Site::person`](super::Site::person) and [`Site::topic`](super::Site::topic),
//! or a person's name and slug alone through
//! [`Site::person_name`](super::Site::person_name) and
//! [`Site::person_slug`](super::Site::person_slug) (a link to them: a new role
//! leaves it),
//! and notes [`note_person_lists`] or [`note_topic_lists`] before it reads what is
//! held for them about briefs (their briefs, mentions, timeline, quotes, the
//! people and topics they share briefs with): a brief page showing a person's name
//! does not read their briefs, and an edit that gives them one more leaves it.
//!
//! The brief views' accessors note a brief's list entry and quotes, and its page
//! view, apart from its data ([`note_brief_entry`], [`note_brief_page`]): a new
//! role shows on the pages of the briefs listing the person, and their list
//! entries, which show names alone, stay.
//!
//! One record holds every kind as keys in one sorted list: a brief's number, or
//! a brief's, person's or topic's with a tag in the top three bits
//! ([`person_key`], [`topic_key`], [`person_lists_key`], [`topic_lists_key`],
//! [`person_name_key`], [`brief_entry_key`], [`brief_page_key`]); [`fits`] says
//! whether a site's numbers leave room for the tag.

use std::cell::RefCell;

use super::{BriefId, PersonId, Site, TopicId};

/// The tag of a person's key.
const PERSON: u32 = 1 << 29;
/// The tag of a topic's key.
const TOPIC: u32 = 2 << 29;
/// The tag of the key of what is held for a person about briefs.
const PERSON_LISTS: u32 = 3 << 29;
/// The tag of the key of what is held for a topic about briefs.
const TOPIC_LISTS: u32 = 4 << 29;
/// The tag of the key of a person's name and slug.
const PERSON_NAME: u32 = 5 << 29;
/// The tag of the key of a brief's list entry and quotes (`render::brief_views`).
const BRIEF_ENTRY: u32 = 6 << 29;
/// The tag of the key of a brief's page view (`render::brief_views`).
const BRIEF_PAGE: u32 = 7 << 29;

/// The key of person `i` in a record.
pub(crate) fn person_key(i: usize) -> u32 {
    PERSON | i as u32
}

/// The key of topic `i` in a record.
pub(crate) fn topic_key(i: usize) -> u32 {
    TOPIC | i as u32
}

/// The key of person `i`'s lists in a record.
pub(crate) fn person_lists_key(i: usize) -> u32 {
    PERSON_LISTS | i as u32
}

/// The key of brief `i`'s list entry and quotes in a record.
pub(crate) fn brief_entry_key(i: usize) -> u32 {
    BRIEF_ENTRY | i as u32
}

/// The key of brief `i`'s page view in a record.
pub(crate) fn brief_page_key(i: usize) -> u32 {
    BRIEF_PAGE | i as u32
}

/// The key of person `i`'s name and slug in a record.
pub(crate) fn person_name_key(i: usize) -> u32 {
    PERSON_NAME | i as u32
}

/// The key of topic `i`'s lists in a record.
pub(crate) fn topic_lists_key(i: usize) -> u32 {
    TOPIC_LISTS | i as u32
}

/// Whether every brief, person and topic number of `site` is below the tags, so
/// that no two keys of its records are equal. (A site past a billion of one kind
/// keeps records of briefs that only full comparisons use.)
pub(crate) fn fits(site: &Site) -> bool {
    [site.briefs.len(), site.people.len(), site.topics.len()]
        .iter()
        .all(|&n| n <= PERSON as usize)
}

thread_local! {
    /// The briefs read since [`recording`] began on this thread, when it did.
    static READ: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
}

/// Notes that brief `id` was read, when a record is being taken on this thread.
#[inline]
pub(crate) fn note(id: BriefId) {
    push(id.0);
}

/// Notes that person `id` was read.
#[inline]
pub(crate) fn note_person(id: PersonId) {
    push(PERSON | id.0);
}

/// Notes that topic `id` was read.
#[inline]
pub(crate) fn note_topic(id: TopicId) {
    push(TOPIC | id.0);
}

/// Notes that brief `id`'s list entry or one of its quotes, as the brief views
/// hold them, was read.
#[inline]
pub(crate) fn note_brief_entry(id: BriefId) {
    push(BRIEF_ENTRY | id.0);
}

/// Notes that brief `id`'s page view was read.
#[inline]
pub(crate) fn note_brief_page(id: BriefId) {
    push(BRIEF_PAGE | id.0);
}

/// Notes that person `id`'s name or slug was read.
#[inline]
pub(crate) fn note_person_name(id: PersonId) {
    push(PERSON_NAME | id.0);
}

/// Notes that what is held for person `id` about briefs was read.
#[inline]
pub(crate) fn note_person_lists(id: PersonId) {
    push(PERSON_LISTS | id.0);
}

/// Notes that what is held for topic `id` about briefs was read.
#[inline]
pub(crate) fn note_topic_lists(id: TopicId) {
    push(TOPIC_LISTS | id.0);
}

#[inline]
fn push(key: u32) {
    READ.with(|r| {
        if let Some(read) = r.borrow_mut().as_mut() {
            read.push(key);
        }
    });
}

/// Runs `f` and returns what it returned with the briefs it read on this thread,
/// sorted and without repeats. `f` must not hand work to other threads (a
/// parallel iterator): their reads would not be seen.
pub(crate) fn recording<T>(f: impl FnOnce() -> T) -> (T, Box<[u32]>) {
    let outer = READ.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = f();
    let mut read = READ
        .with(|r| std::mem::replace(&mut *r.borrow_mut(), outer))
        .unwrap_or_default();
    read.sort_unstable();
    read.dedup();
    (out, read.into_boxed_slice())
}

/// Whether two sorted lists of keys share one.
pub(crate) fn meets(read: &[u32], changed: &[u32]) -> bool {
    // An edit changes a brief or a few; a list page reads dozens and a person's
    // page thousands: looking each changed one up beats walking the whole read.
    if changed.len() * 8 < read.len() {
        return changed.iter().any(|c| read.binary_search(c).is_ok());
    }
    // An edit of a person named in thousands of briefs changes them all, and
    // each of a large archive's pages (most read a few dozen) is asked: looking
    // each read up beats walking the whole change once per page.
    if read.len() * 8 < changed.len() {
        return read.iter().any(|r| changed.binary_search(r).is_ok());
    }
    let (mut i, mut j) = (0, 0);
    while i < read.len() && j < changed.len() {
        match read[i].cmp(&changed[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_read_meets_a_few_changed_briefs_by_lookup() {
        let read: Vec<u32> = (0..100).map(|i| i * 3).collect();
        assert!(meets(&read, &[4, 297]));
        assert!(meets(&read, &[0]));
        assert!(!meets(&read, &[1, 2, 298, 400]));
        assert!(!meets(&read, &[]));
        // As many changed as read: walked together, with the same answers.
        let changed: Vec<u32> = (0..100).map(|i| i * 3 + 1).collect();
        assert!(!meets(&read, &changed));
        assert!(meets(&read[..5], &[9, 12]));
        // A short read against a long change: each read key looked up.
        let long: Vec<u32> = (0..1000).map(|i| i * 2).collect();
        assert!(meets(&[7, 9, 1998], &long));
        assert!(meets(&[0], &long));
        assert!(!meets(&[1, 3, 1999, 5000], &long));
    }

    #[test]
    fn a_record_holds_the_briefs_read_inside_it_once_each_and_nests() {
        note(BriefId(9));
        let ((), outer) = recording(|| {
            note(BriefId(4));
            note(BriefId(2));
            let ((), inner) = recording(|| note(BriefId(7)));
            assert_eq!(&*inner, &[7]);
            note(BriefId(4));
        });
        assert_eq!(&*outer, &[2, 4]);
    }

    #[test]
    fn people_and_topics_are_recorded_apart_from_briefs_of_the_same_number() {
        let ((), read) = recording(|| {
            note(BriefId(3));
            note_person(PersonId(3));
            note_topic(TopicId(3));
            note_person(PersonId(3));
            note_topic_lists(TopicId(3));
            note_person_name(PersonId(3));
        });
        assert_eq!(
            &*read,
            &[
                3,
                person_key(3),
                topic_key(3),
                topic_lists_key(3),
                person_name_key(3)
            ]
        );
        assert!(meets(&read, &[person_key(3)]));
        assert!(!meets(
            &read,
            &[person_key(4), topic_key(2), person_lists_key(3)]
        ));
    }

    #[test]
    fn sorted_lists_meet_only_when_they_share_a_number() {
        assert!(meets(&[1, 5, 9], &[9]));
        assert!(meets(&[1, 5, 9], &[0, 5]));
        assert!(!meets(&[1, 5, 9], &[0, 2, 10]));
        assert!(!meets(&[], &[1]));
    }
}
