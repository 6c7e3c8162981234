//! The fast-tier entity tagger: a linear-chain model over hashed features,
//! trained as an averaged structured perceptron and decoded by Viterbi with
//! BIO constraints (an `I-X` only after `B-X` or `I-X`).

use std::collections::HashMap;
use std::path::Path;

use unspun_learn::chain::LinearChain;
use unspun_learn::format::{self, ByteReader, ByteWriter, FormatError, Sparse};
use unspun_learn::perceptron::ChainTrainer;
use unspun_learn::{LazyModel, LoadError};

use crate::conll::{iob1_to_bio, ConllDocument, EntityScore};
use crate::features::{extract, DocContext, Gazetteer, Resources};

/// The tags, in model order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags.
pub(crate) const L: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"UNSPNER1";

pub use unspun_learn::chain::bio_allowed as allowed;

/// Index of a BIO tag in [`LABELS`] (unknown tags are `O`).
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// Why a model could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Writing the file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file could not be found or read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The bytes are not an entity model of this version.
    #[error("not an unspun entity model ({0})")]
    Format(String),
}

impl From<FormatError> for ModelError {
    fn from(e: FormatError) -> Self {
        ModelError::Format(e.to_string())
    }
}

/// A trained tagger: a linear chain over hashed features (file format:
/// gzip of the magic `UNSPNER1`, the chain with `i16` weights in the
/// [`Sparse::I16`] layout, then the word clusters its features use).
#[derive(Debug, Clone)]
pub struct Tagger {
    chain: LinearChain<L>,
    /// Word clusters (bit strings) the features look up.
    pub clusters: HashMap<String, String>,
}

/// A tagged sentence input: tokens plus document context.
pub struct SentenceInput<'a> {
    /// The tokens (CoNLL-style tokenisation, ASCII quotes).
    pub tokens: &'a [String],
    /// The document the sentence is in.
    pub doc: &'a DocContext,
}

impl Tagger {
    /// An untrained tagger with `1 << bits` feature buckets.
    pub fn new(bits: u32, clusters: HashMap<String, String>) -> Self {
        Self {
            chain: LinearChain::new(bits),
            clusters,
        }
    }

    /// Hash bits of the feature buckets.
    pub fn bits(&self) -> u32 {
        self.chain.bits()
    }

    /// Tags one sentence; returns label indices into [`LABELS`].
    pub fn tag(
        &self,
        input: &SentenceInput<'_>,
        gazetteer: &Gazetteer,
        feats: &mut Vec<Vec<u32>>,
    ) -> Vec<usize> {
        let res = Resources {
            gazetteer,
            clusters: &self.clusters,
        };
        extract(input.tokens, input.doc, res, self.bits(), feats);
        self.decode(feats)
    }

    /// The linear emission scores of one sentence's tokens (what
    /// [`Tagger::tag`] decodes), for decoding together with another model.
    pub fn emissions(
        &self,
        input: &SentenceInput<'_>,
        gazetteer: &Gazetteer,
        feats: &mut Vec<Vec<u32>>,
    ) -> Vec<[f32; L]> {
        let res = Resources {
            gazetteer,
            clusters: &self.clusters,
        };
        extract(input.tokens, input.doc, res, self.bits(), feats);
        self.chain.emissions(feats)
    }

    /// The transition scores (`L + 1` rows, the last for the start).
    pub fn transitions(&self) -> &[[f32; L]] {
        self.chain.transitions()
    }

    /// Viterbi decoding of hashed features under the BIO constraints.
    pub fn decode(&self, feats: &[Vec<u32>]) -> Vec<usize> {
        self.chain.decode(feats)
    }

