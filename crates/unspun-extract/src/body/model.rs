//! The learned block classifier: logistic regression over the features of
//! [`super::features`], deciding for every unit of text whether it is part
//! of the article. The rules' own decision is one of its features, so the
//! model learns where to overrule them.
//!
//! The shipped weights (`models/blocks.json`, embedded) are trained by
//! `cargo run --release -p unspun-extract --example train_blocks`
//! (deterministic: fixed seed, fixed order) on the development sets.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unspun_learn::rng::SplitMix;

use super::features::{Features, DENSE, DIM, HASHED};

/// The shipped model, as JSON.
const EMBEDDED: &str = include_str!("../../models/blocks.json");

/// A logistic block classifier.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlockModel {
    /// Fixed feature slots the model was trained with.
    pub dense: usize,
    /// Hashed feature slots the model was trained with.
    pub hashed: usize,
    /// A unit the rules left out is added when its probability reaches
    /// this.
    pub threshold: f32,
    /// A unit the rules wrote is dropped when its probability is below
    /// this.
    #[serde(default)]
    pub drop_threshold: f32,
    /// `dense + hashed` weights.
    pub weights: Vec<f32>,
    /// How the model was trained (for reading only).
    #[serde(default)]
    pub trained_on: String,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainParams {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad step size.
    pub rate: f32,
    /// L2 penalty per example.
    pub l2: f32,
    /// Shuffling seed.
    pub seed: u64,
    /// Threshold to add a unit, stored in the model.
    pub threshold: f32,
    /// Threshold to drop a unit the rules wrote, stored in the model.
    pub drop_threshold: f32,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 8,
            rate: 0.1,
            l2: 1e-5,
            seed: 16,
            threshold: 0.5,
            drop_threshold: 0.5,
        }
    }
}

/// A labelled unit: features, label (1 article, 0 not) and weight.
#[derive(Debug, Clone)]
pub struct Example {
    /// The unit's features.
    pub features: Features,
    /// True when the unit belongs to the article.
    pub label: bool,
    /// How much the example counts.
    pub weight: f32,
}

impl BlockModel {
    /// The model shipped with the crate; `None` if its file does not fit
    /// the feature layout (then the rules decide alone).
    pub fn embedded() -> Option<&'static BlockModel> {
        static MODEL: OnceLock<Option<BlockModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| BlockModel::from_json(EMBEDDED))
            .as_ref()
    }

    /// Reads a model from JSON; `None` when malformed or of another layout.
    pub fn from_json(text: &str) -> Option<BlockModel> {
        let m: BlockModel = serde_json::from_str(text).ok()?;
        (m.dense == DENSE && m.hashed == HASHED && m.weights.len() == DIM).then_some(m)
    }

    /// The model as JSON, weights rounded to 5 decimals.
    pub fn to_json(&self) -> String {
        let mut m = self.clone();
        for w in &mut m.weights {
            *w = (*w * 1e5).round() / 1e5;
        }
        serde_json::to_string(&m).expect("a model serialises")
    }

    /// The probability that a unit with `features` is article text.
    pub fn probability(&self, features: &Features) -> f32 {
        sigmoid(self.score(features))
    }

    /// Whether a unit with `features` is kept; `rule_kept`: the rules
    /// wrote it.
    pub fn keep(&self, features: &Features, rule_kept: bool) -> bool {
        let p = self.probability(features);
        if rule_kept {
            p >= self.drop_threshold
        } else {
            p >= self.threshold
        }
    }

    fn score(&self, features: &Features) -> f32 {
        dot(&self.weights, features)
    }

    /// Trains a model on `examples` (deterministic for given params).
    pub fn train(examples: &[Example], params: TrainParams, trained_on: &str) -> BlockModel {
        let mut w = vec![0.0f32; DIM];
        let mut g2 = vec![1e-6f32; DIM];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = SplitMix::new(params.seed);
        for _ in 0..params.epochs {
            rng.shuffle(&mut order);
            for &e in &order {
                let ex = &examples[e];
                let p = sigmoid(dot(&w, &ex.features));
                let err = (p - ex.label as u8 as f32) * ex.weight;
                for &(i, v) in &ex.features {
                    let i = i as usize;
                    let g = err * v + params.l2 * w[i];
                    g2[i] += g * g;
                    w[i] -= params.rate * g / g2[i].sqrt();
                }
            }
        }
        BlockModel {
            dense: DENSE,
            hashed: HASHED,
            threshold: params.threshold,
            drop_threshold: params.drop_threshold,
            weights: w,
            trained_on: trained_on.to_string(),
        }
    }
}

/// The weighted sum of sparse `features`.
fn dot(weights: &[f32], features: &Features) -> f32 {
    features
        .iter()
        .map(|&(i, v)| weights.get(i as usize).copied().unwrap_or(0.0) * v)
        .sum()
}

/// The logistic function.
fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_fits_the_layout() {
        let m = BlockModel::embedded().expect("embedded model");
        assert_eq!(m.weights.len(), DIM);
        assert!(m.threshold > 0.0 && m.threshold < 1.0);
    }

    #[test]
    fn training_learns_a_separable_rule_and_is_deterministic() {
        // Feature 1 on: article; off: not.
        let examples: Vec<Example> = (0..200)
            .map(|k| Example {
                features: vec![(0, 1.0), (1, (k % 2) as f32), (70, 1.0)],
                label: k % 2 == 1,
                weight: 1.0,
            })
            .collect();
        let a = BlockModel::train(&examples, TrainParams::default(), "test");
        let b = BlockModel::train(&examples, TrainParams::default(), "test");
        assert_eq!(a.weights, b.weights);
        assert!(a.keep(&vec![(0, 1.0), (1, 1.0)], false));
        assert!(!a.keep(&vec![(0, 1.0)], true));
        let back = BlockModel::from_json(&a.to_json()).expect("round trip");
        assert_eq!(back.threshold, a.threshold);
        assert!(BlockModel::from_json("{}").is_none());
    }
}
