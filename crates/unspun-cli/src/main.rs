//! The `unspun` command line: a thin layer over the `unspun` library.

mod analyze;
mod batch;
mod corpus;
mod eval;
mod extract;
mod output;
mod serve;
mod shards;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status: every input was analysed.
pub const EXIT_OK: u8 = 0;
/// Exit status: at least one input could not be read or analysed.
pub const EXIT_INPUT_FAILED: u8 = 1;
/// Exit status: the command line was wrong (also used by the argument parser).
pub const EXIT_USAGE: u8 = 2;
/// Exit status: the output could not be written.
pub const EXIT_OUTPUT_FAILED: u8 = 3;

/// Which model tier to use (`analyze`, `eval techniques`).
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Tier {
    /// Linear models over hashed features (fast, embedded).
    Fast,
    /// Fine-tuned MiniLM blended with the fast tier (carried by the binary,
    /// or read from `$UNSPUN_MODELS`).
    #[default]
    Accurate,
}

impl From<Tier> for unspun::Tier {
    fn from(t: Tier) -> Self {
        match t {
            Tier::Fast => unspun::Tier::Fast,
            Tier::Accurate => unspun::Tier::Accurate,
        }
    }
}

/// unspun shows what lies behind the words of a news article: who is quoted
/// and how, what is the outlet's own opinion, which persuasion techniques are
/// used, and who the actors are.
#[derive(Parser)]
#[command(name = "unspun", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles (files, directory trees, JSON Lines, `-` for standard
    /// input); with no input, analyse the bundled example article.
    Analyze(analyze::AnalyzeArgs),
    /// Score unspun against public annotated data sets.
    Eval {
        #[command(subcommand)]
        task: eval::EvalTask,
    },
    /// Extract the article (body, title, authors, date, address, site,
    /// language) of HTML pages and WARC archives, without analysis.
    Extract(extract::ExtractArgs),
    /// List the analysers (pipeline stages) and what each adds.
    Stages,
    /// Serve the reader's page, the corpus view and the JSON API (on this
    /// computer only, unless told otherwise).
    Serve(serve::ServeArgs),
    /// Store analyses in a corpus database, or describe one.
    Corpus {
        #[command(subcommand)]
        command: corpus::CorpusCommand,
    },
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    #[cfg(feature = "bundled-models")]
    unspun::bundled::register();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval { task } => eval::run(task),
        Command::Extract(args) => extract::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Corpus { command } => corpus::run(command),
        Command::Stages => {
            for stage in unspun::available_stages() {
                let requires = stage.requires();
                let mut notes = Vec::new();
                if !requires.is_empty() {
                    notes.push(format!("after {}", requires.join(", ")));
                }
                if let unspun::core::Languages::Only(codes) = stage.languages() {
                    notes.push(format!("languages: {}", codes.join(", ")));
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", notes.join("; "))
                };
                println!("{:<12}{}{}", stage.name(), stage.description(), notes);
            }
            EXIT_OK
        }
    };
    ExitCode::from(code)
}

/// Lets the process end quietly when its output pipe closes (`unspun … |
/// head`), as command-line tools do, instead of panicking in `println!`.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; setting the
    // default disposition of SIGPIPE has no other effect on the program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
