//! Paragraph and sentence boundaries over the tokens of a text.
//!
//! Works on tokens with BYTE spans; the caller converts to code points.

use super::abbreviations::{is_sentence_starter, lookup, AbbrevClass};
use super::chars::{
    decode, is_closing_bracket, is_fullwidth_terminal, is_opening_bracket, is_opening_quote,
    is_quote, is_terminal,
};
use super::tokens::last_part;
use crate::document::{Sentence, Span, Token, TokenKind};

/// A paragraph as a range of token indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParaTokens {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
}

/// Number of line breaks in the separator run `text[from..to]`, capped at 2.
#[inline]
fn gap_breaks(text: &str, from: usize, to: usize) -> u32 {
    let gap = &text.as_bytes()[from..to];
    if gap.len() == 1 && gap[0] == b' ' || gap.is_empty() {
        return 0;
    }
    let mut breaks = 0;
    let mut i = 0;
    while i < gap.len() {
        breaks += match gap[i] {
            b'\n' | 0x0B => 1,
            b'\r' => u32::from(gap.get(i + 1) != Some(&b'\n')),
            0x0C => 2,
            0xC2 if gap.get(i + 1) == Some(&0x85) => 1,
            0xE2 if gap.get(i + 1) == Some(&0x80) => match gap.get(i + 2) {
                Some(0xA8) => 1,
                Some(0xA9) => 2,
                _ => 0,
            },
            _ => 0,
        };
        if breaks >= 2 {
            return 2;
        }
        i += 1;
    }
    breaks
}

/// Splits the token list into paragraphs: a gap holding two or more line
/// breaks (a blank line) separates paragraphs.
pub(crate) fn paragraphs(text: &str, tokens: &[Token], out: &mut Vec<ParaTokens>) {
    if tokens.is_empty() {
        return;
    }
    let mut first = 0;
    for k in 1..tokens.len() {
        if gap_breaks(text, tokens[k - 1].span.end, tokens[k].span.start) >= 2 {
            out.push(ParaTokens { first, end: k });
            first = k;
        }
    }
    out.push(ParaTokens {
        first,
        end: tokens.len(),
    });
}

/// What sort of sentence-final mark a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// A single period (or two).
    Dot,
    /// An ellipsis, "..." or "…".
    Ellipsis,
    /// A question or exclamation mark, possibly with others ("?!").
    Exclaim,
    /// A full-width mark of scripts without spaces ("。").
    FullWidth,
    /// Another script's full stop ("।", "؟").
    Other,
    /// An abbreviation that kept its period.
    Abbrev(AbbrevClass),
}

/// First character of a token.
#[inline]
fn first_char(text: &str, t: &Token) -> char {
    let b = text.as_bytes()[t.span.start];
    if b < 0x80 {
        b as char
    } else {
        decode(text, t.span.start).0
    }
}

/// The terminal class of a token, if it can end a sentence.
fn terminal(text: &str, t: &Token) -> Option<Terminal> {
    let bytes = text.as_bytes();
    match t.kind {
        TokenKind::Punct => {
            let s = &text[t.span.start..t.span.end];
            let c = first_char(text, t);
            if !is_terminal(c) {
                return None;
            }
            if is_fullwidth_terminal(c) {
                return Some(Terminal::FullWidth);
            }
            if s.contains(['!', '?', '‼', '⁇', '⁈', '⁉']) {
                return Some(Terminal::Exclaim);
            }
            if s.starts_with("...") || s.starts_with('…') {
                return Some(Terminal::Ellipsis);
            }
            if c == '.' {
                return Some(Terminal::Dot);
            }
            Some(Terminal::Other)
        }
        TokenKind::Word if t.span.len() > 1 && bytes[t.span.end - 1] == b'.' => {
            let word = &text[t.span.start..t.span.end - 1];
            let class = lookup(word)
                .or_else(|| lookup(last_part(word)))
                .unwrap_or_else(|| {
                    let mut chars = word.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_uppercase() => AbbrevClass::Initial,
                        _ => AbbrevClass::Other,
                    }
                });
            Some(Terminal::Abbrev(class))
        }
        _ => None,
    }
}

/// True for tokens that close a sentence after its final mark: quotes and
/// closing brackets.
#[inline]
fn is_closer(text: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Punct {
        return false;
    }
    let c = first_char(text, t);
    (is_quote(c) || is_closing_bracket(c)) && t.span.len() == c.len_utf8()
}

/// How the token after a possible boundary begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A capitalised word (or one with a capital inside, like "iPhone").
    Upper,
    /// A lowercase word.
    Lower,
    /// A number.
    Digit,
    /// A letter of a script without case.
    Caseless,
    /// A symbol: currency sign, emoji.
    Symbol,
    /// Other punctuation: comma, dash, closing bracket.
    Punct,
}

