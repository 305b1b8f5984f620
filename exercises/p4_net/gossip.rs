//! Gossip: spreading rumors through a peer-to-peer network over UDP.
//!
//! No node knows the whole network; each knows a few peers. A rumor spreads
//! by every node passing it on to its peers, which is how libp2p's gossipsub,
//! Bitcoin's transaction relay and cluster membership protocols work. Without
//! care, a rumor goes round every cycle of the network forever.
//!
//! Implement `Node::publish` and `Node::handle`:
//! - every rumor has a unique id (the origin's address and a sequence number);
//!   a node delivers a rumor (sends it to `delivered`) the first time it sees
//!   its id, and ignores it afterwards: exactly once per node, the origin
//!   included;
//! - on first sight, a node forwards the rumor to its peers, except the one it
//!   came from, with `ttl` one lower; a rumor that arrives with `ttl == 0` is
//!   delivered but not forwarded;
//! - datagrams that are not valid rumors are ignored.
//!
//! The tests build lines, rings and meshes of nodes on 127.0.0.1 and count
//! deliveries and datagrams.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RumorId {
    pub origin: SocketAddr,
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rumor {
    pub id: RumorId,
    pub ttl: u8,
    pub body: String,
}

pub struct Node {
    socket: UdpSocket,
    addr: SocketAddr,
    peers: Vec<SocketAddr>,
    seen: HashSet<RumorId>,
    next_seq: u64,
    delivered: mpsc::UnboundedSender<Rumor>,
    /// Datagrams this node sent, for the tests.
    pub sent: Arc<AtomicUsize>,
}

