//! `unspun train attribution|subjectivity` and `unspun eval
//! attribution|subjectivity`: the PolNeAR cue list and attribution scores
//! (source, cue, content, relation; exact and overlap), and the CheckThat!
//! subjectivity model and its macro-F1.

use std::path::PathBuf;

use clap::Args;
use unspun_sourcing::brat::write_ann;
use unspun_sourcing::cues::CueCounts;
use unspun_sourcing::polnear::{evaluate, read_split};
use unspun_sourcing::score::Counts;
use unspun_sourcing::subjectivity::{
    classify_sentence, features, macro_f1, read_tsv, train as train_model, train_with_threshold,
    Example, Model, TrainOptions,
};
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
    if let Some(dir) = &args.predictions {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("unspun: {}: {e}", dir.display());
            return EXIT_OUTPUT_FAILED;
        }
    }
    let mut write_failed = false;
    let ev = evaluate(&articles, &lexicon, |art, pred| {
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
    match std::fs::write(&args.output, counts.to_tsv(args.min_count.max(1))) {
        Ok(()) => {
            eprintln!(
                "unspun: counted cues in {files} annotation files; wrote {}",
                args.output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {}: {e}", args.output.display());
            EXIT_OUTPUT_FAILED
        }
    }
}

/// Arguments of `unspun train subjectivity`.
#[derive(Args)]
pub struct TrainSubjectivityArgs {
    /// The CheckThat! subjectivity folder (`train_en.tsv` is read) or a TSV file.
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/subjectivity-en.tsv")]
    pub output: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// L2 penalty.
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f32,
    /// Choose the decision threshold by 5-fold cross-validation on the
    /// training data (default: 0.5 with class-balanced training).
    #[arg(long)]
    pub cv_threshold: bool,
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
    /// Use this model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
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
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    match std::fs::write(&args.output, model.to_tsv()) {
        Ok(()) => {
            eprintln!(
                "unspun: trained on {} sentences; wrote {}",
                data.len(),
                args.output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {}: {e}", args.output.display());
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
    let model = match &args.model {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => Model::from_tsv(&t),
            Err(e) => {
                eprintln!("unspun: {}: {e}", p.display());
                return EXIT_INPUT_FAILED;
            }
        },
        None => Model::embedded(),
    };
    let lexicon = CueLexicon::builtin();
    let gold: Vec<bool> = examples.iter().map(|e| e.subjective).collect();
    let mut pred = Vec::new();
    let mut model_only = Vec::new();
    for e in &examples {
        let (editorial, p, _) = classify_sentence(&e.text, &lexicon, &model);
        pred.push(editorial);
        model_only.push(p >= model.decision_threshold());
    }
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
    let f1 = macro_f1(&gold, &pred);
    let f1_model = macro_f1(&gold, &model_only);
    let accuracy =
        gold.iter().zip(&pred).filter(|(g, p)| g == p).count() as f64 / gold.len() as f64;
    if args.json {
        let v = serde_json::json!({"sentences": gold.len(), "macro_f1": f1, "accuracy": accuracy, "macro_f1_model_only": f1_model});
        println!("{}", serde_json::to_string_pretty(&v).expect("json"));
    } else {
        println!("sentences {}", gold.len());
        println!("macro-F1 {f1:.4}  accuracy {accuracy:.4}  (editorial = SUBJ)");
        println!("macro-F1 of the model alone, without the attribution rule {f1_model:.4}");
    }
    EXIT_OK
}
