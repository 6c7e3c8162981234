//! The accurate subjectivity model: a small head over the shared MiniLM
//! trunk ([`unspun_encoder::TrunkStates`]).
//!
//! A sentence's features are the mean and the maximum of the trunk's hidden
//! states over its pieces (`[CLS]`/`[SEP]` left out) and the fast model's
//! log-odds ([`crate::subjectivity::Model`]); they are standardised with the
//! training data's mean and spread and fed to a logistic regression (or a
//! one-hidden-layer MLP), trained class-balanced with full-batch Adam from a
//! fixed start, so training is deterministic.
//!
//! Model file (`models/subjectivity-accurate.json`): the settings, the
//! standardisation, the weights and the decision threshold, as JSON.

use serde_json::{json, Value};
use unspun_encoder::TrunkStates;
use unspun_learn::linear::sigmoid;
use unspun_learn::ModelFile;

/// Width of the trunk's hidden states.
pub const HIDDEN: usize = 384;
/// Width of a pooled sentence vector (mean, then max).
pub const POOLED: usize = 2 * HIDDEN;
/// Width of the head's input: the pooled vector and the fast model's log-odds.
pub const INPUT: usize = POOLED + 1;

/// Running sums of one sentence's piece states.
#[derive(Debug, Clone)]
struct Pool {
    sum: Vec<f32>,
    max: Vec<f32>,
    count: usize,
}

impl Pool {
    fn new() -> Self {
        Self {
            sum: vec![0.0; HIDDEN],
            max: vec![f32::NEG_INFINITY; HIDDEN],
            count: 0,
        }
    }

    fn add(&mut self, state: &[f32]) {
        for ((s, m), &v) in self.sum.iter_mut().zip(&mut self.max).zip(state) {
            *s += v;
            *m = m.max(v);
        }
        self.count += 1;
    }

    fn finish(self) -> Option<Vec<f32>> {
        if self.count == 0 {
            return None;
        }
        let n = self.count as f32;
        let mut out: Vec<f32> = self.sum.iter().map(|s| s / n).collect();
        out.extend(self.max);
        Some(out)
    }
}

/// Mean and max pooling of the trunk states, grouped by `group(sentence)`
/// into `groups` vectors (`None` for a group without pieces).
fn pool_by(
    states: &TrunkStates,
    groups: usize,
    group: impl Fn(usize) -> Option<usize>,
) -> Result<Vec<Option<Vec<f32>>>, String> {
    let mut pools = vec![Pool::new(); groups];
    for batch in &states.batches {
        let rows = batch.states.to_vec3::<f32>().map_err(|e| e.to_string())?;
        for (r, &seq) in batch.rows.iter().enumerate() {
            let (Some(sequence), Some(row)) = (states.sequences.get(seq), rows.get(r)) else {
                continue;
            };
            let Some(pool) = group(sequence.sentence).and_then(|g| pools.get_mut(g)) else {
                continue;
            };
            for j in 0..sequence.pieces.len() {
                if let Some(state) = row.get(j + 1).filter(|s| s.len() == HIDDEN) {
                    pool.add(state);
                }
            }
        }
    }
    Ok(pools.into_iter().map(Pool::finish).collect())
}

/// The pooled trunk vector of each of a document's `sentences` sentences.
pub fn sentence_vectors(
    states: &TrunkStates,
    sentences: usize,
) -> Result<Vec<Option<Vec<f32>>>, String> {
    pool_by(states, sentences, Some)
}

/// One pooled vector over every piece of the document (a stand-alone
/// sentence that the segmenter may have cut in two).
pub fn document_vector(states: &TrunkStates) -> Result<Option<Vec<f32>>, String> {
    Ok(pool_by(states, 1, |_| Some(0))?.pop().flatten())
}

/// Runs the shared trunk over `text` as one stand-alone document and pools
/// all its pieces.
pub fn text_vector(trunk: &unspun_encoder::Trunk, text: &str) -> Result<Option<Vec<f32>>, String> {
    let mut doc = unspun_core::Document::new("s", text);
    unspun_core::segment::segment(&mut doc);
    let states = TrunkStates::compute(trunk, &doc).map_err(|e| e.to_string())?;
    document_vector(&states)
}

