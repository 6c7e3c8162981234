//! Hashed-feature linear models (binary logistic, multi-label logistic or
//! multinomial) and their deterministic AdaGrad trainer.
//!
//! Features are 32-bit hashes (see [`crate::hash`]); a model with `bits`
//! keeps `2^bits` rows of `outputs` weights and folds each hash onto a row
//! with a mask.

use crate::rng::SplitMix;

/// A linear model over hashed binary features.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    /// Number of hash bits: the model has `2^bits` feature rows.
    pub bits: u32,
    /// Outputs per row: 1 for a binary logistic model, the class count for
    /// a multinomial one.
    pub outputs: usize,
    /// Weights, row-major (`row * outputs + output`).
    pub weights: Vec<f32>,
    /// One bias per output.
    pub bias: Vec<f32>,
}

impl Linear {
    /// A zero model.
    pub fn new(bits: u32, outputs: usize) -> Self {
        Self {
            bits,
            outputs,
            weights: vec![0.0; (1usize << bits) * outputs],
            bias: vec![0.0; outputs],
        }
    }

    /// The first weight index of a feature's row.
    #[inline]
    pub fn row(&self, feature: u32) -> usize {
        (feature & ((1u32 << self.bits) - 1)) as usize * self.outputs
    }

    /// Raw scores (logits) of a feature list into `out` (`outputs` long).
    pub fn scores(&self, features: &[u32], out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        for &f in features {
            let r = self.row(f);
            for (o, w) in out.iter_mut().zip(&self.weights[r..r + self.outputs]) {
                *o += *w;
            }
        }
    }

    /// The probability of the positive class of a binary model.
    pub fn probability(&self, features: &[u32]) -> f32 {
        let mut z = [0.0f32];
        self.scores(features, &mut z);
        sigmoid(z[0])
    }

    /// Independent probabilities of every output (multi-label logistic) into `out`.
    pub fn sigmoids(&self, features: &[u32], out: &mut [f32]) {
        self.scores(features, out);
        for x in out.iter_mut() {
            *x = sigmoid(*x);
        }
    }

    /// Class probabilities of a multinomial model into `out`.
    pub fn probabilities(&self, features: &[u32], out: &mut [f32]) {
        self.scores(features, out);
        softmax(out);
    }
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Softmax in place.
pub fn softmax(v: &mut [f32]) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    if sum > 0.0 {
        for x in v.iter_mut() {
            *x /= sum;
        }
    }
}

/// One training example.
#[derive(Debug, Clone)]
pub struct Example {
    /// Hashed features.
    pub features: Vec<u32>,
    /// Target: a bit mask of the true outputs for [`Loss::Logistic`] (bit
    /// `k` for output `k`), the class index for [`Loss::Softmax`].
    pub label: usize,
    /// Weight of the example's loss.
    pub weight: f32,
}

/// The loss a model is trained with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Every output is an independent binary logistic regression.
    Logistic,
    /// The outputs are the classes of one multinomial logistic regression.
    Softmax,
}

/// Settings of the AdaGrad trainer.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// The loss.
    pub loss: Loss,
    /// Base learning rate.
    pub learning_rate: f32,
    /// L2 penalty, applied to the weights an example touches.
    pub l2: f32,
    /// Seed of the example order.
    pub seed: u64,
}

/// An AdaGrad trainer that owns a model and its squared-gradient sums.
pub struct Trainer {
    /// The model being trained.
    pub model: Linear,
    sq: Vec<f32>,
    bias_sq: Vec<f32>,
    config: TrainConfig,
    rng: SplitMix,
}

impl Trainer {
    /// A trainer for a zero model.
    pub fn new(bits: u32, outputs: usize, config: TrainConfig) -> Self {
        let model = Linear::new(bits, outputs);
        Self {
            sq: vec![0.0; model.weights.len()],
            bias_sq: vec![0.0; outputs],
            config,
            rng: SplitMix::new(config.seed),
            model,
        }
    }

