//! Linking one brief: the names of its front matter to the ids of people, topics,
//! authors and terms (name-only entries created on first use), its sources to
//! [`Source`]s (each created by its first citation), and its texts copied into
//! the resolved [`Brief`]. [`super::resolve`] links every brief this way, one
//! after another as it numbers what it creates ([`link_ids`]), then assembles them
//! in parallel ([`assemble`]); [`super::relink`] links the briefs an edit changed.

use ahash::AHashMap as HashMap;

use super::{
    AuthorId, Brief, BriefId, Citation, PersonId, Quote, Source, SourceId, Taxon, TermId, TopicId,
};
use crate::content::BriefDoc;
use crate::content::Text;
use crate::content::front_matter::{Located, key_position};
use crate::error::Diagnostic;

use super::addresses::alias_path;
use super::entries::{Entries, Namespace};

/// The sources cited so far, each created by its first citation.
#[derive(Default)]
pub(super) struct Sources {
    pub(super) list: Vec<Source>,
    /// Id of each source, by name key.
    pub(super) ids: HashMap<String, u32>,
}

impl Sources {
    /// The source with name key `key` (created with `name` on first use), with
    /// `brief` added to its briefs once.
    fn cite(&mut self, key: &str, name: &Text, brief: BriefId) -> SourceId {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = SourceId::new(self.list.len());
                self.list.push(Source {
                    slug: key.to_owned(),
                    name: name.0.clone(),
                    briefs: Vec::new(),
                });
                self.ids.insert(key.to_owned(), id.0);
                id.0
            }
        };
        let source = &mut self.list[id as usize];
        if source.briefs.last() != Some(&brief) {
            source.briefs.push(brief);
        }
        SourceId(id)
    }
}

/// What linking a brief reads and adds to: the registries (which gain name-only
/// entries), the sources, and the errors.
pub(super) struct Linking<'a> {
    pub(super) people: &'a mut Entries,
    pub(super) topics: &'a mut Entries,
    pub(super) authors: &'a mut Entries,
    /// The site's `author`, for briefs naming none.
    pub(super) default_author: Option<u32>,
    pub(super) terms: &'a mut [Entries; 2],
    pub(super) sources: &'a mut Sources,
    pub(super) errors: &'a mut Vec<Diagnostic>,
}

/// Links brief `id`: its people, topics and quote speakers to ids (a name no
/// registry entry matches becomes a name-only entry, one per name key across the
/// site; quoted speakers join the people), its citations to sources. Names with no
/// letters or digits and ambiguous names are errors at their line. Name keys were
/// computed when the file was parsed: this is hash lookups only.
pub(super) fn link_brief(id: BriefId, doc: &BriefDoc, ctx: Linking<'_>) -> Brief {
    assemble(doc, link_ids(id, doc, ctx))
}

/// What linking a brief decides: the ids of everything its front matter names.
/// Made one brief at a time (linking numbers new sources and name-only entries
/// in brief order); the brief's texts are copied afterwards, in parallel, by
/// [`assemble`].
pub(super) struct LinkedIds {
    people: Vec<PersonId>,
    topics: Vec<TopicId>,
    authors: Vec<AuthorId>,
    terms: [Vec<TermId>; 2],
    aliases: Vec<String>,
    /// Each quote's index in the front matter, with its speaker.
    quotes: Vec<(usize, PersonId)>,
    /// Each citation's index in the front matter, with its source.
    citations: Vec<(usize, SourceId)>,
}

