//! Quote marks and direct quotes: marks paired within paragraphs, which
//! quote holds a token, content widened to whole quotes, and the second
//! fragment of a quote split by its speaker or carried on into the next
//! sentence.

use unspun_core::{Document, Span};

use super::tokens::{is_end_punct, span_of, Tok};

/// An opening quote mark that cannot close.
pub(crate) fn is_open_quote(t: &str) -> bool {
    matches!(t, "“" | "„" | "«")
}

/// A closing quote mark that cannot open.
pub(crate) fn is_close_quote(t: &str) -> bool {
    matches!(t, "”" | "»")
}

/// Any quote mark, curly, straight or doubled.
pub(crate) fn is_quote(t: &str) -> bool {
    is_open_quote(t) || is_close_quote(t) || t == "\"" || t == "''" || t == "``"
}

/// Pairs quote marks within each paragraph: for every token, the index of
/// the matching mark if it is a quote mark.
pub(crate) fn pair_quotes(doc: &Document, toks: &[Tok]) -> Vec<Option<usize>> {
    let mut partner = vec![None; toks.len()];
    for para in &doc.paragraphs {
        let mut open: Option<usize> = None;
        let first = toks.partition_point(|t| t.span.start < para.span.start);
        let last = toks
            .partition_point(|t| t.span.end <= para.span.end)
            .max(first);
        for (i, t) in toks.iter().enumerate().take(last).skip(first) {
            if !is_quote(&t.text) {
                continue;
            }
            let opens =
                is_open_quote(&t.text) || (t.text == "\"" && open.is_none()) || t.text == "``";
            match open {
                Some(o) if !opens || is_open_quote(&t.text) && is_open_quote(&toks[o].text) => {
                    if is_open_quote(&t.text) {
                        // A new opener without a closer: restart from here.
                        open = Some(i);
                    } else {
                        partner[o] = Some(i);
                        partner[i] = Some(o);
                        open = None;
                    }
                }
                Some(_) => open = Some(i),
                None if opens => open = Some(i),
                None => {}
            }
        }
    }
    partner
}

/// For every token, the index of the opening mark of the quote that holds
/// it (the marks themselves are not inside).
pub(super) fn quote_holders(partner: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut inside = vec![None; partner.len()];
    for (o, p) in partner.iter().enumerate() {
        if let Some(c) = *p {
            if c > o {
                for slot in &mut inside[o + 1..c] {
                    *slot = Some(o);
                }
            }
        }
    }
    inside
}

/// True when one of tokens `a..b` is a quote mark.
pub(super) fn has_quote(toks: &[Tok], a: usize, b: usize) -> bool {
    toks[a..b].iter().any(|t| is_quote(&t.text))
}

/// Extends a content range to whole quotes: a closing quote whose opener
/// lies before `a` pulls the start back, an opener whose closer lies after
/// `b` pushes the end forward.
pub(super) fn widen_to_quotes(partner: &[Option<usize>], a: usize, b: usize) -> (usize, usize) {
    let (mut a2, mut b2) = (a, b);
    for p in partner[a..b].iter().flatten() {
        a2 = a2.min(*p);
        b2 = b2.max(*p + 1);
    }
    (a2, b2)
}

/// Speaker in the middle, "“C1,” X said, “C2.”": the quote that follows a
/// comma at `c1` (just after the cue group), marks included.
pub(super) fn second_fragment(
    toks: &[Tok],
    partner: &[Option<usize>],
    c1: usize,
    hi: usize,
) -> Option<Span> {
    if c1 + 1 < hi && toks[c1].text == "," && is_quote(&toks[c1 + 1].text) {
        let close = partner[c1 + 1].filter(|&p| p > c1 + 1)?;
        return Some(span_of(toks, c1 + 1, close + 1));
    }
    None
}

