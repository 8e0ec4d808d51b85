//! Raw documents to the resolved `Site`: names to ids, name-only people and topics
//! created, sources gathered, URLs checked for collisions and back links filled, all
//! in time linear in the number of names written.
//!
//! [`resolve`] runs the steps in order: [`Entries::register`] (registry files claim
//! their slugs, names and aliases), [`shared_name_warnings`], [`briefs_in_order`],
//! [`brief_slug_collisions`], linking each brief ([`super::linking`]: names to ids,
//! creating name-only entries and sources), [`name_only_collisions`], then, when nothing
//! failed, [`people_of`] and [`topics_of`] (the registry entries, then the
//! name-only ones) and [`back_links`]. Standalone pages and aliases are placed by
//! [`super::addresses`].

use ahash::AHashMap as HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    AuthorId, Brief, BriefId, Person, PersonId, Site, SourceId, Taxon, Taxonomy, Term, TermId,
    Topic, TopicId,
};
use crate::config::SiteConfig;
use crate::content::front_matter::key_position;
use crate::content::{BriefDoc, Documents};
use crate::error::Diagnostic;
use crate::slug::name_key;

use super::addresses::{path_collisions, standalone_pages};
use super::entries::{
    Entries, RegistryFile, authors_of, create_name_only, default_author, name_only_collisions,
    people_of, shared_name_warnings, topics_of,
};
use super::linking::{LinkedIds, Linking, Sources, assemble, link_ids};

/// Choices that change which documents are built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Include briefs marked `draft: true`.
    pub drafts: bool,
    /// Include briefs dated after the moment of the build (embargoed briefs), as
    /// `serve` and `build --future` do; `publish_future: true` in `site.yaml` too.
    pub future: bool,
}

/// The moment a build compares brief dates with, in seconds since the epoch: now,
/// unless `DOSSIER_NOW` (an RFC 3339 instant or a date) pins it, so that a test or
/// a reproducible build can say what "future" means.
pub(crate) fn build_moment() -> i64 {
    std::env::var("DOSSIER_NOW")
        .ok()
        .and_then(|v| crate::content::DateValue::parse(&v).ok())
        .map_or_else(|| jiff::Timestamp::now().as_second(), |d| d.sort_key())
}

