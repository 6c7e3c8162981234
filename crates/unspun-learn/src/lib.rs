//! The learning toolkit of unspun, shared by every analyser that ships a
//! trained model:
//!
//! * [`hash`]: FNV-1a feature hashing;
//! * [`chain`]: linear-chain (BIO) taggers over hashed features and their
//!   Viterbi decoding;
//! * [`perceptron`]: the averaged perceptron trainers (structured, for the
//!   chains, and multiclass);
//! * [`calibration`]: reliability tables and isotonic calibration maps;
//! * [`linear`]: hashed-feature logistic models and their AdaGrad trainer;
//! * [`format`]: the binary model formats (little-endian values, gzip,
//!   weights quantised to `i8`/`i16`);
//! * [`metrics`]: F1 and macro-F1;
//! * [`models`]: finding and loading model files (`$UNSPUN_MODELS`, the
//!   embedded copies, the checkout's `models/`);
//! * [`rng`]: the seeded shuffles that make training deterministic.
//!
//! It depends on no other unspun crate.

pub mod calibration;
pub mod chain;
pub mod format;
pub mod hash;
pub mod linear;
pub mod metrics;
pub mod models;
pub mod perceptron;
pub mod rng;

pub use models::{LazyModel, LoadError, ModelFile};
