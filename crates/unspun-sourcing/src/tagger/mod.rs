//! The learned attribution tagger: every token of a paragraph gets one of
//! seven BIO tags (source, cue, content or none; PolNeAR gives each token at
//! most one role), from a linear-chain model over hashed features trained
//! as an averaged structured perceptron and decoded by Viterbi under the
//! BIO constraints. The rule-based extractor's output is one of the feature
//! groups (the role the rules give the token and its neighbours), with the
//! words, shapes, quote state, cue-list shares and distances to the nearest
//! cue word. Relations are then assembled: every cue takes the nearest
//! source chunk and the content chunks that lie nearest to it.

pub mod confidence;
mod decode;
mod features;
mod model;
pub mod neural;
pub mod neural_train;
mod train;

use unspun_core::Document;
use unspun_learn::ModelFile;

use crate::extract::agent::agents_only;
use crate::extract::{doc_tokens, extract_tokens, resolve_sources, Attribution, CueLexicon};
use decode::{assemble, merge};
use features::Facts;

pub use decode::oracle;
pub use model::Tagger;
pub use neural::{NeuralSettings, NeuralTagger, TokenLogProbs};
pub use train::{gold_tags, train, TrainDoc, TrainOptions};

/// The tags, in model order.
pub const LABELS: [&str; 7] = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"];
const L: usize = LABELS.len();
const SRC: usize = 1;
const CUE: usize = 3;
const CON: usize = 5;

/// The role (`SRC`, `CUE`, `CON`) of a tag, 0 for `O`.
fn role(tag: usize) -> usize {
    if tag == 0 {
        0
    } else {
        tag - usize::from(tag % 2 == 0)
    }
}

/// The attribution extractor: the learned tagger when there is one, the
/// rules otherwise.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// The cue list the rules and the features use.
    pub lexicon: CueLexicon,
    /// The tagger (none: rules only).
    pub tagger: Option<Tagger>,
}

/// The tagger trained by `unspun-dev train attribution`, embedded in the
/// binary.
pub static TAGGER_MODEL: ModelFile = unspun_learn::embed_model!("attribution-tagger.bin");

impl Extractor {
    /// The shipped cue list and tagger (embedded, or the files in
    /// `$UNSPUN_MODELS`; rules only when the tagger is unreadable).
    pub fn embedded() -> Self {
        let tagger = TAGGER_MODEL.load().ok();
        Self {
            lexicon: CueLexicon::builtin(),
            tagger: tagger.and_then(|bytes| Tagger::from_bytes(&bytes).ok()),
        }
    }

    /// The attributions of a segmented document.
    pub fn extract(&self, doc: &Document) -> Vec<Attribution> {
        self.extract_with(doc, None)
    }

    /// The attributions of a segmented document, with the accurate tier's
    /// tower: its log-probability of every token's tag
    /// ([`neural_log_probs`]) and the weight of the linear scores.
    pub fn extract_with(
        &self,
        doc: &Document,
        neural: Option<(&[TokenLogProbs], f32)>,
    ) -> Vec<Attribution> {
        let toks = doc_tokens(doc);
        let rules = extract_tokens(doc, &self.lexicon, &toks);
        let Some(tagger) = &self.tagger else {
            let mut out = agents_only(doc, rules);
            resolve_sources(doc, &mut out);
            return out;
        };
        let (tags, sequences) = {
            let facts = Facts::new(doc, toks, &self.lexicon, &rules);
            let sequences = facts.sequences();
            (
                tagger.tag_with_neural(&facts, &sequences, neural),
                sequences,
            )
        };
        let mut tagged = assemble(doc, &tags, &sequences);
        for a in &mut tagged {
            let agreed = rules.iter().any(|r| r.cue.overlaps(&a.cue));
            a.confidence = Some(if agreed {
                confidence::TAGGER_AND_RULES
            } else {
                confidence::TAGGER_ONLY
            });
        }
        let mut rules = rules;
        for a in &mut rules {
            a.confidence = Some(confidence::RULES_ONLY);
        }
        // The rules fill in where the tagger found nothing (a rule
        // relation whose cue no tagged span touches).
        let mut out = agents_only(doc, merge(doc, tagged, rules));
        resolve_sources(doc, &mut out);
        if let Some((lp, _)) = neural {
            for a in &mut out {
                a.confidence = Some(confidence::accurate_confidence(doc, a.cue, lp));
            }
        }
        out
    }
}

