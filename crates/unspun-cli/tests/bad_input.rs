//! Inputs that are empty, binary, mis-encoded, huge, missing or unreadable:
//! each fails (or succeeds with a warning) on its own, with a clear message
//! and the right exit status, and never makes the binary panic.

mod common;

use std::fmt::Write as _;

use common::{arg, sentences, unspun, unspun_in, write, NEWS};
use serde_json::Value;

/// The error record of a failed single input in `--format json`.
#[track_caller]
fn error_message(record: &Value) -> &str {
    assert!(
        record.get("document").is_none(),
        "not an error record: {record}"
    );
    record["error"]["message"].as_str().expect("error message")
}

#[test]
fn empty_file_fails_with_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.txt", b"");
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(1);
    assert!(run.stderr.contains("empty input"), "{}", run.stderr);
    assert!(
        run.stderr.contains("empty.txt"),
        "stderr names the input: {}",
        run.stderr
    );
    let record = run.json();
    assert!(error_message(&record).contains("empty input"));
    assert_eq!(record["error"]["source"], path.as_str());
}

#[test]
fn whitespace_only_file_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "blank.txt", " \n\t\r\n   \n\u{a0}\n");
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(1);
    assert!(
        error_message(&run.json()).contains("empty input"),
        "{}",
        run.stdout
    );
}

#[test]
fn binary_data_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06";
    let zip: &[u8] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xb7\x8dWV\x00\x00\x00\x00article.txt";
    for (name, bytes) in [("image.txt", png), ("archive.txt", zip)] {
        let path = write(dir.path(), name, bytes);
        let run = unspun(&["analyze", &path, "--format", "json"]);
        run.expect_code(1);
        let record = run.json();
        assert!(
            error_message(&record).contains("binary data"),
            "{name}: {record}"
        );
        assert!(run.stderr.contains("binary data"), "{}", run.stderr);
    }
}

#[test]
fn latin1_file_succeeds_with_warning() {
    let dir = tempfile::tempdir().unwrap();
    // "Café owners say “no”" in Windows-1252 / Latin-1.
    let bytes = b"Caf\xe9 owners say \x93no\x94\n\nThe caf\xe9 owner said the plan was \x93a mistake\x94. Prices rose \xa35.\n";
    let path = write(dir.path(), "latin1.txt", bytes);
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(0);
    let record = run.json();
    assert_eq!(record["document"]["title"], "Café owners say “no”");
    assert!(record["document"]["text"]
        .as_str()
        .unwrap()
        .contains("“a mistake”"));
    let warnings = record["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{record}");
    let warning = warnings[0].as_str().unwrap();
    assert!(
        warning.contains("not valid UTF-8") && warning.contains("Latin-1"),
        "{warning}"
    );
    assert_eq!(sentences(&record).len(), 3, "{record}");
}

#[test]
fn invalid_utf8_in_the_middle_is_decoded_with_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = NEWS.as_bytes().to_vec();
    bytes.extend_from_slice(b"\nA stray \xff\xfe byte pair here.\n");
    let path = write(dir.path(), "mixed.txt", bytes);
    let run = unspun(&["analyze", &path, "--format", "jsonl"]);
    run.expect_code(0);
    let record = &run.jsonl()[0];
    let warning = record["warnings"][0].as_str().expect("a warning");
    assert!(warning.contains("offset"), "{warning}");
}

/// Realistic news paragraphs, deterministic, about `bytes` long.
fn big_article(bytes: usize) -> (String, usize) {
    const SUBJECTS: &[&str] = &[
        "The finance minister",
        "Mr. Smith",
        "The U.S. Treasury",
        "Officials in Brussels",
        "Dr. Jones of the Bank of England",
        "A spokesperson for Acme Inc.",
        "Analysts at the firm",
    ];
    const VERBS: &[&str] = &[
        "said",
        "warned",
        "announced",
        "denied",
        "claimed",
        "told reporters",
    ];
    const OBJECTS: &[&str] = &[
        "that the plan would cost £1.5bn.",
        "it was “a serious mistake”.",
        "the talks had failed — again.",
        "the deal was close, according to sources.",
        "that prices rose 3.2% in the year to March.",
        "the figures were “deeply worrying”!",
        "whether the vote would be held on 12 May?",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut text = String::with_capacity(bytes + 1024);
    text.push_str("Budget row deepens as ministers clash\n\n");
    let mut count = 1;
    while text.len() < bytes {
        for i in 0..5 {
            if i > 0 {
                text.push(' ');
            }
            let _ = write!(
                text,
                "{} {} {}",
                SUBJECTS[next(SUBJECTS.len())],
                VERBS[next(VERBS.len())],
                OBJECTS[next(OBJECTS.len())]
            );
            count += 1;
        }
        text.push_str("\n\n");
    }
    (text, count)
}

#[test]
fn twenty_megabyte_article_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (text, expected) = big_article(20 * 1024 * 1024);
    let path = write(dir.path(), "big.txt", &text);
    let out = dir.path().join("big.jsonl");
    // Reading, segmentation and the core stages: the model stages are timed
    // on a long article separately (a 20 MB article through every model in
    // a debug build would dominate the test run).
    let run = unspun(&[
        "analyze",
        &path,
        "--format",
        "jsonl",
        "-o",
        arg(&out),
        "--stages",
        "segment,language,dateline",
    ]);
    run.expect_code(0);
    let output = std::fs::read_to_string(&out).unwrap();
    let record: Value = serde_json::from_str(output.trim_end()).expect("one JSON record");
    assert_eq!(
        record["document"]["title"],
        "Budget row deepens as ministers clash"
    );
    let found = sentences(&record).len();
    // One sentence per generated sentence (and the title); a little slack
    // for the segmenter's judgement, none for a collapse or an explosion.
    let slack = expected / 50;
    assert!(
        found + slack >= expected && found <= expected + slack,
        "{found} sentences, expected about {expected}"
    );
    let paragraphs = record["paragraphs"].as_array().unwrap().len();
    assert_eq!(paragraphs, 1 + (expected - 1) / 5);
}

