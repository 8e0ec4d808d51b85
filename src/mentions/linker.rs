//! The linker: the [`TextLinker`] that writes `<a class="mention">` links into a
//! brief body as it is rendered, and records which entries the brief mentions and
//! the sentence it first mentions each in.

use ahash::AHashMap;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::hash::{Hash as _, Hasher as _};

use super::fold::Folded;
use super::matcher::{MentionMatcher, Reading};
use super::{Mention, Mentioned, Rule, Skip, Target};
use crate::config::{MarkdownConfig, MentionMode};
use crate::html::{escape, escape_into};
use crate::render::markdown::{self, TextLinker};
use crate::site::{PersonId, Site, TopicId};
use crate::text::sentence::{MentionContext, context_around};
use crate::urls as paths;

/// Site-relative page paths of every target, computed once per site.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MentionPaths {
    people: Vec<String>,
    topics: Vec<String>,
}

impl MentionPaths {
    /// The paths of every registry person and topic page of `site`. Entries
    /// known by name only have none: no pattern names them (see
    /// `MentionMatcher::from_site`), and their ids follow the order in which
    /// briefs first list them, which a new brief can change, so a path held
    /// for them would make the names differ, and every body render again, when
    /// nothing a body shows did.
    pub(crate) fn from_site(site: &Site) -> MentionPaths {
        MentionPaths {
            people: (0..site.people.len())
                .map(|i| {
                    let id = PersonId::new(i);
                    match site.person(id).path {
                        Some(_) => paths::person(site, id),
                        None => String::new(),
                    }
                })
                .collect(),
            topics: (0..site.topics.len())
                .map(|i| {
                    let id = TopicId::new(i);
                    match site.topic(id).path {
                        Some(_) => paths::topic(site, id),
                        None => String::new(),
                    }
                })
                .collect(),
        }
    }

    /// The path of a target's page, if it has one.
    pub(crate) fn get(&self, target: Target) -> Option<&str> {
        match target {
            Target::Person(p) => self.people.get(p.index()),
            Target::Topic(t) => self.topics.get(t.index()),
        }
        .map(String::as_str)
        .filter(|path| !path.is_empty())
    }
}

/// A body's HTML, held as the template value its page shows (marked safe, not
/// escaped again): the page view, feeds and search index all read this one
/// allocation, where a `String` would be copied into every brief page view (at
/// 100,000 briefs, half a gigabyte held twice).
///
/// A large archive's one-off build holds it compressed instead ([`BodyHtml::pack`]):
/// every body is rendered before any page, and at 100,000 briefs the bodies as
/// they are would be over half of the build's memory. Each reader then gets it
/// back whole for as long as it needs it.
#[derive(Clone)]
pub struct BodyHtml(Held);

#[derive(Clone)]
enum Held {
    Value(tera::Value),
    /// LZ4, with the length of the HTML in front.
    Packed(std::sync::Arc<[u8]>),
}

impl BodyHtml {
    /// `html`, copied once.
    pub fn new(html: &str) -> BodyHtml {
        BodyHtml(Held::Value(tera::Value::safe_string(html)))
    }

    /// The HTML: borrowed, or unpacked when held packed.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match &self.0 {
            // Made from a string, so it is one.
            Held::Value(v) => std::borrow::Cow::Borrowed(v.as_str().unwrap_or_default()),
            Held::Packed(bytes) => std::borrow::Cow::Owned(unpack(bytes)),
        }
    }

    /// The template value, sharing the HTML unless it is held packed.
    pub fn value(&self) -> tera::Value {
        match &self.0 {
            Held::Value(v) => v.clone(),
            Held::Packed(bytes) => tera::Value::safe_string(&unpack(bytes)),
        }
    }

    /// Holds the HTML compressed (about half its size for a brief's prose): for
    /// builds that keep every body until the pages are written, at the cost of
    /// unpacking it for each reader.
    pub fn pack(&mut self) {
        if let Held::Value(v) = &self.0 {
            let packed =
                lz4_flex::block::compress_prepend_size(v.as_str().unwrap_or_default().as_bytes());
            self.0 = Held::Packed(packed.into());
        }
    }

    /// Whether the HTML is held compressed.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Held::Packed(_))
    }
}

