//! Feature hashing: FNV-1a, the one hash function every hashed-feature
//! model of unspun is built on, in its 64-bit and 32-bit widths.
//!
//! A model's features are the hash of a template name and its values,
//! folded onto `2^bits` weight rows with a mask. How the parts of a feature
//! are laid out before hashing (separator bytes, numbers as bytes, a final
//! mix) belongs to each model's feature extractor and must never change
//! for a trained model: the shipped model files hold weights indexed by
//! these hashes.

/// 64-bit FNV-1a offset basis.
const OFFSET_64: u64 = 0xcbf2_9ce4_8422_2325;
/// 64-bit FNV prime.
const PRIME_64: u64 = 0x0000_0100_0000_01b3;
/// 32-bit FNV-1a offset basis.
const OFFSET_32: u32 = 0x811c_9dc5;
/// 32-bit FNV prime.
const PRIME_32: u32 = 0x0100_0193;

/// A running 64-bit FNV-1a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a64(u64);

impl Default for Fnv1a64 {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv1a64 {
    /// The hash of no bytes (the offset basis).
    pub const fn new() -> Self {
        Self(OFFSET_64)
    }

    /// Adds one byte.
    #[inline]
    pub fn byte(mut self, b: u8) -> Self {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(PRIME_64);
        self
    }

    /// Adds bytes.
    #[inline]
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self = self.byte(b);
        }
        self
    }

    /// The hash so far.
    pub const fn finish(self) -> u64 {
        self.0
    }
}

/// A running 32-bit FNV-1a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a32(u32);

impl Default for Fnv1a32 {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv1a32 {
    /// The hash of no bytes (the offset basis).
    pub const fn new() -> Self {
        Self(OFFSET_32)
    }

    /// Adds one byte.
    #[inline]
    pub fn byte(mut self, b: u8) -> Self {
        self.0 ^= u32::from(b);
        self.0 = self.0.wrapping_mul(PRIME_32);
        self
    }

    /// Adds bytes.
    #[inline]
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self = self.byte(b);
        }
        self
    }

    /// The hash so far.
    pub const fn finish(self) -> u32 {
        self.0
    }
}

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    Fnv1a64::new().bytes(bytes).finish()
}

/// 32-bit FNV-1a of `bytes`.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    Fnv1a32::new().bytes(bytes).finish()
}

/// A final mix (the first half of MurmurHash3's `fmix64`) so that the low
/// bits of a 64-bit hash depend on every input byte.
pub fn mix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// A 64-bit hash folded to 32 bits (high half XOR low half).
pub fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Folds a feature hash onto one of `2^bits` rows.
#[inline]
pub fn bucket(hash: u64, bits: u32) -> u32 {
    (hash & ((1u64 << bits) - 1)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // The published FNV-1a test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn streaming_equals_one_shot() {
        let h = Fnv1a64::new().bytes(b"foo").byte(b'b').bytes(b"ar");
        assert_eq!(h.finish(), fnv1a64(b"foobar"));
        let h = Fnv1a32::default().bytes(b"fo").bytes(b"obar");
        assert_eq!(h.finish(), fnv1a32(b"foobar"));
    }

    #[test]
    fn mixing_folding_and_buckets() {
        assert_eq!(mix64(0), 0);
        assert_ne!(mix64(1) & 0xffff, 1);
        assert_eq!(fold32(0x0000_0001_0000_0003), 2);
        assert_eq!(bucket(0xffff_ffff_ffff_ffff, 12), 0xfff);
        assert_eq!(bucket(0x1234, 8), 0x34);
    }
}
