//! Searches, filters and aggregates over the corpus.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};

use crate::record::iso_date;
use crate::{ArticleId, Error};

/// What to sort search results by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Full-text relevance (BM25) when the query has text; without text, the
    /// same as [`Sort::Date`]. The default.
    #[default]
    Relevance,
    /// `published` (articles without a date last in either order).
    Date,
    /// The share of editorial sentences (articles without one last).
    EditorialShare,
    /// Counted technique marks per 1,000 words.
    TechniqueDensity,
    /// Title, then document id.
    Title,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    Asc,
    /// Largest first; for [`Sort::Relevance`], the best match first. The default.
    #[default]
    Desc,
}

/// A search: every field is optional and the filters given all apply (AND).
///
/// `Query::default()` matches every article, sorted by date, newest first, 50
/// rows a page. It deserialises from JSON or a query string with the same
/// field names, missing fields taking their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Words to find in the title or text. Any string is accepted: words are
    /// matched as words (case and accents ignored), all of them must occur;
    /// `"two words"` in double quotes is a phrase; a word ending in `*` is a
    /// prefix. FTS5 operators (`AND`, `OR`, `NOT`, `NEAR`, `:`, `^`, `(`) are
    /// taken as plain words. Blank (or only punctuation): no text filter.
    pub text: Option<String>,
    /// Outlet, exactly (ASCII case ignored).
    pub outlet: Option<String>,
    /// Published on or after: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Published on or before (inclusive): `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Has at least one counted mark of this technique (PTC name, e.g. `Loaded_Language`).
    pub technique: Option<String>,
    /// Cites at least one source of this kind (`person`, `official`, `anonymous`, `vague` …).
    pub source_kind: Option<String>,
    /// Mentions this actor (canonical name, ASCII case ignored).
    pub actor: Option<String>,
    /// Document language (ISO 639-1).
    pub language: Option<String>,
    pub sort: Sort,
    pub order: Order,
    /// Rows a page, 1–1000 (0 means the default, 50).
    pub limit: usize,
    pub offset: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: None,
            outlet: None,
            from: None,
            to: None,
            technique: None,
            source_kind: None,
            actor: None,
            language: None,
            sort: Sort::default(),
            order: Order::default(),
            limit: Query::DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl Query {
    /// Rows a page when `limit` is 0.
    pub const DEFAULT_LIMIT: usize = 50;
    /// The most rows a page.
    pub const MAX_LIMIT: usize = 1000;

    /// A query for these words.
    pub fn text(text: impl Into<String>) -> Self {
        Query {
            text: Some(text.into()),
            ..Query::default()
        }
    }

    pub(crate) fn page_limit(&self) -> usize {
        match self.limit {
            0 => Self::DEFAULT_LIMIT,
            n => n.min(Self::MAX_LIMIT),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub id: ArticleId,
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`).
    pub published: Option<String>,
    pub language: Option<String>,
    pub words: u64,
    /// Sentences by kind.
    pub reported: u64,
    pub editorial: u64,
    pub neutral: u64,
    /// 0–1; `None` when the sourcing stage did not run.
    pub editorial_share: Option<f64>,
    /// Counted technique marks (confidence from [`crate::COUNT_CONFIDENCE`] on).
    pub techniques: u64,
    /// Counted technique marks per 1,000 words.
    pub technique_density: f64,
    pub attributions: u64,
    pub actors: u64,
    pub stances: u64,
    /// BM25 relevance (larger is better) when the query has text.
    pub relevance: Option<f64>,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Articles matching the query (all pages).
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub rows: Vec<Row>,
}

/// A value and the number of articles that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: String,
    pub articles: u64,
}

/// What the corpus holds, for filter menus: each list most articles first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub articles: u64,
    pub outlets: Vec<Count>,
    /// Techniques with counted marks.
    pub techniques: Vec<Count>,
    pub source_kinds: Vec<Count>,
    /// The actors in most articles.
    pub actors: Vec<Count>,
    pub languages: Vec<Count>,
    /// `YYYY-MM`, in calendar order.
    pub months: Vec<Count>,
}

/// How to group [`crate::Corpus::aggregates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Outlet,
    /// `YYYY-MM` of `published`.
    Month,
}

/// Figures for one outlet or month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The outlet or month; `None` for articles without one.
    pub key: Option<String>,
    pub articles: u64,
    pub words: u64,
    /// Mean share of editorial sentences over the articles that have one.
    pub editorial_share: Option<f64>,
    /// Counted technique marks.
    pub techniques: u64,
    /// Counted technique marks per 1,000 words, over the group's words.
    pub techniques_per_1000_words: f64,
    /// Sources by kind, summed over the group's articles.
    pub source_kinds: BTreeMap<String, u64>,
}

/// Stances one actor takes, over the articles a query matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorStances {
    pub actor: String,
    pub support: u64,
    pub oppose: u64,
    pub neutral: u64,
    /// Articles with at least one of the actor's stances.
    pub articles: u64,
}

/// Words longer than this are cut (FTS5 tokens are never that long).
const MAX_TERM_CHARS: usize = 200;
/// Terms after this many are ignored.
const MAX_TERMS: usize = 32;