/// Builds the site model from documents. Errors are every problem found; warnings
/// travel in `Site::warnings`.
pub(crate) fn resolve(
    config: SiteConfig,
    docs: &Documents,
    options: BuildOptions,
) -> Result<(Site, Linked), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut people = Entries::register(
        docs.people.iter().map(|d| RegistryFile::from(&**d)),
        "people",
        &mut errors,
    );
    let mut topics = Entries::register(
        docs.topics.iter().map(|d| RegistryFile::from(&**d)),
        "topics",
        &mut errors,
    );
    let mut authors = Entries::register(
        docs.authors.iter().map(|d| RegistryFile::from(&**d)),
        "authors",
        &mut errors,
    );
    let mut terms = [Entries::default(), Entries::default()];
    let mut warnings = shared_name_warnings(&people, "person");
    warnings.extend(shared_name_warnings(&topics, "topic"));
    warnings.extend(shared_name_warnings(&authors, "author"));
    let default_author = default_author(&config, &mut authors, &mut errors);

    let now = build_moment();
    let publish_future = options.future || config.publish_future;
    let briefs = briefs_in_order(docs, options, |d| publish_future || d.sort_key() <= now);
    brief_slug_collisions(&briefs, &mut errors);
    let mut sources = Sources::default();
    create_name_only(&briefs, &mut people, &mut topics);
    // Names to ids brief by brief (linking numbers what it creates in brief
    // order), then each brief's texts copied in parallel.
    let ids: Vec<LinkedIds> = briefs
        .iter()
        .enumerate()
        .map(|(index, doc)| {
            let ctx = Linking {
                people: &mut people,
                topics: &mut topics,
                authors: &mut authors,
                default_author,
                terms: &mut terms,
                sources: &mut sources,
                errors: &mut errors,
            };
            link_ids(BriefId::new(index), doc, ctx)
        })
        .collect();
    let resolved: Vec<Arc<Brief>> = briefs
        .par_iter()
        .zip(ids)
        .map(|(doc, ids)| {
            let mut brief = assemble(doc, ids);
            brief.future = brief.date.sort_key() > now;
            Arc::new(brief)
        })
        .collect();
    name_only_collisions(&people, "person", &mut errors);
    name_only_collisions(&topics, "topic", &mut errors);
    name_only_collisions(&authors, "author", &mut errors);
    let pages = standalone_pages(&docs.pages, &mut errors);
    path_collisions(&resolved, &pages, &mut errors);

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.location).cmp(&(&b.path, b.location)));
        errors.dedup();
        return Err(errors);
    }

    if resolved.is_empty() {
        warnings.push(no_briefs_warning(docs, options, publish_future, now));
    }
    let mut people_out = people_of(&docs.people, &people);
    let mut topics_out = topics_of(&docs.topics, &topics);
    let mut authors_out = authors_of(&docs.authors, &authors);
    let mut taxonomies = terms.each_ref().map(|entries| Taxonomy {
        terms: entries
            .names
            .iter()
            .map(|name| Term {
                slug: name_key(name),
                name: name.clone(),
                briefs: Vec::new(),
            })
            .collect(),
        by_name: Vec::new(),
    });
    back_links(&resolved, &mut people_out, &mut topics_out);
    for (i, b) in resolved.iter().enumerate() {
        let id = BriefId::new(i);
        for a in &b.authors {
            authors_out[a.index()].briefs.push(id);
        }
        for taxon in Taxon::ALL {
            for t in &b.terms[taxon.index()] {
                taxonomies[taxon.index()].terms[t.index()].briefs.push(id);
            }
        }
    }
    for taxonomy in &mut taxonomies {
        taxonomy.by_name = sorted_by_name(
            taxonomy
                .terms
                .iter()
                .map(|t| (t.name.as_str(), t.slug.as_str())),
            TermId,
        );
    }
    let authors_by_name = sorted_by_name(
        authors_out
            .iter()
            .map(|a| (a.name.as_str(), a.slug.as_str())),
        AuthorId,
    );
    let Sources {
        list: sources,
        ids: source_ids,
    } = sources;

    let family_keys: Vec<String> = people_out
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let given = docs.people.get(i).and_then(|d| d.meta.sort_name.as_deref());
            given.map_or_else(|| family_first(&p.name), str::to_owned)
        })
        .collect();
    let people_by_name = sorted_by_name(
        family_keys
            .iter()
            .zip(&people_out)
            .map(|(key, p)| (key.as_str(), p.slug.as_str())),
        PersonId,
    );
    let topics_by_name = sorted_by_name(
        topics_out
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str())),
        TopicId,
    );
    let sources_by_name = sorted_by_name(
        sources.iter().map(|s| (s.name.as_str(), s.slug.as_str())),
        SourceId,
    );

    // The first moment after this one at which a brief becomes due: from then
    // on, which briefs are built (or marked future) is no longer what it was.
    let next_change = docs
        .briefs
        .iter()
        .map(|d| d.meta.date.sort_key())
        .filter(|&k| k > now)
        .min();
    let linked = Linked {
        people: Entries {
            registry: people.registry.clone(),
            ..people
        },
        topics: Entries {
            registry: topics.registry.clone(),
            ..topics
        },
        authors,
        terms,
        source_ids,
        default_author,
        warnings: warnings.clone(),
        next_change,
        options,
    };
    let site = Site {
        config,
        briefs: resolved,
        people: Arc::new(people_out),
        topics: topics_out,
        sources,
        people_by_name,
        topics_by_name,
        sources_by_name,
        authors: authors_out,
        authors_by_name,
        taxonomies,
        pages,
        people_registry: Arc::new(linked.people.registry.clone()),
        topics_registry: Arc::new(linked.topics.registry.clone()),
        warnings,
    };
    Ok((site, linked))
}

