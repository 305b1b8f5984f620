//! A log collector that shuts down gracefully.
//!
//! Clients connect (here through in-memory `DuplexStream`s handed over a
//! channel) and send records: a 4-byte big-endian length, then that many
//! bytes of UTF-8. Each connection's handler batches its records and sends a
//! batch to `sink` when it holds `MAX_BATCH` records, and every
//! `FLUSH_EVERY` when it holds any. What must hold:
//!
//! - **No record is lost or torn.** The flush timer and the shutdown signal
//!   can interrupt a handler at any moment, also in the middle of a record.
//!   A `select!` drops the branches that did not win: a read that was
//!   half-way through a record must not lose the bytes it already read.
//! - **Shutdown is graceful.** `shutdown()` stops accepting connections at
//!   once. A handler that is between records stops at once; one that has
//!   read part of a record finishes it. Every handler sends its last batch
//!   before it ends. Handlers still running after `GRACE` are aborted.
//!   The `Report` counts connections, records, aborted and failed handlers.
//!
//! The accept loop and the tests are written; the handler and the drain at
//! shutdown are not safe yet. The tests run under paused time, so timers
//! fire in a fixed order and at once.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncReadExt, DuplexStream};
use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinHandle, JoinSet};
use tokio::time;
use tokio_util::sync::CancellationToken;

/// How long handlers may take to finish once shutdown starts.
pub const GRACE: Duration = Duration::from_secs(1);
/// How often a handler sends a partial batch.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// A handler sends its batch as soon as it holds this many records.
pub const MAX_BATCH: usize = 8;
/// Longer records are a protocol error.
pub const MAX_RECORD: usize = 64 * 1024;

/// What happened to the connections, counted at shutdown.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Connections accepted.
    pub connections: usize,
    /// Records received by handlers that ended on their own.
    pub records: usize,
    /// Handlers aborted because they outlived the grace period.
    pub aborted: usize,
    /// Handlers that ended with an error or a panic.
    pub failed: usize,
}

impl Report {
    fn add(&mut self, done: Result<io::Result<usize>, JoinError>) {
        match done {
            Ok(Ok(records)) => self.records += records,
            Ok(Err(_)) | Err(_) => self.failed += 1,
        }
    }
}

/// The running collector.
pub struct Collector {
    token: CancellationToken,
    accept_loop: JoinHandle<Report>,
}

impl Collector {
    /// Accepts connections from `incoming`; their records go to `sink`.
    pub fn start(
        mut incoming: mpsc::Receiver<DuplexStream>,
        sink: mpsc::Sender<Vec<String>>,
    ) -> Collector {
        let token = CancellationToken::new();
        let stop = token.clone();
        let accept_loop = tokio::spawn(async move {
            let mut handlers = JoinSet::new();
            let mut report = Report::default();
            let mut accepting = true;
            loop {
                tokio::select! {
                    // Check the signal first: a flood of connections must not
                    // delay the shutdown.
                    biased;
                    _ = stop.cancelled() => break,
                    // Reap finished handlers as we go, so the set stays small.
                    Some(done) = handlers.join_next() => report.add(done),
                    conn = incoming.recv(), if accepting => match conn {
                        Some(conn) => {
                            report.connections += 1;
                            handlers.spawn(handle(conn, sink.clone(), stop.clone()));
                        }
                        None => accepting = false,
                    },
                }
            }
            // Refuse new connections: senders now get an error.
            drop(incoming);
            drain(handlers, &mut report).await;
            report
        });
        Collector { token, accept_loop }
    }

    /// Stops accepting, lets the handlers finish (at most `GRACE`) and reports.
    pub async fn shutdown(self) -> Report {
        self.token.cancel();
        self.accept_loop.await.expect("the accept loop panicked")
    }
}

/// Waits up to `GRACE` for the handlers, then aborts the rest.
async fn drain(mut handlers: JoinSet<io::Result<usize>>, report: &mut Report) {
    // TODO: give the handlers `GRACE` to finish before aborting them.
    handlers.abort_all();
    while let Some(done) = handlers.join_next().await {
        match done {
            Err(e) if e.is_cancelled() => report.aborted += 1,
            done => report.add(done),
        }
    }
}

/// Reads records from one connection until it closes or shutdown stops it.
async fn handle(
    mut conn: DuplexStream,
    sink: mpsc::Sender<Vec<String>>,
    stop: CancellationToken,
) -> io::Result<usize> {
    let mut batch = Vec::new();
    let mut records = 0;
    let mut flush = time::interval(FLUSH_EVERY);
    flush.set_missed_tick_behavior(time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => return Ok(records),
            record = read_record(&mut conn) => match record? {
                Some(record) => {
                    batch.push(record);
                    records += 1;
                    if batch.len() == MAX_BATCH {
                        send(&sink, &mut batch).await;
                    }
                }
                None => break,
            },
            _ = flush.tick() => send(&sink, &mut batch).await,
        }
    }
    send(&sink, &mut batch).await;
    Ok(records)
}

/// Reads one record, or `None` at the end of the stream.
async fn read_record(conn: &mut DuplexStream) -> io::Result<Option<String>> {
    let len = match conn.read_u32().await {
        Ok(len) => len as usize,
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    };
    if len > MAX_RECORD {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "record too long",
        ));
    }
    let mut payload = vec![0; len];
    conn.read_exact(&mut payload).await?;
    String::from_utf8(payload)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Sends the batch if it holds anything.
async fn send(sink: &mpsc::Sender<Vec<String>>, batch: &mut Vec<String>) {
    if !batch.is_empty() {
        // If nobody listens any more, the records have nowhere to go.
        let _ = sink.send(std::mem::take(batch)).await;
    }
}

