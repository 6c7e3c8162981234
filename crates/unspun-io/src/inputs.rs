//! Expands command-line inputs into a lazy, ordered stream of jobs: one job
//! per article file, per JSON Lines record, per HTML response of a WARC
//! archive, or for standard input. Nothing is read ahead beyond the current
//! line of a JSON Lines file or the current record of a WARC file, so memory
//! stays bounded however large the corpus.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use unspun_core::Document;

use unspun_extract::warc::{html_response, BoxedWarcReader, HtmlResponse};

use crate::error::ReadError;
use crate::html::read_html_page;
use crate::jsonl::read_json_article;
use crate::plain::read_plain;
use crate::MAX_INPUT_BYTES;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// From the file extension (a `.gz` suffix aside): `.jsonl`/`.ndjson`
    /// are JSON Lines, `.html`/`.htm` are HTML, `.warc` are WARC archives,
    /// anything else is plain text.
    #[default]
    Auto,
    /// Plain text: title on the first line, blank line, body.
    Text,
    /// One JSON article per line.
    Jsonl,
    /// An HTML page (plain or gzip): its article is extracted.
    Html,
    /// A WARC archive (plain or gzip): one job per HTML response.
    Warc,
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
            Some("warc") => InputFormat::Warc,
            _ => InputFormat::Text,
        }
    }
}

/// The UTF-8 byte-order mark some editors put at the start of a file.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Extensions of the files taken from a directory tree; others are skipped.
const DIRECTORY_EXTENSIONS: &[&str] = &[
    "txt", "text", "jsonl", "ndjson", "html", "htm", "xhtml", "warc",
];

/// What one job reads.
#[derive(Debug)]
pub enum JobKind {
    /// An article file, plain text or HTML.
    File(PathBuf, InputFormat),
    /// Bytes already read (standard input), plain text or HTML.
    Bytes(Vec<u8>, InputFormat),
    /// One line of a JSON Lines input, with the id to use if it has none.
    JsonLine(String, String),
    /// An article given as fields (a Python call, an Arrow row), with the id
    /// to use if it has none.
    Article(Box<crate::jsonl::ArticleFields>, String),
    /// An HTML response taken from a WARC archive, with its document id.
    WarcPage(HtmlResponse, String),
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
        JobKind::Article(fields, fallback_id) => crate::jsonl::read_article(*fields, &fallback_id)?,
        JobKind::WarcPage(page, id) => read_html_page(
            &id,
            &page.body,
            page.content_type.as_deref(),
            page.url.as_deref(),
        )?,
        JobKind::Failed(err) => return Err(err),
    };
    doc.source = Some(source);
    Ok(doc)
}

