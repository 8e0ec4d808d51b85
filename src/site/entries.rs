//! The registries while resolving: registry files claim their slugs, names and
//! aliases, names no file claims become name-only entries on first use, and the
//! checks that look across a whole registry (shared names, URL collisions).

use ahash::AHashMap as HashMap;
use std::path::{Path, PathBuf};

use super::{Lookup, Registry};
use crate::content::{AuthorDoc, PersonDoc, Text, TopicDoc};
use crate::error::Diagnostic;

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

impl<'d> From<&'d PersonDoc> for RegistryFile<'d> {
    fn from(doc: &'d PersonDoc) -> Self {
        RegistryFile {
            slug: &doc.slug,
            path: &doc.path,
            name: &doc.meta.name,
            aliases: &doc.meta.aliases,
        }
    }
}

impl<'d> From<&'d AuthorDoc> for RegistryFile<'d> {
    fn from(doc: &'d AuthorDoc) -> Self {
        RegistryFile {
            slug: &doc.slug,
            path: &doc.path,
            name: &doc.meta.name,
            aliases: &doc.meta.aliases,
        }
    }
}

impl<'d> From<&'d TopicDoc> for RegistryFile<'d> {
    fn from(doc: &'d TopicDoc) -> Self {
        RegistryFile {
            slug: &doc.slug,
            path: &doc.path,
            name: &doc.meta.name,
            aliases: &doc.meta.aliases,
        }
    }
}

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
