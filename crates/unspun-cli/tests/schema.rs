//! `docs/unspun.schema.json` describes the records the binary really writes:
//! the required keys are exactly the keys of a real record (segmentation
//! only), and every key of a full record is declared.

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

/// Resolves `{"$ref": "#/$defs/name"}` against the schema.
fn resolve<'a>(schema: &'a Value, def: &'a Value) -> &'a Value {
    match def["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("unexpected $ref {reference}"));
            &schema["$defs"][name]
        }
        None => def,
    }
}

/// Required and declared keys of an object definition, through `allOf`
/// and `$ref`.
fn keys_of_def(schema: &Value, def: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let def = resolve(schema, def);
    let mut required: BTreeSet<String> = def["required"]
        .as_array()
        .map(|r| r.iter().map(|k| k.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    let mut declared: BTreeSet<String> = def["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for part in def["allOf"].as_array().into_iter().flatten() {
        let (r, d) = keys_of_def(schema, part);
        required.extend(r);
        declared.extend(d);
    }
    (required, declared)
}

/// Every required key is written, and every written key is declared.
#[track_caller]
fn assert_keys(what: &str, schema: &Value, def: &Value, object: &Value) {
    let (required, declared) = keys_of_def(schema, def);
    let found = keys(object);
    assert!(
        required.is_subset(&declared),
        "{what}: required keys not declared: {required:?} vs {declared:?}"
    );
    let missing: Vec<_> = required.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "{what}: required by the schema but not written: {missing:?} in {object}"
    );
    let undeclared: Vec<_> = found.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "{what}: written but not declared in the schema: {undeclared:?}"
    );
}

#[test]
fn record_keys_match_the_schema() {
    let schema = schema();
    let record_def = &schema["$defs"]["record"];
    let document_def = &record_def["properties"]["document"];
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);

    // With segmentation only, a record has exactly the required keys.
    for format in ["json", "jsonl"] {
        let run = unspun(&["analyze", &a, "--format", format, "--stages", "segment"]);
        run.expect_code(0);
        let record: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
        assert_keys("record", &schema, record_def, &record);
        assert_eq!(keys(&record), required(record_def), "{format}");
        assert_keys("document", &schema, document_def, &record["document"]);
        assert_eq!(keys(&record["document"]), required(document_def));
        let version = record["schema_version"].as_str().unwrap();
        assert!(
            version.starts_with("2.") && version[2..].parse::<u32>().is_ok(),
            "{version}"
        );
        let sentence_def = &record_def["properties"]["sentences"]["items"];
        for sentence in record["sentences"].as_array().unwrap() {
            assert_eq!(keys(sentence), keys_of_def(&schema, sentence_def).0);
        }
    }

    // Every stage, with --tokens: required keys all there, every key
    // written (optional `tokens` and `layers` included) declared.
    let run = unspun(&["analyze", &a, "--format", "json", "--tokens"]);
    run.expect_code(0);
    let record = run.json();
    assert_keys("full record", &schema, record_def, &record);
    assert!(record.get("tokens").is_some());
    assert_keys("document", &schema, document_def, &record["document"]);
    assert_eq!(keys(&record["document"]), required(document_def));

    let items = |name: &str| &record_def["properties"][name]["items"];
    for paragraph in record["paragraphs"].as_array().unwrap() {
        assert_keys("paragraph", &schema, items("paragraphs"), paragraph);
    }
    for sentence in record["sentences"].as_array().unwrap() {
        assert_keys("sentence", &schema, items("sentences"), sentence);
    }
    for token in record["tokens"].as_array().unwrap() {
        assert_keys("token", &schema, items("tokens"), token);
    }
    // Annotations: the required span keys (analysers may add more).
    let annotation_required = required(&schema["$defs"]["annotation"]);
    let mut layers: Vec<(String, &Value)> = unspun::report::RECORD_LAYERS
        .iter()
        .map(|layer| (layer.name.to_string(), &record[layer.name]))
        .collect();
    if let Some(other) = record.get("layers") {
        for (name, layer) in other.as_object().expect("`layers` is an object") {
            layers.push((name.clone(), layer));
        }
    }
    for (name, layer) in layers {
        for annotation in layer
            .as_array()
            .unwrap_or_else(|| panic!("{name} is not an array"))
        {
            let found = keys(annotation);
            assert!(
                annotation_required.is_subset(&found),
                "{name}: {annotation}"
            );
        }
    }
    let stage_def = &record_def["properties"]["stages"]["items"];
    for run in record["stages"].as_array().expect("stages") {
        let found = keys(run);
        assert!(required(stage_def).is_subset(&found), "{run}");
        assert!(found.is_subset(&properties(stage_def)), "{run}");
    }
    let summary_def = &record_def["properties"]["summary"];
    assert_eq!(keys(&record["summary"]), required(summary_def));
    if let Some(techniques) = record["techniques"].as_array() {
        for t in techniques {
            assert!(t["technique"].is_string(), "{t}");
        }
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
    for layer in unspun::report::RECORD_LAYERS {
        assert!(record_required.contains(layer.name), "{}", layer.name);
    }
    for field in ["stages", "summary"] {
        assert!(record_required.contains(field), "{field}");
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
