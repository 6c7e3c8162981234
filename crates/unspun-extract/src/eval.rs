//! Scoring extracted bodies against reference bodies, as the article
//! extraction field does: per page, precision and recall of word 4-gram
//! shingles, averaged over pages; F1 of the two averages.
//!
//! - Tokens are maximal runs of word characters (Unicode letters and digits
//!   and `_`: the `\w+` of Unicode regular expressions).
//! - Shingles are counted as a multiset: a 4-gram written twice in the
//!   reference must be extracted twice to be fully recalled.
//! - A text with 1–3 tokens has one shingle, made of all its tokens; an
//!   empty text has none. Both empty: precision and recall are 1; no shingle
//!   in common otherwise: both are 0.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use crate::{extract_bytes, Article};

/// Shingle size.
pub const SHINGLE: usize = 4;

/// The word tokens of `text`.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The multiset of word shingles of `text`.
pub fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < SHINGLE {
        out.insert(toks, 1);
        return out;
    }
    for w in toks.windows(SHINGLE) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision and recall of one extracted text against its reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    /// Share of extracted shingles that are in the reference.
    pub precision: f64,
    /// Share of reference shingles that were extracted.
    pub recall: f64,
}

/// Scores `predicted` against `reference`.
pub fn score(predicted: &str, reference: &str) -> PageScore {
    let pred = shingles(predicted);
    let gold = shingles(reference);
    let (mut tp, mut n_pred, mut n_gold) = (0u64, 0u64, 0u64);
    for (s, &c) in &pred {
        n_pred += u64::from(c);
        if let Some(&g) = gold.get(s) {
            tp += u64::from(c.min(g));
        }
    }
    for &c in gold.values() {
        n_gold += u64::from(c);
    }
    if n_pred == 0 && n_gold == 0 {
        return PageScore {
            precision: 1.0,
            recall: 1.0,
        };
    }
    if tp == 0 {
        return PageScore {
            precision: 0.0,
            recall: 0.0,
        };
    }
    PageScore {
        precision: tp as f64 / n_pred as f64,
        recall: tp as f64 / n_gold as f64,
    }
}

pub use unspun_learn::metrics::f1;

/// The result on one page of a data set.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// The page key.
    pub key: String,
    /// Body score (zero when the page failed).
    pub score: PageScore,
    /// The reference address.
    pub gold_url: Option<String>,
    /// What was extracted, or why the page failed.
    pub article: Result<Article, String>,
}

/// Scores over a data set.
#[derive(Debug, Clone)]
pub struct Report {
    /// Per page, in key order.
    pub pages: Vec<PageResult>,
    /// Seconds spent extracting (reading files excluded).
    pub seconds: f64,
}

impl Report {
    /// Mean precision over pages.
    pub fn precision(&self) -> f64 {
        mean(self.pages.iter().map(|p| p.score.precision))
    }
    /// Mean recall over pages.
    pub fn recall(&self) -> f64 {
        mean(self.pages.iter().map(|p| p.score.recall))
    }
    /// F1 of the means.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Reads a data set laid out as `ground-truth.json` (`{key: {"articleBody",
/// "url"}}`) next to `html/<key>.html.gz` (or `.html`), extracts every page
/// and scores it.
pub fn evaluate_dir(dir: &Path) -> Result<Report, String> {
    let truth_path = dir.join("ground-truth.json");
    let truth = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth: Value =
        serde_json::from_str(&truth).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let Value::Object(entries) = truth else {
        return Err(format!("{}: not a JSON object", truth_path.display()));
    };
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort();
    let mut pages = Vec::new();
    let mut seconds = 0.0;
    for key in keys {
        let entry = &entries[key];
        let gold = entry
            .get("articleBody")
            .and_then(Value::as_str)
            .unwrap_or("");
        let gold_url = entry.get("url").and_then(Value::as_str).map(str::to_string);
        let html_dir = dir.join("html");
        let candidates = [
            html_dir.join(format!("{key}.html.gz")),
            html_dir.join(format!("{key}.html")),
        ];
        let bytes = candidates.iter().find_map(|p| std::fs::read(p).ok());
        let article = match bytes {
            None => Err(format!("no page html/{key}.html.gz")),
            Some(bytes) => {
                let started = Instant::now();
                let article = extract_bytes(&bytes, None, None).map_err(|e| e.to_string());
                seconds += started.elapsed().as_secs_f64();
                article
            }
        };
        let score = match &article {
            Ok(a) => score(&a.body, gold),
            Err(_) => score("", gold),
        };
        pages.push(PageResult {
            key: key.clone(),
            score,
            gold_url,
            article,
        });
    }
    Ok(Report { pages, seconds })
}

/// Normalises an address for comparison: no scheme, no `www.`, host
/// lowercased, no fragment, no trailing slash; without the query string
/// when `drop_query`.
pub fn normalize_url(url: &str, drop_query: bool) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or(rest);
    let rest = if drop_query {
        rest.split('?').next().unwrap_or(rest)
    } else {
        rest
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.trim_end_matches('/');
    format!("{host}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unicode_words() {
        assert_eq!(
            tokens("Héllo, wörld! 東京 x_1"),
            vec!["Héllo", "wörld", "東京", "x_1"]
        );
        assert!(tokens(" ,.; ").is_empty());
    }

    #[test]
    fn perfect_partial_and_empty() {
        let gold = "one two three four five six";
        assert_eq!(
            score(gold, gold),
            PageScore {
                precision: 1.0,
                recall: 1.0
            }
        );
        // 3 shingles in gold; predicted has 2 of them plus 1 other.
        let s = score("two three four five six seven", gold);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            score("", gold),
            PageScore {
                precision: 0.0,
                recall: 0.0
            }
        );
        assert_eq!(
            score("", ""),
            PageScore {
                precision: 1.0,
                recall: 1.0
            }
        );
        // Short texts: one shingle of all tokens.
        assert_eq!(
            score("a b", "a b"),
            PageScore {
                precision: 1.0,
                recall: 1.0
            }
        );
        assert_eq!(
            score("a b c", "a b"),
            PageScore {
                precision: 0.0,
                recall: 0.0
            }
        );
    }

    #[test]
    fn shingles_are_a_multiset() {
        let gold = "a b c d a b c d";
        // Gold shingles: abcd, bcda, cdab, dabc, abcd (5, abcd twice).
        let s = score("a b c d", gold);
        assert!((s.precision - 1.0).abs() < 1e-9);
        assert!((s.recall - 0.2).abs() < 1e-9);
    }

    #[test]
    fn urls_compare_loosely() {
        assert_eq!(
            normalize_url("https://www.Example.com/a/b/?x=1#top", true),
            "example.com/a/b"
        );
        assert_eq!(
            normalize_url("http://example.com/a/b", false),
            "example.com/a/b"
        );
    }
}
