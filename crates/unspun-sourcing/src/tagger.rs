//! The learned attribution tagger: every token of a paragraph gets one of
//! seven BIO tags (source, cue, content or none; PolNeAR gives each token at
//! most one role), from a linear-chain model over hashed features trained
//! as an averaged structured perceptron and decoded by Viterbi under the
//! BIO constraints. The rule-based extractor's output is one of the feature
//! groups (the role the rules give the token and its neighbours), with the
//! words, shapes, quote state, cue-list shares and distances to the nearest
//! cue word. Relations are then assembled: every cue takes the nearest
//! source chunk and the content chunks that lie nearest to it.

use std::ops::Range;

use unspun_core::bytes::{ByteReader, FormatError};
use unspun_core::{Document, Span, TokenKind};

use crate::brat::Relation;
use crate::extract::{
    doc_tokens, extract_tokens, is_close_quote, is_open_quote, is_quote, pair_quotes,
    resolve_sources, Attribution, CueLexicon, Tok,
};
use crate::kinds::SourceKind;

/// The tags, in model order.
pub const LABELS: [&str; 7] = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"];
const L: usize = LABELS.len();
const MAGIC: &[u8; 8] = b"UNSPATT1";
const SRC: usize = 1;
const CUE: usize = 3;
const CON: usize = 5;
/// Most tokens between a second content fragment and its cue or source.
const MAX_GAP: usize = 3;
/// Most fragments of one content.
const MAX_FRAGMENTS: usize = 3;

/// The role (`SRC`, `CUE`, `CON`) of a tag, 0 for `O`.
fn role(tag: usize) -> usize {
    if tag == 0 {
        0
    } else {
        tag - usize::from(tag % 2 == 0)
    }
}

/// One linear chain: hashed emission weights and transition weights.
#[derive(Debug, Clone)]
pub struct Chain {
    bits: u32,
    /// Emission weights while training (empty once read from bytes).
    weights: Vec<f32>,
    /// Emission weights of a chain read from bytes: `i8` times `scale`
    /// (a quarter of the memory, so more of it stays in the cache).
    quantised: Vec<i8>,
    scale: f32,
    transitions: [[f32; L]; L + 1],
}

impl Chain {
    /// An untrained chain with `1 << bits` feature buckets.
    pub fn new(bits: u32) -> Self {
        let bits = bits.clamp(8, 24);
        Self {
            bits,
            weights: vec![0.0; (1usize << bits) * L],
            quantised: Vec::new(),
            scale: 0.0,
            transitions: [[0.0; L]; L + 1],
        }
    }

    /// The emission scores of every token.
    fn emissions(&self, feats: &Feats) -> Vec<[f32; L]> {
        let mask = (1usize << self.bits) - 1;
        if self.weights.is_empty() {
            return (0..feats.len())
                .map(|t| {
                    let mut s = [0i32; L];
                    for &f in feats.row(t) {
                        let base = (f as usize & mask) * L;
                        if let Some(row) = self.quantised.get(base..base + L) {
                            for (a, &b) in s.iter_mut().zip(row) {
                                *a += i32::from(b);
                            }
                        }
                    }
                    s.map(|v| v as f32 * self.scale)
                })
                .collect();
        }
        (0..feats.len())
            .map(|t| {
                let mut s = [0f32; L];
                for &f in feats.row(t) {
                    let base = (f as usize & mask) * L;
                    for (a, b) in s.iter_mut().zip(&self.weights[base..base + L]) {
                        *a += b;
                    }
                }
                s
            })
            .collect()
    }

    /// Hash bits of the feature buckets.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Viterbi decoding of one sequence of hashed features.
    fn decode(&self, feats: &Feats) -> Vec<usize> {
        unspun_core::sequence::bio_viterbi(&self.emissions(feats), &self.transitions)
    }

    /// The chain as bytes: magic, bits, transitions, then the non-zero
    /// emission rows quantised to `i8` with one scale (bucket deltas as
    /// varints).
    pub fn to_bytes(&self) -> Vec<u8> {
        let read_back: Vec<f32>;
        let weights = if self.weights.is_empty() {
            read_back = self
                .quantised
                .iter()
                .map(|&v| f32::from(v) * self.scale)
                .collect();
            &read_back
        } else {
            &self.weights
        };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        for row in &self.transitions {
            for v in row {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        let max = weights.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-9);
        let scale = max / 127.0;
        out.extend_from_slice(&scale.to_le_bytes());
        let mut rows = Vec::new();
        let mut count = 0u32;
        let mut last = 0usize;
        for (bucket, row) in weights.chunks(L).enumerate() {
            let q: Vec<i8> = row
                .iter()
                .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
                .collect();
            if q.iter().all(|&v| v == 0) {
                continue;
            }
            // Bucket delta as a LEB128 varint.
            let mut delta = bucket - last;
            last = bucket;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    rows.push(byte);
                    break;
                }
                rows.push(byte | 0x80);
            }
            rows.extend(q.iter().map(|&v| v as u8));
            count += 1;
        }
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&rows);
        out
    }

    /// Reads a chain written by [`Chain::to_bytes`].
    fn read(r: &mut ByteReader<'_>) -> Result<Self, FormatError> {
        if r.take(8)? != MAGIC {
            return Err(FormatError("not an unspun attribution tagger"));
        }
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            return Err(FormatError("bad hash bits"));
        }
        let mut tagger = Chain {
            bits,
            weights: Vec::new(),
            quantised: vec![0; (1usize << bits) * L],
            scale: 0.0,
            transitions: [[0.0; L]; L + 1],
        };
        for row in tagger.transitions.iter_mut() {
            for v in row.iter_mut() {
                *v = r.f32()?;
            }
        }
        let scale = r.f32()?;
        if !scale.is_finite() {
            return Err(FormatError("bad scale"));
        }
        tagger.scale = scale;
        let count = r.u32()?;
        let mut bucket = 0usize;
        for _ in 0..count {
            let mut delta = 0usize;
            for shift in (0..35).step_by(7) {
                let byte = r.take(1)?[0];
                delta |= usize::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            bucket += delta;
            if bucket >= 1 << bits {
                return Err(FormatError("bucket out of range"));
            }
            for (k, &v) in r.take(L)?.iter().enumerate() {
                tagger.quantised[bucket * L + k] = v as i8;
            }
        }
        Ok(tagger)
    }
}

