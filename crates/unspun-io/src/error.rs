//! Errors of the readers.

/// Why an input could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input has no bytes, or only white space.
    #[error("empty input: no text to analyse")]
    Empty,
    /// The input looks like binary data, not text.
    #[error("binary data, not text ({0})")]
    Binary(String),
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    #[error("input too large: {size} bytes (limit {limit} bytes)")]
    TooLarge {
        /// Size of the input in bytes.
        size: u64,
        /// The limit in bytes.
        limit: usize,
    },
    /// An article given as fields has neither text nor a page with content.
    #[error("empty input: the article has no `text` or `html` with content")]
    NoContent,
    /// A line of a JSON Lines file is not a valid article object.
    #[error("invalid JSON article: {0}")]
    Json(String),
    /// An HTML page or WARC record that cannot be read (bad gzip data, a
    /// truncated or malformed archive record, binary data).
    #[error("cannot read the page: {0}")]
    Page(String),
    /// An HTML page in which no article text was found.
    #[error("no article text in the page: {0}")]
    NoArticle(String),
    /// Reading failed at the operating-system level.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}
