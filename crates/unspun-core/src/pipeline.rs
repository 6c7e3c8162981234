//! The analysis pipeline: an ordered list of stages that each read the
//! document and the layers before them and add their own.
//!
//! Two rules hold for every pipeline:
//! - a stage runs after every stage it [requires](Analyzer::requires);
//!   [`Pipeline::new`] and [`Pipeline::push`] refuse anything else;
//! - a stage that does not support the document's language (see
//!   [`Analyzer::languages`]) is skipped, and so is every stage that needs
//!   a skipped one; the document records why in [`Document::stage_runs`].

use serde::{Deserialize, Serialize};

use crate::document::Document;

/// Why an analyser could not finish on a document.
#[derive(Debug, thiserror::Error)]
#[error("{stage}: {message}")]
pub struct AnalyzeError {
    /// Name of the stage that failed.
    pub stage: String,
    /// What went wrong.
    pub message: String,
}

impl AnalyzeError {
    /// Creates an error for `stage`.
    pub fn new(stage: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            stage: stage.into(),
            message: message.into(),
        }
    }
}

/// The languages a stage can analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Languages {
    /// Any language: the stage does not depend on it (segmentation,
    /// datelines, language identification).
    Any,
    /// Only these ISO 639-1 codes: the stage's models or word lists are for
    /// them.
    Only(&'static [&'static str]),
}

impl Languages {
    /// English only: the stage's models were trained on English news.
    pub const ENGLISH: Languages = Languages::Only(&["en"]);

    /// Whether a document in `language` can be analysed. An unknown
    /// language (too short or too mixed to tell) is given the benefit of
    /// the doubt.
    pub fn supports(&self, language: Option<&str>) -> bool {
        match (self, language) {
            (Languages::Any, _) | (_, None) => true,
            (Languages::Only(codes), Some(l)) => codes.contains(&l),
        }
    }
}

/// One stage of the pipeline.
///
/// An analyser must not panic on any document; it reports what it cannot do
/// through [`AnalyzeError`]. It may rely on the stages named in
/// [`Analyzer::requires`] having run before it.
pub trait Analyzer: Send + Sync {
    /// Short stable name, used on the command line (`--stages segment,techniques`).
    fn name(&self) -> &'static str;
    /// One line that says what the stage adds.
    fn description(&self) -> &'static str;
    /// Names of the stages whose output this one reads. A stage that
    /// declares [`Languages::Only`] should require `language`, so that the
    /// document's language is known before it runs.
    fn requires(&self) -> &'static [&'static str] {
        &[]
    }
    /// The languages the stage can analyse.
    fn languages(&self) -> Languages {
        Languages::Any
    }
    /// Runs the stage on one document.
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError>;
}

/// What became of one stage on one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRun {
    /// The stage's name.
    pub stage: String,
    /// Whether it ran.
    #[serde(flatten)]
    pub status: StageStatus,
}

/// Whether a stage ran on a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StageStatus {
    /// The stage ran and its layers are complete.
    Done,
    /// The stage did not run; its layers are absent.
    Skipped {
        /// Why, for a reader: `language pt` or `needs techniques, not analysed`.
        reason: String,
    },
}

impl StageRun {
    /// The reason the stage was skipped, if it was.
    pub fn skipped(&self) -> Option<&str> {
        match &self.status {
            StageStatus::Done => None,
            StageStatus::Skipped { reason } => Some(reason),
        }
    }
}

/// Why a pipeline could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A stage name that no registered analyser has.
    #[error("unknown stage `{0}` (known stages: {1})")]
    UnknownStage(String, String),
    /// A stage placed before (or without) a stage it requires.
    #[error("stage `{stage}` requires `{requires}`, which is not registered before it")]
    MissingRequirement {
        /// The stage.
        stage: &'static str,
        /// The requirement that is missing or comes later.
        requires: &'static str,
    },
    /// Two stages with the same name.
    #[error("stage `{0}` is registered twice")]
    Duplicate(&'static str),
}

