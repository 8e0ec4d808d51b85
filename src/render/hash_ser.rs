//! A serde serializer that feeds a value's structure straight into a hasher: the
//! fingerprint of a context without formatting it as text. Every value writes a
//! tag, then its bytes; strings and sequences are length-delimited or ended by a
//! marker, so different values give different byte streams.

use std::hash::Hasher;

use serde::ser::{self, Serialize};

/// Serialises into a hasher.
pub(crate) struct HashSer<'h, H: Hasher>(pub(crate) &'h mut H);

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

impl<H: Hasher> HashSer<'_, H> {
    fn tag(&mut self, t: u8) {
        self.0.write_u8(t);
    }
    fn str(&mut self, s: &str) {
        self.0.write_usize(s.len());
        self.0.write(s.as_bytes());
    }
}

macro_rules! int {
    ($name:ident, $t:ty, $tag:expr, $write:ident) => {
        fn $name(self, v: $t) -> Result<(), Never> {
            self.tag($tag);
            self.0.$write(v);
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
        self.0.write_u8(u8::from(v));
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
        self.0.write_u32(v.to_bits());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.tag(4);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.tag(5);
        self.0.write_u32(v as u32);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.tag(6);
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.tag(7);
        self.0.write_usize(v.len());
        self.0.write(v);
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
        self.0.write_u32(i);
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
        self.0.write_u32(i);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(13);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.tag(13);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(13);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(14);
        self.0.write_u32(i);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(15);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(15);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(16);
        self.0.write_u32(i);
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
                self.tag(END);
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
                self.str(key);
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag(END);
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
    fn end(self) -> Result<(), Never> {
        self.tag(END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash<T: Serialize + ?Sized>(v: &T) -> u64 {
        let mut h = crate::hash::hasher();
        v.serialize(&mut HashSer(&mut h))
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
