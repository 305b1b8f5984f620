//! A TCP load balancer with health checks.
//!
//! Clients connect to the balancer; each connection is proxied, byte for
//! byte in both directions, to one of the backends. Implement:
//! - round robin over the *healthy* backends: connection k goes to the next
//!   healthy backend after the one connection k-1 used;
//! - `check_health`: one round of checks, a backend is healthy when a TCP
//!   connection to it succeeds within `CONNECT_TIMEOUT`; `spawn_health_checks`
//!   runs a round every `every`;
//! - a backend that refuses a connection is marked unhealthy at once, and the
//!   client is sent to the next healthy one: a dead backend costs the client
//!   nothing, even before the next health check;
//! - with no healthy backend, the client's connection is closed.
//!
//! The tests run echo backends and the balancer on 127.0.0.1 (port 0), kill
//! and revive backends, and finish in well under a second.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(100);

struct Backend {
    addr: SocketAddr,
    healthy: AtomicBool,
}

#[derive(Clone)]
pub struct LoadBalancer {
    backends: Arc<Vec<Backend>>,
    next: Arc<AtomicUsize>,
}

async fn connect(addr: SocketAddr) -> Option<TcpStream> {
    match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await {
        Ok(Ok(stream)) => Some(stream),
        _ => None,
    }
}

impl LoadBalancer {
    /// Every backend starts healthy.
    pub fn new(backends: &[SocketAddr]) -> LoadBalancer {
        LoadBalancer {
            backends: Arc::new(
                backends
                    .iter()
                    .map(|&addr| Backend {
                        addr,
                        healthy: AtomicBool::new(true),
                    })
                    .collect(),
            ),
            next: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn healthy(&self) -> Vec<SocketAddr> {
        self.backends
            .iter()
            .filter(|b| b.healthy.load(Ordering::Relaxed))
            .map(|b| b.addr)
            .collect()
    }

    pub async fn check_health(&self) {
        todo!(
            "one round of health checks over {} backends",
            self.backends.len()
        )
    }

    pub fn spawn_health_checks(&self, every: Duration) -> JoinHandle<()> {
        let lb = self.clone();
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(every);
            loop {
                ticker.tick().await;
                lb.check_health().await;
            }
        })
    }

    /// A connection to the next healthy backend that accepts one.
    async fn pick(&self) -> Option<TcpStream> {
        // TODO: skip unhealthy backends, and mark (and skip) one that refuses.
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.backends.len();
        connect(self.backends[i].addr).await
    }

