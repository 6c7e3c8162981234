//! Dumps, for every token of a labelled PTC split, its gold "inside a
//! technique" bit and the fast and accurate tiers' probabilities of it
//! (tab-separated), for calibration checks.
//!
//! `cargo run --release -p unspun-techniques --example dump_token_probs -- ../shared/data/ptc/valid > probs.tsv`

use unspun_techniques::accurate::{token_probabilities, AccurateModel};
use unspun_techniques::data::read_split;
use unspun_techniques::features::View;
use unspun_techniques::model::TAGGER_OUTPUTS;
use unspun_techniques::train::token_labels;
use unspun_techniques::FastModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: dump_token_probs SPLIT")?;
    let fast = FastModel::embedded()?;
    let acc = AccurateModel::shared()?;
    for a in read_split(std::path::Path::new(&dir))? {
        let view = View::new(&a.doc);
        let encoded = acc.encode(&a.doc)?;
        let pa = token_probabilities(&view, &encoded);
        let pf = fast.token_probabilities(&view);
        let labels = token_labels(&a);
        for i in 0..view.len() {
            if view.sentence_of[i] == usize::MAX {
                continue;
            }
            println!(
                "{}\t{}\t{}\t{:.4}\t{:.4}",
                a.id,
                view.text[i],
                labels[i] & 1,
                pf[i * TAGGER_OUTPUTS],
                pa[i * TAGGER_OUTPUTS]
            );
        }
    }
    Ok(())
}
