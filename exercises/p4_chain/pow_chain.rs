//! A proof-of-work chain: canonical hashing, mining and validation.
//!
//! A block commits to its predecessor through `prev_hash`, and proves work
//! by having a SHA-256 hash with at least `difficulty` leading zero *bits*.
//! Changing any old block changes its hash, which breaks every later link,
//! unless the attacker redoes the work of every block after it.
//!
//! Make it sound:
//! - `block_hash` must be unambiguous: two different blocks must never feed
//!   the same bytes to SHA-256 (`["ab", "c"]` and `["a", "bc"]` are different
//!   blocks). Every field goes in, integers as fixed-size little-endian, and
//!   each transaction prefixed with its length;
//! - `leading_zero_bits` counts bits, not bytes or hex digits;
//! - `validate` checks, for every block in order: its index, the link to the
//!   previous block, the difficulty (never below `MIN_DIFFICULTY`: a block
//!   cannot make itself easy), the work, and that time does not go backwards.
//!   The first problem found is reported with the block's position.

use sha2::{Digest, Sha256};

pub const MIN_DIFFICULTY: u32 = 8;

pub type Hash = [u8; 32];

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub index: u64,
    pub prev_hash: Hash,
    pub timestamp: u64,
    pub difficulty: u32,
    pub nonce: u64,
    pub transactions: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub enum ChainError {
    Empty,
    BadIndex { at: usize },
    BrokenLink { at: usize },
    TooEasy { at: usize },
    NotEnoughWork { at: usize },
    TimeWentBackwards { at: usize },
}

pub fn block_hash(block: &Block) -> Hash {
    let mut h = Sha256::new();
    h.update(block.index.to_le_bytes());
    h.update(block.prev_hash);
    h.update(block.timestamp.to_le_bytes());
    h.update(block.nonce.to_le_bytes());
    for tx in &block.transactions {
        h.update(tx.as_bytes());
    }
    h.finalize().into()
}

pub fn leading_zero_bits(hash: &Hash) -> u32 {
    // Four bits for each leading zero of the hex form.
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    hex.chars().take_while(|c| *c == '0').count() as u32 * 4
}

/// Finds the first nonce (from 0) that gives the block enough work.
pub fn mine(block: &mut Block) -> Hash {
    block.nonce = 0;
    loop {
        let hash = block_hash(block);
        if leading_zero_bits(&hash) >= block.difficulty {
            return hash;
        }
        block.nonce += 1;
    }
}

pub fn genesis(timestamp: u64, difficulty: u32) -> Block {
    let mut block = Block {
        index: 0,
        prev_hash: [0; 32],
        timestamp,
        difficulty,
        nonce: 0,
        transactions: vec!["genesis".into()],
    };
    mine(&mut block);
    block
}

/// Mines a new block on top of `chain`, with the difficulty of its tip.
pub fn append(chain: &mut Vec<Block>, timestamp: u64, transactions: Vec<String>) {
    let tip = chain.last().expect("a chain starts with its genesis block");
    let mut block = Block {
        index: tip.index + 1,
        prev_hash: block_hash(tip),
        timestamp,
        difficulty: tip.difficulty,
        nonce: 0,
        transactions,
    };
    mine(&mut block);
    chain.push(block);
}

pub fn validate(chain: &[Block]) -> Result<(), ChainError> {
    // TODO: this only checks the links.
    for at in 1..chain.len() {
        if chain[at].prev_hash != block_hash(&chain[at - 1]) {
            return Err(ChainError::BrokenLink { at });
        }
    }
    Ok(())
}

fn main() {
    let mut chain = vec![genesis(1_700_000_000, 12)];
    append(&mut chain, 1_700_000_060, vec!["alice -> bob: 5".into()]);
    for block in &chain {
        let hash = block_hash(block);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        println!("#{} nonce {} {hex}", block.index, block.nonce);
    }
    println!("{:?}", validate(&chain));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain_of(n: usize) -> Vec<Block> {
        let mut chain = vec![genesis(1000, 10)];
        for i in 1..n {
            append(&mut chain, 1000 + i as u64 * 10, vec![format!("tx {i}")]);
        }
        chain
    }

    #[test]
    fn leading_zero_bits_counts_bits() {
        let mut h = [0xFFu8; 32];
        assert_eq!(leading_zero_bits(&h), 0);
        h[0] = 0x00;
        h[1] = 0x0F;
        assert_eq!(leading_zero_bits(&h), 12);
        h[1] = 0x01;
        assert_eq!(leading_zero_bits(&h), 15);
        assert_eq!(leading_zero_bits(&[0; 32]), 256);
    }

    #[test]
    fn the_hash_covers_every_field() {
        let base = genesis(5, 8);
        let h = block_hash(&base);
        let mut changed = vec![base.clone(); 6];
        changed[0].index += 1;
        changed[1].prev_hash[31] ^= 1;
        changed[2].timestamp += 1;
        changed[3].difficulty += 1;
        changed[4].nonce += 1;
        changed[5].transactions.push(String::new());
        for (i, block) in changed.iter().enumerate() {
            assert_ne!(block_hash(block), h, "field {i} is not hashed");
        }
    }

    #[test]
    fn the_hash_is_unambiguous() {
        let mut a = genesis(5, 8);
        let mut b = a.clone();
        a.transactions = vec!["ab".into(), "c".into()];
        b.transactions = vec!["a".into(), "bc".into()];
        assert_ne!(block_hash(&a), block_hash(&b));
        a.transactions = vec!["".into()];
        b.transactions = vec![];
        assert_ne!(block_hash(&a), block_hash(&b));
    }

    #[test]
    fn mined_blocks_have_their_work() {
        let chain = chain_of(4);
        for block in &chain {
            assert!(leading_zero_bits(&block_hash(block)) >= 10);
        }
        assert_eq!(validate(&chain), Ok(()));
    }

    #[test]
    fn tampering_is_detected_even_with_new_work() {
        let mut chain = chain_of(4);
        chain[1].transactions[0] = "tx 1, but richer".into();
        let result = validate(&chain);
        assert!(
            matches!(
                result,
                Err(ChainError::NotEnoughWork { at: 1 } | ChainError::BrokenLink { at: 2 })
            ),
            "{result:?}"
        );
        mine(&mut chain[1]);
        assert_eq!(validate(&chain), Err(ChainError::BrokenLink { at: 2 }));
    }

    #[test]
    fn structural_errors() {
        let mut chain = chain_of(3);
        chain[2].index = 7;
        assert_eq!(validate(&chain), Err(ChainError::BadIndex { at: 2 }));

        let mut chain = chain_of(3);
        chain[2].timestamp = 0;
        mine(&mut chain[2]);
        assert_eq!(
            validate(&chain),
            Err(ChainError::TimeWentBackwards { at: 2 })
        );

        let mut chain = chain_of(2);
        chain[1].difficulty = 1;
        mine(&mut chain[1]);
        assert_eq!(validate(&chain), Err(ChainError::TooEasy { at: 1 }));

        assert_eq!(validate(&[]), Err(ChainError::Empty));
        let mut lone = genesis(1, 8);
        lone.prev_hash = [1; 32];
        mine(&mut lone);
        assert_eq!(validate(&[lone]), Err(ChainError::BrokenLink { at: 0 }));
    }
}
