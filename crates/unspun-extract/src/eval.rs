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
//!
//! [`evaluate_extraction`] gives what `unspun eval extraction` reports: the
//! body scores, metadata checks ([`MetaChecks`]) and the worst pages.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use crate::meta::date_in_url;
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

/// Share of `hits` in `total`, 0 when there is none.
fn rate(hits: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        hits as f64 / total as f64
    }
}

/// Metadata checks a data set with only bodies and addresses allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetaChecks {
    /// Pages of the data set.
    pub pages: usize,
    /// Pages whose found address is the reference one.
    pub url_exact: usize,
    /// Pages whose found address is the reference one, query string aside.
    pub url_path: usize,
    /// Pages with a title.
    pub title: usize,
    /// Pages with authors.
    pub authors: usize,
    /// Pages with a publication date.
    pub published: usize,
    /// Pages with a language.
    pub language: usize,
    /// Pages with a site name.
    pub site_name: usize,
    /// Pages whose reference address has a date.
    pub dated_urls: usize,
    /// Of those, pages whose publication date is that date.
    pub date_matches_url: usize,
    /// Of those, pages whose publication date is within a day of it.
    pub date_within_a_day: usize,
}

/// Days since 1970-01-01 of an ISO date.
fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The metadata checks of a report.
pub fn meta_checks(report: &Report) -> MetaChecks {
    let mut m = MetaChecks {
        pages: report.pages.len(),
        ..MetaChecks::default()
    };
    for page in &report.pages {
        let Ok(a) = &page.article else { continue };
        if let (Some(found), Some(gold)) = (&a.url, &page.gold_url) {
            m.url_exact += usize::from(normalize_url(found, false) == normalize_url(gold, false));
            m.url_path += usize::from(normalize_url(found, true) == normalize_url(gold, true));
        }
        m.title += usize::from(a.title.is_some());
        m.authors += usize::from(!a.authors.is_empty());
        m.published += usize::from(a.published.is_some());
        m.language += usize::from(a.language.is_some());
        m.site_name += usize::from(a.site_name.is_some());
        if let Some(url_date) = page.gold_url.as_deref().and_then(date_in_url) {
            m.dated_urls += 1;
            m.date_matches_url += usize::from(a.published.as_deref() == Some(url_date.as_str()));
            let gap = a
                .published
                .as_deref()
                .and_then(day_number)
                .zip(day_number(&url_date))
                .map(|(x, y)| (x - y).abs());
            m.date_within_a_day += usize::from(gap.is_some_and(|g| g <= 1));
        }
    }
    m
}

/// The scores of `unspun eval extraction`: body shingles, metadata checks,
/// speed and the pages with the lowest body F1.
#[derive(Debug, Clone)]
pub struct ExtractionEval {
    /// The per-page results.
    pub report: Report,
    /// Keys of the pages that could not be extracted.
    pub failed: Vec<String>,
    /// Pages extracted with an empty body.
    pub empty_bodies: usize,
    /// The metadata checks.
    pub meta: MetaChecks,
    /// Pages extracted per second (one thread, extraction only).
    pub pages_per_second: f64,
    /// Indices in `report.pages` of the pages with the lowest body F1,
    /// lowest first.
    pub worst: Vec<usize>,
}

/// Extracts and scores the data set of `dir` (see [`evaluate_dir`]),
/// keeping the `worst` pages with the lowest body F1.
pub fn evaluate_extraction(dir: &Path, worst: usize) -> Result<ExtractionEval, String> {
    evaluate_dir(dir).map(|report| ExtractionEval::new(report, worst))
}

