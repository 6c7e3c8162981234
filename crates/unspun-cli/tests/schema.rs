//! `docs/unspun.schema.json` describes the records the binary really writes:
//! the required keys are exactly the keys of a real record.

mod common;

use std::collections::BTreeSet;

use common::{arg, unspun, write, NEWS};
use serde_json::Value;

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/unspun.schema.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn required(def: &Value) -> BTreeSet<String> {
    def["required"]
        .as_array()
        .unwrap_or_else(|| panic!("no `required` in {def}"))
        .iter()
        .map(|k| k.as_str().expect("key name").to_string())
        .collect()
}

fn properties(def: &Value) -> BTreeSet<String> {
    def["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no `properties` in {def}"))
        .keys()
        .cloned()
        .collect()
}

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {object}"))
        .keys()
        .cloned()
        .collect()
}

/// The keys of `record` are the required ones, plus only `optional` ones
/// that the schema declares.
#[track_caller]
fn assert_keys(what: &str, def: &Value, record: &Value, optional: &[&str]) {
    let required = required(def);
    let declared = properties(def);
    let found = keys(record);
    assert!(
        required.is_subset(&declared),
        "{what}: required keys not declared: {required:?} vs {declared:?}"
    );
    let missing: Vec<_> = required.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "{what}: required by the schema but not written: {missing:?}"
    );
    let extra: BTreeSet<_> = found.difference(&required).map(String::as_str).collect();
    let allowed: BTreeSet<_> = optional.iter().copied().collect();
    assert!(
        extra.is_subset(&allowed),
        "{what}: written but not required by the schema: {extra:?}"
    );
    for key in &extra {
        assert!(
            declared.contains(*key),
            "{what}: `{key}` not declared in the schema"
        );
    }
}

#[test]
fn record_keys_match_the_schema() {
    let schema = schema();
    let record_def = &schema["$defs"]["record"];
    let document_def = &record_def["properties"]["document"];
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);

    for format in ["json", "jsonl"] {
        let run = unspun(&["analyze", &a, "--format", format]);
        run.expect_code(0);
        let record: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
        assert_keys("record", record_def, &record, &[]);
        assert_eq!(
            keys(&record),
            required(record_def),
            "a plain record has exactly the required keys"
        );
        assert_keys("document", document_def, &record["document"], &[]);
        assert_eq!(keys(&record["document"]), required(document_def));
        let version = record["schema_version"].as_str().unwrap();
        assert!(
            version.starts_with("1.") && version[2..].parse::<u32>().is_ok(),
            "{version}"
        );
    }

    // With --tokens, `tokens` comes in addition, as the schema declares.
    let run = unspun(&["analyze", &a, "--format", "json", "--tokens"]);
    let record = run.json();
    assert_keys("record with tokens", record_def, &record, &["tokens"]);
    assert!(record.get("tokens").is_some());

    // Sentences and paragraphs carry the keys their definitions require.
    let span_required = required(&schema["$defs"]["span"]);
    for paragraph in record["paragraphs"].as_array().unwrap() {
        assert_eq!(keys(paragraph), span_required);
    }
    for sentence in record["sentences"].as_array().unwrap() {
        let mut expected = span_required.clone();
        expected.insert("paragraph".into());
        assert_eq!(keys(sentence), expected);
    }
    for token in record["tokens"].as_array().unwrap() {
        let mut expected = span_required.clone();
        expected.insert("kind".into());
        assert_eq!(keys(token), expected);
    }
}

#[test]
fn error_record_keys_match_the_schema() {
    let schema = schema();
    let error_def = &schema["$defs"]["error_record"];
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    for format in ["json", "jsonl"] {
        let run = unspun(&["analyze", arg(&missing), "--format", format]);
        run.expect_code(1);
        let record: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
        assert_eq!(keys(&record), required(error_def), "{format}: {record}");
        assert_eq!(keys(&record), properties(error_def));
        let body_def = &error_def["properties"]["error"];
        assert_eq!(keys(&record["error"]), required(body_def));
        assert_eq!(keys(&record["error"]), properties(body_def));
        assert!(record["error"]["source"].is_string() && record["error"]["message"].is_string());
    }
}

#[test]
fn schema_describes_the_standard_layers_and_datelines() {
    let schema = schema();
    let record_required = required(&schema["$defs"]["record"]);
    for layer in unspun::report::STANDARD_LAYERS {
        assert!(record_required.contains(*layer), "{layer}");
    }
    // No dateline analyser fills one in every record yet: serialise the
    // model's Dateline directly, as the record does.
    let dateline = unspun::core::Dateline {
        text: "PARIS (Reuters) -".into(),
        span: unspun::core::Span::new(0, 17),
        place: Some("Paris".into()),
        agency: Some("Reuters".into()),
        date: None,
    };
    let written = serde_json::to_value(&dateline).unwrap();
    let def = &schema["$defs"]["dateline"];
    assert_eq!(keys(&written), required(def));
    assert_eq!(keys(&written), properties(def));
}
