//! Shared arithmetic of the evaluation scorers.

/// F1: the harmonic mean of a precision and a recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
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
    }
}
