//! The article extractor on arbitrary bytes: `extract_bytes` (gzip, charset
//! sniffing, the tag pre-pass, html5ever, scoring, metadata), the WARC
//! reader and `html_response` never panic; bodies are trimmed blocks
//! separated by single blank lines; the pre-pass never grows the page by
//! more than it removes.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use unspun_extract::warc::{html_response, WarcReader};
use unspun_extract::{dom, extract_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = extract_bytes(
        data,
        Some("text/html; charset=utf-8"),
        Some("https://example.test/a/b"),
    ) {
        for block in article.body.split("\n\n") {
            assert_eq!(block.trim(), block, "blocks are trimmed");
            assert!(
                !block.is_empty() || article.body.is_empty(),
                "no empty block"
            );
        }
        assert!(article.body.is_empty() || !article.body.contains("\n\n\n"));
        if article.body.is_empty() {
            assert!(article.note.is_some(), "an empty body comes with a reason");
        }
    }
    let _ = extract_bytes(data, None, None);
    if let Ok(html) = std::str::from_utf8(data) {
        if let Some(prepared) = dom::prepare(html, 8) {
            // Dropped tags become at most "<br>" or a space.
            assert!(prepared.len() <= html.len() + 4 * html.matches('<').count());
        }
    }
    for record in WarcReader::from_reader(Cursor::new(data.to_vec())).take(64) {
        if let Ok(record) = record {
            let _ = html_response(&record);
        }
    }
});
