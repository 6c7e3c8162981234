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

/// The layers whose names are fixed top-level keys of the JSON record, in
/// the order they appear there.
pub const STANDARD_LAYERS: &[&str] = &[
    "techniques",
    "attributions",
    "entities",
    "stances",
    "decisions",
];
