//! Running prepared articles through a shared pipeline on a thread pool,
//! in input order; a panic in one article is an error for it alone.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use unspun::core::Pipeline;
use unspun::io::Job;
use unspun::report::json::{to_json_line, RecordOptions};
use unspun::PipelineCache;

/// The pipelines of this process (models load once, shared by threads).
pub fn pipelines() -> &'static PipelineCache {
    static CACHE: OnceLock<PipelineCache> = OnceLock::new();
    CACHE.get_or_init(PipelineCache::new)
}

/// How a call runs.
pub struct RunOptions {
    /// The pipeline of the tier and stages asked for.
    pub pipeline: Arc<Pipeline>,
    /// Worker threads (`None`: rayon's pool, one per core).
    pub threads: Option<usize>,
    /// Whether records list every token.
    pub tokens: bool,
}

/// An article ready to run, or why it is not.
pub struct Prepared {
    /// Where it comes from (`item:N`, `row:N` or the caller's `source`).
    pub source: String,
    /// The id the caller gave, for error rows.
    pub id: Option<String>,
    /// The job, or the message of an item that is not an article.
    pub job: Result<Job, String>,
}

/// What came of one article.
pub enum Outcome {
    /// Its JSON record.
    Record {
        /// The record.
        json: String,
        /// The id the caller gave.
        id: Option<String>,
        /// Where it comes from.
        source: String,
    },
    /// Why it has none (the command line's message).
    Failed {
        /// The id the caller gave.
        id: Option<String>,
        /// Where it comes from.
        source: String,
        /// The message.
        message: String,
    },
}

/// Analyses every article, in parallel, keeping input order.
pub fn analyze_prepared(items: Vec<Prepared>, options: &RunOptions) -> Vec<Outcome> {
    let record = RecordOptions {
        tokens: options.tokens,
    };
    let pipeline = &options.pipeline;
    let work = move || -> Vec<Outcome> {
        items
            .into_par_iter()
            .with_max_len(1)
            .map(|item| {
                let Prepared { source, id, job } = item;
                let result = unspun::catch_panic(|| {
                    let doc = unspun::analyze_job(job?, pipeline).map_err(|e| e.to_string())?;
                    Ok(to_json_line(&doc, record))
                });
                match result {
                    Ok(json) => Outcome::Record { json, id, source },
                    Err(message) => Outcome::Failed {
                        id,
                        source,
                        message,
                    },
                }
            })
            .collect()
    };
    match options.threads.and_then(pool) {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// A pool of `threads` workers, built once per size (`None` when it
/// cannot be built: rayon's own pool is used instead).
fn pool(threads: usize) -> Option<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(pool) = pools.get(&threads) {
        return Some(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("unspun-{i}"))
        .build()
        .ok()?;
    let pool = Arc::new(pool);
    pools.insert(threads, pool.clone());
    Some(pool)
}
