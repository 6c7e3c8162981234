//! Development aid: scores extraction on a data set directory and lists the
//! worst pages. `cargo run --release -p unspun-extract --example eval_pages -- DIR [N]`
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("data set directory");
    let worst: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(15);
    let report = unspun_extract::eval::evaluate_dir(std::path::Path::new(&dir)).expect("data set");
    let mut pages: Vec<_> = report.pages.iter().collect();
    pages.sort_by(|a, b| {
        let fa = unspun_extract::eval::f1(a.score.precision, a.score.recall);
        let fb = unspun_extract::eval::f1(b.score.precision, b.score.recall);
        fa.partial_cmp(&fb).unwrap()
    });
    for p in pages.iter().take(worst) {
        let note = p
            .article
            .as_ref()
            .map(|a| a.note.clone().unwrap_or_default())
            .unwrap_or_else(|e| e.clone());
        println!(
            "P {:.3} R {:.3}  {}  {}  {}",
            p.score.precision,
            p.score.recall,
            &p.key[..8],
            p.gold_url.as_deref().unwrap_or(""),
            note
        );
    }
    println!(
        "pages {}  P {:.4}  R {:.4}  F1 {:.4}  ({:.1} pages/s)",
        report.pages.len(),
        report.precision(),
        report.recall(),
        report.f1(),
        report.pages.len() as f64 / report.seconds
    );
}
