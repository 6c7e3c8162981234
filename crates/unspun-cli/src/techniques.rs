//! `unspun eval techniques` (SemEval-2020 Task 11 SI, TC and full scores)
//! and `unspun techniques` (name the technique of given spans).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use unspun_techniques::data::{format_rows, parse_rows, read_split, Row};
use unspun_techniques::scorer::SpanScore;
use unspun_techniques::train::{classify_rows, evaluate, score_rows};
use unspun_techniques::{AccurateModel, FastModel, TECHNIQUES};

use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// Which model tier to use.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Tier {
    /// Linear models over hashed features (fast, embedded).
    Fast,
    /// Fine-tuned MiniLM blended with the fast tier (read from `models/`,
    /// or from `$UNSPUN_MODELS`).
    #[default]
    Accurate,
}

impl From<Tier> for unspun_techniques::Tier {
    fn from(t: Tier) -> Self {
        match t {
            Tier::Fast => unspun_techniques::Tier::Fast,
            Tier::Accurate => unspun_techniques::Tier::Accurate,
        }
    }
}

/// Model choice shared by the techniques commands.
#[derive(Args)]
pub struct ModelArgs {
    /// The model tier.
    #[arg(long, value_enum, default_value_t = Tier::default())]
    pub model: Tier,
    /// Read the fast model from this file instead of the embedded one.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
}

