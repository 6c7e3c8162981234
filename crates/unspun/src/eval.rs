//! Scoring unspun against annotated data sets: what `unspun eval` runs.
//!
//! Every evaluation reads its data set, runs the analysers' models, and
//! returns a typed score with its JSON record (`to_json`) and its text
//! report (`Display`):
//!
//! - [`sentences`]: sentence boundaries against one-sentence-per-line
//!   articles;
//! - [`techniques`]: persuasion techniques against a labelled PTC split
//!   (SemEval-2020 Task 11 SI, TC and full scores);
//! - [`actors`]: named entities against CoNLL-2003 and portrayal against
//!   NewsMTSC;
//! - [`sourcing`]: attribution relations against PolNeAR and sentence
//!   subjectivity against CheckThat!.
//!
//! ```
//! let eval = unspun::eval::sentences(Vec::new(), false);
//! assert_eq!(eval.files, 0);
//! ```

use std::fmt;

use serde_json::{json, Value};
use unspun_core::segment::eval::{score_one_sentence_per_line, BoundaryScore};
use unspun_io::{read_file_limited, InputFormat, JobKind, Jobs};

pub use unspun_actors::eval as actors;
pub use unspun_sourcing::eval as sourcing;
pub use unspun_techniques::eval as techniques;

/// The scores of [`sentences`].
#[derive(Debug, Clone, Default)]
pub struct SentencesEval {
    /// Files scored.
    pub files: usize,
    /// Whether the line breaks were replaced by spaces before splitting.
    pub newlines_masked: bool,
    /// Boundary and sentence counts over all files.
    pub score: BoundaryScore,
    /// Inputs that could not be read: (source, error).
    pub failed: Vec<(String, String)>,
}

/// Scores the sentence splitter against articles with one sentence per line
/// (files, or directories walked for them). The line breaks are replaced by
/// spaces unless `keep_newlines`, so that the score measures the splitter
/// rather than the line breaks.
pub fn sentences(inputs: Vec<String>, keep_newlines: bool) -> SentencesEval {
    let mut eval = SentencesEval {
        newlines_masked: !keep_newlines,
        ..SentencesEval::default()
    };
    for job in Jobs::new(inputs, InputFormat::Text) {
        let text = match &job.kind {
            JobKind::File(path, _) => read_file_limited(path)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string())),
            _ => Err("not an article file".to_string()),
        };
        match text {
            Ok(text) => {
                eval.score
                    .add(&score_one_sentence_per_line(&text, !keep_newlines));
                eval.files += 1;
            }
            Err(e) => eval.failed.push((job.source, e)),
        }
    }
    eval
}

impl SentencesEval {
    /// The scores as the JSON record of `unspun eval sentences --json`.
    pub fn to_json(&self) -> Value {
        let total = &self.score;
        json!({
            "files": self.files,
            "newlines_masked": self.newlines_masked,
            "gold_sentences": total.gold_sentences,
            "exact_sentences": total.exact_sentences,
            "exact_rate": total.exact_rate(),
            "boundary_precision": total.precision(),
            "boundary_recall": total.recall(),
            "boundary_f1": total.f1(),
        })
    }
}

/// The text report of `unspun eval sentences`.
impl fmt::Display for SentencesEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = &self.score;
        writeln!(f, "files                {}", self.files)?;
        writeln!(
            f,
            "line breaks          {}",
            if self.newlines_masked {
                "masked (replaced by spaces)"
            } else {
                "kept"
            }
        )?;
        writeln!(f, "gold sentences       {}", total.gold_sentences)?;
        writeln!(
            f,
            "boundaries           P {:.4}  R {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
            total.precision(),
            total.recall(),
            total.f1(),
            total.true_positive,
            total.false_positive,
            total.false_negative
        )?;
        writeln!(
            f,
            "exact sentences      {:.4}  ({} of {})",
            total.exact_rate(),
            total.exact_sentences,
            total.gold_sentences
        )
    }
}
