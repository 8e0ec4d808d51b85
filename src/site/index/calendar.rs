//! The calendar: briefs grouped by year and month for the archive, and activity
//! buckets for charts. Periods are numbers: their names come from the words table
//! (`render::strings`), so a site can translate them.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::DateValue;
use crate::site::{BriefId, Site};

/// When the span of an activity chart is at most this many months it is drawn per
/// month; a longer span is drawn per year so the bars stay readable.
const MAX_MONTHLY_SPAN: i32 = 36;

/// One year of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearGroup {
    /// The year.
    pub year: i16,
    /// Its months that have briefs, newest first.
    pub months: Vec<MonthGroup>,
}

/// One month of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGroup {
    /// The month, 1 to 12.
    pub month: i8,
    /// Its briefs, newest first.
    pub briefs: Vec<BriefId>,
}

/// One bar of an activity chart: a month or a whole year, named by whoever shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The year.
    pub year: i16,
    /// The month, 1 to 12, or none when the bucket is the whole year.
    pub month: Option<i8>,
    /// Briefs in the period.
    pub count: u32,
}

/// Briefs grouped by the year and month of their date, newest first at every level.
pub(super) fn archive(site: &Site) -> Vec<YearGroup> {
    // Keyed by the written (local) date; ids are already newest first, and a
    // date-time's local date can disagree with the UTC order only across midnight,
    // so the map keeps groups whole whatever the order.
    let mut groups: BTreeMap<(Reverse<i16>, Reverse<i8>), Vec<BriefId>> = BTreeMap::new();
    for (i, b) in site.briefs.iter().enumerate() {
        groups
            .entry((Reverse(b.date.date.year()), Reverse(b.date.date.month())))
            .or_default()
            .push(BriefId::new(i));
    }
    let mut years: Vec<YearGroup> = Vec::new();
    for ((Reverse(year), Reverse(month)), briefs) in groups {
        let group = MonthGroup { month, briefs };
        match years.last_mut() {
            Some(y) if y.year == year => y.months.push(group),
            _ => years.push(YearGroup {
                year,
                months: vec![group],
            }),
        }
    }
    years
}

/// Months since year 0 of a date, for arithmetic on spans.
fn month_number(d: &DateValue) -> i32 {
    i32::from(d.date.year()) * 12 + i32::from(d.date.month()) - 1
}

/// The year of a month number, which came from an `i16` year.
fn year_of(m: i32) -> i16 {
    i16::try_from(m.div_euclid(12)).unwrap_or(i16::MAX)
}

/// How many of `briefs` fall in each period of their span, oldest first, with empty
/// periods included so a chart shows the gaps.
///
/// Per month when the span (first to last month, inclusive) is at most
/// [`MAX_MONTHLY_SPAN`] months, else per year. Ids that are not in the site are
/// ignored; no briefs give no buckets.
pub(crate) fn activity(site: &Site, briefs: &[BriefId]) -> Vec<Bucket> {
    let months: Vec<i32> = briefs
        .iter()
        .filter(|b| b.index() < site.briefs.len())
        // Through `Site::brief`, which notes the read (see `site::brief_reads`).
        .map(|&b| month_number(&site.brief(b).date))
        .collect();
    let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) else {
        return Vec::new();
    };
    if last - first < MAX_MONTHLY_SPAN {
        let mut counts = vec![0u32; (last - first + 1) as usize];
        for m in &months {
            counts[(m - first) as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(k, count)| {
                let m = first + k as i32;
                Bucket {
                    year: year_of(m),
                    // In 1 to 12, so it fits.
                    month: Some(m.rem_euclid(12) as i8 + 1),
                    count,
                }
            })
            .collect()
    } else {
        let (y0, y1) = (year_of(first), year_of(last));
        let mut counts = vec![0u32; (i32::from(y1) - i32::from(y0) + 1) as usize];
        for &m in &months {
            counts[(i32::from(year_of(m)) - i32::from(y0)) as usize] += 1;
        }
        (y0..=y1)
            .zip(counts)
            .map(|(year, count)| Bucket {
                year,
                month: None,
                count,
            })
            .collect()
    }
}

