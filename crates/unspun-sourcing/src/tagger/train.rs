//! Training the tagger: gold tags from annotated relations, the averaged
//! perceptron for each chain, and stacking with out-of-fold tags.

use std::ops::Range;

use unspun_core::Document;
use unspun_learn::chain::{FeatureRows, LinearChain};
use unspun_learn::perceptron::ChainTrainer;

use super::features::{stack_features, Facts};
use super::{Tagger, CON, CUE, L, SRC};
use crate::brat::Relation;
use crate::extract::{doc_tokens, extract_tokens, CueLexicon};

/// The gold tag of every token of a document.
pub fn gold_tags(doc: &Document, relations: &[Relation]) -> Vec<usize> {
    let toks = &doc.tokens;
    let mut tags = vec![0; toks.len()];
    for rel in relations {
        for (frags, r) in [(&rel.source, SRC), (&rel.cue, CUE), (&rel.content, CON)] {
            for f in frags {
                let first = toks.partition_point(|t| t.span.end <= f.start);
                let mut begun = false;
                for k in first..toks.len() {
                    let t = toks[k].span;
                    if t.start >= f.end {
                        break;
                    }
                    let inside = t.end.min(f.end).saturating_sub(t.start.max(f.start));
                    if 2 * inside < t.len().max(1) || tags[k] != 0 {
                        continue;
                    }
                    tags[k] = if begun { r + 1 } else { r };
                    begun = true;
                }
            }
        }
    }
    tags
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Hash bits of the feature buckets.
    pub bits: u32,
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sequence order.
    pub seed: u64,
    /// Chains (1: no stacking).
    pub levels: usize,
    /// Folds for the out-of-fold tags that train a stacked chain.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            bits: 16,
            epochs: 12,
            seed: 2016,
            levels: 2,
            folds: 4,
        }
    }
}

/// One annotated, segmented document.
pub struct TrainDoc<'a> {
    /// The segmented document.
    pub doc: &'a Document,
    /// Its annotations (one list per annotator).
    pub annotations: Vec<&'a [Relation]>,
}

struct Prepared<'a> {
    facts: Facts<'a>,
    sequences: Vec<Range<usize>>,
    golds: Vec<Vec<usize>>,
}

/// Trains one chain on `(features, gold tags)` sequences.
fn train_chain(
    data: &[(FeatureRows, &[usize])],
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> LinearChain<L> {
    let mut trainer = ChainTrainer::<L>::new(options.bits.clamp(8, 24), options.seed);
    let epochs = options.epochs.max(1);
    for epoch in 1..=epochs {
        let stats = trainer.epoch(data);
        if epoch == epochs {
            log(format!(
                "epoch {epoch}: {} token errors of {} ({:.2}%)",
                stats.wrong_tokens,
                stats.tokens,
                100.0 * stats.wrong_tokens as f64 / stats.tokens.max(1) as f64
            ));
        }
    }
    trainer.averaged()
}

/// The training sequences of the documents `docs` (indices into
/// `prepared`), with stacked features from `earlier` tags when given.
fn sequences_of<'p>(
    prepared: &'p [Prepared<'_>],
    docs: impl Iterator<Item = usize>,
    earlier: Option<&[Vec<usize>]>,
) -> Vec<(FeatureRows, &'p [usize])> {
    let mut out = Vec::new();
    for d in docs {
        let p = &prepared[d];
        for seq in &p.sequences {
            let mut feats = FeatureRows::new();
            p.facts.features(seq.clone(), &mut feats);
            if let Some(tags) = earlier {
                let base = std::mem::take(&mut feats);
                stack_features(&p.facts, &tags[d], seq.clone(), &base, &mut feats);
            }
            for gold in &p.golds {
                out.push((feats.clone(), &gold[seq.clone()]));
            }
        }
    }
    out
}

/// Trains the tagger (averaged perceptron, fixed seed: deterministic):
/// the first chain on all documents; for each further level, the tags of
/// the level before on every document come from a chain trained on the
/// other folds (so that they are as noisy as on new text), and the level's
/// chain is trained on the features plus those tags.
pub fn train(
    docs: &[TrainDoc<'_>],
    lexicon: &CueLexicon,
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> Tagger {
    let prepared: Vec<Prepared<'_>> = docs
        .iter()
        .map(|d| {
            let toks = doc_tokens(d.doc);
            let rules = extract_tokens(d.doc, lexicon, &toks);
            let facts = Facts::new(d.doc, toks, lexicon, &rules);
            let sequences = facts.sequences();
            let golds = d
                .annotations
                .iter()
                .map(|rels| gold_tags(d.doc, rels))
                .collect();
            Prepared {
                facts,
                sequences,
                golds,
            }
        })
        .collect();
    let all = 0..prepared.len();
    let mut levels = Vec::new();
    let mut earlier: Option<Vec<Vec<usize>>> = None;
    for level in 0..options.levels.max(1) {
        log(format!("level {}", level + 1));
        let data = sequences_of(&prepared, all.clone(), earlier.as_deref());
        levels.push(train_chain(&data, options, log));
        drop(data);
        if level + 1 == options.levels.max(1) {
            break;
        }
        // Out-of-fold tags of this level for the next one.
        let folds = options.folds.max(2);
        let mut tags: Vec<Vec<usize>> = vec![Vec::new(); prepared.len()];
        for fold in 0..folds {
            let data = sequences_of(
                &prepared,
                all.clone().filter(|d| d % folds != fold),
                earlier.as_deref(),
            );
            let chain = train_chain(&data, options, &mut |_| {});
            drop(data);
            let mut partial = Tagger {
                levels: levels[..level].to_vec(),
            };
            partial.levels.push(chain);
            for d in all.clone().filter(|d| d % folds == fold) {
                let p = &prepared[d];
                tags[d] = partial.tag_with(&p.facts, &p.sequences, earlier.as_ref().map(|e| &e[d]));
            }
        }
        earlier = Some(tags);
    }
    Tagger { levels }
}
