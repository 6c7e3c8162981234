//! Scoring extraction with text snippets, as the trafilatura evaluation
//! counts it (`tests/eval_common.py` of that project): per page, snippets
//! that must appear in the extracted main text (`with`) and snippets of
//! boilerplate that must not (`without`).
//!
//! - Whitespace in the extracted text and in every snippet is collapsed to
//!   single spaces; a snippet is found when it is a case-sensitive
//!   substring of the text.
//! - A `with` snippet found is a true positive, missing a false negative; a
//!   `without` snippet found is a false positive, absent a true negative.
//! - Counts are summed over pages (micro-average); a page that cannot be
//!   extracted counts as empty output. `comments` snippets are not scored.
//!
//! The data set: `snippets.json` (`{file: {"url", "with", "without",
//! "comments"}}`) next to `html/<file>.gz`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use unspun_learn::metrics::{f1_counts, share};

use crate::extract_bytes;

/// Confusion counts of snippets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// `with` snippets found.
    pub true_positive: usize,
    /// `with` snippets missing.
    pub false_negative: usize,
    /// `without` snippets found.
    pub false_positive: usize,
    /// `without` snippets absent.
    pub true_negative: usize,
}

impl Counts {
    /// Adds another page's counts.
    pub fn add(&mut self, other: &Counts) {
        self.true_positive += other.true_positive;
        self.false_negative += other.false_negative;
        self.false_positive += other.false_positive;
        self.true_negative += other.true_negative;
    }

    /// TP / (TP + FP).
    pub fn precision(&self) -> f64 {
        share(self.true_positive, self.true_positive + self.false_positive)
    }

    /// TP / (TP + FN).
    pub fn recall(&self) -> f64 {
        share(self.true_positive, self.true_positive + self.false_negative)
    }

    /// (TP + TN) / all.
    pub fn accuracy(&self) -> f64 {
        share(
            self.true_positive + self.true_negative,
            self.true_positive + self.true_negative + self.false_positive + self.false_negative,
        )
    }

    /// 2 TP / (2 TP + FP + FN).
    pub fn f_score(&self) -> f64 {
        f1_counts(self.true_positive, self.false_positive, self.false_negative)
    }

    /// Snippets scored wrong (FN + FP).
    pub fn errors(&self) -> usize {
        self.false_negative + self.false_positive
    }
}

/// `text` with every run of whitespace made one space, trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts the snippets of one page against its extracted text.
pub fn count_page(extracted: &str, with: &[String], without: &[String]) -> Counts {
    check_page(extracted, with, without).0
}

/// [`count_page`], with the `with` snippets missed and the `without`
/// snippets found, for reading.
pub fn check_page(extracted: &str, with: &[String], without: &[String]) -> (Counts, Vec<String>) {
    let text = collapse_whitespace(extracted);
    let found = |s: &String| text.contains(&collapse_whitespace(s));
    let mut counts = Counts::default();
    let mut misses = Vec::new();
    for s in with {
        if found(s) {
            counts.true_positive += 1;
        } else {
            counts.false_negative += 1;
            misses.push(format!("missing: {s}"));
        }
    }
    for s in without {
        if found(s) {
            counts.false_positive += 1;
            misses.push(format!("boilerplate kept: {s}"));
        } else {
            counts.true_negative += 1;
        }
    }
    (counts, misses)
}

/// One scored page.
#[derive(Debug, Clone)]
pub struct SnippetPage {
    /// The file name in `snippets.json`.
    pub key: String,
    /// Its counts.
    pub counts: Counts,
    /// The language the extractor found (`?` when none or failed).
    pub language: String,
    /// Why extraction failed (the page then counts as empty output).
    pub error: Option<String>,
    /// `with` snippets missed and `without` snippets found, for reading.
    pub misses: Vec<String>,
}

