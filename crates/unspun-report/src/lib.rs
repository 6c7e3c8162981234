//! Output formats of unspun, all built from one analysed
//! [`unspun_core::Document`]:
//!
//! - [`json`]: the versioned JSON record (`json`, `jsonl`), see `docs/SCHEMA.md`;
//! - [`text`]: the terminal report for a person;
//! - [`html`]: one self-contained HTML page;
//! - [`semeval`]: `article_id<TAB>technique<TAB>start<TAB>end` rows.

pub mod html;
pub mod json;
pub mod semeval;
pub mod summary;
pub mod text;

/// The standard layers' definitions (name, label key), from the core.
pub use unspun_core::layers::{RECORD_LAYERS, STANDARD_LAYERS};
