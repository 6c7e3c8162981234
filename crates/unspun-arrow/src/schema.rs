//! The Arrow schema of analysis records: one row per article.
//!
//! The column list is written once, as tables of [`ColumnSpec`]s for the
//! nested list columns; [`schema`] and the builder in [`crate::build`] both
//! read them, so they cannot drift apart.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

/// Version of this table layout, stored in the schema's metadata under
/// [`LAYOUT_KEY`]. A new column bumps the minor number; a removed or
/// retyped column the major one.
pub const LAYOUT_VERSION: &str = "1.0";

/// Schema metadata key holding [`LAYOUT_VERSION`].
pub const LAYOUT_KEY: &str = "unspun.arrow_layout";

/// Type of one field of a nested struct, or of a scalar column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 string (`Utf8`).
    Str,
    /// 32-bit signed integer (`Int32`): offsets and counts.
    Int,
    /// 64-bit float (`Float64`): confidences, scores, shares.
    Float,
    /// Boolean.
    Bool,
    /// The length of a JSON array, as `Int32` (e.g. an actor's mentions).
    Len,
}

impl Kind {
    /// The Arrow type of the field.
    pub fn data_type(self) -> DataType {
        match self {
            Kind::Str => DataType::Utf8,
            Kind::Int | Kind::Len => DataType::Int32,
            Kind::Float => DataType::Float64,
            Kind::Bool => DataType::Boolean,
        }
    }
}

/// One field of a nested struct: its column name, its type, and where the
/// value is in each JSON annotation (a path of object keys).
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Field name in the struct.
    pub name: &'static str,
    /// Field type.
    pub kind: Kind,
    /// Keys leading to the value inside one annotation object.
    pub path: &'static [&'static str],
}

const fn spec(name: &'static str, kind: Kind, path: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, kind, path }
}

/// A nested list column: `list<struct{…}>` built from one array of the record.
#[derive(Debug, Clone, Copy)]
pub struct ListSpec {
    /// Column name.
    pub name: &'static str,
    /// Top-level key of the record holding the JSON array.
    pub key: &'static str,
    /// The struct's fields.
    pub fields: &'static [ColumnSpec],
}

/// The nested list columns, in column order.
pub const LISTS: &[ListSpec] = &[
    ListSpec {
        name: "sentences",
        key: "sentences",
        fields: &[
            spec("start", Kind::Int, &["start"]),
            spec("end", Kind::Int, &["end"]),
            spec("kind", Kind::Str, &["kind"]),
        ],
    },
    ListSpec {
        name: "techniques",
        key: "techniques",
        fields: &[
            spec("start", Kind::Int, &["start"]),
            spec("end", Kind::Int, &["end"]),
            spec("technique", Kind::Str, &["technique"]),
            spec("confidence", Kind::Float, &["confidence"]),
            spec("explanation", Kind::Str, &["explanation"]),
        ],
    },
    ListSpec {
        name: "attributions",
        key: "attributions",
        fields: &[
            spec("start", Kind::Int, &["start"]),
            spec("end", Kind::Int, &["end"]),
            spec("kind", Kind::Str, &["kind"]),
            spec("source_text", Kind::Str, &["source", "text"]),
            spec("source_entity", Kind::Str, &["source", "entity"]),
            spec("cue", Kind::Str, &["cue", "text"]),
            spec("content", Kind::Str, &["content", "text"]),
            spec("direct", Kind::Bool, &["direct"]),
            spec("confidence", Kind::Float, &["confidence"]),
        ],
    },
    ListSpec {
        name: "actors",
        key: "entities",
        fields: &[
            spec("id", Kind::Str, &["id"]),
            spec("name", Kind::Str, &["name"]),
            spec("type", Kind::Str, &["type"]),
            spec("country", Kind::Str, &["country"]),
            spec("portrayal_score", Kind::Float, &["portrayal", "score"]),
            spec("mentions", Kind::Len, &["mentions"]),
        ],
    },
    ListSpec {
        name: "stances",
        key: "stances",
        fields: &[
            spec("start", Kind::Int, &["start"]),
            spec("end", Kind::Int, &["end"]),
            spec("holder", Kind::Str, &["holder"]),
            spec("holder_name", Kind::Str, &["holder_name"]),
            spec("polarity", Kind::Str, &["polarity"]),
            spec("target", Kind::Str, &["target"]),
            spec("cue", Kind::Str, &["cue"]),
            spec("main_issue", Kind::Bool, &["main_issue"]),
        ],
    },
    ListSpec {
        name: "decisions",
        key: "decisions",
        fields: &[
            spec("start", Kind::Int, &["start"]),
            spec("end", Kind::Int, &["end"]),
            spec("body", Kind::Str, &["body"]),
            spec("outcome", Kind::Str, &["outcome"]),
            spec("rule", Kind::Str, &["rule"]),
            spec("proposal", Kind::Str, &["proposal"]),
            spec("explanation", Kind::Str, &["explanation"]),
        ],
    },
];

