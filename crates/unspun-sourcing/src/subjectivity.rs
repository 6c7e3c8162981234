//! Sentence subjectivity (the CheckThat! sense): is a sentence the author's
//! own opinion, judgement, prediction, exhortation or sarcasm? A small
//! logistic-regression model over words, word pairs, a few lexical cues and
//! the attribution signal (a sentence that reports what someone said is
//! not the author's opinion).
//!
//! Model file: one `feature<TAB>weight` per line, `#` comments; the
//! feature `__bias__` holds the bias.

use std::collections::HashMap;

use unspun_learn::ModelFile;

/// One labelled sentence of a CheckThat! TSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Sentence id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// True when labelled `SUBJ`.
    pub subjective: bool,
}

/// Reads a CheckThat! subjectivity TSV (`sentence_id, sentence, label, …`
/// with a header line). Rows with a label other than `OBJ`/`SUBJ` are kept
/// as objective only when `label` is absent (unlabelled input).
pub fn read_tsv(text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 && f.first() == Some(&"sentence_id") || f.len() < 2 {
            continue;
        }
        out.push(Example {
            id: f[0].to_string(),
            text: f[1].to_string(),
            subjective: f.get(2).is_some_and(|l| l.trim() == "SUBJ"),
        });
    }
    out
}

const FIRST_PERSON: &[&str] = &[
    "i",
    "we",
    "our",
    "us",
    "my",
    "me",
    "ours",
    "myself",
    "ourselves",
];
const MODAL: &[&str] = &[
    "should", "must", "ought", "need", "needs", "shall", "cannot",
];
const HEDGE: &[&str] = &[
    "perhaps",
    "maybe",
    "probably",
    "seems",
    "seem",
    "likely",
    "might",
    "arguably",
    "surely",
    "apparently",
    "possibly",
];
const INTENS: &[&str] = &[
    "very",
    "really",
    "utterly",
    "absolutely",
    "totally",
    "truly",
    "extremely",
    "incredibly",
    "simply",
    "just",
    "even",
    "so",
    "too",
    "quite",
    "hardly",
];
const EVAL: &[&str] = &[
    "good",
    "bad",
    "great",
    "terrible",
    "awful",
    "best",
    "worst",
    "wrong",
    "right",
    "ridiculous",
    "absurd",
    "disgrace",
    "shameful",
    "brilliant",
    "stupid",
    "foolish",
    "outrageous",
    "pathetic",
    "hypocrisy",
    "hypocritical",
    "failure",
    "disaster",
    "nonsense",
    "crisis",
    "clearly",
    "obviously",
    "indeed",
    "course",
    "fact",
    "truth",
    "nothing",
    "anything",
    "everything",
    "never",
    "always",
    "hard",
    "pawn",
    "remarkable",
    "extraordinary",
    "dangerous",
    "reckless",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// The features of one sentence; `attributed` is true when the sentence
/// reports what a source said.
pub fn features(text: &str, attributed: bool) -> Vec<String> {
    let ws = words(text);
    let mut f = Vec::with_capacity(ws.len() * 2 + 12);
    for w in &ws {
        f.push(format!("w:{w}"));
    }
    for p in ws.windows(2) {
        f.push(format!("b:{}_{}", p[0], p[1]));
    }
    let has = |list: &[&str]| ws.iter().any(|w| list.contains(&w.as_str()));
    for (name, list) in [
        ("first_person", FIRST_PERSON),
        ("modal", MODAL),
        ("hedge", HEDGE),
        ("intens", INTENS),
        ("eval", EVAL),
    ] {
        if has(list) {
            f.push(format!("lex:{name}"));
        }
    }
    if ws.iter().any(|w| w.len() > 4 && w.ends_with("est")) || has(&["most", "least"]) {
        f.push("lex:superlative".into());
    }
    if text.contains('!') {
        f.push("lex:exclamation".into());
    }
    if text.trim_end().ends_with('?') {
        f.push("lex:question".into());
    }
    if text.chars().any(|c| matches!(c, '"' | '“' | '”')) {
        f.push("lex:quote".into());
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        f.push("lex:number".into());
    }
    if attributed {
        f.push("lex:attributed".into());
    }
    f.push(format!("len:{}", (ws.len() / 8).min(5)));
    f
}

/// A trained subjectivity model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    weights: HashMap<String, f32>,
    bias: f32,
    /// Probability from which a sentence counts as subjective (chosen by
    /// cross-validation on the training data; 0.5 when absent).
    pub threshold: Option<f32>,
}

