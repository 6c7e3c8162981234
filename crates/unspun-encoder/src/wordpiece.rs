//! BERT's uncased WordPiece tokenizer, written for unspun: every piece keeps
//! the code-point span of the original text it came from.
//!
//! The steps follow the published BERT tokenizer: drop control characters,
//! put spaces around CJK ideographs, strip accents (NFD, then drop
//! non-spacing marks), lowercase, split on white space and punctuation, and
//! cut each word into the longest pieces of the vocabulary, greedily from
//! the left, non-initial pieces written with the prefix `##`.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Words longer than this (in characters) become `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// A piece of text: its vocabulary id and the code points it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Vocabulary id.
    pub id: u32,
    /// First code point in the original text.
    pub start: usize,
    /// One past the last code point in the original text.
    pub end: usize,
}

/// Errors of reading a vocabulary.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// A special token the model needs is missing.
    #[error("the vocabulary has no {0} token")]
    MissingSpecial(&'static str),
    /// The vocabulary is empty.
    #[error("the vocabulary is empty")]
    Empty,
}

/// A WordPiece vocabulary (one piece per line, the line number is the id).
#[derive(Debug, Clone)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    /// Id of `[UNK]`.
    pub unk: u32,
    /// Id of `[CLS]`.
    pub cls: u32,
    /// Id of `[SEP]`.
    pub sep: u32,
    /// Id of `[PAD]`.
    pub pad: u32,
}

impl Vocab {
    /// Reads a `vocab.txt` (one piece per line).
    pub fn from_text(text: &str) -> Result<Self, VocabError> {
        let ids: HashMap<String, u32> = text
            .lines()
            .enumerate()
            .map(|(i, line)| (line.trim_end_matches('\r').to_string(), i as u32))
            .collect();
        if ids.is_empty() {
            return Err(VocabError::Empty);
        }
        let get = |name: &'static str| {
            ids.get(name)
                .copied()
                .ok_or(VocabError::MissingSpecial(name))
        };
        Ok(Self {
            unk: get("[UNK]")?,
            cls: get("[CLS]")?,
            sep: get("[SEP]")?,
            pad: get("[PAD]")?,
            ids,
        })
    }

    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the vocabulary has no pieces (never true once read).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Id of a piece.
    pub fn id(&self, piece: &str) -> Option<u32> {
        self.ids.get(piece).copied()
    }

    /// Pieces of `text`, with code-point offsets into `text` plus `offset`.
    pub fn tokenize(&self, text: &str, offset: usize) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut word: Vec<(char, usize)> = Vec::new();
        let mut buf = String::new();
        for (i, c) in text.chars().enumerate() {
            let at = offset + i;
            if c == '\0' || c == '\u{fffd}' || is_control(c) {
                continue;
            }
            if is_whitespace(c) {
                self.flush(&mut word, &mut buf, &mut pieces);
                continue;
            }
            if is_cjk(c) || is_punctuation(c) {
                self.flush(&mut word, &mut buf, &mut pieces);
                word.push((c, at));
                self.flush(&mut word, &mut buf, &mut pieces);
                continue;
            }
            for d in std::iter::once(c).nfd() {
                if d.general_category() == GeneralCategory::NonspacingMark {
                    continue;
                }
                for l in d.to_lowercase() {
                    // Lowercasing and decomposition may yield punctuation or
                    // space; BERT splits after normalising, so do the same.
                    if is_whitespace(l) {
                        self.flush(&mut word, &mut buf, &mut pieces);
                    } else if is_punctuation(l) {
                        self.flush(&mut word, &mut buf, &mut pieces);
                        word.push((l, at));
                        self.flush(&mut word, &mut buf, &mut pieces);
                    } else {
                        word.push((l, at));
                    }
                }
            }
        }
        self.flush(&mut word, &mut buf, &mut pieces);
        pieces
    }

    /// Cuts the normalised word into pieces and empties it.
    fn flush(&self, word: &mut Vec<(char, usize)>, buf: &mut String, out: &mut Vec<Piece>) {
        if word.is_empty() {
            return;
        }
        let start = word[0].1;
        let end = word[word.len() - 1].1 + 1;
        if word.len() > MAX_WORD_CHARS {
            out.push(Piece {
                id: self.unk,
                start,
                end,
            });
            word.clear();
            return;
        }
        let first_new = out.len();
        let mut a = 0;
        while a < word.len() {
            let mut b = word.len();
            let mut found = None;
            while b > a {
                buf.clear();
                if a > 0 {
                    buf.push_str("##");
                }
                buf.extend(word[a..b].iter().map(|&(c, _)| c));
                if let Some(id) = self.id(buf) {
                    found = Some(id);
                    break;
                }
                b -= 1;
            }
            match found {
                Some(id) => {
                    out.push(Piece {
                        id,
                        start: word[a].1,
                        end: word[b - 1].1 + 1,
                    });
                    a = b;
                }
                None => {
                    out.truncate(first_new);
                    out.push(Piece {
                        id: self.unk,
                        start,
                        end,
                    });
                    break;
                }
            }
        }
        word.clear();
    }
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || c.general_category() == GeneralCategory::SpaceSeparator
}

fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c.general_category_group() == GeneralCategoryGroup::Other
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        let words = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "un", "##spun", "news", "'", "s", ",", "—",
            "cafe", "“", "”", "中", "国", "says", ".", "##s",
        ];
        Vocab::from_text(&words.join("\n")).unwrap()
    }

    fn ids(v: &Vocab, text: &str) -> Vec<(u32, usize, usize)> {
        v.tokenize(text, 0)
            .iter()
            .map(|p| (p.id, p.start, p.end))
            .collect()
    }

    #[test]
    fn splits_words_into_longest_pieces() {
        let v = vocab();
        assert_eq!(
            ids(&v, "Unspun news"),
            vec![(5, 0, 2), (6, 2, 6), (7, 7, 11)]
        );
    }

    #[test]
    fn offsets_are_code_points_through_accents_quotes_and_cjk() {
        let v = vocab();
        // "Café" strips to "cafe"; the curly quotes and em dash are pieces.
        let got = ids(&v, "“Café”—中国 says.");
        assert_eq!(
            got,
            vec![
                (13, 0, 1),
                (12, 1, 5),
                (14, 5, 6),
                (11, 6, 7),
                (15, 7, 8),
                (16, 8, 9),
                (17, 10, 14),
                (18, 14, 15)
            ]
        );
    }

    #[test]
    fn unknown_words_become_one_unk_and_offset_is_added() {
        let v = vocab();
        assert_eq!(ids(&v, "the zzz"), vec![(4, 0, 3), (1, 4, 7)]);
        let shifted: Vec<_> = v
            .tokenize("the", 10)
            .iter()
            .map(|p| (p.start, p.end))
            .collect();
        assert_eq!(shifted, vec![(10, 13)]);
    }

    #[test]
    fn control_characters_and_empty_text_are_safe() {
        let v = vocab();
        assert!(v.tokenize("", 0).is_empty());
        assert_eq!(ids(&v, "\u{0}the\u{200b}"), vec![(4, 1, 4)]);
    }

    #[test]
    fn missing_special_tokens_are_an_error() {
        assert!(Vocab::from_text("a\nb").is_err());
        assert!(Vocab::from_text("").is_err());
    }
}