/// The trained tagger: a first chain over the document features, then
/// chains that also read the tags of the chain before (stacking).
#[derive(Debug, Clone)]
pub struct Tagger {
    levels: Vec<Chain>,
}

impl Tagger {
    /// The model as bytes: the number of chains, then each chain.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = (self.levels.len() as u32).to_le_bytes().to_vec();
        for c in &self.levels {
            out.extend_from_slice(&c.to_bytes());
        }
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`].
    pub fn from_bytes(raw: &[u8]) -> Result<Self, FormatError> {
        let mut r = ByteReader::new(raw);
        let n = r.u32()?;
        if n == 0 || n > 4 {
            return Err(FormatError("bad number of chains"));
        }
        let levels = (0..n)
            .map(|_| Chain::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        if !r.is_at_end() {
            return Err(FormatError("trailing bytes"));
        }
        Ok(Self { levels })
    }

    /// The tags of every token of a document.
    fn tag(&self, facts: &Facts<'_>, sequences: &[Range<usize>]) -> Vec<usize> {
        let mut tags = vec![0; facts.toks.len()];
        let mut base = Feats::default();
        let mut stacked = Feats::default();
        for seq in sequences {
            facts.features(seq.clone(), &mut base);
            for (l, chain) in self.levels.iter().enumerate() {
                let pred = if l == 0 {
                    chain.decode(&base)
                } else {
                    stack_features(facts, &tags, seq.clone(), &base, &mut stacked);
                    chain.decode(&stacked)
                };
                for (k, y) in seq.clone().zip(pred) {
                    tags[k] = y;
                }
            }
        }
        tags
    }
}

impl Tagger {
    /// The tags of the last chain, given the tags of the level before it
    /// (`None` for a single chain).
    fn tag_with(
        &self,
        facts: &Facts<'_>,
        sequences: &[Range<usize>],
        earlier: Option<&Vec<usize>>,
    ) -> Vec<usize> {
        let Some(chain) = self.levels.last() else {
            return vec![0; facts.toks.len()];
        };
        let mut out = vec![0; facts.toks.len()];
        let mut base = Feats::default();
        let mut stacked = Feats::default();
        for seq in sequences {
            facts.features(seq.clone(), &mut base);
            let pred = match earlier {
                Some(tags) => {
                    stack_features(facts, tags, seq.clone(), &base, &mut stacked);
                    chain.decode(&stacked)
                }
                None => chain.decode(&base),
            };
            for (k, y) in seq.clone().zip(pred) {
                out[k] = y;
            }
        }
        out
    }
}

/// Hashed features of one sequence, `stride` per token.
#[derive(Debug, Clone, Default)]
struct Feats {
    data: Vec<u32>,
    stride: usize,
}

impl Feats {
    fn len(&self) -> usize {
        self.data.len().checked_div(self.stride).unwrap_or(0)
    }
    fn row(&self, t: usize) -> &[u32] {
        &self.data[t * self.stride..(t + 1) * self.stride]
    }
}

/// `base` plus features from the tags of an earlier chain, into `out`.
fn stack_features(
    facts: &Facts<'_>,
    tags: &[usize],
    range: Range<usize>,
    base: &Feats,
    out: &mut Feats,
) {
    out.data.clear();
    let (lo, hi) = (range.start, range.end);
    let tag = |k: isize| -> usize {
        if k < lo as isize || k >= hi as isize {
            9
        } else {
            tags[k as usize]
        }
    };
    let n = hi - lo;
    // Nearest predicted cue on each side (token distance, sentence ends
    // crossed).
    let mut left = vec![(None, 0usize); n];
    let mut last: Option<usize> = None;
    for i in lo..hi {
        left[i - lo] = (
            last.map(|k| i - k),
            last.map_or(0, |k| {
                facts.sentence[i].saturating_sub(facts.sentence[k]).min(2)
            }),
        );
        if role(tags[i]) == CUE {
            last = Some(i);
        }
    }
    let mut right = vec![(None, 0usize); n];
    let mut next: Option<usize> = None;
    for i in (lo..hi).rev() {
        right[i - lo] = (
            next.map(|k| k - i),
            next.map_or(0, |k| {
                facts.sentence[k].saturating_sub(facts.sentence[i]).min(2)
            }),
        );
        if role(tags[i]) == CUE {
            next = Some(i);
        }
    }
    for i in lo..hi {
        let k = i as isize;
        let w = facts.toks[i].lower.as_str();
        let q = usize::from(facts.quoted[i]);
        let (ld, ls) = (bucket(left[i - lo].0), left[i - lo].1);
        let (rd, rs) = (bucket(right[i - lo].0), right[i - lo].1);
        let fs = [
            Hash::new("p").n(tag(k)),
            Hash::new("p-1").n(tag(k - 1)),
            Hash::new("p+1").n(tag(k + 1)),
            Hash::new("p-2").n(tag(k - 2)),
            Hash::new("p+2").n(tag(k + 2)),
            Hash::new("p-1pp+1").n(tag(k - 1)).n(tag(k)).n(tag(k + 1)),
            Hash::new("pw").n(tag(k)).s(w),
            Hash::new("pl").n(ld).n(ls),
            Hash::new("pr").n(rd).n(rs),
            Hash::new("plpr").n(ls).n(rs).n(q).n(role(tag(k))),
            Hash::new("plprd").n(ld).n(rd),
        ];
        out.data.extend_from_slice(base.row(i - lo));
        out.data.extend(fs.iter().map(|h| h.get()));
        out.stride = base.stride + fs.len();
    }
}

/// FNV-1a over the parts of one feature.
#[derive(Clone, Copy)]
struct Hash(u64);

impl Hash {
    fn new(template: &str) -> Self {
        Hash(0xcbf2_9ce4_8422_2325).s(template)
    }
    fn s(mut self, part: &str) -> Self {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    fn n(mut self, v: usize) -> Self {
        for b in (v as u64).to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    fn get(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// Word shape, at most 9 bytes.
fn shape(word: &str) -> String {
    unspun_core::shape::word_shape(word, 9)
}

fn bucket(d: Option<usize>) -> usize {
    match d {
        None => 0,
        Some(d) if d <= 3 => d + 1,
        Some(d) if d <= 5 => 5,
        Some(d) if d <= 9 => 6,
        Some(d) if d <= 19 => 7,
        Some(_) => 8,
    }
}

/// Per-token facts of one document that the features read.
struct Facts<'a> {
    toks: Vec<Tok>,
    shapes: Vec<String>,
    /// The tag the rules give the token.
    rule: Vec<usize>,
    /// Cue-list share in tenths plus one (0: not listed).
    lex: Vec<usize>,
    /// Inside a quote.
    quoted: Vec<bool>,
    /// For a token inside a quote: the opening and closing marks.
    quote_of: Vec<Option<(usize, usize)>>,
    /// Sentence of each token (`usize::MAX` outside sentences).
    sentence: Vec<usize>,
    doc: &'a Document,
}

fn token_range(toks: &[Tok], s: Span) -> Range<usize> {
    let first = toks.partition_point(|t| t.span.end <= s.start);
    let last = toks.partition_point(|t| t.span.start < s.end).max(first);
    first..last
}

impl<'a> Facts<'a> {
    fn new(doc: &'a Document, toks: Vec<Tok>, lexicon: &CueLexicon, rules: &[Attribution]) -> Self {
        let n = toks.len();
        let partner = pair_quotes(doc, &toks);
        let mut quoted = vec![false; n];
        let mut quote_of = vec![None; n];
        for (o, p) in partner.iter().enumerate() {
            if let Some(c) = *p {
                if c > o {
                    for k in o + 1..c {
                        quoted[k] = true;
                        quote_of[k] = Some((o, c));
                    }
                }
            }
        }
        let mut rule = vec![0; n];
        for a in rules {
            let mut mark = |s: Span, r: usize| {
                for (j, k) in token_range(&toks, s).enumerate() {
                    if rule[k] == 0 {
                        rule[k] = if j == 0 { r } else { r + 1 };
                    }
                }
            };
            if let Some(s) = a.source {
                mark(s, SRC);
            }
            mark(a.cue, CUE);
            for c in &a.content {
                mark(*c, CON);
            }
        }
        let lex = toks
            .iter()
            .map(|t| {
                if t.kind == TokenKind::Word && lexicon.contains(&t.lower) {
                    1 + (lexicon.share(&t.lower) * 10.0).round() as usize
                } else {
                    0
                }
            })
            .collect();
        let mut sentence = vec![usize::MAX; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for slot in sentence
                .iter_mut()
                .take(s.end_token.min(n))
                .skip(s.first_token)
            {
                *slot = si;
            }
        }
        let shapes = toks.iter().map(|t| shape(&t.text)).collect();
        Facts {
            toks,
            shapes,
            rule,
            lex,
            quoted,
            quote_of,
            sentence,
            doc,
        }
    }

    /// The token ranges tagged as one sequence: paragraphs (the tokens of
    /// the sentences of one paragraph).
    fn sequences(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut last_para = usize::MAX;
        for s in &self.doc.sentences {
            let (a, b) = (
                s.first_token.min(self.toks.len()),
                s.end_token.min(self.toks.len()),
            );
            if a >= b {
                continue;
            }
            match out.last_mut() {
                Some(r) if s.paragraph == last_para && r.end <= a => r.end = b,
                _ => out.push(a..b),
            }
            last_para = s.paragraph;
        }
        out
    }

    /// Hashed features of every token of `range`.
    fn features(&self, range: Range<usize>, out: &mut Feats) {
        out.data.clear();
        let (lo, hi) = (range.start, range.end);
        let word = |k: isize| -> &str {
            if k < lo as isize {
                "<s>"
            } else if k >= hi as isize {
                "</s>"
            } else {
                &self.toks[k as usize].lower
            }
        };
        let rule = |k: isize| -> usize {
            if k < lo as isize || k >= hi as isize {
                9
            } else {
                self.rule[k as usize]
            }
        };
        let lex = |k: isize| -> usize {
            if k < lo as isize || k >= hi as isize {
                99
            } else {
                self.lex[k as usize]
            }
        };
        // Distances to the nearest cue-list word and rule cue in the
        // sentence, on each side.
        let n = hi - lo;
        let mut left_lex = vec![None; n];
        let mut left_rule = vec![None; n];
        let mut last_lex: Option<usize> = None;
        let mut last_rule: Option<usize> = None;
        for i in lo..hi {
            if i > lo && self.sentence[i] != self.sentence[i - 1] {
                last_lex = None;
                last_rule = None;
            }
            left_lex[i - lo] = last_lex.map(|k| i - k);
            left_rule[i - lo] = last_rule.map(|k| i - k);
            if self.lex[i] > 0 {
                last_lex = Some(i);
            }
            if role(self.rule[i]) == CUE {
                last_rule = Some(i);
            }
        }
        let mut right_lex = vec![None; n];
        let mut right_rule = vec![None; n];
        let (mut next_lex, mut next_rule): (Option<usize>, Option<usize>) = (None, None);
        for i in (lo..hi).rev() {
            if i + 1 < hi && self.sentence[i] != self.sentence[i + 1] {
                next_lex = None;
                next_rule = None;
            }
            right_lex[i - lo] = next_lex.map(|k| k - i);
            right_rule[i - lo] = next_rule.map(|k| k - i);
            if self.lex[i] > 0 {
                next_lex = Some(i);
            }
            if role(self.rule[i]) == CUE {
                next_rule = Some(i);
            }
        }
        // Nearest strong cue word (share ≥ 0.5) in the paragraph on each
        // side, with the number of sentence ends in between.
        let strong = |i: usize| self.lex[i] >= 6;
        let mut pl = vec![(None, 0usize); n];
        let mut last: Option<usize> = None;
        for i in lo..hi {
            pl[i - lo] = (
                last.map(|k| i - k),
                last.map_or(0, |k| {
                    self.sentence[i].saturating_sub(self.sentence[k]).min(2)
                }),
            );
            if strong(i) {
                last = Some(i);
            }
        }
        let mut pr = vec![(None, 0usize); n];
        let mut next: Option<usize> = None;
        for i in (lo..hi).rev() {
            pr[i - lo] = (
                next.map(|k| k - i),
                next.map_or(0, |k| {
                    self.sentence[k].saturating_sub(self.sentence[i]).min(2)
                }),
            );
            if strong(i) {
                next = Some(i);
            }
        }
        // The strongest cue word of each sentence.
        let mut head = vec![None; n];
        let sents = &self.doc.sentences;
        let first_sentence = sents.partition_point(|s| s.end_token <= lo);
        let last_sentence = sents.partition_point(|s| s.first_token < hi);
        for s in sents.iter().take(last_sentence).skip(first_sentence) {
            let (a, b) = (s.first_token.max(lo), s.end_token.min(hi));
            if a >= b {
                continue;
            }
            let best = (a..b)
                .filter(|&k| self.lex[k] > 0 && !self.quoted[k])
                .max_by_key(|&k| (self.lex[k], std::cmp::Reverse(k)));
            for slot in &mut head[a - lo..b - lo] {
                *slot = best;
            }
        }
        // commas[k - lo]: commas among the tokens lo..k.
        let mut commas = vec![0usize; n + 1];
        for i in lo..hi {
            commas[i - lo + 1] = commas[i - lo] + usize::from(self.toks[i].text == ",");
        }
        for i in lo..hi {
            let t = &self.toks[i];
            let k = i as isize;
            let (side, comma) = match head[i - lo] {
                None => (0, 0),
                Some(h) if h == i => (1, 0),
                Some(h) => {
                    let (a, b) = if h < i { (h, i) } else { (i, h) };
                    let comma = commas[b - lo] > commas[a + 1 - lo];
                    (if h < i { 2 } else { 3 }, usize::from(comma))
                }
            };
            let hl = head[i - lo].map_or(0, |h| self.lex[h]);
            // A quote with a cue word just before or after it.
            let (qcue, qpos) = match self.quote_of[i] {
                None => (0, 0),
                Some((o, c)) => {
                    let near = (o.saturating_sub(6).max(lo)..o)
                        .chain(c + 1..(c + 7).min(hi))
                        .any(strong);
                    (
                        1 + usize::from(near),
                        bucket(Some(i - o)) * 10 + bucket(Some(c - i)),
                    )
                }
            };
            let w = t.lower.as_str();
            let sh = self.shapes[i].as_str();
            let q = usize::from(self.quoted[i]);
            let (dl, dr) = (bucket(left_lex[i - lo]), bucket(right_lex[i - lo]));
            let (rl, rr) = (bucket(left_rule[i - lo]), bucket(right_rule[i - lo]));
            let si = self.sentence[i];
            let s_start = i == lo || self.sentence[i - 1] != si;
            let s_end = i + 1 == hi || self.sentence[i + 1] != si;
            let pos = self
                .doc
                .sentences
                .get(si)
                .map_or(0, |s| bucket(Some(i.saturating_sub(s.first_token))));
            let qm = if is_open_quote(&t.text) {
                1
            } else if is_close_quote(&t.text) {
                2
            } else if is_quote(&t.text) {
                3
            } else {
                0
            };
            let suffix = w.char_indices().rev().nth(2).map_or(w, |(at, _)| &w[at..]);
            let r = self.rule[i];
            let fs = [
                Hash::new("b"),
                Hash::new("w").s(w),
                Hash::new("w-1").s(word(k - 1)),
                Hash::new("w-2").s(word(k - 2)),
                Hash::new("w+1").s(word(k + 1)),
                Hash::new("w+2").s(word(k + 2)),
                Hash::new("w-1w").s(word(k - 1)).s(w),
                Hash::new("ww+1").s(w).s(word(k + 1)),
                Hash::new("sh").s(sh),
                Hash::new("sh-1sh")
                    .s(if i > lo { &self.shapes[i - 1] } else { "<s>" })
                    .s(sh),
                Hash::new("sh+1")
                    .s(if i + 1 < hi {
                        &self.shapes[i + 1]
                    } else {
                        "</s>"
                    })
                    .s(sh),
                Hash::new("suf").s(suffix),
                Hash::new("r").n(r),
                Hash::new("r-1").n(rule(k - 1)),
                Hash::new("r+1").n(rule(k + 1)),
                Hash::new("r-1r+1").n(rule(k - 1)).n(r).n(rule(k + 1)),
                Hash::new("rw").n(r).s(w),
                Hash::new("rq").n(r).n(q),
                Hash::new("lx").n(self.lex[i]),
                Hash::new("lx-1").n(lex(k - 1)),
                Hash::new("lx+1").n(lex(k + 1)),
                Hash::new("q").n(q),
                Hash::new("qm").n(qm).n(q),
                Hash::new("qw").n(q).s(w),
                Hash::new("sse")
                    .n(usize::from(s_start))
                    .n(usize::from(s_end)),
                Hash::new("pos").n(pos),
                Hash::new("hd").n(usize::from(si == 0)),
                Hash::new("dl").n(dl),
                Hash::new("dr").n(dr),
                Hash::new("dldr").n(dl).n(dr).n(q),
                Hash::new("rl").n(rl),
                Hash::new("rr").n(rr),
                Hash::new("rlrr").n(rl).n(rr).n(r),
                Hash::new("drw").n(dr).s(w),
                Hash::new("dlw").n(dl).s(w),
                Hash::new("kind").n(t.kind as usize),
                Hash::new("pl").n(bucket(pl[i - lo].0)).n(pl[i - lo].1),
                Hash::new("pr").n(bucket(pr[i - lo].0)).n(pr[i - lo].1),
                Hash::new("plpr").n(pl[i - lo].1).n(pr[i - lo].1).n(q),
                Hash::new("side").n(side).n(comma).n(q),
                Hash::new("sidehl").n(side).n(hl),
                Hash::new("sidew").n(side).s(w),
                Hash::new("sider").n(side).n(comma).n(r),
                Hash::new("qcue").n(qcue),
                Hash::new("qpos").n(qcue).n(qpos),
            ];
            out.data.extend(fs.iter().map(|h| h.get()));
            out.stride = fs.len();
        }
    }
}

/// The gold tag of every token of a document.
pub fn gold_tags(doc: &Document, relations: &[Relation]) -> Vec<usize> {
    let toks = &doc.tokens;
    let mut tags = vec![0; toks.len()];
    for rel in relations {
        for (frags, r) in [(&rel.source, SRC), (&rel.cue, CUE), (&rel.content, CON)] {
            for f in frags {
                let first = toks.partition_point(|t| t.span.end <= f.start);
                let mut begun = false;
                for k in first..toks.len() {
                    let t = toks[k].span;
                    if t.start >= f.end {
                        break;
                    }
                    let inside = t.end.min(f.end).saturating_sub(t.start.max(f.start));
                    if 2 * inside < t.len().max(1) || tags[k] != 0 {
                        continue;
                    }
                    tags[k] = if begun { r + 1 } else { r };
                    begun = true;
                }
            }
        }
    }
    tags
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    role: usize,
    a: usize,
    b: usize,
}

/// Relations from the tags of a document: every cue chunk is a relation;
/// every source and content chunk goes to the nearest cue of its paragraph
/// (a chunk outside the cue's sentence counts as farther); a cue keeps its
/// nearest source.
fn assemble(doc: &Document, tags: &[usize], sequences: &[Range<usize>]) -> Vec<Attribution> {
    let toks = &doc.tokens;
    let sentence_of = |k: usize| {
        doc.sentences
            .partition_point(|s| s.end_token <= k)
            .min(doc.sentences.len().saturating_sub(1))
    };
    let mut out = Vec::new();
    for seq in sequences {
        let mut chunks: Vec<Chunk> = Vec::new();
        for k in seq.clone() {
            let r = role(tags[k]);
            if r == 0 {
                continue;
            }
            match chunks.last_mut() {
                Some(c) if c.role == r && c.b == k && tags[k] % 2 == 0 => c.b = k + 1,
                _ => chunks.push(Chunk {
                    role: r,
                    a: k,
                    b: k + 1,
                }),
            }
        }
        let cues: Vec<Chunk> = chunks.iter().copied().filter(|c| c.role == CUE).collect();
        if cues.is_empty() {
            continue;
        }
        let mut sources: Vec<Option<(usize, Chunk)>> = vec![None; cues.len()];
        let mut contents: Vec<Vec<(usize, Chunk)>> = vec![Vec::new(); cues.len()];
        for c in chunks.iter().filter(|c| c.role != CUE) {
            let cost = |q: &Chunk| {
                let gap = if c.b <= q.a {
                    q.a - c.b
                } else {
                    c.a.saturating_sub(q.b)
                };
                let qs = sentence_of(q.a);
                let same = (c.a..c.b).any(|k| sentence_of(k) == qs);
                gap + if same { 0 } else { 30 }
            };
            let Some((best, cost)) = cues
                .iter()
                .enumerate()
                .map(|(i, q)| (i, cost(q)))
                .min_by_key(|&(i, c)| (c, i))
            else {
                continue;
            };
            if c.role == SRC {
                if sources[best].is_none_or(|(old, _)| cost < old) {
                    sources[best] = Some((cost, *c));
                }
            } else {
                contents[best].push((cost, *c));
            }
        }
        for (i, q) in cues.iter().enumerate() {
            let span = |c: &Chunk| Span::new(toks[c.a].span.start, toks[c.b - 1].span.end);
            // The nearest content chunk, and a second fragment only right
            // next to the cue or its source ("“C1,” X said, “C2.”").
            let mut parts = std::mem::take(&mut contents[i]);
            parts.sort_by_key(|&(cost, c)| (cost, c.a));
            let near = |c: &Chunk| {
                let mut lo = q.a;
                let mut hi = q.b;
                if let Some((_, s)) = sources[i] {
                    lo = lo.min(s.a);
                    hi = hi.max(s.b);
                }
                (c.b <= lo && lo - c.b <= MAX_GAP) || (c.a >= hi && c.a - hi <= MAX_GAP)
            };
            let mut kept: Vec<Chunk> = Vec::new();
            for (k, (_, c)) in parts.iter().enumerate() {
                if k == 0 || (near(c) && kept.iter().all(|d| d.b <= c.a || c.b <= d.a)) {
                    kept.push(*c);
                }
            }
            kept.sort_by_key(|c| c.a);
            kept.truncate(MAX_FRAGMENTS);
            let contents_i = kept;
            let content: Vec<Span> = contents_i.iter().map(span).collect();
            let direct = contents_i.iter().any(|c| {
                let first = doc.slice(toks[c.a].span);
                is_quote(first) || is_open_quote(first)
            });
            out.push(Attribution {
                source: sources[i].map(|(_, c)| span(&c)),
                cue: span(q),
                content,
                direct,
                kind: SourceKind::Vague,
                entity: None,
                sentence: sentence_of(q.a),
            });
        }
    }
    out.sort_by_key(|a| a.cue.start);
    resolve_sources(doc, &mut out);
    out
}

/// The attribution extractor: the learned tagger when there is one, the
/// rules otherwise.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// The cue list the rules and the features use.
    pub lexicon: CueLexicon,
    /// The tagger (none: rules only).
    pub tagger: Option<Tagger>,
}

/// The tagger trained by `unspun train attribution` (empty: none).
const EMBEDDED: &[u8] = include_bytes!("../../../models/attribution-tagger.bin");

impl Extractor {
    /// The embedded cue list and tagger (rules only when the embedded
    /// tagger is missing or unreadable).
    pub fn embedded() -> Self {
        Self {
            lexicon: CueLexicon::builtin(),
            tagger: Tagger::from_bytes(EMBEDDED).ok(),
        }
    }

    /// The attributions of a segmented document.
    pub fn extract(&self, doc: &Document) -> Vec<Attribution> {
        let toks = doc_tokens(doc);
        let rules = extract_tokens(doc, &self.lexicon, &toks);
        let Some(tagger) = &self.tagger else {
            return rules;
        };
        let facts = Facts::new(doc, toks, &self.lexicon, &rules);
        let sequences = facts.sequences();
        let tags = tagger.tag(&facts, &sequences);
        // The rules fill in where the tagger found nothing (a rule
        // relation whose cue no tagged span touches).
        merge(doc, assemble(doc, &tags, &sequences), rules)
    }
}

fn spans_of(a: &Attribution) -> impl Iterator<Item = Span> + '_ {
    a.source
        .into_iter()
        .chain(std::iter::once(a.cue))
        .chain(a.content.iter().copied())
}

/// `first`, plus the relations of `second` whose cue overlaps no span of
/// `first`.
fn merge(doc: &Document, first: Vec<Attribution>, second: Vec<Attribution>) -> Vec<Attribution> {
    let mut out = first;
    let n = out.len();
    for a in second {
        if !out[..n]
            .iter()
            .any(|b| spans_of(b).any(|s| s.overlaps(&a.cue)))
        {
            out.push(a);
        }
    }
    out.sort_by_key(|a| a.cue.start);
    resolve_sources(doc, &mut out);
    out
}

/// The relations that gold tags give back once assembled: the ceiling of
/// the tagger's approach on these annotations.
pub fn oracle(doc: &Document, lexicon: &CueLexicon, relations: &[Relation]) -> Vec<Attribution> {
    let facts = Facts::new(doc, doc_tokens(doc), lexicon, &[]);
    assemble(doc, &gold_tags(doc, relations), &facts.sequences())
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Hash bits of the feature buckets.
    pub bits: u32,
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sequence order.
    pub seed: u64,
    /// Chains (1: no stacking).
    pub levels: usize,
    /// Folds for the out-of-fold tags that train a stacked chain.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            bits: 16,
            epochs: 12,
            seed: 2016,
            levels: 2,
            folds: 4,
        }
    }
}

/// One annotated, segmented document.
pub struct TrainDoc<'a> {
    /// The segmented document.
    pub doc: &'a Document,
    /// Its annotations (one list per annotator).
    pub annotations: Vec<&'a [Relation]>,
}

struct Prepared<'a> {
    facts: Facts<'a>,
    sequences: Vec<Range<usize>>,
    golds: Vec<Vec<usize>>,
}

/// Trains one chain on `(features, gold tags)` sequences.
fn train_chain(
    data: &[(Feats, &[usize])],
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> Chain {
    let mut model = Chain::new(options.bits);
    let mask = (1usize << model.bits) - 1;
    let mut total = Chain::new(options.bits);
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.max(1);
    for epoch in 1..=options.epochs.max(1) {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut errors = 0usize;
        let mut tokens = 0usize;
        for &k in &order {
            let (fs, gold) = &data[k];
            let pred = model.decode(fs);
            tokens += gold.len();
            for t in 0..gold.len() {
                let (g, p) = (gold[t], pred[t]);
                if g != p {
                    errors += 1;
                    for &f in fs.row(t) {
                        let base = (f as usize & mask) * L;
                        model.weights[base + g] += 1.0;
                        model.weights[base + p] -= 1.0;
                        total.weights[base + g] += c;
                        total.weights[base + p] -= c;
                    }
                }
                let gp = if t == 0 { L } else { gold[t - 1] };
                let pp = if t == 0 { L } else { pred[t - 1] };
                if (gp, g) != (pp, p) {
                    model.transitions[gp][g] += 1.0;
                    model.transitions[pp][p] -= 1.0;
                    total.transitions[gp][g] += c;
                    total.transitions[pp][p] -= c;
                }
            }
            c += 1.0;
        }
        if epoch == options.epochs.max(1) {
            log(format!(
                "epoch {epoch}: {errors} token errors of {tokens} ({:.2}%)",
                100.0 * errors as f64 / tokens.max(1) as f64
            ));
        }
    }
    for (a, t) in model.weights.iter_mut().zip(&total.weights) {
        *a -= t / c;
    }
    for (ra, rt) in model.transitions.iter_mut().zip(&total.transitions) {
        for (a, t) in ra.iter_mut().zip(rt) {
            *a -= t / c;
        }
    }
    model
}

/// The training sequences of the documents `docs` (indices into
/// `prepared`), with stacked features from `earlier` tags when given.
fn sequences_of<'p>(
    prepared: &'p [Prepared<'_>],
    docs: impl Iterator<Item = usize>,
    earlier: Option<&[Vec<usize>]>,
) -> Vec<(Feats, &'p [usize])> {
    let mut out = Vec::new();
    for d in docs {
        let p = &prepared[d];
        for seq in &p.sequences {
            let mut feats = Feats::default();
            p.facts.features(seq.clone(), &mut feats);
            if let Some(tags) = earlier {
                let base = std::mem::take(&mut feats);
                stack_features(&p.facts, &tags[d], seq.clone(), &base, &mut feats);
            }
            for gold in &p.golds {
                out.push((feats.clone(), &gold[seq.clone()]));
            }
        }
    }
    out
}

/// Trains the tagger (averaged perceptron, fixed seed: deterministic):
/// the first chain on all documents; for each further level, the tags of
/// the level before on every document come from a chain trained on the
/// other folds (so that they are as noisy as on new text), and the level's
/// chain is trained on the features plus those tags.
pub fn train(
    docs: &[TrainDoc<'_>],
    lexicon: &CueLexicon,
    options: &TrainOptions,
    log: &mut dyn FnMut(String),
) -> Tagger {
    let prepared: Vec<Prepared<'_>> = docs
        .iter()
        .map(|d| {
            let toks = doc_tokens(d.doc);
            let rules = extract_tokens(d.doc, lexicon, &toks);
            let facts = Facts::new(d.doc, toks, lexicon, &rules);
            let sequences = facts.sequences();
            let golds = d
                .annotations
                .iter()
                .map(|rels| gold_tags(d.doc, rels))
                .collect();
            Prepared {
                facts,
                sequences,
                golds,
            }
        })
        .collect();
    let all = 0..prepared.len();
    let mut levels = Vec::new();
    let mut earlier: Option<Vec<Vec<usize>>> = None;
    for level in 0..options.levels.max(1) {
        log(format!("level {}", level + 1));
        let data = sequences_of(&prepared, all.clone(), earlier.as_deref());
        levels.push(train_chain(&data, options, log));
        drop(data);
        if level + 1 == options.levels.max(1) {
            break;
        }
        // Out-of-fold tags of this level for the next one.
        let folds = options.folds.max(2);
        let mut tags: Vec<Vec<usize>> = vec![Vec::new(); prepared.len()];
        for fold in 0..folds {
            let data = sequences_of(
                &prepared,
                all.clone().filter(|d| d % folds != fold),
                earlier.as_deref(),
            );
            let chain = train_chain(&data, options, &mut |_| {});
            drop(data);
            let mut partial = Tagger {
                levels: levels[..level].to_vec(),
            };
            partial.levels.push(chain);
            for d in all.clone().filter(|d| d % folds == fold) {
                let p = &prepared[d];
                tags[d] = partial.tag_with(&p.facts, &p.sequences, earlier.as_ref().map(|e| &e[d]));
            }
        }
        earlier = Some(tags);
    }
    Tagger { levels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;
    use crate::polnear::to_relation;
    use unspun_core::segment;
    use unspun_core::sequence::bio_allowed as allowed;

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment::segment(&mut d);
        d
    }

    /// The code-point span of the first `needle` at or after byte `from`.
    fn at(text: &str, needle: &str, from: usize) -> Span {
        let b = from + text[from..].find(needle).expect("needle in text");
        let start = text[..b].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    fn rel(source: Option<Span>, cue: Span, content: &[Span]) -> Relation {
        Relation {
            source: source.into_iter().collect(),
            cue: vec![cue],
            content: content.to_vec(),
        }
    }

    #[test]
    fn bio_constraints() {
        assert!(allowed(None, 0) && allowed(None, 1) && allowed(None, 5));
        assert!(!allowed(None, 2) && !allowed(None, 6));
        assert!(allowed(Some(1), 2) && allowed(Some(2), 2));
        assert!(!allowed(Some(3), 2) && !allowed(Some(0), 4));
        assert_eq!(
            (role(0), role(1), role(2), role(4), role(6)),
            (0, SRC, SRC, CUE, CON)
        );
    }

    const TEXT: &str = "A title\n\n\u{201c}We will win,\u{201d} the senator said, \u{201c}and soon.\u{201d} Prices rose. The mayor said that the bridge would reopen.\n";

    fn gold(text: &str) -> Vec<Relation> {
        vec![
            rel(
                Some(at(text, "the senator", 0)),
                at(text, "said", 0),
                &[
                    at(text, "\u{201c}We will win,\u{201d}", 0),
                    at(text, "\u{201c}and soon.\u{201d}", 0),
                ],
            ),
            rel(
                Some(at(text, "The mayor", 0)),
                at(text, "said", text.find("mayor").unwrap()),
                &[at(text, "that the bridge would reopen", 0)],
            ),
        ]
    }

    #[test]
    fn gold_tags_assemble_back_into_the_relations() {
        let d = doc(TEXT);
        let g = gold(TEXT);
        let tags = gold_tags(&d, &g);
        assert_eq!(tags.iter().filter(|&&t| role(t) == CUE).count(), 2);
        let got: Vec<Relation> = oracle(&d, &CueLexicon::builtin(), &g)
            .iter()
            .map(to_relation)
            .collect();
        assert_eq!(got, g);
    }

    const NAMES: [&str; 6] = [
        "The mayor",
        "Senator Jones",
        "The spokesperson",
        "Officials",
        "Ms. Park",
        "The union",
    ];
    const CUES: [&str; 3] = ["said", "argued", "announced"];
    const CLAIMS: [&str; 5] = [
        "the bridge would reopen in May",
        "taxes were too high",
        "the plan had failed",
        "the road was closed",
        "prices had risen sharply",
    ];

    /// A text of attributed and unattributed sentences, with its gold.
    fn corpus_doc(k: usize) -> (String, Vec<Relation>) {
        let mut text = String::from("Local news\n\n");
        let mut spans = Vec::new();
        for j in 0..4 {
            let (name, cue, claim) = (
                NAMES[(k + j) % NAMES.len()],
                CUES[(k * 2 + j) % CUES.len()],
                CLAIMS[(k + 3 * j) % CLAIMS.len()],
            );
            let from = text.len();
            text.push_str(&format!(
                "{name} {cue} that {claim}. The weather was mild. "
            ));
            spans.push((from, name, cue, claim));
        }
        text.push('\n');
        let gold = spans
            .iter()
            .map(|&(from, name, cue, claim)| {
                rel(
                    Some(at(&text, name, from)),
                    at(&text, cue, from),
                    &[at(&text, &format!("that {claim}"), from)],
                )
            })
            .collect();
        (text, gold)
    }

    fn small_model() -> Tagger {
        let data: Vec<(String, Vec<Relation>)> = (0..24).map(corpus_doc).collect();
        let docs: Vec<Document> = data.iter().map(|(t, _)| doc(t)).collect();
        let train_docs: Vec<TrainDoc<'_>> = docs
            .iter()
            .zip(&data)
            .map(|(d, (_, g))| TrainDoc {
                doc: d,
                annotations: vec![g.as_slice()],
            })
            .collect();
        let options = TrainOptions {
            bits: 14,
            epochs: 4,
            folds: 2,
            ..TrainOptions::default()
        };
        train(&train_docs, &CueLexicon::builtin(), &options, &mut |_| {})
    }

    #[test]
    fn learns_the_pattern_and_round_trips() {
        let model = small_model();
        let bytes = model.to_bytes();
        let loaded = Tagger::from_bytes(&bytes).expect("reads back");
        assert_eq!(loaded.levels.len(), 2);
        assert_eq!(loaded.to_bytes(), bytes, "reading and writing is lossless");
        assert_eq!(small_model().to_bytes(), bytes, "training is deterministic");
        // A text with combinations not seen in training.
        let (text, gold) = corpus_doc(101);
        let d = doc(&text);
        let ex = Extractor {
            lexicon: CueLexicon::builtin(),
            tagger: Some(loaded),
        };
        let got: Vec<Relation> = ex.extract(&d).iter().map(to_relation).collect();
        assert_eq!(got, gold, "{text}");
    }

    #[test]
    fn unreadable_models_are_refused() {
        assert!(Tagger::from_bytes(&[]).is_err());
        assert!(Tagger::from_bytes(b"not a model at all").is_err());
        assert!(Tagger::from_bytes(&[0, 0, 0, 0]).is_err());
        let bytes = small_model().to_bytes();
        for cut in [4, 12, 50, bytes.len() - 1] {
            assert!(Tagger::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Tagger::from_bytes(&extra).is_err());
    }

    #[test]
    fn without_a_tagger_the_rules_answer() {
        let d = doc(TEXT);
        let lexicon = CueLexicon::builtin();
        let ex = Extractor {
            lexicon: lexicon.clone(),
            tagger: None,
        };
        assert_eq!(ex.extract(&d), extract(&d, &lexicon));
        assert!(!ex.extract(&d).is_empty());
    }

    #[test]
    fn the_embedded_tagger_reads_and_handles_odd_input() {
        let ex = Extractor::embedded();
        assert!(ex.tagger.is_some(), "models/attribution-tagger.bin reads");
        for text in [
            "",
            "\u{201c}",
            "said said said",
            "\u{201d}\u{201c}: \u{2014} said, that.\n\n\n\"",
        ] {
            let d = doc(text);
            for a in ex.extract(&d) {
                assert!(a.cue.end <= text.chars().count());
            }
        }
    }
}
