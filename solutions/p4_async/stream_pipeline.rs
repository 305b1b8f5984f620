//! A stream pipeline: bounded concurrency, then batches by size or by time.
//!
//! Implement three stream adapters and the pipeline that joins them:
//!
//! - `fetch_unordered(ids, limit, fetch)` calls `fetch` for every id with at
//!   most `limit` calls in flight at any moment, and yields `(id, result)` as
//!   each call completes. A `limit` of 0 means 1.
//! - `fetch_ordered` does the same but yields in the order of `ids`.
//! - `batches(items, max, max_wait)` groups items into `Vec`s of at most
//!   `max`; a batch that is not full is emitted `max_wait` after its first
//!   item arrived, and the last one when the input ends.
//! - `run_pipeline` fetches (unordered), counts and drops the failures,
//!   batches the successes and sends every batch to `sink`.
//!
//! The tests run under paused time: a "100 ms" fetch takes no real time, and
//! they check *when* things happen as well as what comes out.

use std::future::Future;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::sync::mpsc;

/// A failed fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError(pub String);

/// What `run_pipeline` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub fetched: usize,
    pub failed: usize,
    pub batches: usize,
}

/// Fetches with at most `limit` calls in flight; yields in completion order.
pub fn fetch_unordered<I, F, Fut, T>(
    ids: I,
    limit: usize,
    fetch: F,
) -> impl Stream<Item = (u32, Result<T, FetchError>)>
where
    I: IntoIterator<Item = u32>,
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<T, FetchError>>,
{
    // `map` builds the futures lazily; `buffer_unordered` polls at most
    // `limit` of them at a time. `buffer_unordered(0)` would never start one.
    stream::iter(ids)
        .map(move |id| {
            let call = fetch(id);
            async move { (id, call.await) }
        })
        .buffer_unordered(limit.max(1))
}

/// Fetches with at most `limit` calls in flight; yields in the order of `ids`.
pub fn fetch_ordered<I, F, Fut, T>(
    ids: I,
    limit: usize,
    fetch: F,
) -> impl Stream<Item = (u32, Result<T, FetchError>)>
where
    I: IntoIterator<Item = u32>,
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<T, FetchError>>,
{
    stream::iter(ids)
        .map(move |id| {
            let call = fetch(id);
            async move { (id, call.await) }
        })
        .buffered(limit.max(1))
}

/// Groups items into batches of at most `max`, waiting at most `max_wait`
/// after the first item of a batch.
pub fn batches<S: Stream>(
    items: S,
    max: usize,
    max_wait: Duration,
) -> impl Stream<Item = Vec<S::Item>> {
    // tokio-stream's `chunks_timeout` starts the clock at the first item of
    // each chunk. (`futures`' `chunks` has no timeout: a slow source would
    // hold a partial batch forever.)
    // Both crates have a `StreamExt` with a `next`, `map`, ...: importing both
    // makes every call ambiguous, so this one is called by its full path.
    tokio_stream::StreamExt::chunks_timeout(items, max.max(1), max_wait)
}

/// Fetches `ids` (at most `limit` at once), drops and counts the failures,
/// and sends the successes to `sink` in batches.
pub async fn run_pipeline<F, Fut, T>(
    ids: impl IntoIterator<Item = u32>,
    limit: usize,
    fetch: F,
    batch_size: usize,
    max_wait: Duration,
    sink: mpsc::Sender<Vec<T>>,
) -> Stats
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<T, FetchError>>,
{
    let (mut fetched, mut failed, mut sent) = (0, 0, 0);
    {
        let successes = fetch_unordered(ids, limit, fetch).filter_map(|(_, result)| {
            match result {
                Ok(_) => fetched += 1,
                Err(_) => failed += 1,
            }
            std::future::ready(result.ok())
        });
        let mut batched = std::pin::pin!(batches(successes, batch_size, max_wait));
        while let Some(batch) = batched.next().await {
            sent += 1;
            if sink.send(batch).await.is_err() {
                break;
            }
        }
        // The stream, and the closure that borrows the counters, end here.
    }
    Stats {
        fetched,
        failed,
        batches: sent,
    }
}

