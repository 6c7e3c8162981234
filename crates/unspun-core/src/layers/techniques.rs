//! The `techniques` layer: persuasion techniques.

use super::{error, LayerError, LayerItem};
use crate::document::Span;
use crate::layer::Annotation;

/// One span that uses a persuasion technique.
#[derive(Debug, Clone, PartialEq)]
pub struct Technique {
    /// The span.
    pub span: Span,
    /// The PTC technique name exactly as SemEval-2020 Task 11 writes it
    /// (`Loaded_Language`, `Name_Calling,Labeling`, …).
    pub technique: String,
    /// The model's probability for the span and technique.
    pub confidence: Option<f32>,
    /// The technique's definition and the cues that weighed most.
    pub explanation: Option<String>,
}

impl LayerItem for Technique {
    const LAYER: &'static str = "techniques";
    const LABEL_KEY: &'static str = "technique";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        if a.label.is_empty() {
            return Err(error(Self::LAYER, a, "no technique name".into()));
        }
        Ok(Self {
            span: a.span,
            technique: a.label.clone(),
            confidence: a.confidence,
            explanation: a.explanation.clone(),
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.technique.clone());
        if let Some(c) = self.confidence {
            a = a.with_confidence(c);
        }
        a.explanation = self.explanation.clone();
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        crate::layers::tests::round_trip(&Technique {
            span: Span::new(3, 9),
            technique: "Name_Calling,Labeling".into(),
            confidence: Some(0.5),
            explanation: Some("a label".into()),
        });
    }
}