impl Start {
    /// True when the token can open a sentence.
    fn opens(self) -> bool {
        matches!(
            self,
            Start::Upper | Start::Digit | Start::Caseless | Start::Symbol
        )
    }
}

/// Classifies how token `m` begins; opening quotes and brackets, leading
/// dashes and ellipses are looked through. The second value is the index of the word looked at.
fn start_of(text: &str, tokens: &[Token], m: usize, end: usize) -> (Start, usize) {
    let mut m = m;
    for round in 0..5 {
        let t = &tokens[m];
        match t.kind {
            TokenKind::Number => return (Start::Digit, m),
            TokenKind::Symbol => return (Start::Symbol, m),
            TokenKind::Word => {
                let c = first_char(text, t);
                let start = if c.is_uppercase() {
                    Start::Upper
                } else if c.is_lowercase() {
                    let s = &text[t.span.start..t.span.end];
                    if s.chars().any(char::is_uppercase) {
                        Start::Upper
                    } else {
                        Start::Lower
                    }
                } else if c.is_numeric() {
                    Start::Digit
                } else {
                    Start::Caseless
                };
                return (start, m);
            }
            TokenKind::Punct => {
                let c = first_char(text, t);
                if matches!(c, '#' | '@') {
                    // A hashtag or a handle.
                    return (Start::Symbol, m);
                }
                let ellipsis = c == '…' || text[t.span.start..].starts_with("...");
                if ellipsis && round > 0 {
                    // "[…]": an omission mark opens the next sentence.
                    return (Start::Symbol, m);
                }
                // Dashes and ellipses that lead into a sentence are looked
                // through: "— Tracy Wilkinson", "… In the end".
                let lead_in = ellipsis || is_dash(c);
                let opener = lead_in
                    || is_opening_quote(c)
                    || is_opening_bracket(c)
                    || matches!(c, '¿' | '¡' | '•' | '‣' | '▪' | '*')
                    || (is_quote(c)
                        && m + 1 < end
                        && tokens[m + 1].span.start == t.span.end
                        && t.span.len() == c.len_utf8());
                if !opener || m + 1 >= end {
                    return (Start::Punct, m);
                }
                m += 1;
            }
        }
    }
    (Start::Punct, m)
}

/// Whether the line that ends with token `k` ends with sentence-final
/// punctuation (possibly followed by closing quotes or brackets).
fn line_ends_sentence(text: &str, tokens: &[Token], first: usize, k: usize) -> bool {
    let mut k = k;
    loop {
        if let Some(term) = terminal(text, &tokens[k]) {
            return !matches!(
                term,
                Terminal::Abbrev(
                    AbbrevClass::NoSplit | AbbrevClass::Initial | AbbrevClass::NumberPrefix
                )
            );
        }
        if k == first
            || !is_closer(text, &tokens[k])
            || tokens[k - 1].span.end != tokens[k].span.start
        {
            return false;
        }
        k -= 1;
    }
}

/// Dashes.
#[inline]
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '-')
}

/// True for punctuation that cannot end a line of a finished sentence.
fn continues_line(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(
            first_char(text, t),
            ',' | '-' | '‐' | '(' | '[' | '“' | '‘' | '„' | '«'
        )
}

/// Decides whether the paragraph `para` is hard-wrapped text: most of its
/// line breaks fall inside sentences.
fn is_hard_wrapped(text: &str, tokens: &[Token], para: ParaTokens) -> bool {
    let mut lines = 0usize;
    let mut open_ends = 0usize;
    let mut lower_starts = 0usize;
    for k in para.first + 1..para.end {
        if gap_breaks(text, tokens[k - 1].span.end, tokens[k].span.start) == 0 {
            continue;
        }
        lines += 1;
        if !line_ends_sentence(text, tokens, para.first, k - 1) {
            open_ends += 1;
            if start_of(text, tokens, k, para.end).0 == Start::Lower {
                lower_starts += 1;
            }
        }
    }
    lines > 0 && lower_starts > 0 && open_ends * 2 > lines
}

