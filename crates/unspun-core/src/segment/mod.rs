//! Segmentation of English news text into paragraphs, sentences and tokens.
//!
//! One forward pass over the bytes of the text produces the tokens; paragraph
//! and sentence boundaries are then decided over the tokens, and all offsets
//! are converted to code points at the end in a single pass.
//!
//! * Paragraphs are blocks separated by blank lines (lines holding only
//!   white space, control or invisible format characters), trimmed.
//! * Tokens are words (with internal apostrophes, hyphens and periods, and
//!   the final period of abbreviations such as "Mr.", "U.S.", "J."),
//!   numbers ("1.13bn", "2,000", "76%"), punctuation (runs such as "..." or
//!   "?!" are one token) and symbols (currency signs, emoji). Every
//!   character that is not a separator belongs to exactly one token.
//! * Sentences end at sentence-final marks followed by a likely sentence
//!   start, never after titles ("Mr.", "Gen."), initials, "No." before a
//!   number or a month abbreviation before a day; after other abbreviations
//!   ("U.S.", "Inc.") only when a word that clearly opens a sentence follows.
//!   A paragraph end always ends a sentence; a line break inside a paragraph
//!   does too unless the line looks hard-wrapped.

mod abbreviations;
mod chars;
pub mod eval;
mod sentences;
mod tokens;

use crate::document::{Document, Paragraph, Span};
use crate::offsets::ByteToChar;

use sentences::ParaTokens;

