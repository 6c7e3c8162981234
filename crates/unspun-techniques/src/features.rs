//! Features of tokens (for finding spans) and of spans (for naming their
//! technique), written once for both training and prediction.
//!
//! Extraction is generic over a [`Sink`]: training and prediction hash the
//! features ([`Hashed`]); explanations keep their names ([`Named`]) to say
//! which cues fired.

use std::collections::HashMap;
use std::sync::OnceLock;

use unspun_core::{Document, TokenKind};
use unspun_learn::hash::{fnv1a64, Fnv1a32};

use crate::lexicon::Valence;

/// The hash of a feature: 32-bit FNV-1a of the template name, the byte
/// `0x1f` and the value.
pub fn feature_hash(template: &str, value: &str) -> u32 {
    Fnv1a32::new()
        .bytes(template.as_bytes())
        .byte(0x1f)
        .bytes(value.as_bytes())
        .finish()
}

/// [`feature_hash`] of `template` and the `parts` joined by `|`, without
/// building the joined string.
pub fn feature_hash_parts(template: &str, parts: &[&str]) -> u32 {
    let mut h = Fnv1a32::new().bytes(template.as_bytes()).byte(0x1f);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h = h.byte(b'|');
        }
        h = h.bytes(part.as_bytes());
    }
    h.finish()
}

/// Receives features as (template, value) pairs.
pub trait Sink {
    /// Adds one binary feature.
    fn add(&mut self, template: &'static str, value: &str);
    /// Adds a feature whose value is `parts` joined by `|`.
    fn add_joined(&mut self, template: &'static str, parts: &[&str]) {
        self.add(template, &parts.join("|"));
    }
}

/// Hashes features into a list.
pub struct Hashed<'a>(pub &'a mut Vec<u32>);

impl Sink for Hashed<'_> {
    fn add(&mut self, template: &'static str, value: &str) {
        self.0.push(feature_hash(template, value));
    }
    fn add_joined(&mut self, template: &'static str, parts: &[&str]) {
        self.0.push(feature_hash_parts(template, parts));
    }
}

/// Keeps features with their names (for explanations and tests).
#[derive(Debug, Default)]
pub struct Named(pub Vec<(&'static str, String)>);

impl Sink for Named {
    fn add(&mut self, template: &'static str, value: &str) {
        self.0.push((template, value.to_string()));
    }
}

/// A document prepared for feature extraction: lower-cased tokens, the
/// sentence of each token, quotes, the headline, word counts.
pub struct View<'d> {
    /// The document (segmented).
    pub doc: &'d Document,
    /// Lower-cased token texts.
    pub lower: Vec<String>,
    /// Original token texts.
    pub text: Vec<&'d str>,
    /// Index of the sentence of each token (`usize::MAX` outside sentences).
    pub sentence_of: Vec<usize>,
    /// Whether each token lies between quotation marks in its sentence.
    pub in_quote: Vec<bool>,
    /// Whether each token lies in the headline (first line followed by a
    /// blank line).
    pub in_title: Vec<bool>,
    /// Occurrences of each lower-cased word in the document.
    pub counts: HashMap<String, u32>,
    /// Per sentence: whether it holds `!` and whether it holds `?`.
    pub sentence_marks: Vec<(bool, bool)>,
    /// Valence of each word token in the lexicon ([`Valence::of`]).
    pub valence: Vec<Option<f32>>,
    /// A 64-bit hash of each lower-cased token, for n-gram counts.
    token_hash: Vec<u64>,
    /// Where each token (by hash) occurs, built on first use.
    positions: OnceLock<HashMap<u64, Vec<u32>>>,
    /// Counts of each bigram (by hash), built on first use.
    bigrams: OnceLock<HashMap<(u64, u64), u32>>,
}

fn hash64(s: &str) -> u64 {
    fnv1a64(s.as_bytes())
}

fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "“" | "”" | "«" | "»" | "''" | "``")
}