/// The HTML `pack` compressed. It was a `str`, so its bytes are UTF-8 and the
/// block decodes; should memory have been corrupted, the page shows what is left
/// rather than the build stopping.
fn unpack(bytes: &[u8]) -> String {
    let raw = lz4_flex::block::decompress_size_prepended(bytes).unwrap_or_default();
    String::from_utf8(raw).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl Default for BodyHtml {
    fn default() -> BodyHtml {
        BodyHtml::new("")
    }
}

impl PartialEq for BodyHtml {
    fn eq(&self, other: &BodyHtml) -> bool {
        self.text() == other.text()
    }
}

impl Eq for BodyHtml {}

impl std::fmt::Display for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

/// A brief body rendered: the HTML with mentions linked, the first paragraph for
/// summaries, and what the body mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: BodyHtml,
    /// Plain text of the first paragraph, for summaries.
    pub first_paragraph: String,
    /// People and topics named in the text, in order of first appearance.
    pub mentions: Vec<Mentioned>,
    /// A hash of all of the above: pages holding parts of a body are fingerprinted
    /// by it rather than by hashing the text again.
    pub print: u64,
    /// The briefs the body links to and the slug each had when it was rendered
    /// (see [`crate::render::links`]): a kept body is valid while they hold.
    pub links: crate::render::links::LinkDeps,
    /// The topics whose lower-case aliases in the body were decided by the people
    /// listed with them across the site: a kept body is valid while those pairs
    /// hold.
    pub consulted: Vec<crate::site::TopicId>,
}

impl Rendered {
    /// Holds the HTML packed (`BodyHtml::pack`) and gives back what the other
    /// parts were allocated beyond their length: for a large site, which holds
    /// every body until its pages are written.
    pub fn pack(&mut self) {
        self.html.pack();
        self.first_paragraph.shrink_to_fit();
        self.mentions.shrink_to_fit();
        self.consulted.shrink_to_fit();
        self.links.shrink_to_fit();
    }
}

/// Links mentions in one brief: [`render`](MentionLinker::render) passes the body's
/// text through it and returns the HTML with what was found.
///
/// It reads the events already emitted (the `out` of [`TextLinker::link`]) to know
/// where it is: text inside code blocks and image descriptions is never linked,
/// and a sentence is followed across soft breaks, emphasis and links up to the end
/// of its paragraph, list item or table cell.
pub(crate) struct MentionLinker<'m> {
    matcher: &'m MentionMatcher,
    paths: &'m MentionPaths,
    mode: MentionMode,
    /// `root`, escaped for an attribute value.
    root: String,
    found: Vec<Mentioned>,
    linked: Vec<bool>,
    /// Index in `found` of each person and topic met so far. A brief names few
    /// of them, so a small map keeps the cost per brief independent of the size
    /// of the registry.
    slots: AHashMap<Target, usize>,
    /// Buffers reused from one text run to the next.
    folded: Folded,
    mentions: Vec<Mention>,
    /// Events of `out` already looked at.
    scanned: usize,
    code_depth: u32,
    image_depth: u32,
    /// Plain text of the current block so far.
    block: String,
    /// First mentions in the current block whose context is not yet taken:
    /// `(index in found, start, end)` in `block`.
    pending: Vec<(usize, usize, usize)>,
    /// What the brief has established so far (who short forms mean).
    reading: Reading,
    /// Every match with its outcome, when reviewing.
    review: Option<Vec<Reviewed>>,
}

/// One match of a brief body as a review lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reviewed {
    /// Linked to `target` by `rule`.
    Linked {
        span: String,
        target: Target,
        rule: Rule,
    },
    /// Left unlinked.
    Skipped { span: String, why: Skip },
}

