//! Reporting verbs ("said", "told", "warned", "was reported") and the
//! patterns around them, tried in this order:
//!
//! 1. inverted post-posed, "C, said X" ([`inverted`]);
//! 2. a quote that ended the previous sentence, "“…?” Clinton said."
//!    ([`quote_before`]);
//! 3. post-posed, "C, X said", with a second quote fragment when the
//!    speaker is in the middle ([`post_posed`]);
//! 4. pre-posed, "X said (that) C" ([`pre_posed`]);
//! 5. a second verb of the subject, "… and said C" ([`second_verb`]);
//! 6. a participle or passive with no source, "…, emphasising that C",
//!    "it was reported that C" ([`sourceless`]).

use super::content::{clause_end, content_start, sentence_final, that_after, trim_range};
use super::cue::CueGroup;
use super::quotes::{
    continued_quote, has_quote, is_close_quote, is_quote, second_fragment, widen_to_quotes,
};
use super::source::{looks_like_verb, source_after, source_end, source_start};
use super::tokens::{is_boundary_punct, is_capitalized, span_of, Tok};
use super::{Found, Outcome, Sentence};
use crate::lexicon::{PERSON_PRONOUNS, SOURCE_STOP};

/// The relation around the reporting verb at `i`.
pub(super) fn reporting_verb(s: &Sentence, i: usize) -> Option<Found> {
    let (toks, lo, hi) = (s.toks, s.lo, s.hi);
    let g = CueGroup::around(toks, lo, hi, i);
    if let Outcome::Done(found) = inverted(s, g) {
        return found;
    }
    // Content after the cue: a "that" clause near the cue, a colon, or the
    // rest of the sentence.
    let g = g.with_colon(toks, hi);
    let verb = toks[i].lower.as_str();
    let that = that_after(toks, g.c1, hi);
    let start = content_start(toks, verb, g.c1, that);

    // Post-posed: "C, X said" — the source sits between a comma (or a
    // closing quote) and the cue, and little follows the cue.
    let participle = verb.ends_with("ing") && g.c0 > lo && toks[g.c0 - 1].text == ",";
    if let Some(s0) = source_start(toks, lo, g.c0).filter(|_| !participle) {
        let src = Before::new(s, s0);
        let tail_ok = short_tail(toks, hi, g.c1, that);
        if tail_ok && !g.passive {
            if let Some(found) = quote_before(s, g, s0) {
                return Some(found);
            }
        }
        let tail_short = !src.adverbial(toks, lo) && (src.quoted(toks, lo) || tail_ok);
        if src.comma(toks) && tail_short {
            return post_posed(s, g, &src);
        }
        if src.opens_clause(toks, lo, g.c0) && !g.passive {
            return pre_posed(s, g, &src, start);
        }
    }
    if let Outcome::Done(found) = second_verb(s, g, start, participle) {
        return found;
    }
    if (participle || g.passive) && that.is_some() {
        return sourceless(s, g, start);
    }
    None
}

/// Inverted post-posed, "C, said X.": a bare "said", "says", "added",
/// "wrote" or "asked" after a comma or a closing quote, at least four
/// tokens into the sentence, with a name (or "the"/"a" + a name) after it
/// that runs to the end of the sentence (at most 40 tokens).
fn inverted(s: &Sentence, g: CueGroup) -> Outcome {
    let (toks, lo, hi) = (s.toks, s.lo, s.hi);
    let CueGroup { i, c0, c1, .. } = g;
    let prev_is_comma = c0 > lo
        && (toks[c0 - 1].text == ","
            || is_close_quote(&toks[c0 - 1].text)
            || toks[c0 - 1].text == "\"");
    // The source after the cue starts with a name or "the"/"a" + a name.
    let name_follows = c1 < hi
        && (is_capitalized(&toks[c1].text)
            || (matches!(toks[c1].lower.as_str(), "the" | "a" | "an")
                && c1 + 1 < hi
                && is_capitalized(&toks[c1 + 1].text)));
    if !(prev_is_comma
        && c0 == i
        && name_follows
        && matches!(
            toks[i].lower.as_str(),
            "said" | "says" | "added" | "wrote" | "asked"
        ))
    {
        return Outcome::Pass;
    }
    let Some(s_end) = source_after(toks, c1, hi) else {
        return Outcome::Pass;
    };
    if !(s_end > c1 && s_end - c1 <= 40 && c0 - lo >= 4) {
        return Outcome::Pass;
    }
    let Some((a, b)) = trim_range(toks, lo, c0) else {
        return Outcome::Done(None);
    };
    let (a, b) = widen_to_quotes(s.partner, a, b);
    Outcome::Done(Some(Found {
        source: Some(span_of(toks, c1, s_end)),
        cue: span_of(toks, c0, c1),
        content: vec![span_of(toks, a, b)],
        direct: has_quote(toks, a, b),
    }))
}

