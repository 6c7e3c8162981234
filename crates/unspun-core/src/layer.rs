//! Annotation layers: typed lists of annotated spans that analysers add.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::document::Span;

/// One annotation: a span of the text with a label, optional confidence and
/// explanation, and free attributes that the analyser defines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// The annotated text.
    #[serde(flatten)]
    pub span: Span,
    /// What the span is (a technique name, a source kind, an entity type).
    pub label: String,
    /// How sure the analyser is, in `0.0..=1.0`, when it can say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Why the analyser marked the span, in words a reader understands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Further structured facts (nested spans, linked entities, …).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
}

impl Annotation {
    /// Creates an annotation with a span and a label.
    pub fn new(span: Span, label: impl Into<String>) -> Self {
        Self {
            span,
            label: label.into(),
            confidence: None,
            explanation: None,
            attributes: Map::new(),
        }
    }

    /// Sets the confidence (clamped to `0.0..=1.0`; NaN becomes 0).
    pub fn with_confidence(mut self, confidence: f32) -> Self {
        let c = if confidence.is_nan() { 0.0 } else { confidence };
        self.confidence = Some(c.clamp(0.0, 1.0));
        self
    }

    /// Sets the explanation.
    pub fn with_explanation(mut self, explanation: impl Into<String>) -> Self {
        self.explanation = Some(explanation.into());
        self
    }

    /// Adds one attribute.
    pub fn with_attribute(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes.insert(key.into(), value.into());
        self
    }
}

/// A named list of annotations produced by one analyser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    /// The layer's name, which is also its key in the JSON output
    /// (`techniques`, `attributions`, `entities`, …).
    pub name: String,
    /// The annotations, sorted by span start then end.
    pub annotations: Vec<Annotation>,
}

impl Layer {
    /// Creates an empty layer.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            annotations: Vec::new(),
        }
    }

    /// Adds an annotation.
    pub fn push(&mut self, annotation: Annotation) {
        self.annotations.push(annotation);
    }

    /// Sorts the annotations by start, then end, then label.
    pub fn sort(&mut self) {
        self.annotations
            .sort_by(|a, b| (a.span, &a.label).cmp(&(b.span, &b.label)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_clamps_confidence() {
        let a = Annotation::new(Span::new(1, 4), "Doubt").with_confidence(1.7);
        assert_eq!(a.confidence, Some(1.0));
        let b = Annotation::new(Span::new(1, 4), "Doubt").with_confidence(f32::NAN);
        assert_eq!(b.confidence, Some(0.0));
    }

    #[test]
    fn layer_sorts_by_span() {
        let mut layer = Layer::new("techniques");
        layer.push(Annotation::new(Span::new(5, 9), "B"));
        layer.push(Annotation::new(Span::new(1, 9), "A"));
        layer.push(Annotation::new(Span::new(1, 3), "C"));
        layer.sort();
        let starts: Vec<_> = layer
            .annotations
            .iter()
            .map(|a| (a.span.start, a.span.end))
            .collect();
        assert_eq!(starts, vec![(1, 3), (1, 9), (5, 9)]);
    }
}
