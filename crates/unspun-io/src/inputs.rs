//! Expands command-line inputs into a lazy, ordered stream of jobs: one job
//! per article file, per JSON Lines record, or for standard input. Nothing is
//! read ahead beyond the current line of a JSON Lines file, so memory stays
//! bounded however large the corpus.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use unspun_core::Document;

use crate::error::ReadError;
use crate::html::html_to_article;
use crate::jsonl::read_json_article;
use crate::plain::read_plain;
use crate::MAX_INPUT_BYTES;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// From the file extension: `.jsonl`/`.ndjson` are JSON Lines,
    /// `.html`/`.htm` are HTML, anything else is plain text.
    #[default]
    Auto,
    /// Plain text: title on the first line, blank line, body.
    Text,
    /// One JSON article per line.
    Jsonl,
    /// An HTML page.
    Html,
}

impl InputFormat {
    /// The format of `path` when this is `Auto`, else `self`.
    pub fn resolve(self, path: &Path) -> InputFormat {
        if self != InputFormat::Auto {
            return self;
        }
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson") => InputFormat::Jsonl,
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// Extensions of the files taken from a directory tree; others are skipped.
const DIRECTORY_EXTENSIONS: &[&str] = &["txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml"];

/// What one job reads.
#[derive(Debug)]
pub enum JobKind {
    /// An article file, plain text or HTML.
    File(PathBuf, InputFormat),
    /// Bytes already read (standard input), plain text or HTML.
    Bytes(Vec<u8>, InputFormat),
    /// One line of a JSON Lines input, with the id to use if it has none.
    JsonLine(String, String),
    /// The input could not even be listed or read as a line.
    Failed(ReadError),
}

/// One unit of work: an input that becomes one document (or one error).
#[derive(Debug)]
pub struct Job {
    /// Where it comes from: a path, `path:line` for JSON Lines, or `stdin`.
    pub source: String,
    /// What to read.
    pub kind: JobKind,
}

/// Reads the document of a job. Never panics; every failure is a
/// [`ReadError`] that names what went wrong.
pub fn read_job(job: Job) -> Result<Document, ReadError> {
    let source = job.source;
    let mut doc = match job.kind {
        JobKind::File(path, format) => {
            let bytes = read_file_limited(&path)?;
            read_bytes(&file_id(&path), &bytes, format.resolve(&path))?
        }
        JobKind::Bytes(bytes, format) => read_bytes("stdin", &bytes, format)?,
        JobKind::JsonLine(line, fallback_id) => read_json_article(&line, &fallback_id)?,
        JobKind::Failed(err) => return Err(err),
    };
    doc.source = Some(source);
    Ok(doc)
}

fn read_bytes(id: &str, bytes: &[u8], format: InputFormat) -> Result<Document, ReadError> {
    match format {
        InputFormat::Html => {
            let decoded = crate::decode::decode(bytes)?;
            let page = html_to_article(&decoded.text);
            if page.text.trim().is_empty() {
                return Err(ReadError::Empty);
            }
            let mut doc = Document::new(id, page.text);
            doc.meta.title = page.title;
            doc.warnings.extend(decoded.warning);
            Ok(doc)
        }
        InputFormat::Jsonl => {
            // A whole JSON Lines payload given as one input: take its first record.
            let text = crate::decode::decode(bytes)?.text;
            let line = text.lines().find(|l| !l.trim().is_empty()).ok_or(ReadError::Empty)?;
            read_json_article(line, id)
        }
        InputFormat::Text | InputFormat::Auto => read_plain(id, bytes),
    }
}

/// Reads a whole file, refusing files larger than [`MAX_INPUT_BYTES`].
pub fn read_file_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_INPUT_BYTES as u64 {
        return Err(ReadError::TooLarge {
            size,
            limit: MAX_INPUT_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(bytes)
}

/// The document id of a file: its name without extensions
/// (`article123.txt` → `article123`, `page.html.gz` → `page`).
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    if stem.is_empty() {
        "document".to_string()
    } else {
        stem.to_string()
    }
}

fn extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_string())
}

/// A source of JSON Lines records being read.
struct LineSource {
    reader: Box<dyn BufRead + Send>,
    name: String,
    id_prefix: String,
    line_no: usize,
}

/// The lazy stream of jobs for a list of inputs, in the order given;
/// directory trees are walked in file-name order.
pub struct Jobs {
    pending: std::vec::IntoIter<String>,
    format: InputFormat,
    walker: Option<walkdir::IntoIter>,
    lines: Option<LineSource>,
    /// Files skipped in directories because of their extension.
    pub skipped: usize,
}

impl Jobs {
    /// Jobs for `inputs` (paths, or `-` for standard input) read as `format`.
    pub fn new(inputs: Vec<String>, format: InputFormat) -> Self {
        Self {
            pending: inputs.into_iter(),
            format,
            walker: None,
            lines: None,
            skipped: 0,
        }
    }

