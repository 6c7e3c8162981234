//! Tokenizer: one forward pass over the bytes of the text that emits tokens
//! with byte offsets. Every character that is not a separator (white space,
//! control or invisible format character) ends up in exactly one token.

use super::abbreviations::{lookup, AbbrevClass};
use super::chars::{
    decode, is_apostrophe, is_fullwidth_terminal, is_hyphen, is_mark, is_punct, is_separator,
    is_word_char,
};
use crate::document::{Span, Token, TokenKind};

/// Appends the tokens of `text` to `out`, with spans in BYTE offsets.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let (end, kind) = if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                scan_word(text, i)
            } else if b <= b' ' || b == 0x7f {
                i += 1;
                continue;
            } else {
                let c = b as char;
                let end = scan_punct(text, i, c);
                (
                    end,
                    if is_punct(c) {
                        TokenKind::Punct
                    } else {
                        TokenKind::Symbol
                    },
                )
            }
        } else {
            let (c, len) = decode(text, i);
            if is_separator(c) {
                i += len;
                continue;
            }
            if is_mark(c) {
                // A combining mark right after a token belongs to it.
                if let Some(last) = out.last_mut() {
                    if last.span.end == i {
                        last.span.end = i + len;
                        i += len;
                        continue;
                    }
                }
                (scan_symbol(text, i, c, len), TokenKind::Symbol)
            } else if c.is_alphanumeric() {
                scan_word(text, i)
            } else if is_punct(c) {
                (scan_punct(text, i, c), TokenKind::Punct)
            } else {
                (scan_symbol(text, i, c, len), TokenKind::Symbol)
            }
        };
        debug_assert!(end > i && text.is_char_boundary(end));
        out.push(Token {
            span: Span { start: i, end },
            kind,
        });
        i = end;
    }
}

/// The character starting at byte `i`, if any.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        Some(decode(text, i).0)
    }
}

/// Skips letters, digits and combining marks from byte `i`.
#[inline]
fn skip_word_chars(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                i += 1;
            } else {
                break;
            }
        } else {
            let (c, len) = decode(text, i);
            if is_word_char(c) {
                i += len;
            } else {
                break;
            }
        }
    }
    i
}

/// Number of word characters from byte `i`, counting at most `cap`.
fn count_word_chars(text: &str, mut i: usize, cap: usize) -> usize {
    let mut count = 0;
    while count < cap {
        match char_at(text, i) {
            Some(c) if is_word_char(c) => {
                count += 1;
                i += c.len_utf8();
            }
            _ => break,
        }
    }
    count
}

/// True when a digit follows byte `i` after at most a few spaces.
fn digit_follows(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && j < i + 3 && bytes[j] == b' ' {
        j += 1;
    }
    bytes.get(j).is_some_and(u8::is_ascii_digit)
}

/// Scans a word or a number starting at byte `start`.
fn scan_word(text: &str, start: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let first = char_at(text, start).unwrap_or('a');
    let kind = if first.is_numeric() {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    let mut i = start;
    // Start of the current period-separated group ("U", "S" in "U.S").
    let mut group_start = start;
    let mut internal_periods = false;
    let mut groups_short = true;
    loop {
        i = skip_word_chars(text, i);
        if i >= n {
            break;
        }
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let prev = bytes[i - 1];
        match b {
            b'.' | b',' | b':' | b'/'
                if prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit()) =>
            {
                i += 1;
                continue;
            }
            b'.' if kind == TokenKind::Word => {
                if let Some(nc) = char_at(text, i + 1).filter(|c| c.is_alphabetic()) {
                    let cur = count_word_chars(text, group_start, 3);
                    let after = count_word_chars(text, i + 1, 3);
                    if (cur <= 2 && after <= 2) || nc.is_ascii_lowercase() {
                        groups_short &= cur <= 2 && after <= 2;
                        internal_periods = true;
                        i += 1;
                        group_start = i;
                        continue;
                    }
                }
            }
            b'&' if kind == TokenKind::Word
                && prev.is_ascii_uppercase()
                && next.is_some_and(|x| x.is_ascii_uppercase()) =>
            {
                i += 1;
                continue;
            }
            b'%' if kind == TokenKind::Number => {
                i += 1;
                break;
            }
            _ => {}
        }
        let (c, len) = decode(text, i);
        if (is_apostrophe(c) && char_at(text, i + len).is_some_and(char::is_alphabetic))
            || (is_hyphen(c) && char_at(text, i + len).is_some_and(char::is_alphanumeric))
        {
            i += len;
            group_start = i;
            continue;
        }
        // A final period that belongs to an abbreviation.
        if b == b'.'
            && kind == TokenKind::Word
            && next != Some(b'.')
            && takes_period(text, start, i, internal_periods, groups_short)
        {
            i += 1;
            // "U.S.-led": the word goes on after the abbreviation.
            if let Some(h) = char_at(text, i) {
                if is_hyphen(h) && char_at(text, i + h.len_utf8()).is_some_and(char::is_alphabetic)
                {
                    i += h.len_utf8();
                    group_start = i;
                    internal_periods = false;
                    groups_short = true;
                    continue;
                }
            }
        }
        break;
    }
    (i, kind)
}

