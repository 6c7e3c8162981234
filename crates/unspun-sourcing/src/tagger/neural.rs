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

use candle_nn::VarBuilder;
use serde::{Deserialize, Serialize};
use unspun_core::Span;
use unspun_encoder::tagging::TagTower;
use unspun_encoder::tune::TowerFiles;
use unspun_encoder::TrunkStates;
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
/// Both files of the tower.
pub static FILES: TowerFiles = TowerFiles {
    weights: &WEIGHTS_MODEL,
    settings: &SETTINGS_MODEL,
};

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

/// The tower and its tag head (a [`TagTower`] of the seven tags).
#[derive(Debug, Clone)]
pub struct NeuralTagger {
    pub(crate) tower: TagTower,
    /// Its settings.
    pub settings: NeuralSettings,
}

/// Name of the tag head's tensors.
pub(crate) const HEAD: &str = "tag_head";

impl NeuralTagger {
    /// Builds the tower from a var builder (names `encoder.layer.N.*` for
    /// the tower's layers and `tag_head.*`).
    pub fn load(vb: VarBuilder, settings: NeuralSettings) -> candle_core::Result<Self> {
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
        static SHARED: OnceLock<Result<NeuralTagger, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| FILES.load(Self::load))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The tag log-probabilities of every token (`tokens`: the document's
    /// token spans, sorted): each token takes its first piece's.
    pub fn token_log_probs(
        &self,
        states: &TrunkStates,
        tokens: &[Span],
    ) -> candle_core::Result<Vec<TokenLogProbs>> {
        Ok(self
            .tower
            .token_log_probs(states, tokens)?
            .into_iter()
            .map(|lp| {
                lp.filter(|v| v.len() == L).map(|v| {
                    let mut a = [0f32; L];
                    a.copy_from_slice(&v);
                    a
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_json() {
        let settings = NeuralSettings {
            layers: 1,
            linear_weight: 0.003,
            info: serde_json::json!({"epoch": 2}),
        };
        let back: NeuralSettings =
            serde_json::from_str(&serde_json::to_string(&settings).unwrap()).unwrap();
        assert_eq!(back.layers, 1);
        assert_eq!(back.linear_weight, 0.003);
        assert_eq!(back.info["epoch"], 2);
    }
}
