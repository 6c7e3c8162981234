//! Cues that are punctuation or a fixed phrase rather than a verb: a quote
//! signed after a dash, a name and a colon (a headline, a transcript, a
//! quote), and "according to".

use super::content::trim_range;
use super::cue::is_label;
use super::quotes::{is_close_quote, is_quote, widen_to_quotes};
use super::source::source_start;
use super::tokens::{is_boundary_punct, is_capitalized, is_end_punct, span_of};
use super::{Found, Sentence};

/// "“…” ― Sonya Herridge": a quote signed after the dash at `i`. The name
/// (1 to 11 tokens, capitalised) runs to a sentence mark, a quote or the
/// end of the paragraph.
pub(super) fn signed_quote(s: &Sentence, i: usize) -> Option<Found> {
    let toks = s.toks;
    let close = i
        .checked_sub(1)
        .filter(|&k| is_close_quote(&toks[k].text) || toks[k].text == "\"")?;
    let open = s.partner[close].filter(|&p| p < close)?;
    let mut s_end = i + 1;
    while s_end < s.para_hi[i] && !is_end_punct(&toks[s_end]) && !is_quote(&toks[s_end].text) {
        s_end += 1;
    }
    if s_end == i + 1 || s_end - i > 12 || !is_capitalized(&toks[i + 1].text) {
        return None;
    }
    Some(Found {
        source: Some(span_of(toks, i + 1, s_end)),
        cue: span_of(toks, i, i + 1),
        content: vec![span_of(toks, open, close + 1)],
        direct: true,
    })
}

/// A short name and the colon at `i`, no quote after it: "Pence: Flowers
/// won't be at debate" (a headline: the rest of the sentence), "PENCE:
/// Well, look, …" (a transcript, name in capitals: the rest of the
/// paragraph, as a direct quote).
pub(super) fn labelled(s: &Sentence, i: usize) -> Option<Found> {
    let (toks, lo) = (s.toks, s.lo);
    if !is_label(toks, lo, i) {
        return None;
    }
    let shouting = toks[lo..i]
        .iter()
        .all(|t| t.text.chars().all(|c| !c.is_lowercase()));
    let end = if shouting { s.para_hi[i] } else { s.hi };
    let (a, b) = trim_range(toks, i + 1, end)?;
    let (a, b) = widen_to_quotes(s.partner, a, b);
    Some(Found {
        source: Some(span_of(toks, lo, i)),
        cue: span_of(toks, i, i + 1),
        content: vec![span_of(toks, a, b)],
        direct: shouting,
    })
}

/// "Trump: “…”": a short capitalised source (at most 8 tokens), the colon
/// at `i` and a whole quote.
pub(super) fn quote_after_colon(s: &Sentence, i: usize) -> Option<Found> {
    let toks = s.toks;
    let s0 = source_start(toks, s.lo, i)?;
    let close = s
        .partner
        .get(i + 1)
        .copied()
        .flatten()
        .filter(|&p| p > i + 1)?;
    if i - s0 > 8 || !is_capitalized(&toks[s0].text) {
        return None;
    }
    Some(Found {
        source: Some(span_of(toks, s0, i)),
        cue: span_of(toks, i, i + 1),
        content: vec![span_of(toks, i + 1, close + 1)],
        direct: true,
    })
}

/// "According to X, C" and "C, according to X", "according" at `i`: the
/// source runs to the next punctuation or quote; the content is what comes
/// before the cue when it has at least two tokens, else what follows the
/// source.
pub(super) fn according_to(s: &Sentence, i: usize) -> Option<Found> {
    let (toks, lo, hi) = (s.toks, s.lo, s.hi);
    if i + 1 >= hi || toks[i + 1].lower != "to" {
        return None;
    }
    let cue = span_of(toks, i, i + 2);
    let mut s_end = i + 2;
    while s_end < hi
        && !is_boundary_punct(&toks[s_end])
        && !is_end_punct(&toks[s_end])
        && !is_quote(&toks[s_end].text)
    {
        s_end += 1;
    }
    if s_end == i + 2 {
        return None;
    }
    let source = Some(span_of(toks, i + 2, s_end));
    let before = trim_range(toks, lo, i);
    let (a, b) = match before {
        Some(r) if r.1 - r.0 >= 2 => r,
        _ => trim_range(toks, s_end, hi)?,
    };
    let (a, b) = widen_to_quotes(s.partner, a, b);
    Some(Found {
        source,
        cue,
        content: vec![span_of(toks, a, b)],
        direct: false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    /// (source, cue, content) of what `find` gives for the `n`-th `cue` token.
    fn found(
        text: &str,
        cue: &str,
        find: fn(&Sentence, usize) -> Option<Found>,
    ) -> Option<(String, String, String, bool)> {
        let f = Fixture::new(text);
        let i = f.at(cue);
        let s = f.sentence(i);
        let r = find(&s, i)?;
        let slice = |sp| f.doc.slice(sp).to_string();
        Some((
            r.source.map(slice).unwrap_or_default(),
            slice(r.cue),
            r.content
                .iter()
                .map(|c| slice(*c))
                .collect::<Vec<_>>()
                .join(" | "),
            r.direct,
        ))
    }

    #[test]
    fn dash_signs_the_quote_before_it() {
        let r = found("“We never give up.” — Sonya Herridge\n", "—", signed_quote);
        assert_eq!(
            r,
            Some((
                "Sonya Herridge".into(),
                "—".into(),
                "“We never give up.”".into(),
                true
            ))
        );
        assert_eq!(
            found("“We never give up.” — and then\n", "—", signed_quote),
            None
        );
    }

    #[test]
    fn colon_labels_a_headline_or_a_transcript() {
        let r = found("Pence: Flowers won't be at debate\n", ":", labelled).expect("headline");
        assert_eq!(
            (r.0.as_str(), r.2.as_str(), r.3),
            ("Pence", "Flowers won't be at debate", false)
        );
        let r = found("WALLACE: Well, look. We will see.\n", ":", labelled).expect("transcript");
        assert_eq!(
            (r.0.as_str(), r.2.as_str(), r.3),
            ("WALLACE", "Well, look. We will see", true)
        );
        assert_eq!(found("Update: the road is closed.\n", ":", labelled), None);
    }

    #[test]
    fn colon_before_a_quote() {
        let r = found("Trump: “We will win.”\n", ":", quote_after_colon).expect("quote");
        assert_eq!(
            (r.0.as_str(), r.2.as_str(), r.3),
            ("Trump", "“We will win.”", true)
        );
    }

    #[test]
    fn according_to_takes_the_content_on_either_side() {
        let r = found(
            "Prices rose, according to the bank.",
            "according",
            according_to,
        )
        .expect("after");
        assert_eq!(
            (r.0.as_str(), r.1.as_str(), r.2.as_str()),
            ("the bank", "according to", "Prices rose")
        );
        let r = found(
            "According to the bank, prices rose.",
            "According",
            according_to,
        )
        .expect("before");
        assert_eq!((r.0.as_str(), r.2.as_str()), ("the bank", "prices rose"));
        assert_eq!(
            found("He was according the honours.", "according", according_to),
            None
        );
    }
}