/// Turns any user text into a safe FTS5 expression: every word or quoted
/// phrase becomes an FTS5 string (`"…"`, double quotes doubled, so nothing in
/// it is syntax), optionally followed by `*` for a prefix; the strings are
/// joined by spaces (AND). `None` when nothing searchable is left.
pub fn fts_expression(user: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut chars = user.chars().peekable();
    while let Some(&c) = chars.peek() {
        if terms.len() >= MAX_TERMS {
            break;
        }
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let (raw, phrase) = if c == '"' {
            chars.next();
            let mut s = String::new();
            for d in chars.by_ref() {
                if d == '"' {
                    break;
                }
                s.push(d);
            }
            (s, true)
        } else {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() || d == '"' {
                    break;
                }
                s.push(d);
                chars.next();
            }
            (s, false)
        };
        let prefix = !phrase && raw.ends_with('*');
        let clean: String = raw
            .chars()
            .filter(|c| !c.is_control() && *c != '"')
            .take(MAX_TERM_CHARS)
            .collect::<String>();
        let clean = if prefix {
            clean.trim_end_matches('*')
        } else {
            &clean
        };
        if !clean.chars().any(char::is_alphanumeric) {
            continue;
        }
        terms.push(format!("\"{clean}\"{}", if prefix { "*" } else { "" }));
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The lower bound of a `from` date.
fn date_from(s: &str) -> Result<String, Error> {
    let s = s.trim();
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(format!("{s}-01-01"));
    }
    match iso_date(s) {
        Some(d) if d.len() == 7 => Ok(format!("{d}-01")),
        Some(d) => Ok(d),
        None => Err(Error::InvalidQuery(format!(
            "`from` is not a date (YYYY, YYYY-MM or YYYY-MM-DD): {s:?}"
        ))),
    }
}

/// The upper bound of a `to` date (inclusive; `YYYY-MM` stored dates compare
/// below `YYYY-MM-31`).
fn date_to(s: &str) -> Result<String, Error> {
    let s = s.trim();
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(format!("{s}-12-31"));
    }
    match iso_date(s) {
        Some(d) if d.len() == 7 => Ok(format!("{d}-31")),
        Some(d) => Ok(d),
        None => Err(Error::InvalidQuery(format!(
            "`to` is not a date (YYYY, YYYY-MM or YYYY-MM-DD): {s:?}"
        ))),
    }
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The WHERE clause (over `articles a`) and its parameters for a query's filters.
pub(crate) struct Filter {
    pub clauses: Vec<String>,
    pub params: Vec<Sql>,
    pub fts: Option<String>,
}

impl Filter {
    pub fn new(q: &Query) -> Result<Filter, Error> {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        let fts = given(&q.text).and_then(fts_expression);
        if let Some(outlet) = given(&q.outlet) {
            clauses.push("a.outlet = ?".to_string());
            params.push(Sql::Text(outlet.to_string()));
        }
        if let Some(from) = given(&q.from) {
            clauses.push("a.published >= ?".to_string());
            params.push(Sql::Text(date_from(from)?));
        }
        if let Some(to) = given(&q.to) {
            clauses.push("a.published <= ?".to_string());
            params.push(Sql::Text(date_to(to)?));
        }
        if let Some(language) = given(&q.language) {
            clauses.push("a.language = ?".to_string());
            params.push(Sql::Text(language.to_string()));
        }
        if let Some(t) = given(&q.technique) {
            clauses.push(
                "a.id IN (SELECT article FROM article_techniques WHERE technique = ?)".to_string(),
            );
            params.push(Sql::Text(t.to_string()));
        }
        if let Some(k) = given(&q.source_kind) {
            clauses.push("a.id IN (SELECT article FROM source_kinds WHERE kind = ?)".to_string());
            params.push(Sql::Text(k.to_string()));
        }
        if let Some(actor) = given(&q.actor) {
            clauses.push("a.id IN (SELECT article FROM actors WHERE name = ?)".to_string());
            params.push(Sql::Text(actor.to_string()));
        }
        Ok(Filter {
            clauses,
            params,
            fts,
        })
    }

    /// `WHERE …` with the full-text condition as a subquery (for counts and
    /// aggregates), and its parameters.
    pub fn where_sql(&self) -> (String, Vec<Sql>) {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        if let Some(fts) = &self.fts {
            clauses.push(
                "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)".to_string(),
            );
            params.push(Sql::Text(fts.clone()));
        }
        clauses.extend(self.clauses.iter().cloned());
        params.extend(self.params.iter().cloned());
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        (sql, params)
    }

    pub fn is_empty(&self) -> bool {
        self.fts.is_none() && self.clauses.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_expressions() {
        assert_eq!(
            fts_expression("nato office").as_deref(),
            Some(r#""nato" "office""#)
        );
        assert_eq!(
            fts_expression(r#""liaison office" tok*"#).as_deref(),
            Some(r#""liaison office" "tok"*"#)
        );
        assert_eq!(
            fts_expression("a NEAR b").as_deref(),
            Some(r#""a" "NEAR" "b""#)
        );
        assert_eq!(fts_expression(r#"" * -- ( ) ""#), None);
        assert_eq!(fts_expression(""), None);
        assert_eq!(
            fts_expression(r#"o"brien"#).as_deref(),
            Some(r#""o" "brien""#)
        );
        assert_eq!(
            fts_expression("col:umn^ x\0y").as_deref(),
            Some(r#""col:umn^" "xy""#)
        );
    }

    #[test]
    fn dates() {
        assert_eq!(date_from("2005").unwrap(), "2005-01-01");
        assert_eq!(date_to("2005-02").unwrap(), "2005-02-31");
        assert!(date_to("yesterday").is_err());
    }
}