/// The position in `buckets` (made by [`activity`]) of the period holding `date`,
/// so other counts over the same briefs can share the chart's columns; none when
/// the date falls outside them.
pub(crate) fn bucket_index(buckets: &[Bucket], date: &DateValue) -> Option<usize> {
    let first = buckets.first()?;
    let k = match first.month {
        Some(m) => month_number(date) - (i32::from(first.year) * 12 + i32::from(m) - 1),
        None => i32::from(date.date.year()) - i32::from(first.year),
    };
    usize::try_from(k).ok().filter(|&k| k < buckets.len())
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::test_support::{ids, site};
    use super::*;

    #[test]
    fn archive_groups_by_year_and_month_newest_first() {
        let s = site(
            vec![],
            vec![],
            &[
                ("2024-01-05", &[], &[]),
                ("2023-12-31", &[], &[]),
                ("2023-12-01", &[], &[]),
                ("2023-06-14", &[], &[]),
                ("2022-06-14", &[], &[]),
            ],
        );
        let ix = build(&s, &[]);
        assert_eq!(
            ix.archive,
            vec![
                YearGroup {
                    year: 2024,
                    months: vec![MonthGroup {
                        month: 1,
                        briefs: ids(&[0])
                    }]
                },
                YearGroup {
                    year: 2023,
                    months: vec![
                        MonthGroup {
                            month: 12,
                            briefs: ids(&[1, 2])
                        },
                        MonthGroup {
                            month: 6,
                            briefs: ids(&[3])
                        },
                    ]
                },
                YearGroup {
                    year: 2022,
                    months: vec![MonthGroup {
                        month: 6,
                        briefs: ids(&[4])
                    }]
                },
            ]
        );
    }

    #[test]
    fn activity_is_monthly_with_zero_months_for_short_spans() {
        let s = site(
            vec![],
            vec![],
            &[
                ("2023-11-02", &[], &[]),
                ("2023-08-20", &[], &[]),
                ("2023-06-30", &[], &[]),
                ("2023-06-14", &[], &[]),
            ],
        );
        let b = activity(&s, &ids(&[0, 1, 2, 3]));
        let got: Vec<(i16, Option<i8>, u32)> =
            b.iter().map(|b| (b.year, b.month, b.count)).collect();
        assert_eq!(
            got,
            vec![
                (2023, Some(6), 2),
                (2023, Some(7), 0),
                (2023, Some(8), 1),
                (2023, Some(9), 0),
                (2023, Some(10), 0),
                (2023, Some(11), 1),
            ]
        );
        assert!(activity(&s, &[]).is_empty());
        assert!(activity(&s, &ids(&[42])).is_empty());
    }

    #[test]
    fn activity_switches_to_years_beyond_thirty_six_months() {
        // Exactly 36 months (Jan 2021 to Dec 2023): still monthly.
        let s = site(
            vec![],
            vec![],
            &[("2023-12-31", &[], &[]), ("2021-01-01", &[], &[])],
        );
        let b = activity(&s, &ids(&[0, 1]));
        assert_eq!(b.len(), 36);
        assert_eq!((b[0].year, b[0].month), (2021, Some(1)));
        assert_eq!((b[35].year, b[35].month), (2023, Some(12)));
        // 37 months: yearly, with the empty year kept.
        let s = site(
            vec![],
            vec![],
            &[
                ("2024-01-01", &[], &[]),
                ("2023-05-01", &[], &[]),
                ("2021-01-01", &[], &[]),
            ],
        );
        let got: Vec<(i16, Option<i8>, u32)> = activity(&s, &ids(&[0, 1, 2]))
            .into_iter()
            .map(|b| (b.year, b.month, b.count))
            .collect();
        assert_eq!(
            got,
            vec![
                (2021, None, 1),
                (2022, None, 0),
                (2023, None, 1),
                (2024, None, 1)
            ]
        );
    }

    #[test]
    fn bucket_index_places_each_brief_in_the_column_activity_counts_it_in() {
        for dates in [
            &["2023-11-02", "2023-08-20", "2023-06-30", "2023-06-14"][..],
            &["2024-01-01", "2023-05-01", "2021-01-01"][..],
        ] {
            let rows: Vec<(&str, &[u32], &[u32])> =
                dates.iter().map(|d| (*d, &[][..], &[][..])).collect();
            let s = site(vec![], vec![], &rows);
            let all: Vec<u32> = (0..dates.len() as u32).collect();
            let buckets = activity(&s, &ids(&all));
            let mut counts = vec![0u32; buckets.len()];
            for b in &s.briefs {
                let k = bucket_index(&buckets, &b.date).expect("every brief is in its span");
                counts[k] += 1;
            }
            let expected: Vec<u32> = buckets.iter().map(|b| b.count).collect();
            assert_eq!(counts, expected, "{dates:?}");
        }
        // Outside the span, or no span at all: none.
        let s = site(
            vec![],
            vec![],
            &[("2023-06-14", &[], &[]), ("2020-01-01", &[], &[])],
        );
        let buckets = activity(&s, &ids(&[0]));
        assert_eq!(bucket_index(&buckets, &s.briefs[1].date), None);
        assert_eq!(bucket_index(&[], &s.briefs[0].date), None);
    }
}
