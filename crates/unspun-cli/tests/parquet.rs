//! `unspun analyze --format parquet`, directories of parts and `--resume`:
//! the rows equal the JSON Lines records, files appear whole or not at all,
//! and an interrupted run continues where it stopped.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{arg, parse_jsonl, unspun, write};
use serde_json::Value;
use unspun_arrow::arrow_array::{
    Array, Int32Array, ListArray, RecordBatch, StringArray, StructArray,
};

/// A small corpus: two directories of text files (one file empty: an error
/// row), and a JSON Lines feed.
fn corpus(dir: &Path) -> String {
    let root = dir.join("corpus");
    for i in 1..=3 {
        write(
            &root,
            &format!("a/{i}.txt"),
            format!(
                "Headline {i}\n\nThe minister said “we will not back down” on day {i}. \
                 Critics called the plan a disgrace. Officials in Brussels said talks would go on."
            ),
        );
    }
    write(
        &root,
        "b/x.txt",
        "Title\n\nPrices rose 3% in March, the statistics office said.\n",
    );
    write(&root, "b/empty.txt", "");
    let feed: String = (0..4)
        .map(|i| {
            serde_json::json!({"id": format!("f{i}"), "title": format!("Feed {i}"),
                "outlet": "Feed Times", "published": format!("2024-03-0{}", i + 1),
                "text": format!("Story {i}. The spokesman said the decision was final.")})
            .to_string()
                + "\n"
        })
        .collect();
    write(&root, "feed.jsonl", feed);
    arg(&root).to_string()
}

fn read_rows(path: &Path) -> Vec<RecordBatch> {
    unspun_arrow::read_parquet(path)
        .unwrap_or_else(|e| panic!("{} does not read back: {e}", path.display()))
        .collect::<Result<_, _>>()
        .unwrap()
}

fn strings(batches: &[RecordBatch], name: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let col = b
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone();
            (0..col.len())
                .map(move |i| col.is_valid(i).then(|| col.value(i).to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// Files under `dir` whose name marks a temporary file.
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn parquet_rows_are_the_json_lines_records() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let parquet = dir.path().join("out.parquet");
    let jsonl = dir.path().join("out.jsonl");
    let run = unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "parquet",
        "-o",
        arg(&parquet),
    ]);
    run.expect_code(1); // the empty file failed
    assert!(run.stdout.is_empty());
    unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "jsonl",
        "-o",
        arg(&jsonl),
    ])
    .expect_code(1);
    assert!(
        temp_files(dir.path()).is_empty(),
        "no temporary file is left behind"
    );

    let lines = parse_jsonl(&std::fs::read_to_string(&jsonl).unwrap());
    let batches = read_rows(&parquet);
    assert_eq!(rows(&batches), lines.len());
    assert_eq!(lines.len(), 9);
    let records = strings(&batches, "record");
    let errors = strings(&batches, "error");
    let sources = strings(&batches, "source");
    let ids = strings(&batches, "id");
    for (i, line) in lines.iter().enumerate() {
        if let Some(error) = line.get("error") {
            assert_eq!(errors[i].as_deref(), error["message"].as_str(), "row {i}");
            assert_eq!(sources[i].as_deref(), error["source"].as_str());
            assert!(records[i].is_none());
            continue;
        }
        let record: Value = serde_json::from_str(records[i].as_deref().unwrap()).unwrap();
        assert_eq!(
            &record, line,
            "row {i}: the record column is the JSON Lines record"
        );
        assert_eq!(ids[i].as_deref(), line["document"]["id"].as_str());
        assert_eq!(sources[i].as_deref(), line["document"]["source"].as_str());
        assert!(errors[i].is_none());
    }
    assert!(errors.iter().flatten().any(|e| e.contains("empty")));

    // A nested value: the sentences of each row are those of its record.
    let mut row = 0;
    for batch in &batches {
        let sentences = batch.column_by_name("sentences").unwrap();
        let sentences = sentences.as_any().downcast_ref::<ListArray>().unwrap();
        let counts = batch.column_by_name("sentence_count").unwrap();
        let counts = counts.as_any().downcast_ref::<Int32Array>().unwrap();
        for i in 0..batch.num_rows() {
            let line = &lines[row];
            row += 1;
            if line.get("error").is_some() {
                assert!(sentences.is_null(i));
                continue;
            }
            let expected = line["sentences"].as_array().unwrap();
            assert_eq!(counts.value(i) as usize, expected.len());
            let items = sentences.value(i);
            let items = items.as_any().downcast_ref::<StructArray>().unwrap();
            let ends = items.column_by_name("end").unwrap();
            let ends = ends.as_any().downcast_ref::<Int32Array>().unwrap();
            let got: Vec<i64> = ends.iter().map(|e| i64::from(e.unwrap())).collect();
            let want: Vec<i64> = expected
                .iter()
                .map(|s| s["end"].as_i64().unwrap())
                .collect();
            assert_eq!(got, want);
        }
    }
    // The outlet and date of the feed are typed columns.
    let outlets = strings(&batches, "outlet");
    assert_eq!(
        outlets
            .iter()
            .flatten()
            .filter(|o| *o == "Feed Times")
            .count(),
        4
    );
}

