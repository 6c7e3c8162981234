//! From tags to attributions: chunks of one role, every cue with its
//! nearest source and content; the merge with the rules' relations.

use std::ops::Range;

use unspun_core::{Document, Span};

use super::features::Facts;
use super::train::gold_tags;
use super::{role, CUE, SRC};
use crate::brat::Relation;
use crate::extract::{
    doc_tokens, is_open_quote, is_quote, resolve_sources, Attribution, CueLexicon,
};
use crate::kinds::SourceKind;

/// Most tokens between a second content fragment and its cue or source.
const MAX_GAP: usize = 3;
/// Most fragments of one content.
const MAX_FRAGMENTS: usize = 3;

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
pub(super) fn assemble(
    doc: &Document,
    tags: &[usize],
    sequences: &[Range<usize>],
) -> Vec<Attribution> {
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
                confidence: None,
            });
        }
    }
    out.sort_by_key(|a| a.cue.start);
    resolve_sources(doc, &mut out);
    out
}

fn spans_of(a: &Attribution) -> impl Iterator<Item = Span> + '_ {
    a.source
        .into_iter()
        .chain(std::iter::once(a.cue))
        .chain(a.content.iter().copied())
}

/// `first`, plus the relations of `second` whose cue overlaps no span of
/// `first`.
pub(super) fn merge(
    doc: &Document,
    first: Vec<Attribution>,
    second: Vec<Attribution>,
) -> Vec<Attribution> {
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
