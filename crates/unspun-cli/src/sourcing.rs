//! `unspun train attribution|subjectivity` and `unspun eval
//! attribution|subjectivity`: the PolNeAR cue list and attribution scores
//! (source, cue, content, relation; exact and overlap), and the CheckThat!
//! subjectivity model and its macro-F1.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unspun_sourcing::accurate::{self, AccurateModel, HeadOptions};
use unspun_sourcing::brat::write_ann;
use unspun_sourcing::cues::CueCounts;
use unspun_sourcing::polnear::{evaluate_with, read_split, segmented};
use unspun_sourcing::score::Counts;
use unspun_sourcing::subjectivity::{
    classify_sentence, features, macro_f1, read_tsv, train as train_model, train_with_threshold,
    Example, Model, TrainOptions,
};
use unspun_sourcing::tagger::{self, Extractor, Tagger, TrainDoc};
use unspun_sourcing::CueLexicon;

use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// Arguments of `unspun eval attribution`.
#[derive(Args)]
pub struct EvalAttributionArgs {
    /// A PolNeAR split directory with `text/` and `attributions/`
    /// (e.g. `../shared/data/polnear/dev`).
    #[arg(long)]
    pub data: PathBuf,
    /// Write the predictions here, one brat `.ann` file per text
    /// (`<article>_unspun.ann`).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Use only the hand-written cue list (not the learned one).
    #[arg(long)]
    pub hand_written_cues: bool,
    /// Use the rules only, not the learned tagger.
    #[arg(long)]
    pub rules_only: bool,
    /// Use this tagger file instead of the embedded one.
    #[arg(long, conflicts_with = "rules_only")]
    pub tagger: Option<PathBuf>,
    /// Score the gold tags once assembled into relations (the ceiling of
    /// the tagger's approach).
    #[arg(long, hide = true)]
    pub oracle: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `unspun train attribution`.
#[derive(Args)]
pub struct TrainAttributionArgs {
    /// The PolNeAR training split (e.g. `../shared/data/polnear/train`).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the cue list.
    #[arg(long, default_value = "models/attribution-cues.tsv")]
    pub output: PathBuf,
    /// Keep words that were part of a cue at least this many times.
    #[arg(long, default_value_t = 3)]
    pub min_count: usize,
    /// Where to write the attribution tagger.
    #[arg(long, default_value = "models/attribution-tagger.bin")]
    pub tagger_output: PathBuf,
    /// Passes over the data (tagger).
    #[arg(long, default_value_t = tagger::TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Hash bits of the tagger's feature buckets.
    #[arg(long, default_value_t = tagger::TrainOptions::default().bits)]
    pub bits: u32,
}

/// Runs `unspun eval attribution`.
pub fn eval_attribution(args: EvalAttributionArgs) -> u8 {
    let articles = match read_split(&args.data) {
        Ok(a) if !a.is_empty() => a,
        Ok(_) => {
            eprintln!("unspun: {}: no texts under text/", args.data.display());
            return EXIT_INPUT_FAILED;
        }
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let lexicon = if args.hand_written_cues {
        CueLexicon::hand_written()
    } else {
        CueLexicon::builtin()
    };
    let tagger = match (&args.tagger, args.rules_only) {
        (_, true) => None,
        (Some(path), _) => match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|b| Tagger::from_bytes(&b).map_err(|e| e.to_string()))
        {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("unspun: {}: {e}", path.display());
                return EXIT_INPUT_FAILED;
            }
        },
        (None, false) => Extractor::embedded().tagger,
    };
    let extractor = Extractor { lexicon, tagger };
    if let Some(dir) = &args.predictions {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("unspun: {}: {e}", dir.display());
            return EXIT_OUTPUT_FAILED;
        }
    }
    let mut write_failed = false;
    let oracle: std::collections::HashMap<&str, &[unspun_sourcing::brat::Relation]> = articles
        .iter()
        .filter_map(|a| {
            a.gold
                .values()
                .next()
                .map(|g| (a.id.as_str(), g.as_slice()))
        })
        .collect();
    let find = |doc: &unspun_core::Document| match oracle.get(doc.id.as_str()) {
        Some(gold) if args.oracle => tagger::oracle(doc, &extractor.lexicon, gold),
        _ => extractor.extract(doc),
    };
    let ev = evaluate_with(&articles, find, |art, pred| {
        if let Some(dir) = &args.predictions {
            let path = dir.join(format!("{}_unspun.ann", art.id));
            if let Err(e) = std::fs::write(&path, write_ann(&art.text, pred)) {
                eprintln!("unspun: {}: {e}", path.display());
                write_failed = true;
            }
        }
    });
    let row = |c: &Counts| serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_});
    if args.json {
        let mut exact = serde_json::Map::new();
        let mut overlap = serde_json::Map::new();
        for ((name, e), (_, o)) in ev
            .score
            .exact
            .named()
            .iter()
            .zip(ev.score.overlap.named().iter())
        {
            exact.insert(name.to_string(), row(e));
            overlap.insert(name.to_string(), row(o));
        }
        let value = serde_json::json!({
            "texts": ev.texts,
            "annotation_files": ev.annotations,
            "gold_relations": ev.gold_relations,
            "predicted_relations": ev.predicted_relations,
            "exact": exact,
            "overlap": overlap,
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
    } else {
        println!(
            "texts {}  annotation files {} (a text annotated twice is scored against both)",
            ev.texts, ev.annotations
        );
        println!(
            "gold relations {}  predicted {}",
            ev.gold_relations, ev.predicted_relations
        );
        println!(
            "{:<10} {:>26}   {:>26}",
            "", "exact P / R / F1", "overlap P / R / F1"
        );
        for ((name, e), (_, o)) in ev
            .score
            .exact
            .named()
            .iter()
            .zip(ev.score.overlap.named().iter())
        {
            println!(
                "{name:<10} {:>8.4} {:>8.4} {:>8.4}   {:>8.4} {:>8.4} {:>8.4}",
                e.precision(),
                e.recall(),
                e.f1(),
                o.precision(),
                o.recall(),
                o.f1()
            );
        }
    }
    if write_failed {
        EXIT_OUTPUT_FAILED
    } else {
        EXIT_OK
    }
}

/// Runs `unspun train attribution`: counts cue words in the training split
/// and writes the cue list.
pub fn train_attribution(args: TrainAttributionArgs) -> u8 {
    let articles = match read_split(&args.data) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("unspun: {e}");
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
            "unspun: {}: no annotation files under attributions/",
            args.data.display()
        );
        return EXIT_INPUT_FAILED;
    }
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    let tsv = counts.to_tsv(args.min_count.max(1));
    if let Err(e) = std::fs::write(&args.output, &tsv) {
        eprintln!("unspun: {}: {e}", args.output.display());
        return EXIT_OUTPUT_FAILED;
    }
    eprintln!(
        "unspun: counted cues in {files} annotation files; wrote {}",
        args.output.display()
    );
    // The tagger's features read the cue list just written (what the
    // embedded lexicon will be once rebuilt).
    let mut lexicon = CueLexicon::hand_written();
    lexicon.extend_from_tsv(&tsv, 0.5, 5);
    let docs: Vec<unspun_core::Document> = articles.iter().map(segmented).collect();
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
        eprintln!("unspun: {line}")
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
                "unspun: trained the tagger on {} texts in {:.1}s; wrote {} ({} bytes)",
                train_docs.len(),
                started.elapsed().as_secs_f64(),
                args.tagger_output.display(),
                bytes.len()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {}: {e}", args.tagger_output.display());
            EXIT_OUTPUT_FAILED
        }
    }
}

