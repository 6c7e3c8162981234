//! Trains and checks the learned block classifier of the body extractor.
//!
//! ```sh
//! cargo run --release -p unspun-extract --example train_blocks -- \
//!     ../shared/data/article-extraction ../shared/data/article-extraction-snippets [--cv] [--out FILE]
//! ```
//!
//! Each data set directory is either the 90-page set (`ground-truth.json`:
//! units labelled by the share of their word 4-grams found in the reference
//! body) or the snippet set (`snippets.json`: units holding or held by a
//! `with` snippet are article text, `without` snippets boilerplate; others
//! unlabelled). With `--cv`, for every setting of a small grid: a model
//! trained on one set and scored end to end on the other (both ways), and
//! 5 folds over the pages of both sets. Without it, the model trained on
//! every page with the chosen setting is written to `--out` (default: the
//! crate's `models/blocks.json`). Deterministic: fixed seed, fixed order.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use unspun_extract::body::{BlockModel, Example, Features, TrainParams};
use unspun_extract::eval::{score, tokens};
use unspun_extract::snippets::{collapse_whitespace, count_page, Counts};

/// How a page is scored end to end.
enum Gold {
    /// The reference body (90-page set).
    Body(String),
    /// `with` and `without` snippets.
    Snippets(Vec<String>, Vec<String>),
}

/// A page ready for training and scoring.
struct Page {
    set: usize,
    texts: Vec<String>,
    rule: Vec<bool>,
    features: Vec<Features>,
    /// Label and weight of each unit (None: unlabelled).
    labels: Vec<Option<(bool, f32)>>,
    gold: Gold,
}

fn read_gz(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = if unspun_extract::is_gzip(&bytes) {
        unspun_extract::gunzip(&bytes, unspun_extract::MAX_PAGE_BYTES).ok()?
    } else {
        bytes
    };
    Some(unspun_extract::charset::decode_page(&bytes, None).text)
}

/// Word n-grams (n = 1..=4) of `toks` as joined strings.
fn grams<'a>(toks: &'a [&'a str], n: usize) -> impl Iterator<Item = String> + 'a {
    toks.windows(n).map(|w| w.join(" "))
}

/// Labels by the reference body: ≥ half of a unit's 4-grams in the
/// reference makes it article text, under a fifth boilerplate; short units
/// by their whole word sequence.
fn body_labels(texts: &[String], reference: &str) -> Vec<Option<(bool, f32)>> {
    let rt = tokens(reference);
    let mut sets: Vec<HashSet<String>> = vec![HashSet::new(); 5];
    for (n, set) in sets.iter_mut().enumerate().skip(1) {
        set.extend(grams(&rt, n));
    }
    let raw: Vec<Option<(bool, f32)>> = texts
        .iter()
        .map(|t| {
            let toks = tokens(t);
            if toks.is_empty() {
                return None;
            }
            let w = (2.0 + toks.len() as f32).ln();
            if toks.len() < 4 {
                let found = sets[toks.len()].contains(&toks.join(" "));
                return match (found, toks.len()) {
                    (false, _) => Some((false, w)),
                    (true, 1) => None,
                    (true, _) => Some((true, w)),
                };
            }
            let all: Vec<String> = grams(&toks, 4).collect();
            let hit = all.iter().filter(|g| sets[4].contains(*g)).count() as f32 / all.len() as f32;
            if hit >= 0.5 {
                Some((true, w))
            } else if hit < 0.2 {
                Some((false, w))
            } else {
                None
            }
        })
        .collect();
    normalise(raw)
}

/// Labels by snippets: a unit holding a snippet, or held by one (15
/// characters or more), takes its kind; both kinds or none: unlabelled.
fn snippet_labels(
    texts: &[String],
    with: &[String],
    without: &[String],
) -> Vec<Option<(bool, f32)>> {
    let with: Vec<String> = with.iter().map(|s| collapse_whitespace(s)).collect();
    let without: Vec<String> = without.iter().map(|s| collapse_whitespace(s)).collect();
    let raw = texts
        .iter()
        .map(|t| {
            let t = collapse_whitespace(t);
            let hit = |s: &String| {
                !s.is_empty() && (t.contains(s.as_str()) || (t.len() >= 15 && s.contains(&t)))
            };
            match (with.iter().any(hit), without.iter().any(hit)) {
                (true, false) => Some((true, 2.0)),
                (false, true) => Some((false, 2.0)),
                _ => None,
            }
        })
        .collect();
    normalise(raw)
}

/// Weights divided by the square root of the page's labelled units, so
/// that long pages do not drown short ones.
fn normalise(mut labels: Vec<Option<(bool, f32)>>) -> Vec<Option<(bool, f32)>> {
    let n = labels.iter().filter(|l| l.is_some()).count().max(1) as f32;
    for (_, w) in labels.iter_mut().flatten() {
        *w /= n.sqrt();
    }
    labels
}

fn load(dir: &Path, set: usize) -> Vec<Page> {
    let snippets = dir.join("snippets.json");
    let (index, is_snippets) = if snippets.exists() {
        (snippets, true)
    } else {
        (dir.join("ground-truth.json"), false)
    };
    let index: HashMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(&index).expect("index")).expect("json");
    let mut keys: Vec<&String> = index.keys().collect();
    keys.sort();
    let mut pages = Vec::new();
    for key in keys {
        let v = &index[key];
        let file = if is_snippets {
            dir.join("html").join(format!("{key}.gz"))
        } else {
            dir.join("html").join(format!("{key}.html.gz"))
        };
        let Some(html) = read_gz(&file) else {
            eprintln!("skipped {}", file.display());
            continue;
        };
        let (units, features) = unspun_extract::training_units(&html);
        let texts: Vec<String> = units.iter().map(|u| u.text.clone()).collect();
        let rule = units.iter().map(|u| u.rule_kept).collect();
        let strings = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (labels, gold) = if is_snippets {
            let (w, wo) = (strings("with"), strings("without"));
            (snippet_labels(&texts, &w, &wo), Gold::Snippets(w, wo))
        } else {
            let r = v["articleBody"].as_str().unwrap_or("").to_string();
            (body_labels(&texts, &r), Gold::Body(r))
        };
        pages.push(Page {
            set,
            texts,
            rule,
            features,
            labels,
            gold,
        });
    }
    pages
}

