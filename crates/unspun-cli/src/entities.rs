//! `unspun train entities|portrayal` and `unspun eval entities|portrayal`:
//! the CoNLL-2003 named-entity tagger and the NewsMTSC portrayal classifier
//! (fast tier).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use unspun_actors::conll::{iob1_to_bio, read_conll, ConllDocument, EntityScore};
use unspun_actors::features::DocContext;
use unspun_actors::portrayal::{
    embedded_portrayal, macro_f1, read_newsmtsc, train_portrayal, Example, PortrayalModel, CLASSES,
};
use unspun_actors::stage::{embedded_gazetteer, embedded_tagger};
use unspun_actors::tagger::{train, SentenceInput, Tagger, TrainOptions, LABELS};

use crate::train::save_model;
use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// Arguments of `unspun train entities`.
#[derive(Args)]
pub struct TrainEntitiesArgs {
    /// CoNLL-2003 training file (e.g. `../shared/data/conll2003/eng.train`).
    #[arg(long)]
    pub train: PathBuf,
    /// CoNLL-2003 file for model selection (e.g. `../shared/data/conll2003/eng.testa`).
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/entities-fast.bin")]
    pub output: PathBuf,
    /// Hash bits of the feature buckets.
    #[arg(long, default_value_t = TrainOptions::default().bits)]
    pub bits: u32,
    /// Most passes over the training data (the best on `--dev` is kept).
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Seed of the sentence order.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
}

/// Arguments of `unspun eval entities`.
#[derive(Args)]
pub struct EvalEntitiesArgs {
    /// A CoNLL-2003 file with gold tags (e.g. `../shared/data/conll2003/eng.testa`).
    #[arg(long)]
    pub conll: PathBuf,
    /// Write `token gold predicted` lines here (the input of conlleval).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Use this model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

fn read(path: &PathBuf) -> Result<Vec<ConllDocument>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let docs = read_conll(&text);
    if docs.is_empty() {
        return Err(format!("{}: no CoNLL sentences", path.display()));
    }
    Ok(docs)
}

