//! Linear-chain taggers over hashed features: emission weights per
//! feature row and tag, transition weights between tags, and Viterbi
//! decoding under the BIO constraints (the named-entity and attribution
//! taggers).
//!
//! Tag convention: 0 is `O`, an odd tag `2k + 1` is `B-X`, the even tag
//! after it (`2k + 2`) is `I-X`.

use std::borrow::Cow;

use crate::format::{self, ByteReader, ByteWriter, FormatError, QuantisedI8, Sparse};

/// Whether tag `to` may follow tag `from` (`None`: start of the sequence):
/// an `I-X` needs `B-X` or `I-X` right before it.
pub fn bio_allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    matches!(from, Some(f) if f == to || f + 1 == to)
}

/// The best tag sequence for emission scores `em[t][y]` and transition
/// scores `transitions[from][to]` (row `L` holds the start scores), under
/// [`bio_allowed`]. Ties go to the lower tag at the end and to the first
/// best predecessor on the way.
pub fn bio_viterbi<const L: usize>(em: &[[f32; L]], transitions: &[[f32; L]]) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; L]; n];
    let mut back = vec![[0u8; L]; n];
    for y in 0..L {
        if bio_allowed(None, y) {
            score[0][y] = em[0][y] + transitions[L][y];
        }
    }
    for t in 1..n {
        for y in 0..L {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (p, &prev) in score[t - 1].iter().enumerate() {
                if !bio_allowed(Some(p), y) || prev == f32::NEG_INFINITY {
                    continue;
                }
                let s = prev + transitions[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[t][y] = best + em[t][y];
            back[t][y] = arg as u8;
        }
    }
    let mut y = (0..L)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = y;
        y = back[t][y] as usize;
    }
    out
}

/// Decodes a chain together with another model of the same tags:
/// emissions are `weight` × the chain's plus the other model's
/// log-probabilities of each token (a token without them keeps the chain's
/// alone), transitions `weight` × the chain's; Viterbi under the BIO
/// constraints ([`bio_viterbi`]).
pub fn decode_mixed<const L: usize, P: AsRef<[f32]>>(
    emissions: &[[f32; L]],
    transitions: &[[f32; L]],
    other: &[Option<P>],
    weight: f32,
) -> Vec<usize> {
    let mixed: Vec<[f32; L]> = emissions
        .iter()
        .enumerate()
        .map(|(t, lin)| {
            let mut e = lin.map(|v| weight * v);
            if let Some(Some(lp)) = other.get(t) {
                for (a, b) in e.iter_mut().zip(lp.as_ref()) {
                    *a += b;
                }
            }
            e
        })
        .collect();
    let scaled: Vec<[f32; L]> = transitions
        .iter()
        .map(|row| row.map(|v| weight * v))
        .collect();
    bio_viterbi(&mixed, &scaled)
}

/// The hashed features of one sequence: a list of feature ids per token.
/// Ids are folded onto the model's rows with its mask, so they may be
/// full 32-bit hashes.
pub trait FeatureSeq {
    /// Number of tokens.
    fn len(&self) -> usize;
    /// The features of token `t`.
    fn row(&self, t: usize) -> &[u32];
    /// Whether there is no token.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl FeatureSeq for [Vec<u32>] {
    fn len(&self) -> usize {
        <[Vec<u32>]>::len(self)
    }
    fn row(&self, t: usize) -> &[u32] {
        &self[t]
    }
}

impl FeatureSeq for Vec<Vec<u32>> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn row(&self, t: usize) -> &[u32] {
        &self[t]
    }
}

/// Features of a sequence with the same number of features per token,
/// stored flat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureRows {
    data: Vec<u32>,
    stride: usize,
}

impl FeatureRows {
    /// No token.
    pub fn new() -> Self {
        Self::default()
    }

    /// Removes every token.
    pub fn clear(&mut self) {
        self.data.clear();
    }

    /// Appends a token's features; every token must have as many.
    pub fn push_row(&mut self, features: impl IntoIterator<Item = u32>) {
        let before = self.data.len();
        self.data.extend(features);
        let n = self.data.len() - before;
        if before == 0 {
            self.stride = n;
        }
        debug_assert_eq!(n, self.stride, "every token has as many features");
    }
}

impl FeatureSeq for FeatureRows {
    fn len(&self) -> usize {
        self.data.len().checked_div(self.stride).unwrap_or(0)
    }
    fn row(&self, t: usize) -> &[u32] {
        &self.data[t * self.stride..(t + 1) * self.stride]
    }
}

/// Emission weights: `f32` while training (and as the `i16` files are
/// read), or kept as `i8` with one scale (a quarter of the memory, so more
/// of it stays in the cache).
#[derive(Debug, Clone, PartialEq)]
enum Emissions {
    F32(Vec<f32>),
    I8(QuantisedI8),
}

/// A linear-chain tagger with `L` tags over `2^bits` hashed feature rows.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearChain<const L: usize> {
    pub(crate) bits: u32,
    emissions: Emissions,
    /// `transitions[from][to]`; row `L` holds the start scores.
    pub(crate) transitions: Vec<[f32; L]>,
}

