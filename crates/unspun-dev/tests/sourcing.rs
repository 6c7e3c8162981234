//! `unspun-dev train attribution|subjectivity` on small hand-written
//! fixtures in the data sets' own formats; the models they write are scored
//! by the library evaluation that `unspun eval` runs.

mod common;

use common::{arg, unspun_dev, write};
use unspun_sourcing::eval::{
    attribution, subjectivity, AttributionOptions, EvalError, SubjectivityOptions,
};

const TEXT: &str =
    "Title line\n\nThe mayor said that the bridge would reopen. Nothing else happened.\n";

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
    unspun_dev(&[
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
    unspun_dev(&[
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
    // What `unspun eval attribution --data SPLIT --json [options]` prints.
    let scores = |options: AttributionOptions| attribution(&split, &options).unwrap().to_json();
    // The tagger learned its own training texts; the rules find them too.
    for v in [
        scores(AttributionOptions {
            tagger: Some(tagger.clone()),
            ..AttributionOptions::default()
        }),
        scores(AttributionOptions {
            rules_only: true,
            ..AttributionOptions::default()
        }),
    ] {
        assert_eq!(v["gold_relations"], 12);
        for role in ["source", "cue", "content", "relation"] {
            assert_eq!(v["exact"][role]["f1"], 1.0, "{role}: {v}");
        }
    }
    // A file that is not a tagger is an input error (exit status 1 of
    // `unspun eval attribution`).
    let bad = write(dir.path(), "bad.bin", "not a model");
    let options = AttributionOptions {
        tagger: Some(bad.into()),
        ..AttributionOptions::default()
    };
    assert!(matches!(
        attribution(&split, &options),
        Err(EvalError::Input(_))
    ));
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
fn train_subjectivity_accurate_writes_a_head_that_eval_reads() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "train_en.tsv", SUBJ_TSV);
    let out = dir.path().join("head.json");
    unspun_dev(&[
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
    // What `unspun eval subjectivity --data DATA --accurate-file OUT --json`
    // prints.
    let options = SubjectivityOptions {
        accurate_file: Some(out.clone()),
        ..SubjectivityOptions::default()
    };
    let v = subjectivity(data.as_ref(), &options).unwrap().to_json();
    // Scored on its own training sentences: the head fits them.
    assert!(v["macro_f1"].as_f64().unwrap() >= 0.8, "{v}");

    let bad = write(dir.path(), "bad.json", "{\"mean\": [1]}");
    let options = SubjectivityOptions {
        accurate_file: Some(bad.into()),
        ..SubjectivityOptions::default()
    };
    assert!(matches!(
        subjectivity(data.as_ref(), &options),
        Err(EvalError::Input(_))
    ));
}
