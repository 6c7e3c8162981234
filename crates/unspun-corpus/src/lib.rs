//! The corpus database of unspun: the analyses of many articles in one
//! embedded SQLite file, for the corpus view (search, filters, aggregates).
//!
//! One row per article in `articles` (metadata and precomputed figures), the
//! record itself in `records`, child tables for technique spans, sources,
//! actors and stances, and an FTS5 index over title and text. The schema is
//! documented in `docs/SCHEMA.md` ("Corpus database") and versioned in
//! `PRAGMA user_version` ([`SCHEMA_VERSION`]).
//!
//! Records are read as [`serde_json::Value`] and tolerantly: a missing or
//! mistyped field is stored as NULL. Every statement is parameterised, and
//! user text for full-text search is quoted ([`fts_expression`]), so no input
//! gives an SQL error or a panic.
//!
//! ```
//! use unspun_corpus::{Corpus, Query, Sort};
//! let mut corpus = Corpus::in_memory()?;
//! let record = serde_json::json!({
//!     "schema_version": "2.0",
//!     "document": {"id": "a1", "title": "NATO office", "text": "NATO office in Tokyo", "outlet": "Example"},
//!     "techniques": [], "attributions": [], "entities": [], "stances": [], "sentences": []
//! });
//! let id = corpus.insert(&record)?;
//! let page = corpus.search(&Query { sort: Sort::EditorialShare, ..Query::text("tokyo") })?;
//! assert_eq!(page.total, 1);
//! assert_eq!(page.rows[0].id, id);
//! # Ok::<(), unspun_corpus::Error>(())
//! ```
//!
//! A [`Corpus`] is one SQLite connection: `Send`, not `Sync`. The database is
//! in WAL mode, so a server can hold one writer and any number of
//! [`Corpus::open_read_only`] handles (one per thread) that read while it writes.

mod query;
mod record;
mod schema;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use query::{
    fts_expression, ActorStances, Count, Facets, Group, GroupBy, Order, Page, Query, Row, Sort,
};
pub use schema::{APPLICATION_ID, COUNT_CONFIDENCE, SCHEMA_VERSION, SOURCE_KINDS};

use query::Filter;
use record::{extract, Extracted};

/// An article's row id in the database (`articles.id`), stable until the
/// article is replaced or deleted.
pub type ArticleId = i64;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("corpus database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the corpus database has schema version {found}, newer than this build of unspun reads \
         (version {supported}); use a newer unspun"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "the corpus database has schema version {found}, older than this build's ({supported}); \
         open it once for writing to upgrade it"
    )]
    OlderSchema { found: i64, supported: i64 },
    #[error("{0}")]
    NotACorpus(String),
    /// An error record of `unspun analyze` (`{"error": {source, message}}`).
    #[error("error record from {source_name}: {message}")]
    ErrorRecord {
        source_name: String,
        message: String,
    },
    #[error("not an analysis record: {0}")]
    InvalidRecord(String),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("reading: {0}")]
    Io(#[from] std::io::Error),
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One line [`Corpus::import_jsonl`] left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// 1-based line number.
    pub line: u64,
    pub reason: String,
}

/// What [`Corpus::import_jsonl`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Non-blank lines read.
    pub lines: u64,
    /// Records stored (new or replacing).
    pub inserted: u64,
    /// Of those, how many replaced an article with the same id and source.
    pub replaced: u64,
    /// Lines left out (malformed JSON, error records, records without a
    /// document); the first [`ImportReport::MAX_LISTED`] are listed in `skipped`.
    pub failed: u64,
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    /// The most skipped lines listed one by one.
    pub const MAX_LISTED: usize = 1000;
}

/// Records committed together by [`Corpus::import_jsonl`].
const IMPORT_BATCH: usize = 500;

/// The corpus database.
#[derive(Debug)]
pub struct Corpus {
    conn: Connection,
}

