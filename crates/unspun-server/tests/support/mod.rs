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
