//! `unspun-dev calibrate techniques`: fits the isotonic map from a
//! technique mark's raw confidence to the share of such marks that were
//! right on held-out articles, and writes it into the model files.
//!
//! Run it on articles the models were not trained on (fold 0 of PTC train
//! for models trained on folds 1–4), never on a test split.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unspun_learn::calibration::{reliability, Calibration};
use unspun_techniques::accurate::SETTINGS_FILE;
use unspun_techniques::data::read_split;
use unspun_techniques::train::evaluate;
use unspun_techniques::{AccurateModel, FastModel};

use crate::{models_dir, EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// Which tier's confidences to calibrate.
#[derive(Clone, Copy, ValueEnum)]
pub enum CalibratedTier {
    /// `techniques-fast.bin`.
    Fast,
    /// `techniques-accurate.json` (blended with `techniques-fast.bin`).
    Accurate,
}

/// Arguments of `unspun-dev calibrate techniques`.
#[derive(Args)]
pub struct CalibrateArgs {
    /// Held-out labelled PTC articles (`DIR/articles`, `DIR/labels`).
    #[arg(long)]
    pub data: PathBuf,
    /// The tier whose model file gets the calibration.
    #[arg(long, value_enum)]
    pub tier: CalibratedTier,
    /// Folder of the model files, read and rewritten (default: the
    /// workspace's models/ folder).
    #[arg(long, default_value_os_t = models_dir())]
    pub models: PathBuf,
    /// Fewest marks behind each point of the map.
    #[arg(long, default_value_t = 40)]
    pub min_block: usize,
}

/// Runs `unspun-dev calibrate techniques`.
pub fn run(args: CalibrateArgs) -> u8 {
    let articles = match read_split(&args.data) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let fast_path = args.models.join("techniques-fast.bin");
    let mut fast = match FastModel::load(&fast_path) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("unspun-dev: {}: {e}", fast_path.display());
            return EXIT_INPUT_FAILED;
        }
    };
    let (evaluation, mut accurate) = match args.tier {
        CalibratedTier::Fast => {
            fast.calibration = None;
            (evaluate(&fast, &articles), None)
        }
        CalibratedTier::Accurate => {
            let mut model = match AccurateModel::load(&args.models) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("unspun-dev: {e}");
                    return EXIT_INPUT_FAILED;
                }
            };
            model.settings.calibration = None;
            match model.evaluate(&fast, &articles) {
                Ok(e) => (e, Some(model)),
                Err(e) => {
                    eprintln!("unspun-dev: {e}");
                    return EXIT_INPUT_FAILED;
                }
            }
        }
    };
    let pairs = evaluation.confidence_pairs(&articles);
    eprintln!(
        "unspun-dev: {} marks on {} articles; raw confidence against rightness:",
        pairs.len(),
        articles.len()
    );
    for b in reliability(&pairs).iter().filter(|b| b.count > 0) {
        eprintln!(
            "  {:.1}–{:.1}: {:>5} marks, mean {:.3}, right {:.3}",
            b.low,
            b.high,
            b.count,
            b.mean_confidence(),
            b.accuracy()
        );
    }
    let Some(calibration) = Calibration::fit(&pairs, args.min_block) else {
        eprintln!("unspun-dev: no marks to calibrate on");
        return EXIT_INPUT_FAILED;
    };
    for (raw, p) in &calibration.points {
        eprintln!("  map: raw {raw:.3} → {p:.3}");
    }
    let written = match accurate.as_mut() {
        None => {
            fast.calibration = Some(calibration);
            fast.save(&fast_path)
                .map_err(|e| e.to_string())
                .map(|_| fast_path)
        }
        Some(model) => {
            model.settings.calibration = Some(calibration);
            let path = args.models.join(SETTINGS_FILE);
            serde_json::to_string_pretty(&model.settings)
                .map_err(|e| e.to_string())
                .and_then(|json| std::fs::write(&path, json + "\n").map_err(|e| e.to_string()))
                .map(|_| path)
        }
    };
    match written {
        Ok(path) => {
            eprintln!("unspun-dev: wrote the calibration into {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            EXIT_OUTPUT_FAILED
        }
    }
}