impl Corpus {
    /// Opens the database at `path` for reading and writing, creating it (and
    /// its schema) when it does not exist and upgrading an older schema.
    /// Refuses a database with a newer schema ([`Error::NewerSchema`]) and an
    /// SQLite file that is not an unspun corpus ([`Error::NotACorpus`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Corpus> {
        let conn = Connection::open(path.as_ref())?;
        Self::setup(conn, &path.as_ref().display().to_string(), true)
    }

    /// Opens an existing database read-only. Any number of read-only handles
    /// can read while one [`Corpus::open`] handle writes.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Corpus> {
        let conn = Connection::open_with_flags(
            path.as_ref(),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        Self::setup(conn, &path.as_ref().display().to_string(), false)
    }

    /// A new database in memory (for tests).
    pub fn in_memory() -> Result<Corpus> {
        Self::setup(Connection::open_in_memory()?, ":memory:", true)
    }

    fn setup(conn: Connection, name: &str, write: bool) -> Result<Corpus> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(64);
        let not_ours = || {
            Error::NotACorpus(format!(
                "{name}: not an unspun corpus database (another program's SQLite file, or not SQLite)"
            ))
        };
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    not_ours()
                }
                e => Error::Sqlite(e),
            })?;
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION && app == APPLICATION_ID {
            return Err(Error::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if (app != APPLICATION_ID && (version != 0 || tables != 0))
            || (app == APPLICATION_ID && version == 0)
        {
            return Err(not_ours());
        }
        if !write {
            if tables == 0 {
                return Err(Error::NotACorpus(format!(
                    "{name}: empty database, not an unspun corpus"
                )));
            }
            if version < SCHEMA_VERSION {
                return Err(Error::OlderSchema {
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            conn.execute_batch("PRAGMA query_only = ON;")?;
            return Ok(Corpus { conn });
        }
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        let mut corpus = Corpus { conn };
        if version < SCHEMA_VERSION {
            corpus.migrate(version)?;
        }
        Ok(corpus)
    }

    /// Brings the schema from `from` up to [`SCHEMA_VERSION`], in one transaction.
    fn migrate(&mut self, from: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        // Another process may have done it meanwhile.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now != from {
            return Ok(());
        }
        if from == 0 {
            tx.execute_batch(schema::V1)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('count_confidence', ?1), ('created_by', ?2)",
                params![
                    COUNT_CONFIDENCE.to_string(),
                    concat!("unspun-corpus ", env!("CARGO_PKG_VERSION"))
                ],
            )?;
        }
        // Later versions: `if from < 2 { … }`.
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
        ))?;
        tx.commit()?;
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The SQLite connection, for queries this API does not offer.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Number of articles.
    pub fn len(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Whether the corpus has no article.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Stores one analysis record (the JSON `unspun analyze` writes) and
    /// returns its id. A record with the same `document.id` and
    /// `document.source` as a stored one replaces it (and its spans, sources,
    /// actors and stances). Fails on an error record ([`Error::ErrorRecord`])
    /// and on JSON that is not a record ([`Error::InvalidRecord`]).
    pub fn insert(&mut self, record: &Value) -> Result<ArticleId> {
        let tx = self.conn.transaction()?;
        let (id, _) = insert_record(&tx, record, None)?;
        tx.commit()?;
        Ok(id)
    }

    /// Stores several records in one transaction: all or none (the first
    /// record that fails rolls the batch back and is the error).
    pub fn insert_many<'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a Value>,
    ) -> Result<Vec<ArticleId>> {
        let tx = self.conn.transaction()?;
        let mut ids = Vec::new();
        for record in records {
            ids.push(insert_record(&tx, record, None)?.0);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Imports JSON Lines output of `unspun analyze` (one record a line),
    /// committing every few hundred records. Blank lines are ignored; a line
    /// that is not valid JSON (or not UTF-8), an error record, or JSON that is
    /// not a record is skipped and reported with its line number, and the
    /// import goes on. Fails only when reading or the database fails.
    pub fn import_jsonl(&mut self, mut reader: impl BufRead) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let mut line = Vec::new();
        let mut number = 0u64;
        let mut done = false;
        while !done {
            let tx = self.conn.transaction()?;
            let mut in_batch = 0;
            while in_batch < IMPORT_BATCH {
                line.clear();
                if reader.read_until(b'\n', &mut line)? == 0 {
                    done = true;
                    break;
                }
                number += 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                report.lines += 1;
                let outcome = match serde_json::from_slice::<Value>(&line) {
                    Err(e) => Err(format!("malformed JSON: {e}")),
                    Ok(record) => {
                        // The line is the record's JSON as written; keep it (trimmed) rather than re-serialise.
                        let raw = std::str::from_utf8(&line).ok().map(str::trim);
                        match insert_record(&tx, &record, raw) {
                            Ok((_, replaced)) => Ok(replaced),
                            Err(e @ (Error::ErrorRecord { .. } | Error::InvalidRecord(_))) => {
                                Err(e.to_string())
                            }
                            Err(e) => return Err(e),
                        }
                    }
                };
                match outcome {
                    Ok(replaced) => {
                        report.inserted += 1;
                        report.replaced += u64::from(replaced);
                        in_batch += 1;
                    }
                    Err(reason) => {
                        report.failed += 1;
                        if report.skipped.len() < ImportReport::MAX_LISTED {
                            report.skipped.push(Skipped {
                                line: number,
                                reason,
                            });
                        }
                    }
                }
            }
            tx.commit()?;
        }
        Ok(report)
    }

    /// Deletes an article and its child rows; whether it was there.
    pub fn delete(&mut self, id: ArticleId) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let found = delete_article(&tx, id)?;
        tx.commit()?;
        Ok(found)
    }

    /// The stored record of an article, as inserted.
    pub fn article(&self, id: ArticleId) -> Result<Option<Value>> {
        match self.article_json(id)? {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| Error::InvalidRecord(format!("stored record {id}: {e}"))),
        }
    }

    /// The stored record of an article as JSON text (to send as it is).
    pub fn article_json(&self, id: ArticleId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT json FROM records WHERE article = ?")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// The ids of the articles with this `document.id` (one per source).
    pub fn find(&self, doc_id: &str) -> Result<Vec<ArticleId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE doc_id = ? ORDER BY id")?;
        let ids = stmt
            .query_map([doc_id], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    /// One page of the articles matching `query`, sorted as it asks, with the
    /// number of matches over all pages.
    pub fn search(&self, query: &Query) -> Result<Page> {
        let filter = Filter::new(query)?;
        let limit = query.page_limit();
        let (where_sql, where_params) = filter.where_sql();
        let total: i64 = if filter.is_empty() {
            self.conn
                .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?
        } else {
            self.conn
                .prepare_cached(&format!("SELECT count(*) FROM articles a {where_sql}"))?
                .query_row(params_from_iter(where_params.iter()), |r| r.get(0))?
        };

        let dir = match query.order {
            Order::Asc => "ASC",
            Order::Desc => "DESC",
        };
        let relevance = filter.fts.is_some();
        let order_by = match query.sort {
            Sort::Relevance if relevance => {
                // bm25() is smaller for better matches.
                let inv = if query.order == Order::Desc {
                    "ASC"
                } else {
                    "DESC"
                };
                format!("f.rank {inv}, a.id")
            }
            Sort::Relevance | Sort::Date => {
                format!("a.published IS NULL, a.published {dir}, a.id {dir}")
            }
            Sort::EditorialShare => {
                format!("a.editorial_share IS NULL, a.editorial_share {dir}, a.id {dir}")
            }
            Sort::TechniqueDensity => format!("a.technique_density {dir}, a.id {dir}"),
            Sort::Title => format!("a.title IS NULL, a.title {dir}, a.doc_id {dir}, a.id {dir}"),
        };
        const COLUMNS: &str = "a.id, a.doc_id, a.title, a.outlet, a.url, a.published, a.language, a.words, \
            a.reported, a.editorial, a.neutral, a.editorial_share, a.techniques, a.technique_density, \
            a.attributions, a.actors, a.stances";
        let mut params: Vec<Sql> = Vec::new();
        let sql = if relevance && query.sort == Sort::Relevance {
            let mut clauses = vec!["articles_fts MATCH ?".to_string()];
            params.push(Sql::Text(filter.fts.clone().unwrap_or_default()));
            clauses.extend(filter.clauses.iter().cloned());
            params.extend(filter.params.iter().cloned());
            format!(
                "SELECT {COLUMNS}, -f.rank FROM articles_fts f JOIN articles a ON a.id = f.rowid \
                 WHERE {} ORDER BY {order_by} LIMIT ? OFFSET ?",
                clauses.join(" AND ")
            )
        } else {
            params.extend(where_params);
            format!("SELECT {COLUMNS}, NULL FROM articles a {where_sql} ORDER BY {order_by} LIMIT ? OFFSET ?")
        };
        params.push(Sql::Integer(limit as i64));
        params.push(Sql::Integer(
            i64::try_from(query.offset).unwrap_or(i64::MAX),
        ));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                let n = |i: usize| {
                    r.get::<_, Option<i64>>(i)
                        .map(|v| v.unwrap_or(0).max(0) as u64)
                };
                Ok(Row {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    title: r.get(2)?,
                    outlet: r.get(3)?,
                    url: r.get(4)?,
                    published: r.get(5)?,
                    language: r.get(6)?,
                    words: n(7)?,
                    reported: n(8)?,
                    editorial: n(9)?,
                    neutral: n(10)?,
                    editorial_share: r.get(11)?,
                    techniques: n(12)?,
                    technique_density: r.get::<_, Option<f64>>(13)?.unwrap_or(0.0),
                    attributions: n(14)?,
                    actors: n(15)?,
                    stances: n(16)?,
                    relevance: r.get(17)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            total: total.max(0) as u64,
            offset: query.offset,
            limit,
            rows,
        })
    }

    /// Outlets, techniques, source kinds, languages and months with the
    /// number of articles of each (all of them), and the `top_actors` actors
    /// mentioned in most articles. Kept up to date on every insert, so this
    /// costs nothing on a large corpus.
    pub fn facets(&self, top_actors: usize) -> Result<Facets> {
        let list = |facet: &str, limit: i64, by_value: bool| -> Result<Vec<Count>> {
            let sql = if by_value {
                "SELECT value, articles FROM facet_counts WHERE facet = ? ORDER BY value LIMIT ?"
            } else {
                "SELECT value, articles FROM facet_counts WHERE facet = ? ORDER BY articles DESC, value LIMIT ?"
            };
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt
                .query_map(params![facet, limit], |r| {
                    Ok(Count {
                        value: r.get(0)?,
                        articles: r.get::<_, i64>(1)?.max(0) as u64,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
        Ok(Facets {
            articles: self.len()?,
            outlets: list("outlet", -1, false)?,
            techniques: list("technique", -1, false)?,
            source_kinds: list("source_kind", -1, false)?,
            actors: list(
                "actor",
                i64::try_from(top_actors).unwrap_or(i64::MAX),
                false,
            )?,
            languages: list("language", -1, false)?,
            months: list("month", -1, true)?,
        })
    }

    /// Figures per outlet or per month over the articles `filter` matches
    /// (its sort, limit and offset are ignored): articles, mean editorial
    /// share, techniques per 1,000 words, sources by kind. Outlets come most
    /// articles first, months in calendar order; articles without an outlet
    /// or date form a last group with key `None`.
    pub fn aggregates(&self, by: GroupBy, filter: &Query) -> Result<Vec<Group>> {
        let f = Filter::new(filter)?;
        let (where_sql, params) = f.where_sql();
        let key = match by {
            GroupBy::Outlet => "a.outlet",
            GroupBy::Month => "a.month",
        };
        let order = match by {
            GroupBy::Outlet => "count(*) DESC, 1",
            GroupBy::Month => "1",
        };
        let kinds: String = SOURCE_KINDS
            .iter()
            .map(|k| format!(", sum(a.src_{k})"))
            .collect();
        let sql = format!(
            "SELECT {key}, count(*), sum(a.words), avg(a.editorial_share), sum(a.techniques){kinds} \
             FROM articles a {where_sql} GROUP BY {key} ORDER BY {key} IS NULL, {order}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut groups = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                let n = |i: usize| {
                    r.get::<_, Option<i64>>(i)
                        .map(|v| v.unwrap_or(0).max(0) as u64)
                };
                let words = n(2)?;
                let techniques = n(4)?;
                let mut source_kinds = BTreeMap::new();
                for (i, k) in SOURCE_KINDS.iter().enumerate() {
                    let count = n(5 + i)?;
                    if count > 0 {
                        source_kinds.insert(k.to_string(), count);
                    }
                }
                Ok(Group {
                    key: r.get(0)?,
                    articles: n(1)?,
                    words,
                    editorial_share: r.get(3)?,
                    techniques,
                    techniques_per_1000_words: if words > 0 {
                        techniques as f64 * 1000.0 / words as f64
                    } else {
                        0.0
                    },
                    source_kinds,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // Kinds without a column, when the corpus has any.
        let known: String = SOURCE_KINDS
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let others: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM facet_counts WHERE facet = 'source_kind' AND value NOT IN ({known})"),
            [],
            |r| r.get(0),
        )?;
        if others > 0 {
            let and = if where_sql.is_empty() {
                "WHERE".to_string()
            } else {
                format!("{where_sql} AND")
            };
            let sql = format!(
                "SELECT {key}, k.kind, sum(k.sources) FROM source_kinds k JOIN articles a ON a.id = k.article \
                 {and} k.kind NOT IN ({known}) GROUP BY 1, 2"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(params.iter()))?;
            let index: BTreeMap<Option<String>, usize> = groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.key.clone(), i))
                .collect();
            while let Some(r) = rows.next()? {
                let key: Option<String> = r.get(0)?;
                if let Some(&i) = index.get(&key) {
                    groups[i]
                        .source_kinds
                        .insert(r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64);
                }
            }
        }
        Ok(groups)
    }

    /// Stance counts per actor (by holder name) over the articles `filter`
    /// matches, actors with most stances first, at most `filter.limit` of
    /// them (its sort and offset are ignored).
    pub fn stance_counts(&self, filter: &Query) -> Result<Vec<ActorStances>> {
        let f = Filter::new(filter)?;
        let (where_sql, mut params) = f.where_sql();
        let restrict = if f.is_empty() {
            String::new()
        } else {
            format!("AND s.article IN (SELECT a.id FROM articles a {where_sql})")
        };
        let sql = format!(
            "SELECT s.holder_name, sum(s.polarity = 'support'), sum(s.polarity = 'oppose'), \
             sum(s.polarity = 'neutral'), count(DISTINCT s.article) FROM stances s \
             WHERE s.holder_name IS NOT NULL {restrict} GROUP BY s.holder_name \
             ORDER BY count(*) DESC, s.holder_name LIMIT ?"
        );
        params.push(Sql::Integer(filter.page_limit() as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                let n = |i: usize| {
                    r.get::<_, Option<i64>>(i)
                        .map(|v| v.unwrap_or(0).max(0) as u64)
                };
                Ok(ActorStances {
                    actor: r.get(0)?,
                    support: n(1)?,
                    oppose: n(2)?,
                    neutral: n(3)?,
                    articles: n(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Rebuilds the full-text index and lets SQLite update its statistics
    /// (`PRAGMA optimize`): worth running after a large import.
    pub fn optimize(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "INSERT INTO articles_fts(articles_fts) VALUES ('optimize'); PRAGMA optimize;",
        )?;
        Ok(())
    }
}

/// Adds `delta` to the facet counts of the values.
fn bump<'a>(
    tx: &Transaction,
    facet: &str,
    values: impl IntoIterator<Item = &'a str>,
    delta: i64,
) -> Result<()> {
    let mut up = tx.prepare_cached(
        "INSERT INTO facet_counts (facet, value, articles) VALUES (?1, ?2, ?3) \
         ON CONFLICT (facet, value) DO UPDATE SET articles = articles + ?3",
    )?;
    for v in values {
        up.execute(params![facet, v, delta])?;
    }
    Ok(())
}

/// Deletes an article and everything about it, keeping the facet counts.
fn delete_article(tx: &Transaction, id: ArticleId) -> Result<bool> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = tx
        .prepare_cached("SELECT outlet, language, month FROM articles WHERE id = ?")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((outlet, language, month)) = row else {
        return Ok(false);
    };
    let column = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = tx.prepare_cached(sql)?;
        let v = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    };
    let techniques = column("SELECT technique FROM article_techniques WHERE article = ?")?;
    let kinds = column("SELECT kind FROM source_kinds WHERE article = ?")?;
    // Distinct as the insert counted them (exact, not ASCII-case-blind).
    let actors: std::collections::BTreeSet<String> =
        column("SELECT name FROM actors WHERE article = ?")?
            .into_iter()
            .collect();
    bump(tx, "outlet", outlet.as_deref(), -1)?;
    bump(tx, "language", language.as_deref(), -1)?;
    bump(tx, "month", month.as_deref(), -1)?;
    bump(tx, "technique", techniques.iter().map(String::as_str), -1)?;
    bump(tx, "source_kind", kinds.iter().map(String::as_str), -1)?;
    bump(tx, "actor", actors.iter().map(String::as_str), -1)?;
    tx.prepare_cached("DELETE FROM facet_counts WHERE articles <= 0")?
        .execute([])?;
    for sql in [
        "DELETE FROM articles_fts WHERE rowid = ?",
        "DELETE FROM records WHERE article = ?",
        "DELETE FROM spans WHERE article = ?",
        "DELETE FROM article_techniques WHERE article = ?",
        "DELETE FROM sources WHERE article = ?",
        "DELETE FROM source_kinds WHERE article = ?",
        "DELETE FROM actors WHERE article = ?",
        "DELETE FROM stances WHERE article = ?",
        "DELETE FROM articles WHERE id = ?",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(true)
}

/// Stores one record in `tx`: its id, and whether it replaced one. `raw` is
/// the record's JSON text when the caller has it.
fn insert_record(tx: &Transaction, record: &Value, raw: Option<&str>) -> Result<(ArticleId, bool)> {
    let e: Extracted = extract(record)?;
    let old: Option<ArticleId> = tx
        .prepare_cached("SELECT id FROM articles WHERE doc_id = ? AND source = ?")?
        .query_row(params![e.doc_id, e.source], |r| r.get(0))
        .optional()?;
    if let Some(old) = old {
        delete_article(tx, old)?;
    }
    let kind = |i: usize| e.source_kinds.get(SOURCE_KINDS[i]).copied().unwrap_or(0);
    tx.prepare_cached(
        "INSERT INTO articles (doc_id, source, title, outlet, url, published, month, language, schema_version, \
         words, sentences, reported, editorial, neutral, editorial_share, technique_marks, techniques, \
         technique_density, attributions, actors, stances, src_person, src_official, src_organization, \
         src_media, src_document, src_anonymous, src_vague, src_unknown) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        e.doc_id,
        e.source,
        e.title,
        e.outlet,
        e.url,
        e.published,
        e.month,
        e.language,
        e.schema_version,
        e.words,
        e.sentences,
        e.reported,
        e.editorial,
        e.neutral,
        e.editorial_share,
        e.technique_marks,
        e.techniques,
        e.technique_density,
        e.sources.len() as i64,
        e.actors.len() as i64,
        e.stances.len() as i64,
        kind(0),
        kind(1),
        kind(2),
        kind(3),
        kind(4),
        kind(5),
        kind(6),
        kind(7),
    ])?;
    let id = tx.last_insert_rowid();
    let json = match raw {
        Some(raw) => std::borrow::Cow::Borrowed(raw),
        None => std::borrow::Cow::Owned(record.to_string()),
    };
    tx.prepare_cached("INSERT INTO records (article, json) VALUES (?, ?)")?
        .execute(params![id, json])?;
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)")?
        .execute(params![id, e.title.as_deref().unwrap_or(""), e.text])?;
    {
        let mut stmt =
            tx.prepare_cached("INSERT INTO spans (article, start, \"end\", technique, confidence) VALUES (?, ?, ?, ?, ?)")?;
        for s in &e.spans {
            stmt.execute(params![id, s.start, s.end, s.technique, s.confidence])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO article_techniques (technique, article, spans) VALUES (?, ?, ?)",
        )?;
        for (t, n) in &e.technique_counts {
            stmt.execute(params![t, id, n])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO sources (article, start, \"end\", kind, source_text, entity, cue, content, direct, confidence) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        for s in &e.sources {
            stmt.execute(params![
                id,
                s.start,
                s.end,
                s.kind,
                s.text,
                s.entity,
                s.cue,
                s.content,
                s.direct,
                s.confidence
            ])?;
        }
        let mut stmt = tx
            .prepare_cached("INSERT INTO source_kinds (kind, article, sources) VALUES (?, ?, ?)")?;
        for (k, n) in &e.source_kinds {
            stmt.execute(params![k, id, n])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO actors (article, entity_id, name, type, country, mentions, portrayal) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )?;
        for a in &e.actors {
            stmt.execute(params![
                id,
                a.entity_id,
                a.name,
                a.kind,
                a.country,
                a.mentions,
                a.portrayal
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO stances (article, start, \"end\", holder, holder_name, polarity, target, cue, main_issue) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        for s in &e.stances {
            stmt.execute(params![
                id,
                s.start,
                s.end,
                s.holder,
                s.holder_name,
                s.polarity,
                s.target,
                s.cue,
                s.main_issue
            ])?;
        }
    }
    bump(tx, "outlet", e.outlet.as_deref(), 1)?;
    bump(tx, "language", e.language.as_deref(), 1)?;
    bump(tx, "month", e.month.as_deref(), 1)?;
    bump(
        tx,
        "technique",
        e.technique_counts.keys().map(String::as_str),
        1,
    )?;
    bump(
        tx,
        "source_kind",
        e.source_kinds.keys().map(String::as_str),
        1,
    )?;
    bump(tx, "actor", e.actor_names(), 1)?;
    Ok((id, old.is_some()))
}
