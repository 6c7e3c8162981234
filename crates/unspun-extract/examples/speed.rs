//! Development aid: extraction speed over a directory of pages, one thread,
//! pages held in memory. `… --example speed -- DIR [ROUNDS] [phases]`
//! prints pages/s for the whole of `extract_bytes` (gunzip, decode, parse,
//! metadata, body), and with `phases` the time of each phase.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DIR");
    let rounds: usize = args.next().map_or(3, |r| r.parse().expect("ROUNDS"));
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("read DIR")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let pages: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("read page"))
        .collect();
    let t0 = Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            if let Ok(a) = unspun_extract::extract_bytes(p, None, None) {
                chars += a.body.len();
            }
        }
    }
    let dt = t0.elapsed().as_secs_f64();
    let n = (pages.len() * rounds) as f64;
    println!(
        "extract_bytes: {} pages x {rounds} in {dt:.2} s = {:.0} pages/s ({chars} body bytes)",
        pages.len(),
        n / dt
    );
    if args.next().as_deref() != Some("phases") {
        return;
    }
    let mut t = [0f64; 4];
    for _ in 0..rounds {
        for p in &pages {
            let a = Instant::now();
            let raw = if unspun_extract::is_gzip(p) {
                unspun_extract::gunzip(p, unspun_extract::MAX_PAGE_BYTES).unwrap_or_default()
            } else {
                p.clone()
            };
            let text = unspun_extract::charset::decode_page(&raw, None).text;
            let b = Instant::now();
            let (dom, head) = unspun_extract::dom::Dom::parse(&text);
            let c = Instant::now();
            let meta = unspun_extract::meta::read_metadata(&dom, &head, None);
            let d = Instant::now();
            let _ = unspun_extract::body::extract_body(&dom, meta.title.as_deref());
            let e = Instant::now();
            for (i, (x, y)) in [(a, b), (b, c), (c, d), (d, e)].iter().enumerate() {
                t[i] += (*y - *x).as_secs_f64();
            }
        }
    }
    let total: f64 = t.iter().sum();
    for (name, v) in ["gunzip+decode", "parse", "metadata", "body"].iter().zip(t) {
        println!("{name:14} {v:.3} s ({:.0} %)", 100.0 * v / total);
    }
}