    /// One pass over the examples in a shuffled (seeded) order; returns the
    /// mean weighted loss.
    pub fn epoch(&mut self, examples: &[Example]) -> f64 {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        self.rng.shuffle(&mut order);
        let outputs = self.model.outputs;
        let mut scores = vec![0.0f32; outputs];
        let mut grad = vec![0.0f32; outputs];
        let (lr, l2) = (self.config.learning_rate, self.config.l2);
        let mut loss = 0.0f64;
        for &i in &order {
            let ex = &examples[i];
            self.model.scores(&ex.features, &mut scores);
            if self.config.loss == Loss::Logistic {
                for (k, g) in grad.iter_mut().enumerate() {
                    let p = sigmoid(scores[k]);
                    let y = (ex.label >> k) & 1 == 1;
                    *g = (p - y as u8 as f32) * ex.weight;
                    loss -= (ex.weight
                        * if y {
                            p.max(1e-7).ln()
                        } else {
                            (1.0 - p).max(1e-7).ln()
                        }) as f64;
                }
            } else {
                softmax(&mut scores);
                for (k, g) in grad.iter_mut().enumerate() {
                    let y = if k == ex.label { 1.0 } else { 0.0 };
                    *g = (scores[k] - y) * ex.weight;
                }
                loss -= (ex.weight * scores[ex.label].max(1e-7).ln()) as f64;
            }
            for (k, g) in grad.iter().enumerate() {
                self.bias_sq[k] += g * g;
                self.model.bias[k] -= lr * g / (self.bias_sq[k].sqrt() + 1e-6);
            }
            for &f in &ex.features {
                let r = self.model.row(f);
                for (k, g0) in grad.iter().enumerate() {
                    let w = &mut self.model.weights[r + k];
                    let g = g0 + l2 * *w;
                    let s = &mut self.sq[r + k];
                    *s += g * g;
                    *w -= lr * g / (s.sqrt() + 1e-6);
                }
            }
        }
        loss / examples.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::fnv1a32;

    fn feature(s: &str) -> u32 {
        fnv1a32(s.as_bytes())
    }

    #[test]
    fn learns_a_separable_binary_problem_deterministically() {
        let (a, b) = (feature("w=awful"), feature("w=table"));
        let examples: Vec<Example> = (0..40)
            .map(|i| Example {
                features: vec![if i % 2 == 0 { a } else { b }],
                label: (i % 2 == 0) as usize,
                weight: 1.0,
            })
            .collect();
        let config = TrainConfig {
            loss: Loss::Logistic,
            learning_rate: 0.5,
            l2: 0.0,
            seed: 7,
        };
        let run = || {
            let mut t = Trainer::new(10, 1, config);
            let first = t.epoch(&examples);
            let later = (0..5).map(|_| t.epoch(&examples)).last().unwrap();
            assert!(later < first);
            t.model
        };
        let m = run();
        assert!(m.probability(&[a]) > 0.9);
        assert!(m.probability(&[b]) < 0.1);
        assert_eq!(m, run());
    }

    #[test]
    fn multi_label_outputs_learn_independently() {
        let (a, b) = (feature("w=a"), feature("w=b"));
        // Feature a: outputs 0 and 2 true; feature b: output 1 true.
        let examples: Vec<Example> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    Example {
                        features: vec![a],
                        label: 0b101,
                        weight: 1.0,
                    }
                } else {
                    Example {
                        features: vec![b],
                        label: 0b010,
                        weight: 1.0,
                    }
                }
            })
            .collect();
        let mut t = Trainer::new(
            10,
            3,
            TrainConfig {
                loss: Loss::Logistic,
                learning_rate: 0.5,
                l2: 0.0,
                seed: 3,
            },
        );
        for _ in 0..6 {
            t.epoch(&examples);
        }
        let mut p = [0.0f32; 3];
        t.model.sigmoids(&[a], &mut p);
        assert!(p[0] > 0.9 && p[1] < 0.1 && p[2] > 0.9, "{p:?}");
        t.model.sigmoids(&[b], &mut p);
        assert!(p[0] < 0.1 && p[1] > 0.9 && p[2] < 0.1, "{p:?}");
    }

    #[test]
    fn multinomial_probabilities_sum_to_one() {
        let feats: Vec<u32> = (0..3).map(|k| feature(&format!("c={k}"))).collect();
        let examples: Vec<Example> = (0..30)
            .map(|i| Example {
                features: vec![feats[i % 3]],
                label: i % 3,
                weight: 1.0,
            })
            .collect();
        let mut t = Trainer::new(
            8,
            3,
            TrainConfig {
                loss: Loss::Softmax,
                learning_rate: 0.5,
                l2: 1e-4,
                seed: 1,
            },
        );
        for _ in 0..5 {
            t.epoch(&examples);
        }
        let mut p = [0.0f32; 3];
        t.model.probabilities(&[feats[2]], &mut p);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[2] > 0.8);
    }
}