impl<'m> MentionLinker<'m> {
    /// A linker for one brief page; `root` is the page's relative way back to the
    /// site root (`../../` for `briefs/<slug>/`).
    pub(crate) fn new(
        matcher: &'m MentionMatcher,
        paths: &'m MentionPaths,
        mode: MentionMode,
        root: impl Into<String>,
    ) -> MentionLinker<'m> {
        MentionLinker {
            matcher,
            paths,
            mode,
            root: escape(&root.into()),
            found: Vec::new(),
            linked: Vec::new(),
            slots: AHashMap::new(),
            folded: Folded::default(),
            mentions: Vec::new(),
            scanned: 0,
            code_depth: 0,
            image_depth: 0,
            block: String::new(),
            pending: Vec::new(),
            reading: Reading::default(),
            review: None,
        }
    }

    /// Takes the people and topics the brief's front matter lists as evidence:
    /// for single-word names in weak positions ("Rice said" at the start of a
    /// sentence) and for topics' lower-case aliases ("snap election").
    pub(crate) fn listing(
        mut self,
        people: &[crate::site::PersonId],
        topics: &[crate::site::TopicId],
    ) -> Self {
        self.matcher.listed(people, topics, &mut self.reading);
        self
    }

    /// Records every match and its outcome, for [`MentionLinker::review`].
    pub(crate) fn reviewing(mut self) -> Self {
        self.review = Some(Vec::new());
        self.reading.skipped = Some(Vec::new());
        self
    }

    /// Renders `src` and returns every match in order, linked or skipped.
    pub(crate) fn review(mut self, src: &str, config: &MarkdownConfig) -> Vec<Reviewed> {
        if self.review.is_none() {
            self = self.reviewing();
        }
        let _ = markdown::render_with(src, config, &mut self, &mut markdown::SameDestinations);
        self.review.take().unwrap_or_default()
    }

    /// Renders the Markdown body `src`, linking the mentions in its text.
    pub(crate) fn render(
        mut self,
        src: &str,
        config: &MarkdownConfig,
        dests: &mut dyn markdown::Destinations,
    ) -> Rendered {
        let mut html = markdown::render_with(src, config, &mut self, dests);
        let consulted = std::mem::take(&mut self.reading.consulted);
        let mentions = self.finish();
        let mut h = crate::hash::hasher();
        h.write(html.html.as_bytes());
        h.write_u8(0xff);
        h.write(html.first_paragraph.as_bytes());
        for m in &mentions {
            h.write_u8(0xff);
            m.hash(&mut h);
        }
        // Every body is held until its page is written: no spare capacity.
        html.first_paragraph.shrink_to_fit();
        Rendered {
            html: BodyHtml::new(&html.html),
            first_paragraph: html.first_paragraph,
            mentions,
            print: h.finish(),
            links: Vec::new(),
            consulted,
        }
    }

    /// Everything mentioned, in order of first appearance, linked or not.
    fn finish(mut self) -> Vec<Mentioned> {
        self.end_block();
        self.found
    }

    /// Follows the events emitted since the last call: block boundaries, code
    /// blocks, images, and the text of links and code spans for sentence context.
    fn observe(&mut self, out: &[Event<'_>]) {
        if out.len() < self.scanned {
            // Not the stream seen so far: start afresh.
            self.end_block();
            self.scanned = 0;
            self.code_depth = 0;
            self.image_depth = 0;
        }
        for event in &out[self.scanned..] {
            match event {
                Event::Start(tag) => match tag {
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. } => {}
                    Tag::Image { .. } => self.image_depth += 1,
                    Tag::CodeBlock(_) => {
                        self.code_depth += 1;
                        self.end_block();
                    }
                    _ => self.end_block(),
                },
                Event::End(tag) => match tag {
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link => {}
                    TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
                    TagEnd::CodeBlock => {
                        self.code_depth = self.code_depth.saturating_sub(1);
                        self.end_block();
                    }
                    _ => self.end_block(),
                },
                Event::Text(t) | Event::Code(t) if self.in_prose() => self.block.push_str(t),
                Event::SoftBreak | Event::HardBreak if self.in_prose() => self.block.push(' '),
                _ => {}
            }
        }
        self.scanned = out.len();
    }

    fn in_prose(&self) -> bool {
        self.code_depth == 0 && self.image_depth == 0
    }

    /// Takes the context of every pending first mention and starts a new block.
    fn end_block(&mut self) {
        for (i, start, end) in self.pending.drain(..) {
            if let Some(f) = self.found.get_mut(i) {
                f.context = context_around(&self.block, start, end);
            }
        }
        self.block.clear();
    }

    /// Counts a mention; returns its index in `found`.
    fn record(&mut self, target: Target, start: usize, end: usize) -> usize {
        let i = self.found.len();
        if let Some(&seen) = self.slots.get(&target) {
            self.found[seen].count += 1;
            return seen;
        }
        self.slots.insert(target, i);
        self.found.push(Mentioned {
            target,
            count: 1,
            context: MentionContext::default(),
        });
        self.linked.push(false);
        self.pending.push((i, start, end));
        i
    }
}

