//! Scores against public annotated data sets, as `unspun eval entities` and
//! `unspun eval portrayal` report them: named entities against a CoNLL-2003
//! file (entity-level precision, recall and F1 as conlleval computes them)
//! and portrayal against NewsMTSC (macro-F1 over negative, neutral and
//! positive).
//!
//! Each evaluation reads its data set, runs the model and returns a typed
//! result with its text report (`Display`) and, for entities, its JSON
//! record ([`EntitiesEval::to_json`]).

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::conll::{read_conll, ConllDocument, Counts, EntityScore};
use crate::entity_tower::EntityTower;
use crate::portrayal::CLASSES;
use crate::portrayal::{embedded_portrayal, macro_f1, read_newsmtsc, Example, PortrayalModel};
use crate::portrayal_tower::PortrayalTower;
use crate::stage::{embedded_gazetteer, embedded_tagger};
use crate::tagger::{evaluate_each, Tagger};

/// Why an evaluation gave no scores (shared by every analyser crate).
pub use unspun_learn::metrics::EvalError;

/// The documents of a CoNLL-2003 file; an error when it has none.
pub fn read_conll_file(path: &Path) -> Result<Vec<ConllDocument>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let docs = read_conll(&text);
    if docs.is_empty() {
        return Err(format!("{}: no CoNLL sentences", path.display()));
    }
    Ok(docs)
}

/// The targets of a NewsMTSC file (JSON Lines); an error when it has none.
pub fn read_newsmtsc_file(path: &Path) -> Result<Vec<Example>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let examples = read_newsmtsc(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if examples.is_empty() {
        return Err(format!("{}: no targets", path.display()));
    }
    Ok(examples)
}

/// The scores of [`entities`].
#[derive(Debug, Clone, PartialEq)]
pub struct EntitiesEval {
    /// Entity and tag counts, overall and per type.
    pub score: EntityScore,
    /// Seconds spent tagging.
    pub seconds: f64,
    /// Whether the accurate tier (chain and tower) was scored.
    pub accurate: bool,
}

/// Scores the entity tagger (the embedded one, or the one in `model`)
/// against the gold tags of a CoNLL-2003 file; with `accurate`, the chain
/// is decoded together with the shipped entity tower over the shared
/// trunk ([`crate::entity_tower`]). Writes `token gold predicted` lines
/// (the input of conlleval) to `predictions` when given.
pub fn entities(
    conll: &Path,
    model: Option<&Path>,
    accurate: bool,
    predictions: Option<&Path>,
) -> Result<EntitiesEval, EvalError> {
    let docs = read_conll_file(conll).map_err(EvalError::Input)?;
    let loaded;
    let tagger: &Tagger = match model {
        Some(path) => {
            loaded = Tagger::load(path)
                .map_err(|e| EvalError::Input(format!("{}: {e}", path.display())))?;
            &loaded
        }
        None => embedded_tagger().map_err(EvalError::Input)?,
    };
    let mut out = String::new();
    let start = Instant::now();
    let each = |tokens: &[String], gold: &[String], pred: &[String]| {
        if predictions.is_some() {
            for ((t, g), p) in tokens.iter().zip(gold).zip(pred) {
                out.push_str(&format!("{t} {g} {p}\n"));
            }
            out.push('\n');
        }
    };
    let score = if accurate {
        let tower = EntityTower::shared().map_err(EvalError::Input)?;
        let trunk = unspun_encoder::shared_trunk().map_err(EvalError::Input)?;
        crate::entity_tower::evaluate_each(tagger, tower, trunk, embedded_gazetteer(), &docs, each)
            .map_err(EvalError::Input)?
    } else {
        evaluate_each(tagger, &docs, embedded_gazetteer(), each)
    };
    let seconds = start.elapsed().as_secs_f64();
    if let Some(path) = predictions {
        std::fs::File::create(path)
            .and_then(|mut f| f.write_all(out.as_bytes()))
            .map_err(|e| EvalError::Output(format!("{}: {e}", path.display())))?;
    }
    Ok(EntitiesEval {
        score,
        seconds,
        accurate,
    })
}

fn counts_json(c: &Counts) -> Value {
    json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
        "gold": c.gold, "predicted": c.predicted, "correct": c.correct})
}

impl EntitiesEval {
    /// Tokens tagged per second.
    pub fn tokens_per_second(&self) -> f64 {
        self.score.tokens as f64 / self.seconds
    }

