//! The archive: every year and month with its count, and a page per year.

use serde::Serialize;

use super::Common;
use crate::render::Renderer;
use crate::render::shapes::LinkView;
use crate::render::shared::Shared;
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
    months: Vec<MonthBriefs<'a>>,
    newer_year: Option<LinkView>,
    older_year: Option<LinkView>,
}

pub(super) fn year<'a>(r: &Renderer<'a>, year: i16, common: Common<'a>) -> ArchiveYearPage<'a> {
    let strings = &r.theme.strings;
    let years = &r.views.indexes.archive;
    let pos = years.iter().position(|y| y.year == year);
    let link = |y: i16| LinkView {
        name: y.to_string(),
        path: urls::archive_year(y),
    };
    ArchiveYearPage {
        common,
        year,
        months: pos
            .map(|i| {
                years[i]
                    .months
                    .iter()
                    .map(|m| MonthBriefs {
                        name: strings.month(m.month),
                        number: m.month,
                        anchor: format!("m{:02}", m.month),
                        briefs: r.views.briefs.summaries(&m.briefs),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        // Years are newest first: the newer year is the previous entry.
        newer_year: pos
            .and_then(|i| i.checked_sub(1))
            .map(|i| link(years[i].year)),
        older_year: pos.and_then(|i| years.get(i + 1)).map(|y| link(y.year)),
    }
}
