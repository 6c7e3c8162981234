//! `unspun serve`: the reader's page, the corpus view and the JSON API on
//! one local address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use unspun_server::{App, ServerConfig};

use crate::{EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE};

/// Arguments of `unspun serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. The default is this computer only; another
    /// address (such as 0.0.0.0:8080) lets other machines in, and is warned
    /// about.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "IP:PORT")]
    pub addr: SocketAddr,
    /// Serve this corpus database (made by `unspun corpus import` or
    /// `unspun analyze --db`) at /corpus.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Model tier used when a request names none.
    #[arg(long, value_enum, default_value_t = crate::Tier::default())]
    pub model: crate::Tier,
    /// Largest request body accepted, in bytes (413 past it).
    #[arg(long, default_value_t = 4 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Seconds from a request's arrival to its answer (503 past it).
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub time_limit: u64,
    /// Analyses run at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Analyses that may wait for a worker (default: four per worker);
    /// more are answered 503 with Retry-After.
    #[arg(long, value_name = "N")]
    pub queue: Option<usize>,
}

/// Runs `unspun serve` until Ctrl-C and returns the exit status.
pub fn run(args: ServeArgs) -> u8 {
    if args.time_limit == 0 || args.max_body == 0 {
        eprintln!("unspun: --time-limit and --max-body must be above 0");
        return EXIT_USAGE;
    }
    init_logging();
    let mut config = ServerConfig {
        default_tier: args.model.into(),
        max_body_bytes: args.max_body,
        time_limit: Duration::from_secs(args.time_limit),
        corpus: args.db.clone(),
        loopback_hosts_only: args.addr.ip().is_loopback(),
        ..ServerConfig::default()
    };
    if let Some(workers) = args.workers {
        config.workers = workers.max(1);
        config.queue = 4 * config.workers;
    }
    if let Some(queue) = args.queue {
        config.queue = queue;
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "unspun: warning: listening on {}, which other machines can reach; \
             the server has no authentication",
            args.addr
        );
    }
    let app = match App::new(config) {
        Ok(app) => Arc::new(app),
        Err(message) => {
            eprintln!("unspun: {message}");
            return EXIT_INPUT_FAILED;
        }
    };
    eprintln!("unspun: loading the models…");
    if let Err(message) = app.warm_up() {
        eprintln!("unspun: {message}");
        return EXIT_INPUT_FAILED;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(app.config.workers + 16)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("unspun: cannot start the server: {e}");
            return EXIT_INPUT_FAILED;
        }
    };
    let corpus_note = args
        .db
        .as_ref()
        .map(|p| format!("; corpus {} at /corpus", p.display()))
        .unwrap_or_default();
    let model = unspun_server::tier_name(app.config.default_tier);
    let served = runtime.block_on(unspun_server::serve(app, args.addr, |addr| {
        eprintln!("unspun: serving on http://{addr}/ (model {model}{corpus_note}); Ctrl-C stops");
    }));
    match served {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("unspun: cannot serve on {}: {e}", args.addr);
            EXIT_INPUT_FAILED
        }
    }
}

/// Request logs on standard error, filtered by `RUST_LOG` (default: one
/// line per request at `info`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,unspun_server=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
