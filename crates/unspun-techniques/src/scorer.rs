//! SemEval-2020 Task 11 scores, as pure functions over rows.
//!
//! * **SI** (span identification, technique ignored): overlapping spans are
//!   merged on each side; every pair of a predicted span `s` and a gold span
//!   `t` of the same article adds `|s∩t|/|s|` to the precision sum and
//!   `|s∩t|/|t|` to the recall sum; precision divides by the number of
//!   (merged) predicted spans, recall by the number of (merged) gold spans.
//! * **Full** (span and technique): the same, with spans merged per technique
//!   and a predicted span meeting only gold spans of its own technique.
//! * **TC** (technique classification): one predicted technique per gold
//!   span; micro-F1, which equals accuracy, and per-technique F1.

use std::collections::BTreeMap;

use crate::data::Row;
use unspun_learn::metrics::f1;

/// Merges spans that share at least one code point; drops empty spans.
/// Returns the merged spans sorted by start.
pub fn merge_spans(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = spans.iter().copied().filter(|(s, e)| e > s).collect();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Precision and recall sums of a span score, with the span counts they
/// divide by.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SpanScore {
    /// Number of (merged) predicted spans.
    pub predicted: usize,
    /// Number of (merged) gold spans.
    pub gold: usize,
    /// Σ |s∩t|/|s| over predicted/gold pairs.
    pub precision_sum: f64,
    /// Σ |s∩t|/|t| over predicted/gold pairs.
    pub recall_sum: f64,
}

impl SpanScore {
    /// Adds another score's sums and counts.
    pub fn add(&mut self, other: &SpanScore) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.precision_sum += other.precision_sum;
        self.recall_sum += other.recall_sum;
    }

    /// Precision (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.precision_sum, self.predicted)
    }

    /// Recall (0 when there is no gold span).
    pub fn recall(&self) -> f64 {
        ratio(self.recall_sum, self.gold)
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

fn ratio(sum: f64, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

/// Scores one article's predicted spans against its gold spans (both merged
/// first).
pub fn score_spans(predicted: &[(usize, usize)], gold: &[(usize, usize)]) -> SpanScore {
    let pred = merge_spans(predicted);
    let gold = merge_spans(gold);
    let mut score = SpanScore {
        predicted: pred.len(),
        gold: gold.len(),
        ..SpanScore::default()
    };
    // Both lists are sorted and disjoint, so a sweep finds every overlap.
    let mut first = 0;
    for &(ps, pe) in &pred {
        while first < gold.len() && gold[first].1 <= ps {
            first += 1;
        }
        for &(gs, ge) in gold[first..].iter().take_while(|g| g.0 < pe) {
            let inter = (pe.min(ge) - ps.max(gs)) as f64;
            score.precision_sum += inter / (pe - ps) as f64;
            score.recall_sum += inter / (ge - gs) as f64;
        }
    }
    score
}

fn by_article<'a>(
    rows: &'a [Row],
    technique: Option<&str>,
) -> BTreeMap<&'a str, Vec<(usize, usize)>> {
    let mut map: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for r in rows {
        if technique.is_none() || technique == Some(r.technique.as_str()) {
            map.entry(r.article.as_str())
                .or_default()
                .push((r.start, r.end));
        }
    }
    map
}

fn score_grouped(pred: &[Row], gold: &[Row], technique: Option<&str>) -> SpanScore {
    let p = by_article(pred, technique);
    let g = by_article(gold, technique);
    let mut total = SpanScore::default();
    let articles: std::collections::BTreeSet<&str> = p.keys().chain(g.keys()).copied().collect();
    for a in articles {
        let empty = Vec::new();
        total.add(&score_spans(
            p.get(a).unwrap_or(&empty),
            g.get(a).unwrap_or(&empty),
        ));
    }
    total
}

/// The SI score of predicted rows against gold rows (techniques ignored).
pub fn score_si(predicted: &[Row], gold: &[Row]) -> SpanScore {
    score_grouped(predicted, gold, None)
}

/// The full score (spans and techniques): the total over techniques and the
/// score of each technique that occurs on either side.
pub fn score_full(predicted: &[Row], gold: &[Row]) -> (SpanScore, BTreeMap<String, SpanScore>) {
    let techniques: std::collections::BTreeSet<&str> = predicted
        .iter()
        .chain(gold)
        .map(|r| r.technique.as_str())
        .collect();
    let mut total = SpanScore::default();
    let mut per = BTreeMap::new();
    for t in techniques {
        let s = score_grouped(predicted, gold, Some(t));
        total.add(&s);
        per.insert(t.to_string(), s);
    }
    (total, per)
}