fn read_bytes(id: &str, bytes: &[u8], format: InputFormat) -> Result<Document, ReadError> {
    match format {
        InputFormat::Html => read_html_page(id, bytes, None, None),
        InputFormat::Warc => Err(ReadError::Page(
            "a WARC archive given as one input; name the file (it is expanded into one input per page)".into(),
        )),
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
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
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

/// Whether a file found in a directory tree is an input (by its extension,
/// a `.gz` suffix aside: text, JSON Lines, HTML, WARC); others are skipped.
pub fn is_directory_input(path: &Path) -> bool {
    extension(path).is_some_and(|e| DIRECTORY_EXTENSIONS.contains(&e.as_str()))
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

/// A WARC archive being read.
struct WarcSource {
    reader: BoxedWarcReader,
    name: String,
    id_prefix: String,
}

/// The lazy stream of jobs for a list of inputs, in the order given;
/// directory trees are walked in file-name order.
pub struct Jobs {
    pending: std::vec::IntoIter<String>,
    format: InputFormat,
    walker: Option<walkdir::IntoIter>,
    lines: Option<LineSource>,
    warc: Option<WarcSource>,
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
            warc: None,
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
            if src.line_no == 1 && buf.starts_with(UTF8_BOM) {
                // A byte-order mark before the first record is not JSON.
                buf.drain(..UTF8_BOM.len());
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

    /// The next HTML response of the current WARC archive; records that are
    /// not HTML pages fetched with status 200 are passed over.
    fn next_warc_page(&mut self) -> Option<Job> {
        let src = self.warc.as_mut()?;
        loop {
            let Some(record) = src.reader.next() else {
                self.warc = None;
                return None;
            };
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    return Some(Job {
                        source: src.name.clone(),
                        kind: JobKind::Failed(ReadError::Page(e.to_string())),
                    })
                }
            };
            let source = format!("{}#{}", src.name, record.number);
            match html_response(&record) {
                Ok(None) => continue,
                Ok(Some(page)) => {
                    let id = format!("{}#{}", src.id_prefix, record.number);
                    return Some(Job {
                        source,
                        kind: JobKind::WarcPage(page, id),
                    });
                }
                Err(e) => {
                    return Some(Job {
                        source,
                        kind: JobKind::Failed(ReadError::Page(e)),
                    })
                }
            }
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
            let wanted = is_directory_input(&path);
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
            InputFormat::Warc => match unspun_extract::warc::open(&path) {
                Ok(reader) => {
                    self.warc = Some(WarcSource {
                        reader,
                        id_prefix: file_id(&path),
                        name: source,
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
            if self.warc.is_some() {
                if let Some(job) = self.next_warc_page() {
                    return Some(job);
                }
                continue;
            }
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
                if self.lines.is_some() || self.warc.is_some() || self.walker.is_some() {
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
        assert_eq!(
            InputFormat::Auto.resolve(Path::new("x.JSONL")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::Auto.resolve(Path::new("x.htm")),
            InputFormat::Html
        );
        assert_eq!(
            InputFormat::Auto.resolve(Path::new("x.txt")),
            InputFormat::Text
        );
        assert_eq!(
            InputFormat::Text.resolve(Path::new("x.html")),
            InputFormat::Text
        );
    }

    #[test]
    fn directory_tree_in_name_order_with_jsonl_expanded() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("b/2.txt"), "T\n\nbody").unwrap();
        fs::write(dir.path().join("a.txt"), "T\n\nbody").unwrap();
        fs::write(
            dir.path().join("c.jsonl"),
            "{\"text\":\"x\"}\n\n{\"text\":\"y\"}\n",
        )
        .unwrap();
        fs::write(dir.path().join("notes.csv"), "skip").unwrap();
        fs::write(dir.path().join(".hidden.txt"), "skip").unwrap();
        let mut jobs = Jobs::new(vec![dir.path().display().to_string()], InputFormat::Auto);
        let found: Vec<String> = jobs.by_ref().map(|j| j.source).collect();
        let names: Vec<String> = found
            .iter()
            .map(|s| {
                s.trim_start_matches(&dir.path().display().to_string())
                    .to_string()
            })
            .collect();
        assert_eq!(
            names,
            vec!["/a.txt", "/b/2.txt", "/c.jsonl:1", "/c.jsonl:3"]
        );
        assert_eq!(jobs.skipped, 2);
    }

    #[test]
    fn missing_input_is_a_failed_job() {
        let jobs: Vec<Job> =
            Jobs::new(vec!["/no/such/file.txt".into()], InputFormat::Auto).collect();
        assert_eq!(jobs.len(), 1);
        assert!(matches!(
            read_job(jobs.into_iter().next().unwrap()),
            Err(ReadError::Io(_))
        ));
    }

    #[test]
    fn jsonl_byte_order_mark_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.jsonl");
        fs::write(&path, b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Hi. Bye.\"}\n").unwrap();
        let docs: Vec<_> = Jobs::new(vec![path.display().to_string()], InputFormat::Auto)
            .map(read_job)
            .collect();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].as_ref().unwrap().id, "a");
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
        let got = sources(Jobs::new(
            vec![path.display().to_string()],
            InputFormat::Auto,
        ));
        assert_eq!(got.len(), 1);
        let doc = read_job(
            Jobs::new(vec![path.display().to_string()], InputFormat::Auto)
                .next()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(doc.id, "story");
        assert_eq!(doc.meta.title.as_deref(), Some("Head"));
    }

    const PAGE: &str = "<html><head><title>Bridge reopens | Town Paper</title>\
        <meta property='og:site_name' content='Town Paper'><meta name='author' content='Ann Lee'>\
        <meta property='article:published_time' content='2020-03-04T10:00:00Z'></head><body>\
        <nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>\
        <p>The old bridge over the river reopened on Tuesday after two years of repairs, the council said.</p>\
        <p>Hundreds of residents walked across it in the morning, and the mayor cut a ribbon at noon.</p>\
        </article><footer>Copyright Town Paper</footer></body></html>";

    #[test]
    fn html_and_gzip_pages_are_extracted() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.html"), PAGE).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).unwrap();
        fs::write(dir.path().join("b.html.gz"), gz.finish().unwrap()).unwrap();
        let docs: Vec<Document> =
            Jobs::new(vec![dir.path().display().to_string()], InputFormat::Auto)
                .map(|j| read_job(j).unwrap())
                .collect();
        assert_eq!(docs.len(), 2);
        for doc in &docs {
            assert!(doc.text().starts_with("The old bridge"), "{}", doc.text());
            assert!(!doc.text().contains("Home"));
            assert_eq!(doc.meta.title.as_deref(), Some("Bridge reopens"));
            assert_eq!(doc.meta.outlet.as_deref(), Some("Town Paper"));
            assert_eq!(doc.meta.authors, vec!["Ann Lee"]);
            assert_eq!(doc.meta.published.as_deref(), Some("2020-03-04"));
        }
        assert_eq!(docs[1].id, "b");
    }

    #[test]
    fn page_without_article_is_an_error_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nav.html");
        fs::write(
            &path,
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        )
        .unwrap();
        let job = Jobs::new(vec![path.display().to_string()], InputFormat::Auto)
            .next()
            .unwrap();
        assert!(matches!(read_job(job), Err(ReadError::NoArticle(_))));
    }

    #[test]
    fn warc_files_expand_into_one_job_per_html_response() {
        fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
            let mut out = format!(
                "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .into_bytes();
            out.extend_from_slice(block);
            out.extend_from_slice(b"\r\n\r\n");
            out
        }
        let ok = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n{PAGE}"
        );
        let latin = [ok.as_bytes(), b"<p>Caf\xe9</p>"].concat();
        let missing = format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n{PAGE}");
        let bytes = [
            record("request", "https://t.test/a", b"GET /a HTTP/1.1\r\n\r\n"),
            record("response", "https://t.test/a", &latin),
            record("response", "https://t.test/b", missing.as_bytes()),
            record(
                "response",
                "https://t.test/c",
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<nav>x</nav>",
            ),
            record("response", "https://t.test/d", b"not http at all"),
        ]
        .concat();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.warc");
        fs::write(&path, bytes).unwrap();
        let jobs: Vec<Job> =
            Jobs::new(vec![path.display().to_string()], InputFormat::Auto).collect();
        let sources: Vec<&str> = jobs
            .iter()
            .map(|j| j.source.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            sources,
            vec!["crawl.warc#2", "crawl.warc#4", "crawl.warc#5"]
        );
        let results: Vec<_> = jobs.into_iter().map(read_job).collect();
        let doc = results[0].as_ref().unwrap();
        assert_eq!(doc.id, "crawl#2");
        assert_eq!(doc.meta.url.as_deref(), Some("https://t.test/a"));
        assert!(matches!(results[1], Err(ReadError::NoArticle(_))));
        assert!(matches!(results[2], Err(ReadError::Page(_))));
    }
}
