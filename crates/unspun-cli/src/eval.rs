//! `unspun eval`: scores against public annotated data sets. The data sets
//! are read, the models run and the scores computed by [`unspun::eval`]
//! (and `unspun_extract::eval`); this module parses the arguments and prints.

use std::fmt::Display;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use unspun::eval::{actors, sourcing, techniques};

use crate::{Tier, EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// The evaluations.
#[derive(Subcommand)]
pub enum EvalTask {
    /// Article extraction against human-extracted bodies (word 4-gram
    /// shingle precision/recall, as the field scores it) and metadata checks.
    Extraction(EvalExtractionArgs),
    /// Sentence boundaries against one-sentence-per-line articles (the PTC
    /// article files: a silver standard split by NLTK).
    Sentences(SentencesArgs),
    /// Persuasion techniques against a labelled PTC split: SemEval-2020
    /// Task 11 span identification (SI), technique classification (TC) and
    /// full (span and technique) scores, per technique too.
    Techniques(EvalTechniquesArgs),
    /// Named entities against a CoNLL-2003 file: entity-level precision,
    /// recall and F1 as conlleval computes them, overall and per type.
    Entities(EvalEntitiesArgs),
    /// Portrayal (target-dependent sentiment) against NewsMTSC: macro-F1
    /// over negative, neutral and positive.
    Portrayal(EvalPortrayalArgs),
    /// Attribution relations against a PolNeAR split (brat standoff):
    /// exact and overlap precision, recall and F1 of source, cue, content
    /// and whole relations.
    Attribution(EvalAttributionArgs),
    /// Sentence subjectivity against CheckThat! (`dev_en.tsv`): a sentence
    /// whose kind is editorial counts as SUBJ; macro-F1.
    Subjectivity(EvalSubjectivityArgs),
}

/// Arguments of `unspun eval extraction`.
#[derive(Args)]
pub struct EvalExtractionArgs {
    /// The data set directory: `ground-truth.json` (`{key: {"articleBody",
    /// "url"}}`) and `html/<key>.html.gz`, scored by word 4-gram shingles;
    /// or `snippets.json` (`{file: {"with", "without"}}`) and
    /// `html/<file>.gz`, scored by snippets as the trafilatura evaluation
    /// counts them.
    pub dir: PathBuf,
    /// Also list the N pages with the lowest body F1 (snippets: with the
    /// most errors).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub worst: usize,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
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

/// Arguments of `unspun eval techniques`.
#[derive(Args)]
pub struct EvalTechniquesArgs {
    /// A labelled PTC split (`DIR/articles`, `DIR/labels`), e.g. `../shared/data/ptc/valid`.
    #[arg(long)]
    pub data: PathBuf,
    /// Write the predicted spans with techniques (SI and full) to FILE and
    /// the TC predictions (gold spans, predicted technique) to FILE.tc, as
    /// `article_id<TAB>technique<TAB>start<TAB>end` rows.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Score these rows (`article_id<TAB>technique<TAB>start<TAB>end`) for
    /// SI and full instead of running a model (TC is then scored on the rows
    /// that fall exactly on gold spans).
    #[arg(long, value_name = "FILE", conflicts_with = "predictions")]
    pub score: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// The model tier.
    #[arg(long, value_enum, default_value_t = Tier::default())]
    pub model: Tier,
    /// Read the fast model from this file instead of the embedded one.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
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
    /// Use this chain model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Which tier: `accurate` (default) decodes the entity tower over the
    /// shared encoder together with the chain; `fast` scores the chain
    /// alone.
    #[arg(long, value_enum, default_value_t = ModelTier::default())]
    pub tier: ModelTier,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `unspun eval portrayal`.
#[derive(Args)]
pub struct EvalPortrayalArgs {
    /// A NewsMTSC file (e.g. `../shared/data/newsmtsc/devtest_mt.jsonl`).
    #[arg(long)]
    pub data: PathBuf,
    /// Use this fast-tier model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Which tier: `accurate` (default) scores the portrayal tower over the
    /// shared encoder; `fast` the linear classifier.
    #[arg(long, value_enum, default_value_t = ModelTier::default())]
    pub tier: ModelTier,
}

/// Arguments of `unspun eval attribution`.
#[derive(Args)]
pub struct EvalAttributionArgs {
    /// A PolNeAR split directory with `text/` and `attributions/`
    /// (e.g. `../shared/data/polnear/dev`).
    #[arg(long)]
    pub data: PathBuf,
    /// Write the predictions here, one brat `.ann` file per text
    /// (`<article>_unspun.ann`).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Use only the hand-written cue list (not the learned one).
    #[arg(long)]
    pub hand_written_cues: bool,
    /// Use the rules only, not the learned tagger.
    #[arg(long)]
    pub rules_only: bool,
    /// Use this tagger file instead of the embedded one.
    #[arg(long, conflicts_with = "rules_only")]
    pub tagger: Option<PathBuf>,
    /// Score the gold tags once assembled into relations (the ceiling of
    /// the tagger's approach).
    #[arg(long, hide = true)]
    pub oracle: bool,
    /// Which tier: `accurate` (default) decodes the attribution tower over
    /// the shared encoder with the linear tagger; `fast` uses the linear
    /// tagger alone.
    #[arg(long, value_enum, default_value_t = ModelTier::default())]
    pub model: ModelTier,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Which tier of models an evaluation scores (attribution, subjectivity,
/// entities).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ModelTier {
    /// The linear models over words (embedded).
    Fast,
    /// Heads and towers over the shared MiniLM trunk, with the fast models
    /// (carried by the binary, or read from `$UNSPUN_MODELS`).
    #[default]
    Accurate,
}

impl From<ModelTier> for sourcing::SubjectivityTier {
    fn from(t: ModelTier) -> Self {
        match t {
            ModelTier::Fast => sourcing::SubjectivityTier::Fast,
            ModelTier::Accurate => sourcing::SubjectivityTier::Accurate,
        }
    }
}

/// Arguments of `unspun eval subjectivity`.
#[derive(Args)]
pub struct EvalSubjectivityArgs {
    /// The CheckThat! subjectivity folder (`dev_en.tsv` is read) or a TSV file.
    #[arg(long)]
    pub data: PathBuf,
    /// Write predictions here (`sentence_id<TAB>label`, the task's format).
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Which model to use.
    #[arg(long, value_enum, default_value_t = ModelTier::default())]
    pub model: ModelTier,
    /// Read the fast model from this file instead of the embedded one.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
    /// Read the accurate head from this file instead of the embedded one.
    #[arg(long)]
    pub accurate_file: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs an evaluation and returns the exit status.
pub fn run(task: EvalTask) -> u8 {
    match task {
        EvalTask::Extraction(args) => extraction(args),
        EvalTask::Sentences(args) => sentences(args),
        EvalTask::Techniques(args) => techniques(args),
        EvalTask::Entities(args) => entities(args),
        EvalTask::Portrayal(args) => portrayal(args),
        EvalTask::Attribution(args) => attribution(args),
        EvalTask::Subjectivity(args) => subjectivity(args),
    }
}

/// Prints `json` (indented) or `text`.
fn print(json: Option<serde_json::Value>, text: &dyn Display) {
    match json {
        Some(value) => println!("{}", serde_json::to_string_pretty(&value).expect("json")),
        None => print!("{text}"),
    }
}

/// An error of an evaluation, reported, as its exit status.
fn failed(input: bool, message: impl Display) -> u8 {
    eprintln!("unspun: {message}");
    if input {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OUTPUT_FAILED
    }
}

fn extraction(args: EvalExtractionArgs) -> u8 {
    if unspun_extract::snippets::is_snippet_set(&args.dir) {
        return match unspun_extract::snippets::evaluate_snippets(&args.dir, args.worst) {
            Ok(eval) => {
                print(args.json.then(|| eval.to_json()), &eval);
                if eval.failed().is_empty() {
                    EXIT_OK
                } else {
                    EXIT_INPUT_FAILED
                }
            }
            Err(e) => failed(true, e),
        };
    }
    let eval = match unspun_extract::eval::evaluate_extraction(&args.dir, args.worst) {
        Ok(e) => e,
        Err(e) => return failed(true, e),
    };
    print(args.json.then(|| eval.to_json()), &eval);
    if eval.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT_FAILED
    }
}

fn sentences(args: SentencesArgs) -> u8 {
    let inputs = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let eval = unspun::eval::sentences(inputs, args.keep_newlines);
    for (source, e) in &eval.failed {
        eprintln!("unspun: {source}: {e}");
    }
    print(args.json.then(|| eval.to_json()), &eval);
    if eval.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT_FAILED
    }
}

fn techniques(args: EvalTechniquesArgs) -> u8 {
    use techniques::{EvalError, Predictions};
    let predictions = match &args.score {
        Some(rows) => Predictions::Rows(rows),
        None => match techniques::load(args.model.into(), args.model_file.as_deref()) {
            Ok(model) => Predictions::Model(model),
            Err(e) => return failed(true, e),
        },
    };
    match techniques::evaluate_split(&args.data, predictions, args.predictions.as_deref()) {
        Ok(eval) => {
            print(args.json.then(|| eval.to_json()), &eval);
            EXIT_OK
        }
        Err(EvalError::Input(e)) => failed(true, e),
        Err(EvalError::Output(e)) => failed(false, e),
    }
}

fn entities(args: EvalEntitiesArgs) -> u8 {
    use actors::EvalError;
    let eval = match actors::entities(
        &args.conll,
        args.model.as_deref(),
        args.tier == ModelTier::Accurate,
        args.predictions.as_deref(),
    ) {
        Ok(e) => e,
        Err(EvalError::Input(e)) => return failed(true, e),
        Err(EvalError::Output(e)) => return failed(false, e),
    };
    print(args.json.then(|| eval.to_json()), &eval);
    if !args.json {
        eprintln!("{}", eval.speed_note());
    }
    EXIT_OK
}

fn portrayal(args: EvalPortrayalArgs) -> u8 {
    use actors::EvalError;
    match actors::portrayal(
        &args.data,
        args.model.as_deref(),
        args.tier == ModelTier::Accurate && args.model.is_none(),
    ) {
        Ok(eval) => {
            print!("{eval}");
            EXIT_OK
        }
        Err(EvalError::Input(e)) => failed(true, e),
        Err(EvalError::Output(e)) => failed(false, e),
    }
}

fn attribution(args: EvalAttributionArgs) -> u8 {
    use sourcing::EvalError;
    let options = sourcing::AttributionOptions {
        hand_written_cues: args.hand_written_cues,
        rules_only: args.rules_only,
        tagger: args.tagger,
        oracle: args.oracle,
        predictions: args.predictions,
        accurate: args.model == ModelTier::Accurate && !args.rules_only,
    };
    let eval = match sourcing::attribution(&args.data, &options) {
        Ok(e) => e,
        Err(EvalError::Input(e)) => return failed(true, e),
        Err(EvalError::Output(e)) => return failed(false, e),
    };
    for e in &eval.write_errors {
        eprintln!("unspun: {e}");
    }
    print(args.json.then(|| eval.to_json()), &eval);
    if eval.write_errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_OUTPUT_FAILED
    }
}

fn subjectivity(args: EvalSubjectivityArgs) -> u8 {
    use sourcing::EvalError;
    let options = sourcing::SubjectivityOptions {
        tier: args.model.into(),
        model_file: args.model_file,
        accurate_file: args.accurate_file,
        predictions: args.predictions,
    };
    match sourcing::subjectivity(&args.data, &options) {
        Ok(eval) => {
            print(args.json.then(|| eval.to_json()), &eval);
            EXIT_OK
        }
        Err(EvalError::Input(e)) => failed(true, e),
        Err(EvalError::Output(e)) => failed(false, e),
    }
}
