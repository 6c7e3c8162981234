//! unspun: what lies behind the words of a news article.
//!
//! This crate is the one path from bytes to report: it knows every analyser
//! ([`available_stages`]), assembles a [`Pipeline`] from the stages a user
//! asks for, and runs it on the documents that `unspun-io` reads. Output
//! formats live in `unspun-report`.
//!
//! ```
//! let pipeline = unspun::pipeline(None).unwrap();
//! let doc = unspun::analyze_text("example", "Headline\n\nThe minister said it was \"a mistake\".", &pipeline).unwrap();
//! assert_eq!(doc.sentences.len(), 2);
//! ```

use unspun_core::{AnalyzeError, Analyzer, Document, Pipeline, PipelineError};
use unspun_io::{read_job, Job, ReadError};

#[cfg(feature = "bundled-models")]
pub mod bundled;
mod cache;
pub mod eval;

pub use cache::PipelineCache;

pub use unspun_core as core;
pub use unspun_io as io;
pub use unspun_report as report;
pub use unspun_techniques as techniques;
pub use unspun_techniques::Tier;

/// The bundled example article (plain text: title, blank line, body).
pub const EXAMPLE_ARTICLE: &str = include_str!("../../../examples/nato-tokyo-office.txt");

/// The document id of the bundled example.
pub const EXAMPLE_ID: &str = "nato-tokyo-office";

/// Why one input produced no analysis.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read as an article.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// An analyser failed on the document.
    #[error("analysis failed in {0}")]
    Analyze(#[from] AnalyzeError),
}

/// Choices that change how analysers work (not which run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The model tier: `Accurate` runs the shared encoder once per document
    /// and gives it to the `techniques` stage (fine-tuned tower) and the
    /// `sourcing` stage (subjectivity head); `Fast` uses the linear models
    /// only.
    pub techniques: unspun_techniques::Tier,
}

/// Every analyser unspun has, in the order they run, with default options.
pub fn available_stages() -> Vec<Box<dyn Analyzer>> {
    stages_with(Options::default())
}

/// Every analyser unspun has, in the order they run.
pub fn stages_with(options: Options) -> Vec<Box<dyn Analyzer>> {
    let mut stages = unspun_core::stages::core_stages();
    let accurate = options.techniques == unspun_techniques::Tier::Accurate;
    let sourcing = unspun_sourcing::SourcingStage::embedded();
    if accurate {
        stages.push(Box::new(unspun_encoder::EncoderStage));
        stages.push(Box::new(sourcing.with_encoder()));
    } else {
        stages.push(Box::new(sourcing));
    }
    stages.push(Box::new(unspun_techniques::TechniquesStage::new(
        options.techniques,
    )));
    stages.push(Box::new(if accurate {
        unspun_actors::EntitiesStage::accurate()
    } else {
        unspun_actors::EntitiesStage::fast()
    }));
    stages.push(Box::new(unspun_actors::StancesStage));
    stages.push(Box::new(unspun_actors::DecisionsStage));
    stages
}

/// A pipeline of the stages named in `stages` (and those they need), or of
/// every stage when `None`, with default options.
pub fn pipeline(stages: Option<&[String]>) -> Result<Pipeline, PipelineError> {
    pipeline_with(stages, Options::default())
}

/// [`pipeline`] with given options.
pub fn pipeline_with(
    stages: Option<&[String]>,
    options: Options,
) -> Result<Pipeline, PipelineError> {
    Pipeline::select(stages_with(options), stages)
}

/// Reads one job and runs the pipeline on it. The in-memory results the
/// analysers shared (the encoder's states, megabytes per long article) are
/// dropped once the pipeline has run: nothing renders them, and a batch
/// holds hundreds of documents at once.
pub fn analyze_job(job: Job, pipeline: &Pipeline) -> Result<Document, Error> {
    let mut doc = read_job(job)?;
    run(&mut doc, pipeline)?;
    Ok(doc)
}

