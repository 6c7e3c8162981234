//! `unspun analyze`: read inputs, run the pipeline on every core, write the
//! records in input order, report failures per input and a closing summary.

use std::io::{self, IsTerminal};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use unspun::core::{Document, Pipeline};
use unspun::io::{InputFormat, Job, Jobs};
use unspun::report::json::{to_json_line, to_json_pretty, RecordOptions};
use unspun::report::text::{render_text, TextOptions};

use crate::output::{Format, Rendered, Sink};
use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED, EXIT_USAGE};

/// How many inputs are read and analysed together before their records are
/// written; bounds memory whatever the size of the corpus.
const CHUNK: usize = 256;

/// Arguments of `unspun analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files, directories (walked recursively, `.txt`, `.html`, `.jsonl`
    /// files in name order), JSON Lines files, or `-` for standard input.
    /// None: the bundled example article.
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file (or, for HTML of several articles, this directory)
    /// instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// How to read the inputs (`auto` goes by file extension).
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Run only these stages (comma-separated) and those they need; see
    /// `unspun stages`. Default: all.
    #[arg(long, value_delimiter = ',', value_name = "STAGES")]
    pub stages: Option<Vec<String>>,
    /// Include every token in JSON output.
    #[arg(long)]
    pub tokens: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// No progress bar and no closing summary (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

/// `--input-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// By file extension.
    Auto,
    /// Plain text.
    Text,
    /// JSON Lines.
    Jsonl,
    /// HTML.
    Html,
    /// WARC archive (one input per HTML response).
    Warc,
}

impl From<InputFormatArg> for InputFormat {
    fn from(value: InputFormatArg) -> Self {
        match value {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Html => InputFormat::Html,
            InputFormatArg::Warc => InputFormat::Warc,
        }
    }
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How each document is rendered; shared by all workers.
struct Renderer {
    format: Format,
    record: RecordOptions,
    text: TextOptions,
}

impl Renderer {
    fn render(&self, doc: &Document) -> String {
        match self.format {
            Format::Json => to_json_pretty(doc, self.record),
            Format::Jsonl => to_json_line(doc, self.record),
            Format::Text => render_text(doc, self.text),
            Format::Html => unspun::report::html::render_html(doc),
            Format::Semeval => unspun::report::semeval::to_semeval_rows(doc),
        }
    }
}

/// What happened to one input.
struct Outcome {
    source: String,
    result: Result<Rendered, String>,
}

/// Runs `unspun analyze` and returns the exit status.
pub fn run(args: AnalyzeArgs) -> u8 {
    let pipeline = match unspun::pipeline(args.stages.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_USAGE;
        }
    };
    let input_format = InputFormat::from(args.input_format);
    let batch = is_batch(&args.inputs, input_format);
    let renderer = Renderer {
        format: args.format,
        record: RecordOptions {
            tokens: args.tokens,
        },
        text: text_options(args.color, args.output.is_some()),
    };
    let mut sink = match Sink::open(args.format, args.output.as_deref(), batch) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("unspun: {e}");
            return EXIT_USAGE;
        }
        Err(e) => {
            eprintln!("unspun: cannot open output: {e}");
            return EXIT_OUTPUT_FAILED;
        }
    };

    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unspun: cannot start worker threads: {e}");
            return EXIT_USAGE;
        }
    };

    let progress = progress_bar(batch && !args.quiet);
    let started = Instant::now();
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut jobs = if args.inputs.is_empty() {
        None
    } else {
        Some(Jobs::new(args.inputs.clone(), input_format))
    };

    let mut write_outcomes = |outcomes: Vec<Outcome>, sink: &mut Sink| -> io::Result<()> {
        for outcome in outcomes {
            match outcome.result {
                Ok(rendered) => {
                    ok += 1;
                    sink.write(&rendered)?;
                }
                Err(message) => {
                    failed += 1;
                    progress.suspend(|| eprintln!("unspun: {}: {message}", outcome.source));
                    sink.write_error(&outcome.source, &message)?;
                }
            }
            progress.inc(1);
        }
        Ok(())
    };

    let written: io::Result<()> = (|| {
        match jobs.as_mut() {
            None => {
                let outcome = analyze_example(&pipeline, &renderer);
                write_outcomes(vec![outcome], &mut sink)?;
            }
            Some(jobs) => loop {
                let chunk: Vec<Job> = jobs.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                let outcomes: Vec<Outcome> = pool.install(|| {
                    chunk
                        .into_par_iter()
                        .map(|job| analyze_one(job, &pipeline, &renderer))
                        .collect()
                });
                write_outcomes(outcomes, &mut sink)?;
            },
        }
        Ok(())
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
    if batch && !args.quiet {
        let seconds = started.elapsed().as_secs_f64();
        let total = ok + failed;
        let rate = if seconds > 0.0 {
            total as f64 / seconds
        } else {
            0.0
        };
        let skipped = jobs.as_ref().map_or(0, |j| j.skipped);
        let skipped = if skipped > 0 {
            format!("; {skipped} files skipped (not .txt, .html, .jsonl or .warc)")
        } else {
            String::new()
        };
        eprintln!(
            "unspun: {total} inputs: {ok} ok, {failed} failed in {seconds:.2} s ({rate:.1} articles/s){skipped}"
        );
    }
    if failed > 0 {
        EXIT_INPUT_FAILED
    } else {
        EXIT_OK
    }
}

/// Several records come out when there are several inputs, a directory, or
/// a JSON Lines input.
pub(crate) fn is_batch(inputs: &[String], format: InputFormat) -> bool {
    inputs.len() > 1
        || inputs.iter().any(|i| {
            if i == "-" {
                return format == InputFormat::Jsonl;
            }
            let path = Path::new(i);
            path.is_dir() || matches!(format.resolve(path), InputFormat::Jsonl | InputFormat::Warc)
        })
}

fn text_options(color: ColorChoice, to_file: bool) -> TextOptions {
    let stdout = console::Term::stdout();
    let terminal = !to_file && io::stdout().is_terminal();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && console::colors_enabled(),
    };
    let width = if terminal {
        stdout.size_checked().map_or(100, |(_, w)| w as usize)
    } else {
        100
    };
    TextOptions { color, width }
}

pub(crate) fn progress_bar(wanted: bool) -> ProgressBar {
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles  {per_sec}  {elapsed}")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn analyze_one(job: Job, pipeline: &Pipeline, renderer: &Renderer) -> Outcome {
    let source = job.source.clone();
    let result = guarded(|| {
        let doc = unspun::analyze_job(job, pipeline).map_err(|e| e.to_string())?;
        Ok(Rendered {
            body: renderer.render(&doc),
            id: doc.id,
        })
    });
    Outcome { source, result }
}

fn analyze_example(pipeline: &Pipeline, renderer: &Renderer) -> Outcome {
    let result = guarded(|| {
        let doc = unspun::analyze_example(pipeline).map_err(|e| e.to_string())?;
        Ok(Rendered {
            body: renderer.render(&doc),
            id: doc.id,
        })
    });
    Outcome {
        source: "example".into(),
        result,
    }
}

/// Turns a panic in an analyser into an error for that input alone, so that
/// one bad input never stops a batch. (Analysers must not panic; this is the
/// last line of defence, and its message asks for a bug report.)
pub(crate) fn guarded(work: impl FnOnce() -> Result<Rendered, String>) -> Result<Rendered, String> {
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
