//! Relation assembly: which found relations are kept (weak cues need
//! support), the tokens each claims (PolNeAR gives every token to one
//! attribution), and the attribution written for it.

use unspun_core::Document;

use super::tokens::{cover, Tok};
use super::{Attribution, CueLexicon, Found, Sentence};
use crate::kinds::SourceKind;

/// Cues used less often than this as cues are weak ("think", "agree").
const WEAK_SHARE: f64 = 0.35;

/// Whether the relation `f` found for the cue at `i` is kept. Weak cues
/// need a "that" clause, a quote, or a source that opens the sentence
/// ("Experts believe …"); a content that starts with "so" ("said so") is
/// never kept.
pub(super) fn accepted(
    doc: &Document,
    s: &Sentence,
    lexicon: &CueLexicon,
    i: usize,
    f: &Found,
) -> bool {
    let toks = s.toks;
    let weak = lexicon.share(&toks[i].lower) < WEAK_SHARE;
    let opens = f
        .source
        .is_some_and(|src| src.start == toks[first_word(toks, s.lo, s.hi)].span.start);
    let starts = |prefix: &str| {
        f.content
            .first()
            .is_some_and(|c| doc.slice(*c).starts_with(prefix))
    };
    if weak && !f.direct && !opens && !starts("that ") {
        return false;
    }
    !starts("so ")
}

/// The first token of the sentence `lo..hi` that is not a leading "but",
/// "and", "yet" or "so" (`lo` when there is none).
pub(super) fn first_word(toks: &[Tok], lo: usize, hi: usize) -> usize {
    toks[lo..hi]
        .iter()
        .position(|t| !matches!(t.lower.as_str(), "but" | "and" | "yet" | "so"))
        .map_or(lo, |k| lo + k)
}

/// Marks the tokens of the relation's source, cue and content as used,
/// unless one of them already is (then nothing is marked and the relation
/// is dropped).
pub(super) fn claim(toks: &[Tok], used: &mut [bool], f: &Found) -> bool {
    let mut spans = f.content.clone();
    spans.push(f.cue);
    spans.extend(f.source);
    if spans.iter().any(|s| cover(toks, *s).any(|k| used[k])) {
        return false;
    }
    for s in &spans {
        for k in cover(toks, *s) {
            used[k] = true;
        }
    }
    true
}

/// The attribution for a kept relation of sentence `sentence`; its kind
/// and entity are filled in later by [`super::resolve_sources`].
pub(super) fn attribution(f: Found, sentence: usize) -> Attribution {
    Attribution {
        source: f.source,
        cue: f.cue,
        content: f.content,
        direct: f.direct,
        kind: SourceKind::Vague,
        entity: None,
        sentence,
        confidence: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::super::tokens::span_of;
    use super::*;

    fn found(
        f: &Fixture,
        source: Option<(usize, usize)>,
        cue: usize,
        content: (usize, usize),
    ) -> Found {
        Found {
            source: source.map(|(a, b)| span_of(&f.toks, a, b)),
            cue: span_of(&f.toks, cue, cue + 1),
            content: vec![span_of(&f.toks, content.0, content.1)],
            direct: false,
        }
    }

    #[test]
    fn tokens_are_claimed_once() {
        let f = Fixture::new("The mayor said the bridge would reopen.");
        let said = f.at("said");
        let first = found(&f, Some((0, said)), said, (said + 1, said + 5));
        let mut used = vec![false; f.toks.len()];
        assert!(claim(&f.toks, &mut used, &first));
        assert!(used[..said + 5].iter().all(|&u| u));
        assert!(!used[said + 5]);
        // A relation that shares a token is refused and marks nothing.
        let period = f.toks.len() - 1;
        let second = found(&f, None, period, (said + 4, said + 5));
        let before = used.clone();
        assert!(!claim(&f.toks, &mut used, &second));
        assert_eq!(used, before);
    }

    #[test]
    fn weak_cues_need_support() {
        let lex = CueLexicon::builtin();
        let f = Fixture::new("But experts believe the bridge is safe.");
        let s = f.sentence(0);
        let cue = f.at("believe");
        assert!(lex.share("believe") < WEAK_SHARE);
        assert_eq!(first_word(&f.toks, s.lo, s.hi), f.at("experts"));
        // The source opens the sentence (after "But"): kept.
        let opening = found(&f, Some((f.at("experts"), cue)), cue, (cue + 1, cue + 5));
        assert!(accepted(&f.doc, &s, &lex, cue, &opening));
        // No source, no quote, no "that": refused.
        let bare = found(&f, None, cue, (cue + 1, cue + 5));
        assert!(!accepted(&f.doc, &s, &lex, cue, &bare));
        let quoted = Found {
            direct: true,
            ..found(&f, None, cue, (cue + 1, cue + 5))
        };
        assert!(accepted(&f.doc, &s, &lex, cue, &quoted));
    }

    #[test]
    fn content_starting_with_so_is_refused() {
        let lex = CueLexicon::builtin();
        let f = Fixture::new("The mayor said so yesterday.");
        let s = f.sentence(0);
        let said = f.at("said");
        let so = found(&f, Some((0, said)), said, (said + 1, said + 3));
        assert!(!accepted(&f.doc, &s, &lex, said, &so));
    }
}