/// Pooled trunk vectors of stand-alone texts (one per text), with the
/// shared trunk of `models/` (or `$UNSPUN_MODELS`); fails when the model
/// files cannot be read.
pub fn text_vectors(texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>, String> {
    let trunk = unspun_encoder::shared_trunk()?;
    texts.iter().map(|t| text_vector(trunk, t)).collect()
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// The head's input: the pooled vector (zeros when the sentence had no
/// pieces) and the fast model's log-odds.
pub fn input(pooled: Option<&[f32]>, fast_probability: f32) -> Vec<f32> {
    let mut x = match pooled {
        Some(v) if v.len() == POOLED => v.to_vec(),
        _ => vec![0.0; POOLED],
    };
    x.push(logit(fast_probability));
    x
}

/// Training settings of the head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadOptions {
    /// Hidden units (0: logistic regression).
    pub hidden: usize,
    /// L2 penalty on the weights (mean loss + l2/2 · |w|²).
    pub l2: f32,
    /// Full-batch Adam steps.
    pub steps: usize,
    /// Adam learning rate.
    pub learning_rate: f32,
    /// Seed of the MLP's initial weights.
    pub seed: u64,
    /// Whether the fast model's log-odds is an input.
    pub use_fast: bool,
}

impl Default for HeadOptions {
    fn default() -> Self {
        Self {
            hidden: 0,
            l2: 0.01,
            steps: 300,
            learning_rate: 0.01,
            seed: 5,
            use_fast: true,
        }
    }
}

/// The accurate subjectivity model.
#[derive(Debug, Clone, PartialEq)]
pub struct AccurateModel {
    /// Per-input mean subtracted before the head.
    pub mean: Vec<f32>,
    /// Per-input spread the centred input is divided by.
    pub scale: Vec<f32>,
    /// Hidden units (0: logistic regression).
    pub hidden: usize,
    /// Logistic regression: `INPUT` weights; MLP: `hidden × INPUT` first
    /// layer weights, row by row.
    pub w1: Vec<f32>,
    /// MLP first-layer biases (empty for logistic regression).
    pub b1: Vec<f32>,
    /// MLP output weights (empty for logistic regression).
    pub w2: Vec<f32>,
    /// Output bias.
    pub bias: f32,
    /// Probability from which a sentence is subjective.
    pub threshold: f32,
    /// Free-form facts about training (written to the file).
    pub info: Value,
}

/// The head trained by `unspun-dev train subjectivity --model accurate`,
/// embedded in the binary.
pub static HEAD_MODEL: ModelFile = unspun_learn::embed_model!("subjectivity-accurate.json");

fn floats(v: &Value) -> Option<Vec<f32>> {
    v.as_array()?
        .iter()
        .map(|x| x.as_f64().map(|f| f as f32))
        .collect()
}

fn round(v: &[f32]) -> Value {
    Value::Array(
        v.iter()
            .map(|&x| json!((x as f64 * 1e5).round() / 1e5))
            .collect(),
    )
}

impl AccurateModel {
    /// The model shipped with unspun (embedded, or
    /// `subjectivity-accurate.json` in `$UNSPUN_MODELS`).
    pub fn embedded() -> Result<Self, String> {
        Self::from_json(&HEAD_MODEL.load_str().map_err(|e| e.to_string())?)
    }

    /// Reads a model file, checking every size.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let get = |k: &str| floats(&v[k]).ok_or_else(|| format!("subjectivity model: no {k}"));
        let hidden = v["hidden"].as_u64().unwrap_or(0) as usize;
        let m = Self {
            mean: get("mean")?,
            scale: get("scale")?,
            hidden,
            w1: get("w1")?,
            b1: if hidden > 0 { get("b1")? } else { Vec::new() },
            w2: if hidden > 0 { get("w2")? } else { Vec::new() },
            bias: v["bias"].as_f64().unwrap_or(0.0) as f32,
            threshold: v["threshold"].as_f64().unwrap_or(0.5) as f32,
            info: v["info"].clone(),
        };
        let ok = m.mean.len() == INPUT
            && m.scale.len() == INPUT
            && m.w1.len() == INPUT * hidden.max(1)
            && m.b1.len() == hidden
            && m.w2.len() == hidden;
        if !ok {
            return Err("subjectivity model: sizes do not match".into());
        }
        Ok(m)
    }

    /// Writes the model file.
    pub fn to_json(&self) -> String {
        let v = json!({
            "format": "unspun subjectivity-accurate 1",
            "input": "mean and max of the MiniLM trunk states over a sentence's pieces, then the fast model's log-odds",
            "hidden": self.hidden,
            "threshold": self.threshold,
            "bias": self.bias,
            "info": self.info,
            "mean": round(&self.mean),
            "scale": round(&self.scale),
            "w1": round(&self.w1),
            "b1": round(&self.b1),
            "w2": round(&self.w2),
        });
        serde_json::to_string(&v).unwrap_or_default() + "\n"
    }

    /// The probability that a sentence with head input `x` (see [`input`])
    /// is subjective.
    pub fn probability(&self, x: &[f32]) -> f32 {
        let z: Vec<f32> = x
            .iter()
            .zip(self.mean.iter().zip(&self.scale))
            .map(|(&v, (&m, &s))| (v - m) / s)
            .collect();
        sigmoid(head_logit(self, &z))
    }
}

