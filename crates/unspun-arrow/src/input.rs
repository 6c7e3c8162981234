//! Articles read from the rows of an Arrow batch: the input side of the
//! Python binding's `analyze_arrow` (Spark `mapInArrow`, Ray Data
//! `map_batches`, Dask `map_partitions`). One article per row, from the
//! columns named like the fields of a JSON Lines article; every other
//! column is ignored.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use unspun_core::dates::Date;
use unspun_io::jsonl::{split_authors, ArticleFields, Page};

/// The article fields read from a batch, each from the column of the same
/// name unless the caller maps it to another: `source` names where a row
/// comes from (default `row:N`, its index in the batch).
pub const INPUT_FIELDS: &[&str] = &[
    "id",
    "title",
    "text",
    "html",
    "url",
    "outlet",
    "published",
    "authors",
    "language",
    "source",
];

/// One row of an input batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRow {
    /// Where the row comes from: its `source` column, or `row:N`.
    pub source: String,
    /// The id to give the document when the row has none (`row:N`).
    pub fallback_id: String,
    /// The article's fields.
    pub article: ArticleFields,
}

/// Why a batch cannot be read as articles (the whole batch: a row's own
/// problems are found when it is analysed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Neither a text nor a page column.
    #[error("the batch has neither a `text` nor an `html` column (its columns: {0})")]
    NoContent(String),
    /// A field was mapped to a column the batch does not have.
    #[error("no column `{column}` for the field `{field}` (the batch's columns: {columns})")]
    MissingColumn {
        /// The article field.
        field: String,
        /// The column it was mapped to.
        column: String,
        /// The columns the batch has.
        columns: String,
    },
    /// A mapping names a field unspun does not read.
    #[error("unknown article field `{0}` in the column mapping (fields: {fields})", fields = INPUT_FIELDS.join(", "))]
    UnknownField(String),
    /// A column's type cannot give the field.
    #[error("column `{column}` has type {data_type}; the field `{field}` needs {wanted}")]
    WrongType {
        /// The column.
        column: String,
        /// The article field.
        field: String,
        /// Its Arrow type.
        data_type: String,
        /// What would do.
        wanted: &'static str,
    },
}

/// Reads every row of `batch` as an article. `columns` maps article fields
/// to column names where they differ (`{"text": "body"}`); the other fields
/// are read from the columns of their own names, when present.
pub fn read_input_rows(
    batch: &RecordBatch,
    columns: &HashMap<String, String>,
) -> Result<Vec<InputRow>, InputError> {
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let listing = || names.join(", ");
    if let Some(unknown) = columns.keys().find(|f| !INPUT_FIELDS.contains(&f.as_str())) {
        return Err(InputError::UnknownField(unknown.clone()));
    }
    let mut found: HashMap<&'static str, Cells> = HashMap::new();
    for &field in INPUT_FIELDS {
        let column = columns.get(field).map(String::as_str).unwrap_or(field);
        let Some(array) = batch.column_by_name(column) else {
            if columns.contains_key(field) {
                return Err(InputError::MissingColumn {
                    field: field.into(),
                    column: column.into(),
                    columns: listing(),
                });
            }
            continue;
        };
        let cells = Cells::new(field, array).ok_or_else(|| InputError::WrongType {
            column: column.into(),
            field: field.into(),
            data_type: array.data_type().to_string(),
            wanted: wanted(field),
        })?;
        found.insert(field, cells);
    }
    if !found.contains_key("text") && !found.contains_key("html") {
        return Err(InputError::NoContent(listing()));
    }
    let text = |field: &str, row: usize| found.get(field).and_then(|c| c.text(row));
    let rows = (0..batch.num_rows())
        .map(|row| {
            let html = found.get("html").and_then(|c| c.page(row));
            let authors = match found.get("authors") {
                Some(cells) => cells.names(row),
                None => Vec::new(),
            };
            InputRow {
                source: text("source", row).unwrap_or_else(|| format!("row:{row}")),
                fallback_id: format!("row:{row}"),
                article: ArticleFields {
                    id: text("id", row),
                    title: text("title", row),
                    text: text("text", row),
                    html,
                    url: text("url", row),
                    outlet: text("outlet", row),
                    published: text("published", row),
                    authors,
                    language: text("language", row),
                },
            }
        })
        .collect();
    Ok(rows)
}

/// What a field's column may hold.
fn wanted(field: &str) -> &'static str {
    match field {
        "id" => "strings or integers",
        "html" => "strings or binary (the page as fetched)",
        "published" => "strings (ISO dates), dates or timestamps",
        "authors" => "strings (names separated by commas or \"and\") or lists of strings",
        _ => "strings",
    }
}

