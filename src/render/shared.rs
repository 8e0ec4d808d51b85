//! Values shared by many page contexts, and the fingerprint of a context.
//!
//! A page is a pure function of its template and its context, so two renders of
//! the same template with contexts of equal fingerprint give the same bytes. `serve`
//! keeps the fingerprint of every page and, after an edit, renders only the pages
//! whose context's fingerprint changed: what a page depends on is exactly what its
//! context holds, with no hand-kept list of what each template reads.
//!
//! Hashing whole contexts would cost as much as rendering them, so values that many
//! pages hold (a brief's list entry, the settings) or that are large (a brief's
//! body) are [`Shared`]: converted to a template value once, hashed once, and
//! serialised as their hash while a fingerprint is taken.

use std::cell::Cell;
use std::hash::Hasher;

pub(crate) use crate::hash::hash_bytes;
use crate::hash::hasher;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use tera::Value;

thread_local! {
    /// Set while a fingerprint is taken on this thread: [`Shared`] values then
    /// serialise as their hash instead of their content.
    static FINGERPRINTING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a fingerprint is being taken on this thread.
pub(crate) fn fingerprinting() -> bool {
    FINGERPRINTING.with(Cell::get)
}

/// The fingerprint of a context: a hash of its serialised form in which every
/// [`Shared`] value stands as its own hash.
pub(crate) fn fingerprint<T: Serialize + ?Sized>(value: &T) -> u64 {
    fingerprint_reading(value, &super::reads::Reads::Everything)
}

/// The fingerprint of a page's context as its template sees it: top-level
/// variables the template cannot read are left out, so a change to them (the
/// site's counts, on a page that does not show them) leaves the page alone.
pub(crate) fn fingerprint_reading<T: Serialize + ?Sized>(
    value: &T,
    reads: &super::reads::Reads,
) -> u64 {
    let previous = FINGERPRINTING.with(|f| f.replace(true));
    let mut h = hasher();
    // Hashing fails only if a value refuses to serialise, which no context does;
    // should it happen, a distinct fingerprint still forces the page to render.
    let ok = value
        .serialize(&mut super::hash_ser::HashSer::reading(&mut h, reads))
        .is_ok();
    FINGERPRINTING.with(|f| f.set(previous));
    if ok { h.finish() } else { u64::MAX }
}

/// A template value made once and held by many contexts (cloning costs a pointer
/// copy), with its fingerprint taken once.
#[derive(Clone, Debug)]
pub struct Shared(Arc<SharedInner>);

#[derive(Debug)]
struct SharedInner {
    value: Value,
    print: u64,
}

impl Shared {
    /// Converts `source` to a template value and fingerprints it.
    pub fn new<T: Serialize + ?Sized>(source: &T) -> Shared {
        Shared(Arc::new(SharedInner {
            value: Value::from_serializable(source),
            print: fingerprint(source),
        }))
    }

    /// Converts `source` to a template value without a fingerprint, for builds
    /// that never compare fingerprints (a one-off build). Its print is 0: a
    /// context holding it must not be fingerprinted.
    pub fn untracked<T: Serialize + ?Sized>(source: &T) -> Shared {
        Shared(Arc::new(SharedInner {
            value: Value::from_serializable(source),
            print: 0,
        }))
    }

    /// A value whose fingerprint the caller computed (for large values hashed as
    /// bytes, such as a rendered body).
    pub fn with_print(value: Value, print: u64) -> Shared {
        Shared(Arc::new(SharedInner { value, print }))
    }

    /// The fingerprint.
    pub fn print(&self) -> u64 {
        self.0.print
    }
}

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        // The same value is equal without reading it (comparing two states of a
        // large archive compares a hundred thousand of them).
        Arc::ptr_eq(&self.0, &other.0) || self.0.print == other.0.print
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if FINGERPRINTING.with(Cell::get) {
            serializer.serialize_u64(self.0.print)
        } else {
            // Tera's own serializer takes a `Value` by pointer, without copying.
            self.0.value.serialize(serializer)
        }
    }
}

/// A part of a context whose content is determined by a key already hashed (for
/// instance a mention's sentence, by its body's hash and its index): serialised as
/// the key while a fingerprint is taken, as the value otherwise.
pub struct Keyed<'a, T: Serialize> {
    key: (u64, usize),
    value: &'a T,
}

impl<'a, T: Serialize> Keyed<'a, T> {
    /// `value`, fully determined by `key`.
    pub fn new(key: (u64, usize), value: &'a T) -> Self {
        Keyed { key, value }
    }
}

impl<T: Serialize> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if FINGERPRINTING.with(Cell::get) {
            self.key.serialize(serializer)
        } else {
            self.value.serialize(serializer)
        }
    }
}

/// Text that costs more to make than its inputs cost to hash (a chart, a rendered
/// biography): serialised as its inputs while a fingerprint is taken, and made
/// only when the page is rendered. `make` must be a pure function of `input` and
/// of values the context holds elsewhere (such as the settings).
pub struct Deferred<I: Serialize, F: Fn(&I) -> String> {
    input: I,
    make: F,
}

impl<I: Serialize, F: Fn(&I) -> String> Deferred<I, F> {
    /// Text made from `input` by `make`.
    pub fn new(input: I, make: F) -> Self {
        Deferred { input, make }
    }
}

impl<I: Serialize, F: Fn(&I) -> String> Serialize for Deferred<I, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if FINGERPRINTING.with(Cell::get) {
            self.input.serialize(serializer)
        } else {
            serializer.serialize_str(&(self.make)(&self.input))
        }
    }
}

/// A [`Deferred`] text made by a plain function, so that context types can name it.
pub type Made<I> = Deferred<I, fn(&I) -> String>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page {
        title: String,
        entry: Shared,
    }

    #[test]
    fn a_fingerprint_follows_every_field_and_shared_content() {
        let a = Shared::new(&["one", "two"]);
        let b = Shared::new(&["one", "three"]);
        let page = |title: &str, entry: &Shared| Page {
            title: title.into(),
            entry: entry.clone(),
        };
        assert_eq!(fingerprint(&page("x", &a)), fingerprint(&page("x", &a)));
        assert_eq!(
            fingerprint(&page("x", &a)),
            fingerprint(&page("x", &Shared::new(&["one", "two"])))
        );
        assert_ne!(fingerprint(&page("x", &a)), fingerprint(&page("y", &a)));
        assert_ne!(fingerprint(&page("x", &a)), fingerprint(&page("x", &b)));
    }

    #[test]
    fn shared_values_reach_templates_as_their_content() {
        let entry = Shared::new(&serde_json::json!({"title": "T"}));
        let value = Value::from_serializable(&Page {
            title: "x".into(),
            entry,
        });
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t", "{{ p.title }} {{ p.entry.title }}")
            .unwrap();
        let mut context = tera::Context::new();
        context.insert_value("p", value);
        let rendered = tera.render("t", &context);
        assert_eq!(rendered.ok().as_deref(), Some("x T"));
    }
}