#[test]
fn parquet_needs_an_output_and_resume_needs_a_file_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.txt", "Title\n\nSome text here.\n");
    let run = unspun(&["analyze", &input, "--model", "fast", "-f", "parquet"]);
    run.expect_code(2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
    let out = dir.path().join("out.json");
    let run = unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-f",
        "json",
        "-o",
        arg(&out),
        "--resume",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("--resume"), "{}", run.stderr);
    // A directory that cannot be written: no file, no temporary file.
    let missing = dir.path().join("no/such/dir/out.parquet");
    unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-f",
        "parquet",
        "-o",
        arg(&missing),
    ])
    .expect_code(3);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn parts_per_shard_and_resume_skips_the_done_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let parts = dir.path().join("parts");
    let args = [
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "parquet",
        "-o",
        arg(&parts),
    ];
    unspun(&args).expect_code(1);
    let expected: BTreeSet<String> = ["a.parquet", "b.parquet", "feed.parquet"]
        .map(String::from)
        .into();
    assert_eq!(
        names(&parts),
        expected,
        "one part per shard, no temporary file"
    );
    assert_eq!(rows(&read_rows(&parts.join("a.parquet"))), 3);
    assert_eq!(rows(&read_rows(&parts.join("b.parquet"))), 2);
    assert_eq!(rows(&read_rows(&parts.join("feed.parquet"))), 4);

    // The run "stopped" before b and feed; a new article in a/ shows
    // whether a was analysed again.
    std::fs::remove_file(parts.join("b.parquet")).unwrap();
    std::fs::remove_file(parts.join("feed.parquet")).unwrap();
    let a_before = std::fs::read(parts.join("a.parquet")).unwrap();
    write(
        Path::new(&input),
        "a/4.txt",
        "Late\n\nA late article arrived.\n",
    );
    let mut resumed = args.to_vec();
    resumed.remove(4); // -q: keep the summary
    resumed.push("--resume");
    let run = unspun(&resumed);
    run.expect_code(1);
    assert!(run.stderr.contains("2 parts written"), "{}", run.stderr);
    assert!(run.stderr.contains("1 already there"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(parts.join("a.parquet")).unwrap(),
        a_before,
        "a was skipped"
    );
    assert_eq!(names(&parts), expected);
    assert_eq!(rows(&read_rows(&parts.join("b.parquet"))), 2);
    assert_eq!(rows(&read_rows(&parts.join("feed.parquet"))), 4);

    // Everything done: nothing to analyse, not an error.
    let run = unspun(&resumed);
    run.expect_code(0);
    assert!(run.stderr.contains("0 parts written"), "{}", run.stderr);
}

#[test]
fn json_lines_parts_have_the_same_rows_as_parquet_parts() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let pq = dir.path().join("pq");
    let jl = dir.path().join("jl/");
    unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "parquet",
        "-o",
        arg(&pq),
    ])
    .expect_code(1);
    unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "jsonl",
        "-o",
        arg(&jl),
    ])
    .expect_code(1);
    for shard in ["a", "b", "feed"] {
        let lines =
            parse_jsonl(&std::fs::read_to_string(jl.join(format!("{shard}.jsonl"))).unwrap());
        let batches = read_rows(&pq.join(format!("{shard}.parquet")));
        let records = strings(&batches, "record");
        assert_eq!(records.len(), lines.len(), "{shard}");
        for (record, line) in records.iter().zip(&lines) {
            match record {
                Some(json) => assert_eq!(&serde_json::from_str::<Value>(json).unwrap(), line),
                None => assert!(line.get("error").is_some()),
            }
        }
    }
}

