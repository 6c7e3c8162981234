//! The `stances` layer: what actors support or oppose.

use serde::{Deserialize, Serialize};

use super::{attributes_of, parse_label, read_attributes, LayerError, LayerItem, SpanValue};
use crate::document::Span;
use crate::layer::Annotation;

/// Support, opposition or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Polarity {
    /// For the target.
    Support,
    /// Against the target.
    Oppose,
    /// Declared neither (abstains, undecided, will not block).
    Neutral,
}

impl Polarity {
    /// `support`, `oppose` or `neutral`.
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Support => "support",
            Polarity::Oppose => "oppose",
            Polarity::Neutral => "neutral",
        }
    }

    /// The polarity of a label written by [`Polarity::as_str`].
    pub fn parse(label: &str) -> Option<Self> {
        [Polarity::Support, Polarity::Oppose, Polarity::Neutral]
            .into_iter()
            .find(|p| p.as_str() == label)
    }
}

/// One stance an actor takes, spanning its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Stance {
    /// The evidence: the clause from the holder to the end of the target.
    pub span: Span,
    /// Support, oppose or neutral.
    pub polarity: Polarity,
    /// The holder's id in the `entities` layer (`e1`).
    pub holder: String,
    /// The holder's canonical name.
    pub holder_name: String,
    /// What the stance is about.
    pub target: String,
    /// The words that carry the stance ("rejects", "is eager to").
    pub cue: String,
    /// Whether the target is the article's main issue.
    pub main_issue: bool,
}

#[derive(Serialize, Deserialize)]
struct Attributes {
    holder: String,
    #[serde(default)]
    holder_name: String,
    target: String,
    evidence: Option<SpanValue>,
    #[serde(default)]
    cue: String,
    #[serde(default)]
    main_issue: bool,
}

impl LayerItem for Stance {
    const LAYER: &'static str = "stances";
    const LABEL_KEY: &'static str = "polarity";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        let polarity = parse_label(Self::LAYER, a, Polarity::parse)?;
        let at: Attributes = read_attributes(Self::LAYER, a)?;
        Ok(Self {
            span: at.evidence.map_or(a.span, Span::from),
            polarity,
            holder: at.holder,
            holder_name: at.holder_name,
            target: at.target,
            cue: at.cue,
            main_issue: at.main_issue,
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.polarity.as_str());
        a.attributes = attributes_of(&Attributes {
            holder: self.holder.clone(),
            holder_name: self.holder_name.clone(),
            target: self.target.clone(),
            evidence: Some(self.span.into()),
            cue: self.cue.clone(),
            main_issue: self.main_issue,
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let s = Stance {
            span: Span::new(110, 203),
            polarity: Polarity::Oppose,
            holder: "e1".into(),
            holder_name: "Emmanuel Macron".into(),
            target: "a plan".into(),
            cue: "come out against".into(),
            main_issue: true,
        };
        crate::layers::tests::round_trip(&s);
        let a = s.to_annotation();
        assert_eq!(a.label, "oppose");
        assert_eq!(a.attributes["evidence"]["start"], 110);
        // A layer built by hand with only the essentials still reads.
        let bare = Annotation::new(Span::new(0, 5), "support")
            .with_attribute("holder", "e2")
            .with_attribute("target", "it");
        let read = Stance::read(&bare).unwrap();
        assert_eq!((read.span, read.main_issue), (Span::new(0, 5), false));
    }
}
