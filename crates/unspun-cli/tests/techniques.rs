//! The techniques commands on a tiny PTC-shaped fixture: `eval techniques`
//! (scores, predictions, `--score`) and `analyze --format semeval` rows that
//! score like the eval's predictions (`unspun-dev techniques --articles
//! --spans` is tested in `unspun-dev`).

mod common;

use common::{arg, unspun, unspun_env, write};

const ARTICLE: &str = "Traitors everywhere\n\n\
The corrupt, evil elites betrayed our great nation again!\n\
Officials met on Monday to discuss the budget.\n\
Is this really a coincidence? Nobody believes it.\n";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let chars: Vec<char> = ARTICLE.chars().collect();
    let find = |phrase: &str| {
        let text: String = chars.iter().collect();
        let start = text[..text.find(phrase).unwrap()].chars().count();
        (start, start + phrase.chars().count())
    };
    let (a, b) = find("corrupt, evil elites");
    let (c, d) = find("Is this really a coincidence");
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::create_dir_all(dir.path().join("labels")).unwrap();
    write(&dir.path().join("articles"), "article7.txt", ARTICLE);
    write(
        &dir.path().join("labels"),
        "article7.labels",
        format!("7\tLoaded_Language\t{a}\t{b}\n7\tDoubt\t{c}\t{d}\n"),
    );
    write(
        dir.path(),
        "perfect.rows",
        format!("7\tLoaded_Language\t{a}\t{b}\n7\tDoubt\t{c}\t{d}\n"),
    );
    dir
}

#[test]
fn eval_scores_writes_predictions_and_scores_given_rows() {
    let dir = fixture();
    let preds = dir.path().join("fast.rows");
    let run = unspun(&[
        "eval",
        "techniques",
        "--data",
        arg(dir.path()),
        "--predictions",
        arg(&preds),
        "--json",
    ]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["gold_rows"], 2);
    for key in ["si", "full"] {
        let f1 = v[key]["f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{key} {f1}");
    }
    assert_eq!(v["tc"]["rows"], 2);
    assert!(v["per_technique"]["Doubt"]["gold"] == 1);
    let rows = std::fs::read_to_string(&preds).unwrap();
    assert!(
        rows.lines()
            .all(|l| l.split('\t').count() == 4 && l.starts_with("7\t")),
        "{rows}"
    );
    let tc = std::fs::read_to_string(format!("{}.tc", preds.display())).unwrap();
    assert_eq!(tc.lines().count(), 2);
    // The reliability table counts every predicted mark once.
    let marks: u64 = v["reliability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["marks"].as_u64().unwrap())
        .sum();
    assert_eq!(marks as usize, rows.lines().count(), "{}", v["reliability"]);
    assert!(v["expected_calibration_error"].as_f64().is_some());

    // Scoring the gold rows themselves gives 1 everywhere.
    let perfect = dir.path().join("perfect.rows");
    let run = unspun(&[
        "eval",
        "techniques",
        "--data",
        arg(dir.path()),
        "--score",
        arg(&perfect),
        "--json",
    ]);
    run.expect_code(0);
    let v = run.json();
    for key in ["si", "full"] {
        assert_eq!(v[key]["f1"], 1.0, "{key}");
    }
    assert_eq!(v["tc"]["micro_f1"], 1.0);
}

#[test]
fn analyze_semeval_rows_match_eval_predictions_in_both_tiers() {
    let dir = fixture();
    for tier in ["fast", "accurate"] {
        let preds = dir.path().join(format!("{tier}.rows"));
        unspun(&[
            "eval",
            "techniques",
            "--model",
            tier,
            "--data",
            arg(dir.path()),
            "--predictions",
            arg(&preds),
        ])
        .expect_code(0);
        let out = dir.path().join(format!("{tier}-analyze.rows"));
        unspun(&[
            "analyze",
            arg(&dir.path().join("articles/article7.txt")),
            "--model",
            tier,
            "--stages",
            "techniques",
            "--format",
            "semeval",
            "-o",
            arg(&out),
        ])
        .expect_code(0);
        let mut a: Vec<String> = std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let mut b: Vec<String> = std::fs::read_to_string(&preds)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{tier}");
    }
}

/// Without bundled models, a model folder that lacks the accurate tier's
/// files is a clear error, and the fast tier still works.
#[cfg(not(feature = "bundled-models"))]
#[test]
fn a_missing_accurate_model_is_a_clear_error_and_fast_still_works() {
    let dir = fixture();
    let article = dir.path().join("articles/article7.txt");
    let run = unspun_env(
        &[
            "analyze",
            arg(&article),
            "--stages",
            "techniques",
            "--format",
            "json",
        ],
        &[("UNSPUN_MODELS", arg(dir.path()))],
    );
    run.expect_code(1);
    assert!(run.stderr.contains("--model fast"), "{}", run.stderr);
    let run = unspun_env(
        &[
            "analyze",
            arg(&article),
            "--model",
            "fast",
            "--stages",
            "techniques",
            "--format",
            "json",
        ],
        &[("UNSPUN_MODELS", arg(dir.path()))],
    );
    run.expect_code(0);
}

/// With bundled models, a model folder that lacks a file falls back to the
/// binary's copy, and a broken file there is a clear error that names it.
#[cfg(feature = "bundled-models")]
#[test]
fn the_model_folder_overrides_the_bundled_models_and_a_broken_file_is_a_clear_error() {
    let dir = fixture();
    let article = dir.path().join("articles/article7.txt");
    let args = [
        "analyze",
        arg(&article),
        "--stages",
        "techniques",
        "--format",
        "json",
    ];
    let run = unspun_env(&args, &[("UNSPUN_MODELS", arg(dir.path()))]);
    run.expect_code(0);
    std::fs::write(dir.path().join("techniques-accurate.json"), "{").unwrap();
    let run = unspun_env(&args, &[("UNSPUN_MODELS", arg(dir.path()))]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("techniques-accurate.json"),
        "{}",
        run.stderr
    );
}
