//! Feature hashing: FNV-1a, the one hash function every hashed-feature
//! model of unspun is built on, in its 64-bit and 32-bit widths.
//!
//! A model's features are the hash of a template name and its values,
//! folded onto `2^bits` weight rows with a mask. How the parts of a feature
//! are laid out before hashing (separator bytes, numbers as bytes, a final
//! mix) belongs to each model's feature extractor and must never change
//! for a trained model: the shipped model files hold weights indexed by
//! these hashes.

/// The word of an FNV-1a hash: its width's offset basis and prime.
pub trait FnvWord: Copy {
    /// The offset basis (the hash of no bytes).
    const OFFSET: Self;
    /// One FNV-1a step: XOR the byte in, multiply by the prime.
    fn step(self, byte: u8) -> Self;
}

impl FnvWord for u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    #[inline]
    fn step(self, byte: u8) -> u64 {
        (self ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    }
}

impl FnvWord for u32 {
    const OFFSET: u32 = 0x811c_9dc5;
    #[inline]
    fn step(self, byte: u8) -> u32 {
        (self ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    }
}

/// A running FNV-1a hash over words of type `W`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a<W: FnvWord>(W);

/// A running 64-bit FNV-1a hash.
pub type Fnv1a64 = Fnv1a<u64>;
/// A running 32-bit FNV-1a hash.
pub type Fnv1a32 = Fnv1a<u32>;

impl<W: FnvWord> Default for Fnv1a<W> {
    fn default() -> Self {
        Self::new()
    }
}

impl<W: FnvWord> Fnv1a<W> {
    /// The hash of no bytes (the offset basis).
    pub fn new() -> Self {
        Self(W::OFFSET)
    }

    /// Adds one byte.
    #[inline]
    pub fn byte(self, b: u8) -> Self {
        Self(self.0.step(b))
    }

    /// Adds bytes.
    #[inline]
    pub fn bytes(self, bytes: &[u8]) -> Self {
        Self(bytes.iter().fold(self.0, |h, &b| h.step(b)))
    }

    /// The hash so far.
    pub fn finish(self) -> W {
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
