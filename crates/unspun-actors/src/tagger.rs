//! The fast-tier entity tagger: a linear-chain model over hashed features,
//! trained as an averaged structured perceptron and decoded by Viterbi with
//! BIO constraints (an `I-X` only after `B-X` or `I-X`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use unspun_core::bytes::{ByteReader, FormatError};

use crate::conll::{iob1_to_bio, ConllDocument, EntityScore};
use crate::features::{extract, DocContext, Gazetteer, Resources};

/// The tags, in model order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
const L: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"UNSPNER1";

pub use unspun_core::sequence::bio_allowed as allowed;

/// Index of a BIO tag in [`LABELS`] (unknown tags are `O`).
pub fn label_index(tag: &str) -> usize {
    LABELS.iter().position(|l| *l == tag).unwrap_or(0)
}

/// Why a model could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Reading or writing the file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not an entity model of this version.
    #[error("not an unspun entity model ({0})")]
    Format(String),
}

impl From<FormatError> for ModelError {
    fn from(e: FormatError) -> Self {
        ModelError::Format(e.to_string())
    }
}

/// A trained tagger: hashed emission weights, transition weights, and the
/// word clusters its features use.
#[derive(Debug, Clone)]
pub struct Tagger {
    bits: u32,
    weights: Vec<f32>,
    transitions: [[f32; L]; L + 1],
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
            bits,
            weights: vec![0.0; (1usize << bits) * L],
            transitions: [[0.0; L]; L + 1],
            clusters,
        }
    }

    /// Hash bits of the feature buckets.
    pub fn bits(&self) -> u32 {
        self.bits
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
        extract(input.tokens, input.doc, res, self.bits, feats);
        self.decode(feats)
    }

    fn emissions(&self, feats: &[Vec<u32>]) -> Vec<[f32; L]> {
        feats
            .iter()
            .map(|fs| {
                let mut s = [0f32; L];
                for &f in fs {
                    let row = &self.weights[f as usize * L..f as usize * L + L];
                    for (a, b) in s.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                s
            })
            .collect()
    }

    /// Viterbi decoding of hashed features under the BIO constraints.
    pub fn decode(&self, feats: &[Vec<u32>]) -> Vec<usize> {
        unspun_core::sequence::bio_viterbi(&self.emissions(feats), &self.transitions)
    }

    /// Writes the model (gzip; only buckets with a non-zero weight).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let file = std::fs::File::create(path)?;
        let mut w = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::best(),
        );
        w.write_all(&self.to_bytes())?;
        w.finish()?.flush()?;
        Ok(())
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        for row in &self.transitions {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        // Emission weights quantised to i16 with one scale.
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, v| m.max(v.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        out.extend_from_slice(&scale.to_le_bytes());
        let mut last = 0u32;
        let mut rows = Vec::new();
        let mut count = 0u32;
        for (bucket, row) in self.weights.chunks(L).enumerate() {
            let q: Vec<i16> = row.iter().map(|v| (v / scale).round() as i16).collect();
            if q.iter().all(|&v| v == 0) {
                continue;
            }
            let bucket = bucket as u32;
            rows.extend_from_slice(&(bucket - last).to_le_bytes());
            last = bucket;
            for v in q {
                rows.extend_from_slice(&v.to_le_bytes());
            }
            count += 1;
        }
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&rows);
        let mut clusters: Vec<(&String, &String)> = self.clusters.iter().collect();
        clusters.sort();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (word, bits) in clusters {
            for s in [word, bits] {
                out.extend_from_slice(&(s.len() as u16).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
        out
    }

    /// Reads a model written by [`Tagger::save`] (gzip bytes).
    pub fn from_gz_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
        Self::from_bytes(&raw)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        Self::from_gz_bytes(&std::fs::read(path)?)
    }

    fn from_bytes(raw: &[u8]) -> Result<Self, ModelError> {
        let mut r = ByteReader::new(raw);
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("bad magic".into()));
        }
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            return Err(ModelError::Format(format!("bad hash bits {bits}")));
        }
        let mut tagger = Tagger::new(bits, HashMap::new());
        for row in tagger.transitions.iter_mut() {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let scale = r.f32()?;
        let count = r.u32()?;
        let mut bucket = 0usize;
        for _ in 0..count {
            bucket += r.u32()? as usize;
            if bucket >= 1 << bits {
                return Err(ModelError::Format("bucket out of range".into()));
            }
            for k in 0..L {
                tagger.weights[bucket * L + k] = f32::from(r.i16()?) * scale;
            }
        }
        let clusters = r.u32()?;
        for _ in 0..clusters {
            let word = r.string()?;
            let bits = r.string()?;
            tagger.clusters.insert(word, bits);
        }
        Ok(tagger)
    }
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

struct Prepared {
    feats: Vec<Vec<u32>>,
    gold: Vec<usize>,
}

fn prepare(docs: &[ConllDocument], res: Resources<'_>, bits: u32) -> Vec<Prepared> {
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
            out.push(Prepared { feats, gold });
        }
    }
    out
}

/// Scores a tagger on CoNLL documents (entity-level, conlleval).
pub fn evaluate(tagger: &Tagger, docs: &[ConllDocument], gazetteer: &Gazetteer) -> EntityScore {
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
            score.add(&iob1_to_bio(&s.tags), &pred);
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
    let mut model = Tagger::new(options.bits, clusters);
    let res = Resources {
        gazetteer,
        clusters: &model.clusters,
    };
    let data = prepare(train_docs, res, options.bits);
    let mut total = Tagger::new(options.bits, HashMap::new()); // sum of c * update
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.max(1);
    let mut best: Option<(Tagger, EntityScore)> = None;
    for epoch in 1..=options.epochs {
        // Fisher–Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut errors = 0usize;
        for &k in &order {
            let ex = &data[k];
            let pred = model.decode(&ex.feats);
            if pred != ex.gold {
                errors += 1;
                for t in 0..ex.gold.len() {
                    let (g, p) = (ex.gold[t], pred[t]);
                    if g != p {
                        for &f in &ex.feats[t] {
                            let base = f as usize * L;
                            model.weights[base + g] += 1.0;
                            model.weights[base + p] -= 1.0;
                            total.weights[base + g] += c;
                            total.weights[base + p] -= c;
                        }
                    }
                    let gp = if t == 0 { L } else { ex.gold[t - 1] };
                    let pp = if t == 0 { L } else { pred[t - 1] };
                    if (gp, g) != (pp, p) {
                        model.transitions[gp][g] += 1.0;
                        model.transitions[pp][p] -= 1.0;
                        total.transitions[gp][g] += c;
                        total.transitions[pp][p] -= c;
                    }
                }
            }
            c += 1.0;
        }
        // Averaged weights: w - total / c.
        let mut avg = model.clone();
        for (a, t) in avg.weights.iter_mut().zip(&total.weights) {
            *a -= t / c;
        }
        for (ra, rt) in avg.transitions.iter_mut().zip(&total.transitions) {
            for (a, t) in ra.iter_mut().zip(rt) {
                *a -= t / c;
            }
        }
        let score = evaluate(&avg, dev_docs, gazetteer);
        log(format!(
            "epoch {epoch:>2}: {errors} sentences wrong in training; dev P {:.4} R {:.4} F1 {:.4}",
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
        assert_eq!(back.transitions, tagger.transitions);
        let max = tagger.weights.iter().fold(0f32, |m, v| m.max(v.abs()));
        let worst = tagger
            .weights
            .iter()
            .zip(&back.weights)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(worst <= max / 32767.0, "quantisation error {worst}");
        assert!(Tagger::from_gz_bytes(b"nonsense").is_err());
    }
}
