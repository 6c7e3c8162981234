//! One JSON Lines record: never panics, on any string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_io::jsonl::read_json_article;

fuzz_target!(|line: &str| {
    if let Ok(doc) = read_json_article(line, "feed:1") {
        assert!(!doc.text().trim().is_empty(), "an article has text");
        assert!(!doc.id.is_empty(), "an article has an id");
    }
});
