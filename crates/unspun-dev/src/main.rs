//! `unspun-dev`: the developers' tools, kept out of the user's `unspun`
//! binary: training the models from public annotated data sets, and naming
//! the techniques of given spans (SemEval-2020 Task 11 TC rows).
//!
//! Run it from a source checkout: `cargo run --release -p unspun-dev --
//! train …`. The models it writes go by default to the `models/` folder of
//! the workspace it was built from (see [`models_dir`]), whatever the
//! current directory.

mod calibrate;
mod entities;
mod sourcing;
mod techniques;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: the command ran to the end.
pub const EXIT_OK: u8 = 0;
/// Exit status: an input (data set, model, rows) could not be read.
pub const EXIT_INPUT_FAILED: u8 = 1;
/// Exit status: an output (model, rows) could not be written.
pub const EXIT_OUTPUT_FAILED: u8 = 3;

/// The `models/` folder of the workspace this binary was built from: the
/// default destination of every trained model.
pub fn models_dir() -> PathBuf {
    unspun_learn::models::checkout_dir()
}

/// The developers' tools of unspun: train its models from public annotated
/// data sets, and name the techniques of given spans (SemEval TC rows).
/// Scoring is `unspun eval`.
#[derive(Parser)]
#[command(
    name = "unspun-dev",
    version,
    about,
    max_term_width = 100,
    after_help = format!(
        "Trained models are written by default to the models/ folder of the workspace \
         this binary was built from ({}), not of the current directory.",
        models_dir().display()
    )
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train unspun's models from public annotated data sets (written to
    /// the workspace's models/ folder unless told otherwise).
    Train {
        #[command(subcommand)]
        task: train::TrainTask,
    },
    /// Name the persuasion technique of given spans (SemEval TC rows).
    Techniques(techniques::TechniquesArgs),
    /// Calibrate a model's confidences on held-out labelled articles.
    Calibrate {
        #[command(subcommand)]
        task: CalibrateTask,
    },
}

/// What `unspun-dev calibrate` calibrates.
#[derive(Subcommand)]
enum CalibrateTask {
    /// Persuasion techniques: the confidence of each mark becomes the share
    /// of marks at that raw confidence that overlapped a gold span of their
    /// technique on the held-out articles.
    Techniques(calibrate::CalibrateArgs),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Train { task } => train::run(task),
        Command::Techniques(args) => techniques::run(args),
        Command::Calibrate {
            task: CalibrateTask::Techniques(args),
        } => calibrate::run(args),
    };
    ExitCode::from(code)
}

/// Lets the process end quietly when its output pipe closes (`unspun-dev
/// techniques … | head`), instead of panicking in `print!`.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; setting the
    // default disposition of SIGPIPE has no other effect on the program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
