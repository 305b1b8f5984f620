//! Configuring the Tokio runtime, and tasks that own their data.
//!
//! Two parts:
//!
//! 1. `build_runtime(workers)` builds the service's runtime by hand instead of
//!    `#[tokio::main]`: a multi-thread runtime with exactly `workers` worker
//!    threads, named `svc-worker-0`, `svc-worker-1`, ... *for each runtime*
//!    (a second runtime starts again at 0), with the IO and time drivers
//!    enabled. Zero workers is an `io::Error` of kind `InvalidInput`, not a
//!    panic.
//! 2. `count_words(docs, analyzer)` runs `analyzer` on every document, one
//!    task per document, all at once, and returns the results in the order of
//!    `docs`. The analyzer is CPU work that blocks: it must run on Tokio's
//!    blocking pool, never on a thread that drives async tasks.
//!
//! As shipped, part 2 does not compile: a spawned task may outlive the
//! function that spawned it, so it cannot borrow from `docs`.

use std::io;
use std::sync::Arc;

use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;

/// A blocking, CPU-bound analysis of one document.
pub type Analyzer = Arc<dyn Fn(&str) -> usize + Send + Sync>;

/// Builds a multi-thread runtime with `workers` threads named `svc-worker-N`.
pub fn build_runtime(workers: usize) -> io::Result<Runtime> {
    // TODO: the right flavour, worker count, names and drivers.
    let _ = workers;
    Builder::new_current_thread().build()
}

/// Runs `analyzer` on each document on the blocking pool, all concurrently;
/// the results are in the order of `docs`.
pub async fn count_words(docs: &[String], analyzer: Analyzer) -> Vec<usize> {
    let mut handles: Vec<JoinHandle<usize>> = Vec::new();
    for doc in docs {
        handles.push(tokio::spawn(async { analyzer(doc) }));
    }
    let mut counts = Vec::new();
    for handle in handles {
        counts.push(handle.await.unwrap());
    }
    counts
}

fn main() -> io::Result<()> {
    let runtime = build_runtime(2)?;
    let docs = vec!["a b c".to_string(), "hello world".to_string()];
    let analyzer: Analyzer = Arc::new(|doc| doc.split_whitespace().count());
    let counts = runtime.block_on(count_words(&docs, analyzer));
    println!("{counts:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;
    use std::time::Duration;

    fn words() -> Analyzer {
        Arc::new(|doc| doc.split_whitespace().count())
    }

    fn worker_name(rt: &Runtime) -> String {
        rt.block_on(async {
            tokio::spawn(async { thread::current().name().map(String::from) })
                .await
                .unwrap()
                .expect("worker threads have names")
        })
    }

    #[test]
    fn has_the_requested_workers() {
        let rt = build_runtime(3).unwrap();
        assert_eq!(rt.metrics().num_workers(), 3);
        let rt = build_runtime(1).unwrap();
        assert_eq!(rt.metrics().num_workers(), 1);
    }

    #[test]
    fn names_start_at_zero_for_each_runtime() {
        let first = build_runtime(1).unwrap();
        assert_eq!(worker_name(&first), "svc-worker-0");
        let second = build_runtime(1).unwrap();
        assert_eq!(worker_name(&second), "svc-worker-0");
    }

    #[test]
    fn timers_and_io_work() {
        let rt = build_runtime(1).unwrap();
        rt.block_on(async {
            tokio::time::sleep(Duration::from_millis(1)).await;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            assert!(listener.local_addr().unwrap().port() > 0);
        });
    }

    #[test]
    fn zero_workers_is_an_error() {
        let err = build_runtime(0).expect_err("0 workers must be refused");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[tokio::test]
    async fn counts_in_input_order() {
        let docs: Vec<String> = ["one", "two words", "", "a b c d"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(count_words(&docs, words()).await, [1, 2, 0, 4]);
        assert_eq!(count_words(&[], words()).await, Vec::<usize>::new());
    }

    #[tokio::test]
    async fn order_holds_when_later_documents_finish_first() {
        let docs: Vec<String> = (0..4).map(|i| "w ".repeat(i + 1)).collect();
        let slow_first: Analyzer = Arc::new(|doc| {
            let n = doc.split_whitespace().count();
            thread::sleep(Duration::from_millis(40 / n as u64));
            n
        });
        assert_eq!(count_words(&docs, slow_first).await, [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn analysis_runs_off_the_async_thread() {
        // A `#[tokio::test]` runtime drives every task on this very thread.
        let test_thread = thread::current().id();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let analyzer: Analyzer = Arc::new(move |doc| {
            record.lock().unwrap().push(thread::current().id());
            doc.len()
        });
        let docs = vec!["abc".to_string(), "de".to_string()];
        assert_eq!(count_words(&docs, analyzer).await, [3, 2]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2, "the analyzer runs once per document");
        assert!(
            seen.iter().all(|id| *id != test_thread),
            "blocking work ran on the thread that drives async tasks"
        );
    }

    #[tokio::test]
    async fn documents_are_analyzed_concurrently() {
        // Each analysis waits until all four have started: run one at a time,
        // they would wait forever (the test gives up after 5 s).
        let started = Arc::new(AtomicUsize::new(0));
        let gate = Arc::clone(&started);
        let analyzer: Analyzer = Arc::new(move |doc| {
            gate.fetch_add(1, Ordering::SeqCst);
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while gate.load(Ordering::SeqCst) < 4 {
                assert!(
                    std::time::Instant::now() < deadline,
                    "documents ran one at a time"
                );
                thread::sleep(Duration::from_millis(1));
            }
            doc.len()
        });
        let docs: Vec<String> = (1..=4).map(|n| "x".repeat(n)).collect();
        assert_eq!(count_words(&docs, analyzer).await, [1, 2, 3, 4]);
        assert_eq!(started.load(Ordering::SeqCst), 4);
    }
}
