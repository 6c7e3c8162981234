//! Word clusters learnt from unlabelled text, for the tagger's features:
//! each word's left and right neighbours (among the most frequent words)
//! form a context vector; spherical k-means at two granularities groups
//! words that occur in similar contexts ("Tuesday" with "Monday", "Blair"
//! with "Brown"). Deterministic: centroids start at the most frequent words.

use std::collections::HashMap;

/// Settings of [`learn`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// Number of frequent words used as context features.
    pub context_words: usize,
    /// Cluster counts, coarse to fine.
    pub granularities: Vec<usize>,
    /// k-means iterations.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            min_count: 3,
            context_words: 400,
            granularities: vec![64, 512],
            iterations: 8,
        }
    }
}

/// Learns clusters from tokenised sentences; returns, for each word (as
/// written), its cluster ids joined by `|` ("c64:12|c512:301").
pub fn learn(sentences: &[Vec<String>], options: &ClusterOptions) -> HashMap<String, String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut lower_counts: HashMap<String, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
            *lower_counts.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut frequent: Vec<(&String, &usize)> = lower_counts.iter().collect();
    frequent.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let context: HashMap<&str, usize> = frequent
        .iter()
        .take(options.context_words)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let dims = 2 * (options.context_words + 1);
    let mut words: Vec<(&str, usize)> = counts
        .iter()
        .filter(|(_, &c)| c >= options.min_count)
        .map(|(w, c)| (*w, *c))
        .collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index: HashMap<&str, usize> = words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let mut vectors: Vec<HashMap<usize, f32>> = vec![HashMap::new(); words.len()];
    let ctx_id = |w: Option<&String>| -> usize {
        w.and_then(|w| context.get(w.to_lowercase().as_str()).copied())
            .unwrap_or(options.context_words)
    };
    for s in sentences {
        for (i, w) in s.iter().enumerate() {
            let Some(&k) = index.get(w.as_str()) else {
                continue;
            };
            let left = ctx_id(if i > 0 { s.get(i - 1) } else { None });
            let right = options.context_words + 1 + ctx_id(s.get(i + 1));
            *vectors[k].entry(left).or_default() += 1.0;
            *vectors[k].entry(right).or_default() += 1.0;
        }
    }
    // Square-root counts, unit length.
    let points: Vec<Vec<(usize, f32)>> = vectors
        .into_iter()
        .map(|v| {
            let mut p: Vec<(usize, f32)> = v.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
            p.sort_by_key(|x| x.0);
            let norm = p.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            p.iter_mut().for_each(|x| x.1 /= norm);
            p
        })
        .collect();
    let mut labels: Vec<Vec<usize>> = vec![Vec::new(); points.len()];
    for &k in &options.granularities {
        let k = k.min(points.len()).max(1);
        let mut centroids: Vec<Vec<f32>> = (0..k)
            .map(|c| {
                let mut v = vec![0f32; dims];
                for &(d, x) in &points[c] {
                    v[d] = x;
                }
                v
            })
            .collect();
        let mut assign = vec![0usize; points.len()];
        for _ in 0..options.iterations {
            for (p, a) in points.iter().zip(assign.iter_mut()) {
                let mut best = (f32::NEG_INFINITY, 0);
                for (c, centroid) in centroids.iter().enumerate() {
                    let dot: f32 = p.iter().map(|&(d, x)| centroid[d] * x).sum();
                    if dot > best.0 {
                        best = (dot, c);
                    }
                }
                *a = best.1;
            }
            for centroid in centroids.iter_mut() {
                centroid.iter_mut().for_each(|x| *x = 0.0);
            }
            for (p, &a) in points.iter().zip(&assign) {
                for &(d, x) in p {
                    centroids[a][d] += x;
                }
            }
            for centroid in centroids.iter_mut() {
                let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    centroid.iter_mut().for_each(|x| *x /= norm);
                }
            }
        }
        for (l, a) in labels.iter_mut().zip(assign) {
            l.push(a);
        }
    }
    words
        .iter()
        .zip(labels)
        .map(|((w, _), l)| {
            let id = l
                .iter()
                .zip(&options.granularities)
                .map(|(a, k)| format!("c{k}:{a}"))
                .collect::<Vec<_>>()
                .join("|");
            (w.to_string(), id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut sentences = Vec::new();
        for day in ["Monday", "Tuesday", "Friday"] {
            for _ in 0..3 {
                sentences.push(
                    ["he", "left", "on", day, "."]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                );
            }
        }
        for name in ["Blair", "Brown"] {
            for _ in 0..3 {
                sentences.push(
                    ["Mr", name, "said", "it", "."]
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                );
            }
        }
        let options = ClusterOptions {
            min_count: 3,
            context_words: 20,
            granularities: vec![6],
            iterations: 5,
        };
        let clusters = learn(&sentences, &options);
        assert_eq!(clusters["Monday"], clusters["Friday"]);
        assert_eq!(clusters["Blair"], clusters["Brown"]);
        assert_ne!(clusters["Monday"], clusters["Blair"]);
        assert_eq!(learn(&sentences, &options), clusters, "deterministic");
    }
}
