//! WARC archives (ISO 28500, versions 0.17–1.1): plain, or gzip compressed
//! record by record (one gzip member per record) or as a single stream.
//!
//! [`WarcReader`] yields records one at a time with bounded memory; the
//! block of each is read exactly as its `Content-Length` says.
//! [`html_response`] picks the pages worth extracting: `response` records
//! holding an HTTP response with status 200 and an HTML content type
//! (chunked transfer coding and gzip/deflate content coding are undone), and
//! `resource` records with an HTML content type.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Largest record block read; larger blocks are skipped with an error.
pub const MAX_BLOCK_BYTES: usize = crate::MAX_PAGE_BYTES;

/// One WARC record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// Position in the file, from 1.
    pub number: usize,
    /// The named header fields, in order (names as written).
    pub headers: Vec<(String, String)>,
    /// The record block (for a response: the HTTP message).
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lowercased.
    pub fn warc_type(&self) -> String {
        self.header("WARC-Type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// `WARC-Target-URI`, without the angle brackets some writers add.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI")
            .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>'))
    }
}

/// Why reading a WARC file stopped or a record was refused.
#[derive(Debug)]
pub enum WarcError {
    /// The file could not be read (or its gzip data is corrupt or truncated).
    Io(io::Error),
    /// The bytes are not WARC records where one was expected.
    Format(String),
    /// A record block larger than [`MAX_BLOCK_BYTES`] (skipped; reading goes on).
    TooLarge {
        /// The record number.
        number: usize,
        /// Its declared length.
        length: u64,
    },
}

impl std::fmt::Display for WarcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WarcError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                write!(f, "WARC file cut short: {e}")
            }
            WarcError::Io(e) => write!(f, "cannot read WARC: {e}"),
            WarcError::Format(why) => write!(f, "not a valid WARC record: {why}"),
            WarcError::TooLarge { number, length } => {
                write!(
                    f,
                    "WARC record {number} is {length} bytes (limit {MAX_BLOCK_BYTES}); skipped"
                )
            }
        }
    }
}

impl std::error::Error for WarcError {}

/// Reads WARC records one at a time.
pub struct WarcReader<R> {
    reader: R,
    number: usize,
    done: bool,
}

/// A reader over a boxed source, as [`open`] returns.
pub type BoxedWarcReader = WarcReader<Box<dyn BufRead + Send>>;

/// Opens a WARC file, compressed or not (gzip is recognised by its magic
/// number, whatever the file name).
pub fn open(path: &Path) -> io::Result<BoxedWarcReader> {
    let file = File::open(path)?;
    Ok(WarcReader::from_reader(BufReader::with_capacity(
        1 << 16,
        file,
    )))
}

impl WarcReader<Box<dyn BufRead + Send>> {
    /// Reads WARC records from `reader`, decompressing gzip when the data
    /// starts with the gzip magic number (all members are read).
    pub fn from_reader<R: BufRead + Send + 'static>(mut reader: R) -> Self {
        let gzip = matches!(reader.fill_buf(), Ok(buf) if buf.len() >= 2 && buf[0] == 0x1f && buf[1] == 0x8b);
        let reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::bufread::MultiGzDecoder::new(reader),
            ))
        } else {
            Box::new(reader)
        };
        WarcReader {
            reader,
            number: 0,
            done: false,
        }
    }
}