/// What resolving ended with: every name and source a brief may link to, with its
/// id. Kept with the site, so that an edit of briefs alone links just those
/// briefs again ([`super::relink`]).
pub(crate) struct Linked {
    pub(super) people: Entries,
    pub(super) topics: Entries,
    pub(super) authors: Entries,
    pub(super) terms: [Entries; 2],
    /// Each source's id by name key.
    pub(super) source_ids: HashMap<String, u32>,
    pub(super) default_author: Option<u32>,
    /// The warnings of the resolve (not those of reading files).
    pub(super) warnings: Vec<Diagnostic>,
    /// The first moment, after the resolve, at which a brief becomes due.
    pub(super) next_change: Option<i64>,
    pub(super) options: BuildOptions,
}

/// The briefs to build, newest first (date, then title, then slug): the order that
/// makes a brief's id its index. Drafts are dropped unless asked for, and so are
/// briefs whose date `published` refuses (embargoed).
fn briefs_in_order(
    docs: &Documents,
    options: BuildOptions,
    published: impl Fn(&crate::content::DateValue) -> bool,
) -> Vec<&BriefDoc> {
    let mut briefs: Vec<&BriefDoc> = docs
        .briefs
        .iter()
        .filter(|b| (options.drafts || !b.meta.draft) && published(&b.meta.date))
        .map(|b| &**b)
        .collect();
    briefs.par_sort_by(|a, b| order_key(a).cmp(&order_key(b)));
    briefs
}

/// Where a brief stands in the order of ids: newest first, then by title, then
/// by slug.
pub(super) fn order_key(doc: &BriefDoc) -> (std::cmp::Reverse<i64>, &str, &str) {
    (
        std::cmp::Reverse(doc.meta.date.sort_key()),
        doc.meta.title.0.as_str(),
        doc.slug.as_str(),
    )
}

/// Says why a site has no briefs to publish: none were found, or every one is a
/// draft or dated after the build.
fn no_briefs_warning(
    docs: &Documents,
    options: BuildOptions,
    publish_future: bool,
    now: i64,
) -> Diagnostic {
    if docs.briefs.is_empty() {
        return Diagnostic::file_warning(
            "content/briefs",
            "no briefs found: the site has no brief pages",
        )
        .with_help("write briefs as Markdown files (`.md`) in `content/briefs/`");
    }
    let drafts = docs
        .briefs
        .iter()
        .filter(|b| b.meta.draft && !options.drafts)
        .count();
    let future = docs
        .briefs
        .iter()
        .filter(|b| !publish_future && b.meta.date.sort_key() > now)
        .count();
    Diagnostic::file_warning(
        "content/briefs",
        format!(
            "none of the {} briefs is published: {drafts} are drafts and {future} are dated after today",
            docs.briefs.len()
        ),
    )
    .with_help("build with --drafts to include drafts, or --future to publish briefs dated ahead")
}

/// An error for each brief whose slug an earlier one already uses: both would be
/// written to the same folder. It is reported on the file whose path sorts second,
/// at its own `slug:` line if it has one, so the message does not depend on dates.
fn brief_slug_collisions(briefs: &[&BriefDoc], errors: &mut Vec<Diagnostic>) {
    let mut brief_slugs: HashMap<&str, &BriefDoc> = HashMap::new();
    for &b in briefs {
        if let Some(other) = brief_slugs.insert(&b.slug, b) {
            let (first, second) = if other.path <= b.path {
                (other, b)
            } else {
                (b, other)
            };
            let (line, column) =
                key_position(&second.yaml, &["slug"]).map_or((1, 1), |(l, c)| (l + 1, c));
            errors.push(
                Diagnostic::error(
                    &second.path,
                    line,
                    column,
                    format!(
                        "the slug `{}` is also used by `{}`: both would be written to briefs/{}/",
                        b.slug,
                        first.path.display(),
                        b.slug
                    ),
                )
                .with_help("give one of them a different `slug:` or file name")
                .with_source(&second.text),
            );
        }
    }
}

