//! The JSON record of an analysed document (schema `docs/SCHEMA.md`,
//! `docs/unspun.schema.json`), and the error record of an input that failed.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use unspun_core::layers::{
    Attribution, Decision, Entity, LayerItem, SentenceKindLabel, Stance, Technique, RECORD_LAYERS,
};
use unspun_core::{Annotation, ArticleSummary, Dateline, Document, Layer, StageRun, TokenKind};

/// The key under which a layer's annotation label is written (defined with
/// each standard layer in the core).
pub use unspun_core::layers::label_key;

/// Version of the JSON record layout. Minor versions only add fields; 2.0
/// moved the sourcing summary from `layers.sourcing_summary` to
/// `summary.sourcing` and added `stages` and `summary` (docs/SCHEMA.md).
pub const SCHEMA_VERSION: &str = "2.0";

/// What to include beyond the fixed fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions {
    /// Include every token (large: about one entry per word).
    pub tokens: bool,
}

/// The serialisable view of one analysed document.
#[derive(Serialize)]
pub struct Record<'a> {
    schema_version: &'static str,
    document: DocumentRecord<'a>,
    warnings: &'a [String],
    stages: &'a [StageRun],
    paragraphs: Vec<SpanRecord>,
    sentences: Vec<SentenceRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenRecord>>,
    techniques: LayerRecord<'a>,
    attributions: LayerRecord<'a>,
    entities: LayerRecord<'a>,
    stances: LayerRecord<'a>,
    decisions: LayerRecord<'a>,
    summary: &'a ArticleSummary,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    layers: BTreeMap<&'a str, LayerRecord<'a>>,
}

#[derive(Serialize)]
struct DocumentRecord<'a> {
    id: &'a str,
    source: Option<&'a str>,
    title: Option<&'a str>,
    text: &'a str,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    authors: &'a [String],
    published: Option<&'a str>,
    dateline: Option<&'a Dateline>,
    language: Option<&'a str>,
}

#[derive(Serialize)]
struct SpanRecord {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SentenceRecord {
    start: usize,
    end: usize,
    paragraph: usize,
    /// `reported`, `editorial` or `neutral`, from the `sentence_kinds`
    /// layer (absent when that layer did not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    /// Index into `attributions` of the attribution the sentence reports
    /// (`null` when none; absent when `sentence_kinds` did not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct TokenRecord {
    start: usize,
    end: usize,
    kind: TokenKind,
}

/// A layer written as a list of annotation objects; empty when the layer
/// did not run or found nothing.
struct LayerRecord<'a> {
    name: &'a str,
    annotations: &'a [Annotation],
}

impl Serialize for LayerRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = label_key(self.name);
        let mut seq = serializer.serialize_seq(Some(self.annotations.len()))?;
        for annotation in self.annotations {
            seq.serialize_element(&AnnotationRecord { key, annotation })?;
        }
        seq.end()
    }
}

struct AnnotationRecord<'a> {
    key: &'static str,
    annotation: &'a Annotation,
}

impl Serialize for AnnotationRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let a = self.annotation;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("start", &a.span.start)?;
        map.serialize_entry("end", &a.span.end)?;
        map.serialize_entry(self.key, &a.label)?;
        if let Some(c) = a.confidence {
            map.serialize_entry("confidence", &c)?;
        }
        if let Some(e) = &a.explanation {
            map.serialize_entry("explanation", e)?;
        }
        for (k, v) in &a.attributes {
            if !matches!(k.as_str(), "start" | "end" | "confidence" | "explanation")
                && k != self.key
            {
                map.serialize_entry(k, v)?;
            }
        }
        map.end()
    }
}

const EMPTY: &[Annotation] = &[];

impl<'a> Record<'a> {
    /// Builds the record of `doc`.
    pub fn new(doc: &'a Document, options: RecordOptions) -> Self {
        let layer = |name: &'a str| LayerRecord {
            name,
            annotations: doc.layer(name).map_or(EMPTY, |l: &Layer| &l.annotations),
        };
        let meta = &doc.meta;
        // One `sentence_kinds` item per sentence, in order.
        let kinds = doc.items::<SentenceKindLabel>();
        Record {
            schema_version: SCHEMA_VERSION,
            document: DocumentRecord {
                id: &doc.id,
                source: doc.source.as_deref(),
                title: meta.title.as_deref(),
                text: doc.text(),
                url: meta.url.as_deref(),
                outlet: meta.outlet.as_deref(),
                authors: &meta.authors,
                published: meta.published.as_deref(),
                dateline: meta.dateline.as_ref(),
                language: meta.language.as_deref(),
            },
            warnings: &doc.warnings,
            stages: &doc.stage_runs,
            paragraphs: doc
                .paragraphs
                .iter()
                .map(|p| SpanRecord {
                    start: p.span.start,
                    end: p.span.end,
                })
                .collect(),
            sentences: doc
                .sentences
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let kind = kinds.get(i).filter(|k| k.span == s.span);
                    SentenceRecord {
                        start: s.span.start,
                        end: s.span.end,
                        paragraph: s.paragraph,
                        kind: kind.map(|k| k.kind.as_str().to_string()),
                        attribution: kind.map(|k| serde_json::json!(k.attribution)),
                    }
                })
                .collect(),
            tokens: options.tokens.then(|| {
                doc.tokens
                    .iter()
                    .map(|t| TokenRecord {
                        start: t.span.start,
                        end: t.span.end,
                        kind: t.kind,
                    })
                    .collect()
            }),
            techniques: layer(Technique::LAYER),
            attributions: layer(Attribution::LAYER),
            entities: layer(Entity::LAYER),
            stances: layer(Stance::LAYER),
            decisions: layer(Decision::LAYER),
            summary: &doc.summary,
            layers: doc
                .layers
                .iter()
                .filter(|l| !RECORD_LAYERS.iter().any(|r| r.name == l.name))
                .map(|l| {
                    (
                        l.name.as_str(),
                        LayerRecord {
                            name: &l.name,
                            annotations: &l.annotations,
                        },
                    )
                })
                .collect(),
        }
    }
}

