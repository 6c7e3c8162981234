//! Actors as a reader meets them on the bundled example: the default tier
//! (entity and portrayal towers over the shared encoder) finds the people
//! quoted and the countries they speak for, and shows whole sentences as a
//! portrayal's evidence; the fast tier finds the same key actors.

mod common;

use common::{unspun, write};
use serde_json::Value;

/// The bundled example: a propaganda-style article.
const EXAMPLE: &str = include_str!("../../../examples/nato-tokyo-office.txt");

/// The record of the example with `extra` options.
fn record(extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "nato.txt", EXAMPLE);
    let mut args = vec!["analyze", path.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = unspun(&args);
    run.expect_code(0);
    run.json()
}

/// The entity named `name`, if any.
fn entity<'a>(record: &'a Value, name: &str) -> Option<&'a Value> {
    record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
}

#[test]
fn the_default_tier_finds_the_speakers_and_their_countries() {
    let record = record(&[]);
    for (name, kind, country) in [
        ("Emmanuel Macron", "person", "France"),
        ("Hirokazu Matsuno", "person", "Japan"),
        ("Wang Wenbin", "person", "China"),
    ] {
        let e = entity(&record, name).unwrap_or_else(|| panic!("{name} not found"));
        assert_eq!(e["type"], kind, "{name}");
        assert_eq!(e["country"], country, "{name}");
    }
    for name in ["NATO", "Japan", "China", "France"] {
        assert!(entity(&record, name).is_some(), "{name} not found");
    }
}

#[test]
fn portrayal_evidence_is_whole_sentences_in_the_default_tier() {
    let record = record(&[]);
    let sentences: Vec<(u64, u64)> = record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
        .collect();
    let mut evidence = 0;
    for e in record["entities"].as_array().unwrap() {
        let Some(p) = e.get("portrayal").filter(|p| !p.is_null()) else {
            continue;
        };
        let score = p["score"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&score), "{score}");
        for ev in p["evidence"].as_array().unwrap() {
            let span = (ev["start"].as_u64().unwrap(), ev["end"].as_u64().unwrap());
            assert!(sentences.contains(&span), "{span:?} is not a sentence");
            let w = ev["weight"].as_f64().unwrap();
            assert!(w != 0.0 && (-1.0..=1.0).contains(&w), "{w}");
            evidence += 1;
        }
    }
    assert!(evidence > 0, "no actor has evidence");
}

#[test]
fn the_fast_tier_finds_the_key_actors_too() {
    let record = record(&["--model", "fast"]);
    for name in ["Emmanuel Macron", "NATO", "Japan", "China"] {
        assert!(entity(&record, name).is_some(), "{name} not found");
    }
}
