//! Learning the cue list from annotated data: for every word, how often it
//! is part of a cue and how often it occurs at all.

use std::collections::HashMap;

use crate::brat::Relation;

/// Counts of cue words over a set of annotated texts.
#[derive(Debug, Default, Clone)]
pub struct CueCounts {
    cue: HashMap<String, usize>,
    total: HashMap<String, usize>,
}

fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

impl CueCounts {
    /// Adds one annotated text.
    pub fn add(&mut self, text: &str, relations: &[Relation]) {
        let chars: Vec<char> = text.chars().collect();
        for w in words_of(text) {
            *self.total.entry(w).or_default() += 1;
        }
        for rel in relations {
            for s in &rel.cue {
                let cue: String = chars[s.start.min(chars.len())..s.end.min(chars.len())]
                    .iter()
                    .collect();
                for w in words_of(&cue) {
                    *self.cue.entry(w).or_default() += 1;
                }
            }
        }
    }

    /// The list as TSV (`word, cue count, count, share`), most frequent cue
    /// words first, keeping words that were cues at least `min_count` times.
    pub fn to_tsv(&self, min_count: usize) -> String {
        let mut rows: Vec<(&String, usize, usize)> = self
            .cue
            .iter()
            .filter(|(_, &c)| c >= min_count)
            .map(|(w, &c)| (w, c, self.total.get(w).copied().unwrap_or(c).max(c)))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut out = String::from("# word\tcue_count\tcount\tshare (learned from PolNeAR train by `unspun train attribution`)\n");
        for (w, c, t) in rows {
            out.push_str(&format!("{w}\t{c}\t{t}\t{:.3}\n", c as f64 / t as f64));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::CueLexicon;
    use unspun_core::Span;

    #[test]
    fn counts_and_shares() {
        let text = "Ann said so. Bob said no. The said-word is said often.";
        let rel = |a, b| Relation {
            source: vec![],
            cue: vec![Span::new(a, b)],
            content: vec![],
        };
        let mut counts = CueCounts::default();
        counts.add(text, &[rel(4, 8), rel(17, 21)]);
        let tsv = counts.to_tsv(1);
        // "said" occurs 4 times, twice as a cue.
        assert!(tsv.contains("said\t2\t4\t0.500"), "{tsv}");
        let mut lex = CueLexicon::hand_written();
        assert!(!lex.contains("quacked"));
        lex.extend_from_tsv("quacked\t6\t8\t0.750\nmeowed\t1\t1\t1.000\n", 0.5, 5);
        assert!(lex.contains("quacked"));
        assert!(!lex.contains("meowed"));
    }
}
