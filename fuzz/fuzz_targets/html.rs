//! HTML pages: the visible-text reader (`html_to_article`) and the article
//! extractor path (`read_html_page`: charset, gzip, boilerplate removal,
//! metadata) never panic; text blocks are trimmed and documents non-blank.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_io::html::{html_to_article, read_html_page};

fuzz_target!(|data: &[u8]| {
    if let Ok(html) = std::str::from_utf8(data) {
        let page = html_to_article(html);
        for block in page.text.split("\n\n") {
            assert_eq!(block.trim(), block, "blocks are trimmed");
        }
        if let Some(title) = &page.title {
            assert!(!title.is_empty());
        }
    }
    if let Ok(doc) = read_html_page(
        "page",
        data,
        Some("text/html"),
        Some("https://example.test/a"),
    ) {
        assert!(!doc.text().trim().is_empty(), "a page document has text");
    }
    let _ = read_html_page("page", data, None, None);
});
