//! Article extraction for unspun: from an HTML page (plain or gzip, any
//! common character encoding) or a WARC archive to the article text and its
//! metadata.
//!
//! ```
//! let page = r#"<html><head><meta property="og:title" content="Storm hits coast">
//!   <meta name="author" content="Jane Doe"></head><body><nav><a href="/">Home</a></nav>
//!   <article><h1>Storm hits coast</h1>
//!   <p>A storm hit the coast on Tuesday, cutting power to thousands of homes, officials said.</p>
//!   <p>"We have never seen anything like it," said the mayor, who asked residents to stay home.</p>
//!   <p>Crews worked through the night to restore power, and most homes had it back by morning.</p>
//!   </article><footer>© Coast News</footer></body></html>"#;
//! let article = unspun_extract::extract_html(page, None);
//! assert_eq!(article.title.as_deref(), Some("Storm hits coast"));
//! assert_eq!(article.authors, vec!["Jane Doe"]);
//! assert!(article.body.starts_with("A storm hit the coast"));
//! assert!(!article.body.contains("Home"));
//! ```
//!
//! - [`extract_bytes`]: bytes of a page (gzip or not) with an optional
//!   HTTP `Content-Type` and address.
//! - [`extract_html`]: a page already decoded to text.
//! - [`warc`]: the HTML responses of a WARC or WARC.gz file, one at a time.
//! - [`eval`]: the word-shingle score of extracted bodies against references.
//! - [`snippets`]: the snippet score of the trafilatura evaluation (text
//!   that must and must not be extracted).

pub mod body;
pub mod charset;
pub mod dom;
pub mod eval;
pub mod meta;
mod sink;
pub mod snippets;
pub mod warc;

use std::io::Read;

use serde::Serialize;

pub use meta::Metadata;

/// Largest page (after decompression) that is extracted, in bytes.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// An extracted article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The headline.
    pub title: Option<String>,
    /// Bylined authors.
    pub authors: Vec<String>,
    /// Publication date, ISO 8601 (`2019-11-19`).
    pub published: Option<String>,
    /// Language code declared by the page (`en`).
    pub language: Option<String>,
    /// The canonical address when the page declares one, else where it was fetched from.
    pub url: Option<String>,
    /// The site or publisher name.
    pub site_name: Option<String>,
    /// The article text, paragraphs separated by blank lines; empty when
    /// the page has no article (see `note`).
    pub body: String,
    /// Why the body is empty or uncertain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The character encoding the page was decoded with.
    pub encoding: String,
    /// Problems met while reading the page (encoding, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Why a page could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// No bytes.
    Empty,
    /// Larger than [`MAX_PAGE_BYTES`] once decompressed.
    TooLarge(usize),
    /// Gzip data that is corrupt or cut short.
    Gzip(String),
    /// Binary data, not a page.
    Binary(String),
}

impl std::fmt::Display for ExtractError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExtractError::Empty => write!(f, "empty page"),
            ExtractError::TooLarge(limit) => {
                write!(f, "page larger than {limit} bytes once decompressed")
            }
            ExtractError::Gzip(why) => write!(f, "bad gzip data: {why}"),
            ExtractError::Binary(why) => write!(f, "binary data, not an HTML page ({why})"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// True when `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Decompresses gzip data (one or several members), refusing output over
/// `limit` bytes and reporting truncated or corrupt data.
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit));
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    match decoder.take(limit as u64 + 1).read_to_end(&mut out) {
        Ok(_) if out.len() > limit => Err(ExtractError::TooLarge(limit)),
        Ok(_) => Ok(out),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(ExtractError::Gzip(
            format!("truncated after {} decompressed bytes", out.len()),
        )),
        Err(e) => Err(ExtractError::Gzip(e.to_string())),
    }
}

/// Extracts the article of a page given as bytes: gzip is detected by its
/// magic number, the encoding from `content_type` (an HTTP header value),
/// the page itself, or the bytes. `url` is where the page was fetched from.
pub fn extract_bytes(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<Article, ExtractError> {
    let owned;
    let bytes = if is_gzip(bytes) {
        owned = gunzip(bytes, MAX_PAGE_BYTES)?;
        &owned[..]
    } else {
        bytes
    };
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge(MAX_PAGE_BYTES));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(4096)];
    if !has_utf16_bom(bytes) {
        if let Some(pos) = head.iter().position(|&b| b == 0) {
            return Err(ExtractError::Binary(format!("NUL byte at offset {pos}")));
        }
    }
    let decoded = charset::decode_page(bytes, content_type);
    let mut article = extract_html(&decoded.text, url);
    article.encoding = decoded.encoding.to_string();
    article.warnings.extend(decoded.warning);
    Ok(article)
}

fn has_utf16_bom(bytes: &[u8]) -> bool {
    encoding_rs::Encoding::for_bom(bytes)
        .is_some_and(|(enc, _)| enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE)
}

