//! Deterministic training of the fast tier, with model selection on a
//! validation split, and its evaluation.
//!
//! 1. The tagger (binary logistic regression over [`token_features`]) learns
//!    whether a token lies inside any gold span; after every epoch the
//!    decoding thresholds are searched on the validation split for the best
//!    SI F1, and the best epoch is kept.
//! 2. The classifier (multinomial logistic regression over
//!    [`span_features`]) learns the technique of every gold span, with class
//!    weights `(n_max / n_class)^power` for the rare techniques; the epoch
//!    with the best validation TC micro-F1 is kept.
//! 3. The threshold for a second technique on a span is chosen for the best
//!    validation full F1.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::data::{Article, Row};
use crate::features::{span_features, token_features, Hashed, View};
use crate::model::{Decoding, FastModel, TAGGER_OUTPUTS};
use crate::scorer::{pair_tc, score_full, score_si, score_tc, SpanScore, TcScore};
use crate::{technique_index, TECHNIQUES};
use unspun_learn::linear::{Example, Linear, Loss, TrainConfig, Trainer};

/// Settings of a training run.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Hash bits of the tagger.
    pub tagger_bits: u32,
    /// Hash bits of the classifier.
    pub classifier_bits: u32,
    /// Most epochs of the tagger.
    pub tagger_epochs: usize,
    /// Most epochs of the classifier.
    pub classifier_epochs: usize,
    /// AdaGrad learning rate of the tagger.
    pub tagger_learning_rate: f32,
    /// AdaGrad learning rate of the classifier.
    pub classifier_learning_rate: f32,
    /// L2 penalty.
    pub l2: f32,
    /// Features seen in fewer tagger examples are dropped.
    pub min_feature_count: usize,
    /// Exponent of the class weights of the classifier (0: unweighted).
    pub class_weight_power: f32,
    /// Seed of the example order.
    pub seed: u64,
    /// Weight of a token outside every gold span whose word the valence
    /// lexicon rates as strongly charged (|valence| ≥ 1.5). PTC marks only
    /// some loaded words, so such tokens are partly unlabelled rather than
    /// negative; a weight below 1 corrects the tagger's under-marking.
    pub unlabelled_charged_weight: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            tagger_bits: 18,
            classifier_bits: 18,
            tagger_epochs: 9,
            classifier_epochs: 10,
            tagger_learning_rate: 0.05,
            classifier_learning_rate: 0.05,
            l2: 1e-6,
            min_feature_count: 2,
            class_weight_power: 0.0,
            seed: 20200911,
            unlabelled_charged_weight: 1.0,
        }
    }
}

impl TrainOptions {
    /// A trainer of the span tagger with these settings.
    fn tagger_trainer(&self) -> Trainer {
        let config = TrainConfig {
            loss: Loss::Logistic,
            learning_rate: self.tagger_learning_rate,
            l2: self.l2,
            seed: self.seed,
        };
        Trainer::new(self.tagger_bits, TAGGER_OUTPUTS, config)
    }

    /// A trainer of the technique classifier with these settings.
    fn classifier_trainer(&self) -> Trainer {
        let config = TrainConfig {
            loss: Loss::Softmax,
            learning_rate: self.classifier_learning_rate,
            l2: self.l2,
            seed: self.seed,
        };
        Trainer::new(self.classifier_bits, TECHNIQUES.len(), config)
    }

    /// The settings as recorded in a model's header (`info.options`).
    fn as_json(&self) -> serde_json::Value {
        serde_json::json!({
            "tagger_bits": self.tagger_bits,
            "classifier_bits": self.classifier_bits,
            "tagger_learning_rate": self.tagger_learning_rate,
            "classifier_learning_rate": self.classifier_learning_rate,
            "l2": self.l2,
            "min_feature_count": self.min_feature_count,
            "class_weight_power": self.class_weight_power,
            "seed": self.seed,
        })
    }
}

/// Scores of a model on a labelled split.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Span identification (techniques ignored).
    pub si: SpanScore,
    /// Technique classification of the gold spans.
    pub tc: TcScore,
    /// Spans and techniques.
    pub full: SpanScore,
    /// Full score per technique.
    pub full_per_technique: BTreeMap<String, SpanScore>,
    /// Predicted rows (span + technique), for SI and full.
    pub predicted: Vec<Row>,
    /// The confidence shown for each predicted row (empty when the rows
    /// were given rather than predicted).
    pub confidences: Vec<f32>,
    /// The gold rows with the predicted technique, for TC.
    pub tc_predicted: Vec<Row>,
}