#[tokio::main]
async fn main() {
    use tokio::io::AsyncWriteExt;
    let (conn_tx, conn_rx) = mpsc::channel(8);
    let (sink_tx, mut sink_rx) = mpsc::channel(8);
    let collector = Collector::start(conn_rx, sink_tx);
    let (mut client, server) = tokio::io::duplex(1024);
    conn_tx.send(server).await.unwrap();
    for text in ["started", "ready"] {
        client.write_u32(text.len() as u32).await.unwrap();
        client.write_all(text.as_bytes()).await.unwrap();
    }
    println!("{:?}", sink_rx.recv().await);
    println!("{:?}", collector.shutdown().await);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;
    use tokio::time::Instant;

    /// The client side of a running collector.
    struct Harness {
        connections: mpsc::Sender<DuplexStream>,
        batches: mpsc::Receiver<Vec<String>>,
    }

    fn start() -> (Harness, Collector) {
        let (connections, conn_rx) = mpsc::channel(8);
        let (sink, batches) = mpsc::channel(64);
        let collector = Collector::start(conn_rx, sink);
        (
            Harness {
                connections,
                batches,
            },
            collector,
        )
    }

    impl Harness {
        async fn connect(&self) -> DuplexStream {
            let (client, server) = tokio::io::duplex(64 * 1024);
            self.connections.send(server).await.unwrap();
            client
        }

        /// The next batch, if one comes within `within`.
        async fn batch(&mut self, within: Duration) -> Option<Vec<String>> {
            time::timeout(within, self.batches.recv())
                .await
                .ok()
                .flatten()
        }

        /// Every record of the next batches until `n` records have arrived.
        async fn records(&mut self, n: usize) -> Vec<String> {
            let mut all = Vec::new();
            while all.len() < n {
                match self.batch(Duration::from_secs(5)).await {
                    Some(batch) => all.extend(batch),
                    None => panic!("expected {n} records, got only {all:?}"),
                }
            }
            all
        }
    }

    fn record(text: &str) -> Vec<u8> {
        let mut bytes = (text.len() as u32).to_be_bytes().to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }

    #[tokio::test(start_paused = true)]
    async fn batches_by_size_then_by_timer() {
        let (mut h, _collector) = start();
        let mut client = h.connect().await;
        for i in 0..10 {
            client.write_all(&record(&format!("r{i}"))).await.unwrap();
        }
        let full = h.batch(Duration::from_millis(50)).await.unwrap();
        assert_eq!(full, ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"]);
        let started = Instant::now();
        let rest = h.batch(Duration::from_secs(1)).await.unwrap();
        assert_eq!(rest, ["r8", "r9"]);
        assert!(
            started.elapsed() <= FLUSH_EVERY,
            "the timer flushes partial batches"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_flush_in_the_middle_of_a_record_loses_nothing() {
        let (mut h, _collector) = start();
        let mut client = h.connect().await;
        let first = record("hello, world");
        client.write_all(&first[..2]).await.unwrap();
        time::sleep(Duration::from_millis(150)).await;
        client.write_all(&first[2..9]).await.unwrap();
        time::sleep(Duration::from_millis(250)).await;
        client.write_all(&first[9..]).await.unwrap();
        client.write_all(&record("second")).await.unwrap();
        assert_eq!(h.records(2).await, ["hello, world", "second"]);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_flushes_the_last_batch() {
        let (mut h, collector) = start();
        let mut client = h.connect().await;
        for text in ["a", "b", "c"] {
            client.write_all(&record(text)).await.unwrap();
        }
        time::sleep(Duration::from_millis(10)).await;
        let report = collector.shutdown().await;
        assert_eq!(h.records(3).await, ["a", "b", "c"]);
        assert_eq!(
            report,
            Report {
                connections: 1,
                records: 3,
                aborted: 0,
                failed: 0
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn idle_connections_close_at_once() {
        let (h, collector) = start();
        let _clients = [h.connect().await, h.connect().await, h.connect().await];
        time::sleep(Duration::from_millis(10)).await;
        let started = Instant::now();
        let report = collector.shutdown().await;
        assert!(
            started.elapsed() < Duration::from_millis(10),
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(report.connections, 3);
        assert_eq!(report.aborted, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_waits_for_a_record_in_flight() {
        let (mut h, collector) = start();
        let mut client = h.connect().await;
        let rec = record("almost there");
        client.write_all(&rec[..6]).await.unwrap();
        time::sleep(Duration::from_millis(10)).await;
        let started = Instant::now();
        let shutdown = tokio::spawn(collector.shutdown());
        time::sleep(Duration::from_millis(300)).await;
        client.write_all(&rec[6..]).await.unwrap();
        let report = shutdown.await.unwrap();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(report.aborted, 0);
        assert_eq!(report.records, 1);
        assert_eq!(h.records(1).await, ["almost there"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stuck_connection_is_aborted_after_the_grace_period() {
        let (h, collector) = start();
        let mut stuck = h.connect().await;
        let _idle = h.connect().await;
        stuck
            .write_all(&record("never finished")[..5])
            .await
            .unwrap();
        time::sleep(Duration::from_millis(10)).await;
        let started = Instant::now();
        let report = collector.shutdown().await;
        let took = started.elapsed();
        assert!(took >= GRACE && took < GRACE + FLUSH_EVERY, "took {took:?}");
        assert_eq!(
            report,
            Report {
                connections: 2,
                records: 0,
                aborted: 1,
                failed: 0
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_new_connections_after_shutdown() {
        let (h, collector) = start();
        collector.shutdown().await;
        let (_client, server) = tokio::io::duplex(64);
        assert!(h.connections.send(server).await.is_err());
    }
}
