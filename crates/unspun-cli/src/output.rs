//! Where rendered records go: standard output, a file, or (for HTML
//! batches) one file per document in a directory. Parquet files, and files
//! written with `--resume`, are written under a temporary name in the same
//! directory and renamed when complete, so a crash never leaves a truncated
//! file under the final name.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use unspun_arrow::{ParquetRecordWriter, WriterOptions};

use clap::ValueEnum;

/// Output formats of `unspun analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Indented JSON: one record, or an array of records for several inputs.
    Json,
    /// JSON Lines: one record per line.
    Jsonl,
    /// A report for a person (colour on a terminal).
    Text,
    /// A self-contained HTML page (one per article; several need `-o DIR`).
    Html,
    /// SemEval-2020 Task 11 rows of the techniques layer.
    Semeval,
    /// Apache Parquet: one row per article, typed and nested columns (see
    /// docs/SCHEMA.md); needs `-o FILE` or `-o DIR`.
    Parquet,
}

impl Format {
    /// The file extension of a part in a directory of parts.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Text => "txt",
            Format::Html => "html",
            Format::Semeval => "tsv",
            Format::Parquet => "parquet",
        }
    }
}

/// Longest file name stem (in characters) of a page in an HTML batch;
/// longer document ids are cut, and a counter keeps names unique.
const MAX_NAME_CHARS: usize = 60;

/// What one input became, rendered in the output format.
pub struct Rendered {
    /// The document id (names the file of an HTML batch).
    pub id: String,
    /// The rendered text.
    pub body: String,
    /// The JSON record, when it also goes into a corpus database.
    pub record: Option<String>,
}

/// Writes rendered records and error records in order.
pub struct Sink {
    format: Format,
    batch: bool,
    writer: Option<Box<dyn Write>>,
    html_dir: Option<PathBuf>,
    used_names: HashSet<String>,
    written: usize,
    corpus: Option<CorpusSink>,
    parquet: Option<ParquetRecordWriter<BufWriter<File>>>,
    target: Option<AtomicTarget>,
}

