//! A connection pool with health checks, and a job queue with backpressure.
//!
//! `Server` (provided) stands for a database: `connect()` takes 10 ms, and
//! it counts the connections that are open and the peak. Implement:
//!
//! - `Pool::get()`: at most `max_size` connections exist at once, counting
//!   those being opened and those lent out; a caller waits for a free slot.
//!   It reuses an idle connection if one is healthy and younger than
//!   `max_lifetime`; idle ones that are not are closed (dropped) at checkout.
//! - `Pooled`: the borrowed connection; dropping it returns the connection
//!   to the pool, unless it is broken (then it is closed), and wakes one
//!   waiter.
//! - `Pool::get_timeout(wait)`: gives up after `wait`. A `get` that is
//!   cancelled while it waits or connects must not leak a slot.
//! - `JobQueue`: workers take jobs from a queue of at most `capacity` jobs.
//!   `submit` waits while the queue is full; `try_submit` returns the job in
//!   `Rejected::Full` instead. An unbounded queue would hide overload until
//!   memory runs out.
//!
//! The tests run under paused time.

use std::future::Future;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::time::Instant;

// ---------------------------------------------------------------------------
// Provided: a fake database server and its connections.

/// How long `Server::connect` takes.
pub const CONNECT_TIME: Duration = Duration::from_millis(10);

#[derive(Default)]
struct ServerState {
    connects: AtomicUsize,
    open: AtomicUsize,
    peak: AtomicUsize,
    broken: Mutex<Vec<Arc<AtomicBool>>>,
}

/// A fake database server. Clones share the same server.
#[derive(Clone, Default)]
pub struct Server(Arc<ServerState>);

impl Server {
    /// Opens a connection (takes `CONNECT_TIME`).
    pub fn connect(&self) -> impl Future<Output = Conn> + Send + 'static {
        let state = Arc::clone(&self.0);
        async move {
            tokio::time::sleep(CONNECT_TIME).await;
            let id = state.connects.fetch_add(1, Ordering::SeqCst);
            let open = state.open.fetch_add(1, Ordering::SeqCst) + 1;
            state.peak.fetch_max(open, Ordering::SeqCst);
            let broken = Arc::new(AtomicBool::new(false));
            state.broken.lock().unwrap().push(Arc::clone(&broken));
            Conn {
                id,
                born: Instant::now(),
                broken,
                server: state,
            }
        }
    }

    /// Breaks connection `id` (as if the network dropped it).
    pub fn break_conn(&self, id: usize) {
        self.0.broken.lock().unwrap()[id].store(true, Ordering::SeqCst);
    }

    /// Connections opened so far.
    pub fn connects(&self) -> usize {
        self.0.connects.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.0.open.load(Ordering::SeqCst)
    }

    /// The most connections that were open at once.
    pub fn peak(&self) -> usize {
        self.0.peak.load(Ordering::SeqCst)
    }
}

/// A connection; closed when dropped.
pub struct Conn {
    id: usize,
    born: Instant,
    broken: Arc<AtomicBool>,
    server: Arc<ServerState>,
}

impl Conn {
    /// The server's number for this connection (0, 1, ...).
    pub fn id(&self) -> usize {
        self.id
    }

    /// When the connection was opened.
    pub fn born(&self) -> Instant {
        self.born
    }

    /// A cheap health check.
    pub fn is_healthy(&self) -> bool {
        !self.broken.load(Ordering::SeqCst)
    }