/// Counts of one technique in a TC score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassCounts {
    /// Rows whose gold and predicted technique are both this one.
    pub true_positive: usize,
    /// Rows predicted as this technique whose gold technique is another.
    pub false_positive: usize,
    /// Rows of this gold technique predicted as another.
    pub false_negative: usize,
}

impl ClassCounts {
    /// Precision of this technique.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positive as f64,
            self.true_positive + self.false_positive,
        )
    }
    /// Recall of this technique.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positive as f64,
            self.true_positive + self.false_negative,
        )
    }
    /// F1 of this technique.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// A TC score: micro-F1 (accuracy) and per-technique counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TcScore {
    /// Number of rows scored.
    pub rows: usize,
    /// Rows whose technique was predicted right.
    pub correct: usize,
    /// Counts per technique (gold or predicted).
    pub per_technique: BTreeMap<String, ClassCounts>,
}

impl TcScore {
    /// Micro-averaged F1, which for one label per row is the accuracy.
    pub fn micro_f1(&self) -> f64 {
        ratio(self.correct as f64, self.rows)
    }

    /// Unweighted mean of the per-technique F1s over the gold techniques.
    pub fn macro_f1(&self) -> f64 {
        let gold: Vec<f64> = self
            .per_technique
            .values()
            .filter(|c| c.true_positive + c.false_negative > 0)
            .map(ClassCounts::f1)
            .collect();
        ratio(gold.iter().sum(), gold.len())
    }
}

/// Scores TC: `pairs` holds (gold technique, predicted technique) for every
/// gold row.
pub fn score_tc<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TcScore {
    let mut score = TcScore::default();
    for (gold, pred) in pairs {
        score.rows += 1;
        if gold == pred {
            score.correct += 1;
            score
                .per_technique
                .entry(gold.to_string())
                .or_default()
                .true_positive += 1;
        } else {
            score
                .per_technique
                .entry(gold.to_string())
                .or_default()
                .false_negative += 1;
            score
                .per_technique
                .entry(pred.to_string())
                .or_default()
                .false_positive += 1;
        }
    }
    score
}

