//! Source finding: the bounds of the source noun phrase before a cue
//! ("Sen. David Perdue (R-Ga.) said") or after it ("…, said Rep. G.K.
//! Butterfield (D-N.C.), head of the caucus.").

use unspun_core::TokenKind;

use super::quotes::is_quote;
use super::tokens::{is_boundary_punct, is_capitalized, is_end_punct, Tok};
use crate::lexicon::{PERSON_PRONOUNS, SOURCE_STOP};

/// Lower-case words that are most likely finite verbs or prepositions
/// that do not belong in a subject noun phrase.
pub(super) fn looks_like_verb(t: &Tok) -> bool {
    if t.kind != TokenKind::Word || is_capitalized(&t.text) {
        return false;
    }
    let w = t.lower.as_str();
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "did"
            | "does"
            | "uses"
            | "used"
            | "made"
            | "makes"
            | "took"
            | "takes"
            | "gave"
            | "gives"
            | "got"
            | "gets"
            | "went"
            | "goes"
            | "came"
            | "comes"
            | "on"
            | "about"
            | "into"
            | "onto"
            | "upon"
            | "included"
            | "includes"
    ) || (w.len() > 4
        && w.ends_with("ed")
        && !matches!(
            w,
            "unnamed"
                | "named"
                | "unidentified"
                | "identified"
                | "informed"
                | "retired"
                | "elected"
                | "unelected"
                | "selected"
                | "alleged"
                | "based"
                | "united"
                | "advanced"
                | "experienced"
                | "concerned"
                | "interested"
                | "embattled"
                | "indicted"
                | "disgraced"
                | "renowned"
                | "respected"
                | "esteemed"
                | "detained"
                | "appointed"
                | "unaffiliated"
                | "affiliated"
        ))
}

/// Where a source that starts at `s0` and is followed by the cue at `c0`
/// ends: trailing commas are dropped, except the one that closes an
/// appositive ("Brian Fallon, the campaign's press secretary,"), which
/// PolNeAR keeps.
pub(super) fn source_end(toks: &[Tok], s0: usize, c0: usize) -> usize {
    let mut e = c0;
    while e > s0 && toks[e - 1].text == "," {
        e -= 1;
    }
    if e < c0 && toks[s0..e].iter().any(|t| t.text == ",") {
        e += 1;
    }
    e
}

/// Scans back from `end` (exclusive) for the source noun phrase; returns its
/// first token.
pub(super) fn source_start(toks: &[Tok], lo: usize, end: usize) -> Option<usize> {
    let mut k = end;
    let mut commas = 0;
    let appositive = end > lo && toks[end - 1].text == ",";
    while k > lo {
        let t = &toks[k - 1];
        if t.text == "," && appositive && commas < 2 {
            commas += 1;
            k -= 1;
            continue;
        }
        // A parenthesis inside the name: "Sen. David Perdue (R-Ga.)".
        if t.text == ")" {
            if let Some(open) = (lo..k - 1).rev().take(6).find(|&j| toks[j].text == "(") {
                k = open;
                continue;
            }
        }
        // "Mr. Grassley and Mr. Leahy", "Federal and state officials".
        let joins_names = t.lower == "and"
            && k >= 2
            && k < end
            && (is_capitalized(&toks[k - 2].text) || toks[k - 2].text == ")");
        if !joins_names
            && (is_boundary_punct(t)
                || is_end_punct(t)
                || is_quote(&t.text)
                || SOURCE_STOP.contains(&t.lower.as_str()))
        {
            break;
        }
        // A finite verb ends the subject, unless a relative pronoun opens
        // the clause it belongs to ("a diplomat who asked not to be named").
        let after_determiner = k >= 2
            && matches!(
                toks[k - 2].lower.as_str(),
                "a" | "an" | "the" | "this" | "its" | "their" | "his" | "her" | "our"
            );
        let in_name = matches!(t.lower.as_str(), "on" | "about" | "of")
            && k < end
            && is_capitalized(&toks[k].text);
        if k < end && looks_like_verb(t) && !after_determiner && !in_name {
            let relative = (lo.max(k.saturating_sub(7))..k - 1)
                .any(|j| matches!(toks[j].lower.as_str(), "who" | "which" | "whose"));
            if !relative {
                break;
            }
        }
        k -= 1;
    }
    // Leading adverbials and conjunctions are not part of the source.
    while k < end
        && matches!(
            toks[k].lower.as_str(),
            "but"
                | "and"
                | "yet"
                | "so"
                | "however"
                | "now"
                | "meanwhile"
                | "still"
                | "also"
                | "instead"
                | ","
        )
    {
        k += 1;
    }
    let mut e = end;
    while e > k && toks[e - 1].text == "," {
        e -= 1;
    }
    // "In a Bloomberg interview Trump said": the name after the phrase.
    if e > k + 1
        && matches!(
            toks[k].lower.as_str(),
            "in" | "at" | "during" | "on" | "after" | "before" | "following" | "from" | "with"
        )
    {
        let last = &toks[e - 1];
        if PERSON_PRONOUNS.contains(&last.lower.as_str())
            || matches!(last.lower.as_str(), "they" | "we")
        {
            k = e - 1;
        } else if is_capitalized(&last.text) {
            let mut j = e - 1;
            while j > k + 1
                && is_capitalized(&toks[j - 1].text)
                && toks[j - 1].kind == TokenKind::Word
            {
                j -= 1;
            }
            k = j;
        }
    }
    (e > k && e - k <= if appositive { 22 } else { 14 }).then_some(k)
}

