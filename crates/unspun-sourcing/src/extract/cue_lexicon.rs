//! The words that can head a cue: the hand-written list, widened by the one
//! learned from PolNeAR train, with the share of each word's uses that are
//! cues.

use std::collections::HashMap;

use unspun_learn::ModelFile;

use crate::lexicon::CUE_WORDS;

/// The set of words that can be the head of a cue.
#[derive(Debug, Clone)]
pub struct CueLexicon {
    /// Cue word → share of its uses that are cues (0.5 when unknown).
    words: HashMap<String, f64>,
}

/// The learned cue list: `word<TAB>cue count<TAB>count<TAB>share`, written
/// by `unspun-dev train attribution` from PolNeAR train, embedded in the
/// binary.
pub static CUES_MODEL: ModelFile = unspun_learn::embed_model!("attribution-cues.tsv");

impl CueLexicon {
    /// The hand-written list only.
    pub fn hand_written() -> Self {
        Self {
            words: CUE_WORDS.iter().map(|w| (w.to_string(), 0.5)).collect(),
        }
    }

    /// The hand-written list widened by the learned one: words whose share
    /// of uses as a cue in the training data is at least `min_share` and that
    /// were cues at least `min_count` times.
    pub fn builtin() -> Self {
        let mut lex = Self::hand_written();
        if let Ok(tsv) = CUES_MODEL.load_str() {
            lex.extend_from_tsv(&tsv, 0.5, 5);
        }
        lex
    }

    /// Adds the words of a learned cue list (see [`crate::cues`]) and takes
    /// the learned share of every word it lists.
    pub fn extend_from_tsv(&mut self, tsv: &str, min_share: f64, min_count: usize) {
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let (Ok(cue), Ok(share)) = (f[1].parse::<usize>(), f[3].parse::<f64>()) else {
                continue;
            };
            if let Some(known) = self.words.get_mut(f[0]) {
                if cue >= min_count {
                    *known = share;
                }
            } else if cue >= min_count && share >= min_share {
                self.words.insert(f[0].to_string(), share);
            }
        }
    }

    /// True when `word` (lower case) can head a cue.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// How often `word` is a cue when it occurs (0 when it is not listed).
    pub fn share(&self, word: &str) -> f64 {
        self.words.get(word).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_list_widens_and_reweighs() {
        let mut lex = CueLexicon::hand_written();
        assert!(lex.contains("said"));
        assert_eq!(lex.share("said"), 0.5);
        assert_eq!(lex.share("zebra"), 0.0);
        let tsv = "# word\tcue\tcount\tshare\n\
                   said\t900\t1000\t0.9\n\
                   blorted\t6\t8\t0.75\n\
                   flibbed\t2\t2\t1.0\n\
                   glarped\t50\t200\t0.25\n\
                   broken line\n";
        lex.extend_from_tsv(tsv, 0.5, 5);
        // A listed word takes the learned share.
        assert_eq!(lex.share("said"), 0.9);
        // A new word needs both the count and the share.
        assert!(lex.contains("blorted"));
        assert!(!lex.contains("flibbed") && !lex.contains("glarped"));
    }
}