    /// Writes the model (gzip; only buckets with a non-zero weight).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, format::gzip(&self.to_bytes()))?;
        Ok(())
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        self.chain.write(&mut out, Sparse::I16);
        let mut clusters: Vec<(&String, &String)> = self.clusters.iter().collect();
        clusters.sort();
        out.put_u32(clusters.len() as u32);
        for (word, bits) in clusters {
            out.put_string(word);
            out.put_string(bits);
        }
        out
    }

    /// Reads a model written by [`Tagger::save`] (gzip bytes).
    pub fn from_gz_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Self::from_bytes(&format::gunzip(bytes)?)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        Self::from_gz_bytes(&unspun_learn::models::read(path)?)
    }

    fn from_bytes(raw: &[u8]) -> Result<Self, ModelError> {
        let mut r = ByteReader::new(raw);
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("bad magic".into()));
        }
        let chain = LinearChain::read(&mut r, Sparse::I16)?;
        let mut clusters = HashMap::new();
        for _ in 0..r.u32()? {
            let word = r.string()?;
            let bits = r.string()?;
            clusters.insert(word, bits);
        }
        Ok(Tagger { chain, clusters })
    }
}

/// The entity model file, embedded in the binary.
pub static ENTITIES_MODEL: LazyModel<Tagger> =
    LazyModel::new(unspun_learn::embed_model!("entities-fast.bin"), |bytes| {
        Tagger::from_gz_bytes(bytes).map_err(|e| e.to_string())
    });

/// The shipped tagger (embedded, or `entities-fast.bin` in
/// `$UNSPUN_MODELS`), loaded once per process.
pub fn embedded_tagger() -> Result<&'static Tagger, String> {
    ENTITIES_MODEL.get()
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Hash bits of the feature buckets.
    pub bits: u32,
    /// Most passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            bits: 20,
            epochs: 12,
            seed: 2003,
        }
    }
}

/// `(features, gold tags)` of every sentence.
fn prepare(
    docs: &[ConllDocument],
    res: Resources<'_>,
    bits: u32,
) -> Vec<(Vec<Vec<u32>>, Vec<usize>)> {
    let mut out = Vec::new();
    for doc in docs {
        let ctx = DocContext::new(doc.sentences.iter().map(|s| s.tokens.as_slice()));
        for s in &doc.sentences {
            let mut feats = Vec::new();
            extract(&s.tokens, &ctx, res, bits, &mut feats);
            let gold = iob1_to_bio(&s.tags)
                .iter()
                .map(|t| label_index(t))
                .collect();
            out.push((feats, gold));
        }
    }
    out
}

/// Scores a tagger on CoNLL documents (entity-level, conlleval).
pub fn evaluate(tagger: &Tagger, docs: &[ConllDocument], gazetteer: &Gazetteer) -> EntityScore {
    evaluate_each(tagger, docs, gazetteer, |_, _, _| {})
}

/// [`evaluate`], showing `each` every sentence's tokens with their gold
/// and predicted BIO tags (to write a conlleval predictions file, say).
pub fn evaluate_each(
    tagger: &Tagger,
    docs: &[ConllDocument],
    gazetteer: &Gazetteer,
    mut each: impl FnMut(&[String], &[String], &[String]),
) -> EntityScore {
    let mut score = EntityScore::default();
    let mut feats = Vec::new();
    for doc in docs {
        let ctx = DocContext::new(doc.sentences.iter().map(|s| s.tokens.as_slice()));
        for s in &doc.sentences {
            let pred = tagger.tag(
                &SentenceInput {
                    tokens: &s.tokens,
                    doc: &ctx,
                },
                gazetteer,
                &mut feats,
            );
            let pred: Vec<String> = pred.iter().map(|&y| LABELS[y].to_string()).collect();
            let gold = iob1_to_bio(&s.tags);
            each(&s.tokens, &gold, &pred);
            score.add(&gold, &pred);
        }
    }
    score
}

