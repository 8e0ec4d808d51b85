//! Raw documents to the resolved `Site`: names to ids, name-only people and topics
//! created, sources gathered, URLs checked for collisions, indexes built, all in
//! time linear in the number of names written.

use ahash::AHashMap as HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    Brief, BriefId, Citation, Lookup, Person, PersonId, Quote, Registry, Role, Site, Source,
    SourceId, Topic, TopicId,
};
use crate::config::SiteConfig;
use crate::content::brief::NameKeys;
use crate::content::front_matter::{Located, key_position};
use crate::content::{BriefDoc, Documents, Text};
use crate::error::Diagnostic;
use crate::slug::name_key;

/// Choices that change which documents are built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Include briefs marked `draft: true`.
    pub drafts: bool,
}

/// Which registry a name is looked up in.
#[derive(Clone, Copy)]
enum Namespace {
    People,
    Topics,
}

/// Entries of one registry (people or topics) while resolving.
struct Entries {
    registry: Registry,
    /// Display name of each id.
    names: Vec<String>,
    /// The registry file of each id, `None` for name-only entries.
    files: Vec<Option<PathBuf>>,
    /// Name-only entries created from briefs, by key.
    created: HashMap<String, u32>,
}

impl Entries {
    fn new() -> Self {
        Entries {
            registry: Registry::default(),
            names: Vec::new(),
            files: Vec::new(),
            created: HashMap::new(),
        }
    }

    /// Resolves a name, creating a name-only entry when no registry entry matches.
    fn resolve(&mut self, name: &str, key: &str) -> Result<u32, Vec<u32>> {
        match self.registry.lookup_key(key) {
            Lookup::Found(id) => Ok(id),
            Lookup::Ambiguous(ids) => Err(ids),
            Lookup::Missing => {
                if let Some(&id) = self.created.get(key) {
                    return Ok(id);
                }
                let id = self.names.len() as u32;
                self.names.push(name.to_owned());
                self.files.push(None);
                self.created.insert(key.to_owned(), id);
                Ok(id)
            }
        }
    }
}

