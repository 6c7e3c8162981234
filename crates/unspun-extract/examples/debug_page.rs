//! Development aid: shows why blocks of a page were judged as they were.
//! `cargo run --release -p unspun-extract --example debug_page -- PAGE.html[.gz]`
fn main() {
    let path = std::env::args().nth(1).expect("page");
    let bytes = std::fs::read(&path).expect("read");
    let bytes = if unspun_extract::is_gzip(&bytes) {
        unspun_extract::gunzip(&bytes, 1 << 28).unwrap()
    } else {
        bytes
    };
    let text = unspun_extract::charset::decode_page(&bytes, None).text;
    print!("{}", unspun_extract::body::debug_blocks(&text));
}
