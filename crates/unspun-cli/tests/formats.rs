//! Output formats, stage selection, usage errors and the bundled example.

mod common;

use common::{arg, sentence_texts, unspun, unspun_in, write, NEWS};
use serde_json::Value;

const SECOND: &str = "Storm closes schools\n\nHeavy rain closed schools across Leeds on Friday. \
The council said they would reopen on Monday.\n";

#[test]
fn json_single_input_is_one_object() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a, "--format", "json"]);
    run.expect_code(0);
    let record = run.json();
    assert!(record.is_object(), "{record}");
    assert_eq!(record["document"]["id"], "a");
    assert_eq!(record["document"]["text"], NEWS);
    assert!(run.stdout.ends_with("}\n"));
    assert!(
        run.stderr.is_empty(),
        "no summary for a single input: {}",
        run.stderr
    );
}

#[test]
fn json_several_inputs_is_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let b = write(dir.path(), "b.txt", SECOND);
    let run = unspun(&["analyze", &a, &b, "--format", "json"]);
    run.expect_code(0);
    let records = run.json();
    let records = records.as_array().expect("a JSON array");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["document"]["id"], "a");
    assert_eq!(records[1]["document"]["id"], "b");
    assert!(
        run.stderr.contains("2 inputs: 2 ok, 0 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_quiet_has_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a, &a, "--format", "json", "--quiet"]);
    run.expect_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.json().as_array().unwrap().len(), 2);
}

#[test]
fn jsonl_is_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let b = write(dir.path(), "b.txt", SECOND);
    let run = unspun(&["analyze", &a, &b, &a, "--format", "jsonl"]);
    run.expect_code(0);
    assert_eq!(run.stdout.lines().count(), 3);
    let records = run.jsonl();
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["document"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b", "a"]);
    assert!(
        records.iter().all(|r| r.get("tokens").is_none()),
        "tokens only with --tokens"
    );
}

#[test]
fn jsonl_to_file_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let out = dir.path().join("out.jsonl");
    let run = unspun(&[
        "analyze",
        &a,
        "--format",
        "jsonl",
        "--tokens",
        "-o",
        arg(&out),
    ]);
    run.expect_code(0);
    assert!(run.stdout.is_empty());
    let records = common::parse_jsonl(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(records.len(), 1);
    let tokens = records[0]["tokens"]
        .as_array()
        .expect("tokens with --tokens");
    assert!(tokens.len() > 30);
    let kinds = ["word", "number", "punct", "symbol"];
    assert!(tokens
        .iter()
        .all(|t| kinds.contains(&t["kind"].as_str().unwrap())));
}

#[test]
fn text_contains_the_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let json = unspun(&["analyze", &a, "--format", "json"]).json();
    let run = unspun(&["analyze", &a, "--format", "text"]);
    run.expect_code(0);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    let sentences = sentence_texts(&json);
    assert!(sentences.len() >= 5, "{sentences:?}");
    for sentence in &sentences {
        // The report may wrap long sentences; compare word sequences.
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let report: Vec<&str> = run.stdout.split_whitespace().collect();
        assert!(
            report.windows(words.len()).any(|w| w == words.as_slice()),
            "sentence {sentence:?} missing from\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("Minister defends “bold” budget"));
}

#[test]
fn text_is_the_default_format() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Critics said it would cost £1.5bn"),
        "{}",
        run.stdout
    );
}

#[test]
fn text_colour_always() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a, "--color", "always"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains('\u{1b}'),
        "ANSI escapes with --color always"
    );
}

#[test]
fn semeval_rows_are_well_formed_and_empty_without_techniques() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "article111111.txt", NEWS);
    let b = write(dir.path(), "article222222.txt", SECOND);
    // Without the techniques stage there are no rows at all, not even blank
    // lines between documents.
    let run = unspun(&[
        "analyze", &a, &b, "--format", "semeval", "--stages", "segment",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    // With it, every line is a row `id<TAB>technique<TAB>start<TAB>end`.
    let run = unspun(&["analyze", &a, &b, "--format", "semeval"]);
    run.expect_code(0);
    for line in run.stdout.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line:?}");
        assert!(fields[0] == "111111" || fields[0] == "222222", "{line:?}");
        let (start, end): (usize, usize) = (fields[2].parse().unwrap(), fields[3].parse().unwrap());
        assert!(start < end, "{line:?}");
    }
}

#[test]
fn html_single_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a, "--format", "html"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("<!DOCTYPE html>"),
        "{}",
        &run.stdout[..run.stdout.len().min(200)]
    );
    assert!(run.stdout.trim_end().ends_with("</html>"));
    assert!(run.stdout.contains("Minister defends"));
    assert!(run.stdout.contains("£1.5bn"));
}

#[test]
fn html_single_to_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let out = dir.path().join("page.html");
    let run = unspun(&["analyze", &a, "--format", "html", "-o", arg(&out)]);
    run.expect_code(0);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
}

