//! Tutor-owned tests for `gossip`: a star and a tree.

#[path = "../gossip.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    #[tokio::test]
    async fn hidden_star_and_ttl_zero_reaches_direct_peers() {
        let mut nodes = Vec::new();
        let mut inboxes = Vec::new();
        for _ in 0..6 {
            let (n, rx) = Node::bind().await.unwrap();
            nodes.push(n);
            inboxes.push(rx);
        }
        let hub = nodes[0].addr();
        for i in 1..6 {
            let leaf = nodes[i].addr();
            nodes[i].add_peer(hub);
            nodes[0].add_peer(leaf);
        }
        let sent: Vec<_> = nodes.iter().map(|n| n.sent.clone()).collect();
        let pubs: Vec<_> = nodes.into_iter().map(Node::spawn).collect();
        pubs[3].send(("from a leaf".into(), 1)).unwrap();
        pubs[5].send(("stays home".into(), 0)).unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        for (i, rx) in inboxes.iter_mut().enumerate() {
            let mut got = Vec::new();
            while let Ok(r) = rx.try_recv() {
                got.push(r.body);
            }
            got.sort();
            let expected: Vec<&str> = match i {
                0 | 5 => vec!["from a leaf", "stays home"],
                _ => vec!["from a leaf"],
            };
            assert_eq!(got, expected, "node {i}");
        }
        let hub_datagrams = sent[0].load(Ordering::Relaxed);
        assert_eq!(
            hub_datagrams, 4,
            "the first rumor to 4 leaves; the second arrives with ttl 0"
        );
    }
}
