//! Tutor-owned tests for the pool and the job queue: a connection closed for
//! any reason gives its slot back (checked with a pool of one), a healthy
//! idle connection is found behind a bad one, `get_timeout` neither waits too
//! long nor leaves anything behind, `submit` waits exactly until a worker
//! takes a job, a queue without workers is closed, and a dropped pool closes
//! its idle connections. Also: every bad idle connection is closed at
//! checkout, clones share one limit, callers take turns on one connection,
//! workers never hold more connections than the pool, and a full queue gives
//! the very job back.
#[path = "../pool_backpressure.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use tokio::time::{Instant, sleep};

    use crate::ex::{CONNECT_TIME, JobQueue, Pool, PoolTimeout, Rejected, Server};

    const LIFETIME: Duration = Duration::from_secs(60);
    const QUERY_TIME: Duration = Duration::from_millis(100);
    /// Far longer than any wait in these tests: a `get` that takes this long
    /// found no slot.
    const PATIENCE: Duration = Duration::from_secs(3600);

    fn setup(max_size: usize) -> (Server, Pool) {
        let server = Server::default();
        let pool = Pool::new(server.clone(), max_size, LIFETIME);
        (server, pool)
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_connection_gives_its_slot_back() {
        let (server, pool) = setup(1);
        // Broken while lent out.
        let conn = pool.get().await;
        server.break_conn(conn.id());
        drop(conn);
        let conn = pool
            .get_timeout(PATIENCE)
            .await
            .expect("a broken connection, once closed, no longer holds the only slot");
        assert_eq!(conn.id(), 1);
        drop(conn);
        // Broken while idle.
        server.break_conn(1);
        let conn = pool
            .get_timeout(PATIENCE)
            .await
            .expect("a broken idle connection, once closed, no longer holds the only slot");
        assert_eq!(conn.id(), 2);
        drop(conn);
        // Too old while idle.
        sleep(LIFETIME).await;
        let conn = pool
            .get_timeout(PATIENCE)
            .await
            .expect("an old idle connection, once closed, no longer holds the only slot");
        assert_eq!(conn.id(), 3);
        assert_eq!(server.open(), 1);
        assert_eq!(server.peak(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_healthy_idle_connection_is_found_behind_a_bad_one() {
        // Both connections go back to the pool, then one of them breaks:
        // first the one returned last, then the one returned first.
        for break_the_last_returned in [true, false] {
            let (server, pool) = setup(2);
            let (first, last) = tokio::join!(pool.get(), pool.get());
            let (first_id, last_id) = (first.id(), last.id());
            drop(first);
            drop(last);
            assert_eq!(pool.idle(), 2);
            let (broken, healthy) = if break_the_last_returned {
                (last_id, first_id)
            } else {
                (first_id, last_id)
            };
            server.break_conn(broken);
            let conn = pool.get().await;
            assert_eq!(
                conn.id(),
                healthy,
                "a healthy idle connection is there to be reused"
            );
            assert_eq!(server.connects(), 2, "no new connection was needed");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn get_timeout_shorter_than_a_connect_leaves_nothing_behind() {
        let (server, pool) = setup(1);
        let start = Instant::now();
        let wait = CONNECT_TIME / 2;
        assert_eq!(pool.get_timeout(wait).await.err(), Some(PoolTimeout));
        assert_eq!(start.elapsed(), wait, "gave up after exactly `wait`");
        sleep(CONNECT_TIME * 5).await;
        assert_eq!(server.connects(), 0, "the cancelled connect never finished");
        assert_eq!((server.open(), pool.idle()), (0, 0));
        let start = Instant::now();
        let conn = pool
            .get_timeout(CONNECT_TIME * 2)
            .await
            .expect("the cancelled get gave its slot back");
        assert_eq!(conn.id(), 0);
        assert_eq!(start.elapsed(), CONNECT_TIME, "no waiting past the connect");
    }

    #[tokio::test(start_paused = true)]
    async fn get_timeout_returns_as_soon_as_a_connection_is_free() {
        let (server, pool) = setup(1);
        let held = pool.get().await;
        let start = Instant::now();
        let waiter = {
            let pool = pool.clone();
            tokio::spawn(async move {
                let conn = pool.get_timeout(PATIENCE).await.unwrap();
                (conn.id(), Instant::now())
            })
        };
        sleep(Duration::from_millis(300)).await;
        drop(held);
        let (id, got_at) = waiter.await.unwrap();
        assert_eq!(id, 0, "the returned connection is reused");
        assert_eq!(got_at - start, Duration::from_millis(300));
        assert_eq!(server.connects(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn submit_waits_until_a_worker_takes_a_job_and_no_longer() {
        let (_server, pool) = setup(1);
        let (queue, mut results) = JobQueue::start(pool, 1, 1);
        let start = Instant::now();
        queue.submit("a".into()).await.unwrap();
        sleep(Duration::from_millis(1)).await; // the worker takes "a"
        queue.submit("b".into()).await.unwrap(); // the one place in the queue
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(1),
            "there was room for b"
        );
        assert_eq!(
            queue.try_submit("c".into()),
            Err(Rejected::Full("c".into()))
        );
        queue.submit("c".into()).await.unwrap();
        // The worker connects, runs "a", and only then takes "b".
        assert_eq!(
            start.elapsed(),
            CONNECT_TIME + QUERY_TIME,
            "c got in the moment the worker took b"
        );
        drop(queue);
        let mut answers = Vec::new();
        while let Some(answer) = results.recv().await {
            answers.push(answer);
        }
        assert_eq!(answers, ["a@0", "b@0", "c@0"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_queue_without_workers_is_closed_not_full() {
        let (_server, pool) = setup(1);
        let (queue, mut results) = JobQueue::start(pool, 0, 4);
        assert_eq!(
            queue.try_submit("a".into()),
            Err(Rejected::Closed("a".into()))
        );
        assert_eq!(
            queue.submit("b".into()).await,
            Err(Rejected::Closed("b".into()))
        );
        assert_eq!(results.recv().await, None, "no worker, no answer");
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_pool_and_its_last_connection_closes_everything() {
        let (server, pool) = setup(3);
        let (a, b, c) = tokio::join!(pool.get(), pool.get(), pool.get());
        drop((a, b));
        assert_eq!((server.open(), pool.idle()), (3, 2));
        drop(pool);
        assert_eq!(server.open(), 3, "c is still lent out");
        drop(c);
        assert_eq!(
            server.open(),
            0,
            "with the pool gone, no connection is left open"
        );
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
        assert_eq!(start.elapsed(), CONNECT_TIME + QUERY_TIME * 5);
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
        assert_eq!(start.elapsed(), CONNECT_TIME + QUERY_TIME * 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_queue_gives_the_job_back() {
        let server = Server::default();
        let pool = Pool::new(server, 1, Duration::from_secs(60));
        let (queue, _results) = JobQueue::start(pool, 1, 1);
        // No await yet: the worker has not taken anything.
        queue.try_submit("first".into()).unwrap();
        match queue.try_submit("second".into()) {
            Err(Rejected::Full(job)) => assert_eq!(job, "second"),
            other => panic!("expected Full(\"second\"), got {other:?}"),
        }
        sleep(Duration::from_millis(1)).await;
        assert!(
            queue.try_submit("third".into()).is_ok(),
            "the worker took the first job"
        );
    }

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
}
