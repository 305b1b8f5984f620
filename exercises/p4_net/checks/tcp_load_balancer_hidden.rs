//! Tutor-owned tests for `tcp_load_balancer`: everything down, then back.

#[path = "../tcp_load_balancer.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    async fn named(listener: TcpListener, name: &'static str) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                let (mut s, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let mut sink = Vec::new();
                    let _ = s.read_to_end(&mut sink).await;
                    let _ = s.write_all(name.as_bytes()).await;
                });
            }
        })
    }

    async fn ask(lb: SocketAddr) -> String {
        tokio::time::timeout(Duration::from_secs(2), async {
            let mut s = TcpStream::connect(lb).await.unwrap();
            let _ = s.shutdown().await;
            let mut out = String::new();
            let _ = s.read_to_string(&mut out).await;
            out
        })
        .await
        .expect("an answer or a close within 2 s")
    }

    #[tokio::test]
    async fn hidden_down_and_up_again() {
        let l1 = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let l2 = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (a1, a2) = (l1.local_addr().unwrap(), l2.local_addr().unwrap());
        let b1 = named(l1, "one").await;
        let b2 = named(l2, "two").await;
        let front = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let lb_addr = front.local_addr().unwrap();
        let lb = LoadBalancer::new(&[a1, a2]);
        tokio::spawn(lb.clone().serve(front));
        assert_eq!(ask(lb_addr).await, "one");
        assert_eq!(ask(lb_addr).await, "two");
        b1.abort();
        b2.abort();
        let _ = (b1.await, b2.await);
        assert_eq!(ask(lb_addr).await, "");
        assert!(lb.healthy().is_empty());
        let checks = lb.spawn_health_checks(Duration::from_millis(15));
        let _b2 = named(TcpListener::bind(a2).await.unwrap(), "two again").await;
        for _ in 0..200 {
            if lb.healthy() == vec![a2] {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(lb.healthy(), vec![a2]);
        for _ in 0..3 {
            assert_eq!(ask(lb_addr).await, "two again");
        }
        checks.abort();
    }
}
