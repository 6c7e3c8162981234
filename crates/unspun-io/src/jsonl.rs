//! Articles given as fields: JSON Lines (one JSON object a line with `id`,
//! `title`, `text` or `html`, `url`, `outlet`, `published`, `authors`,
//! `language`), and the same fields from other callers ([`ArticleFields`]).

use serde::Deserialize;
use serde_json::Value;
use unspun_core::dates::parse_date;
use unspun_core::Document;

use crate::error::ReadError;

/// The fields unspun reads from one JSON article; others are ignored.
#[derive(Debug, Default, Deserialize)]
struct JsonArticle {
    id: Option<Value>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    authors: Option<Value>,
    language: Option<String>,
}

/// An article given as fields rather than as a file: a JSON Lines record,
/// a row of an Arrow batch, or a call of the Python binding. Every way in
/// goes through [`read_article`], so the same fields give the same document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFields {
    /// The document id (`None` or blank: the fallback id of the caller).
    pub id: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The article text; offsets are code points into it.
    pub text: Option<String>,
    /// The web page, used when `text` is missing or blank.
    pub html: Option<Page>,
    /// Where the article was published.
    pub url: Option<String>,
    /// The outlet's name.
    pub outlet: Option<String>,
    /// The publication date (ISO date or timestamp, or a form
    /// `unspun_core::dates::parse_date` reads).
    pub published: Option<String>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// The language (ISO 639-1), when known.
    pub language: Option<String>,
}

/// A web page given with an article's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// Decoded markup.
    Text(String),
    /// The page as fetched (any common encoding, gzip or not): the encoding
    /// is found as for a page read from a file.
    Bytes(Vec<u8>),
}

/// Reads one JSON Lines record. `fallback_id` names the record when it has
/// no `id` (e.g. `feed:17` for line 17 of `feed.jsonl`).
///
/// The document text is the `text` field exactly, so offsets line up with
/// it; with only `html`, it is the article extracted from the page, whose
/// metadata fills in the fields the record does not give.
pub fn read_json_article(line: &str, fallback_id: &str) -> Result<Document, ReadError> {
    let article: JsonArticle =
        serde_json::from_str(line).map_err(|e| ReadError::Json(e.to_string()))?;
    let id = match article.id {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        None | Some(Value::Null) => None,
        Some(other) => {
            return Err(ReadError::Json(format!(
                "`id` must be a string or a number, not {other}"
            )))
        }
    };
    let fields = ArticleFields {
        id,
        title: article.title,
        text: article.text,
        html: article.html.map(Page::Text),
        url: article.url,
        outlet: article.outlet,
        published: article.published,
        authors: authors_of(article.authors),
        language: article.language,
    };
    read_article(fields, fallback_id)
}

/// Reads an article given as fields (see [`ArticleFields`]), named
/// `fallback_id` when it has no id. Fails when it has neither text nor a
/// page with content.
pub fn read_article(article: ArticleFields, fallback_id: &str) -> Result<Document, ReadError> {
    let id = match article.id {
        Some(id) if !id.trim().is_empty() => id,
        _ => fallback_id.to_string(),
    };
    let has_content = |page: &Page| match page {
        Page::Text(html) => !html.trim().is_empty(),
        Page::Bytes(bytes) => !bytes.iter().all(u8::is_ascii_whitespace),
    };
    let mut warnings = Vec::new();
    let mut doc = match (article.text, article.html) {
        (Some(text), _) if !text.trim().is_empty() => Document::new(id, text),
        (_, Some(page)) if has_content(&page) => {
            let doc = match page {
                Page::Text(html) => {
                    let page = unspun_extract::extract_html(&html, article.url.as_deref());
                    crate::html::article_to_document(&id, page)?
                }
                Page::Bytes(bytes) => {
                    crate::html::read_html_page(&id, &bytes, None, article.url.as_deref())?
                }
            };
            warnings.extend(doc.warnings.iter().cloned());
            doc
        }
        _ => return Err(ReadError::NoContent),
    };
    let page = std::mem::take(&mut doc.meta);
    doc.meta.title = article
        .title
        .filter(|t| !t.trim().is_empty())
        .or(page.title);
    doc.meta.url = article.url.or(page.url);
    doc.meta.outlet = article.outlet.or(page.outlet);
    doc.meta.language = article.language.or(page.language);
    doc.meta.authors = clean_names(article.authors);
    if doc.meta.authors.is_empty() {
        doc.meta.authors = page.authors;
    }
    doc.meta.published = page.published;
    if let Some(published) = article.published {
        match iso_date(&published) {
            Some(date) => doc.meta.published = Some(date),
            None => warnings.push(format!(
                "`published` value {published:?} is not a date unspun can read; ignored"
            )),
        }
    }
    doc.warnings = warnings;
    Ok(doc)
}

