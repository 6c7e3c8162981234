//! Cue finding: which tokens of a sentence can head a cue, in which order
//! they are tried, and the cue group around a reporting verb (auxiliaries,
//! adverbs, particles, days).

use unspun_core::TokenKind;

use super::quotes::is_quote;
use super::tokens::{is_capitalized, is_dash, is_end_punct, Tok};
use super::{CueLexicon, Sentence};
use crate::lexicon::CUE_AUX;

/// Days and day words that PolNeAR counts in the cue ("said Friday").
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
];

/// The tokens of the sentence that can head a cue, outside quotes, in the
/// order they are tried: by [`priority`], then in text order.
pub(super) fn candidates(s: &Sentence, lexicon: &CueLexicon) -> Vec<usize> {
    let mut cands: Vec<usize> = (s.lo..s.hi)
        .filter(|&i| s.inside[i].is_none() && can_head(s, lexicon, i))
        .filter(|&i| s.toks[i].lower != "states" || !is_capitalized(&s.toks[i].text))
        .collect();
    cands.sort_by(|&a, &b| {
        let (pa, pb) = (
            priority(s.toks, lexicon, s.hi, a),
            priority(s.toks, lexicon, s.hi, b),
        );
        pb.total_cmp(&pa).then(a.cmp(&b))
    });
    cands
}

/// True when token `i` can head a cue: a word of the lexicon, a colon
/// before a quote or after a short name ([`is_label`]), or a dash just
/// after a closing quote.
fn can_head(s: &Sentence, lexicon: &CueLexicon, i: usize) -> bool {
    let (toks, lo, hi) = (s.toks, s.lo, s.hi);
    (toks[i].kind == TokenKind::Word && lexicon.contains(&toks[i].lower))
        || (toks[i].text == ":"
            && i + 1 < hi
            && (is_quote(&toks[i + 1].text) || is_label(toks, lo, i)))
        || (is_dash(&toks[i].text)
            && i > 0
            && i + 1 < hi
            && s.partner[i - 1].is_some_and(|p| p < i - 1))
}

/// How strongly token `i` is a cue: the share of its uses that are cues,
/// plus one when it [closes the sentence](closes_sentence). Strong cues
/// are tried first ("said" before "called" before "think").
pub(super) fn priority(toks: &[Tok], lexicon: &CueLexicon, hi: usize, i: usize) -> f64 {
    lexicon.share(&toks[i].lower)
        + if closes_sentence(toks, hi, i) {
            1.0
        } else {
            0.0
        }
}

/// True when the cue at `i` closes the sentence ("…, the source added.",
/// "… he said Tuesday night."): only days, "morning" or "night" follow it
/// before the sentence's end, its final mark, or a comma and a quote.
pub(super) fn closes_sentence(toks: &[Tok], hi: usize, i: usize) -> bool {
    let mut k = i + 1;
    while k < hi
        && (WEEKDAYS.contains(&toks[k].lower.as_str())
            || matches!(toks[k].lower.as_str(), "morning" | "night"))
    {
        k += 1;
    }
    k >= hi
        || is_end_punct(&toks[k])
        || (toks[k].text == "," && k + 1 < hi && is_quote(&toks[k + 1].text))
}

/// True when tokens `lo..i` are a short capitalised name that can label
/// what follows a colon ("Pence", "Pat Caddell", "WALLACE"), not a word
/// such as "Update" or "Note".
pub(super) fn is_label(toks: &[Tok], lo: usize, i: usize) -> bool {
    let n = i - lo;
    (1..=3).contains(&n)
        && toks[lo..i]
            .iter()
            .all(|t| t.kind == TokenKind::Word && is_capitalized(&t.text))
        && !matches!(
            toks[lo].lower.as_str(),
            "update"
                | "note"
                | "editor"
                | "watch"
                | "read"
                | "breaking"
                | "photo"
                | "video"
                | "related"
                | "source"
                | "sources"
                | "correction"
                | "warning"
                | "exclusive"
                | "analysis"
                | "opinion"
                | "live"
                | "q"
                | "a"
                | "the"
                | "this"
                | "here"
                | "what"
                | "why"
                | "how"
                | "who"
                | "when"
                | "where"
                | "and"
                | "but"
                | "so"
        )
}

/// An adverb in "-ly" that may sit in a cue group ("has repeatedly said"),
/// not a noun or adjective such as "family" or "early".
fn is_ly_adverb(t: &Tok) -> bool {
    t.kind == TokenKind::Word
        && t.lower.len() > 4
        && t.lower.ends_with("ly")
        && !is_capitalized(&t.text)
        && !matches!(
            t.lower.as_str(),
            "family"
                | "rally"
                | "ally"
                | "supply"
                | "reply"
                | "assembly"
                | "july"
                | "italy"
                | "daily"
                | "weekly"
                | "monthly"
                | "yearly"
                | "bully"
                | "early"
                | "elderly"
                | "friendly"
                | "likely"
                | "holy"
        )
}

/// A reporting verb with the words PolNeAR counts in its cue: tokens
/// `c0..c1` around the verb at `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CueGroup {
    /// The verb.
    pub i: usize,
    /// First token of the group (auxiliaries and "-ly" adverbs before the
    /// verb).
    pub c0: usize,
    /// One past the group's last token.
    pub c1: usize,
    /// A passive: "was reported", "is expected".
    pub passive: bool,
}