impl TextLinker for MentionLinker<'_> {
    fn link<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        self.observe(out);
        if !self.in_prose() {
            out.push(Event::Text(text));
            self.scanned = out.len();
            return;
        }
        let mut mentions = std::mem::take(&mut self.mentions);
        mentions.clear();
        self.matcher.find_into(
            &text,
            &self.block,
            &mut self.folded,
            &mut self.reading,
            &mut mentions,
        );
        if let Some(review) = self.review.as_mut() {
            let mut skipped = self
                .reading
                .skipped
                .as_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            let mut items: Vec<(usize, Reviewed)> = mentions
                .iter()
                .map(|m| {
                    (
                        m.start,
                        Reviewed::Linked {
                            span: text[m.start..m.end].to_owned(),
                            target: m.target,
                            rule: m.rule,
                        },
                    )
                })
                .chain(skipped.drain(..).map(|s| {
                    (
                        s.start,
                        Reviewed::Skipped {
                            span: shown_span(&text, &self.block, s.start, s.end, s.why),
                            why: s.why,
                        },
                    )
                }))
                .collect();
            items.sort_by_key(|(at, _)| *at);
            review.extend(items.into_iter().map(|(_, r)| r));
            if let Some(s) = self.reading.skipped.as_mut() {
                *s = skipped;
            }
        }
        let base = self.block.len();
        self.block.push_str(&text);
        if mentions.is_empty() {
            self.mentions = mentions;
            out.push(Event::Text(text));
            self.scanned = out.len();
            return;
        }
        let borrowed: Option<&'a str> = match &text {
            CowStr::Borrowed(s) => Some(s),
            _ => None,
        };
        let piece = |from: usize, to: usize| -> Event<'a> {
            match borrowed {
                Some(s) => Event::Text(CowStr::Borrowed(&s[from..to])),
                None => Event::Text(CowStr::from(text[from..to].to_owned())),
            }
        };
        let mut written = 0;
        for m in &mentions {
            let slot = self.record(m.target, base + m.start, base + m.end);
            let wanted = match self.mode {
                MentionMode::None => false,
                MentionMode::All => true,
                MentionMode::First => !self.linked[slot],
            };
            let Some(path) = wanted.then(|| self.paths.get(m.target)).flatten() else {
                continue;
            };
            if m.start > written {
                out.push(piece(written, m.start));
            }
            let name = &text[m.start..m.end];
            let mut html = String::with_capacity(
                32 + self.root.len() + path.len() + name.len() + name.len() / 4,
            );
            html.push_str("<a class=\"mention\" href=\"");
            html.push_str(&self.root);
            escape_into(path, &mut html);
            html.push_str("\">");
            escape_into(name, &mut html);
            html.push_str("</a>");
            out.push(Event::InlineHtml(CowStr::from(html)));
            self.linked[slot] = true;
            written = m.end;
        }
        if written < text.len() {
            out.push(piece(written, text.len()));
        }
        self.mentions = mentions;
        self.scanned = out.len();
    }
}

