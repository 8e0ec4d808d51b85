//! The calendar: briefs grouped by year and month for the archive, activity
//! buckets for charts, and the one list of month names (full and short).

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

/// One bar of an activity chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Human label: `June 2023` or `2023`.
    pub label: String,
    /// Stable key: `2023-06` for a month, `2023` for a year.
    pub key: String,
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

/// The three-letter English abbreviation of month 1 to 12 (empty otherwise), for
/// chart labels.
pub(crate) fn short_month_name(month: i8) -> &'static str {
    month_index(month).map_or("", |i| SHORT_MONTHS[i])
}

/// The index into [`MONTHS`] of month 1 to 12.
fn month_index(month: i8) -> Option<usize> {
    (1..=12).contains(&month).then(|| (month - 1) as usize)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Months since year 0 of a date, for arithmetic on spans.
fn month_number(d: &DateValue) -> i32 {
    i32::from(d.date.year()) * 12 + i32::from(d.date.month()) - 1
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
        .filter_map(|b| site.briefs.get(b.index()))
        .map(|b| month_number(&b.date))
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
                let (year, month) = (m.div_euclid(12), m.rem_euclid(12));
                Bucket {
                    label: format!("{} {year}", MONTHS[month as usize]),
                    key: format!("{year:04}-{:02}", month + 1),
                    count,
                }
            })
            .collect()
    } else {
        let (y0, y1) = (first.div_euclid(12), last.div_euclid(12));
        let mut counts = vec![0u32; (y1 - y0 + 1) as usize];
        for m in &months {
            counts[(m.div_euclid(12) - y0) as usize] += 1;
        }
        counts
            .into_iter()
            .enumerate()
            .map(|(k, count)| {
                let year = y0 + k as i32;
                Bucket {
                    label: year.to_string(),
                    key: format!("{year:04}"),
                    count,
                }
            })
            .collect()
    }
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
        let ix = build(&s);
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
        let got: Vec<(&str, &str, u32)> = b
            .iter()
            .map(|b| (b.label.as_str(), b.key.as_str(), b.count))
            .collect();
        assert_eq!(
            got,
            vec![
                ("June 2023", "2023-06", 2),
                ("July 2023", "2023-07", 0),
                ("August 2023", "2023-08", 1),
                ("September 2023", "2023-09", 0),
                ("October 2023", "2023-10", 0),
                ("November 2023", "2023-11", 1),
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
        assert_eq!(b[0].key, "2021-01");
        assert_eq!(b[35].key, "2023-12");
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
        let got: Vec<(String, String, u32)> = activity(&s, &ids(&[0, 1, 2]))
            .into_iter()
            .map(|b| (b.label, b.key, b.count))
            .collect();
        let want: Vec<(String, String, u32)> = [("2021", 1), ("2022", 0), ("2023", 1), ("2024", 1)]
            .iter()
            .map(|&(y, c)| (y.to_owned(), y.to_owned(), c))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn month_names_cover_one_to_twelve_only() {
        assert_eq!(short_month_name(6), "Jun");
        assert_eq!(short_month_name(9), "Sep");
        for bad in [0, 13, -1, i8::MAX] {
            assert_eq!(short_month_name(bad), "");
        }
        for m in 1..=12 {
            assert!(MONTHS[(m - 1) as usize].starts_with(short_month_name(m)));
        }
    }
}
