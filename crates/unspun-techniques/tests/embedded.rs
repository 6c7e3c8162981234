//! The committed fast-tier model: it loads, finds techniques in text with
//! non-ASCII characters at valid code-point offsets, explains them, and its
//! spans survive a round trip through the SemEval row format.

use unspun_core::{segment, Analyzer, Document};
use unspun_techniques::data::parse_rows;
use unspun_techniques::{FastModel, TechniquesStage, TECHNIQUES};

const TEXT: &str = "Défense: the “radical” mob’s treason!\n\n\
Señor Müller said the corrupt, evil regime is a disgrace and a total catastrophe. \
The radical mob wants to destroy our great nation. \
Do not trust these liars; they are traitors, traitors, traitors!\n";

fn analysed() -> Document {
    let mut doc = Document::new("article42", TEXT);
    segment::segment(&mut doc);
    TechniquesStage::fast()
        .analyze(&mut doc)
        .expect("the embedded model runs");
    doc
}

#[test]
fn embedded_model_loads_with_its_facts() {
    let model = FastModel::embedded().expect("models/techniques-fast.bin is embedded");
    assert_eq!(model.classifier.outputs, TECHNIQUES.len());
    assert_eq!(model.info["tier"], "fast");
}

#[test]
fn finds_explained_techniques_at_code_point_offsets() {
    let doc = analysed();
    let layer = doc.layer("techniques").expect("layer");
    assert!(
        !layer.annotations.is_empty(),
        "a text this loaded has techniques"
    );
    let chars: Vec<char> = TEXT.chars().collect();
    for a in &layer.annotations {
        assert!(TECHNIQUES.contains(&a.label.as_str()), "{}", a.label);
        assert!(a.span.start < a.span.end && a.span.end <= chars.len());
        let by_chars: String = chars[a.span.start..a.span.end].iter().collect();
        assert_eq!(doc.slice(a.span), by_chars);
        assert!(
            !by_chars.starts_with([' ', '.', ',', ';', ':'])
                && !by_chars.ends_with([' ', '.', ',', ';', ':'])
        );
        let c = a.confidence.expect("confidence");
        assert!((0.0..=1.0).contains(&c));
        let why = a.explanation.as_deref().expect("explanation");
        assert!(why.contains(": ") && why.len() > 40, "{why}");
    }
}

#[test]
fn spans_round_trip_through_semeval_rows() {
    let doc = analysed();
    let rows =
        parse_rows(&unspun_report::semeval::to_semeval_rows(&doc), "rows").expect("rows parse");
    let mut from_layer: Vec<(usize, usize, String)> = doc
        .layer("techniques")
        .unwrap()
        .annotations
        .iter()
        .map(|a| (a.span.start, a.span.end, a.label.clone()))
        .collect();
    let mut from_rows: Vec<(usize, usize, String)> = rows
        .iter()
        .map(|r| (r.start, r.end, r.technique.clone()))
        .collect();
    from_layer.sort();
    from_rows.sort();
    assert_eq!(from_layer, from_rows);
    assert!(rows.iter().all(|r| r.article == "42"));
}