fn head_logit(m: &AccurateModel, z: &[f32]) -> f32 {
    if m.hidden == 0 {
        return m.bias + dot(&m.w1, z);
    }
    let mut out = m.bias;
    for h in 0..m.hidden {
        let row = &m.w1[h * INPUT..(h + 1) * INPUT];
        let a = (dot(row, z) + m.b1[h]).max(0.0);
        out += m.w2[h] * a;
    }
    out
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Trains the head on inputs `xs` (each of width [`INPUT`]) with labels
/// `ys`, class-balanced; the threshold is 0.5 (set it afterwards).
pub fn train_head(xs: &[Vec<f32>], ys: &[bool], options: &HeadOptions) -> AccurateModel {
    let n = xs.len().max(1) as f32;
    let mut mean = vec![0.0f32; INPUT];
    for x in xs {
        for (m, v) in mean.iter_mut().zip(x) {
            *m += v / n;
        }
    }
    let mut scale = vec![0.0f32; INPUT];
    for x in xs {
        for ((s, v), m) in scale.iter_mut().zip(x).zip(&mean) {
            *s += (v - m) * (v - m) / n;
        }
    }
    for s in &mut scale {
        *s = s.sqrt().max(1e-3);
    }
    if !options.use_fast {
        // The fast model's log-odds is ignored: centred and weighted 0.
        scale[POOLED] = 1e9;
    }
    let zs: Vec<Vec<f32>> = xs
        .iter()
        .map(|x| {
            x.iter()
                .zip(mean.iter().zip(&scale))
                .map(|(&v, (&m, &s))| (v - m) / s)
                .collect()
        })
        .collect();
    let pos = ys.iter().filter(|&&y| y).count().max(1) as f32;
    let neg = (ys.len() as f32 - pos).max(1.0);
    let (w_pos, w_neg) = (n / (2.0 * pos), n / (2.0 * neg));
    let hidden = options.hidden;
    // Parameters in one vector: w1, b1, w2, bias.
    let n_w1 = INPUT * hidden.max(1);
    let size = n_w1 + hidden + hidden + 1;
    let mut p = vec![0.0f32; size];
    if hidden > 0 {
        let mut state = options
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        };
        let a1 = (6.0 / (INPUT + hidden) as f32).sqrt();
        for w in p[..n_w1].iter_mut() {
            *w = uniform() * a1;
        }
        let a2 = (6.0 / (hidden + 1) as f32).sqrt();
        for w in p[n_w1 + hidden..n_w1 + 2 * hidden].iter_mut() {
            *w = uniform() * a2;
        }
    }
    let (mut m1, mut m2) = (vec![0.0f32; size], vec![0.0f32; size]);
    let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
    let mut grad = vec![0.0f32; size];
    let mut act = vec![0.0f32; hidden];
    for step in 1..=options.steps {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (z, &y) in zs.iter().zip(ys) {
            let logit = if hidden == 0 {
                p[size - 1] + dot(&p[..INPUT], z)
            } else {
                let mut out = p[size - 1];
                for h in 0..hidden {
                    let a = (dot(&p[h * INPUT..(h + 1) * INPUT], z) + p[n_w1 + h]).max(0.0);
                    act[h] = a;
                    out += p[n_w1 + hidden + h] * a;
                }
                out
            };
            let weight = if y { w_pos } else { w_neg };
            let g = weight * (sigmoid(logit) - if y { 1.0 } else { 0.0 }) / n;
            grad[size - 1] += g;
            if hidden == 0 {
                for (gw, &v) in grad[..INPUT].iter_mut().zip(z) {
                    *gw += g * v;
                }
            } else {
                for h in 0..hidden {
                    grad[n_w1 + hidden + h] += g * act[h];
                    if act[h] > 0.0 {
                        let gh = g * p[n_w1 + hidden + h];
                        grad[n_w1 + h] += gh;
                        for (gw, &v) in grad[h * INPUT..(h + 1) * INPUT].iter_mut().zip(z) {
                            *gw += gh * v;
                        }
                    }
                }
            }
        }
        // L2 on the weights (not the biases).
        for i in 0..size - 1 {
            let is_bias = hidden > 0 && (n_w1..n_w1 + hidden).contains(&i);
            if !is_bias {
                grad[i] += options.l2 * p[i];
            }
        }
        let c1 = 1.0 - b1.powi(step as i32);
        let c2 = 1.0 - b2.powi(step as i32);
        for i in 0..size {
            m1[i] = b1 * m1[i] + (1.0 - b1) * grad[i];
            m2[i] = b2 * m2[i] + (1.0 - b2) * grad[i] * grad[i];
            p[i] -= options.learning_rate * (m1[i] / c1) / ((m2[i] / c2).sqrt() + eps);
        }
    }
    AccurateModel {
        mean,
        scale,
        hidden,
        w1: p[..n_w1].to_vec(),
        b1: p[n_w1..n_w1 + hidden].to_vec(),
        w2: p[n_w1 + hidden..n_w1 + 2 * hidden].to_vec(),
        bias: p[size - 1],
        threshold: 0.5,
        info: Value::Null,
    }
}