#[tokio::main]
async fn main() {
    let fetch = |id: u32| async move {
        tokio::time::sleep(Duration::from_millis(10 * u64::from(id % 3))).await;
        Ok::<_, FetchError>(id * 10)
    };
    let (tx, mut rx) = mpsc::channel(4);
    let stats = tokio::spawn(run_pipeline(
        0..10,
        3,
        fetch,
        4,
        Duration::from_millis(50),
        tx,
    ));
    while let Some(batch) = rx.recv().await {
        println!("{batch:?}");
    }
    println!("{:?}", stats.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::time::{Instant, sleep};

    /// A fetch that takes `delay(id)` and records how many calls overlap.
    #[derive(Clone, Default)]
    struct Gauge {
        now: Arc<AtomicUsize>,
        peak: Arc<AtomicUsize>,
        calls: Arc<AtomicUsize>,
    }

    impl Gauge {
        fn fetch(
            &self,
            delay: impl Fn(u32) -> u64,
        ) -> impl Fn(u32) -> std::pin::Pin<Box<dyn Future<Output = Result<u32, FetchError>> + Send>>
        {
            let gauge = self.clone();
            move |id| {
                let gauge = gauge.clone();
                let ms = delay(id);
                Box::pin(async move {
                    gauge.calls.fetch_add(1, Ordering::SeqCst);
                    let now = gauge.now.fetch_add(1, Ordering::SeqCst) + 1;
                    gauge.peak.fetch_max(now, Ordering::SeqCst);
                    sleep(Duration::from_millis(ms)).await;
                    gauge.now.fetch_sub(1, Ordering::SeqCst);
                    if id == 13 {
                        Err(FetchError(format!("{id} is unlucky")))
                    } else {
                        Ok(id)
                    }
                })
            }
        }
    }

    fn ids<T>(items: Vec<(u32, T)>) -> Vec<u32> {
        items.into_iter().map(|(id, _)| id).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_limit_calls_in_flight() {
        let gauge = Gauge::default();
        let start = Instant::now();
        let out: Vec<_> = fetch_unordered(0..20, 4, gauge.fetch(|_| 100))
            .collect()
            .await;
        assert_eq!(out.len(), 20);
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 4, "peak concurrency");
        // 20 calls of 100 ms, 4 at a time: 5 rounds.
        assert_eq!(start.elapsed(), Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn unordered_yields_in_completion_order() {
        let gauge = Gauge::default();
        let out: Vec<_> =
            fetch_unordered([0, 1, 2], 3, gauge.fetch(|id| 300 - 100 * u64::from(id)))
                .collect()
                .await;
        assert_eq!(ids(out), [2, 1, 0]);
    }

    #[tokio::test(start_paused = true)]
    async fn ordered_keeps_input_order_and_stays_concurrent() {
        let gauge = Gauge::default();
        let start = Instant::now();
        let out: Vec<_> =
            fetch_ordered([0, 1, 2, 3], 2, gauge.fetch(|id| 200 - 50 * u64::from(id)))
                .collect()
                .await;
        assert_eq!(ids(out), [0, 1, 2, 3]);
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 2);
        // 0 (200 ms) and 1 (150 ms) start at once. 1 is done first but
        // holds its slot until 0 is yielded (head-of-line blocking); at 200 ms
        // both leave, and 2 (100 ms) and 3 (50 ms) start. One at a time would
        // take 500 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn results_keep_their_errors() {
        let gauge = Gauge::default();
        let out: Vec<_> = fetch_ordered([12, 13], 2, gauge.fetch(|_| 1))
            .collect()
            .await;
        assert_eq!(out[0], (12, Ok(12)));
        assert_eq!(out[1], (13, Err(FetchError("13 is unlucky".into()))));
    }

    #[tokio::test(start_paused = true)]
    async fn a_limit_of_zero_means_one() {
        let gauge = Gauge::default();
        let out = tokio::time::timeout(
            Duration::from_secs(10),
            fetch_unordered(0..3, 0, gauge.fetch(|_| 10)).collect::<Vec<_>>(),
        )
        .await
        .expect("the stream never finished");
        assert_eq!(out.len(), 3);
        assert_eq!(gauge.peak.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn calls_start_only_when_polled() {
        let gauge = Gauge::default();
        let stream = fetch_unordered(0..5, 2, gauge.fetch(|_| 10));
        sleep(Duration::from_millis(100)).await;
        assert_eq!(gauge.calls.load(Ordering::SeqCst), 0, "streams are lazy");
        drop(stream);
    }

    /// Items sent at the given times (ms after the start), then the end.
    fn timed(items: &[(u64, u32)]) -> impl Stream<Item = u32> + use<> {
        let items = items.to_vec();
        let start = Instant::now();
        stream::iter(items).then(move |(at, item)| async move {
            tokio::time::sleep_until(start + Duration::from_millis(at)).await;
            item
        })
    }

    #[tokio::test(start_paused = true)]
    async fn batches_by_size_by_time_and_at_the_end() {
        let start = Instant::now();
        let input = timed(&[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (1000, 6), (1001, 7)]);
        let mut out = std::pin::pin!(batches(input, 3, Duration::from_millis(200)));
        let mut seen = Vec::new();
        while let Some(batch) = out.next().await {
            seen.push((start.elapsed().as_millis(), batch));
        }
        assert_eq!(
            seen,
            [
                (2, vec![1, 2, 3]), // full
                (203, vec![4, 5]),  // 200 ms after its first item
                (1001, vec![6, 7]), // the input ended
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_source_still_gets_its_batches() {
        let input = timed(&[(0, 1), (5000, 2)]);
        let mut out = std::pin::pin!(batches(input, 10, Duration::from_millis(100)));
        let first = tokio::time::timeout(Duration::from_secs(1), out.next()).await;
        assert_eq!(first, Ok(Some(vec![1])));
    }

    #[tokio::test(start_paused = true)]
    async fn the_pipeline() {
        let gauge = Gauge::default();
        let (tx, mut rx) = mpsc::channel(16);
        let stats = run_pipeline(
            10..20,
            3,
            gauge.fetch(|id| u64::from(id % 4) * 10),
            4,
            Duration::from_millis(50),
            tx,
        )
        .await;
        let mut got = Vec::new();
        let mut sizes = Vec::new();
        while let Some(batch) = rx.recv().await {
            sizes.push(batch.len());
            got.extend(batch);
        }
        got.sort();
        assert_eq!(got, [10, 11, 12, 14, 15, 16, 17, 18, 19]);
        assert_eq!(sizes.iter().sum::<usize>(), 9);
        assert!(sizes.iter().all(|&n| n <= 4));
        assert_eq!(
            stats,
            Stats {
                fetched: 9,
                failed: 1,
                batches: sizes.len()
            }
        );
        assert!(gauge.peak.load(Ordering::SeqCst) <= 3);
    }
}
