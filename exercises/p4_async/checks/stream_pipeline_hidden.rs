//! Tutor-owned tests for the stream adapters: a freed slot is refilled at
//! once (no waves), the order of `fetch_ordered` under uneven delays, a
//! batch clock that starts at each batch's first item, and pipelines with
//! nothing to send.
#[path = "../stream_pipeline.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use futures::stream::{self, Stream, StreamExt};
    use tokio::sync::mpsc;
    use tokio::time::{Instant, sleep, sleep_until};

    use crate::ex::{FetchError, Stats, batches, fetch_ordered, fetch_unordered, run_pipeline};

    /// A fetch that takes `delays[id]` milliseconds and returns the id.
    fn slow(
        delays: &'static [u64],
    ) -> impl Fn(u32) -> std::pin::Pin<Box<dyn Future<Output = Result<u32, FetchError>>>> {
        move |id| {
            Box::pin(async move {
                sleep(Duration::from_millis(delays[id as usize])).await;
                Ok(id)
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_freed_slot_is_refilled_at_once() {
        // Limit 2: id 0 holds one slot for 300 ms while 1, 2, 3 pass through
        // the other. In waves of two it would take 400 ms.
        let start = Instant::now();
        let mut out = std::pin::pin!(fetch_unordered(0..4, 2, slow(&[300, 100, 100, 100])));
        let mut seen = Vec::new();
        while let Some((id, _)) = out.next().await {
            seen.push((id, start.elapsed().as_millis()));
        }
        assert_eq!(&seen[..2], [(1, 100), (2, 200)]);
        assert_eq!(seen.len(), 4);
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn ordered_under_uneven_delays() {
        let out: Vec<u32> = fetch_ordered(0..6, 3, slow(&[50, 10, 40, 5, 30, 1]))
            .map(|(id, r)| {
                assert_eq!(r, Ok(id));
                id
            })
            .collect()
            .await;
        assert_eq!(out, [0, 1, 2, 3, 4, 5]);
    }

    fn timed(items: &'static [(u64, u32)]) -> impl Stream<Item = u32> {
        let start = Instant::now();
        stream::iter(items).then(move |&(at, item)| async move {
            sleep_until(start + Duration::from_millis(at)).await;
            item
        })
    }

    #[tokio::test(start_paused = true)]
    async fn each_batch_clock_starts_at_its_first_item() {
        let start = Instant::now();
        let input = timed(&[(0, 1), (150, 2), (260, 3), (270, 4)]);
        let mut out = std::pin::pin!(batches(input, 10, Duration::from_millis(100)));
        let mut seen = Vec::new();
        while let Some(batch) = out.next().await {
            seen.push((start.elapsed().as_millis(), batch));
        }
        assert_eq!(seen, [(100, vec![1]), (250, vec![2]), (270, vec![3, 4])]);
    }

    #[tokio::test(start_paused = true)]
    async fn nothing_to_send() {
        let (tx, mut rx) = mpsc::channel::<Vec<u32>>(4);
        let all_fail = |id: u32| async move { Err::<u32, _>(FetchError(format!("no {id}"))) };
        let stats = run_pipeline(0..5, 2, all_fail, 3, Duration::from_millis(10), tx).await;
        assert_eq!(
            stats,
            Stats {
                fetched: 0,
                failed: 5,
                batches: 0
            }
        );
        assert!(rx.recv().await.is_none(), "no empty batch is sent");

        let (tx, mut rx) = mpsc::channel::<Vec<u32>>(4);
        let stats = run_pipeline([], 2, slow(&[]), 3, Duration::from_millis(10), tx).await;
        assert_eq!(stats, Stats::default());
        assert!(rx.recv().await.is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn a_batch_of_exactly_max_is_sent_without_waiting() {
        let (tx, mut rx) = mpsc::channel(4);
        let start = Instant::now();
        let pipeline = tokio::spawn(run_pipeline(
            0..3u32,
            3,
            |id| async move { Ok::<_, FetchError>(id) },
            3,
            Duration::from_secs(60),
            tx,
        ));
        let mut batch = rx.recv().await.unwrap();
        batch.sort();
        assert_eq!(batch, [0, 1, 2]);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "a full batch does not wait for the timer"
        );
        assert_eq!(pipeline.await.unwrap().batches, 1);
    }
}
