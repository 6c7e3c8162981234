//! Counting the words of a text the same way everywhere a count is shown or
//! stored (the Parquet `word_count` column, the corpus database's `words`,
//! techniques per 1,000 words).

/// Words in `text`: runs of letters, digits and combining marks (an
/// apostrophe or hyphen between two of them does not split a word, as in
/// "don't" and "well-known"); in scripts written without spaces (Han, kana,
/// Thai, Lao, Myanmar, Khmer), each character.
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_unspaced(c) {
            n += 1;
            in_word = false;
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            if !in_word {
                n += 1;
                in_word = true;
            }
        } else if in_word
            && matches!(c, '\'' | '’' | '-' | '‐')
            && chars.peek().is_some_and(|d| d.is_alphanumeric())
        {
            // Inside a word.
        } else {
            in_word = false;
        }
    }
    n
}

/// Characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // hiragana, katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // Han
        | 0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
    )
}

/// Combining marks of the common scripts (Latin accents, Cyrillic, Hebrew
/// and Arabic points, the vowel signs of Indic scripts) and the zero-width
/// joiners: they continue a word.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F
        | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x0981..=0x0983 | 0x09BC..=0x09D7
        | 0x0A01..=0x0A03 | 0x0A3C..=0x0A51 | 0x0B01..=0x0B03 | 0x0BBE..=0x0BCD
        | 0x0C00..=0x0C04 | 0x0C3E..=0x0C56 | 0x0D00..=0x0D03 | 0x0D3E..=0x0D4D
        | 0x200C..=0x200D)
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_of_several_scripts() {
        assert_eq!(count_words("Hello, world! Don't stop — well-known 3.5%"), 7);
        assert_eq!(count_words("Macron’s ‘non’ leaves NATO’s Tokyo office"), 6);
        assert_eq!(count_words("  well-known 3.5 —  "), 3);
        assert_eq!(count_words("Москва заявила"), 2);
        assert_eq!(count_words("東京都"), 3);
        assert_eq!(count_words("北约东京办事处"), 7);
        assert_eq!(count_words("नमस्ते दुनिया"), 2);
        assert_eq!(count_words("ਪੰਜਾਬੀ ਭਾਸ਼ਾ"), 2);
        assert_eq!(count_words(""), 0);
    }
}
