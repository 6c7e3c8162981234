//! The shared trunk: vocabulary, embeddings and the lower layers, loaded
//! from a safetensors file (f16 or f32) and run in f32 on the CPU.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;

use crate::bert::{self, Config, Embeddings, Layer};
use crate::wordpiece::{Piece, Vocab, VocabError};

/// Number of lower layers in the shared trunk; the layers above belong to
/// task towers.
pub const TRUNK_LAYERS: usize = 4;

/// Longest sequence the encoder is given, in pieces, `[CLS]` and `[SEP]`
/// included; longer sentences are cut into windows.
pub const MAX_SEQUENCE: usize = 128;

/// Errors of loading or running the encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The vocabulary is unusable.
    #[error(transparent)]
    Vocab(#[from] VocabError),
    /// candle failed (bad weights, shapes).
    #[error("encoder: {0}")]
    Candle(#[from] candle_core::Error),
}

/// A batch of piece sequences, padded to one length.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Piece ids `[batch, length]` (u32).
    pub ids: Tensor,
    /// 1 for real pieces, 0 for padding `[batch, length]` (u32).
    pub mask: Tensor,
    /// Real length of each sequence.
    pub lengths: Vec<usize>,
}

impl Batch {
    /// Pads `sequences` (each already with `[CLS]` … `[SEP]`) with `pad`.
    pub fn new(sequences: &[Vec<u32>], pad: u32, device: &Device) -> candle_core::Result<Self> {
        let length = sequences.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(sequences.len() * length);
        let mut mask = Vec::with_capacity(sequences.len() * length);
        for s in sequences {
            ids.extend_from_slice(s);
            ids.extend(std::iter::repeat_n(pad, length - s.len()));
            mask.extend(std::iter::repeat_n(1u32, s.len()));
            mask.extend(std::iter::repeat_n(0u32, length - s.len()));
        }
        let shape = (sequences.len(), length);
        Ok(Self {
            ids: Tensor::from_vec(ids, shape, device)?,
            mask: Tensor::from_vec(mask, shape, device)?,
            lengths: sequences.iter().map(Vec::len).collect(),
        })
    }
}

/// Cuts `pieces` into windows of at most [`MAX_SEQUENCE`] − 2 pieces.
pub fn windows(pieces: &[Piece]) -> Vec<Range<usize>> {
    let step = MAX_SEQUENCE - 2;
    (0..pieces.len())
        .step_by(step)
        .map(|a| a..(a + step).min(pieces.len()))
        .collect()
}

/// Vocabulary, embeddings and the trunk's layers.
#[derive(Debug, Clone)]
pub struct Trunk {
    /// Sizes of the whole encoder.
    pub config: Config,
    /// The WordPiece vocabulary.
    pub vocab: Vocab,
    embeddings: Embeddings,
    layers: Vec<Layer>,
    device: Device,
}

/// Converts every tensor to f32 (weights may be stored as f16).
pub fn to_f32(tensors: HashMap<String, Tensor>) -> candle_core::Result<HashMap<String, Tensor>> {
    tensors
        .into_iter()
        .map(|(k, t)| Ok((k, t.to_dtype(DType::F32)?)))
        .collect()
}

impl Trunk {
    /// Builds the trunk from named tensors (`embeddings.*`,
    /// `encoder.layer.N.*` for N < `layers`).
    pub fn from_tensors(
        tensors: HashMap<String, Tensor>,
        vocab: Vocab,
        config: Config,
        layers: usize,
    ) -> Result<Self, EncoderError> {
        let device = Device::Cpu;
        let vb = VarBuilder::from_tensors(to_f32(tensors)?, DType::F32, &device);
        Ok(Self {
            config,
            vocab,
            embeddings: Embeddings::load(&config, vb.pp("embeddings"))?,
            layers: bert::load_layers(&config, 0..layers, vb)?,
            device,
        })
    }

    /// Loads the trunk from a safetensors file and a `vocab.txt`.
    pub fn load(weights: &Path, vocab: &Path, layers: usize) -> Result<Self, EncoderError> {
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| EncoderError::Io { path, source }
        };
        let vocab_text = std::fs::read_to_string(vocab).map_err(io(vocab))?;
        let bytes = std::fs::read(weights).map_err(io(weights))?;
        Self::from_bytes(&bytes, &vocab_text, layers)
    }

    /// The trunk from the bytes of its safetensors file (f16 or f32) and
    /// the text of its vocabulary.
    pub fn from_bytes(weights: &[u8], vocab: &str, layers: usize) -> Result<Self, EncoderError> {
        let tensors = candle_core::safetensors::load_buffer(weights, &Device::Cpu)?;
        Self::from_tensors(tensors, Vocab::from_text(vocab)?, Config::MINILM_L6, layers)
    }

    /// The device tensors live on (the CPU).
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Number of layers in the trunk.
    pub fn layers(&self) -> usize {
        self.layers.len()
    }

    /// Hidden states `[batch, length, hidden]` after the trunk's layers.
    pub fn forward(&self, batch: &Batch) -> candle_core::Result<Tensor> {
        let bias = bert::mask_bias(&batch.mask)?;
        let x = self.embeddings.forward(&batch.ids)?;
        bert::run_layers(
            &self.layers,
            0..self.layers.len(),
            &x,
            &bias,
            bert::Mode::Infer,
        )
    }

    /// Saves embeddings and trunk layers as f16 safetensors.
    pub fn save_f16(
        tensors: &HashMap<String, Tensor>,
        layers: usize,
        path: &Path,
    ) -> candle_core::Result<()> {
        let keep: HashMap<String, Tensor> = tensors
            .iter()
            .filter(|(k, _)| {
                k.starts_with("embeddings.") && !k.ends_with("position_ids")
                    || (0..layers).any(|i| k.starts_with(&format!("encoder.layer.{i}.")))
            })
            .map(|(k, t)| Ok((k.clone(), t.to_dtype(DType::F16)?)))
            .collect::<candle_core::Result<_>>()?;
        candle_core::safetensors::save(&keep, path)
    }
}
