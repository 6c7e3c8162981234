//! The batch driver shared by `unspun analyze` and `unspun extract`: take
//! jobs a chunk at a time, work on them on every core, write the results in
//! input order, report each failure and close with a summary.

use std::io::{self, IsTerminal};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use unspun::io::{InputFormat, Job, Jobs};

use crate::output::{Rendered, Sink};
use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED, EXIT_USAGE};

/// How many inputs are read and worked on together before their records are
/// written; bounds memory whatever the size of the corpus.
pub const CHUNK: usize = 256;

/// How a batch runs.
pub struct BatchOptions<'a> {
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Several records come out (shows the progress bar and the summary).
    pub batch: bool,
    /// No progress bar and no summary.
    pub quiet: bool,
    /// What the summary calls one input ("articles", "pages").
    pub unit: &'a str,
}

/// Runs `work` on every job of `jobs`, writes to `sink`, and returns the
/// exit status.
pub fn run_batch<W>(jobs: &mut Jobs, mut sink: Sink, options: &BatchOptions, work: W) -> u8
where
    W: Fn(Job) -> Result<Rendered, String> + Sync,
{
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unspun: cannot start worker threads: {e}");
            return EXIT_USAGE;
        }
    };
    let progress = progress_bar(options.batch && !options.quiet, options.unit);
    let started = Instant::now();
    let (mut ok, mut failed) = (0usize, 0usize);
    let written: io::Result<()> = (|| loop {
        let chunk: Vec<Job> = jobs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let outcomes: Vec<(String, Result<Rendered, String>)> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|job| {
                    let source = job.source.clone();
                    (source, guarded(|| work(job)))
                })
                .collect()
        });
        for (source, result) in outcomes {
            match result {
                Ok(rendered) => {
                    ok += 1;
                    sink.write(&rendered)?;
                }
                Err(message) => {
                    failed += 1;
                    progress.suspend(|| eprintln!("unspun: {source}: {message}"));
                    sink.write_error(&source, &message)?;
                }
            }
            progress.inc(1);
        }
    })();
    let written = written.and_then(|()| sink.finish());
    progress.finish_and_clear();
    if let Err(e) = written {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return EXIT_OK;
        }
        eprintln!("unspun: cannot write output: {e}");
        return EXIT_OUTPUT_FAILED;
    }
    if ok + failed == 0 {
        eprintln!(
            "unspun: no input found ({} files skipped: not .txt, .html, .jsonl or .warc)",
            jobs.skipped
        );
        return EXIT_INPUT_FAILED;
    }
    if options.batch && !options.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let total = ok + failed;
        let rate = if seconds > 0.0 {
            total as f64 / seconds
        } else {
            0.0
        };
        let unit = options.unit;
        let skipped = match jobs.skipped {
            0 => String::new(),
            n => format!("; {n} files skipped (not .txt, .html, .jsonl or .warc)"),
        };
        eprintln!(
            "unspun: {total} inputs: {ok} ok, {failed} failed in {seconds:.2} s ({rate:.1} {unit}/s){skipped}"
        );
    }
    if failed > 0 {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OK
    }
}

/// Several records come out when there are several inputs, a directory, or
/// a JSON Lines or WARC input.
pub fn is_batch(inputs: &[String], format: InputFormat) -> bool {
    inputs.len() > 1
        || inputs.iter().any(|i| {
            if i == "-" {
                return matches!(format, InputFormat::Jsonl | InputFormat::Warc);
            }
            let path = Path::new(i);
            path.is_dir() || matches!(format.resolve(path), InputFormat::Jsonl | InputFormat::Warc)
        })
}

/// A spinner with a count and a rate on standard error, when it is a
/// terminal and `wanted`; hidden otherwise.
pub fn progress_bar(wanted: bool, unit: &str) -> ProgressBar {
    if !wanted || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let template = format!("{{spinner}} {{pos}} {unit}  {{per_sec}}  {{elapsed}}");
    bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Turns a panic in the work on one input into an error for that input
/// alone, so that one bad input never stops a batch. (Analysers must not
/// panic; this is the last line of defence, and its message asks for a bug
/// report.)
pub fn guarded(work: impl FnOnce() -> Result<Rendered, String>) -> Result<Rendered, String> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("internal error (please report this input): {what}"))
        }
    }
}