impl<'d> View<'d> {
    /// Prepares a segmented document.
    pub fn new(doc: &'d Document) -> Self {
        let text: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
        let lower: Vec<String> = text.iter().map(|t| t.to_lowercase()).collect();
        let mut sentence_of = vec![usize::MAX; text.len()];
        let mut in_quote = vec![false; text.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            let mut open = false;
            for i in s.first_token..s.end_token.min(text.len()) {
                sentence_of[i] = si;
                if is_quote(text[i]) {
                    open = !open;
                    in_quote[i] = true;
                } else {
                    in_quote[i] = open;
                }
            }
        }
        let full = doc.text();
        let title_end = match full.find('\n') {
            Some(nl)
                if full[nl + 1..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n') =>
            {
                full[..nl].chars().count()
            }
            _ => 0,
        };
        let in_title = doc.tokens.iter().map(|t| t.span.end <= title_end).collect();
        let mut counts: HashMap<String, u32> = HashMap::new();
        for (l, t) in lower.iter().zip(&doc.tokens) {
            if t.kind == TokenKind::Word {
                *counts.entry(l.clone()).or_default() += 1;
            }
        }
        let sentence_marks = doc
            .sentences
            .iter()
            .map(|s| {
                let toks = &text[s.first_token.min(text.len())..s.end_token.min(text.len())];
                (
                    toks.iter().any(|t| t.contains('!')),
                    toks.iter().any(|t| t.contains('?')),
                )
            })
            .collect();
        let token_hash = lower.iter().map(|l| hash64(l)).collect();
        let lexicon = Valence::shared();
        let valence = lower
            .iter()
            .zip(&doc.tokens)
            .map(|(l, t)| match t.kind {
                TokenKind::Word => lexicon.of(l),
                _ => None,
            })
            .collect();
        Self {
            doc,
            lower,
            text,
            sentence_of,
            in_quote,
            in_title,
            counts,
            sentence_marks,
            valence,
            token_hash,
            positions: OnceLock::new(),
            bigrams: OnceLock::new(),
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// True when the document has no token.
    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Token range `[first, end)` of sentence `s`.
    pub fn sentence_range(&self, s: usize) -> (usize, usize) {
        let sent = &self.doc.sentences[s];
        (
            sent.first_token.min(self.len()),
            sent.end_token.min(self.len()),
        )
    }

    /// Tokens that overlap the code-point span `[start, end)`.
    pub fn tokens_in(&self, start: usize, end: usize) -> (usize, usize) {
        let toks = &self.doc.tokens;
        let first = toks.partition_point(|t| t.span.end <= start);
        let last = toks.partition_point(|t| t.span.start < end);
        (first, last.max(first))
    }

    /// How often the token sequence `[first, end)` occurs in the document
    /// (lower-cased, counting itself). Single tokens and bigrams are looked
    /// up in tables built once per document; longer sequences are checked
    /// at the occurrences of their rarest token, so the cost stays near
    /// linear in the document length.
    pub fn occurrences(&self, first: usize, end: usize) -> usize {
        let n = end.saturating_sub(first);
        if n == 0 || end > self.len() {
            return 0;
        }
        let h = &self.token_hash;
        if n == 2 {
            let table = self.bigrams.get_or_init(|| {
                let mut t: HashMap<(u64, u64), u32> = HashMap::new();
                for w in h.windows(2) {
                    *t.entry((w[0], w[1])).or_default() += 1;
                }
                t
            });
            return table.get(&(h[first], h[first + 1])).copied().unwrap_or(0) as usize;
        }
        let positions = self.positions.get_or_init(|| {
            let mut p: HashMap<u64, Vec<u32>> = HashMap::new();
            for (i, &t) in h.iter().enumerate() {
                p.entry(t).or_default().push(i as u32);
            }
            p
        });
        let at = |i: usize| positions.get(&h[i]).map_or(&[][..], |v| v.as_slice());
        if n == 1 {
            return at(first).len();
        }
        let anchor = (first..end).min_by_key(|&i| at(i).len()).unwrap_or(first);
        let offset = anchor - first;
        let needle = &h[first..end];
        at(anchor)
            .iter()
            .filter(|&&p| {
                let p = p as usize;
                p >= offset && p - offset + n <= h.len() && &h[p - offset..p - offset + n] == needle
            })
            .count()
    }
}

/// Coarse word shape (`Xxxx` → `Xx`, `USA` → `X`, `1,000` → `d,d`), at
/// most 6 bytes.
pub fn shape(word: &str) -> String {
    unspun_core::shape::word_shape(word, 6)
}

fn bucket(n: usize, edges: &[usize]) -> &'static str {
    const NAMES: [&str; 9] = ["0", "1", "2", "3", "4", "5", "6", "7", "8"];
    NAMES[edges.iter().take_while(|&&e| n >= e).count().min(8)]
}

fn suffix(word: &str, n: usize) -> &str {
    let len = word.chars().count();
    if len <= n + 1 {
        return word;
    }
    let skip = word.char_indices().nth(len - n).map_or(0, |(b, _)| b);
    &word[skip..]
}

/// Function words: a mark made of these alone ("we", "to", "the") says
/// nothing to a reader, and PTC's gold has almost none (33 of 5,105 train
/// spans, 13 of them "our").
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "down", "each", "few", "for", "from", "further", "had", "has", "have", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "it’s", "it's",
    "just", "may", "me", "might", "must", "my", "no", "nor", "not", "now", "of", "on", "once",
    "only", "or", "other", "our", "ours", "out", "over", "own", "s", "same", "shall", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then",
    "there", "these", "they", "this", "those", "to", "too", "under", "up", "us", "was", "we",
    "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "will", "with",
    "would", "yet", "you", "your", "’s", "'s",
];

/// Whether a lower-cased word is a function word (see [`FUNCTION_WORDS`]).
pub fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.contains(&lower)
}

