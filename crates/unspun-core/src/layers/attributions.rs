//! The `attributions` layer: who said what, and what kind of source it is.

use serde::{Deserialize, Serialize};

use super::{attributes_of, parse_label, read_attributes, LayerError, LayerItem};
use crate::document::Span;
use crate::layer::Annotation;

/// Kinds of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A named person.
    Person,
    /// A named person with a title or role, or an office holder.
    Official,
    /// An organisation: a ministry, a party, a company, a government.
    Organization,
    /// A news outlet or journalist.
    Media,
    /// A report, statement, poll or other document.
    Document,
    /// A source deliberately not named ("sources familiar with …").
    Anonymous,
    /// An unnamed group ("analysts", "some countries", "critics").
    Vague,
    /// No source is given (passive cues).
    Unknown,
}

impl SourceKind {
    /// Every kind, in report order.
    pub const ALL: [SourceKind; 8] = [
        SourceKind::Person,
        SourceKind::Official,
        SourceKind::Organization,
        SourceKind::Media,
        SourceKind::Document,
        SourceKind::Anonymous,
        SourceKind::Vague,
        SourceKind::Unknown,
    ];

    /// The name used in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Person => "person",
            SourceKind::Official => "official",
            SourceKind::Organization => "organization",
            SourceKind::Media => "media",
            SourceKind::Document => "document",
            SourceKind::Anonymous => "anonymous",
            SourceKind::Vague => "vague",
            SourceKind::Unknown => "unknown",
        }
    }

    /// The kind of a name written by [`SourceKind::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// A span with its text, as the record writes the parts of an attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// The text of the span.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl TextSpan {
    /// The span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Who is cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionSource {
    /// The source as written; `None` for a participle's speaker, known but
    /// not written next to the cue ("…, emphasising that …").
    pub text: Option<String>,
    /// Where the source is written, when it is.
    pub start: Option<usize>,
    /// End of the source, when it is written.
    pub end: Option<usize>,
    /// Its kind.
    pub kind: SourceKind,
    /// The name it refers to (a pronoun or bare role resolved to a person,
    /// an earlier source), when known.
    pub entity: Option<String>,
}

impl AttributionSource {
    /// The source's span, when it is written.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.start?, self.end?))
    }
}

/// One attribution: a source, a cue and a content.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Source, cue and content together.
    pub span: Span,
    /// The source's kind (the layer's label).
    pub kind: SourceKind,
    /// How sure the analyser is that this is an attribution, in
    /// `0.0..=1.0`, when it can say.
    pub confidence: Option<f32>,
    /// A one-line account for a reader ("Quoted: … (official source, cue …)").
    pub explanation: Option<String>,
    /// Who is cited.
    pub source: AttributionSource,
    /// The words that mark the attribution ("said", "according to").
    pub cue: TextSpan,
    /// What is attributed, from its first part to its last.
    pub content: TextSpan,
    /// The parts of the content when there are several ("“A,” she said, “B.”").
    pub content_parts: Vec<TextSpan>,
    /// Whether the content is a direct quote.
    pub direct: bool,
}

#[derive(Serialize, Deserialize)]
struct Attributes {
    source: AttributionSource,
    cue: TextSpan,
    content: TextSpan,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    content_parts: Vec<TextSpan>,
    direct: bool,
}

impl LayerItem for Attribution {
    const LAYER: &'static str = "attributions";
    const LABEL_KEY: &'static str = "kind";

    fn read(a: &Annotation) -> Result<Self, LayerError> {
        let kind = parse_label(Self::LAYER, a, SourceKind::parse)?;
        let at: Attributes = read_attributes(Self::LAYER, a)?;
        Ok(Self {
            span: a.span,
            kind,
            confidence: a.confidence,
            explanation: a.explanation.clone(),
            source: at.source,
            cue: at.cue,
            content: at.content,
            content_parts: at.content_parts,
            direct: at.direct,
        })
    }

    fn to_annotation(&self) -> Annotation {
        let mut a = Annotation::new(self.span, self.kind.as_str());
        a.confidence = self.confidence;
        a.explanation = self.explanation.clone();
        a.attributes = attributes_of(&Attributes {
            source: self.source.clone(),
            cue: self.cue.clone(),
            content: self.content.clone(),
            content_parts: self.content_parts.clone(),
            direct: self.direct,
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, start: usize) -> TextSpan {
        TextSpan {
            text: text.into(),
            start,
            end: start + text.chars().count(),
        }
    }

    #[test]
    fn round_trips_and_writes_null_source_spans() {
        let item = Attribution {
            span: Span::new(0, 30),
            kind: SourceKind::Official,
            confidence: Some(0.75),
            explanation: Some("Quoted: the minister".into()),
            source: AttributionSource {
                text: None,
                start: None,
                end: None,
                kind: SourceKind::Official,
                entity: Some("Wang Wenbin".into()),
            },
            cue: piece("said", 0),
            content: piece("“A,” … “B.”", 5),
            content_parts: vec![piece("“A,”", 5), piece("“B.”", 12)],
            direct: true,
        };
        crate::layers::tests::round_trip(&item);
        let a = item.to_annotation();
        assert_eq!(a.label, "official");
        assert!(a.attributes["source"]["start"].is_null());
        assert_eq!(a.attributes["content_parts"][1]["text"], "“B.”");
        let single = Attribution {
            content_parts: Vec::new(),
            ..item
        };
        assert!(!single
            .to_annotation()
            .attributes
            .contains_key("content_parts"));
        assert_eq!(SourceKind::parse("vague"), Some(SourceKind::Vague));
        assert_eq!(SourceKind::parse("nobody"), None);
    }
}
