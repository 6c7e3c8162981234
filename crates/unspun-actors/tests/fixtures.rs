//! Fixture score of the actors pipeline (entities → stances → decisions) on
//! short articles written for the purpose (`tests/fixtures/*.txt`), each with
//! the facts it should yield (`*.expect`):
//!
//! ```text
//! entity NAME TYPE            an actor with this canonical name and type
//! stance HOLDER POLARITY      a stance of this actor (name or country)
//! decision BODY OUTCOME       a decision of this body with this outcome
//! ```
//!
//! Prints the score per fixture and overall (`cargo test -p unspun-actors
//! --test fixtures -- --nocapture`) and fails below a floor, so that a
//! regression shows.

use std::path::Path;

use unspun_actors::stage::embedded_tagger;
use unspun_actors::{DecisionsStage, EntitiesStage, StancesStage};
use unspun_core::{segment, Analyzer, Document};

fn check(doc: &Document, line: &str) -> bool {
    let str_of = |a: &unspun_core::Annotation, k: &str| {
        a.attributes
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let entities = doc
        .layer("entities")
        .map(|l| l.annotations.as_slice())
        .unwrap_or(&[]);
    let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
    let (name, value) = rest.rsplit_once(' ').unwrap_or((rest, ""));
    match kind {
        "entity" => entities
            .iter()
            .any(|a| str_of(a, "name") == name && a.label == value),
        "stance" => doc.layer("stances").is_some_and(|l| {
            l.annotations.iter().any(|s| {
                let holder = str_of(s, "holder");
                let actor = entities.iter().find(|a| str_of(a, "id") == holder);
                let matches_holder = actor
                    .is_some_and(|a| str_of(a, "name") == name || str_of(a, "country") == name);
                matches_holder && s.label == value
            })
        }),
        "decision" => doc.layer("decisions").is_some_and(|l| {
            l.annotations.iter().any(|d| {
                let full = format!("{} {}", str_of(d, "body"), str_of(d, "outcome"));
                full == rest
            })
        }),
        _ => panic!("unknown expectation {line}"),
    }
}

/// Scores every `*.txt`/`*.expect` pair of a directory; returns (right, total).
fn score_dir(dir: &str) -> (usize, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let stages: Vec<Box<dyn Analyzer>> = vec![
        Box::new(EntitiesStage::fast()),
        Box::new(StancesStage),
        Box::new(DecisionsStage),
    ];
    let (mut total, mut right) = (0usize, 0usize);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        let mut doc = Document::new("fixture", text);
        segment::segment(&mut doc);
        for stage in &stages {
            stage.analyze(&mut doc).unwrap();
        }
        let lines: Vec<&str> = expect.lines().filter(|l| !l.trim().is_empty()).collect();
        let ok: Vec<bool> = lines.iter().map(|l| check(&doc, l)).collect();
        let n = ok.iter().filter(|&&b| b).count();
        let name = path.file_stem().unwrap().to_string_lossy();
        println!("{name:<28} {n}/{}", lines.len());
        for (l, b) in lines.iter().zip(&ok) {
            if !b {
                println!("    missed: {l}");
            }
        }
        total += lines.len();
        right += n;
    }
    (right, total)
}

/// The development fixtures (the rules were tuned on them) and the held-out
/// ones (written after the rules were frozen, never tuned on).
#[test]
fn fixture_score() {
    if embedded_tagger().is_err() {
        eprintln!("no embedded entity model in this build: fixture score skipped");
        return;
    }
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .unwrap()
        .count();
    assert!(files / 2 >= 15, "at least 15 development fixture articles");
    let (right, total) = score_dir("tests/fixtures");
    let dev = right as f64 / total as f64;
    println!("development fixture score: {right}/{total} = {dev:.3}");
    let (right, total) = score_dir("tests/heldout");
    let heldout = right as f64 / total as f64;
    println!("held-out fixture score: {right}/{total} = {heldout:.3}");
    assert!(
        dev >= 0.9,
        "development fixture score {dev:.3} fell below the floor"
    );
    assert!(
        heldout >= 0.5,
        "held-out fixture score {heldout:.3} fell below the floor"
    );
}
