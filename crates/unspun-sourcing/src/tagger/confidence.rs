//! How sure the extractor is that a relation is an attribution.
//!
//! - Accurate tier: the tower's probability of the cue role (`B-CUE` or
//!   `I-CUE`), averaged over the cue's tokens, then calibrated on held-out
//!   training texts ([`calibrate`]).
//! - Fast tier: the linear tagger gives no probabilities, so a relation
//!   takes the share of relations found the same way (by the tagger and
//!   the rules, the tagger alone, the rules alone) whose cue was right on
//!   held-out PolNeAR training texts (fold 0, models trained on the other
//!   folds; `unspun eval attribution --reliability`, docs/EVALUATION.md).

use unspun_core::{Document, Span};

use super::neural::TokenLogProbs;
use super::{CUE, L};

// Measured on fold 0 of PolNeAR train (153 texts) with the linear tagger
// trained on folds 1–4: of 2,006 relations found by the tagger and the
// rules, 78.7 % had an exact gold cue; of 1,108 found by the tagger alone,
// 40.1 %; of 30 from the rules alone, 26.7 %.

/// A relation found by the tagger whose cue the rules also found.
pub const TAGGER_AND_RULES: f32 = 0.79;
/// A relation found by the tagger alone.
pub const TAGGER_ONLY: f32 = 0.40;
/// A relation of the rules where the tagger found none.
pub const RULES_ONLY: f32 = 0.27;

/// The accurate tier's calibration: (raw cue probability, share of right
/// cues), the isotonic fit of the reliability table measured on fold 0 of
/// PolNeAR train (153 texts, 2,936 relations; tower and linear tagger
/// trained on folds 1–4): raw probabilities are over-confident in the
/// middle (of relations at 0.75, 61 % had a right cue).
const CALIBRATION: [(f32, f32); 8] = [
    (0.042, 0.102),
    (0.161, 0.225),
    (0.350, 0.352),
    (0.549, 0.434),
    (0.652, 0.576),
    (0.751, 0.614),
    (0.855, 0.801),
    (0.974, 0.906),
];

/// Maps a raw cue probability to the calibrated confidence (linear
/// between the points of [`CALIBRATION`], flat beyond them).
pub fn calibrate(raw: f32) -> f32 {
    unspun_learn::calibration::interpolate(&CALIBRATION, raw)
}

/// The calibrated confidence of a relation in the accurate tier
/// ([`calibrate`] of [`cue_probability`]).
pub fn accurate_confidence(doc: &Document, cue: Span, log_probs: &[TokenLogProbs]) -> f32 {
    calibrate(cue_probability(doc, cue, log_probs))
}

/// The tower's mean probability of the cue role over the tokens of `cue`
/// (0.5 when no token of the cue has a probability).
pub fn cue_probability(doc: &Document, cue: Span, log_probs: &[TokenLogProbs]) -> f32 {
    let (mut sum, mut n) = (0f32, 0usize);
    let first = doc.tokens.partition_point(|t| t.span.end <= cue.start);
    for (k, t) in doc.tokens.iter().enumerate().skip(first) {
        if t.span.start >= cue.end {
            break;
        }
        if let Some(Some(lp)) = log_probs.get(k) {
            sum += cue_role(lp);
            n += 1;
        }
    }
    if n == 0 {
        0.5
    } else {
        (sum / n as f32).clamp(0.0, 1.0)
    }
}

/// The probability of the cue role from a token's log-probabilities.
fn cue_role(lp: &[f32; L]) -> f32 {
    lp[CUE].exp() + lp[CUE + 1].exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::segment;

    #[test]
    fn cue_probability_averages_the_cue_role_over_the_cue_tokens() {
        let mut doc = Document::new("t", "Officials said it rained.");
        segment::segment(&mut doc);
        let n = doc.tokens.len();
        let mut lps: Vec<TokenLogProbs> = vec![None; n];
        let mut said = [f32::NEG_INFINITY; L];
        said[CUE] = 0.8f32.ln();
        said[0] = 0.2f32.ln();
        lps[1] = Some(said);
        let cue = doc.tokens[1].span;
        assert!((cue_probability(&doc, cue, &lps) - 0.8).abs() < 1e-5);
        assert_eq!(cue_probability(&doc, doc.tokens[0].span, &lps), 0.5);
    }

    #[test]
    fn calibration_is_monotone_and_bounded() {
        let mut last = 0.0;
        for i in 0..=100 {
            let c = calibrate(i as f32 / 100.0);
            assert!((0.0..=1.0).contains(&c) && c >= last, "{i}: {c}");
            last = c;
        }
        assert_eq!(calibrate(f32::NAN), CALIBRATION[0].1);
        assert!((calibrate(0.751) - 0.614).abs() < 1e-6);
    }
}
