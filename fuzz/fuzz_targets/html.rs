//! The visible text of an HTML page: never panics, and its blocks are
//! trimmed, white space collapsed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_io::html::html_to_article;

fuzz_target!(|html: &str| {
    let page = html_to_article(html);
    for block in page.text.split("\n\n") {
        assert_eq!(block.trim(), block, "blocks are trimmed");
    }
    if let Some(title) = &page.title {
        assert!(!title.is_empty());
    }
});