/// The text a review shows for a skipped match: with the word before or after
/// that made it part of a longer name ("Beau Biden", "Trump Tower").
fn shown_span(text: &str, earlier: &str, start: usize, end: usize, why: Skip) -> String {
    let span = text.get(start..end).unwrap_or_default();
    if why != Skip::LongerName {
        return span.to_owned();
    }
    let before = crate::text::words::before(text, start, earlier).word;
    let after = crate::text::words::after(text, end).word;
    match (before, after) {
        (Some(b), _) if crate::text::words::is_capitalised(b) => format!("{b} {span}"),
        (_, Some(a)) => format!("{span} {a}"),
        _ => span.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{p, sample_site, t};
    use super::*;

    fn matcher(names: &[(&str, Target)]) -> MentionMatcher {
        let surfaces = names
            .iter()
            .map(|&(text, target)| super::super::matcher::Surface {
                text,
                target,
                mode: crate::content::person::MatchMode::Default,
                is_name: false,
            });
        MentionMatcher::new(surfaces, std::iter::empty(), 10)
    }

    struct Page {
        html: String,
        found: Vec<Mentioned>,
    }

    fn render(site: &Site, mode: MentionMode, body: &str) -> Page {
        let matcher = MentionMatcher::from_site(site);
        let paths = MentionPaths::from_site(site);
        let linker = MentionLinker::new(&matcher, &paths, mode, "../../");
        let rendered = linker.render(
            body,
            &MarkdownConfig::default(),
            &mut markdown::SameDestinations,
        );
        Page {
            html: rendered.html.to_string(),
            found: rendered.mentions,
        }
    }

    #[test]
    fn first_mode_links_each_target_once_and_records_all() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Today Blinken met Qin. Later Antony Blinken left.\n\nBlinken again; Diplomacy.\n",
        );
        assert_eq!(
            page.html.matches("class=\"mention\"").count(),
            3,
            "{}",
            page.html
        );
        assert!(
            page.html.contains(
                "Today <a class=\"mention\" href=\"../../people/antony-blinken/\">Blinken</a> met"
            ),
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("href=\"../../people/qin-gang/\">Qin</a>")
        );
        assert!(page.html.contains("Later Antony Blinken left."));
        assert!(
            page.html
                .contains("href=\"../../topics/diplomacy/\">Diplomacy</a>")
        );
        let got: Vec<(Target, u32)> = page.found.iter().map(|f| (f.target, f.count)).collect();
        assert_eq!(got, vec![(p(0), 3), (p(2), 1), (t(0), 1)]);
    }

    #[test]
    fn all_mode_links_every_mention_and_none_mode_links_nothing() {
        let s = sample_site();
        let body = "Today Blinken met Qin. Later Antony Blinken left.\n";
        let all = render(&s, MentionMode::All, body);
        assert_eq!(
            all.html.matches("class=\"mention\"").count(),
            3,
            "{}",
            all.html
        );
        let none = render(&s, MentionMode::None, body);
        assert_eq!(
            none.html,
            "<p>Today Blinken met Qin. Later Antony Blinken left.</p>\n"
        );
        assert_eq!(none.found.len(), 2);
        assert_eq!(none.found[0].count, 2);
    }

    #[test]
    fn mode_reads_from_yaml_in_lowercase_and_defaults_to_first() {
        #[derive(serde::Deserialize)]
        struct C {
            #[serde(default)]
            mentions: MentionMode,
        }
        let c: C = serde_yaml::from_str("mentions: all").expect("valid");
        assert_eq!(c.mentions, MentionMode::All);
        let c: C = serde_yaml::from_str("mentions: none").expect("valid");
        assert_eq!(c.mentions, MentionMode::None);
        let c: C = serde_yaml::from_str("{}").expect("valid");
        assert_eq!(c.mentions, MentionMode::First);
        assert!(serde_yaml::from_str::<C>("mentions: some").is_err());
    }

    #[test]
    fn link_text_and_surroundings_are_escaped() {
        let m = matcher(&[("Procter & Gamble", t(0)), ("Blinken", p(0))]);
        let paths = MentionPaths {
            people: vec!["people/a\"b/".into()],
            topics: vec!["topics/p-g/".into()],
        };
        let mut linker = MentionLinker::new(&m, &paths, MentionMode::All, "../../");
        let mut out = Vec::new();
        linker.link(
            CowStr::Borrowed("1 < 2 & Procter & Gamble <b>Blinken</b>"),
            &mut out,
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        assert_eq!(
            html,
            "1 &lt; 2 &amp; <a class=\"mention\" href=\"../../topics/p-g/\">Procter &amp; Gamble</a> \
             &lt;b&gt;<a class=\"mention\" href=\"../../people/a&quot;b/\">Blinken</a>&lt;/b&gt;"
        );
        // Through Markdown, with `<` written as text.
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Blinken said 1 < 2 & that's \\<Qin\\>.",
        );
        assert!(
            page.html.contains("said 1 &lt; 2 &amp; that"),
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("&lt;<a class=\"mention\" href=\"../../people/qin-gang/\">Qin</a>&gt;")
        );
    }

    #[test]
    fn code_links_images_and_headings_are_left_alone() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::All,
            "## Blinken in Beijing\n\n```\nBlinken()\n```\n\n`Blinken` and [Qin](https://x.org/) \
             and ![Blinken portrait](b.png) but Qin.\n",
        );
        assert_eq!(
            page.html.matches("class=\"mention\"").count(),
            1,
            "{}",
            page.html
        );
        assert!(
            page.html
                .contains("but <a class=\"mention\" href=\"../../people/qin-gang/\">Qin</a>.")
        );
        assert!(
            page.html.contains("alt=\"Blinken portrait\""),
            "{}",
            page.html
        );
        assert!(
            page.html.contains("<code>Blinken()\n</code>"),
            "{}",
            page.html
        );
        assert_eq!(page.found.len(), 1);
    }

    #[test]
    fn context_is_the_sentence_of_the_first_mention() {
        let s = sample_site();
        let page = render(
            &s,
            MentionMode::First,
            "Talks resumed. On Monday, Mr. Blinken met *Chinese* officials\nin Beijing, \
             with [a source](https://x.org/) present. He left and Qin stayed.\n\n\
             - Ms. Yellen visited Beijing\n- Mr. Erdogan followed\n",
        );
        let ctx: Vec<(&str, &str, &str)> = page
            .found
            .iter()
            .map(|f| (f.context.before(), f.context.mention(), f.context.after()))
            .collect();
        assert_eq!(
            ctx,
            vec![
                (
                    "On Monday, ",
                    "Mr. Blinken",
                    " met Chinese officials in Beijing, with a source present."
                ),
                ("He left and ", "Qin", " stayed."),
                ("Ms. ", "Yellen", " visited Beijing"),
                ("Mr. ", "Erdogan", " followed"),
            ]
        );
    }
}
