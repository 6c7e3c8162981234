//! Rule-based attribution extraction: finds cues (reporting verbs,
//! "according to", quotes introduced by a colon), then the source noun
//! phrase and the content clause or quote around each cue.
//!
//! The patterns covered: "X said (that) C", "C, X said", "C, said X",
//! "“C1,” X said, “C2”" (speaker in the middle, content in two fragments),
//! quotes over several sentences, "according to X, C" and "C, according to
//! X", participial cues ("…, emphasising that C") and passive cues ("it was
//! reported that C", no source).
//!
//! The parts, in the order a sentence meets them:
//!
//! - `cue_lexicon`: the words that can head a cue, and how often they do;
//! - `tokens`: the document's tokens with their text, word and
//!   punctuation tests;
//! - `quotes`: quote marks paired within paragraphs, and direct-quote
//!   handling (whole quotes, a second fragment, a quote that goes on in the
//!   next sentence);
//! - `cue`: which tokens can head a cue, in which order they are tried,
//!   and the cue group (auxiliaries, adverbs, particles, days);
//! - `marked`: cues that are punctuation or a fixed phrase (a dash after
//!   a quote, a colon, "according to");
//! - `verb`: reporting verbs and their patterns;
//! - `source` and `content`: the bounds of the source noun phrase and of
//!   the content clause;
//! - `assemble`: which relations are kept and the tokens they claim;
//! - `resolve`: source kinds, named entities and pronoun links.

pub mod agent;
mod assemble;
mod content;
mod cue;
mod cue_lexicon;
mod marked;
mod quotes;
mod resolve;
mod source;
mod tokens;
mod verb;

use unspun_core::{Document, Span};

use crate::kinds::SourceKind;

pub use cue_lexicon::CueLexicon;
pub(crate) use quotes::{is_close_quote, is_open_quote, is_quote, pair_quotes};
pub(crate) use resolve::resolve_sources;
pub(crate) use tokens::{doc_tokens, Tok};

/// One attribution found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Who is cited (absent for passive cues and some participles).
    pub source: Option<Span>,
    /// The words that mark the attribution.
    pub cue: Span,
    /// What is attributed: one fragment, or two around a speaker in the middle.
    pub content: Vec<Span>,
    /// True when the content is a direct quote.
    pub direct: bool,
    /// The kind of source.
    pub kind: SourceKind,
    /// The named person or body the source refers to, when known.
    pub entity: Option<String>,
    /// Index of the sentence that holds the cue.
    pub sentence: usize,
    /// How sure the extractor is that this is an attribution, in
    /// `0.0..=1.0` (set by [`crate::tagger::Extractor`]; `None` from the
    /// rules alone).
    pub confidence: Option<f32>,
}

impl Attribution {
    /// The span from the first content fragment to the last.
    pub fn content_span(&self) -> Span {
        let start = self.content.first().map_or(self.cue.start, |s| s.start);
        let end = self.content.last().map_or(self.cue.end, |s| s.end);
        Span::new(start, end)
    }
}

/// A relation found around one cue, before it is kept or refused.
struct Found {
    source: Option<Span>,
    cue: Span,
    content: Vec<Span>,
    direct: bool,
}

/// What a pattern makes of a cue.
enum Outcome {
    /// The pattern does not apply: the next one is tried.
    Pass,
    /// The pattern applies: its relation, or `None` when it refuses the cue
    /// (no later pattern is tried).
    Done(Option<Found>),
}

/// One sentence being read, with what the patterns need to know of the
/// whole document.
struct Sentence<'a> {
    /// Every token of the document.
    toks: &'a [Tok],
    /// For every quote mark, its partner (see [`pair_quotes`]).
    partner: &'a [Option<usize>],
    /// For every token, the opening mark of the quote that holds it.
    inside: &'a [Option<usize>],
    /// For every token, one past the last token of its paragraph.
    para_hi: &'a [usize],
    /// The sentence's first token.
    lo: usize,
    /// One past the sentence's last token.
    hi: usize,
}

/// Finds the attributions of a segmented document.
pub fn extract(doc: &Document, lexicon: &CueLexicon) -> Vec<Attribution> {
    extract_tokens(doc, lexicon, &doc_tokens(doc))
}

