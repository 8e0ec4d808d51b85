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

pub use linker::Rendered;
pub(crate) use linker::{MentionLinker, MentionPaths};
pub(crate) use matcher::MentionMatcher;

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
}

/// A person or topic mentioned in a brief.
#[derive(Debug, Clone, PartialEq, Eq)]
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
