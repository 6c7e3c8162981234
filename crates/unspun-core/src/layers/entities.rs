//! The `entities` layer: actors (people, organisations, countries, places),
//! one item per actor with all its mentions and its portrayal.

use serde::{Deserialize, Serialize};

use super::{attributes_of, parse_label, read_attributes, LayerError, LayerItem, SpanValue};
use crate::document::Span;
use crate::layer::Annotation;

/// Kinds of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation (an alliance, a ministry, a company, an outlet).
    Organisation,
    /// A country (or its government: "Beijing said").
    Country,
    /// A place that is not a country.
    Location,
    /// Events, products, nationalities … (CoNLL's MISC).
    Other,
}

impl EntityKind {
    /// Every kind.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Organisation,
        EntityKind::Country,
        EntityKind::Location,
        EntityKind::Other,
    ];

    /// The label used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Country => "country",
            EntityKind::Location => "location",
            EntityKind::Other => "other",
        }
    }

    /// The kind of a label written by [`EntityKind::as_str`].
    pub fn parse(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == label)
    }
}

/// One word that weighed in an actor's portrayal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortrayalEvidence {
    /// First code point of the word.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// `outlet` (the article's own words) or `quoted`.
    pub voice: String,
    /// Its weight towards the score (negative: unfavourable).
    pub weight: f64,
}

/// How the text portrays an actor, −1 (negative) … +1 (positive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Portrayal {
    /// Over all mentions.
    pub score: f64,
    /// Over the mentions outside quotations, when any.
    #[serde(default)]
    pub outlet: Option<f64>,
    /// Over the mentions inside quotations, when any.
    #[serde(default)]
    pub quoted: Option<f64>,
    /// The words that weighed most, strongest first.
    #[serde(default)]
    pub evidence: Vec<PortrayalEvidence>,
}

/// One actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The first mention.
    pub span: Span,
    /// Its kind.
    pub kind: EntityKind,
    /// `e1`, `e2` … in order of first mention; stances refer to it.
    pub id: String,
    /// Canonical name ("Emmanuel Macron", "NATO", "China").
    pub name: String,
    /// The country the actor is, belongs to or is in, when known.
    pub country: Option<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
    /// How the text portrays it, when the portrayal model ran.
    pub portrayal: Option<Portrayal>,
    /// How mentions were merged, when any was.
    pub explanation: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Attributes {
    id: String,
    name: String,
    country: Option<String>,
    #[serde(default)]
    mentions: Vec<SpanValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    portrayal: Option<Portrayal>,
}

impl LayerItem for Entity {
    const LAYER: &'static str = "entities";
    const LABEL_KEY: &'static str = "type";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        let kind = parse_label(Self::LAYER, a, EntityKind::parse)?;
        let at: Attributes = read_attributes(Self::LAYER, a)?;
        let mut mentions: Vec<Span> = at.mentions.into_iter().map(Span::from).collect();
        if mentions.is_empty() {
            mentions.push(a.span);
        }
        Ok(Self {
            span: a.span,
            kind,
            id: at.id,
            name: at.name,
            country: at.country,
            mentions,
            portrayal: at.portrayal,
            explanation: a.explanation.clone(),
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.kind.as_str());
        a.explanation = self.explanation.clone();
        a.attributes = attributes_of(&Attributes {
            id: self.id.clone(),
            name: self.name.clone(),
            country: self.country.clone(),
            mentions: self.mentions.iter().map(|&m| m.into()).collect(),
            portrayal: self.portrayal.clone(),
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_and_without_portrayal() {
        let mut e = Entity {
            span: Span::new(0, 6),
            kind: EntityKind::Person,
            id: "e1".into(),
            name: "Emmanuel Macron".into(),
            country: Some("France".into()),
            mentions: vec![Span::new(0, 6), Span::new(40, 55)],
            portrayal: None,
            explanation: Some("“Macron” is Emmanuel Macron".into()),
        };
        crate::layers::tests::round_trip(&e);
        assert!(!e.to_annotation().attributes.contains_key("portrayal"));
        assert!(e.to_annotation().attributes["country"].is_string());
        e.portrayal = Some(Portrayal {
            score: -0.12,
            outlet: Some(-0.12),
            quoted: None,
            evidence: vec![PortrayalEvidence {
                start: 3,
                end: 9,
                voice: "outlet".into(),
                weight: -0.271,
            }],
        });
        e.country = None;
        crate::layers::tests::round_trip(&e);
        let a = e.to_annotation();
        assert!(a.attributes["country"].is_null());
        assert!(a.attributes["portrayal"]["quoted"].is_null());
    }
}
