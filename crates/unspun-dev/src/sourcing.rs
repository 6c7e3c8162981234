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
    let mut fast_p = vec![0.5f32; data.len()];
    for fold in 0..FOLDS {
        let part: Vec<(Vec<String>, bool)> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, e)| e.clone())
            .collect();
        let m = train_model(&part, options);
        for (i, e) in data.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
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
        let probs = accurate::cross_validate(&xs, &gold, &HeadOptions { l2, ..base }, FOLDS);
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
