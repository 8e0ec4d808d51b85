//! The archive: every year and month with its count, and a page per year.

use serde::Serialize;

use super::Common;
use super::lists::{Paginator, paginate};
use crate::render::shapes::LinkView;
use crate::render::shared::Shared;
use crate::render::{BriefsOf, Page, Renderer};
use crate::site::BriefId;
use crate::urls;

#[derive(Serialize)]
struct MonthCount<'a> {
    name: &'a str,
    number: i8,
    count: usize,
}

#[derive(Serialize)]
struct YearCount<'a> {
    year: i16,
    path: String,
    count: usize,
    months: Vec<MonthCount<'a>>,
}

/// `archive.html`.
#[derive(Serialize)]
pub struct ArchivePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    years: Vec<YearCount<'a>>,
}

pub(super) fn years<'a>(r: &Renderer<'a>, common: Common<'a>) -> ArchivePage<'a> {
    let strings = &r.theme.strings;
    ArchivePage {
        common,
        years: r
            .views
            .indexes
            .archive
            .iter()
            .map(|y| YearCount {
                year: y.year,
                path: urls::archive_year(y.year),
                count: y.months.iter().map(|m| m.briefs.len()).sum(),
                months: y
                    .months
                    .iter()
                    .map(|m| MonthCount {
                        name: strings.month(m.month),
                        number: m.month,
                        count: m.briefs.len(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct MonthBriefs<'a> {
    name: &'a str,
    number: i8,
    anchor: String,
    /// List entries, newest first.
    briefs: Vec<Shared>,
}

/// `archive_year.html`.
#[derive(Serialize)]
pub struct ArchiveYearPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    year: i16,
    /// This page's briefs by month.
    months: Vec<MonthBriefs<'a>>,
    /// On the front page only: a numbered page keeps its bytes when a year is added.
    newer_year: Option<LinkView>,
    older_year: Option<LinkView>,
    paginator: Paginator,
}

pub(super) fn year<'a>(
    r: &Renderer<'a>,
    year: i16,
    number: usize,
    common: Common<'a>,
) -> ArchiveYearPage<'a> {
    let years = &r.views.indexes.archive;
    let pos = years.iter().position(|y| y.year == year);
    let link = |y: i16| LinkView {
        name: y.to_string(),
        path: urls::archive_year(y),
    };
    let page = Page::ArchiveYear(year, number);
    let list = r.briefs_of(page).unwrap_or(BriefsOf::Ids(&[]));
    let (items, paginator) = paginate(r.paging_of(list.len()), number, false, |n| {
        urls::numbered(&urls::archive_year(year), n)
    });
    // The year's briefs are newest first, so each month's are together.
    let mut months: Vec<MonthBriefs<'a>> = Vec::new();
    let mut ids: Vec<BriefId> = Vec::new();
    let mut month = None;
    for i in items {
        let id = list.id(i);
        let m = r.site.brief(id).date.date.month();
        if month.is_some_and(|last| last != m) {
            months.push(month_briefs(r, month, &ids));
            ids.clear();
        }
        month = Some(m);
        ids.push(id);
    }
    if !ids.is_empty() {
        months.push(month_briefs(r, month, &ids));
    }
    let front = number == 0;
    ArchiveYearPage {
        common,
        year,
        months,
        // Years are newest first: the newer year is the previous entry.
        newer_year: pos
            .filter(|_| front)
            .and_then(|i| i.checked_sub(1))
            .map(|i| link(years[i].year)),
        older_year: pos
            .filter(|_| front)
            .and_then(|i| years.get(i + 1))
            .map(|y| link(y.year)),
        paginator,
    }
}

fn month_briefs<'a>(r: &Renderer<'a>, month: Option<i8>, ids: &[BriefId]) -> MonthBriefs<'a> {
    let number = month.unwrap_or(1);
    MonthBriefs {
        name: r.theme.strings.month(number),
        number,
        anchor: format!("m{number:02}"),
        briefs: r.views.briefs.summaries(ids),
    }
}
