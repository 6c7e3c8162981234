//! Article-level summaries read from the layers, shared by the text and
//! HTML reports: the table of actors (type, country, mentions, portrayal,
//! stances) and the decision verdicts.

use serde_json::Value;
use unspun_core::{Annotation, Document};

/// One actor as the reports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorRow {
    /// Entity id (`e1`), as stances refer to it.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// Entity type (`person`, `organisation`, `country`, …).
    pub kind: String,
    /// Country the actor belongs to, when known.
    pub country: Option<String>,
    /// Number of mentions in the article.
    pub mentions: usize,
    /// Portrayal score in −1…+1, when the portrayal analyser ran.
    pub portrayal: Option<f64>,
    /// The actor's stances: (polarity, target).
    pub stances: Vec<(String, String)>,
}

/// One decision verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    /// The deciding body ("North Atlantic Council").
    pub body: String,
    /// Its rule ("consensus").
    pub rule: String,
    /// The proposal decided on.
    pub proposal: String,
    /// The outcome the stances imply ("blocked").
    pub outcome: String,
    /// Why, in words.
    pub explanation: String,
}

/// Layers that the reports show as summaries (tables, sentence shading)
/// rather than as marks in the text.
pub const SUMMARY_LAYERS: &[&str] = &["sentence_kinds", "sourcing_summary"];