#[test]
fn stages_segment_runs_only_segmentation() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let full = unspun(&["analyze", &a, "--format", "json"]).json();
    assert_eq!(
        full["document"]["language"], "en",
        "the full pipeline identifies the language"
    );
    let run = unspun(&["analyze", &a, "--format", "json", "--stages", "segment"]);
    run.expect_code(0);
    let record = run.json();
    assert!(
        record["document"]["language"].is_null(),
        "language did not run: {record}"
    );
    assert!(record["document"]["dateline"].is_null());
    // The sourcing stage adds `kind` and `attribution` to each sentence;
    // the spans themselves must not depend on which stages ran.
    let spans = |r: &Value| -> Vec<(Value, Value, Value)> {
        r["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["start"].clone(), s["end"].clone(), s["paragraph"].clone()))
            .collect()
    };
    assert_eq!(spans(&record), spans(&full));
    assert_eq!(record["paragraphs"], full["paragraphs"]);
    for layer in [
        "techniques",
        "attributions",
        "entities",
        "stances",
        "decisions",
    ] {
        assert_eq!(record[layer], serde_json::json!([]), "{layer}");
    }
}

#[test]
fn stages_pulls_in_requirements() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    // `dateline` needs `segment`: sentences are there.
    let run = unspun(&["analyze", &a, "--format", "json", "--stages", "dateline"]);
    run.expect_code(0);
    assert!(!run.json()["sentences"].as_array().unwrap().is_empty());
}

#[test]
fn unknown_stage_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let run = unspun(&["analyze", &a, "--stages", "segment,sarcasm"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown stage `sarcasm`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("segment"),
        "lists the known stages: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn bad_arguments_are_usage_errors() {
    for args in [
        vec!["analyze", "--format", "yaml"],
        vec!["analyze", "--input-format", "pdf"],
        vec!["analyze", "--threads", "many"],
        vec!["frobnicate"],
    ] {
        let run = unspun(&args);
        run.expect_code(2);
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn unwritable_output_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let out = dir.path().join("no-such-dir").join("out.jsonl");
    let run = unspun(&["analyze", &a, "--format", "jsonl", "-o", arg(&out)]);
    run.expect_code(3);
    assert!(run.stderr.contains("cannot open output"), "{}", run.stderr);
}

#[test]
fn no_input_analyses_the_bundled_example() {
    let dir = tempfile::tempdir().unwrap();
    let run = unspun_in(dir.path(), &["analyze"], None);
    run.expect_code(0);
    assert!(run.stdout.contains("Macron"), "{}", run.stdout);
    let run = unspun_in(dir.path(), &["analyze", "--format", "json"], None);
    run.expect_code(0);
    let record = run.json();
    assert_eq!(record["document"]["id"], "nato-tokyo-office");
    assert!(record["document"]["text"]
        .as_str()
        .unwrap()
        .contains("Macron"));
    assert!(sentence_texts(&record).len() > 5);
}

#[test]
fn stages_command_lists_the_analysers() {
    let run = unspun(&["stages"]);
    run.expect_code(0);
    for stage in ["segment", "language", "dateline"] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(stage)),
            "{}",
            run.stdout
        );
    }
    // Stages whose models are English say so; segmentation does not.
    let line = |name: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("techniques").contains("languages: en"),
        "{}",
        run.stdout
    );
    assert!(!line("segment").contains("languages"), "{}", run.stdout);
}

#[test]
fn a_portuguese_article_is_not_run_through_english_models() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(
        dir.path(),
        "pt.txt",
        "Governo anuncia novo plano\n\nO primeiro-ministro afirmou hoje que o governo vai \
         apresentar um novo plano para a habitação, que será discutido no parlamento na \
         próxima semana. Segundo fontes do ministério, a proposta inclui medidas para os jovens.\n",
    );
    let run = unspun(&["analyze", &article, "--model", "fast"]);
    run.expect_code(0);
    for stage in ["sourcing", "techniques", "entities", "stances", "decisions"] {
        assert!(
            run.stdout
                .contains(&format!("{stage}: not analysed, language pt")),
            "{stage}: {}",
            run.stdout
        );
    }
    let run = unspun(&["analyze", &article, "--model", "fast", "--format", "json"]);
    run.expect_code(0);
    let record = run.json();
    assert_eq!(record["document"]["language"], "pt");
    assert!(record["techniques"].as_array().unwrap().is_empty());
    let skipped: Vec<&str> = record["stages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "skipped")
        .map(|r| r["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["sourcing", "techniques", "entities", "stances", "decisions"]
    );
}

#[test]
fn input_format_overrides_extension() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "page.txt",
        "<html><body><p>Read as HTML. Really.</p></body></html>",
    );
    let run = unspun(&[
        "analyze",
        &page,
        "--input-format",
        "html",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["document"]["text"], "Read as HTML. Really.");
    let feed = write(
        dir.path(),
        "feed.txt",
        "{\"id\":\"x1\",\"text\":\"As JSON.\"}\n{\"id\":\"x2\",\"text\":\"Two.\"}\n",
    );
    let run = unspun(&[
        "analyze",
        &feed,
        "--input-format",
        "jsonl",
        "--format",
        "jsonl",
    ]);
    run.expect_code(0);
    assert_eq!(run.jsonl().len(), 2);
}

#[test]
fn min_confidence_filters_techniques_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", NEWS);
    let all = unspun(&["analyze", &a, "--format", "json"]).json();
    let run = unspun(&["analyze", &a, "--format", "json", "--min-confidence", "0.3"]);
    run.expect_code(0);
    let some = run.json();
    let techniques = some["techniques"].as_array().unwrap();
    assert!(techniques.len() <= all["techniques"].as_array().unwrap().len());
    for t in techniques {
        assert!(t["confidence"].as_f64().unwrap() >= 0.3, "{t}");
    }
    assert_eq!(some["attributions"], all["attributions"]);
    assert_eq!(some["sentences"], all["sentences"]);
    unspun(&["analyze", &a, "--min-confidence", "1.5"]).expect_code(2);
}
