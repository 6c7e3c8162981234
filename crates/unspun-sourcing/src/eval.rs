//! Scores against public annotated data sets, as `unspun eval attribution`
//! and `unspun eval subjectivity` report them: attribution relations on a
//! PolNeAR split (exact and overlap precision, recall and F1 of source, cue,
//! content and whole relations) and sentence subjectivity on CheckThat!
//! (macro-F1, a sentence whose kind is editorial counting as `SUBJ`).
//!
//! Each evaluation reads its data set, runs the models and returns a typed
//! result with its JSON record ([`AttributionEval::to_json`],
//! [`SubjectivityEval::to_json`]) and its text report (`Display`).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};
use unspun_learn::models;

use crate::accurate::{self, AccurateModel};
use crate::brat::{write_ann, Relation};
use crate::polnear::{evaluate_with, read_split, Evaluation};
use crate::score::Counts;
use crate::subjectivity::{classify_sentence, macro_f1, modal_verdict, read_tsv, Example, Model};
use crate::tagger::{self, Extractor, Tagger};
use crate::CueLexicon;

/// Why an evaluation gave no scores (shared by every analyser crate).
pub use unspun_learn::metrics::EvalError;

/// Choices of [`attribution`].
#[derive(Debug, Clone, Default)]
pub struct AttributionOptions {
    /// Use only the hand-written cue list (not the learned one).
    pub hand_written_cues: bool,
    /// Use the rules only, not the learned tagger.
    pub rules_only: bool,
    /// Read the tagger from this file instead of the embedded one.
    pub tagger: Option<PathBuf>,
    /// Score the gold tags once assembled into relations (the ceiling of
    /// the tagger's approach).
    pub oracle: bool,
    /// Write the predictions to this folder, one brat `.ann` file per text
    /// (`<article>_unspun.ann`).
    pub predictions: Option<PathBuf>,
    /// Run the accurate tier: the attribution tower over the shared trunk
    /// decoded with the linear tagger (otherwise the linear tagger alone,
    /// as the fast tier).
    pub accurate: bool,
}

pub use unspun_learn::calibration::{reliability, ReliabilityBin};

/// The scores of [`attribution`].
#[derive(Debug, Clone, Default)]
pub struct AttributionEval {
    /// Counts and scores.
    pub evaluation: Evaluation,
    /// Prediction files that could not be written (`path: error`); the
    /// scores are complete all the same.
    pub write_errors: Vec<String>,
    /// Confidence against rightness of the predicted relations (scored
    /// against each text's first annotation).
    pub reliability: Vec<ReliabilityBin>,
}

/// Scores attribution relations against a PolNeAR split directory (`text/`
/// and `attributions/`).
pub fn attribution(
    data: &Path,
    options: &AttributionOptions,
) -> Result<AttributionEval, EvalError> {
    let articles = match read_split(data) {
        Ok(a) if !a.is_empty() => a,
        Ok(_) => {
            return Err(EvalError::Input(format!(
                "{}: no texts under text/",
                data.display()
            )))
        }
        Err(e) => return Err(EvalError::Input(e.to_string())),
    };
    let lexicon = if options.hand_written_cues {
        CueLexicon::hand_written()
    } else {
        CueLexicon::builtin()
    };
    let tagger = match (&options.tagger, options.rules_only) {
        (_, true) => None,
        (Some(path), _) => Some(
            models::read(path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    Tagger::from_bytes(&b).map_err(|e| format!("{}: {e}", path.display()))
                })
                .map_err(EvalError::Input)?,
        ),
        (None, false) => Extractor::embedded().tagger,
    };
    let extractor = Extractor { lexicon, tagger };
    if let Some(dir) = &options.predictions {
        std::fs::create_dir_all(dir)
            .map_err(|e| EvalError::Output(format!("{}: {e}", dir.display())))?;
    }
    let mut write_errors = Vec::new();
    let oracle: HashMap<&str, &[Relation]> = articles
        .iter()
        .filter_map(|a| {
            a.gold
                .values()
                .next()
                .map(|g| (a.id.as_str(), g.as_slice()))
        })
        .collect();
    let tower = if options.accurate {
        let trunk = unspun_encoder::shared_trunk().map_err(EvalError::Input)?;
        let tower = tagger::NeuralTagger::shared().map_err(EvalError::Input)?;
        Some((trunk, tower))
    } else {
        None
    };
    let confidences = std::cell::RefCell::new(Vec::new());
    let find = |doc: &unspun_core::Document| {
        let atts = match (oracle.get(doc.id.as_str()), tower) {
            (Some(gold), _) if options.oracle => tagger::oracle(doc, &extractor.lexicon, gold),
            (_, Some((trunk, tower))) => {
                let lp = unspun_encoder::TrunkStates::compute(trunk, doc)
                    .map_err(|e| e.to_string())
                    .and_then(|states| tagger::neural_log_probs(tower, &states, doc));
                match lp {
                    Ok(lp) => {
                        extractor.extract_with(doc, Some((&lp, tower.settings.linear_weight)))
                    }
                    Err(_) => extractor.extract(doc),
                }
            }
            _ => extractor.extract(doc),
        };
        let gold_cues: Vec<unspun_core::Span> = oracle
            .get(doc.id.as_str())
            .map(|g| g.iter().flat_map(|r| r.cue.first().copied()).collect())
            .unwrap_or_default();
        confidences.borrow_mut().extend(
            atts.iter()
                .filter_map(|a| a.confidence.map(|c| (c, gold_cues.contains(&a.cue)))),
        );
        atts
    };
    let evaluation = evaluate_with(&articles, find, |art, pred| {
        if let Some(dir) = &options.predictions {
            let path = dir.join(format!("{}_unspun.ann", art.id));
            if let Err(e) = std::fs::write(&path, write_ann(&art.text, pred)) {
                write_errors.push(format!("{}: {e}", path.display()));
            }
        }
    });
    Ok(AttributionEval {
        evaluation,
        write_errors,
        reliability: reliability(&confidences.into_inner()),
    })
}