/// The values of one column, typed.
enum Cells {
    Strings(ArrayRef),
    Bytes(ArrayRef),
    Integers(ArrayRef),
    Dates(ArrayRef),
    Lists(ArrayRef),
}

impl Cells {
    fn new(field: &str, array: &ArrayRef) -> Option<Self> {
        let array = array.clone();
        let kind = match array.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Cells::Strings(array),
            DataType::Null => Cells::Strings(array),
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView if field == "html" => {
                Cells::Bytes(array)
            }
            t if field == "id" && t.is_integer() => Cells::Integers(array),
            DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _)
                if field == "published" =>
            {
                Cells::Dates(array)
            }
            DataType::List(item) | DataType::LargeList(item)
                if field == "authors"
                    && matches!(
                        item.data_type(),
                        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                    ) =>
            {
                Cells::Lists(array)
            }
            _ => return None,
        };
        Some(kind)
    }

    /// The value of `row` as text (`None` when null).
    fn text(&self, row: usize) -> Option<String> {
        match self {
            Cells::Strings(array) => string_at(array, row),
            Cells::Integers(array) => integer_at(array, row).map(|n| n.to_string()),
            Cells::Dates(array) => date_at(array, row).map(|d| d.to_iso()),
            Cells::Bytes(array) => bytes_at(array, row).map(|b| String::from_utf8_lossy(&b).into()),
            Cells::Lists(_) => None,
        }
    }

    /// The value of `row` as a page.
    fn page(&self, row: usize) -> Option<Page> {
        match self {
            Cells::Bytes(array) => bytes_at(array, row).map(Page::Bytes),
            _ => self.text(row).map(Page::Text),
        }
    }

    /// The value of `row` as names.
    fn names(&self, row: usize) -> Vec<String> {
        match self {
            Cells::Lists(array) => {
                if array.is_null(row) {
                    return Vec::new();
                }
                let items = match array.data_type() {
                    DataType::LargeList(_) => array.as_list::<i64>().value(row),
                    _ => array.as_list::<i32>().value(row),
                };
                (0..items.len())
                    .filter_map(|i| string_at(&items, i))
                    .collect()
            }
            _ => self
                .text(row)
                .map(|s| split_authors(&s))
                .unwrap_or_default(),
        }
    }
}

fn string_at(array: &ArrayRef, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    let value = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row),
        DataType::Utf8View => array.as_string_view().value(row),
        _ => return None,
    };
    Some(value.to_string())
}

fn bytes_at(array: &ArrayRef, row: usize) -> Option<Vec<u8>> {
    if array.is_null(row) {
        return None;
    }
    let value = match array.data_type() {
        DataType::Binary => array.as_binary::<i32>().value(row),
        DataType::LargeBinary => array.as_binary::<i64>().value(row),
        DataType::BinaryView => array.as_binary_view().value(row),
        _ => return string_at(array, row).map(String::into_bytes),
    };
    Some(value.to_vec())
}

