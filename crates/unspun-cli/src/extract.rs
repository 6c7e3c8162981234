//! `unspun extract`: the article (body and metadata) of HTML pages and of
//! the HTML responses in WARC archives, without analysis; and `unspun eval
//! extraction`, its score against human-extracted bodies.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{json, Value};
use unspun::io::{read_file_limited, InputFormat, Job, JobKind, Jobs};
use unspun_extract::eval::{f1, normalize_url, Report};
use unspun_extract::meta::date_in_url;
use unspun_extract::Article;

use crate::batch::{is_batch, run_batch, BatchOptions};
use crate::output::{Format, Rendered, Sink};
use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_OUTPUT_FAILED};

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
        })
    })
}

/// Arguments of `unspun eval extraction`.
#[derive(Args)]
pub struct EvalExtractionArgs {
    /// The data set directory: `ground-truth.json` (`{key: {"articleBody",
    /// "url"}}`) and `html/<key>.html.gz`.
    pub dir: PathBuf,
    /// Also list the N pages with the lowest body F1.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub worst: usize,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Share of `hits` in `total`, 0 when there is none.
fn rate(hits: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        hits as f64 / total as f64
    }
}

/// Metadata checks a data set with only bodies and addresses allows.
struct MetaChecks {
    pages: usize,
    url_exact: usize,
    url_path: usize,
    title: usize,
    authors: usize,
    published: usize,
    language: usize,
    site_name: usize,
    dated_urls: usize,
    date_matches_url: usize,
    date_within_a_day: usize,
}

/// Days since 1970-01-01 of an ISO date.
fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn meta_checks(report: &Report) -> MetaChecks {
    let mut m = MetaChecks {
        pages: report.pages.len(),
        url_exact: 0,
        url_path: 0,
        title: 0,
        authors: 0,
        published: 0,
        language: 0,
        site_name: 0,
        dated_urls: 0,
        date_matches_url: 0,
        date_within_a_day: 0,
    };
    for page in &report.pages {
        let Ok(a) = &page.article else { continue };
        if let (Some(found), Some(gold)) = (&a.url, &page.gold_url) {
            m.url_exact += usize::from(normalize_url(found, false) == normalize_url(gold, false));
            m.url_path += usize::from(normalize_url(found, true) == normalize_url(gold, true));
        }
        m.title += usize::from(a.title.is_some());
        m.authors += usize::from(!a.authors.is_empty());
        m.published += usize::from(a.published.is_some());
        m.language += usize::from(a.language.is_some());
        m.site_name += usize::from(a.site_name.is_some());
        if let Some(url_date) = page.gold_url.as_deref().and_then(date_in_url) {
            m.dated_urls += 1;
            m.date_matches_url += usize::from(a.published.as_deref() == Some(url_date.as_str()));
            let gap = a
                .published
                .as_deref()
                .and_then(day_number)
                .zip(day_number(&url_date))
                .map(|(x, y)| (x - y).abs());
            m.date_within_a_day += usize::from(gap.is_some_and(|g| g <= 1));
        }
    }
    m
}

/// Runs `unspun eval extraction` and returns the exit status.
pub fn eval(args: EvalExtractionArgs) -> u8 {
    let report = match unspun_extract::eval::evaluate_dir(&args.dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("unspun: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let failed: Vec<&str> = report
        .pages
        .iter()
        .filter(|p| p.article.is_err())
        .map(|p| p.key.as_str())
        .collect();
    let empty = report
        .pages
        .iter()
        .filter(|p| p.article.as_ref().is_ok_and(|a| a.body.is_empty()))
        .count();
    let m = meta_checks(&report);
    let speed = report.pages.len() as f64 / report.seconds.max(1e-9);
    let mut worst: Vec<_> = report.pages.iter().collect();
    worst.sort_by(|a, b| {
        f1(a.score.precision, a.score.recall).total_cmp(&f1(b.score.precision, b.score.recall))
    });
    worst.truncate(args.worst);
    if args.json {
        let value = json!({
            "pages": report.pages.len(),
            "failed": failed,
            "empty_bodies": empty,
            "shingles": "word 4-grams, multisets",
            "body": {"precision": report.precision(), "recall": report.recall(), "f1": report.f1()},
            "metadata": {
                "url_matches_reference": rate(m.url_exact, m.pages),
                "url_matches_reference_without_query": rate(m.url_path, m.pages),
                "published_matches_url_date": rate(m.date_matches_url, m.dated_urls),
                "published_within_a_day_of_url_date": rate(m.date_within_a_day, m.dated_urls),
                "pages_with_url_date": m.dated_urls,
                "has_title": rate(m.title, m.pages),
                "has_authors": rate(m.authors, m.pages),
                "has_published": rate(m.published, m.pages),
                "has_language": rate(m.language, m.pages),
                "has_site_name": rate(m.site_name, m.pages),
            },
            "pages_per_second_one_thread": speed,
            "worst": worst.iter().map(|p| json!({
                "key": p.key, "url": p.gold_url, "precision": p.score.precision, "recall": p.score.recall,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&value).expect("json"));
    } else {
        println!(
            "pages                {} ({} failed, {} empty bodies)",
            report.pages.len(),
            failed.len(),
            empty
        );
        println!(
            "body (4-gram shingles, multisets, mean over pages)  P {:.4}  R {:.4}  F1 {:.4}",
            report.precision(),
            report.recall(),
            report.f1()
        );
        println!(
            "url = reference      {:.4}  ({} of {}; {:.4} ignoring the query string)",
            rate(m.url_exact, m.pages),
            m.url_exact,
            m.pages,
            rate(m.url_path, m.pages)
        );
        println!(
            "published = URL date {:.4}  ({} of {} pages whose reference URL has a date; {} within a day)",
            rate(m.date_matches_url, m.dated_urls),
            m.date_matches_url,
            m.dated_urls,
            m.date_within_a_day
        );
        println!(
            "found                title {:.3}  authors {:.3}  published {:.3}  language {:.3}  site name {:.3}",
            rate(m.title, m.pages),
            rate(m.authors, m.pages),
            rate(m.published, m.pages),
            rate(m.language, m.pages),
            rate(m.site_name, m.pages)
        );
        println!("speed                {speed:.1} pages/s (one thread, extraction only)");
        for p in worst {
            println!(
                "worst  P {:.3}  R {:.3}  {}  {}",
                p.score.precision,
                p.score.recall,
                p.key,
                p.gold_url.as_deref().unwrap_or("")
            );
        }
    }
    if failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT_FAILED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2019-11-20").unwrap() - day_number("2019-11-19").unwrap(),
            1
        );
        assert_eq!(
            day_number("2020-03-01").unwrap() - day_number("2020-02-28").unwrap(),
            2
        );
    }
}
