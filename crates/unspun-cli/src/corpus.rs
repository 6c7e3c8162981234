//! `unspun corpus`: put analyses into a corpus database and describe one.

use std::fs::File;
use std::io::{self, BufReader};
use std::path::PathBuf;

use clap::Subcommand;
use unspun_corpus::Corpus;

use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

/// What `unspun corpus` does.
#[derive(Subcommand)]
pub enum CorpusCommand {
    /// Store the records of JSON Lines files written by `unspun analyze -f
    /// jsonl` (`-` for standard input) in a corpus database; bad lines are
    /// reported and skipped.
    Import {
        /// JSON Lines files of analysis records.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// The corpus database (SQLite; created when missing).
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// How many articles a corpus database holds, by outlet, technique and
    /// source kind.
    Info {
        /// The corpus database.
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
}

/// Runs `unspun corpus …` and returns the exit status.
pub fn run(command: CorpusCommand) -> u8 {
    match command {
        CorpusCommand::Import { inputs, db } => import(&inputs, &db),
        CorpusCommand::Info { db } => info(&db),
    }
}

fn import(inputs: &[String], db: &std::path::Path) -> u8 {
    let mut corpus = match Corpus::open(db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "unspun: cannot open the corpus database {}: {e}",
                db.display()
            );
            return EXIT_OUTPUT_FAILED;
        }
    };
    let mut status = EXIT_OK;
    for input in inputs {
        let report = if input == "-" {
            corpus.import_jsonl(io::stdin().lock())
        } else {
            match File::open(input) {
                Ok(file) => corpus.import_jsonl(BufReader::new(file)),
                Err(e) => {
                    eprintln!("unspun: {input}: {e}");
                    status = EXIT_INPUT_FAILED;
                    continue;
                }
            }
        };
        match report {
            Ok(report) => {
                for skipped in &report.skipped {
                    eprintln!(
                        "unspun: {input}:{}: skipped: {}",
                        skipped.line, skipped.reason
                    );
                }
                eprintln!(
                    "unspun: {input}: {} records stored ({} replaced an earlier analysis), {} lines skipped",
                    report.inserted, report.replaced, report.failed
                );
                if report.failed > 0 {
                    status = EXIT_INPUT_FAILED;
                }
            }
            Err(e) => {
                eprintln!("unspun: {input}: {e}");
                return EXIT_OUTPUT_FAILED;
            }
        }
    }
    status
}

fn info(db: &std::path::Path) -> u8 {
    let corpus = match Corpus::open_read_only(db) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "unspun: cannot open the corpus database {}: {e}",
                db.display()
            );
            return EXIT_INPUT_FAILED;
        }
    };
    match corpus.facets(10) {
        Ok(facets) => {
            println!("{}: {} articles", db.display(), facets.articles);
            let lists = [
                ("outlets", &facets.outlets),
                ("techniques", &facets.techniques),
                ("source kinds", &facets.source_kinds),
                ("actors", &facets.actors),
                ("languages", &facets.languages),
            ];
            for (name, counts) in lists {
                let shown: Vec<String> = counts
                    .iter()
                    .take(10)
                    .map(|c| format!("{} ({})", c.value, c.articles))
                    .collect();
                println!(
                    "  {name}: {}",
                    if shown.is_empty() {
                        "—".into()
                    } else {
                        shown.join(", ")
                    }
                );
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("unspun: {}: {e}", db.display());
            EXIT_INPUT_FAILED
        }
    }
}
