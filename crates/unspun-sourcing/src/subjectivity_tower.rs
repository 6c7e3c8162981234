//! The accurate tier's subjectivity model: a fine-tuned tower over the
//! shared trunk.
//!
//! A copy of the base network's layer above the trunk, fine-tuned on
//! CheckThat! `train_en.tsv`, then the mean and the maximum of its states
//! over a sentence's pieces and a logistic head. Training is
//! class-balanced (each class weighs half of the loss), so the decision
//! threshold 0.5 assumes no prior share of opinion sentences: train is
//! 36 % `SUBJ`, dev 52 %, and real news varies by outlet and section. The
//! number of epochs is chosen by 5-fold cross-validation on train with the
//! fixed folds (`../shared/data/folds/subjectivity-train_en.tsv`); the
//! shipped tower is then trained on all of train.
//!
//! Files: `subjectivity-tower.safetensors` (f16) and
//! `subjectivity-tower.json` ([`TowerSettings`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use candle_core::{DType, Device, Tensor, D};
use candle_nn::{Linear, Module, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};
use unspun_encoder::bert::{self, Layer, Mode};
use unspun_encoder::tune::{snapshot, TowerFiles, TowerOptimizer};
use unspun_encoder::{Batch, Config, Trunk, TrunkStates, TRUNK_LAYERS};
use unspun_learn::rng::SplitMix;
use unspun_learn::ModelFile;

/// File name of the tower's weights.
pub const WEIGHTS_FILE: &str = "subjectivity-tower.safetensors";
/// File name of the tower's settings.
pub const SETTINGS_FILE: &str = "subjectivity-tower.json";
/// The tower's weights, read at run time (accurate tier).
pub static WEIGHTS_MODEL: ModelFile = ModelFile::external(WEIGHTS_FILE);
/// The tower's settings, read at run time (accurate tier).
pub static SETTINGS_MODEL: ModelFile = ModelFile::external(SETTINGS_FILE);
/// Both files of the tower.
pub static FILES: TowerFiles = TowerFiles {
    weights: &WEIGHTS_MODEL,
    settings: &SETTINGS_MODEL,
};

/// Settings saved with the tower.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TowerSettings {
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Decision threshold on the probability of `SUBJ`.
    pub threshold: f32,
    /// Training facts (data, epochs, cross-validation scores, options).
    #[serde(default)]
    pub info: serde_json::Value,
}

/// The tower and its head.
#[derive(Debug, Clone)]
pub struct SubjectivityTower {
    layers: Vec<Layer>,
    head: Linear,
    /// Its settings.
    pub settings: TowerSettings,
}

impl SubjectivityTower {
    /// Builds the tower from a var builder (`encoder.layer.N.*`, `head.*`).
    pub fn load(vb: VarBuilder, settings: TowerSettings) -> candle_core::Result<Self> {
        let config = Config::MINILM_L6;
        let top = (TRUNK_LAYERS + settings.layers.max(1)).min(config.layers);
        Ok(Self {
            layers: bert::load_layers(&config, TRUNK_LAYERS..top, vb.clone())?,
            head: candle_nn::linear(2 * config.hidden, 1, vb.pp("head"))?,
            settings,
        })
    }

    /// The tower from its files' bytes.
    pub fn from_bytes(weights: &[u8], settings: &str) -> Result<Self, String> {
        FILES.from_bytes(weights, settings, Self::load)
    }

    /// The shipped tower (see [`unspun_learn::models`]), loaded once per
    /// process.
    pub fn shared() -> Result<&'static Self, String> {
        static SHARED: OnceLock<Result<SubjectivityTower, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| FILES.load(Self::load))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Logits `[batch]` of `SUBJ` from trunk states and the 0/1 mask.
    fn logits(&self, states: &Tensor, mask: &Tensor, mode: Mode) -> candle_core::Result<Tensor> {
        let bias = bert::mask_bias(mask)?;
        let h = bert::run_layers(&self.layers, 0..self.layers.len(), states, &bias, mode)?;
        // Mean and max over the real pieces, [CLS] and [SEP] included.
        let m = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?;
        let mean = h
            .broadcast_mul(&m)?
            .sum(1)?
            .broadcast_div(&m.sum(1)?.clamp(1.0, f64::MAX)?)?;
        let max = h.broadcast_add(&((m - 1.0)? * 1e4)?)?.max(1)?;
        self.head
            .forward(&Tensor::cat(&[mean, max], 1)?)?
            .squeeze(1)
    }

    /// The probability of `SUBJ` of each of a document's `sentences`
    /// sentences (the mean over a long sentence's windows; `None` for a
    /// sentence without pieces).
    pub fn sentence_probabilities(
        &self,
        states: &TrunkStates,
        sentences: usize,
    ) -> candle_core::Result<Vec<Option<f32>>> {
        let mut sum = vec![(0f32, 0usize); sentences];
        for batch in &states.batches {
            let logits = self
                .logits(&batch.states, &batch.batch.mask, Mode::Infer)?
                .to_vec1::<f32>()?;
            for (r, &seq) in batch.rows.iter().enumerate() {
                let Some(s) = states.sequences.get(seq).map(|s| s.sentence) else {
                    continue;
                };
                if let (Some(slot), Some(&z)) = (sum.get_mut(s), logits.get(r)) {
                    slot.0 += sigmoid(z);
                    slot.1 += 1;
                }
            }
        }
        Ok(sum
            .into_iter()
            .map(|(p, n)| (n > 0).then(|| p / n as f32))
            .collect())
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Settings of fine-tuning.
#[derive(Debug, Clone)]
pub struct TowerTrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Sentences per step.
    pub batch_size: usize,
    /// Peak learning rate of the tower's layer.
    pub tower_learning_rate: f64,
    /// Peak learning rate of the head.
    pub head_learning_rate: f64,
    /// Seed of the head initialisation and the batch order.
    pub seed: u64,
}

