//! A server for the tests: fast tier, on a free loopback port, with a small
//! corpus database of analysed fixtures.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use unspun_server::{App, ServerConfig};

/// Articles of the fixture corpus: (id, outlet, published, text).
pub const FIXTURES: &[(&str, &str, &str, &str)] = &[
    (
        "tokyo",
        "Daily Example",
        "2023-06-06",
        unspun::EXAMPLE_ARTICLE,
    ),
    (
        "kyiv",
        "Другая газета",
        "2024-02-01",
        "Київ — столиця України\n\nThe minister said on Monday that the talks would go on. \
         Critics warn this shameful deal is a disaster.\n",
    ),
    (
        "budget",
        "Daily Example",
        "2024-03-15",
        "Budget vote\n\nAnalysts believe the budget will pass. A spokesperson for the treasury \
         said the plan was sound.\n",
    ),
];

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:PORT/`.
    pub base: String,
}

/// Analyses the fixtures into a corpus database under `dir`.
pub fn make_corpus(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("corpus.db");
    let mut corpus = unspun_corpus::Corpus::open(&path).unwrap();
    let options = unspun::Options {
        techniques: unspun::Tier::Fast,
    };
    let pipeline = unspun::pipeline_with(None, options).unwrap();
    for (id, outlet, published, text) in FIXTURES {
        let line = serde_json::json!({
            "id": id, "text": text, "outlet": outlet, "published": published,
            "title": text.lines().next().unwrap(),
        })
        .to_string();
        let job = unspun::io::Job {
            source: format!("fixtures:{id}"),
            kind: unspun::io::JobKind::JsonLine(line, id.to_string()),
        };
        let doc = unspun::analyze_job(job, &pipeline).unwrap();
        let record = unspun::report::json::to_json_line(&doc, Default::default());
        corpus
            .insert(&serde_json::from_str(&record).unwrap())
            .unwrap();
    }
    path
}

/// Starts a server with `config` on a free port.
pub async fn start(config: ServerConfig) -> Server {
    let app = Arc::new(App::new(config).expect("the server state builds"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, unspun_server::router(app))
            .await
            .unwrap();
    });
    Server {
        base: format!("http://{addr}/"),
    }
}

/// The fast-tier test configuration.
pub fn fast_config() -> ServerConfig {
    ServerConfig {
        default_tier: unspun::Tier::Fast,
        max_body_bytes: 256 * 1024,
        time_limit: Duration::from_secs(60),
        workers: 2,
        queue: 4,
        corpus: None,
        loopback_hosts_only: true,
    }
}

/// Starts a fast-tier server serving a fixture corpus made under `dir`.
pub async fn start_with_corpus(dir: &Path) -> Server {
    let corpus = make_corpus(dir);
    start(ServerConfig {
        corpus: Some(corpus),
        ..fast_config()
    })
    .await
}

/// An answer: status, headers and body.
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `error` message of a JSON error body.
    pub fn error(&self) -> String {
        let body = self.json();
        assert_eq!(body["status"], self.status, "{body}");
        body["error"].as_str().unwrap().to_string()
    }
}

/// Sends one request to the server at `base`.
pub async fn send(
    base: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Vec<u8>>,
) -> Answer {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<axum::body::Bytes>>();
    let mut request = axum::http::Request::builder().method(method).uri(format!(
        "{}{}",
        base.trim_end_matches('/'),
        path
    ));
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    let request = request
        .body(http_body_util::Full::new(axum::body::Bytes::from(
            body.into(),
        )))
        .unwrap();
    let response = client.request(request).await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// `GET path`.
pub async fn get(base: &str, path: &str) -> Answer {
    send(base, "GET", path, None, Vec::new()).await
}

/// A multipart body with one file part (and optional text fields).
pub fn multipart(
    file_name: &str,
    file_type: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "unspun-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: {file_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
