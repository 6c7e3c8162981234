//! `unspun eval attribution|subjectivity` on small hand-written fixtures in
//! the data sets' own formats (the trainers are tested in `unspun-dev`).

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

const SUBJ_TSV: &str = "sentence_id\tsentence\tlabel\tsolved_conflict\n\
s1\tThe mayor said that the bridge would reopen in May.\tOBJ\tFalse\n\
s2\tThis is a shameful disgrace and we should never accept it!\tSUBJ\tFalse\n\
s3\tThe office opened in 2019 with 40 staff.\tOBJ\tFalse\n\
s4\tWhat a ridiculous, pathetic way to run a country.\tSUBJ\tFalse\n\
s5\tThe vote is on 3 May in the city hall.\tOBJ\tFalse\n\
s6\tSurely nobody believes this nonsense any more.\tSUBJ\tFalse\n\
s7\tThe company reported revenue of 3 billion euros.\tOBJ\tFalse\n\
s8\tWe must stop this madness before it is too late.\tSUBJ\tFalse\n\
s9\tThe train leaves the station at 9 o'clock.\tOBJ\tFalse\n\
s10\tIt is a disgrace that they get away with it.\tSUBJ\tFalse\n";

#[test]
fn eval_subjectivity_fast_and_accurate_tiers() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "dev_en.tsv", SUBJ_TSV);
    for tier in ["fast", "accurate"] {
        let pred = dir.path().join(format!("{tier}.tsv"));
        let run = unspun(&[
            "eval",
            "subjectivity",
            "--data",
            &data,
            "--model",
            tier,
            "--predictions",
            arg(&pred),
            "--json",
        ]);
        run.expect_code(0);
        let v = run.json();
        assert_eq!(v["model"], tier);
        assert_eq!(v["sentences"], 10);
        let (subj, obj, macro_f1) = (
            v["subj_f1"].as_f64().unwrap(),
            v["obj_f1"].as_f64().unwrap(),
            v["macro_f1"].as_f64().unwrap(),
        );
        assert!((macro_f1 - (subj + obj) / 2.0).abs() < 1e-9, "{v}");
        let written = std::fs::read_to_string(&pred).unwrap();
        let rows: Vec<&str> = written.lines().collect();
        assert_eq!(rows.len(), 11);
        // Attributed, so reported, so objective under either model.
        assert_eq!(rows[1], "s1\tOBJ", "{tier}");
        // Obvious opinion.
        assert_eq!(rows[2], "s2\tSUBJ", "{tier}");
        let predicted = rows[1..].iter().filter(|r| r.ends_with("\tSUBJ")).count();
        assert_eq!(v["predicted_subj"], predicted);
    }
    unspun(&["eval", "subjectivity", "--data", &data, "--model", "tiny"]).expect_code(2);
}
