//! Evaluation of sentence boundaries against texts written one sentence per
//! line (such as the PTC articles, split by NLTK: a silver standard).

use crate::document::Document;
use crate::offsets::ByteToChar;

use super::segment;

/// Counts from comparing predicted sentence boundaries with gold ones.
///
/// Only boundaries inside paragraphs count: the end of a paragraph always
/// ends a sentence, so those boundaries are trivial.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoundaryScore {
    /// Boundaries both in the gold standard and predicted.
    pub true_positive: usize,
    /// Predicted boundaries that the gold standard lacks.
    pub false_positive: usize,
    /// Gold boundaries that were not predicted.
    pub false_negative: usize,
    /// Number of gold sentences.
    pub gold_sentences: usize,
    /// Gold sentences whose span was predicted exactly.
    pub exact_sentences: usize,
}

impl BoundaryScore {
    /// Adds the counts of `other` to these.
    pub fn add(&mut self, other: &BoundaryScore) {
        self.true_positive += other.true_positive;
        self.false_positive += other.false_positive;
        self.false_negative += other.false_negative;
        self.gold_sentences += other.gold_sentences;
        self.exact_sentences += other.exact_sentences;
    }

    /// Share of predicted boundaries that are right (1 when none predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_positive)
    }

    /// Share of gold boundaries that were predicted (1 when there are none).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positive, self.true_positive + self.false_negative)
    }

    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        unspun_learn::metrics::f1(self.precision(), self.recall())
    }

    /// Share of gold sentences reproduced exactly (1 when there are none).
    pub fn exact_rate(&self) -> f64 {
        ratio(self.exact_sentences, self.gold_sentences)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// A gold sentence: code-point span and paragraph number.
struct Gold {
    start: usize,
    end: usize,
    paragraph: usize,
}

/// Scores [`segment`] on a text written one sentence per line, paragraphs
/// separated by blank lines.
///
/// The gold sentences are the non-empty lines, trimmed. When
/// `mask_newlines` is true, the line breaks inside paragraphs are replaced
/// by spaces before segmenting (offsets stay the same), so that the score
/// measures the sentence splitter rather than the line breaks.
pub fn score_one_sentence_per_line(text: &str, mask_newlines: bool) -> BoundaryScore {
    // Gold sentences, in byte offsets, and the newlines to mask.
    let mut gold_bytes: Vec<(usize, usize, usize)> = Vec::new();
    let mut inner_newlines: Vec<usize> = Vec::new();
    let mut paragraph = 0;
    let mut prev_blank = true;
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !prev_blank {
                paragraph += 1;
            }
            prev_blank = true;
            continue;
        }
        if !prev_blank {
            // The line break before this line lies inside a paragraph.
            inner_newlines.push(start - 1);
        }
        prev_blank = false;
        let s = start + lead;
        gold_bytes.push((s, s + trimmed.len(), paragraph));
    }
    let mut cursor = ByteToChar::new(text);
    let mut gold = Vec::with_capacity(gold_bytes.len());
    for &(s, e, p) in &gold_bytes {
        gold.push(Gold {
            start: cursor.convert(s),
            end: cursor.convert(e),
            paragraph: p,
        });
    }

    let doc_text = if mask_newlines && !inner_newlines.is_empty() {
        let mut bytes = text.as_bytes().to_vec();
        for &nl in &inner_newlines {
            bytes[nl] = b' ';
            if nl > 0 && bytes[nl - 1] == b'\r' {
                bytes[nl - 1] = b' ';
            }
        }
        // Only ASCII bytes were replaced by ASCII bytes.
        String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
    } else {
        text.to_string()
    };
    let mut doc = Document::new("eval", doc_text);
    segment(&mut doc);

    let gold_bounds: Vec<usize> = gold
        .windows(2)
        .filter(|w| w[0].paragraph == w[1].paragraph)
        .map(|w| w[0].end)
        .collect();
    let predicted_bounds: Vec<usize> = doc
        .sentences
        .windows(2)
        .filter(|w| w[0].paragraph == w[1].paragraph)
        .map(|w| w[0].span.end)
        .collect();

    let mut score = BoundaryScore {
        gold_sentences: gold.len(),
        ..BoundaryScore::default()
    };
    let (mut i, mut j) = (0, 0);
    while i < gold_bounds.len() || j < predicted_bounds.len() {
        match (gold_bounds.get(i), predicted_bounds.get(j)) {
            (Some(g), Some(p)) if g == p => {
                score.true_positive += 1;
                i += 1;
                j += 1;
            }
            (Some(g), Some(p)) if g < p => {
                score.false_negative += 1;
                i += 1;
            }
            (Some(_), Some(_)) | (None, Some(_)) => {
                score.false_positive += 1;
                j += 1;
            }
            (Some(_), None) => {
                score.false_negative += 1;
                i += 1;
            }
            (None, None) => break,
        }
    }

    let predicted = &doc.sentences;
    let mut j = 0;
    for g in &gold {
        while j < predicted.len() && predicted[j].span.start < g.start {
            j += 1;
        }
        if j < predicted.len()
            && predicted[j].span.start == g.start
            && predicted[j].span.end == g.end
        {
            score.exact_sentences += 1;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str =
        "A title\n\nHe met Mr. Smith.\nThey talked.\nIt went well.\n\n“Quoted.” Said\nhim.\n";

    #[test]
    fn scores_a_small_fixture() {
        // Gold: 6 sentences; inner boundaries after "Smith.", "talked."
        // and "“Quoted.” Said". Masked, the splitter finds the first two,
        // and splits after "“Quoted.”" instead of after "Said".
        let s = score_one_sentence_per_line(FIXTURE, true);
        assert_eq!(s.gold_sentences, 6);
        assert_eq!(s.true_positive, 2);
        assert_eq!(s.false_positive, 1);
        assert_eq!(s.false_negative, 1);
        // Exact: title, "He met Mr. Smith.", "They talked.", "It went well.".
        assert_eq!(s.exact_sentences, 4);
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.exact_rate() - 4.0 / 6.0).abs() < 1e-9);

        // Unmasked, the line breaks mark the first two boundaries; the one
        // after "Said" looks like a hard wrap (no final mark, lowercase
        // next line), so it is still missed.
        let u = score_one_sentence_per_line(FIXTURE, false);
        assert_eq!(
            (u.true_positive, u.false_positive, u.false_negative),
            (2, 1, 1)
        );
        assert_eq!(u.exact_sentences, 4);
    }

    #[test]
    fn add_and_empty_ratios() {
        let mut total = BoundaryScore::default();
        assert_eq!(total.precision(), 1.0);
        assert_eq!(total.recall(), 1.0);
        assert_eq!(total.exact_rate(), 1.0);
        let one = BoundaryScore {
            true_positive: 3,
            false_positive: 1,
            false_negative: 2,
            gold_sentences: 5,
            exact_sentences: 4,
        };
        total.add(&one);
        total.add(&one);
        assert_eq!(total.true_positive, 6);
        assert_eq!(total.gold_sentences, 10);
        assert!((total.precision() - 0.75).abs() < 1e-9);
        assert!((total.recall() - 0.6).abs() < 1e-9);
        let zero = BoundaryScore {
            false_positive: 1,
            false_negative: 1,
            ..BoundaryScore::default()
        };
        assert_eq!(zero.f1(), 0.0);
        assert_eq!(
            score_one_sentence_per_line("", true),
            BoundaryScore::default()
        );
    }

    #[test]
    fn offsets_count_code_points() {
        let s = score_one_sentence_per_line("Tête—à—tête.\nÇa va.\n", true);
        assert_eq!(
            (s.true_positive, s.false_positive, s.false_negative),
            (1, 0, 0)
        );
        assert_eq!(s.exact_sentences, 2);
    }
}
