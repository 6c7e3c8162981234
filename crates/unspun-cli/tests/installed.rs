//! One artifact that runs anywhere: the `unspun` binary carries the
//! accurate tier's models, so a copy in an empty folder, with a model
//! folder that holds nothing, still analyses with the default tier.

#![cfg(feature = "bundled-models")]

mod common;

use std::process::Command;

use common::write;
use serde_json::Value;

const EXAMPLE: &str = include_str!("../../../examples/nato-tokyo-office.txt");

#[test]
fn a_copied_binary_runs_the_default_tier_away_from_the_checkout() {
    let home = tempfile::tempdir().unwrap();
    let binary = home.path().join("unspun");
    std::fs::copy(env!("CARGO_BIN_EXE_unspun"), &binary).unwrap();
    let no_models = tempfile::tempdir().unwrap();
    let article = write(home.path(), "nato.txt", EXAMPLE);
    let output = Command::new(&binary)
        .args(["analyze", &article, "--format", "json"])
        .current_dir(home.path())
        .env("UNSPUN_MODELS", no_models.path())
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    // The accurate tier ran: the encoder and every analyser.
    for stage in record["stages"].as_array().unwrap() {
        assert_eq!(stage["status"], "done", "{stage}");
    }
    assert!(record["stages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["stage"] == "encoder"));
    assert!(!record["techniques"].as_array().unwrap().is_empty());
    assert!(record["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Emmanuel Macron"));
    assert_eq!(record["decisions"][0]["outcome"], "blocked");
}
