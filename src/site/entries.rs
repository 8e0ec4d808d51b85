//! The registries while resolving: registry files claim their slugs, names and
//! aliases, names no file claims become name-only entries on first use, the
//! checks that look across a whole registry (shared names, URL collisions), and
//! the site's people, topics and authors made from them once resolving is done.

use ahash::AHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Author, Lookup, Person, Registry, Role, Topic};
use crate::config::SiteConfig;
use crate::content::person::Tuning;
use crate::content::{AuthorDoc, BriefDoc, PersonDoc, Text, TopicDoc};
use crate::error::Diagnostic;
use crate::slug::name_key;

/// Which registry a name is looked up in.
#[derive(Clone, Copy)]
pub(super) enum Namespace {
    People,
    Topics,
    Authors,
    /// A taxonomy's terms, by the name of one term.
    Terms(&'static str),
}

/// What registering reads of a person or topic file.
pub(super) struct RegistryFile<'d> {
    slug: &'d str,
    path: &'d Path,
    name: &'d Text,
    aliases: &'d [Text],
}

/// Every registry document reads the same: slug, path, name and aliases.
macro_rules! registry_file {
    ($($doc:ty),*) => {$(
        impl<'d> From<&'d $doc> for RegistryFile<'d> {
            fn from(doc: &'d $doc) -> Self {
                RegistryFile {
                    slug: &doc.slug,
                    path: &doc.path,
                    name: &doc.meta.name,
                    aliases: &doc.meta.aliases,
                }
            }
        }
    )*};
}
registry_file!(PersonDoc, AuthorDoc, TopicDoc);

/// Entries of one registry (people or topics) while resolving.
#[derive(Default)]
pub(super) struct Entries {
    pub(super) registry: Registry,
    /// Display name of each id.
    pub(super) names: Vec<String>,
    /// The registry file of each id, `None` for name-only entries.
    pub(super) files: Vec<Option<PathBuf>>,
    /// Name-only entries created from briefs, by key.
    pub(super) created: HashMap<String, u32>,
    /// The file claiming each registry slug.
    pub(super) slugs: HashMap<String, PathBuf>,
}

impl Entries {
    /// Registry files first, in order: each claims its slug (two files on one URL
    /// are an error), and its slug and name as names and its aliases as aliases, so
    /// that a name beats an alias whatever the file order.
    pub(super) fn register<'d>(
        files: impl IntoIterator<Item = RegistryFile<'d>>,
        folder: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Entries {
        let mut entries = Entries::default();
        for file in files {
            let id = entries.names.len() as u32;
            claim_slug(&mut entries.slugs, file.slug, file.path, folder, errors);
            entries.registry.add_name(file.slug, id);
            entries.registry.add_name(file.name.as_str(), id);
            for alias in file.aliases {
                entries.registry.add_alias(alias.as_str(), id);
            }
            entries.names.push(file.name.0.clone());
            entries.files.push(Some(file.path.to_path_buf()));
        }
        entries
    }

    /// Creates a name-only entry for each `(name, key)` of `names` that no entry
    /// matches yet, in the order of their keys; the first name given with a key
    /// is the entry's, as when [`Entries::resolve`] creates it. Created in the
    /// order briefs first list them, entries would be numbered anew by any brief
    /// listing a name before the brief that listed it first (a new brief is the
    /// newest, and first): then every id after it moves, and with it all a
    /// `serve` rebuild keeps by id (the names bodies are linked with among them).
    /// In key order, only a new name moves the ids after its own.
    pub(super) fn create_in_key_order<'a>(
        &mut self,
        names: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let mut new: HashMap<&str, &str> = HashMap::new();
        for (name, key) in names {
            if key.is_empty() || self.created.contains_key(key) || new.contains_key(key) {
                continue;
            }
            if matches!(self.registry.lookup_key(key), Lookup::Missing) {
                new.insert(key, name);
            }
        }
        let mut new: Vec<(&str, &str)> = new.into_iter().collect();
        new.sort_unstable();
        for (key, name) in new {
            // A key no entry matches: a name-only entry, never an ambiguity.
            let _ = self.resolve(name, key);
        }
    }

    /// Resolves a name, creating a name-only entry when no registry entry matches.
    pub(super) fn resolve(&mut self, name: &str, key: &str) -> Result<u32, Vec<u32>> {
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

/// Creates the people (listed or quoted) and topics known by name only that
/// `briefs` (newest first) name, before any brief is linked: numbered by name
/// key, each named as the newest brief spells it (see
/// [`Entries::create_in_key_order`]).
pub(super) fn create_name_only(briefs: &[&BriefDoc], people: &mut Entries, topics: &mut Entries) {
    fn named<'a>(
        names: impl Iterator<Item = &'a Text>,
        keys: &'a [String],
    ) -> impl Iterator<Item = (&'a str, &'a str)> {
        names.map(Text::as_str).zip(keys.iter().map(String::as_str))
    }
    people.create_in_key_order(briefs.iter().flat_map(|d| {
        named(d.meta.people.0.iter(), &d.keys.people)
            .chain(named(d.meta.quotes.iter().map(|q| &q.by), &d.keys.quotes))
    }));
    topics.create_in_key_order(
        briefs
            .iter()
            .flat_map(|d| named(d.meta.topics.0.iter(), &d.keys.topics)),
    );
}

