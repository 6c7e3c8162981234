//! Portrayal: how the text presents each actor, from −1 (negative) to +1
//! (positive), with the words that carry it, told apart by voice (the
//! outlet's own words or a quotation).
//!
//! A target-dependent sentence classifier (negative, neutral, positive)
//! over hashed features of the words around the mention (side, distance,
//! window, bigrams, negation, quotation), trained as an averaged multiclass
//! perceptron on NewsMTSC (`unspun train portrayal`).

use std::path::Path;

use unspun_core::{segment, Document, Span, Token, TokenKind};
use unspun_learn::format::{self, ByteReader, ByteWriter, Sparse};
use unspun_learn::hash::bucket;
use unspun_learn::perceptron::MulticlassTrainer;
use unspun_learn::LazyModel;

use crate::features::hash_parts;

/// Classes, in model order.
pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];
const C: usize = 3;
const MAGIC: &[u8; 8] = b"UNSPPOR1";

/// One training or test example: a sentence, a target span (code points)
/// and its class (index into [`CLASSES`]).
#[derive(Debug, Clone)]
pub struct Example {
    /// The sentence.
    pub sentence: String,
    /// Where the target is mentioned.
    pub target: Span,
    /// The class.
    pub class: usize,
}

/// Reads NewsMTSC JSON Lines (`sentence_normalized`, `targets[].from/to/polarity`).
pub fn read_newsmtsc(text: &str) -> Result<Vec<Example>, String> {
    Ok(read_newsmtsc_lines(text)?
        .into_iter()
        .map(|(_, e)| e)
        .collect())
}

/// [`read_newsmtsc`], each example with the 0-based line it came from (the
/// key of the fixed folds).
pub fn read_newsmtsc_lines(text: &str) -> Result<Vec<(usize, Example)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let sentence = v["sentence_normalized"]
            .as_str()
            .ok_or(format!("line {}: no sentence", n + 1))?;
        for t in v["targets"].as_array().into_iter().flatten() {
            let (Some(from), Some(to), Some(p)) =
                (t["from"].as_u64(), t["to"].as_u64(), t["polarity"].as_f64())
            else {
                continue;
            };
            let class = if p < 3.0 {
                0
            } else if p > 5.0 {
                2
            } else {
                1
            };
            out.push((
                n,
                Example {
                    sentence: sentence.to_string(),
                    target: Span::new(from as usize, to as usize),
                    class,
                },
            ));
        }
    }
    Ok(out)
}

/// The classifier.
#[derive(Debug, Clone)]
pub struct PortrayalModel {
    bits: u32,
    weights: Vec<f32>,
    /// Softmax temperature, calibrated on the dev set.
    temperature: f32,
}

/// Whether a position of the text lies inside double quotation marks of
/// its paragraph (counts the quote characters before it on the same line).
pub(crate) fn inside_quotes(chars: &[char], pos: usize) -> bool {
    let mut open = false;
    for &c in chars[..pos.min(chars.len())].iter().rev() {
        if c == '\n' {
            break;
        }
        if c == '“' {
            return true;
        }
        if c == '”' {
            return false;
        }
        if c == '"' {
            open = !open;
        }
    }
    open
}

/// Function words never shown as evidence.
const STOPWORDS: &[&str] = &[
    "the", "and", "that", "this", "these", "those", "for", "with", "from", "but", "because",
    "which", "who", "whom", "will", "would", "could", "should", "has", "have", "had", "was",
    "were", "are", "been", "being", "its", "his", "her", "their", "our", "your", "said", "says",
    "say", "told", "also", "than", "then", "there", "here", "what", "when", "where", "while",
    "about", "into", "over", "after", "before", "such", "some", "any", "all", "not", "can", "did",
    "does", "him", "them", "they", "she", "you", "it's", "so", "very", "just", "only", "even",
    "out", "called",
];

const NEG: &[&str] = &["not", "n't", "no", "never", "without", "nor"];