impl<const L: usize> LinearChain<L> {
    /// An untrained chain (all weights 0) with `1 << bits` feature rows.
    pub fn new(bits: u32) -> Self {
        Self {
            bits,
            emissions: Emissions::F32(vec![0.0; (1usize << bits) * L]),
            transitions: vec![[0.0; L]; L + 1],
        }
    }

    /// Hash bits of the feature rows.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The transition weights (`L + 1` rows, the last for the start).
    pub fn transitions(&self) -> &[[f32; L]] {
        &self.transitions
    }

    /// The emission weights as `f32`, row-major (`row * L + tag`).
    pub fn weights(&self) -> Cow<'_, [f32]> {
        match &self.emissions {
            Emissions::F32(w) => Cow::Borrowed(w),
            Emissions::I8(q) => Cow::Owned(q.dequantise()),
        }
    }

    pub(crate) fn weights_mut(&mut self) -> &mut Vec<f32> {
        if let Emissions::I8(q) = &self.emissions {
            self.emissions = Emissions::F32(q.dequantise());
        }
        match &mut self.emissions {
            Emissions::F32(w) => w,
            Emissions::I8(_) => unreachable!("made f32 above"),
        }
    }

    /// The emission scores of every token.
    pub fn emissions<F: FeatureSeq + ?Sized>(&self, feats: &F) -> Vec<[f32; L]> {
        let mask = (1usize << self.bits) - 1;
        match &self.emissions {
            Emissions::F32(weights) => (0..feats.len())
                .map(|t| {
                    let mut s = [0f32; L];
                    for &f in feats.row(t) {
                        let base = (f as usize & mask) * L;
                        for (a, b) in s.iter_mut().zip(&weights[base..base + L]) {
                            *a += b;
                        }
                    }
                    s
                })
                .collect(),
            Emissions::I8(q) => (0..feats.len())
                .map(|t| {
                    let mut s = [0i32; L];
                    for &f in feats.row(t) {
                        let base = (f as usize & mask) * L;
                        if let Some(row) = q.values.get(base..base + L) {
                            for (a, &b) in s.iter_mut().zip(row) {
                                *a += i32::from(b);
                            }
                        }
                    }
                    s.map(|v| v as f32 * q.scale)
                })
                .collect(),
        }
    }

    /// The best tag sequence (Viterbi under the BIO constraints).
    pub fn decode<F: FeatureSeq + ?Sized>(&self, feats: &F) -> Vec<usize> {
        bio_viterbi(&self.emissions(feats), &self.transitions)
    }

    /// Writes the chain: `u32` bits, the transitions as `f32` row by row,
    /// then the emission weights in a [`Sparse`] layout.
    pub fn write(&self, out: &mut Vec<u8>, layout: Sparse) {
        out.put_u32(self.bits);
        for row in &self.transitions {
            out.put_f32s(row);
        }
        format::write_sparse(out, &self.weights(), L, layout);
    }

    /// Reads a chain written by [`LinearChain::write`]; a [`Sparse::I8`]
    /// table stays quantised.
    pub fn read(r: &mut ByteReader<'_>, layout: Sparse) -> Result<Self, FormatError> {
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            return Err(FormatError("bad hash bits"));
        }
        let mut transitions = vec![[0f32; L]; L + 1];
        for row in transitions.iter_mut() {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let rows = 1usize << bits;
        let emissions = match layout {
            Sparse::I8 => Emissions::I8(format::read_sparse_i8(r, L, rows)?),
            Sparse::I16 => Emissions::F32(format::read_sparse(r, L, rows, layout)?),
        };
        Ok(Self {
            bits,
            emissions,
            transitions,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mixed_decoding_weighs_the_chain_and_adds_the_other_model() {
        // Tags O, B-X, I-X. The chain prefers O everywhere; the other model
        // says B-X then I-X strongly; token 2 has no other scores.
        let chain = [[1.0f32, 0.0, 0.0]; 3];
        let transitions = vec![[0.0f32; 3]; 4];
        let other = [Some([-9.0f32, 0.0, -9.0]), Some([-9.0, -9.0, 0.0]), None];
        assert_eq!(
            decode_mixed(&chain, &transitions, &other, 0.5),
            vec![1, 2, 0]
        );
        // With a heavy chain weight the chain wins.
        assert_eq!(
            decode_mixed(&chain, &transitions, &other, 100.0),
            vec![0, 0, 0]
        );
    }

    use super::*;

    #[test]
    fn never_starts_or_continues_an_inside_tag_without_its_begin() {
        // Tags O, B-A, I-A. Emissions favour I-A everywhere.
        let em = [[0.0, 0.0, 5.0]; 3];
        let transitions = [[0.0; 3]; 4];
        assert_eq!(bio_viterbi(&em, &transitions), vec![1, 2, 2]);
        assert!(bio_allowed(None, 1) && !bio_allowed(None, 2));
        assert!(bio_allowed(Some(1), 2) && !bio_allowed(Some(0), 2));
        assert!(bio_viterbi::<3>(&[], &transitions).is_empty());
    }

    #[test]
    fn feature_rows_are_strided() {
        let mut rows = FeatureRows::new();
        assert!(rows.is_empty());
        rows.push_row([1, 2]);
        rows.push_row([3, 4]);
        assert_eq!((rows.len(), rows.row(1)), (2, &[3u32, 4][..]));
        rows.clear();
        assert_eq!(rows.len(), 0);
    }
}