/// The tower's tag log-probabilities for every token of `doc`, from the
/// shared trunk's states of the same document.
pub fn neural_log_probs(
    tower: &NeuralTagger,
    states: &unspun_encoder::TrunkStates,
    doc: &Document,
) -> Result<Vec<TokenLogProbs>, String> {
    let spans: Vec<unspun_core::Span> = doc.tokens.iter().map(|t| t.span).collect();
    tower
        .token_log_probs(states, &spans)
        .map_err(|e| format!("attribution tower: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brat::Relation;
    use crate::extract::extract;
    use crate::polnear::to_relation;
    use unspun_core::{segment, Span};
    use unspun_learn::chain::bio_allowed as allowed;

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment::segment(&mut d);
        d
    }

    /// The code-point span of the first `needle` at or after byte `from`.
    fn at(text: &str, needle: &str, from: usize) -> Span {
        let b = from + text[from..].find(needle).expect("needle in text");
        let start = text[..b].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    fn rel(source: Option<Span>, cue: Span, content: &[Span]) -> Relation {
        Relation {
            source: source.into_iter().collect(),
            cue: vec![cue],
            content: content.to_vec(),
        }
    }

    #[test]
    fn bio_constraints() {
        assert!(allowed(None, 0) && allowed(None, 1) && allowed(None, 5));
        assert!(!allowed(None, 2) && !allowed(None, 6));
        assert!(allowed(Some(1), 2) && allowed(Some(2), 2));
        assert!(!allowed(Some(3), 2) && !allowed(Some(0), 4));
        assert_eq!(
            (role(0), role(1), role(2), role(4), role(6)),
            (0, SRC, SRC, CUE, CON)
        );
    }

    const TEXT: &str = "A title\n\n\u{201c}We will win,\u{201d} the senator said, \u{201c}and soon.\u{201d} Prices rose. The mayor said that the bridge would reopen.\n";

    fn gold(text: &str) -> Vec<Relation> {
        vec![
            rel(
                Some(at(text, "the senator", 0)),
                at(text, "said", 0),
                &[
                    at(text, "\u{201c}We will win,\u{201d}", 0),
                    at(text, "\u{201c}and soon.\u{201d}", 0),
                ],
            ),
            rel(
                Some(at(text, "The mayor", 0)),
                at(text, "said", text.find("mayor").unwrap()),
                &[at(text, "that the bridge would reopen", 0)],
            ),
        ]
    }

    #[test]
    fn gold_tags_assemble_back_into_the_relations() {
        let d = doc(TEXT);
        let g = gold(TEXT);
        let tags = gold_tags(&d, &g);
        assert_eq!(tags.iter().filter(|&&t| role(t) == CUE).count(), 2);
        let got: Vec<Relation> = oracle(&d, &CueLexicon::builtin(), &g)
            .iter()
            .map(to_relation)
            .collect();
        assert_eq!(got, g);
    }

    const NAMES: [&str; 6] = [
        "The mayor",
        "Senator Jones",
        "The spokesperson",
        "Officials",
        "Ms. Park",
        "The union",
    ];
    const CUES: [&str; 3] = ["said", "argued", "announced"];
    const CLAIMS: [&str; 5] = [
        "the bridge would reopen in May",
        "taxes were too high",
        "the plan had failed",
        "the road was closed",
        "prices had risen sharply",
    ];

    /// A text of attributed and unattributed sentences, with its gold.
    fn corpus_doc(k: usize) -> (String, Vec<Relation>) {
        let mut text = String::from("Local news\n\n");
        let mut spans = Vec::new();
        for j in 0..4 {
            let (name, cue, claim) = (
                NAMES[(k + j) % NAMES.len()],
                CUES[(k * 2 + j) % CUES.len()],
                CLAIMS[(k + 3 * j) % CLAIMS.len()],
            );
            let from = text.len();
            text.push_str(&format!(
                "{name} {cue} that {claim}. The weather was mild. "
            ));
            spans.push((from, name, cue, claim));
        }
        text.push('\n');
        let gold = spans
            .iter()
            .map(|&(from, name, cue, claim)| {
                rel(
                    Some(at(&text, name, from)),
                    at(&text, cue, from),
                    &[at(&text, &format!("that {claim}"), from)],
                )
            })
            .collect();
        (text, gold)
    }

    fn small_model() -> Tagger {
        let data: Vec<(String, Vec<Relation>)> = (0..24).map(corpus_doc).collect();
        let docs: Vec<Document> = data.iter().map(|(t, _)| doc(t)).collect();
        let train_docs: Vec<TrainDoc<'_>> = docs
            .iter()
            .zip(&data)
            .map(|(d, (_, g))| TrainDoc {
                doc: d,
                annotations: vec![g.as_slice()],
            })
            .collect();
        let options = TrainOptions {
            bits: 14,
            epochs: 4,
            folds: 2,
            ..TrainOptions::default()
        };
        train(&train_docs, &CueLexicon::builtin(), &options, &mut |_| {})
    }

    #[test]
    fn learns_the_pattern_and_round_trips() {
        let model = small_model();
        let bytes = model.to_bytes();
        let loaded = Tagger::from_bytes(&bytes).expect("reads back");
        assert_eq!(loaded.levels.len(), 2);
        assert_eq!(loaded.to_bytes(), bytes, "reading and writing is lossless");
        assert_eq!(small_model().to_bytes(), bytes, "training is deterministic");
        // A text with combinations not seen in training.
        let (text, gold) = corpus_doc(101);
        let d = doc(&text);
        let ex = Extractor {
            lexicon: CueLexicon::builtin(),
            tagger: Some(loaded),
        };
        let got: Vec<Relation> = ex.extract(&d).iter().map(to_relation).collect();
        assert_eq!(got, gold, "{text}");
    }

    #[test]
    fn unreadable_models_are_refused() {
        assert!(Tagger::from_bytes(&[]).is_err());
        assert!(Tagger::from_bytes(b"not a model at all").is_err());
        assert!(Tagger::from_bytes(&[0, 0, 0, 0]).is_err());
        let bytes = small_model().to_bytes();
        for cut in [4, 12, 50, bytes.len() - 1] {
            assert!(Tagger::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Tagger::from_bytes(&extra).is_err());
    }

    #[test]
    fn without_a_tagger_the_rules_answer() {
        let d = doc(TEXT);
        let lexicon = CueLexicon::builtin();
        let ex = Extractor {
            lexicon: lexicon.clone(),
            tagger: None,
        };
        assert_eq!(ex.extract(&d), extract(&d, &lexicon));
        assert!(!ex.extract(&d).is_empty());
    }

    #[test]
    fn the_embedded_tagger_reads_and_handles_odd_input() {
        let ex = Extractor::embedded();
        assert!(ex.tagger.is_some(), "models/attribution-tagger.bin reads");
        for text in [
            "",
            "\u{201c}",
            "said said said",
            "\u{201d}\u{201c}: \u{2014} said, that.\n\n\n\"",
        ] {
            let d = doc(text);
            for a in ex.extract(&d) {
                assert!(a.cue.end <= text.chars().count());
            }
        }
    }
}