/// Fills `doc.paragraphs`, `doc.tokens` and `doc.sentences`, replacing
/// whatever they held. Never panics, whatever the text.
pub fn segment(doc: &mut Document) {
    let mut tokens = std::mem::take(&mut doc.tokens);
    let mut sentence_list = std::mem::take(&mut doc.sentences);
    let mut paragraph_list = std::mem::take(&mut doc.paragraphs);
    tokens.clear();
    sentence_list.clear();
    paragraph_list.clear();

    let text = doc.text();
    tokens::tokenize(text, &mut tokens);
    let mut paras: Vec<ParaTokens> = Vec::new();
    sentences::paragraphs(text, &tokens, &mut paras);
    for (index, para) in paras.iter().enumerate() {
        sentences::sentences(text, &tokens, *para, index, &mut sentence_list);
    }

    if !doc.offsets().is_identity() {
        let mut cursor = ByteToChar::new(text);
        for t in tokens.iter_mut() {
            t.span.start = cursor.convert(t.span.start);
            t.span.end = cursor.convert(t.span.end);
        }
    }
    let span_of = |first: usize, end: usize| Span {
        start: tokens[first].span.start,
        end: tokens[end - 1].span.end,
    };
    for s in sentence_list.iter_mut() {
        s.span = span_of(s.first_token, s.end_token);
    }
    paragraph_list.extend(paras.iter().map(|p| Paragraph {
        span: span_of(p.first, p.end),
    }));

    doc.tokens = tokens;
    doc.sentences = sentence_list;
    doc.paragraphs = paragraph_list;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TokenKind;

    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        segment(&mut d);
        d
    }

    fn sents(text: &str) -> Vec<String> {
        let d = doc(text);
        d.sentences
            .iter()
            .map(|s| d.slice(s.span).to_string())
            .collect()
    }

    fn paras(text: &str) -> Vec<String> {
        let d = doc(text);
        d.paragraphs
            .iter()
            .map(|p| d.slice(p.span).to_string())
            .collect()
    }

    #[test]
    fn paragraphs_are_blocks_between_blank_lines() {
        let text =
            "Title line\n\n  First para\nsame para.  \n \t \nSecond\r\n\r\nThird\u{2029}Fourth\n";
        assert_eq!(
            paras(text),
            [
                "Title line",
                "First para\nsame para.",
                "Second",
                "Third",
                "Fourth"
            ]
        );
        let d = doc(text);
        assert_eq!(d.sentences.last().unwrap().paragraph, 4);
        assert!(paras("").is_empty());
        assert!(paras(" \n\n\t").is_empty());
    }

    #[test]
    fn sentence_and_token_indices_are_consistent() {
        let d = doc("Hi there. How are you?\n\nFine.");
        assert_eq!(d.sentences.len(), 3);
        let mut next = 0;
        for s in &d.sentences {
            assert_eq!(s.first_token, next);
            assert!(s.end_token > s.first_token);
            next = s.end_token;
            let toks = d.sentence_tokens(s);
            assert_eq!(toks[0].span.start, s.span.start);
            assert_eq!(toks.last().unwrap().span.end, s.span.end);
        }
        assert_eq!(next, d.tokens.len());
        assert_eq!(d.sentences[2].paragraph, 1);
    }

    #[test]
    fn basic_sentences() {
        assert_eq!(
            sents("The plague was controlled. But the next outbreak may be worse! Will it? Yes."),
            [
                "The plague was controlled.",
                "But the next outbreak may be worse!",
                "Will it?",
                "Yes."
            ]
        );
    }

    #[test]
    fn titles_never_split() {
        for t in [
            "Mr.", "Mrs.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Prof.", "Lt.", "Col.", "St.",
        ] {
            let text = format!("He met {t} Smith. The talks went well.");
            assert_eq!(sents(&text).len(), 2, "{text}");
        }
        assert_eq!(sents("He saw Mr. The Man."), ["He saw Mr. The Man."]);
    }

    #[test]
    fn initials_months_numbers_decimals() {
        assert_eq!(
            sents("Written by J. K. Rowling in 1997. It sold."),
            ["Written by J. K. Rowling in 1997.", "It sold."]
        );
        assert_eq!(
            sents("It happened on Jan. 6 in the capital."),
            ["It happened on Jan. 6 in the capital."]
        );
        assert_eq!(
            sents("He lives at No. 10 Downing Street."),
            ["He lives at No. 10 Downing Street."]
        );
        assert_eq!(
            sents("Profits rose 1.13 per cent. Sales fell 2.5%."),
            ["Profits rose 1.13 per cent.", "Sales fell 2.5%."]
        );
        assert_eq!(
            sents("1. The first point is this."),
            ["1. The first point is this."]
        );
    }

    #[test]
    fn ambiguous_abbreviations_split_before_sentence_starters() {
        assert_eq!(
            sents("He moved to the U.S. The move was hard."),
            ["He moved to the U.S.", "The move was hard."]
        );
        assert_eq!(sents("The U.S. Senate voted."), ["The U.S. Senate voted."]);
        assert_eq!(
            sents("Shares of Apple Inc. rose. He sold."),
            ["Shares of Apple Inc. rose.", "He sold."]
        );
        assert_eq!(
            sents("It is owned by Acme Ltd. But not for long."),
            ["It is owned by Acme Ltd.", "But not for long."]
        );
        assert_eq!(
            sents("We met at 10 a.m. He was late."),
            ["We met at 10 a.m.", "He was late."]
        );
        assert_eq!(
            sents("We met at 10 a.m. Monday."),
            ["We met at 10 a.m. Monday."]
        );
        assert_eq!(
            sents("Take vitamin D. The study says so."),
            ["Take vitamin D.", "The study says so."]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence() {
        assert_eq!(
            sents("\"It could be stronger.\" Next came the rain."),
            ["\"It could be stronger.\"", "Next came the rain."]
        );
        assert_eq!(
            sents("“It could be stronger.” Next came rain."),
            ["“It could be stronger.”", "Next came rain."]
        );
        assert_eq!(
            sents("He left (for good.) Then he came."),
            ["He left (for good.)", "Then he came."]
        );
        assert_eq!(
            sents("He said ‘no.’ “We go.” Then"),
            ["He said ‘no.’", "“We go.”", "Then"]
        );
        assert_eq!(sents("« Non. » « Oui. »"), ["« Non. »", "« Oui. »"]);
        assert_eq!(sents("He said. „Ja.“ Gut."), ["He said.", "„Ja.“", "Gut."]);
    }

    #[test]
    fn every_kind_of_quote_closes_a_sentence() {
        assert_eq!(
            sents("'It is over.' Then he left."),
            ["'It is over.'", "Then he left."]
        );
        assert_eq!(sents("‹Oui.› Non."), ["‹Oui.›", "Non."]);
        assert_eq!(
            sents("He wrote: ‘Stop.’ ‘Go.’"),
            ["He wrote: ‘Stop.’", "‘Go.’"]
        );
        assert_eq!(sents("»Ja.« Gut."), ["»Ja.«", "Gut."]);
    }

    #[test]
    fn questions_with_lowercase_continuation() {
        assert_eq!(
            sents("\"Why?\" he asked. \"Now!\" she said."),
            ["\"Why?\" he asked.", "\"Now!\" she said."]
        );
        assert_eq!(sents("“Why?” he asked."), ["“Why?” he asked."]);
        assert_eq!(sents("Really?! Yes."), ["Really?!", "Yes."]);
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sents("The issue ... is serious."),
            ["The issue ... is serious."]
        );
        assert_eq!(
            sents("He waited... Then he left."),
            ["He waited...", "Then he left."]
        );
        assert_eq!(
            sents("He waited… Then he left."),
            ["He waited…", "Then he left."]
        );
        assert_eq!(sents("...and then it ended."), ["...and then it ended."]);
    }

    #[test]
    fn headlines_and_paragraph_ends() {
        let text = "Next plague outbreak could be 'stronger': WHO\n\nGeneva - The WHO chief spoke. He warned";
        assert_eq!(
            sents(text),
            [
                "Next plague outbreak could be 'stronger': WHO",
                "Geneva - The WHO chief spoke.",
                "He warned"
            ]
        );
        let d = doc(text);
        assert_eq!(d.sentences[0].paragraph, 0);
        assert_eq!(d.sentences[2].paragraph, 1);
    }

    #[test]
    fn single_newlines() {
        // One sentence per line.
        assert_eq!(
            sents("'Right decision'\nMs Geller spoke.\nIt ended"),
            ["'Right decision'", "Ms Geller spoke.", "It ended"]
        );
        // A hard-wrapped paragraph.
        let wrapped = "The disease tends to make a comeback each\nhot rainy season, from September to\nApril. On average, between 300 and\n600 infections are recorded.";
        assert_eq!(
            sents(wrapped),
            [
                "The disease tends to make a comeback each\nhot rainy season, from September to\nApril.",
                "On average, between 300 and\n600 infections are recorded."
            ]
        );
        assert_eq!(sents("He said,\nThe end."), ["He said,\nThe end."]);
        assert_eq!(sents("It was Mr.\nSmith."), ["It was Mr.\nSmith."]);
    }

    #[test]
    fn non_latin_scripts_and_offsets() {
        let text = "“Quote.” Путин — сказал. Он ушёл.\n\n東京は晴れ。明日も晴れ。";
        let d = doc(text);
        let s: Vec<&str> = d.sentences.iter().map(|s| d.slice(s.span)).collect();
        assert_eq!(
            s,
            [
                "“Quote.”",
                "Путин — сказал.",
                "Он ушёл.",
                "東京は晴れ。",
                "明日も晴れ。"
            ]
        );
        // Offsets are code points.
        assert_eq!(d.sentences[0].span, Span::new(0, 8));
        assert_eq!(d.sentences[1].span, Span::new(9, 24));
        assert_eq!(d.paragraphs[1].span, Span::new(35, 47));
        assert_eq!(d.tokens[0].span, Span::new(0, 1));
        assert_eq!(d.tokens[0].kind, TokenKind::Punct);
        let dash = d.tokens.iter().find(|t| d.slice(t.span) == "—").unwrap();
        assert_eq!(dash.span, Span::new(15, 16));
        for t in &d.tokens {
            let s = d.slice(t.span);
            assert!(!s.is_empty() && !s.chars().any(char::is_whitespace));
        }
    }

    #[test]
    fn tokens_cover_all_visible_text() {
        let text = "Mr. O’Neill’s \"U.S.-led\" bid—worth $1.13bn (76%)—failed… 🇺🇸 done.";
        let d = doc(text);
        let joined: String = d.tokens.iter().map(|t| d.slice(t.span)).collect();
        let visible: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, visible);
        let words: Vec<&str> = d.tokens.iter().map(|t| d.slice(t.span)).collect();
        assert!(
            words.contains(&"Mr.") && words.contains(&"O’Neill’s") && words.contains(&"U.S.-led")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            String::new(),
            "\u{0}\u{1}\u{7f}\n\n\u{0}".to_string(),
            "\u{301}\u{301} \u{301}".to_string(),
            ".".repeat(1000),
            "\"".repeat(1000),
            "?\"".repeat(500),
            "a. ".repeat(1000),
            "\u{FFFD}\u{10FFFF}\u{E000}\r\r\n\u{2028}\u{85}".to_string(),
            "Mr.".to_string(),
            "U.S".to_string(),
            "1,".to_string(),
            "'".to_string(),
            "a-".to_string(),
            "No.".to_string(),
            "“".to_string(),
            "A.\n\nB.".to_string(),
        ];
        for input in &inputs {
            let d = doc(input);
            for s in &d.sentences {
                assert!(s.span.start < s.span.end && s.span.end <= d.char_len());
            }
        }
        // Every byte value, in all sorts of orders, through lossy decoding.
        let bytes: Vec<u8> = (0..=255u8)
            .chain((0..=255u8).rev())
            .cycle()
            .take(5000)
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        let d = doc(&text);
        assert!(d.tokens.iter().all(|t| t.span.end <= d.char_len()));
    }

    #[test]
    fn resegmenting_replaces_previous_results() {
        let mut d = Document::new("t", "One. Two.");
        segment(&mut d);
        segment(&mut d);
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.paragraphs.len(), 1);
    }
}