/// The end of a source that follows the cue group, which ends at `c1`:
/// the source runs to the end of the sentence `..hi`, appositive and
/// parentheses included ("said Rep. G.K. Butterfield (D-N.C.), head of
/// the caucus."), and stops at a sentence mark or ", speaking …", trailing
/// punctuation other than ")" dropped. `None` when a quote stops it.
pub(super) fn source_after(toks: &[Tok], c1: usize, hi: usize) -> Option<usize> {
    let stops = |k: usize| {
        k >= hi
            || is_end_punct(&toks[k])
            || is_quote(&toks[k].text)
            || (toks[k].text == "," && k + 1 < hi && toks[k + 1].lower.ends_with("ing"))
    };
    let mut s_end = c1;
    while !stops(s_end) {
        s_end += 1;
    }
    let closes = s_end >= hi || !is_quote(&toks[s_end].text);
    while s_end > c1 && is_boundary_punct(&toks[s_end - 1]) && toks[s_end - 1].text != ")" {
        s_end -= 1;
    }
    closes.then_some(s_end)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    /// The source that [`source_start`] finds before `cue`, as text.
    fn before(text: &str, cue: &str) -> Option<String> {
        let f = Fixture::new(text);
        let c0 = f.at(cue);
        let lo = f.sentence(c0).lo;
        source_start(&f.toks, lo, c0).map(|s0| f.text(s0, source_end(&f.toks, s0, c0)).to_string())
    }

    #[test]
    fn source_before_the_cue() {
        assert_eq!(
            before("The mayor said it.", "said").as_deref(),
            Some("The mayor")
        );
        assert_eq!(
            before("But Sen. David Perdue (R-Ga.) said no.", "said").as_deref(),
            Some("Sen. David Perdue (R-Ga.)")
        );
        assert_eq!(
            before("Mr. Grassley and Mr. Leahy said no.", "said").as_deref(),
            Some("Mr. Grassley and Mr. Leahy")
        );
        assert_eq!(
            before("In a Bloomberg interview Trump said no.", "said").as_deref(),
            Some("Trump")
        );
        assert_eq!(
            before("A diplomat who asked not to be named said no.", "said").as_deref(),
            Some("A diplomat who asked not to be named")
        );
        // A stop word ends the source.
        assert_eq!(
            before("Nobody knew what officials said.", "said").as_deref(),
            Some("officials")
        );
    }

    #[test]
    fn appositive_keeps_its_closing_comma() {
        assert_eq!(
            before(
                "Brian Fallon, the campaign's press secretary, said no.",
                "said"
            )
            .as_deref(),
            Some("Brian Fallon, the campaign's press secretary,")
        );
        let f = Fixture::new("It rained, officials said.");
        let c0 = f.at("said");
        assert_eq!(source_end(&f.toks, f.at("officials"), c0), c0);
    }

    #[test]
    fn source_after_the_cue() {
        let f =
            Fixture::new("“It is over,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus.");
        let c1 = f.at("said") + 1;
        let hi = f.sentence(c1).hi;
        let end = source_after(&f.toks, c1, hi).expect("source");
        assert_eq!(
            f.text(c1, end),
            "Rep. G.K. Butterfield (D-N.C.), head of the caucus"
        );
        let f = Fixture::new("“It is over,” said Ann Lee, speaking on Monday.");
        let c1 = f.at("said") + 1;
        let end = source_after(&f.toks, c1, f.sentence(c1).hi).expect("source");
        assert_eq!(f.text(c1, end), "Ann Lee");
        // A quote after the name: not a source that closes the sentence.
        let f = Fixture::new("He said Ann “would go” now.");
        let c1 = f.at("said") + 1;
        assert_eq!(source_after(&f.toks, c1, f.sentence(c1).hi), None);
    }

    #[test]
    fn verbs_and_participles() {
        let f = Fixture::new("He was named and reported.");
        assert!(looks_like_verb(&f.toks[f.at("was")]));
        assert!(looks_like_verb(&f.toks[f.at("reported")]));
        assert!(!looks_like_verb(&f.toks[f.at("named")]));
        assert!(!looks_like_verb(&f.toks[f.at("He")]));
    }
}
