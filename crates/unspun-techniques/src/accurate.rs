//! The accurate tier: the shared MiniLM trunk ([`unspun_encoder::Trunk`]),
//! this task's fine-tuned tower (the top encoder layers) and two small
//! heads, blended with the fast tier.
//!
//! * The **token head** gives every WordPiece the same [`TAGGER_OUTPUTS`]
//!   probabilities as the fast tagger (inside any technique, inside
//!   technique k); a document token gets the mean over its pieces.
//! * The **span head** names a span from the mean and the maximum of its
//!   pieces' hidden states.
//!
//! The final token probabilities are `token_mix × accurate + (1 −
//! token_mix) × fast`, technique probabilities of a span likewise with
//! `class_mix`, and spans are decoded exactly as in the fast tier
//! ([`FastModel::candidates_with`]).
//!
//! Files (in the model directory, see [`model_dir`]): `encoder-vocab.txt`
//! and `encoder-minilm-l6-trunk.safetensors` (shared by every task),
//! `techniques-accurate.safetensors` (tower and heads, f16) and
//! `techniques-accurate.json` (blending, decoding, training facts).

use std::borrow::Cow;
use std::path::Path;

use candle_core::{DType, Device, IndexOp, Module, Tensor, D};
use candle_nn::{Linear, VarBuilder};
use unspun_core::Document;
use unspun_encoder::bert::{self, Layer, Mode};
pub use unspun_encoder::document::{model_dir, sequences, Sequence, TRUNK_FILE, VOCAB_FILE};
use unspun_encoder::{Piece, Trunk, TrunkStates, TRUNK_LAYERS};
use unspun_learn::models::{find_in, read_in};
use unspun_learn::{LoadError, ModelFile};

use crate::data::{Article, Row};
use crate::features::View;
use crate::model::{Decoding, FastModel, PredictedSpan, TAGGER_OUTPUTS};
use crate::train::{classify_rows_with, name_rows, score_rows, Evaluation};
use crate::TECHNIQUES;

/// File name of this task's tower and heads.
pub const WEIGHTS_FILE: &str = "techniques-accurate.safetensors";
/// File name of this task's settings.
pub const SETTINGS_FILE: &str = "techniques-accurate.json";
/// This task's tower and heads, read at run time.
pub static WEIGHTS_MODEL: ModelFile = ModelFile::external(WEIGHTS_FILE);
/// This task's settings, read at run time.
pub static SETTINGS_MODEL: ModelFile = ModelFile::external(SETTINGS_FILE);
/// Blending and decoding settings of the accurate tier, with training facts.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccurateSettings {
    /// Weight of the accurate token probabilities against the fast tier's.
    pub token_mix: f32,
    /// Weight of the span head's technique probabilities against the fast
    /// classifier's.
    pub class_mix: f32,
    /// How probabilities become spans.
    pub decoding: DecodingSettings,
    /// Maps a span's raw confidence to the share of such marks that were
    /// right on held-out articles (`None`: raw confidences are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<unspun_learn::calibration::Calibration>,
    /// Free facts about training (data, scores, settings).
    pub info: serde_json::Value,
}

/// [`Decoding`] in a serialisable form.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecodingSettings {
    /// See [`Decoding::start_threshold`].
    pub start_threshold: f32,
    /// See [`Decoding::continue_threshold`].
    pub continue_threshold: f32,
    /// See [`Decoding::technique_start`].
    pub technique_start: Vec<f32>,
    /// See [`Decoding::technique_continue`].
    pub technique_continue: Vec<f32>,
    /// See [`Decoding::keep_any_spans`].
    pub keep_any_spans: bool,
    /// See [`Decoding::second_label_threshold`].
    pub second_label_threshold: f32,
}

impl From<&Decoding> for DecodingSettings {
    fn from(d: &Decoding) -> Self {
        Self {
            start_threshold: d.start_threshold,
            continue_threshold: d.continue_threshold,
            technique_start: d.technique_start.to_vec(),
            technique_continue: d.technique_continue.to_vec(),
            keep_any_spans: d.keep_any_spans,
            second_label_threshold: d.second_label_threshold,
        }
    }
}

