//! Tutor-owned tests for the pool and the queue: every bad idle connection
//! is closed at checkout, clones share one limit, waiters are served in turn
//! on one connection, and workers never hold more connections than the pool.
#[path = "../pool_backpressure.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use tokio::time::{Instant, sleep};

    use crate::ex::{CONNECT_TIME, JobQueue, Pool, Server};

    const QUERY: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn every_bad_idle_connection_is_closed_at_checkout() {
        let server = Server::default();
        let pool = Pool::new(server.clone(), 3, Duration::from_secs(60));
        let (a, b, c) = tokio::join!(pool.get(), pool.get(), pool.get());
        drop((a, b, c));
        assert_eq!((pool.idle(), server.open()), (3, 3));
        for id in 0..3 {
            server.break_conn(id);
        }
        let fresh = pool.get().await;
        assert_eq!(fresh.id(), 3);
        assert_eq!(pool.idle(), 0, "the broken ones are not kept");
        assert_eq!(server.open(), 1, "the broken ones are closed");
    }

    #[tokio::test(start_paused = true)]
    async fn clones_share_one_limit() {
        let server = Server::default();
        let pool = Pool::new(server.clone(), 1, Duration::from_secs(60));
        let other = pool.clone();
        let held = pool.get().await;
        assert!(other.get_timeout(Duration::from_millis(50)).await.is_err());
        drop(held);
        assert_eq!(
            other
                .get_timeout(Duration::from_millis(50))
                .await
                .unwrap()
                .id(),
            0
        );
        assert_eq!(server.connects(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn five_callers_take_turns_on_one_connection() {
        let server = Server::default();
        let pool = Pool::new(server.clone(), 1, Duration::from_secs(60));
        let start = Instant::now();
        let tasks: Vec<_> = (0..5)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.get().await.query(&format!("q{i}")).await })
            })
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap(), format!("q{i}@0"));
        }
        assert_eq!(start.elapsed(), CONNECT_TIME + QUERY * 5);
        assert_eq!((server.connects(), server.peak()), (1, 1));
    }

    #[tokio::test(start_paused = true)]
    async fn more_workers_than_connections() {
        let server = Server::default();
        let pool = Pool::new(server.clone(), 2, Duration::from_secs(60));
        let (queue, mut results) = JobQueue::start(pool, 4, 8);
        let start = Instant::now();
        for i in 0..6 {
            queue.submit(format!("j{i}")).await.unwrap();
        }
        drop(queue);
        let mut answers = Vec::new();
        while let Some(answer) = results.recv().await {
            answers.push(answer);
        }
        assert_eq!(answers.len(), 6);
        assert_eq!(server.peak(), 2, "four workers share two connections");
        assert_eq!(start.elapsed(), CONNECT_TIME + QUERY * 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_gives_the_job_back() {
        let server = Server::default();
        let pool = Pool::new(server, 1, Duration::from_secs(60));
        let (queue, _results) = JobQueue::start(pool, 1, 1);
        // No await yet: the worker has not taken anything.
        queue.try_submit("first".into()).unwrap();
        match queue.try_submit("second".into()) {
            Err(crate::ex::Rejected::Full(job)) => assert_eq!(job, "second"),
            other => panic!("expected Full(\"second\"), got {other:?}"),
        }
        sleep(Duration::from_millis(1)).await;
        assert!(
            queue.try_submit("third".into()).is_ok(),
            "the worker took the first job"
        );
    }
}
