//! The accurate tier's attribution tagger: a tower over the shared trunk.
//!
//! The tower is a fine-tuned copy of the base network's layer(s) above the
//! shared trunk ([`unspun_encoder::TrunkStates`], computed once by the
//! `encoder` stage) and a softmax head that gives every WordPiece the
//! seven BIO tags of [`super::LABELS`]. A document token takes the
//! log-probabilities of its first piece. Decoding adds them to the linear
//! tagger's scores (weighted by [`NeuralSettings::linear_weight`], chosen
//! on held-out training folds) and runs Viterbi under the BIO constraints,
//! so the linear tagger's paragraph-wide features and the tower's
//! contextual states decide together.
//!
//! Files: `attribution-accurate.safetensors` (the tower and head, f16) and
//! `attribution-accurate.json` ([`NeuralSettings`]).

use std::sync::OnceLock;

use candle_core::{DType, Device, Tensor, D};
use candle_nn::{Linear, Module, VarBuilder};
use serde::{Deserialize, Serialize};
use unspun_core::Span;
use unspun_encoder::bert::{self, Layer, Mode};
use unspun_encoder::{Config, TrunkStates, TRUNK_LAYERS};
use unspun_learn::ModelFile;

use super::L;

/// File name of the tower's weights.
pub const WEIGHTS_FILE: &str = "attribution-accurate.safetensors";
/// File name of the tower's settings.
pub const SETTINGS_FILE: &str = "attribution-accurate.json";
/// The tower's weights, read at run time (accurate tier).
pub static WEIGHTS_MODEL: ModelFile = ModelFile::external(WEIGHTS_FILE);
/// The tower's settings, read at run time (accurate tier).
pub static SETTINGS_MODEL: ModelFile = ModelFile::external(SETTINGS_FILE);

/// Tag log-probabilities of one token (`None`: no piece of the encoder
/// starts inside the token).
pub type TokenLogProbs = Option<[f32; L]>;

/// Settings saved with the tower.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NeuralSettings {
    /// Encoder layers in the tower (copies of the base network's layers
    /// from the trunk's top upward).
    pub layers: usize,
    /// Weight of the linear tagger's emission and transition scores
    /// against the tower's log-probabilities when decoding.
    pub linear_weight: f32,
    /// Training facts (data, epoch, held-out scores, options).
    #[serde(default)]
    pub info: serde_json::Value,
}

/// The tower and its tag head.
#[derive(Debug, Clone)]
pub struct NeuralTagger {
    pub(crate) layers: Vec<Layer>,
    pub(crate) head: Linear,
    /// Its settings.
    pub settings: NeuralSettings,
}

impl NeuralTagger {
    /// Builds the tower from a var builder (names `encoder.layer.N.*` for
    /// the tower's layers and `tag_head.*`).
    pub fn load(vb: VarBuilder, settings: NeuralSettings) -> candle_core::Result<Self> {
        let config = Config::MINILM_L6;
        let top = (TRUNK_LAYERS + settings.layers).min(config.layers);
        Ok(Self {
            layers: bert::load_layers(&config, TRUNK_LAYERS..top, vb.clone())?,
            head: candle_nn::linear(config.hidden, L, vb.pp("tag_head"))?,
            settings,
        })
    }

    /// The tower from the bytes of its safetensors file and the text of
    /// its settings.
    pub fn from_bytes(weights: &[u8], settings: &str) -> Result<Self, String> {
        let settings: NeuralSettings =
            serde_json::from_str(settings).map_err(|e| format!("{SETTINGS_FILE}: {e}"))?;
        let tensors =
            unspun_encoder::tune::load_f32(weights).map_err(|e| format!("{WEIGHTS_FILE}: {e}"))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
        Self::load(vb, settings).map_err(|e| format!("{WEIGHTS_FILE}: {e}"))
    }

    /// The shipped tower (see [`unspun_learn::models`]), loaded once per
    /// process.
    pub fn shared() -> Result<&'static Self, String> {
        static SHARED: OnceLock<Result<NeuralTagger, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                let weights = WEIGHTS_MODEL.load().map_err(|e| e.to_string())?;
                let settings = SETTINGS_MODEL.load_str().map_err(|e| e.to_string())?;
                Self::from_bytes(&weights, &settings)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Tag logits `[batch, length, L]` from trunk states and the 0/1 mask.
    pub fn logits(
        &self,
        states: &Tensor,
        mask: &Tensor,
        mode: Mode,
    ) -> candle_core::Result<Tensor> {
        let bias = bert::mask_bias(mask)?;
        let h = bert::run_layers(&self.layers, 0..self.layers.len(), states, &bias, mode)?;
        self.head.forward(&h)
    }

    /// The tag log-probabilities of every token (`tokens`: the document's
    /// token spans, sorted): each token takes its first piece's.
    pub fn token_log_probs(
        &self,
        states: &TrunkStates,
        tokens: &[Span],
    ) -> candle_core::Result<Vec<TokenLogProbs>> {
        let mut out: Vec<TokenLogProbs> = vec![None; tokens.len()];
        for batch in &states.batches {
            let logits = self.logits(&batch.states, &batch.batch.mask, Mode::Infer)?;
            let lp = candle_nn::ops::log_softmax(&logits, D::Minus1)?.to_vec3::<f32>()?;
            for (r, &seq) in batch.rows.iter().enumerate() {
                let (Some(sequence), Some(row)) = (states.sequences.get(seq), lp.get(r)) else {
                    continue;
                };
                for (j, piece) in sequence.pieces.iter().enumerate() {
                    let Some(k) = token_of(tokens, piece.start) else {
                        continue;
                    };
                    if out[k].is_some() {
                        continue;
                    }
                    if let Some(v) = row.get(j + 1).filter(|v| v.len() == L) {
                        let mut a = [0f32; L];
                        a.copy_from_slice(v);
                        out[k] = Some(a);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The token (index into sorted `tokens`) that holds code point `at`.
pub(crate) fn token_of(tokens: &[Span], at: usize) -> Option<usize> {
    let k = tokens.partition_point(|t| t.end <= at);
    tokens.get(k).filter(|t| t.start <= at).map(|_| k)
}

/// Emissions for decoding: the tower's log-probabilities plus `weight` ×
/// the linear scores (a token without a piece keeps the linear scores).
pub(crate) fn combine(linear: &[[f32; L]], neural: &[TokenLogProbs], weight: f32) -> Vec<[f32; L]> {
    linear
        .iter()
        .zip(neural)
        .map(|(lin, nn)| {
            let mut e = [0f32; L];
            for y in 0..L {
                e[y] = weight * lin[y] + nn.map_or(0.0, |p| p[y]);
            }
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_of_finds_the_token_holding_a_code_point() {
        let toks = [Span::new(0, 3), Span::new(4, 9), Span::new(9, 10)];
        assert_eq!(token_of(&toks, 0), Some(0));
        assert_eq!(token_of(&toks, 2), Some(0));
        assert_eq!(token_of(&toks, 3), None);
        assert_eq!(token_of(&toks, 6), Some(1));
        assert_eq!(token_of(&toks, 9), Some(2));
        assert_eq!(token_of(&toks, 10), None);
    }

    #[test]
    fn combine_weights_the_linear_scores_and_adds_log_probabilities() {
        let lin = [[1.0; L], [2.0; L]];
        let mut p = [0.0; L];
        p[3] = -0.5;
        let e = combine(&lin, &[Some(p), None], 0.5);
        assert_eq!(e[0][3], 0.0);
        assert_eq!(e[0][0], 0.5);
        assert_eq!(e[1], [1.0; L]);
    }
}