/// The record of `doc` as one line of JSON (for JSON Lines).
pub fn to_json_line(doc: &Document, options: RecordOptions) -> String {
    serde_json::to_string(&Record::new(doc, options)).expect("records always serialise")
}

/// The record of `doc` as indented JSON.
pub fn to_json_pretty(doc: &Document, options: RecordOptions) -> String {
    serde_json::to_string_pretty(&Record::new(doc, options)).expect("records always serialise")
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    schema_version: &'static str,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    source: &'a str,
    message: &'a str,
}

/// The record of an input that could not be analysed:
/// `{"schema_version": …, "error": {"source": …, "message": …}}`.
pub fn error_record(source: &str, message: &str, pretty: bool) -> String {
    let record = ErrorRecord {
        schema_version: SCHEMA_VERSION,
        error: ErrorBody { source, message },
    };
    if pretty {
        serde_json::to_string_pretty(&record).expect("records always serialise")
    } else {
        serde_json::to_string(&record).expect("records always serialise")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use unspun_core::{Paragraph, Sentence, Span};

    fn sample() -> Document {
        let mut doc = Document::new("article7", "“Pawn” — 東京\n\nSecond.");
        doc.meta.title = Some("“Pawn” — 東京".into());
        doc.paragraphs = vec![
            Paragraph {
                span: Span::new(0, 11),
            },
            Paragraph {
                span: Span::new(13, 20),
            },
        ];
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, 11),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
            Sentence {
                span: Span::new(13, 20),
                paragraph: 1,
                first_token: 0,
                end_token: 0,
            },
        ];
        doc.layer_mut("techniques").push(
            Annotation::new(Span::new(1, 5), "Name_Calling,Labeling")
                .with_confidence(0.75)
                .with_explanation("a label"),
        );
        doc.layer_mut("custom")
            .push(Annotation::new(Span::new(9, 11), "place").with_attribute("country", "Japan"));
        doc
    }

    #[test]
    fn record_has_fixed_fields() {
        let v: Value =
            serde_json::from_str(&to_json_line(&sample(), RecordOptions::default())).unwrap();
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        assert_eq!(v["document"]["id"], "article7");
        assert_eq!(v["document"]["authors"], serde_json::json!([]));
        assert!(v["document"]["published"].is_null());
        for layer in RECORD_LAYERS {
            assert!(v[layer.name].is_array(), "{}", layer.name);
        }
        assert_eq!(v["stages"], serde_json::json!([]));
        assert_eq!(
            v["summary"],
            serde_json::json!({"issues": [], "sourcing": null})
        );
        assert_eq!(
            v["sentences"][1],
            serde_json::json!({"start": 13, "end": 20, "paragraph": 1})
        );
        assert!(v.get("tokens").is_none());
        let t = &v["techniques"][0];
        assert_eq!(t["technique"], "Name_Calling,Labeling");
        assert_eq!((t["start"].as_u64(), t["end"].as_u64()), (Some(1), Some(5)));
        assert_eq!(t["confidence"], 0.75);
        assert_eq!(v["layers"]["custom"][0]["country"], "Japan");
        assert_eq!(v["layers"]["custom"][0]["label"], "place");
    }

    #[test]
    fn spans_index_code_points_of_text() {
        let v: Value =
            serde_json::from_str(&to_json_pretty(&sample(), RecordOptions { tokens: true }))
                .unwrap();
        let text: Vec<char> = v["document"]["text"].as_str().unwrap().chars().collect();
        let t = &v["techniques"][0];
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text[s..e].iter().collect::<String>(), "Pawn");
        assert!(v["tokens"].is_array());
    }

    #[test]
    fn error_record_shape() {
        let v: Value = serde_json::from_str(&error_record("a.txt", "empty input", false)).unwrap();
        assert_eq!(v["error"]["source"], "a.txt");
        assert_eq!(v["error"]["message"], "empty input");
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
    }
}