/// A file being written under a temporary name (`.NAME.PID.tmp` in the
/// same directory), renamed to its final name by [`AtomicTarget::commit`];
/// dropped uncommitted, the temporary file is removed.
struct AtomicTarget {
    temp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl AtomicTarget {
    /// Creates the temporary file for `dest`.
    fn create(dest: &Path) -> io::Result<(Self, File)> {
        let name = dest
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("`{}` is not a file name", dest.display()),
                )
            })?
            .to_string_lossy()
            .into_owned();
        let temp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = File::create(&temp)?;
        Ok((
            AtomicTarget {
                temp,
                dest: dest.to_path_buf(),
                committed: false,
            },
            file,
        ))
    }

    /// Makes the written file durable and gives it its final name.
    fn commit(&mut self) -> io::Result<()> {
        File::open(&self.temp)?.sync_all()?;
        std::fs::rename(&self.temp, &self.dest)?;
        self.committed = true;
        // The rename itself is durable once the directory is synced (best
        // effort: not every platform lets a directory be opened).
        if let Some(dir) = self.dest.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for AtomicTarget {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Records stored into a corpus database as they come, a transaction per
/// [`CorpusSink::BATCH`] records.
struct CorpusSink {
    corpus: unspun_corpus::Corpus,
    pending: Vec<serde_json::Value>,
}

impl CorpusSink {
    /// Records stored in one transaction.
    const BATCH: usize = 256;

    fn add(&mut self, record: &str) -> io::Result<()> {
        let value = serde_json::from_str(record).map_err(io::Error::other)?;
        self.pending.push(value);
        if self.pending.len() >= Self::BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let stored = self.corpus.insert_many(self.pending.iter());
        self.pending.clear();
        stored
            .map(|_| ())
            .map_err(|e| io::Error::other(format!("corpus database: {e}")))
    }
}

impl Sink {
    /// Opens the destination: `output` (a file, or a directory for an HTML
    /// batch) or standard output.
    pub fn open(format: Format, output: Option<&Path>, batch: bool) -> io::Result<Self> {
        let mut sink = Sink::none(format);
        sink.batch = batch;
        if format == Format::Parquet {
            let path = output.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "Parquet output needs `-o FILE` (or `-o DIR`, one part per input shard)",
                )
            })?;
            return Sink::open_file(format, path, batch, false).map(|(sink, _)| sink);
        }
        if format == Format::Html && batch {
            let dir = output.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "HTML output for several articles needs `-o DIR` (one page per article)",
                )
            })?;
            std::fs::create_dir_all(dir)?;
            sink.html_dir = Some(dir.to_path_buf());
            return Ok(sink);
        }
        let writer: Box<dyn Write> = match output {
            Some(path) => Box::new(BufWriter::new(File::create(path)?)),
            None => Box::new(BufWriter::new(io::stdout())),
        };
        sink.writer = Some(writer);
        if format == Format::Json && batch {
            sink.raw("[\n")?;
        }
        Ok(sink)
    }

    /// A sink that writes no report (the records go only to a corpus
    /// database, see [`Sink::with_corpus`]).
    pub fn none(format: Format) -> Self {
        Sink {
            format,
            batch: false,
            writer: None,
            html_dir: None,
            used_names: HashSet::new(),
            written: 0,
            corpus: None,
            parquet: None,
            target: None,
        }
    }

    /// Opens `path` for JSON Lines or Parquet written under a temporary
    /// name and renamed by [`Sink::finish`]. With `resume` and an existing
    /// file, its records (not its error records) are carried over first,
    /// and their sources are returned: the inputs to leave out.
    pub fn open_file(
        format: Format,
        path: &Path,
        batch: bool,
        resume: bool,
    ) -> io::Result<(Self, HashSet<String>)> {
        let mut sink = Sink::none(format);
        sink.batch = batch;
        let (target, file) = AtomicTarget::create(path)?;
        sink.target = Some(target);
        let file = BufWriter::with_capacity(1 << 20, file);
        let mut done = HashSet::new();
        match format {
            Format::Parquet => {
                // Row groups of 1,024 records or 8 MiB of JSON and text.
                let mut writer = ParquetRecordWriter::new(file, WriterOptions::default())
                    .map_err(io::Error::other)?;
                if resume && path.exists() {
                    done = carry_parquet(path, &mut writer).map_err(|e| {
                        io::Error::other(format!("cannot resume from {}: {e}", path.display()))
                    })?;
                }
                sink.parquet = Some(writer);
            }
            _ => {
                let mut writer: Box<dyn Write> = Box::new(file);
                if resume && path.exists() {
                    done = carry_jsonl(path, &mut writer).map_err(|e| {
                        io::Error::new(
                            e.kind(),
                            format!("cannot resume from {}: {e}", path.display()),
                        )
                    })?;
                }
                sink.writer = Some(writer);
            }
        }
        Ok((sink, done))
    }

    /// Also stores every record (its `record` field) into the corpus
    /// database at `path`, created when missing.
    pub fn with_corpus(mut self, path: &Path) -> Result<Self, String> {
        let corpus = unspun_corpus::Corpus::open(path)
            .map_err(|e| format!("cannot open the corpus database {}: {e}", path.display()))?;
        self.corpus = Some(CorpusSink {
            corpus,
            pending: Vec::new(),
        });
        Ok(self)
    }

    /// Whether records must carry their JSON for a corpus database.
    pub fn wants_records(&self) -> bool {
        self.corpus.is_some()
    }

    fn raw(&mut self, s: &str) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.write_all(s.as_bytes()),
            None => Ok(()),
        }
    }

    /// Writes one analysed document.
    pub fn write(&mut self, rendered: &Rendered) -> io::Result<()> {
        if let (Some(corpus), Some(record)) = (&mut self.corpus, &rendered.record) {
            corpus.add(record)?;
        }
        if let Some(parquet) = &mut self.parquet {
            // The body of a Parquet rendering is the JSON record.
            parquet
                .write_record_json(&rendered.body)
                .map_err(io::Error::other)?;
            self.written += 1;
            return Ok(());
        }
        if let Some(dir) = self.html_dir.clone() {
            let name = self.unique_name(&rendered.id);
            std::fs::write(dir.join(name), &rendered.body)?;
            self.written += 1;
            return Ok(());
        }
        if rendered.body.is_empty() && self.format == Format::Semeval {
            // No rows for this document: write nothing, not an empty line.
            self.written += 1;
            return Ok(());
        }
        self.separator()?;
        self.raw(&rendered.body)?;
        if !rendered.body.ends_with('\n') && self.format != Format::Json {
            self.raw("\n")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Writes the error record of an input that failed, where the format
    /// has one (JSON and JSON Lines); other formats report on stderr only.
    pub fn write_error(&mut self, source: &str, message: &str) -> io::Result<()> {
        match self.format {
            Format::Parquet => {
                if let Some(parquet) = &mut self.parquet {
                    parquet
                        .write_error(None, Some(source), message)
                        .map_err(io::Error::other)?;
                    self.written += 1;
                }
            }
            Format::Json => {
                self.separator()?;
                let record = unspun::report::json::error_record(source, message, true);
                self.raw(&record)?;
                self.written += 1;
            }
            Format::Jsonl => {
                let record = unspun::report::json::error_record(source, message, false);
                self.raw(&record)?;
                self.raw("\n")?;
                self.written += 1;
            }
            _ => {}
        }
        Ok(())
    }

    fn separator(&mut self) -> io::Result<()> {
        if self.written == 0 {
            return Ok(());
        }
        match self.format {
            Format::Json if self.batch => self.raw(",\n"),
            Format::Json => self.raw("\n"),
            Format::Text | Format::Html => self.raw("\n"),
            _ => Ok(()),
        }
    }

    /// Closes the output (the JSON array, buffered bytes, the Parquet
    /// footer) and gives a file written under a temporary name its name.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(parquet) = self.parquet.take() {
            let mut file = parquet.finish().map_err(io::Error::other)?;
            file.flush()?;
        }
        if self.format == Format::Json {
            if self.batch {
                self.raw("\n]\n")?;
            } else if self.written > 0 {
                self.raw("\n")?;
            }
        }
        if let Some(w) = &mut self.writer {
            w.flush()?;
        }
        if let Some(corpus) = &mut self.corpus {
            corpus.flush()?;
        }
        // Close the file before renaming it.
        self.writer = None;
        if let Some(target) = &mut self.target {
            target.commit()?;
        }
        Ok(())
    }

    fn unique_name(&mut self, id: &str) -> String {
        // Keep file names well under the usual 255-byte limit.
        let base = safe_file_stem(id, MAX_NAME_CHARS, "document");
        let mut name = format!("{base}.html");
        let mut n = 1;
        while !self.used_names.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}.html");
        }
        name
    }
}