    fn next_line(&mut self) -> Option<Job> {
        let src = self.lines.as_mut()?;
        loop {
            src.line_no += 1;
            let mut buf = Vec::new();
            let read = (&mut src.reader)
                .take(MAX_INPUT_BYTES as u64 + 1)
                .read_until(b'\n', &mut buf);
            let source = format!("{}:{}", src.name, src.line_no);
            match read {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Err(e) => {
                    self.lines = None;
                    return Some(Job {
                        source,
                        kind: JobKind::Failed(ReadError::Io(e)),
                    });
                }
                Ok(_) => {}
            }
            if buf.len() > MAX_INPUT_BYTES {
                // Skip the rest of the over-long line.
                let mut rest = Vec::new();
                let _ = src.reader.read_until(b'\n', &mut rest);
                return Some(Job {
                    source,
                    kind: JobKind::Failed(ReadError::TooLarge {
                        size: (buf.len() + rest.len()) as u64,
                        limit: MAX_INPUT_BYTES,
                    }),
                });
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let kind = match String::from_utf8(buf) {
                Ok(line) => JobKind::JsonLine(line, format!("{}:{}", src.id_prefix, src.line_no)),
                Err(e) => JobKind::Failed(ReadError::Json(format!(
                    "line is not valid UTF-8 (bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                ))),
            };
            return Some(Job { source, kind });
        }
    }

    fn next_walked(&mut self) -> Option<Job> {
        loop {
            let entry = self.walker.as_mut()?.next();
            let entry = match entry {
                None => {
                    self.walker = None;
                    return None;
                }
                Some(Err(e)) => {
                    let source = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "directory".into());
                    let err = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("directory loop"));
                    return Some(Job {
                        source,
                        kind: JobKind::Failed(ReadError::Io(err)),
                    });
                }
                Some(Ok(entry)) => entry,
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.into_path();
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let wanted = extension(&path).is_some_and(|e| DIRECTORY_EXTENSIONS.contains(&e.as_str()));
            if hidden || !wanted {
                self.skipped += 1;
                continue;
            }
            if let Some(job) = self.start_file(path) {
                return Some(job);
            }
        }
    }

    /// A job for a file, or `None` after opening it as a JSON Lines source.
    fn start_file(&mut self, path: PathBuf) -> Option<Job> {
        let source = path.display().to_string();
        match self.format.resolve(&path) {
            InputFormat::Jsonl => match File::open(&path) {
                Ok(file) => {
                    self.lines = Some(LineSource {
                        reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                        id_prefix: file_id(&path),
                        name: source,
                        line_no: 0,
                    });
                    None
                }
                Err(e) => Some(Job {
                    source,
                    kind: JobKind::Failed(ReadError::Io(e)),
                }),
            },
            format => Some(Job {
                source,
                kind: JobKind::File(path, format),
            }),
        }
    }

    fn start_input(&mut self, input: String) -> Option<Job> {
        if input == "-" {
            if self.format == InputFormat::Jsonl {
                self.lines = Some(LineSource {
                    reader: Box::new(BufReader::new(std::io::stdin())),
                    name: "stdin".into(),
                    id_prefix: "stdin".into(),
                    line_no: 0,
                });
                return None;
            }
            let mut bytes = Vec::new();
            let kind = match std::io::stdin()
                .take(MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
            {
                Err(e) => JobKind::Failed(ReadError::Io(e)),
                Ok(n) if n > MAX_INPUT_BYTES => JobKind::Failed(ReadError::TooLarge {
                    size: n as u64,
                    limit: MAX_INPUT_BYTES,
                }),
                Ok(_) => JobKind::Bytes(bytes, self.format),
            };
            return Some(Job {
                source: "stdin".into(),
                kind,
            });
        }
        let path = PathBuf::from(&input);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                self.walker = Some(
                    walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter(),
                );
                None
            }
            Ok(_) => self.start_file(path),
            Err(e) => Some(Job {
                source: input,
                kind: JobKind::Failed(ReadError::Io(e)),
            }),
        }
    }
}

impl Iterator for Jobs {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if self.lines.is_some() {
                if let Some(job) = self.next_line() {
                    return Some(job);
                }
                continue;
            }
            if self.walker.is_some() {
                if let Some(job) = self.next_walked() {
                    return Some(job);
                }
                if self.lines.is_some() || self.walker.is_some() {
                    continue;
                }
                continue;
            }
            let input = self.pending.next()?;
            if let Some(job) = self.start_input(input) {
                return Some(job);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn sources(jobs: Jobs) -> Vec<String> {
        jobs.map(|j| j.source).collect()
    }

    #[test]
    fn ids_from_file_names() {
        assert_eq!(file_id(Path::new("a/article123.txt")), "article123");
        assert_eq!(file_id(Path::new("page.html.gz")), "page");
        assert_eq!(file_id(Path::new("README")), "README");
        assert_eq!(file_id(Path::new(".hidden")), ".hidden");
        assert_eq!(file_id(Path::new("/")), "document");
    }

    #[test]
    fn formats_from_extensions() {
        assert_eq!(InputFormat::Auto.resolve(Path::new("x.JSONL")), InputFormat::Jsonl);
        assert_eq!(InputFormat::Auto.resolve(Path::new("x.htm")), InputFormat::Html);
        assert_eq!(InputFormat::Auto.resolve(Path::new("x.txt")), InputFormat::Text);
        assert_eq!(InputFormat::Text.resolve(Path::new("x.html")), InputFormat::Text);
    }

    #[test]
    fn directory_tree_in_name_order_with_jsonl_expanded() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("b/2.txt"), "T\n\nbody").unwrap();
        fs::write(dir.path().join("a.txt"), "T\n\nbody").unwrap();
        fs::write(dir.path().join("c.jsonl"), "{\"text\":\"x\"}\n\n{\"text\":\"y\"}\n").unwrap();
        fs::write(dir.path().join("notes.csv"), "skip").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "skip").unwrap();
        let mut jobs = Jobs::new(vec![dir.path().display().to_string()], InputFormat::Auto);
        let found: Vec<String> = jobs.by_ref().map(|j| j.source).collect();
        let names: Vec<String> = found
            .iter()
            .map(|s| s.trim_start_matches(&dir.path().display().to_string()).to_string())
            .collect();
        assert_eq!(names, vec!["/a.txt", "/b/2.txt", "/c.jsonl:1", "/c.jsonl:3"]);
        assert_eq!(jobs.skipped, 2);
    }

