//! Word valence from a public sentiment lexicon (VADER, MIT licence; see
//! `models/valence-lexicon.tsv` and its model card): prior knowledge of
//! charged words that PTC's few hundred articles never show the tagger.
//!
//! The valence is a feature of the fast tagger (and so of the accurate
//! tier's blend) and names the words that carry a mark in explanations.

use std::collections::HashMap;
use std::sync::OnceLock;

use unspun_learn::models::ModelFile;

/// The lexicon file, embedded (or read from `UNSPUN_MODELS`).
pub static VALENCE_LEXICON: ModelFile = unspun_learn::embed_model!("valence-lexicon.tsv");

/// Word → mean valence (−4 … +4).
#[derive(Debug, Default)]
pub struct Valence(HashMap<String, f32>);

impl Valence {
    /// Parses `word<TAB>valence` lines; `#` lines and malformed lines are
    /// skipped.
    pub fn parse(text: &str) -> Self {
        let map = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, v) = l.split_once('\t')?;
                Some((w.to_string(), v.trim().parse::<f32>().ok()?))
            })
            .collect();
        Self(map)
    }

    /// The shipped lexicon, loaded once; empty (no valence features) when
    /// the file cannot be read, so a missing lexicon never stops analysis.
    pub fn shared() -> &'static Valence {
        static CELL: OnceLock<Valence> = OnceLock::new();
        CELL.get_or_init(|| match VALENCE_LEXICON.load() {
            Ok(bytes) => Self::parse(&String::from_utf8_lossy(&bytes)),
            Err(_) => Self::default(),
        })
    }

    /// Valence of a lower-cased word, also through simple inflections
    /// ("humiliated" → "humiliate", "threats" → "threat"); `None` when
    /// unknown.
    pub fn of(&self, lower: &str) -> Option<f32> {
        if let Some(&v) = self.0.get(lower) {
            return Some(v);
        }
        if !lower.is_ascii() || lower.len() < 4 {
            return None;
        }
        let mut key = String::with_capacity(lower.len() + 1);
        for (suffix, replacement) in [
            ("s", ""),
            ("es", ""),
            ("ed", ""),
            ("ed", "e"),
            ("d", ""),
            ("ing", ""),
            ("ing", "e"),
            ("ly", ""),
            ("ies", "y"),
            ("ied", "y"),
        ] {
            if let Some(stem) = lower.strip_suffix(suffix) {
                if stem.len() >= 3 {
                    key.clear();
                    key.push_str(stem);
                    key.push_str(replacement);
                    if let Some(&v) = self.0.get(&key) {
                        return Some(v);
                    }
                }
            }
        }
        None
    }

    /// The feature value of a word's valence: its sign and strength
    /// (`-3` … `+3`), or `None` for neutral and unknown words.
    pub fn bucket(&self, lower: &str) -> Option<&'static str> {
        Some(Self::bucket_of(self.of(lower)?))
    }

    /// The feature value of a valence (see [`Valence::bucket`]).
    pub fn bucket_of(v: f32) -> &'static str {
        match v {
            v if v <= -2.5 => "-3",
            v if v <= -1.5 => "-2",
            v if v < 0.0 => "-1",
            v if v >= 2.5 => "+3",
            v if v >= 1.5 => "+2",
            _ => "+1",
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no word is known.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_inflections() {
        let v = Valence::parse("# comment\nhumiliate\t-2.5\nthreat\t-2.4\nbad line\nkind\t1.8\n");
        assert_eq!(v.len(), 3);
        assert_eq!(v.of("humiliated"), Some(-2.5));
        assert_eq!(v.of("threats"), Some(-2.4));
        assert_eq!(v.of("kindly"), Some(1.8));
        assert_eq!(v.of("table"), None);
        assert_eq!(v.bucket("threat"), Some("-2"));
        assert_eq!(v.bucket("humiliating"), Some("-3"));
        assert_eq!(v.bucket("kind"), Some("+2"));
    }

    #[test]
    fn the_shipped_lexicon_knows_charged_words() {
        let v = Valence::shared();
        assert!(v.len() > 5000);
        assert!(v.of("humiliation").unwrap() < -2.0);
        assert!(v.of("arrogant").unwrap() < -2.0);
        assert_eq!(v.of("office"), None);
    }
}
