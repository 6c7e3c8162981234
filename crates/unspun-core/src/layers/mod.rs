//! The standard layers: one typed definition each.
//!
//! A layer is stored in a [`Document`] as a generic [`Layer`] of
//! [`Annotation`]s (so that reports and outside tools can walk any layer),
//! but every standard layer has exactly one typed item here: its name, the
//! JSON key of its label, and a typed view of its attributes with
//! [`LayerItem::read`] and [`LayerItem::to_annotation`]. Producers write
//! layers with [`Document::set_items`], readers (later stages, reports, the
//! server, the Python package) read them with [`Document::items`]; nobody
//! spells a layer name or an attribute key by hand.
//!
//! | layer | item | produced by |
//! |---|---|---|
//! | `techniques` | [`Technique`] | `techniques` |
//! | `attributions` | [`Attribution`] | `sourcing` |
//! | `sentence_kinds` | [`SentenceKindLabel`] | `sourcing` |
//! | `entities` | [`Entity`] | `entities` |
//! | `stances` | [`Stance`] | `stances` |
//! | `decisions` | [`Decision`] | `decisions` |

pub mod attributions;
pub mod decisions;
pub mod entities;
pub mod sentence_kinds;
pub mod stances;
pub mod techniques;

pub use attributions::{Attribution, AttributionSource, SourceKind, TextSpan};
pub use decisions::Decision;
pub use entities::{Entity, EntityKind, Portrayal, PortrayalEvidence};
pub use sentence_kinds::{SentenceKind, SentenceKindLabel};
pub use stances::{Polarity, Stance};
pub use techniques::Technique;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::document::{Document, Span};
use crate::layer::Annotation;

/// Why an annotation could not be read as the typed item of its layer.
#[derive(Debug, thiserror::Error)]
#[error("layer `{layer}`: annotation at {start}..{end} is not a valid item: {reason}")]
pub struct LayerError {
    /// The layer's name.
    pub layer: &'static str,
    /// Start of the annotation's span.
    pub start: usize,
    /// End of the annotation's span.
    pub end: usize,
    /// What was wrong.
    pub reason: String,
}

/// The typed item of one standard layer.
pub trait LayerItem: Sized {
    /// The layer's name, which is also its key in the JSON record.
    const LAYER: &'static str;
    /// The key under which the JSON record writes an annotation's label.
    const LABEL_KEY: &'static str;
    /// Reads one annotation of the layer.
    fn read(annotation: &Annotation) -> Result<Self, LayerError>;
    /// The annotation that stores this item.
    fn to_annotation(&self) -> Annotation;
}

/// A standard layer: its name and the JSON key of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardLayer {
    /// The layer's name.
    pub name: &'static str,
    /// The key of its label in the JSON record.
    pub label_key: &'static str,
    /// Whether reports draw its annotations as marks in the text (the other
    /// standard layers are shown as tables or sentence shading).
    pub marks: bool,
}

const fn standard<T: LayerItem>(marks: bool) -> StandardLayer {
    StandardLayer {
        name: T::LAYER,
        label_key: T::LABEL_KEY,
        marks,
    }
}

/// The layers whose names are fixed top-level keys of the JSON record, in
/// the order they appear there.
pub const RECORD_LAYERS: [StandardLayer; 5] = [
    standard::<Technique>(true),
    standard::<Attribution>(true),
    standard::<Entity>(true),
    standard::<Stance>(true),
    standard::<Decision>(true),
];

/// Every standard layer: the record's top-level layers, then those that
/// the record writes under `layers` and the reports show as summaries.
pub const STANDARD_LAYERS: [StandardLayer; 6] = [
    RECORD_LAYERS[0],
    RECORD_LAYERS[1],
    RECORD_LAYERS[2],
    RECORD_LAYERS[3],
    RECORD_LAYERS[4],
    standard::<SentenceKindLabel>(false),
];

/// The standard layer of this name, if it is one.
pub fn standard_layer(name: &str) -> Option<StandardLayer> {
    STANDARD_LAYERS.iter().copied().find(|l| l.name == name)
}

/// The key under which the JSON record writes the label of an annotation of
/// `layer`: the standard layer's key, `label` for any other layer.
pub fn label_key(layer: &str) -> &'static str {
    standard_layer(layer).map_or("label", |l| l.label_key)
}