#[test]
fn long_article_through_every_stage() {
    // Every stage, models included, on a long (100 kB) article. (Kept
    // moderate: the techniques stage is slow on very long documents.)
    let dir = tempfile::tempdir().unwrap();
    let (text, expected) = big_article(100 * 1024);
    let path = write(dir.path(), "long.txt", &text);
    let out = dir.path().join("long.jsonl");
    let run = unspun(&["analyze", &path, "--format", "jsonl", "-o", arg(&out)]);
    run.expect_code(0);
    let record: Value =
        serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim_end()).unwrap();
    assert!(
        record.get("error").is_none(),
        "{}",
        &record.to_string()[..200]
    );
    assert_eq!(record["document"]["language"], "en");
    let found = sentences(&record).len();
    assert!(
        found + expected / 50 >= expected && found <= expected + expected / 50,
        "{found} vs {expected}"
    );
}

#[test]
fn missing_path_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let run = unspun(&["analyze", arg(&missing), "--format", "jsonl"]);
    run.expect_code(1);
    assert!(run.stderr.contains("no-such-article.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("No such file"), "{}", run.stderr);
    let records = run.jsonl();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["error"]["source"], arg(&missing));
}

#[test]
fn missing_path_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", NEWS);
    let missing = dir.path().join("gone.txt");
    let run = unspun(&["analyze", &good, arg(&missing), &good, "--format", "jsonl"]);
    run.expect_code(1);
    let records = run.jsonl();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["document"]["id"], "good");
    assert!(records[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
    assert_eq!(records[2]["document"]["id"], "good");
    assert!(
        run.stderr.contains("3 inputs: 2 ok, 1 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn directory_with_unreadable_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "a.txt", NEWS);
    write(
        &root,
        "d.txt",
        "Second story\n\nIt rained in Leeds. Nobody minded.\n",
    );
    write(&root, "notes.csv", "skipped,by,extension\n");
    std::os::unix::fs::symlink(dir.path().join("nowhere/target.txt"), root.join("b.txt")).unwrap();
    let locked = root.join("c.txt");
    std::fs::write(&locked, NEWS).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (and CAP_DAC_OVERRIDE) reads a mode-000 file anyway.
    let locked_readable = std::fs::read(&locked).is_ok();

    let run = unspun(&["analyze", arg(&root), "--format", "jsonl"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    run.expect_code(1);
    let records = run.jsonl();
    assert_eq!(
        records.len(),
        4,
        "a, b (dangling), c (mode 000), d; csv skipped"
    );
    assert_eq!(records[0]["document"]["id"], "a");
    assert!(!records[0]["sentences"].as_array().unwrap().is_empty());
    let dangling = &records[1]["error"];
    assert!(
        dangling["source"].as_str().unwrap().ends_with("b.txt"),
        "{dangling}"
    );
    assert!(run.stderr.contains("b.txt"), "{}", run.stderr);
    if locked_readable {
        assert_eq!(records[2]["document"]["id"], "c");
    } else {
        let err = &records[2]["error"];
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("ermission denied"),
            "{err}"
        );
    }
    assert_eq!(records[3]["document"]["id"], "d");
    let failed = if locked_readable { 1 } else { 2 };
    assert!(
        run.stderr
            .contains(&format!("4 inputs: {} ok, {failed} failed", 4 - failed)),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 files skipped"), "{}", run.stderr);
}

#[test]
fn stdin_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = unspun_in(
        dir.path(),
        &["analyze", "-", "--format", "json"],
        Some(NEWS.as_bytes()),
    );
    run.expect_code(0);
    let record = run.json();
    assert_eq!(record["document"]["id"], "stdin");
    assert_eq!(record["document"]["source"], "stdin");
    assert_eq!(record["document"]["text"], NEWS);
    assert_eq!(
        record["document"]["title"],
        "Minister defends “bold” budget"
    );
}

#[test]
fn stdin_empty_fails() {
    let dir = tempfile::tempdir().unwrap();
    let run = unspun_in(dir.path(), &["analyze", "-", "--format", "json"], Some(b""));
    run.expect_code(1);
    assert!(error_message(&run.json()).contains("empty input"));
}

#[test]
fn stdin_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let input = concat!(
        r#"{"id":"one","text":"The first story. It has two sentences."}"#,
        "\n\n",
        r#"{"text":"No id here."}"#,
        "\n",
        r#"{"id":"three","text":42}"#,
        "\n",
    );
    let run = unspun_in(
        dir.path(),
        &[
            "analyze",
            "-",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
        ],
        Some(input.as_bytes()),
    );
    run.expect_code(1);
    let records = run.jsonl();
    assert_eq!(records.len(), 3, "the blank line is not a record");
    assert_eq!(records[0]["document"]["id"], "one");
    assert_eq!(records[0]["document"]["source"], "stdin:1");
    assert_eq!(sentences(&records[0]).len(), 2);
    assert_eq!(records[1]["document"]["id"], "stdin:3");
    assert_eq!(records[2]["error"]["source"], "stdin:4");
    assert!(records[2]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("invalid JSON article"));
}

#[test]
fn truncated_json_line_at_eof_without_newline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        concat!(
            r#"{"id":"ok","text":"A complete record. Nothing wrong."}"#,
            "\n",
            r#"{"id":"cut","text":"The writer was interrupted mid-"#
        ),
    );
    let run = unspun(&["analyze", &path, "--format", "jsonl"]);
    run.expect_code(1);
    let records = run.jsonl();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["document"]["id"], "ok");
    let err = &records[1]["error"];
    assert_eq!(err["source"], format!("{path}:2").as_str());
    assert!(err["message"].as_str().unwrap().contains("EOF"), "{err}");
    assert!(run.stderr.contains("feed.jsonl:2"), "{}", run.stderr);
}