/// Which subjectivity model to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum SubjectivityTier {
    /// Logistic regression over words (embedded).
    Fast,
    /// A head over the shared MiniLM trunk and the fast model (the trunk is
    /// read from `models/`, or from `$UNSPUN_MODELS`).
    #[default]
    Accurate,
}

/// Arguments of `unspun train subjectivity`.
#[derive(Args)]
pub struct TrainSubjectivityArgs {
    /// The CheckThat! subjectivity folder (`train_en.tsv` is read) or a TSV file.
    #[arg(long)]
    pub data: PathBuf,
    /// Which model to train.
    #[arg(long, value_enum, default_value_t = SubjectivityTier::Fast)]
    pub model: SubjectivityTier,
    /// Where to write the model (default: `models/subjectivity-en.tsv`,
    /// or `models/subjectivity-accurate.json` for `--model accurate`).
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

/// Arguments of `unspun eval subjectivity`.
#[derive(Args)]
pub struct EvalSubjectivityArgs {
    /// The CheckThat! subjectivity folder (`dev_en.tsv` is read) or a TSV file.
    #[arg(long)]
    pub data: PathBuf,
    /// Write predictions here (`sentence_id<TAB>label`, the task's format).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Which model to use.
    #[arg(long, value_enum, default_value_t = SubjectivityTier::default())]
    pub model: SubjectivityTier,
    /// Read the fast model from this file instead of the embedded one.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
    /// Read the accurate head from this file instead of the embedded one.
    #[arg(long)]
    pub accurate_file: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

fn read_examples(path: &std::path::Path, default_file: &str) -> Result<Vec<Example>, String> {
    let file = if path.is_dir() {
        path.join(default_file)
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let ex = read_tsv(&text);
    if ex.is_empty() {
        return Err(format!("{}: no sentences", file.display()));
    }
    Ok(ex)
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

/// Runs `unspun train subjectivity`.
pub fn train_subjectivity(args: TrainSubjectivityArgs) -> u8 {
    let examples = match read_examples(&args.data, "train_en.tsv") {
        Ok(e) => e,
        Err(e) => {
            eprintln!("unspun: {e}");
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
        .unwrap_or_else(|| PathBuf::from("models/subjectivity-en.tsv"));
    let model = if args.cv_threshold {
        let m = train_with_threshold(&data, &options, 5);
        eprintln!(
            "unspun: decision threshold {:.2} (5-fold cross-validation on the training data)",
            m.decision_threshold()
        );
        m
    } else {
        train_model(&data, &options)
    };
    match write_file(&output, &model.to_tsv()) {
        Ok(()) => {
            eprintln!(
                "unspun: trained on {} sentences; wrote {}",
                data.len(),
                output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {e}");
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
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    eprintln!(
        "unspun: trunk states of {} sentences in {:.1}s",
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
        "unspun: 5-fold CV macro-F1 of the fast model alone: {:.4}",
        macro_f1(&gold, &fast_pred)
    );
    let mut best: Option<(f32, f64, Vec<f32>)> = None;
    for &l2 in &args.head_l2 {
        let probs = accurate::cross_validate(&xs, &gold, &HeadOptions { l2, ..base }, FOLDS);
        let pred: Vec<bool> = probs.iter().map(|&p| p >= 0.5).collect();
        let f1 = macro_f1(&gold, &pred);
        let (t, ft) = best_threshold(&gold, &probs);
        eprintln!("unspun: head l2 {l2}: 5-fold CV macro-F1 {f1:.4} at 0.5, {ft:.4} at {t:.2}");
        if best.as_ref().is_none_or(|b| f1 > b.1) {
            best = Some((l2, f1, probs));
        }
    }
    let Some((l2, cv_f1, probs)) = best else {
        eprintln!("unspun: --head-l2 names no penalty");
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
        .unwrap_or_else(|| PathBuf::from("models/subjectivity-accurate.json"));
    let text = model.to_json();
    match write_file(&output, &text) {
        Ok(()) => {
            eprintln!(
                "unspun: l2 {l2}, threshold {:.2}; trained on {} sentences in {:.1}s; wrote {} ({} bytes)",
                model.threshold,
                xs.len(),
                started.elapsed().as_secs_f64(),
                output.display(),
                text.len()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}

/// Runs `unspun eval subjectivity`: a sentence whose kind is editorial
/// counts as `SUBJ`.
pub fn eval_subjectivity(args: EvalSubjectivityArgs) -> u8 {
    let examples = match read_examples(&args.data, "dev_en.tsv") {
        Ok(e) => e,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let model = match &args.model_file {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Model::from_tsv(&t),
            Err(e) => {
                eprintln!("unspun: {}: {e}", p.display());
                return EXIT_INPUT_FAILED;
            }
        },
        None => Model::embedded(),
    };
    let head = match args.model {
        SubjectivityTier::Fast => None,
        SubjectivityTier::Accurate => {
            let loaded = match &args.accurate_file {
                Some(p) => std::fs::read_to_string(p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| AccurateModel::from_json(&t))
                    .map_err(|e| format!("{}: {e}", p.display())),
                None => AccurateModel::embedded(),
            };
            match loaded {
                Ok(m) => Some(m),
                Err(e) => {
                    eprintln!("unspun: {e}");
                    return EXIT_INPUT_FAILED;
                }
            }
        }
    };
    let started = std::time::Instant::now();
    let vectors = match &head {
        Some(_) => {
            let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
            match accurate::text_vectors(&texts) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("unspun: {e}");
                    return EXIT_INPUT_FAILED;
                }
            }
        }
        None => Vec::new(),
    };
    let lexicon = CueLexicon::builtin();
    let gold: Vec<bool> = examples.iter().map(|e| e.subjective).collect();
    let mut pred = Vec::new();
    let mut model_only = Vec::new();
    for (i, e) in examples.iter().enumerate() {
        let (editorial, p, attributed) = classify_sentence(&e.text, &lexicon, &model);
        match &head {
            Some(h) => {
                let x = accurate::input(vectors.get(i).and_then(|v| v.as_deref()), p);
                let q = h.probability(&x);
                pred.push(!attributed && q >= h.threshold);
                model_only.push(q >= h.threshold);
            }
            None => {
                pred.push(editorial);
                model_only.push(p >= model.decision_threshold());
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &args.predictions {
        let mut out = String::from("sentence_id\tlabel\n");
        for (e, p) in examples.iter().zip(&pred) {
            out.push_str(&format!("{}\t{}\n", e.id, if *p { "SUBJ" } else { "OBJ" }));
        }
        if let Err(err) = std::fs::write(path, out) {
            eprintln!("unspun: {}: {err}", path.display());
            return EXIT_OUTPUT_FAILED;
        }
    }
    let class_f1 = |class: bool| {
        let g: Vec<bool> = gold.iter().map(|&x| x == class).collect();
        let p: Vec<bool> = pred.iter().map(|&x| x == class).collect();
        let tp = g.iter().zip(&p).filter(|(a, b)| **a && **b).count() as f64;
        let (ng, np) = (
            g.iter().filter(|&&x| x).count() as f64,
            p.iter().filter(|&&x| x).count() as f64,
        );
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (ng + np)
        }
    };
    let f1 = macro_f1(&gold, &pred);
    let f1_model = macro_f1(&gold, &model_only);
    let accuracy =
        gold.iter().zip(&pred).filter(|(g, p)| g == p).count() as f64 / gold.len() as f64;
    let tier = match args.model {
        SubjectivityTier::Fast => "fast",
        SubjectivityTier::Accurate => "accurate",
    };
    let predicted_subj = pred.iter().filter(|&&p| p).count();
    if args.json {
        let v = serde_json::json!({
            "model": tier,
            "sentences": gold.len(),
            "macro_f1": f1,
            "subj_f1": class_f1(true),
            "obj_f1": class_f1(false),
            "accuracy": accuracy,
            "macro_f1_model_only": f1_model,
            "predicted_subj": predicted_subj,
            "seconds": seconds,
        });
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
    } else {
        println!("sentences {}  model {tier}", gold.len());
        println!("macro-F1 {f1:.4}  accuracy {accuracy:.4}  (editorial = SUBJ)");
        println!(
            "SUBJ F1 {:.4}  OBJ F1 {:.4}  predicted SUBJ {predicted_subj}",
            class_f1(true),
            class_f1(false)
        );
        println!("macro-F1 of the model alone, without the attribution rule {f1_model:.4}");
    }
    EXIT_OK
}
