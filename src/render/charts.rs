//! Small inline SVG charts for person and topic pages: briefs over time, and when
//! someone shared briefs with the people most often with them. No JavaScript, no colour carrying meaning: values
//! are printed as text, shapes are drawn in `currentColor` so they follow the
//! page's own colours (and dark themes), and every chart has a text summary for
//! screen readers. Output is deterministic: the same input gives the same bytes.
//!
//! Themes can style the class names (`chart`, `activity-chart`, `together-chart`,
//! `bar`, `count`, `axis`, `row`, `name`, `cell`); presentation attributes give
//! sensible defaults, and CSS overrides them. Text is 11 px or more and the
//! built-in theme never shrinks a chart: a wide one scrolls in its figure.
//!
//! Every word comes from the words table ([`Strings`]), so a site can translate
//! the charts; only numbers and list punctuation are written here.

use crate::html::escape;
use std::fmt::Write as _;

use super::strings::{Strings, fill, fill_all};
use crate::site::index::Bucket;

/// Height of the plotting area of the activity chart, in SVG units.
const PLOT_HEIGHT: u32 = 140;
const LEFT: u32 = 44;
const RIGHT: u32 = 12;
const TOP: u32 = 22;

/// The name of a bucket's period: "June 2023", or "2023" for a whole year.
fn period(b: &Bucket, strings: &Strings) -> String {
    match b.month {
        Some(m) => fill_all(
            &strings.month_year,
            &[("month", strings.month(m)), ("year", &b.year.to_string())],
        ),
        None => b.year.to_string(),
    }
}

/// Every how many columns a time axis of `slot`-pixel columns names the month:
/// every column when the widest short name fits with room to spare, else every
/// second, third... from the first (which also shows the year), so that names
/// never run together. Each bar's and cell's tooltip still names its month, and
/// each year is shown under its January.
fn month_step(strings: &Strings, slot: u32) -> usize {
    // An 11 px label, at 0.55 em a character (most fonts' capitals and
    // lower case average less), and 5 px between labels.
    let widest = (1..=12)
        .map(|m| strings.month_short(m).chars().count())
        .max()
        .unwrap_or(3);
    let need = widest as f64 * 6.05 + 5.0;
    (need / f64::from(slot.max(1))).ceil().max(1.0) as usize
}