/// True when little follows the cue group (which ends at `c1`): the end of
/// the sentence, a comma, or, when no "that" follows, anything but a
/// pronoun, an article or a name that would open a clause.
fn short_tail(toks: &[Tok], hi: usize, c1: usize, that: Option<usize>) -> bool {
    let pronoun_after = c1 < hi
        && matches!(
            toks[c1].lower.as_str(),
            "he" | "she"
                | "they"
                | "it"
                | "we"
                | "i"
                | "the"
                | "his"
                | "her"
                | "their"
                | "there"
                | "this"
                | "a"
                | "an"
                | "trump"
                | "clinton"
        );
    sentence_final(toks, hi, c1)
        || (c1 < hi && toks[c1].text == ",")
        || (that.is_none() && !pronoun_after)
}

/// A source found before the cue group, and the token before it.
struct Before {
    /// First token of the source.
    s0: usize,
    /// The token just before the source, when it is in the sentence.
    prev: Option<usize>,
}

impl Before {
    fn new(s: &Sentence, s0: usize) -> Self {
        Before {
            s0,
            prev: s0.checked_sub(1).filter(|&k| k >= s.lo),
        }
    }

    /// A comma or a closing quote before the source: "C, X said".
    fn comma(&self, toks: &[Tok]) -> bool {
        self.prev.is_some_and(|k| {
            toks[k].text == "," || is_close_quote(&toks[k].text) || toks[k].text == "\""
        })
    }

    /// A quote mark between the sentence start and the source.
    fn quoted(&self, toks: &[Tok], lo: usize) -> bool {
        self.prev.is_some_and(|k| has_quote(toks, lo, k + 1))
    }

    /// What lies before the source is a short adverbial ("In Beijing, X
    /// said", "Asked about it, X said"), not content.
    fn adverbial(&self, toks: &[Tok], lo: usize) -> bool {
        self.prev.is_some_and(|k| {
            k - lo < 8
                && !self.quoted(toks, lo)
                && matches!(
                    toks[lo].lower.as_str(),
                    "in" | "on"
                        | "at"
                        | "after"
                        | "during"
                        | "speaking"
                        | "asked"
                        | "earlier"
                        | "later"
                        | "meanwhile"
                        | "however"
                        | "but"
                        | "and"
                        | "yet"
                        | "then"
                        | "separately"
                        | "also"
                        | "still"
                        | "instead"
                        | "for"
                        | "while"
                        | "when"
                        | "as"
                        | "last"
                        | "this"
                        | "since"
                        | "before"
                        | "with"
                        | "by"
                        | "from"
                        | "addressing"
                        | "writing"
                        | "responding"
                )
        })
    }

    /// The source opens the clause of the cue at `c0`: it starts the
    /// sentence, or follows punctuation, a stop word, or (when it is short
    /// and a name or a pronoun) a verb.
    fn opens_clause(&self, toks: &[Tok], lo: usize, c0: usize) -> bool {
        let s0 = self.s0;
        s0 == lo
            || self.prev.is_some_and(|k| {
                is_boundary_punct(&toks[k])
                    || SOURCE_STOP.contains(&toks[k].lower.as_str())
                    || (looks_like_verb(&toks[k])
                        && c0 - s0 <= 3
                        && (is_capitalized(&toks[s0].text)
                            || PERSON_PRONOUNS.contains(&toks[s0].lower.as_str())))
            })
    }
}

