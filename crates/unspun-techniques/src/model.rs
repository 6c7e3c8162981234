//! The fast tier: a token tagger that finds technique spans and a span
//! classifier that names them, with the versioned binary model format.
//!
//! Format (version 1), gzip-compressed: the magic `UNSPUNTQ`, a little-endian
//! `u32` version, a `u32` length and that many bytes of JSON header
//! ([`Decoding`] settings and training facts), then two linear models (span
//! tagger, technique classifier), each as `u32` bits, `u32` outputs, `f32`
//! scale, `outputs` × `f32` biases and `2^bits × outputs` × `i16` weights
//! (weight = value × scale). Writing is deterministic.

use unspun_core::{Document, TokenKind};
use unspun_learn::calibration::Calibration;
use unspun_learn::format::{self, ByteReader, ByteWriter, FormatError};
use unspun_learn::linear::Linear;
use unspun_learn::LazyModel;

use crate::features::{is_function_word, span_features, token_features, Hashed, View};
use crate::TECHNIQUES;

const MAGIC: &[u8; 8] = b"UNSPUNTQ";
/// Version of the model format this code reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The fast-tier model file, embedded in the binary.
pub static FAST_MODEL: LazyModel<FastModel> =
    LazyModel::new(unspun_learn::embed_model!("techniques-fast.bin"), |bytes| {
        FastModel::from_bytes(bytes).map_err(|e| e.to_string())
    });

/// Why a model could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes are not a model of a version this code reads.
    #[error("not a techniques model: {0}")]
    Format(String),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The model file could not be found or read.
    #[error(transparent)]
    Load(#[from] unspun_learn::LoadError),
}

impl From<FormatError> for ModelError {
    fn from(e: FormatError) -> Self {
        ModelError::Format(e.to_string())
    }
}

/// Outputs of the tagger: 0 is "inside any technique", `1 + k` is "inside
/// technique `k`" of [`TECHNIQUES`].
pub const TAGGER_OUTPUTS: usize = 1 + TECHNIQUES.len();

/// How token probabilities become spans, and spans techniques.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoding {
    /// A span of any technique starts at a token whose probability reaches this.
    pub start_threshold: f32,
    /// A started span goes on over tokens whose probability reaches this.
    pub continue_threshold: f32,
    /// Per technique: a span of that technique starts at this probability
    /// (above 1: the technique is never tagged on its own).
    pub technique_start: [f32; 14],
    /// Per technique: and goes on at this probability.
    pub technique_continue: [f32; 14],
    /// Whether spans of "any technique" that meet no technique span are
    /// kept, named by the classifier.
    pub keep_any_spans: bool,
    /// Such a span also gets its second most likely technique when that
    /// technique's probability reaches this (above 1: never).
    pub second_label_threshold: f32,
}

impl Default for Decoding {
    fn default() -> Self {
        Self {
            start_threshold: 0.5,
            continue_threshold: 0.4,
            technique_start: [2.0; 14],
            technique_continue: [2.0; 14],
            keep_any_spans: true,
            second_label_threshold: 2.0,
        }
    }
}

/// One technique found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictedSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Index into [`TECHNIQUES`].
    pub technique: usize,
    /// Mean probability of the span's tokens being inside a technique.
    pub span_probability: f32,
    /// Probability of the technique given the span (for spans that the
    /// technique's own tagger output found: its mean token probability).
    pub technique_probability: f32,
}

impl PredictedSpan {
    /// The technique's name.
    pub fn technique_name(&self) -> &'static str {
        TECHNIQUES[self.technique]
    }
    /// Overall confidence: span probability × technique probability, or
    /// the technique output's probability for a technique's own span.
    pub fn confidence(&self) -> f32 {
        if self.span_probability == self.technique_probability {
            self.span_probability
        } else {
            self.span_probability * self.technique_probability
        }
    }
}

/// A span's raw confidence through `calibration` (when there is one).
pub fn shown_confidence(calibration: Option<&Calibration>, span: &PredictedSpan) -> f32 {
    let raw = span.confidence();
    calibration.map_or(raw, |c| c.apply(raw))
}

/// The fast-tier model.
#[derive(Debug, Clone, PartialEq)]
pub struct FastModel {
    /// Binary tagger: is this token inside a technique span?
    pub tagger: Linear,
    /// Multinomial classifier over [`TECHNIQUES`].
    pub classifier: Linear,

