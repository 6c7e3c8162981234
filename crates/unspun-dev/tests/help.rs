//! `unspun-dev --help`: the developers' commands, and where models go.

mod common;

use common::unspun_dev;

#[test]
fn help_lists_train_and_techniques() {
    let run = unspun_dev(&["--help"]);
    run.expect_code(0);
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"train"), "{}", run.stdout);
    assert!(commands.contains(&"techniques"), "{}", run.stdout);
    assert!(!commands.contains(&"analyze"), "{}", run.stdout);
    assert!(run.stdout.contains("models/"), "{}", run.stdout);
}

#[test]
fn train_help_lists_every_trainer() {
    let run = unspun_dev(&["train", "--help"]);
    run.expect_code(0);
    for task in [
        "techniques",
        "techniques-accurate",
        "entities",
        "portrayal",
        "attribution",
        "subjectivity",
    ] {
        assert!(
            run.stdout.lines().any(|l| l.trim_start().starts_with(task)),
            "{task}: {}",
            run.stdout
        );
    }
}

#[test]
fn default_outputs_are_in_the_workspace_models_folder() {
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = crate_dir.parent().unwrap().parent().unwrap().join("models");
    assert!(models.join("README.md").is_file(), "{}", models.display());
    let run = unspun_dev(&["train", "entities", "--help"]);
    run.expect_code(0);
    let expected = models.join("entities-fast.bin");
    // The help wraps long lines: compare without white space.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        squeeze(&run.stdout).contains(&squeeze(&expected.display().to_string())),
        "{}",
        run.stdout
    );
}
