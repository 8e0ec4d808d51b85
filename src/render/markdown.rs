//! Markdown bodies to HTML with pulldown-cmark: only the extensions the format
//! promises, heading ids with anchor links, a first-paragraph summary, and the raw
//! HTML policy of `site.yaml`.
//!
//! What gets through, deliberately: Markdown's own output is safe HTML except for
//! link destinations, so links and images whose scheme is not http(s), mailto, tel or
//! relative are neutralised in every mode but `allow`. Raw HTML in a body is cleaned
//! by ammonia (`sanitize`, the default), shown as text (`escape`), or passed through
//! (`allow`, for trusted writers only).

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream};

use crate::config::{MarkdownConfig, RawHtml};
use crate::slug::slugify;

/// A Markdown body as HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html {
    /// The HTML.
    pub html: String,
    /// Plain text of the first paragraph, for summaries.
    pub first_paragraph: String,
}

fn options(config: &MarkdownConfig) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if config.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// A hook for turning plain text into events, used to link mentions of names
/// (`crate::mentions::MentionLinker`): this module knows nothing of what it links.
pub trait TextLinker {
    /// Appends the events for `text` to `out`. Text inside links, headings and
    /// inline raw HTML never reaches the linker; text of code blocks and image
    /// descriptions does, and `out` (every event emitted so far) tells where it is.
    fn link<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>);
}

/// Leaves text as it is.
pub struct NoLinks;

impl TextLinker for NoLinks {
    fn link<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        out.push(Event::Text(text));
    }
}

/// A hook for the destinations of Markdown links and images, so that links between
/// pages (`@/briefs/...md`, root-relative paths) can be made relative to the page
/// that shows them: this module knows nothing of pages. Destinations in raw HTML
/// are the writer's own and never reach it.
pub trait Destinations {
    /// The destination to write for `dest`, as the writer gave it.
    fn rewrite<'a>(&mut self, dest: CowStr<'a>) -> CowStr<'a>;
}

/// Leaves destinations as they are.
pub struct SameDestinations;

impl Destinations for SameDestinations {
    fn rewrite<'a>(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
        dest
    }
}

/// Renders a Markdown body.
pub fn render(src: &str, config: &MarkdownConfig) -> Html {
    render_with(src, config, &mut NoLinks, &mut SameDestinations)
}