fn integer_at(array: &ArrayRef, row: usize) -> Option<i128> {
    if array.is_null(row) {
        return None;
    }
    let n = match array.data_type() {
        DataType::Int8 => i128::from(array.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => i128::from(array.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => i128::from(array.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => i128::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::UInt8 => i128::from(array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => i128::from(array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => i128::from(array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => i128::from(array.as_primitive::<UInt64Type>().value(row)),
        _ => return None,
    };
    Some(n)
}

/// The calendar date of a date or timestamp cell (a timestamp's date in
/// UTC, or in its own wall-clock time when it has no time zone).
fn date_at(array: &ArrayRef, row: usize) -> Option<Date> {
    if array.is_null(row) {
        return None;
    }
    const DAY_SECONDS: i64 = 86_400;
    let days = match array.data_type() {
        DataType::Date32 => i64::from(array.as_primitive::<Date32Type>().value(row)),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .value(row)
            .div_euclid(DAY_SECONDS * 1_000),
        DataType::Timestamp(unit, _) => {
            let (value, per_second) = match unit {
                TimeUnit::Second => (array.as_primitive::<TimestampSecondType>().value(row), 1),
                TimeUnit::Millisecond => (
                    array.as_primitive::<TimestampMillisecondType>().value(row),
                    1_000,
                ),
                TimeUnit::Microsecond => (
                    array.as_primitive::<TimestampMicrosecondType>().value(row),
                    1_000_000,
                ),
                TimeUnit::Nanosecond => (
                    array.as_primitive::<TimestampNanosecondType>().value(row),
                    1_000_000_000,
                ),
            };
            value.div_euclid(DAY_SECONDS * per_second)
        }
        _ => return None,
    };
    Date::from_days_since_epoch(days)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::{
        BinaryArray, Date32Array, Float64Array, Int64Array, LargeStringArray, StringArray,
        StringViewArray, TimestampMillisecondArray,
    };

    use super::*;

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).unwrap()
    }

    #[test]
    fn rows_read_from_columns_of_every_string_type() {
        let mut authors = ListBuilder::new(StringBuilder::new());
        authors.append_value([Some("Ann Lee"), None, Some("Bo Chan")]);
        authors.append_null();
        let b = batch(vec![
            (
                "id",
                Arc::new(Int64Array::from(vec![Some(7), None])) as ArrayRef,
            ),
            (
                "title",
                Arc::new(LargeStringArray::from(vec!["“Pawn” — 東京", "T2"])),
            ),
            (
                "text",
                Arc::new(StringViewArray::from(vec![Some("Body."), None])),
            ),
            (
                "html",
                Arc::new(BinaryArray::from(vec![None, Some(b"<p>x</p>".as_ref())])),
            ),
            (
                "published",
                Arc::new(Date32Array::from(vec![Some(19514), None])),
            ),
            ("authors", Arc::new(authors.finish())),
            ("score", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
        ]);
        let rows = read_input_rows(&b, &HashMap::new()).unwrap();
        assert_eq!(rows.len(), 2);
        let a = &rows[0].article;
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.title.as_deref(), Some("“Pawn” — 東京"));
        assert_eq!(a.text.as_deref(), Some("Body."));
        assert_eq!(a.html, None);
        assert_eq!(a.published.as_deref(), Some("2023-06-06"));
        assert_eq!(a.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(rows[0].source, "row:0");
        let b = &rows[1];
        assert_eq!(
            (b.article.id.as_deref(), b.fallback_id.as_str()),
            (None, "row:1")
        );
        assert_eq!(b.article.html, Some(Page::Bytes(b"<p>x</p>".to_vec())));
        assert!(b.article.authors.is_empty());
    }

    #[test]
    fn mapped_columns_timestamps_and_author_strings() {
        let b = batch(vec![
            (
                "body",
                Arc::new(StringArray::from(vec!["Text one."])) as ArrayRef,
            ),
            ("path", Arc::new(StringArray::from(vec!["s3://x/1"]))),
            // 2023-06-06T23:30:00Z and a time before 1970.
            (
                "when",
                Arc::new(TimestampMillisecondArray::from(vec![1_686_094_200_000])),
            ),
            (
                "authors",
                Arc::new(StringArray::from(vec!["Ann Lee and Bo Chan"])),
            ),
        ]);
        let map = HashMap::from([
            ("text".to_string(), "body".to_string()),
            ("source".to_string(), "path".to_string()),
            ("published".to_string(), "when".to_string()),
        ]);
        let rows = read_input_rows(&b, &map).unwrap();
        assert_eq!(rows[0].source, "s3://x/1");
        assert_eq!(rows[0].article.text.as_deref(), Some("Text one."));
        assert_eq!(rows[0].article.published.as_deref(), Some("2023-06-06"));
        assert_eq!(rows[0].article.authors, vec!["Ann Lee", "Bo Chan"]);
        let before = batch(vec![
            ("text", Arc::new(StringArray::from(vec!["x"])) as ArrayRef),
            (
                "published",
                Arc::new(TimestampMillisecondArray::from(vec![-1])),
            ),
        ]);
        let rows = read_input_rows(&before, &HashMap::new()).unwrap();
        assert_eq!(rows[0].article.published.as_deref(), Some("1969-12-31"));
    }

    #[test]
    fn batches_that_cannot_be_read_say_why() {
        let no_text = batch(vec![(
            "body",
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        )]);
        let err = read_input_rows(&no_text, &HashMap::new()).unwrap_err();
        assert!(err.to_string().contains("its columns: body"), "{err}");
        let map = HashMap::from([("text".to_string(), "content".to_string())]);
        let err = read_input_rows(&no_text, &map).unwrap_err();
        assert!(err.to_string().contains("no column `content`"), "{err}");
        let map = HashMap::from([("txt".to_string(), "body".to_string())]);
        let err = read_input_rows(&no_text, &map).unwrap_err();
        assert!(
            err.to_string().contains("unknown article field `txt`"),
            "{err}"
        );
        let wrong = batch(vec![(
            "text",
            Arc::new(Float64Array::from(vec![1.0])) as ArrayRef,
        )]);
        let err = read_input_rows(&wrong, &HashMap::new()).unwrap_err();
        assert!(err.to_string().contains("has type Float64"), "{err}");
        let empty = batch(vec![(
            "text",
            Arc::new(StringArray::from(Vec::<&str>::new())) as ArrayRef,
        )]);
        assert!(read_input_rows(&empty, &HashMap::new()).unwrap().is_empty());
    }
}
