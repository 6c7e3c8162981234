//! Confidences that mean what they say: reliability tables (of the
//! predictions shown at confidence *c*, what share was right) and an
//! isotonic calibration map fitted on held-out predictions.

use serde::{Deserialize, Serialize};

/// One row of a reliability table: the predictions whose confidence falls
/// in `low..high`, and how many of them were right.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReliabilityBin {
    /// Lowest confidence of the bin.
    pub low: f32,
    /// Highest confidence (exclusive, but 1.0 is in the last bin).
    pub high: f32,
    /// Predictions in the bin.
    pub count: usize,
    /// Of which right.
    pub right: usize,
    /// Sum of their confidences (for the mean).
    pub confidence_sum: f64,
}

impl ReliabilityBin {
    /// Share of right predictions (0 for an empty bin).
    pub fn accuracy(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.right as f64 / self.count as f64
        }
    }

    /// Mean confidence (0 for an empty bin).
    pub fn mean_confidence(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.confidence_sum / self.count as f64
        }
    }
}

/// Ten bins of width 0.1 from `(confidence, right)` pairs.
pub fn reliability(pairs: &[(f32, bool)]) -> Vec<ReliabilityBin> {
    let mut bins: Vec<ReliabilityBin> = (0..10)
        .map(|i| ReliabilityBin {
            low: i as f32 / 10.0,
            high: (i + 1) as f32 / 10.0,
            ..ReliabilityBin::default()
        })
        .collect();
    for &(c, right) in pairs {
        let i = ((c.clamp(0.0, 1.0) * 10.0) as usize).min(9);
        bins[i].count += 1;
        bins[i].right += usize::from(right);
        bins[i].confidence_sum += f64::from(c);
    }
    bins
}

/// Expected calibration error: the count-weighted mean gap between each
/// bin's mean confidence and its share of right predictions.
pub fn expected_calibration_error(bins: &[ReliabilityBin]) -> f64 {
    let total: usize = bins.iter().map(|b| b.count).sum();
    if total == 0 {
        return 0.0;
    }
    bins.iter()
        .map(|b| b.count as f64 * (b.mean_confidence() - b.accuracy()).abs())
        .sum::<f64>()
        / total as f64
}

/// A monotone map from a model's raw score to the probability of being
/// right: points `(raw, probability)` with increasing `raw`, linear
/// between them and flat beyond them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// `(raw score, share right)`, sorted by raw score.
    pub points: Vec<(f32, f32)>,
}

impl Calibration {
    /// Fits the map by isotonic regression (pool adjacent violators) of
    /// rightness on the raw score; each pooled block becomes one point at
    /// its mean score. Blocks smaller than `min_block` are merged into a
    /// neighbour so that no point rests on a handful of predictions.
    /// `None` without predictions.
    pub fn fit(pairs: &[(f32, bool)], min_block: usize) -> Option<Self> {
        let mut sorted: Vec<(f32, bool)> =
            pairs.iter().copied().filter(|p| p.0.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        // A block: (sum of scores, right count, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for (score, right) in sorted {
            blocks.push((f64::from(score), f64::from(u8::from(right)), 1.0));
            merge_violators(&mut blocks);
        }
        let min_block = min_block.max(1) as f64;
        while blocks.len() > 1 {
            let Some(i) = blocks.iter().position(|b| b.2 < min_block) else {
                break;
            };
            let j = if i + 1 < blocks.len() { i + 1 } else { i - 1 };
            let (lo, hi) = (i.min(j), i.max(j));
            let b = blocks.remove(hi);
            blocks[lo] = (blocks[lo].0 + b.0, blocks[lo].1 + b.1, blocks[lo].2 + b.2);
        }
        let points = blocks
            .iter()
            .map(|&(s, r, n)| ((s / n) as f32, (r / n) as f32))
            .collect();
        Some(Self { points })
    }

    /// The calibrated probability of a raw score.
    pub fn apply(&self, raw: f32) -> f32 {
        interpolate(&self.points, raw)
    }
}

/// Merges the last blocks while their rates decrease.
fn merge_violators(blocks: &mut Vec<(f64, f64, f64)>) {
    while blocks.len() > 1 {
        let n = blocks.len();
        let (a, b) = (blocks[n - 2], blocks[n - 1]);
        if a.1 / a.2 <= b.1 / b.2 {
            break;
        }
        blocks.pop();
        blocks[n - 2] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
    }
}

/// Piecewise-linear interpolation through `points` (sorted by x), flat
/// beyond the first and last; `raw` itself when there are no points, 0.0
/// for a non-finite `raw`.
pub fn interpolate(points: &[(f32, f32)], raw: f32) -> f32 {
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        return raw;
    };
    if !raw.is_finite() {
        return first.1;
    }
    if raw <= first.0 {
        return first.1;
    }
    if raw >= last.0 {
        return last.1;
    }
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if raw <= x1 {
            if x1 <= x0 {
                return y1;
            }
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0);
        }
    }
    last.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_count_confidences_and_right_predictions() {
        let bins = reliability(&[(0.05, false), (0.95, true), (1.0, false), (0.55, true)]);
        assert_eq!(bins.len(), 10);
        assert_eq!((bins[0].count, bins[0].right), (1, 0));
        assert_eq!((bins[5].count, bins[5].right), (1, 1));
        assert_eq!((bins[9].count, bins[9].right), (2, 1));
        assert!((bins[9].accuracy() - 0.5).abs() < 1e-9);
        assert!((bins[9].mean_confidence() - 0.975).abs() < 1e-6);
        // |0.05-0| + |0.55-1| + 2·|0.975-0.5|, over 4.
        let ece = expected_calibration_error(&bins);
        assert!((ece - (0.05 + 0.45 + 0.95) / 4.0).abs() < 1e-6, "{ece}");
    }

    #[test]
    fn isotonic_fit_is_monotone_and_pools_violators() {
        // Scores 0.1..0.4 right 0,1,0,1 → pools (0.2, 0.3) into 0.5.
        let pairs = [(0.1, false), (0.2, true), (0.3, false), (0.4, true)];
        let c = Calibration::fit(&pairs, 1).unwrap();
        assert_eq!(c.points.len(), 3);
        assert_eq!(c.points[0], (0.1, 0.0));
        assert!((c.points[1].0 - 0.25).abs() < 1e-6 && (c.points[1].1 - 0.5).abs() < 1e-6);
        assert_eq!(c.points[2], (0.4, 1.0));
        assert!(c.points.windows(2).all(|w| w[0].1 <= w[1].1));
        assert_eq!(c.apply(0.0), 0.0);
        assert_eq!(c.apply(0.9), 1.0);
        assert!((c.apply(0.175) - 0.25).abs() < 1e-6);
        assert_eq!(c.apply(f32::NAN), 0.0);
    }

    #[test]
    fn small_blocks_merge_into_neighbours() {
        let mut pairs = vec![(0.9, true)];
        pairs.extend((0..20).map(|i| (i as f32 / 100.0, i % 4 == 0)));
        let c = Calibration::fit(&pairs, 5).unwrap();
        assert!(!c.points.is_empty());
        assert!(c
            .points
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
        assert!(Calibration::fit(&[], 5).is_none());
    }

    #[test]
    fn calibration_round_trips_through_json() {
        let c = Calibration {
            points: vec![(0.1, 0.05), (0.6, 0.5)],
        };
        let back: Calibration = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        assert!((interpolate(&c.points, 0.35) - 0.275).abs() < 1e-6);
        assert_eq!(interpolate(&[], 0.3), 0.3);
    }
}