/// The tagger target of each token of the article, as a bit mask: bit 0
/// when the token lies (at least half) inside any gold span, bit `1 + k`
/// when it lies inside a span of technique `k`.
pub fn token_labels(article: &Article) -> Vec<usize> {
    let n = article.doc.char_len();
    let mut covered = vec![0usize; n];
    for r in &article.gold {
        let bit = technique_index(&r.technique).map_or(0, |k| 1 << (1 + k)) | 1;
        for c in covered.iter_mut().take(r.end.min(n)).skip(r.start) {
            *c |= bit;
        }
    }
    article
        .doc
        .tokens
        .iter()
        .map(|t| {
            let chars = &covered[t.span.start.min(n)..t.span.end.min(n)];
            let half = t.span.len().max(1);
            let mut label = 0;
            for bit in 0..crate::model::TAGGER_OUTPUTS {
                if chars.iter().filter(|&&c| c >> bit & 1 == 1).count() * 2 >= half {
                    label |= 1 << bit;
                }
            }
            label
        })
        .collect()
}

/// Tagger examples: one per token inside a sentence; a strongly charged
/// word outside every gold span weighs `unlabelled_charged_weight`.
pub fn tagger_examples(articles: &[Article], unlabelled_charged_weight: f32) -> Vec<Example> {
    articles
        .par_iter()
        .flat_map_iter(|a| {
            let view = View::new(&a.doc);
            let labels = token_labels(a);
            (0..view.len())
                .filter(|&i| view.sentence_of[i] != usize::MAX)
                .map(|i| {
                    let mut features = Vec::with_capacity(96);
                    token_features(&view, i, &mut Hashed(&mut features));
                    let charged = view.valence[i].is_some_and(|v| v.abs() >= 1.5);
                    Example {
                        features,
                        label: labels[i],
                        weight: if labels[i] == 0 && charged {
                            unlabelled_charged_weight
                        } else {
                            1.0
                        },
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Drops the features seen in fewer than `min_count` examples (they would
/// only add noise and hash collisions). Returns how many distinct features
/// remain.
pub fn prune_rare_features(examples: &mut [Example], min_count: usize) -> usize {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for e in examples.iter() {
        for &f in &e.features {
            *counts.entry(f).or_default() += 1;
        }
    }
    for e in examples.iter_mut() {
        e.features.retain(|f| counts[f] as usize >= min_count);
    }
    counts
        .values()
        .filter(|&&c| c as usize >= min_count)
        .count()
}

/// Classifier examples: one per gold row, weighted by class.
pub fn classifier_examples(articles: &[Article], class_weight_power: f32) -> Vec<Example> {
    let mut counts = [0usize; TECHNIQUES.len()];
    for r in articles.iter().flat_map(|a| &a.gold) {
        if let Some(k) = technique_index(&r.technique) {
            counts[k] += 1;
        }
    }
    let max = counts.iter().copied().max().unwrap_or(1) as f32;
    let weights: Vec<f32> = counts
        .iter()
        .map(|&c| (max / c.max(1) as f32).powf(class_weight_power))
        .collect();
    articles
        .par_iter()
        .flat_map_iter(|a| {
            let view = View::new(&a.doc);
            a.gold
                .iter()
                .filter_map(|r| {
                    let k = technique_index(&r.technique)?;
                    let mut features = Vec::with_capacity(128);
                    span_features(&view, r.start, r.end, &mut Hashed(&mut features));
                    Some(Example {
                        features,
                        label: k,
                        weight: weights[k],
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn rows_of(article: &Article, spans: &[(usize, usize, f32)]) -> Vec<Row> {
    spans
        .iter()
        .map(|&(s, e, _)| Row {
            article: article.id.clone(),
            technique: String::new(),
            start: s,
            end: e,
        })
        .collect()
}

/// Searches the "any technique" thresholds for the best SI F1 given
/// token probabilities of each article.
pub(crate) fn best_si_decoding(
    model: &FastModel,
    views: &[View],
    probs: &[Vec<f32>],
    articles: &[Article],
) -> (f32, f32, SpanScore) {
    let gold: Vec<Row> = articles
        .iter()
        .flat_map(|a| a.gold.iter().cloned())
        .collect();
    let mut grid = Vec::new();
    for s in (2..=16).map(|k| k as f32 * 0.05) {
        for c in (0..=8).map(|k| s - k as f32 * 0.05).filter(|&c| c > 0.01) {
            grid.push((s, c));
        }
    }
    best_of(grid.par_iter().map(|&(s, c)| {
        let pred: Vec<Row> = views
            .iter()
            .zip(probs)
            .zip(articles)
            .flat_map(|((v, p), a)| rows_of(a, &model.decode_spans(v, p, 0, s, c)))
            .collect();
        ((s, c), score_si(&pred, &gold))
    }))
    .map(|((s, c), score)| (s, c, score))
    .expect("non-empty grid")
}

fn best_of<T: Send>(items: impl ParallelIterator<Item = (T, SpanScore)>) -> Option<(T, SpanScore)> {
    items
        .collect::<Vec<_>>()
        .into_iter()
        .fold(None, |best, x| match best {
            Some(b) if b.1.f1() >= x.1.f1() => Some(b),
            _ => Some(x),
        })
}

/// Chooses every technique's own thresholds for the best total full F1
/// (coordinate ascent over techniques, starting from "never").
pub(crate) fn best_technique_thresholds(
    model: &FastModel,
    views: &[View],
    probs: &[Vec<f32>],
    articles: &[Article],
    decoding: &mut Decoding,
) -> SpanScore {
    let mut candidates: Vec<(f32, f32)> = vec![(2.0, 2.0)];
    for s in (2..=18).map(|k| k as f32 * 0.05) {
        for r in [0.5f32, 0.75, 1.0] {
            candidates.push((s, s * r));
        }
    }
    // The score of every candidate for every technique, on its own.
    let table: Vec<Vec<SpanScore>> = (0..TECHNIQUES.len())
        .into_par_iter()
        .map(|k| {
            let gold: Vec<Row> = articles
                .iter()
                .flat_map(|a| {
                    a.gold
                        .iter()
                        .filter(|r| r.technique == TECHNIQUES[k])
                        .cloned()
                })
                .collect();
            candidates
                .iter()
                .map(|&(s, c)| {
                    let pred: Vec<Row> = views
                        .iter()
                        .zip(probs)
                        .zip(articles)
                        .flat_map(|((v, p), a)| rows_of(a, &model.decode_spans(v, p, 1 + k, s, c)))
                        .collect();
                    score_si(&pred, &gold)
                })
                .collect()
        })
        .collect();
    let mut choice = vec![0usize; TECHNIQUES.len()];
    let total = |choice: &[usize]| {
        let mut t = SpanScore::default();
        for (k, &c) in choice.iter().enumerate() {
            t.add(&table[k][c]);
        }
        t
    };
    for _round in 0..4 {
        for k in 0..TECHNIQUES.len() {
            let mut best = (total(&choice).f1(), choice[k]);
            for c in 0..candidates.len() {
                choice[k] = c;
                let f = total(&choice).f1();
                if f > best.0 + 1e-12 {
                    best = (f, c);
                }
            }
            choice[k] = best.1;
        }
    }
    for (k, &c) in choice.iter().enumerate() {
        decoding.technique_start[k] = candidates[c].0;
        decoding.technique_continue[k] = candidates[c].1;
    }
    total(&choice)
}

/// Trains the fast tier on `train`, choosing epochs and thresholds on
/// `valid`. `log` receives one line per step. Deterministic for given data
/// and options.
pub fn train(
    train: &[Article],
    valid: &[Article],
    options: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> FastModel {
    let start = std::time::Instant::now();
    let mut model = FastModel {
        tagger: Linear::new(options.tagger_bits, TAGGER_OUTPUTS),
        classifier: Linear::new(options.classifier_bits, TECHNIQUES.len()),
        decoding: Decoding::default(),
        calibration: None,
        info: serde_json::Value::Null,
    };
    let mut examples = tagger_examples(train, options.unlabelled_charged_weight);
    let distinct = prune_rare_features(&mut examples, options.min_feature_count);
    let positive = examples.iter().filter(|e| e.label & 1 == 1).count();
    log(&format!(
        "tagger: {} tokens ({} inside spans) from {} articles, {} features seen at least {} times, {:.1}s",
        examples.len(),
        positive,
        train.len(),
        distinct,
        options.min_feature_count,
        start.elapsed().as_secs_f32()
    ));
    let views: Vec<View> = valid.iter().map(|a| View::new(&a.doc)).collect();
    let gold_valid: Vec<Row> = valid.iter().flat_map(|a| a.gold.iter().cloned()).collect();
    let mut trainer = options.tagger_trainer();
    let mut best: Option<(f64, usize, Linear, Decoding)> = None;
    for epoch in 1..=options.tagger_epochs {
        let loss = trainer.epoch(&examples);
        model.tagger = trainer.model.clone();
        let probs: Vec<Vec<f32>> = views
            .par_iter()
            .map(|v| model.token_probabilities(v))
            .collect();
        let (s, c, si) = best_si_decoding(&model, &views, &probs, valid);
        let mut decoding = Decoding {
            start_threshold: s,
            continue_threshold: c,
            ..Decoding::default()
        };
        let full = best_technique_thresholds(&model, &views, &probs, valid, &mut decoding);
        log(&format!(
            "tagger epoch {epoch}: loss {loss:.4}, valid SI P {:.4} R {:.4} F1 {:.4} (start {s:.2}, continue {c:.2}); technique spans: full F1 {:.4} ({:.1}s)",
            si.precision(),
            si.recall(),
            si.f1(),
            full.f1(),
            start.elapsed().as_secs_f32()
        ));
        let criterion = si.f1() + full.f1();
        if !best.as_ref().is_some_and(|b| criterion <= b.0) {
            best = Some((criterion, epoch, model.tagger.clone(), decoding));
        }
    }
    drop(examples);
    let (_, tagger_epoch, tagger, decoding) = best.expect("at least one epoch");
    model.tagger = tagger;
    model.decoding = decoding;

    let examples = classifier_examples(train, options.class_weight_power);
    log(&format!("classifier: {} gold spans", examples.len()));
    let mut trainer = options.classifier_trainer();
    let mut best: Option<(f64, usize, Linear)> = None;
    for epoch in 1..=options.classifier_epochs {
        let loss = trainer.epoch(&examples);
        model.classifier = trainer.model.clone();
        let tc = classify_gold(&model, valid, &views);
        let score = score_tc(pair_tc(&gold_valid, &tc));
        log(&format!(
            "classifier epoch {epoch}: loss {loss:.4}, valid TC micro-F1 {:.4} macro-F1 {:.4} ({:.1}s)",
            score.micro_f1(),
            score.macro_f1(),
            start.elapsed().as_secs_f32()
        ));
        if !best.as_ref().is_some_and(|b| score.micro_f1() <= b.0) {
            best = Some((score.micro_f1(), epoch, model.classifier.clone()));
        }
    }
    let (tc_f1, classifier_epoch, classifier) = best.expect("at least one epoch");
    model.classifier = classifier;

    // How the layer combines technique spans and "any technique" spans:
    // chosen for the best SI F1 + full F1 of the same predictions.
    let probs: Vec<Vec<f32>> = views
        .par_iter()
        .map(|v| model.token_probabilities(v))
        .collect();
    let mut best_combo: Option<(f64, Decoding, SpanScore, SpanScore)> = None;
    let mut combos = vec![Decoding {
        keep_any_spans: false,
        ..model.decoding
    }];
    for t in [2.0f32, 0.5, 0.35, 0.25] {
        combos.push(Decoding {
            keep_any_spans: true,
            second_label_threshold: t,
            ..model.decoding
        });
    }
    for d in combos {
        let pred = predict_rows(&model, valid, &views, &probs, &d);
        let si = score_si(&pred, &gold_valid);
        let (full, _) = score_full(&pred, &gold_valid);
        log(&format!(
            "combined (any-technique spans {}, second technique at {:.2}): valid SI F1 {:.4}, full F1 {:.4}",
            if d.keep_any_spans { "kept" } else { "dropped" },
            d.second_label_threshold,
            si.f1(),
            full.f1()
        ));
        let criterion = si.f1() + full.f1();
        if !best_combo.as_ref().is_some_and(|b| criterion <= b.0) {
            best_combo = Some((criterion, d, si, full));
        }
    }
    let (_, decoding, si, full) = best_combo.expect("combinations");
    model.decoding = decoding;

    log(&format!("trained in {:.1}s", start.elapsed().as_secs_f32()));
    model.info = serde_json::json!({
        "tier": "fast",
        "train_articles": train.len(),
        "valid_articles": valid.len(),
        "tagger_epoch": tagger_epoch,
        "classifier_epoch": classifier_epoch,
        "valid_si_f1": si.f1(),
        "valid_tc_micro_f1": tc_f1,
        "valid_full_f1": full.f1(),
        "options": options.as_json(),
    });
    model
}

/// Retrains the fast tier on `train` with the settings of a model chosen
/// by cross-validation (`chosen`, trained on some folds and selected on
/// the held-out one): its tagger and classifier epochs, decoding
/// thresholds and calibration, with no selection on any data. Deterministic.
pub fn train_with_settings_of(
    train: &[Article],
    chosen: &FastModel,
    options: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<FastModel, String> {
    let start = std::time::Instant::now();
    let epochs = |key: &str| {
        chosen.info[key]
            .as_u64()
            .map(|n| n.max(1) as usize)
            .ok_or_else(|| format!("the chosen model's header lacks info.{key}"))
    };
    let (tagger_epochs, classifier_epochs) = (epochs("tagger_epoch")?, epochs("classifier_epoch")?);
    let mut examples = tagger_examples(train, options.unlabelled_charged_weight);
    prune_rare_features(&mut examples, options.min_feature_count);
    let mut trainer = options.tagger_trainer();
    for epoch in 1..=tagger_epochs {
        let loss = trainer.epoch(&examples);
        log(&format!(
            "tagger epoch {epoch}/{tagger_epochs}: loss {loss:.4}"
        ));
    }
    let tagger = trainer.model.clone();
    drop(examples);
    let examples = classifier_examples(train, options.class_weight_power);
    let mut trainer = options.classifier_trainer();
    for epoch in 1..=classifier_epochs {
        let loss = trainer.epoch(&examples);
        log(&format!(
            "classifier epoch {epoch}/{classifier_epochs}: loss {loss:.4}"
        ));
    }
    log(&format!("trained in {:.1}s", start.elapsed().as_secs_f32()));
    Ok(FastModel {
        tagger,
        classifier: trainer.model,
        decoding: chosen.decoding,
        calibration: chosen.calibration.clone(),
        info: serde_json::json!({
            "tier": "fast",
            "train_articles": train.len(),
            "tagger_epoch": tagger_epochs,
            "classifier_epoch": classifier_epochs,
            "settings_chosen_by": chosen.info,
            "options": options.as_json(),
        }),
    })
}

fn classify_gold(model: &FastModel, articles: &[Article], views: &[View]) -> Vec<Row> {
    articles
        .par_iter()
        .zip(views)
        .flat_map_iter(|(a, v)| name_rows(&|s, e| model.classify(v, s, e), &a.gold))
        .collect()
}

/// Names the technique of rows of one article. Rows on the same span get
/// different techniques, in order of probability (a TC template lists a
/// span once per technique it carries).
pub fn name_rows(classify: &dyn Fn(usize, usize) -> Vec<f32>, rows: &[Row]) -> Vec<Row> {
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    rows.iter()
        .map(|r| {
            let rank = seen.entry((r.start, r.end)).or_default();
            let probs = classify(r.start, r.end);
            let mut order: Vec<usize> = (0..probs.len()).collect();
            order.sort_by(|&x, &y| probs[y].total_cmp(&probs[x]).then(x.cmp(&y)));
            let k = order[(*rank).min(order.len() - 1)];
            *rank += 1;
            Row {
                technique: TECHNIQUES[k].to_string(),
                ..r.clone()
            }
        })
        .collect()
}

fn predict_rows(
    model: &FastModel,
    articles: &[Article],
    views: &[View],
    probs: &[Vec<f32>],
    d: &Decoding,
) -> Vec<Row> {
    articles
        .par_iter()
        .zip(views)
        .zip(probs)
        .flat_map_iter(|((a, v), p)| {
            model
                .predict_with(v, p, d)
                .into_iter()
                .map(|s| Row {
                    article: a.id.clone(),
                    technique: s.technique_name().to_string(),
                    start: s.start,
                    end: s.end,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The index of the largest value (the first on ties).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// Names the technique of every row (its span read in its article; rows of
/// unknown articles keep `?`).
pub fn classify_rows(model: &FastModel, articles: &[Article], rows: &[Row]) -> Vec<Row> {
    classify_rows_with(articles, rows, &|view, mine| {
        name_rows(&|s, e| model.classify(view, s, e), mine)
    })
}

/// [`classify_rows`] with another way to name one article's rows.
pub fn classify_rows_with(
    articles: &[Article],
    rows: &[Row],
    name: &(dyn Fn(&View, &[Row]) -> Vec<Row> + Sync),
) -> Vec<Row> {
    let views: BTreeMap<&str, View> = articles
        .iter()
        .map(|a| (a.id.as_str(), View::new(&a.doc)))
        .collect();
    let mut by_article: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_article.entry(r.article.as_str()).or_default().push(i);
    }
    let mut out: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            technique: "?".into(),
            ..r.clone()
        })
        .collect();
    for (article, indices) in by_article {
        if let Some(view) = views.get(article) {
            let mine: Vec<Row> = indices.iter().map(|&i| rows[i].clone()).collect();
            for (i, named) in indices.iter().zip(name(view, &mine)) {
                out[*i] = named;
            }
        }
    }
    out
}

/// Runs the model on a labelled split and scores SI, TC and full.
pub fn evaluate(model: &FastModel, articles: &[Article]) -> Evaluation {
    let views: Vec<View> = articles.iter().map(|a| View::new(&a.doc)).collect();
    let probs: Vec<Vec<f32>> = views
        .par_iter()
        .map(|v| model.token_probabilities(v))
        .collect();
    let (predicted, confidences): (Vec<Row>, Vec<f32>) = articles
        .par_iter()
        .zip(&views)
        .zip(&probs)
        .flat_map_iter(|((a, v), p)| {
            model
                .predict_with(v, p, &model.decoding)
                .into_iter()
                .map(|s| {
                    let row = Row {
                        article: a.id.clone(),
                        technique: s.technique_name().to_string(),
                        start: s.start,
                        end: s.end,
                    };
                    (row, model.shown_confidence(&s))
                })
                .collect::<Vec<_>>()
        })
        .unzip();
    let tc_predicted = classify_gold(model, articles, &views);
    let mut evaluation = score_rows(articles, predicted, tc_predicted);
    evaluation.confidences = confidences;
    evaluation
}

/// Scores given predictions against the gold rows of `articles`: `predicted`
/// (spans with techniques) for SI and full, `tc_predicted` (the gold spans
/// with predicted techniques) for TC.
pub fn score_rows(articles: &[Article], predicted: Vec<Row>, tc_predicted: Vec<Row>) -> Evaluation {
    let gold: Vec<Row> = articles
        .iter()
        .flat_map(|a| a.gold.iter().cloned())
        .collect();
    let (full, full_per_technique) = score_full(&predicted, &gold);
    Evaluation {
        si: score_si(&predicted, &gold),
        tc: score_tc(pair_tc(&gold, &tc_predicted)),
        full,
        full_per_technique,
        predicted,
        confidences: Vec::new(),
        tc_predicted,
    }
}

impl Evaluation {
    /// Whether each predicted row is right: it overlaps a gold span of its
    /// own technique in its article (what a reader checking the mark asks).
    pub fn rightness(&self, articles: &[Article]) -> Vec<bool> {
        let gold: HashMap<&str, &[Row]> = articles
            .iter()
            .map(|a| (a.id.as_str(), a.gold.as_slice()))
            .collect();
        self.predicted
            .iter()
            .map(|p| {
                gold.get(p.article.as_str()).is_some_and(|rows| {
                    rows.iter()
                        .any(|g| g.technique == p.technique && g.start < p.end && p.start < g.end)
                })
            })
            .collect()
    }

    /// (confidence, right) for each predicted row that has a confidence.
    pub fn confidence_pairs(&self, articles: &[Article]) -> Vec<(f32, bool)> {
        self.confidences
            .iter()
            .copied()
            .zip(self.rightness(articles))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::{segment, Document};

    fn article(id: &str, text: &str, gold: &[(&str, &str)]) -> Article {
        let mut doc = Document::new(format!("article{id}"), text);
        segment::segment(&mut doc);
        let chars: Vec<char> = text.chars().collect();
        let rows = gold
            .iter()
            .map(|(technique, phrase)| {
                let s: String = chars.iter().collect();
                let byte = s.find(phrase).expect("phrase in text");
                let start = s[..byte].chars().count();
                Row {
                    article: id.into(),
                    technique: (*technique).into(),
                    start,
                    end: start + phrase.chars().count(),
                }
            })
            .collect();
        Article {
            id: id.into(),
            doc,
            gold: rows,
        }
    }

    fn corpus() -> Vec<Article> {
        (0..12)
            .map(|i| {
                article(
                    &i.to_string(),
                    &format!("Story {i}\n\nThe corrupt elites lied again. Officials met on Monday {i}.\nIs this a hoax? Nobody knows.\n"),
                    &[("Loaded_Language", "corrupt elites"), ("Doubt", "Is this a hoax")],
                )
            })
            .collect()
    }

    #[test]
    fn labels_follow_gold_offsets() {
        let a = article(
            "1",
            "Café news\n\nThe corrupt elites lied.\n",
            &[("Loaded_Language", "corrupt elites")],
        );
        let labels = token_labels(&a);
        let inside: Vec<(&str, usize)> = a
            .doc
            .tokens
            .iter()
            .zip(&labels)
            .filter(|(_, l)| **l != 0)
            .map(|(t, l)| (a.doc.slice(t.span), *l))
            .collect();
        // Bit 0: inside any span; bit 1 + 0: inside Loaded_Language.
        assert_eq!(inside, vec![("corrupt", 0b11), ("elites", 0b11)]);
    }

    /// Small, fast settings for the fixture corpus.
    fn quick_options() -> TrainOptions {
        TrainOptions {
            tagger_bits: 14,
            classifier_bits: 12,
            tagger_epochs: 3,
            classifier_epochs: 3,
            tagger_learning_rate: 0.3,
            classifier_learning_rate: 0.3,
            ..TrainOptions::default()
        }
    }

    #[test]
    fn training_is_deterministic_and_learns_the_fixture() {
        let data = corpus();
        let (train_part, valid_part) = data.split_at(9);
        let options = quick_options();
        let mut lines = Vec::new();
        let a = train(train_part, valid_part, &options, &mut |l| {
            lines.push(l.to_string())
        });
        let b = train(train_part, valid_part, &options, &mut |_| {});
        assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
        assert!(lines.iter().any(|l| l.starts_with("tagger epoch 3")));
        let eval = evaluate(&a, valid_part);
        assert!(eval.si.f1() > 0.8, "SI {:?}", eval.si);
        assert_eq!(eval.tc.micro_f1(), 1.0);
        assert!(eval.full.f1() > 0.8, "full {:?}", eval.full);
        let dup = Row {
            article: "10".into(),
            technique: "?".into(),
            start: 3,
            end: 9,
        };
        let named = classify_rows(&a, valid_part, &[dup.clone(), dup.clone(), dup]);
        assert_ne!(
            named[0].technique, named[1].technique,
            "one span, two rows: two techniques"
        );
        assert!(named.iter().all(|r| r.technique != "?"));
        let rows = classify_rows(
            &a,
            valid_part,
            &[Row {
                article: "10".into(),
                technique: "?".into(),
                start: 0,
                end: 0,
            }],
        );
        assert_ne!(rows[0].technique, "?");
        // Confidences come with every predicted row, and each row's
        // rightness is whether it meets a gold span of its technique.
        assert_eq!(eval.confidences.len(), eval.predicted.len());
        let pairs = eval.confidence_pairs(valid_part);
        assert_eq!(pairs.len(), eval.predicted.len());
        assert!(pairs.iter().any(|p| p.1));
    }

    #[test]
    fn retraining_with_chosen_settings_keeps_them_and_selects_nothing() {
        let data = corpus();
        let (train_part, valid_part) = data.split_at(9);
        let options = quick_options();
        let mut chosen = train(train_part, valid_part, &options, &mut |_| {});
        chosen.calibration = Some(unspun_learn::calibration::Calibration {
            points: vec![(0.2, 0.1), (0.8, 0.7)],
        });
        let mut lines = Vec::new();
        let again =
            train_with_settings_of(&data, &chosen, &options, &mut |l| lines.push(l.to_string()))
                .unwrap();
        assert_eq!(again.decoding, chosen.decoding);
        assert_eq!(again.calibration, chosen.calibration);
        let epochs = chosen.info["tagger_epoch"].as_u64().unwrap();
        assert!(lines
            .iter()
            .any(|l| l.starts_with(&format!("tagger epoch {epochs}/{epochs}"))));
        assert_eq!(again.info["train_articles"], data.len());
        let twice = train_with_settings_of(&data, &chosen, &options, &mut |_| {}).unwrap();
        assert_eq!(again.to_bytes().unwrap(), twice.to_bytes().unwrap());
        let mut bare = chosen.clone();
        bare.info = serde_json::Value::Null;
        assert!(train_with_settings_of(&data, &bare, &options, &mut |_| {}).is_err());
    }
}