    /// Decoding settings.
    pub decoding: Decoding,
    /// Maps a span's raw confidence to the share of such marks that were
    /// right on held-out articles (`None`: raw confidences are shown).
    pub calibration: Option<Calibration>,
    /// Free facts about training (data, scores, settings), kept in the header.
    pub info: serde_json::Value,
}

fn trim_char(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | ',' | ':' | ';'))
}

impl FastModel {
    /// The shipped model (embedded, or `techniques-fast.bin` in
    /// `$UNSPUN_MODELS`), loaded once.
    pub fn embedded() -> Result<&'static FastModel, ModelError> {
        FAST_MODEL.get().map_err(ModelError::Format)
    }

    /// The confidence a reader is shown for a span: its raw confidence
    /// through the model's calibration.
    pub fn shown_confidence(&self, span: &PredictedSpan) -> f32 {
        shown_confidence(self.calibration.as_ref(), span)
    }

    /// Probabilities of each token of the document (row-major, one row of
    /// [`TAGGER_OUTPUTS`] per token; 0 for tokens outside sentences).
    pub fn token_probabilities(&self, view: &View) -> Vec<f32> {
        let mut feats = Vec::with_capacity(96);
        let mut out = vec![0.0; view.len() * TAGGER_OUTPUTS];
        for (i, row) in out.chunks_exact_mut(TAGGER_OUTPUTS).enumerate() {
            if view.sentence_of[i] == usize::MAX {
                continue;
            }
            feats.clear();
            token_features(view, i, &mut Hashed(&mut feats));
            self.tagger.sigmoids(&feats, row);
        }
        out
    }

    /// Spans of tagger output `output`: runs inside one sentence that start
    /// at probability `start` and go on at `cont`, trimmed of `. , : ;` at
    /// both ends. Returns (start, end, mean probability).
    pub fn decode_spans(
        &self,
        view: &View,
        probs: &[f32],
        output: usize,
        start: f32,
        cont: f32,
    ) -> Vec<(usize, usize, f32)> {
        let p = |i: usize| probs[i * TAGGER_OUTPUTS + output];
        let mut spans = Vec::new();
        if start > 1.0 {
            return spans;
        }
        for s in 0..view.doc.sentences.len() {
            let (first, end) = view.sentence_range(s);
            let mut i = first;
            while i < end {
                if p(i) < start {
                    i += 1;
                    continue;
                }
                let mut a = i;
                while a > first && p(a - 1) >= cont {
                    a -= 1;
                }
                let mut b = i + 1;
                while b < end && p(b) >= cont {
                    b += 1;
                }
                i = b;
                let (mut ta, mut tb) = (a, b);
                while ta < tb && trim_char(view.text[ta]) {
                    ta += 1;
                }
                while tb > ta && trim_char(view.text[tb - 1]) {
                    tb -= 1;
                }
                // A mark needs a word that carries meaning: spans of
                // function words alone ("we", "to") are dropped.
                let has_word = (ta..tb).any(|j| match view.doc.tokens[j].kind {
                    TokenKind::Number => true,
                    TokenKind::Word => !is_function_word(&view.lower[j]),
                    _ => false,
                });
                if ta < tb && has_word {
                    let mean = (ta..tb).map(p).sum::<f32>() / (tb - ta) as f32;
                    spans.push((
                        view.doc.tokens[ta].span.start,
                        view.doc.tokens[tb - 1].span.end,
                        mean,
                    ));
                }
            }
        }
        spans.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
        spans
    }

    /// Technique probabilities of a span, in [`TECHNIQUES`] order.
    pub fn classify(&self, view: &View, start: usize, end: usize) -> Vec<f32> {
        let mut feats = Vec::with_capacity(128);
        span_features(view, start, end, &mut Hashed(&mut feats));
        let mut probs = vec![0.0; self.classifier.outputs];
        self.classifier.probabilities(&feats, &mut probs);
        probs
    }

    /// Finds and names the techniques of a segmented document.
    pub fn predict(&self, doc: &Document) -> Vec<PredictedSpan> {
        let view = View::new(doc);
        let probs = self.token_probabilities(&view);
        self.predict_with(&view, &probs, &self.decoding)
    }

    /// [`FastModel::predict`] with given token probabilities and decoding:
    /// the spans of every technique's own tagger output, then (when
    /// `keep_any_spans`) the "any technique" spans that meet none of them,
    /// named by the classifier (its probabilities weighted by the
    /// technique outputs of the tagger). Sorted by start, end, technique.
    pub fn predict_with(
        &self,
        view: &View,
        probs: &[f32],
        decoding: &Decoding,
    ) -> Vec<PredictedSpan> {
        self.candidates(view, probs, decoding)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    /// The predicted spans, each with whether it came from the "any
    /// technique" output (and was named by the classifier).
    pub fn candidates(
        &self,
        view: &View,
        probs: &[f32],
        decoding: &Decoding,
    ) -> Vec<(PredictedSpan, bool)> {
        self.candidates_with(view, probs, decoding, &|a, b| self.classify(view, a, b))
    }

    /// [`FastModel::candidates`] with another span classifier (technique
    /// probabilities of code points `start..end`), as the accurate tier uses.
    pub fn candidates_with(
        &self,
        view: &View,
        probs: &[f32],
        decoding: &Decoding,
        classify: &dyn Fn(usize, usize) -> Vec<f32>,
    ) -> Vec<(PredictedSpan, bool)> {
        let mut out = Vec::new();
        for k in 0..TECHNIQUES.len() {
            for (start, end, p) in self.decode_spans(
                view,
                probs,
                1 + k,
                decoding.technique_start[k],
                decoding.technique_continue[k],
            ) {
                out.push((
                    PredictedSpan {
                        start,
                        end,
                        technique: k,
                        span_probability: p,
                        technique_probability: p,
                    },
                    false,
                ));
            }
        }
        if decoding.keep_any_spans {
            // Spans are token-aligned, so token coverage tells overlaps.
            let mut covered = vec![false; view.len()];
            for (s, _) in &out {
                let (a, b) = view.tokens_in(s.start, s.end);
                covered[a..b].iter_mut().for_each(|c| *c = true);
            }
            for (start, end, p) in self.decode_spans(
                view,
                probs,
                0,
                decoding.start_threshold,
                decoding.continue_threshold,
            ) {
                let (a, b) = view.tokens_in(start, end);
                if covered[a..b].iter().any(|&c| c) {
                    continue;
                }
                // The classifier's probabilities, weighted by the mean
                // probability of each technique's tagger output over the span.
                let mut tp = classify(start, end);
                let (a, b) = view.tokens_in(start, end);
                for (k, x) in tp.iter_mut().enumerate() {
                    *x *= (a..b)
                        .map(|i| probs[i * TAGGER_OUTPUTS + 1 + k])
                        .sum::<f32>()
                        / (b - a).max(1) as f32;
                }
                let z: f32 = tp.iter().sum();
                if z > 0.0 {
                    tp.iter_mut().for_each(|x| *x /= z);
                }
                let mut order: Vec<usize> = (0..tp.len()).collect();
                order.sort_by(|&a, &b| tp[b].total_cmp(&tp[a]).then(a.cmp(&b)));
                for (rank, &k) in order.iter().take(2).enumerate() {
                    if rank == 1 && tp[k] < decoding.second_label_threshold {
                        break;
                    }
                    out.push((
                        PredictedSpan {
                            start,
                            end,
                            technique: k,
                            span_probability: p,
                            technique_probability: tp[k],
                        },
                        true,
                    ));
                }
            }
        }
        out.sort_by_key(|(s, _)| (s.start, s.end, s.technique));
        out
    }

    /// Serialises the model (deterministic bytes).
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        let header = serde_json::json!({
            "techniques": TECHNIQUES,
            "start_threshold": self.decoding.start_threshold,
            "continue_threshold": self.decoding.continue_threshold,
            "second_label_threshold": self.decoding.second_label_threshold,
            "technique_start": self.decoding.technique_start,
            "technique_continue": self.decoding.technique_continue,
            "keep_any_spans": self.decoding.keep_any_spans,
            "calibration": self.calibration,
            "info": self.info,
        });
        let header = serde_json::to_vec(&header).map_err(|e| ModelError::Format(e.to_string()))?;
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        raw.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        raw.extend_from_slice(&(header.len() as u32).to_le_bytes());
        raw.extend_from_slice(&header);
        write_linear(&mut raw, &self.tagger);
        write_linear(&mut raw, &self.classifier);
        Ok(format::gzip(&raw))
    }

    /// Reads a model written by [`FastModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let raw =
            format::gunzip(bytes).map_err(|e| ModelError::Format(format!("not gzip data: {e}")))?;
        let mut r = ByteReader::new(&raw);
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("bad magic".into()));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Format(format!(
                "format version {version}, this build reads {FORMAT_VERSION}"
            )));
        }
        let len = r.u32()? as usize;
        let header: serde_json::Value = serde_json::from_slice(r.take(len)?)
            .map_err(|e| ModelError::Format(format!("header: {e}")))?;
        let names: Vec<&str> = header["techniques"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        if names != TECHNIQUES {
            return Err(ModelError::Format(
                "technique list differs from this build's".into(),
            ));
        }
        let f = |k: &str| {
            header[k]
                .as_f64()
                .map(|v| v as f32)
                .ok_or_else(|| ModelError::Format(format!("header lacks {k}")))
        };
        let array = |k: &str| -> Result<[f32; 14], ModelError> {
            let v: Vec<f32> = header[k]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_f64())
                .map(|x| x as f32)
                .collect();
            v.try_into()
                .map_err(|_| ModelError::Format(format!("header lacks {k}")))
        };
        let decoding = Decoding {
            start_threshold: f("start_threshold")?,
            continue_threshold: f("continue_threshold")?,
            technique_start: array("technique_start")?,
            technique_continue: array("technique_continue")?,
            keep_any_spans: header["keep_any_spans"].as_bool().unwrap_or(true),
            second_label_threshold: f("second_label_threshold")?,
        };
        let tagger = read_linear(&mut r)?;
        let classifier = read_linear(&mut r)?;
        if tagger.outputs != TAGGER_OUTPUTS
            || classifier.outputs != TECHNIQUES.len()
            || !r.is_at_end()
        {
            return Err(ModelError::Format("unexpected model shapes".into()));
        }
        let calibration = match &header["calibration"] {
            serde_json::Value::Null => None,
            v => Some(
                serde_json::from_value(v.clone())
                    .map_err(|e| ModelError::Format(format!("header calibration: {e}")))?,
            ),
        };
        Ok(Self {
            tagger,
            classifier,
            decoding,
            calibration,
            info: header["info"].clone(),
        })
    }

    /// Writes the model to a file.
    pub fn save(&self, path: &std::path::Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()?)?;
        Ok(())
    }

    /// Reads a model from a file.
    pub fn load(path: &std::path::Path) -> Result<Self, ModelError> {
        Self::from_bytes(&unspun_learn::models::read(path)?)
    }
}

