//! The mention review (`dossier check --mentions`): per brief, every linked mention
//! with the rule that linked it, every name-like match left unlinked and why, and
//! near-misses of registry names ("Zelenskiy" for "Zelenskyy") with the alias that
//! would link them, so a writer can tune the registry in a minute.
//!
//! It renders each body once more with a reviewing linker; nothing here runs in a
//! build.

use std::fmt::Write as _;
use std::path::Path;

use ahash::AHashMap as HashMap;
use rayon::prelude::*;

use super::linker::{MentionLinker, MentionPaths, Reviewed};
use super::matcher::MentionMatcher;
use super::{Rule, Skip, Target};
use crate::config::MentionMode;
use crate::site::{PersonId, Site};
use crate::text::words;

/// A word of the body that is nearly, but not quite, a registry name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NearMiss {
    /// As written in the brief.
    pub(crate) written: String,
    /// The registry word it resembles.
    pub(crate) registry: String,
    /// The person whose name holds that word.
    pub(crate) person: PersonId,
}

/// The review of one brief.
#[derive(Debug, Clone)]
pub(crate) struct BriefReview {
    pub(crate) items: Vec<Reviewed>,
    pub(crate) near_misses: Vec<NearMiss>,
}

/// Reviews every brief of `site`, in brief order.
pub(crate) fn review(site: &Site) -> Vec<BriefReview> {
    let matcher = MentionMatcher::from_site(site);
    let paths = MentionPaths::from_site(site);
    let words = RegistryWords::new(site);
    site.briefs
        .par_iter()
        .map(|brief| {
            let items = MentionLinker::new(&matcher, &paths, MentionMode::All, "")
                .listing(&brief.people, &brief.topics)
                .review(&brief.body, &site.config.markdown);
            BriefReview {
                items,
                near_misses: words.near_misses(&brief.body),
            }
        })
        .collect()
}

/// Loads and resolves the site in `site_dir` and writes the review as text.
pub fn check(site_dir: &Path, options: crate::BuildOptions) -> crate::Result<String> {
    let compiled = crate::compile(site_dir, None, options)?;
    crate::error::eprint_all(&compiled.site.warnings);
    Ok(report(&compiled.site))
}

/// The review as text, one section per brief with anything to show.
pub(crate) fn report(site: &Site) -> String {
    let reviews = review(site);
    let mut out = String::new();
    let (mut linked, mut skipped, mut near) = (0usize, 0usize, 0usize);
    for (brief, r) in site.briefs.iter().zip(&reviews) {
        if r.items.is_empty() && r.near_misses.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}", brief.path.display());
        for item in &r.items {
            match item {
                Reviewed::Linked { span, target, rule } => {
                    linked += 1;
                    let _ = writeln!(
                        out,
                        "  linked   \"{}\" -> {} ({})",
                        one_line(span),
                        name_of(site, *target),
                        describe_rule(*rule)
                    );
                }
                Reviewed::Skipped { span, why } => {
                    skipped += 1;
                    let _ = writeln!(
                        out,
                        "  skipped  \"{}\": {}",
                        one_line(span),
                        describe_skip(*why)
                    );
                }
            }
        }
        for m in &r.near_misses {
            near += 1;
            let person = site.person(m.person);
            let _ = writeln!(
                out,
                "  near     \"{}\" is not the registry's \"{}\" ({}): add \"{}\" to the aliases \
                 in {} if it is them",
                m.written,
                m.registry,
                person.name,
                m.written,
                person
                    .path
                    .as_deref()
                    .map_or_else(String::new, |p| p.display().to_string()),
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{linked} linked, {skipped} left unlinked, {near} near-misses in {} briefs",
        site.briefs.len()
    );
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_of(site: &Site, target: Target) -> &str {
    match target {
        Target::Person(p) => &site.person(p).name,
        Target::Topic(t) => &site.topic(t).name,
    }
}

fn describe_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::Name => "the registry name",
        Rule::Alias => "an alias",
        Rule::RunOn => "a registered form running on into the full name",
        Rule::Initials => "the registry name written with middle initials",
        Rule::Context => "a single word opening a sentence, a person by what follows it",
        Rule::ShortForm => "a shared short form, given to the full name last used in the brief",
        Rule::Evidence => {
            "a single word opening a sentence or after an article, named or listed in the brief"
        }
    }
}