/// The quote goes on in the next sentence, "“C1,” X said. “C2.”": from
/// `from`, past sentence marks and closing quotes, a quote that opens
/// there and whose closer is followed by a sentence mark, by more than one
/// character of white space (a paragraph break), or by nothing; marks
/// included.
pub(super) fn continued_quote(
    toks: &[Tok],
    partner: &[Option<usize>],
    from: usize,
) -> Option<Span> {
    let mut k = from;
    while k < toks.len() && (is_end_punct(&toks[k]) || is_close_quote(&toks[k].text)) {
        k += 1;
    }
    let close = (k < toks.len() && is_quote(&toks[k].text))
        .then(|| partner[k])
        .flatten()
        .filter(|&p| p > k)?;
    let after_close = close + 1;
    let ends = after_close >= toks.len()
        || is_end_punct(&toks[after_close])
        || toks[after_close].span.start > toks[close].span.end + 1;
    ends.then(|| span_of(toks, k, close + 1))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::Fixture;
    use super::*;

    #[test]
    fn quotes_pair_within_a_paragraph() {
        let f =
            Fixture::new("“We will win,” he said. \"Soon.\"\n\n“Unclosed, she said.\n\nEnd.”\n");
        let (o1, c1) = (f.at("“"), f.at("”"));
        assert_eq!((f.partner[o1], f.partner[c1]), (Some(c1), Some(o1)));
        let (o2, c2) = (f.nth("\"", 0), f.nth("\"", 1));
        assert_eq!((f.partner[o2], f.partner[c2]), (Some(c2), Some(o2)));
        // Marks in different paragraphs stay unpaired.
        assert_eq!(f.partner[f.nth("“", 1)], None);
        assert_eq!(f.partner[f.nth("”", 1)], None);
    }

    #[test]
    fn a_new_opener_restarts_the_quote() {
        let f = Fixture::new("“One “two” three.\n");
        let (first, second, close) = (f.nth("“", 0), f.nth("“", 1), f.at("”"));
        assert_eq!(f.partner[first], None);
        assert_eq!(f.partner[second], Some(close));
    }

    #[test]
    fn holders_are_the_tokens_between_the_marks() {
        let f = Fixture::new("He said “we will win” today.\n");
        let (o, c) = (f.at("“"), f.at("”"));
        assert!((o + 1..c).all(|k| f.inside[k] == Some(o)));
        assert_eq!(
            (f.inside[o], f.inside[c], f.inside[c + 1]),
            (None, None, None)
        );
        assert!(has_quote(&f.toks, o, o + 1) && !has_quote(&f.toks, 0, o));
    }

    #[test]
    fn content_widens_to_whole_quotes() {
        let f = Fixture::new("He said “we will win today” and left.\n");
        let (o, c) = (f.at("“"), f.at("”"));
        let win = f.at("win");
        // A range that holds the closer pulls in the opener, and back.
        assert_eq!(widen_to_quotes(&f.partner, win, c + 1), (o, c + 1));
        assert_eq!(widen_to_quotes(&f.partner, o, win), (o, c + 1));
        assert_eq!(widen_to_quotes(&f.partner, win, win + 1), (win, win + 1));
    }

    #[test]
    fn second_fragment_after_the_speaker() {
        let f = Fixture::new("“We will win,” the senator said, “and soon.” Prices rose.\n");
        let c1 = f.at("said") + 1;
        let hi = f.sentence(c1).hi;
        let span = second_fragment(&f.toks, &f.partner, c1, hi).expect("fragment");
        assert_eq!(f.doc.slice(span), "“and soon.”");
        // No comma and quote after the cue group: none.
        assert_eq!(second_fragment(&f.toks, &f.partner, c1 - 1, hi), None);
    }

    #[test]
    fn quote_carried_into_the_next_sentence() {
        let f = Fixture::new("“We will win,” he said. “It will be soon.”\n\nPrices rose.\n");
        let c1 = f.at("said") + 1;
        let span = continued_quote(&f.toks, &f.partner, c1).expect("continued");
        assert_eq!(f.doc.slice(span), "“It will be soon.”");
        // Followed by another sentence of the same paragraph: not taken.
        let f = Fixture::new("“We will win,” he said. “It will be soon.” Prices rose.\n");
        assert_eq!(continued_quote(&f.toks, &f.partner, f.at("said") + 1), None);
        // A quote that does not end its sentence does not carry on.
        let f = Fixture::new("“We will win,” he said. “Soon” was the word.\n");
        assert_eq!(continued_quote(&f.toks, &f.partner, f.at("said") + 1), None);
    }
}
