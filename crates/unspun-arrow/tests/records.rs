//! The Arrow layout of records: schema, lenient conversion, error rows and
//! a Parquet round trip.

use arrow_array::{
    Array, BooleanArray, Date32Array, Float64Array, Int32Array, ListArray, RecordBatch,
    StringArray, StructArray,
};
use arrow_schema::DataType;
use serde_json::{json, Value};
use unspun_arrow::{
    read_parquet, read_sources, records_to_batch, schema, ParquetRecordWriter, RecordsBuilder,
    WriterOptions,
};

/// A small record shaped like `unspun analyze --format jsonl` output.
fn record(id: &str) -> Value {
    json!({
        "schema_version": "2.0",
        "document": {
            "id": id, "source": format!("corpus/{id}.txt"), "title": "Macron says non",
            "text": "Macron says non\n\nMacron said “no”. It is a humiliation.",
            "url": "https://example.org/a", "outlet": "Example", "authors": ["A. Writer", "B. Writer"],
            "published": "2023-06-06", "dateline": null, "language": "en"
        },
        "warnings": [],
        "stages": [{"stage": "segment", "status": "done"}],
        "paragraphs": [{"start": 0, "end": 15}, {"start": 17, "end": 57}],
        "sentences": [
            {"start": 0, "end": 15, "paragraph": 0, "kind": "neutral", "attribution": null},
            {"start": 17, "end": 34, "paragraph": 1, "kind": "reported", "attribution": 0},
            {"start": 35, "end": 57, "paragraph": 1, "kind": "editorial", "attribution": null}
        ],
        "techniques": [{"start": 43, "end": 56, "technique": "Loaded_Language", "confidence": 0.61,
                        "explanation": "Loaded language: …"}],
        "attributions": [{"start": 17, "end": 34, "kind": "person", "confidence": 0.4,
            "source": {"text": "Macron", "start": 17, "end": 23, "kind": "person", "entity": "Emmanuel Macron"},
            "cue": {"text": "said", "start": 24, "end": 28},
            "content": {"text": "“no”", "start": 29, "end": 33}, "direct": true}],
        "entities": [{"start": 0, "end": 6, "type": "person", "id": "e1", "name": "Emmanuel Macron",
            "country": "France", "mentions": [{"start": 0, "end": 6}, {"start": 17, "end": 23}],
            "portrayal": {"score": -0.25, "outlet": -0.25, "quoted": null, "evidence": []}}],
        "stances": [{"start": 17, "end": 33, "polarity": "oppose", "holder": "e1",
            "holder_name": "Emmanuel Macron", "target": "the plan", "cue": "said “no”", "main_issue": true}],
        "decisions": [{"start": 17, "end": 33, "kind": "blocked", "body": "North Atlantic Council",
            "rule": "consensus", "proposal": "the plan", "outcome": "blocked", "explanation": "blocked: France opposes"}],
        "summary": {"issues": ["the plan"], "sourcing": {"editorial_share": 0.3333333333333333}}
    })
}

