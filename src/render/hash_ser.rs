//! A serde serializer that feeds a value's structure straight into a hasher: the
//! fingerprint of a context without formatting it as text. Every value writes a
//! tag, then its bytes; strings and sequences are length-delimited or ended by a
//! marker, so different values give different byte streams.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

use super::reads::Reads;

/// Serialises into a hasher.
pub(crate) struct HashSer<'h, H: Hasher> {
    h: &'h mut H,
    /// How many compound values (structs, maps, lists) are open.
    depth: u32,
    /// The top-level fields to hash, when not all: those a template can read.
    top: Option<&'h Reads>,
}

/// Serialising into a hasher cannot fail; the type exists because serde asks for one.
#[derive(Debug)]
pub(crate) struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value refused to serialise")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

const END: u8 = 0xfe;

impl<'h, H: Hasher> HashSer<'h, H> {
    /// Hashes a whole value.
    #[cfg(test)]
    pub(crate) fn new(h: &'h mut H) -> Self {
        HashSer {
            h,
            depth: 0,
            top: None,
        }
    }

    /// Hashes a context, leaving out the fields of its top-level struct or map
    /// that `reads` says its template cannot read.
    pub(crate) fn reading(h: &'h mut H, reads: &'h Reads) -> Self {
        HashSer {
            h,
            depth: 0,
            top: Some(reads),
        }
    }

    /// Whether a field named by `key`, in the compound now open, is left out.
    fn skips<K: Serialize + ?Sized>(&self, key: &K) -> bool {
        match self.top {
            Some(reads) if self.depth == 1 => matches!(key.serialize(IsRead(reads)), Ok(false)),
            _ => false,
        }
    }

    fn open(&mut self, t: u8) {
        self.depth += 1;
        self.tag(t);
    }

    fn close(&mut self) {
        self.depth -= 1;
        self.tag(END);
    }

    fn tag(&mut self, t: u8) {
        self.h.write_u8(t);
    }
    fn str(&mut self, s: &str) {
        self.h.write_usize(s.len());
        self.h.write(s.as_bytes());
    }
}

macro_rules! int {
    ($name:ident, $t:ty, $tag:expr, $write:ident) => {
        fn $name(self, v: $t) -> Result<(), Never> {
            self.tag($tag);
            self.h.$write(v);
            Ok(())
        }
    };
}

impl<'a, 'h, H: Hasher> ser::Serializer for &'a mut HashSer<'h, H> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tag(1);
        self.h.write_u8(u8::from(v));
        Ok(())
    }
    int!(serialize_i8, i8, 2, write_i8);
    int!(serialize_i16, i16, 2, write_i16);
    int!(serialize_i32, i32, 2, write_i32);
    int!(serialize_i64, i64, 2, write_i64);
    int!(serialize_u8, u8, 3, write_u8);
    int!(serialize_u16, u16, 3, write_u16);
    int!(serialize_u32, u32, 3, write_u32);
    int!(serialize_u64, u64, 3, write_u64);
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.tag(4);
        self.h.write_u32(v.to_bits());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.tag(4);
        self.h.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(5);
        self.h.write_u32(v as u32);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.tag(6);
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.tag(7);
        self.h.write_usize(v.len());
        self.h.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(8);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Never> {
        self.tag(9);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(10);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.tag(10);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, i: u32, _: &'static str) -> Result<(), Never> {
        self.tag(11);
        self.h.write_u32(i);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Never> {
        self.tag(12);
        self.h.write_u32(i);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.open(13);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.open(13);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.open(13);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.open(14);
        self.h.write_u32(i);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.open(15);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.open(15);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.open(16);
        self.h.write_u32(i);
        Ok(self)
    }
}

/// The compound serializers: elements in order, then an end marker.
macro_rules! compound {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<H: Hasher> ser::$trait for &mut HashSer<'_, H> {
            type Ok = ();
            type Error = Never;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.close();
                Ok(())
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The named compound serializers: each field's name, then its value.
macro_rules! named {
    ($($trait:ident),*) => {$(
        impl<H: Hasher> ser::$trait for &mut HashSer<'_, H> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Never> {
                if self.skips(key) {
                    return Ok(());
                }
                self.str(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.close();
                Ok(())
            }
        }
    )*};
}

named!(SerializeStruct, SerializeStructVariant);

impl<H: Hasher> ser::SerializeMap for &mut HashSer<'_, H> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Never> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Never> {
        value.serialize(&mut **self)
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), Never> {
        if self.skips(key) {
            return Ok(());
        }
        key.serialize(&mut **self)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.close();
        Ok(())
    }
}

/// Asks whether a map key names a variable a template can read: `Ok(false)` only
/// for a text key the template never names; any other key counts as read.
struct IsRead<'r>(&'r Reads);

macro_rules! read_by_default {
    ($($name:ident($($arg:ty),*)),*) => {$(
        fn $name(self, $(_: $arg),*) -> Result<bool, Never> {
            Ok(true)
        }
    )*};
}

impl ser::Serializer for IsRead<'_> {
    type Ok = bool;
    type Error = Never;
    type SerializeSeq = ser::Impossible<bool, Never>;
    type SerializeTuple = ser::Impossible<bool, Never>;
    type SerializeTupleStruct = ser::Impossible<bool, Never>;
    type SerializeTupleVariant = ser::Impossible<bool, Never>;
    type SerializeMap = ser::Impossible<bool, Never>;
    type SerializeStruct = ser::Impossible<bool, Never>;
    type SerializeStructVariant = ser::Impossible<bool, Never>;

    fn serialize_str(self, v: &str) -> Result<bool, Never> {
        Ok(self.0.may_read(v))
    }
    read_by_default!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str)
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<bool, Never> {
        Ok(true)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Never> {
        Ok(true)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Never> {
        Ok(true)
    }
    // Compound keys cannot name a variable: answered by an error, read as "read".
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Never> {
        Err(Never)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Never> {
        Err(Never)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Never> {
        Err(Never)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Never> {
        Err(Never)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Never> {
        Err(Never)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Never> {
        Err(Never)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Never> {
        Err(Never)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash<T: Serialize + ?Sized>(v: &T) -> u64 {
        let mut h = crate::hash::hasher();
        v.serialize(&mut HashSer::new(&mut h))
            .expect("hashing never fails");
        h.finish()
    }

    #[test]
    fn values_that_differ_hash_apart() {
        assert_eq!(hash(&("ab", 1u32)), hash(&("ab", 1u32)));
        // Boundaries between strings and between list items are part of the hash.
        assert_ne!(hash(&("ab", "c")), hash(&("a", "bc")));
        assert_ne!(
            hash(&vec![vec![1u8], vec![]]),
            hash(&vec![vec![], vec![1u8]])
        );
        assert_ne!(hash(&Some(None::<u8>)), hash(&None::<Option<u8>>));
        assert_ne!(hash(&1u32), hash(&1i32));
        assert_ne!(hash(&""), hash(&None::<&str>));
    }
}