fn run(doc: &mut Document, pipeline: &Pipeline) -> Result<(), Error> {
    let outcome = pipeline.run(doc);
    doc.extensions = Default::default();
    Ok(outcome?)
}

/// Reads plain-text article bytes (title line, blank line, body) and runs
/// the pipeline on them.
pub fn analyze_text(id: &str, text: &str, pipeline: &Pipeline) -> Result<Document, Error> {
    let mut doc = unspun_io::plain::read_plain(id, text.as_bytes())?;
    run(&mut doc, pipeline)?;
    Ok(doc)
}

/// Runs `work`, turning a panic into an error message, so that one bad
/// input never stops a batch or crashes a worker. (Analysers must not
/// panic; this is the last line of defence, and its message asks for a bug
/// report.)
pub fn catch_panic<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error (please report this input): {what}"))
        }
    }
}

/// The bundled example article, analysed.
pub fn analyze_example(pipeline: &Pipeline) -> Result<Document, Error> {
    let mut doc = analyze_text(EXAMPLE_ID, EXAMPLE_ARTICLE, pipeline)?;
    doc.source = Some("examples/nato-tokyo-office.txt (embedded)".into());
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_states_are_dropped_after_the_pipeline() {
        let options = Options {
            techniques: Tier::Accurate,
        };
        let pipeline = pipeline_with(Some(&["techniques".to_string()]), options).unwrap();
        let doc =
            analyze_text("t", "Title\n\nThe corrupt elites lied again.\n", &pipeline).unwrap();
        assert!(doc.layer("techniques").is_some());
        assert!(doc.extensions.is_empty());
    }

    /// A Portuguese page: the language-neutral stages run, every stage
    /// whose models are English is skipped, and the record and the reports
    /// say so.
    #[test]
    fn stages_for_other_languages_are_skipped_and_said() {
        const PT: &str = "Governo anuncia novo plano\n\nLISBOA, 21 de março (Lusa) - O \
            primeiro-ministro afirmou hoje que o governo vai apresentar um novo plano \
            para a habitação, que será discutido no parlamento na próxima semana. \
            Segundo fontes do ministério, a proposta inclui medidas para os jovens.\n";
        for tier in [Tier::Fast, Tier::Accurate] {
            let pipeline = pipeline_with(None, Options { techniques: tier }).unwrap();
            let doc = analyze_text("pt", PT, &pipeline).unwrap();
            assert_eq!(doc.meta.language.as_deref(), Some("pt"));
            assert!(!doc.sentences.is_empty());
            for stage in ["segment", "language", "dateline"] {
                assert_eq!(doc.skipped(stage), None, "{stage}");
            }
            let english = pipeline
                .stages()
                .filter(|s| s.languages() == unspun_core::Languages::ENGLISH)
                .map(|s| s.name())
                .collect::<Vec<_>>();
            assert!(english.len() >= 5, "{english:?}");
            for stage in english {
                assert_eq!(doc.skipped(stage), Some("language pt"), "{stage}");
            }
            assert!(doc.layer("techniques").is_none());
            assert!(doc.layer("attributions").is_none());
            assert!(doc.summary.sourcing.is_none());
            let text = report::text::render_text(&doc, Default::default());
            assert!(
                text.contains("techniques: not analysed, language pt"),
                "{text}"
            );
            let record: serde_json::Value =
                serde_json::from_str(&report::json::to_json_line(&doc, Default::default()))
                    .unwrap();
            assert_eq!(record["stages"][5]["status"], "skipped");
            assert_eq!(record["stages"][5]["reason"], "language pt");
        }
        // The same pipeline analyses English.
        let pipeline = pipeline_with(None, Options::default()).unwrap();
        let doc = analyze_example(&pipeline).unwrap();
        assert!(doc.stage_runs.iter().all(|r| r.skipped().is_none()));
        assert!(doc.layer("techniques").is_some());
    }
}
