//! Batches: a large JSON Lines feed with broken lines mixed in, and HTML
//! pages written one file per document.

mod common;

use std::collections::BTreeSet;

use common::{arg, sentences, unspun, write};

const LINES: usize = 10_000;

/// How line `i` (0-based) of the feed is broken, if it is.
fn broken_kind(i: usize) -> Option<usize> {
    (i % 200 == 37).then_some(i / 200 % 6)
}

fn good_line(i: usize) -> String {
    let text = match i % 4 {
        0 => format!("Story {i} opens here. The minister said it was “a mistake”."),
        1 => format!(
            "Mr. Smith of the U.S. embassy spoke on day {i}. He left at 5 p.m. Nobody followed."
        ),
        2 => format!("Prices rose 3.{i}% — the fastest pace in years! Will they fall?"),
        _ => format!(
            "Line {i}.\n\nA second paragraph, with a quote: “We will not back down,” she said."
        ),
    };
    serde_json::json!({ "id": format!("doc-{i}"), "title": format!("Headline {i}"), "text": text })
        .to_string()
}

fn broken_line(i: usize, kind: usize) -> Vec<u8> {
    match kind {
        // Truncated JSON.
        0 => format!(r#"{{"id":"doc-{i}","text":"The record stops in the mid"#).into_bytes(),
        // Invalid UTF-8 inside a string.
        1 => {
            let mut b = format!(r#"{{"id":"doc-{i}","text":"Caf"#).into_bytes();
            b.extend_from_slice(b"\xe9 au lait \xff\xfe\"}");
            b
        }
        // No text at all.
        2 => format!(r#"{{"id":"doc-{i}","title":"Only a title"}}"#).into_bytes(),
        // Wrong type for text.
        3 => format!(r#"{{"id":"doc-{i}","text":{i}}}"#).into_bytes(),
        // Wrong type for the id.
        4 => format!(r#"{{"id":["doc",{i}],"text":"Fine text. Bad id."}}"#).into_bytes(),
        // Not an object.
        _ => format!("[{i}, \"not an article\"]").into_bytes(),
    }
}

#[test]
fn ten_thousand_lines_with_broken_ones_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut feed = Vec::new();
    let mut broken = 0;
    for i in 0..LINES {
        match broken_kind(i) {
            Some(kind) => {
                feed.extend_from_slice(&broken_line(i, kind));
                broken += 1;
            }
            None => feed.extend_from_slice(good_line(i).as_bytes()),
        }
        if i + 1 < LINES {
            feed.push(b'\n');
        }
    }
    assert_eq!(broken, 50);
    let path = write(dir.path(), "feed.jsonl", &feed);
    let out = dir.path().join("out.jsonl");
    // The batch mechanics are the point here, so the fast tier: the encoder
    // would spend minutes on 10,000 documents in a debug build.
    let run = unspun(&[
        "analyze",
        &path,
        "--model",
        "fast",
        "--format",
        "jsonl",
        "-o",
        arg(&out),
        "--threads",
        "2",
    ]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(&format!(
            "{LINES} inputs: {} ok, {broken} failed",
            LINES - broken
        )),
        "{}",
        run.stderr
    );
    let output = std::fs::read_to_string(&out).unwrap();
    let records = common::parse_jsonl(&output);
    assert_eq!(records.len(), LINES);
    for (i, record) in records.iter().enumerate() {
        let source = format!("{path}:{}", i + 1);
        if broken_kind(i).is_some() {
            let err = &record["error"];
            assert_eq!(err["source"], source.as_str(), "line {}: {record}", i + 1);
            let message = err["message"].as_str().unwrap();
            let expected = if broken_kind(i) == Some(2) {
                "no `text` or `html`"
            } else {
                "JSON"
            };
            assert!(message.contains(expected), "line {}: {message}", i + 1);
            assert!(
                run.stderr.contains(&format!("{source}: ")),
                "line {} not reported on stderr",
                i + 1
            );
            assert!(record.get("document").is_none());
        } else {
            assert!(record.get("error").is_none(), "line {}: {record}", i + 1);
            assert_eq!(record["document"]["id"], format!("doc-{i}").as_str());
            assert_eq!(record["document"]["source"], source.as_str());
            assert_eq!(
                record["document"]["title"],
                format!("Headline {i}").as_str()
            );
            let n = sentences(record).len();
            assert!(
                (2..=4).contains(&n),
                "line {}: {n} sentences in {record}",
                i + 1
            );
        }
    }
}

#[test]
fn json_array_of_several_inputs_with_an_error_parses() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", common::NEWS);
    let empty = write(dir.path(), "empty.txt", "");
    let feed = write(
        dir.path(),
        "feed.jsonl",
        "{\"id\":\"j1\",\"text\":\"One. Two.\"}\n{\"id\":\n",
    );
    let run = unspun(&["analyze", &a, &empty, &feed, "--format", "json"]);
    run.expect_code(1);
    let records = run.json();
    let records = records.as_array().expect("a JSON array");
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["document"]["id"], "a");
    assert!(records[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("empty"));
    assert_eq!(records[2]["document"]["id"], "j1");
    assert_eq!(records[3]["error"]["source"], format!("{feed}:2").as_str());
}

#[test]
fn json_array_when_every_input_failed() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let empty = write(dir.path(), "empty.txt", "");
    let run = unspun(&["analyze", arg(&missing), &empty, "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.json().as_array().expect("array").len(), 2);
}

#[test]
fn html_batch_one_file_per_document_with_unique_names() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("bbc");
    write(
        &corpus,
        "business/001.txt",
        "Shares rise\n\nShares rose on Monday. Traders cheered.\n",
    );
    write(
        &corpus,
        "sport/001.txt",
        "Team wins\n\nThe team won 2-1. Fans sang “we are the champions”.\n",
    );
    write(
        &corpus,
        "sport/002.txt",
        "Coach quits\n\nThe coach resigned <today> & left.\n",
    );
    let out = dir.path().join("pages");
    let run = unspun(&["analyze", arg(&corpus), "--format", "html", "-o", arg(&out)]);
    run.expect_code(0);
    assert!(
        run.stdout.is_empty(),
        "pages go to the directory: {}",
        run.stdout
    );
    let names: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".html")), "{names:?}");
    assert!(
        names.contains("001.html") && names.contains("002.html"),
        "{names:?}"
    );
    let mut titles = BTreeSet::new();
    for name in &names {
        let page = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"), "{name}");
        assert!(page.trim_end().ends_with("</html>"), "{name}");
        for title in ["Shares rise", "Team wins", "Coach quits"] {
            if page.contains(title) {
                titles.insert(title);
            }
        }
        if page.contains("Coach quits") {
            assert!(page.contains("&lt;today&gt; &amp; left"), "text is escaped");
            assert!(!page.contains("<today>"));
        }
    }
    assert_eq!(titles.len(), 3, "each article has its own page");
}

#[test]
fn html_batch_survives_a_very_long_id() {
    let dir = tempfile::tempdir().unwrap();
    let long_id = "x".repeat(300);
    let feed = write(
        dir.path(),
        "feed.jsonl",
        format!(
            "{{\"id\":\"{long_id}\",\"text\":\"A long id. Fine text.\"}}\n{{\"id\":\"short\",\"text\":\"Short id.\"}}\n"
        ),
    );
    let out = dir.path().join("pages");
    let run = unspun(&["analyze", &feed, "--format", "html", "-o", arg(&out)]);
    run.expect_code(0);
    let names: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains("short.html"));
    assert!(names.iter().all(|n| n.len() < 100), "{names:?}");
}

#[test]
fn html_batch_without_output_directory_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", common::NEWS);
    let b = write(dir.path(), "b.txt", common::NEWS);
    let run = unspun(&["analyze", &a, &b, "--format", "html"]);
    run.expect_code(2);
    assert!(run.stderr.contains("-o DIR"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = unspun(&["analyze", arg(dir.path()), "--format", "html"]);
    run.expect_code(2);
}