/// Renders a Markdown body, passing plain text through `linker` and link and image
/// destinations through `dests`.
pub fn render_with(
    src: &str,
    config: &MarkdownConfig,
    linker: &mut dyn TextLinker,
    dests: &mut dyn Destinations,
) -> Html {
    // A soft break becomes the newline it renders as, so that the text on both
    // sides of it reaches the linker as one run: a name wrapped across lines
    // ("Wang\nYi") is found whole. The HTML is the same either way.
    let parser = TextMergeStream::new(Parser::new_ext(src, options(config)).map(|e| match e {
        Event::SoftBreak => Event::Text(CowStr::Borrowed("\n")),
        e => e,
    }));
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(HeadingLevel, Option<CowStr<'_>>, Vec<Event<'_>>)> = None;
    let mut ids = HeadingIds::default();
    let mut first_paragraph = String::new();
    let mut paragraph_state = 0u8; // 0 before, 1 inside, 2 done
    let mut link_depth = 0usize;
    // Open inline HTML elements: text inside them (a raw `<a>`, an `<abbr>`) is the
    // writer's markup and is never linked.
    let mut html_depth = 0usize;
    let mut has_raw_html = false;
    let mut notes = Footnotes::default();

    for event in parser {
        // The first paragraph's plain text.
        match &event {
            Event::Start(Tag::Paragraph) if paragraph_state == 0 => paragraph_state = 1,
            Event::End(TagEnd::Paragraph) if paragraph_state == 1 => paragraph_state = 2,
            Event::Text(t) | Event::Code(t) if paragraph_state == 1 => first_paragraph.push_str(t),
            Event::SoftBreak | Event::HardBreak if paragraph_state == 1 => {
                first_paragraph.push(' ')
            }
            _ => {}
        }
        if let Event::InlineHtml(h) = &event {
            html_depth = inline_tag_depth(h, html_depth);
        }
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => match config.raw_html {
                RawHtml::Escape => Event::Text(h),
                RawHtml::Sanitize => {
                    has_raw_html = true;
                    Event::Html(h)
                }
                RawHtml::Allow => Event::Html(h),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: safe_dest(dests.rewrite(dest_url), config.raw_html),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_dest(dests.rewrite(dest_url), config.raw_html),
                title,
                id,
            }),
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                event
            }
            Event::FootnoteReference(label) => Event::Html(notes.reference(&label).into()),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Html(notes.open_definition(&label).into())
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(notes.close_definition().into()),
            other => other,
        };
        if let Some((level, id, inner)) = heading.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let unique = ids.claim(heading_base(id.as_deref(), &text));
                let level = *level;
                let id_attr = crate::html::escape(&unique);
                events.push(Event::Html(format!("<{level} id=\"{id_attr}\">").into()));
                events.append(inner);
                events.push(Event::Html(
                    format!(" <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></{level}>\n").into(),
                ));
                heading = None;
            } else {
                inner.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => heading = Some((level, id, Vec::new())),
            // A table scrolls sideways in its own box rather than widening the
            // page or breaking its words; the box takes the keyboard focus so
            // that it can be scrolled without a pointer.
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(TABLE_OPEN.into()));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Text(t) if link_depth == 0 && html_depth == 0 => linker.link(t, &mut events),
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html {
        html = SANITIZER.clean(&html).to_string();
    }
    Html {
        html,
        first_paragraph: first_paragraph
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Footnotes numbered in order of first reference (a note never referenced takes
/// the next number where it is defined), with ids from their numbers (`fn-1`,
/// `fnref-1`, a later reference to the same note `fnref-1-2`) so that labels of any
/// text make valid ids, and a back-link from each note to its first reference.
#[derive(Default)]
struct Footnotes {
    /// Label, number and references seen.
    seen: Vec<(String, usize, usize)>,
    /// The number of the note being defined.
    open: Option<usize>,
}

impl Footnotes {
    fn entry(&mut self, label: &str) -> &mut (String, usize, usize) {
        let at = match self.seen.iter().position(|(l, _, _)| l == label) {
            Some(at) => at,
            None => {
                let n = self.seen.len() + 1;
                self.seen.push((label.to_owned(), n, 0));
                n - 1
            }
        };
        &mut self.seen[at]
    }

    fn reference(&mut self, label: &str) -> String {
        let entry = self.entry(label);
        entry.2 += 1;
        let (n, refs) = (entry.1, entry.2);
        let id = if refs == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{refs}")
        };
        format!("<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>")
    }

    fn open_definition(&mut self, label: &str) -> String {
        let n = self.entry(label).1;
        self.open = Some(n);
        format!("<div class=\"footnote\" id=\"fn-{n}\"><span class=\"footnote-label\">{n}</span>\n")
    }

    fn close_definition(&mut self) -> String {
        let Some(n) = self.open.take() else {
            return "</div>\n".to_owned();
        };
        let referenced = self.seen.iter().any(|&(_, m, refs)| m == n && refs > 0);
        if referenced {
            format!(
                "<a class=\"footnote-back\" href=\"#fnref-{n}\" aria-label=\"Back to the text of note {n}\">↩</a></div>\n"
            )
        } else {
            "</div>\n".to_owned()
        }
    }
}

/// The id a heading asks for before it is made unique: its own `{#id}`, else the
/// slug of its text.
fn heading_base(given: Option<&str>, text: &str) -> String {
    match given {
        Some(given) => given.to_owned(),
        None => match slugify(text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        },
    }
}

/// What the links of a body point at and where, for `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Link and image destinations as written, with the byte offset in the body
    /// of the link's start.
    pub links: Vec<(String, usize)>,
}