/// An ordered set of analysers in which every stage comes after the stages
/// it requires.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Analyzer>>,
}

impl Pipeline {
    /// A pipeline of `stages` in this order; fails when a stage comes before
    /// (or without) a stage it requires, or when a name repeats.
    pub fn new(stages: Vec<Box<dyn Analyzer>>) -> Result<Self, PipelineError> {
        let mut pipeline = Self::default();
        for stage in stages {
            pipeline.push(stage)?;
        }
        Ok(pipeline)
    }

    /// Assembles a pipeline from `available` analysers (in their canonical
    /// order), keeping those named in `wanted` and every stage they require,
    /// transitively. `None` keeps all of them.
    pub fn select(
        available: Vec<Box<dyn Analyzer>>,
        wanted: Option<&[String]>,
    ) -> Result<Self, PipelineError> {
        let Some(wanted) = wanted else {
            return Self::new(available);
        };
        let known = || {
            available
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut keep: Vec<&str> = Vec::new();
        let mut todo: Vec<String> = wanted.iter().map(|w| w.trim().to_string()).collect();
        while let Some(name) = todo.pop() {
            if name.is_empty() || keep.contains(&name.as_str()) {
                continue;
            }
            let Some(stage) = available.iter().find(|a| a.name() == name) else {
                return Err(PipelineError::UnknownStage(name, known()));
            };
            keep.push(stage.name());
            todo.extend(stage.requires().iter().map(|r| r.to_string()));
        }
        Self::new(
            available
                .into_iter()
                .filter(|a| keep.contains(&a.name()))
                .collect(),
        )
    }

    /// Appends a stage; fails when a stage it requires is not already in
    /// the pipeline, or when one of the same name is.
    pub fn push(&mut self, stage: Box<dyn Analyzer>) -> Result<(), PipelineError> {
        let names = self.stage_names();
        if names.contains(&stage.name()) {
            return Err(PipelineError::Duplicate(stage.name()));
        }
        if let Some(missing) = stage.requires().iter().find(|r| !names.contains(r)) {
            return Err(PipelineError::MissingRequirement {
                stage: stage.name(),
                requires: missing,
            });
        }
        self.stages.push(stage);
        Ok(())
    }

    /// Names of the stages, in the order they run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The stages, in the order they run.
    pub fn stages(&self) -> impl Iterator<Item = &dyn Analyzer> {
        self.stages.iter().map(|s| s.as_ref())
    }

    /// Runs every stage on `doc`, stopping at the first failure. A stage
    /// that does not support the document's language, or that needs a
    /// skipped stage, is skipped; each stage's fate is recorded in
    /// [`Document::stage_runs`].
    pub fn run(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        for stage in &self.stages {
            let status = match skip_reason(stage.as_ref(), doc) {
                Some(reason) => StageStatus::Skipped { reason },
                None => {
                    stage.analyze(doc)?;
                    StageStatus::Done
                }
            };
            doc.stage_runs.push(StageRun {
                stage: stage.name().to_string(),
                status,
            });
        }
        Ok(())
    }
}

/// Why `stage` must not run on `doc`, if it must not: the document's
/// language first (the plainest reason for a reader), then a required stage
/// that was skipped.
fn skip_reason(stage: &dyn Analyzer, doc: &Document) -> Option<String> {
    let language = doc.meta.language.as_deref();
    if !stage.languages().supports(language) {
        return Some(format!("language {}", language.unwrap_or("unknown")));
    }
    let skipped = stage.requires().iter().find(|r| {
        doc.stage_runs
            .iter()
            .any(|run| run.stage == **r && run.skipped().is_some())
    })?;
    Some(format!("needs {skipped}, not analysed"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Annotation;
    use crate::Span;

    struct Marker(&'static str, &'static [&'static str], Languages);

    impl Analyzer for Marker {
        fn name(&self) -> &'static str {
            self.0
        }
        fn description(&self) -> &'static str {
            "test stage"
        }
        fn requires(&self) -> &'static [&'static str] {
            self.1
        }
        fn languages(&self) -> Languages {
            self.2
        }
        fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
            if doc.text().is_empty() {
                return Err(AnalyzeError::new(self.0, "empty"));
            }
            doc.layer_mut("trace")
                .push(Annotation::new(Span::new(0, 0), self.0));
            Ok(())
        }
    }

    fn stages() -> Vec<Box<dyn Analyzer>> {
        vec![
            Box::new(Marker("a", &[], Languages::Any)),
            Box::new(Marker("b", &["a"], Languages::ENGLISH)),
            Box::new(Marker("c", &["b"], Languages::Any)),
            Box::new(Marker("d", &[], Languages::Any)),
        ]
    }

    fn trace(doc: &Document) -> Vec<&str> {
        doc.layer("trace")
            .map(|l| l.annotations.iter().map(|a| a.label.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn select_adds_requirements_in_canonical_order() {
        let p = Pipeline::select(stages(), Some(&["c".to_string()])).unwrap();
        assert_eq!(p.stage_names(), vec!["a", "b", "c"]);
        let mut doc = Document::new("x", "text");
        p.run(&mut doc).unwrap();
        assert_eq!(trace(&doc), vec!["a", "b", "c"]);
        assert!(doc.stage_runs.iter().all(|r| r.status == StageStatus::Done));
    }

    #[test]
    fn select_all_and_unknown() {
        assert_eq!(
            Pipeline::select(stages(), None)
                .unwrap()
                .stage_names()
                .len(),
            4
        );
        let err = Pipeline::select(stages(), Some(&["zz".to_string()]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("unknown stage `zz`"));
        assert!(err.to_string().contains("a, b, c, d"));
    }

    #[test]
    fn refuses_a_stage_before_its_requirement() {
        let mut reversed = stages();
        reversed.swap(0, 1);
        let err = Pipeline::new(reversed).err().unwrap();
        assert_eq!(
            err.to_string(),
            "stage `b` requires `a`, which is not registered before it"
        );
        let mut p = Pipeline::default();
        let err = p
            .push(Box::new(Marker("c", &["b"], Languages::Any)))
            .unwrap_err();
        assert!(matches!(
            err,
            PipelineError::MissingRequirement {
                stage: "c",
                requires: "b"
            }
        ));
        p.push(Box::new(Marker("a", &[], Languages::Any))).unwrap();
        let err = p
            .push(Box::new(Marker("a", &[], Languages::Any)))
            .unwrap_err();
        assert!(err.to_string().contains("registered twice"));
    }

    #[test]
    fn skips_stages_of_other_languages_and_what_needs_them() {
        let p = Pipeline::select(stages(), None).unwrap();
        let mut doc = Document::new("x", "texto em português");
        doc.meta.language = Some("pt".into());
        p.run(&mut doc).unwrap();
        assert_eq!(trace(&doc), vec!["a", "d"]);
        let reasons: Vec<_> = doc
            .stage_runs
            .iter()
            .map(|r| (r.stage.as_str(), r.skipped()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("a", None),
                ("b", Some("language pt")),
                ("c", Some("needs b, not analysed")),
                ("d", None)
            ]
        );
        // English and an unknown language both run the English stage.
        for language in [Some("en"), None] {
            let mut doc = Document::new("x", "text");
            doc.meta.language = language.map(String::from);
            p.run(&mut doc).unwrap();
            assert_eq!(trace(&doc), vec!["a", "b", "c", "d"]);
        }
    }

    #[test]
    fn run_stops_at_failure() {
        let p = Pipeline::select(stages(), None).unwrap();
        let mut doc = Document::new("x", "");
        let err = p.run(&mut doc).unwrap_err();
        assert_eq!(err.stage, "a");
    }
}
