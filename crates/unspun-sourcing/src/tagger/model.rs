//! The tagger model: stacked linear chains and their file format.
//!
//! Format (`attribution-tagger.bin`): the `u32` number of chains, then
//! each chain as the magic `UNSPATT1` and a [`LinearChain`] with `i8`
//! weights in the [`Sparse::I8`] layout (one scale per chain).

use std::ops::Range;

use unspun_learn::chain::{decode_mixed, FeatureRows, LinearChain};
use unspun_learn::format::{ByteReader, FormatError, Sparse};

use super::features::{stack_features, Facts};
use super::neural::TokenLogProbs;
use super::L;

const MAGIC: &[u8; 8] = b"UNSPATT1";

/// The trained tagger: a first chain over the document features, then
/// chains that also read the tags of the chain before (stacking).
#[derive(Debug, Clone)]
pub struct Tagger {
    pub(super) levels: Vec<LinearChain<L>>,
}

impl Tagger {
    /// The model as bytes: the number of chains, then each chain.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = (self.levels.len() as u32).to_le_bytes().to_vec();
        for chain in &self.levels {
            out.extend_from_slice(MAGIC);
            chain.write(&mut out, Sparse::I8);
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(raw: &[u8]) -> Result<Self, FormatError> {
        let mut r = ByteReader::new(raw);
        let n = r.u32()?;
        if n == 0 || n > 4 {
            return Err(FormatError("bad number of chains"));
        }
        let levels = (0..n)
            .map(|_| {
                if r.take(8)? != MAGIC {
                    return Err(FormatError("not an unspun attribution tagger"));
                }
                LinearChain::read(&mut r, Sparse::I8)
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !r.is_at_end() {
            return Err(FormatError("trailing bytes"));
        }
        Ok(Self { levels })
    }

    /// The tags of every token; with `neural` (the tower's log-probability
    /// of each token and the linear scores' weight), the last chain's
    /// scores are combined with the tower's before decoding.
    pub(super) fn tag_with_neural(
        &self,
        facts: &Facts<'_>,
        sequences: &[Range<usize>],
        neural: Option<(&[TokenLogProbs], f32)>,
    ) -> Vec<usize> {
        let mut tags = vec![0; facts.toks.len()];
        let mut base = FeatureRows::new();
        let mut stacked = FeatureRows::new();
        let last = self.levels.len().saturating_sub(1);
        for seq in sequences {
            facts.features(seq.clone(), &mut base);
            for (l, chain) in self.levels.iter().enumerate() {
                let feats = if l == 0 {
                    &base
                } else {
                    stack_features(facts, &tags, seq.clone(), &base, &mut stacked);
                    &stacked
                };
                let pred = match neural {
                    Some((lp, weight)) if l == last && lp.len() >= seq.end => decode_mixed(
                        &chain.emissions(feats),
                        chain.transitions(),
                        &lp[seq.clone()],
                        weight,
                    ),
                    _ => chain.decode(feats),
                };
                for (k, y) in seq.clone().zip(pred) {
                    tags[k] = y;
                }
            }
        }
        tags
    }
}

impl Tagger {
    /// The tags of the last chain, given the tags of the level before it
    /// (`None` for a single chain).
    pub(super) fn tag_with(
        &self,
        facts: &Facts<'_>,
        sequences: &[Range<usize>],
        earlier: Option<&Vec<usize>>,
    ) -> Vec<usize> {
        let Some(chain) = self.levels.last() else {
            return vec![0; facts.toks.len()];
        };
        let mut out = vec![0; facts.toks.len()];
        let mut base = FeatureRows::new();
        let mut stacked = FeatureRows::new();
        for seq in sequences {
            facts.features(seq.clone(), &mut base);
            let pred = match earlier {
                Some(tags) => {
                    stack_features(facts, tags, seq.clone(), &base, &mut stacked);
                    chain.decode(&stacked)
                }
                None => chain.decode(&base),
            };
            for (k, y) in seq.clone().zip(pred) {
                out[k] = y;
            }
        }
        out
    }
}
