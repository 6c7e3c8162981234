//! Streaming Parquet files of analysis records: rows are gathered into a
//! row group of at most [`WriterOptions::rows_per_group`] records (or
//! [`WriterOptions::max_group_bytes`] of text), which is then encoded and
//! written, so memory stays bounded whatever the number of records.

use std::collections::HashSet;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use arrow_array::{Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde_json::Value;

use crate::{schema, Error, RecordsBuilder};

/// How a [`ParquetRecordWriter`] cuts row groups.
#[derive(Debug, Clone, Copy)]
pub struct WriterOptions {
    /// Records per row group (at most).
    pub rows_per_group: usize,
    /// A row group is also closed once its records hold about this many
    /// bytes of JSON and text.
    pub max_group_bytes: usize,
}

impl Default for WriterOptions {
    /// 1,024 records or 8 MiB of JSON and text per row group (about 350
    /// news articles; the writer's memory grows by about 2.5 times this).
    fn default() -> Self {
        WriterOptions {
            rows_per_group: 1024,
            max_group_bytes: 8 << 20,
        }
    }
}

/// Writes records to a Parquet file with the schema of [`schema()`]
/// (Snappy-compressed), a row group at a time.
pub struct ParquetRecordWriter<W: Write + Send> {
    rows: RecordsBuilder,
    writer: ArrowWriter<W>,
    options: WriterOptions,
    written: usize,
}

impl<W: Write + Send> ParquetRecordWriter<W> {
    /// Starts a Parquet file on `sink`.
    pub fn new(sink: W, options: WriterOptions) -> Result<Self, Error> {
        let options = WriterOptions {
            rows_per_group: options.rows_per_group.max(1),
            max_group_bytes: options.max_group_bytes.max(1),
        };
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(options.rows_per_group))
            .set_created_by(format!("unspun {}", env!("CARGO_PKG_VERSION")))
            // Every record and text is different: a dictionary of them only
            // costs memory and time before the writer gives it up.
            .set_column_dictionary_enabled(ColumnPath::from("record"), false)
            .set_column_dictionary_enabled(ColumnPath::from("text"), false)
            .build();
        let writer = ArrowWriter::try_new(sink, schema(), Some(properties))?;
        Ok(ParquetRecordWriter {
            rows: RecordsBuilder::new(),
            writer,
            options,
            written: 0,
        })
    }

    /// Adds one record (see [`RecordsBuilder::push_record`]).
    pub fn write_record(&mut self, record: &Value) -> Result<(), Error> {
        self.rows.push_record(record);
        self.maybe_flush()
    }

    /// Adds one record given as JSON text (see
    /// [`RecordsBuilder::push_record_json`]).
    pub fn write_record_json(&mut self, json: &str) -> Result<(), Error> {
        self.rows.push_record_json(json)?;
        self.maybe_flush()
    }

    /// Adds an error row (see [`RecordsBuilder::push_error`]).
    pub fn write_error(
        &mut self,
        id: Option<&str>,
        source: Option<&str>,
        message: &str,
    ) -> Result<(), Error> {
        self.rows.push_error(id, source, message);
        self.maybe_flush()
    }

    /// Writes rows that are already a batch of this schema (rows carried
    /// over from an earlier file), after the pending ones.
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        check_schema(batch)?;
        self.flush()?;
        self.writer.write(batch)?;
        self.written += batch.num_rows();
        Ok(())
    }

    /// Rows written so far, pending ones included.
    pub fn rows(&self) -> usize {
        self.written + self.rows.len()
    }

    fn maybe_flush(&mut self) -> Result<(), Error> {
        if self.rows.len() >= self.options.rows_per_group
            || self.rows.buffered_bytes() >= self.options.max_group_bytes
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Encodes the pending rows and closes the row group.
    fn flush(&mut self) -> Result<(), Error> {
        if !self.rows.is_empty() {
            let batch = self.rows.finish();
            self.written += batch.num_rows();
            self.writer.write(&batch)?;
        }
        self.writer.flush()?;
        Ok(())
    }

    /// Writes the pending rows and the file footer; returns the sink.
    pub fn finish(mut self) -> Result<W, Error> {
        self.flush()?;
        Ok(self.writer.into_inner()?)
    }
}

/// Fails unless `batch` has the columns of [`schema()`].
fn check_schema(batch: &RecordBatch) -> Result<(), Error> {
    let expected = schema();
    if batch.schema().fields() != expected.fields() {
        return Err(Error::Schema(
            "the rows do not have the columns of this version of unspun".into(),
        ));
    }
    Ok(())
}

/// Reads the rows of a Parquet file written by [`ParquetRecordWriter`], a
/// batch at a time. Fails when the file has other columns.
pub fn read_parquet(
    path: &Path,
) -> Result<impl Iterator<Item = Result<RecordBatch, Error>>, Error> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)?;
    if builder.schema().fields() != schema().fields() {
        return Err(Error::Schema(format!(
            "{} was not written by this version of unspun (other columns)",
            path.display()
        )));
    }
    let reader = builder.with_batch_size(1024).build()?;
    Ok(reader.map(|batch| batch.map_err(Error::from)))
}

/// The rows of `batch` that are records (error rows left out).
pub fn good_rows(batch: &RecordBatch) -> Result<RecordBatch, Error> {
    let error = batch
        .column_by_name("error")
        .ok_or_else(|| Error::Schema("no `error` column".into()))?;
    if error.null_count() == error.len() {
        return Ok(batch.clone());
    }
    let keep: arrow_array::BooleanArray =
        (0..error.len()).map(|i| Some(error.is_null(i))).collect();
    Ok(arrow_select::filter::filter_record_batch(batch, &keep)?)
}

/// The `source` of every record (not error row) in a Parquet file written
/// by [`ParquetRecordWriter`]; reads only the `source` and `error` columns.
pub fn read_sources(path: &Path) -> Result<HashSet<String>, Error> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)?;
    let mask = ProjectionMask::columns(builder.parquet_schema(), ["source", "error"]);
    let reader = builder.with_projection(mask).build()?;
    let mut sources = HashSet::new();
    for batch in reader {
        let batch = batch?;
        let (Some(source), Some(error)) = (
            batch.column_by_name("source"),
            batch.column_by_name("error"),
        ) else {
            return Err(Error::Schema(format!(
                "{} has no `source` and `error` columns",
                path.display()
            )));
        };
        let Some(source) = source.as_any().downcast_ref::<StringArray>() else {
            return Err(Error::Schema("`source` is not a string column".into()));
        };
        for i in 0..batch.num_rows() {
            if error.is_null(i) && source.is_valid(i) {
                sources.insert(source.value(i).to_string());
            }
        }
    }
    Ok(sources)
}
