//! Python values and Arrow rows as article jobs: a `str` is the text, read
//! as a `.txt` file is (its first line is the headline when a blank line
//! follows it); a `dict` gives the fields of a JSON Lines article (`id`, `title`, `text`,
//! `html`, `url`, `outlet`, `published`, `authors`, `language`, and
//! `source`, where it comes from); other keys are ignored, as in JSON Lines.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use unspun::io::jsonl::{split_authors, ArticleFields, Page};
use unspun::io::{Job, JobKind};
use unspun_arrow::InputRow;

use crate::run::Prepared;

/// The job of item `index` of a call; an item that is not an article is an
/// error for it alone.
pub fn prepare(item: &Bound<'_, PyAny>, index: usize) -> Prepared {
    let name = format!("item:{index}");
    let (source, id, fields) = match read_item(item) {
        Ok(read) => read,
        Err(message) => {
            return Prepared {
                source: name,
                id: None,
                job: Err(message),
            }
        }
    };
    let source = source.unwrap_or_else(|| name.clone());
    Prepared {
        source: source.clone(),
        id: id.clone(),
        job: Ok(Job {
            source,
            kind: JobKind::Article(Box::new(fields), name),
        }),
    }
}

/// The job of one row of an Arrow batch.
pub fn prepare_row(row: InputRow) -> Prepared {
    Prepared {
        source: row.source.clone(),
        id: row.article.id.clone(),
        job: Ok(Job {
            source: row.source,
            kind: JobKind::Article(Box::new(row.article), row.fallback_id),
        }),
    }
}

type Read = (Option<String>, Option<String>, ArticleFields);

fn read_item(item: &Bound<'_, PyAny>) -> Result<Read, String> {
    if let Ok(text) = item.cast::<PyString>() {
        let text = text.to_cow().map_err(|e| e.to_string())?.into_owned();
        return Ok((
            None,
            None,
            ArticleFields {
                title: unspun::io::plain::title_of(&text),
                text: Some(text),
                ..Default::default()
            },
        ));
    }
    let Ok(dict) = item.cast::<PyDict>() else {
        return Err(format!(
            "an article is a str (its text) or a dict of fields with `text` or `html`, not {}",
            type_name(item)
        ));
    };
    let text = |key: &str| string_field(dict, key);
    let fields = ArticleFields {
        id: id_field(dict)?,
        title: text("title")?,
        text: text("text")?,
        html: page_field(dict)?,
        url: text("url")?,
        outlet: text("outlet")?,
        published: date_field(dict)?,
        authors: authors_field(dict)?,
        language: text("language")?,
    };
    Ok((text("source")?, fields.id.clone(), fields))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

fn value<'py>(dict: &Bound<'py, PyDict>, key: &str) -> Option<Bound<'py, PyAny>> {
    dict.get_item(key).ok().flatten().filter(|v| !v.is_none())
}

fn wrong(key: &str, wanted: &str, value: &Bound<'_, PyAny>) -> String {
    format!("`{key}` must be {wanted}, not {}", type_name(value))
}

fn string_field(dict: &Bound<'_, PyDict>, key: &str) -> Result<Option<String>, String> {
    let Some(v) = value(dict, key) else {
        return Ok(None);
    };
    match v.cast::<PyString>() {
        Ok(s) => Ok(Some(s.to_cow().map_err(|e| e.to_string())?.into_owned())),
        Err(_) => Err(wrong(key, "a str", &v)),
    }
}

fn id_field(dict: &Bound<'_, PyDict>) -> Result<Option<String>, String> {
    let Some(v) = value(dict, "id") else {
        return Ok(None);
    };
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Err(wrong("id", "a str or an int", &v));
    }
    if let Ok(n) = v.extract::<i128>() {
        return Ok(Some(n.to_string()));
    }
    string_field(dict, "id").map_err(|_| wrong("id", "a str or an int", &v))
}

fn page_field(dict: &Bound<'_, PyDict>) -> Result<Option<Page>, String> {
    let Some(v) = value(dict, "html") else {
        return Ok(None);
    };
    if let Ok(bytes) = v.cast::<PyBytes>() {
        return Ok(Some(Page::Bytes(bytes.as_bytes().to_vec())));
    }
    match string_field(dict, "html") {
        Ok(html) => Ok(html.map(Page::Text)),
        Err(_) => Err(wrong("html", "a str or bytes (the page as fetched)", &v)),
    }
}

/// `published` as a str, or a `datetime.date` / `datetime.datetime`
/// (anything with `isoformat()`).
fn date_field(dict: &Bound<'_, PyDict>) -> Result<Option<String>, String> {
    let Some(v) = value(dict, "published") else {
        return Ok(None);
    };
    if v.cast::<PyString>().is_ok() {
        return string_field(dict, "published");
    }
    let iso = v
        .call_method0("isoformat")
        .and_then(|s| s.extract::<String>());
    match iso {
        Ok(iso) => Ok(Some(iso)),
        Err(_) => Err(wrong("published", "a str or a datetime.date", &v)),
    }
}

fn authors_field(dict: &Bound<'_, PyDict>) -> Result<Vec<String>, String> {
    let Some(v) = value(dict, "authors") else {
        return Ok(Vec::new());
    };
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(split_authors(&s.to_cow().map_err(|e| e.to_string())?));
    }
    v.extract::<Vec<String>>()
        .map(|names| {
            names
                .into_iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .map_err(|_| wrong("authors", "a str or a list of str", &v))
}