impl<R: BufRead> WarcReader<R> {
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut buf = Vec::new();
        let n = (&mut self.reader)
            .take(64 * 1024)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, WarcError> {
        // Skip the blank lines that end the previous record.
        let version = loop {
            match self.read_line().map_err(WarcError::Io)? {
                None => return Ok(None),
                Some(line) if line.trim().is_empty() => continue,
                Some(line) => break line,
            }
        };
        if !version.starts_with("WARC/") {
            let shown: String = version.chars().take(40).collect();
            return Err(WarcError::Format(format!(
                "expected a WARC/ version line, found {shown:?}"
            )));
        }
        self.number += 1;
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let line = self.read_line().map_err(WarcError::Io)?.ok_or_else(|| {
                WarcError::Io(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "in record headers",
                ))
            })?;
            if line.is_empty() {
                break;
            }
            if line.starts_with([' ', '\t']) {
                if let Some(last) = headers.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.trim());
                }
                continue;
            }
            let (name, value) = line.split_once(':').ok_or_else(|| {
                WarcError::Format(format!(
                    "header line without a colon in record {}",
                    self.number
                ))
            })?;
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let length: u64 = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .ok_or_else(|| {
                WarcError::Format(format!(
                    "record {} has no valid Content-Length",
                    self.number
                ))
            })?;
        if length > MAX_BLOCK_BYTES as u64 {
            let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())
                .map_err(WarcError::Io)?;
            if skipped < length {
                return Err(WarcError::Io(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "in a record block",
                )));
            }
            return Err(WarcError::TooLarge {
                number: self.number,
                length,
            });
        }
        let mut block = Vec::with_capacity(length as usize);
        (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(WarcError::Io)?;
        if (block.len() as u64) < length {
            return Err(WarcError::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "record {} has {} of its {length} bytes",
                    self.number,
                    block.len()
                ),
            )));
        }
        Ok(Some(WarcRecord {
            number: self.number,
            headers,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, WarcError>;

    /// The next record; after an error that loses the record framing (bad
    /// format, truncated data) the reader stops.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e @ WarcError::TooLarge { .. }) => Some(Err(e)),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// An HTML page taken from a WARC record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlResponse {
    /// The record number in the file.
    pub number: usize,
    /// The address it was fetched from.
    pub url: Option<String>,
    /// The HTTP `Content-Type` (with its charset, if any).
    pub content_type: Option<String>,
    /// The page bytes (transfer and content codings undone).
    pub body: Vec<u8>,
}

/// The HTML page in `record`: `Ok(None)` when the record is not an HTML
/// page fetched with status 200 (request, metadata, redirect, image…),
/// `Err` when it claims to be one but cannot be read.
pub fn html_response(record: &WarcRecord) -> Result<Option<HtmlResponse>, String> {
    let url = record.target_uri().map(str::to_string);
    match record.warc_type().as_str() {
        "response" => {}
        "resource" => {
            let ct = record.header("Content-Type").map(str::to_string);
            if !ct.as_deref().is_some_and(is_html_type) {
                return Ok(None);
            }
            return Ok(Some(HtmlResponse {
                number: record.number,
                url,
                content_type: ct,
                body: record.block.clone(),
            }));
        }
        _ => return Ok(None),
    }
    let record_ct = record
        .header("Content-Type")
        .unwrap_or("application/http")
        .to_ascii_lowercase();
    if !record_ct.starts_with("application/http") {
        return Ok(None);
    }
    let http = parse_http(&record.block).map_err(|e| format!("record {}: {e}", record.number))?;
    if http.status != 200 {
        return Ok(None);
    }
    let content_type = http.header("content-type").map(str::to_string);
    let html = match content_type.as_deref() {
        Some(ct) => is_html_type(ct),
        None => looks_like_html(http.body),
    };
    if !html {
        return Ok(None);
    }
    let mut body = http.body.to_vec();
    let chunked = http
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        body = dechunk(&body).map_err(|e| format!("record {}: {e}", record.number))?;
    } else if let Some(len) = http
        .header("content-length")
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        body.truncate(len);
    }
    match http
        .header("content-encoding")
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("" | "identity" | "none") => {}
        Some("gzip" | "x-gzip") => {
            body = crate::gunzip(&body, crate::MAX_PAGE_BYTES)
                .map_err(|e| format!("record {}: {e}", record.number))?;
        }
        Some("deflate") => {
            body = inflate(&body)
                .map_err(|e| format!("record {}: bad deflate data: {e}", record.number))?;
        }
        Some(other) => {
            return Err(format!(
                "record {}: content encoding {other:?} is not supported",
                record.number
            ))
        }
    }
    Ok(Some(HtmlResponse {
        number: record.number,
        url,
        content_type,
        body,
    }))
}

