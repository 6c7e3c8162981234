//! The arithmetic of the evaluation scorers (F1 and macro-F1) and the error
//! type every evaluation returns.

/// Why an evaluation against an annotated data set gave no scores: the one
/// error type of every analyser crate's `eval` module.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The data set, a rows file or a model file could not be read.
    #[error("{0}")]
    Input(String),
    /// A predictions file could not be written.
    #[error("{0}")]
    Output(String),
}

/// `part / whole` as a share (0 when `whole` is 0).
pub fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// F1: the harmonic mean of a precision and a recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// F1 from counts: `2 tp / (2 tp + fp + fn)` (0 without a true positive).
pub fn f1_counts(tp: usize, fp: usize, fn_: usize) -> f64 {
    if tp == 0 {
        0.0
    } else {
        let tp = tp as f64;
        2.0 * tp / (2.0 * tp + fp as f64 + fn_ as f64)
    }
}

/// Scores of a single-label classification.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScores {
    /// The unweighted mean of the per-class F1s.
    pub macro_f1: f64,
    /// Share of items predicted right (0 without items).
    pub accuracy: f64,
    /// F1 of each class, in the order the classes were given.
    pub per_class: Vec<f64>,
}

/// Per-class F1, macro-F1 (over every class given, present or not) and
/// accuracy of `predicted` against `gold`.
pub fn macro_f1<T: PartialEq>(gold: &[T], predicted: &[T], classes: &[T]) -> ClassScores {
    let per_class: Vec<f64> = classes
        .iter()
        .map(|k| {
            let (mut tp, mut fp, mut fn_) = (0, 0, 0);
            for (g, p) in gold.iter().zip(predicted) {
                match (g == k, p == k) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    (false, false) => {}
                }
            }
            f1_counts(tp, fp, fn_)
        })
        .collect();
    let right = gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
    ClassScores {
        macro_f1: per_class.iter().sum::<f64>() / classes.len().max(1) as f64,
        accuracy: right as f64 / gold.len().max(1) as f64,
        per_class,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmonic_mean() {
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert_eq!(f1(1.0, 1.0), 1.0);
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(f1(0.0, 1.0), 0.0);
        assert_eq!(f1_counts(0, 3, 4), 0.0);
        assert_eq!(f1_counts(1, 0, 1), 2.0 / 3.0);
    }

    #[test]
    fn macro_f1_by_hand() {
        // Class 0: tp 1, fp 0, fn 1 → 2/3; class 1: tp 1, fp 1, fn 0 → 2/3;
        // class 2: tp 1 → 1; class 3 never occurs → 0.
        let s = macro_f1(&[0, 0, 1, 2], &[0, 1, 1, 2], &[0, 1, 2]);
        assert_eq!(s.per_class, vec![2.0 / 3.0, 2.0 / 3.0, 1.0]);
        assert!((s.macro_f1 - (2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 3.0).abs() < 1e-12);
        assert_eq!(s.accuracy, 0.75);
        let s = macro_f1(&[true, false], &[true, true], &[true, false]);
        assert_eq!(s.per_class, vec![2.0 / 3.0, 0.0]);
        assert_eq!(macro_f1::<u8>(&[], &[], &[]).macro_f1, 0.0);
    }
}
