//! The analysis pipeline: an ordered list of stages that each read the
//! document and the layers before them and add their own.

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
    /// Names of the stages whose output this one reads.
    fn requires(&self) -> &'static [&'static str] {
        &[]
    }
    /// Runs the stage on one document.
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError>;
}

/// Why a pipeline could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A stage name that no registered analyser has.
    #[error("unknown stage `{0}` (known stages: {1})")]
    UnknownStage(String, String),
}

/// An ordered set of analysers.
#[derive(Default)]
pub struct Pipeline {
    stages: Vec<Box<dyn Analyzer>>,
}

impl Pipeline {
    /// An empty pipeline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Assembles a pipeline from `available` analysers (in their canonical
    /// order), keeping those named in `wanted` and every stage they require,
    /// transitively. `None` keeps all of them.
    pub fn select(
        available: Vec<Box<dyn Analyzer>>,
        wanted: Option<&[String]>,
    ) -> Result<Self, PipelineError> {
        let Some(wanted) = wanted else {
            return Ok(Self { stages: available });
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
        let stages = available
            .into_iter()
            .filter(|a| keep.contains(&a.name()))
            .collect();
        Ok(Self { stages })
    }

    /// Appends a stage.
    pub fn push(&mut self, stage: Box<dyn Analyzer>) {
        self.stages.push(stage);
    }

    /// Names of the stages, in the order they run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage on `doc`, stopping at the first failure.
    pub fn run(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        for stage in &self.stages {
            stage.analyze(doc)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::Annotation;
    use crate::Span;

    struct Marker(&'static str, &'static [&'static str]);

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
            Box::new(Marker("a", &[])),
            Box::new(Marker("b", &["a"])),
            Box::new(Marker("c", &["b"])),
            Box::new(Marker("d", &[])),
        ]
    }

    #[test]
    fn select_adds_requirements_in_canonical_order() {
        let p = Pipeline::select(stages(), Some(&["c".to_string()])).unwrap();
        assert_eq!(p.stage_names(), vec!["a", "b", "c"]);
        let mut doc = Document::new("x", "text");
        p.run(&mut doc).unwrap();
        let trace: Vec<_> = doc
            .layer("trace")
            .unwrap()
            .annotations
            .iter()
            .map(|a| a.label.as_str())
            .collect();
        assert_eq!(trace, vec!["a", "b", "c"]);
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
    fn run_stops_at_failure() {
        let p = Pipeline::select(stages(), None).unwrap();
        let mut doc = Document::new("x", "");
        let err = p.run(&mut doc).unwrap_err();
        assert_eq!(err.stage, "a");
    }
}