impl Default for TowerTrainOptions {
    fn default() -> Self {
        Self {
            epochs: 4,
            batch_size: 16,
            tower_learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            seed: 2023,
        }
    }
}

/// One sentence with its trunk states cached.
pub struct CachedSentence {
    states: Tensor,
    label: bool,
}

/// Runs the trunk over each text as one sequence (at most 126 pieces).
pub fn cache_sentences(
    trunk: &Trunk,
    texts: &[(&str, bool)],
) -> candle_core::Result<Vec<CachedSentence>> {
    texts
        .iter()
        .map(|&(text, label)| {
            let pieces = trunk.vocab.tokenize(text, 0);
            let mut ids = vec![trunk.vocab.cls];
            ids.extend(pieces.iter().take(126).map(|p| p.id));
            ids.push(trunk.vocab.sep);
            let batch = Batch::new(&[ids], trunk.vocab.pad, trunk.device())?;
            Ok(CachedSentence {
                states: trunk.forward(&batch)?.squeeze(0)?,
                label,
            })
        })
        .collect()
}

/// A batch of cached sentences, padded.
fn stack(items: &[&CachedSentence]) -> candle_core::Result<(Tensor, Tensor)> {
    let length = items
        .iter()
        .map(|s| s.states.dim(0).unwrap_or(1))
        .max()
        .unwrap_or(1);
    let hidden = Config::MINILM_L6.hidden;
    let mut rows = Vec::with_capacity(items.len());
    let mut mask = Vec::with_capacity(items.len() * length);
    for s in items {
        let n = s.states.dim(0)?;
        let row = if n < length {
            Tensor::cat(
                &[
                    &s.states,
                    &Tensor::zeros((length - n, hidden), DType::F32, &Device::Cpu)?,
                ],
                0,
            )?
        } else {
            s.states.clone()
        };
        rows.push(row);
        mask.extend(std::iter::repeat_n(1u32, n));
        mask.extend(std::iter::repeat_n(0u32, length - n));
    }
    Ok((
        Tensor::stack(&rows, 0)?,
        Tensor::from_vec(mask, (items.len(), length), &Device::Cpu)?,
    ))
}

/// The probability of `SUBJ` of cached sentences.
fn predict(tower: &SubjectivityTower, data: &[&CachedSentence]) -> candle_core::Result<Vec<f32>> {
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunks(32) {
        let (states, mask) = stack(chunk)?;
        out.extend(
            tower
                .logits(&states, &mask, Mode::Infer)?
                .to_vec1::<f32>()?
                .into_iter()
                .map(sigmoid),
        );
    }
    Ok(out)
}

/// The probability of `SUBJ` of stand-alone texts, each run as one
/// sequence as in training.
pub fn text_probabilities(
    tower: &SubjectivityTower,
    trunk: &Trunk,
    texts: &[&str],
) -> candle_core::Result<Vec<f32>> {
    let pairs: Vec<(&str, bool)> = texts.iter().map(|t| (*t, false)).collect();
    let cached = cache_sentences(trunk, &pairs)?;
    let refs: Vec<&CachedSentence> = cached.iter().collect();
    predict(tower, &refs)
}

/// Macro-F1 of probabilities at threshold 0.5 against labels.
pub fn macro_f1_at_half(probs: &[f32], gold: &[bool]) -> f64 {
    let pred: Vec<bool> = probs.iter().map(|&p| p >= 0.5).collect();
    crate::subjectivity::macro_f1(gold, &pred)
}

/// What is called after each epoch: the epoch, the tower and its
/// variables.
pub type OnEpoch<'a> =
    dyn FnMut(usize, &SubjectivityTower, &VarMap) -> candle_core::Result<()> + 'a;

