//! The document's tokens with their text, and the word and punctuation
//! tests every pattern uses.

use std::ops::Range;

use unspun_core::{Document, Span, TokenKind};

/// A token with its text and lower-cased text.
pub(crate) struct Tok {
    pub(crate) lower: String,
    pub(crate) text: String,
    pub(crate) span: Span,
    pub(crate) kind: TokenKind,
}

/// The tokens of a segmented document with their text.
pub(crate) fn doc_tokens(doc: &Document) -> Vec<Tok> {
    doc.tokens
        .iter()
        .map(|t| {
            let text = doc.slice(t.span).to_string();
            Tok {
                lower: text.to_lowercase(),
                text,
                span: t.span,
                kind: t.kind,
            }
        })
        .collect()
}

/// True when the first character is upper case.
pub(super) fn is_capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Punctuation that bounds a phrase inside a sentence (comma, semicolon,
/// colon, dashes, parentheses).
pub(super) fn is_boundary_punct(t: &Tok) -> bool {
    t.kind == TokenKind::Punct
        && matches!(
            t.text.as_str(),
            "," | ";" | ":" | "—" | "–" | "(" | ")" | "-" | "--"
        )
}

/// Punctuation that ends a sentence.
pub(super) fn is_end_punct(t: &Tok) -> bool {
    t.kind == TokenKind::Punct && matches!(t.text.as_str(), "." | "!" | "?" | "…")
}

/// A dash that can sign a quote ("“…” ― Name").
pub(super) fn is_dash(t: &str) -> bool {
    matches!(t, "―" | "—" | "–")
}

/// The span from the start of token `a` to the end of token `b - 1`.
pub(super) fn span_of(toks: &[Tok], a: usize, b: usize) -> Span {
    Span::new(toks[a].span.start, toks[b - 1].span.end)
}

/// The tokens that lie wholly inside `s` (tokens are in text order, so
/// they are a range).
pub(super) fn cover(toks: &[Tok], s: Span) -> Range<usize> {
    let first = toks.partition_point(|t| t.span.start < s.start);
    let last = toks.partition_point(|t| t.span.end <= s.end).max(first);
    first..last
}

/// For every token, one past the last token of its paragraph (the number
/// of tokens for a token outside every paragraph).
pub(super) fn paragraph_ends(doc: &Document, toks: &[Tok]) -> Vec<usize> {
    let mut para_hi = vec![toks.len(); toks.len()];
    for para in &doc.paragraphs {
        let first = toks.partition_point(|t| t.span.start < para.span.start);
        let last = toks.partition_point(|t| t.span.end <= para.span.end);
        for slot in para_hi.iter_mut().take(last).skip(first) {
            *slot = last;
        }
    }
    para_hi
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    #[test]
    fn paragraph_ends_point_past_each_paragraph() {
        let f = Fixture::new("One two.\n\nThree four five.\n");
        let three = f.at("Three");
        assert_eq!(f.para_hi[0], three);
        assert_eq!(f.para_hi[three], f.toks.len());
        assert!(f.para_hi[..three].iter().all(|&e| e == three));
    }

    #[test]
    fn cover_is_the_tokens_inside_a_span() {
        let f = Fixture::new("The mayor said it.");
        let (a, b) = (f.at("mayor"), f.at("said") + 1);
        assert_eq!(cover(&f.toks, span_of(&f.toks, a, b)), a..b);
        assert_eq!(f.text(a, b), "mayor said");
        // A span that starts inside a token leaves that token out.
        let inside = Span::new(f.toks[a].span.start + 1, f.toks[b - 1].span.end);
        assert_eq!(cover(&f.toks, inside), a + 1..b);
    }

    #[test]
    fn punctuation_classes() {
        let f = Fixture::new("Yes, he said (twice): no. Really?");
        assert!(is_boundary_punct(&f.toks[f.at(",")]));
        assert!(is_boundary_punct(&f.toks[f.at("(")]));
        assert!(is_boundary_punct(&f.toks[f.at(":")]));
        assert!(!is_boundary_punct(&f.toks[f.at(".")]));
        assert!(is_end_punct(&f.toks[f.at(".")]) && is_end_punct(&f.toks[f.at("?")]));
        assert!(!is_end_punct(&f.toks[f.at("said")]));
        assert!(is_dash("—") && is_dash("―") && !is_dash("-"));
        assert!(is_capitalized("Éric") && !is_capitalized("éric") && !is_capitalized(""));
    }
}