fn text_of(a: &Annotation, key: &str) -> Option<String> {
    match a.attributes.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// The actors of the `entities` layer, most mentioned first, with their
/// stances from the `stances` layer.
pub fn actors(doc: &Document) -> Vec<ActorRow> {
    let Some(entities) = doc.layer("entities") else {
        return Vec::new();
    };
    let stances = doc.layer("stances").map_or(&[][..], |l| &l.annotations[..]);
    let mut rows: Vec<ActorRow> = entities
        .annotations
        .iter()
        .map(|a| {
            let id = text_of(a, "id").unwrap_or_default();
            let mentions = match a.attributes.get("mentions") {
                Some(Value::Array(m)) => m.len().max(1),
                _ => 1,
            };
            let portrayal = a
                .attributes
                .get("portrayal")
                .and_then(|p| p.get("score"))
                .and_then(Value::as_f64);
            let own_stances = stances
                .iter()
                .filter(|s| !id.is_empty() && text_of(s, "holder").as_deref() == Some(id.as_str()))
                .map(|s| (s.label.clone(), text_of(s, "target").unwrap_or_default()))
                .collect();
            ActorRow {
                name: text_of(a, "name").unwrap_or_else(|| doc.slice(a.span).to_string()),
                kind: a.label.clone(),
                country: text_of(a, "country"),
                mentions,
                portrayal,
                stances: own_stances,
                id,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// The verdicts of the `decisions` layer.
pub fn decisions(doc: &Document) -> Vec<DecisionRow> {
    let Some(layer) = doc.layer("decisions") else {
        return Vec::new();
    };
    layer
        .annotations
        .iter()
        .map(|a| DecisionRow {
            body: text_of(a, "body").unwrap_or_else(|| "(unnamed body)".into()),
            rule: text_of(a, "rule").unwrap_or_default(),
            proposal: text_of(a, "proposal").unwrap_or_default(),
            outcome: text_of(a, "outcome").unwrap_or_else(|| a.label.clone()),
            explanation: a.explanation.clone().unwrap_or_default(),
        })
        .collect()
}

/// One source of the article and what it said.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// The source as named ("Hirokazu Matsuno", "Analysts").
    pub name: String,
    /// Its kind (`person`, `official`, `media`, `anonymous`, `vague`, …).
    pub kind: String,
    /// What it said, one entry per attribution.
    pub said: Vec<String>,
}

/// The sourcing summary of the article.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcingSummary {
    /// One sentence: share of editorial sentences and sources by kind.
    pub overview: String,
    /// Every source with what it said.
    pub sources: Vec<SourceRow>,
}

/// The sourcing summary from the `sourcing_summary` layer, if it ran.
pub fn sourcing(doc: &Document) -> Option<SourcingSummary> {
    let a = doc.layer("sourcing_summary")?.annotations.first()?;
    let sources = match a.attributes.get("sources") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| SourceRow {
                name: item
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string(),
                kind: item
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                said: match item.get("said") {
                    Some(Value::Array(said)) => said
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(SourcingSummary {
        overview: a.explanation.clone().unwrap_or_default(),
        sources,
    })
}

/// The kind of each sentence (`reported`, `editorial`, `neutral`) from the
/// `sentence_kinds` layer, by sentence index; `None` where unknown.
pub fn sentence_kinds(doc: &Document) -> Vec<Option<&str>> {
    let mut kinds = vec![None; doc.sentences.len()];
    if let Some(layer) = doc.layer("sentence_kinds") {
        for a in &layer.annotations {
            if let Ok(i) = doc
                .sentences
                .binary_search_by_key(&a.span.start, |s| s.span.start)
            {
                kinds[i] = Some(a.label.as_str());
            }
        }
    }
    kinds
}

/// A portrayal score as a signed number with a word ("−0.12 negative").
pub fn portrayal_words(score: f64) -> String {
    let word = if score <= -0.1 {
        "negative"
    } else if score >= 0.1 {
        "positive"
    } else {
        "neutral"
    };
    // Round first so that a tiny negative score does not print as "-0.00".
    let rounded = (score * 100.0).round() / 100.0 + 0.0;
    format!("{rounded:+.2} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use unspun_core::Span;

    fn doc() -> Document {
        let mut doc = Document::new(
            "d",
            "France opposes the office. Macron said no. Japan backs it.",
        );
        let entity =
            |start, end, label: &str, id: &str, name: &str, mentions: usize, score: f64| {
                let mut a = Annotation::new(Span::new(start, end), label)
                    .with_attribute("id", id)
                    .with_attribute("name", name)
                    .with_attribute(
                        "mentions",
                        json!(vec![json!({"start": start, "end": end}); mentions]),
                    )
                    .with_attribute("portrayal", json!({"score": score}));
                a.attributes.insert("country".into(), json!(name));
                a
            };
        doc.layer_mut("entities")
            .push(entity(0, 6, "country", "e1", "France", 1, -0.3));
        doc.layer_mut("entities")
            .push(entity(42, 47, "country", "e2", "Japan", 3, 0.4));
        doc.layer_mut("stances").push(
            Annotation::new(Span::new(0, 25), "oppose")
                .with_attribute("holder", "e1")
                .with_attribute("target", "the office"),
        );
        doc.layer_mut("decisions").push(
            Annotation::new(Span::new(0, 25), "blocked")
                .with_explanation("blocked: France opposes")
                .with_attribute("body", "North Atlantic Council")
                .with_attribute("rule", "consensus")
                .with_attribute("proposal", "the office")
                .with_attribute("outcome", "blocked"),
        );
        doc
    }

    #[test]
    fn actors_sorted_with_stances() {
        let rows = actors(&doc());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Japan");
        assert_eq!(rows[0].mentions, 3);
        assert!(rows[0].stances.is_empty());
        assert_eq!(
            rows[1].stances,
            vec![("oppose".to_string(), "the office".to_string())]
        );
        assert_eq!(rows[1].portrayal, Some(-0.3));
    }

    #[test]
    fn decisions_read() {
        let rows = decisions(&doc());
        assert_eq!(rows[0].body, "North Atlantic Council");
        assert_eq!(rows[0].outcome, "blocked");
        assert_eq!(rows[0].explanation, "blocked: France opposes");
    }

    #[test]
    fn sourcing_summary_and_kinds() {
        let mut doc = Document::new("d", "Analysts warn of war. It is bad.");
        doc.sentences = vec![
            unspun_core::Sentence {
                span: Span::new(0, 21),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
            unspun_core::Sentence {
                span: Span::new(22, 32),
                paragraph: 0,
                first_token: 0,
                end_token: 0,
            },
        ];
        doc.layer_mut("sentence_kinds")
            .push(Annotation::new(Span::new(22, 32), "editorial"));
        doc.layer_mut("sourcing_summary").push(
            Annotation::new(Span::new(0, 0), "summary")
                .with_explanation("50% editorial")
                .with_attribute(
                    "sources",
                    json!([{"name": "Analysts", "kind": "vague", "said": ["of war"]}]),
                ),
        );
        assert_eq!(sentence_kinds(&doc), vec![None, Some("editorial")]);
        let summary = sourcing(&doc).unwrap();
        assert_eq!(summary.overview, "50% editorial");
        assert_eq!(summary.sources[0].kind, "vague");
        assert_eq!(summary.sources[0].said, vec!["of war"]);
        assert!(sourcing(&Document::new("e", "x")).is_none());
    }

    #[test]
    fn nothing_without_layers() {
        let empty = Document::new("e", "text");
        assert!(actors(&empty).is_empty());
        assert!(decisions(&empty).is_empty());
        assert_eq!(portrayal_words(-0.12), "-0.12 negative");
        assert_eq!(portrayal_words(0.05), "+0.05 neutral");
    }
}