fn examples<'a>(pages: impl Iterator<Item = &'a Page>) -> Vec<Example> {
    let mut out = Vec::new();
    for p in pages {
        for (f, l) in p.features.iter().zip(&p.labels) {
            if let Some((label, weight)) = *l {
                out.push(Example {
                    features: f.clone(),
                    label,
                    weight,
                });
            }
        }
    }
    out
}

/// The page's text with `model` (the rules' text if it keeps nothing).
fn page_text(p: &Page, model: Option<&BlockModel>) -> String {
    let keep: Vec<bool> = match model {
        Some(m) => p
            .features
            .iter()
            .zip(&p.rule)
            .map(|(f, &r)| m.keep(f, r))
            .collect(),
        None => p.rule.clone(),
    };
    let keep = if keep.iter().any(|&k| k) {
        keep
    } else {
        p.rule.clone()
    };
    p.texts
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// End-to-end scores per set: (body F1, P, R) of the 90-page kind and the
/// snippet counts.
#[derive(Default)]
struct Scores {
    p: f64,
    r: f64,
    n: usize,
    counts: Counts,
}

impl Scores {
    fn add(&mut self, page: &Page, text: &str) {
        match &page.gold {
            Gold::Body(r) => {
                let s = score(text, r);
                self.p += s.precision;
                self.r += s.recall;
                self.n += 1;
            }
            Gold::Snippets(w, wo) => self.counts.add(&count_page(text, w, wo)),
        }
    }

    fn line(&self) -> String {
        if self.n > 0 {
            let (p, r) = (self.p / self.n as f64, self.r / self.n as f64);
            format!(
                "body P {p:.4} R {r:.4} F1 {:.4} ({} pages)",
                2.0 * p * r / (p + r),
                self.n
            )
        } else {
            let c = &self.counts;
            format!(
                "snippets P {:.4} R {:.4} F {:.4} (TP {} FN {} FP {} TN {})",
                c.precision(),
                c.recall(),
                c.f_score(),
                c.true_positive,
                c.false_negative,
                c.false_positive,
                c.true_negative
            )
        }
    }
}

fn score_pages<'a>(pages: impl Iterator<Item = &'a Page>, model: Option<&BlockModel>) -> String {
    let mut s = Scores::default();
    for p in pages {
        s.add(p, &page_text(p, model));
    }
    s.line()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cv = args.iter().any(|a| a == "--cv");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models/blocks.json"));
    let get = |name: &str, default: f32| -> f32 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let dirs: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let valued = [
                "--out",
                "--epochs",
                "--rate",
                "--l2",
                "--threshold",
                "--drop-threshold",
            ];
            !a.starts_with("--") && (*i == 0 || !valued.contains(&args[i - 1].as_str()))
        })
        .map(|(_, a)| a)
        .collect();
    let mut pages = Vec::new();
    for (set, d) in dirs.iter().enumerate() {
        let p = load(Path::new(d), set);
        eprintln!(
            "{d}: {} pages, {} labelled units",
            p.len(),
            examples(p.iter()).len()
        );
        pages.extend(p);
    }
    let sets = dirs.len();
    let base = TrainParams {
        epochs: get("--epochs", 8.0) as usize,
        rate: get("--rate", 0.1),
        l2: get("--l2", 1e-5),
        seed: 16,
        threshold: get("--threshold", 0.5),
        drop_threshold: get("--drop-threshold", 0.5),
    };
    for s in 0..sets {
        println!(
            "set {s} rules alone: {}",
            score_pages(pages.iter().filter(|p| p.set == s), None)
        );
    }
    if args.iter().any(|a| a == "--diff") {
        // Snippets whose outcome the shipped model changes.
        let m = BlockModel::embedded().expect("embedded model");
        for p in &pages {
            let Gold::Snippets(with, without) = &p.gold else {
                continue;
            };
            let (a, b) = (page_text(p, None), page_text(p, Some(m)));
            let (a, b) = (collapse_whitespace(&a), collapse_whitespace(&b));
            for (kind, list) in [("with", with), ("without", without)] {
                for snip in list {
                    let s = collapse_whitespace(snip);
                    let (x, y) = (a.contains(&s), b.contains(&s));
                    if x != y {
                        let now = if y { "now found" } else { "now absent" };
                        println!("{kind} {now}: {s}");
                    }
                }
            }
        }
        return;
    }
    if !cv {
        let model = BlockModel::train(
            &examples(pages.iter()),
            base,
            &format!(
                "train_blocks on {} pages of {} sets; epochs {} rate {} l2 {} threshold {}",
                pages.len(),
                sets,
                base.epochs,
                base.rate,
                base.l2,
                base.threshold
            ),
        );
        for s in 0..sets {
            println!(
                "set {s} trained on all (in sample): {}",
                score_pages(pages.iter().filter(|p| p.set == s), Some(&model))
            );
        }
        std::fs::write(&out, model.to_json()).expect("write model");
        eprintln!("wrote {}", out.display());
        return;
    }
    // Thresholds: (add, drop).
    let grid: Vec<(f32, f32)> = [0.5f32, 0.7, 0.85, 1.01]
        .iter()
        .flat_map(|&a| [0.0f32, 0.2, 0.35, 0.5].map(move |d| (a, d)))
        .collect();
    let with = |m: &BlockModel, (a, d): (f32, f32)| BlockModel {
        threshold: a,
        drop_threshold: d,
        ..m.clone()
    };
    let params = base;
    // One set to the other.
    for s in 0..sets {
        let m = BlockModel::train(&examples(pages.iter().filter(|p| p.set != s)), params, "cv");
        for &g in &grid {
            println!(
                "add {} drop {}: other sets -> set {s}: {}",
                g.0,
                g.1,
                score_pages(pages.iter().filter(|p| p.set == s), Some(&with(&m, g)))
            );
        }
    }
    // Five folds over all pages.
    let fold = |i: usize| i % 5;
    let mut texts: Vec<HashMap<u32, String>> = vec![HashMap::new(); grid.len()];
    for k in 0..5 {
        let train = examples(
            pages
                .iter()
                .enumerate()
                .filter(|(i, _)| fold(*i) != k)
                .map(|(_, p)| p),
        );
        let m = BlockModel::train(&train, params, "cv");
        for (gi, &g) in grid.iter().enumerate() {
            let m = with(&m, g);
            for (i, p) in pages.iter().enumerate().filter(|(i, _)| fold(*i) == k) {
                texts[gi].insert(i as u32, page_text(p, Some(&m)));
            }
        }
    }
    for (gi, &g) in grid.iter().enumerate() {
        for s in 0..sets {
            let mut sc = Scores::default();
            for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.set == s) {
                sc.add(p, &texts[gi][&(i as u32)]);
            }
            println!("add {} drop {}: 5 folds, set {s}: {}", g.0, g.1, sc.line());
        }
    }
}
