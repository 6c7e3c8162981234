//! Turns JSON analysis records into Arrow record batches, a row per record.
//!
//! Every value is looked up by key in the JSON and converted leniently: a
//! missing key, a `null` or a value of the wrong type becomes a null cell
//! (or, for a missing list, a null list), never a panic or an error.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use serde_json::Value;

use crate::schema::{list_item_field, schema, struct_fields, Kind, ListSpec, ScalarType, LISTS};
use crate::schema::{SCALARS, TRAILERS};

/// `Date32` (days since 1970-01-01) of an ISO date or timestamp.
fn date32(text: &str) -> Option<i32> {
    let date = unspun_core::dates::Date::from_iso_prefix(text)?;
    i32::try_from(date.days_since_epoch()).ok()
}

/// Accumulates rows (records and error rows) and turns them into a
/// [`RecordBatch`] with the schema of [`schema()`].
///
/// ```
/// let record = serde_json::json!({"document": {"id": "a", "text": "Hello world."}});
/// let mut rows = unspun_arrow::RecordsBuilder::new();
/// rows.push_record(&record);
/// rows.push_error(Some("b"), Some("b.txt"), "empty input");
/// let batch = rows.finish();
/// assert_eq!(batch.num_rows(), 2);
/// ```
pub struct RecordsBuilder {
    scalars: Vec<ScalarColumn>,
    lists: Vec<ListColumn>,
    record: StringBuilder,
    error: StringBuilder,
    rows: usize,
    bytes: usize,
}

impl Default for RecordsBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordsBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        RecordsBuilder {
            scalars: SCALARS
                .iter()
                .map(|(_, ty)| ScalarColumn::new(*ty))
                .collect(),
            lists: LISTS.iter().map(ListColumn::new).collect(),
            record: StringBuilder::new(),
            error: StringBuilder::new(),
            rows: 0,
            bytes: 0,
        }
    }

    /// Rows added since the last [`RecordsBuilder::finish`].
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row was added since the last [`RecordsBuilder::finish`].
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// About how many bytes of text the pending rows hold (the record JSON
    /// and the article text), to bound memory.
    pub fn buffered_bytes(&self) -> usize {
        self.bytes
    }

    /// Adds one record (the JSON of `unspun analyze`). An error record
    /// (`{"error": {"source", "message"}}`) becomes an error row.
    pub fn push_record(&mut self, record: &Value) {
        let json = serde_json::to_string(record).unwrap_or_default();
        self.push_parsed(record, json);
    }

    /// Adds one record given as its JSON text (a JSON Lines line), kept
    /// verbatim in the `record` column. Fails, adding nothing, when the
    /// text is not JSON.
    pub fn push_record_json(&mut self, json: &str) -> Result<(), serde_json::Error> {
        let value: Value = serde_json::from_str(json)?;
        self.push_parsed(&value, json.trim_end().to_string());
        Ok(())
    }

    /// Adds an error row: an input that could not be read or analysed.
    /// Only `id`, `source` and `error` are set.
    pub fn push_error(&mut self, id: Option<&str>, source: Option<&str>, message: &str) {
        for (column, (name, _)) in self.scalars.iter_mut().zip(SCALARS) {
            match *name {
                "id" => column.push_str(id),
                "source" => column.push_str(source),
                _ => column.push_null(),
            }
        }
        for list in &mut self.lists {
            list.push(None);
        }
        self.record.append_null();
        self.error.append_value(message);
        self.rows += 1;
        self.bytes += message.len();
    }

    fn push_parsed(&mut self, record: &Value, json: String) {
        if let Some(error) = record.get("error").filter(|e| e.is_object()) {
            let message = error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("error");
            let id = record.pointer("/document/id").and_then(Value::as_str);
            let source = error.get("source").and_then(Value::as_str);
            self.push_error(id, source, message);
            return;
        }
        let derived = Derived::of(record);
        for (column, (name, _)) in self.scalars.iter_mut().zip(SCALARS) {
            column.push(cell(name, record, &derived));
        }
        for (list, spec) in self.lists.iter_mut().zip(LISTS) {
            list.push(record.get(spec.key));
        }
        self.bytes += json.len() + derived.text.map_or(0, str::len);
        self.record.append_value(json);
        self.error.append_null();
        self.rows += 1;
    }

    /// The pending rows as a batch; the builder is empty afterwards.
    pub fn finish(&mut self) -> RecordBatch {
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema().fields().len());
        for column in &mut self.scalars {
            columns.push(column.finish());
        }
        for list in &mut self.lists {
            columns.push(list.finish());
        }
        columns.push(Arc::new(self.record.finish()));
        columns.push(Arc::new(self.error.finish()));
        debug_assert_eq!(columns.len(), SCALARS.len() + LISTS.len() + TRAILERS.len());
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(schema(), columns).expect("columns follow the schema")
    }
}