/// Hashed features of each token's contribution (one list per context
/// token, so that evidence can be traced), for a target in a sentence.
fn features(
    text: &[char],
    tokens: &[Token],
    target: Span,
    bits: u32,
) -> (Vec<u32>, Vec<(usize, Vec<u32>)>) {
    let h = |t: u8, parts: &[&str]| bucket(hash_parts(t, parts), bits);
    let mut global = vec![h(100, &[])];
    let word = |t: &Token| -> String {
        text[t.span.start..t.span.end]
            .iter()
            .collect::<String>()
            .to_lowercase()
    };
    let first_target = tokens
        .iter()
        .position(|t| t.span.end > target.start)
        .unwrap_or(0);
    global.push(h(
        101,
        &[if first_target == 0 {
            "subject"
        } else {
            "inside"
        }],
    ));
    if inside_quotes(text, target.start) {
        global.push(h(102, &["target-quoted"]));
    }
    let mut per_token = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.span.start >= target.start && t.span.end <= target.end {
            continue;
        }
        if t.kind == TokenKind::Punct
            && !text[t.span.start..t.span.end]
                .iter()
                .any(|c| matches!(c, '!' | '?'))
        {
            continue;
        }
        let w = word(t);
        let left = t.span.end <= target.start;
        let side = if left { "L" } else { "R" };
        let dist = if left {
            first_target.saturating_sub(i)
        } else {
            tokens[..i]
                .iter()
                .filter(|x| x.span.start >= target.end)
                .count()
                + 1
        };
        let d = match dist {
            0..=1 => "1",
            2..=3 => "3",
            4..=7 => "7",
            _ => "far",
        };
        let mut f = vec![h(110, &[&w]), h(111, &[&w, side]), h(112, &[&w, d])];
        if dist <= 4 {
            f.push(h(113, &[&w, side, "near"]));
        }
        if let Some(next) = tokens.get(i + 1) {
            f.push(h(114, &[&w, &word(next)]));
        }
        if (i.saturating_sub(3)..i).any(|j| NEG.contains(&word(&tokens[j]).as_str())) {
            f.push(h(115, &[&w, "negated"]));
        }
        let q = if inside_quotes(text, t.span.start) {
            "q"
        } else {
            "o"
        };
        f.push(h(116, &[&w, q]));
        per_token.push((i, f));
    }
    (global, per_token)
}

fn tokenize(sentence: &str) -> (Vec<char>, Vec<Token>) {
    let mut doc = Document::new("s", sentence);
    segment::segment(&mut doc);
    (sentence.chars().collect(), doc.tokens)
}

impl PortrayalModel {
    fn new(bits: u32) -> Self {
        Self {
            bits,
            weights: vec![0.0; (1usize << bits) * C],
            temperature: 1.0,
        }
    }

    fn scores_of(&self, global: &[u32], per_token: &[(usize, Vec<u32>)]) -> [f32; C] {
        let features = global.iter().chain(per_token.iter().flat_map(|(_, f)| f));
        MulticlassTrainer::<C>::scores(&self.weights, features.copied())
    }

    /// Class probabilities (softmax of the scores) for a target in a text,
    /// with the tokens of the text, and each context token's contribution
    /// to positive minus negative.
    pub fn classify(
        &self,
        text: &[char],
        tokens: &[Token],
        target: Span,
    ) -> ([f32; C], Vec<(usize, f32)>) {
        let (global, per_token) = features(text, tokens, target, self.bits);
        let mut s = self.scores_of(&global, &per_token);
        for v in s.iter_mut() {
            *v /= self.temperature;
        }
        let max = s.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let e: Vec<f32> = s.iter().map(|v| (v - max).exp()).collect();
        let z: f32 = e.iter().sum();
        let probs = [e[0] / z, e[1] / z, e[2] / z];
        let contributions = per_token
            .iter()
            .map(|(i, fs)| {
                let c: f32 = fs
                    .iter()
                    .map(|&f| self.weights[f as usize * C + 2] - self.weights[f as usize * C])
                    .sum();
                (*i, c)
            })
            .collect();
        (probs, contributions)
    }

