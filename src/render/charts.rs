//! Small inline SVG charts for person and topic pages: briefs over time, and the
//! people someone appears with. No JavaScript, no colour carrying meaning: values
//! are printed as text, shapes are drawn in `currentColor` so they follow the
//! page's own colours (and dark themes), and every chart has a text summary for
//! screen readers. Output is deterministic: the same input gives the same bytes.
//!
//! Themes can style the class names (`chart`, `activity-chart`, `radial-diagram`,
//! `bar`, `count`, `axis`, `edge`, `node`, `halo`); presentation attributes give
//! sensible defaults, and CSS overrides them. `svg.chart { max-width: 100%;
//! height: auto }` lets a chart shrink on narrow screens.
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

/// A bar chart of briefs per period, with `role="img"`, a title, and a description
/// giving the span, total, peak and every non-empty period, so the chart's content
/// is available without seeing it. Bars are labelled with their count and carry a
/// tooltip; months are labelled under each bar, with the year under January and
/// under the first bar.
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
    for (i, b) in buckets.iter().enumerate() {
        let cx = LEFT + i as u32 * slot + slot / 2 + 1;
        match b.month {
            Some(month) => {
                let _ = write!(
                    svg,
                    "<text x=\"{cx}\" y=\"{}\">{}</text>",
                    base + 14,
                    escape(strings.month_short(month))
                );
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

/// At most this many people are drawn around the centre.
pub const RADIAL_MAX: usize = 12;

const RADIAL_WIDTH: f64 = 720.0;
const RADIAL_HEIGHT: f64 = 420.0;
const RADIUS: f64 = 150.0;
const LABEL_CHARS: usize = 28;

/// A diagram of the people sharing briefs with `center`: the person in the middle,
/// up to [`RADIAL_MAX`] others on a circle (the most shared first, clockwise from
/// the top), joined by lines whose width grows with the number of shared briefs,
/// which is also printed on each line.
///
/// `others` are `(name, href, shared briefs)`; `href` is used as given (escaped),
/// so pass page-relative links. The graphic holds links, so it is labelled by
/// `title` but not given `role="img"`, which would hide the links from assistive
/// technology; each link's accessible name says who and how many briefs, and the
/// description lists everyone drawn.
pub fn radial_diagram<N, H>(
    center: &str,
    others: &[(N, H, u32)],
    title: &str,
    strings: &Strings,
) -> String
where
    N: AsRef<str>,
    H: AsRef<str>,
{
    let mut drawn: Vec<(&str, &str, u32)> = others
        .iter()
        .map(|(n, h, c)| (n.as_ref(), h.as_ref(), *c))
        .collect();
    // Stable: equal counts keep the caller's order (the indexes sort them by name).
    drawn.sort_by_key(|&(_, _, c)| std::cmp::Reverse(c));
    let hidden = drawn.len().saturating_sub(RADIAL_MAX);
    drawn.truncate(RADIAL_MAX);
    let max = drawn.iter().map(|d| d.2).max().unwrap_or(0).max(1);
    let (cx, cy) = (RADIAL_WIDTH / 2.0, RADIAL_HEIGHT / 2.0);

    let desc = if drawn.is_empty() {
        fill(&strings.network_alone, "name", center)
    } else {
        let people: Vec<String> = drawn
            .iter()
            .map(|(n, _, c)| {
                fill_all(
                    &strings.network_person,
                    &[("name", n), ("briefs", &strings.briefs(*c))],
                )
            })
            .collect();
        let more = if hidden > 0 {
            fill(&strings.network_more, "n", &hidden.to_string())
        } else {
            String::new()
        };
        fill_all(
            &strings.network_description,
            &[
                ("name", center),
                ("people", &people.join(", ")),
                ("more", &more),
            ],
        )
    };

    let title = escape(title);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart radial-diagram\" \
         viewBox=\"0 0 {RADIAL_WIDTH} {RADIAL_HEIGHT}\" width=\"{RADIAL_WIDTH}\" \
         height=\"{RADIAL_HEIGHT}\" aria-label=\"{title}\">\
         <title>{title}</title><desc>{}</desc>",
        escape(&desc)
    );

    let points: Vec<(f64, f64, f64, f64)> = (0..drawn.len())
        .map(|i| {
            let angle = -std::f64::consts::FRAC_PI_2
                + std::f64::consts::TAU * i as f64 / drawn.len() as f64;
            let (sin, cos) = angle.sin_cos();
            (cx + RADIUS * cos, cy + RADIUS * sin, cos, sin)
        })
        .collect();

    // Lines and their counts: decoration for sight, repeated in each link's name.
    svg.push_str(
        "<g class=\"edges\" aria-hidden=\"true\" stroke=\"currentColor\" \
         stroke-opacity=\"0.5\" stroke-linecap=\"round\">",
    );
    for ((_, _, count), (x, y, _, _)) in drawn.iter().zip(&points) {
        let w = 1.5 + 6.5 * f64::from(*count) / f64::from(max);
        let _ = write!(
            svg,
            "<line class=\"edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"{}\"/>",
            num(cx),
            num(cy),
            num(*x),
            num(*y),
            num(w)
        );
    }
    svg.push_str("</g>");
    svg.push_str(
        "<g class=\"counts\" aria-hidden=\"true\" font-size=\"12\" font-weight=\"bold\" \
         text-anchor=\"middle\" fill=\"currentColor\">",
    );
    for ((_, _, count), (x, y, _, _)) in drawn.iter().zip(&points) {
        let (lx, ly) = (cx + (x - cx) * 0.58, cy + (y - cy) * 0.58);
        let _ = write!(
            svg,
            "<text class=\"count halo\" x=\"{}\" y=\"{}\" stroke=\"Canvas\" stroke-width=\"4\" \
             style=\"paint-order:stroke\">{count}</text>",
            num(lx),
            num(ly + 4.0)
        );
    }
    svg.push_str("</g>");

    // The centre, drawn over the lines.
    let _ = write!(
        svg,
        "<g class=\"center\" fill=\"currentColor\"><circle cx=\"{}\" cy=\"{}\" r=\"9\"/>\
         <text class=\"halo\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" \
         font-weight=\"bold\" stroke=\"Canvas\" stroke-width=\"5\" style=\"paint-order:stroke\">{}</text></g>",
        num(cx),
        num(cy),
        num(cx),
        num(cy + 28.0),
        escape(&shorten(center))
    );

    // The others, each a link with its name as text.
    svg.push_str("<g class=\"nodes\" font-size=\"13\" fill=\"currentColor\">");
    for ((name, href, count), (x, y, cos, sin)) in drawn.iter().zip(&points) {
        let anchor = if *cos > 0.3 {
            "start"
        } else if *cos < -0.3 {
            "end"
        } else {
            "middle"
        };
        let (lx, ly) = (x + 14.0 * cos, y + 14.0 * sin);
        let baseline = if *sin < -0.3 {
            ly
        } else if *sin > 0.3 {
            ly + 10.0
        } else {
            ly + 4.0
        };
        let label = fill_all(
            &strings.network_link,
            &[("name", name), ("briefs", &strings.briefs(*count))],
        );
        let _ = write!(
            svg,
            "<a class=\"node\" href=\"{}\" aria-label=\"{}\">\
             <circle cx=\"{}\" cy=\"{}\" r=\"6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" text-decoration=\"underline\">{}</text></a>",
            escape(href),
            escape(&label),
            num(*x),
            num(*y),
            num(lx),
            num(baseline),
            escape(&shorten(name))
        );
    }
    svg.push_str("</g></svg>");
    svg
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
        // Month labels, and the year under the first bar and under January.
        assert!(svg.contains(">Jun</text>") && svg.contains(">Jan</text>"));
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

    fn others() -> Vec<(String, String, u32)> {
        vec![
            ("Qin Gang".into(), "../qin-gang/".into(), 3),
            ("Janet Yellen".into(), "../janet-yellen/".into(), 1),
            ("Wang Yi".into(), "../wang-yi/".into(), 6),
        ]
    }

    #[test]
    fn radial_diagram_links_every_person_with_an_accessible_name() {
        let svg = radial_diagram(
            "Antony Blinken",
            &others(),
            "People with Antony Blinken",
            &en(),
        );
        assert!(
            !svg.contains("role=\"img\""),
            "a graphic holding links is not an image"
        );
        assert!(!svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\"People with Antony Blinken\""));
        assert!(svg.contains(
            "<desc>People sharing briefs with Antony Blinken: Wang Yi (6 briefs), \
             Qin Gang (3 briefs), Janet Yellen (1 brief).</desc>"
        ));
        assert_eq!(svg.matches("<a class=\"node\" href=").count(), 3);
        assert!(svg.contains("href=\"../wang-yi/\" aria-label=\"Wang Yi, 6 briefs shared\""));
        assert!(svg.contains(">Janet Yellen</text></a>"));
        // The most shared is at the top, with the widest line.
        assert!(
            svg.contains("x2=\"360\" y2=\"60\" stroke-width=\"8\""),
            "{svg}"
        );
        // Counts are printed as text.
        for c in ["6", "3", "1"] {
            assert!(
                svg.contains(&format!("style=\"paint-order:stroke\">{c}</text>")),
                "{svg}"
            );
        }
        tags_are_known(&svg);
    }

    #[test]
    fn radial_diagram_keeps_twelve_and_says_how_many_more() {
        let many: Vec<(String, String, u32)> = (0..15)
            .map(|i| (format!("P{i:02}"), format!("../p{i}/"), 20 - i))
            .collect();
        let svg = radial_diagram("Centre", &many, "Network", &en());
        assert_eq!(svg.matches("<a class=\"node\"").count(), RADIAL_MAX);
        assert!(svg.contains(", and 3 more.</desc>"));
        assert!(!svg.contains("P12"));
        tags_are_known(&svg);
        assert_eq!(svg, radial_diagram("Centre", &many, "Network", &en()));
    }

    #[test]
    fn radial_diagram_escapes_and_shortens() {
        let long = "Prince Mohammed bin Salman bin Abdulaziz Al Saud";
        let svg = radial_diagram(
            "<Centre & co>",
            &[(long, "a?x=1&y=\"2\"", 2), ("O'Brien <i>", "b/", 1)],
            "T'\"",
            &en(),
        );
        assert!(svg.contains("&lt;Centre &amp; co&gt;"));
        assert!(svg.contains("href=\"a?x=1&amp;y=&quot;2&quot;\""));
        assert!(svg.contains("O&#39;Brien &lt;i&gt;"));
        assert!(svg.contains("aria-label=\"T&#39;&quot;\""));
        // The visible label is cut, the accessible name is whole.
        assert!(svg.contains(">Prince Mohammed bin Salman…</text>"), "{svg}");
        assert!(svg.contains(&format!("aria-label=\"{long}, 2 briefs shared\"")));
        tags_are_known(&svg);
    }

    #[test]
    fn radial_diagram_alone() {
        let svg = radial_diagram::<&str, &str>("Hermit", &[], "Nobody", &en());
        assert!(svg.contains("<desc>Hermit shares no briefs with anyone else.</desc>"));
        assert!(!svg.contains("<a "));
        tags_are_known(&svg);
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
network_description: \"Personnes partageant des notes avec {name} : {people}{more}.\"
network_person: \"{name} ({briefs})\"
network_more: \" et {n} de plus\"
network_alone: \"{name} ne partage aucune note.\"
network_link: \"{name}, {briefs} en commun\"
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
        let more: Vec<(String, String, u32)> = (0..14)
            .map(|i| (format!("Élise {i:02}"), format!("../e{i}/"), 20 - i))
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
            radial_diagram("Jean Dupont", &more, "Réseau", &fr),
            radial_diagram("Jean Dupont", &more[..1], "Réseau", &fr),
            radial_diagram::<&str, &str>("Jean Dupont", &[], "Réseau", &fr),
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
        assert!(monthly.contains(">juin</text>") && monthly.contains(">janv.</text>"));
        assert!(monthly.contains(">Notes</text></g>"));
        assert!(
            one.contains("<desc>1 note en février 2023.</desc>"),
            "{one}"
        );
        assert!(yearly.contains("<desc>Notes par an de 2019 à 2020 ; 3 notes au total"));
        assert!(empty.contains("<desc>Aucune note à montrer.</desc>"));
        assert!(empty.contains(">Aucune note</text>"));
        assert!(network.contains("Élise 00 (20 notes), "), "{network}");
        assert!(network.contains(" et 2 de plus.</desc>"), "{network}");
        assert!(network.contains("aria-label=\"Élise 00, 20 notes en commun\""));
        assert!(single.contains(
            "<desc>Personnes partageant des notes avec Jean Dupont : Élise 00 (20 notes).</desc>"
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
        let others: Vec<(String, String, u32)> = (0..12)
            .map(|i| (format!("Person {i}"), format!("../../people/p{i}/"), i + 1))
            .collect();
        for svg in [
            activity_chart(&monthly, "Monthly", &en()),
            activity_chart(&yearly, "Yearly", &en()),
            activity_chart(&[], "Empty", &en()),
            radial_diagram("Centre", &others, "Network", &en()),
        ] {
            let sizes = font_sizes(&svg);
            assert!(!sizes.is_empty(), "{svg}");
            assert!(sizes.iter().all(|&s| s >= 11), "{sizes:?} in {svg}");
        }
    }
}
