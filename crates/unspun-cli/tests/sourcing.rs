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
        "--tagger-output",
        arg(&dir.path().join("tagger.bin")),
        "--epochs",
        "2",
        "--bits",
        "12",
    ])
    .expect_code(0);
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.lines().any(|l| l.starts_with("said\t1\t1\t")), "{tsv}");
}

/// Four texts of "X said that C." sentences with their gold relations.
fn write_split(split: &std::path::Path) {
    let names = ["The mayor", "Ms. Park", "The union", "Officials"];
    let claims = [
        "the bridge would reopen",
        "taxes were too high",
        "the plan had failed",
    ];
    for k in 0..4 {
        let mut text = String::from("Title line\n\n");
        let mut ann = String::new();
        for j in 0..3 {
            let (name, claim) = (names[(k + j) % 4], claims[(k + j) % 3]);
            let s = text.chars().count();
            let cue = s + name.len() + 1;
            let content = cue + 5;
            let end = content + 5 + claim.len();
            text.push_str(&format!("{name} said that {claim}. Rain fell. "));
            let t = 4 * j;
            ann.push_str(&format!(
                "T{}\tSource {s} {}\t{name}\nT{}\tCue {cue} {}\tsaid\nT{}\tContent {content} {end}\tthat {claim}\n\
E{}\tAttribution:T{} Content:T{} Cue:T{} Source:T{}\n",
                t + 1,
                cue - 1,
                t + 2,
                cue + 4,
                t + 3,
                j + 1,
                t + 2,
                t + 3,
                t + 2,
                t + 1
            ));
        }
        write(split, &format!("text/a{k}.txt"), &text);
        write(split, &format!("attributions/a{k}_ab12.ann"), &ann);
    }
}

#[test]
fn train_attribution_writes_a_tagger_that_eval_reads() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("train");
    write_split(&split);
    let tagger = dir.path().join("tagger.bin");
    unspun(&[
        "train",
        "attribution",
        "--data",
        arg(&split),
        "--output",
        arg(&dir.path().join("cues.tsv")),
        "--tagger-output",
        arg(&tagger),
        "--epochs",
        "4",
        "--bits",
        "14",
    ])
    .expect_code(0);
    assert!(std::fs::metadata(&tagger).unwrap().len() > 100);
    let scores = |extra: &[&str]| {
        let mut args = vec!["eval", "attribution", "--data", arg(&split), "--json"];
        args.extend_from_slice(extra);
        let run = unspun(&args);
        run.expect_code(0);
        run.json()
    };
    // The tagger learned its own training texts; the rules find them too.
    for v in [
        scores(&["--tagger", arg(&tagger)]),
        scores(&["--rules-only"]),
    ] {
        assert_eq!(v["gold_relations"], 12);
        for role in ["source", "cue", "content", "relation"] {
            assert_eq!(v["exact"][role]["f1"], 1.0, "{role}: {v}");
        }
    }
    // A file that is not a tagger is an input error.
    let bad = write(dir.path(), "bad.bin", "not a model");
    let run = unspun(&[
        "eval",
        "attribution",
        "--data",
        arg(&split),
        "--tagger",
        &bad,
    ]);
    run.expect_code(1);
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

#[test]
fn train_subjectivity_accurate_writes_a_head_that_eval_reads() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "train_en.tsv", SUBJ_TSV);
    let out = dir.path().join("head.json");
    unspun(&[
        "train",
        "subjectivity",
        "--data",
        &data,
        "--model",
        "accurate",
        "--head-l2",
        "0.1,1",
        "--output",
        arg(&out),
    ])
    .expect_code(0);
    let head: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(head["w1"].as_array().unwrap().len(), 769);
    assert_eq!(head["threshold"], 0.5);
    assert_eq!(head["info"]["sentences"], 10);
    let run = unspun(&[
        "eval",
        "subjectivity",
        "--data",
        &data,
        "--accurate-file",
        arg(&out),
        "--json",
    ]);
    run.expect_code(0);
    // Scored on its own training sentences: the head fits them.
    assert!(
        run.json()["macro_f1"].as_f64().unwrap() >= 0.8,
        "{}",
        run.stdout
    );

    let bad = write(dir.path(), "bad.json", "{\"mean\": [1]}");
    unspun(&[
        "eval",
        "subjectivity",
        "--data",
        &data,
        "--accurate-file",
        &bad,
    ])
    .expect_code(1);
}
