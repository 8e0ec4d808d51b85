//! What reading one brief has established so far: who each short form means and
//! which entries are named.

use super::*;

/// Who a short form means at this point of a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Entry(Target),
    /// Someone or something not in the registry ("Lindsey Graham").
    Outsider,
}

/// What reading one brief has established so far: who each short form means,
/// which entries are named (evidence for weak positions), and, when reviewing,
/// what was skipped and why.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub(super) owners: Vec<(u32, Owner)>,
    /// Per single-word family name, whether the registry person it means is the
    /// elder or the younger of the relatives the brief has named ("his father,
    /// Pierre Elliott Trudeau" makes Trudeau the younger).
    pub(super) relations: Vec<(u32, Generation)>,
    /// Target slots named in the body so far or listed in the front matter (a
    /// handful per brief: a list, not a table sized by the registry).
    pub(super) known: Vec<u32>,
    /// Topics whose lower-case aliases were decided by who is listed with them
    /// across the site (see [`listed_together`]): the body depends on those pairs.
    pub(crate) consulted: Vec<TopicId>,
    /// Filled only when reviewing (`dossier check --mentions`).
    pub(crate) skipped: Option<Vec<Skipped>>,
}

impl Reading {
    pub(super) fn owner(&self, pattern: u32) -> Option<Owner> {
        self.owners
            .iter()
            .find(|(p, _)| *p == pattern)
            .map(|&(_, o)| o)
    }

    pub(super) fn set_owner(&mut self, pattern: u32, owner: Owner) {
        match self.owners.iter_mut().find(|(p, _)| *p == pattern) {
            Some(slot) => slot.1 = owner,
            None => self.owners.push((pattern, owner)),
        }
    }

    pub(super) fn relation(&self, pattern: u32) -> Option<Generation> {
        self.relations
            .iter()
            .find(|(p, _)| *p == pattern)
            .map(|&(_, g)| g)
    }

    /// Records the generation of the person `pattern` means; a relation without a
    /// word of age does not overwrite one with it.
    pub(super) fn set_relation(&mut self, pattern: u32, generation: Generation) {
        if generation == Generation::Unknown {
            return;
        }
        match self.relations.iter_mut().find(|(p, _)| *p == pattern) {
            Some(slot) => slot.1 = generation,
            None => self.relations.push((pattern, generation)),
        }
    }

    pub(super) fn is_known(&self, slot: usize) -> bool {
        self.known.contains(&(slot as u32))
    }

    pub(super) fn set_known(&mut self, slot: usize) {
        if !self.is_known(slot) {
            self.known.push(slot as u32);
        }
    }

    pub(super) fn skip(&mut self, start: usize, end: usize, why: Skip) {
        if let Some(s) = self.skipped.as_mut() {
            s.push(Skipped { start, end, why });
        }
    }
}