    /// The scores as the JSON record of `unspun eval entities --json`.
    pub fn to_json(&self) -> Value {
        let score = &self.score;
        let per_type: serde_json::Map<String, Value> = score
            .per_type
            .iter()
            .map(|(k, c)| (k.clone(), counts_json(c)))
            .collect();
        json!({
            "tokens": score.tokens, "accuracy": score.accuracy(), "overall": counts_json(&score.overall),
            "per_type": per_type, "tokens_per_second": self.tokens_per_second(),
            "tier": if self.accurate { "accurate" } else { "fast" },
        })
    }

    /// The speed line `unspun eval entities` prints on standard error.
    pub fn speed_note(&self) -> String {
        if self.accurate {
            format!(
                "tagged {:.0} tokens/s (accurate tier: trunk, tower, chain and decoding)",
                self.tokens_per_second()
            )
        } else {
            format!(
                "tagged {:.0} tokens/s (one thread, features and decoding)",
                self.tokens_per_second()
            )
        }
    }
}

/// The text report of `unspun eval entities` (the speed is
/// [`EntitiesEval::speed_note`]).
impl fmt::Display for EntitiesEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let score = &self.score;
        writeln!(
            f,
            "tokens {}  entities {} gold, {} predicted, {} correct  accuracy {:.4}",
            score.tokens,
            score.overall.gold,
            score.overall.predicted,
            score.overall.correct,
            score.accuracy()
        )?;
        writeln!(f, "{:<8} {:>7} {:>7} {:>7}", "type", "P", "R", "F1")?;
        let c = &score.overall;
        writeln!(
            f,
            "{:<8} {:>7.4} {:>7.4} {:>7.4}",
            "overall",
            c.precision(),
            c.recall(),
            c.f1()
        )?;
        for (ty, c) in &score.per_type {
            writeln!(
                f,
                "{ty:<8} {:>7.4} {:>7.4} {:>7.4}",
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        Ok(())
    }
}

/// The scores of [`portrayal`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortrayalEval {
    /// Targets scored.
    pub targets: usize,
    /// Macro-F1 over negative, neutral and positive.
    pub macro_f1: f64,
    /// Share of targets classified right.
    pub accuracy: f64,
    /// F1 of each class, in the order of [`CLASSES`].
    pub per_class: [f64; 3],
}

/// Scores the portrayal classifier (the embedded one, or the one in
/// `model`) against a NewsMTSC file; with `accurate`, the shipped
/// portrayal tower over the shared trunk instead
/// ([`crate::portrayal_tower`]).
pub fn portrayal(
    data: &Path,
    model: Option<&Path>,
    accurate: bool,
) -> Result<PortrayalEval, EvalError> {
    let examples = read_newsmtsc_file(data).map_err(EvalError::Input)?;
    if accurate {
        let tower = PortrayalTower::shared().map_err(EvalError::Input)?;
        let trunk = unspun_encoder::shared_trunk().map_err(EvalError::Input)?;
        let predicted = crate::portrayal_tower::predict_examples(tower, trunk, &examples)
            .map_err(EvalError::Input)?;
        let gold: Vec<usize> = examples.iter().map(|e| e.class).collect();
        let (macro_f1, accuracy, per_class) = macro_f1(&gold, &predicted);
        return Ok(PortrayalEval {
            targets: examples.len(),
            macro_f1,
            accuracy,
            per_class,
        });
    }
    let loaded;
    let model: &PortrayalModel = match model {
        Some(path) => {
            loaded = PortrayalModel::load(path)
                .map_err(|e| EvalError::Input(format!("{}: {e}", path.display())))?;
            &loaded
        }
        None => embedded_portrayal().map_err(EvalError::Input)?,
    };
    let gold: Vec<usize> = examples.iter().map(|e| e.class).collect();
    let predicted: Vec<usize> = examples
        .iter()
        .map(|e| model.predict(&e.sentence, e.target))
        .collect();
    let (macro_f1, accuracy, per_class) = macro_f1(&gold, &predicted);
    Ok(PortrayalEval {
        targets: examples.len(),
        macro_f1,
        accuracy,
        per_class,
    })
}

/// The text report of `unspun eval portrayal`.
impl fmt::Display for PortrayalEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "targets {}  F1m {:.4}  accuracy {:.4}",
            self.targets, self.macro_f1, self.accuracy
        )?;
        for (name, score) in CLASSES.iter().zip(self.per_class) {
            writeln!(f, "{name:<9} F1 {score:.4}")?;
        }
        Ok(())
    }
}
