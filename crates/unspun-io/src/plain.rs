//! Plain-text articles: title on the first line, a blank line, then the body
//! (the layout of the PTC and BBC corpora). The document text is the whole
//! decoded file, title included, so offsets line up with the file.

use unspun_core::Document;

use crate::decode::decode;
use crate::error::ReadError;

/// Reads a plain-text article from bytes.
pub fn read_plain(id: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    let decoded = decode(bytes)?;
    let mut doc = Document::new(id, decoded.text);
    if let Some(warning) = decoded.warning {
        doc.warnings.push(warning);
    }
    doc.meta.title = title_of(doc.text());
    Ok(doc)
}

/// The first line when a blank line follows it and it is short enough to be
/// a headline; `None` otherwise.
pub fn title_of(text: &str) -> Option<String> {
    let mut lines = text.split('\n');
    let first = lines.next()?.trim();
    let second = lines.next()?;
    if first.is_empty() || !second.trim().is_empty() || first.chars().count() > 300 {
        return None;
    }
    Some(first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_text() {
        let doc = read_plain(
            "article1",
            "Macron‘s ‘no’ to NATO\n\nBody text here.\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(doc.id, "article1");
        assert_eq!(doc.meta.title.as_deref(), Some("Macron‘s ‘no’ to NATO"));
        assert_eq!(doc.text(), "Macron‘s ‘no’ to NATO\n\nBody text here.\n");
    }

    #[test]
    fn crlf_title() {
        assert_eq!(
            title_of("Headline\r\n\r\nBody").as_deref(),
            Some("Headline")
        );
    }

    #[test]
    fn no_title_without_blank_line() {
        assert_eq!(title_of("First sentence.\nSecond sentence."), None);
        assert_eq!(title_of("Only one line"), None);
        assert_eq!(title_of("\n\nBody"), None);
    }
}
