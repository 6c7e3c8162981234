//! unspun over HTTP: the JSON API, the reader's page and the corpus view
//! behind `unspun serve`.
//!
//! One process loads the models once and shares them between requests.
//! Analyses run on blocking threads behind a bounded queue ([`gate`]), so a
//! burst of requests becomes clear 503 answers instead of memory growth.
//! Every page and script is embedded in the binary ([`assets`]); pages are
//! served with a strict Content-Security-Policy (no inline script, no other
//! origin), and the server makes no outbound request.

pub mod api;
pub mod assets;
pub mod corpus;
pub mod error;
pub mod gate;
pub mod request;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use unspun::Tier;

pub use error::ApiError;
use gate::Gate;

/// The Content-Security-Policy of every answer: scripts, styles and data
/// from this server only; no frames, no plug-ins, no other origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
base-uri 'none'; frame-ancestors 'none'";

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The tier used when a request names none.
    pub default_tier: Tier,
    /// The largest request body accepted (413 past it).
    pub max_body_bytes: usize,
    /// The time from a request's arrival to its answer; past it, 503.
    pub time_limit: Duration,
    /// Analyses run at once (default: one per core).
    pub workers: usize,
    /// Analyses that may wait for a worker; more are refused with 503.
    pub queue: usize,
    /// An unspun corpus database (SQLite) to serve at `/corpus`.
    pub corpus: Option<PathBuf>,
    /// Answer only requests addressed to this computer by name (`Host:
    /// localhost`, `127.0.0.1` or `[::1]`, any port): a web page that
    /// rebinds its own domain name to 127.0.0.1 cannot read the server's
    /// answers. On by default; off when serving other machines.
    pub loopback_hosts_only: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            default_tier: Tier::Accurate,
            max_body_bytes: 4 * 1024 * 1024,
            time_limit: Duration::from_secs(60),
            workers,
            queue: 4 * workers,
            corpus: None,
            loopback_hosts_only: true,
        }
    }
}

/// The state every request shares.
pub struct App {
    /// How the server runs.
    pub config: ServerConfig,
    /// The pipelines built so far (the models inside load once).
    pub pipelines: unspun::PipelineCache,
    /// The bounded queue of analyses.
    pub gate: Gate,
    /// The corpus database, when one is served.
    pub corpus: Option<std::sync::Arc<corpus::CorpusPool>>,
}

impl App {
    /// The state for `config`; opens the corpus database when one is named.
    pub fn new(config: ServerConfig) -> Result<Self, String> {
        let corpus = match &config.corpus {
            Some(path) => Some(std::sync::Arc::new(corpus::CorpusPool::open(
                path,
                config.workers,
            )?)),
            None => None,
        };
        Ok(Self {
            gate: Gate::new(config.workers, config.queue, config.time_limit),
            pipelines: unspun::PipelineCache::new(),
            corpus,
            config,
        })
    }

    /// Loads the default tier's models by analysing the bundled example, so
    /// that a missing model fails at start-up and the first request is not
    /// slow.
    pub fn warm_up(&self) -> Result<(), String> {
        let pipeline = self
            .pipelines
            .get(self.config.default_tier, None)
            .map_err(|e| e.to_string())?;
        unspun::analyze_example(&pipeline).map(|_| ()).map_err(|e| {
            format!(
                "the {} tier cannot run: {e}",
                tier_name(self.config.default_tier)
            )
        })
    }
}

/// The name of a tier, as the API spells it.
pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Fast => "fast",
        Tier::Accurate => "accurate",
    }
}

/// Every route of the server, with its limits and security headers.
pub fn router(app: Arc<App>) -> Router {
    let limit = app.config.max_body_bytes;
    // Reading a slow body and waiting in the queue count against the limit
    // too; the extra seconds let the analysis's own 503 answer first.
    let request_limit = app.config.time_limit + Duration::from_secs(5);
    let loopback_only = app.config.loopback_hosts_only;
    Router::new()
        .route("/", get(assets::reader_page))
        .route("/corpus", get(assets::corpus_page))
        .route("/assets/{name}", get(assets::asset))
        .route("/healthz", get(api::health))
        .route("/api/v1/analyze", post(api::analyze))
        .route("/api/v1/stages", get(api::stages))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/corpus/search", get(corpus::search))
        .route("/api/v1/corpus/facets", get(corpus::facets))
        .route("/api/v1/corpus/aggregates", get(corpus::aggregates))
        .route("/api/v1/corpus/stances", get(corpus::stances))
        .route("/api/v1/corpus/articles/{id}", get(corpus::article))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                if loopback_only && !is_loopback_host(request.headers()) {
                    return axum::response::IntoResponse::into_response(ApiError::new(
                        StatusCode::MISDIRECTED_REQUEST,
                        "this server answers requests to localhost, 127.0.0.1 or [::1] only",
                    ));
                }
                next.run(request).await
            },
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            request_limit,
        ))
        .layer(CompressionLayer::new())
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(app)
}

/// Whether the `Host` header names this computer (any port).
pub fn is_loopback_host(headers: &axum::http::HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Serves `app` on `addr` until Ctrl-C (or SIGTERM); `ready` is called with
/// the bound address once the server listens.
pub async fn serve(
    app: Arc<App>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