/// The scores of `unspun eval extraction` on a snippets data set.
#[derive(Debug, Clone)]
pub struct SnippetEval {
    /// Every page, in key order.
    pub pages: Vec<SnippetPage>,
    /// Summed counts.
    pub total: Counts,
    /// Seconds spent extracting (one thread).
    pub seconds: f64,
    /// How many pages with the most errors to list.
    pub worst: usize,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `dir` holds a snippets data set (`snippets.json`).
pub fn is_snippet_set(dir: &Path) -> bool {
    dir.join("snippets.json").is_file()
}

/// Extracts every page of the snippets data set in `dir` and counts its
/// snippets, keeping the `worst` pages with the most errors for the report.
pub fn evaluate_snippets(dir: &Path, worst: usize) -> Result<SnippetEval, String> {
    let path = dir.join("snippets.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let entries: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let Value::Object(entries) = entries else {
        return Err(format!("{}: not a JSON object", path.display()));
    };
    let mut keys: Vec<&String> = entries.keys().collect();
    keys.sort();
    let mut pages = Vec::with_capacity(keys.len());
    let mut total = Counts::default();
    let mut seconds = 0.0;
    for key in keys {
        let entry = &entries[key];
        let with = strings(entry.get("with"));
        let without = strings(entry.get("without"));
        let html = dir.join("html");
        let bytes = [html.join(format!("{key}.gz")), html.join(key)]
            .iter()
            .find_map(|p| std::fs::read(p).ok());
        let (extracted, language, error) = match bytes {
            None => (String::new(), None, Some(format!("no page html/{key}.gz"))),
            Some(bytes) => {
                let started = Instant::now();
                let result = extract_bytes(&bytes, None, None);
                seconds += started.elapsed().as_secs_f64();
                match result {
                    Ok(a) => (a.body, a.language, None),
                    Err(e) => (String::new(), None, Some(e.to_string())),
                }
            }
        };
        let (counts, misses) = check_page(&extracted, &with, &without);
        total.add(&counts);
        pages.push(SnippetPage {
            key: key.clone(),
            counts,
            language: language.unwrap_or_else(|| "?".into()),
            error,
            misses,
        });
    }
    Ok(SnippetEval {
        pages,
        total,
        seconds,
        worst,
    })
}

impl SnippetEval {
    /// Counts per language the extractor found, largest first.
    pub fn by_language(&self) -> Vec<(String, usize, Counts)> {
        let mut map: BTreeMap<&str, (usize, Counts)> = BTreeMap::new();
        for p in &self.pages {
            let e = map.entry(p.language.as_str()).or_default();
            e.0 += 1;
            e.1.add(&p.counts);
        }
        let mut out: Vec<(String, usize, Counts)> = map
            .into_iter()
            .map(|(l, (n, c))| (l.to_string(), n, c))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Pages that could not be extracted.
    pub fn failed(&self) -> Vec<&str> {
        self.pages
            .iter()
            .filter(|p| p.error.is_some())
            .map(|p| p.key.as_str())
            .collect()
    }

    /// The pages with the most errors, most first (key order on ties).
    pub fn worst_pages(&self) -> Vec<&SnippetPage> {
        let mut order: Vec<&SnippetPage> = self
            .pages
            .iter()
            .filter(|p| p.counts.errors() > 0)
            .collect();
        order.sort_by(|a, b| {
            b.counts
                .errors()
                .cmp(&a.counts.errors())
                .then(a.key.cmp(&b.key))
        });
        order.truncate(self.worst);
        order
    }

    /// Pages extracted per second (one thread, extraction only).
    pub fn pages_per_second(&self) -> f64 {
        self.pages.len() as f64 / self.seconds.max(1e-9)
    }

    /// The scores as the JSON record of `unspun eval extraction --json`.
    pub fn to_json(&self) -> Value {
        let counts = |c: &Counts| {
            json!({
                "true_positive": c.true_positive, "false_negative": c.false_negative,
                "false_positive": c.false_positive, "true_negative": c.true_negative,
                "precision": c.precision(), "recall": c.recall(),
                "accuracy": c.accuracy(), "f_score": c.f_score(),
            })
        };
        json!({
            "scoring": "snippets (trafilatura evaluation): case-sensitive substrings after whitespace collapsing, micro-averaged",
            "pages": self.pages.len(),
            "failed": self.failed(),
            "snippets": counts(&self.total),
            "by_language": self.by_language().iter().map(|(l, n, c)| json!({
                "language": l, "pages": n, "snippets": counts(c),
            })).collect::<Vec<_>>(),
            "pages_per_second_one_thread": self.pages_per_second(),
            "worst": self.worst_pages().iter().map(|p| json!({
                "key": p.key, "errors": p.counts.errors(), "misses": p.misses, "error": p.error,
            })).collect::<Vec<_>>(),
        })
    }
}

/// The text report of `unspun eval extraction` on a snippets data set.
impl std::fmt::Display for SnippetEval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = &self.total;
        writeln!(
            f,
            "pages                {} ({} failed)",
            self.pages.len(),
            self.failed().len()
        )?;
        writeln!(
            f,
            "snippets             TP {}  FN {}  FP {}  TN {}",
            t.true_positive, t.false_negative, t.false_positive, t.true_negative
        )?;
        writeln!(
            f,
            "precision {:.4}  recall {:.4}  accuracy {:.4}  F-score {:.4}",
            t.precision(),
            t.recall(),
            t.accuracy(),
            t.f_score()
        )?;
        writeln!(
            f,
            "speed                {:.1} pages/s (one thread, extraction only)",
            self.pages_per_second()
        )?;
        writeln!(f, "\nlanguage  pages  precision  recall  F-score")?;
        for (l, n, c) in self.by_language() {
            writeln!(
                f,
                "{l:<9} {n:>5}  {:>9.4}  {:>6.4}  {:>7.4}",
                c.precision(),
                c.recall(),
                c.f_score()
            )?;
        }
        let worst = self.worst_pages();
        if !worst.is_empty() {
            writeln!(f, "\npages with the most errors:")?;
            for p in worst {
                writeln!(f, "  {} ({} errors)", p.key, p.counts.errors())?;
                if let Some(e) = &p.error {
                    writeln!(f, "    extraction failed: {e}")?;
                }
                for m in &p.misses {
                    let short: String = m.chars().take(100).collect();
                    writeln!(f, "    {short}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn counts_snippets_as_the_field_does() {
        let text = "Weltweit finanzieren  Banken\nund Investoren.\n\nMenü";
        let c = count_page(
            text,
            &s(&["Weltweit finanzieren Banken und", "weltweit", "fehlt"]),
            &s(&["Menü", "Cookies & Tracking"]),
        );
        // Whitespace is collapsed; case matters.
        assert_eq!(
            c,
            Counts {
                true_positive: 1,
                false_negative: 2,
                false_positive: 1,
                true_negative: 1
            }
        );
        assert!((c.precision() - 0.5).abs() < 1e-12);
        assert!((c.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert!((c.accuracy() - 0.4).abs() < 1e-12);
        assert!((c.f_score() - 2.0 / 5.0).abs() < 1e-12);
        let empty = count_page("", &s(&["a"]), &s(&["b"]));
        assert_eq!((empty.false_negative, empty.true_negative), (1, 1));
        assert_eq!(Counts::default().f_score(), 0.0);
    }

    #[test]
    fn evaluates_a_small_snippet_set() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("html")).unwrap();
        let page = "<html lang=\"en\"><head><title>Rain</title></head><body>\
            <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
            <article><h1>Heavy rain closes schools</h1>\
            <p>Heavy rain closed schools across Leeds on Friday, the council said, after rivers \
            burst their banks overnight and several roads were flooded.</p>\
            <p>The council said the schools would reopen on Monday if the water level keeps \
            falling, and asked parents to check its website for updates.</p></article>\
            <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>";
        std::fs::write(dir.path().join("html/rain.html"), page).unwrap();
        let snippets = json!({
            "rain.html": {"url": "https://example.com/rain", "comments": [],
                "with": ["closed schools across Leeds", "reopen on Monday"],
                "without": ["All rights reserved"]},
            "gone.html": {"url": "x", "comments": [], "with": ["anything"], "without": []},
        });
        std::fs::write(dir.path().join("snippets.json"), snippets.to_string()).unwrap();
        assert!(is_snippet_set(dir.path()));
        let eval = evaluate_snippets(dir.path(), 5).unwrap();
        assert_eq!(eval.pages.len(), 2);
        assert_eq!(eval.failed(), vec!["gone.html"]);
        let rain = eval.pages.iter().find(|p| p.key == "rain.html").unwrap();
        assert_eq!(rain.counts.true_positive, 2);
        assert_eq!(rain.counts.true_negative, 1);
        assert_eq!(eval.total.false_negative, 1);
        let report = eval.to_string();
        assert!(report.contains("F-score"), "{report}");
        assert!(report.contains("missing: anything"), "{report}");
        assert_eq!(eval.to_json()["pages"], 2);
        assert!(evaluate_snippets(&dir.path().join("nowhere"), 0).is_err());
    }
}
