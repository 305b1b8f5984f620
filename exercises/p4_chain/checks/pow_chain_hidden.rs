//! Tutor-owned tests for `pow_chain`: another chain, other tampering.

#[path = "../pow_chain.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;

    #[test]
    fn hidden_bits_and_ambiguity() {
        let mut h = [0u8; 32];
        h[0] = 0x40;
        assert_eq!(leading_zero_bits(&h), 1);
        h[0] = 0;
        h[2] = 0x80;
        assert_eq!(leading_zero_bits(&h), 16);
        let mut a = genesis(1, 8);
        let mut b = a.clone();
        a.transactions = vec!["".into(), "x".into()];
        b.transactions = vec!["x".into(), "".into()];
        assert_ne!(block_hash(&a), block_hash(&b));
    }

    #[test]
    fn hidden_chain_checks() {
        let mut chain = vec![genesis(50, 9)];
        for t in [60, 60, 75] {
            append(&mut chain, t, vec![format!("at {t}")]);
        }
        assert_eq!(validate(&chain), Ok(()), "equal timestamps are allowed");
        let mut swapped = chain.clone();
        swapped.swap(1, 2);
        assert!(matches!(
            validate(&swapped),
            Err(ChainError::BadIndex { at: 1 })
        ));
        let mut cheap = chain.clone();
        cheap[3].difficulty = 7;
        mine(&mut cheap[3]);
        assert_eq!(validate(&cheap), Err(ChainError::TooEasy { at: 3 }));
        let mut edited = chain.clone();
        edited[2].timestamp += 1;
        mine(&mut edited[2]);
        assert_eq!(validate(&edited), Err(ChainError::BrokenLink { at: 3 }));
        let mut lazy = chain.clone();
        while leading_zero_bits(&block_hash(&lazy[3])) >= 9 {
            lazy[3].nonce += 1;
        }
        assert_eq!(validate(&lazy), Err(ChainError::NotEnoughWork { at: 3 }));
    }
}
