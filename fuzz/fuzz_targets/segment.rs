//! Segmentation and datelines on any text: never panics, and the spans are
//! well-formed (inside the text, sorted, sentences inside their paragraph,
//! tokens inside their sentence).
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun_core::dateline::find_dateline;
use unspun_core::segment::segment;
use unspun_core::Document;

fuzz_target!(|text: &str| {
    let mut doc = Document::new("fuzz", text);
    segment(&mut doc);
    let len = doc.char_len();
    assert_eq!(len, text.chars().count());

    let mut last = 0;
    for p in &doc.paragraphs {
        assert!(
            p.span.start < p.span.end && p.span.end <= len,
            "paragraph {:?} of {len}",
            p.span
        );
        assert!(p.span.start >= last, "paragraphs overlap or go back");
        last = p.span.end;
    }
    let mut last = 0;
    for (i, s) in doc.sentences.iter().enumerate() {
        assert!(
            s.span.start < s.span.end && s.span.end <= len,
            "sentence {i} {:?} of {len}",
            s.span
        );
        assert!(s.span.start >= last, "sentence {i} overlaps or goes back");
        let para = doc
            .paragraphs
            .get(s.paragraph)
            .expect("the sentence's paragraph exists");
        assert!(
            para.span.contains(&s.span),
            "sentence {i} outside its paragraph"
        );
        assert!(
            s.first_token < s.end_token && s.end_token <= doc.tokens.len(),
            "sentence {i} tokens"
        );
        for t in doc.sentence_tokens(s) {
            assert!(
                s.span.contains(&t.span) && !t.span.is_empty(),
                "token {:?} outside sentence {i}",
                t.span
            );
        }
        last = s.span.end;
    }
    let mut last = 0;
    for t in &doc.tokens {
        assert!(
            t.span.start >= last && t.span.end <= len,
            "token {:?}",
            t.span
        );
        last = t.span.end;
        // Slicing by a span must never split a character.
        let _ = doc.slice(t.span);
    }
    // Control and invisible format characters count as separators, so only
    // letters and digits are sure to make a sentence.
    if text.chars().any(char::is_alphanumeric) {
        assert!(
            !doc.sentences.is_empty(),
            "text with letters or digits has a sentence"
        );
    }

    if let Some(dateline) = find_dateline(&doc) {
        assert!(dateline.span.start <= dateline.span.end && dateline.span.end <= len);
        assert_eq!(doc.slice(dateline.span), dateline.text);
    }
});