/// Runs `unspun train entities`.
pub fn train_entities(args: TrainEntitiesArgs) -> u8 {
    let (train_docs, dev_docs) = match (read(&args.train), read(&args.dev)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let options = TrainOptions {
        bits: args.bits.clamp(10, 24),
        epochs: args.epochs.max(1),
        seed: args.seed,
    };
    let tokens: usize = train_docs.iter().map(ConllDocument::token_count).sum();
    eprintln!(
        "unspun: training on {} documents ({tokens} tokens), selecting on {}",
        train_docs.len(),
        args.dev.display()
    );
    let (tagger, score) = train(
        &train_docs,
        &dev_docs,
        embedded_gazetteer(),
        HashMap::new(),
        &options,
        &mut |l| eprintln!("  {l}"),
    );
    eprintln!("unspun: best dev F1 {:.4}", score.overall.f1());
    save_model(&args.output, |path| tagger.save(path))
}

/// Runs `unspun eval entities`.
pub fn eval_entities(args: EvalEntitiesArgs) -> u8 {
    let docs = match read(&args.conll) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let loaded;
    let tagger: &Tagger = match &args.model {
        Some(path) => match Tagger::load(path) {
            Ok(t) => {
                loaded = t;
                &loaded
            }
            Err(e) => {
                eprintln!("unspun: {}: {e}", path.display());
                return EXIT_INPUT_FAILED;
            }
        },
        None => match embedded_tagger() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("unspun: {e}");
                return EXIT_INPUT_FAILED;
            }
        },
    };
    let mut out = String::new();
    let mut score = EntityScore::default();
    let mut feats = Vec::new();
    let start = std::time::Instant::now();
    for doc in &docs {
        let ctx = DocContext::new(doc.sentences.iter().map(|s| s.tokens.as_slice()));
        for s in &doc.sentences {
            let pred = tagger.tag(
                &SentenceInput {
                    tokens: &s.tokens,
                    doc: &ctx,
                },
                embedded_gazetteer(),
                &mut feats,
            );
            let pred: Vec<String> = pred.iter().map(|&y| LABELS[y].to_string()).collect();
            let gold = iob1_to_bio(&s.tags);
            for ((t, g), p) in s.tokens.iter().zip(&gold).zip(&pred) {
                out.push_str(&format!("{t} {g} {p}\n"));
            }
            out.push('\n');
            score.add(&gold, &pred);
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    if let Some(path) = &args.predictions {
        if let Err(e) = std::fs::File::create(path).and_then(|mut f| f.write_all(out.as_bytes())) {
            eprintln!("unspun: {}: {e}", path.display());
            return EXIT_OUTPUT_FAILED;
        }
    }
    let row = |c: &unspun_actors::conll::Counts| {
        serde_json::json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
            "gold": c.gold, "predicted": c.predicted, "correct": c.correct})
    };
    if args.json {
        let per_type: serde_json::Map<String, serde_json::Value> = score
            .per_type
            .iter()
            .map(|(k, c)| (k.clone(), row(c)))
            .collect();
        let value = serde_json::json!({
            "tokens": score.tokens, "accuracy": score.accuracy(), "overall": row(&score.overall),
            "per_type": per_type, "tokens_per_second": score.tokens as f64 / seconds,
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
    } else {
        println!(
            "tokens {}  entities {} gold, {} predicted, {} correct  accuracy {:.4}",
            score.tokens,
            score.overall.gold,
            score.overall.predicted,
            score.overall.correct,
            score.accuracy()
        );
        println!("{:<8} {:>7} {:>7} {:>7}", "type", "P", "R", "F1");
        let c = &score.overall;
        println!(
            "{:<8} {:>7.4} {:>7.4} {:>7.4}",
            "overall",
            c.precision(),
            c.recall(),
            c.f1()
        );
        for (ty, c) in &score.per_type {
            println!(
                "{ty:<8} {:>7.4} {:>7.4} {:>7.4}",
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        eprintln!(
            "tagged {:.0} tokens/s (one thread, features and decoding)",
            score.tokens as f64 / seconds
        );
    }
    EXIT_OK
}

/// Arguments of `unspun train portrayal`.
#[derive(Args)]
pub struct TrainPortrayalArgs {
    /// NewsMTSC training file (e.g. `../shared/data/newsmtsc/train.jsonl`).
    #[arg(long)]
    pub train: PathBuf,
    /// NewsMTSC file for model selection (e.g. `../shared/data/newsmtsc/devtest_mt.jsonl`).
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/portrayal-fast.bin")]
    pub output: PathBuf,
    /// Hash bits of the feature buckets.
    #[arg(long, default_value_t = 18)]
    pub bits: u32,
    /// Most passes over the training data (the best on `--dev` is kept).
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of the example order.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
}

/// Arguments of `unspun eval portrayal`.
#[derive(Args)]
pub struct EvalPortrayalArgs {
    /// A NewsMTSC file (e.g. `../shared/data/newsmtsc/devtest_mt.jsonl`).
    #[arg(long)]
    pub data: PathBuf,
    /// Use this model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

fn read_mtsc(path: &PathBuf) -> Result<Vec<Example>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let examples = read_newsmtsc(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if examples.is_empty() {
        return Err(format!("{}: no targets", path.display()));
    }
    Ok(examples)
}

/// Runs `unspun train portrayal`.
pub fn train_portrayal_cmd(args: TrainPortrayalArgs) -> u8 {
    let (train_set, dev_set) = match (read_mtsc(&args.train), read_mtsc(&args.dev)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    eprintln!(
        "unspun: training on {} targets, selecting on {}",
        train_set.len(),
        dev_set.len()
    );
    let (model, f1m) = train_portrayal(
        &train_set,
        &dev_set,
        args.bits.clamp(10, 24),
        args.epochs.max(1),
        args.seed,
        &mut |l| eprintln!("  {l}"),
    );
    eprintln!("unspun: best dev F1m {f1m:.4}");
    save_model(&args.output, |path| model.save(path))
}

/// Runs `unspun eval portrayal`: macro-F1 over negative, neutral, positive.
pub fn eval_portrayal(args: EvalPortrayalArgs) -> u8 {
    let examples = match read_mtsc(&args.data) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let loaded;
    let model: &PortrayalModel = match &args.model {
        Some(path) => match PortrayalModel::load(path) {
            Ok(m) => {
                loaded = m;
                &loaded
            }
            Err(e) => {
                eprintln!("unspun: {}: {e}", path.display());
                return EXIT_INPUT_FAILED;
            }
        },
        None => match embedded_portrayal() {
            Ok(m) => m,
            Err(e) => {
                eprintln!("unspun: {e}");
                return EXIT_INPUT_FAILED;
            }
        },
    };
    let gold: Vec<usize> = examples.iter().map(|e| e.class).collect();
    let predicted: Vec<usize> = examples
        .iter()
        .map(|e| model.predict(&e.sentence, e.target))
        .collect();
    let (f1m, acc, per) = macro_f1(&gold, &predicted);
    println!(
        "targets {}  F1m {f1m:.4}  accuracy {acc:.4}",
        examples.len()
    );
    for (name, f) in CLASSES.iter().zip(per) {
        println!("{name:<9} F1 {f:.4}");
    }
    EXIT_OK
}
