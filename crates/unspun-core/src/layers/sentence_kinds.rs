//! The `sentence_kinds` layer: whether each sentence reports an attributed
//! claim, is the outlet's own judgement, or neither.

use serde::{Deserialize, Serialize};

use super::{attributes_of, parse_label, read_attributes, LayerError, LayerItem};
use crate::document::Span;
use crate::layer::Annotation;

/// Kinds of sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SentenceKind {
    /// The main claim is attributed to a source.
    Reported,
    /// An unattributed judgement, prediction, prescription or verdict.
    Editorial,
    /// An unattributed statement of fact.
    Neutral,
}

impl SentenceKind {
    /// Every kind.
    pub const ALL: [SentenceKind; 3] = [
        SentenceKind::Reported,
        SentenceKind::Editorial,
        SentenceKind::Neutral,
    ];

    /// The label used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            SentenceKind::Reported => "reported",
            SentenceKind::Editorial => "editorial",
            SentenceKind::Neutral => "neutral",
        }
    }

    /// The kind of a label written by [`SentenceKind::as_str`].
    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == label)
    }
}

/// The kind of one sentence (one item per sentence, in text order).
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceKindLabel {
    /// The sentence.
    pub span: Span,
    /// Its kind.
    pub kind: SentenceKind,
    /// How sure the model is of the kind.
    pub confidence: Option<f32>,
    /// Index in the `attributions` layer of the attribution the sentence
    /// reports.
    pub attribution: Option<usize>,
}

#[derive(Serialize, Deserialize)]
struct Attributes {
    attribution: Option<usize>,
}

impl LayerItem for SentenceKindLabel {
    const LAYER: &'static str = "sentence_kinds";
    const LABEL_KEY: &'static str = "label";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        let kind = parse_label(Self::LAYER, a, SentenceKind::parse)?;
        let at: Attributes = read_attributes(Self::LAYER, a)?;
        Ok(Self {
            span: a.span,
            kind,
            confidence: a.confidence,
            attribution: at.attribution,
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.kind.as_str());
        if let Some(c) = self.confidence {
            a = a.with_confidence(c);
        }
        a.attributes = attributes_of(&Attributes {
            attribution: self.attribution,
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_attribution() {
        for attribution in [None, Some(3)] {
            crate::layers::tests::round_trip(&SentenceKindLabel {
                span: Span::new(4, 40),
                kind: SentenceKind::Reported,
                confidence: Some(0.75),
                attribution,
            });
        }
        let a = SentenceKindLabel {
            span: Span::new(0, 1),
            kind: SentenceKind::Editorial,
            confidence: None,
            attribution: None,
        }
        .to_annotation();
        assert!(a.attributes["attribution"].is_null());
    }
}
