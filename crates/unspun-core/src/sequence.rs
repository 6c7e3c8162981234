//! Constrained Viterbi decoding for BIO tag sequences, shared by the
//! linear-chain taggers (named entities, attributions).
//!
//! Tag convention: 0 is `O`, an odd tag `2k + 1` is `B-X`, the even tag
//! after it (`2k + 2`) is `I-X`.

/// Whether tag `to` may follow tag `from` (`None`: start of the sequence):
/// an `I-X` needs `B-X` or `I-X` right before it.
pub fn bio_allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    matches!(from, Some(f) if f == to || f + 1 == to)
}

/// The best tag sequence for emission scores `em[t][y]` and transition
/// scores `transitions[from][to]` (row `L` holds the start scores), under
/// [`bio_allowed`]. Ties go to the lower tag at the end and to the first
/// best predecessor on the way.
pub fn bio_viterbi<const L: usize>(em: &[[f32; L]], transitions: &[[f32; L]]) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; L]; n];
    let mut back = vec![[0u8; L]; n];
    for y in 0..L {
        if bio_allowed(None, y) {
            score[0][y] = em[0][y] + transitions[L][y];
        }
    }
    for t in 1..n {
        for y in 0..L {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (p, &prev) in score[t - 1].iter().enumerate() {
                if !bio_allowed(Some(p), y) || prev == f32::NEG_INFINITY {
                    continue;
                }
                let s = prev + transitions[p][y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[t][y] = best + em[t][y];
            back[t][y] = arg as u8;
        }
    }
    let mut y = (0..L)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for t in (0..n).rev() {
        out[t] = y;
        y = back[t][y] as usize;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_starts_or_continues_an_inside_tag_without_its_begin() {
        // Tags O, B-A, I-A. Emissions favour I-A everywhere.
        let em = [[0.0, 0.0, 5.0]; 3];
        let transitions = [[0.0; 3]; 4];
        assert_eq!(bio_viterbi(&em, &transitions), vec![1, 2, 2]);
        assert!(bio_allowed(None, 1) && !bio_allowed(None, 2));
        assert!(bio_allowed(Some(1), 2) && !bio_allowed(Some(0), 2));
        assert!(bio_viterbi::<3>(&[], &transitions).is_empty());
    }
}
