//! The pages, scripts and style sheet, embedded in the binary: the server
//! needs no file and no network to show them.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The reader's page.
pub const READER_PAGE: &str = include_str!("../assets/index.html");
/// The corpus page.
pub const CORPUS_PAGE: &str = include_str!("../assets/corpus.html");
/// The OpenAPI 3.1 document of the API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// Scripts and style sheets by the name they are asked for under `/assets/`.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../assets/app.css"),
    ),
    (
        "common.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/common.js"),
    ),
    (
        "reader.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/reader.js"),
    ),
    (
        "corpus.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/corpus.js"),
    ),
];

fn page(html: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response()
}

/// `GET /`: the reader's page.
pub async fn reader_page() -> Response {
    page(READER_PAGE)
}

/// `GET /corpus`: the corpus page (it says so itself when no corpus is
/// served).
pub async fn corpus_page() -> Response {
    page(CORPUS_PAGE)
}

/// `GET /assets/{name}`: an embedded script or style sheet.
pub async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_load_only_their_own_scripts_and_no_inline_code() {
        for html in [READER_PAGE, CORPUS_PAGE] {
            assert!(!html.contains("<script>"), "inline script");
            assert!(!html.contains(" style="), "inline style");
            assert!(!has_inline_handler(html), "inline handler");
            assert!(
                !html.contains("http://") && !html.contains("https://"),
                "outside origin"
            );
            for script in html.split("<script src=\"").skip(1) {
                let path = script.split('"').next().unwrap();
                let name = path.strip_prefix("/assets/").unwrap();
                assert!(
                    FILES.iter().any(|(f, _, _)| *f == name),
                    "{name} is not embedded"
                );
            }
        }
    }

    /// Whether an attribute like ` onclick=` appears.
    fn has_inline_handler(html: &str) -> bool {
        html.match_indices(" on").any(|(at, _)| {
            let rest = &html[at + 3..];
            let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
            name_len > 0 && rest[name_len..].starts_with('=')
        })
    }

    #[test]
    fn scripts_never_write_markup() {
        for (name, _, body) in FILES {
            for sink in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
            ] {
                assert!(!body.contains(sink), "{name} uses {sink}");
            }
        }
    }

    #[test]
    fn the_openapi_document_is_json() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(doc["openapi"].as_str().unwrap().get(..2), Some("3."));
    }
}