/// The model trained by `unspun-dev train subjectivity`, embedded in the
/// binary.
pub static SUBJECTIVITY_MODEL: ModelFile = unspun_learn::embed_model!("subjectivity-en.tsv");

impl Model {
    /// The model shipped with unspun (embedded, or `subjectivity-en.tsv` in
    /// `$UNSPUN_MODELS`; empty, and so always 0.5, when unreadable).
    pub fn embedded() -> Self {
        SUBJECTIVITY_MODEL
            .load_str()
            .map(|tsv| Self::from_tsv(&tsv))
            .unwrap_or_default()
    }

    /// Reads a model file.
    pub fn from_tsv(text: &str) -> Self {
        let mut m = Model::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((k, v)) = line.rsplit_once('\t') else {
                continue;
            };
            let Ok(v) = v.parse::<f32>() else { continue };
            if k == "__bias__" {
                m.bias = v;
            } else if k == "__threshold__" {
                m.threshold = Some(v);
            } else {
                m.weights.insert(k.to_string(), v);
            }
        }
        m
    }

    /// Writes the model file (weights rounded, near-zero ones dropped).
    pub fn to_tsv(&self) -> String {
        let mut rows: Vec<(&String, &f32)> = self
            .weights
            .iter()
            .filter(|(_, w)| w.abs() >= 1e-3)
            .collect();
        rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        let mut out = String::from("# unspun subjectivity model: logistic regression, feature<TAB>weight (trained on CheckThat! train_en.tsv)\n");
        out.push_str(&format!("__bias__\t{:.4}\n", self.bias));
        if let Some(t) = self.threshold {
            out.push_str(&format!("__threshold__\t{t:.3}\n"));
        }
        for (k, w) in rows {
            out.push_str(&format!("{k}\t{w:.4}\n"));
        }
        out
    }

    /// The probability that a sentence is subjective.
    pub fn probability(&self, features: &[String]) -> f32 {
        let z = self.bias
            + features
                .iter()
                .filter_map(|f| self.weights.get(f))
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The probability from which a sentence is subjective.
    pub fn decision_threshold(&self) -> f32 {
        self.threshold.unwrap_or(crate::stage::EDITORIAL_THRESHOLD)
    }

    /// True when the model has weights.
    pub fn is_trained(&self) -> bool {
        !self.weights.is_empty()
    }
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub learning_rate: f32,
    /// L2 penalty per example.
    pub l2: f32,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            learning_rate: 0.2,
            l2: 1e-2,
            seed: 7,
        }
    }
}

/// Trains a model on (features, subjective) pairs with class-balanced
/// weights.
pub fn train(examples: &[(Vec<String>, bool)], options: &TrainOptions) -> Model {
    let pos = examples.iter().filter(|e| e.1).count().max(1) as f32;
    let neg = (examples.len() as f32 - pos).max(1.0);
    let total = examples.len().max(1) as f32;
    let (w_pos, w_neg) = (total / (2.0 * pos), total / (2.0 * neg));
    let mut model = Model::default();
    let mut g2: HashMap<String, f32> = HashMap::new();
    let mut g2_bias = 1e-6f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = options
        .seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for _ in 0..options.epochs {
        for i in (1..order.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        for &i in &order {
            let (f, y) = &examples[i];
            let p = model.probability(f);
            let weight = if *y { w_pos } else { w_neg };
            let g = weight * (p - if *y { 1.0 } else { 0.0 });
            for k in f {
                let w = model.weights.entry(k.clone()).or_insert(0.0);
                let grad = g + options.l2 * *w;
                let acc = g2.entry(k.clone()).or_insert(1e-6);
                *acc += grad * grad;
                *w -= options.learning_rate * grad / acc.sqrt();
            }
            g2_bias += g * g;
            model.bias -= options.learning_rate * g / g2_bias.sqrt();
        }
    }
    model
}

/// Trains on all examples and sets the decision threshold that maximises
/// macro-F1 over `folds`-fold cross-validated predictions on them.
pub fn train_with_threshold(
    examples: &[(Vec<String>, bool)],
    options: &TrainOptions,
    folds: usize,
) -> Model {
    let folds = folds.max(2);
    let mut probs = vec![0.0f32; examples.len()];
    for fold in 0..folds {
        let train_part: Vec<(Vec<String>, bool)> = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, e)| e.clone())
            .collect();
        let m = train(&train_part, options);
        for (i, e) in examples
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == fold)
        {
            probs[i] = m.probability(&e.0);
        }
    }
    let gold: Vec<bool> = examples.iter().map(|e| e.1).collect();
    let best = (20..=70)
        .map(|t| t as f32 / 100.0)
        .map(|t| {
            (
                t,
                macro_f1(&gold, &probs.iter().map(|&p| p >= t).collect::<Vec<_>>()),
            )
        })
        .fold(
            (0.5f32, -1.0f64),
            |best, cur| if cur.1 > best.1 { cur } else { best },
        );
    let mut model = train(examples, options);
    model.threshold = Some(best.0);
    model
}