fn counts_json(c: &Counts) -> Value {
    json!({"precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_})
}

impl AttributionEval {
    /// The scores as the JSON record of `unspun eval attribution --json`.
    pub fn to_json(&self) -> Value {
        let ev = &self.evaluation;
        let mut exact = serde_json::Map::new();
        let mut overlap = serde_json::Map::new();
        for ((name, e), (_, o)) in ev
            .score
            .exact
            .named()
            .iter()
            .zip(ev.score.overlap.named().iter())
        {
            exact.insert(name.to_string(), counts_json(e));
            overlap.insert(name.to_string(), counts_json(o));
        }
        json!({
            "texts": ev.texts,
            "annotation_files": ev.annotations,
            "gold_relations": ev.gold_relations,
            "predicted_relations": ev.predicted_relations,
            "exact": exact,
            "overlap": overlap,
            "reliability": self.reliability.iter().filter(|b| b.count > 0).map(|b| json!({
                "low": b.low, "high": b.high, "count": b.count, "right": b.right,
                "mean_confidence": b.mean_confidence(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// The text report of `unspun eval attribution`.
impl fmt::Display for AttributionEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ev = &self.evaluation;
        writeln!(
            f,
            "texts {}  annotation files {} (a text annotated twice is scored against both)",
            ev.texts, ev.annotations
        )?;
        writeln!(
            f,
            "gold relations {}  predicted {}",
            ev.gold_relations, ev.predicted_relations
        )?;
        writeln!(
            f,
            "{:<10} {:>26}   {:>26}",
            "", "exact P / R / F1", "overlap P / R / F1"
        )?;
        for ((name, e), (_, o)) in ev
            .score
            .exact
            .named()
            .iter()
            .zip(ev.score.overlap.named().iter())
        {
            writeln!(
                f,
                "{name:<10} {:>8.4} {:>8.4} {:>8.4}   {:>8.4} {:>8.4} {:>8.4}",
                e.precision(),
                e.recall(),
                e.f1(),
                o.precision(),
                o.recall(),
                o.f1()
            )?;
        }
        if self.reliability.iter().any(|b| b.count > 0) {
            writeln!(f, "confidence   relations   mean confidence   right cue")?;
            for b in self.reliability.iter().filter(|b| b.count > 0) {
                writeln!(
                    f,
                    "{:.1}–{:.1}   {:>9}   {:>15.3}   {:>9.3}",
                    b.low,
                    b.high,
                    b.count,
                    b.mean_confidence(),
                    b.accuracy()
                )?;
            }
        }
        Ok(())
    }
}

/// Which subjectivity model [`subjectivity`] scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SubjectivityTier {
    /// Logistic regression over words (embedded).
    Fast,
    /// A head over the shared MiniLM trunk and the fast model.
    #[default]
    Accurate,
}

impl SubjectivityTier {
    /// The tier's name (`fast`, `accurate`).
    pub fn name(self) -> &'static str {
        match self {
            SubjectivityTier::Fast => "fast",
            SubjectivityTier::Accurate => "accurate",
        }
    }
}

/// Choices of [`subjectivity`].
#[derive(Debug, Clone, Default)]
pub struct SubjectivityOptions {
    /// Which model to score.
    pub tier: SubjectivityTier,
    /// Read the fast model from this file instead of the embedded one.
    pub model_file: Option<PathBuf>,
    /// Read the accurate head from this file instead of the embedded one.
    pub accurate_file: Option<PathBuf>,
    /// Write the predictions here (`sentence_id<TAB>label`, the task's
    /// format).
    pub predictions: Option<PathBuf>,
}

/// The scores of [`subjectivity`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubjectivityEval {
    /// The tier scored.
    pub tier: SubjectivityTier,
    /// Sentences scored.
    pub sentences: usize,
    /// Macro-F1 over `SUBJ` and `OBJ` (editorial counts as `SUBJ`).
    pub macro_f1: f64,
    /// F1 of `SUBJ`.
    pub subj_f1: f64,
    /// F1 of `OBJ`.
    pub obj_f1: f64,
    /// Share of sentences labelled right.
    pub accuracy: f64,
    /// Macro-F1 of the model alone, without the attribution rule.
    pub macro_f1_model_only: f64,
    /// Sentences predicted `SUBJ`.
    pub predicted_subj: usize,
    /// Seconds spent classifying (encoder included).
    pub seconds: f64,
}

/// The CheckThat! sentences of `path`: the TSV file itself, or
/// `default_file` (e.g. `dev_en.tsv`, `train_en.tsv`) in that folder.
pub fn read_checkthat(path: &Path, default_file: &str) -> Result<Vec<Example>, String> {
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

/// Scores sentence subjectivity against CheckThat! (the folder's
/// `dev_en.tsv`, or a TSV file): a sentence whose kind is editorial counts
/// as `SUBJ`.
pub fn subjectivity(
    data: &Path,
    options: &SubjectivityOptions,
) -> Result<SubjectivityEval, EvalError> {
    let examples = read_checkthat(data, "dev_en.tsv").map_err(EvalError::Input)?;
    let model = match &options.model_file {
        Some(p) => {
            Model::from_tsv(&models::read_text(p).map_err(|e| EvalError::Input(e.to_string()))?)
        }
        None => Model::embedded(),
    };
    let head = match options.tier {
        SubjectivityTier::Fast => None,
        SubjectivityTier::Accurate => Some(
            match &options.accurate_file {
                Some(p) => models::read_text(p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| {
                        AccurateModel::from_json(&t).map_err(|e| format!("{}: {e}", p.display()))
                    }),
                None => AccurateModel::embedded(),
            }
            .map_err(EvalError::Input)?,
        ),
    };
    let started = Instant::now();
    let vectors = match &head {
        Some(_) => {
            let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
            accurate::text_vectors(&texts).map_err(EvalError::Input)?
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
                pred.push(!attributed && (q >= h.threshold || modal_verdict(&e.text)));
                model_only.push(q >= h.threshold);
            }
            None => {
                pred.push(editorial);
                model_only.push(p >= model.decision_threshold());
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &options.predictions {
        let mut out = String::from("sentence_id\tlabel\n");
        for (e, p) in examples.iter().zip(&pred) {
            out.push_str(&format!("{}\t{}\n", e.id, if *p { "SUBJ" } else { "OBJ" }));
        }
        std::fs::write(path, out)
            .map_err(|err| EvalError::Output(format!("{}: {err}", path.display())))?;
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
    let accuracy =
        gold.iter().zip(&pred).filter(|(g, p)| g == p).count() as f64 / gold.len() as f64;
    Ok(SubjectivityEval {
        tier: options.tier,
        sentences: gold.len(),
        macro_f1: macro_f1(&gold, &pred),
        subj_f1: class_f1(true),
        obj_f1: class_f1(false),
        accuracy,
        macro_f1_model_only: macro_f1(&gold, &model_only),
        predicted_subj: pred.iter().filter(|&&p| p).count(),
        seconds,
    })
}

impl SubjectivityEval {
    /// The scores as the JSON record of `unspun eval subjectivity --json`.
    pub fn to_json(&self) -> Value {
        json!({
            "model": self.tier.name(),
            "sentences": self.sentences,
            "macro_f1": self.macro_f1,
            "subj_f1": self.subj_f1,
            "obj_f1": self.obj_f1,
            "accuracy": self.accuracy,
            "macro_f1_model_only": self.macro_f1_model_only,
            "predicted_subj": self.predicted_subj,
            "seconds": self.seconds,
        })
    }
}

/// The text report of `unspun eval subjectivity`.
impl fmt::Display for SubjectivityEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sentences {}  model {}",
            self.sentences,
            self.tier.name()
        )?;
        writeln!(
            f,
            "macro-F1 {:.4}  accuracy {:.4}  (editorial = SUBJ)",
            self.macro_f1, self.accuracy
        )?;
        writeln!(
            f,
            "SUBJ F1 {:.4}  OBJ F1 {:.4}  predicted SUBJ {}",
            self.subj_f1, self.obj_f1, self.predicted_subj
        )?;
        writeln!(
            f,
            "macro-F1 of the model alone, without the attribution rule {:.4}",
            self.macro_f1_model_only
        )
    }
}
