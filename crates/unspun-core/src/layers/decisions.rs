//! The `decisions` layer: what a deciding body's rule makes of its members'
//! stances.

use serde::{Deserialize, Serialize};

use super::{attributes_of, read_attributes, LayerError, LayerItem};
use crate::document::Span;
use crate::layer::Annotation;

/// One verdict: a body, its rule, the proposal and the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The decisive stance, or the body's first mention.
    pub span: Span,
    /// `blocked`, `vetoed`, `can pass`, `passes` or `undetermined` (the
    /// layer's label).
    pub outcome: String,
    /// The members' stances and the rule that give the outcome.
    pub explanation: String,
    /// The body ("North Atlantic Council").
    pub body: String,
    /// Its rule ("consensus").
    pub rule: String,
    /// The proposal decided on.
    pub proposal: String,
    /// Where the rule is written.
    pub source: String,
}

#[derive(Serialize, Deserialize)]
struct Attributes {
    body: String,
    rule: String,
    proposal: String,
    outcome: String,
    #[serde(default)]
    source: String,
}

impl LayerItem for Decision {
    const LAYER: &'static str = "decisions";
    const LABEL_KEY: &'static str = "kind";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        let at: Attributes = read_attributes(Self::LAYER, a)?;
        Ok(Self {
            span: a.span,
            outcome: at.outcome,
            explanation: a.explanation.clone().unwrap_or_default(),
            body: at.body,
            rule: at.rule,
            proposal: at.proposal,
            source: at.source,
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.outcome.clone())
            .with_explanation(self.explanation.clone());
        a.attributes = attributes_of(&Attributes {
            body: self.body.clone(),
            rule: self.rule.clone(),
            proposal: self.proposal.clone(),
            outcome: self.outcome.clone(),
            source: self.source.clone(),
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        crate::layers::tests::round_trip(&Decision {
            span: Span::new(1, 9),
            outcome: "blocked".into(),
            explanation: "blocked: France opposes".into(),
            body: "North Atlantic Council".into(),
            rule: "consensus".into(),
            proposal: "a plan".into(),
            source: "NATO".into(),
        });
    }
}