/// A loaded model of either tier.
enum Loaded {
    Fast(&'static FastModel),
    Accurate(&'static FastModel, &'static AccurateModel),
}

impl ModelArgs {
    fn load(&self) -> Result<Loaded, String> {
        let fast = match &self.model_file {
            Some(path) => FastModel::load(path)
                .map(|m| &*Box::leak(Box::new(m)))
                .map_err(|e| format!("{}: {e}", path.display()))?,
            None => FastModel::embedded().map_err(|e| e.to_string())?,
        };
        Ok(match self.model {
            Tier::Fast => Loaded::Fast(fast),
            Tier::Accurate => Loaded::Accurate(fast, AccurateModel::shared()?),
        })
    }
}

/// Arguments of `unspun eval techniques`.
#[derive(Args)]
pub struct EvalTechniquesArgs {
    /// A labelled PTC split (`DIR/articles`, `DIR/labels`), e.g. `../shared/data/ptc/valid`.
    #[arg(long)]
    pub data: PathBuf,
    /// Write the predicted spans with techniques (SI and full) to FILE and
    /// the TC predictions (gold spans, predicted technique) to FILE.tc, as
    /// `article_id<TAB>technique<TAB>start<TAB>end` rows.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Score these rows (`article_id<TAB>technique<TAB>start<TAB>end`) for
    /// SI and full instead of running a model (TC is then scored on the rows
    /// that fall exactly on gold spans).
    #[arg(long, value_name = "FILE", conflicts_with = "predictions")]
    pub score: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Arguments of `unspun techniques`.
#[derive(Args)]
pub struct TechniquesArgs {
    /// Directory of PTC-style articles (`article<ID>.txt`).
    #[arg(long)]
    pub articles: PathBuf,
    /// Rows `article_id<TAB>?<TAB>start<TAB>end` (a TC template) or
    /// `article_id<TAB>start<TAB>end`.
    #[arg(long)]
    pub spans: PathBuf,
    /// Write the rows here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

fn read_rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_rows(&text, &path.display().to_string()).map_err(|e| e.to_string())
}

fn write_out(path: &Path, text: &str) -> Result<(), u8> {
    std::fs::write(path, text).map_err(|e| {
        eprintln!("unspun: {}: {e}", path.display());
        EXIT_OUTPUT_FAILED
    })
}

fn span_json(s: &SpanScore) -> serde_json::Value {
    serde_json::json!({
        "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
        "predicted_spans": s.predicted, "gold_spans": s.gold,
    })
}

/// `unspun eval techniques`.
pub fn eval(args: EvalTechniquesArgs) -> u8 {
    let model = match (&args.score, args.model.load()) {
        (Some(_), _) => None,
        (None, Ok(m)) => Some(m),
        (None, Err(e)) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let articles = match read_split(&args.data) {
        Ok(a) if a.iter().any(|a| !a.gold.is_empty()) => a,
        Ok(_) => {
            eprintln!(
                "unspun: {}: no labels (expected DIR/labels/*.labels)",
                args.data.display()
            );
            return EXIT_INPUT_FAILED;
        }
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let start = std::time::Instant::now();
    let e = match (model, &args.score) {
        (Some(Loaded::Fast(model)), _) => evaluate(model, &articles),
        (Some(Loaded::Accurate(fast, model)), _) => match model.evaluate(fast, &articles) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("unspun: {e}");
                return EXIT_INPUT_FAILED;
            }
        },
        (None, Some(path)) => match read_rows(path) {
            Ok(rows) => score_rows(&articles, rows.clone(), rows),
            Err(e) => {
                eprintln!("unspun: {e}");
                return EXIT_INPUT_FAILED;
            }
        },
        (None, None) => unreachable!("a model is loaded unless --score is given"),
    };
    let seconds = start.elapsed().as_secs_f64();
    if let Some(path) = &args.predictions {
        let mut tc_path = path.clone().into_os_string();
        tc_path.push(".tc");
        if let Err(code) = write_out(path, &format_rows(&e.predicted))
            .and_then(|_| write_out(Path::new(&tc_path), &format_rows(&e.tc_predicted)))
        {
            return code;
        }
    }
    let gold_rows: usize = articles.iter().map(|a| a.gold.len()).sum();
    if args.json {
        let per: serde_json::Map<String, serde_json::Value> = TECHNIQUES
            .iter()
            .map(|t| {
                let tc = e.tc.per_technique.get(*t).copied().unwrap_or_default();
                let full = e.full_per_technique.get(*t).copied().unwrap_or_default();
                (
                    t.to_string(),
                    serde_json::json!({
                        "gold": tc.true_positive + tc.false_negative,
                        "tc_precision": tc.precision(), "tc_recall": tc.recall(), "tc_f1": tc.f1(),
                        "full_f1": full.f1(),
                    }),
                )
            })
            .collect();
        let value = serde_json::json!({
            "articles": articles.len(),
            "gold_rows": gold_rows,
            "si": span_json(&e.si),
            "tc": {"micro_f1": e.tc.micro_f1(), "macro_f1": e.tc.macro_f1(), "rows": e.tc.rows},
            "full": span_json(&e.full),
            "per_technique": per,
            "seconds": seconds,
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
    } else {
        println!(
            "articles {}, gold rows {gold_rows}, {seconds:.2}s",
            articles.len()
        );
        let line = |name: &str, s: &SpanScore| {
            println!(
                "{name:<5} P {:.4}  R {:.4}  F1 {:.4}  ({} predicted, {} gold spans after merging)",
                s.precision(),
                s.recall(),
                s.f1(),
                s.predicted,
                s.gold
            )
        };
        line("SI", &e.si);
        println!(
            "TC    micro-F1 {:.4}  macro-F1 {:.4}  ({} rows)",
            e.tc.micro_f1(),
            e.tc.macro_f1(),
            e.tc.rows
        );
        line("full", &e.full);
        println!();
        println!(
            "{:<36} {:>5} {:>7} {:>7} {:>7} {:>8}",
            "technique", "gold", "TC P", "TC R", "TC F1", "full F1"
        );
        for t in TECHNIQUES {
            let tc = e.tc.per_technique.get(t).copied().unwrap_or_default();
            let full = e.full_per_technique.get(t).copied().unwrap_or_default();
            println!(
                "{t:<36} {:>5} {:>7.4} {:>7.4} {:>7.4} {:>8.4}",
                tc.true_positive + tc.false_negative,
                tc.precision(),
                tc.recall(),
                tc.f1(),
                full.f1()
            );
        }
    }
    EXIT_OK
}

/// `unspun techniques --articles DIR --spans TEMPLATE`.
pub fn run(args: TechniquesArgs) -> u8 {
    let model = match args.model.load() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let rows = match read_rows(&args.spans) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let articles = match read_split(&args.articles) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let named = match model {
        Loaded::Fast(model) => classify_rows(model, &articles, &rows),
        Loaded::Accurate(fast, model) => model.classify_rows(fast, &articles, &rows),
    };
    let missing = named.iter().filter(|r| r.technique == "?").count();
    if missing > 0 {
        eprintln!(
            "unspun: {missing} rows name articles not found in {}",
            args.articles.display()
        );
    }
    let text = format_rows(&named);
    match &args.output {
        Some(path) => {
            if let Err(code) = write_out(path, &text) {
                return code;
            }
        }
        None => print!("{text}"),
    }
    if missing > 0 {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OK
    }
}
