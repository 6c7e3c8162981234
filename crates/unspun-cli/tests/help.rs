//! `unspun --help`: the user's commands only; the developers' tools
//! (`train`, the SemEval `techniques` command) are in `unspun-dev`.

mod common;

use common::unspun;

/// The sub-command names a `--help` lists.
fn commands(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

#[test]
fn help_lists_the_user_commands_only() {
    let run = unspun(&["--help"]);
    run.expect_code(0);
    let listed = commands(&run.stdout);
    for command in ["analyze", "extract", "stages", "eval"] {
        assert!(listed.contains(&command), "{command}: {}", run.stdout);
    }
    for command in ["train", "techniques"] {
        assert!(!listed.contains(&command), "{command}: {}", run.stdout);
    }
    unspun(&["train", "--help"]).expect_code(2);
    unspun(&["techniques", "--help"]).expect_code(2);
}

#[test]
fn eval_keeps_every_evaluation() {
    let run = unspun(&["eval", "--help"]);
    run.expect_code(0);
    let listed = commands(&run.stdout);
    for task in [
        "extraction",
        "sentences",
        "techniques",
        "entities",
        "portrayal",
        "attribution",
        "subjectivity",
    ] {
        assert!(listed.contains(&task), "{task}: {}", run.stdout);
    }
}
