//! What `POST /api/v1/analyze` reads: a JSON article, plain text, an HTML
//! page, or a multipart upload of a file; the tier, the stages and the
//! answer's format from the query string (or the JSON body).
//!
//! Every kind of body becomes one [`Job`] of the same readers the command
//! line uses, so the answer is exactly the record `unspun analyze` writes
//! for the same input (`text/plain` as a `.txt` file, `text/html` as a
//! `.html` file, JSON as a line of a JSON Lines file).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{header, HeaderMap, Request};
use serde::Deserialize;
use unspun::io::{InputFormat, Job, JobKind};
use unspun::Tier;

use crate::error::ApiError;

/// The id of a document whose request gives none.
pub const DEFAULT_ID: &str = "article";

/// How the analysis is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerFormat {
    /// The JSON record of the command line.
    #[default]
    Json,
    /// The self-contained HTML report, as a file to save.
    Html,
}

/// The query string of `POST /api/v1/analyze`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeQuery {
    /// `fast` or `accurate`.
    pub model: Option<String>,
    /// Comma-separated stage names.
    pub stages: Option<String>,
    /// `json` (default) or `html`.
    pub format: Option<AnswerFormat>,
}

/// The JSON body of `POST /api/v1/analyze`; the article fields are those of
/// a JSON Lines input.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeBody {
    #[allow(dead_code)]
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    #[allow(dead_code)]
    title: Option<String>,
    #[allow(dead_code)]
    url: Option<String>,
    #[allow(dead_code)]
    outlet: Option<String>,
    #[allow(dead_code)]
    published: Option<String>,
    #[allow(dead_code)]
    authors: Option<serde_json::Value>,
    #[allow(dead_code)]
    language: Option<String>,
    stages: Option<Vec<String>>,
    model: Option<String>,
}

/// A request read: the job to run and how.
#[derive(Debug)]
pub struct Submission {
    /// The article, as the command line's readers take it.
    pub job: Job,
    /// The document id to give the record (`None`: the reader's own).
    pub id: Option<String>,
    /// The model tier asked for (`None`: the server's default).
    pub tier: Option<Tier>,
    /// The stages asked for (`None`: all).
    pub stages: Option<Vec<String>>,
}

/// Parses a tier name.
pub fn parse_tier(name: &str) -> Result<Tier, ApiError> {
    match name.trim().to_ascii_lowercase().as_str() {
        "fast" => Ok(Tier::Fast),
        "accurate" => Ok(Tier::Accurate),
        other => Err(ApiError::bad_request(format!(
            "unknown model `{other}` (use `fast` or `accurate`)"
        ))),
    }
}

fn split_stages(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The media type of a request, lower case, without parameters.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
}

const ACCEPTED: &str = "application/json, text/plain, text/html or multipart/form-data";

/// Reads the body of an analyse request into a [`Submission`].
pub async fn read_submission(
    query: AnalyzeQuery,
    request: Request<Body>,
    limit: usize,
) -> Result<Submission, ApiError> {
    let mut tier = query.model.as_deref().map(parse_tier).transpose()?;
    let mut stages = query.stages.as_deref().map(split_stages);
    let (job, id) = match media_type(request.headers()).as_deref() {
        Some("application/json") => {
            let bytes = body_bytes(request, limit).await?;
            let text = std::str::from_utf8(&bytes).map_err(|e| {
                ApiError::bad_request(format!("the JSON body is not valid UTF-8: {e}"))
            })?;
            let body: AnalyzeBody = serde_json::from_str(text)
                .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))?;
            let has =
                |field: &Option<String>| field.as_deref().is_some_and(|t| !t.trim().is_empty());
            if !has(&body.text) && !has(&body.html) {
                return Err(ApiError::bad_request(
                    "empty input: give the article as a non-empty `text` or `html` field",
                ));
            }
            if let Some(model) = body.model.as_deref() {
                tier = Some(parse_tier(model)?);
            }
            if body.stages.is_some() {
                stages = body.stages;
            }
            let kind = JobKind::JsonLine(text.to_string(), DEFAULT_ID.to_string());
            (kind, None)
        }
        Some("text/plain") => {
            let bytes = body_bytes(request, limit).await?;
            (
                JobKind::Bytes(bytes, InputFormat::Text),
                Some(DEFAULT_ID.to_string()),
            )
        }
        Some("text/html") | Some("application/xhtml+xml") => {
            let bytes = body_bytes(request, limit).await?;
            (
                JobKind::Bytes(bytes, InputFormat::Html),
                Some(DEFAULT_ID.to_string()),
            )
        }
        Some("multipart/form-data") => {
            let upload = read_multipart(request).await?;
            if let Some(model) = upload.model.as_deref() {
                tier = Some(parse_tier(model)?);
            }
            if let Some(list) = upload.stages.as_deref() {
                stages = Some(split_stages(list));
            }
            (JobKind::Bytes(upload.bytes, upload.format), Some(upload.id))
        }
        Some(other) => {
            return Err(ApiError::unsupported_type(format!(
                "cannot analyse a body of type `{other}`: send {ACCEPTED}"
            )))
        }
        None => {
            return Err(ApiError::unsupported_type(format!(
                "the request has no Content-Type: send {ACCEPTED}"
            )))
        }
    };
    Ok(Submission {
        job: Job {
            source: "request".into(),
            kind: job,
        },
        id,
        tier,
        stages,
    })
}

