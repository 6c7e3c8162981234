//! Prints WordPiece ids and offsets of each input line (`tokens`), or the
//! mean-pooled full-encoder embedding of each line (`embed`), for checking
//! against a reference implementation.
//!
//! `cargo run --release -p unspun-encoder --example encoder_check -- tokens VOCAB < lines`
//! `cargo run --release -p unspun-encoder --example encoder_check -- embed VOCAB WEIGHTS < lines`

use std::io::BufRead;
use std::path::Path;

use unspun_encoder::{bert, Batch, Trunk, Vocab};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let vocab = Vocab::from_text(&std::fs::read_to_string(&args[2])?)?;
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    match args[1].as_str() {
        "tokens" => {
            for line in &lines {
                let out: Vec<String> = vocab
                    .tokenize(line, 0)
                    .iter()
                    .map(|p| format!("{}:{}:{}", p.id, p.start, p.end))
                    .collect();
                println!("{}", out.join(" "));
            }
        }
        _ => {
            let layers = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(6);
            let trunk = Trunk::load(Path::new(&args[3]), Path::new(&args[2]), layers)?;
            for line in &lines {
                let mut ids = vec![vocab.cls];
                ids.extend(vocab.tokenize(line, 0).iter().map(|p| p.id));
                ids.push(vocab.sep);
                let batch = Batch::new(&[ids], vocab.pad, trunk.device())?;
                let h = trunk.forward(&batch)?;
                let pooled = bert::mean_pool(&h, &batch.mask)?
                    .squeeze(0)?
                    .to_vec1::<f32>()?;
                let v: Vec<String> = pooled[..8].iter().map(|x| format!("{x:.5}")).collect();
                println!("{}", v.join(" "));
            }
        }
    }
    Ok(())
}