/// A bar chart of briefs per period, with `role="img"`, a title, and a description
/// giving the span, total, peak and every non-empty period, so the chart's content
/// is available without seeing it. Bars are labelled with their count and carry a
/// tooltip; months are named under the bars (every bar's, or every second's
/// when the names would run together: see `month_step`), with the year under
/// January and under the first bar.
pub fn activity_chart(buckets: &[Bucket], title: &str, strings: &Strings) -> String {
    let title = escape(title);
    if buckets.is_empty() {
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart activity-chart\" \
             viewBox=\"0 0 240 32\" width=\"240\" height=\"32\" role=\"img\" aria-label=\"{title}\">\
             <title>{title}</title><desc>{}</desc>\
             <text x=\"0\" y=\"20\" font-size=\"13\" fill=\"currentColor\">{}</text></svg>",
            escape(&strings.chart_empty_description),
            escape(&strings.chart_empty)
        );
    }
    let monthly = buckets.iter().all(|b| b.month.is_some());
    let slot: u32 = if monthly { 22 } else { 36 };
    let bottom: u32 = if monthly { 40 } else { 26 };
    let n = buckets.len() as u32;
    let width = LEFT + n * slot + RIGHT;
    let height = TOP + PLOT_HEIGHT + bottom;
    let base = TOP + PLOT_HEIGHT;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let total: u32 = buckets.iter().map(|b| b.count).sum();

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart activity-chart\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"{title}\"><title>{title}</title><desc>{}</desc>",
        escape(&describe(buckets, monthly, total, max, strings))
    );

    // Text is 11 px or more: the theme never shrinks a chart (a wide one
    // scrolls), so this is the size a phone shows.
    // Axes: a baseline, a vertical axis with ticks at 0, the middle and the peak.
    let _ = write!(
        svg,
        "<g class=\"axis\" fill=\"currentColor\" stroke=\"currentColor\" font-size=\"11\">\
         <line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\"/>\
         <line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{base}\"/>",
        width - RIGHT
    );
    let mut ticks = vec![0, max];
    if max >= 4 {
        ticks.insert(1, max / 2);
    }
    ticks.dedup();
    for tick in ticks {
        let y = base - scaled(tick, max);
        let _ = write!(
            svg,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{LEFT}\" y2=\"{y}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" stroke=\"none\">{tick}</text>",
            LEFT - 4,
            LEFT - 6,
            y + 3
        );
    }
    let mid = TOP + PLOT_HEIGHT / 2;
    let _ = write!(
        svg,
        "<text x=\"12\" y=\"{mid}\" text-anchor=\"middle\" stroke=\"none\" \
         transform=\"rotate(-90 12 {mid})\">{}</text></g>",
        escape(&strings.chart_axis)
    );

    // Bars, each with its tooltip and printed count.
    let gap = slot / 4;
    svg.push_str("<g class=\"bars\">");
    for (i, b) in buckets.iter().enumerate() {
        let x = LEFT + i as u32 * slot + gap / 2 + 1;
        let h = scaled(b.count, max);
        let cx = x + (slot - gap) / 2;
        let _ = write!(
            svg,
            "<g class=\"bar\"><title>{}: {}</title>\
             <rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"currentColor\" \
             fill-opacity=\"0.6\" stroke=\"currentColor\"/>",
            escape(&period(b, strings)),
            escape(&strings.briefs(b.count)),
            base - h,
            slot - gap,
        );
        if b.count > 0 {
            let _ = write!(
                svg,
                "<text class=\"count\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" \
                 font-size=\"11\" fill=\"currentColor\">{}</text>",
                base - h - 4,
                b.count
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</g>");

    // Period labels.
    let _ = write!(
        svg,
        "<g class=\"labels\" font-size=\"11\" fill=\"currentColor\" text-anchor=\"middle\">"
    );
    let step = month_step(strings, slot);
    for (i, b) in buckets.iter().enumerate() {
        let cx = LEFT + i as u32 * slot + slot / 2 + 1;
        match b.month {
            Some(month) => {
                if i % step == 0 {
                    let _ = write!(
                        svg,
                        "<text x=\"{cx}\" y=\"{}\">{}</text>",
                        base + 14,
                        escape(strings.month_short(month))
                    );
                }
                if i == 0 || month == 1 {
                    let _ = write!(
                        svg,
                        "<text x=\"{cx}\" y=\"{}\" font-weight=\"bold\">{:04}</text>",
                        base + 28,
                        b.year
                    );
                }
            }
            None => {
                let _ = write!(
                    svg,
                    "<text x=\"{cx}\" y=\"{}\">{}</text>",
                    base + 16,
                    b.year
                );
            }
        }
    }
    svg.push_str("</g></svg>");
    svg
}

/// Bar height for `count` when `max` fills the plot; a non-zero count is never
/// drawn flat.
fn scaled(count: u32, max: u32) -> u32 {
    if max == 0 || count == 0 {
        return 0;
    }
    let h = (u64::from(count) * u64::from(PLOT_HEIGHT) + u64::from(max) / 2) / u64::from(max);
    (h as u32).clamp(2, PLOT_HEIGHT)
}

/// "Briefs per month from June 2023 to November 2023; 5 briefs in total; peak 4 in
/// June 2023. June 2023: 4; November 2023: 1."
fn describe(buckets: &[Bucket], monthly: bool, total: u32, max: u32, strings: &Strings) -> String {
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
        return strings.chart_empty_description.clone();
    };
    let total_text = strings.briefs(total);
    if buckets.len() == 1 {
        return fill_all(
            &strings.activity_one_period,
            &[("briefs", &total_text), ("period", &period(first, strings))],
        );
    }
    let peak = if max > 0 {
        let peaks: Vec<String> = buckets
            .iter()
            .filter(|b| b.count == max)
            .map(|b| period(b, strings))
            .collect();
        fill_all(
            &strings.activity_peak,
            &[("n", &max.to_string()), ("periods", &peaks.join(", "))],
        )
    } else {
        String::new()
    };
    let span = if monthly {
        &strings.activity_per_month
    } else {
        &strings.activity_per_year
    };
    let mut s = fill_all(
        span,
        &[
            ("from", &period(first, strings)),
            ("to", &period(last, strings)),
            ("briefs", &total_text),
            ("peak", &peak),
        ],
    );
    if total > 0 {
        let busy: Vec<String> = buckets
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| {
                fill_all(
                    &strings.activity_period,
                    &[("period", &period(b, strings)), ("n", &b.count.to_string())],
                )
            })
            .collect();
        let _ = write!(s, " {}.", busy.join("; "));
    }
    s
}

