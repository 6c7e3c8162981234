//! The bounded queue of analysis work.
//!
//! At most `workers` analyses run at once, each on a blocking thread; at
//! most `queue` more wait for a worker. A request that finds the queue full
//! is refused at once (503), and one whose analysis does not finish within
//! the time limit is answered with 503 while its thread finishes the work
//! (it keeps its place, so a burst of slow articles cannot pile up threads
//! or memory).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{timeout_at, Instant};

use crate::error::ApiError;

/// Admits analysis work up to a fixed number of workers and waiting places.
#[derive(Debug, Clone)]
pub struct Gate {
    places: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    time_limit: Duration,
}

impl Gate {
    /// A gate for `workers` concurrent analyses and `queue` waiting ones,
    /// each given `time_limit` from arrival to answer.
    pub fn new(workers: usize, queue: usize, time_limit: Duration) -> Self {
        let workers = workers.max(1);
        Self {
            places: Arc::new(Semaphore::new(workers + queue)),
            workers: Arc::new(Semaphore::new(workers)),
            time_limit,
        }
    }

    /// The time from arrival to answer one request is given.
    pub fn time_limit(&self) -> Duration {
        self.time_limit
    }

    /// Runs `work` on a blocking thread once a worker is free; refuses when
    /// the queue is full or the time limit passes.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let place = self.places.clone().try_acquire_owned().map_err(|_| {
            ApiError::unavailable(
                "the server is busy: every worker is analysing and the queue is full",
            )
        })?;
        let deadline = Instant::now() + self.time_limit;
        let seconds = self.time_limit.as_secs_f32();
        let worker = match timeout_at(deadline, self.workers.clone().acquire_owned()).await {
            Ok(Ok(worker)) => worker,
            Ok(Err(_)) => return Err(ApiError::internal("the server is shutting down")),
            Err(_) => {
                return Err(ApiError::unavailable(format!(
                    "the server is busy: no worker was free within the time limit of {seconds} s"
                )))
            }
        };
        let handle = tokio::task::spawn_blocking(move || {
            let result = work();
            drop(worker);
            drop(place);
            result
        });
        match timeout_at(deadline, handle).await {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(_)) => Err(ApiError::internal("the analysis failed unexpectedly")),
            Err(_) => Err(ApiError::unavailable(format!(
                "the analysis took longer than the time limit of {seconds} s"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[tokio::test]
    async fn runs_work_and_returns_its_result() {
        let gate = Gate::new(1, 1, Duration::from_secs(5));
        assert_eq!(gate.run(|| 6 * 7).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn a_full_queue_refuses_with_503() {
        let gate = Gate::new(1, 0, Duration::from_secs(5));
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let busy = {
            let gate = gate.clone();
            tokio::spawn(async move {
                gate.run(move || {
                    started_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                })
                .await
            })
        };
        tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
            .await
            .unwrap();
        let refused = gate.run(|| ()).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(refused.message.contains("queue is full"), "{refused}");
        release_tx.send(()).unwrap();
        busy.await.unwrap().unwrap();
        gate.run(|| ()).await.unwrap();
    }

    #[tokio::test]
    async fn slow_work_is_answered_at_the_time_limit() {
        let gate = Gate::new(1, 1, Duration::from_millis(50));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let error = gate
            .run(move || {
                let _ = release_rx.recv();
            })
            .await
            .unwrap_err();
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(error.message.contains("time limit"), "{error}");
        drop(release_tx);
    }
}