#[test]
fn complete_json_line_at_eof_without_newline_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        r#"{"id":"last","text":"Final record. No newline."}"#,
    );
    let run = unspun(&["analyze", &path, "--format", "jsonl"]);
    run.expect_code(0);
    let records = run.jsonl();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["document"]["id"], "last");
}

#[test]
fn html_file_input() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html><head><title>Ignored &amp; title</title>\
        <meta property=\"og:title\" content=\"Minister defends budget\">\
        <script>var p = '<p>not text</p>';</script></head><body>\
        <nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a> | <a href=\"/business\">Business</a></nav>\
        <article><h1>Minister defends budget</h1>\
        <p>The finance minister said on Tuesday that the budget was &ldquo;bold but fair&rdquo;, \
        and that it would protect the poorest households from rising prices. Critics disagreed.</p>\
        <p>Mr. Smith, a former U.S. trade official, called it <b>a serious mistake</b> &mdash; \
        and said the opposition would vote against it when it comes before parliament next week.</p>\
        <p>Officials at the Treasury declined to comment on the figures, which were published \
        late on Monday evening after markets had closed.</p></article>\
        <footer>© 2024 News Ltd. All rights reserved.</footer></body></html>";
    let path = write(dir.path(), "story.html", page);
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(0);
    let record = run.json();
    assert_eq!(record["document"]["id"], "story");
    assert_eq!(record["document"]["title"], "Minister defends budget");
    let text = record["document"]["text"].as_str().unwrap();
    assert!(
        text.contains("the budget was “bold but fair”, and"),
        "{text}"
    );
    assert!(text.contains("a serious mistake — and said"), "{text}");
    for hidden in ["not text", "Home | World", "News Ltd", "&ldquo;", "<b>"] {
        assert!(!text.contains(hidden), "{hidden:?} leaked into {text:?}");
    }
    assert!(
        record["paragraphs"].as_array().unwrap().len() >= 3,
        "{record}"
    );
    assert!(sentences(&record).len() >= 4, "{record}");
}

#[test]
fn html_without_visible_text_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "blank.html",
        "<html><head><title>T</title><script>x()</script></head><body> </body></html>",
    );
    let run = unspun(&["analyze", &path, "--format", "json"]);
    run.expect_code(1);
    let record = run.json();
    let message = error_message(&record);
    assert!(
        message.contains("empty") || message.contains("no article text"),
        "{message}"
    );
    assert!(run.stderr.contains("blank.html"), "{}", run.stderr);
}

#[test]
fn empty_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = unspun(&["analyze", arg(&empty), "--format", "jsonl"]);
    run.expect_code(1);
    assert!(run.stderr.contains("no input found"), "{}", run.stderr);
}
