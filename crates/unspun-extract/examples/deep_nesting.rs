//! Development aid: html5ever's time on N nested elements, with and without
//! the nesting cap. `… --example deep_nesting -- N`
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let page = "<div>".repeat(n) + "<p>text</p>" + &"</div>".repeat(n);
    let t = Instant::now();
    let _ = unspun_extract::dom::Dom::parse(&page);
    println!(
        "{n} nested divs, with the cap: {:.3} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let _ = scraper::Html::parse_document(&page);
    println!(
        "{n} nested divs, html5ever alone: {:.3} s",
        t.elapsed().as_secs_f64()
    );
}
