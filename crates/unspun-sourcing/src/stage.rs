//! The `sourcing` pipeline stage: the `attributions` layer (one item per
//! attribution), the `sentence_kinds` layer (one per sentence: reported,
//! editorial or neutral) and the article's sourcing summary.

use std::collections::BTreeMap;

use unspun_core::layers::{self, AttributionSource, SentenceKindLabel, TextSpan};
use unspun_core::stages::names;
use unspun_core::summary::{SentenceCounts, SourceEntry, SourcingSummary};
use unspun_core::{AnalyzeError, Analyzer, Document, Languages, Span};
use unspun_encoder::TrunkStates;

use crate::accurate::{input, sentence_vectors, AccurateModel};
use crate::extract::Attribution;
use crate::subjectivity::{features, modal_verdict, Model};
use crate::tagger::Extractor;
use crate::tagger::{neural_log_probs, NeuralTagger};
use crate::SourceKind;

/// Kinds of sentence: the typed label of the `sentence_kinds` layer,
/// defined in the core with the layer.
pub use unspun_core::layers::SentenceKind;

/// The kind of one sentence, with the attribution it reports and the
/// model's probability that it is subjective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceLabel {
    /// The kind.
    pub kind: SentenceKind,
    /// Index of the attribution (in the extractor's output) it reports.
    pub attribution: Option<usize>,
    /// Probability that the sentence is the author's own opinion.
    pub subjectivity: f32,
}

/// True for "I", "we" and the like: the author as source.
pub fn is_first_person(source: &str) -> bool {
    matches!(
        source.to_lowercase().as_str(),
        "i" | "we" | "us" | "me" | "this writer" | "this reporter"
    )
}

/// Probability above which an unattributed sentence is editorial when the
/// model names no threshold of its own.
pub const EDITORIAL_THRESHOLD: f32 = 0.5;

/// The attribution whose content makes up most of sentence `si` (at least
/// 40% of its characters), skipping first-person sources ("I think …" is
/// the author speaking): the sentence's main claim is then attributed.
pub fn main_attribution(doc: &Document, si: usize, atts: &[Attribution]) -> Option<usize> {
    best_of(doc, si, atts, 0..atts.len())
}

/// [`main_attribution`] among the attributions `candidates`.
fn best_of(
    doc: &Document,
    si: usize,
    atts: &[Attribution],
    candidates: impl IntoIterator<Item = usize>,
) -> Option<usize> {
    let s = doc.sentences.get(si)?;
    let covered = |a: &Attribution| {
        a.content
            .iter()
            .map(|c| {
                c.end
                    .min(s.span.end)
                    .saturating_sub(c.start.max(s.span.start))
            })
            .sum::<usize>()
    };
    candidates
        .into_iter()
        .map(|i| (i, &atts[i]))
        .filter(|(_, a)| !a.source.is_some_and(|src| is_first_person(doc.slice(src))))
        .map(|(i, a)| (i, covered(a)))
        .filter(|&(_, c)| 5 * c >= 2 * s.span.len().max(1))
        .max_by_key(|&(i, c)| (c, std::cmp::Reverse(i)))
        .map(|(i, _)| i)
}

/// Labels every sentence of a document given its attributions.
pub fn sentence_kinds(doc: &Document, atts: &[Attribution], model: &Model) -> Vec<SentenceLabel> {
    sentence_kinds_with(doc, atts, model, None)
}

