//! Development loop for the portrayal classifier.
//! `cargo run --release -p unspun-actors --example portrayal_dev -- TRAIN DEV [BITS] [EPOCHS]`

use unspun_actors::portrayal::{read_newsmtsc, train_portrayal};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let train =
        read_newsmtsc(&std::fs::read_to_string(&args[1]).expect("train")).expect("train jsonl");
    let dev = read_newsmtsc(&std::fs::read_to_string(&args[2]).expect("dev")).expect("dev jsonl");
    let bits = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let epochs = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10);
    let (_, f1m) = train_portrayal(&train, &dev, bits, epochs, 2021, &mut |l| eprintln!("{l}"));
    eprintln!("best dev F1m {f1m:.4}");
}
