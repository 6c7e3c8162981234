//! A load generator for `unspun serve` (a benchmark, not a test).
//!
//! ```text
//! cargo run --release -p unspun-server --example load -- \
//!     URL CLIENTS SECONDS ARTICLES [PID]
//! ```
//!
//! `CLIENTS` clients post articles (plain-text files: one file or every
//! `.txt` file under a folder, in turn) to `URL/api/v1/analyze` as fast as
//! answers come, for `SECONDS`; then prints requests per second, latency
//! percentiles of the answered requests, how many were refused with 503
//! (deliberately, by the bounded queue) and how many failed otherwise, and
//! the server's peak resident memory when its `PID` is given (Linux).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[derive(Default)]
struct Tally {
    ok: Vec<Duration>,
    busy: usize,
    busy_latency: Vec<Duration>,
    failed: usize,
    statuses: Vec<u16>,
}

fn articles(path: &Path) -> Vec<Bytes> {
    let mut files: Vec<PathBuf> = if path.is_dir() {
        let mut found = Vec::new();
        let mut stack = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable folder") {
                let p = entry.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "txt") {
                    found.push(p);
                }
            }
        }
        found
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    files
        .iter()
        .map(|f| Bytes::from(std::fs::read(f).expect("readable article")))
        .collect()
}

fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: load URL CLIENTS SECONDS ARTICLES [PID]");
        std::process::exit(2);
    }
    let url = format!("{}/api/v1/analyze", args[0].trim_end_matches('/'));
    let clients: usize = args[1].parse().expect("CLIENTS is a number");
    let seconds: u64 = args[2].parse().expect("SECONDS is a number");
    let articles = Arc::new(articles(Path::new(&args[3])));
    let pid: Option<u32> = args.get(4).map(|p| p.parse().expect("PID is a number"));
    assert!(!articles.is_empty(), "no articles");

    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(clients)
        .build_http::<Full<Bytes>>();
    let next = Arc::new(AtomicUsize::new(0));
    let end = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, articles, next) =
            (client.clone(), url.clone(), articles.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            while Instant::now() < end {
                let body = articles[next.fetch_add(1, Ordering::Relaxed) % articles.len()].clone();
                let request = axum::http::Request::post(&url)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .body(Full::new(body))
                    .expect("request");
                let sent = Instant::now();
                match client.request(request).await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let read = response.into_body().collect().await;
                        let latency = sent.elapsed();
                        match (status, read) {
                            (200, Ok(_)) => tally.ok.push(latency),
                            (503, Ok(_)) => {
                                tally.busy += 1;
                                tally.busy_latency.push(latency);
                                // As a polite client would: wait a little.
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                            (status, _) => {
                                tally.failed += 1;
                                tally.statuses.push(status);
                            }
                        }
                    }
                    Err(_) => tally.failed += 1,
                }
            }
            tally
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.expect("client task");
        total.ok.extend(tally.ok);
        total.busy += tally.busy;
        total.busy_latency.extend(tally.busy_latency);
        total.failed += tally.failed;
        total.statuses.extend(tally.statuses);
    }
    let elapsed = started.elapsed().as_secs_f64();
    total.ok.sort();
    total.busy_latency.sort();
    println!(
        "clients {clients}, {elapsed:.1} s: {} answered ({:.1} requests/s), {} refused with 503 \
         ({:.1}/s), {} failed otherwise {:?}",
        total.ok.len(),
        total.ok.len() as f64 / elapsed,
        total.busy,
        total.busy as f64 / elapsed,
        total.failed,
        total.statuses.iter().take(5).collect::<Vec<_>>()
    );
    println!(
        "latency of answered requests: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms; of 503s: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&total.ok, 0.5),
        percentile(&total.ok, 0.99),
        percentile(&total.ok, 1.0),
        percentile(&total.busy_latency, 0.5),
        percentile(&total.busy_latency, 0.99)
    );
    if let Some(kib) = pid.and_then(peak_memory_kib) {
        println!("server peak resident memory: {:.0} MB", kib as f64 / 1024.0);
    }
}
