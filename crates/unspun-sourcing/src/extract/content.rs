//! The bounds of the content: where a clause after a cue starts ("that"
//! over an object or adjuncts) and ends (before ", though …", "and added
//! …"), and the punctuation trimmed off its edges.

use unspun_core::TokenKind;

use super::quotes::is_close_quote;
use super::tokens::{is_boundary_punct, is_capitalized, is_end_punct, Tok};

/// Trims content boundaries: drops leading commas and colons, trailing
/// commas and the final sentence mark (a closing quote stays).
pub(super) fn trim_range(toks: &[Tok], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    while a < b && (is_boundary_punct(&toks[a]) && toks[a].text != "(") {
        a += 1;
    }
    while b > a && (is_end_punct(&toks[b - 1]) || is_boundary_punct(&toks[b - 1])) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

/// Where a content clause that runs to the end of the sentence really ends:
/// before ", though …", ", while …", ", adding …" and the like (outside
/// quotes).
pub(super) fn clause_end(toks: &[Tok], inside: &[Option<usize>], a: usize, hi: usize) -> usize {
    for k in a + 1..hi.saturating_sub(1) {
        if matches!(toks[k].lower.as_str(), "and" | "but") && inside[k].is_none() {
            // "… and encouraged Americans to …": a second verb of the
            // speaker, not part of what was said.
            let next = &toks[k + 1];
            let verb = next.kind == TokenKind::Word
                && !is_capitalized(&next.text)
                && (next.lower.ends_with("ed")
                    || matches!(
                        next.lower.as_str(),
                        "says" | "said" | "added" | "adds" | "also" | "then" | "later"
                    ));
            if verb {
                return k;
            }
            continue;
        }
        if toks[k].text != "," || inside[k].is_some() {
            continue;
        }
        let next = toks[k + 1].lower.as_str();
        if matches!(
            next,
            "though"
                | "although"
                | "while"
                | "whereas"
                | "even"
                | "according"
                | "adding"
                | "saying"
                | "noting"
                | "citing"
                | "arguing"
                | "especially"
                | "because"
        ) || (next.ends_with("ing")
            && next.len() > 5
            && toks[k + 1].kind == TokenKind::Word
            && !is_capitalized(&toks[k + 1].text))
            || (next == "but"
                && k + 2 < hi
                && matches!(
                    toks[k + 2].lower.as_str(),
                    "he" | "she" | "they" | "it" | "we" | "i"
                ))
        {
            return k;
        }
    }
    hi
}

/// A "that" within ten tokens after the cue group (which ends at `after`),
/// with no punctuation before it.
pub(super) fn that_after(toks: &[Tok], after: usize, hi: usize) -> Option<usize> {
    (after..hi.min(after + 11))
        .take_while(|&k| !is_boundary_punct(&toks[k]) && !is_end_punct(&toks[k]))
        .find(|&k| toks[k].lower == "that")
}

/// Where the content after the cue group of the verb `verb` starts: at
/// `that` (see [`that_after`]) when it follows the group or only an
/// object or adjuncts lie between ("told reporters Tuesday that", "said in
/// an interview that"), not a clause ("said there needs to be a law that",
/// "says she's satisfied that"); else right after the group.
pub(super) fn content_start(toks: &[Tok], verb: &str, after: usize, that: Option<usize>) -> usize {
    let object_verb = matches!(
        verb,
        "told" | "tells" | "tell" | "telling" | "asked" | "asks" | "warned" | "assured" | "urged"
    );
    let clause_between = |k: usize| {
        toks[after..k].iter().any(|t| {
            matches!(
                t.lower.as_str(),
                "he" | "she"
                    | "they"
                    | "it"
                    | "there"
                    | "we"
                    | "i"
                    | "you"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "would"
                    | "has"
                    | "have"
                    | "had"
                    | "can"
                    | "could"
                    | "should"
                    | "needs"
                    | "must"
            ) || t.lower.contains('\'')
                || t.lower.contains('’')
        })
    };
    match that {
        Some(k) if k == after || ((object_verb || k - after <= 10) && !clause_between(k)) => k,
        _ => after,
    }
}

/// True when only sentence marks and closing quotes lie between `k` and
/// the sentence's end `hi`.
pub(super) fn sentence_final(toks: &[Tok], hi: usize, k: usize) -> bool {
    let mut k = k;
    while k < hi && (is_end_punct(&toks[k]) || is_close_quote(&toks[k].text)) {
        k += 1;
    }
    k >= hi
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    #[test]
    fn trim_drops_edge_punctuation_but_not_quotes() {
        let f = Fixture::new("He said: “we will win,” today.");
        let hi = f.sentence(0).hi;
        let colon = f.at(":");
        let (a, b) = trim_range(&f.toks, colon, hi).expect("range");
        assert_eq!(f.text(a, b), "“we will win,” today");
        let comma = f.at(",");
        assert_eq!(trim_range(&f.toks, comma, comma + 1), None);
        let f = Fixture::new("(It rained), he said.");
        assert_eq!(trim_range(&f.toks, 0, f.at("he")).map(|(a, _)| a), Some(0));
    }

    #[test]
    fn clause_ends_before_asides_and_second_verbs() {
        let cases = [
            (
                "He said the bridge would reopen, though it is unclear when.",
                "the bridge would reopen",
            ),
            (
                "He said the bridge would reopen, adding that it was safe.",
                "the bridge would reopen",
            ),
            (
                "He said the bridge would reopen and urged drivers to wait.",
                "the bridge would reopen",
            ),
            (
                "He said the bridge would reopen, but he did not say when.",
                "the bridge would reopen",
            ),
            (
                "He said the bridge and the road would reopen.",
                "the bridge and the road would reopen.",
            ),
        ];
        for (text, content) in cases {
            let f = Fixture::new(text);
            let (a, hi) = (f.at("the"), f.sentence(0).hi);
            let end = clause_end(&f.toks, &f.inside, a, hi);
            assert_eq!(f.text(a, end), content, "{text}");
        }
    }

    #[test]
    fn clause_does_not_end_inside_a_quote() {
        let f = Fixture::new("He said “we came, seeing nothing” there.");
        let (a, hi) = (f.at("“"), f.sentence(0).hi);
        assert_eq!(clause_end(&f.toks, &f.inside, a, hi), hi);
    }

    #[test]
    fn content_starts_at_that_over_objects_not_clauses() {
        let start = |text: &str, verb: &str| {
            let f = Fixture::new(text);
            let after = f.at(verb) + 1;
            let that = that_after(&f.toks, after, f.sentence(0).hi);
            let k = content_start(&f.toks, verb, after, that);
            f.toks[k].text.clone()
        };
        assert_eq!(
            start("He told reporters Tuesday that it was over.", "told"),
            "that"
        );
        assert_eq!(
            start("She said in an interview that it was over.", "said"),
            "that"
        );
        assert_eq!(start("He said that it was over.", "said"), "that");
        assert_eq!(
            start("He said there needs to be a law that works.", "said"),
            "there"
        );
        assert_eq!(
            start("She says she's satisfied that it works.", "says"),
            "she's"
        );
        // Punctuation before "that" hides it.
        let f = Fixture::new("He said, as ever, that it was over.");
        assert_eq!(
            that_after(&f.toks, f.at("said") + 1, f.sentence(0).hi),
            None
        );
    }

    #[test]
    fn sentence_final_skips_marks_and_closing_quotes() {
        let f = Fixture::new("“It is over,” he said.”");
        let hi = f.sentence(0).hi;
        assert!(sentence_final(&f.toks, hi, f.at("said") + 1));
        assert!(!sentence_final(&f.toks, hi, f.at("said")));
    }
}
