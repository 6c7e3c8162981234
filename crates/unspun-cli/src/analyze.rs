//! `unspun analyze`: read inputs, run the pipeline on every core, write the
//! records in input order, report failures per input and a closing summary.

use std::collections::HashSet;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use unspun::core::{Document, Pipeline};
use unspun::io::{InputFormat, Job, Jobs};
use unspun::report::json::{to_json_line, to_json_pretty, RecordOptions};
use unspun::report::text::{render_text, TextOptions};

use crate::batch::{is_batch, Batch, BatchOptions};
use crate::output::{Format, Rendered, Sink};
use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED, EXIT_USAGE};

/// Arguments of `unspun analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files, directories (walked recursively, `.txt`, `.html`, `.jsonl`
    /// files in name order), JSON Lines files, or `-` for standard input.
    /// None: the bundled example article.
    pub inputs: Vec<String>,
    /// Output format (default: text; with `--db` and no `-o`, no report is
    /// written unless a format is named).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output. A directory for HTML
    /// of several articles (a page each); for `jsonl` and `parquet`, a
    /// directory of parts when PATH is a directory, ends with `/`, or (for
    /// `parquet`) does not end in `.parquet`: one part per input shard (each
    /// JSON Lines or WARC file; the text and HTML files of each directory),
    /// `DIR/NAME.jsonl` or `DIR/NAME.parquet`. Parquet files and parts are
    /// written under a temporary name (`.NAME.PID.tmp`) and renamed when
    /// complete, so a crash never leaves a truncated file.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Continue an interrupted run (`--format jsonl` or `parquet`, `-o`).
    /// With `-o DIR`, the shards whose part already exists are skipped and
    /// the others analysed. With `-o FILE`, the records already in FILE are
    /// kept, the inputs whose source (path, `path:line`, `path#record`) is
    /// among them are skipped, and FILE is replaced when the run is
    /// complete; error records are dropped and their inputs tried again.
    #[arg(long)]
    pub resume: bool,
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
    /// Leave out persuasion techniques whose confidence is below this (0–1).
    /// Default: the text and HTML reports show marks from the display
    /// threshold on (see `unspun_techniques::DISPLAY_CONFIDENCE`: chosen from
    /// the held-out reliability table); JSON, JSON Lines and SemEval rows
    /// keep every mark (the models' thresholds are tuned for the SemEval
    /// F1, which favours recall). `--min-confidence 0` shows every mark.
    #[arg(long, value_name = "P", value_parser = parse_confidence)]
    pub min_confidence: Option<f32>,
    /// Model tier: `accurate` (the default: the MiniLM encoder runs once
    /// per document and serves the techniques and the subjectivity of
    /// sentences) or `fast` (linear models only, a hundred times faster:
    /// for large corpora).
    #[arg(long, value_enum, default_value_t = crate::Tier::default())]
    pub model: crate::Tier,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour in the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also store every record in this corpus database (SQLite; created
    /// when missing), for `unspun serve --db` and SQL queries.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
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
    min_confidence: Option<f32>,
    format: Format,
    record: RecordOptions,
    text: TextOptions,
}

impl Renderer {
    /// The rendered report, and the JSON record when `with_record` (for a
    /// corpus database; it keeps every mark, as JSON output does).
    fn render_with_record(&self, doc: &mut Document, with_record: bool) -> Rendered {
        let record = with_record.then(|| to_json_line(doc, self.record));
        Rendered {
            body: self.render(doc),
            id: doc.id.clone(),
            record,
        }
    }

    fn render(&self, doc: &mut Document) -> String {
        let for_readers = matches!(self.format, Format::Text | Format::Html);
        let min = self
            .min_confidence
            .or(for_readers.then_some(unspun::techniques::DISPLAY_CONFIDENCE));
        if let Some(min) = min {
            // Only the techniques layer: other layers refer to each other by
            // index (sentences to attributions), which filtering would break.
            if let Some(layer) = doc.layers.iter_mut().find(|l| l.name == "techniques") {
                layer
                    .annotations
                    .retain(|a| a.confidence.is_none_or(|c| c >= min));
            }
        }
        match self.format {
            Format::Json => to_json_pretty(doc, self.record),
            Format::Jsonl | Format::Parquet => to_json_line(doc, self.record),
            Format::Text => render_text(doc, self.text),
            Format::Html => unspun::report::html::render_html(doc),
            Format::Semeval => unspun::report::semeval::to_semeval_rows(doc),
        }
    }
}