    /// Runs a query; takes 100 ms.
    pub async fn query(&self, q: &str) -> String {
        tokio::time::sleep(Duration::from_millis(100)).await;
        format!("{q}@{}", self.id)
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.server.open.fetch_sub(1, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------------------
// Your part: the pool.

/// `get_timeout` waited too long.
#[derive(Debug, PartialEq, Eq)]
pub struct PoolTimeout;

// TODO: the fields you need are here; not all are used yet.
#[allow(dead_code)]
struct Shared {
    server: Server,
    max_lifetime: Duration,
    /// Idle connections; the most recently returned is last.
    idle: Mutex<Vec<Conn>>,
    /// One permit per connection that may exist.
    slots: Arc<Semaphore>,
}

/// A pool of at most `max_size` connections. Clones share the same pool.
#[derive(Clone)]
pub struct Pool(Arc<Shared>);

impl Pool {
    pub fn new(server: Server, max_size: usize, max_lifetime: Duration) -> Pool {
        Pool(Arc::new(Shared {
            server,
            max_lifetime,
            idle: Mutex::new(Vec::new()),
            slots: Arc::new(Semaphore::new(max_size)),
        }))
    }

    /// Waits for a slot, then lends a healthy connection.
    pub async fn get(&self) -> Pooled {
        // TODO: at most `max_size` connections; reuse healthy idle ones.
        let conn = self.0.server.connect().await;
        Pooled {
            conn: Some(conn),
            pool: Arc::clone(&self.0),
        }
    }

    /// Like `get`, but gives up after `wait`.
    pub async fn get_timeout(&self, wait: Duration) -> Result<Pooled, PoolTimeout> {
        // TODO
        let _ = wait;
        Ok(self.get().await)
    }

    /// Idle connections in the pool now.
    pub fn idle(&self) -> usize {
        self.0.idle.lock().unwrap().len()
    }
}

/// A connection lent by the pool.
pub struct Pooled {
    conn: Option<Conn>,
    #[allow(dead_code)]
    pool: Arc<Shared>,
}

impl Deref for Pooled {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        self.conn.as_ref().expect("present until dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        // TODO: give a healthy connection back to the pool.
        self.conn.take();
    }
}

// ---------------------------------------------------------------------------
// Your part: the job queue.

/// Why `try_submit` refused a job; the job is given back.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejected {
    Full(String),
    Closed(String),
}

/// The producer side of the job queue.
pub struct JobQueue {
    jobs: mpsc::UnboundedSender<String>,
}

impl JobQueue {
    /// Starts `workers` workers that run each job as a query on a pooled
    /// connection and send the answer to the returned receiver.
    pub fn start(
        pool: Pool,
        workers: usize,
        capacity: usize,
    ) -> (JobQueue, mpsc::Receiver<String>) {
        // TODO: at most `capacity` jobs may wait.
        let _ = capacity;
        let (jobs, queue) = mpsc::unbounded_channel::<String>();
        let (answers, results) = mpsc::channel(1024);
        let queue = Arc::new(tokio::sync::Mutex::new(queue));
        for _ in 0..workers {
            let (queue, pool, answers) = (Arc::clone(&queue), pool.clone(), answers.clone());
            tokio::spawn(async move {
                loop {
                    // Hold the lock only to take a job, not while running it.
                    let Some(job) = queue.lock().await.recv().await else {
                        break;
                    };
                    let answer = pool.get().await.query(&job).await;
                    if answers.send(answer).await.is_err() {
                        break;
                    }
                }
            });
        }
        (JobQueue { jobs }, results)
    }

    /// Queues a job, waiting while the queue is full.
    pub async fn submit(&self, job: String) -> Result<(), Rejected> {
        self.jobs
            .send(job)
            .map_err(|mpsc::error::SendError(job)| Rejected::Closed(job))
    }

    /// Queues a job if there is room now.
    pub fn try_submit(&self, job: String) -> Result<(), Rejected> {
        self.jobs
            .send(job)
            .map_err(|mpsc::error::SendError(job)| Rejected::Closed(job))
    }
}

#[tokio::main]
async fn main() {
    let server = Server::default();
    let pool = Pool::new(server.clone(), 2, Duration::from_secs(60));
    let (queue, mut results) = JobQueue::start(pool, 2, 4);
    for i in 0..6 {
        queue.submit(format!("job{i}")).await.unwrap();
    }
    drop(queue);
    while let Some(answer) = results.recv().await {
        println!("{answer}");
    }
    println!("{} connections opened", server.connects());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{sleep, timeout};

    const LIFETIME: Duration = Duration::from_secs(60);

    fn setup(max_size: usize) -> (Server, Pool) {
        let server = Server::default();
        let pool = Pool::new(server.clone(), max_size, LIFETIME);
        (server, pool)
    }

    #[tokio::test(start_paused = true)]
    async fn reuses_connections() {
        let (server, pool) = setup(4);
        for i in 0..10 {
            let conn = pool.get().await;
            assert_eq!(conn.query(&i.to_string()).await, format!("{i}@0"));
        }
        assert_eq!(server.connects(), 1);
        assert_eq!(pool.idle(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_max_size() {
        let (server, pool) = setup(4);
        let start = Instant::now();
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.get().await.query(&i.to_string()).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(server.peak(), 4);
        assert_eq!(server.connects(), 4);
        // One connect, then 5 rounds of 4 queries.
        assert_eq!(start.elapsed(), CONNECT_TIME + Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_gets_the_returned_connection() {
        let (server, pool) = setup(1);
        let held = pool.get().await;
        let waiter = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.get().await.id() })
        };
        sleep(Duration::from_millis(50)).await;
        assert!(
            !waiter.is_finished(),
            "the pool is full: the waiter must wait"
        );
        drop(held);
        assert_eq!(waiter.await.unwrap(), 0);
        assert_eq!(server.connects(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_broken_in_use_is_closed() {
        let (server, pool) = setup(2);
        let conn = pool.get().await;
        server.break_conn(conn.id());
        drop(conn);
        assert_eq!(server.open(), 0, "a broken connection goes back to nobody");
        assert_eq!(pool.get().await.id(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_broken_while_idle_is_replaced() {
        let (server, pool) = setup(2);
        drop(pool.get().await);
        server.break_conn(0);
        let conn = pool.get().await;
        assert_eq!(conn.id(), 1);
        assert_eq!(server.open(), 1, "the broken idle connection was closed");
    }

    #[tokio::test(start_paused = true)]
    async fn old_connections_are_replaced() {
        let (server, pool) = setup(2);
        drop(pool.get().await);
        sleep(LIFETIME).await;
        assert_eq!(pool.get().await.id(), 1);
        assert_eq!(server.open(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn get_timeout_gives_up() {
        let (_server, pool) = setup(1);
        let held = pool.get().await;
        let start = Instant::now();
        let waited = pool.get_timeout(Duration::from_millis(200)).await;
        assert!(waited.is_err(), "the pool is full");
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        drop(held);
        assert!(pool.get_timeout(Duration::from_millis(200)).await.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_gets_do_not_leak_slots() {
        let (server, pool) = setup(2);
        // Cancelled while connecting (a connect takes 10 ms).
        for _ in 0..5 {
            assert!(timeout(Duration::from_millis(5), pool.get()).await.is_err());
        }
        // Cancelled while waiting for a slot.
        let a = pool.get().await;
        let b = pool.get().await;
        for _ in 0..5 {
            assert!(pool.get_timeout(Duration::from_millis(5)).await.is_err());
        }
        drop((a, b));
        let (c, d) = tokio::join!(pool.get(), pool.get());
        assert_ne!(c.id(), d.id());
        assert!(server.peak() <= 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_queue_pushes_back() {
        let (_server, pool) = setup(1);
        let (queue, mut results) = JobQueue::start(pool, 1, 2);
        queue.submit("a".into()).await.unwrap();
        sleep(Duration::from_millis(1)).await; // the worker takes "a"
        queue.submit("b".into()).await.unwrap();
        queue.submit("c".into()).await.unwrap();
        assert_eq!(
            queue.try_submit("d".into()),
            Err(Rejected::Full("d".into()))
        );
        let start = Instant::now();
        queue.submit("d".into()).await.unwrap();
        assert!(start.elapsed() > Duration::ZERO, "submit waited for room");
        drop(queue);
        let mut answers = Vec::new();
        while let Some(answer) = results.recv().await {
            answers.push(answer);
        }
        assert_eq!(answers, ["a@0", "b@0", "c@0", "d@0"]);
    }
}
