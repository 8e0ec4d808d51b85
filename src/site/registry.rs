//! Names and aliases to ids: the lookup that makes "Mr. Blinken", "antony-blinken"
//! and "Antony Blinken" one person, and reports names that could be two.

use ahash::AHashMap as HashMap;

use crate::slug::name_key;

/// How a key was claimed: a name or slug beats an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Alias,
    Name,
}

/// The outcome of looking a name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// One entry.
    Found(u32),
    /// Claimed by several entries with equal right: the ids.
    Ambiguous(Vec<u32>),
    /// No entry.
    Missing,
}

/// A map from name keys to entry ids.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    keys: HashMap<String, Vec<(u32, Strength)>>,
}

impl Registry {
    /// Records the canonical name (or slug) of entry `id`.
    pub(crate) fn add_name(&mut self, name: &str, id: u32) {
        self.add(name, id, Strength::Name);
    }

    /// Records an alias of entry `id`.
    pub(crate) fn add_alias(&mut self, alias: &str, id: u32) {
        self.add(alias, id, Strength::Alias);
    }

    fn add(&mut self, name: &str, id: u32, strength: Strength) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        let claims = self.keys.entry(key).or_default();
        match claims.iter_mut().find(|(i, _)| *i == id) {
            Some(c) => c.1 = c.1.max(strength),
            None => claims.push((id, strength)),
        }
    }

    /// Looks a name up by its key; the strongest claims win.
    pub(crate) fn lookup(&self, name: &str) -> Lookup {
        self.lookup_key(&name_key(name))
    }

    /// Looks a precomputed key up.
    pub(crate) fn lookup_key(&self, key: &str) -> Lookup {
        let Some(claims) = self.keys.get(key) else {
            return Lookup::Missing;
        };
        if let [(id, _)] = claims.as_slice() {
            return Lookup::Found(*id);
        }
        let best = claims.iter().map(|c| c.1).max();
        let ids: Vec<u32> = claims
            .iter()
            .filter(|c| Some(c.1) == best)
            .map(|c| c.0)
            .collect();
        match ids.as_slice() {
            [one] => Lookup::Found(*one),
            _ => Lookup::Ambiguous(ids),
        }
    }

    /// Keys claimed by more than one entry with equal strength, sorted: each is a
    /// name that cannot be resolved.
    pub(crate) fn ambiguous(&self) -> Vec<(String, Vec<u32>)> {
        let mut out: Vec<(String, Vec<u32>)> = self
            .keys
            .keys()
            .filter_map(|k| match self.lookup_key(k) {
                Lookup::Ambiguous(ids) => Some((k.clone(), ids)),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_meet_case_and_accent_insensitively() {
        let mut r = Registry::default();
        r.add_name("Qin Gang", 0);
        r.add_name("qin-gang", 0);
        r.add_alias("Foreign Minister Qin", 0);
        r.add_name("Recep Tayyip Erdoğan", 1);
        r.add_alias("Erdogan", 1);
        assert_eq!(r.lookup("FOREIGN MINISTER QIN"), Lookup::Found(0));
        assert_eq!(r.lookup("qin gang"), Lookup::Found(0));
        assert_eq!(r.lookup("Erdoğan"), Lookup::Found(1));
        assert_eq!(r.lookup("recep tayyip erdogan"), Lookup::Found(1));
        assert_eq!(r.lookup("Wang Yi"), Lookup::Missing);
    }

    #[test]
    fn shared_aliases_are_ambiguous_but_names_win() {
        let mut r = Registry::default();
        r.add_name("Joe Biden", 0);
        r.add_alias("President", 0);
        r.add_name("Xi Jinping", 1);
        r.add_alias("President", 1);
        r.add_alias("Biden", 1);
        r.add_name("Biden", 0);
        assert_eq!(r.lookup("President"), Lookup::Ambiguous(vec![0, 1]));
        assert_eq!(r.lookup("Biden"), Lookup::Found(0));
        assert_eq!(r.ambiguous(), vec![("president".to_string(), vec![0, 1])]);
    }
}
