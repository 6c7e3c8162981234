//! The corpus API (`/api/v1/corpus/…`): searches, facets, aggregates and
//! records of an unspun corpus database, opened read-only.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use unspun_corpus::{Corpus, GroupBy};

use crate::error::ApiError;
use crate::App;

/// How long one corpus query may take before the request is answered 503.
const QUERY_TIME_LIMIT: Duration = Duration::from_secs(20);
/// Actors listed by the facets.
const TOP_ACTORS: usize = 200;

/// Read-only connections to one corpus database, shared by requests.
pub struct CorpusPool {
    path: PathBuf,
    idle: Mutex<Vec<Corpus>>,
    max_idle: usize,
}

impl CorpusPool {
    /// Opens the database at `path` (it must exist and be an unspun corpus)
    /// and keeps up to `max_idle` connections open between requests.
    pub fn open(path: &Path, max_idle: usize) -> Result<Self, String> {
        if !path.is_file() {
            return Err(format!(
                "no corpus database at {} (make one with `unspun corpus import` or `unspun analyze --db`)",
                path.display()
            ));
        }
        let first = Corpus::open_read_only(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            max_idle: max_idle.max(1),
        })
    }

    /// Runs `query` on a connection of the pool, on a blocking thread.
    async fn with<T, F>(self: &Arc<Self>, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Corpus) -> Result<T, unspun_corpus::Error> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.clone();
        let work = tokio::task::spawn_blocking(move || {
            let taken = pool.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let corpus = match taken {
                Some(corpus) => corpus,
                None => Corpus::open_read_only(&pool.path).map_err(corpus_error)?,
            };
            let result = query(&corpus).map_err(corpus_error);
            let mut idle = pool.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < pool.max_idle {
                idle.push(corpus);
            }
            result
        });
        match tokio::time::timeout(QUERY_TIME_LIMIT, work).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(ApiError::internal("the corpus query failed unexpectedly")),
            Err(_) => Err(ApiError::unavailable("the corpus query took too long")),
        }
    }
}

fn corpus_error(error: unspun_corpus::Error) -> ApiError {
    match error {
        unspun_corpus::Error::InvalidQuery(message) => ApiError::bad_request(message),
        other => ApiError::internal(other.to_string()),
    }
}

fn pool(app: &App) -> Result<Arc<CorpusPool>, ApiError> {
    app.corpus.clone().ok_or_else(|| {
        ApiError::not_found("this server has no corpus: start it with `unspun serve --db FILE`")
    })
}

type QueryResult<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn query_of<T>(query: QueryResult<T>) -> Result<T, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

/// `GET /api/v1/corpus/search`: a page of matching articles.
pub async fn search(
    State(app): State<Arc<App>>,
    query: QueryResult<unspun_corpus::Query>,
) -> Result<Json<Value>, ApiError> {
    let query = query_of(query)?;
    let page = pool(&app)?.with(move |c| c.search(&query)).await?;
    Ok(Json(json!(page)))
}

/// `GET /api/v1/corpus/facets`: the values each filter can take, with counts.
pub async fn facets(State(app): State<Arc<App>>) -> Result<Json<Value>, ApiError> {
    let facets = pool(&app)?.with(|c| c.facets(TOP_ACTORS)).await?;
    Ok(Json(json!(facets)))
}

/// The grouping of `GET /api/v1/corpus/aggregates` (the filters are read
/// separately, as for a search).
#[derive(Debug, Deserialize)]
pub struct Grouping {
    /// `outlet` or `month`.
    by: GroupBy,
}

/// `GET /api/v1/corpus/aggregates?by=outlet|month`: figures per group.
pub async fn aggregates(
    State(app): State<Arc<App>>,
    grouping: QueryResult<Grouping>,
    query: QueryResult<unspun_corpus::Query>,
) -> Result<Json<Value>, ApiError> {
    let by = query_of(grouping)?.by;
    let filter = query_of(query)?;
    let groups = pool(&app)?.with(move |c| c.aggregates(by, &filter)).await?;
    Ok(Json(json!({ "by": by, "groups": groups })))
}

/// `GET /api/v1/corpus/stances`: stance counts per actor.
pub async fn stances(
    State(app): State<Arc<App>>,
    query: QueryResult<unspun_corpus::Query>,
) -> Result<Json<Value>, ApiError> {
    let filter = query_of(query)?;
    let actors = pool(&app)?.with(move |c| c.stance_counts(&filter)).await?;
    Ok(Json(json!({ "actors": actors })))
}

/// `GET /api/v1/corpus/articles/{id}`: the stored record of one article.
pub async fn article(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let id: unspun_corpus::ArticleId = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("`{id}` is not an article number")))?;
    let record = pool(&app)?.with(move |c| c.article_json(id)).await?;
    match record {
        Some(json) => Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response()),
        None => Err(ApiError::not_found(format!(
            "no article {id} in the corpus"
        ))),
    }
}
