//! Sourcing: who said what, what kind of source it is, and which sentences
//! are the outlet's own judgement.
//!
//! - [`extract`]: rule-based attribution relations (source, cue, content,
//!   direct or not) with source kinds ([`kinds`]) and pronoun linking.
//! - [`brat`] and [`score`]: PolNeAR's brat standoff files and the exact and
//!   overlap scores of the field; [`polnear`] runs the evaluation.
//! - [`cues`]: the cue list learned from PolNeAR train.
//! - [`tagger`]: the learned attribution tagger (BIO tags over the rules'
//!   output and lexical features) and its trainer.
//! - [`subjectivity`] and [`stage`]: sentence kinds and the pipeline stage;
//!   [`subjectivity_tower`]: the accurate tier's fine-tuned subjectivity
//!   tower.
//! - [`eval`]: the attribution and subjectivity scores of `unspun eval`.

pub mod accurate;
pub mod brat;
pub mod cues;
pub mod eval;
pub mod extract;
pub mod kinds;
pub mod lexicon;
pub mod polnear;
pub mod score;
pub mod stage;
pub mod subjectivity;
pub mod subjectivity_tower;
pub mod tagger;

pub use extract::{extract, Attribution, CueLexicon};
pub use kinds::SourceKind;
pub use stage::{SentenceKind, SourcingStage};
pub use tagger::Extractor;