/// Accepts `authors` as a string (split on commas and " and ") or a list.
fn authors_of(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => split_authors(&s),
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Authors' names written in one string, separated by commas, semicolons
/// or " and ": trimmed, blank ones left out.
pub fn split_authors(names: &str) -> Vec<String> {
    clean_names(
        names
            .split(&[',', ';'][..])
            .flat_map(|part| part.split(" and "))
            .map(str::to_string)
            .collect(),
    )
}

/// Names trimmed, blank ones left out.
fn clean_names(names: Vec<String>) -> Vec<String> {
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// An ISO date from an ISO timestamp (`2023-06-06T09:00:00Z`) or any date
/// form [`parse_date`] reads.
fn iso_date(value: &str) -> Option<String> {
    let value = value.trim();
    let head = value.get(..10).unwrap_or(value);
    parse_date(head)
        .or_else(|| parse_date(value))
        .map(|d| d.to_iso())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_as_the_same_json_record() {
        let line = r#"{"id":"a1","title":"T","text":"Body “quoted”.","outlet":"Daily","published":"2023-06-06","authors":["Ann Lee"," "]}"#;
        let fields = ArticleFields {
            id: Some("a1".into()),
            title: Some("T".into()),
            text: Some("Body “quoted”.".into()),
            outlet: Some("Daily".into()),
            published: Some("2023-06-06".into()),
            authors: vec!["Ann Lee".into(), " ".into()],
            ..Default::default()
        };
        let (a, b) = (
            read_json_article(line, "f:1").unwrap(),
            read_article(fields, "f:1").unwrap(),
        );
        assert_eq!((a.id.as_str(), a.text()), (b.id.as_str(), b.text()));
        assert_eq!(a.meta, b.meta);
        assert_eq!(b.meta.authors, vec!["Ann Lee"]);
    }

    #[test]
    fn page_bytes_are_decoded_by_their_declared_charset() {
        let mut page =
            b"<html><head><meta charset=\"windows-1251\"><title>T</title></head><body><article><p>"
                .to_vec();
        // "Новости дня" in Windows-1251, repeated to make a body.
        let words = [
            0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8, b' ', 0xe4, 0xed, 0xff, b'.', b' ',
        ];
        for _ in 0..30 {
            page.extend_from_slice(&words);
        }
        page.extend_from_slice(b"</p></article></body></html>");
        let fields = ArticleFields {
            html: Some(Page::Bytes(page)),
            title: Some("Given".into()),
            ..Default::default()
        };
        let doc = read_article(fields, "row:0").unwrap();
        assert_eq!(doc.id, "row:0");
        assert!(doc.text().contains("Новости дня."), "{}", doc.text());
        assert_eq!(doc.meta.title.as_deref(), Some("Given"));
        let empty = ArticleFields {
            html: Some(Page::Bytes(b"  ".to_vec())),
            ..Default::default()
        };
        assert!(read_article(empty, "row:1").is_err());
    }

    #[test]
    fn full_record() {
        let line = r#"{"id":"a1","title":"T","text":"Body “quoted”.","url":"https://x.test/a","outlet":"Daily","published":"2023-06-06T08:00:00Z","authors":"Ann Lee and Bo Chan","extra":1}"#;
        let doc = read_json_article(line, "f:1").unwrap();
        assert_eq!(doc.id, "a1");
        assert_eq!(doc.text(), "Body “quoted”.");
        assert_eq!(doc.meta.title.as_deref(), Some("T"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("Daily"));
        assert_eq!(doc.meta.authors, vec!["Ann Lee", "Bo Chan"]);
        assert_eq!(doc.meta.url.as_deref(), Some("https://x.test/a"));
    }

    #[test]
    fn numeric_and_missing_id() {
        assert_eq!(
            read_json_article(r#"{"id":42,"text":"x y z"}"#, "f:1")
                .unwrap()
                .id,
            "42"
        );
        assert_eq!(
            read_json_article(r#"{"text":"x y z"}"#, "f:7").unwrap().id,
            "f:7"
        );
    }

    #[test]
    fn html_field_is_read() {
        let doc = read_json_article(r#"{"id":"h","html":"<html><head><title>Page</title></head><body><p>One.</p><p>Two &amp; three.</p></body></html>"}"#, "f:1").unwrap();
        assert_eq!(doc.text(), "One.\n\nTwo & three.");
        assert_eq!(doc.meta.title.as_deref(), Some("Page"));
    }

    #[test]
    fn bad_records_are_errors() {
        assert!(matches!(
            read_json_article("{\"id\":", "f:1"),
            Err(ReadError::Json(_))
        ));
        assert!(matches!(
            read_json_article("[1,2]", "f:1"),
            Err(ReadError::Json(_))
        ));
        assert!(matches!(
            read_json_article(r#"{"id":"x"}"#, "f:1"),
            Err(ReadError::NoContent)
        ));
        assert!(matches!(
            read_json_article(r#"{"id":"x","text":"  "}"#, "f:1"),
            Err(ReadError::NoContent)
        ));
        assert!(matches!(
            read_json_article(r#"{"id":[1],"text":"a"}"#, "f:1"),
            Err(ReadError::Json(_))
        ));
    }

    #[test]
    fn unreadable_date_is_a_warning() {
        let doc = read_json_article(r#"{"text":"abc def","published":"soon"}"#, "f:1").unwrap();
        assert!(doc.meta.published.is_none());
        assert_eq!(doc.warnings.len(), 1);
    }
}
