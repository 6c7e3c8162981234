//! `unspun-dev techniques`: names the technique of given spans (the rows of
//! a SemEval-2020 Task 11 TC template).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use unspun_techniques::data::{format_rows, read_split};
use unspun_techniques::eval::{load, read_rows};

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

/// Arguments of `unspun-dev techniques`.
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
    /// The model tier.
    #[arg(long, value_enum, default_value_t = Tier::default())]
    pub model: Tier,
    /// Read the fast model from this file instead of the embedded one.
    #[arg(long)]
    pub model_file: Option<PathBuf>,
}

fn write_out(path: &Path, text: &str) -> Result<(), u8> {
    std::fs::write(path, text).map_err(|e| {
        eprintln!("unspun-dev: {}: {e}", path.display());
        EXIT_OUTPUT_FAILED
    })
}

/// `unspun-dev techniques --articles DIR --spans TEMPLATE`.
pub fn run(args: TechniquesArgs) -> u8 {
    let model = match load(args.model.into(), args.model_file.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let rows = match read_rows(&args.spans) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let articles = match read_split(&args.articles) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("unspun-dev: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let named = model.classify_rows(&articles, &rows);
    let missing = named.iter().filter(|r| r.technique == "?").count();
    if missing > 0 {
        eprintln!(
            "unspun-dev: {missing} rows name articles not found in {}",
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