    /// The most likely class of an example.
    pub fn predict(&self, sentence: &str, target: Span) -> usize {
        let (text, tokens) = tokenize(sentence);
        let (p, _) = self.classify(&text, &tokens, target);
        (0..C).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(1)
    }

    /// Writes the model: gzip of the magic `UNSPPOR1`, `u32` hash bits,
    /// `f32` temperature, then the weights in the [`Sparse::I16`] layout.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut out = MAGIC.to_vec();
        out.put_u32(self.bits);
        out.put_f32(self.temperature);
        format::write_sparse(&mut out, &self.weights, C, Sparse::I16);
        std::fs::write(path, format::gzip(&out))
    }

    /// Reads a model written by [`PortrayalModel::save`] (gzip bytes).
    pub fn from_gz_bytes(bytes: &[u8]) -> Result<Self, String> {
        let raw = format::gunzip(bytes).map_err(|e| e.to_string())?;
        let mut r = ByteReader::new(&raw);
        let bad = |e: format::FormatError| format!("not an unspun portrayal model ({e})");
        if r.take(8).map_err(bad)? != MAGIC {
            return Err("not an unspun portrayal model".into());
        }
        let bits = r.u32().map_err(bad)?;
        if !(8..=24).contains(&bits) {
            return Err("bad hash bits".into());
        }
        let temperature = r.f32().map_err(bad)?;
        let weights = format::read_sparse(&mut r, C, 1 << bits, Sparse::I16).map_err(bad)?;
        Ok(PortrayalModel {
            bits,
            weights,
            temperature: if temperature > 0.0 { temperature } else { 1.0 },
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self, String> {
        Self::from_gz_bytes(&unspun_learn::models::read(path).map_err(|e| e.to_string())?)
    }
}

/// The portrayal model file, embedded in the binary.
pub static PORTRAYAL_MODEL: LazyModel<PortrayalModel> = LazyModel::new(
    unspun_learn::embed_model!("portrayal-fast.bin"),
    PortrayalModel::from_gz_bytes,
);

/// The shipped portrayal model (embedded, or `portrayal-fast.bin` in
/// `$UNSPUN_MODELS`), loaded once.
pub fn embedded_portrayal() -> Result<&'static PortrayalModel, String> {
    PORTRAYAL_MODEL.get()
}

/// Macro-F1 over the three classes and accuracy.
pub fn macro_f1(gold: &[usize], predicted: &[usize]) -> (f64, f64, [f64; C]) {
    let s = unspun_learn::metrics::macro_f1(gold, predicted, &[0, 1, 2]);
    let per_class = [s.per_class[0], s.per_class[1], s.per_class[2]];
    (s.macro_f1, s.accuracy, per_class)
}

/// Trains on `train`, keeps the epoch with the best macro-F1 on `dev`.
pub fn train_portrayal(
    train: &[Example],
    dev: &[Example],
    bits: u32,
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> (PortrayalModel, f64) {
    let prepared: Vec<(Vec<u32>, usize)> = train
        .iter()
        .map(|e| {
            let (text, tokens) = tokenize(&e.sentence);
            let (g, p) = features(&text, &tokens, e.target, bits);
            (
                g.into_iter()
                    .chain(p.into_iter().flat_map(|(_, f)| f))
                    .collect(),
                e.class,
            )
        })
        .collect();
    let dev_gold: Vec<usize> = dev.iter().map(|e| e.class).collect();
    let model = PortrayalModel::new(bits);
    let mut trainer = MulticlassTrainer::<C>::new(bits, seed);
    let mut best: Option<(PortrayalModel, f64)> = None;
    for epoch in 1..=epochs {
        trainer.epoch(&prepared);
        let avg = PortrayalModel {
            weights: trainer.averaged(),
            ..model.clone()
        };
        let predicted: Vec<usize> = dev
            .iter()
            .map(|e| avg.predict(&e.sentence, e.target))
            .collect();
        let (f1m, acc, _) = macro_f1(&dev_gold, &predicted);
        log(format!(
            "epoch {epoch:>2}: dev F1m {f1m:.4} accuracy {acc:.4}"
        ));
        if !matches!(&best, Some((_, b)) if f1m <= *b) {
            best = Some((avg, f1m));
        }
    }
    let (mut best, f1m) = best.unwrap_or((model, 0.0));
    // Temperature: the one of a grid with the least log-loss on dev.
    let dev_tokens: Vec<(Vec<char>, Vec<Token>)> =
        dev.iter().map(|e| tokenize(&e.sentence)).collect();
    let mut chosen = (f64::INFINITY, 1.0);
    for t in [
        1.0f32, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0,
    ] {
        best.temperature = t;
        let nll: f64 = dev
            .iter()
            .zip(&dev_tokens)
            .map(|(e, (text, tokens))| {
                -f64::from(best.classify(text, tokens, e.target).0[e.class].max(1e-9)).ln()
            })
            .sum();
        if nll < chosen.0 {
            chosen = (nll, t);
        }
    }
    best.temperature = chosen.1;
    log(format!(
        "temperature {} (dev log-loss {:.4})",
        chosen.1,
        chosen.0 / dev.len().max(1) as f64
    ));
    (best, f1m)
}

/// One piece of evidence of an actor's portrayal.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The words.
    pub span: Span,
    /// −1…+1: how strongly and which way.
    pub weight: f32,
    /// `outlet` (the article's own words) or `quoted` (inside quotation marks).
    pub voice: &'static str,
}

/// An actor's portrayal.
#[derive(Debug, Clone, PartialEq)]
pub struct Portrayal {
    /// −1…+1 over all mentions.
    pub score: f32,
    /// Over mentions outside quotations (the outlet's own words), when any.
    pub outlet: Option<f32>,
    /// Over mentions inside quotations, when any.
    pub quoted: Option<f32>,
    /// The words that weigh most, strongest first.
    pub evidence: Vec<Evidence>,
}

/// Portrays one actor from its mentions in a segmented document.
pub fn portray(
    model: &PortrayalModel,
    doc: &Document,
    text: &[char],
    mentions: &[Span],
) -> Portrayal {
    let mut all = Vec::new();
    let (mut outlet, mut quoted) = (Vec::new(), Vec::new());
    let mut evidence: Vec<Evidence> = Vec::new();
    for m in mentions {
        let Some(sentence) = doc.sentences.iter().find(|s| s.span.contains(m)) else {
            continue;
        };
        let tokens = doc.sentence_tokens(sentence);
        let (p, contributions) = model.classify(text, tokens, *m);
        let score = p[2] - p[0];
        all.push(score);
        if inside_quotes(text, m.start) {
            quoted.push(score);
        } else {
            outlet.push(score);
        }
        if p[1] >= p[0].max(p[2]) {
            continue;
        }
        let sign = if p[2] > p[0] { 1.0 } else { -1.0 };
        let best = contributions
            .iter()
            .filter(|(i, _)| tokens[*i].kind == TokenKind::Word && tokens[*i].span.len() >= 3)
            .filter(|(i, _)| {
                !STOPWORDS.contains(&doc.slice(tokens[*i].span).to_lowercase().as_str())
            })
            .max_by(|a, b| (sign * a.1).total_cmp(&(sign * b.1)));
        if let Some(&(i, c)) = best {
            if sign * c > 0.0 {
                let span = tokens[i].span;
                if !evidence.iter().any(|e| e.span == span) {
                    let voice = if inside_quotes(text, span.start) {
                        "quoted"
                    } else {
                        "outlet"
                    };
                    evidence.push(Evidence {
                        span,
                        weight: score,
                        voice,
                    });
                }
            }
        }
    }
    Portrayal::of_mentions(&all, &outlet, &quoted, evidence)
}

impl Portrayal {
    /// An actor's portrayal from the scores of its mentions (all, outside
    /// quotations, inside them) and its evidence, strongest five first.
    pub fn of_mentions(
        all: &[f32],
        outlet: &[f32],
        quoted: &[f32],
        mut evidence: Vec<Evidence>,
    ) -> Self {
        let mean = |v: &[f32]| (!v.is_empty()).then(|| v.iter().sum::<f32>() / v.len() as f32);
        evidence.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        evidence.truncate(5);
        Portrayal {
            score: mean(all).unwrap_or(0.0),
            outlet: mean(outlet),
            quoted: mean(quoted),
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Vec<Example> {
        let mut out = Vec::new();
        for (s, class) in [
            ("Smith praised the brave and honest mayor.", 2),
            ("Critics attacked the corrupt and selfish mayor.", 0),
            ("The mayor spoke on Tuesday.", 1),
            ("Voters admire the honest mayor.", 2),
            ("The selfish mayor lied again.", 0),
            ("The mayor arrived at noon.", 1),
        ] {
            let start = s.find("mayor").expect("target");
            let start = s[..start].chars().count();
            out.push(Example {
                sentence: s.to_string(),
                target: Span::new(start, start + 5),
                class,
            });
        }
        out
    }

    #[test]
    fn reads_newsmtsc_lines() {
        let line = r#"{"primary_gid": "x", "sentence_normalized": "Trump lied.", "targets": [{"from": 0, "to": 5, "mention": "Trump", "polarity": 2.0}]}"#;
        let ex = read_newsmtsc(line).unwrap();
        assert_eq!((ex[0].target, ex[0].class), (Span::new(0, 5), 0));
        assert!(read_newsmtsc("{").is_err());
    }

    #[test]
    fn macro_f1_by_hand() {
        // Class 0: tp 1, fp 0, fn 1 → 2/3; class 1: tp 1, fp 1, fn 0 → 2/3; class 2: tp 1 → 1.
        let (f1m, acc, per) = macro_f1(&[0, 0, 1, 2], &[0, 1, 1, 2]);
        assert!(
            (per[0] - 2.0 / 3.0).abs() < 1e-12
                && (per[1] - 2.0 / 3.0).abs() < 1e-12
                && per[2] == 1.0
        );
        assert!((f1m - (2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 3.0).abs() < 1e-12);
        assert_eq!(acc, 0.75);
    }

    #[test]
    fn learns_and_explains_with_voice() {
        let ex = examples();
        let (model, f1m) = train_portrayal(&ex, &ex, 12, 10, 1, &mut |_| {});
        let scores = |m: &PortrayalModel| {
            ex.iter()
                .map(|e| m.predict(&e.sentence, e.target))
                .collect::<Vec<_>>()
        };
        assert_eq!(f1m, 1.0);
        let dir = tempfile::tempdir().unwrap();
        model.save(&dir.path().join("p.bin")).unwrap();
        let back = PortrayalModel::load(&dir.path().join("p.bin")).unwrap();
        assert_eq!(scores(&back), scores(&model));
        assert_eq!(back.temperature, model.temperature);
        let mut doc = Document::new(
            "t",
            "The corrupt and selfish mayor lied. He said: \"The honest mayor is brave.\"",
        );
        segment::segment(&mut doc);
        let text: Vec<char> = doc.text().chars().collect();
        let p = portray(&back, &doc, &text, &[Span::new(24, 29), Span::new(58, 63)]);
        assert!(p.outlet.unwrap() < 0.0 && p.quoted.unwrap() > 0.0, "{p:?}");
        let words: Vec<&str> = p.evidence.iter().map(|e| doc.slice(e.span)).collect();
        assert!(
            p.evidence.iter().any(|e| e.voice == "quoted")
                && p.evidence.iter().any(|e| e.voice == "outlet"),
            "{words:?}"
        );
    }
}