fn is_content(view: &View, i: usize) -> bool {
    view.doc.tokens[i].kind == TokenKind::Word && view.lower[i].chars().count() > 3
}

/// Features of token `i` for span identification: the word and its ±2
/// window, bigrams, shape, capitals, position, quotes, headline, `!`/`?`
/// in its sentence, and repetition in the article. (The words of the whole
/// sentence were tried as features and made both scores worse.)
pub fn token_features<S: Sink>(view: &View, i: usize, sink: &mut S) {
    let si = view.sentence_of[i];
    let (first, end) = if si == usize::MAX {
        (i, i + 1)
    } else {
        view.sentence_range(si)
    };
    let w = |k: isize| -> &str {
        let j = i as isize + k;
        if j < first as isize {
            "<s>"
        } else if j >= end as isize {
            "</s>"
        } else {
            &view.lower[j as usize]
        }
    };
    let w0 = &view.lower[i];
    sink.add("w", w0);
    sink.add("w-1", w(-1));
    sink.add("w-2", w(-2));
    sink.add("w+1", w(1));
    sink.add("w+2", w(2));
    sink.add_joined("w-1w", &[w(-1), w0]);
    sink.add_joined("ww+1", &[w0, w(1)]);
    sink.add_joined("w-1ww+1", &[w(-1), w0, w(1)]);
    sink.add("suf3", suffix(w0, 3));
    for (name, k) in [("val", 0isize), ("val-1", -1), ("val+1", 1)] {
        let j = i as isize + k;
        if j >= first as isize && j < end as isize {
            if let Some(v) = view.valence[j as usize] {
                sink.add(name, Valence::bucket_of(v));
            }
        }
    }
    let raw = view.text[i];
    let shp = shape(raw);
    sink.add("shape", &shp);
    if i > first && raw.chars().next().is_some_and(char::is_uppercase) {
        sink.add(
            "cap",
            if shp == "X" && raw.chars().count() > 1 {
                "all"
            } else {
                "mid"
            },
        );
    }
    let len = end - first;
    let pos = i - first;
    sink.add(
        "pos",
        if pos == 0 {
            "first"
        } else if i + 1 == end {
            "last"
        } else {
            bucket(pos * 5 / len.max(1), &[1, 2, 3, 4])
        },
    );
    sink.add("slen", bucket(len, &[5, 10, 20, 30, 45, 60]));
    if view.in_quote[i] {
        sink.add("quote", "in");
    }
    if view.in_title[i] {
        sink.add("title", "");
    }
    let (excl, quest) = if si == usize::MAX {
        (false, false)
    } else {
        view.sentence_marks[si]
    };
    if excl {
        sink.add("s!", "");
    }
    if quest {
        sink.add("s?", "");
    }
    if is_content(view, i) {
        let c = view.counts.get(w0.as_str()).copied().unwrap_or(0) as usize;
        sink.add("rep", bucket(c, &[2, 3, 5, 8]));
        if i + 1 < end && is_content(view, i + 1) && view.occurrences(i, i + 2) > 1 {
            sink.add("rep2", "");
        }
    }
}

