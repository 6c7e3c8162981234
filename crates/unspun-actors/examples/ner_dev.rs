//! Development loop: trains on a CoNLL file, reports dev scores per epoch.
//! `cargo run --release -p unspun-actors --example ner_dev -- TRAIN DEV [BITS] [EPOCHS]`
//! (`NOGAZ=1` trains without the knowledge-file gazetteer).

use std::collections::HashMap;

use unspun_actors::conll::read_conll;
use unspun_actors::knowledge::Knowledge;
use unspun_actors::tagger::{train, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let train_docs = read_conll(&std::fs::read_to_string(&args[1]).expect("train"));
    let dev_docs = read_conll(&std::fs::read_to_string(&args[2]).expect("dev"));
    let bits = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let epochs = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10);
    let options = TrainOptions {
        bits,
        epochs,
        ..TrainOptions::default()
    };
    let gazetteer = if std::env::var("NOGAZ").is_ok() {
        Default::default()
    } else {
        Knowledge::embedded().gazetteer()
    };
    let start = std::time::Instant::now();
    let (_, score) = train(
        &train_docs,
        &dev_docs,
        &gazetteer,
        HashMap::new(),
        &options,
        &mut |l| eprintln!("{l} ({:.1}s)", start.elapsed().as_secs_f64()),
    );
    for (ty, c) in &score.per_type {
        eprintln!(
            "{ty:<5} P {:.4} R {:.4} F1 {:.4}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
}
