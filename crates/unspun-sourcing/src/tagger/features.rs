//! The tagger's features: per-token facts of a document (words, shapes,
//! the rules' roles, cue-list shares, quotes, sentences) hashed into
//! feature ids, and the stacked features that read an earlier chain's tags.

use std::ops::Range;

use unspun_core::{Document, Span, TokenKind};
use unspun_learn::chain::{FeatureRows, FeatureSeq};
use unspun_learn::hash::{fold32, Fnv1a64};

use super::{role, CON, CUE, SRC};
use crate::extract::{
    is_close_quote, is_open_quote, is_quote, pair_quotes, Attribution, CueLexicon, Tok,
};

/// `base` plus features from the tags of an earlier chain, into `out`.
pub(super) fn stack_features(
    facts: &Facts<'_>,
    tags: &[usize],
    range: Range<usize>,
    base: &FeatureRows,
    out: &mut FeatureRows,
) {
    out.clear();
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
        out.push_row(
            base.row(i - lo)
                .iter()
                .copied()
                .chain(fs.iter().map(|h| h.get())),
        );
    }
}

/// The hash of one feature: FNV-1a over its template name and parts
/// (strings end with the byte `0xff`, numbers are their 8 little-endian
/// bytes), folded to 32 bits.
#[derive(Clone, Copy)]
struct Hash(Fnv1a64);

impl Hash {
    fn new(template: &str) -> Self {
        Hash(Fnv1a64::new()).s(template)
    }
    fn s(self, part: &str) -> Self {
        Hash(self.0.bytes(part.as_bytes()).byte(0xff))
    }
    fn n(self, v: usize) -> Self {
        Hash(self.0.bytes(&(v as u64).to_le_bytes()))
    }
    fn get(self) -> u32 {
        fold32(self.0.finish())
    }
}

/// Word shape, at most 9 bytes.
fn shape(word: &str) -> String {
    unspun_core::shape::word_shape(word, 9)
}

/// A distance in buckets: 0 for none, then 1–4, 5, 6–9, 10–19, more.
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
pub(super) struct Facts<'a> {
    pub(super) toks: Vec<Tok>,
    pub(super) shapes: Vec<String>,
    /// The tag the rules give the token.
    pub(super) rule: Vec<usize>,
    /// Cue-list share in tenths plus one (0: not listed).
    pub(super) lex: Vec<usize>,
    /// Inside a quote.
    pub(super) quoted: Vec<bool>,
    /// For a token inside a quote: the opening and closing marks.
    pub(super) quote_of: Vec<Option<(usize, usize)>>,
    /// Sentence of each token (`usize::MAX` outside sentences).
    pub(super) sentence: Vec<usize>,
    pub(super) doc: &'a Document,
}

fn token_range(toks: &[Tok], s: Span) -> Range<usize> {
    let first = toks.partition_point(|t| t.span.end <= s.start);
    let last = toks.partition_point(|t| t.span.start < s.end).max(first);
    first..last
}

impl<'a> Facts<'a> {
    pub(super) fn new(
        doc: &'a Document,
        toks: Vec<Tok>,
        lexicon: &CueLexicon,
        rules: &[Attribution],
    ) -> Self {
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
    pub(super) fn sequences(&self) -> Vec<Range<usize>> {
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
    pub(super) fn features(&self, range: Range<usize>, out: &mut FeatureRows) {
        out.clear();
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
            out.push_row(fs.iter().map(|h| h.get()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_hashes_keep_the_values_the_model_was_trained_with() {
        assert_eq!(Hash::new("w").s("said").get(), 0x1e81_0afd);
        assert_eq!(Hash::new("r").n(3).get(), 0xdb3a_550d);
    }

    #[test]
    fn distance_buckets() {
        let got: Vec<usize> = [None, Some(0), Some(3), Some(5), Some(9), Some(19), Some(20)]
            .into_iter()
            .map(bucket)
            .collect();
        assert_eq!(got, vec![0, 1, 4, 5, 6, 7, 8]);
    }
}