/// Values computed from several parts of a record.
struct Derived<'a> {
    text: Option<&'a str>,
    kinds: Option<[i32; 3]>,
    sentences: Option<i32>,
}

impl<'a> Derived<'a> {
    fn of(record: &'a Value) -> Self {
        let text = record.pointer("/document/text").and_then(Value::as_str);
        let sentences = record.get("sentences").and_then(Value::as_array);
        let kinds = sentences.and_then(|list| {
            let mut counts = [0i32; 3];
            let mut any = false;
            for s in list {
                let i = match s.get("kind").and_then(Value::as_str) {
                    Some("reported") => 0,
                    Some("editorial") => 1,
                    Some("neutral") => 2,
                    _ => continue,
                };
                counts[i] += 1;
                any = true;
            }
            any.then_some(counts)
        });
        Derived {
            text,
            kinds,
            sentences: sentences.map(|l| clamp_len(l.len())),
        }
    }
}

/// One cell of a scalar column.
enum Cell<'a> {
    Null,
    Str(&'a str),
    Int(i32),
    Float(f64),
    Date(i32),
    StrList(Vec<Option<&'a str>>),
}

fn opt<'a, T>(value: Option<T>, f: impl FnOnce(T) -> Cell<'a>) -> Cell<'a> {
    value.map_or(Cell::Null, f)
}

fn str_at<'a>(record: &'a Value, pointer: &str) -> Cell<'a> {
    opt(record.pointer(pointer).and_then(Value::as_str), Cell::Str)
}

fn len_at(record: &Value, key: &str) -> Cell<'static> {
    match record.get(key).and_then(Value::as_array) {
        Some(list) => Cell::Int(clamp_len(list.len())),
        None => Cell::Null,
    }
}

fn str_list(value: Option<&Value>) -> Cell<'_> {
    match value {
        Some(Value::Array(items)) => Cell::StrList(items.iter().map(Value::as_str).collect()),
        Some(Value::String(s)) => Cell::StrList(vec![Some(s)]),
        _ => Cell::Null,
    }
}

