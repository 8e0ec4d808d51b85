//! Names one typo away from the registry: a name of a brief's front matter that
//! resolves to no registry entry but is within a small edit distance of a
//! registry name or alias, with the name it probably means. `dossier new` asks
//! the same question of the names it is given.

use std::path::Path;

use super::{Code, Context, at_key_text};
use crate::content::BriefDoc;
use crate::error::Diagnostic;
use crate::site::{Lookup, Registry};
use crate::slug::name_key;

impl Context<'_> {
    /// Names in front matter that resolve to no registry entry but are within a
    /// small edit distance of a registry name or alias.
    pub(super) fn near_names(&self) -> Vec<Diagnostic> {
        let site = self.site();
        let people = registry_names(
            site.people
                .iter()
                .filter_map(|p| Some((p.name.as_str(), &p.aliases, p.path.as_deref()?))),
        );
        let topics = registry_names(
            site.topics
                .iter()
                .filter_map(|t| Some((t.name.as_str(), &t.aliases, t.path.as_deref()?))),
        );
        let mut out = Vec::new();
        for (_, doc) in self.briefs_with_docs() {
            let lists: [NameList<'_>; 2] = [
                NameList {
                    key: "people",
                    names: &doc.meta.people.0,
                    keys: &doc.keys.people,
                    registry: &site.people_registry,
                    known: &people,
                    what: "person",
                },
                NameList {
                    key: "topics",
                    names: &doc.meta.topics.0,
                    keys: &doc.keys.topics,
                    registry: &site.topics_registry,
                    known: &topics,
                    what: "topic",
                },
            ];
            for NameList {
                key: key_name,
                names,
                keys,
                registry,
                known,
                what,
            } in lists
            {
                for (i, (name, key)) in names.iter().zip(keys).enumerate() {
                    if let Some(d) = near_name(
                        doc,
                        &[key_name, &i.to_string()],
                        name.as_str(),
                        key,
                        registry,
                        known,
                        what,
                    ) {
                        out.push(d);
                    }
                }
            }
            for (i, (q, key)) in doc.meta.quotes.iter().zip(&doc.keys.quotes).enumerate() {
                if let Some(d) = near_name(
                    doc,
                    &["quotes", &i.to_string(), "by"],
                    q.by.as_str(),
                    key,
                    &site.people_registry,
                    &people,
                    "person",
                ) {
                    out.push(d);
                }
            }
        }
        out
    }
}

/// One list of names of a brief's front matter and the registry it is read against.
struct NameList<'a> {
    key: &'a str,
    names: &'a [crate::content::Text],
    keys: &'a [String],
    registry: &'a Registry,
    known: &'a [RegistryName<'a>],
    what: &'a str,
}

/// A registry name or alias, with its key and the file that claims it.
pub(crate) struct RegistryName<'a> {
    /// As the registry writes it.
    pub(crate) written: &'a str,
    key: String,
    /// The entry's name (`written` itself, or the name it is an alias of).
    pub(crate) canonical: &'a str,
    /// The registry file.
    pub(crate) file: &'a Path,
}

/// Every name and alias of registry entries given as (name, aliases, file).
pub(crate) fn registry_names<'a>(
    entries: impl Iterator<Item = (&'a str, &'a Vec<String>, &'a Path)>,
) -> Vec<RegistryName<'a>> {
    let mut out = Vec::new();
    for (name, aliases, file) in entries {
        for written in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            out.push(RegistryName {
                written,
                key: name_key(written),
                canonical: name,
                file,
            });
        }
    }
    out
}

/// The finding for one front matter name, if it resolves to nothing in the
/// registry but is close to a registry name or alias.
fn near_name(
    doc: &BriefDoc,
    key_path: &[&str],
    name: &str,
    key: &str,
    registry: &Registry,
    known: &[RegistryName<'_>],
    what: &str,
) -> Option<Diagnostic> {
    if key.is_empty() || !matches!(registry.lookup_key(key), Lookup::Missing) {
        return None;
    }
    let best = nearest_registry_name(key, known)?;
    let alias_note = if best.written == best.canonical {
        String::new()
    } else {
        format!(" (an alias of {})", best.canonical)
    };
    Some(
        at_key_text(
            doc,
            key_path,
            Some(name),
            format!("`{name}` is not in the registry, but the {what} `{}`{alias_note} is", best.written),
        )
        .with_code(Code::NameNearDuplicate)
        .with_help(format!(
            "write `{}` if that is who is meant; otherwise `{name}` gets a page of its own. To keep this spelling, add it to `aliases:` in `{}`",
            best.written,
            best.file.display()
        )),
    )
}

/// The registry name or alias nearest to the name key `key`, within a typo's
/// distance (none when `key` is a registry key itself).
pub(crate) fn nearest_registry_name<'k, 'a>(
    key: &str,
    known: &'k [RegistryName<'a>],
) -> Option<&'k RegistryName<'a>> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, &k.key), k))
        .filter(|(d, k)| is_near(*d, key, &k.key))
        .min_by_key(|(d, k)| (*d, k.written))
        .map(|(_, k)| k)
}

/// Whether an edit distance between two name keys is small enough to be a typo:
/// one or two edits, and at most one edit per five characters.
pub(super) fn is_near(distance: usize, a: &str, b: &str) -> bool {
    let len = a.chars().count().max(b.chars().count());
    distance > 0 && distance <= 2 && distance * 5 <= len
}

/// The candidate nearest to `word` within a typo's distance.
pub(super) fn nearest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| is_near(*d, word, c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