impl ExtractionEval {
    /// The scores of `report`, keeping the `worst` pages with the lowest
    /// body F1.
    pub fn new(report: Report, worst: usize) -> Self {
        let failed = report
            .pages
            .iter()
            .filter(|p| p.article.is_err())
            .map(|p| p.key.clone())
            .collect();
        let empty_bodies = report
            .pages
            .iter()
            .filter(|p| p.article.as_ref().is_ok_and(|a| a.body.is_empty()))
            .count();
        let meta = meta_checks(&report);
        let pages_per_second = report.pages.len() as f64 / report.seconds.max(1e-9);
        let mut order: Vec<usize> = (0..report.pages.len()).collect();
        let page_f1 = |i: &usize| {
            let s = report.pages[*i].score;
            f1(s.precision, s.recall)
        };
        order.sort_by(|a, b| page_f1(a).total_cmp(&page_f1(b)));
        order.truncate(worst);
        Self {
            report,
            failed,
            empty_bodies,
            meta,
            pages_per_second,
            worst: order,
        }
    }

    /// The scores as the JSON record of `unspun eval extraction --json`.
    pub fn to_json(&self) -> Value {
        let (report, m) = (&self.report, &self.meta);
        serde_json::json!({
            "pages": report.pages.len(),
            "failed": self.failed,
            "empty_bodies": self.empty_bodies,
            "shingles": "word 4-grams, multisets",
            "body": {"precision": report.precision(), "recall": report.recall(), "f1": report.f1()},
            "metadata": {
                "url_matches_reference": rate(m.url_exact, m.pages),
                "url_matches_reference_without_query": rate(m.url_path, m.pages),
                "published_matches_url_date": rate(m.date_matches_url, m.dated_urls),
                "published_within_a_day_of_url_date": rate(m.date_within_a_day, m.dated_urls),
                "pages_with_url_date": m.dated_urls,
                "has_title": rate(m.title, m.pages),
                "has_authors": rate(m.authors, m.pages),
                "has_published": rate(m.published, m.pages),
                "has_language": rate(m.language, m.pages),
                "has_site_name": rate(m.site_name, m.pages),
            },
            "pages_per_second_one_thread": self.pages_per_second,
            "worst": self.worst.iter().map(|&i| {
                let p = &report.pages[i];
                serde_json::json!({
                    "key": p.key, "url": p.gold_url, "precision": p.score.precision, "recall": p.score.recall,
                })
            }).collect::<Vec<_>>(),
        })
    }
}

/// The text report of `unspun eval extraction`.
impl std::fmt::Display for ExtractionEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (report, m) = (&self.report, &self.meta);
        writeln!(
            f,
            "pages                {} ({} failed, {} empty bodies)",
            report.pages.len(),
            self.failed.len(),
            self.empty_bodies
        )?;
        writeln!(
            f,
            "body (4-gram shingles, multisets, mean over pages)  P {:.4}  R {:.4}  F1 {:.4}",
            report.precision(),
            report.recall(),
            report.f1()
        )?;
        writeln!(
            f,
            "url = reference      {:.4}  ({} of {}; {:.4} ignoring the query string)",
            rate(m.url_exact, m.pages),
            m.url_exact,
            m.pages,
            rate(m.url_path, m.pages)
        )?;
        writeln!(
            f,
            "published = URL date {:.4}  ({} of {} pages whose reference URL has a date; {} within a day)",
            rate(m.date_matches_url, m.dated_urls),
            m.date_matches_url,
            m.dated_urls,
            m.date_within_a_day
        )?;
        writeln!(
            f,
            "found                title {:.3}  authors {:.3}  published {:.3}  language {:.3}  site name {:.3}",
            rate(m.title, m.pages),
            rate(m.authors, m.pages),
            rate(m.published, m.pages),
            rate(m.language, m.pages),
            rate(m.site_name, m.pages)
        )?;
        writeln!(
            f,
            "speed                {:.1} pages/s (one thread, extraction only)",
            self.pages_per_second
        )?;
        for &i in &self.worst {
            let p = &report.pages[i];
            writeln!(
                f,
                "worst  P {:.3}  R {:.3}  {}  {}",
                p.score.precision,
                p.score.recall,
                p.key,
                p.gold_url.as_deref().unwrap_or("")
            )?;
        }
        Ok(())
    }
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

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2019-11-20").unwrap() - day_number("2019-11-19").unwrap(),
            1
        );
        assert_eq!(
            day_number("2020-03-01").unwrap() - day_number("2020-02-28").unwrap(),
            2
        );
    }
}