/// At most this many people get a row of the "together" chart: the most shared.
pub const TOGETHER_ROWS: usize = 8;

/// Width of the names column of the "together" chart, in SVG units.
const NAMES_WIDTH: u32 = 156;
/// Height of the period labels above its rows.
const HEADER: u32 = 38;
const ROW: u32 = 28;
/// Characters of a name drawn before it is cut (the description has it whole).
const LABEL_CHARS: usize = 22;

/// A grid of when someone shared briefs with the people most often with them: a
/// row per person (the most shared first), a column per period of `periods` (the
/// person's activity buckets, so both charts cover the same span), and a dot
/// where they shared briefs in that period, its area growing with the count,
/// which is printed on it. It shows what a list of totals cannot: which working
/// relationships are old, recent, steady or a single episode.
///
/// `rows` are `(name, shared briefs per period)`, each count list as long as
/// `periods` (a shorter one counts as zeros); the buckets' own counts are not
/// read. `more` is how many people sharing briefs have no row. The chart is an
/// image (`role="img"`) with a title and a description naming, for each person,
/// every period and count; names are plain text, so the page links them (a link
/// inside an image is hidden from assistive technology).
pub fn together_chart<N: AsRef<str>>(
    center: &str,
    periods: &[Bucket],
    rows: &[(N, Vec<u32>)],
    more: usize,
    title: &str,
    strings: &Strings,
) -> String {
    let desc = describe_together(center, periods, rows, more, strings);
    let title = escape(title);
    let monthly = periods.iter().all(|b| b.month.is_some());
    let slot: u32 = if monthly { 24 } else { 40 };
    let n = periods.len() as u32;
    let width = NAMES_WIDTH + n.max(1) * slot + RIGHT;
    let height = HEADER + rows.len().max(1) as u32 * ROW + 4;
    let count = |cells: &[u32], i: usize| cells.get(i).copied().unwrap_or(0);
    let max = rows
        .iter()
        .flat_map(|(_, c)| c.iter().take(periods.len()).copied())
        .max()
        .unwrap_or(0)
        .max(1);
    // The largest dot fits its column and its row.
    let r_max = f64::from(slot.min(ROW) / 2 - 2);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart together-chart\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"{title}\"><title>{title}</title><desc>{}</desc>",
        escape(&desc)
    );

    // Period labels above the columns: months with the year above January and the
    // first column, or years. A faint rule starts each new year of a monthly grid.
    svg.push_str(
        "<g class=\"axis\" font-size=\"11\" fill=\"currentColor\" stroke=\"currentColor\" \
         text-anchor=\"middle\">",
    );
    let grid_bottom = height - 4;
    let step = month_step(strings, slot);
    for (i, b) in periods.iter().enumerate() {
        let x = NAMES_WIDTH + i as u32 * slot;
        let cx = x + slot / 2;
        match b.month {
            Some(month) => {
                if i == 0 || month == 1 {
                    let _ = write!(
                        svg,
                        "<text x=\"{cx}\" y=\"13\" stroke=\"none\" font-weight=\"bold\">{:04}</text>",
                        b.year
                    );
                }
                if i > 0 && month == 1 {
                    let _ = write!(
                        svg,
                        "<line x1=\"{x}\" y1=\"18\" x2=\"{x}\" y2=\"{grid_bottom}\" stroke-opacity=\"0.3\"/>"
                    );
                }
                if i % step == 0 {
                    let _ = write!(
                        svg,
                        "<text x=\"{cx}\" y=\"30\" stroke=\"none\">{}</text>",
                        escape(strings.month_short(month))
                    );
                }
            }
            None => {
                let _ = write!(
                    svg,
                    "<text x=\"{cx}\" y=\"30\" stroke=\"none\">{}</text>",
                    b.year
                );
            }
        }
    }
    svg.push_str("</g>");

    // One row per person: the name, a guide line, and a dot per shared period.
    svg.push_str("<g class=\"rows\" fill=\"currentColor\" stroke=\"currentColor\">");
    for (k, (name, cells)) in rows.iter().enumerate() {
        let name = name.as_ref();
        let cy = HEADER + k as u32 * ROW + ROW / 2;
        let _ = write!(
            svg,
            "<g class=\"row\"><text class=\"name\" x=\"{}\" y=\"{}\" text-anchor=\"end\" \
             font-size=\"12\" stroke=\"none\">{}</text>\
             <line x1=\"{NAMES_WIDTH}\" y1=\"{cy}\" x2=\"{}\" y2=\"{cy}\" stroke-opacity=\"0.25\"/>",
            NAMES_WIDTH - 8,
            cy + 4,
            escape(&shorten(name)),
            width - RIGHT
        );
        for (i, b) in periods.iter().enumerate() {
            let c = count(cells, i);
            if c == 0 {
                continue;
            }
            let cx = NAMES_WIDTH + i as u32 * slot + slot / 2;
            // Area in proportion to the count, never smaller than a readable dot.
            let r = 4.0 + (r_max - 4.0) * (f64::from(c) / f64::from(max)).sqrt();
            let _ = write!(
                svg,
                "<g class=\"cell\"><title>{}</title>\
                 <circle cx=\"{cx}\" cy=\"{cy}\" r=\"{}\" fill-opacity=\"0.3\"/>\
                 <text class=\"count\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" \
                 stroke=\"none\">{c}</text></g>",
                escape(&fill_all(
                    &strings.together_cell,
                    &[
                        ("name", name),
                        ("period", &period(b, strings)),
                        ("briefs", &strings.briefs(c)),
                    ],
                )),
                num(r),
                cy + 4
            );
        }
        svg.push_str("</g>");
    }
    if rows.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"13\" stroke=\"none\">{}</text>",
            HEADER + ROW / 2 + 4,
            escape(&desc)
        );
    }
    svg.push_str("</g></svg>");
    svg
}

