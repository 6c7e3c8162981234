//! Scores against a labelled PTC split, as `unspun eval techniques` reports
//! them: SemEval-2020 Task 11 span identification (SI), technique
//! classification (TC) and full (span and technique) scores, per technique
//! too; and the loading of either model tier.
//!
//! [`evaluate_split`] reads the split, runs a model (or reads given rows)
//! and returns a [`TechniquesEval`] with its JSON record
//! ([`TechniquesEval::to_json`]) and its text report (`Display`).

use std::fmt;
use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::data::{format_rows, parse_rows, read_split, Article, Row};
use crate::scorer::SpanScore;
use crate::train::{classify_rows, evaluate, score_rows, Evaluation};
use crate::{AccurateModel, FastModel, Tier, TECHNIQUES};
use unspun_learn::calibration::{expected_calibration_error, reliability, ReliabilityBin};

/// Why an evaluation gave no scores (shared by every analyser crate).
pub use unspun_learn::metrics::EvalError;

/// A loaded model of either tier.
#[derive(Clone, Copy)]
pub enum Loaded {
    /// The fast tier.
    Fast(&'static FastModel),
    /// The accurate tier, blended with the fast one.
    Accurate(&'static FastModel, &'static AccurateModel),
}

/// Loads the model of `tier`, its fast part from `model_file` when given
/// (else the embedded one); the accurate tier is read from the model folder.
pub fn load(tier: Tier, model_file: Option<&Path>) -> Result<Loaded, String> {
    let fast = match model_file {
        Some(path) => FastModel::load(path)
            .map(|m| &*Box::leak(Box::new(m)))
            .map_err(|e| format!("{}: {e}", path.display()))?,
        None => FastModel::embedded().map_err(|e| e.to_string())?,
    };
    Ok(match tier {
        Tier::Fast => Loaded::Fast(fast),
        Tier::Accurate => Loaded::Accurate(fast, AccurateModel::shared()?),
    })
}

impl Loaded {
    /// Runs the model on a labelled split and scores SI, TC and full.
    pub fn evaluate(&self, articles: &[Article]) -> Result<Evaluation, String> {
        match *self {
            Loaded::Fast(model) => Ok(evaluate(model, articles)),
            Loaded::Accurate(fast, model) => {
                model.evaluate(fast, articles).map_err(|e| e.to_string())
            }
        }
    }

    /// Names the technique of every row (`?` when its article is not in
    /// `articles`).
    pub fn classify_rows(&self, articles: &[Article], rows: &[Row]) -> Vec<Row> {
        match *self {
            Loaded::Fast(model) => classify_rows(model, articles, rows),
            Loaded::Accurate(fast, model) => model.classify_rows(fast, articles, rows),
        }
    }
}

/// The rows (`article_id<TAB>technique<TAB>start<TAB>end`) of a file.
pub fn read_rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_rows(&text, &path.display().to_string()).map_err(|e| e.to_string())
}

/// What [`evaluate_split`] scores.
#[derive(Clone, Copy)]
pub enum Predictions<'a> {
    /// Run this model.
    Model(Loaded),
    /// Score these rows for SI and full (TC is then scored on the rows that
    /// fall exactly on gold spans).
    Rows(&'a Path),
}

/// The scores of [`evaluate_split`].
#[derive(Debug, Clone, Default)]
pub struct TechniquesEval {
    /// Articles in the split.
    pub articles: usize,
    /// Gold rows of the split.
    pub gold_rows: usize,
    /// The scores and the predicted rows.
    pub evaluation: Evaluation,
    /// Seconds spent predicting and scoring.
    pub seconds: f64,
    /// Shown confidence against rightness of the predicted marks (a mark
    /// is right when it overlaps a gold span of its technique); empty
    /// when given rows were scored.
    pub reliability: Vec<ReliabilityBin>,
    /// Marks predicted per article.
    pub marks_per_article: f64,
}

