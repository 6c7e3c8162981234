//! Development aid: time spent in each phase of extraction over a directory
//! of pages. `… --example phase_times -- DIR`
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        pages.push(bytes);
    }
    let mut t = [0f64; 6];
    for _ in 0..3 {
        for p in &pages {
            let t0 = Instant::now();
            let raw = unspun_extract::gunzip(p, 1 << 28).unwrap();
            let t1 = Instant::now();
            let text = unspun_extract::charset::decode_page(&raw, None).text;
            let t2 = Instant::now();
            let html = scraper::Html::parse_document(&text);
            let t3 = Instant::now();
            drop(html);
            let (dom, head) = unspun_extract::dom::Dom::parse(&text);
            let t4 = Instant::now();
            let meta = unspun_extract::meta::read_metadata(&dom, &head, None);
            let t5 = Instant::now();
            let _ = unspun_extract::body::extract_body(&dom, meta.title.as_deref());
            let t6 = Instant::now();
            for (i, (a, b)) in [(t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6)]
                .iter()
                .enumerate()
            {
                t[i] += (*b - *a).as_secs_f64() / 3.0;
            }
        }
    }
    let names = [
        "gunzip",
        "decode",
        "html5ever",
        "parse+arena",
        "meta",
        "body",
    ];
    for (n, v) in names.iter().zip(t) {
        println!("{n:12} {:.3} s  ({:.0} pages/s)", v, pages.len() as f64 / v);
    }
}