/// Out-of-fold probabilities of `folds`-fold cross-validation (example `i`
/// is in fold `i % folds`).
pub fn cross_validate(
    xs: &[Vec<f32>],
    ys: &[bool],
    options: &HeadOptions,
    folds: usize,
) -> Vec<f32> {
    let folds = folds.max(2);
    let fold_of: Vec<usize> = (0..xs.len()).map(|i| i % folds).collect();
    cross_validate_folds(xs, ys, options, &fold_of)
}

/// Out-of-fold probabilities with a given fold for every example (e.g.
/// the fixed folds of `../shared/data/folds`).
pub fn cross_validate_folds(
    xs: &[Vec<f32>],
    ys: &[bool],
    options: &HeadOptions,
    fold_of: &[usize],
) -> Vec<f32> {
    let folds = fold_of.iter().copied().max().map_or(0, |m| m + 1);
    let mut probs = vec![0.5f32; xs.len()];
    for fold in 0..folds {
        let (tx, ty): (Vec<Vec<f32>>, Vec<bool>) = xs
            .iter()
            .zip(ys)
            .enumerate()
            .filter(|(i, _)| fold_of.get(*i) != Some(&fold))
            .map(|(_, (x, y))| (x.clone(), *y))
            .unzip();
        let m = train_head(&tx, &ty, options);
        for (i, x) in xs
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of.get(*i) == Some(&fold))
        {
            probs[i] = m.probability(x);
        }
    }
    probs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<Vec<f32>>, Vec<bool>) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for i in 0..40 {
            let y = i % 3 == 0;
            let mut x = vec![0.0f32; INPUT];
            x[7] = if y { 1.0 } else { -1.0 } + (i as f32 * 0.37).sin() * 0.5;
            x[100] = (i as f32 * 1.3).cos();
            x[POOLED] = if y { 0.3 } else { -0.2 };
            xs.push(x);
            ys.push(y);
        }
        (xs, ys)
    }

    #[test]
    fn logistic_and_mlp_heads_learn_and_round_trip() {
        let (xs, ys) = toy();
        for hidden in [0, 8] {
            let options = HeadOptions {
                hidden,
                steps: 200,
                learning_rate: 0.05,
                ..HeadOptions::default()
            };
            let m = train_head(&xs, &ys, &options);
            let correct = xs
                .iter()
                .zip(&ys)
                .filter(|(x, &y)| (m.probability(x) >= 0.5) == y)
                .count();
            assert_eq!(correct, xs.len(), "hidden {hidden}");
            let back = AccurateModel::from_json(&m.to_json()).expect("reads");
            assert!((back.probability(&xs[0]) - m.probability(&xs[0])).abs() < 1e-3);
            // Deterministic.
            assert_eq!(train_head(&xs, &ys, &options), m);
        }
        assert!(AccurateModel::from_json("{\"mean\": [1]}").is_err());
        assert!(AccurateModel::from_json("not json").is_err());
    }

    #[test]
    fn cross_validation_predicts_every_example() {
        let (xs, ys) = toy();
        let probs = cross_validate(&xs, &ys, &HeadOptions::default(), 5);
        assert_eq!(probs.len(), xs.len());
        assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)));
        let pred: Vec<bool> = probs.iter().map(|&p| p >= 0.5).collect();
        assert!(crate::subjectivity::macro_f1(&ys, &pred) > 0.9);
    }

    #[test]
    fn embedded_model_reads() {
        let m = AccurateModel::embedded().expect("embedded model");
        assert!((0.0..=1.0).contains(&m.threshold));
        let p = m.probability(&input(None, 0.5));
        assert!((0.0..=1.0).contains(&p));
    }
}