fn col<'a, T: 'static>(batch: &'a RecordBatch, name: &str) -> &'a T {
    batch
        .column_by_name(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .as_any()
        .downcast_ref::<T>()
        .unwrap_or_else(|| panic!("column {name} has another type"))
}

fn list_struct(batch: &RecordBatch, name: &str, row: usize) -> StructArray {
    let list = col::<ListArray>(batch, name);
    let items = list.value(row);
    items
        .as_any()
        .downcast_ref::<StructArray>()
        .unwrap()
        .clone()
}

fn field_str(items: &StructArray, field: &str, i: usize) -> Option<String> {
    let a = items
        .column_by_name(field)
        .unwrap()
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    a.is_valid(i).then(|| a.value(i).to_string())
}

fn field_i32(items: &StructArray, field: &str, i: usize) -> Option<i32> {
    let a = items
        .column_by_name(field)
        .unwrap()
        .as_any()
        .downcast_ref::<Int32Array>()
        .unwrap();
    a.is_valid(i).then(|| a.value(i))
}

#[test]
fn schema_has_the_documented_columns_and_types() {
    let schema = schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "source",
            "title",
            "outlet",
            "url",
            "authors",
            "published",
            "language",
            "text",
            "word_count",
            "sentence_count",
            "reported_sentences",
            "editorial_sentences",
            "neutral_sentences",
            "editorial_share",
            "technique_count",
            "attribution_count",
            "actor_count",
            "stance_count",
            "decision_count",
            "issues",
            "sentences",
            "techniques",
            "attributions",
            "actors",
            "stances",
            "decisions",
            "record",
            "error"
        ]
    );
    assert!(schema.fields().iter().all(|f| f.is_nullable()));
    assert_eq!(
        schema.field_with_name("published").unwrap().data_type(),
        &DataType::Date32
    );
    assert_eq!(
        schema.field_with_name("word_count").unwrap().data_type(),
        &DataType::Int32
    );
    assert_eq!(
        schema
            .field_with_name("editorial_share")
            .unwrap()
            .data_type(),
        &DataType::Float64
    );
    let DataType::List(item) = schema.field_with_name("attributions").unwrap().data_type() else {
        panic!("attributions is not a list");
    };
    let DataType::Struct(fields) = item.data_type() else {
        panic!("not a list of structs")
    };
    let fields: Vec<(&str, &DataType)> = fields
        .iter()
        .map(|f| (f.name().as_str(), f.data_type()))
        .collect();
    assert_eq!(
        fields,
        [
            ("start", &DataType::Int32),
            ("end", &DataType::Int32),
            ("kind", &DataType::Utf8),
            ("source_text", &DataType::Utf8),
            ("source_entity", &DataType::Utf8),
            ("cue", &DataType::Utf8),
            ("content", &DataType::Utf8),
            ("direct", &DataType::Boolean),
            ("confidence", &DataType::Float64)
        ]
    );
    assert_eq!(
        schema
            .metadata()
            .get(unspun_arrow::LAYOUT_KEY)
            .map(String::as_str),
        Some("1.0")
    );
    // The batch built from records has exactly this schema.
    let batch = records_to_batch([&record("a")]);
    assert_eq!(batch.schema(), schema);
}

#[test]
fn a_full_record_fills_every_column() {
    let batch = records_to_batch([&record("a"), &record("b")]);
    assert_eq!(batch.num_rows(), 2);
    assert_eq!(col::<StringArray>(&batch, "id").value(1), "b");
    assert_eq!(
        col::<StringArray>(&batch, "source").value(0),
        "corpus/a.txt"
    );
    assert_eq!(col::<StringArray>(&batch, "outlet").value(0), "Example");
    assert_eq!(col::<Date32Array>(&batch, "published").value(0), 19514);
    assert_eq!(col::<Int32Array>(&batch, "word_count").value(0), 10);
    assert_eq!(col::<Int32Array>(&batch, "sentence_count").value(0), 3);
    assert_eq!(col::<Int32Array>(&batch, "reported_sentences").value(0), 1);
    assert_eq!(col::<Int32Array>(&batch, "editorial_sentences").value(0), 1);
    assert_eq!(col::<Int32Array>(&batch, "neutral_sentences").value(0), 1);
    assert!((col::<Float64Array>(&batch, "editorial_share").value(0) - 1.0 / 3.0).abs() < 1e-12);
    for name in [
        "technique_count",
        "attribution_count",
        "actor_count",
        "stance_count",
        "decision_count",
    ] {
        assert_eq!(col::<Int32Array>(&batch, name).value(0), 1, "{name}");
    }
    let attributions = list_struct(&batch, "attributions", 0);
    assert_eq!(
        field_str(&attributions, "source_entity", 0).as_deref(),
        Some("Emmanuel Macron")
    );
    assert_eq!(field_str(&attributions, "cue", 0).as_deref(), Some("said"));
    assert_eq!(
        field_str(&attributions, "content", 0).as_deref(),
        Some("“no”")
    );
    let direct = attributions.column_by_name("direct").unwrap();
    assert!(direct
        .as_any()
        .downcast_ref::<BooleanArray>()
        .unwrap()
        .value(0));
    let actors = list_struct(&batch, "actors", 0);
    assert_eq!(
        field_str(&actors, "name", 0).as_deref(),
        Some("Emmanuel Macron")
    );
    assert_eq!(field_i32(&actors, "mentions", 0), Some(2));
    let score = actors.column_by_name("portrayal_score").unwrap();
    assert_eq!(
        score
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap()
            .value(0),
        -0.25
    );
    let techniques = list_struct(&batch, "techniques", 0);
    assert_eq!(field_i32(&techniques, "start", 0), Some(43));
    assert_eq!(
        field_str(&techniques, "technique", 0).as_deref(),
        Some("Loaded_Language")
    );
    let decisions = list_struct(&batch, "decisions", 0);
    assert_eq!(
        field_str(&decisions, "outcome", 0).as_deref(),
        Some("blocked")
    );
    let stances = list_struct(&batch, "stances", 0);
    assert_eq!(
        field_str(&stances, "holder_name", 0).as_deref(),
        Some("Emmanuel Macron")
    );
    let sentences = list_struct(&batch, "sentences", 0);
    assert_eq!(
        field_str(&sentences, "kind", 2).as_deref(),
        Some("editorial")
    );
    // The record column keeps the whole record.
    let kept: Value = serde_json::from_str(col::<StringArray>(&batch, "record").value(0)).unwrap();
    assert_eq!(kept, record("a"));
    assert!(col::<StringArray>(&batch, "error").is_null(0));
}