/// [`extract`] over the document's tokens as [`doc_tokens`] gives them.
pub(crate) fn extract_tokens(
    doc: &Document,
    lexicon: &CueLexicon,
    toks: &[Tok],
) -> Vec<Attribution> {
    let partner = pair_quotes(doc, toks);
    let inside = quotes::quote_holders(&partner);
    let para_hi = tokens::paragraph_ends(doc, toks);
    let mut used = vec![false; toks.len()];
    let mut out: Vec<Attribution> = Vec::new();
    for (si, sent) in doc.sentences.iter().enumerate() {
        let s = Sentence {
            toks,
            partner: &partner,
            inside: &inside,
            para_hi: &para_hi,
            lo: sent.first_token.min(toks.len()),
            hi: sent.end_token.min(toks.len()),
        };
        for i in cue::candidates(&s, lexicon) {
            if used[i] {
                continue;
            }
            let Some(f) = find_at(&s, i) else {
                continue;
            };
            if !assemble::accepted(doc, &s, lexicon, i, &f) || !assemble::claim(toks, &mut used, &f)
            {
                continue;
            }
            out.push(assemble::attribution(f, si));
        }
    }
    out.sort_by_key(|a| a.cue.start);
    resolve_sources(doc, &mut out);
    out
}

/// The relation around the cue headed by token `i`, by the kind of cue.
fn find_at(s: &Sentence, i: usize) -> Option<Found> {
    let w = s.toks[i].lower.as_str();
    if tokens::is_dash(w) {
        return marked::signed_quote(s, i);
    }
    if w == ":" {
        return if s.quote_at(i + 1) {
            marked::quote_after_colon(s, i)
        } else {
            marked::labelled(s, i)
        };
    }
    if w == "according" {
        return marked::according_to(s, i);
    }
    verb::reporting_verb(s, i)
}

impl Sentence<'_> {
    /// True when token `k` is inside the sentence and a quote mark.
    fn quote_at(&self, k: usize) -> bool {
        k < self.hi && quotes::is_quote(&self.toks[k].text)
    }
}

#[cfg(test)]
mod test_util {
    //! Segmented sentences for the unit tests of the parts.

    use unspun_core::{segment, Document};

    use super::quotes::quote_holders;
    use super::tokens::paragraph_ends;
    use super::{doc_tokens, pair_quotes, Tok};

    /// A segmented document with its tokens, quote pairs and paragraph ends.
    pub(super) struct Fixture {
        pub doc: Document,
        pub toks: Vec<Tok>,
        pub partner: Vec<Option<usize>>,
        pub inside: Vec<Option<usize>>,
        pub para_hi: Vec<usize>,
    }

    impl Fixture {
        pub(super) fn new(text: &str) -> Self {
            let mut doc = Document::new("t", text);
            segment::segment(&mut doc);
            let toks = doc_tokens(&doc);
            let partner = pair_quotes(&doc, &toks);
            let inside = quote_holders(&partner);
            let para_hi = paragraph_ends(&doc, &toks);
            Fixture {
                doc,
                toks,
                partner,
                inside,
                para_hi,
            }
        }

        /// Index of the first token whose text is `text`.
        pub(super) fn at(&self, text: &str) -> usize {
            self.nth(text, 0)
        }

        /// Index of the `n`-th (from 0) token whose text is `text`.
        pub(super) fn nth(&self, text: &str, n: usize) -> usize {
            self.toks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.text == text)
                .nth(n)
                .unwrap_or_else(|| panic!("no token {text:?} #{n}"))
                .0
        }

        /// The text of tokens `a..b`.
        pub(super) fn text(&self, a: usize, b: usize) -> &str {
            let span = super::tokens::span_of(&self.toks, a, b);
            self.doc.slice(span)
        }

        /// The sentence that holds token `k`.
        pub(super) fn sentence(&self, k: usize) -> super::Sentence<'_> {
            let sent = self
                .doc
                .sentences
                .iter()
                .find(|s| s.first_token <= k && k < s.end_token)
                .expect("token in a sentence");
            super::Sentence {
                toks: &self.toks,
                partner: &self.partner,
                inside: &self.inside,
                para_hi: &self.para_hi,
                lo: sent.first_token,
                hi: sent.end_token,
            }
        }
    }
}
