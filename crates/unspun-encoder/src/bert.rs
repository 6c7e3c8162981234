//! A BERT encoder (post-layer-norm, GELU, absolute positions) in candle,
//! written for unspun so that any range of its layers can run on its own:
//! the frozen lower layers (the shared trunk) run once per text and each
//! task fine-tunes and runs its own copy of the top layers.

use std::ops::Range;

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{
    embedding, layer_norm, linear, Embedding, LayerNorm, LayerNormConfig, Linear, VarBuilder,
};

/// Sizes of a BERT encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Number of vocabulary pieces.
    pub vocab_size: usize,
    /// Width of the hidden states.
    pub hidden: usize,
    /// Number of transformer layers.
    pub layers: usize,
    /// Number of attention heads.
    pub heads: usize,
    /// Width of the feed-forward layer.
    pub intermediate: usize,
    /// Longest input, in pieces.
    pub max_positions: usize,
}

impl Config {
    /// all-MiniLM-L6-v2: 6 layers of width 384, 12 heads.
    pub const MINILM_L6: Config = Config {
        vocab_size: 30522,
        hidden: 384,
        layers: 6,
        heads: 12,
        intermediate: 1536,
        max_positions: 512,
    };
}

const LAYER_NORM_EPS: f64 = 1e-12;

fn norm(size: usize, vb: VarBuilder) -> Result<LayerNorm> {
    layer_norm(
        size,
        LayerNormConfig {
            eps: LAYER_NORM_EPS,
            ..Default::default()
        },
        vb,
    )
}

/// The embeddings: word + position + token type, then layer norm.
#[derive(Debug, Clone)]
pub struct Embeddings {
    words: Embedding,
    positions: Embedding,
    token_types: Embedding,
    norm: LayerNorm,
}

impl Embeddings {
    /// Loads the weights under `embeddings.`.
    pub fn load(config: &Config, vb: VarBuilder) -> Result<Self> {
        Ok(Self {
            words: embedding(config.vocab_size, config.hidden, vb.pp("word_embeddings"))?,
            positions: embedding(
                config.max_positions,
                config.hidden,
                vb.pp("position_embeddings"),
            )?,
            token_types: embedding(2, config.hidden, vb.pp("token_type_embeddings"))?,
            norm: norm(config.hidden, vb.pp("LayerNorm"))?,
        })
    }

    /// Hidden states `[batch, length, hidden]` of piece ids `[batch, length]`.
    pub fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        let (_, length) = ids.dims2()?;
        let positions = Tensor::arange(0u32, length as u32, ids.device())?;
        let words = self.words.forward(ids)?;
        let positions = self.positions.forward(&positions)?.unsqueeze(0)?;
        let types = self.token_types.forward(&ids.zeros_like()?)?;
        let sum = words.broadcast_add(&positions)?.add(&types)?;
        self.norm.forward(&sum)
    }
}

/// One transformer layer.
#[derive(Debug, Clone)]
pub struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
    heads: usize,
}

impl Layer {
    /// Loads the weights under `encoder.layer.N.`.
    pub fn load(config: &Config, vb: VarBuilder) -> Result<Self> {
        let h = config.hidden;
        let att = vb.pp("attention");
        Ok(Self {
            query: linear(h, h, att.pp("self").pp("query"))?,
            key: linear(h, h, att.pp("self").pp("key"))?,
            value: linear(h, h, att.pp("self").pp("value"))?,
            attention_out: linear(h, h, att.pp("output").pp("dense"))?,
            attention_norm: norm(h, att.pp("output").pp("LayerNorm"))?,
            intermediate: linear(h, config.intermediate, vb.pp("intermediate").pp("dense"))?,
            output: linear(config.intermediate, h, vb.pp("output").pp("dense"))?,
            output_norm: norm(h, vb.pp("output").pp("LayerNorm"))?,
            heads: config.heads,
        })
    }

    /// Runs the layer; `mask_bias` is `[batch, 1, 1, length]` (0 for real
    /// pieces, a large negative number for padding). `mode` chooses fused
    /// kernels (inference) or ops that carry gradients (training).
    pub fn forward(&self, x: &Tensor, mask_bias: &Tensor, mode: Mode) -> Result<Tensor> {
        let (b, t, h) = x.dims3()?;
        let d = h / self.heads;
        let split = |l: &Linear| -> Result<Tensor> {
            l.forward(x)?
                .reshape((b, t, self.heads, d))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = (split(&self.query)? * (1.0 / (d as f64).sqrt()))?;
        let k = split(&self.key)?;
        let v = split(&self.value)?;
        let scores = q.matmul(&k.t()?)?.broadcast_add(mask_bias)?;
        let probs = match mode {
            Mode::Infer => candle_nn::ops::softmax_last_dim(&scores)?,
            Mode::Train => candle_nn::ops::softmax(&scores, D::Minus1)?,
        };
        let context = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, t, h))?;
        let attended = normalize(
            &self.attention_norm,
            &(self.attention_out.forward(&context)? + x)?,
            mode,
        )?;
        let inner = self.intermediate.forward(&attended)?.gelu_erf()?;
        normalize(
            &self.output_norm,
            &(self.output.forward(&inner)? + attended)?,
            mode,
        )
    }
}

/// How a forward pass runs: candle's fused softmax and layer-norm kernels
/// have no backward pass (their gradient is silently dropped), so training
/// runs the same maths as ordinary tensor ops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Fused kernels, no gradients.
    Infer,
    /// Differentiable ops.
    Train,
}

fn normalize(norm: &LayerNorm, x: &Tensor, mode: Mode) -> Result<Tensor> {
    match (mode, norm.bias()) {
        (Mode::Train, Some(bias)) => {
            candle_nn::ops::layer_norm_slow(x, norm.weight(), bias, LAYER_NORM_EPS as f32)
        }
        _ => norm.forward(x),
    }
}

/// The additive attention mask `[batch, 1, 1, length]` of a 0/1 mask
/// `[batch, length]` (1 = a real piece).
pub fn mask_bias(mask: &Tensor) -> Result<Tensor> {
    let (b, t) = mask.dims2()?;
    ((mask.to_dtype(DType::F32)? - 1.0)? * 10_000.0)?.reshape((b, 1, 1, t))
}

/// Runs `layers[range]` over hidden states.
pub fn run_layers(
    layers: &[Layer],
    range: Range<usize>,
    x: &Tensor,
    mask_bias: &Tensor,
    mode: Mode,
) -> Result<Tensor> {
    let mut h = x.clone();
    for layer in &layers[range] {
        h = layer.forward(&h, mask_bias, mode)?;
    }
    Ok(h)
}

/// Loads layers `range` (named `encoder.layer.N`).
pub fn load_layers(config: &Config, range: Range<usize>, vb: VarBuilder) -> Result<Vec<Layer>> {
    range
        .map(|i| Layer::load(config, vb.pp(format!("encoder.layer.{i}"))))
        .collect()
}

/// Mean of hidden states `[batch, length, hidden]` over the real pieces.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let m = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?;
    let sum = hidden.broadcast_mul(&m)?.sum(1)?;
    let count = m.sum(1)?.clamp(1e-9, f64::MAX)?;
    sum.broadcast_div(&count)
}