/// "Briefs Antony Blinken shared with the people most often with them, from June
/// 2023 to January 2024: Wang Yi, 3 briefs (June 2023: 2, November 2023: 1); ..."
fn describe_together<N: AsRef<str>>(
    center: &str,
    periods: &[Bucket],
    rows: &[(N, Vec<u32>)],
    more: usize,
    strings: &Strings,
) -> String {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return fill(&strings.together_alone, "name", center);
    };
    if rows.is_empty() {
        return fill(&strings.together_alone, "name", center);
    }
    let people: Vec<String> = rows
        .iter()
        .map(|(name, cells)| {
            let shared: Vec<String> = periods
                .iter()
                .zip(cells)
                .filter(|&(_, &c)| c > 0)
                .map(|(b, c)| {
                    fill_all(
                        &strings.activity_period,
                        &[("period", &period(b, strings)), ("n", &c.to_string())],
                    )
                })
                .collect();
            let total: u32 = cells.iter().take(periods.len()).sum();
            fill_all(
                &strings.together_person,
                &[
                    ("name", name.as_ref()),
                    ("briefs", &strings.briefs(total)),
                    ("periods", &shared.join(", ")),
                ],
            )
        })
        .collect();
    let more = if more > 0 {
        fill(&strings.together_more, "n", &more.to_string())
    } else {
        String::new()
    };
    let from = period(first, strings);
    let template = if periods.len() == 1 {
        &strings.together_one_period
    } else {
        &strings.together_description
    };
    fill_all(
        template,
        &[
            ("name", center),
            ("period", &from),
            ("from", &from),
            ("to", &period(last, strings)),
            ("people", &people.join("; ")),
            ("more", &more),
        ],
    )
}

