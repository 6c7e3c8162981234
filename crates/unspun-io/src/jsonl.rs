//! JSON Lines articles: one JSON object a line with `id`, `title`, `text` or
//! `html`, `url`, `outlet`, `published`, `authors`, `language`.

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
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => fallback_id.to_string(),
        Some(Value::String(_)) => fallback_id.to_string(),
        Some(other) => {
            return Err(ReadError::Json(format!(
                "`id` must be a string or a number, not {other}"
            )))
        }
    };
    let mut warnings = Vec::new();
    let mut doc = match (article.text, article.html) {
        (Some(text), _) if !text.trim().is_empty() => Document::new(id, text),
        (_, Some(html)) if !html.trim().is_empty() => {
            let page = unspun_extract::extract_html(&html, article.url.as_deref());
            let doc = crate::html::article_to_document(&id, page)?;
            warnings.extend(doc.warnings.iter().cloned());
            doc
        }
        _ => {
            return Err(ReadError::Json(
                "no `text` or `html` field with content".into(),
            ))
        }
    };
    let page = std::mem::take(&mut doc.meta);
    doc.meta.title = article
        .title
        .filter(|t| !t.trim().is_empty())
        .or(page.title);
    doc.meta.url = article.url.or(page.url);
    doc.meta.outlet = article.outlet.or(page.outlet);
    doc.meta.language = article.language.or(page.language);
    doc.meta.authors = authors_of(article.authors);
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
    let names: Vec<String> = match value {
        Some(Value::String(s)) => s
            .split(&[',', ';'][..])
            .flat_map(|part| part.split(" and "))
            .map(str::to_string)
            .collect(),
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
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
            Err(ReadError::Json(_))
        ));
        assert!(matches!(
            read_json_article(r#"{"id":"x","text":"  "}"#, "f:1"),
            Err(ReadError::Json(_))
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
