//! Merkle trees: one hash that commits to many items, and short proofs that
//! one item is among them.
//!
//! A light client that knows only a block's Merkle root can check that a
//! transaction is in the block with about log2(n) hashes. Two classic attacks
//! shape the construction:
//! - *second preimage*: if leaves and inner nodes are hashed the same way, the
//!   64 bytes `left || right` of an inner node can be passed off as a leaf.
//!   Domain separation fixes it: `leaf = H(0x00 || data)`,
//!   `node = H(0x01 || left || right)`;
//! - *duplication* (CVE-2012-2459): Bitcoin pairs an odd last node with
//!   itself, so `[a, b, c]` and `[a, b, c, c]` have the same root. Here an odd
//!   last node is carried up to the next level unchanged.
//!
//! Implement `root`, `prove` (the sibling hashes from the leaf up, each with
//! the side it sits on) and `verify`.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// The siblings on the way from a leaf to the root, lowest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Proof {
    pub path: Vec<(Side, Hash)>,
}

/// One level up: pairs are hashed, an odd last node is carried up as is.
fn next_level(level: &[Hash]) -> Vec<Hash> {
    level
        .chunks(2)
        .map(|pair| match pair {
            [left, right] => node_hash(left, right),
            [single] => *single,
            _ => unreachable!("chunks of two"),
        })
        .collect()
}

pub fn root(leaves: &[&[u8]]) -> Option<Hash> {
    let mut level: Vec<Hash> = leaves.iter().map(|d| leaf_hash(d)).collect();
    if level.is_empty() {
        return None;
    }
    while level.len() > 1 {
        level = next_level(&level);
    }
    Some(level[0])
}

pub fn prove(leaves: &[&[u8]], index: usize) -> Option<Proof> {
    if index >= leaves.len() {
        return None;
    }
    let mut level: Vec<Hash> = leaves.iter().map(|d| leaf_hash(d)).collect();
    let mut index = index;
    let mut path = Vec::new();
    while level.len() > 1 {
        let sibling = index ^ 1;
        if sibling < level.len() {
            let side = if sibling < index {
                Side::Left
            } else {
                Side::Right
            };
            path.push((side, level[sibling]));
        }
        // A carried-up node has no sibling at this level: nothing to record.
        level = next_level(&level);
        index /= 2;
    }
    Some(Proof { path })
}

pub fn verify(root: &Hash, data: &[u8], proof: &Proof) -> bool {
    let mut hash = leaf_hash(data);
    for (side, sibling) in &proof.path {
        hash = match side {
            Side::Left => node_hash(sibling, &hash),
            Side::Right => node_hash(&hash, sibling),
        };
    }
    hash == *root
}

fn main() {
    let txs: Vec<&[u8]> = vec![b"alice->bob 5", b"bob->carol 2", b"carol->dave 1"];
    let root = root(&txs).unwrap();
    let proof = prove(&txs, 2).unwrap();
    println!(
        "{} siblings; valid: {}",
        proof.path.len(),
        verify(&root, txs[2], &proof)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Vec<u8>> {
        (0..n).map(|i| format!("tx-{i}").into_bytes()).collect()
    }

    fn refs(items: &[Vec<u8>]) -> Vec<&[u8]> {
        items.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn small_trees() {
        assert_eq!(root(&[]), None);
        assert_eq!(root(&[b"a"]), Some(leaf_hash(b"a")));
        assert_eq!(
            root(&[b"a", b"b"]),
            Some(node_hash(&leaf_hash(b"a"), &leaf_hash(b"b")))
        );
        let ab = node_hash(&leaf_hash(b"a"), &leaf_hash(b"b"));
        assert_eq!(
            root(&[b"a", b"b", b"c"]),
            Some(node_hash(&ab, &leaf_hash(b"c"))),
            "an odd last node is carried up"
        );
    }

    #[test]
    fn leaves_and_nodes_are_hashed_apart() {
        let plain: Hash = Sha256::digest(b"").into();
        assert_ne!(leaf_hash(b""), plain);
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut concat = Vec::new();
        concat.extend_from_slice(&a);
        concat.extend_from_slice(&b);
        assert_ne!(leaf_hash(&concat), node_hash(&a, &b));
    }

    #[test]
    fn duplicating_the_last_leaf_changes_the_root() {
        assert_ne!(root(&[b"a", b"b", b"c"]), root(&[b"a", b"b", b"c", b"c"]));
        assert_ne!(root(&[b"a", b"b"]), root(&[b"a", b"b", b"b"]));
    }

    #[test]
    fn every_leaf_has_a_valid_proof() {
        for n in 1..=17 {
            let data = items(n);
            let leaves = refs(&data);
            let r = root(&leaves).unwrap();
            for (i, leaf) in leaves.iter().enumerate() {
                let proof = prove(&leaves, i).unwrap();
                assert!(verify(&r, leaf, &proof), "n = {n}, leaf {i}");
                assert!(proof.path.len() <= 5, "proofs are logarithmic");
            }
            assert_eq!(prove(&leaves, n), None);
        }
    }

    #[test]
    fn proofs_do_not_verify_other_data_or_positions() {
        let data = items(6);
        let leaves = refs(&data);
        let r = root(&leaves).unwrap();
        let proof = prove(&leaves, 2).unwrap();
        assert!(!verify(&r, b"tx-forged", &proof));
        assert!(
            !verify(&r, leaves[3], &proof),
            "another leaf with this proof"
        );
        let mut swapped = proof.clone();
        swapped.path[0].0 = Side::Left;
        assert!(!verify(&r, leaves[2], &swapped));
        let mut tampered = proof.clone();
        tampered.path[1].1[0] ^= 1;
        assert!(!verify(&r, leaves[2], &tampered));
    }

    #[test]
    fn an_inner_node_is_not_a_leaf() {
        let data = items(4);
        let leaves = refs(&data);
        let r = root(&leaves).unwrap();
        // The left child of the root, presented as a leaf whose proof is the
        // right child of the root.
        let left = node_hash(&leaf_hash(leaves[0]), &leaf_hash(leaves[1]));
        let right = node_hash(&leaf_hash(leaves[2]), &leaf_hash(leaves[3]));
        let mut fake_leaf = Vec::new();
        fake_leaf.extend_from_slice(&leaf_hash(leaves[0]));
        fake_leaf.extend_from_slice(&leaf_hash(leaves[1]));
        let fake = Proof {
            path: vec![(Side::Right, right)],
        };
        assert!(!verify(&r, &fake_leaf, &fake));
        assert_eq!(node_hash(&left, &right), r);
    }
}