/// The links of a body, parsed as [`render_with`] parses it.
pub fn outline(src: &str, config: &MarkdownConfig) -> Outline {
    let mut out = Outline::default();
    for (event, range) in Parser::new_ext(src, options(config)).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            out.links.push((dest_url.to_string(), range.start));
        }
    }
    out
}

/// The heading ids given so far in one body. A repeated base id gets the next free
/// numeric suffix (`x`, `x-1`, `x-2`); remembering the next suffix per base keeps a
/// body with thousands of equal headings linear rather than cubic.
#[derive(Default)]
struct HeadingIds {
    used: ahash::AHashSet<String>,
    next_suffix: ahash::AHashMap<String, usize>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// The open-element depth after an inline HTML tag: `<x>` opens, `</x>` closes,
/// comments, declarations, self-closing and void elements leave it unchanged.
fn inline_tag_depth(tag: &str, depth: usize) -> usize {
    let t = tag.trim();
    if t.starts_with("</") {
        return depth.saturating_sub(1);
    }
    if !t.starts_with('<') || t.starts_with("<!") || t.starts_with("<?") || t.ends_with("/>") {
        return depth;
    }
    let name: String = t[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    if name.is_empty() || VOID.contains(&name.as_str()) {
        depth
    } else {
        depth + 1
    }
}

/// ammonia's defaults (no scripts, event handlers, frames, forms, `<style>`, `<base>`,
/// `<meta>`, SVG or MathML; only listed URL schemes) plus the attributes Markdown's own
/// output needs. `style` is kept on table cells only as the alignment pulldown-cmark
/// writes (`text-align: left|center|right`): any other style could overlay the page
/// or load third-party resources through `url()`.
/// What a table is wrapped in (see `style.css`'s `.table-scroll`).
const TABLE_OPEN: &str = "<div class=\"table-scroll\" tabindex=\"0\">";

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // The box a table scrolls in is focusable (`TABLE_OPEN`).
    b.add_tag_attributes("div", ["tabindex"]);
    b.add_generic_attributes(["id", "class", "aria-label", "aria-hidden"]);
    b.add_tag_attributes("th", ["style"]);
    b.add_tag_attributes("td", ["style"]);
    b.attribute_filter(|_element, attribute, value| match attribute {
        "style" => is_cell_alignment(value).then_some(value.into()),
        // ammonia checks the schemes of links and sources but not of `cite`.
        "cite" => (safe_dest(CowStr::Borrowed(value), RawHtml::Sanitize).as_ref() == value)
            .then_some(value.into()),
        _ => Some(value.into()),
    });
    b
});

/// Whether a `style` value is exactly a table cell alignment.
fn is_cell_alignment(style: &str) -> bool {
    let value = style.trim().trim_end_matches(';');
    let Some((property, align)) = value.split_once(':') else {
        return false;
    };
    property.trim() == "text-align" && matches!(align.trim(), "left" | "center" | "right")
}