/// Runs `unspun analyze` and returns the exit status.
pub fn run(args: AnalyzeArgs) -> u8 {
    let options = unspun::Options {
        techniques: args.model.into(),
    };
    let pipeline = match unspun::pipeline_with(args.stages.as_deref(), options) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_USAGE;
        }
    };
    let input_format = InputFormat::from(args.input_format);
    let batch = is_batch(&args.inputs, input_format);
    let format = args.format.unwrap_or(Format::Text);
    if args.resume && (args.output.is_none() || !matches!(format, Format::Jsonl | Format::Parquet))
    {
        eprintln!("unspun: --resume needs `--format jsonl` or `--format parquet` and `-o`");
        return EXIT_USAGE;
    }
    let report_wanted = args.db.is_none() || args.format.is_some() || args.output.is_some();
    let renderer = Renderer {
        min_confidence: args.min_confidence,
        format,
        record: RecordOptions {
            tokens: args.tokens,
        },
        text: text_options(args.color, args.output.is_some()),
    };
    let parts = args
        .output
        .as_deref()
        .filter(|_| !args.inputs.is_empty())
        .filter(|dir| is_parts_dir(format, dir));
    if let Some(dir) = parts {
        let dir = dir.to_path_buf();
        return run_parts(args, &dir, &pipeline, &renderer, input_format, batch);
    }
    let opened = match &args.output {
        Some(path) if args.resume => Sink::open_file(format, path, batch, true),
        _ if report_wanted => {
            Sink::open(format, args.output.as_deref(), batch).map(|s| (s, HashSet::new()))
        }
        _ => Ok((Sink::none(format), HashSet::new())),
    };
    let (sink, done) = match opened {
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
    let mut sink = match with_db(sink, args.db.as_deref()) {
        Ok(sink) => sink,
        Err(code) => return code,
    };
    let with_record = sink.wants_records();
    if args.inputs.is_empty() {
        return write_example(sink, &pipeline, &renderer, with_record);
    }
    let options = BatchOptions {
        threads: args.threads,
        batch,
        quiet: args.quiet,
        unit: "articles",
    };
    let mut batch = match Batch::start(&options) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let work = |job: Job| {
        let mut doc = unspun::analyze_job(job, &pipeline).map_err(|e| e.to_string())?;
        Ok(renderer.render_with_record(&mut doc, with_record))
    };
    let mut jobs = Jobs::new(args.inputs, input_format);
    let mut resumed = 0;
    let pending = jobs.by_ref().filter(|job| {
        let done = done.contains(&job.source);
        resumed += usize::from(done);
        !done
    });
    let written = batch
        .run(pending, &mut sink, &work)
        .and_then(|()| sink.finish());
    batch.resumed = resumed;
    batch.skipped_files = jobs.skipped;
    batch.end(written)
}

/// Whether `-o PATH` names a directory of parts: for JSON Lines and
/// Parquet, when it is a directory, ends with `/`, or (Parquet) does not
/// end in `.parquet`.
fn is_parts_dir(format: Format, path: &Path) -> bool {
    match format {
        Format::Jsonl | Format::Parquet => {
            path.is_dir()
                || path.as_os_str().to_string_lossy().ends_with('/')
                || (format == Format::Parquet
                    && !path
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("parquet")))
        }
        _ => false,
    }
}

/// Adds the corpus database of `--db` to `sink`; `Err` holds the exit status.
fn with_db(sink: Sink, db: Option<&Path>) -> Result<Sink, u8> {
    match db {
        Some(path) => sink.with_corpus(path).map_err(|message| {
            eprintln!("unspun: {message}");
            EXIT_OUTPUT_FAILED
        }),
        None => Ok(sink),
    }
}

/// `unspun analyze … -o DIR` for JSON Lines or Parquet: one part per input
/// shard, `DIR/NAME.EXT`, each written under a temporary name and renamed
/// when complete; with `--resume`, shards whose part exists are skipped.
fn run_parts(
    args: AnalyzeArgs,
    dir: &Path,
    pipeline: &Pipeline,
    renderer: &Renderer,
    input_format: InputFormat,
    batch: bool,
) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("unspun: cannot create {}: {e}", dir.display());
        return EXIT_OUTPUT_FAILED;
    }
    let (shards, skipped_files) = crate::shards::shards(&args.inputs, input_format);
    let options = BatchOptions {
        threads: args.threads,
        batch,
        quiet: args.quiet,
        unit: "articles",
    };
    let mut run = match Batch::start(&options) {
        Ok(b) => b,
        Err(code) => return code,
    };
    run.skipped_files = skipped_files;
    let with_record = args.db.is_some();
    let work = |job: Job| {
        let mut doc = unspun::analyze_job(job, pipeline).map_err(|e| e.to_string())?;
        Ok(renderer.render_with_record(&mut doc, with_record))
    };
    let (mut written, mut already) = (0usize, 0usize);
    let mut result = Ok(());
    let any = !shards.is_empty();
    for shard in shards {
        let path = dir.join(format!("{}.{}", shard.name, renderer.format.extension()));
        if args.resume && path.exists() {
            already += 1;
            continue;
        }
        let sink = match Sink::open_file(renderer.format, &path, true, false) {
            Ok((sink, _)) => sink,
            Err(e) => {
                result = Err(io::Error::new(e.kind(), format!("{}: {e}", path.display())));
                break;
            }
        };
        let mut sink = match with_db(sink, args.db.as_deref()) {
            Ok(sink) => sink,
            Err(code) => return code,
        };
        let mut jobs = Jobs::new(shard.inputs, input_format);
        result = run
            .run(jobs.by_ref(), &mut sink, &work)
            .and_then(|()| sink.finish());
        if result.is_err() {
            break;
        }
        written += 1;
    }
    if any {
        let mut note = format!("{written} parts written to {}", dir.display());
        if already > 0 {
            note.push_str(&format!(", {already} already there (skipped)"));
        }
        run.note = Some(note);
    }
    run.end(result)
}

/// Analyses the bundled example article and writes its report.
fn write_example(
    mut sink: Sink,
    pipeline: &Pipeline,
    renderer: &Renderer,
    with_record: bool,
) -> u8 {
    let result = unspun::catch_panic(|| {
        let mut doc = unspun::analyze_example(pipeline).map_err(|e| e.to_string())?;
        Ok(renderer.render_with_record(&mut doc, with_record))
    });
    match result {
        Ok(rendered) => match sink.write(&rendered).and_then(|()| sink.finish()) {
            Ok(()) => EXIT_OK,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
            Err(e) => {
                eprintln!("unspun: cannot write output: {e}");
                EXIT_OUTPUT_FAILED
            }
        },
        Err(message) => {
            eprintln!("unspun: example: {message}");
            EXIT_INPUT_FAILED
        }
    }
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

/// Parses `--min-confidence`: a number from 0 to 1.
fn parse_confidence(value: &str) -> Result<f32, String> {
    match value.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{value}` is not a number from 0 to 1")),
    }
}