/// Builds the site model from documents. Errors are every problem found; warnings
/// travel in `Site::warnings`.
pub fn resolve(
    config: SiteConfig,
    docs: &Documents,
    options: BuildOptions,
) -> Result<Site, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    // Registries first: every registry file claims its slug, name and aliases.
    let mut people = Entries::new();
    let mut person_slugs: HashMap<String, PathBuf> = HashMap::new();
    for doc in &docs.people {
        let id = people.names.len() as u32;
        claim_slug(
            &mut person_slugs,
            &doc.slug,
            &doc.path,
            "people",
            &mut errors,
        );
        people.registry.add_name(&doc.slug, id);
        people.registry.add_name(doc.meta.name.as_str(), id);
        for alias in &doc.meta.aliases {
            people.registry.add_alias(alias.as_str(), id);
        }
        people.names.push(doc.meta.name.0.clone());
        people.files.push(Some(doc.path.clone()));
    }
    let mut topics = Entries::new();
    let mut topic_slugs: HashMap<String, PathBuf> = HashMap::new();
    for doc in &docs.topics {
        let id = topics.names.len() as u32;
        claim_slug(
            &mut topic_slugs,
            &doc.slug,
            &doc.path,
            "topics",
            &mut errors,
        );
        topics.registry.add_name(&doc.slug, id);
        topics.registry.add_name(doc.meta.name.as_str(), id);
        for alias in &doc.meta.aliases {
            topics.registry.add_alias(alias.as_str(), id);
        }
        topics.names.push(doc.meta.name.0.clone());
        topics.files.push(Some(doc.path.clone()));
    }
    for (entries, what) in [(&people, "person"), (&topics, "topic")] {
        for (key, ids) in entries.registry.ambiguous() {
            let files: Vec<String> = ids
                .iter()
                .filter_map(|&i| entries.files[i as usize].as_ref())
                .map(|p| format!("`{}`", p.display()))
                .collect();
            let first = entries.files[ids[0] as usize].clone().unwrap_or_default();
            warnings.push(
                Diagnostic::warning(
                    first,
                    0,
                    0,
                    format!("the name `{key}` is claimed by more than one {what}: {}", files.join(" and ")),
                )
                .with_help("briefs that use this name must use a fuller one; remove the alias from all but one entry"),
            );
        }
    }

    // Briefs, newest first; drafts dropped unless asked for.
    let mut briefs: Vec<&BriefDoc> = docs
        .briefs
        .iter()
        .filter(|b| options.drafts || !b.meta.draft)
        .map(|b| &**b)
        .collect();
    briefs.par_sort_by(|a, b| {
        b.meta
            .date
            .sort_key()
            .cmp(&a.meta.date.sort_key())
            .then_with(|| a.meta.title.0.cmp(&b.meta.title.0))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    let mut brief_slugs: HashMap<&str, &BriefDoc> = HashMap::new();
    for &b in &briefs {
        if let Some(other) = brief_slugs.insert(&b.slug, b) {
            // Reported on the file that sorts second, at its own `slug:` line if it has one.
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

    // Name keys were computed when each file was parsed; resolving them is hash
    // lookups only.
    let keys: Vec<&NameKeys> = briefs.iter().map(|b| &b.keys).collect();

    let mut sources: Vec<Source> = Vec::new();
    let mut source_ids: HashMap<String, u32> = HashMap::new();
    let mut resolved: Vec<Brief> = Vec::with_capacity(briefs.len());
    for (index, doc) in briefs.iter().enumerate() {
        let at = Located {
            path: &doc.path,
            text: &doc.text,
            first_line: 2,
        };
        let mut brief_people: Vec<PersonId> = Vec::new();
        for (i, name) in doc.meta.people.0.iter().enumerate() {
            if let Some(id) = lookup(
                &mut people,
                Namespace::People,
                name,
                &keys[index].people[i],
                doc,
                &at,
                &["people", &i.to_string()],
                &mut errors,
            ) {
                push_unique(&mut brief_people, PersonId(id));
            }
        }
        let mut brief_topics: Vec<TopicId> = Vec::new();
        for (i, name) in doc.meta.topics.0.iter().enumerate() {
            if let Some(id) = lookup(
                &mut topics,
                Namespace::Topics,
                name,
                &keys[index].topics[i],
                doc,
                &at,
                &["topics", &i.to_string()],
                &mut errors,
            ) {
                push_unique(&mut brief_topics, TopicId(id));
            }
        }
        let mut quotes = Vec::new();
        for (i, q) in doc.meta.quotes.iter().enumerate() {
            if let Some(id) = lookup(
                &mut people,
                Namespace::People,
                &q.by,
                &keys[index].quotes[i],
                doc,
                &at,
                &["quotes", &i.to_string(), "by"],
                &mut errors,
            ) {
                push_unique(&mut brief_people, PersonId(id));
                quotes.push(Quote {
                    by: PersonId(id),
                    text: q.text.0.clone(),
                    context: q.context.clone().filter(|c| !c.trim().is_empty()),
                });
            }
        }
        let mut citations = Vec::new();
        for (i, s) in doc.meta.source.0.iter().enumerate() {
            let key = &keys[index].sources[i];
            if key.is_empty() {
                errors.push(at.error_at_key(
                    &doc.yaml,
                    &["source", &i.to_string(), "name"],
                    format!(
                        "the source name `{}` has no letters or digits to make a URL from",
                        s.name
                    ),
                ));
                continue;
            }
            let id = match source_ids.get(key) {
                Some(&id) => id,
                None => {
                    sources.push(Source {
                        slug: key.clone(),
                        name: s.name.0.clone(),
                        briefs: Vec::new(),
                    });
                    let id = (sources.len() - 1) as u32;
                    source_ids.insert(key.clone(), id);
                    id
                }
            };
            let source = &mut sources[id as usize];
            if source.briefs.last() != Some(&BriefId(index as u32)) {
                source.briefs.push(BriefId(index as u32));
            }
            citations.push(Citation {
                source: SourceId(id),
                url: s.url.clone(),
                title: s.title.clone().filter(|t| !t.trim().is_empty()),
                issued: s.issued,
            });
        }
        resolved.push(Brief {
            body: doc.body.clone(),
            path: doc.path.clone(),
            slug: doc.slug.clone(),
            title: doc.meta.title.0.clone(),
            date: doc.meta.date,
            updated: doc.meta.updated,
            summary: doc.meta.summary.clone().filter(|s| !s.trim().is_empty()),
            body_line: doc.body_line,
            people: brief_people,
            topics: brief_topics,
            citations,
            quotes,
            draft: doc.meta.draft,
        });
    }

    // Name-only entries must make a usable URL, and not collide with a registry slug.
    for (entries, slugs, what) in [
        (&people, &person_slugs, "person"),
        (&topics, &topic_slugs, "topic"),
    ] {
        for (key, &id) in &entries.created {
            if key.is_empty() {
                continue;
            }
            if let Some(file) = slugs.get(key) {
                // Only reachable if a registry slug differs from its key; keep the check as a guard.
                errors.push(Diagnostic::error(
                    file.clone(),
                    0,
                    0,
                    format!(
                        "the {what} `{}` would share the URL of this file",
                        entries.names[id as usize]
                    ),
                ));
            }
        }
    }

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        errors.dedup();
        return Err(errors);
    }

    let mut people_out: Vec<Person> = Vec::with_capacity(people.names.len());
    for (i, doc) in docs.people.iter().enumerate() {
        debug_assert_eq!(people.files[i].as_ref(), Some(&doc.path));
        people_out.push(Person {
            slug: doc.slug.clone(),
            name: doc.meta.name.0.clone(),
            aliases: doc.meta.aliases.iter().map(|a| a.0.clone()).collect(),
            role: doc.meta.role.clone(),
            organization: doc.meta.organization.clone(),
            roles: {
                let mut roles: Vec<Role> = doc
                    .meta
                    .roles
                    .iter()
                    .map(|r| Role {
                        title: r.title.0.clone(),
                        organization: r.organization.clone(),
                        from: r.from,
                        to: r.to,
                    })
                    .collect();
                roles.sort_by_key(|r| r.from.map(|d| d.date));
                roles
            },
            country: doc.meta.country.clone(),
            bio: doc.body.clone(),
            path: Some(doc.path.clone()),
            briefs: Vec::new(),
        });
    }
    for name in &people.names[docs.people.len()..] {
        people_out.push(Person {
            slug: name_key(name),
            name: name.clone(),
            aliases: Vec::new(),
            role: None,
            organization: None,
            roles: Vec::new(),
            country: None,
            bio: String::new(),
            path: None,
            briefs: Vec::new(),
        });
    }
    let mut topics_out: Vec<Topic> = docs
        .topics
        .iter()
        .map(|doc| Topic {
            slug: doc.slug.clone(),
            name: doc.meta.name.0.clone(),
            aliases: doc.meta.aliases.iter().map(|a| a.0.clone()).collect(),
            description: doc.body.clone(),
            path: Some(doc.path.clone()),
            briefs: Vec::new(),
        })
        .collect();
    for name in &topics.names[docs.topics.len()..] {
        topics_out.push(Topic {
            slug: name_key(name),
            name: name.clone(),
            aliases: Vec::new(),
            description: String::new(),
            path: None,
            briefs: Vec::new(),
        });
    }

    // Back links, newest first because briefs are visited in that order.
    for (i, b) in resolved.iter().enumerate() {
        for p in &b.people {
            people_out[p.index()].briefs.push(BriefId(i as u32));
        }
        for t in &b.topics {
            topics_out[t.index()].briefs.push(BriefId(i as u32));
        }
    }

    let people_by_name = sorted_by_name(
        people_out
            .iter()
            .map(|p| (p.name.as_str(), p.slug.as_str())),
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

    Ok(Site {
        config,
        briefs: resolved,
        people: people_out,
        topics: topics_out,
        sources,
        people_by_name,
        topics_by_name,
        sources_by_name,
        people_registry: people.registry,
        topics_registry: topics.registry,
        warnings,
    })
}

/// Resolves one name of a brief; an ambiguous name is an error naming the candidates.
#[allow(clippy::too_many_arguments)]
fn lookup(
    entries: &mut Entries,
    namespace: Namespace,
    name: &Text,
    key: &str,
    doc: &BriefDoc,
    at: &Located<'_>,
    key_path: &[&str],
    errors: &mut Vec<Diagnostic>,
) -> Option<u32> {
    if key.is_empty() {
        errors.push(locate(
            at,
            doc,
            key_path,
            format!("the name `{name}` has no letters or digits to make a URL from"),
        ));
        return None;
    }
    match entries.resolve(name.as_str(), key) {
        Ok(id) => Some(id),
        Err(ids) => {
            let what = match namespace {
                Namespace::People => "person",
                Namespace::Topics => "topic",
            };
            let candidates: Vec<String> = ids
                .iter()
                .map(|&i| {
                    let file = entries.files[i as usize]
                        .as_ref()
                        .map(|p| format!(" ({})", p.display()))
                        .unwrap_or_default();
                    format!("`{}`{file}", entries.names[i as usize])
                })
                .collect();
            errors.push(
                locate(
                    at,
                    doc,
                    key_path,
                    format!(
                        "`{name}` could be more than one {what}: {}",
                        candidates.join(" or ")
                    ),
                )
                .with_help("write the full name or the slug of the one you mean"),
            );
            None
        }
    }
}

fn locate(at: &Located<'_>, doc: &BriefDoc, key_path: &[&str], message: String) -> Diagnostic {
    let pos = key_position(&doc.yaml, key_path).or_else(|| key_position(&doc.yaml, &key_path[..1]));
    let (line, col) = pos.unwrap_or((1, 1));
    at.error(line, col, message)
}

fn claim_slug(
    slugs: &mut HashMap<String, PathBuf>,
    slug: &str,
    path: &Path,
    folder: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if slug.is_empty() {
        errors.push(
            Diagnostic::error(path, 0, 0, "cannot make a URL slug from the file name")
                .with_help("rename the file with letters or digits"),
        );
        return;
    }
    if let Some(first) = slugs.get(slug) {
        errors.push(
            Diagnostic::error(
                path,
                0,
                0,
                format!(
                    "this file and `{}` would both be written to {folder}/{slug}/",
                    first.display()
                ),
            )
            .with_help("rename one of the files"),
        );
    } else {
        slugs.insert(slug.to_owned(), path.to_path_buf());
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

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