/// Appends the sentences of paragraph `para` (index `index`) to `out`, with
/// spans in BYTE offsets.
pub(crate) fn sentences(
    text: &str,
    tokens: &[Token],
    para: ParaTokens,
    index: usize,
    out: &mut Vec<Sentence>,
) {
    let ParaTokens { first, end } = para;
    if first >= end {
        return;
    }
    let mut wrapped: Option<bool> = None;
    let mut sent_start = first;
    let mut has_content = false;
    let mut k = first;
    let push = |out: &mut Vec<Sentence>, a: usize, b: usize| {
        out.push(Sentence {
            span: Span {
                start: tokens[a].span.start,
                end: tokens[b - 1].span.end,
            },
            paragraph: index,
            first_token: a,
            end_token: b,
        });
    };
    while k < end {
        let t = &tokens[k];
        let Some(mut term) = terminal(text, t) else {
            has_content |= matches!(t.kind, TokenKind::Word | TokenKind::Number);
            if k + 1 < end {
                let breaks = gap_breaks(text, t.span.end, tokens[k + 1].span.start);
                if breaks > 0
                    && has_content
                    && !continues_line(text, t)
                    && !*wrapped.get_or_insert_with(|| is_hard_wrapped(text, tokens, para))
                {
                    let (start, _) = start_of(text, tokens, k + 1, end);
                    if start != Start::Lower && start != Start::Punct {
                        push(out, sent_start, k + 1);
                        sent_start = k + 1;
                        has_content = false;
                    }
                }
            }
            k += 1;
            continue;
        };
        if matches!(term, Terminal::Abbrev(_)) {
            has_content = true;
        }
        // Closing quotes and brackets (and further marks) right after the
        // mark belong to the sentence.
        let mut last = k;
        let mut loose_taken = false;
        while last + 1 < end {
            let u = &tokens[last + 1];
            if u.span.start != tokens[last].span.end {
                // A closing quote after a space ("Non. »") when no word
                // sticks to it.
                let loose = !loose_taken
                    && is_closer(text, u)
                    && matches!(
                        first_char(text, u),
                        '»' | '›' | '”' | '"' | '’' | '\'' | '」' | '』' | ')' | ']'
                    )
                    && gap_breaks(text, tokens[last].span.end, u.span.start) == 0
                    && (last + 2 >= end || tokens[last + 2].span.start > u.span.end);
                if loose {
                    loose_taken = true;
                    last += 1;
                    continue;
                }
                break;
            }
            if is_closer(text, u) {
                last += 1;
            } else if let Some(more @ (Terminal::Dot | Terminal::Exclaim | Terminal::Ellipsis)) =
                terminal(text, u)
            {
                term = more;
                last += 1;
            } else {
                break;
            }
        }
        let next = last + 1;
        if next >= end {
            break;
        }
        let breaks = gap_breaks(text, tokens[last].span.end, tokens[next].span.start);
        let split = has_content
            && decide(
                text,
                tokens,
                term,
                sent_start,
                k,
                next,
                end,
                breaks,
                &mut wrapped,
                para,
            );
        if split {
            push(out, sent_start, next);
            sent_start = next;
            has_content = false;
        }
        k = next;
    }
    push(out, sent_start, end);
}

/// Whether to end the sentence before token `next`, after the terminal
/// `term` at token `k`.
#[allow(clippy::too_many_arguments)]
fn decide(
    text: &str,
    tokens: &[Token],
    term: Terminal,
    sent_start: usize,
    k: usize,
    next: usize,
    end: usize,
    breaks: u32,
    wrapped: &mut Option<bool>,
    para: ParaTokens,
) -> bool {
    let spaced = tokens[next].span.start > tokens[next - 1].span.end;
    let (start, word) = start_of(text, tokens, next, end);
    if term == Terminal::FullWidth {
        return start != Start::Punct;
    }
    if !spaced {
        return false;
    }
    let newline =
        breaks > 0 && !*wrapped.get_or_insert_with(|| is_hard_wrapped(text, tokens, para));
    // A word that clearly opens a sentence, right after the boundary or
    // after an opening quote or bracket (not after a dash: "TUCSON, Ariz. —
    // While ..." is a dateline).
    let starter = || {
        let w = &tokens[word];
        let lead = &tokens[next];
        (word == next || lead.kind == TokenKind::Punct && !is_dash(first_char(text, lead)))
            && w.kind == TokenKind::Word
            && is_sentence_starter(&text[w.span.start..w.span.end])
    };
    match term {
        Terminal::Ellipsis => starter() || (newline && start.opens()),
        Terminal::Dot | Terminal::Other => {
            // "1. The first point": a list number, not a sentence.
            if term == Terminal::Dot
                && k == sent_start + 1
                && tokens[sent_start].kind == TokenKind::Number
                && tokens[sent_start].span.end == tokens[k].span.start
            {
                return false;
            }
            start.opens()
                || (newline && start != Start::Punct)
                || (term == Terminal::Dot && start == Start::Lower)
        }
        Terminal::Exclaim => start.opens(),
        Terminal::FullWidth => unreachable!(),
        Terminal::Abbrev(class) => match class {
            AbbrevClass::NoSplit | AbbrevClass::NumberPrefix => false,
            AbbrevClass::Initial => starter(),
            AbbrevClass::Month if start == Start::Digit => false,
            AbbrevClass::Month | AbbrevClass::Other => starter() || (newline && start.opens()),
        },
    }
}