/// Each person's and topic's briefs, newest first because briefs are visited in id
/// order.
fn back_links(briefs: &[Arc<Brief>], people: &mut [Person], topics: &mut [Topic]) {
    for (i, b) in briefs.iter().enumerate() {
        let id = BriefId::new(i);
        for p in &b.people {
            people[p.index()].briefs.push(id);
        }
        for t in &b.topics {
            topics[t.index()].briefs.push(id);
        }
    }
}

/// The sort key of a person's name without a `sort_name`: the last word (the
/// family name in most names written in English) first, then the rest.
fn family_first(name: &str) -> String {
    match name.trim().rsplit_once(char::is_whitespace) {
        Some((given, family)) => format!("{family} {}", given.trim_end()),
        None => name.to_owned(),
    }
}

/// Ids in name order: the name folded to ASCII lowercase, then the slug, then the id.
fn sorted_by_name<'a, Id>(
    items: impl Iterator<Item = (&'a str, &'a str)>,
    make: impl Fn(u32) -> Id,
) -> Vec<Id> {
    let mut keyed: Vec<(String, &str, u32)> = items
        .enumerate()
        .map(|(i, (name, slug))| (deunicode::deunicode(name).to_lowercase(), slug, i as u32))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, _, i)| make(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{PersonDoc, TopicDoc};
    use crate::site::Lookup;
    use crate::site::linking::link_brief;
    use std::path::PathBuf;
    use std::sync::Arc;

    /// A brief file `content/briefs/<file>.md` with front matter `yaml`.
    fn brief(file: &str, yaml: &str) -> Arc<BriefDoc> {
        let path = PathBuf::from(format!("content/briefs/{file}.md"));
        let doc = BriefDoc::parse(path, format!("---\n{yaml}---\nBody.\n"))
            .expect("test briefs are valid");
        Arc::new(doc)
    }

    /// A brief dated `date` naming `people` and `topics` (YAML flow lists).
    fn simple(file: &str, date: &str, people: &str, topics: &str) -> Arc<BriefDoc> {
        brief(
            file,
            &format!(
                "title: {file}\ndate: {date}\nsource: Reuters\npeople: {people}\ntopics: {topics}\n"
            ),
        )
    }

    fn person_doc(slug: &str, yaml: &str) -> Arc<PersonDoc> {
        let path = PathBuf::from(format!("content/people/{slug}.md"));
        Arc::new(PersonDoc::parse(path, format!("---\n{yaml}---\n")).expect("valid"))
    }

    fn topic_doc(slug: &str, yaml: &str) -> Arc<TopicDoc> {
        let path = PathBuf::from(format!("content/topics/{slug}.md"));
        Arc::new(TopicDoc::parse(path, format!("---\n{yaml}---\n")).expect("valid"))
    }

    fn register_people(docs: &[Arc<PersonDoc>], errors: &mut Vec<Diagnostic>) -> Entries {
        Entries::register(
            docs.iter().map(|d| RegistryFile::from(&**d)),
            "people",
            errors,
        )
    }

    fn registered_people(docs: &[Arc<PersonDoc>]) -> Entries {
        let mut errors = Vec::new();
        let entries = register_people(docs, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        entries
    }

    #[test]
    fn registering_claims_slugs_names_and_aliases() {
        let docs = [
            person_doc("qin-gang", "name: Qin Gang\naliases: [Qin]\n"),
            person_doc("wang-yi", "name: Wang Yi\naliases: [qin-gang]\n"),
        ];
        let people = registered_people(&docs);
        assert_eq!(people.names, ["Qin Gang", "Wang Yi"]);
        assert_eq!(people.registry.lookup("QIN"), Lookup::Found(0));
        // A slug is claimed as a name, so it beats another file's alias.
        assert_eq!(people.registry.lookup("qin-gang"), Lookup::Found(0));
        assert_eq!(
            people.slugs.get("wang-yi"),
            Some(&PathBuf::from("content/people/wang-yi.md"))
        );
        assert!(people.created.is_empty());
    }

    #[test]
    fn two_registry_files_on_one_url_are_an_error() {
        let mut other = person_doc("x", "name: Qin Gang\n");
        Arc::make_mut(&mut other).slug = "qin-gang".into();
        Arc::make_mut(&mut other).path = PathBuf::from("content/people/b/qin-gang.md");
        let docs = [person_doc("qin-gang", "name: Qin Gang\n"), other];
        let mut errors = Vec::new();
        register_people(&docs, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].path,
            PathBuf::from("content/people/b/qin-gang.md")
        );
        assert!(
            errors[0].message.contains("content/people/qin-gang.md")
                && errors[0].message.contains("people/qin-gang/"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_name_shared_by_two_files_is_a_warning_naming_both() {
        let docs = [
            person_doc("joe-biden", "name: Joe Biden\naliases: [President]\n"),
            person_doc("xi-jinping", "name: Xi Jinping\naliases: [President]\n"),
        ];
        let warnings = shared_name_warnings(&registered_people(&docs), "person");
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert_eq!(w.path, PathBuf::from("content/people/joe-biden.md"));
        assert!(
            w.message
                .contains("`president` is claimed by more than one person")
                && w.message.contains("joe-biden.md")
                && w.message.contains("xi-jinping.md"),
            "{}",
            w.message
        );
        let distinct = [person_doc("joe-biden", "name: Joe Biden\n")];
        assert!(shared_name_warnings(&registered_people(&distinct), "person").is_empty());
    }

    #[test]
    fn briefs_are_ordered_newest_first_then_by_title_and_drafts_are_dropped() {
        let docs = Documents {
            briefs: vec![
                brief("old", "title: Old\ndate: 2023-01-01\nsource: R\n"),
                brief("b", "title: B\ndate: 2023-06-01\nsource: R\n"),
                brief("a", "title: A\ndate: 2023-06-01\nsource: R\n"),
                brief(
                    "draft",
                    "title: Draft\ndate: 2024-01-01\nsource: R\ndraft: true\n",
                ),
            ],
            ..Documents::default()
        };
        let slugs = |options, until: &str| -> Vec<String> {
            let until = crate::content::DateValue::parse(until).unwrap().sort_key();
            briefs_in_order(&docs, options, |d| d.sort_key() <= until)
                .iter()
                .map(|b| b.slug.clone())
                .collect()
        };
        let drafts = BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        };
        assert_eq!(
            slugs(BuildOptions::default(), "2030-01-01"),
            ["a", "b", "old"]
        );
        assert_eq!(slugs(drafts, "2030-01-01"), ["draft", "a", "b", "old"]);
        // Briefs dated after the build's moment are held back.
        assert_eq!(slugs(drafts, "2023-06-01"), ["a", "b", "old"]);
        assert_eq!(slugs(drafts, "2023-05-31"), ["old"]);
    }

    #[test]
    fn a_shared_brief_slug_is_reported_on_the_second_file_at_its_slug_line() {
        let first = brief(
            "2023-06-01-talks",
            "title: Talks\ndate: 2023-06-01\nsource: R\n",
        );
        let second = brief(
            "2023-07-01-more",
            "title: More talks\ndate: 2023-07-01\nsource: R\nslug: talks\n",
        );
        let mut errors = Vec::new();
        brief_slug_collisions(&[&*second, &*first], &mut errors);
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!(e.path, PathBuf::from("content/briefs/2023-07-01-more.md"));
        // At the value of `slug:`, on the file's line 5 (`---` is line 1).
        assert_eq!((e.line(), e.column()), (Some(5), Some(7)));
        assert!(e.message.contains("briefs/talks/"), "{}", e.message);
        let mut errors = Vec::new();
        brief_slug_collisions(&[&*first], &mut errors);
        assert!(errors.is_empty());
    }

    #[test]
    fn linking_resolves_names_creates_name_only_entries_once_and_gathers_sources() {
        let mut people = registered_people(&[person_doc(
            "antony-blinken",
            "name: Antony Blinken\naliases: [Blinken]\n",
        )]);
        let mut topics = Entries::default();
        let mut sources = Sources::default();
        let mut errors = Vec::new();
        let newer = brief(
            "n",
            "title: N\ndate: 2023-06-02\nsource: [Reuters, {name: Xinhua}]\n\
             people: [Blinken, Wang Yi, antony-blinken]\ntopics: [Trade]\n\
             quotes:\n  - by: Qin Gang\n    text: Hello.\n",
        );
        let older = simple("o", "2023-06-01", "[wang yi]", "[trade]");
        let mut link = |id: usize, doc: &BriefDoc| {
            let ctx = Linking {
                people: &mut people,
                topics: &mut topics,
                authors: &mut Entries::default(),
                default_author: None,
                terms: &mut [Entries::default(), Entries::default()],
                sources: &mut sources,
                errors: &mut errors,
            };
            link_brief(BriefId::new(id), doc, ctx)
        };
        let n = link(0, &newer);
        let o = link(1, &older);
        assert!(errors.is_empty(), "{errors:?}");
        // A name written twice counts once; a quoted speaker joins the people.
        assert_eq!(n.people, [PersonId(0), PersonId(1), PersonId(2)]);
        assert_eq!(n.quotes[0].by, PersonId(2));
        assert_eq!(o.people, [PersonId(1)]);
        assert_eq!(
            (n.topics.clone(), o.topics.clone()),
            (vec![TopicId(0)], vec![TopicId(0)])
        );
        assert_eq!(people.names, ["Antony Blinken", "Wang Yi", "Qin Gang"]);
        assert_eq!(people.files[1], None);
        assert_eq!(topics.names, ["Trade"]);
        let cited: Vec<(&str, &[BriefId])> = sources
            .list
            .iter()
            .map(|s| (s.slug.as_str(), s.briefs.as_slice()))
            .collect();
        assert_eq!(
            cited,
            [
                ("reuters", &[BriefId(0), BriefId(1)][..]),
                ("xinhua", &[BriefId(0)][..])
            ]
        );
        assert_eq!(o.citations[0].source, SourceId(0));
    }

    #[test]
    fn an_ambiguous_or_empty_name_is_an_error_at_its_line() {
        let mut people = registered_people(&[
            person_doc("joe-biden", "name: Joe Biden\naliases: [President]\n"),
            person_doc("xi-jinping", "name: Xi Jinping\naliases: [President]\n"),
        ]);
        let mut topics = Entries::default();
        let mut sources = Sources::default();
        let mut errors = Vec::new();
        let doc = brief(
            "b",
            "title: B\ndate: 2023-06-01\nsource: R\npeople:\n  - Joe Biden\n  - President\n  - \"?!\"\n",
        );
        let ctx = Linking {
            people: &mut people,
            topics: &mut topics,
            authors: &mut Entries::default(),
            default_author: None,
            terms: &mut [Entries::default(), Entries::default()],
            sources: &mut sources,
            errors: &mut errors,
        };
        let b = link_brief(BriefId(0), &doc, ctx);
        assert_eq!(b.people, [PersonId(0)]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line(), Some(7));
        assert!(
            errors[0]
                .message
                .contains("`President` could be more than one person")
                && errors[0]
                    .message
                    .contains("`Joe Biden` (content/people/joe-biden.md)"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].line(), Some(8));
        assert!(errors[1].message.contains("no letters or digits"));
        // Nothing was created for the names that failed.
        assert_eq!(people.names.len(), 2);
    }

    #[test]
    fn a_name_only_entry_on_a_registry_url_is_an_error_on_the_registry_file() {
        let mut people = registered_people(&[person_doc("qin-gang", "name: Qin Gang\n")]);
        let mut errors = Vec::new();
        name_only_collisions(&people, "person", &mut errors);
        assert!(errors.is_empty());
        // Not reachable through names (a slug is claimed as a name): made by hand.
        people.names.push("Qin  Gang".into());
        people.files.push(None);
        people.created.insert("qin-gang".into(), 1);
        name_only_collisions(&people, "person", &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, PathBuf::from("content/people/qin-gang.md"));
        assert!(errors[0].message.contains("`Qin  Gang`"));
    }

    #[test]
    fn people_and_topics_are_registry_files_then_name_only_entries() {
        let docs = [person_doc(
            "antony-blinken",
            "name: Antony Blinken\nroles:\n  - title: Secretary\n    from: 2021-01-26\n  \
             - title: Deputy\n    from: 2015-01-09\n    to: 2017-01-20\n  - title: Staffer\n",
        )];
        let mut people = registered_people(&docs);
        people.names.push("Wang Yi".into());
        people.files.push(None);
        let out = people_of(&docs, &people);
        let got: Vec<(&str, &str, bool)> = out
            .iter()
            .map(|p| (p.slug.as_str(), p.name.as_str(), p.path.is_some()))
            .collect();
        assert_eq!(
            got,
            [
                ("antony-blinken", "Antony Blinken", true),
                ("wang-yi", "Wang Yi", false)
            ]
        );
        // Roles sorted by start, an open start first.
        let titles: Vec<&str> = out[0].roles.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["Staffer", "Deputy", "Secretary"]);
        let topic_docs = [topic_doc("trade", "name: Trade\n")];
        let mut errors = Vec::new();
        let mut topics = Entries::register(
            topic_docs.iter().map(|d| RegistryFile::from(&**d)),
            "topics",
            &mut errors,
        );
        topics.names.push("Climate Change".into());
        let out = topics_of(&topic_docs, &topics);
        let got: Vec<(&str, bool)> = out
            .iter()
            .map(|t| (t.slug.as_str(), t.path.is_some()))
            .collect();
        assert_eq!(got, [("trade", true), ("climate-change", false)]);
    }

    #[test]
    fn back_links_list_briefs_newest_first() {
        let docs = Documents {
            briefs: vec![
                simple("a", "2023-06-03", "[A, B]", "[T]"),
                simple("b", "2023-06-02", "[B]", "[]"),
                simple("c", "2023-06-01", "[A]", "[T]"),
            ],
            ..Documents::default()
        };
        let (site, _) = resolve(SiteConfig::default(), &docs, BuildOptions::default())
            .expect("the site resolves");
        let lists: Vec<&[BriefId]> = site.people.iter().map(|p| p.briefs.as_slice()).collect();
        assert_eq!(
            lists,
            [&[BriefId(0), BriefId(2)][..], &[BriefId(0), BriefId(1)][..]]
        );
        assert_eq!(site.topics[0].briefs, [BriefId(0), BriefId(2)]);
    }

    #[test]
    fn people_sort_by_family_name_or_their_sort_name() {
        let docs = Documents {
            briefs: vec![simple("a", "2023-06-03", "[Zed Adams]", "[]")],
            people: vec![
                person_doc("antony-blinken", "name: Antony Blinken\n"),
                person_doc("xi-jinping", "name: Xi Jinping\nsort_name: Xi Jinping\n"),
                person_doc("janet-yellen", "name: Janet Yellen\n"),
                person_doc("wang-yi", "name: Wang Yi\nsort_name: Wang Yi\n"),
            ],
            ..Documents::default()
        };
        let (site, _) = resolve(SiteConfig::default(), &docs, BuildOptions::default())
            .expect("the site resolves");
        let names: Vec<&str> = site
            .people_by_name
            .iter()
            .map(|&p| site.person(p).name.as_str())
            .collect();
        // Adams and Blinken by their last word; Wang and Xi as their sort names say.
        assert_eq!(
            names,
            [
                "Zed Adams",
                "Antony Blinken",
                "Wang Yi",
                "Xi Jinping",
                "Janet Yellen"
            ]
        );
    }
}