/// Macro-F1 over the two classes.
pub fn macro_f1(gold: &[bool], pred: &[bool]) -> f64 {
    unspun_learn::metrics::macro_f1(gold, pred, &[true, false]).macro_f1
}

/// Whether a stand-alone sentence is editorial under the stage's rule: no
/// attribution in it, and the model says subjective. Returns the decision
/// and the model's probability.
pub fn classify_sentence(
    text: &str,
    lexicon: &crate::CueLexicon,
    model: &Model,
) -> (bool, f32, bool) {
    let mut doc = unspun_core::Document::new("s", text);
    unspun_core::segment::segment(&mut doc);
    let atts = crate::extract(&doc, lexicon);
    let attributed = (0..doc.sentences.len())
        .any(|si| crate::stage::main_attribution(&doc, si, &atts).is_some());
    let p = model.probability(&features(text, attributed));
    (
        !attributed && (p >= model.decision_threshold() || modal_verdict(text)),
        p,
        attributed,
    )
}

/// True when a sentence prescribes or predicts in its own voice: "should",
/// "must", "ought to", "needs to", "is bound to", "is likely to". On
/// CheckThat! `train_en.tsv`, 30 of the 40 unattributed sentences with one
/// of these are `SUBJ` (75 %, against 36 % overall), so such a sentence
/// counts as editorial when nobody is cited for it.
pub fn modal_verdict(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        let next = words.get(i + 1).map(String::as_str);
        let prev = i
            .checked_sub(1)
            .and_then(|p| words.get(p))
            .map(String::as_str);
        match w.as_str() {
            "should" | "must" => true,
            "ought" | "need" | "needs" => next == Some("to"),
            "bound" | "likely" => matches!(prev, Some("is" | "are")) && next == Some("to"),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modal_verdicts() {
        assert!(modal_verdict("Brussels must rethink its arrogant plan."));
        assert!(modal_verdict("Greece is likely to face the consequences."));
        assert!(modal_verdict("Rome needs to decide rightly."));
        assert!(!modal_verdict("The office will open in May."));
        assert!(!modal_verdict("He is likely the next leader."));
    }

    #[test]
    fn reads_checkthat_rows() {
        let tsv = "sentence_id\tsentence\tlabel\tsolved_conflict\na1\tIt is a disgrace.\tSUBJ\tFalse\nb2\tThe vote is on Monday.\tOBJ\tTrue\n";
        let ex = read_tsv(tsv);
        assert_eq!(ex.len(), 2);
        assert!(ex[0].subjective && !ex[1].subjective);
    }

    #[test]
    fn learns_a_separable_toy_set_and_round_trips() {
        let subj = [
            "What a disgrace this is!",
            "We should be ashamed.",
            "This is surely the worst idea ever.",
        ];
        let obj = [
            "The vote is on 3 May.",
            "The ministry said it had 40 staff.",
            "The office opened in 2019.",
        ];
        let mut ex = Vec::new();
        for s in subj {
            ex.push((features(s, false), true));
        }
        for s in obj {
            ex.push((features(s, s.contains("said")), false));
        }
        let model = train(&ex, &TrainOptions::default());
        let probs: Vec<f32> = ex.iter().map(|(f, _)| model.probability(f)).collect();
        assert!(
            probs[..3].iter().all(|&p| p > 0.5) && probs[3..].iter().all(|&p| p < 0.5),
            "{probs:?}"
        );
        let back = Model::from_tsv(&model.to_tsv());
        assert!((back.probability(&ex[0].0) - probs[0]).abs() < 0.01);
        assert_eq!(
            macro_f1(&[true, false, true, false], &[true, false, false, false]),
            (2.0 / 3.0 + 0.8) / 2.0
        );
    }
}