fn describe_skip(why: Skip) -> &'static str {
    match why {
        Skip::Excluded => "inside a phrase a registry file excludes",
        Skip::LongerName => "part of a longer capitalised name",
        Skip::Shadowed => "the last full name with this word in the brief is someone else's",
        Skip::Ambiguous => {
            "shared by several registry entries and none is named before it in the brief"
        }
        Skip::NoEvidence => {
            "a single word opening a sentence or after an article, and the brief neither names \
             nor lists the person"
        }
        Skip::Place => "after a preposition of place",
        Skip::Date => "a month in a date",
        Skip::Relative => {
            "\"the younger\" or \"the elder\" of a family: the brief says it is another \
             relative, or does not say which one this person is"
        }
        Skip::Unlisted => {
            "a topic's lower-case alias in a brief that neither lists nor names the topic, nor \
             anyone a brief lists with it (list the topic in the brief's front matter if it is \
             meant)"
        }
    }
}

/// The words of registry people's names (four letters or more), indexed by first
/// letter and length so that each word of a body is compared with a handful of
/// candidates, not the whole registry.
struct RegistryWords {
    exact: ahash::AHashSet<String>,
    by_shape: HashMap<(char, usize), Vec<(String, PersonId)>>,
}

impl RegistryWords {
    fn new(site: &Site) -> RegistryWords {
        let mut exact = ahash::AHashSet::new();
        let mut by_shape: HashMap<(char, usize), Vec<(String, PersonId)>> = HashMap::new();
        for (i, p) in site.people.iter().enumerate() {
            if p.path.is_none() {
                continue;
            }
            for surface in std::iter::once(&p.name).chain(&p.aliases) {
                for w in surface.split_whitespace() {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    let n = w.chars().count();
                    let Some(first) = w.chars().next() else {
                        continue;
                    };
                    // Titles ("State", "Minister") are not names to misspell.
                    if words::is_title(w) || words::is_function_word(w) {
                        continue;
                    }
                    if n < 5 || !first.is_uppercase() || !exact.insert(w.to_owned()) {
                        continue;
                    }
                    by_shape
                        .entry((first, n))
                        .or_default()
                        .push((w.to_owned(), PersonId::new(i)));
                }
            }
        }
        RegistryWords { exact, by_shape }
    }

    /// Capitalised words of `body` within a small edit distance of a registry word
    /// that they are not, once each.
    fn near_misses(&self, body: &str) -> Vec<NearMiss> {
        let mut out: Vec<NearMiss> = Vec::new();
        for w in body.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let w = w.trim_matches('-');
            let n = w.chars().count();
            let Some(first) = w.chars().next() else {
                continue;
            };
            if n < 6 || !first.is_uppercase() || self.exact.contains(w) {
                continue;
            }
            if out.iter().any(|m| m.written == w) {
                continue;
            }
            let allowed = if n < 8 { 1 } else { 2 };
            // A plural or possessive of a registry word is a different word
            // ("States" is not "State").
            let hit = (n.saturating_sub(allowed)..=n + allowed)
                .filter_map(|len| self.by_shape.get(&(first, len)))
                .flatten()
                .find(|(r, _)| {
                    w.strip_suffix('s') != Some(r.as_str()) && edit_distance(w, r) <= allowed
                });
            if let Some((r, p)) = hit {
                out.push(NearMiss {
                    written: w.to_owned(),
                    registry: r.clone(),
                    person: *p,
                });
            }
        }
        out
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::test_support::sample_site;
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("Zelenskiy", "Zelenskyy"), 1);
        assert_eq!(edit_distance("Zelensky", "Zelenskyy"), 1);
        assert_eq!(edit_distance("Blinken", "Blinken"), 0);
        assert_eq!(edit_distance("Yellen", "Allen"), 2);
    }

    #[test]
    fn the_report_lists_rules_skips_and_near_misses() {
        use crate::site::index::test_support::{person, site};
        let base = sample_site();
        let mut people = (*base.people).clone();
        people.push(person("Volodymyr Zelenskyy", &["Zelenskyy"]));
        let mut s = site(people, base.topics.clone(), &[("2023-06-01", &[], &[])]);
        std::sync::Arc::make_mut(&mut s.briefs[0]).body = crate::content::SharedText::whole(
            "Antony Blinken met Zelenskiy in Kyiv. Later Blinken said the Secretary \
             would return; his aide Tom Blinken did not.\n",
        );
        let text = report(&s);
        assert!(
            text.contains("linked   \"Antony Blinken\" -> Antony Blinken (the registry name)"),
            "{text}"
        );
        assert!(
            text.contains("linked   \"Blinken\" -> Antony Blinken (an alias)"),
            "{text}"
        );
        assert!(
            text.contains("\"Secretary\" -> Antony Blinken (a shared short form"),
            "{text}"
        );
        assert!(
            text.contains("skipped  \"Tom Blinken\": part of a longer capitalised name"),
            "{text}"
        );
        assert!(
            text.contains("near     \"Zelenskiy\" is not the registry's \"Zelenskyy\""),
            "{text}"
        );
        assert!(
            text.contains("3 linked, 1 left unlinked, 1 near-misses in 1 briefs"),
            "{text}"
        );
    }
}
