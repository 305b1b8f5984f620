//! Tutor-owned tests for the collector: records dribbled a byte at a time
//! over many connections, protocol errors and torn connections counted as
//! failures without harming the others, and a shutdown that waits for one
//! handler while it aborts another.
#[path = "../graceful_shutdown.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use tokio::io::{AsyncWriteExt, DuplexStream};
    use tokio::sync::mpsc;
    use tokio::time;

    use crate::ex::{Collector, FLUSH_EVERY, GRACE, MAX_RECORD, Report};

    fn record(text: &str) -> Vec<u8> {
        let mut bytes = (text.len() as u32).to_be_bytes().to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }

    struct Clients {
        connections: mpsc::Sender<DuplexStream>,
        batches: mpsc::Receiver<Vec<String>>,
    }

    fn start() -> (Clients, Collector) {
        let (connections, conn_rx) = mpsc::channel(16);
        let (sink, batches) = mpsc::channel(256);
        let collector = Collector::start(conn_rx, sink);
        (
            Clients {
                connections,
                batches,
            },
            collector,
        )
    }

    impl Clients {
        async fn connect(&self) -> DuplexStream {
            let (client, server) = tokio::io::duplex(64 * 1024);
            self.connections.send(server).await.unwrap();
            client
        }

        /// Every record that arrives within `within`, in arrival order.
        async fn drain(&mut self, within: Duration) -> Vec<String> {
            let mut all = Vec::new();
            let deadline = time::Instant::now() + within;
            while let Ok(Some(batch)) = time::timeout_at(deadline, self.batches.recv()).await {
                all.extend(batch);
            }
            all
        }
    }

    #[tokio::test(start_paused = true)]
    async fn records_dribbled_a_byte_at_a_time_on_three_connections() {
        let (mut c, collector) = start();
        let mut clients = Vec::new();
        for _ in 0..3 {
            clients.push(c.connect().await);
        }
        let streams: Vec<Vec<u8>> = (0..3)
            .map(|k| (0..4).flat_map(|i| record(&format!("c{k}-r{i}"))).collect())
            .collect();
        let longest = streams.iter().map(Vec::len).max().unwrap();
        for i in 0..longest {
            for (client, bytes) in clients.iter_mut().zip(&streams) {
                if let Some(b) = bytes.get(i) {
                    client.write_all(&[*b]).await.unwrap();
                }
            }
            // Every few bytes, a flush tick fires in the middle of a record.
            time::sleep(FLUSH_EVERY / 3).await;
        }
        drop(clients);
        let got = c.drain(Duration::from_secs(2)).await;
        for k in 0..3 {
            let mine: Vec<&String> = got
                .iter()
                .filter(|r| r.starts_with(&format!("c{k}-")))
                .collect();
            let want: Vec<String> = (0..4).map(|i| format!("c{k}-r{i}")).collect();
            assert_eq!(
                mine,
                want.iter().collect::<Vec<_>>(),
                "connection {k}, in order, none torn"
            );
        }
        assert_eq!(got.len(), 12);
        let report = collector.shutdown().await;
        assert_eq!(
            report,
            Report {
                connections: 3,
                records: 12,
                aborted: 0,
                failed: 0
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn protocol_errors_fail_one_handler_only() {
        let (mut c, collector) = start();
        let mut too_long = c.connect().await;
        let mut not_utf8 = c.connect().await;
        let mut good = c.connect().await;
        too_long
            .write_all(&((MAX_RECORD as u32 + 1).to_be_bytes()))
            .await
            .unwrap();
        not_utf8.write_all(&[0, 0, 0, 2, 0xff, 0xfe]).await.unwrap();
        good.write_all(&record("fine")).await.unwrap();
        good.write_all(&record("still fine")).await.unwrap();
        drop(good);
        assert_eq!(
            c.drain(Duration::from_millis(500)).await,
            ["fine", "still fine"]
        );
        let report = collector.shutdown().await;
        assert_eq!(
            report,
            Report {
                connections: 3,
                records: 2,
                aborted: 0,
                failed: 2
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_torn_mid_record_fails_but_keeps_what_came_before() {
        let (mut c, collector) = start();
        let mut torn = c.connect().await;
        torn.write_all(&record("one")).await.unwrap();
        torn.write_all(&record("two")).await.unwrap();
        torn.write_all(&record("three")[..5]).await.unwrap();
        time::sleep(Duration::from_millis(10)).await;
        drop(torn);
        assert_eq!(c.drain(Duration::from_millis(500)).await, ["one", "two"]);
        let report = collector.shutdown().await;
        assert_eq!((report.failed, report.records, report.aborted), (1, 0, 0));
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_waits_for_one_and_aborts_another() {
        let (mut c, collector) = start();
        let mut finishing = c.connect().await;
        let mut stuck = c.connect().await;
        let rec = record("made it");
        finishing.write_all(&rec[..3]).await.unwrap();
        stuck.write_all(&record("never")[..6]).await.unwrap();
        time::sleep(Duration::from_millis(10)).await;
        let started = time::Instant::now();
        let shutdown = tokio::spawn(collector.shutdown());
        time::sleep(GRACE / 2).await;
        finishing.write_all(&rec[3..]).await.unwrap();
        let report = shutdown.await.unwrap();
        assert!(
            started.elapsed() >= GRACE,
            "the stuck one holds the drain for the grace period"
        );
        assert_eq!(
            report,
            Report {
                connections: 2,
                records: 1,
                aborted: 1,
                failed: 0
            }
        );
        assert_eq!(c.drain(Duration::from_millis(100)).await, ["made it"]);
    }
}