impl Document {
    /// The typed items of a standard layer, in layer order; empty when the
    /// layer did not run. Annotations that do not read as items (a layer
    /// built by hand, say) are left out.
    pub fn items<T: LayerItem>(&self) -> Vec<T> {
        self.layer(T::LAYER).map_or_else(Vec::new, |l| {
            l.annotations
                .iter()
                .filter_map(|a| T::read(a).ok())
                .collect()
        })
    }

    /// Whether the stage that fills the layer of `T` has run.
    pub fn has_layer<T: LayerItem>(&self) -> bool {
        self.layer(T::LAYER).is_some()
    }

    /// Stores `items` as the layer of `T`, in the order given (replacing
    /// the layer if it exists).
    pub fn set_items<'a, T: LayerItem + 'a>(&mut self, items: impl IntoIterator<Item = &'a T>) {
        let annotations = items.into_iter().map(T::to_annotation).collect();
        self.layer_mut(T::LAYER).annotations = annotations;
    }

    /// Stores `items` as the layer of `T`, sorted by span (then label).
    pub fn set_items_sorted<'a, T: LayerItem + 'a>(
        &mut self,
        items: impl IntoIterator<Item = &'a T>,
    ) {
        self.set_items(items);
        self.layer_mut(T::LAYER).sort();
    }
}

/// Helpers shared by the item definitions: typed attributes go through
/// serde, so each item declares its attribute set once, as a struct.
pub(crate) fn attributes_of<A: Serialize>(attributes: &A) -> Map<String, Value> {
    match serde_json::to_value(attributes) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Reads the attributes of `annotation` as `A`.
pub(crate) fn read_attributes<A: DeserializeOwned>(
    layer: &'static str,
    annotation: &Annotation,
) -> Result<A, LayerError> {
    serde_json::from_value(Value::Object(annotation.attributes.clone()))
        .map_err(|e| error(layer, annotation, e.to_string()))
}

/// A [`LayerError`] about `annotation`.
pub(crate) fn error(layer: &'static str, annotation: &Annotation, reason: String) -> LayerError {
    LayerError {
        layer,
        start: annotation.span.start,
        end: annotation.span.end,
        reason,
    }
}

/// Parses a label with `parse`, or fails with the layer's error.
pub(crate) fn parse_label<T>(
    layer: &'static str,
    annotation: &Annotation,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, LayerError> {
    parse(&annotation.label).ok_or_else(|| {
        error(
            layer,
            annotation,
            format!("unknown label `{}`", annotation.label),
        )
    })
}

/// A span as the record writes a nested one: `{"start", "end"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub(crate) struct SpanValue {
    start: usize,
    end: usize,
}

impl From<Span> for SpanValue {
    fn from(s: Span) -> Self {
        Self {
            start: s.start,
            end: s.end,
        }
    }
}

impl From<SpanValue> for Span {
    fn from(s: SpanValue) -> Self {
        Span::new(s.start, s.end)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes `item` as an annotation and reads it back.
    pub fn round_trip<T: LayerItem + PartialEq + std::fmt::Debug>(item: &T) {
        let annotation = item.to_annotation();
        let back = T::read(&annotation).expect("reads back");
        assert_eq!(&back, item);
    }

    #[test]
    fn label_keys_of_standard_and_other_layers() {
        assert_eq!(label_key("techniques"), "technique");
        assert_eq!(label_key("entities"), "type");
        assert_eq!(label_key("attributions"), "kind");
        assert_eq!(label_key("decisions"), "kind");
        assert_eq!(label_key("stances"), "polarity");
        assert_eq!(label_key("sentence_kinds"), "label");
        assert_eq!(label_key("custom"), "label");
        let names: Vec<_> = RECORD_LAYERS.iter().map(|l| l.name).collect();
        assert_eq!(
            names,
            [
                "techniques",
                "attributions",
                "entities",
                "stances",
                "decisions"
            ]
        );
    }

    #[test]
    fn items_skip_annotations_that_do_not_read() {
        let mut doc = Document::new("d", "France rejects the plan.");
        doc.layer_mut("stances")
            .push(Annotation::new(Span::new(0, 6), "not-a-polarity"));
        assert!(doc.has_layer::<Stance>());
        assert!(doc.items::<Stance>().is_empty());
        let err = Stance::read(&doc.layer("stances").unwrap().annotations[0]).unwrap_err();
        assert!(err.to_string().contains("stances"), "{err}");
        assert!(!doc.has_layer::<Decision>());
    }
}
