//! Bytes to report: read_plain, the full pipeline, and every renderer.
//! Nothing panics, the JSON record parses back with the same text, and every
//! annotation of every layer lies inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use unspun_core::Pipeline;
use unspun_io::plain::read_plain;
use unspun_report::html::render_html;
use unspun_report::json::{to_json_line, RecordOptions};
use unspun_report::semeval::to_semeval_rows;
use unspun_report::text::{render_text, TextOptions};

/// The full pipeline, fast tier by default (thousands of runs a second);
/// `UNSPUN_FUZZ_TIER=accurate` fuzzes the encoder path instead.
fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let tier = match std::env::var("UNSPUN_FUZZ_TIER").as_deref() {
            Ok("accurate") => unspun::Tier::Accurate,
            _ => unspun::Tier::Fast,
        };
        let options = unspun::Options { techniques: tier };
        unspun::pipeline_with(None, options).expect("the full pipeline")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut doc) = read_plain("article1", data) else {
        return;
    };
    // A stage may refuse a document (an error, not a panic); the renderers
    // must still cope with whatever the stages before it added.
    if let Err(e) = pipeline().run(&mut doc) {
        doc.warnings.push(e.to_string());
    }
    let len = doc.char_len();
    let mut last = 0;
    for s in &doc.sentences {
        assert!(s.span.start >= last && s.span.start < s.span.end && s.span.end <= len);
        last = s.span.end;
    }
    for layer in &doc.layers {
        for a in &layer.annotations {
            assert!(
                a.span.start <= a.span.end && a.span.end <= len,
                "{} {:?} of {len}",
                layer.name,
                a.span
            );
        }
    }
    let line = to_json_line(&doc, RecordOptions { tokens: true });
    let record: serde_json::Value = serde_json::from_str(&line).expect("the record is JSON");
    assert_eq!(record["document"]["text"].as_str(), Some(doc.text()));
    let _ = render_text(
        &doc,
        TextOptions {
            color: true,
            width: 40,
        },
    );
    let _ = render_text(&doc, TextOptions::default());
    let page = render_html(&doc);
    assert!(page.contains("</html>"));
    let _ = to_semeval_rows(&doc);
});