/// `name` made safe as a file name: characters other than letters, digits,
/// `-`, `_` and `.` written `_`, no leading dot, at most `max` characters;
/// `fallback` when nothing is left.
pub fn safe_file_stem(name: &str, max: usize, fallback: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe: String = safe.trim_start_matches('.').chars().take(max).collect();
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe
    }
}

/// Copies the records of the Parquet file at `path` (not its error rows)
/// into `writer`; returns their sources.
fn carry_parquet(
    path: &Path,
    writer: &mut ParquetRecordWriter<BufWriter<File>>,
) -> Result<HashSet<String>, unspun_arrow::Error> {
    for batch in unspun_arrow::read_parquet(path)? {
        writer.write_batch(&unspun_arrow::good_rows(&batch?)?)?;
    }
    unspun_arrow::read_sources(path)
}

/// Copies the records of the JSON Lines file at `path` into `writer`,
/// leaving out error records and lines that are not JSON records (a line
/// cut short by a crash); returns their `document.source`s.
fn carry_jsonl(path: &Path, writer: &mut dyn Write) -> io::Result<HashSet<String>> {
    let mut done = HashSet::new();
    for line in BufReader::new(File::open(path)?).split(b'\n') {
        let line = line?;
        let Ok(line) = String::from_utf8(line) else {
            continue;
        };
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if record.get("error").is_some() {
            continue;
        }
        let Some(source) = record.pointer("/document/source").and_then(|s| s.as_str()) else {
            continue;
        };
        done.insert(source.to_string());
        writer.write_all(line.as_bytes())?;
        writer.write_all(b"\n")?;
    }
    Ok(done)
}
