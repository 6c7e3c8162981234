//! The batch driver shared by `unspun analyze` and `unspun extract`: take
//! jobs a chunk at a time, work on them on every core, write the results in
//! input order, report each failure and close with a summary.

use std::io::{self, IsTerminal};
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
    let mut batch = match Batch::start(options) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let written = batch
        .run(jobs.by_ref(), &mut sink, &work)
        .and_then(|()| sink.finish());
    batch.skipped_files += jobs.skipped;
    batch.end(written)
}

/// A batch in progress: the worker threads, the progress bar and the
/// counts, kept across several outputs (one per part of a sharded run).
pub struct Batch<'a> {
    pool: rayon::ThreadPool,
    progress: ProgressBar,
    started: Instant,
    options: &'a BatchOptions<'a>,
    ok: usize,
    failed: usize,
    /// Files skipped in directories because of their extension.
    pub skipped_files: usize,
    /// Inputs left out because the output already has them (`--resume`).
    pub resumed: usize,
    /// A further clause for the closing summary.
    pub note: Option<String>,
}

impl<'a> Batch<'a> {
    /// Starts the worker threads and the progress bar; `Err` holds the exit
    /// status when the threads cannot start.
    pub fn start(options: &'a BatchOptions<'a>) -> Result<Self, u8> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.unwrap_or(0))
            .build()
            .map_err(|e| {
                eprintln!("unspun: cannot start worker threads: {e}");
                EXIT_USAGE
            })?;
        Ok(Batch {
            pool,
            progress: progress_bar(options.batch && !options.quiet, options.unit),
            started: Instant::now(),
            options,
            ok: 0,
            failed: 0,
            skipped_files: 0,
            resumed: 0,
            note: None,
        })
    }

    /// Runs `work` on every job, a chunk at a time on every core, and
    /// writes the results to `sink` in input order (the sink is not
    /// finished).
    pub fn run<W>(
        &mut self,
        mut jobs: impl Iterator<Item = Job>,
        sink: &mut Sink,
        work: &W,
    ) -> io::Result<()>
    where
        W: Fn(Job) -> Result<Rendered, String> + Sync,
    {
        loop {
            let chunk: Vec<Job> = jobs.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            let outcomes: Vec<(String, Result<Rendered, String>)> = self.pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|job| {
                        let source = job.source.clone();
                        (source, unspun::catch_panic(|| work(job)))
                    })
                    .collect()
            });
            for (source, result) in outcomes {
                match result {
                    Ok(rendered) => {
                        self.ok += 1;
                        sink.write(&rendered)?;
                    }
                    Err(message) => {
                        self.failed += 1;
                        self.progress
                            .suspend(|| eprintln!("unspun: {source}: {message}"));
                        sink.write_error(&source, &message)?;
                    }
                }
                self.progress.inc(1);
            }
        }
    }

    /// Ends the batch after `written` (the outcome of the writing) and
    /// returns the exit status; prints the closing summary.
    pub fn end(self, written: io::Result<()>) -> u8 {
        self.progress.finish_and_clear();
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return EXIT_OK;
            }
            eprintln!("unspun: cannot write output: {e}");
            return EXIT_OUTPUT_FAILED;
        }
        let (ok, failed) = (self.ok, self.failed);
        let resumed = self.resumed > 0 || self.note.is_some();
        if ok + failed == 0 && !resumed {
            eprintln!(
                "unspun: no input found ({} files skipped: not .txt, .html, .jsonl or .warc)",
                self.skipped_files
            );
            return EXIT_INPUT_FAILED;
        }
        if self.options.batch && !self.options.quiet {
            let seconds = self.started.elapsed().as_secs_f64();
            let total = ok + failed;
            let rate = if seconds > 0.0 {
                total as f64 / seconds
            } else {
                0.0
            };
            let unit = self.options.unit;
            let skipped = match self.skipped_files {
                0 => String::new(),
                n => format!("; {n} files skipped (not .txt, .html, .jsonl or .warc)"),
            };
            let already = match self.resumed {
                0 => String::new(),
                n => format!("; {n} skipped (already in the output)"),
            };
            let note = self
                .note
                .as_deref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default();
            eprintln!(
                "unspun: {total} inputs: {ok} ok, {failed} failed in {seconds:.2} s ({rate:.1} {unit}/s){skipped}{already}{note}"
            );
        }
        if failed > 0 {
            EXIT_INPUT_FAILED
        } else {
            EXIT_OK
        }
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
