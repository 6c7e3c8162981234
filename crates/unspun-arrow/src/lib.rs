//! unspun's analysis records as Apache Arrow record batches and Parquet
//! files: one row per article, with typed columns (id, title, outlet,
//! published date, language, counts, editorial share), nested list columns
//! for the spans (sentences, techniques, attributions, actors, stances,
//! decisions), the whole record as JSON in `record`, and `error` for the
//! inputs that failed. The layout is documented in docs/SCHEMA.md ("Parquet
//! and Arrow").
//!
//! The input is the JSON record (`serde_json::Value` or its text), not the
//! typed document: the conversion depends on no analyser, reads records
//! written by any 2.x version, and turns a missing or mistyped field into a
//! null instead of an error. The CLI's `--format parquet` and the Python
//! binding's `analyze_arrow` both go through [`RecordsBuilder`], so they give
//! the same schema.
//!
//! Offsets are Unicode code points into the `text` column, end exclusive, as
//! in the JSON.

#![warn(missing_docs)]

mod build;
mod input;
mod parquet_file;
mod schema;

pub use build::RecordsBuilder;
pub use input::{read_input_rows, InputError, InputRow, INPUT_FIELDS};
pub use parquet_file::{good_rows, read_parquet, read_sources, ParquetRecordWriter, WriterOptions};
pub use schema::{
    list_item_field, schema, struct_fields, ColumnSpec, Kind, ListSpec, ScalarType, LAYOUT_KEY,
    LAYOUT_VERSION, LISTS, SCALARS, TRAILERS,
};

/// The Arrow crates this crate builds on, for callers that need the same
/// versions (the Python binding, tests).
pub use arrow_array;
/// See [`arrow_array`].
pub use arrow_schema;
/// The Parquet crate this crate writes with.
pub use parquet;

/// Records as one Arrow batch (see [`RecordsBuilder`]).
pub fn records_to_batch<'a>(
    records: impl IntoIterator<Item = &'a serde_json::Value>,
) -> arrow_array::RecordBatch {
    let mut rows = RecordsBuilder::new();
    for record in records {
        rows.push_record(record);
    }
    rows.finish()
}

/// What can go wrong writing or reading Parquet records.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing the file.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The Parquet encoder or decoder.
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Arrow (a batch that does not fit its schema).
    #[error("Arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// A record that is not JSON.
    #[error("not a JSON record: {0}")]
    Json(#[from] serde_json::Error),
    /// A file or batch with other columns than [`schema()`].
    #[error("{0}")]
    Schema(String),
}