impl CueGroup {
    /// The group around the verb at `i` in the sentence `lo..hi`:
    /// auxiliaries and "-ly" adverbs before it; after it "in a statement",
    /// a particle of some verbs ("called for", "pointed out") and a day
    /// ("said Friday", "said Thursday morning").
    pub(super) fn around(toks: &[Tok], lo: usize, hi: usize, i: usize) -> Self {
        let w = toks[i].lower.as_str();
        let mut c0 = i;
        while c0 > lo
            && (CUE_AUX.contains(&toks[c0 - 1].lower.as_str()) || is_ly_adverb(&toks[c0 - 1]))
        {
            c0 -= 1;
        }
        let mut c1 = i + 1;
        // "said in a statement", "told reporters"-style tails stay out of the
        // cue except "in a statement" and a colon.
        if c1 + 2 < hi
            && toks[c1].lower == "in"
            && toks[c1 + 1].lower == "a"
            && toks[c1 + 2].lower == "statement"
        {
            c1 += 3;
        }
        // Particles and times that PolNeAR counts in the cue: "called for",
        // "pointed out", "said Friday", "said Thursday morning".
        if c1 < hi
            && matches!(
                w,
                "called"
                    | "calls"
                    | "calling"
                    | "call"
                    | "pointed"
                    | "points"
                    | "pointing"
                    | "complained"
                    | "complaining"
                    | "referring"
                    | "referred"
                    | "warned"
                    | "talked"
                    | "spoke"
                    | "cited"
                    | "echoed"
            )
            && matches!(
                toks[c1].lower.as_str(),
                "for" | "on" | "out" | "to" | "about" | "of" | "against"
            )
        {
            c1 += 1;
        }
        if c1 < hi && WEEKDAYS.contains(&toks[c1].lower.as_str()) {
            c1 += 1;
            if c1 < hi
                && matches!(
                    toks[c1].lower.as_str(),
                    "morning" | "afternoon" | "evening" | "night"
                )
            {
                c1 += 1;
            }
        }
        let passive = c0 < i
            && matches!(
                toks[c0].lower.as_str(),
                "was" | "were" | "is" | "are" | "been" | "be"
            )
            && w.ends_with("ed");
        CueGroup { i, c0, c1, passive }
    }

    /// The group with a colon that follows it: "said:" (the content starts
    /// after the colon).
    pub(super) fn with_colon(self, toks: &[Tok], hi: usize) -> Self {
        let mut g = self;
        if g.c1 < hi && toks[g.c1].text == ":" {
            g.c1 += 1;
        }
        g
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    fn group(text: &str, verb: &str) -> (Fixture, CueGroup) {
        let f = Fixture::new(text);
        let i = f.at(verb);
        let s = f.sentence(i);
        let (lo, hi) = (s.lo, s.hi);
        let g = CueGroup::around(&f.toks, lo, hi, i);
        (f, g)
    }

    #[test]
    fn group_takes_auxiliaries_adverbs_and_days() {
        let (f, g) = group(
            "The mayor has repeatedly said Thursday morning that it would.",
            "said",
        );
        assert_eq!(f.text(g.c0, g.c1), "has repeatedly said Thursday morning");
        assert!(!g.passive);
        let (f, g) = group("She called for calm.", "called");
        assert_eq!(f.text(g.c0, g.c1), "called for");
        let (f, g) = group("He said in a statement that he would go.", "said");
        assert_eq!(f.text(g.c0, g.c1), "said in a statement");
        // "early" is not an adverb of the cue.
        let (f, g) = group("The early said it.", "said");
        assert_eq!(f.text(g.c0, g.c1), "said");
    }

    #[test]
    fn group_knows_passives_and_colons() {
        let (f, g) = group("It was reported that the bridge fell.", "reported");
        assert_eq!(f.text(g.c0, g.c1), "was reported");
        assert!(g.passive);
        let (f, g) = group("He said: “Go.”", "said");
        let hi = f.sentence(g.i).hi;
        assert_eq!(g.with_colon(&f.toks, hi).c1, g.c1 + 1);
        let (f, g) = group("He said it.", "said");
        assert_eq!(g.with_colon(&f.toks, f.sentence(g.i).hi), g);
    }

    #[test]
    fn closing_cues_come_first() {
        let f = Fixture::new("The mayor thinks the bridge will reopen, officials said Friday.");
        let s = f.sentence(0);
        let lex = CueLexicon::builtin();
        let said = f.at("said");
        assert!(closes_sentence(&f.toks, s.hi, said));
        assert!(!closes_sentence(&f.toks, s.hi, f.at("thinks")));
        let cands = candidates(&s, &lex);
        assert_eq!(cands.first(), Some(&said));
        assert!(priority(&f.toks, &lex, s.hi, said) > 1.0);
    }

    #[test]
    fn candidates_skip_quotes_and_the_states() {
        let f = Fixture::new("The United States said “nobody said anything” today.");
        let cands = candidates(&f.sentence(0), &CueLexicon::builtin());
        assert_eq!(cands, vec![f.nth("said", 0)]);
    }

    #[test]
    fn colons_and_dashes_can_head_cues() {
        let lex = CueLexicon::builtin();
        let f = Fixture::new("WALLACE: Well, look, we will see.");
        assert!(candidates(&f.sentence(0), &lex).contains(&f.at(":")));
        let f = Fixture::new("Update: the road is closed.");
        assert!(!candidates(&f.sentence(0), &lex).contains(&f.at(":")));
        let f = Fixture::new("“We won.” — Sonya Herridge");
        let dash = f.at("—");
        assert!(candidates(&f.sentence(dash), &lex).contains(&dash));
    }

    #[test]
    fn labels_are_short_capitalised_names() {
        let f = Fixture::new("Pat Caddell: it is over. Note: closed. The big red dog: no.");
        let colon = |n| f.nth(":", n);
        assert!(is_label(&f.toks, 0, colon(0)));
        let note = f.at("Note");
        assert!(!is_label(&f.toks, note, colon(1)));
        let the = f.at("The");
        assert!(!is_label(&f.toks, the, colon(2)));
    }
}