/// Fine-tunes a tower on `train` from the base network's tensors; after
/// each epoch, `on_epoch` may score or keep it.
pub fn fine_tune(
    base: &HashMap<String, Tensor>,
    train: &[&CachedSentence],
    options: &TowerTrainOptions,
    on_epoch: &mut OnEpoch<'_>,
) -> candle_core::Result<()> {
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let settings = TowerSettings {
        layers: 1,
        threshold: 0.5,
        info: serde_json::Value::Null,
    };
    let tower = SubjectivityTower::load(vb, settings)?;
    let mut rng = SplitMix::new(options.seed);
    // Class-balanced weights: each class carries half of the loss.
    let positives = train.iter().filter(|s| s.label).count().max(1) as f64;
    let negatives = (train.len() as f64 - positives).max(1.0);
    let n = train.len() as f64;
    let (w_pos, w_neg) = (n / (2.0 * positives), n / (2.0 * negatives));
    let steps_per_epoch = train.len().div_ceil(options.batch_size.max(1));
    let total = (steps_per_epoch * options.epochs).max(1);
    let mut optimizer = TowerOptimizer::new(
        &varmap,
        base,
        &mut rng,
        (options.tower_learning_rate, options.head_learning_rate),
        total,
        total / 10,
    )?;
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 1..=options.epochs.max(1) {
        rng.shuffle(&mut order);
        for chunk in order.chunks(options.batch_size.max(1)) {
            let items: Vec<&CachedSentence> = chunk.iter().map(|&i| train[i]).collect();
            let (states, mask) = stack(&items)?;
            let z = tower.logits(&states, &mask, Mode::Train)?;
            let y: Vec<f32> = items.iter().map(|s| f32::from(u8::from(s.label))).collect();
            let w: Vec<f32> = items
                .iter()
                .map(|s| if s.label { w_pos } else { w_neg } as f32)
                .collect();
            let y = Tensor::new(y.as_slice(), &Device::Cpu)?;
            let w = Tensor::new(w.as_slice(), &Device::Cpu)?;
            // Binary cross-entropy with logits: softplus(z) − z·y.
            let softplus = (z.relu()? + (z.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
            let loss = ((softplus - z.mul(&y)?)?.mul(&w)?.sum_all()? / items.len() as f64)?;
            optimizer.step(&loss)?;
        }
        on_epoch(epoch, &tower, &varmap)?;
    }
    Ok(())
}

/// Cross-validation over the fixed folds: after each epoch, the macro-F1
/// of each held-out fold (`per_fold[epoch − 1]`) and every sentence's
/// out-of-fold probability (`pooled[epoch − 1]`).
pub struct CrossValidation {
    /// Macro-F1 of each fold, per epoch.
    pub per_fold: Vec<Vec<f64>>,
    /// Out-of-fold probabilities of all sentences, per epoch.
    pub pooled: Vec<Vec<f32>>,
}

/// Runs [`CrossValidation`] over folds 0–4.
pub fn cross_validate(
    base: &HashMap<String, Tensor>,
    data: &[CachedSentence],
    folds: &[u32],
    options: &TowerTrainOptions,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<CrossValidation> {
    let mut scores = vec![Vec::new(); options.epochs.max(1)];
    let mut pooled = vec![vec![0.5f32; data.len()]; options.epochs.max(1)];
    for fold in 0..5u32 {
        let held_index: Vec<usize> = (0..data.len()).filter(|&i| folds[i] == fold).collect();
        let train: Vec<&CachedSentence> = data
            .iter()
            .zip(folds)
            .filter(|(_, &f)| f != fold)
            .map(|(s, _)| s)
            .collect();
        let held: Vec<&CachedSentence> = data
            .iter()
            .zip(folds)
            .filter(|(_, &f)| f == fold)
            .map(|(s, _)| s)
            .collect();
        let gold: Vec<bool> = held.iter().map(|s| s.label).collect();
        fine_tune(base, &train, options, &mut |epoch, tower, _| {
            let probs = predict(tower, &held)?;
            let f1 = macro_f1_at_half(&probs, &gold);
            log(format!(
                "fold {fold} epoch {epoch}: held-out macro-F1 {f1:.4}"
            ));
            scores[epoch - 1].push(f1);
            for (&i, p) in held_index.iter().zip(probs) {
                pooled[epoch - 1][i] = p;
            }
            Ok(())
        })?;
    }
    Ok(CrossValidation {
        per_fold: scores,
        pooled,
    })
}

/// Trains on all of `data` for `options.epochs` and keeps the weights
/// after epoch `keep` (the schedule is the cross-validation's).
pub fn train_final(
    base: &HashMap<String, Tensor>,
    data: &[CachedSentence],
    options: &TowerTrainOptions,
    keep: usize,
) -> candle_core::Result<HashMap<String, Tensor>> {
    let all: Vec<&CachedSentence> = data.iter().collect();
    let mut kept = None;
    fine_tune(base, &all, options, &mut |epoch, _, varmap| {
        if epoch == keep {
            kept = Some(snapshot(varmap)?);
        }
        Ok(())
    })?;
    kept.ok_or_else(|| candle_core::Error::Msg(format!("epoch {keep} was not trained")))
}

/// Writes the tower (f16) and its settings to `dir`.
pub fn save(
    weights: &HashMap<String, Tensor>,
    settings: &TowerSettings,
    dir: &Path,
) -> Result<(), String> {
    FILES.save(weights, settings, dir)
}