/// A coordinate with one decimal, without a trailing `.0`, and never `-0`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A name cut to fit beside the circle; the full name stays in the link's label.
fn shorten(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(year: i16, month: Option<i8>, count: u32) -> Bucket {
        Bucket { year, month, count }
    }

    /// The built-in table, which the strings module tests to be complete.
    fn en() -> Strings {
        Strings::merged(None).expect("the built-in table parses")
    }

    fn months() -> Vec<Bucket> {
        vec![
            bucket(2023, Some(6), 4),
            bucket(2023, Some(7), 0),
            bucket(2023, Some(8), 1),
            bucket(2023, Some(9), 0),
            bucket(2023, Some(10), 0),
            bucket(2023, Some(11), 2),
            bucket(2023, Some(12), 0),
            bucket(2024, Some(1), 1),
        ]
    }

    /// Every `<` opens a known element or closes one: a crude well-formedness
    /// check that catches unescaped text.
    fn tags_are_known(svg: &str) {
        const KNOWN: &[&str] = &[
            "svg", "title", "desc", "g", "line", "text", "rect", "circle", "a",
        ];
        for part in svg.split('<').skip(1) {
            let name: String = part
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                KNOWN.contains(&name.as_str()),
                "unexpected <{name} in {svg}"
            );
        }
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
        assert_eq!(svg.matches("<a ").count(), svg.matches("</a>").count());
    }

    #[test]
    fn activity_chart_describes_itself() {
        let svg = activity_chart(&months(), "Briefs per month", &en());
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Briefs per month</title>"));
        assert!(
            svg.contains(
                "<desc>Briefs per month from June 2023 to January 2024; 8 briefs in total; \
             peak 4 in June 2023. June 2023: 4; August 2023: 1; November 2023: 2; \
             January 2024: 1.</desc>"
            ),
            "{svg}"
        );
        tags_are_known(&svg);
    }

    #[test]
    fn activity_chart_labels_bars_counts_and_axes() {
        let svg = activity_chart(&months(), "Activity", &en());
        assert_eq!(svg.matches("<g class=\"bar\">").count(), 8);
        assert!(svg.contains("<title>July 2023: 0 briefs</title>"));
        assert!(svg.contains("<title>August 2023: 1 brief</title>"));
        // Counts are printed above non-zero bars only.
        assert_eq!(svg.matches("class=\"count\"").count(), 4);
        // Month labels, every second bar's at this width (a name each 22 px would
        // run into the next) from the first, and the year under the first bar and
        // under January.
        assert!(svg.contains(">Jun</text>") && svg.contains(">Aug</text>"));
        assert!(!svg.contains(">Jul</text>") && !svg.contains(">Jan</text>"));
        assert!(svg.contains("font-weight=\"bold\">2023</text>"));
        assert!(svg.contains("font-weight=\"bold\">2024</text>"));
        assert!(svg.contains(">Briefs</text>"));
        // The peak fills the plot; a count of 1 is a quarter of it.
        assert!(svg.contains(&format!("height=\"{PLOT_HEIGHT}\"")));
        assert!(svg.contains("height=\"35\""));
        // No colour names: shapes follow the text colour.
        assert!(!svg.contains("fill=\"#") && !svg.contains("red") && !svg.contains("blue"));
    }

    #[test]
    fn activity_chart_by_year_and_edge_cases() {
        let years = vec![
            bucket(2019, None, 3),
            bucket(2020, None, 0),
            bucket(2021, None, 3),
        ];
        let svg = activity_chart(&years, "Per year", &en());
        assert!(svg.contains(
            "Briefs per year from 2019 to 2021; 6 briefs in total; peak 3 in 2019, 2021."
        ));
        assert!(svg.contains(">2020</text>"));
        tags_are_known(&svg);

        let one = activity_chart(&[bucket(2023, Some(6), 1)], "One", &en());
        assert!(one.contains("<desc>1 brief in June 2023.</desc>"), "{one}");
        tags_are_known(&one);

        let none = activity_chart(&[], "Nothing", &en());
        assert!(none.contains("<desc>No briefs to show.</desc>"));
        tags_are_known(&none);
    }

    #[test]
    fn month_names_are_spaced_so_that_they_never_run_together() {
        let english = en();
        // A three-letter name is about 17 px at 11 px: every month of a 24 px
        // column, every second of a 22 px bar.
        assert_eq!(month_step(&english, 24), 1);
        assert_eq!(month_step(&english, 22), 2);
        let mut long = en();
        long.months_short = long.months.clone();
        assert_eq!(month_step(&long, 22), 3);
        assert_eq!(month_step(&long, 80), 1);
    }

    #[test]
    fn activity_chart_escapes_text() {
        let mut strings = en();
        strings.months[5] = "<b>&\"'".into();
        strings.months_short[5] = "<i>".into();
        strings.chart_axis = "A<B".into();
        let svg = activity_chart(
            &[bucket(2023, Some(6), 1), bucket(2023, Some(7), 0)],
            "Tom & <Jerry>",
            &strings,
        );
        assert!(svg.contains("<title>Tom &amp; &lt;Jerry&gt;</title>"));
        assert!(svg.contains("aria-label=\"Tom &amp; &lt;Jerry&gt;\""));
        assert!(svg.contains("&lt;b&gt;&amp;&quot;&#39; 2023"));
        assert!(svg.contains(">&lt;i&gt;</text>") && svg.contains(">A&lt;B</text>"));
        tags_are_known(&svg);
    }

    #[test]
    fn activity_chart_is_deterministic() {
        assert_eq!(
            activity_chart(&months(), "A", &en()),
            activity_chart(&months(), "A", &en())
        );
    }

    /// Three people over the eight months of `months()`, most shared first.
    fn rows() -> Vec<(String, Vec<u32>)> {
        vec![
            ("Wang Yi".into(), vec![2, 0, 0, 0, 0, 1, 0, 0]),
            ("Qin Gang".into(), vec![1, 0, 1, 0, 0, 0, 0, 0]),
            ("Janet Yellen".into(), vec![0, 0, 0, 0, 0, 0, 0, 1]),
        ]
    }

    /// The `(row, column)` of every dot, from their positions.
    fn dots(svg: &str, slot: u32) -> Vec<(u32, u32)> {
        svg.split("<circle cx=\"")
            .skip(1)
            .map(|rest| {
                let cx: u32 = rest[..rest.find('"').expect("closed")]
                    .parse()
                    .expect("whole");
                let cy: u32 = rest
                    .split("cy=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse().ok())
                    .expect("a whole cy");
                (
                    (cy - HEADER - ROW / 2) / ROW,
                    (cx - NAMES_WIDTH - slot / 2) / slot,
                )
            })
            .collect()
    }

    #[test]
    fn together_chart_puts_a_dot_where_people_shared_briefs() {
        let svg = together_chart("Antony Blinken", &months(), &rows(), 0, "Together", &en());
        assert!(svg.contains("role=\"img\"") && svg.contains("<title>Together</title>"));
        // A row per person, in the given order, a column per period.
        assert_eq!(svg.matches("<g class=\"row\">").count(), 3);
        let names: Vec<&str> = svg
            .split("class=\"name\"")
            .skip(1)
            .filter_map(|r| r.split('>').nth(1)?.split('<').next())
            .collect();
        assert_eq!(names, ["Wang Yi", "Qin Gang", "Janet Yellen"]);
        assert_eq!(
            dots(&svg, 24),
            [(0, 0), (0, 5), (1, 0), (1, 2), (2, 7)],
            "{svg}"
        );
        // The width holds every column; month labels and the years above them.
        assert!(svg.contains(&format!("width=\"{}\"", NAMES_WIDTH + 8 * 24 + RIGHT)));
        assert_eq!(svg.matches("font-weight=\"bold\">").count(), 2);
        assert!(svg.contains(">Jun</text>") && svg.contains(">Jan</text>"));
        // Counts are printed on the dots, which grow with them; each dot says
        // who, when and how many.
        assert!(svg.contains("<title>Wang Yi, June 2023: 2 briefs</title>"));
        assert!(svg.contains("<title>Janet Yellen, January 2024: 1 brief</title>"));
        assert!(svg.contains("r=\"10\" fill-opacity=\"0.3\"/><text class=\"count\""));
        assert_eq!(svg.matches("stroke=\"none\">2</text>").count(), 1);
        assert_eq!(svg.matches("stroke=\"none\">1</text>").count(), 4);
        // No link inside an image, no colour names.
        assert!(!svg.contains("<a ") && !svg.contains("fill=\"#"));
        tags_are_known(&svg);
    }

    #[test]
    fn together_chart_describes_who_and_when() {
        let svg = together_chart("Antony Blinken", &months(), &rows(), 2, "T", &en());
        assert!(
            svg.contains(
                "<desc>Briefs Antony Blinken shared with the people most often with them, \
                 from June 2023 to January 2024: \
                 Wang Yi, 3 briefs (June 2023: 2, November 2023: 1); \
                 Qin Gang, 2 briefs (June 2023: 1, August 2023: 1); \
                 Janet Yellen, 1 brief (January 2024: 1); and 2 more people.</desc>"
            ),
            "{svg}"
        );
        let one = together_chart(
            "A",
            &[bucket(2023, Some(6), 1)],
            &[("B", vec![1])],
            0,
            "T",
            &en(),
        );
        assert!(
            one.contains(
                "<desc>Briefs A shared with the people most often with them in June 2023: \
                 B, 1 brief (June 2023: 1).</desc>"
            ),
            "{one}"
        );
        let alone = together_chart::<&str>("Hermit", &months(), &[], 0, "T", &en());
        assert!(alone.contains("<desc>Hermit shares no briefs with anyone else.</desc>"));
        assert!(!alone.contains("<circle"));
        tags_are_known(&alone);
    }

    #[test]
    fn together_chart_by_year_escapes_and_is_deterministic() {
        let years = vec![
            bucket(2019, None, 3),
            bucket(2020, None, 0),
            bucket(2021, None, 3),
        ];
        let long = "Prince Mohammed bin Salman bin Abdulaziz Al Saud";
        let people = vec![(long, vec![3, 0, 1]), ("O'Brien <i>", vec![0, 0, 2])];
        let svg = together_chart("<Centre & co>", &years, &people, 0, "T'\"", &en());
        assert_eq!(dots(&svg, 40), [(0, 0), (0, 2), (1, 2)], "{svg}");
        assert!(svg.contains(">2020</text>") && !svg.contains("font-weight"));
        assert!(svg.contains("&lt;Centre &amp; co&gt;"));
        assert!(svg.contains("O&#39;Brien &lt;i&gt;"));
        assert!(svg.contains("aria-label=\"T&#39;&quot;\""));
        // The drawn name is cut; the description and the tooltips have it whole.
        assert!(svg.contains(">Prince Mohammed bin S…</text>"), "{svg}");
        assert!(svg.contains(&format!("<title>{long}, 2019: 3 briefs</title>")));
        tags_are_known(&svg);
        assert_eq!(
            svg,
            together_chart("<Centre & co>", &years, &people, 0, "T'\"", &en())
        );
    }

    /// Every chart key of the table, in French.
    const FRENCH: &str = "\
months: [janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre]
months_short: [janv., févr., mars, avr., mai, juin, juil., août, sept., oct., nov., déc.]
month_year: \"{month} {year}\"
briefs_one: \"{n} note\"
briefs_many: \"{n} notes\"
chart_axis: Notes
chart_empty: Aucune note
chart_empty_description: Aucune note à montrer.
activity_one_period: \"{briefs} en {period}.\"
activity_per_month: \"Notes par mois de {from} à {to} ; {briefs} au total{peak}.\"
activity_per_year: \"Notes par an de {from} à {to} ; {briefs} au total{peak}.\"
activity_peak: \" ; maximum {n} en {periods}\"
activity_period: \"{period} : {n}\"
together_description: \"Notes de {name} avec les personnes les plus proches, de {from} à {to} : {people}{more}.\"
together_one_period: \"Notes de {name} avec les personnes les plus proches en {period} : {people}{more}.\"
together_person: \"{name}, {briefs} ({periods})\"
together_more: \" ; et {n} de plus\"
together_alone: \"{name} ne partage aucune note.\"
together_cell: \"{name}, {period} : {briefs}\"
";

    /// The lower-cased words of every text of a table, placeholders left out.
    fn table_words(table: &serde_yaml::Value) -> std::collections::BTreeSet<String> {
        let mut texts = Vec::new();
        for v in table.as_mapping().expect("a table is a map").values() {
            match v {
                serde_yaml::Value::String(t) => texts.push(t.clone()),
                serde_yaml::Value::Sequence(a) => {
                    texts.extend(a.iter().filter_map(|t| t.as_str().map(str::to_owned)));
                }
                _ => {}
            }
        }
        texts
            .iter()
            .flat_map(|t| words(&without_placeholders(t)))
            .collect()
    }

    fn without_placeholders(text: &str) -> String {
        let mut out = String::new();
        let mut inside = false;
        for c in text.chars() {
            match c {
                '{' => inside = true,
                '}' => inside = false,
                _ if !inside => out.push(c),
                _ => {}
            }
        }
        out
    }

    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }

    /// The words a reader gets from a chart: its text nodes (the links' accessible
    /// names repeat their titles).
    fn svg_words(svg: &str) -> Vec<String> {
        svg.split('>')
            .filter_map(|part| part.split('<').next())
            .flat_map(words)
            .collect()
    }

    #[test]
    fn a_translated_table_reaches_every_word_of_the_charts() {
        let fr = Strings::merged(Some(FRENCH)).expect("the French table parses");
        // English words of the built-in table that the French keys do not also use
        // (such as "oct"): none may be left in a chart.
        let french = table_words(&serde_yaml::from_str(FRENCH).expect("the French table parses"));
        let english: Vec<String> =
            table_words(&serde_yaml::to_value(en()).expect("a table serialises"))
                .into_iter()
                .filter(|w| !french.contains(w))
                .collect();
        let more: Vec<(String, Vec<u32>)> = (0..8)
            .map(|i| (format!("Élise {i:02}"), vec![i, 1, 0, 0, 0, 0, 0, 2]))
            .collect();
        let charts = [
            activity_chart(&months(), "Activité", &fr),
            activity_chart(&[bucket(2023, Some(2), 1)], "Activité", &fr),
            activity_chart(
                &[bucket(2019, None, 3), bucket(2020, None, 0)],
                "Activité",
                &fr,
            ),
            activity_chart(&[], "Activité", &fr),
            together_chart("Jean Dupont", &months(), &more, 2, "Réseau", &fr),
            together_chart(
                "Jean Dupont",
                &[bucket(2023, Some(2), 1)],
                &[("Élise", vec![1])],
                0,
                "Réseau",
                &fr,
            ),
            together_chart::<&str>("Jean Dupont", &[], &[], 0, "Réseau", &fr),
        ];
        for svg in &charts {
            let left: Vec<String> = svg_words(svg)
                .into_iter()
                .filter(|w| english.contains(w))
                .collect();
            assert!(left.is_empty(), "English words {left:?} in {svg}");
            tags_are_known(svg);
        }
        let [monthly, one, yearly, empty, network, single, alone] = &charts;
        assert!(
            monthly.contains(
                "<desc>Notes par mois de juin 2023 à janvier 2024 ; 8 notes au total ; \
                 maximum 4 en juin 2023. juin 2023 : 4; août 2023 : 1; novembre 2023 : 2; \
                 janvier 2024 : 1.</desc>"
            ),
            "{monthly}"
        );
        assert!(monthly.contains("<title>juillet 2023: 0 notes</title>"));
        assert!(monthly.contains(">juin</text>") && monthly.contains(">août</text>"));
        assert!(monthly.contains(">Notes</text></g>"));
        assert!(
            one.contains("<desc>1 note en février 2023.</desc>"),
            "{one}"
        );
        assert!(yearly.contains("<desc>Notes par an de 2019 à 2020 ; 3 notes au total"));
        assert!(empty.contains("<desc>Aucune note à montrer.</desc>"));
        assert!(empty.contains(">Aucune note</text>"));
        assert!(
            network.contains(
                "Élise 01, 4 notes (juin 2023 : 1, juillet 2023 : 1, janvier 2024 : 2); "
            ),
            "{network}"
        );
        assert!(network.contains(" ; et 2 de plus.</desc>"), "{network}");
        assert!(network.contains("<title>Élise 07, juin 2023 : 7 notes</title>"));
        assert!(single.contains(
            "<desc>Notes de Jean Dupont avec les personnes les plus proches en février 2023 : \
             Élise, 1 note (février 2023 : 1).</desc>"
        ));
        assert!(alone.contains("<desc>Jean Dupont ne partage aucune note.</desc>"));
    }

    #[test]
    fn numbers_are_compact_and_stable() {
        assert_eq!(num(60.0), "60");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(489.9038), "489.9");
    }

    /// Every `font-size` of an SVG.
    fn font_sizes(svg: &str) -> Vec<u32> {
        svg.split("font-size=\"")
            .skip(1)
            .map(|rest| {
                rest[..rest.find('"').expect("a closed attribute")]
                    .parse()
                    .expect("a whole number")
            })
            .collect()
    }

    #[test]
    fn chart_text_is_at_least_eleven_pixels() {
        // The theme never shrinks charts (a wide one scrolls), so the attribute is
        // the rendered size on a 375 px phone screen.
        let css = include_str!("../../templates/style.css");
        let rule = css
            .split(".chart svg {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .expect("the theme styles chart images");
        assert!(rule.contains("max-width: none"), "charts must not shrink");
        let monthly: Vec<Bucket> = (1..=12)
            .map(|m| bucket(2023, Some(m), u32::from(m as u8)))
            .collect();
        let yearly = vec![
            bucket(2021, None, 3),
            bucket(2022, None, 0),
            bucket(2023, None, 7),
        ];
        let people: Vec<(String, Vec<u32>)> = (0..8)
            .map(|i| {
                (
                    format!("Person {i}"),
                    (0..12).map(|m| (m + i) % 3).collect(),
                )
            })
            .collect();
        for svg in [
            activity_chart(&monthly, "Monthly", &en()),
            activity_chart(&yearly, "Yearly", &en()),
            activity_chart(&[], "Empty", &en()),
            together_chart("Centre", &monthly, &people, 0, "Together", &en()),
            together_chart("Centre", &yearly, &people, 0, "Together", &en()),
            together_chart::<&str>("Centre", &[], &[], 0, "Together", &en()),
        ] {
            let sizes = font_sizes(&svg);
            assert!(!sizes.is_empty(), "{svg}");
            assert!(sizes.iter().all(|&s| s >= 11), "{sizes:?} in {svg}");
        }
    }
}