#[test]
fn resume_into_one_file_keeps_the_rows_and_adds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    for (format, name) in [("parquet", "out.parquet"), ("jsonl", "out.jsonl")] {
        let out = dir.path().join(name);
        let args = [
            "analyze",
            &input,
            "--model",
            "fast",
            "-f",
            format,
            "-o",
            arg(&out),
            "--resume",
        ];
        unspun(&args).expect_code(1);
        let sources_of = |out: &Path| -> Vec<String> {
            if format == "parquet" {
                let batches = read_rows(out);
                strings(&batches, "source").into_iter().flatten().collect()
            } else {
                parse_jsonl(&std::fs::read_to_string(out).unwrap())
                    .iter()
                    .map(|r| {
                        r.pointer("/document/source")
                            .or_else(|| r.pointer("/error/source"))
                            .and_then(Value::as_str)
                            .unwrap()
                            .to_string()
                    })
                    .collect()
            }
        };
        assert_eq!(sources_of(&out).len(), 9);
        // A new input, and the empty one fixed: only those two are analysed.
        write(Path::new(&input), "b/y.txt", "New\n\nA new article.\n");
        let fixed = write(
            Path::new(&input),
            "b/empty.txt",
            "Fixed\n\nNow it has text.\n",
        );
        let run = unspun(&args);
        run.expect_code(0);
        assert!(run.stderr.contains("2 inputs: 2 ok"), "{}", run.stderr);
        assert!(
            run.stderr.contains("8 skipped (already in the output)"),
            "{}",
            run.stderr
        );
        let sources = sources_of(&out);
        assert_eq!(sources.len(), 10, "{sources:?}");
        let unique: HashSet<&String> = sources.iter().collect();
        assert_eq!(unique.len(), 10, "no input twice");
        assert!(sources.contains(&fixed));
        assert!(temp_files(dir.path()).is_empty());
        std::fs::remove_file(dir.path().join("corpus/b/y.txt")).unwrap();
        write(Path::new(&input), "b/empty.txt", "");
    }
}

#[test]
fn a_killed_run_leaves_no_truncated_file() {
    let dir = tempfile::tempdir().unwrap();
    let feed: String = (0..20_000)
        .map(|i| {
            serde_json::json!({"id": format!("d{i}"),
                "text": format!("Story {i}. The minister said the plan was “a disgrace”. Critics agreed.")})
            .to_string()
                + "\n"
        })
        .collect();
    let input = write(dir.path(), "in/feed.jsonl", feed);
    let parts = dir.path().join("parts");
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args([
            "analyze",
            &input,
            "--model",
            "fast",
            "-q",
            "--threads",
            "1",
            "-f",
            "parquet",
            "-o",
            arg(&parts),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the part is being written, then kill the run.
    let started = Instant::now();
    let killed = loop {
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        if parts.is_dir() && !temp_files(&parts).is_empty() {
            std::thread::sleep(Duration::from_millis(200));
            child.kill().unwrap();
            child.wait().unwrap();
            break true;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the run never started writing"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(killed, "20,000 articles take longer than 0.2 s");
    assert!(
        !parts.join("feed.parquet").exists(),
        "a killed run left a part under its name"
    );
    assert_eq!(
        temp_files(&parts).len(),
        1,
        "the killed run's temporary file"
    );
    // Resuming writes the whole part.
    let shorter: String = (0..50)
        .map(|i| {
            serde_json::json!({"id": format!("d{i}"), "text": "Short story."}).to_string() + "\n"
        })
        .collect();
    write(dir.path(), "in/feed.jsonl", shorter);
    unspun(&[
        "analyze",
        &input,
        "--model",
        "fast",
        "-q",
        "-f",
        "parquet",
        "-o",
        arg(&parts),
        "--resume",
    ])
    .expect_code(0);
    assert_eq!(rows(&read_rows(&parts.join("feed.parquet"))), 50);
}