#[test]
fn missing_and_mistyped_fields_become_nulls() {
    let sparse = json!({"document": {"id": 7, "text": "Two words."}, "techniques": "none",
        "entities": [{"name": "X", "mentions": 3, "portrayal": null}, 5],
        "attributions": [{"start": 1.0, "end": 1.5, "source": "plain string", "direct": "yes"}],
        "sentences": [{"start": 0, "end": 10}],
        "document_extra": {"published": "2024-02"}});
    let empty = json!({});
    let not_object = json!([1, 2, 3]);
    let mut rows = RecordsBuilder::new();
    rows.push_record(&sparse);
    rows.push_record(&empty);
    rows.push_record(&not_object);
    let batch = rows.finish();
    assert_eq!(batch.num_rows(), 3);
    assert!(
        col::<StringArray>(&batch, "id").is_null(0),
        "a numeric id is not a string"
    );
    assert_eq!(col::<Int32Array>(&batch, "word_count").value(0), 2);
    assert!(col::<Int32Array>(&batch, "word_count").is_null(1));
    assert!(col::<Date32Array>(&batch, "published").is_null(0));
    assert!(
        col::<ListArray>(&batch, "techniques").is_null(0),
        "a string is not a list"
    );
    assert!(col::<Int32Array>(&batch, "technique_count").is_null(0));
    assert_eq!(col::<Int32Array>(&batch, "sentence_count").value(0), 1);
    assert!(
        col::<Int32Array>(&batch, "reported_sentences").is_null(0),
        "no kinds: no counts"
    );
    assert!(col::<Float64Array>(&batch, "editorial_share").is_null(0));
    let actors = list_struct(&batch, "actors", 0);
    assert_eq!(actors.len(), 2);
    assert_eq!(field_str(&actors, "name", 0).as_deref(), Some("X"));
    assert_eq!(
        field_i32(&actors, "mentions", 0),
        None,
        "mentions must be a list"
    );
    assert_eq!(
        field_str(&actors, "name", 1),
        None,
        "an item that is not an object"
    );
    let attributions = list_struct(&batch, "attributions", 0);
    assert_eq!(
        field_i32(&attributions, "start", 0),
        Some(1),
        "a whole float is an offset"
    );
    assert_eq!(
        field_i32(&attributions, "end", 0),
        None,
        "1.5 is not an offset"
    );
    assert_eq!(field_str(&attributions, "source_text", 0), None);
    for name in [
        "sentences",
        "techniques",
        "attributions",
        "actors",
        "stances",
        "decisions",
    ] {
        assert!(col::<ListArray>(&batch, name).is_null(1), "{name}");
    }
    assert!(col::<StringArray>(&batch, "record").is_valid(2));
    assert!(col::<StringArray>(&batch, "error").is_null(2));
}