    #[test]
    fn missing_input_is_a_failed_job() {
        let jobs: Vec<Job> = Jobs::new(vec!["/no/such/file.txt".into()], InputFormat::Auto).collect();
        assert_eq!(jobs.len(), 1);
        assert!(matches!(read_job(jobs.into_iter().next().unwrap()), Err(ReadError::Io(_))));
    }

    #[test]
    fn jsonl_lines_keep_going_after_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        let mut content = Vec::new();
        content.extend_from_slice(b"{\"id\":\"ok1\",\"text\":\"Fine.\"}\n");
        content.extend_from_slice(b"{\"id\":\"broken\",\"text\":\n");
        content.extend_from_slice(b"\xff\xfe not utf8\n");
        content.extend_from_slice(b"{\"text\":\"No id.\"}");
        fs::write(&path, content).unwrap();
        let results: Vec<_> = Jobs::new(vec![path.display().to_string()], InputFormat::Auto)
            .map(read_job)
            .collect();
        assert_eq!(results.len(), 4);
        assert_eq!(results[0].as_ref().unwrap().id, "ok1");
        assert!(results[1].is_err());
        assert!(results[2].is_err());
        assert_eq!(results[3].as_ref().unwrap().id, "feed:4");
    }

    #[test]
    fn single_files_any_extension() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.md");
        fs::write(&path, "Head\n\nBody.").unwrap();
        let got = sources(Jobs::new(vec![path.display().to_string()], InputFormat::Auto));
        assert_eq!(got.len(), 1);
        let doc = read_job(Jobs::new(vec![path.display().to_string()], InputFormat::Auto).next().unwrap()).unwrap();
        assert_eq!(doc.id, "story");
        assert_eq!(doc.meta.title.as_deref(), Some("Head"));
    }
}