/// Scores `predictions` against a labelled PTC split (`DIR/articles`,
/// `DIR/labels`). With `write_to`, writes the predicted spans with
/// techniques (SI and full) to that file and the TC predictions (gold
/// spans, predicted technique) to the same path with `.tc` appended.
pub fn evaluate_split(
    data: &Path,
    predictions: Predictions<'_>,
    write_to: Option<&Path>,
) -> Result<TechniquesEval, EvalError> {
    let articles = match read_split(data) {
        Ok(a) if a.iter().any(|a| !a.gold.is_empty()) => a,
        Ok(_) => {
            return Err(EvalError::Input(format!(
                "{}: no labels (expected DIR/labels/*.labels)",
                data.display()
            )))
        }
        Err(e) => return Err(EvalError::Input(e.to_string())),
    };
    let start = Instant::now();
    let evaluation = match predictions {
        Predictions::Model(model) => model.evaluate(&articles).map_err(EvalError::Input)?,
        Predictions::Rows(path) => {
            let rows = read_rows(path).map_err(EvalError::Input)?;
            score_rows(&articles, rows.clone(), rows)
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    if let Some(path) = write_to {
        let mut tc_path = path.as_os_str().to_owned();
        tc_path.push(".tc");
        write_out(path, &format_rows(&evaluation.predicted))?;
        write_out(Path::new(&tc_path), &format_rows(&evaluation.tc_predicted))?;
    }
    let pairs = evaluation.confidence_pairs(&articles);
    Ok(TechniquesEval {
        articles: articles.len(),
        gold_rows: articles.iter().map(|a| a.gold.len()).sum(),
        marks_per_article: evaluation.predicted.len() as f64 / articles.len().max(1) as f64,
        reliability: if pairs.is_empty() {
            Vec::new()
        } else {
            reliability(&pairs)
        },
        evaluation,
        seconds,
    })
}

fn write_out(path: &Path, text: &str) -> Result<(), EvalError> {
    std::fs::write(path, text).map_err(|e| EvalError::Output(format!("{}: {e}", path.display())))
}

fn span_json(s: &SpanScore) -> Value {
    json!({
        "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
        "predicted_spans": s.predicted, "gold_spans": s.gold,
    })
}

impl TechniquesEval {
    /// The scores as the JSON record of `unspun eval techniques --json`.
    pub fn to_json(&self) -> Value {
        let e = &self.evaluation;
        let per: serde_json::Map<String, Value> = TECHNIQUES
            .iter()
            .map(|t| {
                let tc = e.tc.per_technique.get(*t).copied().unwrap_or_default();
                let full = e.full_per_technique.get(*t).copied().unwrap_or_default();
                (
                    t.to_string(),
                    json!({
                        "gold": tc.true_positive + tc.false_negative,
                        "tc_precision": tc.precision(), "tc_recall": tc.recall(), "tc_f1": tc.f1(),
                        "full_f1": full.f1(),
                    }),
                )
            })
            .collect();
        json!({
            "articles": self.articles,
            "gold_rows": self.gold_rows,
            "si": span_json(&e.si),
            "tc": {"micro_f1": e.tc.micro_f1(), "macro_f1": e.tc.macro_f1(), "rows": e.tc.rows},
            "full": span_json(&e.full),
            "per_technique": per,
            "marks_per_article": self.marks_per_article,
            "reliability": self.reliability.iter().filter(|b| b.count > 0).map(|b| json!({
                "low": b.low, "high": b.high, "marks": b.count, "right": b.right,
                "mean_confidence": b.mean_confidence(), "share_right": b.accuracy(),
            })).collect::<Vec<_>>(),
            "expected_calibration_error": expected_calibration_error(&self.reliability),
            "seconds": self.seconds,
        })
    }
}

/// The text report of `unspun eval techniques`.
impl fmt::Display for TechniquesEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.evaluation;
        writeln!(
            f,
            "articles {}, gold rows {}, {:.2}s",
            self.articles, self.gold_rows, self.seconds
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, s: &SpanScore| {
            writeln!(
                f,
                "{name:<5} P {:.4}  R {:.4}  F1 {:.4}  ({} predicted, {} gold spans after merging)",
                s.precision(),
                s.recall(),
                s.f1(),
                s.predicted,
                s.gold
            )
        };
        line(f, "SI", &e.si)?;
        writeln!(
            f,
            "TC    micro-F1 {:.4}  macro-F1 {:.4}  ({} rows)",
            e.tc.micro_f1(),
            e.tc.macro_f1(),
            e.tc.rows
        )?;
        line(f, "full", &e.full)?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<36} {:>5} {:>7} {:>7} {:>7} {:>8}",
            "technique", "gold", "TC P", "TC R", "TC F1", "full F1"
        )?;
        for t in TECHNIQUES {
            let tc = e.tc.per_technique.get(t).copied().unwrap_or_default();
            let full = e.full_per_technique.get(t).copied().unwrap_or_default();
            writeln!(
                f,
                "{t:<36} {:>5} {:>7.4} {:>7.4} {:>7.4} {:>8.4}",
                tc.true_positive + tc.false_negative,
                tc.precision(),
                tc.recall(),
                tc.f1(),
                full.f1()
            )?;
        }
        if self.reliability.iter().any(|b| b.count > 0) {
            writeln!(f)?;
            writeln!(
                f,
                "reliability ({:.1} marks per article; a mark is right when it overlaps a gold span of its technique; ECE {:.4})",
                self.marks_per_article,
                expected_calibration_error(&self.reliability)
            )?;
            writeln!(
                f,
                "{:<11} {:>6} {:>6} {:>10} {:>8}",
                "confidence", "marks", "right", "mean conf", "share"
            )?;
            for b in self.reliability.iter().filter(|b| b.count > 0) {
                writeln!(
                    f,
                    "{:.1}–{:.1}     {:>6} {:>6} {:>10.3} {:>8.3}",
                    b.low,
                    b.high,
                    b.count,
                    b.right,
                    b.mean_confidence(),
                    b.accuracy()
                )?;
            }
        }
        Ok(())
    }
}