/// Extracts the article of a decoded page. `url` is where the page was
/// fetched from, if known (used when the page declares no canonical address
/// and to resolve relative ones). When too little article text is found,
/// the page's `<noscript>` content is read as well.
pub fn extract_html(html: &str, url: Option<&str>) -> Article {
    extract_html_with(html, url, body::BlockModel::embedded())
}

/// [`extract_html`] with another block classifier, or none (the rules
/// alone): for training and comparing models.
#[doc(hidden)]
pub fn extract_html_with(
    html: &str,
    url: Option<&str>,
    model: Option<&body::BlockModel>,
) -> Article {
    let (dom, head) = dom::Dom::parse(html);
    let meta = meta::read_metadata(&dom, &head, url);
    let title = meta.title.as_deref();
    let mut body = body::extract_body_with(&dom, title, model);
    if body.note.is_some() {
        if let Some(second) = noscript_body(html, &body.text, &|d| {
            body::extract_body_with(d, title, model)
        }) {
            body = second;
        }
    }
    Article {
        title: meta.title,
        authors: meta.authors,
        published: meta.published,
        language: meta.language,
        url: meta.url,
        site_name: meta.site_name,
        body: body.text,
        note: body.note,
        encoding: "UTF-8".into(),
        warnings: Vec::new(),
    }
}

/// Too little article text: the page may render its article with a script
/// and show a copy in `<noscript>`. The body of the page read with that
/// copy, when it gives an article at least twice as long as `text`.
fn noscript_body(
    html: &str,
    text: &str,
    extract: &dyn Fn(&dom::Dom) -> body::Body,
) -> Option<body::Body> {
    let unwrapped = dom::unwrap_noscript(html)?;
    let (dom, _) = dom::Dom::parse(&unwrapped);
    let second = extract(&dom);
    (second.note.is_none() && body::visible_chars(&second.text) > 2 * body::visible_chars(text))
        .then_some(second)
}

/// The units of text of a decoded page with their features (the page read
/// as [`extract_html`] reads it with the rules alone), for training the
/// block classifier.
#[doc(hidden)]
pub fn training_units(html: &str) -> (Vec<body::Unit>, Vec<body::Features>) {
    let (dom, head) = dom::Dom::parse(html);
    let meta = meta::read_metadata(&dom, &head, None);
    let title = meta.title.as_deref();
    let (rules, units, features) = body::units_with_features(&dom, title);
    if rules.note.is_some() {
        if let Some(unwrapped) = dom::unwrap_noscript(html) {
            let (dom2, _) = dom::Dom::parse(&unwrapped);
            let (second, u2, f2) = body::units_with_features(&dom2, title);
            if second.note.is_none()
                && body::visible_chars(&second.text) > 2 * body::visible_chars(&rules.text)
            {
                return (u2, f2);
            }
        }
    }
    (units, features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    const PAGE: &str = "<html><head><title>Quiet day | Town Paper</title><meta property='og:site_name' content='Town Paper'></head>\
        <body><p>Nothing much happened in the town today, according to the mayor, who spent it fishing.</p>\
        <p>Residents said they enjoyed the calm, and several shops closed early for the afternoon.</p>\
        <p>The council will meet again next week to discuss the new bridge, which has been delayed twice.</p></body></html>";

    #[test]
    fn gzip_pages_are_read() {
        let a = extract_bytes(&gz(PAGE.as_bytes()), None, None).unwrap();
        assert_eq!(a.title.as_deref(), Some("Quiet day"));
        assert!(a.body.starts_with("Nothing much happened"));
        assert_eq!(a.body.matches("\n\n").count(), 2);
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let data = gz(PAGE.repeat(20).as_bytes());
        let cut = &data[..data.len() / 2];
        match extract_bytes(cut, None, None) {
            Err(ExtractError::Gzip(why)) => assert!(why.contains("truncated"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            extract_bytes(&[0x1f, 0x8b, 1, 2, 3], None, None),
            Err(ExtractError::Gzip(_))
        ));
    }

    #[test]
    fn empty_and_binary_input() {
        assert_eq!(extract_bytes(b"  \n", None, None), Err(ExtractError::Empty));
        assert!(matches!(
            extract_bytes(b"PK\x03\x04\x00\x00", None, None),
            Err(ExtractError::Binary(_))
        ));
    }

    #[test]
    fn page_without_article_has_empty_body_and_reason() {
        let a = extract_html("<html><body><nav><a href='/'>Home</a> <a href='/b'>World</a></nav><form><input></form></body></html>", None);
        assert_eq!(a.body, "");
        assert!(a.note.is_some());
        let a = extract_html("", None);
        assert_eq!(a.body, "");
        assert!(a.note.is_some());
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for html in [
            "<p>open <b>never <i>closed <div></span></p></p>text",
            "<<<>>><//p><!-- unclosed comment",
            "<table><tr><td><p>cell<table><td>x",
            "<script>document.write('<p>x')",
            "\u{0}\u{1}<p>\u{fffd}</p>",
        ] {
            let _ = extract_html(html, None);
        }
    }
}
