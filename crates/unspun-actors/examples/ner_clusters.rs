//! Development loop with word clusters: learns clusters from the training
//! tokens and plain-text articles under DIRS, then trains the tagger.
//! `cargo run --release -p unspun-actors --example ner_clusters -- TRAIN DEV DIR...`

use unspun_actors::clusters::{learn, ClusterOptions};
use unspun_actors::conll::read_conll;
use unspun_actors::knowledge::Knowledge;
use unspun_actors::stage::pieces;
use unspun_actors::tagger::{train, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let train_docs = read_conll(&std::fs::read_to_string(&args[1]).expect("train"));
    let dev_docs = read_conll(&std::fs::read_to_string(&args[2]).expect("dev"));
    let mut sentences: Vec<Vec<String>> = train_docs
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| s.tokens.clone()))
        .collect();
    let mut stack: Vec<std::path::PathBuf> = args[3..].iter().map(Into::into).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&p)
                .expect("dir")
                .map(|e| e.expect("entry").path())
                .collect();
            entries.sort();
            stack.extend(entries);
        } else if p.extension().is_some_and(|e| e == "txt") {
            let bytes = std::fs::read(&p).expect("file");
            let text = String::from_utf8_lossy(&bytes);
            let mut doc = unspun_core::Document::new("x", text.as_ref());
            unspun_core::segment::segment(&mut doc);
            sentences.extend(
                pieces(&doc)
                    .into_iter()
                    .map(|s| s.into_iter().map(|p| p.text).collect::<Vec<_>>()),
            );
        }
    }
    let start = std::time::Instant::now();
    let clusters = learn(&sentences, &ClusterOptions::default());
    eprintln!(
        "{} sentences, {} words clustered in {:.1}s",
        sentences.len(),
        clusters.len(),
        start.elapsed().as_secs_f64()
    );
    let gazetteer = Knowledge::embedded().gazetteer();
    let (tagger, score) = train(
        &train_docs,
        &dev_docs,
        &gazetteer,
        clusters,
        &TrainOptions::default(),
        &mut |l| eprintln!("{l}"),
    );
    for (ty, c) in &score.per_type {
        eprintln!(
            "{ty:<5} P {:.4} R {:.4} F1 {:.4}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    if let Some(out) = std::env::var_os("OUT") {
        tagger.save(std::path::Path::new(&out)).expect("save");
    }
}