/// Features of the span `[start, end)` (code points) for naming its
/// technique: its words, bigrams and edges, its length, how often it is
/// repeated, its share of the sentence, the three words on each side,
/// punctuation, capitals, quotes and the headline. (The other words of the
/// sentence were tried and cost 2.5 points of TC micro-F1.)
pub fn span_features<S: Sink>(view: &View, start: usize, end: usize, sink: &mut S) {
    let (a, b) = view.tokens_in(start, end);
    if a >= b {
        sink.add("empty", "");
        return;
    }
    let words: Vec<usize> = (a..b)
        .filter(|&i| view.doc.tokens[i].kind != TokenKind::Punct)
        .collect();
    for &i in &words {
        sink.add("u", &view.lower[i]);
        sink.add("us", suffix(&view.lower[i], 3));
    }
    for pair in words.windows(2) {
        sink.add_joined("b", &[&view.lower[pair[0]], &view.lower[pair[1]]]);
    }
    if let (Some(&f), Some(&l)) = (words.first(), words.last()) {
        sink.add("f", &view.lower[f]);
        sink.add("l", &view.lower[l]);
    }
    let n = b - a;
    if n <= 6 {
        sink.add("t", &view.lower[a..b].join(" "));
    }
    sink.add("len", bucket(n, &[2, 3, 4, 6, 9, 13, 20, 30]));
    let occ = view.occurrences(a, b);
    sink.add("occ", bucket(occ, &[2, 3, 4, 6]));
    let max_rep = words
        .iter()
        .filter(|&&i| is_content(view, i))
        .map(|&i| {
            view.counts
                .get(view.lower[i].as_str())
                .copied()
                .unwrap_or(0) as usize
        })
        .max()
        .unwrap_or(0);
    sink.add("wrep", bucket(max_rep, &[2, 3, 5, 8]));
    let strongest = words
        .iter()
        .filter_map(|&i| view.valence[i])
        .fold(0.0f32, |m, v| if v.abs() > m.abs() { v } else { m });
    if strongest != 0.0 {
        sink.add("sval", Valence::bucket_of(strongest));
    }
    let si = view.sentence_of[a];
    if si != usize::MAX {
        let (sa, sb) = view.sentence_range(si);
        let share = n * 10 / (sb - sa).max(1);
        sink.add("share", bucket(share, &[3, 5, 8, 10]));
        for (k, name) in [(1usize, "cl1"), (2, "cl2"), (3, "cl3")] {
            let v = if a >= sa + k {
                view.lower[a - k].as_str()
            } else {
                "<s>"
            };
            sink.add(name, v);
        }
        for (k, name) in [(0usize, "cr1"), (1, "cr2"), (2, "cr3")] {
            let v = if b + k < sb {
                view.lower[b + k].as_str()
            } else {
                "</s>"
            };
            sink.add(name, v);
        }
        if a == sa {
            sink.add("sstart", "");
        }
    }
    let span_text = view.doc.slice(unspun_core::Span::new(start, end));
    for (c, name) in [('!', "!"), ('?', "?"), ('#', "#")] {
        if span_text.contains(c) {
            sink.add("p", name);
        }
    }
    if (a..b).any(|i| is_quote(view.text[i])) || (a > 0 && is_quote(view.text[a - 1])) {
        sink.add("p", "quote");
    }
    if view.in_quote[a] {
        sink.add("inq", "");
    }
    if view.in_title[a] {
        sink.add("title", "");
    }
    let caps = words
        .iter()
        .filter(|&&i| shape(view.text[i]) == "X" && view.text[i].chars().count() > 1)
        .count();
    if caps > 0 {
        sink.add("caps", bucket(caps, &[1, 2, 4]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspun_core::segment;

    #[test]
    fn hashing_is_stable_and_separates_templates() {
        // The values the shipped model was trained with.
        assert_eq!(feature_hash("w", "bad"), 0x4fcb_e78e);
        assert_ne!(feature_hash("w", "bad"), feature_hash("w-1", "bad"));
        assert_ne!(feature_hash("wb", "ad"), feature_hash("w", "bad"));
        assert_eq!(
            feature_hash_parts("b", &["big", "lie"]),
            feature_hash("b", "big|lie")
        );
        assert_eq!(feature_hash_parts("w", &["x"]), feature_hash("w", "x"));
    }

    fn view_of(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment::segment(&mut d);
        d
    }

    #[test]
    fn shapes_and_suffixes() {
        assert_eq!(shape("Xinjiang"), "Xx");
        assert_eq!(shape("USA"), "X");
        assert_eq!(shape("1,000"), "d,d");
        assert_eq!(suffix("radicals", 3), "als");
        assert_eq!(suffix("über", 3), "über");
        assert_eq!(suffix("éééééé", 3), "ééé");
    }

    #[test]
    fn view_knows_title_quotes_and_repeats() {
        let doc = view_of("Big lie\n\nHe said \"a big lie\" today. The big lie again!\n");
        let v = View::new(&doc);
        assert!(v.in_title[0] && v.in_title[1]);
        assert!(!v.in_title[2]);
        let lie = v
            .lower
            .iter()
            .enumerate()
            .filter(|(_, w)| *w == "lie")
            .map(|(i, _)| i)
            .collect::<Vec<_>>();
        assert_eq!(lie.len(), 3);
        assert!(v.in_quote[lie[1]] && !v.in_quote[lie[2]]);
        assert_eq!(v.occurrences(lie[1] - 1, lie[1] + 1), 3);
        assert_eq!(v.occurrences(lie[1] - 2, lie[1] + 1), 1); // "a big lie"
        assert_eq!(v.occurrences(lie[1], lie[1] + 1), 3);
        assert_eq!(v.occurrences(0, v.len()), 1);
        assert_eq!(v.occurrences(3, 3), 0);
        let (a, b) = v.tokens_in(18, 27);
        assert_eq!(v.text[a..b].join(" "), "a big lie");
    }

    #[test]
    fn token_and_span_features_name_their_cues() {
        let doc = view_of("T\n\nThe radical mob wants chaos! The radical mob.\n");
        let v = View::new(&doc);
        let i = v.lower.iter().position(|w| w == "radical").unwrap();
        let mut named = Named::default();
        token_features(&v, i, &mut named);
        assert!(named.0.contains(&("w", "radical".into())));
        assert!(named.0.contains(&("w+1", "mob".into())));
        assert!(named.0.contains(&("s!", String::new())));
        assert!(named.0.contains(&("rep", "1".into())));
        let mut hashed = Vec::new();
        token_features(&v, i, &mut Hashed(&mut hashed));
        let rehashed: Vec<u32> = named.0.iter().map(|(t, v)| feature_hash(t, v)).collect();
        assert_eq!(hashed, rehashed);
        let start = doc.tokens[i].span.start;
        let end = doc.tokens[i + 1].span.end;
        let mut span = Named::default();
        span_features(&v, start, end, &mut span);
        assert!(span.0.contains(&("t", "radical mob".into())));
        assert!(span.0.contains(&("occ", "1".into())));
        assert!(span.0.contains(&("cr1", "wants".into())));
        let mut hashed = Vec::new();
        span_features(&v, start, end, &mut Hashed(&mut hashed));
        assert_eq!(
            hashed,
            span.0
                .iter()
                .map(|(t, v)| feature_hash(t, v))
                .collect::<Vec<_>>()
        );
    }
}
