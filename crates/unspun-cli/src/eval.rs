//! `unspun eval`: scores against public annotated data sets.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use unspun::core::segment::eval::{score_one_sentence_per_line, BoundaryScore};
use unspun::io::{read_file_limited, Jobs};

use crate::{EXIT_INPUT_FAILED, EXIT_OK};

/// The evaluations.
#[derive(Subcommand)]
pub enum EvalTask {
    /// Article extraction against human-extracted bodies (word 4-gram
    /// shingle precision/recall, as the field scores it) and metadata checks.
    Extraction(crate::extract::EvalExtractionArgs),
    /// Sentence boundaries against one-sentence-per-line articles (the PTC
    /// article files: a silver standard split by NLTK).
    Sentences(SentencesArgs),
    /// Persuasion techniques against a labelled PTC split: SemEval-2020
    /// Task 11 span identification (SI), technique classification (TC) and
    /// full (span and technique) scores, per technique too.
    Techniques(crate::techniques::EvalTechniquesArgs),
    /// Named entities against a CoNLL-2003 file: entity-level precision,
    /// recall and F1 as conlleval computes them, overall and per type.
    Entities(crate::entities::EvalEntitiesArgs),
    /// Portrayal (target-dependent sentiment) against NewsMTSC: macro-F1
    /// over negative, neutral and positive.
    Portrayal(crate::entities::EvalPortrayalArgs),
    /// Attribution relations against a PolNeAR split (brat standoff):
    /// exact and overlap precision, recall and F1 of source, cue, content
    /// and whole relations.
    Attribution(crate::sourcing::EvalAttributionArgs),
    /// Sentence subjectivity against CheckThat! (`dev_en.tsv`): a sentence
    /// whose kind is editorial counts as SUBJ; macro-F1.
    Subjectivity(crate::sourcing::EvalSubjectivityArgs),
}

/// Arguments of `unspun eval sentences`.
#[derive(Args)]
pub struct SentencesArgs {
    /// Directories or files of articles with one sentence per line.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Keep the line breaks as the splitter's input (by default they are
    /// replaced by spaces, so that the score measures the splitter rather
    /// than the line breaks).
    #[arg(long)]
    pub keep_newlines: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs an evaluation and returns the exit status.
pub fn run(task: EvalTask) -> u8 {
    match task {
        EvalTask::Extraction(args) => crate::extract::eval(args),
        EvalTask::Sentences(args) => sentences(args),
        EvalTask::Techniques(args) => crate::techniques::eval(args),
        EvalTask::Entities(args) => crate::entities::eval_entities(args),
        EvalTask::Portrayal(args) => crate::entities::eval_portrayal(args),
        EvalTask::Attribution(args) => crate::sourcing::eval_attribution(args),
        EvalTask::Subjectivity(args) => crate::sourcing::eval_subjectivity(args),
    }
}

fn sentences(args: SentencesArgs) -> u8 {
    let inputs = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut total = BoundaryScore::default();
    let (mut files, mut failed) = (0usize, 0usize);
    for job in Jobs::new(inputs, unspun::io::InputFormat::Text) {
        let text = match &job.kind {
            unspun::io::JobKind::File(path, _) => read_file_limited(path)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string())),
            _ => Err("not an article file".to_string()),
        };
        match text {
            Ok(text) => {
                total.add(&score_one_sentence_per_line(&text, !args.keep_newlines));
                files += 1;
            }
            Err(e) => {
                eprintln!("unspun: {}: {e}", job.source);
                failed += 1;
            }
        }
    }
    if args.json {
        let value = serde_json::json!({
            "files": files,
            "newlines_masked": !args.keep_newlines,
            "gold_sentences": total.gold_sentences,
            "exact_sentences": total.exact_sentences,
            "exact_rate": total.exact_rate(),
            "boundary_precision": total.precision(),
            "boundary_recall": total.recall(),
            "boundary_f1": total.f1(),
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
    } else {
        println!("files                {files}");
        println!(
            "line breaks          {}",
            if args.keep_newlines {
                "kept"
            } else {
                "masked (replaced by spaces)"
            }
        );
        println!("gold sentences       {}", total.gold_sentences);
        println!(
            "boundaries           P {:.4}  R {:.4}  F1 {:.4}  (tp {}, fp {}, fn {})",
            total.precision(),
            total.recall(),
            total.f1(),
            total.true_positive,
            total.false_positive,
            total.false_negative
        );
        println!(
            "exact sentences      {:.4}  ({} of {})",
            total.exact_rate(),
            total.exact_sentences,
            total.gold_sentences
        );
    }
    if failed > 0 {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OK
    }
}
