//! Plain-text articles: never panics; the title, when found, is the first
//! line of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_io::plain::read_plain;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = read_plain("article1", data) {
        assert!(!doc.text().trim().is_empty());
        assert_eq!(doc.char_len(), doc.text().chars().count());
        if let Some(title) = &doc.meta.title {
            let first = doc.text().split('\n').next().unwrap_or_default();
            assert_eq!(title.as_str(), first.trim(), "title is the first line");
        }
    }
});