    pub async fn serve(self, listener: TcpListener) {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                continue;
            };
            let lb = self.clone();
            tokio::spawn(async move {
                if let Some(mut backend) = lb.pick().await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut backend).await;
                }
                // Dropping `client` closes it when no backend could take it.
            });
        }
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let backends: Vec<SocketAddr> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let lb = LoadBalancer::new(&backends);
    lb.spawn_health_checks(Duration::from_secs(1));
    let listener = TcpListener::bind("127.0.0.1:8000").await?;
    println!("balancing {backends:?} on {}", listener.local_addr()?);
    lb.serve(listener).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// An echo server that prefixes its answers with its name.
    struct Echo {
        addr: SocketAddr,
        task: JoinHandle<()>,
    }

    async fn echo_on(listener: TcpListener, name: &'static str) -> Echo {
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            loop {
                let (mut s, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let mut buf = vec![0; 64 * 1024];
                    let mut first = true;
                    loop {
                        let n = match s.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        if first {
                            s.write_all(format!("{name}:").as_bytes()).await.unwrap();
                            first = false;
                        }
                        if s.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Echo { addr, task }
    }

    async fn echo(name: &'static str) -> Echo {
        echo_on(TcpListener::bind("127.0.0.1:0").await.unwrap(), name).await
    }

    impl Echo {
        /// Stops accepting: new connections are refused.
        async fn kill(self) -> SocketAddr {
            self.task.abort();
            let _ = self.task.await;
            self.addr
        }
    }

    /// Waits (at most 2 s) until `done` holds.
    async fn eventually(done: impl Fn() -> bool, what: &str) {
        for _ in 0..200 {
            if done() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("not within 2 s: {what}");
    }

    async fn balancer(backends: &[SocketAddr]) -> (SocketAddr, LoadBalancer) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let lb = LoadBalancer::new(backends);
        tokio::spawn(lb.clone().serve(listener));
        (addr, lb)
    }

    /// One request through the balancer: the answer, or "" if closed.
    async fn ask(lb: SocketAddr, msg: &str) -> String {
        let work = async {
            let mut s = TcpStream::connect(lb).await.unwrap();
            // A balancer with no backend may close the connection at once.
            let _ = s.write_all(msg.as_bytes()).await;
            let _ = s.shutdown().await;
            let mut out = String::new();
            let _ = s.read_to_string(&mut out).await;
            out
        };
        tokio::time::timeout(Duration::from_secs(2), work)
            .await
            .expect("the balancer did not answer within 2 s")
    }

    #[tokio::test]
    async fn round_robin_over_all_backends() {
        let backends = [echo("a").await, echo("b").await, echo("c").await];
        let addrs: Vec<_> = backends.iter().map(|b| b.addr).collect();
        let (lb, _) = balancer(&addrs).await;
        let mut answers = Vec::new();
        for i in 0..6 {
            answers.push(ask(lb, &format!("{i}")).await);
        }
        assert_eq!(answers, ["a:0", "b:1", "c:2", "a:3", "b:4", "c:5"]);
    }

    #[tokio::test]
    async fn proxies_both_ways_in_full() {
        let backend = echo("big").await;
        let (lb, _) = balancer(&[backend.addr]).await;
        let payload: String = (0..200_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let answer = ask(lb, &payload).await;
        assert_eq!(answer.len(), payload.len() + 4);
        assert!(answer.starts_with("big:") && answer.ends_with(&payload[payload.len() - 10..]));
    }

    #[tokio::test]
    async fn a_dead_backend_is_skipped_at_once() {
        let a = echo("a").await;
        let b = echo("b").await;
        let c = echo("c").await;
        let (lb_addr, lb) = balancer(&[a.addr, b.addr, c.addr]).await;
        let dead = b.kill().await;
        let mut answers = Vec::new();
        for i in 0..4 {
            answers.push(ask(lb_addr, &format!("{i}")).await);
        }
        assert_eq!(answers, ["a:0", "c:1", "a:2", "c:3"]);
        assert!(!lb.healthy().contains(&dead));
    }

    #[tokio::test]
    async fn health_checks_notice_deaths_and_recoveries() {
        let a = echo("a").await;
        let b = echo("b").await;
        let (lb_addr, lb) = balancer(&[a.addr, b.addr]).await;
        let checks = lb.spawn_health_checks(Duration::from_millis(20));
        let b_addr = b.kill().await;
        eventually(|| lb.healthy() == vec![a.addr], "b is seen down").await;
        let revived = echo_on(TcpListener::bind(b_addr).await.unwrap(), "b2").await;
        eventually(
            || lb.healthy() == vec![a.addr, revived.addr],
            "b is seen up",
        )
        .await;
        let mut answers = Vec::new();
        for i in 0..2 {
            answers.push(ask(lb_addr, &format!("{i}")).await);
        }
        let mut names: Vec<&str> = answers
            .iter()
            .map(|a| a.split(':').next().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a", "b2"]);
        checks.abort();
    }

    #[tokio::test]
    async fn no_healthy_backend_closes_the_client() {
        let a = echo("a").await;
        let (lb_addr, lb) = balancer(&[a.addr]).await;
        a.kill().await;
        assert_eq!(ask(lb_addr, "anyone?").await, "");
        assert!(lb.healthy().is_empty());
        assert_eq!(ask(lb_addr, "still nobody?").await, "");
    }
}
