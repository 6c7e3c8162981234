//! The `sourcing` stage's layers and how the JSON record shows them.

use unspun_core::{segment, Analyzer, Document};
use unspun_report::json::{to_json_line, RecordOptions};
use unspun_sourcing::{CueLexicon, Extractor, SourcingStage};

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

    let summary = doc.summary.sourcing.as_ref().expect("summary");
    assert_eq!(summary.sources_by_kind["official"], 1);
    assert_eq!(summary.sources[0].said[0], "that the talks had stalled");
    assert_eq!(summary.sources[0].attributions, vec![0]);
    let share = summary.editorial_share;
    let editorial = kinds.iter().filter(|k| k.label == "editorial").count();
    assert!((share - editorial as f64 / kinds.len() as f64).abs() < 1e-9);

    let record: serde_json::Value =
        serde_json::from_str(&to_json_line(&doc, RecordOptions::default())).expect("json");
    assert_eq!(record["sentences"][1]["kind"], "reported");
    assert_eq!(record["sentences"][1]["attribution"], 0);
    assert!(record["sentences"][3]["attribution"].is_null());
    assert_eq!(record["attributions"][0]["kind"], "official");
    assert_eq!(record["attributions"][0]["source"]["kind"], "official");
    assert_eq!(
        record["summary"]["sourcing"]["sources"][0]["name"],
        "The minister"
    );
    assert!(record["layers"].get("sourcing_summary").is_none());
    // The typed view reads back what the stage wrote.
    let typed = doc.items::<unspun_core::layers::Attribution>();
    assert_eq!(typed[0].source.text.as_deref(), Some("The minister"));
    assert_eq!(typed[0].cue.text, "said");
}

#[test]
fn participle_speaker_has_kind_and_entity_but_no_span() {
    let text = "In Beijing, spokesperson Wang Wenbin welcomed the stance, emphasising that Asia needs no bloc.";
    let mut doc = Document::new("d", text);
    segment::segment(&mut doc);
    // The rules' participle handling (the learned tagger, trained on
    // PolNeAR, need not read a one-sentence text the same way).
    let rules = Extractor {
        lexicon: CueLexicon::builtin(),
        tagger: None,
    };
    SourcingStage::with_extractor(rules)
        .analyze(&mut doc)
        .expect("runs");
    let a = &doc.layer("attributions").expect("attributions").annotations[0];
    assert!(a.attributes["source"]["start"].is_null());
    assert_eq!(a.attributes["source"]["entity"], "Wang Wenbin");
    assert_eq!(a.attributes["source"]["kind"], "official");
}

/// With the trunk's states in the document (as the `encoder` stage leaves
/// them) the sentence kinds come from the accurate model; without them,
/// from the fast one.
#[test]
fn accurate_model_reads_the_trunk_states() {
    use unspun_sourcing::accurate::{input, sentence_vectors, AccurateModel, POOLED};
    use unspun_sourcing::stage::sentence_kinds;
    use unspun_sourcing::subjectivity::{features, Model};

    let text = "Talks stall\n\nThe minister said that the talks had stalled. \
                This is a shameful betrayal and we should never accept it! \
                The meeting took place in Rome on Monday.";
    let stage = SourcingStage::embedded();
    let mut fast_doc = Document::new("d", text);
    segment::segment(&mut fast_doc);
    stage.analyze(&mut fast_doc).expect("runs");

    let mut doc = Document::new("d", text);
    segment::segment(&mut doc);
    let trunk = unspun_encoder::shared_trunk().expect("models/ holds the trunk");
    let states = unspun_encoder::TrunkStates::compute(trunk, &doc).expect("trunk runs");
    let vectors = sentence_vectors(&states, doc.sentences.len()).expect("pools");
    assert_eq!(vectors.len(), doc.sentences.len());
    assert!(vectors
        .iter()
        .all(|v| v.as_ref().is_some_and(|v| v.len() == POOLED)));
    doc.extensions.insert(states);
    stage.analyze(&mut doc).expect("runs");

    let kinds = &doc.layer("sentence_kinds").expect("kinds").annotations;
    let fast_kinds = &fast_doc.layer("sentence_kinds").expect("kinds").annotations;
    assert_eq!(kinds.len(), 4);
    assert_eq!(kinds[1].label, "reported");
    assert_eq!(kinds[2].label, "editorial");
    assert_eq!(kinds[3].label, "neutral");

    // The confidence is the head's probability on the pooled states and the
    // fast model's probability.
    let head = AccurateModel::embedded().expect("embedded head");
    let fast = Model::embedded();
    for si in [2, 3] {
        let sentence = doc.slice(doc.sentences[si].span);
        let p_fast = fast.probability(&features(sentence, false));
        let p = head.probability(&input(vectors[si].as_deref(), p_fast));
        let expected = if kinds[si].label == "editorial" {
            p
        } else {
            1.0 - p
        };
        let got = kinds[si].confidence.expect("confidence");
        assert!((got - expected).abs() < 1e-5, "{si}: {got} vs {expected}");
        let fast_expected = if fast_kinds[si].label == "editorial" {
            p_fast
        } else {
            1.0 - p_fast
        };
        assert!((fast_kinds[si].confidence.expect("confidence") - fast_expected).abs() < 1e-5);
        assert!((got - fast_kinds[si].confidence.unwrap()).abs() > 1e-4);
    }
    // Without states the stage is the fast model's, unchanged.
    let atts = unspun_sourcing::Extractor::embedded().extract(&fast_doc);
    let direct = sentence_kinds(&fast_doc, &atts, &fast);
    assert_eq!(direct[2].kind.as_str(), fast_kinds[2].label);

    // States that do not fit the document (a sentence index beyond it) are
    // skipped, not a panic.
    let mut short = Document::new("s", "Short.");
    segment::segment(&mut short);
    let other = unspun_encoder::TrunkStates::compute(trunk, &doc).expect("trunk runs");
    short.extensions.insert(other);
    stage.analyze(&mut short).expect("runs");
    assert_eq!(
        short
            .layer("sentence_kinds")
            .expect("kinds")
            .annotations
            .len(),
        1
    );
}
