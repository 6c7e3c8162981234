//! `unspun eval attribution|subjectivity` and `unspun train attribution` on
//! small hand-written fixtures in the data sets' own formats.

mod common;

use common::{arg, unspun, write};

const TEXT: &str =
    "Title line\n\nThe mayor said that the bridge would reopen. Nothing else happened.\n";

#[test]
fn eval_attribution_scores_and_writes_brat_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("dev");
    write(&split, "text/a1.txt", TEXT);
    // Gold: "The mayor" (12..21) "said" (22..26) "that the bridge would reopen" (27..55).
    let ann = "T1\tSource 12 21\tThe mayor\nT2\tCue 22 26\tsaid\nT3\tContent 27 55\tthat the bridge would reopen\n\
T4\tAttribution 22 26\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
    write(&split, "attributions/a1_ab12.ann", ann);
    let pred = dir.path().join("pred");
    let run = unspun(&[
        "eval",
        "attribution",
        "--data",
        arg(&split),
        "--predictions",
        arg(&pred),
        "--json",
    ]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["texts"], 1);
    assert_eq!(v["gold_relations"], 1);
    for role in ["source", "cue", "content", "relation"] {
        assert_eq!(v["exact"][role]["f1"], 1.0, "{role}: {v}");
    }
    let written = std::fs::read_to_string(pred.join("a1_unspun.ann")).unwrap();
    assert!(written.contains("\tCue 22 26\tsaid"), "{written}");
    assert!(written.contains("E1\tAttribution:"), "{written}");

    let missing = dir.path().join("nothing");
    unspun(&["eval", "attribution", "--data", arg(&missing)]).expect_code(1);
}

#[test]
fn train_attribution_writes_a_cue_list() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("train");
    write(&split, "text/a1.txt", TEXT);
    write(
        &split,
        "attributions/a1_ab12.ann",
        "T2\tCue 22 26\tsaid\nE1\tAttribution:T2 Cue:T2\n",
    );
    let out = dir.path().join("cues.tsv");
    unspun(&[
        "train",
        "attribution",
        "--data",
        arg(&split),
        "--output",
        arg(&out),
        "--min-count",
        "1",
    ])
    .expect_code(0);
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.lines().any(|l| l.starts_with("said\t1\t1\t")), "{tsv}");
}

#[test]
fn eval_subjectivity_writes_task_format() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = "sentence_id\tsentence\tlabel\tsolved_conflict\n\
s1\tThe mayor said that the bridge would reopen in May.\tOBJ\tFalse\n\
s2\tThis is a shameful disgrace and we should never accept it!\tSUBJ\tFalse\n";
    let data = write(dir.path(), "dev_en.tsv", tsv);
    let pred = dir.path().join("pred.tsv");
    let run = unspun(&[
        "eval",
        "subjectivity",
        "--data",
        &data,
        "--predictions",
        arg(&pred),
        "--json",
    ]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["sentences"], 2);
    let f1 = v["macro_f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&f1));
    let written = std::fs::read_to_string(&pred).unwrap();
    let rows: Vec<&str> = written.lines().collect();
    assert_eq!(rows[0], "sentence_id\tlabel");
    // The attributed sentence is reported, so objective.
    assert_eq!(rows[1], "s1\tOBJ");
    assert_eq!(rows.len(), 3);
}