/// Trains on `train`, keeps the epoch with the best entity F1 on `dev`;
/// reports progress through `log`. Deterministic for given inputs.
pub fn train(
    train_docs: &[ConllDocument],
    dev_docs: &[ConllDocument],
    gazetteer: &Gazetteer,
    clusters: HashMap<String, String>,
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> (Tagger, EntityScore) {
    let model = Tagger::new(options.bits, clusters);
    let res = Resources {
        gazetteer,
        clusters: &model.clusters,
    };
    let data = prepare(train_docs, res, options.bits);
    let mut trainer = ChainTrainer::<L>::new(options.bits, options.seed);
    let mut best: Option<(Tagger, EntityScore)> = None;
    for epoch in 1..=options.epochs {
        let stats = trainer.epoch(&data);
        let avg = Tagger {
            chain: trainer.averaged(),
            clusters: model.clusters.clone(),
        };
        let score = evaluate(&avg, dev_docs, gazetteer);
        log(format!(
            "epoch {epoch:>2}: {} sentences wrong in training; dev P {:.4} R {:.4} F1 {:.4}",
            stats.wrong_sequences,
            score.overall.precision(),
            score.overall.recall(),
            score.overall.f1()
        ));
        if !matches!(&best, Some((_, b)) if score.overall.f1() <= b.overall.f1()) {
            best = Some((avg, score));
        }
    }
    best.unwrap_or_else(|| (model, EntityScore::default()))
}

/// Trains on `train_docs` for exactly `options.epochs` epochs and returns
/// the averaged model, selecting nothing (the models of cross-validation
/// folds, whose held-out part must stay unseen).
pub fn train_epochs(
    train_docs: &[ConllDocument],
    gazetteer: &Gazetteer,
    clusters: HashMap<String, String>,
    options: &TrainOptions,
) -> Tagger {
    let res = Resources {
        gazetteer,
        clusters: &clusters,
    };
    let data = prepare(train_docs, res, options.bits);
    let mut trainer = ChainTrainer::<L>::new(options.bits, options.seed);
    for _ in 0..options.epochs {
        trainer.epoch(&data);
    }
    Tagger {
        chain: trainer.averaged(),
        clusters,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::conll::read_conll;

    pub(crate) const TINY: &str = "\
Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nvisited VBD I-VP O\nBonn NNP I-NP I-LOC\n. . O O\n\n\
The DT I-NP O\nEuropean NNP I-NP I-ORG\nCommission NNP I-NP I-ORG\nsaid VBD I-VP O\n. . O O\n\n\
Anna NNP I-NP I-PER\nSmith NNP I-NP I-PER\nleft VBD I-VP O\nParis NNP I-NP I-LOC\n. . O O\n\n\
-DOCSTART- -X- O O\n";

    pub(crate) fn tiny_tagger() -> Tagger {
        let docs = read_conll(TINY);
        let options = TrainOptions {
            bits: 12,
            epochs: 20,
            seed: 1,
        };
        train(
            &docs,
            &docs,
            &Gazetteer::default(),
            HashMap::new(),
            &options,
            &mut |_| {},
        )
        .0
    }

    #[test]
    fn constraints_forbid_orphan_inside_tags() {
        assert!(allowed(None, label_index("B-PER")));
        assert!(!allowed(None, label_index("I-PER")));
        assert!(allowed(Some(label_index("B-PER")), label_index("I-PER")));
        assert!(!allowed(Some(label_index("B-ORG")), label_index("I-PER")));
        assert!(allowed(Some(label_index("I-LOC")), label_index("I-LOC")));
    }

    #[test]
    fn learns_the_training_set_and_round_trips() {
        let docs = read_conll(TINY);
        let tagger = tiny_tagger();
        let score = evaluate(&tagger, &docs, &Gazetteer::default());
        assert_eq!(score.overall.f1(), 1.0);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.bin");
        tagger.save(&path).unwrap();
        let back = Tagger::load(&path).unwrap();
        assert_eq!(back.chain.transitions(), tagger.chain.transitions());
        let (weights, back_weights) = (tagger.chain.weights(), back.chain.weights());
        let max = weights.iter().fold(0f32, |m, v| m.max(v.abs()));
        let worst = weights
            .iter()
            .zip(back_weights.iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst <= max / 32767.0, "quantisation error {worst}");
        assert!(Tagger::from_gz_bytes(b"nonsense").is_err());
    }
}
