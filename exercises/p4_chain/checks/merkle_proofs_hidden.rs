//! Tutor-owned tests for `merkle_proofs`: larger trees, every position.

#[path = "../merkle_proofs.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;

    #[test]
    fn hidden_roots_and_proofs() {
        let data: Vec<Vec<u8>> = (0..33).map(|i| vec![i as u8; i % 5]).collect();
        for n in [1, 2, 3, 5, 8, 9, 31, 33] {
            let leaves: Vec<&[u8]> = data[..n].iter().map(Vec::as_slice).collect();
            let r = root(&leaves).unwrap();
            for i in 0..n {
                let p = prove(&leaves, i).unwrap();
                assert!(verify(&r, leaves[i], &p), "n {n} leaf {i}");
                let other = (i + 1) % n;
                if leaves[other] != leaves[i] {
                    assert!(!verify(&r, leaves[other], &p), "n {n} leaf {i}");
                }
            }
        }
        let four: Vec<&[u8]> = vec![b"w", b"x", b"y", b"z"];
        let five: Vec<&[u8]> = vec![b"w", b"x", b"y", b"z", b"z"];
        assert_ne!(root(&four), root(&five));
        let l = node_hash(&leaf_hash(b"w"), &leaf_hash(b"x"));
        let r = node_hash(&leaf_hash(b"y"), &leaf_hash(b"z"));
        assert_eq!(root(&four), Some(node_hash(&l, &r)));
        assert_eq!(
            root(&five),
            Some(node_hash(&node_hash(&l, &r), &leaf_hash(b"z")))
        );
        assert_eq!(
            prove(&five, 4).unwrap().path,
            vec![(Side::Left, node_hash(&l, &r))]
        );
    }
}