/// Pairs TC predictions with the gold rows at the same (article, start,
/// end), in gold order; a gold row without a prediction pairs with `""`
/// (always wrong). With several gold rows on one span, predictions for that
/// span are matched to them one to one, right answers first.
pub fn pair_tc<'a>(gold: &'a [Row], predicted: &'a [Row]) -> Vec<(&'a str, &'a str)> {
    let mut preds: BTreeMap<(&str, usize, usize), Vec<&str>> = BTreeMap::new();
    for p in predicted {
        preds
            .entry((p.article.as_str(), p.start, p.end))
            .or_default()
            .push(p.technique.as_str());
    }
    let mut pairs = vec![("", ""); gold.len()];
    let mut pending = Vec::new();
    // Right answers first, so that duplicate spans are matched at best.
    for (i, g) in gold.iter().enumerate() {
        let list = preds.get_mut(&(g.article.as_str(), g.start, g.end));
        match list.and_then(|l| {
            l.iter()
                .position(|t| *t == g.technique)
                .map(|k| l.remove(k))
        }) {
            Some(t) => pairs[i] = (g.technique.as_str(), t),
            None => pending.push(i),
        }
    }
    for i in pending {
        let g = &gold[i];
        let t = preds
            .get_mut(&(g.article.as_str(), g.start, g.end))
            .and_then(|l| {
                if l.is_empty() {
                    None
                } else {
                    Some(l.remove(0))
                }
            })
            .unwrap_or("");
        pairs[i] = (g.technique.as_str(), t);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(article: &str, technique: &str, start: usize, end: usize) -> Row {
        Row {
            article: article.into(),
            technique: technique.into(),
            start,
            end,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn merging_joins_only_overlaps() {
        assert_eq!(
            merge_spans(&[(5, 10), (0, 3), (8, 12), (12, 14), (7, 7)]),
            vec![(0, 3), (5, 12), (12, 14)]
        );
        assert_eq!(merge_spans(&[(0, 10), (2, 4)]), vec![(0, 10)]);
        assert!(merge_spans(&[]).is_empty());
    }

    #[test]
    fn one_pair_partial_overlap() {
        // s = [0,10), t = [5,25): |s∩t| = 5, P = 5/10, R = 5/20.
        let s = score_spans(&[(0, 10)], &[(5, 25)]);
        assert_eq!((s.predicted, s.gold), (1, 1));
        assert!(close(s.precision(), 0.5));
        assert!(close(s.recall(), 0.25));
        assert!(close(s.f1(), 2.0 * 0.5 * 0.25 / 0.75));
    }

    #[test]
    fn one_prediction_over_two_gold_spans() {
        // s = [0,20) meets t1 = [0,5) and t2 = [10,20):
        // P = (5 + 10)/20 = 0.75 over 1 span; R = (5/5 + 10/10)/2 = 1.
        let s = score_spans(&[(0, 20)], &[(0, 5), (10, 20)]);
        assert!(close(s.precision(), 0.75));
        assert!(close(s.recall(), 1.0));
    }

    #[test]
    fn overlapping_predictions_are_merged_first() {
        // [0,6) and [4,10) merge to [0,10); gold [0,10): P = R = 1 with one span each.
        let s = score_spans(&[(0, 6), (4, 10)], &[(0, 10), (2, 3)]);
        assert_eq!((s.predicted, s.gold), (1, 1));
        assert!(close(s.precision(), 1.0) && close(s.recall(), 1.0));
    }

    #[test]
    fn misses_and_false_alarms_count() {
        // Predictions [0,4) (inside gold [0,8)) and [20,30) (nothing);
        // gold [0,8) and [40,50). P = (1 + 0)/2; R = (4/8 + 0)/2.
        let s = score_spans(&[(0, 4), (20, 30)], &[(0, 8), (40, 50)]);
        assert!(close(s.precision(), 0.5));
        assert!(close(s.recall(), 0.25));
        let none = score_spans(&[], &[(0, 3)]);
        assert_eq!(
            (none.precision(), none.recall(), none.f1()),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn si_sums_over_articles_and_ignores_techniques() {
        let gold = vec![
            row("1", "Doubt", 0, 10),
            row("1", "Slogans", 5, 15),
            row("2", "Repetition", 0, 4),
        ];
        // Article 1: gold merges to [0,15); prediction [0,5): P 1, R 5/15.
        // Article 2: prediction [2,6) on gold [0,4): P 2/4, R 2/4.
        // Article 3: a false alarm: P 0.
        let pred = vec![
            row("1", "Flag-Waving", 0, 5),
            row("2", "Doubt", 2, 6),
            row("3", "Doubt", 0, 1),
        ];
        let s = score_si(&pred, &gold);
        assert_eq!((s.predicted, s.gold), (3, 2));
        assert!(close(s.precision(), (1.0 + 0.5 + 0.0) / 3.0));
        assert!(close(s.recall(), (5.0 / 15.0 + 0.5) / 2.0));
    }

    #[test]
    fn full_needs_the_same_technique() {
        let gold = vec![row("1", "Doubt", 0, 10), row("1", "Slogans", 5, 15)];
        // Doubt [0,5) meets gold Doubt [0,10): P 1, R 0.5.
        // Slogans [0,4) does not meet gold Slogans [5,15): P 0, R 0.
        let pred = vec![row("1", "Doubt", 0, 5), row("1", "Slogans", 0, 4)];
        let (total, per) = score_full(&pred, &gold);
        assert_eq!((total.predicted, total.gold), (2, 2));
        assert!(close(total.precision(), 0.5));
        assert!(close(total.recall(), 0.25));
        assert!(close(per["Doubt"].f1(), 2.0 * 0.5 / 1.5));
        assert_eq!(per["Slogans"].f1(), 0.0);
    }

    #[test]
    fn tc_micro_and_per_class() {
        let s = score_tc([("A", "A"), ("A", "B"), ("B", "B"), ("C", "A")]);
        assert!(close(s.micro_f1(), 0.5));
        let a = s.per_technique["A"];
        assert_eq!(
            (a.true_positive, a.false_positive, a.false_negative),
            (1, 1, 1)
        );
        assert!(close(a.f1(), 0.5));
        assert!(close(s.per_technique["B"].f1(), 2.0 / 3.0));
        assert_eq!(s.per_technique["C"].f1(), 0.0);
        assert!(close(s.macro_f1(), (0.5 + 2.0 / 3.0 + 0.0) / 3.0));
    }

    #[test]
    fn tc_pairs_duplicate_spans_one_to_one() {
        let gold = vec![
            row("1", "Doubt", 0, 5),
            row("1", "Slogans", 0, 5),
            row("1", "Doubt", 9, 12),
        ];
        let pred = vec![row("1", "Slogans", 0, 5), row("1", "Repetition", 0, 5)];
        let pairs = pair_tc(&gold, &pred);
        assert_eq!(
            pairs,
            vec![
                ("Doubt", "Repetition"),
                ("Slogans", "Slogans"),
                ("Doubt", "")
            ]
        );
    }
}
