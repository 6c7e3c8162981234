//! Persuasion techniques in news text, as annotated in the Propaganda
//! Techniques Corpus (PTC, SemEval-2020 Task 11; Da San Martino et al. 2019,
//! 2020).
//!
//! * [`scorer`]: the SemEval span-identification (SI), technique
//!   classification (TC) and full (span + technique) scores, as pure functions.
//! * [`data`]: PTC articles and `article_id<TAB>technique<TAB>start<TAB>end` rows.
//! * [`model`]: the fast tier — a token tagger that finds spans and a span
//!   classifier that names them, both hashed-feature linear models — with its
//!   versioned binary format and the model embedded in the binary.
//! * [`train`]: deterministic training and model selection.
//! * [`eval`]: the scores of `unspun eval techniques` and the loading of
//!   either tier.
//! * [`TechniquesStage`]: the `techniques` analyser of the pipeline.
//!
//! Offsets are Unicode code points, end exclusive, like everywhere in unspun.

pub mod accurate;
pub mod accurate_train;
pub mod data;
pub mod eval;
pub mod explain;
pub mod features;
pub mod lexicon;
pub mod model;
pub mod scorer;
mod stage;
pub mod train;

pub use accurate::AccurateModel;
pub use model::{FastModel, ModelError, PredictedSpan};
pub use stage::TechniquesStage;

/// Which model tier finds the techniques.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tier {
    /// Linear models over hashed features, embedded in the binary.
    Fast,
    /// The fine-tuned MiniLM encoder blended with the fast tier
    /// ([`accurate`]), read from the model folder.
    #[default]
    Accurate,
}

/// The confidence from which the reader-facing reports (text, HTML) show
/// a technique mark by default: a mark is shown when at least one in three
/// marks of its confidence was right on held-out articles. Confidences are
/// calibrated (the share of marks at that confidence that overlapped a gold
/// span of their technique); in the reliability table of the accurate tier
/// on PTC `valid` (docs/EVALUATION.md), marks at 0.3–0.4 were right 35 % of
/// the time and marks at 0.2–0.3 23 %. PTC marks only some loaded wording,
/// so the true shares are higher. JSON output keeps every mark.
pub const DISPLAY_CONFIDENCE: f32 = 0.3;

/// The 14 technique names of PTC, exactly as the data writes them.
pub const TECHNIQUES: [&str; 14] = [
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Exaggeration,Minimisation",
    "Doubt",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Slogans",
    "Appeal_to_Authority",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
];

/// Index of a technique name in [`TECHNIQUES`].
pub fn technique_index(name: &str) -> Option<usize> {
    TECHNIQUES.iter().position(|t| *t == name)
}

/// The technique's name as a reader would write it ("Appeal to
/// fear/prejudice" for `Appeal_to_fear-prejudice`).
pub fn display_name(technique: &str) -> &str {
    match technique {
        "Loaded_Language" => "Loaded language",
        "Name_Calling,Labeling" => "Name calling, labeling",
        "Repetition" => "Repetition",
        "Exaggeration,Minimisation" => "Exaggeration, minimisation",
        "Doubt" => "Doubt",
        "Appeal_to_fear-prejudice" => "Appeal to fear/prejudice",
        "Flag-Waving" => "Flag-waving",
        "Causal_Oversimplification" => "Causal oversimplification",
        "Slogans" => "Slogan",
        "Appeal_to_Authority" => "Appeal to authority",
        "Black-and-White_Fallacy" => "Black-and-white fallacy",
        "Thought-terminating_Cliches" => "Thought-terminating cliché",
        "Whataboutism,Straw_Men,Red_Herring" => "Whataboutism, straw man, red herring",
        "Bandwagon,Reductio_ad_hitlerum" => "Bandwagon, reductio ad Hitlerum",
        other => other,
    }
}

/// A plain-language definition of a technique, for explanations.
pub fn definition(technique: &str) -> &'static str {
    match technique {
        "Loaded_Language" => "words or phrases with strong emotional implications, used to sway the reader",
        "Name_Calling,Labeling" => "labelling the object of the propaganda as something the reader fears, hates or finds undesirable (or loves and praises)",
        "Repetition" => "repeating the same message over and over so that the reader accepts it",
        "Exaggeration,Minimisation" => "representing something as much bigger or much smaller than it really is",
        "Doubt" => "questioning the credibility of someone or something",
        "Appeal_to_fear-prejudice" => "building support for an idea by instilling anxiety or panic, or by appealing to prejudice",
        "Flag-Waving" => "playing on strong national (or group) feeling to justify or promote an action or idea",
        "Causal_Oversimplification" => "assuming a single cause or reason when there are several behind an issue",
        "Slogans" => "a brief and striking phrase, often acting as an emotional appeal",
        "Appeal_to_Authority" => "stating that a claim is true because a valued authority or expert supports it",
        "Black-and-White_Fallacy" => "presenting two alternatives as the only possibilities when more exist",
        "Thought-terminating_Cliches" => "words or phrases that discourage critical thought and useful discussion",
        "Whataboutism,Straw_Men,Red_Herring" => "discrediting an opponent's position by charging hypocrisy, refuting a distorted version of it, or changing the subject",
        "Bandwagon,Reductio_ad_hitlerum" => "urging the reader to join in because 'everyone else is', or rejecting an idea because a hated group supports it",
        _ => "a persuasion technique",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_definitions() {
        assert_eq!(technique_index("Doubt"), Some(4));
        assert_eq!(technique_index("doubt"), None);
        for t in TECHNIQUES
            .iter()
            .filter(|t| !matches!(**t, "Repetition" | "Doubt"))
        {
            assert_ne!(definition(t), definition("unknown"), "{t}");
            assert_ne!(display_name(t), *t, "{t}");
        }
        assert_eq!(display_name("Something_Else"), "Something_Else");
    }
}