/// [`sentence_kinds`] with the accurate model: its head and each
/// sentence's pooled trunk vector ([`crate::accurate::sentence_vectors`]).
pub fn sentence_kinds_with(
    doc: &Document,
    atts: &[Attribution],
    model: &Model,
    accurate: Option<(&AccurateModel, &[Option<Vec<f32>>])>,
) -> Vec<SentenceLabel> {
    // The sentences each content fragment touches (sentences are in text
    // order), so that long documents stay linear.
    let mut touching: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
    for (i, a) in atts.iter().enumerate() {
        for c in &a.content {
            let first = doc.sentences.partition_point(|s| s.span.end <= c.start);
            let last = doc.sentences.partition_point(|s| s.span.start < c.end);
            for list in touching.iter_mut().take(last).skip(first) {
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    (0..doc.sentences.len())
        .map(|si| {
            let attribution = best_of(doc, si, atts, touching[si].iter().copied());
            let fast = model.probability(&features(
                doc.slice(doc.sentences[si].span),
                attribution.is_some(),
            ));
            let (p, threshold) = match accurate {
                Some((head, vectors)) => {
                    let pooled = vectors.get(si).and_then(|v| v.as_deref());
                    (head.probability(&input(pooled, fast)), head.threshold)
                }
                None => (fast, model.decision_threshold()),
            };
            // A prescription or prediction in the outlet's own voice is
            // editorial (75 % of such sentences are on CheckThat! train).
            let p = if attribution.is_none() && modal_verdict(doc.slice(doc.sentences[si].span)) {
                p.max(0.75)
            } else {
                p
            };
            let kind = if attribution.is_some() {
                SentenceKind::Reported
            } else if p >= threshold {
                SentenceKind::Editorial
            } else {
                SentenceKind::Neutral
            };
            SentenceLabel {
                kind,
                attribution,
                subjectivity: p,
            }
        })
        .collect()
}

fn text_span(doc: &Document, span: Span) -> TextSpan {
    TextSpan {
        text: doc.slice(span).to_string(),
        start: span.start,
        end: span.end,
    }
}

/// The `attributions` item of one attribution.
pub fn attribution_item(doc: &Document, a: &Attribution) -> layers::Attribution {
    let content = a.content_span();
    let mut all = vec![a.cue, content];
    all.extend(a.source);
    let span = Span::new(
        all.iter().map(|s| s.start).min().unwrap_or(0),
        all.iter().map(|s| s.end).max().unwrap_or(0),
    );
    // A participle's speaker is known but not written next to the cue: the
    // source then has kind and entity but no span.
    // The reader sees the source without the comma that PolNeAR keeps
    // after an appositive.
    let trimmed = a.source.map(|s| {
        let text = doc.slice(s);
        let kept = text.trim_end_matches([',', ' ']).chars().count();
        Span::new(s.start, s.start + kept)
    });
    let source = AttributionSource {
        text: trimmed.map(|s| doc.slice(s).to_string()),
        start: trimmed.map(|s| s.start),
        end: trimmed.map(|s| s.end),
        kind: a.kind,
        entity: a.entity.clone(),
    };
    let who = a
        .entity
        .clone()
        .or_else(|| a.source.map(|s| doc.slice(s).to_string()))
        .unwrap_or_else(|| "an unnamed source".into());
    layers::Attribution {
        span,
        kind: a.kind,
        confidence: a.confidence,
        explanation: Some(format!(
            "{}: {} ({} source, cue “{}”)",
            if a.direct { "Quoted" } else { "Cited" },
            who,
            a.kind.as_str(),
            doc.slice(a.cue)
        )),
        source,
        cue: text_span(doc, a.cue),
        content: text_span(doc, content),
        content_parts: if a.content.len() > 1 {
            a.content.iter().map(|c| text_span(doc, *c)).collect()
        } else {
            Vec::new()
        },
        direct: a.direct,
    }
}

/// The article's sourcing summary: share of editorial sentences, sources by
/// kind, and each source with what it said.
pub fn sourcing_summary(
    doc: &Document,
    atts: &[Attribution],
    kinds: &[SentenceLabel],
) -> SourcingSummary {
    let count = |k: SentenceKind| kinds.iter().filter(|l| l.kind == k).count();
    let sentences = SentenceCounts {
        reported: count(SentenceKind::Reported),
        editorial: count(SentenceKind::Editorial),
        neutral: count(SentenceKind::Neutral),
    };
    let share = if kinds.is_empty() {
        0.0
    } else {
        sentences.editorial as f64 / kinds.len() as f64
    };
    // Sources in order of first mention, merged by entity (or by text).
    let mut sources: Vec<SourceEntry> = Vec::new();
    for (i, a) in atts.iter().enumerate() {
        let name = a
            .entity
            .clone()
            .or_else(|| a.source.map(|s| doc.slice(s).to_string()))
            .unwrap_or_else(|| "(no source given)".into());
        let key = name.to_lowercase();
        let said = doc.slice(a.content_span()).to_string();
        match sources.iter_mut().find(|e| e.name.to_lowercase() == key) {
            Some(entry) => {
                entry.attributions.push(i);
                entry.said.push(said);
            }
            None => sources.push(SourceEntry {
                name,
                kind: a.kind,
                attributions: vec![i],
                said: vec![said],
            }),
        }
    }
    let mut by_kind = BTreeMap::new();
    for kind in SourceKind::ALL {
        let n = sources.iter().filter(|e| e.kind == kind).count();
        if n > 0 {
            by_kind.insert(kind.as_str().to_string(), n);
        }
    }
    let kinds_text = by_kind
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    SourcingSummary {
        overview: format!(
            "{:.0}% of sentences are the outlet's own judgement ({} of {}); {} sources{}",
            share * 100.0,
            sentences.editorial,
            kinds.len(),
            sources.len(),
            if kinds_text.is_empty() {
                String::new()
            } else {
                format!(": {kinds_text}")
            }
        ),
        editorial_share: share,
        sentences,
        sources_by_kind: by_kind,
        sources,
    }
}

/// Finds attributions and sentence kinds.
///
/// When the `encoder` stage has put the shared trunk's states in the
/// document ([`unspun_encoder::TrunkStates`]), the sentence kinds come from
/// the accurate subjectivity model ([`crate::accurate`]); otherwise from the
/// fast one. The stage never runs the trunk itself.
pub struct SourcingStage {
    extractor: Extractor,
    model: Model,
    accurate: Option<AccurateModel>,
    needs_encoder: bool,
}

impl SourcingStage {
    /// The stage with the embedded cue list, attribution tagger and
    /// subjectivity model.
    pub fn embedded() -> Self {
        Self {
            extractor: Extractor::embedded(),
            model: Model::embedded(),
            accurate: AccurateModel::embedded().ok(),
            needs_encoder: false,
        }
    }

    /// The same stage asking for the `encoder` stage to run first, so that
    /// sentence kinds come from the accurate subjectivity head (the
    /// accurate tier).
    pub fn with_encoder(self) -> Self {
        Self {
            needs_encoder: true,
            ..self
        }
    }

    /// The stage with the given extractor and the embedded subjectivity
    /// model.
    pub fn with_extractor(extractor: Extractor) -> Self {
        Self {
            extractor,
            model: Model::embedded(),
            accurate: AccurateModel::embedded().ok(),
            needs_encoder: false,
        }
    }
}

impl Analyzer for SourcingStage {
    fn name(&self) -> &'static str {
        names::SOURCING
    }
    fn description(&self) -> &'static str {
        "attributions (source, cue, content, source kind) and sentence kinds (reported, editorial, neutral)"
    }
    fn requires(&self) -> &'static [&'static str] {
        if self.needs_encoder {
            &[names::SEGMENT, names::LANGUAGE, names::ENCODER]
        } else {
            &[names::SEGMENT, names::LANGUAGE]
        }
    }
    fn languages(&self) -> Languages {
        Languages::ENGLISH
    }
    fn analyze(&self, doc: &mut Document) -> Result<(), AnalyzeError> {
        // Accurate tier: the attribution tower reads the shared trunk's
        // states, put in the document's extensions by the `encoder` stage.
        let neural = match doc.extensions.get::<TrunkStates>() {
            Some(states) => {
                let fail = |e: String| AnalyzeError::new(names::SOURCING, e);
                let tower = NeuralTagger::shared().map_err(fail)?;
                Some((
                    neural_log_probs(tower, states, doc).map_err(fail)?,
                    tower.settings.linear_weight,
                ))
            }
            None => None,
        };
        let mut atts = self
            .extractor
            .extract_with(doc, neural.as_ref().map(|(lp, w)| (lp.as_slice(), *w)));
        // Text order of the whole relation, the order of the layer.
        atts.sort_by_key(|a| {
            let c = a.content_span();
            let start = a
                .source
                .map_or(c.start, |s| s.start)
                .min(c.start)
                .min(a.cue.start);
            (start, a.cue.start)
        });
        // The shared trunk's states travel in the document's extensions,
        // put there by the `encoder` stage (accurate tier only).
        let vectors = match (&self.accurate, doc.extensions.get::<TrunkStates>()) {
            (Some(_), Some(states)) => sentence_vectors(states, doc.sentences.len()).ok(),
            _ => None,
        };
        let accurate = self.accurate.as_ref().zip(vectors.as_deref());
        let kinds = sentence_kinds_with(doc, &atts, &self.model, accurate);
        let items: Vec<layers::Attribution> =
            atts.iter().map(|a| attribution_item(doc, a)).collect();
        let labels: Vec<SentenceKindLabel> = doc
            .sentences
            .iter()
            .zip(&kinds)
            .map(|(s, k)| SentenceKindLabel {
                span: s.span,
                kind: k.kind,
                confidence: Some(if k.kind == SentenceKind::Editorial {
                    k.subjectivity
                } else {
                    1.0 - k.subjectivity
                }),
                attribution: k.attribution,
            })
            .collect();
        // The layer keeps the extractor's order so that `attribution`
        // indices point into it.
        doc.set_items(&items);
        doc.set_items(&labels);
        doc.summary.sourcing = Some(sourcing_summary(doc, &atts, &kinds));
        Ok(())
    }
}