/// The scalar columns before the nested ones, in column order: name and
/// Arrow type (every column is nullable).
pub const SCALARS: &[(&str, ScalarType)] = &[
    ("id", ScalarType::Str),
    ("source", ScalarType::Str),
    ("title", ScalarType::Str),
    ("outlet", ScalarType::Str),
    ("url", ScalarType::Str),
    ("authors", ScalarType::StrList),
    ("published", ScalarType::Date),
    ("language", ScalarType::Str),
    ("text", ScalarType::Str),
    ("word_count", ScalarType::Int),
    ("sentence_count", ScalarType::Int),
    ("reported_sentences", ScalarType::Int),
    ("editorial_sentences", ScalarType::Int),
    ("neutral_sentences", ScalarType::Int),
    ("editorial_share", ScalarType::Float),
    ("technique_count", ScalarType::Int),
    ("attribution_count", ScalarType::Int),
    ("actor_count", ScalarType::Int),
    ("stance_count", ScalarType::Int),
    ("decision_count", ScalarType::Int),
    ("issues", ScalarType::StrList),
];

/// The columns after the nested ones.
pub const TRAILERS: &[(&str, ScalarType)] =
    &[("record", ScalarType::Str), ("error", ScalarType::Str)];

/// Type of a top-level scalar column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    /// `Utf8`.
    Str,
    /// `Int32`.
    Int,
    /// `Float64`.
    Float,
    /// `Date32` (days since 1970-01-01).
    Date,
    /// `List<Utf8>`.
    StrList,
}

impl ScalarType {
    /// The Arrow type of the column.
    pub fn data_type(self) -> DataType {
        match self {
            ScalarType::Str => DataType::Utf8,
            ScalarType::Int => DataType::Int32,
            ScalarType::Float => DataType::Float64,
            ScalarType::Date => DataType::Date32,
            ScalarType::StrList => {
                DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
            }
        }
    }
}

/// The struct fields of a nested list column.
pub fn struct_fields(list: &ListSpec) -> Fields {
    list.fields
        .iter()
        .map(|f| Field::new(f.name, f.kind.data_type(), true))
        .collect()
}

/// The item field of a nested list column (`item: struct<…>`).
pub fn list_item_field(list: &ListSpec) -> Arc<Field> {
    Arc::new(Field::new_list_field(
        DataType::Struct(struct_fields(list)),
        true,
    ))
}

/// The Arrow schema of a batch of analysis records (see docs/SCHEMA.md,
/// "Parquet and Arrow"). Every column is nullable; an error row has `id`
/// (when known), `source` and `error`, and nulls elsewhere.
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let mut fields: Vec<Field> = SCALARS
                .iter()
                .map(|(name, ty)| Field::new(*name, ty.data_type(), true))
                .collect();
            for list in LISTS {
                fields.push(Field::new(
                    list.name,
                    DataType::List(list_item_field(list)),
                    true,
                ));
            }
            for (name, ty) in TRAILERS {
                fields.push(Field::new(*name, ty.data_type(), true));
            }
            let metadata = HashMap::from([(LAYOUT_KEY.to_string(), LAYOUT_VERSION.to_string())]);
            Arc::new(Schema::new_with_metadata(fields, metadata))
        })
        .clone()
}
