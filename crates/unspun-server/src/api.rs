//! The JSON API (`/api/v1/…`) and the health check.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, Request};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use unspun::core::Languages;
use unspun::report::json::{to_json_line, RecordOptions};

use crate::error::ApiError;
use crate::request::{read_submission, AnalyzeQuery, AnswerFormat};
use crate::App;

/// `POST /api/v1/analyze`: the record of one article.
pub async fn analyze(
    State(app): State<Arc<App>>,
    query: Result<Query<AnalyzeQuery>, axum::extract::rejection::QueryRejection>,
    request: Request<Body>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let format = query.format.unwrap_or_default();
    let submission = read_submission(query, request, app.config.max_body_bytes).await?;
    let tier = submission.tier.unwrap_or(app.config.default_tier);
    let pipeline = app
        .pipelines
        .get(tier, submission.stages.as_deref())
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let job = submission.job;
    let id = submission.id;
    let rendered = app
        .gate
        .run(move || -> Result<String, ApiError> {
            let mut doc = unspun::analyze_job(job, &pipeline).map_err(|e| match e {
                unspun::Error::Read(read) => ApiError::bad_request(read.to_string()),
                unspun::Error::Analyze(e) => ApiError::internal(e.to_string()),
            })?;
            if let Some(id) = id {
                doc.id = id;
            }
            Ok(match format {
                AnswerFormat::Json => to_json_line(&doc, RecordOptions::default()),
                AnswerFormat::Html => unspun::report::html::render_html(&doc),
            })
        })
        .await??;
    let mut response = rendered.into_response();
    let headers = response.headers_mut();
    match format {
        AnswerFormat::Json => {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        AnswerFormat::Html => {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"unspun-report.html\""),
            );
        }
    }
    Ok(response)
}

/// `GET /api/v1/stages`: the analysers, in the order they run.
pub async fn stages() -> Json<Value> {
    let stages: Vec<Value> = unspun::available_stages()
        .iter()
        .map(|stage| {
            let languages = match stage.languages() {
                Languages::Only(codes) => json!(codes),
                _ => Value::Null,
            };
            json!({
                "name": stage.name(),
                "description": stage.description(),
                "requires": stage.requires(),
                "languages": languages,
            })
        })
        .collect();
    Json(json!({ "stages": stages }))
}

/// `GET /healthz`: the server is up; which tier it uses by default and
/// whether it serves a corpus.
pub async fn health(State(app): State<Arc<App>>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "model": crate::tier_name(app.config.default_tier),
        "corpus": app.corpus.is_some(),
        "display_confidence": unspun::techniques::DISPLAY_CONFIDENCE,
    }))
}

/// `GET /api/v1/openapi.json`: the API described in OpenAPI 3.1.
pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::assets::OPENAPI,
    )
        .into_response()
}

/// Any route that does not exist under `/api`.
pub async fn not_found(request: Request<Body>) -> ApiError {
    ApiError::not_found(format!(
        "no such route: {} {}",
        request.method(),
        request.uri().path()
    ))
}

/// A route that exists, called with a method it does not answer.
pub async fn method_not_allowed(request: Request<Body>) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
}
