//! The `sourcing` stage's layers and how the JSON record shows them.

use unspun_core::{segment, Analyzer, Document};
use unspun_report::json::{to_json_line, RecordOptions};
use unspun_sourcing::SourcingStage;

#[test]
fn layers_summary_and_sentence_records() {
    let text = "Talks stall\n\nThe minister said that the talks had stalled. \
                This is a shameful betrayal and we should never accept it! \
                The meeting took place in Rome on Monday.";
    let mut doc = Document::new("d", text);
    segment::segment(&mut doc);
    SourcingStage::embedded().analyze(&mut doc).expect("runs");

    let atts = &doc.layer("attributions").expect("attributions").annotations;
    assert_eq!(atts.len(), 1);
    assert_eq!(atts[0].label, "official");
    assert_eq!(atts[0].attributes["source"]["text"], "The minister");
    assert_eq!(atts[0].attributes["cue"]["text"], "said");
    assert_eq!(
        atts[0].attributes["content"]["text"],
        "that the talks had stalled"
    );
    assert_eq!(atts[0].attributes["direct"], false);

    let kinds = &doc.layer("sentence_kinds").expect("kinds").annotations;
    assert_eq!(kinds.len(), doc.sentences.len());
    assert_eq!(kinds[1].label, "reported");
    assert_eq!(kinds[1].attributes["attribution"], 0);
    assert_ne!(kinds[3].label, "reported");
    assert!(kinds[3].attributes["attribution"].is_null());

    let summary = &doc.layer("sourcing_summary").expect("summary").annotations[0];
    assert_eq!(summary.attributes["sources_by_kind"]["official"], 1);
    assert_eq!(
        summary.attributes["sources"][0]["said"][0],
        "that the talks had stalled"
    );
    let share = summary.attributes["editorial_share"]
        .as_f64()
        .expect("share");
    let editorial = kinds.iter().filter(|k| k.label == "editorial").count();
    assert!((share - editorial as f64 / kinds.len() as f64).abs() < 1e-9);

    let record: serde_json::Value =
        serde_json::from_str(&to_json_line(&doc, RecordOptions::default())).expect("json");
    assert_eq!(record["sentences"][1]["kind"], "reported");
    assert_eq!(record["sentences"][1]["attribution"], 0);
    assert!(record["sentences"][3]["attribution"].is_null());
    assert_eq!(record["attributions"][0]["kind"], "official");
    assert_eq!(record["attributions"][0]["source"]["kind"], "official");
}

#[test]
fn participle_speaker_has_kind_and_entity_but_no_span() {
    let text = "In Beijing, spokesperson Wang Wenbin welcomed the stance, emphasising that Asia needs no bloc.";
    let mut doc = Document::new("d", text);
    segment::segment(&mut doc);
    SourcingStage::embedded().analyze(&mut doc).expect("runs");
    let a = &doc.layer("attributions").expect("attributions").annotations[0];
    assert!(a.attributes["source"]["start"].is_null());
    assert_eq!(a.attributes["source"]["entity"], "Wang Wenbin");
    assert_eq!(a.attributes["source"]["kind"], "official");
}