impl Node {
    /// A node on a fresh port of 127.0.0.1, and the receiver of its deliveries.
    pub async fn bind() -> io::Result<(Node, mpsc::UnboundedReceiver<Rumor>)> {
        let socket = UdpSocket::bind("127.0.0.1:0").await?;
        let addr = socket.local_addr()?;
        let (delivered, rx) = mpsc::unbounded_channel();
        let node = Node {
            socket,
            addr,
            peers: Vec::new(),
            seen: HashSet::new(),
            next_seq: 0,
            delivered,
            sent: Arc::new(AtomicUsize::new(0)),
        };
        Ok((node, rx))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn add_peer(&mut self, peer: SocketAddr) {
        if !self.peers.contains(&peer) {
            self.peers.push(peer);
        }
    }

    async fn send(&self, rumor: &Rumor, to: SocketAddr) -> io::Result<()> {
        let bytes = serde_json::to_vec(rumor).expect("rumors serialize");
        self.socket.send_to(&bytes, to).await?;
        self.sent.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn deliver(&self, rumor: &Rumor) {
        // The receiver may be gone (the test is over): not our problem.
        let _ = self.delivered.send(rumor.clone());
    }

    /// Starts a rumor: delivered here, sent to every peer.
    pub async fn publish(&mut self, body: &str, ttl: u8) -> io::Result<RumorId> {
        let id = RumorId {
            origin: self.addr,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        let rumor = Rumor {
            id: id.clone(),
            ttl,
            body: body.to_string(),
        };
        self.deliver(&rumor);
        for &peer in &self.peers {
            self.send(&rumor, peer).await?;
        }
        Ok(id)
    }

    /// Handles one datagram received from `from`.
    pub async fn handle(&mut self, datagram: &[u8], from: SocketAddr) -> io::Result<()> {
        // TODO: deliver each rumor once, and do not send it back where it
        // came from.
        let Ok(rumor) = serde_json::from_slice::<Rumor>(datagram) else {
            return Ok(());
        };
        self.deliver(&rumor);
        if rumor.ttl == 0 {
            return Ok(());
        }
        let onward = Rumor {
            ttl: rumor.ttl - 1,
            ..rumor
        };
        let _ = from;
        for &peer in &self.peers {
            self.send(&onward, peer).await?;
        }
        Ok(())
    }

    /// Runs the node: datagrams from the network, rumors to publish from the
    /// returned sender (given).
    pub fn spawn(mut self) -> mpsc::UnboundedSender<(String, u8)> {
        let (tx, mut publish) = mpsc::unbounded_channel::<(String, u8)>();
        tokio::spawn(async move {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                tokio::select! {
                    received = self.socket.recv_from(&mut buf) => {
                        let Ok((n, from)) = received else { continue };
                        let datagram = buf[..n].to_vec();
                        let _ = self.handle(&datagram, from).await;
                    }
                    request = publish.recv() => match request {
                        Some((body, ttl)) => { let _ = self.publish(&body, ttl).await; }
                        None => break,
                    },
                }
            }
        });
        tx
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let (mut a, mut a_rx) = Node::bind().await?;
    let (mut b, mut b_rx) = Node::bind().await?;
    a.add_peer(b.addr());
    b.add_peer(a.addr());
    let a = a.spawn();
    let _b = b.spawn();
    a.send(("hello".into(), 3)).expect("node a runs");
    println!("a: {:?}", a_rx.recv().await);
    println!("b: {:?}", b_rx.recv().await);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Net {
        publishers: Vec<mpsc::UnboundedSender<(String, u8)>>,
        inboxes: Vec<mpsc::UnboundedReceiver<Rumor>>,
        sent: Vec<Arc<AtomicUsize>>,
        addrs: Vec<SocketAddr>,
    }

    /// `n` nodes joined by the undirected `links`.
    async fn network(n: usize, links: &[(usize, usize)]) -> Net {
        let mut nodes = Vec::new();
        let mut inboxes = Vec::new();
        for _ in 0..n {
            let (node, rx) = Node::bind().await.unwrap();
            nodes.push(node);
            inboxes.push(rx);
        }
        let addrs: Vec<SocketAddr> = nodes.iter().map(Node::addr).collect();
        for &(a, b) in links {
            nodes[a].add_peer(addrs[b]);
            nodes[b].add_peer(addrs[a]);
        }
        let sent = nodes.iter().map(|n| n.sent.clone()).collect();
        let publishers = nodes.into_iter().map(Node::spawn).collect();
        Net {
            publishers,
            inboxes,
            sent,
            addrs,
        }
    }

    impl Net {
        fn publish(&self, node: usize, body: &str, ttl: u8) {
            self.publishers[node].send((body.into(), ttl)).unwrap();
        }

        /// What each node delivered: waits until `expected` deliveries in
        /// all (at most 2 s), then 100 ms more for duplicates, and stops
        /// early at 1000 rumors per node.
        async fn deliveries(&mut self, expected: usize) -> Vec<Vec<Rumor>> {
            let mut got: Vec<Vec<Rumor>> = vec![Vec::new(); self.inboxes.len()];
            let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
            let mut settle: Option<tokio::time::Instant> = None;
            loop {
                for (i, rx) in self.inboxes.iter_mut().enumerate() {
                    while let Ok(r) = rx.try_recv() {
                        got[i].push(r);
                    }
                }
                let now = tokio::time::Instant::now();
                let total: usize = got.iter().map(Vec::len).sum();
                if total >= expected && settle.is_none() {
                    settle = Some(now + Duration::from_millis(100));
                }
                if now > deadline
                    || settle.is_some_and(|t| now > t)
                    || got.iter().any(|g| g.len() > 1000)
                {
                    return got;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }

        fn datagrams(&self) -> usize {
            self.sent.iter().map(|s| s.load(Ordering::Relaxed)).sum()
        }
    }

    fn bodies(rumors: &[Rumor]) -> Vec<&str> {
        let mut b: Vec<&str> = rumors.iter().map(|r| r.body.as_str()).collect();
        b.sort();
        b
    }

    #[tokio::test]
    async fn a_line_delivers_once_everywhere() {
        let mut net = network(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]).await;
        net.publish(0, "hello", 10);
        let got = net.deliveries(5).await;
        for (i, rumors) in got.iter().enumerate() {
            assert_eq!(bodies(rumors), ["hello"], "node {i}");
        }
        assert_eq!(got[4][0].id.origin, net.addrs[0]);
        assert_eq!(net.datagrams(), 4, "one datagram per link, forward only");
    }

    #[tokio::test]
    async fn a_ring_does_not_loop() {
        let links: Vec<(usize, usize)> = (0..6).map(|i| (i, (i + 1) % 6)).collect();
        let mut net = network(6, &links).await;
        net.publish(2, "round", 8);
        let got = net.deliveries(6).await;
        for (i, rumors) in got.iter().enumerate() {
            assert_eq!(bodies(rumors), ["round"], "node {i}");
        }
        assert!(net.datagrams() <= 12, "{} datagrams", net.datagrams());
    }

    #[tokio::test]
    async fn a_mesh_with_two_publishers() {
        let mut links = Vec::new();
        for a in 0..5 {
            for b in a + 1..5 {
                links.push((a, b));
            }
        }
        let mut net = network(5, &links).await;
        net.publish(0, "same text", 5);
        net.publish(3, "same text", 5);
        net.publish(3, "other", 5);
        let got = net.deliveries(15).await;
        for (i, rumors) in got.iter().enumerate() {
            assert_eq!(
                bodies(rumors),
                ["other", "same text", "same text"],
                "node {i}"
            );
        }
        // Each node sends each rumor to at most its 4 peers.
        assert!(
            net.datagrams() <= 3 * 5 * 4,
            "{} datagrams",
            net.datagrams()
        );
    }

    #[tokio::test]
    async fn ttl_limits_the_reach() {
        let mut net = network(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]).await;
        net.publish(0, "near", 2);
        let got = net.deliveries(4).await;
        let reached: Vec<usize> = (0..5).filter(|&i| !got[i].is_empty()).collect();
        assert_eq!(reached, [0, 1, 2, 3]);
        assert_eq!(got[3][0].ttl, 0);
    }

    #[tokio::test]
    async fn garbage_is_ignored() {
        let mut net = network(2, &[(0, 1)]).await;
        let junk = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        junk.send_to(b"{not json", net.addrs[1]).await.unwrap();
        junk.send_to(&[0xff; 100], net.addrs[1]).await.unwrap();
        net.publish(0, "still fine", 3);
        let got = net.deliveries(2).await;
        assert_eq!(bodies(&got[1]), ["still fine"]);
    }
}
