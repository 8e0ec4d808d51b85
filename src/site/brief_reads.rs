//! Which briefs a computation read: recorded on the current thread while a page's
//! context is made, so that a rebuild after an edit of some briefs takes again the
//! fingerprints of only the pages that read one of them.
//!
//! The record is sound only if every read of a brief's data by a page context goes
//! through a recording accessor: [`Site::brief`](super::Site::brief), the brief
//! views' accessors and the renderer's body accessor. `Site::briefs` is not for
//! page contexts; a context that needs every brief reads a list held by the site
//! (a person's briefs, the archive), which a rebuild compares whole.

use std::cell::RefCell;

use super::BriefId;

thread_local! {
    /// The briefs read since [`recording`] began on this thread, when it did.
    static READ: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
}

/// Notes that brief `id` was read, when a record is being taken on this thread.
#[inline]
pub(crate) fn note(id: BriefId) {
    READ.with(|r| {
        if let Some(read) = r.borrow_mut().as_mut() {
            read.push(id.0);
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

/// Whether two sorted lists of brief numbers share one.
pub(crate) fn meets(read: &[u32], changed: &[u32]) -> bool {
    // An edit changes a brief or a few; a list page reads dozens and a person's
    // page thousands: looking each changed one up beats walking the whole read.
    if changed.len() * 8 < read.len() {
        return changed.iter().any(|c| read.binary_search(c).is_ok());
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
    fn sorted_lists_meet_only_when_they_share_a_number() {
        assert!(meets(&[1, 5, 9], &[9]));
        assert!(meets(&[1, 5, 9], &[0, 5]));
        assert!(!meets(&[1, 5, 9], &[0, 2, 10]));
        assert!(!meets(&[], &[1]));
    }
}
