//! The `techniques` analyser.

use unspun_core::layers::Technique;
use unspun_core::stages::names;
use unspun_core::{AnalyzeError, Analyzer, Document, Languages, Span};

use crate::features::View;
use crate::model::{shown_confidence, FastModel};
use crate::{AccurateModel, Tier};

/// Finds persuasion techniques and adds them to the `techniques` layer:
/// one annotation per (span, technique), labelled with the PTC technique
/// name, with a confidence and an explanation (the technique's definition
/// and the cues that fired). Spans may overlap.
pub struct TechniquesStage {
    model: Option<&'static FastModel>,
    tier: Tier,
}

impl TechniquesStage {
    /// The stage with the fast-tier model embedded in the binary (loaded
    /// once per process, on first use).
    pub fn fast() -> Self {
        Self::new(Tier::Fast)
    }

    /// The stage of a tier (the accurate tier's files are read once per
    /// process, on first use, from [`crate::accurate::model_dir`]).
    pub fn new(tier: Tier) -> Self {
        Self { model: None, tier }
    }

    /// The fast-tier stage with a given model (for tests and `--model-file`).
    pub fn with_model(model: &'static FastModel) -> Self {
        Self {
            model: Some(model),
            tier: Tier::Fast,
        }
    }

    fn model(&self) -> Result<&'static FastModel, AnalyzeError> {
        match self.model {
            Some(m) => Ok(m),
            None => {
                FastModel::embedded().map_err(|e| AnalyzeError::new("techniques", e.to_string()))
            }
        }
    }
}

impl Analyzer for TechniquesStage {
    fn name(&self) -> &'static str {
        names::TECHNIQUES
    }
    fn description(&self) -> &'static str {
        "persuasion techniques (the 14 of SemEval-2020 Task 11), with explanations"
    }
    fn requires(&self) -> &'static [&'static str] {
        match self.tier {
            Tier::Fast => &[names::SEGMENT, names::LANGUAGE],
            Tier::Accurate => &[names::SEGMENT, names::LANGUAGE, names::ENCODER],
        }
    }
    fn languages(&self) -> Languages {
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        let model = self.model()?;
        let view = View::new(doc);
        let (spans, calibration) = match self.tier {
            Tier::Fast => {
                let probs = model.token_probabilities(&view);
                let spans = model.predict_with(&view, &probs, &model.decoding);
                (spans, model.calibration.as_ref())
            }
            // The accurate tier reads the shared trunk's states that the
            // `encoder` stage left in the document's extensions.
            Tier::Accurate => {
                let fail = |e: String| AnalyzeError::new("techniques", e);
                let accurate = AccurateModel::shared().map_err(fail)?;
                let spans = accurate
                    .predict_view(model, &view)
                    .map_err(|e| fail(e.to_string()))?;
                (spans, accurate.settings.calibration.as_ref())
            }
        };
        let items: Vec<Technique> = spans
            .iter()
            .map(|s| Technique {
                span: Span::new(s.start, s.end),
                technique: s.technique_name().to_string(),
                confidence: Some(shown_confidence(calibration, s)),
                explanation: Some(crate::explain::explain(&view, s)),
            })
            .collect();
        doc.set_items_sorted(&items);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::segment;

    #[test]
    fn fills_the_layer_with_explained_annotations() {
        let model: &'static FastModel = Box::leak(Box::new(crate::model::tests::tiny_model()));
        let stage = TechniquesStage::with_model(model);
        assert_eq!(stage.requires(), &["segment", "language"]);
        assert_eq!(stage.languages(), Languages::ENGLISH);
        let mut doc = Document::new(
            "article1",
            "Title\n\nThe radical mob is here. Calm words.\n",
        );
        segment::segment(&mut doc);
        stage.analyze(&mut doc).unwrap();
        let marks = doc.items::<Technique>();
        assert_eq!(marks.len(), 1);
        let t = &marks[0];
        assert_eq!(t.technique, "Name_Calling,Labeling");
        assert_eq!(doc.slice(t.span), "radical mob");
        assert!(t.confidence.unwrap() > 0.0);
        assert!(t.explanation.as_deref().unwrap().contains("radical"));
    }
}
