//! Mentions: the names of registry people and topics found in brief bodies, linked
//! to their pages and recorded with the sentence each is first named in.
//!
//! It sits between `site` (whose registries give the names) and `render` (which
//! renders bodies through `MentionLinker`); of `render` it uses only the
//! `TextLinker` hook of `render::markdown`, which knows nothing of mentions.
//! `fold` puts text in a comparable
//! form with a map back to its bytes, `matcher` finds every name in one automaton
//! pass per text run, and `linker` writes the links into the Markdown events and
//! records what it found. The sentence around a mention is plain text handling and
//! lives in [`crate::text::sentence`].

mod fold;
mod linker;
mod matcher;
pub mod review;

pub use linker::Rendered;
pub(crate) use linker::{MentionLinker, MentionPaths};
pub(crate) use matcher::{MentionMatcher, listed_together, together_after};

use crate::site::{PersonId, TopicId};
use crate::text::sentence::MentionContext;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A person's page.
    Person(PersonId),
    /// A topic's page.
    Topic(TopicId),
}

/// A name found in a text run, in byte offsets of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Start of the name.
    pub(crate) start: usize,
    /// End of the name (exclusive).
    pub(crate) end: usize,
    /// What it names.
    pub(crate) target: Target,
    /// Why it was linked.
    pub(crate) rule: Rule,
}

/// The rule that linked a mention, for writers reviewing the links
/// (`dossier check --mentions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The entry's canonical name.
    Name,
    /// One of its aliases.
    Alias,
    /// A registered form running on into a longer one ("President Xi Jinping").
    RunOn,
    /// A short form several entries share, given to the one the brief named last.
    ShortForm,
    /// A single word at the start of a sentence or after an article, taken as the
    /// person because the brief names or lists them.
    Evidence,
    /// The canonical name written with middle initials ("Janet L. Yellen").
    Initials,
    /// A single word at the start of a sentence, taken as a person by what follows
    /// it ("Rice said", "Rice, the national security adviser,").
    Context,
}

/// Why a name-like match was not linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Inside a phrase a registry file excludes.
    Excluded,
    /// Part of a longer capitalised name ("Beau Biden", "Trump Tower").
    LongerName,
    /// A short form whose last full name in the brief is someone else's.
    Shadowed,
    /// A short form several entries share, none of them named yet in the brief.
    Ambiguous,
    /// A single word at the start of a sentence or after an article, with no
    /// other sign in the brief that it is the person.
    NoEvidence,
    /// A single word after a preposition of place ("in Austin").
    Place,
    /// A month name in a date ("6 May", "May 2", "early May").
    Date,
    /// "the younger Netanyahu", "the elder Sharif": one of two relatives, and the
    /// brief has not said the registry person is that one.
    Relative,
    /// A topic's alias written in lower case ("snap election", "ceasefire talks")
    /// in a brief that neither lists the topic nor names it otherwise: common
    /// words are the topic only in a brief about it ("snap election" in a brief
    /// on Japan is not the French one).
    Unlisted,
}

/// A match left unlinked, in byte offsets of its text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Skipped {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) why: Skip,
}

/// A person or topic mentioned in a brief.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mentioned {
    /// Who or what.
    pub target: Target,
    /// How many times it is named.
    pub count: u32,
    /// The sentence of the first mention.
    pub context: MentionContext,
}

/// Targets and a small site shared by the matcher and linker tests.
#[cfg(test)]
mod test_support {
    use super::Target;
    use crate::site::index::test_support::{person, site, topic};
    use crate::site::{PersonId, Site, TopicId};

    pub(super) fn p(i: u32) -> Target {
        Target::Person(PersonId(i))
    }

    pub(super) fn t(i: u32) -> Target {
        Target::Topic(TopicId(i))
    }

    /// Registry people with shared and shadowed aliases, one name-only person and
    /// two topics.
    pub(super) fn sample_site() -> Site {
        let mut unlisted = person("Wang Yi", &[]);
        unlisted.path = None;
        site(
            vec![
                person("Antony Blinken", &["Blinken", "Secretary", "Mr. Blinken"]),
                person("Janet Yellen", &["Yellen", "Secretary"]),
                person("Qin Gang", &["Qin"]),
                unlisted,
                person("Recep Tayyip Erdoğan", &["Erdogan"]),
                // An alias equal to another person's name loses to the name.
                person("Someone", &["Qin Gang"]),
            ],
            vec![
                topic("Diplomacy", &[]),
                topic("US-China relations", &["U.S.-China relations"]),
            ],
            &[],
        )
    }
}