fn clamp_len(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The cell of scalar column `name` for `record`.
fn cell<'a>(name: &str, record: &'a Value, derived: &Derived<'a>) -> Cell<'a> {
    match name {
        "id" => str_at(record, "/document/id"),
        "source" => str_at(record, "/document/source"),
        "title" => str_at(record, "/document/title"),
        "outlet" => str_at(record, "/document/outlet"),
        "url" => str_at(record, "/document/url"),
        "authors" => str_list(record.pointer("/document/authors")),
        "published" => opt(
            record
                .pointer("/document/published")
                .and_then(Value::as_str)
                .and_then(date32),
            Cell::Date,
        ),
        "language" => str_at(record, "/document/language"),
        "text" => opt(derived.text, Cell::Str),
        "word_count" => opt(derived.text, |t| {
            Cell::Int(clamp_len(unspun_core::words::count_words(t)))
        }),
        "sentence_count" => opt(derived.sentences, Cell::Int),
        "reported_sentences" => opt(derived.kinds, |k| Cell::Int(k[0])),
        "editorial_sentences" => opt(derived.kinds, |k| Cell::Int(k[1])),
        "neutral_sentences" => opt(derived.kinds, |k| Cell::Int(k[2])),
        "editorial_share" => {
            let share = record
                .pointer("/summary/sourcing/editorial_share")
                .and_then(Value::as_f64)
                .or_else(|| {
                    let [reported, editorial, neutral] = derived.kinds?;
                    let classified = reported + editorial + neutral;
                    (classified > 0).then(|| f64::from(editorial) / f64::from(classified))
                });
            opt(share, Cell::Float)
        }
        "technique_count" => len_at(record, "techniques"),
        "attribution_count" => len_at(record, "attributions"),
        "actor_count" => len_at(record, "entities"),
        "stance_count" => len_at(record, "stances"),
        "decision_count" => len_at(record, "decisions"),
        "issues" => str_list(record.pointer("/summary/issues")),
        _ => Cell::Null,
    }
}

/// A builder of one scalar column.
enum ScalarColumn {
    Str(StringBuilder),
    Int(Int32Builder),
    Float(Float64Builder),
    Date(Date32Builder),
    StrList(ListBuilder<StringBuilder>),
}

impl ScalarColumn {
    fn new(ty: ScalarType) -> Self {
        match ty {
            ScalarType::Str => ScalarColumn::Str(StringBuilder::new()),
            ScalarType::Int => ScalarColumn::Int(Int32Builder::new()),
            ScalarType::Float => ScalarColumn::Float(Float64Builder::new()),
            ScalarType::Date => ScalarColumn::Date(Date32Builder::new()),
            ScalarType::StrList => ScalarColumn::StrList(ListBuilder::new(StringBuilder::new())),
        }
    }

    fn push_str(&mut self, value: Option<&str>) {
        match value {
            Some(s) => self.push(Cell::Str(s)),
            None => self.push_null(),
        }
    }

    fn push_null(&mut self) {
        self.push(Cell::Null);
    }

    /// Appends `cell`; a cell of another type than the column's is null.
    fn push(&mut self, cell: Cell) {
        match (self, cell) {
            (ScalarColumn::Str(b), Cell::Str(s)) => b.append_value(s),
            (ScalarColumn::Str(b), _) => b.append_null(),
            (ScalarColumn::Int(b), Cell::Int(v)) => b.append_value(v),
            (ScalarColumn::Int(b), _) => b.append_null(),
            (ScalarColumn::Float(b), Cell::Float(v)) => b.append_value(v),
            (ScalarColumn::Float(b), _) => b.append_null(),
            (ScalarColumn::Date(b), Cell::Date(v)) => b.append_value(v),
            (ScalarColumn::Date(b), _) => b.append_null(),
            (ScalarColumn::StrList(b), Cell::StrList(items)) => {
                for item in items {
                    b.values().append_option(item);
                }
                b.append(true);
            }
            (ScalarColumn::StrList(b), _) => b.append(false),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ScalarColumn::Str(b) => Arc::new(b.finish()),
            ScalarColumn::Int(b) => Arc::new(b.finish()),
            ScalarColumn::Float(b) => Arc::new(b.finish()),
            ScalarColumn::Date(b) => Arc::new(b.finish()),
            ScalarColumn::StrList(b) => Arc::new(b.finish()),
        }
    }
}

/// A builder of one field of a nested struct.
enum Child {
    Str(StringBuilder),
    Int(Int32Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
}

impl Child {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Str => Child::Str(StringBuilder::new()),
            Kind::Int | Kind::Len => Child::Int(Int32Builder::new()),
            Kind::Float => Child::Float(Float64Builder::new()),
            Kind::Bool => Child::Bool(BooleanBuilder::new()),
        }
    }

    fn push(&mut self, kind: Kind, value: Option<&Value>) {
        match self {
            Child::Str(b) => b.append_option(value.and_then(Value::as_str)),
            Child::Int(b) if kind == Kind::Len => {
                b.append_option(value.and_then(Value::as_array).map(|a| clamp_len(a.len())))
            }
            Child::Int(b) => b.append_option(value.and_then(as_i32)),
            Child::Float(b) => b.append_option(value.and_then(Value::as_f64)),
            Child::Bool(b) => b.append_option(value.and_then(Value::as_bool)),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Child::Str(b) => Arc::new(b.finish()),
            Child::Int(b) => Arc::new(b.finish()),
            Child::Float(b) => Arc::new(b.finish()),
            Child::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// An integer that fits `i32` (a float only when it is whole).
fn as_i32(value: &Value) -> Option<i32> {
    if let Some(i) = value.as_i64() {
        return i32::try_from(i).ok();
    }
    let f = value.as_f64()?;
    (f.fract() == 0.0 && f >= f64::from(i32::MIN) && f <= f64::from(i32::MAX)).then_some(f as i32)
}

/// A builder of one `list<struct<…>>` column.
struct ListColumn {
    spec: &'static ListSpec,
    children: Vec<Child>,
    offsets: Vec<i32>,
    valid: Vec<bool>,
}

impl ListColumn {
    fn new(spec: &'static ListSpec) -> Self {
        ListColumn {
            spec,
            children: spec.fields.iter().map(|f| Child::new(f.kind)).collect(),
            offsets: vec![0],
            valid: Vec::new(),
        }
    }

    /// Appends the list of one row: the items of a JSON array, or null.
    fn push(&mut self, value: Option<&Value>) {
        let last = *self.offsets.last().unwrap_or(&0);
        let Some(items) = value.and_then(Value::as_array) else {
            self.offsets.push(last);
            self.valid.push(false);
            return;
        };
        for item in items {
            for (child, field) in self.children.iter_mut().zip(self.spec.fields) {
                let mut v = Some(item);
                for key in field.path {
                    v = v.and_then(|v| v.get(key));
                }
                child.push(field.kind, v.filter(|v| !v.is_null()));
            }
        }
        self.offsets
            .push(last.saturating_add(clamp_len(items.len())));
        self.valid.push(true);
    }

    fn finish(&mut self) -> ArrayRef {
        let values: Vec<ArrayRef> = self.children.iter_mut().map(Child::finish).collect();
        let structs = StructArray::new(struct_fields(self.spec), values, None);
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        let valid = std::mem::take(&mut self.valid);
        let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
        let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
        Arc::new(ListArray::new(
            list_item_field(self.spec),
            offsets,
            Arc::new(structs),
            nulls,
        ))
    }
}
