//! Core of unspun: the document model (text, metadata, segmentation, layers
//! of annotated spans, document-level summaries), the typed definition of
//! every standard layer ([`layers`]), English news segmentation, datelines
//! and dates, and the pipeline that analysers plug into.
//!
//! Every span is a half-open range of Unicode code points of the document
//! text (see [`Span`]); [`OffsetMap`] converts to byte offsets for slicing.

pub mod dateline;
pub mod dates;
pub mod document;
pub mod extensions;
pub mod language;
pub mod layer;
pub mod layers;
pub mod offsets;
pub mod pipeline;
pub mod segment;
pub mod shape;
pub mod stages;
pub mod summary;
pub mod words;

pub use document::{Dateline, Document, Metadata, Paragraph, Sentence, Span, Token, TokenKind};
pub use extensions::Extensions;
pub use layer::{Annotation, Layer};
pub use layers::LayerItem;
pub use offsets::OffsetMap;
pub use pipeline::{
    AnalyzeError, Analyzer, Languages, Pipeline, PipelineError, StageRun, StageStatus,
};
pub use summary::{ArticleSummary, SourcingSummary};
