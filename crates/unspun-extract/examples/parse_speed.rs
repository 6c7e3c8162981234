use std::io::Read;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let mut s = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_string(&mut s).ok();
        pages.push(s);
    }
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages {
        let h = scraper::Html::parse_document(p);
        n += h.tree.nodes().count();
    }
    let e = t.elapsed().as_secs_f64();
    println!("{} nodes, {:.3}s, {:.1} pages/s", n, e, pages.len() as f64 / e);
}