fn is_html_type(ct: &str) -> bool {
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// A parsed HTTP response message.
struct Http<'a> {
    status: u16,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

impl Http<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn parse_http(block: &[u8]) -> Result<Http<'_>, String> {
    let mut pos = 0;
    let line_of = |pos: &mut usize| -> Option<&[u8]> {
        if *pos >= block.len() {
            return None;
        }
        let end = block[*pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(block.len(), |e| *pos + e);
        let mut line = &block[*pos..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        *pos = (end + 1).min(block.len());
        Some(line)
    };
    let status_line = line_of(&mut pos).ok_or("empty HTTP message")?;
    let status_line = String::from_utf8_lossy(status_line);
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/") {
        return Err(format!(
            "no HTTP status line (found {:?})",
            status_line.chars().take(40).collect::<String>()
        ));
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
    let mut headers = Vec::new();
    while let Some(line) = line_of(&mut pos) {
        if line.is_empty() {
            break;
        }
        let line = String::from_utf8_lossy(line);
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok(Http {
        status,
        headers,
        body: &block[pos.min(block.len())..],
    })
}

/// Undoes chunked transfer coding.
fn dechunk(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len());
    let mut pos = 0;
    loop {
        let end = data[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|e| pos + e)
            .ok_or("chunked body cut short")?;
        let size_line = String::from_utf8_lossy(&data[pos..end]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        pos = end + 1;
        if size == 0 {
            return Ok(out);
        }
        let chunk_end = pos
            .checked_add(size)
            .filter(|&e| e <= data.len())
            .ok_or("chunked body cut short")?;
        out.extend_from_slice(&data[pos..chunk_end]);
        pos = chunk_end;
        // The CRLF after the chunk.
        while pos < data.len() && (data[pos] == b'\r' || data[pos] == b'\n') {
            pos += 1;
            if data[pos - 1] == b'\n' {
                break;
            }
        }
    }
}

fn inflate(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let limit = crate::MAX_PAGE_BYTES as u64;
    if flate2::read::ZlibDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out)
        .is_ok()
    {
        return Ok(out);
    }
    out.clear();
    flate2::read::DeflateDecoder::new(data)
        .take(limit)
        .read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    const PAGE: &[u8] = b"<html><body><p>Hello from the archive.</p></body></html>";

    fn records() -> Vec<Vec<u8>> {
        let resp = "application/http; msgtype=response";
        vec![
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: test\r\n",
            ),
            record(
                "request",
                "https://a.test/1",
                "application/http; msgtype=request",
                b"GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n",
            ),
            record(
                "response",
                "https://a.test/1",
                resp,
                &http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", PAGE),
            ),
            record(
                "response",
                "https://a.test/404",
                resp,
                &http("404 Not Found", "Content-Type: text/html\r\n", PAGE),
            ),
            record(
                "response",
                "https://a.test/img",
                resp,
                &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
            ),
            record(
                "response",
                "https://a.test/301",
                resp,
                &http("301 Moved", "Location: /1\r\n", b""),
            ),
            {
                let chunked = [
                    b"10\r\n".as_slice(),
                    &gz(PAGE)[..16],
                    b"\r\n",
                    format!("{:x}\r\n", gz(PAGE).len() - 16).as_bytes(),
                    &gz(PAGE)[16..],
                    b"\r\n0\r\n\r\n",
                ]
                .concat();
                record(
                    "response",
                    "<https://a.test/2>",
                    resp,
                    &http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", &chunked),
                )
            },
            record("resource", "file:///3.html", "text/html", PAGE),
            record(
                "response",
                "https://a.test/4",
                resp,
                &http(
                    "200 OK",
                    "Content-Type: text/html\r\nContent-Length: 20\r\n",
                    PAGE,
                ),
            ),
        ]
    }

    fn pages(reader: BoxedWarcReader) -> Vec<(usize, Option<String>, Vec<u8>)> {
        reader
            .map(|r| r.unwrap())
            .filter_map(|r| html_response(&r).unwrap())
            .map(|p| (p.number, p.url, p.body))
            .collect()
    }

    fn check(found: Vec<(usize, Option<String>, Vec<u8>)>) {
        let numbers: Vec<usize> = found.iter().map(|p| p.0).collect();
        assert_eq!(numbers, vec![3, 7, 8, 9]);
        assert_eq!(found[0].1.as_deref(), Some("https://a.test/1"));
        assert_eq!(found[0].2, PAGE);
        assert_eq!(found[1].1.as_deref(), Some("https://a.test/2"));
        assert_eq!(found[1].2, PAGE, "chunked and gzip undone");
        assert_eq!(found[2].2, PAGE);
        assert_eq!(found[3].2, &PAGE[..20], "HTTP Content-Length respected");
    }

    #[test]
    fn plain_warc() {
        let bytes = records().concat();
        check(pages(WarcReader::from_reader(Cursor::new(bytes))));
    }

    #[test]
    fn gzip_member_per_record() {
        let bytes: Vec<u8> = records().iter().flat_map(|r| gz(r)).collect();
        check(pages(WarcReader::from_reader(Cursor::new(bytes))));
    }

    #[test]
    fn gzip_single_stream() {
        let bytes = gz(&records().concat());
        check(pages(WarcReader::from_reader(Cursor::new(bytes))));
    }

    #[test]
    fn truncated_and_garbage() {
        let bytes = records().concat();
        let cut = bytes[..bytes.len() - 30].to_vec();
        let results: Vec<_> = WarcReader::from_reader(Cursor::new(cut)).collect();
        assert!(results.last().unwrap().is_err());
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 8);
        let gz_cut = gz(&bytes)[..200].to_vec();
        let results: Vec<_> = WarcReader::from_reader(Cursor::new(gz_cut)).collect();
        assert!(results.last().unwrap().is_err());
        let results: Vec<_> =
            WarcReader::from_reader(Cursor::new(b"<html>not warc</html>".to_vec())).collect();
        assert_eq!(results.len(), 1);
        assert!(matches!(results[0], Err(WarcError::Format(_))));
        assert_eq!(WarcReader::from_reader(Cursor::new(Vec::new())).count(), 0);
    }

    #[test]
    fn bad_http_is_an_error_for_that_record() {
        let bytes = record(
            "response",
            "u",
            "application/http; msgtype=response",
            b"garbage\r\n\r\n",
        );
        let rec = WarcReader::from_reader(Cursor::new(bytes))
            .next()
            .unwrap()
            .unwrap();
        assert!(html_response(&rec).is_err());
    }
}