#[test]
fn error_rows_carry_id_source_and_message() {
    let mut rows = RecordsBuilder::new();
    rows.push_record(&record("a"));
    rows.push_error(Some("b"), Some("corpus/b.txt"), "empty input");
    // An error record of the JSON output becomes an error row too.
    rows.push_record(&json!({"schema_version": "2.0",
        "error": {"source": "feed.jsonl:3", "message": "invalid JSON article"}}));
    assert!(rows.push_record_json("{not json").is_err());
    assert_eq!(rows.len(), 3);
    let batch = rows.finish();
    assert!(rows.is_empty());
    let error = col::<StringArray>(&batch, "error");
    assert!(error.is_null(0));
    assert_eq!(error.value(1), "empty input");
    assert_eq!(error.value(2), "invalid JSON article");
    assert_eq!(col::<StringArray>(&batch, "id").value(1), "b");
    assert!(col::<StringArray>(&batch, "id").is_null(2));
    assert_eq!(
        col::<StringArray>(&batch, "source").value(2),
        "feed.jsonl:3"
    );
    for name in ["title", "record", "text"] {
        assert!(col::<StringArray>(&batch, name).is_null(1), "{name}");
    }
    assert!(col::<Int32Array>(&batch, "word_count").is_null(1));
    assert!(col::<ListArray>(&batch, "actors").is_null(1));
}

#[test]
fn parquet_round_trip_in_several_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.parquet");
    let file = std::fs::File::create(&path).unwrap();
    let options = WriterOptions {
        rows_per_group: 4,
        ..WriterOptions::default()
    };
    let mut writer = ParquetRecordWriter::new(file, options).unwrap();
    for i in 0..10 {
        writer
            .write_record_json(&record(&format!("doc-{i}")).to_string())
            .unwrap();
    }
    writer
        .write_error(None, Some("corpus/bad.txt"), "not valid UTF-8")
        .unwrap();
    assert_eq!(writer.rows(), 11);
    writer.finish().unwrap();

    let meta = unspun_arrow::parquet::file::reader::FileReader::metadata(
        &unspun_arrow::parquet::file::reader::SerializedFileReader::new(
            std::fs::File::open(&path).unwrap(),
        )
        .unwrap(),
    )
    .clone();
    assert_eq!(meta.num_row_groups(), 3, "4 + 4 + 3 rows");

    let batches: Vec<RecordBatch> = read_parquet(&path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let batch = arrow_select::concat::concat_batches(&schema(), &batches).unwrap();
    assert_eq!(batch.schema().fields(), schema().fields());
    let ids: Vec<Option<&str>> = col::<StringArray>(&batch, "id").iter().collect();
    let mut expected: Vec<Option<String>> = (0..10).map(|i| Some(format!("doc-{i}"))).collect();
    expected.push(None);
    assert_eq!(
        ids,
        expected.iter().map(Option::as_deref).collect::<Vec<_>>()
    );
    let actors = list_struct(&batch, "actors", 7);
    assert_eq!(field_str(&actors, "country", 0).as_deref(), Some("France"));
    let attributions = list_struct(&batch, "attributions", 9);
    assert_eq!(field_i32(&attributions, "end", 0), Some(34));
    assert_eq!(
        col::<StringArray>(&batch, "error").value(10),
        "not valid UTF-8"
    );

    let sources = read_sources(&path).unwrap();
    assert_eq!(sources.len(), 10, "error rows are not done");
    assert!(sources.contains("corpus/doc-3.txt"));
    let good: usize = batches
        .iter()
        .map(|b| unspun_arrow::good_rows(b).unwrap().num_rows())
        .sum();
    assert_eq!(good, 10);
}

#[test]
fn a_bad_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truncated.parquet");
    std::fs::write(&path, b"PAR1 this is not a parquet file").unwrap();
    assert!(read_parquet(&path).is_err());
    assert!(read_sources(&path).is_err());
}
