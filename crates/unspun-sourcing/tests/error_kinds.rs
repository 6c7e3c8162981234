//! The kinds of error a reader saw on unseen articles (issue 11), one
//! fixture each, in both tiers: the fast tier (linear tagger and rules)
//! and the accurate tier (the attribution tower over the shared trunk).

use unspun_core::layers::{Attribution, SentenceKind, SentenceKindLabel};
use unspun_core::{segment, Analyzer, Document};
use unspun_encoder::EncoderStage;
use unspun_sourcing::SourcingStage;

#[derive(Clone, Copy, Debug)]
enum Tier {
    Fast,
    Accurate,
}

const TIERS: [Tier; 2] = [Tier::Fast, Tier::Accurate];

fn analyse(text: &str, tier: Tier) -> Document {
    let mut doc = Document::new("t", text);
    segment::segment(&mut doc);
    let stage = match tier {
        Tier::Fast => SourcingStage::embedded(),
        Tier::Accurate => {
            EncoderStage.analyze(&mut doc).expect("encoder");
            SourcingStage::embedded().with_encoder()
        }
    };
    stage.analyze(&mut doc).expect("sourcing");
    doc
}

fn attributions(doc: &Document) -> Vec<Attribution> {
    doc.items::<Attribution>()
}

fn sources(doc: &Document) -> Vec<String> {
    attributions(doc)
        .iter()
        .map(|a| a.source.text.clone().unwrap_or_default())
        .collect()
}

fn kinds(doc: &Document) -> Vec<SentenceKind> {
    doc.items::<SentenceKindLabel>()
        .iter()
        .map(|k| k.kind)
        .collect()
}

#[test]
fn abstract_nouns_and_positions_are_never_sources() {
    for tier in TIERS {
        let doc = analyse(
            "The plan, announced in March, has irritated Moscow. Italy's refusal reportedly \
             comes from fears that the office would provoke China.",
            tier,
        );
        let atts = attributions(&doc);
        assert!(atts.is_empty(), "{tier:?}: {:?}", sources(&doc));
        assert!(
            !kinds(&doc).contains(&SentenceKind::Reported),
            "{tier:?}: nobody is cited"
        );
    }
}

#[test]
fn adverbs_are_never_sources() {
    for s in ["notably", "Notably", "reportedly"] {
        assert!(!unspun_sourcing::extract::agent::is_agent(s), "{s}");
    }
    for tier in TIERS {
        let doc = analyse(
            "Notably, the ministry said nothing. The ministry notably declined to comment.",
            tier,
        );
        for s in sources(&doc) {
            assert!(!s.to_lowercase().contains("notably"), "{tier:?}: {s}");
        }
    }
}

#[test]
fn speculation_in_the_outlets_voice_is_not_reported() {
    for tier in TIERS {
        let doc = analyse(
            "Several Nordic states may quietly share this view but lack the nerve to say so.",
            tier,
        );
        assert!(
            attributions(&doc).is_empty(),
            "{tier:?}: {:?}",
            sources(&doc)
        );
        assert_ne!(kinds(&doc), vec![SentenceKind::Reported], "{tier:?}");
    }
}

#[test]
fn source_spans_are_whole_names_and_roles() {
    for tier in TIERS {
        let doc = analyse(
            "The Tory leader said the plans were flawed. Giorgia Meloni said on Monday that \
             Rome would not change course.",
            tier,
        );
        let atts = attributions(&doc);
        let srcs = sources(&doc);
        assert_eq!(srcs, vec!["The Tory leader", "Giorgia Meloni"], "{tier:?}");
        // The role is not a name: "Tory" is no entity.
        assert_ne!(atts[0].source.entity.as_deref(), Some("Tory"), "{tier:?}");
        assert_eq!(
            atts[1].source.entity.as_deref(),
            Some("Giorgia Meloni"),
            "{tier:?}"
        );
    }
}

#[test]
fn according_to_has_a_content_of_its_own() {
    for tier in TIERS {
        let doc = analyse(
            "According to the Financial Times, the office would open next year.",
            tier,
        );
        let atts = attributions(&doc);
        assert_eq!(atts.len(), 1, "{tier:?}");
        let a = &atts[0];
        assert_eq!(a.cue.text, "According to", "{tier:?}");
        assert_eq!(
            a.content.text, "the office would open next year",
            "{tier:?}"
        );
        assert_eq!(
            a.source.text.as_deref(),
            Some("the Financial Times"),
            "{tier:?}"
        );
    }
}

#[test]
fn every_attribution_has_a_confidence() {
    for tier in TIERS {
        let doc = analyse(
            "The mayor said on Tuesday that the bridge would reopen in May. “It is safe,” \
             an engineer told reporters.",
            tier,
        );
        let atts = attributions(&doc);
        assert_eq!(atts.len(), 2, "{tier:?}");
        for a in &atts {
            let c = a.confidence.expect("confidence");
            assert!((0.0..=1.0).contains(&c), "{tier:?}: {c}");
        }
    }
}

#[test]
fn the_anonymity_formula_belongs_to_the_source() {
    for tier in TIERS {
        let doc = analyse(
            "A senior diplomat who asked not to be named said Paris had made its point loudly.",
            tier,
        );
        let atts = attributions(&doc);
        assert_eq!(atts.len(), 1, "{tier:?}: {:?}", sources(&doc));
        assert_eq!(atts[0].cue.text, "said", "{tier:?}");
        assert_eq!(
            atts[0].source.text.as_deref(),
            Some("A senior diplomat who asked not to be named"),
            "{tier:?}"
        );
        assert_eq!(
            atts[0].kind,
            unspun_core::layers::SourceKind::Anonymous,
            "{tier:?}"
        );
    }
}

#[test]
fn nobody_is_no_source_and_a_finite_verb_keeps_its_own_speaker() {
    for tier in TIERS {
        let doc = analyse(
            "Some countries may privately agree with France, but none has said so in public.",
            tier,
        );
        assert!(
            sources(&doc).iter().all(|s| s != "none"),
            "{tier:?}: {:?}",
            sources(&doc)
        );
        let doc = analyse(
            "But Mr Howard denied Mr Yeo, his transport and environment spokesman, said the \
             plans \"stink\".",
            tier,
        );
        for a in attributions(&doc) {
            if a.cue.text == "said" {
                assert_ne!(a.source.entity.as_deref(), Some("Mr Howard"), "{tier:?}");
            }
        }
    }
}

#[test]
fn verdicts_in_the_outlets_voice_are_editorial() {
    // Prescriptions and predictions: both tiers.
    for tier in TIERS {
        let doc = analyse(
            "Brussels must rethink its scheme before it is too late. Greece is likely to \
             face the consequences.",
            tier,
        );
        assert_eq!(
            kinds(&doc),
            vec![SentenceKind::Editorial, SentenceKind::Editorial],
            "{tier:?}"
        );
    }
    // An evaluative comparison: the accurate tier's subjectivity head. (The
    // fast tier's word model calls it neutral, and "Rome's refusal exposes
    // the mounting frustration with Brussels' arrogant agenda" is still
    // neutral in both: see docs/EVALUATION.md.)
    let doc = analyse(
        "Unlike Italy's sensible course, Greece has grown ever more dependent on Brussels.",
        Tier::Accurate,
    );
    assert_eq!(kinds(&doc), vec![SentenceKind::Editorial]);
}
