//! `unspun extract`: the article (body and metadata) of HTML pages and of
//! the HTML responses in WARC archives, without analysis.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{json, Value};
use unspun::io::jsonl::Page;
use unspun::io::{read_file_limited, InputFormat, Job, JobKind, Jobs};
use unspun_extract::Article;

use crate::batch::{is_batch, run_batch, BatchOptions};
use crate::output::{Format, Rendered, Sink};
use crate::EXIT_OUTPUT_FAILED;

/// Output formats of `unspun extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// Indented JSON: one record, or an array of records for several pages.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// The metadata as `Field: value` lines, a blank line, then the body.
    Text,
}

/// Arguments of `unspun extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// HTML pages (`.html`, `.htm`, also gzip-compressed `.html.gz`), WARC
    /// archives (`.warc`, `.warc.gz`), directories (walked recursively),
    /// JSON Lines files with an `html` field, or `-` for a page on standard
    /// input.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ExtractFormat::Json)]
    pub format: ExtractFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no closing summary (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

/// The record of one extracted page.
pub fn record(source: &str, article: &Article) -> Value {
    let mut value = json!({
        "source": source,
        "title": article.title,
        "authors": article.authors,
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "site_name": article.site_name,
        "body": article.body,
        "encoding": article.encoding,
    });
    if let Some(note) = &article.note {
        value["note"] = json!(note);
    }
    if !article.warnings.is_empty() {
        value["warnings"] = json!(article.warnings);
    }
    value
}

fn render(format: ExtractFormat, source: &str, article: &Article) -> String {
    match format {
        ExtractFormat::Json => {
            serde_json::to_string_pretty(&record(source, article)).expect("json")
        }
        ExtractFormat::Jsonl => serde_json::to_string(&record(source, article)).expect("json"),
        ExtractFormat::Text => {
            let mut out = format!("Source: {source}\n");
            let mut field = |name: &str, value: Option<&str>| {
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    out.push_str(&format!("{name}: {v}\n"));
                }
            };
            field("Title", article.title.as_deref());
            field("Authors", Some(&article.authors.join(", ")));
            field("Published", article.published.as_deref());
            field("URL", article.url.as_deref());
            field("Site", article.site_name.as_deref());
            field("Language", article.language.as_deref());
            field("Note", article.note.as_deref());
            out.push('\n');
            out.push_str(&article.body);
            out.push('\n');
            out
        }
    }
}

/// Extracts the article of one job.
pub fn extract_job(job: Job) -> Result<Article, String> {
    let extracted = match job.kind {
        JobKind::File(path, _) => {
            let bytes = read_file_limited(&path).map_err(|e| e.to_string())?;
            unspun_extract::extract_bytes(&bytes, None, None)
        }
        JobKind::Bytes(bytes, _) => unspun_extract::extract_bytes(&bytes, None, None),
        JobKind::WarcPage(page, _) => unspun_extract::extract_bytes(
            &page.body,
            page.content_type.as_deref(),
            page.url.as_deref(),
        ),
        JobKind::JsonLine(line, _) => {
            let value: Value =
                serde_json::from_str(&line).map_err(|e| format!("invalid JSON: {e}"))?;
            let html = value
                .get("html")
                .and_then(Value::as_str)
                .ok_or("the JSON record has no `html` field")?;
            let url = value.get("url").and_then(Value::as_str);
            Ok(unspun_extract::extract_html(html, url))
        }
        JobKind::Article(fields, _) => match fields.html {
            Some(Page::Text(html)) => {
                Ok(unspun_extract::extract_html(&html, fields.url.as_deref()))
            }
            Some(Page::Bytes(bytes)) => {
                unspun_extract::extract_bytes(&bytes, None, fields.url.as_deref())
            }
            None => return Err("the article has no page (`html`)".into()),
        },
        JobKind::Failed(e) => return Err(e.to_string()),
    };
    extracted.map_err(|e| e.to_string())
}

/// Runs `unspun extract` and returns the exit status.
pub fn run(args: ExtractArgs) -> u8 {
    let batch = is_batch(&args.inputs, InputFormat::Html);
    let sink_format = match args.format {
        ExtractFormat::Json => Format::Json,
        ExtractFormat::Jsonl => Format::Jsonl,
        ExtractFormat::Text => Format::Text,
    };
    let sink = match Sink::open(sink_format, args.output.as_deref(), batch) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("unspun: cannot open output: {e}");
            return EXIT_OUTPUT_FAILED;
        }
    };
    let options = BatchOptions {
        threads: args.threads,
        batch,
        quiet: args.quiet,
        unit: "pages",
    };
    // Plain-text files named on the command line are read as HTML too.
    let mut jobs = Jobs::new(args.inputs.clone(), InputFormat::Auto);
    run_batch(&mut jobs, sink, &options, |job| {
        let source = job.source.clone();
        let article = extract_job(job)?;
        Ok(Rendered {
            body: render(args.format, &source, &article),
            id: source,
            record: None,
        })
    })
}