/// Neutralises link destinations with a scheme other than the safe ones.
fn safe_dest(dest: CowStr<'_>, mode: RawHtml) -> CowStr<'_> {
    if mode == RawHtml::Allow {
        return dest;
    }
    let d = dest.trim_start();
    let scheme_end = d.find(':');
    let first_other = d.find(['/', '?', '#']);
    let has_scheme = match (scheme_end, first_other) {
        (Some(c), Some(o)) => c < o,
        (Some(_), None) => true,
        _ => false,
    };
    if !has_scheme {
        return dest;
    }
    let scheme = d[..scheme_end.unwrap_or(0)].to_ascii_lowercase();
    if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
        dest
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str) -> String {
        render(src, &MarkdownConfig::default()).html
    }

    #[test]
    fn footnotes_are_numbered_with_back_links_and_valid_ids() {
        let h = md(
            "One[^a b] two[^z] again[^a b].\n\n[^z]: Zed.\n[^a b]: Note with a space.\n[^unused]: Never cited.\n",
        );
        // Numbered in order of first reference, whatever the labels.
        assert!(h.contains("<a href=\"#fn-1\" id=\"fnref-1\">1</a>"), "{h}");
        assert!(h.contains("<a href=\"#fn-2\" id=\"fnref-2\">2</a>"), "{h}");
        assert!(
            h.contains("<a href=\"#fn-1\" id=\"fnref-1-2\">1</a>"),
            "{h}"
        );
        assert!(h.contains("<div class=\"footnote\" id=\"fn-1\">"), "{h}");
        assert!(h.contains("href=\"#fnref-2\""), "{h}");
        assert!(h.contains("href=\"#fnref-1\""), "{h}");
        // A note nobody cites has nowhere to go back to.
        assert!(h.contains("<div class=\"footnote\" id=\"fn-3\">"), "{h}");
        assert!(!h.contains("#fnref-3"), "{h}");
        assert!(!h.contains("a b"), "labels never reach the output: {h}");
    }

    #[test]
    fn extensions_are_on() {
        let h = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"[^1]\n\n[^1]: note\n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<del>gone</del>"), "{h}");
        assert!(h.contains("\u{201c}quoted\u{201d}"), "{h}");
        assert!(h.contains("footnote"), "{h}");
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let h =
            md("## Officials Downplay Trip\n\n## Officials Downplay Trip\n\n### Custom {#mine}\n");
        assert!(h.contains("<h2 id=\"officials-downplay-trip\">"), "{h}");
        assert!(h.contains("<h2 id=\"officials-downplay-trip-1\">"), "{h}");
        assert!(h.contains("<h3 id=\"mine\">"), "{h}");
        assert!(h.contains("href=\"#mine\""), "{h}");
    }

    #[test]
    fn raw_html_is_sanitized_by_default() {
        let h = md(
            "Hi <script>alert(1)</script> <b onclick=\"x()\">b</b>\n\n<iframe src=x></iframe>\n",
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(h.contains("<b>b</b>"), "{h}");
    }

    #[test]
    fn many_equal_headings_get_distinct_ids() {
        // Thousands of equal headings once took seconds (the suffix search rescanned
        // every id given so far); each must still get its own id.
        let src = "## Same\n\n".repeat(4000);
        let h = md(&src);
        assert!(h.contains("id=\"same\""));
        assert!(h.contains("id=\"same-1\""));
        assert!(h.contains("id=\"same-3999\""));
        assert!(!h.contains("id=\"same-4000\""));
        // An id already taken by an explicit heading id is skipped, not repeated.
        let h = md("## A {#a-1}\n\n## A\n\n## A\n\n## A\n");
        for id in ["a-1", "a", "a-2", "a-3"] {
            assert_eq!(h.matches(&format!("id=\"{id}\"")).count(), 1, "{id}: {h}");
        }
    }

    #[test]
    fn a_table_scrolls_in_a_focusable_box_of_its_own() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        let boxed = |h: &str| {
            h.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>")
                && h.contains("</table>\n</div>")
        };
        let h = md(table);
        assert!(boxed(&h), "{h}");
        // Raw HTML is sanitised, and the box keeps what it needs.
        let h = md(&format!("<b>raw</b>\n\n{table}"));
        assert!(boxed(&h), "{h}");
        // A writer's own tabindex stays on a `div` only.
        let h = md("<p tabindex=\"3\">x</p>\n");
        assert!(!h.contains("tabindex"), "{h}");
    }

    #[test]
    fn styles_are_removed_except_cell_alignment() {
        let h = md(
            "<table><tr><td style=\"position:fixed;inset:0\">x</td><td style=\"text-align: right\">y</td></tr></table>\n\n<div style=\"background:url(https://evil.example/t)\">z</div>\n",
        );
        assert!(!h.contains("position"), "{h}");
        assert!(!h.contains("url("), "{h}");
        assert!(h.contains("<td style=\"text-align: right\">y</td>"), "{h}");
        // A Markdown table's own alignment survives sanitising.
        let h = md("<b>raw</b>\n\n| a |\n|--:|\n| 1 |\n");
        assert!(h.contains("style=\"text-align: right\""), "{h}");
    }

    /// The tags and attributes of sanitised output. ammonia serialises well-formed
    /// HTML (text `<` escaped, attribute values double-quoted), so a small lexer
    /// reads it exactly.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            if rest.starts_with('/') || rest.starts_with('!') {
                continue;
            }
            let end = rest.find('>').expect("a tag is closed");
            let inside = &rest[..end];
            let name_end = inside
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(inside.len());
            let name = inside[..name_end].to_ascii_lowercase();
            let mut attrs = Vec::new();
            let mut a = &inside[name_end..];
            loop {
                a = a.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                if a.is_empty() {
                    break;
                }
                let key_end = a
                    .find(|c: char| c == '=' || c.is_whitespace())
                    .unwrap_or(a.len());
                let key = a[..key_end].to_ascii_lowercase();
                a = &a[key_end..];
                let mut value = String::new();
                if let Some(v) = a.strip_prefix("=\"") {
                    let close = v.find('"').expect("attribute values are quoted");
                    value = v[..close].to_owned();
                    a = &v[close + 1..];
                }
                attrs.push((key, value));
            }
            out.push((name, attrs));
            rest = &rest[end..];
        }
        out
    }

    /// What a browser would see in a URL attribute: entities decoded (ammonia
    /// writes `&amp;` for `&`), whitespace and control characters dropped, lowercase.
    fn url_as_seen(value: &str) -> String {
        value
            .replace("&amp;", "&")
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase()
    }

    #[test]
    fn sanitiser_stops_published_xss_and_css_injection_vectors() {
        const ALLOWED_TAGS: &[&str] = &[
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "code",
            "del",
            "details",
            "div",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "li",
            "ol",
            "p",
            "pre",
            "q",
            "s",
            "span",
            "strong",
            "sub",
            "sup",
            "summary",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
            "section",
            "map",
            "area",
            "time",
            "mark",
            "small",
            "u",
            "tt",
            "strike",
            "center",
            "dl",
            "dt",
            "dd",
            "ins",
            "kbd",
            "samp",
            "var",
            "cite",
            "dfn",
            "bdo",
            "bdi",
            "caption",
            "col",
            "colgroup",
            "figure",
            "figcaption",
            "footer",
            "header",
            "nav",
            "article",
            "aside",
            "data",
            "hgroup",
            "ruby",
            "rp",
            "rt",
            "rtc",
            "wbr",
            "acronym",
            "sup",
        ];
        const URL_ATTRS: &[&str] = &[
            "href",
            "src",
            "cite",
            "action",
            "formaction",
            "srcset",
            "data",
            "background",
            "dynsrc",
            "lowsrc",
            "xlink:href",
        ];
        let corpus = include_str!("../../tests/fixtures/xss-vectors.txt");
        let vectors: Vec<String> = corpus
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with(";;"))
            .map(|l| l.replace("\\n", "\n"))
            .collect();
        assert!(vectors.len() > 100, "the corpus was read");
        for vector in &vectors {
            for src in [vector.clone(), format!("Text before {vector} text after.")] {
                let html = md(&src);
                for (tag, attrs) in tags(&html) {
                    assert!(
                        ALLOWED_TAGS.contains(&tag.as_str()),
                        "<{tag}> survived in {html:?} from {src:?}"
                    );
                    for (key, value) in &attrs {
                        assert!(
                            !key.starts_with("on"),
                            "{key} survived in {html:?} from {src:?}"
                        );
                        assert!(
                            !matches!(
                                key.as_str(),
                                "srcdoc"
                                    | "formaction"
                                    | "action"
                                    | "http-equiv"
                                    | "ping"
                                    | "srcset"
                                    | "xlink:href"
                                    | "dynsrc"
                                    | "lowsrc"
                                    | "background"
                            ),
                            "{key} survived in {html:?} from {src:?}"
                        );
                        if key == "style" {
                            assert!(
                                is_cell_alignment(value) && matches!(tag.as_str(), "td" | "th"),
                                "style {value:?} survived in {html:?} from {src:?}"
                            );
                        }
                        if URL_ATTRS.contains(&key.as_str()) {
                            let seen = url_as_seen(value);
                            for scheme in
                                ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
                            {
                                assert!(
                                    !seen.starts_with(scheme)
                                        && !seen.contains(&format!("&{scheme}")),
                                    "{key}={value:?} survived in {html:?} from {src:?}"
                                );
                            }
                            assert!(
                                !seen.starts_with("&#") && !seen.contains("colon;"),
                                "an encoded scheme survived in {key}={value:?}: {html:?} from {src:?}"
                            );
                        }
                    }
                }
                // Text `<` is always escaped, so any of these raw would be markup.
                let lower = html.to_ascii_lowercase();
                for construct in [
                    "<script", "<style", "<iframe", "<svg", "<math", "<base", "<meta", "<form",
                    "<object", "<embed", "<link",
                ] {
                    assert!(
                        !lower.contains(construct),
                        "{construct} survived in {html:?} from {src:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn raw_html_modes() {
        let escape = MarkdownConfig {
            raw_html: RawHtml::Escape,
            ..MarkdownConfig::default()
        };
        assert!(render("a <b>x</b>", &escape).html.contains("&lt;b&gt;"));
        let allow = MarkdownConfig {
            raw_html: RawHtml::Allow,
            ..MarkdownConfig::default()
        };
        assert!(
            render("<script>x</script>", &allow)
                .html
                .contains("<script>")
        );
    }

    #[test]
    fn dangerous_link_schemes_are_neutralised() {
        let h = md(
            "[a](javascript:alert(1)) [b](https://x.org/) [c](../other/) ![i](data:text/html,x)",
        );
        assert!(!h.contains("javascript:"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("href=\"https://x.org/\""));
        assert!(h.contains("href=\"../other/\""));
    }

    #[test]
    fn outline_finds_links_and_images_with_their_offsets() {
        let src = "# Top\n\nSee [x](#top) and ![i](/img/a.png).\n";
        let o = outline(src, &MarkdownConfig::default());
        let dests: Vec<&str> = o.links.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dests, ["#top", "/img/a.png"]);
        assert_eq!(&src[o.links[0].1..o.links[0].1 + 4], "[x](");
    }

    #[test]
    fn destinations_pass_through_the_hook() {
        struct Root;
        impl Destinations for Root {
            fn rewrite<'a>(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
                match dest.strip_prefix('/') {
                    Some(rest) => format!("../../{rest}").into(),
                    None => dest,
                }
            }
        }
        let h = render_with(
            "[a](/briefs/x/) ![m](/img/m.png) [b](https://x.org/)",
            &MarkdownConfig::default(),
            &mut NoLinks,
            &mut Root,
        )
        .html;
        assert!(h.contains("href=\"../../briefs/x/\""), "{h}");
        assert!(h.contains("src=\"../../img/m.png\""), "{h}");
        assert!(h.contains("href=\"https://x.org/\""), "{h}");
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render(
            "## Head\n\nThe *first* `para`\nline.\n\nSecond.",
            &MarkdownConfig::default(),
        );
        assert_eq!(r.first_paragraph, "The first para line.");
    }
}