/// The whole body, refused past `limit` bytes.
async fn body_bytes(request: Request<Body>, limit: usize) -> Result<Vec<u8>, ApiError> {
    match axum::body::to_bytes(request.into_body(), limit).await {
        Ok(bytes) => Ok(bytes.to_vec()),
        Err(e) if is_length_limit(&e) => Err(ApiError::too_large(limit)),
        Err(e) => Err(ApiError::bad_request(format!("cannot read the body: {e}"))),
    }
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// A file sent as `multipart/form-data`.
struct Upload {
    bytes: Vec<u8>,
    format: InputFormat,
    id: String,
    model: Option<String>,
    stages: Option<String>,
}

async fn read_multipart(request: Request<Body>) -> Result<Upload, ApiError> {
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("invalid multipart body: {}", e.body_text())))?;
    let mut file: Option<(Vec<u8>, InputFormat, String)> = None;
    let mut model = None;
    let mut stages = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e)),
        };
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().map(str::to_string);
                let declared = field.content_type().map(str::to_ascii_lowercase);
                let bytes = field.bytes().await.map_err(multipart_error)?.to_vec();
                let format = upload_format(file_name.as_deref(), declared.as_deref())?;
                let id = file_name
                    .as_deref()
                    .map(file_stem)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(DEFAULT_ID)
                    .to_string();
                file = Some((bytes, format, id));
            }
            "model" => model = Some(field.text().await.map_err(multipart_error)?),
            "stages" => stages = Some(field.text().await.map_err(multipart_error)?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown form field `{other}` (known: file, model, stages)"
                )))
            }
        }
    }
    let (bytes, format, id) =
        file.ok_or_else(|| ApiError::bad_request("the form has no `file` field"))?;
    Ok(Upload {
        bytes,
        format,
        id,
        model,
        stages,
    })
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    let status = error.status();
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(status, "request body too large")
    } else {
        ApiError::bad_request(format!("invalid multipart body: {}", error.body_text()))
    }
}

/// How an uploaded file is read: by its declared type, else its name.
fn upload_format(file_name: Option<&str>, declared: Option<&str>) -> Result<InputFormat, ApiError> {
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let by_type = declared.map(|t| t.split(';').next().unwrap_or("").trim().to_string());
    match (by_type.as_deref(), extension.as_deref()) {
        (Some("text/html" | "application/xhtml+xml"), _) | (_, Some("html" | "htm" | "xhtml")) => {
            Ok(InputFormat::Html)
        }
        (Some("text/plain"), _) | (_, Some("txt" | "text")) => Ok(InputFormat::Text),
        (None | Some("application/octet-stream") | Some(""), _) => Ok(InputFormat::Text),
        (Some(other), _) => Err(ApiError::unsupported_type(format!(
            "cannot analyse an uploaded file of type `{other}`: upload a text or HTML file"
        ))),
    }
}

/// A file name without folders and extension.
fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_parse_and_unknown_ones_are_refused() {
        assert!(matches!(parse_tier("Fast"), Ok(Tier::Fast)));
        assert!(matches!(parse_tier("accurate"), Ok(Tier::Accurate)));
        assert_eq!(parse_tier("huge").unwrap_err().status.as_u16(), 400);
    }

    #[test]
    fn uploads_are_read_by_type_then_name() {
        assert_eq!(
            upload_format(Some("a.HTML"), None).unwrap(),
            InputFormat::Html
        );
        assert_eq!(
            upload_format(Some("a.txt"), Some("text/plain")).unwrap(),
            InputFormat::Text
        );
        assert_eq!(
            upload_format(None, Some("text/html; charset=utf-8")).unwrap(),
            InputFormat::Html
        );
        assert_eq!(
            upload_format(Some("a.pdf"), Some("application/pdf"))
                .unwrap_err()
                .status
                .as_u16(),
            415
        );
        assert_eq!(file_stem("C:\\x\\report.final.txt"), "report.final");
    }

    #[test]
    fn stage_lists_are_split_and_trimmed() {
        assert_eq!(
            split_stages(" segment, sourcing,,"),
            vec!["segment", "sourcing"]
        );
    }
}