/// The quote ended the previous sentence: "“…?” Clinton said." The
/// source (at most 8 tokens) opens the sentence right after a closing
/// quote; the content is that whole quote.
fn quote_before(s: &Sentence, g: CueGroup, s0: usize) -> Option<Found> {
    let (toks, lo) = (s.toks, s.lo);
    if !(s0 == lo && lo > 0 && is_close_quote(&toks[lo - 1].text)) {
        return None;
    }
    let open = s.partner[lo - 1].filter(|&p| p < lo - 1)?;
    let s_end = source_end(toks, s0, g.c0);
    (s_end > s0 && s_end - s0 <= 8).then(|| Found {
        source: Some(span_of(toks, s0, s_end)),
        cue: span_of(toks, g.c0, g.c1),
        content: vec![span_of(toks, open, lo)],
        direct: true,
    })
}

/// Post-posed, "C, X said": the content runs from the sentence start to
/// the comma or closing quote before the source, widened to whole quotes.
/// A quoted content takes a second fragment: the quote after ", " when the
/// speaker is in the middle ("“C1,” X said, “C2.”"), else a quote that
/// carries on into the next sentence ("“C1,” X said. “C2.”").
fn post_posed(s: &Sentence, g: CueGroup, src: &Before) -> Option<Found> {
    let (toks, lo, hi) = (s.toks, s.lo, s.hi);
    let k = src.prev.expect("a comma before the source");
    let (a, b) = trim_range(toks, lo, k + usize::from(is_quote(&toks[k].text)))?;
    let (a, b) = widen_to_quotes(s.partner, a, b);
    let mut content = vec![span_of(toks, a, b)];
    let direct = has_quote(toks, a, b);
    if let Some(second) = second_fragment(toks, s.partner, g.c1, hi) {
        content.push(second);
    } else if direct && (sentence_final(toks, hi, g.c1) || !has_quote(toks, g.c1, hi)) {
        let from = if sentence_final(toks, hi, g.c1) {
            g.c1
        } else {
            hi
        };
        content.extend(continued_quote(toks, s.partner, from));
    }
    let s_end = source_end(toks, src.s0, g.c0);
    Some(Found {
        source: Some(span_of(toks, src.s0, s_end)),
        cue: span_of(toks, g.c0, g.c1),
        content,
        direct,
    })
}

/// Where content that starts at `start` ends: a quote runs to the end of
/// the sentence, a clause to [`clause_end`].
fn content_end(s: &Sentence, start: usize) -> usize {
    if start < s.hi && is_quote(&s.toks[start].text) {
        s.hi
    } else {
        clause_end(s.toks, s.inside, start, s.hi)
    }
}

/// Pre-posed, "X said (that) C.": the content (at least two tokens) runs
/// from `start` to the end of the clause. A participle after a comma with
/// no source words ("…, saying C") gets no source.
fn pre_posed(s: &Sentence, g: CueGroup, src: &Before, start: usize) -> Option<Found> {
    let toks = s.toks;
    let (a, b) = trim_range(toks, start, content_end(s, start))?;
    if b - a < 2 {
        return None;
    }
    let (a, b) = widen_to_quotes(s.partner, a, b);
    let s0 = src.s0;
    let s_end = source_end(toks, s0, g.c0);
    let participle = toks[g.i].lower.ends_with("ing")
        && src.prev.is_some_and(|k| toks[k].text == ",")
        && s_end - s0 == 0;
    let source = (!participle && s_end > s0).then(|| span_of(toks, s0, s_end));
    Some(Found {
        source,
        cue: span_of(toks, g.c0, g.c1),
        content: vec![span_of(toks, a, b)],
        direct: is_quote(&toks[a].text),
    })
}

