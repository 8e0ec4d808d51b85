//! The one hasher for fingerprints and written-file checks: fixed keys, so equal
//! bytes hash equal within a process, and fast on long inputs such as rendered
//! pages. The output manifest stores page hashes for the next build; a hash made by
//! another version (or on another machine) can only fail to match, which writes the
//! page again.

use std::hash::{BuildHasher, Hasher};

/// A deterministic hasher (fixed keys): fingerprints are compared within one
/// process only, so speed matters more than stability across versions.
pub(crate) fn hasher() -> ahash::AHasher {
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    )
    .build_hasher()
}

/// Hashes bytes with the fingerprint hasher.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = hasher();
    h.write(bytes);
    h.finish()
}
