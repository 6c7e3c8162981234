//! Character classes used by the tokenizer and the sentence splitter.

/// Decodes the character that starts at byte `i` of `text` (a character
/// boundary) and returns it with its length in bytes.
#[inline]
pub(crate) fn decode(text: &str, i: usize) -> (char, usize) {
    match text[i..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => ('\0', 1),
    }
}

/// True for characters that separate tokens and are never part of one:
/// white space, control characters and invisible format characters
/// (zero-width space, byte order mark, bidirectional marks).
#[inline]
pub(crate) fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c.is_ascii_control();
    }
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Combining marks and other characters that attach to the character before
/// them: combining diacritics, variation selectors, emoji skin tones, joiners,
/// the soft hyphen.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}'..='\u{200D}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{3099}'..='\u{309A}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Letters, digits and combining marks: what words are made of.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Characters that join two parts of a word when a letter follows them:
/// apostrophes, including the curly and left single quotes used as ones.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// Hyphens that join two parts of a word when a letter or digit follows.
#[inline]
pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Unicode punctuation (general category P), approximated by the blocks that
/// matter for news text; other non-alphanumeric characters are symbols.
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(
        c,
        '¡' | '§'
            | '«'
            | '¶'
            | '·'
            | '»'
            | '¿'
            | '\u{037E}'
            | '\u{0387}'
            | '\u{055A}'..='\u{055F}'
            | '\u{0589}'..='\u{058A}'
            | '\u{05BE}'
            | '\u{05C0}'
            | '\u{05C3}'
            | '\u{05F3}'..='\u{05F4}'
            | '\u{060C}'..='\u{060D}'
            | '\u{061B}'
            | '\u{061D}'..='\u{061F}'
            | '\u{066A}'..='\u{066D}'
            | '\u{06D4}'
            | '\u{0964}'..='\u{0965}'
            | '\u{0970}'
            | '\u{10FB}'
            | '\u{1361}'..='\u{1368}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{2043}'
            | '\u{2045}'..='\u{2051}'
            | '\u{2053}'..='\u{205E}'
            | '\u{207D}'..='\u{207E}'
            | '\u{208D}'..='\u{208E}'
            | '\u{2308}'..='\u{230B}'
            | '\u{2329}'..='\u{232A}'
            | '\u{2768}'..='\u{2775}'
            | '\u{27E6}'..='\u{27EF}'
            | '\u{2E00}'..='\u{2E4F}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{30A0}'
            | '\u{30FB}'
            | '\u{FD3E}'..='\u{FD3F}'
            | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE52}'
            | '\u{FE54}'..='\u{FE61}'
            | '\u{FE63}'
            | '\u{FE68}'
            | '\u{FE6A}'..='\u{FE6B}'
            | '\u{FF01}'..='\u{FF03}'
            | '\u{FF05}'..='\u{FF0A}'
            | '\u{FF0C}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF1B}'
            | '\u{FF1F}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF3D}'
            | '\u{FF3F}'
            | '\u{FF5B}'
            | '\u{FF5D}'
            | '\u{FF5F}'..='\u{FF65}'
    )
}

/// Marks that can end a sentence.
#[inline]
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '。'
            | '｡'
            | '！'
            | '？'
            | '．'
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '\u{037E}'
            | '\u{0589}'
            | '\u{1362}'
    )
}

/// Terminal marks of scripts written without spaces between sentences
/// (Chinese, Japanese): they end a sentence even when no space follows.
#[inline]
pub(crate) fn is_fullwidth_terminal(c: char) -> bool {
    matches!(c, '。' | '｡' | '！' | '？' | '．')
}

/// Quotation marks of any kind.
#[inline]
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‘'
            | '’'
            | '‚'
            | '‛'
            | '‹'
            | '›'
            | '`'
            | '「'
            | '」'
            | '『'
            | '』'
            | '＂'
            | '＇'
    )
}

/// Closing brackets.
#[inline]
pub(crate) fn is_closing_bracket(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '）' | '］' | '｝' | '〕' | '】' | '〉' | '》'
    )
}

/// Opening brackets.
#[inline]
pub(crate) fn is_opening_bracket(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '（' | '［' | '｛' | '〔' | '【' | '〈' | '《'
    )
}

/// Quotes that only ever open a quotation (in English and most European
/// usage); the ambiguous straight quotes are decided by spacing.
#[inline]
pub(crate) fn is_opening_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '„' | '‘' | '‚' | '«' | '‹' | '「' | '『' | '‟' | '‛'
    )
}
