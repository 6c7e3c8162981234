//! Where rendered records go: standard output, a file, or (for HTML
//! batches) one file per document in a directory.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
        let mut sink = Sink {
            format,
            batch,
            writer: None,
            html_dir: None,
            used_names: HashSet::new(),
            written: 0,
            corpus: None,
        };
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
        }
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

    /// Closes the output (the JSON array, buffered bytes).
    pub fn finish(mut self) -> io::Result<()> {
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
        Ok(())
    }

    fn unique_name(&mut self, id: &str) -> String {
        let safe: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let safe = safe.trim_start_matches('.');
        // Keep file names well under the usual 255-byte limit.
        let safe: String = safe.chars().take(MAX_NAME_CHARS).collect();
        let base = if safe.is_empty() { "document" } else { &safe };
        let mut name = format!("{base}.html");
        let mut n = 1;
        while !self.used_names.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}.html");
        }
        name
    }
}
