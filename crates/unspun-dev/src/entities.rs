//! `unspun-dev train entities|portrayal`: the CoNLL-2003 named-entity
//! tagger and the NewsMTSC portrayal classifier (fast tier).

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;
use unspun_actors::conll::ConllDocument;
use unspun_actors::eval::{read_conll_file, read_newsmtsc_file};
use unspun_actors::portrayal::train_portrayal;
use unspun_actors::stage::embedded_gazetteer;
use unspun_actors::tagger::{train, TrainOptions};

use crate::train::save_model;
use crate::{models_dir, EXIT_INPUT_FAILED};

/// Arguments of `unspun-dev train entities`.
#[derive(Args)]
pub struct TrainEntitiesArgs {
    /// CoNLL-2003 training file (e.g. `../shared/data/conll2003/eng.train`).
    #[arg(long)]
    pub train: PathBuf,
    /// CoNLL-2003 file for model selection (e.g. `../shared/data/conll2003/eng.testa`).
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model (default: in the workspace's models/ folder).
    #[arg(long, default_value_os_t = models_dir().join("entities-fast.bin"))]
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

/// Runs `unspun-dev train entities`.
pub fn train_entities(args: TrainEntitiesArgs) -> u8 {
    let (train_docs, dev_docs) = match (read_conll_file(&args.train), read_conll_file(&args.dev)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun-dev: {e}");
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
        "unspun-dev: training on {} documents ({tokens} tokens), selecting on {}",
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
    eprintln!("unspun-dev: best dev F1 {:.4}", score.overall.f1());
    save_model(&args.output, |path| tagger.save(path))
}

/// Arguments of `unspun-dev train portrayal`.
#[derive(Args)]
pub struct TrainPortrayalArgs {
    /// NewsMTSC training file (e.g. `../shared/data/newsmtsc/train.jsonl`).
    #[arg(long)]
    pub train: PathBuf,
    /// NewsMTSC file for model selection (e.g. `../shared/data/newsmtsc/devtest_mt.jsonl`).
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model (default: in the workspace's models/ folder).
    #[arg(long, default_value_os_t = models_dir().join("portrayal-fast.bin"))]
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

/// Runs `unspun-dev train portrayal`.
pub fn train_portrayal_cmd(args: TrainPortrayalArgs) -> u8 {
    let (train_set, dev_set) = match (
        read_newsmtsc_file(&args.train),
        read_newsmtsc_file(&args.dev),
    ) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    eprintln!(
        "unspun-dev: training on {} targets, selecting on {}",
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
    eprintln!("unspun-dev: best dev F1m {f1m:.4}");
    save_model(&args.output, |path| model.save(path))
}