/// A warning for each name claimed with equal right by several registry files of
/// `entries` (two people sharing an alias): harmless until a brief uses it, when
/// it becomes an error, so writers hear of it early.
pub(super) fn shared_name_warnings(entries: &Entries, what: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, ids) in entries.registry.ambiguous() {
        let files: Vec<String> = ids
            .iter()
            .filter_map(|&i| entries.files[i as usize].as_ref())
            .map(|p| format!("`{}`", p.display()))
            .collect();
        let first = entries.files[ids[0] as usize].clone().unwrap_or_default();
        warnings.push(
            Diagnostic::file_warning(
                first,
                format!("the name `{key}` is claimed by more than one {what}: {}", files.join(" and ")),
            )
            .with_help("briefs that use this name must use a fuller one; remove the alias from all but one entry")
            .with_code(crate::error::Code::AliasShared),
        );
    }
    warnings
}

/// An error for each name-only entry whose URL a registry file already takes.
/// Name-only entries are created only for keys no registry entry claims, and a
/// registry slug is claimed as a name, so this is reachable only if a registry
/// slug differs from its key: a guard, kept so such a change cannot silently
/// write two pages to one folder.
pub(super) fn name_only_collisions(entries: &Entries, what: &str, errors: &mut Vec<Diagnostic>) {
    for (key, &id) in &entries.created {
        if key.is_empty() {
            continue;
        }
        if let Some(file) = entries.slugs.get(key) {
            errors.push(Diagnostic::file_error(
                file.clone(),
                format!(
                    "the {what} `{}` would share the URL of this file",
                    entries.names[id as usize]
                ),
            ));
        }
    }
}

/// Claims `slug` for the file at `path`: an empty slug, or one already claimed, is an
/// error on the file.
fn claim_slug(
    slugs: &mut HashMap<String, PathBuf>,
    slug: &str,
    path: &Path,
    folder: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if slug.is_empty() {
        errors.push(
            Diagnostic::file_error(path, "cannot make a URL slug from the file name")
                .with_help("rename the file with letters or digits"),
        );
        return;
    }
    if let Some(first) = slugs.get(slug) {
        errors.push(
            Diagnostic::file_error(
                path,
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

/// The site's default author, resolved once (a name no author file claims becomes
/// a name-only author, as in `authors:`).
pub(super) fn default_author(
    config: &SiteConfig,
    authors: &mut Entries,
    errors: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let name = config.author.trim();
    if name.is_empty() {
        return None;
    }
    let key = name_key(name);
    let problem = if key.is_empty() {
        format!("the author `{name}` has no letters or digits to make a URL from")
    } else {
        match authors.resolve(name, &key) {
            Ok(id) => return Some(id),
            Err(_) => format!("the author `{name}` could be more than one author"),
        }
    };
    errors.push(
        Diagnostic::file_error("site.yaml", problem)
            .with_help("write the full name or the slug of an author of `content/authors/`"),
    );
    None
}

/// Every author: the registry files in order, then the name-only authors.
pub(super) fn authors_of(docs: &[Arc<AuthorDoc>], entries: &Entries) -> Vec<Author> {
    let mut authors: Vec<Author> = docs
        .iter()
        .map(|doc| Author {
            slug: doc.slug.clone(),
            name: doc.meta.name.0.clone(),
            aliases: doc.meta.aliases.iter().map(|a| a.0.clone()).collect(),
            url: doc.meta.url.clone(),
            image: doc.meta.image.clone(),
            extra: doc.meta.extra.clone(),
            bio: doc.body.clone(),
            path: Some(doc.path.clone()),
            briefs: Vec::new(),
        })
        .collect();
    for name in &entries.names[docs.len()..] {
        authors.push(Author {
            slug: name_key(name),
            name: name.clone(),
            aliases: Vec::new(),
            url: None,
            image: None,
            extra: serde_yaml::Mapping::new(),
            bio: String::new(),
            path: None,
            briefs: Vec::new(),
        });
    }
    authors
}

/// The person of a registry file, with no back links yet.
pub(super) fn registry_person(doc: &PersonDoc) -> Person {
    Person {
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
        image: doc.meta.image.clone(),
        extra: doc.meta.extra.clone(),
        tuning: doc.tuning.clone(),
    }
}

/// Every person: the registry files in order (roles sorted by start), then the
/// name-only people in order of first use, slugged by their name key. Back links
/// are left empty, for `resolve::back_links` to fill.
pub(super) fn people_of(docs: &[Arc<PersonDoc>], entries: &Entries) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::with_capacity(entries.names.len());
    for (i, doc) in docs.iter().enumerate() {
        debug_assert_eq!(entries.files[i].as_ref(), Some(&doc.path));
        people.push(registry_person(doc));
    }
    for name in &entries.names[docs.len()..] {
        people.push(Person {
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
            image: None,
            extra: serde_yaml::Mapping::new(),
            tuning: Tuning::default(),
        });
    }
    people
}

/// Every topic: the registry files in order, then the name-only topics.
pub(super) fn topics_of(docs: &[Arc<TopicDoc>], entries: &Entries) -> Vec<Topic> {
    let mut topics: Vec<Topic> = docs
        .iter()
        .map(|doc| Topic {
            slug: doc.slug.clone(),
            name: doc.meta.name.0.clone(),
            aliases: doc.meta.aliases.iter().map(|a| a.0.clone()).collect(),
            description: doc.body.clone(),
            path: Some(doc.path.clone()),
            briefs: Vec::new(),
            extra: doc.meta.extra.clone(),
            tuning: doc.tuning.clone(),
        })
        .collect();
    for name in &entries.names[docs.len()..] {
        topics.push(Topic {
            slug: name_key(name),
            name: name.clone(),
            aliases: Vec::new(),
            description: String::new(),
            path: None,
            briefs: Vec::new(),
            extra: serde_yaml::Mapping::new(),
            tuning: Tuning::default(),
        });
    }
    topics
}