/// A second verb of the subject: "Authorities announced … and said a
/// curfew would continue." PolNeAR gives each token one attribution, so
/// the subject stays with the first verb and this cue has no source; the
/// content needs at least three tokens.
fn second_verb(s: &Sentence, g: CueGroup, start: usize, participle: bool) -> Outcome {
    let (toks, lo) = (s.toks, s.lo);
    if g.c0 <= lo || toks[g.c0 - 1].lower != "and" || g.passive || participle {
        return Outcome::Pass;
    }
    let Some((a, b)) = trim_range(toks, start, content_end(s, start)) else {
        return Outcome::Done(None);
    };
    if b - a < 3 {
        return Outcome::Pass;
    }
    let (a, b) = widen_to_quotes(s.partner, a, b);
    Outcome::Done(Some(Found {
        source: None,
        cue: span_of(toks, g.c0, g.c1),
        content: vec![span_of(toks, a, b)],
        direct: is_quote(&toks[a].text),
    }))
}

/// Participle or passive cue with no source of its own: "…, emphasising
/// that C", "it was reported that C" (the "it" joins the cue). The content
/// runs from `start` to the end of the sentence.
fn sourceless(s: &Sentence, g: CueGroup, start: usize) -> Option<Found> {
    let (toks, lo) = (s.toks, s.lo);
    let (a, b) = trim_range(toks, start, s.hi)?;
    let (a, b) = widen_to_quotes(s.partner, a, b);
    let mut c_start = g.c0;
    if g.passive && g.c0 > lo && toks[g.c0 - 1].lower == "it" {
        c_start = g.c0 - 1;
    }
    Some(Found {
        source: None,
        cue: span_of(toks, c_start, g.c1),
        content: vec![span_of(toks, a, b)],
        direct: is_quote(&toks[a].text),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    /// (source, cue, content fragments, direct) found for the verb `verb`.
    fn found(text: &str, verb: &str) -> Option<(String, String, Vec<String>, bool)> {
        let f = Fixture::new(text);
        let i = f.at(verb);
        let r = reporting_verb(&f.sentence(i), i)?;
        let slice = |sp| f.doc.slice(sp).to_string();
        Some((
            r.source.map(slice).unwrap_or_default(),
            slice(r.cue),
            r.content.iter().map(|c| slice(*c)).collect(),
            r.direct,
        ))
    }

    fn check(text: &str, verb: &str, source: &str, cue: &str, content: &[&str], direct: bool) {
        let got = found(text, verb).unwrap_or_else(|| panic!("nothing found in {text:?}"));
        let want = (
            source.to_string(),
            cue.to_string(),
            content.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            direct,
        );
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn inverted_post_posed() {
        check(
            "The bridge will reopen next week, said Ann Lee, the mayor.",
            "said",
            "Ann Lee, the mayor",
            "said",
            &["The bridge will reopen next week"],
            false,
        );
    }

    #[test]
    fn post_posed_with_speaker_in_the_middle() {
        check(
            "“We will win,” the senator said, “and soon.”",
            "said",
            "the senator",
            "said",
            &["“We will win,”", "“and soon.”"],
            true,
        );
        check(
            "The bridge will reopen, the mayor said on Friday.",
            "said",
            "the mayor",
            "said",
            &["The bridge will reopen"],
            false,
        );
    }

    #[test]
    fn quote_that_ended_the_previous_sentence() {
        let text = "“Why would we?” Clinton said.";
        let f = Fixture::new(text);
        let i = f.at("said");
        // Only when the segmenter splits after the question.
        if f.sentence(i).lo == f.at("Clinton") {
            check(text, "said", "Clinton", "said", &["“Why would we?”"], true);
        }
    }

    #[test]
    fn pre_posed_with_that_and_colon() {
        check(
            "The mayor told reporters Tuesday that the bridge would reopen.",
            "told",
            "The mayor",
            "told",
            &["that the bridge would reopen"],
            false,
        );
        check(
            "The mayor said: “The bridge will reopen.”",
            "said",
            "The mayor",
            "said:",
            &["“The bridge will reopen.”"],
            true,
        );
    }

    #[test]
    fn second_verb_and_sourceless_cues() {
        check(
            "Authorities announced the arrests and said a curfew would continue.",
            "said",
            "",
            "said",
            &["a curfew would continue"],
            false,
        );
        check(
            "It was reported that the bridge would reopen.",
            "reported",
            "",
            "It was reported",
            &["that the bridge would reopen"],
            false,
        );
    }
}
