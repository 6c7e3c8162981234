//! Scoring attribution relations against gold ones: precision, recall and F1
//! for source, cue and content spans and for whole relations, with exact
//! and overlap matching.
//!
//! Matching is one-to-one: each predicted span (or relation) is matched to
//! at most one gold one, greedily in text order. *Exact*: the same fragments.
//! *Overlap*: at least one code point in common. A relation matches when all
//! three roles match (a role absent on both sides matches; absent on one
//! side does not).

use unspun_core::Span;

use crate::brat::Relation;

/// True positives, false positives and false negatives of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted items matched to a gold item.
    pub tp: usize,
    /// Predicted items with no gold match.
    pub fp: usize,
    /// Gold items with no predicted match.
    pub fn_: usize,
}

impl Counts {
    /// Adds another set of counts.
    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (1 when there is no gold item).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        unspun_learn::metrics::f1(self.precision(), self.recall())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The four measures (source, cue, content, relation) under one matching.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleCounts {
    /// Source spans.
    pub source: Counts,
    /// Cue spans.
    pub cue: Counts,
    /// Content spans.
    pub content: Counts,
    /// Whole relations.
    pub relation: Counts,
}

impl RoleCounts {
    /// Adds another set of counts.
    pub fn add(&mut self, other: &RoleCounts) {
        self.source.add(other.source);
        self.cue.add(other.cue);
        self.content.add(other.content);
        self.relation.add(other.relation);
    }
    /// The measures with their names, in report order.
    pub fn named(&self) -> [(&'static str, Counts); 4] {
        [
            ("source", self.source),
            ("cue", self.cue),
            ("content", self.content),
            ("relation", self.relation),
        ]
    }
}

/// Exact and overlap scores of one document or of a whole split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Exact matching.
    pub exact: RoleCounts,
    /// Overlap matching.
    pub overlap: RoleCounts,
}

impl Score {
    /// Adds another score.
    pub fn add(&mut self, other: &Score) {
        self.exact.add(&other.exact);
        self.overlap.add(&other.overlap);
    }
}

fn same(a: &[Span], b: &[Span]) -> bool {
    a == b
}

fn overlaps(a: &[Span], b: &[Span]) -> bool {
    if a.is_empty() || b.is_empty() {
        return a.is_empty() && b.is_empty();
    }
    a.iter().any(|x| b.iter().any(|y| x.overlaps(y)))
}

fn match_count<T>(pred: &[T], gold: &[T], eq: impl Fn(&T, &T) -> bool) -> Counts {
    let mut used = vec![false; gold.len()];
    let mut tp = 0;
    for p in pred {
        if let Some(i) = (0..gold.len()).find(|&i| !used[i] && eq(p, &gold[i])) {
            used[i] = true;
            tp += 1;
        }
    }
    Counts {
        tp,
        fp: pred.len() - tp,
        fn_: gold.len() - tp,
    }
}

fn role_counts(
    pred: &[Relation],
    gold: &[Relation],
    eq: fn(&[Span], &[Span]) -> bool,
) -> RoleCounts {
    let role = |get: fn(&Relation) -> &Vec<Span>| {
        let p: Vec<&[Span]> = pred
            .iter()
            .map(|r| get(r).as_slice())
            .filter(|s| !s.is_empty())
            .collect();
        let g: Vec<&[Span]> = gold
            .iter()
            .map(|r| get(r).as_slice())
            .filter(|s| !s.is_empty())
            .collect();
        match_count(&p, &g, |a, b| eq(a, b))
    };
    let rel_eq = |a: &Relation, b: &Relation| {
        let role_eq = |x: &[Span], y: &[Span]| {
            (x.is_empty() && y.is_empty()) || (!x.is_empty() && !y.is_empty() && eq(x, y))
        };
        role_eq(&a.source, &b.source) && role_eq(&a.cue, &b.cue) && role_eq(&a.content, &b.content)
    };
    RoleCounts {
        source: role(|r| &r.source),
        cue: role(|r| &r.cue),
        content: role(|r| &r.content),
        relation: match_count(pred, gold, rel_eq),
    }
}

/// Scores the predicted relations of one document against its gold ones.
pub fn score_document(pred: &[Relation], gold: &[Relation]) -> Score {
    let mut pred: Vec<Relation> = pred.to_vec();
    let mut gold: Vec<Relation> = gold.to_vec();
    let key = |r: &Relation| r.cue.first().or(r.content.first()).copied();
    pred.sort_by_key(key);
    gold.sort_by_key(key);
    Score {
        exact: role_counts(&pred, &gold, same),
        overlap: role_counts(&pred, &gold, overlaps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(source: &[(usize, usize)], cue: (usize, usize), content: (usize, usize)) -> Relation {
        Relation {
            source: source.iter().map(|&(a, b)| Span::new(a, b)).collect(),
            cue: vec![Span::new(cue.0, cue.1)],
            content: vec![Span::new(content.0, content.1)],
        }
    }

    #[test]
    fn hand_computed_scores() {
        // Gold: three relations. Prediction: one exact, one with a content
        // that only overlaps, one spurious, and no guess for the third gold.
        let gold = vec![
            rel(&[(0, 5)], (6, 10), (11, 30)),
            rel(&[(40, 45)], (46, 50), (51, 70)),
            rel(&[], (80, 85), (86, 99)),
        ];
        let pred = vec![
            rel(&[(0, 5)], (6, 10), (11, 30)),
            rel(&[(40, 45)], (46, 50), (51, 69)),
            rel(&[(100, 104)], (105, 110), (111, 120)),
        ];
        let s = score_document(&pred, &gold);
        // Sources: gold 2, pred 3; exact 2 matched.
        assert_eq!(
            s.exact.source,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(
            s.exact.cue,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            s.exact.content,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            s.overlap.content,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1
            }
        );
        assert_eq!(
            s.exact.relation,
            Counts {
                tp: 1,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(
            s.overlap.relation,
            Counts {
                tp: 2,
                fp: 1,
                fn_: 1
            }
        );
        assert!((s.exact.cue.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.exact.content.f1() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn matching_is_one_to_one() {
        let gold = vec![rel(&[(0, 5)], (6, 10), (11, 30))];
        let pred = vec![
            rel(&[(0, 5)], (6, 10), (11, 30)),
            rel(&[(0, 5)], (6, 10), (11, 30)),
        ];
        let s = score_document(&pred, &gold);
        assert_eq!(
            s.exact.relation,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 0
            }
        );
        assert!((s.exact.relation.f1() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn missing_source_must_be_missing_on_both_sides() {
        let gold = vec![rel(&[], (6, 10), (11, 30))];
        let pred = vec![rel(&[(0, 5)], (6, 10), (11, 30))];
        let s = score_document(&pred, &gold);
        assert_eq!(s.overlap.relation.tp, 0);
        assert_eq!(
            s.exact.source,
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        assert_eq!(Counts::default().f1(), 1.0);
    }
}
