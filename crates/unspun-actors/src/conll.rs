//! CoNLL-2003 data: reading `token POS chunk NER` files, converting IOB1
//! tags to BIO, and entity-level scoring as `conlleval` defines it.

use std::collections::BTreeMap;
use unspun_learn::metrics::share;

/// One sentence of a CoNLL file: tokens and their NER tags (as written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllSentence {
    /// The tokens.
    pub tokens: Vec<String>,
    /// One NER tag per token (`O`, `I-PER`, `B-LOC` …).
    pub tags: Vec<String>,
}

/// One document (the sentences between two `-DOCSTART-` lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllDocument {
    /// The sentences, in order.
    pub sentences: Vec<ConllSentence>,
}

impl ConllDocument {
    /// Number of tokens in the document.
    pub fn token_count(&self) -> usize {
        self.sentences.iter().map(|s| s.tokens.len()).sum()
    }
}

/// Reads a CoNLL file: the first column is the token, the last the NER tag;
/// blank lines end sentences, `-DOCSTART-` lines end (or start) documents.
/// Lines with a single column are read as a token tagged `O`.
pub fn read_conll(text: &str) -> Vec<ConllDocument> {
    let mut docs = Vec::new();
    let mut doc = ConllDocument::default();
    let mut sentence = ConllSentence::default();
    let flush_sentence = |doc: &mut ConllDocument, sentence: &mut ConllSentence| {
        if !sentence.tokens.is_empty() {
            doc.sentences.push(std::mem::take(sentence));
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush_sentence(&mut doc, &mut sentence);
            continue;
        }
        let mut cols = line.split_whitespace();
        let token = cols.next().unwrap_or_default();
        if token == "-DOCSTART-" {
            flush_sentence(&mut doc, &mut sentence);
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = cols.last().unwrap_or("O");
        sentence.tokens.push(token.to_string());
        sentence.tags.push(tag.to_string());
    }
    flush_sentence(&mut doc, &mut sentence);
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

fn split_tag(tag: &str) -> (char, &str) {
    if tag == "O" || tag.is_empty() {
        return ('O', "");
    }
    match tag.split_once('-') {
        Some((p, t)) => (p.chars().next().unwrap_or('O'), t),
        None => ('I', tag),
    }
}

/// Converts IOB1 tags (a `B-` only between two adjacent entities of one
/// type) to BIO (every entity starts with `B-`). BIO input comes back
/// unchanged.
pub fn iob1_to_bio(tags: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: (char, &str) = ('O', "");
    for tag in tags {
        let (p, t) = split_tag(tag);
        let converted = match p {
            'O' => "O".to_string(),
            'I' if prev.0 == 'O' || prev.1 != t => format!("B-{t}"),
            _ => format!("{p}-{t}"),
        };
        out.push(converted);
        prev = (p, t);
    }
    out
}

/// The entity chunks of a tag sequence, as `conlleval` reads them (IOB1 and
/// BIO both work): `(type, start, end)` with `end` exclusive.
pub fn chunks(tags: &[String]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize)> = None;
    let mut prev: (char, &str) = ('O', "");
    for (i, tag) in tags.iter().enumerate() {
        let (p, t) = split_tag(tag);
        if open.is_some() && chunk_ends(prev, (p, t)) {
            let (ty, start) = open.take().expect("open chunk");
            out.push((ty, start, i));
        }
        if chunk_starts(prev, (p, t)) {
            open = Some((t.to_string(), i));
        }
        prev = (p, t);
    }
    if let Some((ty, start)) = open {
        out.push((ty, start, tags.len()));
    }
    out
}

fn chunk_ends(prev: (char, &str), cur: (char, &str)) -> bool {
    let (pp, pt) = prev;
    let (cp, ct) = cur;
    if pp == 'O' {
        return false;
    }
    cp == 'O' || cp == 'B' || cp == 'S' || pp == 'E' || pp == 'S' || pt != ct
}

fn chunk_starts(prev: (char, &str), cur: (char, &str)) -> bool {
    let (pp, pt) = prev;
    let (cp, ct) = cur;
    if cp == 'O' {
        return false;
    }
    cp == 'B' || cp == 'S' || pp == 'O' || pp == 'E' || pp == 'S' || pt != ct
}

/// Counts of one entity type (or of all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entities in the gold standard.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities with the exact span and type of a gold one.
    pub correct: usize,
}

