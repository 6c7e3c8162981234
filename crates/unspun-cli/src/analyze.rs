//! `unspun analyze`: read inputs, run the pipeline on every core, write the
//! records in input order, report failures per input and a closing summary.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unspun::core::{Document, Pipeline};
use unspun::io::{InputFormat, Jobs};
use unspun::report::json::{to_json_line, to_json_pretty, RecordOptions};
use unspun::report::text::{render_text, TextOptions};

use crate::batch::{guarded, is_batch, run_batch, BatchOptions};
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
            Format::Jsonl => to_json_line(doc, self.record),
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
    let report_wanted = args.db.is_none() || args.format.is_some() || args.output.is_some();
    let renderer = Renderer {
        min_confidence: args.min_confidence,
        format,
        record: RecordOptions {
            tokens: args.tokens,
        },
        text: text_options(args.color, args.output.is_some()),
    };
    let opened = if report_wanted {
        Sink::open(format, args.output.as_deref(), batch)
    } else {
        Ok(Sink::none(format))
    };
    let sink = match opened {
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
    let sink = match &args.db {
        Some(path) => match sink.with_corpus(path) {
            Ok(sink) => sink,
            Err(message) => {
                eprintln!("unspun: {message}");
                return EXIT_OUTPUT_FAILED;
            }
        },
        None => sink,
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
    let mut jobs = Jobs::new(args.inputs, input_format);
    run_batch(&mut jobs, sink, &options, |job| {
        let mut doc = unspun::analyze_job(job, &pipeline).map_err(|e| e.to_string())?;
        Ok(renderer.render_with_record(&mut doc, with_record))
    })
}

/// Analyses the bundled example article and writes its report.
fn write_example(
    mut sink: Sink,
    pipeline: &Pipeline,
    renderer: &Renderer,
    with_record: bool,
) -> u8 {
    let result = guarded(|| {
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
