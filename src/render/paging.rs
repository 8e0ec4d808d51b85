//! Stable pagination of a newest-first list: pages are numbered from the oldest, so
//! adding a newer item changes the newest page (and the list's front page), never
//! the content of an older page, and a deploy uploads a handful of list pages
//! rather than every one.

use std::ops::Range;

/// A list of `count` items, newest first, cut into pages of `per` items counted
/// from the oldest: page 1 holds the oldest `per` items, the newest page holds
/// what is left (1 to `per` items). The front page shows the newest page, and the
/// one before it when the newest is not full, so it is never nearly empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    count: usize,
    per: usize,
}

impl Paging {
    /// Pages of `per` items (`per` is at least 1, as settings validate).
    pub fn new(count: usize, per: usize) -> Paging {
        Paging {
            count,
            per: per.max(1),
        }
    }

    /// Number of items in the list.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Number of numbered pages: at least one, even for an empty list.
    pub fn total(&self) -> usize {
        self.count.div_ceil(self.per).max(1)
    }

    /// Positions (newest first, from 0) of the items of page `number`
    /// (1 = oldest); empty for a number that is not a page.
    pub fn items(&self, number: usize) -> Range<usize> {
        if number == 0 || number > self.total() {
            return 0..0;
        }
        self.count.saturating_sub(number * self.per)..self.count - (number - 1) * self.per
    }

    /// The oldest page the front page shows: the newest page, or the one before
    /// it when the newest holds fewer than a full page.
    pub fn front_oldest(&self) -> usize {
        let newest = self.total();
        if newest > 1 && self.items(newest).len() < self.per {
            newest - 1
        } else {
            newest
        }
    }

    /// Positions of the items the front page shows: its pages' items, newest first.
    pub fn front_items(&self) -> Range<usize> {
        0..self.items(self.front_oldest()).end
    }

    /// The numbered pages a page's navigation links to: the first and the two
    /// either side of `around`, in order. A window rather than every page, so
    /// that a list of thousands of pages costs no more per page than a short one,
    /// and without the last page, so that an older page's links stay as they
    /// were when a newer page is added.
    pub fn window(&self, around: usize) -> Vec<usize> {
        let total = self.total();
        let mut numbers = vec![1];
        numbers.extend(around.saturating_sub(2).max(1)..=(around + 2).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position of the list, page by page from the oldest.
    fn cover(p: Paging) -> Vec<usize> {
        (1..=p.total()).rev().flat_map(|n| p.items(n)).collect()
    }

    #[test]
    fn pages_count_from_the_oldest_and_cover_the_list_once() {
        let p = Paging::new(45, 20);
        assert_eq!(p.total(), 3);
        assert_eq!(p.items(1), 25..45, "page 1 holds the oldest 20");
        assert_eq!(p.items(2), 5..25);
        assert_eq!(p.items(3), 0..5, "the newest page holds the rest");
        assert_eq!(p.items(4), 0..0);
        assert_eq!(p.items(0), 0..0);
        assert_eq!(cover(p), (0..45).collect::<Vec<_>>());
        for (count, per) in [(0, 5), (1, 5), (5, 5), (6, 5), (99, 7), (100, 10)] {
            let p = Paging::new(count, per);
            assert_eq!(cover(p), (0..count).collect::<Vec<_>>(), "{count}/{per}");
        }
    }

    #[test]
    fn a_newer_item_leaves_the_older_pages_as_they_were() {
        let (before, after) = (Paging::new(45, 20), Paging::new(46, 20));
        // Positions shift by one when an item is added in front, so the same
        // items are at `position + 1`.
        for n in 1..before.total() {
            let old = before.items(n);
            assert_eq!(after.items(n), old.start + 1..old.end + 1, "page {n}");
        }
        // Filling the newest page and starting a new one changes nothing older.
        let (full, more) = (Paging::new(40, 20), Paging::new(41, 20));
        assert_eq!(more.total(), 3);
        assert_eq!(
            more.items(1),
            full.items(1).start + 1..full.items(1).end + 1
        );
        assert_eq!(more.items(3), 0..1);
    }

    #[test]
    fn the_front_page_is_never_nearly_empty() {
        let p = Paging::new(41, 20);
        assert_eq!(p.front_oldest(), 2);
        assert_eq!(p.front_items(), 0..21);
        let full = Paging::new(40, 20);
        assert_eq!(full.front_oldest(), 2);
        assert_eq!(full.front_items(), 0..20);
        assert_eq!(Paging::new(3, 20).front_items(), 0..3);
        assert_eq!(Paging::new(0, 20).front_items(), 0..0);
    }

    #[test]
    fn navigation_is_a_window_not_every_page() {
        let p = Paging::new(100_000, 20);
        assert_eq!(p.window(2500), [1, 2498, 2499, 2500, 2501, 2502]);
        assert_eq!(p.window(1), [1, 2, 3]);
        assert_eq!(p.window(5000), [1, 4998, 4999, 5000]);
        assert_eq!(Paging::new(10, 20).window(1), [1]);
    }
}
