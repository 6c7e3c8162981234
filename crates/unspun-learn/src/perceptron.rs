//! Averaged perceptrons (Collins 2002): the structured one that trains the
//! [`LinearChain`] taggers and the multiclass one.
//!
//! Each example is predicted with the current weights; where the prediction
//! is wrong the weights move towards the gold answer; the model kept is the
//! average of the weights over every step. Examples are visited in an order
//! shuffled with a seeded [`XorShift64`] each epoch, so training is
//! deterministic.

use crate::chain::{FeatureSeq, LinearChain};
use crate::rng::XorShift64;

/// Statistics of one training epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EpochStats {
    /// Sequences decoded with at least one wrong tag.
    pub wrong_sequences: usize,
    /// Tokens decoded with a wrong tag.
    pub wrong_tokens: usize,
    /// Tokens seen.
    pub tokens: usize,
}

/// The averaged structured perceptron for a [`LinearChain`]: Viterbi
/// decoding, and on a wrong tag +1 to the gold tag's and −1 to the
/// predicted tag's weights of the token's features (and transitions).
#[derive(Debug, Clone)]
pub struct ChainTrainer<const L: usize> {
    model: LinearChain<L>,
    /// Σ step × update of the emission weights, for the average.
    total_emissions: Vec<f32>,
    /// Σ step × update of the transition weights.
    total_transitions: Vec<[f32; L]>,
    step: f32,
    order: Vec<usize>,
    rng: XorShift64,
}

impl<const L: usize> ChainTrainer<L> {
    /// A trainer of a zero chain with `1 << bits` rows.
    pub fn new(bits: u32, seed: u64) -> Self {
        Self {
            model: LinearChain::new(bits),
            total_emissions: vec![0.0; (1usize << bits) * L],
            total_transitions: vec![[0.0; L]; L + 1],
            step: 1.0,
            order: Vec::new(),
            rng: XorShift64::new(seed),
        }
    }

    /// The current (not averaged) weights.
    pub fn model(&self) -> &LinearChain<L> {
        &self.model
    }

    /// One pass over `(features, gold tags)` sequences (the same list every
    /// epoch), in a freshly shuffled order.
    pub fn epoch<F, G>(&mut self, data: &[(F, G)]) -> EpochStats
    where
        F: FeatureSeq,
        G: AsRef<[usize]>,
    {
        if self.order.len() != data.len() {
            self.order = (0..data.len()).collect();
        }
        self.rng.shuffle(&mut self.order);
        let mask = (1usize << self.model.bits) - 1;
        let mut stats = EpochStats::default();
        for &k in &self.order {
            let (fs, gold) = &data[k];
            let gold = gold.as_ref();
            let pred = self.model.decode(fs);
            stats.tokens += gold.len();
            if pred.as_slice() != gold {
                stats.wrong_sequences += 1;
            }
            let c = self.step;
            for t in 0..gold.len() {
                let (g, p) = (gold[t], pred[t]);
                if g != p {
                    stats.wrong_tokens += 1;
                    let w = self.model.weights_mut();
                    for &f in fs.row(t) {
                        let base = (f as usize & mask) * L;
                        w[base + g] += 1.0;
                        w[base + p] -= 1.0;
                        self.total_emissions[base + g] += c;
                        self.total_emissions[base + p] -= c;
                    }
                }
                let gp = if t == 0 { L } else { gold[t - 1] };
                let pp = if t == 0 { L } else { pred[t - 1] };
                if (gp, g) != (pp, p) {
                    self.model.transitions[gp][g] += 1.0;
                    self.model.transitions[pp][p] -= 1.0;
                    self.total_transitions[gp][g] += c;
                    self.total_transitions[pp][p] -= c;
                }
            }
            self.step += 1.0;
        }
        stats
    }

    /// The averaged weights after the steps so far: `w − Σ step × update
    /// / steps`.
    pub fn averaged(&self) -> LinearChain<L> {
        let mut avg = self.model.clone();
        let c = self.step;
        for (a, t) in avg.weights_mut().iter_mut().zip(&self.total_emissions) {
            *a -= t / c;
        }
        for (ra, rt) in avg.transitions.iter_mut().zip(&self.total_transitions) {
            for (a, t) in ra.iter_mut().zip(rt) {
                *a -= t / c;
            }
        }
        avg
    }
}

/// The averaged multiclass perceptron over hashed features, with `C`
/// classes: the predicted class is the one with the highest sum of its
/// features' weights (the lowest class on a tie).
#[derive(Debug, Clone)]
pub struct MulticlassTrainer<const C: usize> {
    weights: Vec<f32>,
    total: Vec<f32>,
    step: f32,
    order: Vec<usize>,
    rng: XorShift64,
}

impl<const C: usize> MulticlassTrainer<C> {
    /// A trainer of zero weights over `1 << bits` rows.
    pub fn new(bits: u32, seed: u64) -> Self {
        Self {
            weights: vec![0.0; (1usize << bits) * C],
            total: vec![0.0; (1usize << bits) * C],
            step: 1.0,
            order: Vec::new(),
            rng: XorShift64::new(seed),
        }
    }

    /// The class scores of a feature list under `weights` (row-major,
    /// `row * C + class`; features must be below the row count).
    pub fn scores(weights: &[f32], features: impl IntoIterator<Item = u32>) -> [f32; C] {
        let mut s = [0f32; C];
        for f in features {
            for (j, v) in s.iter_mut().enumerate() {
                *v += weights[f as usize * C + j];
            }
        }
        s
    }

    /// One pass over `(features, class)` examples (the same list every
    /// epoch); returns the number predicted wrong.
    pub fn epoch(&mut self, data: &[(Vec<u32>, usize)]) -> usize {
        if self.order.len() != data.len() {
            self.order = (0..data.len()).collect();
        }
        self.rng.shuffle(&mut self.order);
        let mut wrong = 0;
        for &k in &self.order {
            let (fs, gold) = &data[k];
            let s = Self::scores(&self.weights, fs.iter().copied());
            let pred = (0..C)
                .max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            if pred != *gold {
                wrong += 1;
                let c = self.step;
                for &f in fs {
                    let base = f as usize * C;
                    self.weights[base + gold] += 1.0;
                    self.weights[base + pred] -= 1.0;
                    self.total[base + gold] += c;
                    self.total[base + pred] -= c;
                }
            }
            self.step += 1.0;
        }
        wrong
    }

    /// The averaged weights after the steps so far (row-major).
    pub fn averaged(&self) -> Vec<f32> {
        let c = self.step;
        self.weights
            .iter()
            .zip(&self.total)
            .map(|(w, t)| w - t / c)
            .collect()
    }
}
