//! Article-level summaries read from the layers, shared by the text and
//! HTML reports: the table of actors (type, country, mentions, portrayal,
//! stances) and the decision verdicts.

use unspun_core::layers::{standard_layer, Decision, Entity, SentenceKindLabel, Stance};
use unspun_core::{Document, SourcingSummary};

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

/// Whether reports draw the annotations of layer `name` as marks in the
/// text (the other standard layers are shown as tables or sentence
/// shading; any layer that is not standard is drawn as marks).
pub fn shown_as_marks(name: &str) -> bool {
    standard_layer(name).is_none_or(|l| l.marks)
}

/// The actors of the `entities` layer, most mentioned first, with their
/// stances from the `stances` layer.
pub fn actors(doc: &Document) -> Vec<ActorRow> {
    let stances = doc.items::<Stance>();
    let mut rows: Vec<ActorRow> = doc
        .items::<Entity>()
        .into_iter()
        .map(|e| {
            // The same stance on the same issue, stated twice, shows once.
            let mut own_stances: Vec<(String, String)> = Vec::new();
            for s in stances
                .iter()
                .filter(|s| !e.id.is_empty() && s.holder == e.id)
            {
                let row = (s.polarity.as_str().to_string(), s.target.clone());
                if !own_stances.contains(&row) {
                    own_stances.push(row);
                }
            }
            ActorRow {
                name: if e.name.trim().is_empty() {
                    doc.slice(e.span).to_string()
                } else {
                    e.name
                },
                kind: e.kind.as_str().to_string(),
                country: e.country.filter(|c| !c.trim().is_empty()),
                mentions: e.mentions.len().max(1),
                portrayal: e.portrayal.map(|p| p.score),
                stances: own_stances,
                id: e.id,
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
    let or = |s: String, default: &str| {
        if s.trim().is_empty() {
            default.to_string()
        } else {
            s
        }
    };
    doc.items::<Decision>()
        .into_iter()
        .map(|d| DecisionRow {
            body: or(d.body, "(unnamed body)"),
            rule: d.rule,
            proposal: d.proposal,
            outcome: d.outcome,
            explanation: d.explanation,
        })
        .collect()
}

/// The article's sourcing summary, if the sourcing stage ran.
pub fn sourcing(doc: &Document) -> Option<&SourcingSummary> {
    doc.summary.sourcing.as_ref()
}

/// The kind of each sentence (`reported`, `editorial`, `neutral`) from the
/// `sentence_kinds` layer, by sentence index; `None` where unknown.
pub fn sentence_kinds(doc: &Document) -> Vec<Option<&'static str>> {
    let mut kinds = vec![None; doc.sentences.len()];
    for label in doc.items::<SentenceKindLabel>() {
        if let Ok(i) = doc
            .sentences
            .binary_search_by_key(&label.span.start, |s| s.span.start)
        {
            kinds[i] = Some(label.kind.as_str());
        }
    }
    kinds
}

/// The stages that were skipped on the document, with why, for a reader:
/// `("techniques", "language pt")`.
pub fn skipped_stages(doc: &Document) -> Vec<(&str, &str)> {
    doc.stage_runs
        .iter()
        .filter_map(|r| Some((r.stage.as_str(), r.skipped()?)))
        .collect()
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
    use unspun_core::layers::{EntityKind, Polarity, SentenceKind, SourceKind};
    use unspun_core::summary::{SentenceCounts, SourceEntry};
    use unspun_core::{Span, StageRun, StageStatus};

    fn entity(
        start: usize,
        end: usize,
        id: &str,
        name: &str,
        mentions: usize,
        score: f64,
    ) -> Entity {
        Entity {
            span: Span::new(start, end),
            kind: EntityKind::Country,
            id: id.into(),
            name: name.into(),
            country: Some(name.into()),
            mentions: vec![Span::new(start, end); mentions],
            portrayal: Some(unspun_core::layers::Portrayal {
                score,
                outlet: None,
                quoted: None,
                evidence: Vec::new(),
            }),
            explanation: None,
        }
    }

    fn doc() -> Document {
        let mut doc = Document::new(
            "d",
            "France opposes the office. Macron said no. Japan backs it.",
        );
        doc.set_items(&[
            entity(0, 6, "e1", "France", 1, -0.3),
            entity(42, 47, "e2", "Japan", 3, 0.4),
        ]);
        let stance = Stance {
            span: Span::new(0, 25),
            polarity: Polarity::Oppose,
            holder: "e1".into(),
            holder_name: "France".into(),
            target: "the office".into(),
            cue: "opposes".into(),
            main_issue: true,
        };
        // "Macron said no": the same stance again, from another sentence.
        let again = Stance {
            span: Span::new(27, 42),
            cue: "said no".into(),
            ..stance.clone()
        };
        doc.set_items(&[stance, again]);
        doc.set_items(&[Decision {
            span: Span::new(0, 25),
            outcome: "blocked".into(),
            explanation: "blocked: France opposes".into(),
            body: "North Atlantic Council".into(),
            rule: "consensus".into(),
            proposal: "the office".into(),
            source: String::new(),
        }]);
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
        doc.set_items(&[SentenceKindLabel {
            span: Span::new(22, 32),
            kind: SentenceKind::Editorial,
            confidence: Some(0.8),
            attribution: None,
        }]);
        assert!(sourcing(&doc).is_none());
        doc.summary.sourcing = Some(SourcingSummary {
            overview: "50% editorial".into(),
            editorial_share: 0.5,
            sentences: SentenceCounts {
                reported: 1,
                editorial: 1,
                neutral: 0,
            },
            sources_by_kind: [("vague".to_string(), 1)].into(),
            sources: vec![SourceEntry {
                name: "Analysts".into(),
                kind: SourceKind::Vague,
                attributions: vec![0],
                said: vec!["of war".into()],
            }],
        });
        assert_eq!(sentence_kinds(&doc), vec![None, Some("editorial")]);
        let summary = sourcing(&doc).unwrap();
        assert_eq!(summary.overview, "50% editorial");
        assert_eq!(summary.sources[0].kind, SourceKind::Vague);
        assert_eq!(summary.sources[0].said, vec!["of war"]);
    }

    #[test]
    fn marks_and_skipped_stages() {
        assert!(shown_as_marks("techniques"));
        assert!(shown_as_marks("custom"));
        assert!(!shown_as_marks("sentence_kinds"));
        let mut doc = Document::new("e", "x");
        doc.stage_runs = vec![
            StageRun {
                stage: "segment".into(),
                status: StageStatus::Done,
            },
            StageRun {
                stage: "techniques".into(),
                status: StageStatus::Skipped {
                    reason: "language pt".into(),
                },
            },
        ];
        assert_eq!(skipped_stages(&doc), vec![("techniques", "language pt")]);
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