impl DecodingSettings {
    /// The settings as a [`Decoding`] (missing per-technique values: never).
    pub fn decoding(&self) -> Decoding {
        let mut d = Decoding {
            start_threshold: self.start_threshold,
            continue_threshold: self.continue_threshold,
            keep_any_spans: self.keep_any_spans,
            second_label_threshold: self.second_label_threshold,
            ..Decoding::default()
        };
        for (k, v) in self.technique_start.iter().take(14).enumerate() {
            d.technique_start[k] = *v;
        }
        for (k, v) in self.technique_continue.iter().take(14).enumerate() {
            d.technique_continue[k] = *v;
        }
        d
    }
}

/// Why the accurate model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum AccurateError {
    /// A model file is missing or unreadable.
    #[error(transparent)]
    Model(#[from] LoadError),
    /// A file could not be read or parsed.
    #[error("cannot read {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The encoder failed.
    #[error(transparent)]
    Encoder(#[from] unspun_encoder::EncoderError),
    /// candle failed.
    #[error("accurate techniques model: {0}")]
    Candle(#[from] candle_core::Error),
}

/// The tower (fine-tuned top layers) and the two heads.
#[derive(Debug, Clone)]
pub struct Tower {
    /// Encoder layers above the trunk.
    pub layers: Vec<Layer>,
    /// Piece → [`TAGGER_OUTPUTS`] logits.
    pub token_head: Linear,
    /// [mean, max] of a span's pieces → technique logits.
    pub span_head: Linear,
}

impl Tower {
    /// Builds the tower from a var builder (names `encoder.layer.N.*`,
    /// `token_head.*`, `span_head.*`).
    pub fn load(vb: VarBuilder) -> candle_core::Result<Self> {
        let config = unspun_encoder::Config::MINILM_L6;
        Ok(Self {
            layers: bert::load_layers(&config, TRUNK_LAYERS..config.layers, vb.clone())?,
            token_head: candle_nn::linear(config.hidden, TAGGER_OUTPUTS, vb.pp("token_head"))?,
            span_head: candle_nn::linear(2 * config.hidden, TECHNIQUES.len(), vb.pp("span_head"))?,
        })
    }

    /// Hidden states after the tower, from trunk states and the 0/1 mask.
    pub fn forward(&self, trunk_states: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
        self.forward_mode(trunk_states, mask, Mode::Infer)
    }

    /// [`Tower::forward`] in a given mode (training needs [`Mode::Train`]).
    pub fn forward_mode(
        &self,
        trunk_states: &Tensor,
        mask: &Tensor,
        mode: Mode,
    ) -> candle_core::Result<Tensor> {
        let bias = bert::mask_bias(mask)?;
        bert::run_layers(
            &self.layers,
            0..self.layers.len(),
            trunk_states,
            &bias,
            mode,
        )
    }

    /// Span-head input `[n, 2 × hidden]`: mean and max of pieces `a..b` of
    /// row `row` of the tower states `[batch, length, hidden]`, per span.
    pub fn span_inputs(
        states: &Tensor,
        spans: &[(usize, usize, usize)],
    ) -> candle_core::Result<Tensor> {
        let rows = spans
            .iter()
            .map(|&(row, a, b)| {
                let h = states.i((row, a..b))?;
                Tensor::cat(&[h.mean(0)?, h.max(0)?], 0)
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        Tensor::stack(&rows, 0)
    }
}

/// The encoder's view of one document: every piece with its tower state
/// and token-head probabilities.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    /// The pieces, in text order.
    pub pieces: Vec<Piece>,
    /// Tower states, one row of `hidden` per piece.
    pub states: Vec<f32>,
    /// Token-head probabilities, one row of [`TAGGER_OUTPUTS`] per piece.
    pub probs: Vec<f32>,
}

/// The accurate-tier model.
#[derive(Debug, Clone)]
pub struct AccurateModel {
    /// The shared trunk.
    pub trunk: Cow<'static, Trunk>,
    /// This task's tower and heads.
    pub tower: Tower,
    /// Blending and decoding.
    pub settings: AccurateSettings,
}

/// Loads the tower and heads from safetensors bytes (f16 or f32).
pub fn tower_from_bytes(bytes: &[u8]) -> Result<Tower, AccurateError> {
    let vb = VarBuilder::from_tensors(
        unspun_encoder::tune::load_f32(bytes)?,
        DType::F32,
        &Device::Cpu,
    );
    Ok(Tower::load(vb)?)
}

impl AccurateModel {
    /// Loads the model from a directory holding its four files.
    pub fn load(dir: &Path) -> Result<Self, AccurateError> {
        let vocab = find_in(dir, VOCAB_FILE)?;
        let trunk =
            Trunk::load(&find_in(dir, TRUNK_FILE)?, &vocab, TRUNK_LAYERS).map_err(|e| match e {
                unspun_encoder::EncoderError::Io { path, source } => AccurateError::File {
                    path,
                    reason: source.to_string(),
                },
                other => other.into(),
            })?;
        Self::with_trunk(Cow::Owned(trunk), dir)
    }

    /// Loads this task's files from `dir` on top of a loaded trunk.
    pub fn with_trunk(trunk: Cow<'static, Trunk>, dir: &Path) -> Result<Self, AccurateError> {
        let weights = read_in(dir, WEIGHTS_FILE)?;
        Self::from_bytes(trunk, &weights, &read_in(dir, SETTINGS_FILE)?)
    }

    /// This task's files, as bytes, on top of a loaded trunk.
    pub fn from_bytes(
        trunk: Cow<'static, Trunk>,
        weights: &[u8],
        settings: &[u8],
    ) -> Result<Self, AccurateError> {
        let tower = tower_from_bytes(weights)?;
        let settings: AccurateSettings =
            serde_json::from_slice(settings).map_err(|e| AccurateError::File {
                path: SETTINGS_FILE.to_string(),
                reason: e.to_string(),
            })?;
        Ok(Self {
            trunk,
            tower,
            settings,
        })
    }

    /// Runs the tower and token head over a document: on the trunk states
    /// the `encoder` stage left in the document, or on the trunk run here.
    pub fn encode(&self, doc: &Document) -> Result<Encoded, AccurateError> {
        match doc.extensions.get::<TrunkStates>() {
            Some(states) => encode_states(&self.tower, states),
            None => encode_states(&self.tower, &TrunkStates::compute(&self.trunk, doc)?),
        }
    }

    /// Token probabilities of the document for the fast tier's decoding:
    /// the accurate ones blended with the fast ones.
    pub fn token_probabilities(
        &self,
        fast: &FastModel,
        view: &View,
        encoded: &Encoded,
    ) -> Vec<f32> {
        blend(
            &token_probabilities(view, encoded),
            &fast.token_probabilities(view),
            self.settings.token_mix,
        )
    }

    /// Technique probabilities of a span: the span head's blended with the
    /// fast classifier's.
    pub fn classify(
        &self,
        fast: &FastModel,
        view: &View,
        encoded: &Encoded,
        start: usize,
        end: usize,
    ) -> Vec<f32> {
        let fast_probs = fast.classify(view, start, end);
        match span_probabilities(&self.tower, encoded, start, end) {
            Some(p) => blend(&p, &fast_probs, self.settings.class_mix),
            None => fast_probs,
        }
    }

    /// Finds and names the techniques of a segmented document.
    pub fn predict(
        &self,
        fast: &FastModel,
        doc: &Document,
    ) -> Result<Vec<PredictedSpan>, AccurateError> {
        self.predict_view(fast, &View::new(doc))
    }
}

/// A predicted row with the confidence shown for it.
type ScoredRow = (Row, f32);

/// `mix × a + (1 − mix) × b`, element-wise.
pub fn blend(a: &[f32], b: &[f32], mix: f32) -> Vec<f32> {
    a.iter()
        .zip(b)
        .map(|(x, y)| mix * x + (1.0 - mix) * y)
        .collect()
}

/// Runs the tower and the token head over a document's trunk states and
/// collects each piece's state and token probabilities in text order.
pub fn encode_states(tower: &Tower, trunk_states: &TrunkStates) -> Result<Encoded, AccurateError> {
    let seqs = &trunk_states.sequences;
    let total = trunk_states.pieces();
    let mut first = Vec::with_capacity(seqs.len());
    let mut at = 0;
    for s in seqs {
        first.push(at);
        at += s.pieces.len();
    }
    let mut states = Vec::new();
    let mut probs = vec![0f32; total * TAGGER_OUTPUTS];
    for sb in &trunk_states.batches {
        let h = tower.forward(&sb.states, &sb.batch.mask)?;
        let p = candle_nn::ops::sigmoid(&tower.token_head.forward(&h)?)?;
        let h = h.to_vec3::<f32>()?;
        let p = p.to_vec3::<f32>()?;
        let hidden = h.first().and_then(|r| r.first()).map_or(0, Vec::len);
        if states.is_empty() {
            states = vec![0f32; total * hidden];
        }
        for (row, &i) in sb.rows.iter().enumerate() {
            for j in 0..seqs[i].pieces.len() {
                let piece = first[i] + j;
                states[piece * hidden..(piece + 1) * hidden].copy_from_slice(&h[row][j + 1]);
                probs[piece * TAGGER_OUTPUTS..(piece + 1) * TAGGER_OUTPUTS]
                    .copy_from_slice(&p[row][j + 1]);
            }
        }
    }
    Ok(Encoded {
        pieces: seqs.iter().flat_map(|s| s.pieces.iter().copied()).collect(),
        states,
        probs,
    })
}

/// Per document token (row-major, [`TAGGER_OUTPUTS`] per token): the mean
/// probabilities of the pieces that overlap it (0 without pieces or outside
/// sentences).
pub fn token_probabilities(view: &View, encoded: &Encoded) -> Vec<f32> {
    let mut out = vec![0f32; view.len() * TAGGER_OUTPUTS];
    let pieces = &encoded.pieces;
    let mut p = 0;
    for (i, token) in view.doc.tokens.iter().enumerate() {
        if view.sentence_of[i] == usize::MAX {
            continue;
        }
        while p < pieces.len() && pieces[p].end <= token.span.start {
            p += 1;
        }
        let mut q = p;
        let mut n = 0;
        let row = &mut out[i * TAGGER_OUTPUTS..(i + 1) * TAGGER_OUTPUTS];
        while q < pieces.len() && pieces[q].start < token.span.end {
            for (o, x) in row
                .iter_mut()
                .zip(&encoded.probs[q * TAGGER_OUTPUTS..(q + 1) * TAGGER_OUTPUTS])
            {
                *o += x;
            }
            n += 1;
            q += 1;
        }
        if n > 1 {
            row.iter_mut().for_each(|x| *x /= n as f32);
        }
    }
    out
}

/// The span head's technique probabilities for code points `start..end`,
/// or `None` when no piece lies inside.
pub fn span_probabilities(
    tower: &Tower,
    encoded: &Encoded,
    start: usize,
    end: usize,
) -> Option<Vec<f32>> {
    let inside: Vec<usize> = (0..encoded.pieces.len())
        .filter(|&q| encoded.pieces[q].start < end && encoded.pieces[q].end > start)
        .collect();
    if inside.is_empty() {
        return None;
    }
    let hidden = encoded.states.len() / encoded.pieces.len();
    let mut mean = vec![0f32; hidden];
    let mut max = vec![f32::NEG_INFINITY; hidden];
    for &q in &inside {
        for (j, x) in encoded.states[q * hidden..(q + 1) * hidden]
            .iter()
            .enumerate()
        {
            mean[j] += x / inside.len() as f32;
            max[j] = max[j].max(*x);
        }
    }
    mean.extend(max);
    let input = Tensor::from_vec(mean, (1, 2 * hidden), &Device::Cpu).ok()?;
    let logits = tower.span_head.forward(&input).ok()?;
    candle_nn::ops::softmax(&logits, D::Minus1)
        .ok()?
        .squeeze(0)
        .ok()?
        .to_vec1::<f32>()
        .ok()
}

static SHARED: std::sync::OnceLock<Result<AccurateModel, String>> = std::sync::OnceLock::new();

impl AccurateModel {
    /// The model of [`model_dir`], loaded once per process.
    pub fn shared() -> Result<&'static AccurateModel, String> {
        SHARED
            .get_or_init(|| {
                let trunk = unspun_encoder::shared_trunk()?;
                let weights = WEIGHTS_MODEL.load().map_err(|e| e.to_string())?;
                let settings = SETTINGS_MODEL.load().map_err(|e| e.to_string())?;
                AccurateModel::from_bytes(Cow::Borrowed(trunk), &weights, &settings)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The confidence a reader is shown for a span of this tier.
    pub fn shown_confidence(&self, span: &PredictedSpan) -> f32 {
        crate::model::shown_confidence(self.settings.calibration.as_ref(), span)
    }

    /// Finds and names the techniques of a prepared view.
    pub fn predict_view(
        &self,
        fast: &FastModel,
        view: &View,
    ) -> Result<Vec<PredictedSpan>, AccurateError> {
        let encoded = self.encode(view.doc)?;
        let probs = self.token_probabilities(fast, view, &encoded);
        let decoding = self.settings.decoding.decoding();
        Ok(fast
            .candidates_with(view, &probs, &decoding, &|a, b| {
                self.classify(fast, view, &encoded, a, b)
            })
            .into_iter()
            .map(|(s, _)| s)
            .collect())
    }

    /// Runs the model on a labelled split and scores SI, TC and full.
    pub fn evaluate(
        &self,
        fast: &FastModel,
        articles: &[Article],
    ) -> Result<Evaluation, AccurateError> {
        use rayon::prelude::*;
        let per_article: Vec<(Vec<ScoredRow>, Vec<Row>)> = articles
            .par_iter()
            .map(|a| {
                let view = View::new(&a.doc);
                let encoded = self.encode(&a.doc)?;
                let probs = self.token_probabilities(fast, &view, &encoded);
                let decoding = self.settings.decoding.decoding();
                let classify = |s: usize, e: usize| self.classify(fast, &view, &encoded, s, e);
                let predicted = fast
                    .candidates_with(&view, &probs, &decoding, &classify)
                    .into_iter()
                    .map(|(s, _)| {
                        let row = Row {
                            article: a.id.clone(),
                            technique: s.technique_name().to_string(),
                            start: s.start,
                            end: s.end,
                        };
                        (row, self.shown_confidence(&s))
                    })
                    .collect();
                Ok((predicted, name_rows(&classify, &a.gold)))
            })
            .collect::<Result<_, AccurateError>>()?;
        let (predicted, tc): (Vec<Vec<ScoredRow>>, Vec<Vec<Row>>) = per_article.into_iter().unzip();
        let (predicted, confidences): (Vec<Row>, Vec<f32>) =
            predicted.into_iter().flatten().unzip();
        let mut evaluation = score_rows(articles, predicted, tc.into_iter().flatten().collect());
        evaluation.confidences = confidences;
        Ok(evaluation)
    }

    /// Names the technique of every row, as [`crate::train::classify_rows`].
    pub fn classify_rows(&self, fast: &FastModel, articles: &[Article], rows: &[Row]) -> Vec<Row> {
        classify_rows_with(articles, rows, &|view, mine| match self.encode(view.doc) {
            Ok(encoded) => name_rows(&|s, e| self.classify(fast, view, &encoded, s, e), mine),
            Err(_) => name_rows(&|s, e| fast.classify(view, s, e), mine),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use unspun_core::segment;

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment::segment(&mut d);
        d
    }

    #[test]
    fn piece_probabilities_map_to_document_tokens_by_code_points() {
        // "Naïve “mob” — 北京": tokens and pieces share code-point offsets.
        let d = doc("Naïve “mob” rules 北京.\n");
        let view = View::new(&d);
        let pieces = vec![
            Piece {
                id: 1,
                start: 0,
                end: 3,
            }, // "nai"
            Piece {
                id: 2,
                start: 3,
                end: 5,
            }, // "##ve"
            Piece {
                id: 3,
                start: 6,
                end: 7,
            }, // "“"
            Piece {
                id: 4,
                start: 7,
                end: 10,
            }, // "mob"
            Piece {
                id: 5,
                start: 10,
                end: 11,
            }, // "”"
            Piece {
                id: 6,
                start: 12,
                end: 17,
            }, // "rules"
            Piece {
                id: 7,
                start: 18,
                end: 19,
            }, // "北"
            Piece {
                id: 8,
                start: 19,
                end: 20,
            }, // "京"
        ];
        let mut probs = vec![0f32; pieces.len() * TAGGER_OUTPUTS];
        for (q, row) in probs.chunks_exact_mut(TAGGER_OUTPUTS).enumerate() {
            row[0] = q as f32 / 10.0;
        }
        let encoded = Encoded {
            states: vec![0.0; pieces.len() * 4],
            pieces,
            probs,
        };
        let p = token_probabilities(&view, &encoded);
        let by_text: HashMap<&str, f32> = d
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (d.slice(t.span), p[i * TAGGER_OUTPUTS]))
            .collect();
        assert!((by_text["Naïve"] - 0.05).abs() < 1e-6, "{by_text:?}");
        assert!((by_text["mob"] - 0.3).abs() < 1e-6);
        assert!((by_text["rules"] - 0.5).abs() < 1e-6);
        let cjk: f32 = d
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| d.slice(t.span).contains('北'))
            .map(|(i, _)| p[i * TAGGER_OUTPUTS])
            .next()
            .unwrap();
        assert!(cjk > 0.55 && cjk < 0.75, "{cjk}");
    }

    #[test]
    fn decoding_settings_round_trip_through_json() {
        let mut d = Decoding {
            start_threshold: 0.3,
            continue_threshold: 0.2,
            keep_any_spans: false,
            second_label_threshold: 0.4,
            ..Decoding::default()
        };
        d.technique_start[3] = 0.45;
        d.technique_continue[3] = 0.25;
        let settings = AccurateSettings {
            token_mix: 0.7,
            class_mix: 0.5,
            decoding: DecodingSettings::from(&d),
            calibration: Some(unspun_learn::calibration::Calibration {
                points: vec![(0.1, 0.05), (0.5, 0.4)],
            }),
            info: serde_json::json!({"epoch": 2}),
        };
        let json = serde_json::to_string(&settings).unwrap();
        let back: AccurateSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, settings);
        assert_eq!(back.decoding.decoding(), d);
    }

    #[test]
    fn blend_weighs_the_accurate_side() {
        assert_eq!(blend(&[1.0, 0.0], &[0.0, 1.0], 0.75), vec![0.75, 0.25]);
    }

    #[test]
    fn a_missing_model_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = AccurateModel::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(VOCAB_FILE) && err.contains("--model fast"),
            "{err}"
        );
    }

    #[test]
    fn sequences_cut_long_sentences_into_windows() {
        let vocab_text = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "word", "."].join("\n");
        let vocab = unspun_encoder::Vocab::from_text(&vocab_text).unwrap();
        let config = unspun_encoder::Config {
            vocab_size: 6,
            hidden: 4,
            layers: 0,
            heads: 1,
            intermediate: 4,
            max_positions: 8,
        };
        let dev = Device::Cpu;
        let t = |shape: &[usize]| Tensor::zeros(shape, DType::F32, &dev).unwrap();
        let tensors: HashMap<String, Tensor> = [
            ("embeddings.word_embeddings.weight", t(&[6, 4])),
            ("embeddings.position_embeddings.weight", t(&[8, 4])),
            ("embeddings.token_type_embeddings.weight", t(&[2, 4])),
            ("embeddings.LayerNorm.weight", t(&[4])),
            ("embeddings.LayerNorm.bias", t(&[4])),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let trunk = Trunk::from_tensors(tensors, vocab, config, 0).unwrap();
        let text = format!("{}.\n", vec!["word"; 300].join(" "));
        let seqs = sequences(&trunk, &doc(&text));
        assert_eq!(seqs.len(), 3);
        assert!(seqs
            .iter()
            .all(|s| s.ids.len() <= unspun_encoder::trunk::MAX_SEQUENCE));
        assert_eq!(seqs.iter().map(|s| s.pieces.len()).sum::<usize>(), 301);
        assert_eq!(seqs[0].ids[0], 2);
        assert_eq!(*seqs[0].ids.last().unwrap(), 3);
        assert_eq!(seqs[1].pieces[0].start, 126 * 5);
    }
}