fn write_linear(out: &mut Vec<u8>, m: &Linear) {
    let scale = format::scale_i16(&m.weights);
    out.put_u32(m.bits);
    out.put_u32(m.outputs as u32);
    out.put_f32(scale);
    out.put_f32s(&m.bias);
    format::write_dense_i16(out, &m.weights, scale);
}

fn read_linear(r: &mut ByteReader) -> Result<Linear, ModelError> {
    let bits = r.u32()?;
    let outputs = r.u32()? as usize;
    if !(1..=26).contains(&bits) || !(1..=64).contains(&outputs) {
        return Err(ModelError::Format("bad model dimensions".into()));
    }
    let scale = format::read_scale(r)?;
    let bias = r.f32s(outputs)?;
    let weights = format::read_dense_i16(r, (1usize << bits) * outputs, scale)?;
    Ok(Linear {
        bits,
        outputs,
        weights,
        bias,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::features::feature_hash;
    use unspun_core::segment;

    /// A tiny hand-set model: "radical" starts spans, "mob" continues them,
    /// and the classifier calls spans with "mob" Name_Calling.
    pub(crate) fn tiny_model() -> FastModel {
        let mut tagger = Linear::new(16, TAGGER_OUTPUTS);
        tagger.bias.fill(-4.0);
        let r = tagger.row(feature_hash("w", "radical"));
        tagger.weights[r] = 8.0;
        let r = tagger.row(feature_hash("w", "mob"));
        tagger.weights[r] = 3.9;
        let mut classifier = Linear::new(16, TECHNIQUES.len());
        let r = classifier.row(feature_hash("u", "mob"));
        classifier.weights[r + 1] = 5.0;
        FastModel {
            tagger,
            classifier,
            calibration: None,
            decoding: Decoding::default(),
            info: serde_json::json!({"test": true}),
        }
    }

    fn doc(text: &str) -> Document {
        let mut d = Document::new("article1", text);
        segment::segment(&mut d);
        d
    }

    #[test]
    fn round_trip_is_exact_after_quantisation_and_deterministic() {
        let m = tiny_model();
        let bytes = m.to_bytes().unwrap();
        assert_eq!(bytes, m.to_bytes().unwrap());
        let back = FastModel::from_bytes(&bytes).unwrap();
        assert_eq!(back.decoding, m.decoding);
        assert_eq!(back.info, m.info);
        for (a, b) in back.tagger.weights.iter().zip(&m.tagger.weights) {
            assert!((a - b).abs() < 1e-3);
        }
        assert_eq!(back.to_bytes().unwrap(), bytes);
        assert_eq!(back.calibration, None);
    }

    #[test]
    fn the_calibration_travels_in_the_header_and_maps_confidences() {
        let mut m = tiny_model();
        m.calibration = Some(Calibration {
            points: vec![(0.1, 0.05), (0.5, 0.45)],
        });
        let back = FastModel::from_bytes(&m.to_bytes().unwrap()).unwrap();
        assert_eq!(back.calibration, m.calibration);
        let span = PredictedSpan {
            start: 0,
            end: 1,
            technique: 0,
            span_probability: 0.3,
            technique_probability: 0.3,
        };
        assert!((back.shown_confidence(&span) - 0.25).abs() < 1e-6);
        assert!((tiny_model().shown_confidence(&span) - 0.3).abs() < 1e-6);
    }

    #[test]
    fn rejects_bad_bytes() {
        assert!(FastModel::from_bytes(b"").is_err());
        assert!(FastModel::from_bytes(b"not a model at all").is_err());
        let bytes = tiny_model().to_bytes().unwrap();
        let mut raw = format::gunzip(&bytes).unwrap();
        raw[8] = 99; // version
        let err = FastModel::from_bytes(&format::gzip(&raw)).unwrap_err();
        assert!(err.to_string().contains("version"), "{err}");
        raw[8] = 1;
        assert!(FastModel::from_bytes(&format::gzip(&raw)).is_ok());
        assert!(FastModel::from_bytes(&format::gzip(&raw[..raw.len() / 2])).is_err());
    }

    #[test]
    fn predicts_code_point_spans_on_non_ascii_text() {
        // "Ünïcödé" and the curly quotes make byte and code-point offsets differ.
        let text = "Ünïcödé “news” — été\n\nThe radical mob, they say.\n";
        let d = doc(text);
        let spans = tiny_model().predict(&d);
        assert_eq!(spans.len(), 1);
        let s = &spans[0];
        let chars: Vec<char> = text.chars().collect();
        let covered: String = chars[s.start..s.end].iter().collect();
        assert_eq!(covered, "radical mob");
        assert_eq!(
            d.slice(unspun_core::Span::new(s.start, s.end)),
            "radical mob"
        );
        assert_eq!(s.technique_name(), "Name_Calling,Labeling");
        let view = View::new(&d);
        let why = crate::explain::explain(&view, s);
        assert!(
            why.starts_with("Name calling, labeling: labelling"),
            "{why}"
        );
        assert!(why.contains("\u{201c}radical mob\u{201d}"), "{why}");
    }

    #[test]
    fn spans_are_trimmed_of_punctuation() {
        let mut m = tiny_model();
        // Make the comma continue spans, so the trim has something to cut.
        let r = m.tagger.row(feature_hash("w", ","));
        m.tagger.weights[r] = 3.9;
        let d = doc("T\n\nThe radical, they say.\n");
        let spans = m.predict(&d);
        assert_eq!(spans.len(), 1);
        assert_eq!(
            d.slice(unspun_core::Span::new(spans[0].start, spans[0].end)),
            "radical"
        );
    }
}