/// The names of brief `doc` to ids, recording problems in `ctx.errors`.
pub(super) fn link_ids(id: BriefId, doc: &BriefDoc, ctx: Linking<'_>) -> LinkedIds {
    let Linking {
        people,
        topics,
        authors,
        default_author,
        terms,
        sources,
        errors,
    } = ctx;
    let keys = &doc.keys;
    let at = Located {
        path: &doc.path,
        text: &doc.text,
        first_line: 2,
    };
    // Each list of names to ids, each id once, in the order written.
    let mut names = |entries: &mut Entries,
                     namespace: Namespace,
                     list: &[Text],
                     list_keys: &[String],
                     field: &'static str| {
        let mut ids: Vec<u32> = Vec::new();
        for (i, name) in list.iter().enumerate() {
            let key_path = (field, i, None);
            if let Some(id) = lookup(
                entries,
                namespace,
                name,
                &list_keys[i],
                doc,
                &at,
                key_path,
                errors,
            ) {
                push_unique(&mut ids, id);
            }
        }
        ids
    };
    let mut brief_people: Vec<PersonId> = names(
        people,
        Namespace::People,
        &doc.meta.people.0,
        &keys.people,
        "people",
    )
    .into_iter()
    .map(PersonId)
    .collect();
    let brief_topics: Vec<TopicId> = names(
        topics,
        Namespace::Topics,
        &doc.meta.topics.0,
        &keys.topics,
        "topics",
    )
    .into_iter()
    .map(TopicId)
    .collect();
    let mut brief_authors: Vec<AuthorId> = names(
        authors,
        Namespace::Authors,
        &doc.meta.authors.0,
        &keys.authors,
        "authors",
    )
    .into_iter()
    .map(AuthorId)
    .collect();
    if doc.meta.authors.0.is_empty()
        && let Some(a) = default_author
    {
        brief_authors.push(AuthorId(a));
    }
    let mut brief_terms: [Vec<TermId>; 2] = [Vec::new(), Vec::new()];
    for taxon in Taxon::ALL {
        let (list, term_keys, what) = match taxon {
            Taxon::Countries => (&doc.meta.countries, &keys.countries, "country"),
            Taxon::Series => (&doc.meta.series, &keys.series, "series"),
        };
        brief_terms[taxon.index()] = names(
            &mut terms[taxon.index()],
            Namespace::Terms(what),
            &list.0,
            term_keys,
            taxon.key(),
        )
        .into_iter()
        .map(TermId)
        .collect();
    }
    let mut aliases = Vec::new();
    for (i, alias) in doc.meta.aliases.iter().enumerate() {
        match alias_path(alias.as_str()) {
            Ok(path) => aliases.push(path),
            Err(message) => errors.push(
                locate(&at, doc, &["aliases", &i.to_string()], message).with_help(
                    "write the old path of the page from the site's root, such as `briefs/old-name/`",
                ),
            ),
        }
    }
    let mut quotes = Vec::new();
    for (i, q) in doc.meta.quotes.iter().enumerate() {
        if let Some(p) = lookup(
            people,
            Namespace::People,
            &q.by,
            &keys.quotes[i],
            doc,
            &at,
            ("quotes", i, Some("by")),
            errors,
        ) {
            push_unique(&mut brief_people, PersonId(p));
            quotes.push((i, PersonId(p)));
        }
    }
    let mut citations = Vec::new();
    for (i, s) in doc.meta.source.0.iter().enumerate() {
        let key = &keys.sources[i];
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
        citations.push((i, sources.cite(key, &s.name, id)));
    }
    LinkedIds {
        people: brief_people,
        topics: brief_topics,
        authors: brief_authors,
        terms: brief_terms,
        aliases,
        quotes,
        citations,
    }
}

/// Brief `doc` with the ids its names were linked to.
pub(super) fn assemble(doc: &BriefDoc, ids: LinkedIds) -> Brief {
    let LinkedIds {
        people,
        topics,
        authors,
        terms,
        aliases,
        quotes,
        citations,
    } = ids;
    let quotes = quotes
        .into_iter()
        .map(|(i, by)| {
            let q = &doc.meta.quotes[i];
            Quote {
                by,
                text: q.text.0.clone(),
                context: q.context.clone().filter(|c| !c.trim().is_empty()),
            }
        })
        .collect();
    let citations = citations
        .into_iter()
        .map(|(i, source)| {
            let s = &doc.meta.source.0[i];
            Citation {
                source,
                url: s.url.clone(),
                title: s.title.clone().filter(|t| !t.trim().is_empty()),
                issued: s.issued,
                extra: s.extra.clone(),
            }
        })
        .collect();
    Brief {
        body: doc.body.clone(),
        body_file: doc.body_file.clone(),
        path: doc.path.clone(),
        slug: doc.slug.clone(),
        title: doc.meta.title.0.clone(),
        date: doc.meta.date,
        updated: doc.meta.updated,
        summary: doc.meta.summary.clone().filter(|s| !s.trim().is_empty()),
        body_line: doc.body_line,
        people,
        topics,
        citations,
        quotes,
        draft: doc.meta.draft,
        future: false,
        authors,
        terms,
        aliases,
        image: doc.meta.image.clone(),
        extra: doc.meta.extra.clone(),
    }
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
    key_path: (&'static str, usize, Option<&'static str>),
    errors: &mut Vec<Diagnostic>,
) -> Option<u32> {
    // The path to the name in the front matter (`people.2`, `quotes.0.by`), made
    // only when there is an error to place.
    let index = || key_path.1.to_string();
    let path = |index: &str| -> Vec<String> {
        let mut p = vec![key_path.0.to_owned(), index.to_owned()];
        p.extend(key_path.2.map(str::to_owned));
        p
    };
    if key.is_empty() {
        let path = path(&index());
        let key_path: Vec<&str> = path.iter().map(String::as_str).collect();
        let key_path = key_path.as_slice();
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
            let path = path(&index());
            let key_path: Vec<&str> = path.iter().map(String::as_str).collect();
            let key_path = key_path.as_slice();
            let what = match namespace {
                Namespace::People => "person",
                Namespace::Topics => "topic",
                Namespace::Authors => "author",
                Namespace::Terms(term) => term,
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

/// An error at `key_path` of the brief's front matter, or at its first key when the
/// full path is not found.
fn locate(at: &Located<'_>, doc: &BriefDoc, key_path: &[&str], message: String) -> Diagnostic {
    let pos = key_position(&doc.yaml, key_path).or_else(|| key_position(&doc.yaml, &key_path[..1]));
    let (line, col) = pos.unwrap_or((1, 1));
    at.error(line, col, message)
}

/// Appends `x` unless present: lists of a brief hold each entry once.
fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}