impl Counts {
    /// Precision (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        share(self.correct, self.predicted)
    }
    /// Recall (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        share(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        unspun_learn::metrics::f1(self.precision(), self.recall())
    }
}

/// Entity-level scores (micro-averaged overall and per type), as
/// `conlleval` computes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityScore {
    /// All types together.
    pub overall: Counts,
    /// Per entity type.
    pub per_type: BTreeMap<String, Counts>,
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens whose tag is right.
    pub correct_tags: usize,
}

impl EntityScore {
    /// Adds one sentence (gold and predicted tags of equal length).
    pub fn add(&mut self, gold: &[String], predicted: &[String]) {
        let g = chunks(gold);
        let p = chunks(predicted);
        self.tokens += gold.len();
        self.correct_tags += gold.iter().zip(predicted).filter(|(a, b)| a == b).count();
        for (ty, _, _) in &g {
            self.overall.gold += 1;
            self.per_type.entry(ty.clone()).or_default().gold += 1;
        }
        for chunk in &p {
            self.overall.predicted += 1;
            let entry = self.per_type.entry(chunk.0.clone()).or_default();
            entry.predicted += 1;
            if g.contains(chunk) {
                entry.correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    /// Token accuracy.
    pub fn accuracy(&self) -> f64 {
        share(self.correct_tags, self.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn reads_documents_and_sentences() {
        let text = "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n";
        let docs = read_conll(text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].tokens, ["EU", "rejects"]);
        assert_eq!(docs[0].sentences[0].tags, ["I-ORG", "O"]);
        assert_eq!(docs[1].token_count(), 1);
    }

    #[test]
    fn converts_iob1_to_bio() {
        let iob1 = tags("I-PER I-PER B-PER O I-LOC I-ORG O B-MISC");
        assert_eq!(
            iob1_to_bio(&iob1),
            tags("B-PER I-PER B-PER O B-LOC B-ORG O B-MISC")
        );
        let bio = tags("B-PER I-PER O B-LOC");
        assert_eq!(iob1_to_bio(&bio), bio);
    }

    #[test]
    fn chunks_agree_for_iob1_and_bio() {
        let iob1 = tags("I-PER I-PER B-PER O I-LOC I-ORG");
        let expected = vec![
            ("PER".to_string(), 0, 2),
            ("PER".to_string(), 2, 3),
            ("LOC".to_string(), 4, 5),
            ("ORG".to_string(), 5, 6),
        ];
        assert_eq!(chunks(&iob1), expected);
        assert_eq!(chunks(&iob1_to_bio(&iob1)), expected);
    }

    #[test]
    fn scores_like_conlleval() {
        // Gold: PER(0,2) LOC(3,4) ORG(5,7). Predicted: PER(0,2) right,
        // LOC(3,4) typed MISC (wrong), ORG(5,6) too short (wrong), LOC(7,8) spurious.
        let gold = tags("B-PER I-PER O B-LOC O B-ORG I-ORG O");
        let pred = tags("B-PER I-PER O B-MISC O B-ORG O B-LOC");
        let mut score = EntityScore::default();
        score.add(&gold, &pred);
        assert_eq!(
            score.overall,
            Counts {
                gold: 3,
                predicted: 4,
                correct: 1
            }
        );
        assert!((score.overall.precision() - 0.25).abs() < 1e-12);
        assert!((score.overall.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert!((score.overall.f1() - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(
            score.per_type["PER"],
            Counts {
                gold: 1,
                predicted: 1,
                correct: 1
            }
        );
        assert_eq!(
            score.per_type["LOC"],
            Counts {
                gold: 1,
                predicted: 1,
                correct: 0
            }
        );
        assert_eq!(
            score.per_type["MISC"],
            Counts {
                gold: 0,
                predicted: 1,
                correct: 0
            }
        );
        assert_eq!(score.per_type["ORG"].f1(), 0.0);
        assert_eq!(score.tokens, 8);
        assert_eq!(score.correct_tags, 5);
    }

    #[test]
    fn empty_predictions_score_zero_not_nan() {
        let mut score = EntityScore::default();
        score.add(&tags("B-PER O"), &tags("O O"));
        assert_eq!(score.overall.precision(), 0.0);
        assert_eq!(score.overall.f1(), 0.0);
    }
}