/// Whether the word `text[start..end]`, followed by a period at `end`, is an
/// abbreviation that keeps that period.
fn takes_period(
    text: &str,
    start: usize,
    end: usize,
    internal_periods: bool,
    groups_short: bool,
) -> bool {
    let word = &text[start..end];
    if internal_periods {
        return groups_short || lookup(word).is_some();
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    match lookup(word).or_else(|| lookup(last_part(word))) {
        Some(AbbrevClass::NumberPrefix) => digit_follows(text, end + 1),
        Some(_) => true,
        None => false,
    }
}

/// The part of a hyphenated word after its last hyphen ("Sen" in
/// "then-Sen"); the whole word when it has none.
pub(crate) fn last_part(word: &str) -> &str {
    match word.rfind(['-', '\u{2010}', '\u{2011}']) {
        Some(h) => word[h..].trim_start_matches(['-', '\u{2010}', '\u{2011}']),
        None => word,
    }
}

/// Marks that are grouped into one token when repeated ("...", "?!").
#[inline]
fn is_run_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Scans punctuation (or an ASCII symbol) starting with `c` at `start`.
fn scan_punct(text: &str, start: usize, c: char) -> usize {
    let mut i = start + c.len_utf8();
    if is_run_terminal(c) {
        while let Some(d) = char_at(text, i) {
            if !is_run_terminal(d) {
                break;
            }
            i += d.len_utf8();
        }
    } else if is_fullwidth_terminal(c) {
        while let Some(d) = char_at(text, i) {
            if !is_fullwidth_terminal(d) {
                break;
            }
            i += d.len_utf8();
        }
    } else if matches!(c, '-' | '—' | '–' | '―' | '*' | '=' | '_' | '~' | '#') {
        while char_at(text, i) == Some(c) {
            i += c.len_utf8();
        }
    }
    i
}

/// Scans a symbol (emoji, currency sign) with the marks that modify it,
/// zero-width-joiner sequences and flag pairs.
fn scan_symbol(text: &str, start: usize, c: char, len: usize) -> usize {
    let mut i = start + len;
    let mut joined = false;
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    if regional(c) {
        if let Some(d) = char_at(text, i) {
            if regional(d) {
                i += d.len_utf8();
            }
        }
    }
    while let Some(d) = char_at(text, i) {
        if is_mark(d) {
            joined = d == '\u{200D}';
            i += d.len_utf8();
        } else if joined && !is_separator(d) && !d.is_alphanumeric() && !is_punct(d) {
            joined = false;
            i += d.len_utf8();
        } else {
            break;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out.iter()
            .map(|t| (&text[t.span.start..t.span.end], t.kind))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(s, _)| s).collect()
    }

    #[test]
    fn words_with_apostrophes_and_hyphens() {
        assert_eq!(
            words(
                "Don’t stop Macron‘s rock'n'roll high-speed year-earlier COVID-19 analysts' view"
            ),
            [
                "Don’t",
                "stop",
                "Macron‘s",
                "rock'n'roll",
                "high-speed",
                "year-earlier",
                "COVID-19",
                "analysts",
                "'",
                "view"
            ]
        );
        assert_eq!(words("'Right decision'"), ["'", "Right", "decision", "'"]);
        assert_eq!(words("‘quoted’ word"), ["‘", "quoted", "’", "word"]);
        assert_eq!(
            words("AT&T and S&P, R & D"),
            ["AT&T", "and", "S&P", ",", "R", "&", "D"]
        );
    }

    #[test]
    fn numbers() {
        let t =
            toks("76% to $1.13bn (£600m) from 2,000 at 10:30 on 6/6/2023, 1990s 6th 20-year-old");
        let expect = [
            ("76%", TokenKind::Number),
            ("to", TokenKind::Word),
            ("$", TokenKind::Symbol),
            ("1.13bn", TokenKind::Number),
            ("(", TokenKind::Punct),
            ("£", TokenKind::Symbol),
            ("600m", TokenKind::Number),
            (")", TokenKind::Punct),
            ("from", TokenKind::Word),
            ("2,000", TokenKind::Number),
            ("at", TokenKind::Word),
            ("10:30", TokenKind::Number),
            ("on", TokenKind::Word),
            ("6/6/2023", TokenKind::Number),
            (",", TokenKind::Punct),
            ("1990s", TokenKind::Number),
            ("6th", TokenKind::Number),
            ("20-year-old", TokenKind::Number),
        ];
        assert_eq!(t, expect);
        assert_eq!(
            words("in 2003. Then 1.5."),
            ["in", "2003", ".", "Then", "1.5", "."]
        );
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            words("Mr. Smith of the U.S. met Gen. Lee on Jan. 6 at No. 10 with J. K. Rowling."),
            [
                "Mr.", "Smith", "of", "the", "U.S.", "met", "Gen.", "Lee", "on", "Jan.", "6", "at",
                "No.", "10", "with", "J.", "K.", "Rowling", "."
            ]
        );
        assert_eq!(
            words("e.g. a.m. Ph.D. U.S.-led"),
            ["e.g.", "a.m.", "Ph.D.", "U.S.-led"]
        );
        assert_eq!(words("said no. Then"), ["said", "no", ".", "Then"]);
        assert_eq!(words("Amazon.com. The"), ["Amazon.com", ".", "The"]);
        assert_eq!(words("etc... and"), ["etc", "...", "and"]);
        assert_eq!(words("Lt.-Gen. Smith"), ["Lt.-Gen.", "Smith"]);
        assert_eq!(words("then-Sen. Obama"), ["then-Sen.", "Obama"]);
    }

    #[test]
    fn punctuation_runs() {
        assert_eq!(
            words("Wait... what?! No -- yes — ok…"),
            ["Wait", "...", "what", "?!", "No", "--", "yes", "—", "ok", "…"]
        );
        assert_eq!(
            words("“Hi,” she said."),
            ["“", "Hi", ",", "”", "she", "said", "."]
        );
    }

    #[test]
    fn symbols_and_scripts() {
        assert_eq!(
            words("Flag 🇺🇸 thumbs 👍🏽 family 👨\u{200D}👩\u{200D}👧 ok"),
            [
                "Flag",
                "🇺🇸",
                "thumbs",
                "👍🏽",
                "family",
                "👨\u{200D}👩\u{200D}👧",
                "ok"
            ]
        );
        assert_eq!(words("東京は晴れ。明日も"), ["東京は晴れ", "。", "明日も"]);
        assert_eq!(words("Путин сказал."), ["Путин", "сказал", "."]);
        // A lone combining mark after a space is a symbol; after a token it
        // belongs to the token.
        assert_eq!(
            words("e\u{301} \u{301}x .\u{301}"),
            ["e\u{301}", "\u{301}", "x", ".\u{301}"]
        );
        assert_eq!(words("a\u{0}b\u{FEFF}c"), ["a", "b", "c"]);
    }
}
